#!/bin/sh
# shellcheck disable=SC2016,SC2034 # checks are strings eval'd when they run
# docs.sh — the documentation cannot drift from the program: docs/rules.md is what
# scripts/gen-rules-doc prints, the man page documents every option of the CLI table and passes
# mandoc's (or groff's) lint, `make install` puts the binary, the man page and the bash
# completion under DESTDIR/PREFIX, the completion completes from the program, `help` is `--help`,
# and user-facing text never points outside the repository nor speaks of "the seed".
# Prints failures, then "docs: N passed, N failed".
set -u
suite=docs
# shellcheck source=tests/suite.sh
. "$(dirname "$0")/suite.sh"

# --- docs/rules.md is generated
if ./scripts/gen-rules-doc "$bin" > "$tmp/rules.md" 2> "$tmp/gen.err"; then
    if cmp -s "$tmp/rules.md" docs/rules.md; then ok; else
        bad "docs/rules.md differs from scripts/gen-rules-doc (run 'make docs')"
        diff -u docs/rules.md "$tmp/rules.md" | head -20
    fi
else
    bad "scripts/gen-rules-doc failed: $(head -3 "$tmp/gen.err")"
fi
"$bin" rules --format json > "$tmp/rules.json"
n=$(python3 -c 'import json,sys; print(len([r for r in json.load(open(sys.argv[1])) if r["id"].split("/")[0] in ("tf","gha","sql","x","infralint")]))' "$tmp/rules.json")
check '[ "$(grep -c "^## \`" docs/rules.md)" = "$n" ]' "docs/rules.md has a section for each of the $n built-in rules"

# --- the man page lists every option of the table (as --help prints it) and every command
"$bin" --help > "$tmp/help.txt"
sed -n 's/^  \(-[a-zA-Z], \)\{0,1\} *--\([a-z-]*\).*/\2/p' "$tmp/help.txt" > "$tmp/longs"
sed -n 's/^  -\([a-zA-Z]\), --.*/\1/p' "$tmp/help.txt" > "$tmp/shorts"
check '[ -s "$tmp/longs" ] && [ -s "$tmp/shorts" ]' "no options found in --help"
while read -r o; do
    pat=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    check 'grep -q -- "\\\\-\\\\-$pat\\b" man/infralint.1' "man/infralint.1 does not document --$o"
done < "$tmp/longs"
while read -r o; do
    check 'grep -qE -- "^\\.BR \\\\-$o\\b" man/infralint.1' "man/infralint.1 does not document -$o"
done < "$tmp/shorts"
for cmd in $(sed -n 's/^  infralint \([a-z]*\) .*/\1/p' "$tmp/help.txt"); do
    check 'grep -q "^\\.B.* $cmd\\b\|^\\.B $cmd\$" man/infralint.1' "man/infralint.1 does not document the command '$cmd'"
done
for f in $("$bin" --help | sed -n 's/.*--format FMT\[=FILE\].*): *//p' | tr -d ','); do
    check 'grep -q "^\\.B $f\$" man/infralint.1' "man/infralint.1 does not describe the format '$f'"
done
version=$("$bin" --version | sed 's/^infralint //')
check 'grep -q "^\\.TH INFRALINT 1 [0-9-]* \"infralint $version\"" man/infralint.1' "man/infralint.1 is not for version $version"
if command -v mandoc > /dev/null 2>&1; then
    lint=$(mandoc -Tlint -Wstyle man/infralint.1 2>&1)
    check '[ -z "$lint" ]' "mandoc -Tlint: $lint"
else
    echo "docs: mandoc not installed: the man page is checked with groff only"
fi
check '[ -z "$(groff -man -Tutf8 -ww -z man/infralint.1 2>&1)" ]' "groff -ww warns about man/infralint.1"

# --- make install honours PREFIX and DESTDIR
if make -s --no-print-directory install BUILD="$BUILD" DESTDIR="$tmp/root" PREFIX=/usr > "$tmp/install.log" 2>&1; then
    check '[ -x "$tmp/root/usr/bin/infralint" ]' "make install: no DESTDIR/PREFIX/bin/infralint"
    check '[ -f "$tmp/root/usr/share/man/man1/infralint.1" ]' "make install: no man page in share/man/man1"
    check '[ -f "$tmp/root/usr/share/bash-completion/completions/infralint" ]' "make install: no bash completion"
    check '"$tmp/root/usr/bin/infralint" --version | grep -q "^infralint $version$"' "the installed binary does not run"
    check 'MANWIDTH=80 man -l "$tmp/root/usr/share/man/man1/infralint.1" 2>/dev/null | grep -q -- "--files-only"' "man -l cannot read the installed page"
else
    bad "make install DESTDIR=... PREFIX=/usr failed: $(tail -3 "$tmp/install.log")"
fi

# --- bash completion, from the program itself
if command -v bash > /dev/null 2>&1; then
    cat > "$tmp/comp.sh" <<'EOF'
PATH=$1:$PATH
. "$2"
t() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _infralint; echo "${COMPREPLY[*]}"; }
t infralint --fail-o
t infralint he
t infralint explain tf/rds-multi
t infralint --disable gha/job-t
t infralint rules -f mark
t infralint --fail-on w
t infralint -
EOF
    bash "$tmp/comp.sh" "$(dirname "$bin")" completion/infralint.bash > "$tmp/comp.out" 2>&1
    check '[ "$(sed -n 1p "$tmp/comp.out")" = "--fail-on" ]' "completion of --fail-o: $(sed -n 1p "$tmp/comp.out")"
    check '[ "$(sed -n 2p "$tmp/comp.out")" = "help" ]' "completion of 'he': $(sed -n 2p "$tmp/comp.out")"
    check '[ "$(sed -n 3p "$tmp/comp.out")" = "tf/rds-multi-az" ]' "completion of a rule id: $(sed -n 3p "$tmp/comp.out")"
    check '[ "$(sed -n 4p "$tmp/comp.out")" = "gha/job-timeout" ]' "completion of --disable RULE: $(sed -n 4p "$tmp/comp.out")"
    check '[ "$(sed -n 5p "$tmp/comp.out")" = "markdown" ]' "completion of rules -f: $(sed -n 5p "$tmp/comp.out")"
    check '[ "$(sed -n 6p "$tmp/comp.out")" = "warning" ]' "completion of --fail-on LEVEL: $(sed -n 6p "$tmp/comp.out")"
    for o in $(cat "$tmp/longs"); do
        check 'sed -n 7p "$tmp/comp.out" | tr " " "\n" | grep -qx -- "--$o"' "completion does not offer --$o"
    done
else
    echo "docs: bash not installed: completion skipped"
fi

# --- help and --help agree
"$bin" help > "$tmp/h1" 2>&1
check 'cmp -s "$tmp/h1" "$tmp/help.txt"' "'infralint help' differs from 'infralint --help'"
for cmd in $(sed -n 's/^  infralint \([a-z]*\) .*/\1/p' "$tmp/help.txt") check; do
    "$bin" help "$cmd" > "$tmp/h2" 2>&1
    "$bin" "$cmd" --help > "$tmp/h3" 2>&1
    check 'cmp -s "$tmp/h2" "$tmp/h3" && grep -q "^usage: infralint" "$tmp/h2"' "'help $cmd' differs from '$cmd --help'"
done

# --- user-facing text: no "seed", nothing outside the repository
"$bin" rules -p lua-policies --format json > "$tmp/all.json" 2> /dev/null
check '! grep -qiwE "seed|seed.s" "$tmp/all.json"' "rule titles, origins or help speak of the seed: $(grep -oiwE '.{30}seed.{20}' "$tmp/all.json" | head -2)"
check '! grep -qiwE "seed|seed.s" "$tmp/help.txt" man/infralint.1' "--help or the man page speaks of the seed"
for doc in README.md docs/*.md man/infralint.1; do
    refs=$(grep -nE "(RULES|DESIGN|STYLE)\.md|\.\./shared|shared corpus" "$doc" | head -2)
    check '[ -z "$refs" ]' "$doc refers to files outside the repository: $refs"
done
python3 - "$top" > "$tmp/links" <<'EOF'
import os, re, sys
top = sys.argv[1]
docs = ["README.md"] + ["docs/" + f for f in sorted(os.listdir(os.path.join(top, "docs"))) if f.endswith(".md")]
for d in docs:
    text = open(os.path.join(top, d)).read()
    for m in re.finditer(r"\]\(([^)#\s]+)(#[^)]*)?\)", text):
        target = m.group(1)
        if re.match(r"[a-z]+:", target):
            continue
        path = os.path.normpath(os.path.join(top, os.path.dirname(d), target))
        if not path.startswith(top + os.sep) or not os.path.exists(path):
            print("%s: %s" % (d, target))
EOF
check '[ ! -s "$tmp/links" ]' "links to missing files or outside the repository: $(head -3 "$tmp/links")"

finish
