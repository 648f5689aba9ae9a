/* mig_catalog.h — the replay of a migration set's Up sections (private to the migration loader).
 * Every Up statement of the set, in version order, gets a place in the replay (st->seq) and is
 * applied to a catalog of relations (tables, partitions, views, materialized views, indexes)
 * with their columns, types and constraints. Names are followed through renames and drops: a
 * name's history is kept, so what a name denoted just before any statement is one look-up, and
 * the whole replay is linear in the number of statements. Facts a rule needs at a clause (the
 * column's old type, the ADD COLUMN that added it, the NOT VALID constraint a VALIDATE checks, a
 * validated CHECK before SET NOT NULL, the CREATE that reuses a renamed-away name) are written
 * into the clause while replaying. The catalog lives in the set's arena; mig_catalog_free()
 * frees its index. */
#ifndef INFRALINT_MIG_CATALOG_H
#define INFRALINT_MIG_CATALOG_H

#include "infralint/migration.h"

/* Replay s (sorted, parsed) into s->catalog. */
void mig_catalog_build(struct mig_set *s);
/* Free what the catalog holds outside the arena (NULL is fine). */
void mig_catalog_free(struct mig_catalog *c);

#endif
