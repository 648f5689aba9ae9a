# suite.sh — sourced by the shell suites (docs.sh, action.sh, precommit.sh) after they set
# `suite` to their name: the checkout ($top, the current directory), the binary ($bin), a
# scratch directory ($tmp, removed at exit unless KEEP is set) and the counters.
#   ok / bad MESSAGE      count a check (bad prints "FAIL suite: MESSAGE")
#   check 'TEST' MESSAGE  eval TEST, then ok or bad
#   finish                print "suite: N passed, N failed" and exit 1 on a failure
# shellcheck shell=sh disable=SC2034,SC2154
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
BUILD=${BUILD:-build}
bin="$top/$BUILD/infralint"
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $suite: $*"; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }
finish() {
    echo "$suite: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit $?
}
