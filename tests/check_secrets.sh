#!/bin/sh
# check_secrets.sh — no sensitive value ever reaches any output format.
# Every case under testdata/secrets/ plants values containing "canary" in the places Terraform
# marks sensitive (and a backend's literal credentials); the binary runs over each case with every
# reporter `infralint --help` lists, verbose, and no output may contain "canary".
# Prints "secrets: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/${BUILD:-build}/infralint"
formats=$("$bin" --help | sed -n 's/.*output format (repeatable[^)]*): *//p' | tr -d ',')
[ -n "$formats" ] || { echo "FAIL secrets: no formats found in --help"; echo "secrets: 0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
for dir in "$top"/testdata/secrets/*/; do
    for f in $formats; do
        (cd "$dir" && "$bin" --verbose --color never -f "$f" . > "$tmp/out" 2>&1)
        if grep -q canary "$tmp/out"; then
            fail=$((fail + 1))
            echo "FAIL secrets: $(basename "$dir") leaks a sensitive value in -f $f:"
            grep -n canary "$tmp/out" | head -3
        elif [ ! -s "$tmp/out" ]; then
            fail=$((fail + 1))
            echo "FAIL secrets: $(basename "$dir") printed nothing with -f $f"
        else
            pass=$((pass + 1))
        fi
    done
done
echo "secrets: $pass passed, $fail failed"
[ "$fail" = 0 ]
