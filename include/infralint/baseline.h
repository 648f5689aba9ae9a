/* baseline.h — a recorded set of findings (existing debt) that later runs do not report again.
 * The file is JSON: {"version": 1, "tool": {…}, "findings": [{"fingerprint", "rule", "file",
 * "line", "location"}, …]} in a stable order (file, rule, location, fingerprint); the fingerprint
 * (finding.h) is what matches, the rest is there for a person reading the file. It holds no
 * message and no value, so nothing sensitive. The baseline owns its entries and strings. */
#ifndef INFRALINT_BASELINE_H
#define INFRALINT_BASELINE_H

#include <stddef.h>

#include "diag.h"
#include "finding.h"

#define BASELINE_VERSION 1

struct baseline_entry {
    char fingerprint[33];
    char *rule, *file, *location; /* file and location may be NULL */
    unsigned line;                /* as recorded, for people */
    unsigned at_line;             /* the entry's line in the baseline file (0 when not found) */
    int used;                     /* matched a finding of this run */
};

struct baseline {
    char *path;
    struct baseline_entry *v;
    size_t n, alloc;
    size_t *slots; /* open addressing over fingerprints: entry index + 1, 0 empty */
    size_t nslots;
};

/* What the run covered, for telling a stale entry from one the run did not look at. */
struct baseline_scope {
    int (*rule_ran)(const char *rule, void *ctx);  /* the rule was enabled in this run */
    int (*file_read)(const char *file, void *ctx); /* the run read this file without error */
    int (*dir_read)(const char *dir, void *ctx);   /* the run read a file of this directory */
    void *ctx;
};

/* Read a baseline; -1 with an error naming the file when it is missing, not JSON, of another
 * version, or has malformed entries (the well-formed entries are kept). */
int baseline_load(struct baseline *b, const char *path, struct diag_list *d);
/* Mark the unsuppressed findings of l that the baseline records SUPP_BASELINE; a finding that
 * moved to another file (a rename, a job moved to another workflow) matches the entry its old
 * place left unused. Entries that match a suppressed finding count as used. Returns how many
 * findings became baselined. */
size_t baseline_apply(struct baseline *b, struct finding_list *l);
/* Add a finding of rule_id at sev to l for every entry that matched nothing although the run
 * ran its rule on its file (or the file is gone and the run read its directory, where a renamed
 * file would have matched): the debt was paid and the entry can go. */
size_t baseline_report_stale(const struct baseline *b, const struct baseline_scope *s,
                             const char *rule_id, enum severity sev, struct finding_list *l);
/* Write the findings of l not suppressed inline or by the config (fingerprints computed) to
 * path, replacing it only once the whole file is written; -1 with an error. n gets the count. */
int baseline_write(const char *path, const struct finding_list *l, size_t *n, struct diag_list *d);
/* Free everything. */
void baseline_release(struct baseline *b);

#endif
