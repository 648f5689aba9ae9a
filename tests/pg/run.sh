#!/bin/sh
# run.sh — the PostgreSQL verification suite (tests/pg/run.py) with a Python that has psycopg2:
# python3, else the system's /usr/bin/python3 (where Debian's python3-psycopg2 lives). Prints
# "pg: skipped (…)" when there is none.
top=$(cd "$(dirname "$0")/../.." && pwd)
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import psycopg2' >/dev/null 2>&1; then
        exec "$py" "$top/tests/pg/run.py" "$@"
    fi
done
echo "pg: skipped (no python3 with psycopg2: scripts/setup-deps --test installs python3-psycopg2)"
