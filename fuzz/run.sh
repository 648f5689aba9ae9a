#!/bin/sh
# run.sh SECONDS HARNESS... — run each libFuzzer harness for SECONDS, seeded from testdata/.
# The corpus grows under build-fuzz/corpus-NAME/; crashes land in build-fuzz/ and fail the run.
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
for h in "$@"; do
    name=$(basename "$h")
    corpus="$top/build-fuzz/corpus-$name"
    mkdir -p "$corpus"
    case $name in
        fuzz_plan) seeds=$(find "$top/testdata" -name '*.json' -o -name terraform.tfstate) ;;
        fuzz_config) seeds=$(find "$top/testdata" -name '.infralint.yaml') ;;
        *) seeds=$(find "$top/testdata" -name '*.y*ml' -o -name '*.sql') ;;
    esac
    for s in $seeds; do cp "$s" "$corpus/$(echo "$s" | cksum | cut -d' ' -f1)" 2>/dev/null; done
    echo "== $name: ${secs}s"
    case $h in /*) ;; *) h="$top/$h" ;; esac
    (cd "$top/build-fuzz" && "$h" -max_total_time="$secs" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "$corpus" 2>&1 | grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Done" ) || status=1
done
exit $status
