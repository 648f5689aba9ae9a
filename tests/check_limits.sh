#!/bin/sh
# check_limits.sh — hostile inputs that must end, fast, with a clear error: links to /dev/zero,
# FIFOs, sparse giant files, links out of the checked tree, runaway policies (C calls the count
# hook cannot interrupt, loading, many policies, many findings) and run-to-run determinism. Each
# run is under `timeout`, so a hang fails instead of hanging the suite. Built at run time in a
# temporary directory (git keeps no FIFO, and links to /dev/zero are better made than committed).
# Prints failures, then "limits: N passed, N failed". LIMITS_BIN overrides the binary.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${LIMITS_BIN:-"$top/${BUILD:-build}/infralint"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
T=${LIMITS_TIMEOUT:-20}
# sanitizer builds run several times slower (make sets INFRALINT_TEST_SLOW): time bounds scale
slow=${INFRALINT_TEST_SLOW:-1}
T=$((T * slow))
small="$top/testdata/policy/fixtures/small/plan.json"

# check NAME WANT_RC PATTERN CMD...: run CMD (in $tmp/NAME's parent dir as set by the caller)
# under timeout; the exit status must be WANT_RC and the output must match PATTERN (grep -E).
check() {
    name=$1 want=$2 pattern=$3
    shift 3
    timeout -k 2 "$T" "$@" > "$tmp/out" 2>&1 < /dev/null
    rc=$?
    ok=0
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        fail=$((fail + 1)); echo "FAIL limits/$name: timed out after ${T}s"
    elif [ "$rc" != "$want" ]; then
        fail=$((fail + 1)); echo "FAIL limits/$name: exit status $rc (want $want)"; head -5 "$tmp/out"
    elif ! grep -E -q -- "$pattern" "$tmp/out"; then
        fail=$((fail + 1)); echo "FAIL limits/$name: output lacks /$pattern/"; head -5 "$tmp/out"
    else
        pass=$((pass + 1)); ok=1
    fi
}

# a stack: a plan and its .terraform/ directory
stack() {
    mkdir -p "$1/.terraform"
    cp "$small" "$1/plan.json"
}

# ---- reads that never end ----
cd "$tmp" || exit 2
stack env-zero && ln -s /dev/zero env-zero/.terraform/environment
check reads/environment-dev-zero 2 \
    'environment: error: a symbolic link out of the checked directory' "$bin" env-zero
check reads/environment-dev-zero-named 2 'environment: error: not a regular file' \
    "$bin" env-zero/.terraform/environment env-zero/plan.json
stack env-fifo && mkfifo env-fifo/.terraform/environment
check reads/environment-fifo 2 'environment: error: not a regular file' "$bin" env-fifo
stack state-zero && ln -s /dev/zero state-zero/.terraform/terraform.tfstate
check reads/tfstate-dev-zero 2 'terraform.tfstate: error: a symbolic link out of the checked' \
    "$bin" state-zero
check reads/tfstate-dev-zero-dir-named 2 'terraform.tfstate: error: a symbolic link out of the' \
    "$bin" state-zero/.terraform state-zero/plan.json
stack state-fifo && mkfifo state-fifo/.terraform/terraform.tfstate
check reads/tfstate-fifo 2 'terraform.tfstate: error: not a regular file' "$bin" state-fifo
check reads/tfstate-dev-zero-others-checked 2 'tf/encryption-at-rest' "$bin" state-zero
mkdir pol-zero && ln -s /dev/zero pol-zero/zero.lua
check reads/policy-dev-zero 2 'zero.lua: error: a symbolic link out of the policy directory' \
    "$bin" -p pol-zero "$small"
check reads/policy-dev-zero-named 2 'zero.lua: error: cannot read policy: not a regular file' \
    "$bin" -p pol-zero/zero.lua "$small"
mkdir pol-fifo && mkfifo pol-fifo/fifo.lua
check reads/policy-fifo 2 'fifo.lua: error: cannot read policy: not a regular file' \
    "$bin" -p pol-fifo "$small"
check reads/rules-policy-fifo 2 'fifo.lua: error: cannot read policy: not a regular file' \
    "$bin" rules -p pol-fifo
echo 'return {}' > pol-fifo/fifo_test.lua
check reads/test-policy-fifo 1 'fifo.lua: error: cannot read policy: not a regular file' \
    "$bin" test pol-fifo
mkdir test-fifo && mkfifo test-fifo/p_test.lua && cp pol-lib/p.lua test-fifo/p.lua 2>/dev/null
printf 'return policy { id = "t/p", title = "t", severity = "error", kinds = { "plan" },\n  check = function() end }\n' > test-fifo/p.lua
check reads/test-file-fifo 1 'p_test.lua: cannot read: not a regular file' "$bin" test test-fifo
mkfifo fifo.json fifo.yml fifo.sql
check reads/fifo-named 2 '^fifo.json: error: not a regular file' "$bin" fifo.json "$small"
check reads/fifo-named-others-checked 2 'tf/encryption-at-rest' "$bin" fifo.json "$small"
check reads/fifo-yaml-named 2 '^fifo.yml: error: cannot open: not a regular file' "$bin" fifo.yml
check reads/fifo-sql-named 2 '^fifo.sql: error: not a regular file' "$bin" fifo.sql
check reads/fifo-config 2 'cannot read configuration: not a regular file' \
    "$bin" -c fifo.yml "$small"
check reads/dev-zero-named 2 '^/dev/zero: error: not a regular file' "$bin" /dev/zero
mkdir -p walk/.github/workflows walk/db && mkfifo walk/db/001_x.sql walk/.github/workflows/ci.yml
check reads/fifo-walked 2 'no input' "$bin" walk
truncate -s 1G sparse.sql sparse.yml sparse.json
check reads/sparse-sql 2 '^sparse.sql: error: file too large: infralint reads files of up to 512 MB' \
    "$bin" sparse.sql
check reads/sparse-yaml 2 '^sparse.yml: error: cannot open: file too large' "$bin" sparse.yml
check reads/sparse-json 2 '^sparse.json: error: file too large' "$bin" sparse.json
check reads/stdin-bounded 2 '^<stdin>: error: file too large' sh -c "'$bin' - < /dev/zero"
check reads/stdin-fifo-allowed 1 'tf/encryption-at-rest' sh -c "cat '$small' | '$bin' -"
# links out of the checked directory are not followed; links inside are
mkdir -p outside linked/.github/workflows
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: "true"}]\n' > outside/ci.yml
ln -s "$tmp/outside/ci.yml" linked/.github/workflows/out.yml
check reads/link-out-skipped 0 'out.yml: skipped \(a symbolic link out of the checked directory\)' \
    "$bin" --list-inputs linked
cp outside/ci.yml linked/real.yml && ln -s ../../real.yml linked/.github/workflows/in.yml
check reads/link-inside-followed 0 'in.yml: workflow' "$bin" --list-inputs linked
stack env-out && echo prod > outside/environment && ln -s "$tmp/outside/environment" env-out/.terraform/environment
check reads/environment-link-out 2 'environment: error: a symbolic link out of the checked directory' \
    "$bin" env-out
mkdir pol-out && printf 'return 1 +\n' > outside/p.lua && ln -s "$tmp/outside/p.lua" pol-out/p.lua
check reads/policy-link-out 2 'p.lua: error: a symbolic link out of the policy directory' \
    "$bin" -p pol-out "$small"
mkdir -p pol-lib/lib && mkfifo pol-lib/lib/m.lua
cat > pol-lib/p.lua <<'LUA'
return policy { id = "t/req", title = "t", severity = "error", kinds = { "plan" },
  check = function() require("m") end }
LUA
check reads/require-fifo 2 'require: cannot read .*m.lua: not a regular file' "$bin" -p pol-lib "$small"
# fixtures of *_test.lua stay inside the test file's directory
mkdir -p pack/fx && printf 'on: push\njobs: {a: {runs-on: x, steps: [{run: "sudo x"}]}}\n' > outside/hosts.yml
printf 'return policy { id = "t/wf", title = "t", severity = "error", kinds = { "workflow" },\n  check = function() end }\n' > pack/wf.lua
ln -s "$tmp/outside/hosts.yml" pack/fx/link.yml
cat > pack/wf_test.lua <<'LUA'
return {
  { name = "dotdot", workflow_file = "../outside/hosts.yml", expect = {} },
  { name = "absolute", workflow_file = "/etc/hosts", expect = {} },
  { name = "link", workflow_file = "fx/link.yml", expect = {} },
  { name = "plan dotdot", plan_file = "fx/../../outside/x.json", expect = {} },
}
LUA
check fixtures/dotdot 1 "wf_test.lua:2: .*'workflow_file' must be a path inside the directory" "$bin" test pack
check fixtures/absolute 1 "wf_test.lua:3: .*'workflow_file' must be a path inside the directory" "$bin" test pack
check fixtures/link-out 1 'fx/link.yml.*a fixture that leads out of the test file' "$bin" test pack
check fixtures/plan-dotdot 1 "wf_test.lua:5: .*'plan_file' must be a path inside" "$bin" test pack
# a run: block with 40,000 expressions is linear in every build (it was N^2 under ASan: 94 s)
mkdir -p many-expr/.github/workflows
{ printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: |\n'
  i=0; while [ $i -lt 40000 ]; do echo "          echo \${{ github.sha }} $i"; i=$((i + 1)); done
} > many-expr/.github/workflows/ci.yml
T_SAVE=$T; T=$((10 * slow))
check workflow/many-expressions-linear 1 'in 1 file' "$bin" many-expr
T=$T_SAVE

# ---- policy limits that C calls escape ----
# policy NAME BODY: a directory NAME holding one plan policy t/NAME whose check runs BODY
policy() {
    mkdir -p "pol/$1"
    printf 'return policy { id = "t/%s", title = "t", severity = "error", kinds = { "plan" },\n  check = function(plan, ctx)\n%s\n  end }\n' "$1" "$2" > "pol/$1/p.lua"
}
stopped='error: policy t/[a-z0-9-]+ \([a-z0-9./-]*p.lua:[0-9]+\): (instruction budget exceeded|deadline exceeded|memory limit exceeded)'
# The policies run with a 300 ms deadline: a stop must come within 900 ms of the start (slack
# for sanitizer builds); before the C calls were bounded these ran for 1.5 s to minutes.
mkdir -p cfg300 && printf 'policy_limits: {deadline_ms: 300}\n' > cfg300/.infralint.yaml
run_policy() { # NAME [PATTERN]: the policy stops with a clear error, soon, and the plan's finding still shows
    t0=$(date +%s%N)
    check "policy/$1" 2 "${2:-$stopped}" sh -c "cd cfg300 && '$bin' -p ../pol/$1 '$small'"
    ms=$((($(date +%s%N) - t0) / 1000000))
    if [ "$ms" -gt $((900 * slow)) ] && [ "$ok" = 1 ]; then
        pass=$((pass - 1)); fail=$((fail + 1)); echo "FAIL limits/policy/$1: took $ms ms (deadline 300 ms, bound $((900 * slow)) ms)"
    fi
}
policy table-move 'table.move({}, 1, 1e12, 2)'
run_policy table-move
policy table-sort 'local t = {} for i = 1, 300000 do t[i] = (i * 7919) % 1000003 end
while true do table.sort(t) end'
run_policy table-sort
policy string-byte 'local s = ("x"):rep(900000) while true do local t = { s:byte(1, -1) } end'
run_policy string-byte
policy string-rep 'while true do local x = ("x"):rep(30000000) end'
run_policy string-rep
policy table-concat 'local t = {} for i = 1, 1000000 do t[i] = "ab" end
while true do local x = table.concat(t) end'
run_policy table-concat
policy utf8-char 'local t = {} for i = 1, 200000 do t[i] = 65 end
while true do local x = utf8.char(table.unpack(t)) end'
run_policy utf8-char
policy table-insert 'local t = {} for i = 1, 2000000 do t[i] = i end
while true do table.insert(t, 1, 0) table.remove(t, 1) end'
run_policy table-insert
policy bracket-class 'local cls = "[" .. ("a"):rep(100000) .. "]"
local s = ("b"):rep(1000000) return s:find(cls)'
run_policy bracket-class 'policy t/bracket-class \([a-z0-9./-]*p.lua:[0-9]+\): string.find: pattern .* is too costly'
policy gsub-class 'local cls = "[" .. ("a"):rep(20000) .. "]"
local s = ("b"):rep(200000) while true do s:gsub(cls, "x") end'
run_policy gsub-class 'policy t/gsub-class \([a-z0-9./-]*p.lua:[0-9]+\): (string.gsub: pattern .* is too costly|deadline exceeded|instruction budget)'
# these three were already bounded (Lua 5.4 caps format widths at 99, PCRE2 has match limits,
# `..` allocates): kept as regressions
policy string-format 'local s = ("x"):rep(4000000)
while true do local y = string.format("%s%s%99.99f", s, s, 1e300) end'
run_policy string-format
policy regex 'local re = regex("(a|aa)+b") local s = ("a"):rep(2000000)
while true do re:test(s) end'
run_policy regex 'policy t/regex \([a-z0-9./-]*p.lua:[0-9]+\): (instruction budget exceeded|deadline exceeded|regex: )'
policy concat-op 'local s = ("x"):rep(20000000) while true do local y = s .. "" end'
run_policy concat-op
for c in table-move table-sort string-byte; do
    check "policy/$c-others-checked" 2 'tf/encryption-at-rest' "$bin" -p "pol/$c" "$small"
done
# loading runs under the same budget and deadline (and --isolate process), for every command
mkdir -p pol/load-move && printf 'table.move({}, 1, 1e12, 2)\nreturn {}\n' > pol/load-move/p.lua
loadstop='p.lua:1: error: policy file stopped while loading: (instruction budget|deadline)'
check load/check 2 "$loadstop" "$bin" -p pol/load-move "$small"
check load/check-others-checked 2 'tf/encryption-at-rest' "$bin" -p pol/load-move "$small"
check load/rules 2 "$loadstop" "$bin" rules -p pol/load-move
check load/isolated 2 "$loadstop" "$bin" --isolate process -p pol/load-move "$small"
mkdir -p pol/load-sort && printf 'local t = {} for i = 1, 200000 do t[i] = -i end\nwhile true do table.sort(t) end\n' > pol/load-sort/p.lua
echo 'return {}' > pol/load-sort/p_test.lua
check load/test 1 'p.lua:2: error: policy file stopped while loading' "$bin" test pol/load-sort
# caps on policies per file and in a run; one state per file (5,000 policies load in well under
# a second: each used to re-run the file in a state of its own)
mkdir -p pol/many
cat > pol/many/many.lua <<'LUA'
local list = {}
for i = 1, 5000 do
  list[i] = policy {
    id = "many/p" .. i, title = "policy " .. i, severity = "note", kinds = { "plan" },
    check = function(plan, ctx) end,
  }
end
return list
LUA
check caps/per-file 2 'many.lua: error: the file returns 5000 policies: only the first 500 are loaded' \
    "$bin" rules -p pol/many
mkdir -p cfg-many && printf 'policy_limits: {policies_per_file: 5000, policies: 6000}\n' > cfg-many/.infralint.yaml
check caps/per-file-configured 0 '^5[0-9]{3} rules' sh -c "cd cfg-many && '$bin' rules -p ../pol/many"
T_SAVE=$T; T=$((5 * slow))
check caps/5000-policies-fast 1 'tf/encryption-at-rest' \
    sh -c "cd cfg-many && '$bin' -p ../pol/many '$small'"
T=$T_SAVE
printf 'policy_limits: {policies: 100}\n' > cfg-many/.infralint.yaml
check caps/total 2 'only the first 100 are loaded .*policy_limits.policies\)' \
    sh -c "cd cfg-many && '$bin' rules -p ../pol/many"
# findings per policy per document, then one note
policy findings 'for i = 1, 5000 do ctx:report(plan, "finding %d", i) end'
check caps/findings 1 'note: 4000 more findings of this policy on this document were dropped' \
    "$bin" -p pol/findings "$small"
check caps/findings-count 0 '^1000$' sh -c "'$bin' -p pol/findings '$small' | grep -c 'finding [0-9]* \[t/findings\]'"
mkdir -p cfg-find && printf 'policy_limits: {findings: 10}\n' > cfg-find/.infralint.yaml
check caps/findings-configured 1 '4990 more findings' sh -c "cd cfg-find && '$bin' -p ../pol/findings '$small'"
check caps/findings-isolated 1 '4000 more findings' "$bin" --isolate process -p pol/findings "$small"
printf 'policy_limits: {findings: 4999}\n' > cfg-find/.infralint.yaml
check caps/findings-one-dropped 1 'note: 1 more finding of this policy on this document was dropped' \
    sh -c "cd cfg-find && '$bin' -p ../pol/findings '$small'"
# json.decode is charged what jansson allocates: two policies capped at 32 MB each that keep
# decoded documents stay near their caps (they reached a gigabyte each when charged 4 bytes/byte)
mkdir -p pol/decode cfg-decode && printf 'policy_limits: {memory_mb: 32}\n' > cfg-decode/.infralint.yaml
cat > pol/decode/p.lua <<'LUA'
local function hog(id)
  return policy { id = id, title = "t", severity = "error", kinds = { "plan" },
    check = function()
      local text = "[" .. ("{},"):rep(100000) .. "{}]"
      local kept = {}
      while true do kept[#kept + 1] = json.decode(text) end
    end }
end
return { hog("t/decode-a"), hog("t/decode-b") }
LUA
peak=$(cd cfg-decode && timeout 60 python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$bin" -p ../pol/decode "$small")
if [ -n "$peak" ] && [ "$peak" -lt 400 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL limits/policy/json-decode-charged: peak ${peak:-?} MB (want < 400 MB)"
fi
check policy/json-decode-stopped 2 'policy t/decode-b \(.*\): memory limit exceeded \(32 MB\)' \
    sh -c "cd cfg-decode && '$bin' -p ../pol/decode '$small'"

# ---- read-only: a run changes nothing in the tree it checks ----
cp -R "$top/testdata/demo" demo-copy
before=$(find demo-copy -exec stat -c '%n %s %Y %a' {} + | sort | cksum)
"$bin" -p "$top/lua-policies/acme" -f json=/dev/null demo-copy > /dev/null 2>&1
after=$(find demo-copy -exec stat -c '%n %s %Y %a' {} + | sort | cksum)
if [ "$before" = "$after" ] && diff -r "$top/testdata/demo" demo-copy > /dev/null; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL limits/readonly/tree-unchanged: the checked tree changed"
fi

# ---- deterministic output: pairs() order is the same in every run ----
mkdir -p pol/order
cat > pol/order/p.lua <<'LUA'
return policy { id = "t/order", title = "t", severity = "note", kinds = { "plan" },
  options = { names = { type = "strings", default = { "b", "a" } }, n = { type = "integer", default = 3 },
              flag = { type = "boolean", default = true }, label = { type = "string", default = "x" } },
  check = function(plan, ctx)
    local t, order = {}, {}
    for i = 1, 40 do t["key" .. i] = i; t[i * 1.5] = i end
    t[true] = 1; t[false] = 0
    for k in pairs(t) do order[#order + 1] = tostring(k) end
    for k in pairs(ctx.options) do order[#order + 1] = k end
    local k = next(t)
    order[#order + 1] = "first:" .. tostring(k)
    ctx:report(plan, "%s", table.concat(order, " "))
  end }
LUA
"$bin" -p pol/order "$small" > order.0 2>&1
same=1
for i in $(seq 1 20); do
    "$bin" -p pol/order "$small" > order.run 2>&1
    cmp -s order.0 order.run || same=0
done
if [ "$same" = 1 ] && grep -q 'note: 1.5 3 4.5' order.0; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL limits/determinism/pairs-20-runs: output differs between runs"
fi

echo "limits: $pass passed, $fail failed"
