#!/bin/sh
# compare.sh BEFORE AFTER — prove that a speed change changed no output: both binaries run over
# testdata/, the shared corpus (../shared/corpus, "skipped" when absent) and small plans of every
# bench shape, in the text and JSON formats, with and without the shipped Lua packs, and
# --verbose; every report and exit status must be byte-identical. Prints "compare: N passed,
# N failed" and the first differences.
set -u
before=${1:?usage: bench/compare.sh BEFORE AFTER}
after=${2:?usage: bench/compare.sh BEFORE AFTER}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
out=bench/out/compare
mkdir -p "$out"
for shape in real findings wide unread clean; do
    [ -s "$out/$shape.json" ] && [ "$out/$shape.json" -nt bench/gen_stack.py ] ||
        python3 bench/gen_stack.py --shape "$shape" --resources 1500 --out "$out/$shape.json"
done
[ -s "$out/flat.json" ] && [ "$out/flat.json" -nt bench/gen_plan.py ] ||
    python3 bench/gen_plan.py --resources 1500 --out "$out/flat.json"

inputs=$(find testdata -mindepth 2 -maxdepth 2 -type d | sort)
inputs="$inputs $(ls "$out"/*.json)"
corpus=../shared/corpus
if [ -d "$corpus" ]; then
    inputs="$inputs $(find "$corpus/plans" "$corpus/plans-edge" "$corpus/backend" -type f \
        ! -name PROVENANCE.md | sort) $corpus/workflows $(find "$corpus/migrations" -mindepth 1 \
        -maxdepth 1 -type d | sort)"
else
    echo "compare: shared corpus skipped (no $corpus)"
fi
pass=0
fail=0
for in in $inputs; do
    for args in "-f text" "-f json" "-f json --verbose --env prod" \
        "-f json --env prod -p lua-policies" "-f text --env prod -p lua-policies --verbose"; do
        # shellcheck disable=SC2086
        "$before" $args "$in" > "$tmp/b" 2>&1
        rb=$?
        # shellcheck disable=SC2086
        "$after" $args "$in" > "$tmp/a" 2>&1
        ra=$?
        if [ "$rb" = "$ra" ] && cmp -s "$tmp/b" "$tmp/a"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            if [ "$fail" -le 5 ]; then
                echo "compare: $in ($args): exit $rb -> $ra"
                diff "$tmp/b" "$tmp/a" | head -10
            fi
        fi
    done
done
echo "compare: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
