/* sql_claims.c — the claims of the sql/ rules' messages (see sql_claims.h), one row per message
 * variant, in the order of the rule tables. Lock modes are pg_locks' names. */
#include "sql_claims.h"

#define AEL "AccessExclusiveLock"

const struct sql_claim sql_claims[] = {
    /* file-level rules: nothing about statements */
    {"sql/goose-syntax", ".", NULL, FACT_ANY, NULL, FACT_ANY, FACT_ANY},
    {"sql/duplicate-version", ".", NULL, FACT_ANY, NULL, FACT_ANY, FACT_ANY},
    {"sql/missing-down", ".", NULL, FACT_ANY, NULL, FACT_ANY, FACT_ANY},
    {"sql/concurrently-in-transaction", "cannot run inside a transaction block|fails there", NULL,
     FACT_ANY, NULL, FACT_ANY, FACT_YES},

    {"sql/drop-column", "^drops column ", NULL, FACT_NO, AEL, FACT_NO, FACT_NO},
    {"sql/drop-column", NULL, "alter_table:drop_column", FACT_NO, NULL, FACT_NO, FACT_NO},
    {"sql/drop-table", "^drops tables? ", NULL, FACT_ANY, AEL, FACT_NO, FACT_NO},
    {"sql/rename-column", "^renames column ", NULL, FACT_NO, AEL, FACT_NO, FACT_NO},
    {"sql/rename-table", "^renames table ", NULL, FACT_NO, AEL, FACT_NO, FACT_NO},

    {"sql/change-column-type", " from .*: PostgreSQL rewrites the table", NULL, FACT_YES, AEL,
     FACT_ANY, FACT_NO},
    {"sql/change-column-type", "which has constraints: PostgreSQL checks them by rewriting", NULL,
     FACT_YES, AEL, FACT_ANY, FACT_NO},
    {"sql/change-column-type", "unless the session's TimeZone is UTC", NULL, FACT_ANY, AEL,
     FACT_ANY, FACT_NO},
    {"sql/change-column-type", "unless the old type converts to it", NULL, FACT_ANY, AEL, FACT_ANY,
     FACT_NO},
    {"sql/change-column-type", NULL, "alter_table:alter_column_type", FACT_NO, AEL, FACT_ANY,
     FACT_NO},

    {"sql/add-required-column", "without a DEFAULT: the migration fails if the table has rows",
     NULL, FACT_ANY, NULL, FACT_ANY, FACT_IF_ROWS},
    {"sql/add-required-column", "PostgreSQL rewrites the whole table to fill it", NULL, FACT_YES,
     AEL, FACT_ANY, FACT_NO},
    {"sql/add-required-column", NULL, "alter_table:add_column", FACT_NO, AEL, FACT_NO, FACT_NO},

    {"sql/set-not-null", "^SET NOT NULL on .* scans the whole table", NULL, FACT_NO, AEL, FACT_YES,
     FACT_NO},
    {"sql/set-not-null", NULL, "alter_table:set_not_null", FACT_NO, AEL, FACT_NO, FACT_NO},

    {"sql/index-not-concurrent", "without CONCURRENTLY holds a SHARE lock", NULL, FACT_NO,
     "ShareLock", FACT_YES, FACT_NO},
    {"sql/index-not-concurrent", "a partitioned table, builds the index on every partition", NULL,
     FACT_NO, "ShareLock", FACT_ANY, FACT_NO},
    {"sql/index-not-concurrent", "^DROP INDEX .* without CONCURRENTLY takes an ACCESS EXCLUSIVE",
     NULL, FACT_NO, AEL, FACT_NO, FACT_NO},
    {"sql/index-not-concurrent", NULL, "create_index", FACT_NO, "ShareLock", FACT_NO, FACT_NO},

    {"sql/constraint-not-valid", "^adds FOREIGN KEY", NULL, FACT_NO, "ShareRowExclusiveLock",
     FACT_YES, FACT_NO},
    {"sql/constraint-not-valid", "^adds CHECK constraint", NULL, FACT_NO, AEL, FACT_YES, FACT_NO},
    {"sql/constraint-not-valid", "with a DEFAULT and an inline REFERENCES", NULL, FACT_NO, AEL,
     FACT_YES, FACT_NO},
    {"sql/constraint-not-valid", "with an inline REFERENCES .*: besides the ACCESS EXCLUSIVE", NULL,
     FACT_NO, AEL, FACT_NO, FACT_NO},
    {"sql/constraint-not-valid", "^VALIDATE CONSTRAINT .* runs in the same transaction", NULL,
     FACT_NO, NULL, FACT_YES, FACT_NO},
    {"sql/constraint-not-valid", NULL, "alter_table:add_constraint:foreign_key", FACT_NO,
     "ShareRowExclusiveLock", FACT_NO, FACT_NO},
    {"sql/constraint-not-valid", NULL, "alter_table:add_constraint:check", FACT_NO, AEL, FACT_NO,
     FACT_NO},
    {"sql/constraint-not-valid", NULL, "alter_table:validate_constraint", FACT_NO,
     "ShareUpdateExclusiveLock", FACT_ANY, FACT_NO},

    {"sql/unique-constraint", "^adds (UNIQUE constraint|column .* with UNIQUE)", NULL, FACT_NO, AEL,
     FACT_YES, FACT_NO},
    {"sql/unique-constraint", NULL, "alter_table:add_constraint:unique", FACT_NO, AEL, FACT_NO,
     FACT_NO},

    {"sql/volatile-default", "PostgreSQL rewrites the whole table to compute", NULL, FACT_YES, AEL,
     FACT_ANY, FACT_NO},
    {"sql/volatile-default", NULL, "alter_table:add_column", FACT_NO, AEL, FACT_NO, FACT_NO},

    {"sql/truncate", "^truncates ", NULL, FACT_ANY, AEL, FACT_ANY, FACT_NO},

    {"sql/add-primary-key", "^adds PRIMARY KEY", NULL, FACT_NO, AEL, FACT_YES, FACT_NO},
    {"sql/add-primary-key", NULL, "alter_table:add_constraint:primary_key", FACT_NO, AEL, FACT_NO,
     FACT_NO},

    {"sql/drop-not-null", "^drops NOT NULL on ", NULL, FACT_NO, AEL, FACT_NO, FACT_NO},

    {"sql/backfill", "in the migration's transaction: each row it touches", NULL, FACT_NO,
     "RowExclusiveLock", FACT_ANY, FACT_NO},
    {"sql/backfill", "the ACCESS EXCLUSIVE lock the ALTER TABLE on line", NULL, FACT_NO, NULL,
     FACT_ANY, FACT_NO},
    {"sql/backfill", NULL, "update", FACT_NO, "RowExclusiveLock", FACT_ANY, FACT_NO},
    {"sql/backfill", NULL, "delete", FACT_NO, "RowExclusiveLock", FACT_ANY, FACT_NO},

    {"sql/syntax", "^PostgreSQL rejects this statement", NULL, FACT_ANY, NULL, FACT_ANY, FACT_YES},
};

const size_t sql_nclaims = sizeof(sql_claims) / sizeof(sql_claims[0]);
