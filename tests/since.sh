#!/bin/sh
# since.sh — `--since REF` in a temporary git repository made here: only migrations changed
# since REF (committed, modified or new and untracked) are checked, a table created by one of
# them is new for the others; clear errors when the ref is bad, git is missing, or the
# directory is not in a repository. Prints "since: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/${BUILD:-build}/infralint"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

if ! command -v git >/dev/null 2>&1; then
    echo "since: git is not installed: skipped"
    echo "since: 0 passed, 0 failed"
    exit 0
fi

# expect NAME WANT_RC PATTERN... : the last run's exit status and output
expect() {
    name=$1 want=$2
    shift 2
    bad=""
    [ "$rc" = "$want" ] || bad="exit status $rc (want $want)"
    for pat in "$@"; do
        case $pat in
        '!'*) grep -q -- "${pat#!}" "$tmp/out" && bad="$bad; output has '${pat#!}'" ;;
        *) grep -q -- "$pat" "$tmp/out" || bad="$bad; output lacks '$pat'" ;;
        esac
    done
    if [ -n "$bad" ]; then
        fail=$((fail + 1))
        echo "FAIL since: $name: $bad"
        sed 's/^/  | /' "$tmp/out"
    else
        pass=$((pass + 1))
    fi
}

run() {
    "$@" > "$tmp/out" 2>&1
    rc=$?
}

repo="$tmp/repo"
mkdir -p "$repo/db/migrations"
git init -q "$repo"
m="$repo/db/migrations"
printf -- '-- +goose Up\nCREATE TABLE orders (id bigint, legacy text);\n-- +goose Down\nDROP TABLE orders;\n' > "$m/00001_init.sql"
printf -- '-- +goose Up\nALTER TABLE orders DROP COLUMN legacy;\n-- +goose Down\nALTER TABLE orders ADD COLUMN legacy text;\n' > "$m/00002_released.sql"
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@example.org commit -qm base
git -C "$repo" tag base
printf -- '-- +goose Up\nCREATE TABLE refunds (id bigint);\n-- +goose Down\nDROP TABLE refunds;\n' > "$m/00003_refunds.sql"
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@example.org commit -qm refunds
printf -- '-- +goose Up\nCREATE INDEX refunds_id_idx ON refunds (id);\nCREATE INDEX orders_id_idx ON orders (id);\n-- +goose Down\nDROP INDEX orders_id_idx;\nDROP INDEX refunds_id_idx;\n' > "$m/00004_indexes.sql"

cd "$repo" || exit 2
run "$bin" --color never --since base db/migrations
expect "changed since base" 1 "00004_indexes.sql:3:1: warning: CREATE INDEX on orders" \
    '!00002_released' '!refunds_id_idx' '!without released_through'
run "$bin" --color never --since HEAD db/migrations
expect "untracked new file" 1 "00004_indexes.sql:3:1" '!00003_refunds' '!00002_released'
run "$bin" --color never db/migrations
expect "no history: everything" 1 "00002_released.sql:2:20: error: drops column" \
    "without released_through or --since every migration is checked"
run "$bin" --color never --since nosuchref db/migrations
expect "bad ref" 2 "infralint: error: --since 'nosuchref': git diff failed"
run env PATH=/nonexistent "$bin" --color never --since base db/migrations
expect "git missing" 2 "infralint: error: --since needs the git program"
mkdir -p "$tmp/loose"
cp "$m/00004_indexes.sql" "$tmp/loose/"
run "$bin" --color never --since base "$tmp/loose"
expect "not a repository" 2 "is not inside a git work tree"
run "$bin" --color never --since "" db/migrations
expect "empty ref" 2 "infralint: error: --since needs a git ref"
run "$bin" --color never --since
expect "no value" 2 "option '--since' needs a value"

echo "since: $pass passed, $fail failed"
[ "$fail" = 0 ]
