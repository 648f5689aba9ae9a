#!/bin/sh
# policies.sh — the Lua policy suites: `infralint test --coverage lua-policies` (every shipped
# policy has a case that triggers it and one that stays silent), then the Lua twins of built-in
# rules compared with the built-ins (tests/policy_equivalence.py).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin="$top/${BUILD:-build}/infralint"
out=$("$bin" test --coverage lua-policies 2>&1)
last=$(printf '%s\n' "$out" | tail -n 1)
printf '%s\n' "$out" | sed '$d'
case $last in
*" passed, "*" failed") echo "policies: $last" ;;
*) echo "$last"; echo "policies: 0 passed, 1 failed" ;;
esac
python3 ./tests/policy_equivalence.py
