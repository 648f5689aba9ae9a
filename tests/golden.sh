#!/bin/sh
# golden.sh — run every golden case under testdata/ and diff against its expectations.
#
# A case is a directory holding `expected.rc`. The binary runs inside the case directory:
#   cmd           if present: the whole argument list (e.g. `rules --format markdown`); output
#                 (stdout and stderr) is compared with expected.txt
#   args          otherwise: arguments after `--color never -f text -f json=OUT` (default: .)
#   stdin         fed to standard input (else /dev/null)
#   env           VAR=value lines exported for the run (TF_WORKSPACE is unset otherwise)
#   cwd           a subdirectory of the case to run in (default: the case directory)
#   expected.txt  stdout + stderr; expected.json  the JSON report; expected.rc  the exit status
# UPDATE=1 rewrites the expectations (review them with git diff). VALGRIND=1 runs under valgrind.
# Prints failures, then one line "golden: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/${BUILD:-build}/infralint"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
filter=${1:-}

run_case() {
    dir=$1
    (
        cd "$dir" || exit 99
        unset TF_WORKSPACE NO_COLOR
        if [ -f env ]; then
            while IFS= read -r line; do
                case $line in ''|'#'*) continue ;; esac
                export "$line"
            done < env
        fi
        input=/dev/null
        [ -f stdin ] && input=$PWD/stdin
        [ -f cmd ] && cmdfile=$PWD/cmd
        [ -f args ] && argsfile=$PWD/args
        if [ -f cwd ]; then cd "$(cat cwd)" || exit 99; fi
        vg=""
        if [ "${VALGRIND:-}" = 1 ]; then
            vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
        fi
        if [ -n "${cmdfile:-}" ]; then
            eval "set -- $(cat "$cmdfile")"
            $vg "$bin" "$@" < "$input" > "$tmp/out.txt" 2>&1
        else
            args=.
            [ -n "${argsfile:-}" ] && args=$(cat "$argsfile")
            eval "set -- $args"
            $vg "$bin" --color never -f text -f "json=$tmp/out.json" "$@" < "$input" > "$tmp/out.txt" 2>&1
        fi
        echo $? > "$tmp/rc"
    )
}

for exp in $(find "$top/testdata" -name expected.rc | sort); do
    dir=$(dirname "$exp")
    name=${dir#"$top/testdata/"}
    case $name in *"$filter"*) ;; *) continue ;; esac
    rm -f "$tmp/out.txt" "$tmp/out.json" "$tmp/rc"
    run_case "$dir"
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$tmp/out.txt" "$dir/expected.txt"
        cp "$tmp/rc" "$dir/expected.rc"
        if [ -f "$tmp/out.json" ]; then cp "$tmp/out.json" "$dir/expected.json"; else rm -f "$dir/expected.json"; fi
    fi
    bad=""
    cmp -s "$tmp/rc" "$dir/expected.rc" || bad="$bad exit status $(cat "$tmp/rc") (want $(cat "$dir/expected.rc"));"
    if [ -f "$dir/expected.txt" ] && ! cmp -s "$tmp/out.txt" "$dir/expected.txt"; then
        bad="$bad text output differs;"
    fi
    if [ -f "$dir/expected.json" ] && ! cmp -s "$tmp/out.json" "$dir/expected.json"; then
        bad="$bad JSON output differs;"
    fi
    if [ -n "$bad" ]; then
        fail=$((fail + 1))
        echo "FAIL $name:$bad"
        [ -f "$dir/expected.txt" ] && diff -u "$dir/expected.txt" "$tmp/out.txt" | head -20
    else
        pass=$((pass + 1))
    fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
