/* finding.h — one rule violation, where it is, and whether something suppressed it.
 * A finding owns all its strings (copied from the documents), so a document can be freed right
 * after it is checked. The rule id is copied too (policies may outlive nothing). */
#ifndef INFRALINT_FINDING_H
#define INFRALINT_FINDING_H

#include <stddef.h>

enum severity { SEV_NONE = 0, SEV_NOTE = 1, SEV_WARNING = 2, SEV_ERROR = 3 };

/* Where a finding points. Borrowed strings; the reporter copies what it keeps.
 * line/col are 1-based, 0 when the format keeps no positions (plans: location is the address). */
struct anchor {
    const char *file;
    unsigned line, col;
    unsigned line2;       /* another line an inline ignore may stand on (a SQL statement's first) */
    const char *location; /* resource address, job id, migration version, or NULL */
    const char *path;     /* attribute path ("multi_az", "jobs.deploy.steps[2].run") or NULL */
};

struct related {
    char *file;
    unsigned line, col;
    char *location;
    char *message;
};

enum suppression { SUPP_NONE = 0, SUPP_INLINE, SUPP_CONFIG, SUPP_BASELINE };

struct finding {
    char *rule;
    enum severity severity;
    char *message;
    char *fix;  /* one line, or NULL */
    char *file; /* NULL for findings about the whole run */
    unsigned line, col, line2;
    char *location;
    char *path;
    char fingerprint[33];
    unsigned occurrence; /* among findings of the same fingerprint key, in sorted order */
    struct related *related;
    size_t nrelated, related_alloc;
    enum suppression suppressed;
    char *suppress_reason; /* NULL when the suppression gave none */
};

struct finding_list {
    struct finding *v;
    size_t n, alloc;
};

/* "error", "warning", "note" (or "none"). */
const char *severity_name(enum severity s);
/* Parse a severity name; 0 on success, -1 when unknown. */
int severity_parse(const char *s, enum severity *out);
/* Append a zeroed finding and return it (valid until the next append). */
struct finding *finding_list_add(struct finding_list *l);
/* Add a related location to f (strings copied). */
void finding_add_related(struct finding *f, const struct anchor *at, const char *message);
/* Sort by file, line, column, rule id, location, path, message (a total, stable order). */
void finding_list_sort(struct finding_list *l);
/* Fill every finding's fingerprint: a hash of what the finding is about, not where it sits —
 * rule, file (without "./"), location, attribute path with its numeric indexes left out
 * (jobs.x.steps[2] and steps[3] are the same step after one is inserted above) and the message
 * with its numbers left out (cited lines, quoted values, version bumps), plus the finding's
 * occurrence among findings equal in all of these (in sorted order). Line shifts, reordered
 * files, unrelated findings and changed numbers leave it unchanged; another resource, column,
 * job or subject named in the message changes it.
 * Sensitive values never enter it (messages are redacted before). */
void finding_list_fingerprint(struct finding_list *l);
/* The fingerprint f would have in a file named file (same occurrence): for renamed files. */
void finding_fingerprint_as(const struct finding *f, const char *file, char out[33]);
/* Free one finding's contents. */
void finding_release(struct finding *f);
/* Free every finding and the list storage. */
void finding_list_release(struct finding_list *l);

#endif
