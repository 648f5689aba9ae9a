#!/bin/sh
# run.sh — every test suite; the last line is the total: "N passed, N failed" (exit 1 on failure).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
BUILD=${BUILD:-build}
export BUILD
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >> "$log" 2>&1 || printf 'unit: %s exited with status %s\nunit: %s: 0 passed, 1 failed\n' \
        "$(basename "$t")" "$?" "$(basename "$t")" >> "$log"
done
specs=$(find testdata -name plan.spec.json -exec dirname {} \; | sort)
if [ -n "$specs" ]; then
    # shellcheck disable=SC2086
    if python3 ./tests/mkplan.py --check $specs >> "$log" 2>&1; then
        echo "mkplan: $(echo "$specs" | wc -l) passed, 0 failed" >> "$log"
    else
        echo "mkplan: 0 passed, 1 failed" >> "$log"
    fi
fi
./tests/golden.sh >> "$log" 2>&1
./tests/check_secrets.sh >> "$log" 2>&1
./tests/check_limits.sh >> "$log" 2>&1
./tests/check_repo.sh >> "$log" 2>&1
python3 ./tests/check_formats.py >> "$log" 2>&1 ||
    grep -q '^formats: ' "$log" || echo "formats: 0 passed, 1 failed" >> "$log"
python3 ./tests/check_registry.py >> "$log" 2>&1 || true
[ -x ./tests/policies.sh ] && ./tests/policies.sh >> "$log" 2>&1
[ -x ./tests/since.sh ] && ./tests/since.sh >> "$log" 2>&1
[ -x ./tests/docs.sh ] && ./tests/docs.sh >> "$log" 2>&1
[ -x ./tests/precommit.sh ] && ./tests/precommit.sh >> "$log" 2>&1
[ -x ./tests/action.sh ] && ./tests/action.sh >> "$log" 2>&1
[ -x ./tests/pg/run.sh ] && ./tests/pg/run.sh >> "$log" 2>&1

grep -v -E '^[a-z0-9/_ .:-]+: [0-9]+ passed, [0-9]+ failed$' "$log"
grep -E '^[a-z0-9/_ .:-]+: [0-9]+ passed, [0-9]+ failed$' "$log"
awk '/^[a-z0-9\/_ .:-]+: [0-9]+ passed, [0-9]+ failed$/ { p += $(NF-3); f += $(NF-1) }
     END { printf "%d passed, %d failed\n", p, f; exit f > 0 }' "$log"
