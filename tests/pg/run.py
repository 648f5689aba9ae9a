#!/usr/bin/env python3
"""run.py — the sql/ rules' claims measured on a real PostgreSQL (not a mock).

Starts a throwaway cluster (Debian's postgresql: initdb into a temporary directory, as the
`postgres` user when run as root; a Unix socket in that directory, no TCP), and for every golden
case under testdata/sql/ and the demo migrations:

  1. builds a database: the released schema testdata/sql/released-schema.sql (tables with rows;
     a case's own `pg-setup` file replaces it, an empty one means none);
  2. applies the migrations' Up sections statement by statement, each in its own transaction,
     and measures on every relation that existed before the change (before the migration,
     without released_through): a rewrite (pg_relation_filenode before and after), the
     strongest lock the statement holds (pg_locks of the session, inside the transaction), a
     scan (pg_stat_xact_user_tables.seq_scan), and whether it failed;
  3. checks every finding infralint reports on a statement against the claim its message makes
     (rules/sql_claims.c, printed by build/tests/pgplan): a claim PostgreSQL disagrees with is a
     failure, and so is a finding without exactly one claim;
  4. checks the statements no rule reports against the quiet claims of the rules that cover
     them (no rewrite, no lock stronger than allowed, no scan where none is allowed);
  5. rolls everything back with the Down sections and applies the Up sections again, each the
     way its tool runs it (goose: the file in one transaction unless NO TRANSACTION, one Exec
     per goose statement; golang-migrate: the whole file in one Exec). A failure is a test
     failure unless a finding of that migration claims it (sql/syntax in a Down,
     sql/concurrently-in-transaction, …).

The cluster is stopped and removed at the end, also on failure or interrupt. Prints
"pg: N passed, N failed", or "pg: skipped (reason)" when no PostgreSQL server or psycopg2 is
there. Cases whose files goose refuses, with input errors, or that need git (--since) are not
run (counted on one line).
"""
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = os.environ.get("BUILD", "build")
binary = os.path.join(top, build, "infralint")
pgplan = os.path.join(top, build, "tests", "pgplan")
RELEASED = os.path.join(top, "testdata", "sql", "released-schema.sql")

LOCKS = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
         "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]
RANK = {m: i for i, m in enumerate(LOCKS)}

passed = failed = 0
failures = []


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        failures.append(what)


def skip(reason):
    print("pg: skipped (%s)" % reason)
    sys.exit(0)


def find_postgres():
    base = "/usr/lib/postgresql"
    if not os.path.isdir(base):
        return None
    vers = sorted((d for d in os.listdir(base) if d.isdigit()), key=int, reverse=True)
    for v in vers:
        b = os.path.join(base, v, "bin")
        if all(os.access(os.path.join(b, x), os.X_OK) for x in ("initdb", "pg_ctl", "postgres")):
            return b
    return None


class Cluster:
    """A throwaway cluster: a socket in its own directory, no TCP, removed by stop()."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.tmp = tempfile.mkdtemp(prefix="infralint-pg-")
        self.data = os.path.join(self.tmp, "data")
        self.port = random.randint(20000, 60000)
        self.user = None
        self.started = False
        if os.geteuid() == 0:  # initdb refuses root: run the server as postgres (or nobody)
            import pwd
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    pass
            if not self.user:
                raise RuntimeError("running as root and there is no postgres or nobody user")
            os.chown(self.tmp, self.user.pw_uid, self.user.pw_gid)
            os.chmod(self.tmp, 0o755)

    def run(self, argv):
        if self.user:
            def demote():
                os.setgid(self.user.pw_gid)
                os.setuid(self.user.pw_uid)
            return subprocess.run(argv, preexec_fn=demote, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, cwd=self.tmp)
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.tmp)

    def start(self):
        p = self.run([os.path.join(self.bindir, "initdb"), "-D", self.data, "-A", "trust", "-U",
                      "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
        if p.returncode:
            raise RuntimeError("initdb failed: " + p.stdout.decode(errors="replace")[-400:])
        opts = ("-c listen_addresses='' -c unix_socket_directories='%s' -c port=%d -c fsync=off "
                "-c full_page_writes=off -c synchronous_commit=off -c max_connections=20 "
                "-c TimeZone=UTC" % (self.tmp, self.port))
        p = self.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-o", opts, "-l",
                      os.path.join(self.tmp, "log"), "-w", "-t", "30", "start"])
        if p.returncode:
            log = ""
            try:
                log = open(os.path.join(self.tmp, "log")).read()[-600:]
            except OSError:
                pass
            raise RuntimeError("the server did not start: " + p.stdout.decode(errors="replace")
                               [-300:] + log)
        self.started = True

    def stop(self):
        if self.started:
            self.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate",
                      "-w", "stop"])
            self.started = False
        shutil.rmtree(self.tmp, ignore_errors=True)

    def connect(self, db="postgres"):
        import psycopg2
        c = psycopg2.connect(host=self.tmp, port=self.port, user="postgres", dbname=db)
        c.autocommit = True
        return c


# ---- measuring ----

USER_RELS = """SELECT c.oid, c.relkind, pg_relation_filenode(c.oid) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    AND n.nspname NOT LIKE 'pg_temp%' AND c.relkind IN ('r', 'p', 'm', 'i', 'I')"""


def relations(cur):
    cur.execute(USER_RELS)
    return {oid: (kind, node) for oid, kind, node in cur.fetchall()}


def scans(cur, oids):
    cur.execute("SELECT relid, seq_scan FROM pg_stat_xact_user_tables")
    return {oid: n for oid, n in cur.fetchall() if oid in oids}


def own_locks(cur, oids):
    cur.execute("SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND "
                "locktype = 'relation' AND granted")
    best = {}
    for rel, mode in cur.fetchall():
        if rel in oids and mode in RANK and RANK[mode] > RANK.get(best.get(rel), -1):
            best[rel] = mode
    return best


def has_rows(cur, table):
    if not table:
        return None
    try:
        cur.execute("SAVEPOINT has_rows")
        cur.execute("SELECT EXISTS (SELECT 1 FROM %s)" % table)
        r = cur.fetchone()[0]
        cur.execute("RELEASE SAVEPOINT has_rows")
        return r
    except Exception:
        cur.execute("ROLLBACK TO SAVEPOINT has_rows")
        return None


FILE_RULES = {"sql/goose-syntax", "sql/duplicate-version", "sql/missing-down"}
NON_TX_KINDS = {"vacuum", "begin", "commit", "rollback"}


def measure(conn, st, base):
    """Run one statement in its own transaction; what it did to the relations of base."""
    cur = conn.cursor()
    m = {"error": None, "rewrite": None, "lock": None, "scan": None, "rows": None,
         "touched": False}
    text = st["exec"]
    if st["kind"] in ("begin", "commit", "rollback"):
        return None  # the suite manages transactions itself
    nontx = st["concurrently"] or st["kind"] in NON_TX_KINDS
    before = relations(cur)
    if nontx:
        try:
            cur.execute(text)
        except Exception as e:  # noqa: BLE001 (psycopg2 errors)
            m["error"] = str(e).strip().splitlines()[0]
        after = relations(cur)
    else:
        cur.execute("BEGIN")
        m["rows"] = has_rows(cur, st["table"])
        sc0 = scans(cur, base)
        try:
            cur.execute(text)
            locks = own_locks(cur, base)
            sc1 = scans(cur, base)
            after = relations(cur)
            m["lock"] = max(locks.values(), key=lambda x: RANK[x]) if locks else "none"
            m["touched"] = bool(locks)
            m["scan"] = any(sc1.get(o, 0) > sc0.get(o, 0) for o in base)
            cur.execute("COMMIT")
        except Exception as e:  # noqa: BLE001
            m["error"] = str(e).strip().splitlines()[0]
            cur.execute("ROLLBACK")
            after = relations(cur)
    m["rewrite"] = any(o in after and before.get(o) and after[o][1] != before[o][1] and
                       before[o][0] in ("r", "m") for o in base)
    m["touched"] = m["touched"] or m["rewrite"]
    return m


def statement_at(stmts, f):
    """The statement holding finding f (same file, line:col inside its range)."""
    pos = (f["line"], f["column"])
    for st in stmts:
        if st["file"] == f["file"] and (st["line"], st["col"]) <= pos <= (st["end_line"],
                                                                           st["end_col"]):
            return st
    return None


def claim_of(claims, f):
    hits = [c for c in claims if c["rule"] == f["rule"] and c["match"] and
            re.search(c["match"], f["message"])]
    return hits


def covered(claim, st):
    parts = claim["covers"].split(":")
    if parts[0] != st["kind"]:
        return False
    if len(parts) == 1:
        return True
    for a in st["actions"]:
        if a["op"] == parts[1] and (len(parts) < 3 or a["constraint"] == parts[2]):
            return True
    return False


def check_finding(name, f, c, m, faithful_failed):
    where = "%s: %s:%d:%d [%s]" % (name, f["file"], f["line"], f["column"], f["rule"])
    if c["fails"] == "yes":
        ok((m and m["error"]) or faithful_failed, "%s: claims the statement fails; it ran" % where)
        return
    if c["fails"] == "if_rows":
        if m and m["rows"] is not None:
            ok(bool(m["error"]) == bool(m["rows"]),
               "%s: claims it fails exactly when the table has rows (rows: %s, error: %s)" %
               (where, m["rows"], m["error"]))
        return
    if not m:
        ok(False, "%s: the statement was not measured" % where)
        return
    if m["error"]:
        ok(False, "%s: the statement failed on PostgreSQL: %s" % (where, m["error"]))
        return
    if c["rewrite"] != "any":
        ok(m["rewrite"] == (c["rewrite"] == "yes"), "%s: claims rewrite %s, PostgreSQL: %s" %
           (where, c["rewrite"], "yes" if m["rewrite"] else "no"))
    if c["lock"] and m["lock"] is not None:
        ok(m["lock"] == c["lock"], "%s: claims %s, PostgreSQL took %s" %
           (where, c["lock"], m["lock"]))
    if c["scan"] != "any" and m["scan"] is not None:
        ok(m["scan"] == (c["scan"] == "yes"), "%s: claims scan %s, PostgreSQL: %s" %
           (where, c["scan"], "yes" if m["scan"] else "no"))


def check_quiet(name, st, m, claims):
    if not m or m["error"] or not m["touched"]:
        return  # nothing that existed before the change was touched: nothing to bound
    where = "%s: %s:%d:%d (%s, no finding)" % (name, st["file"], st["line"], st["col"],
                                                 st["kind"])
    for c in claims:
        if c["match"] or not covered(c, st):
            continue
        if c["rewrite"] == "no":
            ok(not m["rewrite"], "%s: %s allows no rewrite; PostgreSQL rewrote" % (where,
                                                                                  c["rule"]))
        if c["lock"] and m["lock"] not in (None, "none"):
            ok(RANK[m["lock"]] <= RANK[c["lock"]], "%s: %s allows at most %s; PostgreSQL took %s"
               % (where, c["rule"], c["lock"], m["lock"]))
        if c["scan"] == "no" and m["scan"] is not None:
            ok(not m["scan"], "%s: %s allows no scan; PostgreSQL scanned" % (where, c["rule"]))


# ---- applying the tool's way ----

def queries(stmts):
    """goose statements (one Exec each): the statements of one query joined."""
    out = []
    for st in stmts:
        if out and out[-1][0] == st["query"]:
            out[-1][1].append(st["exec"])
        else:
            out.append((st["query"], [st["exec"]]))
    return [";\n".join(t) for _, t in out]


def apply(conn, casedir, mig, section):
    """Run one section the tool's way; the error, or None."""
    cur = conn.cursor()
    stmts = mig[section]
    try:
        if mig["format"] == "golang-migrate":
            path = mig["file"] if section == "up" else mig["down_file"]
            if not path:
                return None
            with open(os.path.join(casedir, path), encoding="utf-8") as fh:
                body = fh.read()
            if body.strip():
                cur.execute(body)
            return None
        if mig["format"] == "goose" and not mig["no_transaction"]:
            cur.execute("BEGIN")
            for q in queries(stmts):
                cur.execute(q)
            cur.execute("COMMIT")
            return None
        for q in queries(stmts):
            cur.execute(q)
        return None
    except Exception as e:  # noqa: BLE001
        if "can't execute an empty query" in str(e):
            return None  # only comments: the server's empty response, no error for the tools
        try:
            cur.execute("ROLLBACK")
        except Exception:  # noqa: BLE001
            pass
        return str(e).strip().splitlines()[0]


# ---- cases ----

def cases():
    out = []
    for root, dirs, files in os.walk(os.path.join(top, "testdata", "sql")):
        dirs.sort()
        if "expected.rc" in files:
            out.append(root)
    out.append(os.path.join(top, "testdata", "demo", "migrations"))
    return out


def case_paths(casedir):
    """The positional arguments of a golden case's `args` (options dropped), and why not."""
    argsf = os.path.join(casedir, "args")
    if not os.path.exists(argsf):
        return ["."], None
    words = shlex.split(open(argsf).read())
    if "--since" in words:
        return None, "needs git (--since)"
    if "--list-inputs" in words:
        return None, "--list-inputs: no report"
    paths, skip_next = [], False
    for w in words:
        if skip_next:
            skip_next = False
            continue
        if w in ("-c", "--config", "-e", "--env", "-p", "--policy", "-f", "--format",
                 "--enable", "--disable", "--fail-on", "-o", "--output"):
            skip_next = True
            continue
        if w.startswith("-"):
            continue
        paths.append(w)
    return paths or ["."], None


def run_case(cl, template, casedir, counts):
    name = os.path.relpath(casedir, top)
    paths, why = case_paths(casedir)
    if why:
        counts[why] = counts.get(why, 0) + 1
        return
    cwd = casedir
    if os.path.exists(os.path.join(casedir, "cwd")):
        cwd = os.path.join(casedir, open(os.path.join(casedir, "cwd")).read().strip())
    plan = json.loads(subprocess.check_output([pgplan] + paths, cwd=cwd))
    migs = [m for s in plan["sets"] for m in s["migrations"]]
    if not migs:
        return
    if plan["input_errors"] or any(m["refused"] for m in migs):
        counts["input errors or files goose refuses"] = counts.get(
            "input errors or files goose refuses", 0) + 1
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        subprocess.run([binary, "--color", "never", "-f", "json=" + out] + shlex.split(
            open(os.path.join(casedir, "args")).read() if os.path.exists(
                os.path.join(casedir, "args")) else "."), cwd=cwd, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        report = json.load(open(out))
    if any(k.get("what") == "PostgreSQL rules" for k in report.get("skipped", [])):
        counts["MySQL or SQLite migrations"] = counts.get("MySQL or SQLite migrations", 0) + 1
        return
    findings = [f for f in report["findings"] if f["rule"].startswith("sql/")]
    if any(f["rule"] == "sql/duplicate-version" for f in findings):
        counts["duplicate versions: the tools refuse the directory"] = counts.get(
            "duplicate versions: the tools refuse the directory", 0) + 1
        return
    claims = plan["claims"]
    for s in plan["sets"]:
        run_set(cl, template, name, casedir, cwd, s["migrations"], findings, claims, counts)


def run_set(cl, template, name, casedir, cwd, migs, findings, claims, counts):
    """One migration directory of a case, in a database of its own."""
    files = {m["file"] for m in migs} | {m["down_file"] for m in migs if m["down_file"]}
    findings = [f for f in findings if f["file"] in files]
    admin = cl.connect()
    db = "c%d" % counts.setdefault("n", 0)
    counts["n"] += 1
    setup = os.path.join(casedir, "pg-setup")
    if os.path.exists(setup) or os.path.relpath(casedir, top).startswith("testdata/demo"):
        admin.cursor().execute("CREATE DATABASE %s" % db)
    else:
        admin.cursor().execute("CREATE DATABASE %s TEMPLATE %s" % (db, template))
    conn = cl.connect(db)
    try:
        if os.path.exists(setup):  # (the demo creates its own schema)
            body = open(setup, encoding="utf-8").read()
            if body.strip():
                conn.cursor().execute(body)
        measured = {}
        change_base = None
        expected_failure = False
        by_stmt = {}
        for f in findings:
            if f["rule"] in FILE_RULES:
                continue  # about the file, not a statement
            st = statement_at([s for m in migs for s in m["up"] + m["down"]], f)
            if st:
                by_stmt.setdefault(id(st), []).append(f)
        release_base = {}  # a version directory's files ship together: new for each other
        for m in migs:
            cur = conn.cursor()
            if m["in_change"] and change_base is None:
                change_base = set(relations(cur))
            base = change_base if m["in_change"] else set(relations(cur))
            if m.get("release") and not m["in_change"]:
                base = release_base.setdefault(m["release"], base)
            for st in m["up"]:
                measured[id(st)] = measure(conn, st, base)
        # claims of the findings
        for m in migs:
            for st in m["up"] + m["down"]:
                for f in by_stmt.get(id(st), []):
                    hits = claim_of(claims, f)
                    ok(len(hits) == 1, "%s: %s:%d [%s] matches %d claims (want 1): %s" %
                       (name, f["file"], f["line"], f["rule"], len(hits), f["message"][:90]))
                    if len(hits) != 1:
                        continue
                    c = hits[0]
                    if c["fails"] in ("yes", "if_rows"):
                        expected_failure = True
                    if st in m["down"] and c["fails"] == "yes":
                        continue  # checked when the Down runs
                    if c["fails"] == "yes" and not (measured.get(id(st)) or {}).get("error"):
                        continue  # fails the tool's way only: checked when applied so
                    check_finding(name, f, c, measured.get(id(st)), False)
        for m in migs:
            for st in m["up"]:
                if m["checked"] and id(st) not in by_stmt:
                    check_quiet(name, st, measured.get(id(st)), claims)
        # unexpected failures while measuring
        for m in migs:
            for st in m["up"]:
                r = measured.get(id(st))
                if r and r["error"] and id(st) not in by_stmt:
                    ok(False, "%s: %s:%d failed on PostgreSQL and no finding says so: %s" %
                       (name, st["file"], st["line"], r["error"]))
        if expected_failure:
            return  # a claimed failure left the schema half-applied: no Down/Up cycle
        if any(f["rule"] == "sql/missing-down" for f in findings) or any(
                m["format"] == "plain" for m in migs):
            return  # no Down to roll back with (a finding says so, or a plain file): no cycle
        claimed_fail = {}
        for m in migs:
            for sec in ("up", "down"):
                for st in m[sec]:
                    for f in by_stmt.get(id(st), []):
                        hits = claim_of(claims, f)
                        if len(hits) == 1 and hits[0]["fails"] == "yes":
                            claimed_fail[(m["file"], sec)] = True
        for m in reversed(migs):
            err = apply(conn, cwd, m, "down")
            if (m["file"], "down") in claimed_fail:
                ok(err is not None, "%s: %s: a finding claims its Down fails; it ran" %
                   (name, m["file"]))
                return
            ok(err is None, "%s: %s: Down failed on PostgreSQL: %s" % (name, m["file"], err))
            if err:
                return
        for m in migs:
            err = apply(conn, cwd, m, "up")
            if (m["file"], "up") in claimed_fail:
                ok(err is not None, "%s: %s: a finding claims its Up fails; it ran" %
                   (name, m["file"]))
                return
            ok(err is None, "%s: %s: Up (after Down) failed on PostgreSQL: %s" %
               (name, m["file"], err))
            if err:
                return
    finally:
        conn.close()
        admin.cursor().execute("DROP DATABASE %s" % db)
        admin.close()


def main():
    if not os.path.exists(pgplan) or not os.path.exists(binary):
        skip("build/tests/pgplan or the binary is missing: run make")
    bindir = find_postgres()
    if not bindir:
        skip("no PostgreSQL server under /usr/lib/postgresql (scripts/setup-deps --test "
             "installs postgresql)")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        skip("python3-psycopg2 is not installed")
    cl = Cluster(bindir)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    counts = {}
    try:
        cl.start()
        admin = cl.connect()
        admin.cursor().execute("CREATE DATABASE released")
        rel = cl.connect("released")
        rel.cursor().execute(open(RELEASED, encoding="utf-8").read())
        rel.close()
        for casedir in cases():
            try:
                run_case(cl, "released", casedir, counts)
            except Exception as e:  # noqa: BLE001 (a broken case is a failure, not a crash)
                ok(False, "%s: %s" % (os.path.relpath(casedir, top), e))
        admin.close()
    finally:
        cl.stop()
    for f in failures:
        print("FAIL pg: " + f)
    skipped = {k: v for k, v in counts.items() if k != "n"}
    if skipped:
        print("pg: cases not run: " + ", ".join("%d (%s)" % (v, k) for k, v in
                                                 sorted(skipped.items())))
    print("pg: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
