#!/bin/sh
# run.sh SECONDS HARNESS... — run each libFuzzer harness for SECONDS, seeded from testdata/.
# The corpus grows under build-fuzz/NAME.corpus/; crashes land in build-fuzz/ and fail the run.
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
status=0
for h in "$@"; do
    name=$(basename "$h")
    corpus="$top/build-fuzz/$name.corpus"
    mkdir -p "$corpus"
    case $name in
        fuzz_plan|fuzz_jdoc) seeds=$(find "$top/testdata" -name '*.json' -o -name terraform.tfstate) ;;
        fuzz_config) seeds=$(find "$top/testdata" -name '.infralint.yaml') ;;
        fuzz_migration) seeds=$(find "$top/testdata" -name '*.sql') ;;
        fuzz_policy) seeds=$(find "$top/lua-policies" "$top/testdata" -name '*.lua' ! -name '*_test.lua') ;;
        fuzz_cli) # a plan, a workflow and a migration of testdata, cut by "\n====\n"
            seeds=""
            set -- $(find "$top/testdata" -name plan.json | sort | head -20)
            for w in $(find "$top/testdata" -path '*workflows*' -name '*.yml' | sort | head -20); do
                s=$(find "$top/testdata" -name '*.sql' | sort | sed -n "$(( ($# % 20) + 1 ))p")
                [ $# -gt 0 ] || break
                f="$corpus/seed-$(echo "$1$w" | cksum | cut -d' ' -f1)"
                { cat "$1"; printf '\n====\n'; cat "$w"; printf '\n====\n'; cat "$s"; } > "$f" 2>/dev/null
                shift
            done ;;
        *) seeds=$(find "$top/testdata" -name '*.y*ml') ;;
    esac
    for s in $seeds; do cp "$s" "$corpus/$(echo "$s" | cksum | cut -d' ' -f1)" 2>/dev/null; done
    echo "== $name: ${secs}s"
    case $h in /*) ;; *) h="$top/$h" ;; esac
    log="$top/build-fuzz/$name.log"
    if (cd "$top/build-fuzz" && "$h" -max_total_time="$secs" -max_len=65536 -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 "$corpus" > "$log" 2>&1); then
        grep -a -E "stat::number_of_executed_units" "$log"
    else
        status=1
        grep -a -E -A15 "ERROR|SUMMARY" "$log" | head -40
        echo "FAIL $name: see $log"
    fi
done
exit $status
