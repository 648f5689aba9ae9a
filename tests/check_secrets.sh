#!/bin/sh
# check_secrets.sh — no secret ever reaches any output format or policy view.
#
# 1. Every case under testdata/secrets/ plants canary values where Terraform marks values
#    sensitive, in backend credentials and as literal workflow credentials. The binary runs over
#    each case with every output format the reporter table lists (asked of the binary, so a new
#    format is covered as soon as it exists), verbose and with --debug (policy `print` lines),
#    and with the case's probe.lua policy when there is one (it reads every view and tries to
#    print it through print, ctx:report, ctx:skip, errors and string functions), in process and
#    with --isolate process. No output may contain a canary (case-insensitively): the strings of
#    the case's `canaries` file, else "canary". Each string of its `expect` file must appear (so
#    that a probe that stopped early cannot pass).
# 2. Every credential argument Terraform documents for each backend type
#    (tests/backend-secrets.txt) is written into a backend file with a canary value and read back
#    through every format and a policy that prints the whole backend configuration; and
#    tf/backend-credentials names each of them (never its value) in one finding per file.
# 3. Findings and fingerprints of a workflow do not depend on the other workflows of the run
#    (testdata/secrets/wf-independent: one workflow's literal credentials are another's job ids).
# Prints "secrets: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/${BUILD:-build}/infralint"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# The reporter table, as the binary names it in the error for an unknown format.
formats=$("$bin" -f '?' . 2>&1 | sed -n 's/.*(known: \(.*\)).*/\1/p' | tr -d ',')
[ -n "$formats" ] ||
    formats=$("$bin" --help | sed -n 's/.*output format (repeatable[^)]*): *//p' | tr -d ',')
if [ -z "$formats" ]; then
    echo "FAIL secrets: no output formats found"
    echo "secrets: 0 passed, 1 failed"
    exit 1
fi

# check NAME OUTFILE CANARIES EXPECT: no canary in OUTFILE, every expected string in it.
check() {
    if grep -i -F -f "$3" "$2" > "$tmp/hits"; then
        fail=$((fail + 1))
        echo "FAIL secrets: $1 leaks a secret:"
        head -3 "$tmp/hits" | cut -c1-300
    elif [ ! -s "$2" ]; then
        fail=$((fail + 1))
        echo "FAIL secrets: $1 printed nothing"
    else
        missing=""
        if [ -n "$4" ]; then
            while IFS= read -r want; do
                [ -n "$want" ] && ! grep -q -F -- "$want" "$2" && missing="$missing '$want'"
            done < "$4"
        fi
        if [ -n "$missing" ]; then
            fail=$((fail + 1))
            echo "FAIL secrets: $1 does not show$missing"
        else
            pass=$((pass + 1))
        fi
    fi
}

# run_case DIR LABEL: every format (and --isolate process) over one case directory.
run_case() {
    dir=$1
    canaries="$tmp/canaries"
    if [ -f "$dir/canaries" ]; then cp "$dir/canaries" "$canaries"; else echo canary > "$canaries"; fi
    expect=""
    [ -f "$dir/expect" ] && expect="$dir/expect"
    args=.
    [ -f "$dir/args" ] && args=$(cat "$dir/args")
    probe=""
    case $args in *probe.lua*) ;; *) [ -f "$dir/probe.lua" ] && probe="-p probe.lua" ;; esac
    for f in $formats; do
        # shellcheck disable=SC2086
        (cd "$dir" && eval "set -- $args" &&
            "$bin" --verbose --debug --color never $probe -f "$f" "$@" > "$tmp/out" 2>&1)
        check "$2 (-f $f)" "$tmp/out" "$canaries" "$expect"
    done
    if [ -f "$dir/probe.lua" ]; then
        # shellcheck disable=SC2086
        (cd "$dir" && eval "set -- $args" &&
            "$bin" --verbose --debug --color never --isolate process $probe "$@" > "$tmp/out" 2>&1)
        check "$2 (--isolate process)" "$tmp/out" "$canaries" "$expect"
    fi
}

for dir in "$top"/testdata/secrets/*/; do
    run_case "$dir" "$(basename "$dir")"
done

# ---- every documented credential argument of every backend type ----
grep -v -e '^#' -e '^ *$' "$top/tests/backend-secrets.txt" | awk '{print $1}' | sort -u > "$tmp/types"
while IFS= read -r type; do
    case_dir="$tmp/backend-$type"
    mkdir -p "$case_dir/.terraform"
    grep -v -e '^#' -e '^ *$' "$top/tests/backend-secrets.txt" | awk -v t="$type" '$1 == t {print $2}' \
        > "$tmp/args-$type"
    python3 - "$type" "$tmp/args-$type" "$case_dir/.terraform/terraform.tfstate" <<'EOF'
import json, sys
btype, args, out = sys.argv[1], open(sys.argv[2]).read().split(), sys.argv[3]
config = {"bucket": "probe-bucket-visible"}
for a in args:
    node = config
    parts = a.split(".")
    for p in parts[:-1]:
        node = node.setdefault(p, {})
    node[parts[-1]] = "canary-%s-%s" % (btype, a.replace(".", "-"))
json.dump({"version": 3, "terraform_version": "1.11.4",
           "backend": {"type": btype, "config": config, "hash": 1}}, open(out, "w"))
EOF
    cat > "$case_dir/probe.lua" <<'EOF'
return policy {
  id = "probe/backend",
  title = "prints a backend's whole configuration",
  severity = "note",
  kinds = { "backend" },
  check = function(b, ctx)
    local text = json.encode(b.config)
    print("config", text, text:upper())
    ctx:report(b, "config: %s", text)
    for k, v in pairs(b.config) do
      ctx:report(b:at("config." .. k), "%s = %s", k, v)
    end
    error("config: " .. text, 0)
  end,
}
EOF
    printf 'probe-bucket-visible\n' > "$case_dir/expect"
    run_case "$case_dir" "backend $type ($(tr '\n' ' ' < "$tmp/args-$type" | sed 's/ $//'))"
    # tf/backend-credentials names every documented argument holding a literal, in one finding
    # (the canaries of gcs credentials, pg conn_str and consul http_auth are not in the form that
    # holds a secret: a file path, no password, no user:password)
    "$bin" --color never -e prod --disable '*' --enable tf/backend-credentials \
        "$case_dir/.terraform" > "$tmp/rule.out" 2>&1
    if python3 - "$tmp/args-$type" "$tmp/rule.out" <<'EOF'; then
import sys
args = [a for a in open(sys.argv[1]).read().split() if a not in ("credentials", "conn_str", "http_auth")]
lines = [l for l in open(sys.argv[2]).read().splitlines() if l.endswith("[tf/backend-credentials]")]
if not args:
    sys.exit(0 if not lines else 1)
named = lines[0].split(" holds ", 1)[1].split(": the file", 1)[0] if len(lines) == 1 else ""
sys.exit(0 if len(lines) == 1 and all(a in named for a in args) and "canary" not in lines[0] else 1)
EOF
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL secrets: tf/backend-credentials does not name every literal credential of $type:"
        head -3 "$tmp/rule.out" | cut -c1-300
    fi
done < "$tmp/types"

# ---- a workflow's findings do not depend on the other workflows of the run ----
wfcase="$top/testdata/secrets/wf-independent"
if [ -d "$wfcase" ]; then
    mkdir -p "$tmp/alone/.github/workflows"
    cp "$wfcase/.github/workflows/ci.yml" "$tmp/alone/.github/workflows/ci.yml"
    cp "$wfcase/probe.lua" "$tmp/alone/probe.lua"
    (cd "$wfcase" && "$bin" -p probe.lua -f json . > "$tmp/with.json" 2>/dev/null)
    (cd "$tmp/alone" && "$bin" -p probe.lua -f json . > "$tmp/alone.json" 2>/dev/null)
    if python3 - "$tmp/with.json" "$tmp/alone.json" <<'EOF'; then
import json, sys
def ours(path):
    doc = json.load(open(path))
    return sorted((f["rule"], f["message"], f.get("location"), f.get("path"), f["fingerprint"])
                  for f in doc["findings"] if f.get("file", "").endswith("workflows/ci.yml"))
a, b = ours(sys.argv[1]), ours(sys.argv[2])
if not a or a != b:
    for x in sorted(set(a) ^ set(b)):
        print("  differs:", x)
    sys.exit(1)
EOF
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL secrets: wf-independent: ci.yml's findings change with the other workflows of the run"
    fi
else
    echo "FAIL secrets: testdata/secrets/wf-independent is missing"
    fail=$((fail + 1))
fi

echo "secrets: $pass passed, $fail failed"
[ "$fail" = 0 ]
