#!/bin/sh
echo "shellcheck: unrecognized option --norc" >&2
exit 3
