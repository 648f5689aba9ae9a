/* sql_claims.h — what the sql/ rules' messages say PostgreSQL does, as data the PostgreSQL suite
 * (tests/pg/) measures on a real server. Each message variant of a rule has one claim, found by
 * a pattern on the message; a rule's "quiet" claim (no pattern) bounds what the statements it
 * covers but does not report may do (its near misses). Facts are about relations that existed
 * before the change: whether a table was rewritten (a new relfilenode), the strongest lock the
 * statement took on one (pg_locks, inside its transaction), whether one was scanned
 * (pg_stat_xact_user_tables), and whether the statement fails when run the tool's way. */
#ifndef INFRALINT_SQL_CLAIMS_H
#define INFRALINT_SQL_CLAIMS_H

#include <stddef.h>

enum sql_fact {
    FACT_ANY = 0, /* the message says nothing about it */
    FACT_NO,
    FACT_YES,
    FACT_IF_ROWS /* fails: exactly when the statement's table holds rows */
};

struct sql_claim {
    const char *rule;
    const char *match;  /* PCRE2 pattern on the message; NULL: the quiet claim */
    const char *covers; /* quiet claims: statements covered, "kind" or "kind:op[:constraint]" */
    enum sql_fact rewrite;
    const char
        *lock; /* pg_locks mode: the strongest lock (at most, for a quiet claim); NULL: any */
    enum sql_fact scan;
    enum sql_fact fails; /* the statement (or its migration) fails on PostgreSQL */
};

extern const struct sql_claim sql_claims[];
extern const size_t sql_nclaims;

#endif
