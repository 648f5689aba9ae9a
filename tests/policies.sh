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

# `infralint rules` lists loaded policies in every format (checked here rather than in a golden
# case, so that new built-in rules do not change the expectation)
pass=0
fail=0
expect() { # description, command...
    what=$1
    shift
    if "$@" > /dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL policy-cli: $what"; fi
}
has_line() { "$bin" "$@" 2>&1 | grep -q -- "$pattern"; }
pattern='^acme/required-tags  *warning  *all  *regular  *Taggable resources'
expect "rules (text) lists acme/required-tags" has_line rules -p lua-policies
pattern='^| `examples/rds-multi-az` | error | prod | regular | plan | Production databases are Multi-AZ (Lua example) |$'
expect "rules (markdown) lists examples/rds-multi-az" has_line rules --format markdown -p lua-policies
expect "rules (json) lists every shipped policy" sh -c "'$bin' rules --format json -p lua-policies | python3 -c '
import json, sys
ids = {r[\"id\"] for r in json.load(sys.stdin)}
want = {\"acme/required-tags\", \"acme/ecs-image-digest\", \"examples/rds-multi-az\", \"examples/remote-state-locking\"}
sys.exit(0 if want <= ids else 1)'"
pattern='^acme/'
expect "rules without -p lists no policy" sh -c "! '$bin' rules | grep -q '^acme/'"
# a policy's title, origin and help come from its author: `rules` escapes them for the terminal
# in text and markdown (one line per rule, no raw ESC, CR, BEL or U+202E; '|' kept inside its
# cell) and JSON keeps them exact with every character outside ASCII escaped
hostile=testdata/report/escape-policy/lua
rules_escaped() { # format
    "$bin" rules --format "$1" -p "$hostile" 2>&1 | python3 -c '
import json, sys
fmt, out = sys.argv[1], sys.stdin.buffer.read()
if fmt == "json":
    title = next(r["title"] for r in json.loads(out) if r["id"] == "hostile/escape")
    ok = max(out) < 0x80 and title.startswith("Hostile \x1b[2J") and "\u202e" in title
else:
    lines = [l for l in out.split(b"\n") if b"hostile/escape" in l]
    ok = (not any(c in out for c in (b"\x1b", b"\r", b"\x07", "\u202e".encode()))
          and len(lines) == 1 and b"Hostile \\x1b[2J" in lines[0] and b"\\u202etxt.lua" in lines[0]
          and (fmt == "text" or b"\\|forged\\|" in lines[0]))
sys.exit(0 if ok else 1)' "$1"
}
expect "rules (text) escapes a policy's title" rules_escaped text
expect "rules (markdown) escapes a policy's title" rules_escaped markdown
expect "rules (json) keeps a policy's title exact, in ASCII" rules_escaped json
echo "policy-cli: $pass passed, $fail failed"
