#!/bin/sh
# check_repo.sh — what infralint reads of the repository it runs in: the GitHub repository named
# by the `origin` remote of .git/config (a golden case cannot hold a .git directory). Its own
# reusable workflows are first party: `secrets: inherit` to them stays in the repository
# (pedantic), and actions of its owner may use a tag. Prints "repo: N passed, N failed".
set -u
# shellcheck disable=SC2034 # suite names the counters suite.sh prints
suite=repo
# shellcheck source=tests/suite.sh
. "$(dirname "$0")/suite.sh"

repo="$tmp/app"
mkdir -p "$repo/.github/workflows"
git -C "$repo" init -q
git -C "$repo" remote add origin https://github.com/Acme/App.git
cat > "$repo/.github/workflows/release.yml" <<'WF'
on: push
permissions: {contents: read}
jobs:
  own:
    uses: acme/app/.github/workflows/build.yml@v1
    secrets: inherit
  sibling:
    uses: acme/pipelines/.github/workflows/build.yml@v1
    secrets: inherit
  other:
    uses: someone/pipelines/.github/workflows/build.yml@v1
    secrets: inherit
WF
run() { (cd "$repo" && "$bin" -c /dev/null --color never --disable 'gha/*' "$@" .) > "$tmp/out" 2>&1; }

run --enable gha/secrets-inherit
grep -q "'own' hands every secret" "$tmp/out" && bad "secrets: inherit to the repository's own workflow reported at the default persona" || ok
grep -q "'sibling' hands every secret" "$tmp/out" && ok || bad "secrets: inherit to another repository of the owner not reported"
grep -q "'other' hands every secret" "$tmp/out" && ok || bad "secrets: inherit to a third party not reported"
run --persona pedantic --enable gha/secrets-inherit
grep -q "'own' hands every secret" "$tmp/out" && ok || bad "secrets: inherit to the repository's own workflow not reported with --persona pedantic"

run --persona pedantic --enable gha/unpinned-action
grep -q "acme/app/.github/workflows/build.yml@v1" "$tmp/out" && bad "the repository's own reusable workflow at a tag reported" || ok
grep -q "acme/pipelines/.github/workflows/build.yml@v1" "$tmp/out" && bad "a workflow of the repository's owner at a tag reported" || ok
grep -q "someone/pipelines/.github/workflows/build.yml@v1' is not pinned" "$tmp/out" && ok || bad "a third party's workflow at a tag not reported with --persona pedantic"

# no origin on GitHub: nothing is first party
git -C "$repo" remote set-url origin https://gitlab.example.com/acme/app.git
run --persona pedantic --enable gha/secrets-inherit
grep -q "'own' hands every secret" "$tmp/out" && ok || bad "an origin outside GitHub still makes acme/app first party"

finish
