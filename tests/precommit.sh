#!/bin/sh
# shellcheck disable=SC2015 # ok never fails
# precommit.sh — the hooks of .pre-commit-hooks.yaml, run by Debian's pre-commit through
# `pre-commit try-repo` against this checkout (offline) in a scratch git repository: the hook
# builds infralint from source in pre-commit's cache, the batches pre-commit makes never repeat
# a repository-level finding nor a configuration problem, each file's findings are reported
# once, a plan pairs with its .terraform/, and a failing hook fails the commit.
# Skipped, with a message, when pre-commit is not installed. Prints "pre-commit: N passed, N failed".
set -u
suite=pre-commit
# shellcheck source=tests/suite.sh
. "$(dirname "$0")/suite.sh"

if ! command -v pre-commit > /dev/null 2>&1 || ! command -v git > /dev/null 2>&1; then
    echo "pre-commit: skipped (pre-commit or git not installed; scripts/setup-deps --test installs them)"
    echo "pre-commit: 0 passed, 0 failed"
    exit 0
fi
# nothing of the make that may run us leaks into pre-commit's build of the hook
unset MAKEFLAGS MAKELEVEL MFLAGS
export PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
mkdir -p "$HOME"
repo="$tmp/repo"
mkdir -p "$repo/.github/workflows" "$repo/db/migrations" "$repo/infra/.terraform"
cd "$repo" || exit 2
git init -q .

# nine workflows, each with one warning of its own (no permissions) and none that runs tests
# on pull requests: a run over the directory would add gha/pr-checks
i=1
while [ $i -le 9 ]; do
    cat > ".github/workflows/job$i.yml" <<EOF
on: push
jobs:
  build$i:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
      - run: make build$i
EOF
    i=$((i + 1))
done
cat > db/migrations/20250101000000_drop.sql <<'EOF'
-- +goose Up
ALTER TABLE orders DROP COLUMN legacy_code;

-- +goose Down
ALTER TABLE orders ADD COLUMN legacy_code text;
EOF
cp "$top/testdata/tf/pairing/named-alone/infra/plan.json" infra/plan.json
cp "$top/testdata/tf/pairing/named-alone/infra/.terraform/terraform.tfstate" \
   "$top/testdata/tf/pairing/named-alone/infra/.terraform/environment" infra/.terraform/
printf '.terraform/\n' > .gitignore
cat > .infralint.yaml <<'EOF'
rules:
  gha/job-timeot: off
  gha/excessive-permissions: {report_default_token: true}
EOF
git add -A

# run every hook of the checkout on every file (one build, in pre-commit's cache)
pre-commit try-repo "$top" --all-files --verbose > "$tmp/out" 2>&1
rc=$?
count() { grep -c -- "$1" "$tmp/out"; }
if [ "$rc" = 1 ]; then ok; else bad "pre-commit exited $rc, want 1 (findings)"; sed -n 1,40p "$tmp/out"; fi
n=$(count "^infralint: building .*/build/infralint (once)")
[ "$n" = 1 ] && ok || bad "the hook built infralint $n times, want once"
for h in "GitHub Actions workflows" "goose SQL migrations" "Terraform plan JSON" "configuration"; do
    grep -q "^infralint ($h)\.*Failed" "$tmp/out" && ok || bad "hook 'infralint ($h)' did not run and fail"
done
i=1
while [ $i -le 9 ]; do
    n=$(count "job$i.yml:3:3: warning: .*\[gha/excessive-permissions\]")
    [ "$n" = 1 ] && ok || bad "job$i.yml's finding reported $n times, want once"
    i=$((i + 1))
done
n=$(count "gha/pr-checks")
[ "$n" = 0 ] && ok || bad "gha/pr-checks reported $n times in pre-commit batches, want 0"
# pre-commit made several batches of the workflows (else the test above proves nothing)
n=$(grep -c "^[0-9]* findings ([0-9]* warnings) in [0-9]* files; environment" "$tmp/out")
[ "$n" -ge 2 ] && ok || bad "$n runs of infralint on the workflows: they were not split into batches"
n=$(count "unknown rule 'gha/job-timeot'")
[ "$n" = 1 ] && ok || bad "the configuration problem reported $n times, want once (by infralint-config)"
n=$(count "20250101000000_drop.sql:2:.*\[sql/drop-column\]")
[ "$n" = 1 ] && ok || bad "the migration's finding reported $n times, want once"
n=$(count "infra/plan.json: aws_db_instance.main: error: .*\[tf/rds-multi-az\]")
[ "$n" = 1 ] && ok || bad "the plan was not checked as production (paired with infra/.terraform/): $n"

# a clean commit passes the hooks
git rm -q --cached -r . > /dev/null
rm -rf db infra .infralint.yaml .github/workflows/job[2-9].yml
printf 'permissions: {}\n' >> .github/workflows/job1.yml
git add -A
if pre-commit try-repo "$top" --all-files > "$tmp/out2" 2>&1; then ok; else
    bad "a clean repository fails the hooks"
    sed -n 1,20p "$tmp/out2"
fi

# a missing build dependency: the hook names it, installs nothing, exits 2
mkdir -p "$tmp/bare"
cp -r "$top/scripts" "$tmp/bare/"
out=$(PKG_CONFIG_LIBDIR=/nonexistent "$tmp/bare/scripts/pre-commit-hook" --files-only x.yml 2>&1)
rc=$?
if [ "$rc" = 2 ] && printf '%s' "$out" | grep -q "missing Debian packages: .*libyaml-dev" &&
    printf '%s' "$out" | grep -q "sudo apt-get install" && [ ! -e "$tmp/bare/build" ]; then
    ok
else
    bad "a missing dependency: exit $rc, want 2 and the packages to install: $out"
fi

finish
