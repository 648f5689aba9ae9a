#!/bin/sh
# shellcheck disable=SC2015 # ok never fails
# action.sh — the GitHub Action and the CI recipes are what infralint asks of others:
#  - every workflow of the recipes in docs/*.md (a ```yaml block that starts with
#    "# .github/workflows/NAME") and the steps of action.yml lint clean (--fail-on note, every
#    action pinned: trusted_actions: []); action.yml itself once this build loads composite
#    actions, else its steps inside a wrapper workflow (said on a line);
#  - the lint can fail: a recipe with an action moved to a tag is reported;
#  - scripts/action-run (the action's run steps) passes the inputs and writes its outputs,
#    and its gate exits with infralint's status; formats this build lacks are skipped (said);
#  - the GitLab recipe is valid YAML with a JUnit report, and infralint does not take it for a
#    workflow; the security review's command runs as documented.
# Prints "action: N passed, N failed".
set -u
suite=action
# shellcheck source=tests/suite.sh
. "$(dirname "$0")/suite.sh"
has_format() { "$bin" --help | grep -q -- "--format FMT.*[:,] $1\(,\|$\)"; }

# pin everything: not even actions/* or github/* may use a tag in what we publish
strict="$tmp/strict.yaml"
printf 'trusted_actions: []\nrules:\n  gha/unpinned-action: {report_tags: true}\n' > "$strict"
lint_clean() { # FILE...: no finding at all, exit 0
    "$bin" -c "$strict" --color never --fail-on note --files-only "$@" > "$tmp/lint.out" 2>&1
    rc=$?
    [ "$rc" = 0 ] && grep -q "^no findings in" "$tmp/lint.out"
}

# --- the recipes' workflows
repo="$tmp/recipes"
mkdir -p "$repo/.github/workflows"
python3 - "$repo" docs/*.md > "$tmp/blocks" <<'EOF'
import re, sys, os
repo = sys.argv[1]
for doc in sys.argv[2:]:
    for m in re.finditer(r"```yaml\n# (\.github/workflows/[^\n/, ]+\.ya?ml)\n(.*?)```", open(doc).read(), re.S):
        path = os.path.join(repo, m.group(1))
        if os.path.exists(path):
            sys.exit("%s: a second recipe named %s" % (doc, m.group(1)))
        open(path, "w").write(m.group(2))
        print(m.group(1))
EOF
check_blocks=$(wc -l < "$tmp/blocks")
[ "$check_blocks" -ge 1 ] && ok || bad "no recipe workflow found in docs/*.md"
while read -r wf; do
    if (cd "$repo" && lint_clean "$wf"); then ok; else
        bad "recipe $wf is not clean: $(head -4 "$tmp/lint.out")"
    fi
done < "$tmp/blocks"
# the lint can fail: a recipe whose checkout is moved to a tag
first=$(head -1 "$tmp/blocks")
sed 's|uses: actions/checkout@[0-9a-f]*|uses: actions/checkout@v4|' "$repo/$first" > "$repo/.github/workflows/mutated.yml"
(cd "$repo" && "$bin" -c "$strict" --color never --fail-on note --files-only .github/workflows/mutated.yml > "$tmp/mut.out" 2>&1)
rc=$?
if [ "$rc" = 1 ] && grep -q "\[gha/unpinned-action\]" "$tmp/mut.out"; then ok; else
    bad "an unpinned checkout in a recipe is not reported (exit $rc)"
fi
rm -f "$repo/.github/workflows/mutated.yml"

# --- action.yml
if "$bin" --list-inputs action.yml 2>&1 | grep -q "^action.yml: \(error\|skipped\)"; then
    echo "action: composite actions are not loaded by this build: action.yml's steps are linted in a wrapper workflow"
    mkdir -p "$tmp/act/.github/workflows"
    python3 - action.yml "$tmp/act/.github/workflows/action-steps.yml" <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["runs"]["using"] == "composite", "action.yml is not a composite action"
inputs = {k: {"type": "string", "required": False, "default": str(v.get("default", ""))}
          for k, v in a["inputs"].items()}
wf = {"name": "steps of action.yml", "on": {"workflow_call": {"inputs": inputs}},
      "permissions": {},
      "jobs": {"action": {"runs-on": "ubuntu-latest", "timeout-minutes": 30,
                          "permissions": {"contents": "read", "security-events": "write"},
                          "steps": a["runs"]["steps"]}}}
open(sys.argv[2], "w").write(yaml.safe_dump(wf, sort_keys=False, width=200))
EOF
    if [ -s "$tmp/act/.github/workflows/action-steps.yml" ] && (cd "$tmp/act" && lint_clean .github/workflows/action-steps.yml); then
        ok
    else
        bad "the steps of action.yml are not clean: $(head -4 "$tmp/lint.out")"
    fi
else
    if lint_clean action.yml; then ok; else bad "action.yml is not clean: $(head -4 "$tmp/lint.out")"; fi
fi
python3 - action.yml > "$tmp/act.check" 2>&1 <<'EOF'
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
problems = []
for want in ("paths", "env", "format", "fail-on", "baseline", "upload-sarif"):
    if want not in a["inputs"]:
        problems.append("no input " + want)
for i, st in enumerate(a["runs"]["steps"]):
    if "run" in st and "shell" not in st:
        problems.append("step %d has run: without shell:" % i)
    if "run" in st and "${{" in st["run"]:
        problems.append("step %d pastes ${{ }} into its script" % i)
    if "uses" in st and not re.search(r"@[0-9a-f]{40}$", st["uses"]):
        problems.append("step %d: %s is not pinned to a commit" % (i, st["uses"]))
if not any("upload-sarif" in st.get("uses", "") for st in a["runs"]["steps"]):
    problems.append("no SARIF upload step")
if problems:
    print("\n".join(problems))
EOF
if [ ! -s "$tmp/act.check" ]; then ok; else bad "action.yml: $(cat "$tmp/act.check")"; fi

# --- scripts/action-run: the run and gate steps
case_dir="$top/testdata/tf/pairing/named-alone"
run_action() { # VAR=value...: run the action's run step in the case directory
    : > "$tmp/gh_out"
    (cd "$case_dir" && env INFRALINT_BIN="$bin" GITHUB_OUTPUT="$tmp/gh_out" "$@" \
        "$top/scripts/action-run" > "$tmp/run.out" 2>&1)
}
run_action INFRALINT_PATHS="infra/plan.json" INFRALINT_FORMAT="text json=$tmp/r.json" INFRALINT_FAIL_ON=error
rc=$?
if [ "$rc" = 0 ] && grep -qx "exit-code=1" "$tmp/gh_out" && grep -q "\[tf/rds-multi-az\]" "$tmp/run.out" &&
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["findings"]' "$tmp/r.json"; then
    ok
else
    bad "action-run with findings: step exit $rc, outputs '$(cat "$tmp/gh_out")': $(head -3 "$tmp/run.out")"
fi
run_action INFRALINT_PATHS="infra/plan.json" INFRALINT_FORMAT="text" INFRALINT_ENV=dev
if grep -qx "exit-code=0" "$tmp/gh_out" && grep -q "environment dev (flag)" "$tmp/run.out"; then ok; else
    bad "action-run: env input not passed: $(cat "$tmp/gh_out") $(tail -1 "$tmp/run.out")"
fi
run_action INFRALINT_PATHS="infra/plan.json" INFRALINT_FORMAT="text" INFRALINT_ARGS="--list-inputs"
if grep -q "paired with infra/.terraform" "$tmp/run.out"; then ok; else bad "action-run: args input not passed"; fi
run_action INFRALINT_PATHS="no/such/plan.json" INFRALINT_FORMAT="text"
if grep -qx "exit-code=2" "$tmp/gh_out"; then ok; else bad "action-run: a missing path is not exit-code=2"; fi
if has_format github; then
    run_action INFRALINT_PATHS="infra/plan.json" INFRALINT_FORMAT="github"
    if grep -q "^::error .*tf/rds-multi-az" "$tmp/run.out"; then ok; else bad "action-run: no annotation: $(head -2 "$tmp/run.out")"; fi
else
    echo "action: annotations skipped (no github reporter)"
fi
if has_format sarif; then
    run_action INFRALINT_PATHS="infra/plan.json" INFRALINT_FORMAT="text" INFRALINT_UPLOAD_SARIF=true INFRALINT_SARIF_FILE="$tmp/out.sarif"
    if grep -qx "sarif-file=$tmp/out.sarif" "$tmp/gh_out" &&
        python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"] == "2.1.0"' "$tmp/out.sarif"; then
        ok
    else
        bad "action-run: upload-sarif did not write SARIF"
    fi
else
    echo "action: SARIF upload skipped (no sarif reporter)"
fi
for want in 0 1 2; do
    out=$(INFRALINT_FAIL_ON=warning scripts/action-run --gate "$want" 2>&1)
    rc=$?
    if [ "$rc" = "$want" ] && { [ "$want" = 0 ] || printf '%s' "$out" | grep -q "^::error title=infralint::"; }; then ok; else
        bad "action-run --gate $want exited $rc: $out"
    fi
done

# --- the GitLab recipe
python3 - docs/gitlab-ci.md "$tmp/gl" > "$tmp/gl.check" 2>&1 <<'EOF'
import os, re, sys, yaml
m = re.search(r"```yaml\n# \.gitlab-ci\.yml\n(.*?)```", open(sys.argv[1]).read(), re.S)
if not m:
    sys.exit("no .gitlab-ci.yml block")
os.makedirs(sys.argv[2])
open(os.path.join(sys.argv[2], ".gitlab-ci.yml"), "w").write(m.group(1))
ci = yaml.safe_load(m.group(1))
job = ci["infralint"]
assert job["artifacts"]["reports"]["junit"] == "infralint-junit.xml", "no JUnit report"
assert job["artifacts"]["when"] == "always", "the report is lost when the job fails"
assert any("-f junit=infralint-junit.xml" in line for line in job["script"]), "infralint does not write it"
EOF
if [ ! -s "$tmp/gl.check" ]; then ok; else bad "docs/gitlab-ci.md: $(cat "$tmp/gl.check")"; fi
if [ -f "$tmp/gl/.gitlab-ci.yml" ] && "$bin" --list-inputs "$tmp/gl" | grep -q "\.gitlab-ci\.yml: skipped"; then ok; else
    bad "infralint takes .gitlab-ci.yml for a workflow"
fi

# --- the security review, as docs/security-review.md runs it
(cd "$case_dir/infra" && "$bin" --env prod --no-inline-ignores -c /dev/null -f text -f "json=$tmp/review.json" \
    --fail-on note --verbose plan.json > "$tmp/review.out" 2>&1)
rc=$?
if [ "$rc" = 1 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [f for f in d["findings"] if f["rule"] == "tf/rds-multi-az"]' "$tmp/review.json" &&
    grep -q -- "--no-inline-ignores -c /dev/null" docs/security-review.md; then
    ok
else
    bad "the security review's command: exit $rc: $(head -2 "$tmp/review.out")"
fi

finish
