#!/bin/sh
# shellcheck itself, with its messages replaced: the expected output depends on shellcheck's
# codes, levels and positions, not on the wording of the version installed
out=$(shellcheck "$@"); rc=$?
[ -n "$out" ] && printf '%s\n' "$out" | sed -E 's/: (error|warning|note): .* \[SC([0-9]+)\]$/: \1: (message) [SC\2]/'
exit $rc
