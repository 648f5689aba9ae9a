/* baseline.c — read, match, report on and write baseline files (baseline.h). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infralint/baseline.h"
#include "infralint/jsonw.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

/* Baselines are small (about 200 bytes an entry); anything larger is not one. */
#define BASELINE_MAX_BYTES ((size_t)256 << 20)

/* The one place a baseline file is read (so it can use whatever safe-open helper the tree has). */
static int baseline_read(const char *path, char **buf, size_t *len)
{
    return file_read_max(path, BASELINE_MAX_BYTES, buf, len);
}

static int is_hex32(const char *s)
{
    size_t i = 0;
    for (; s[i] && i < 32; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 32 && !s[i];
}

static size_t fp_hash(const char *fp)
{
    size_t h = 0;
    for (int i = 0; i < 16; i++)
        h = h * 16 + (size_t)(fp[i] <= '9' ? fp[i] - '0' : fp[i] - 'a' + 10);
    return h;
}

static void index_build(struct baseline *b)
{
    b->nslots = 16;
    while (b->nslots < b->n * 2)
        b->nslots *= 2;
    b->slots = xcalloc(b->nslots, sizeof(*b->slots));
    for (size_t i = 0; i < b->n; i++) {
        size_t at = fp_hash(b->v[i].fingerprint) & (b->nslots - 1);
        while (b->slots[at])
            at = (at + 1) & (b->nslots - 1);
        b->slots[at] = i + 1;
    }
}

/* An entry with fingerprint fp (unused, and of file when file is given), or NULL. */
static struct baseline_entry *lookup(const struct baseline *b, const char *fp, int unused,
                                     const char *file)
{
    if (!b->nslots)
        return NULL;
    for (size_t at = fp_hash(fp) & (b->nslots - 1); b->slots[at]; at = (at + 1) & (b->nslots - 1)) {
        struct baseline_entry *e = &b->v[b->slots[at] - 1];
        if (!strcmp(e->fingerprint, fp) && (!unused || !e->used) &&
            (!file || !str_cmp0(e->file, file)))
            return e;
    }
    return NULL;
}

/* Each entry's line in the file: where its fingerprint first appears as a quoted string. */
static void find_lines(struct baseline *b, const char *text)
{
    unsigned line = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        if (*p != '"')
            continue;
        char fp[33];
        size_t n = 0;
        while (n < 32 && p[1 + n] && p[1 + n] != '"' && p[1 + n] != '\n')
            fp[n] = p[1 + n], n++;
        fp[n] = '\0';
        if (n < 32 || p[33] != '"' || !is_hex32(fp))
            continue; /* never past the end: the copy stopped at the first NUL, quote or LF */
        struct baseline_entry *e = lookup(b, fp, 0, NULL);
        if (e && !e->at_line)
            e->at_line = line;
        p += 33;
    }
}

static char *opt_str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? xstrdup(s) : NULL;
}

static int load_entries(struct baseline *b, json_t *arr, struct diag_list *d)
{
    int rc = 0;
    size_t i;
    json_t *it;
    json_array_foreach (arr, i, it) {
        const char *fp = json_string_value(json_object_get(it, "fingerprint"));
        const char *rule = json_string_value(json_object_get(it, "rule"));
        char jp[64];
        if (!json_is_object(it) || !fp || !is_hex32(fp) || !rule) {
            snprintf(jp, sizeof(jp), "findings[%zu]", i);
            rc = diag_add_jpath(d, b->path, jp,
                                "baseline entry needs a 'fingerprint' (32 hexadecimal digits) and "
                                "a 'rule': entry ignored");
            continue;
        }
        ALLOC_GROW(b->v, b->n + 1, b->alloc);
        struct baseline_entry *e = &b->v[b->n++];
        memset(e, 0, sizeof(*e));
        memcpy(e->fingerprint, fp, 33);
        e->rule = xstrdup(rule);
        e->file = opt_str(it, "file");
        e->location = opt_str(it, "location");
        json_int_t line = json_integer_value(json_object_get(it, "line"));
        e->line = line > 0 && line < 1000000000 ? (unsigned)line : 0;
    }
    return rc;
}

int baseline_load(struct baseline *b, const char *path, struct diag_list *d)
{
    memset(b, 0, sizeof(*b));
    b->path = xstrdup(path);
    char *text;
    size_t len;
    if (baseline_read(path, &text, &len) < 0)
        return diag_add(d, path, 0, 0, "cannot read baseline: %s",
                        errno == EFBIG ? "file too large" : strerror(errno));
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    int rc = 0;
    if (!root) {
        /* jansson's text may quote the input: only the position is given */
        rc = diag_add(d, path, err.line > 0 ? (unsigned)err.line : 0,
                      err.column > 0 ? (unsigned)err.column : 0,
                      "baseline is not valid JSON (write one with --write-baseline)");
    } else if (!json_is_object(root) || !json_is_integer(json_object_get(root, "version"))) {
        rc = diag_add(d, path, 0, 0,
                      "not a baseline: no integer 'version' (write one with --write-baseline)");
    } else if (json_integer_value(json_object_get(root, "version")) != BASELINE_VERSION) {
        rc = diag_add_jpath(d, path, "version",
                            "baseline version %lld is not supported: this infralint reads "
                            "version %d (write it again with --write-baseline)",
                            (long long)json_integer_value(json_object_get(root, "version")),
                            BASELINE_VERSION);
    } else if (!json_is_array(json_object_get(root, "findings"))) {
        rc = diag_add_jpath(d, path, "findings", "baseline has no 'findings' list");
    } else {
        rc = load_entries(b, json_object_get(root, "findings"), d);
        index_build(b);
        find_lines(b, text);
    }
    json_decref(root);
    free(text);
    return rc;
}

static int exists(const char *file)
{
    struct stat st;
    return stat(file, &st) == 0;
}

/* e matched f: e is used, f (unless suppressed otherwise) baselined; 1 when f became so. */
static int take(struct baseline_entry *e, struct finding *f)
{
    e->used = 1;
    if (f->suppressed)
        return 0;
    f->suppressed = SUPP_BASELINE;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Second pass: a finding that matched no entry may have moved — its file renamed, its job moved
 * to another workflow, its migration moved to another directory. It matches an entry that the
 * first pass left unused, of another file, when it would have that entry's fingerprint in that
 * file: the same rule, location, path and message, only the file differs. */
static size_t apply_moves(struct baseline *b, struct finding_list *l, const unsigned char *hit)
{
    const char **files = xcalloc(b->n + 1, sizeof(*files));
    size_t nfiles = 0, matched = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->v[i].used && b->v[i].file)
            files[nfiles++] = b->v[i].file;
    qsort(files, nfiles, sizeof(*files), cmp_str);
    size_t w = 0;
    for (size_t i = 0; i < nfiles; i++)
        if (!w || strcmp(files[w - 1], files[i]))
            files[w++] = files[i];
    nfiles = w;
    for (size_t i = 0; nfiles && i < l->n; i++) {
        struct finding *f = &l->v[i];
        if (hit[i] || !f->file)
            continue;
        for (size_t g = 0; g < nfiles; g++) {
            if (!strcmp(files[g], f->file))
                continue;
            char fp[33];
            finding_fingerprint_as(f, files[g], fp);
            struct baseline_entry *e = lookup(b, fp, 1, files[g]);
            if (e) {
                matched += (size_t)take(e, f);
                break;
            }
        }
    }
    free(files);
    return matched;
}

size_t baseline_apply(struct baseline *b, struct finding_list *l)
{
    size_t matched = 0;
    unsigned char *hit = xcalloc(l->n + 1, 1);
    for (size_t i = 0; i < l->n; i++) {
        struct finding *f = &l->v[i];
        struct baseline_entry *e = lookup(b, f->fingerprint, 1, NULL);
        if (e) {
            matched += (size_t)take(e, f);
            hit[i] = 1;
        }
    }
    matched += apply_moves(b, l, hit);
    free(hit);
    return matched;
}

/* Did the run look where an entry of file points? */
static int looked(const struct baseline_scope *s, const char *file)
{
    if (!file || s->file_read(file, s->ctx))
        return 1;
    if (exists(file))
        return 0;
    char *dir = path_dirname(file);
    int r = s->dir_read(dir, s->ctx);
    free(dir);
    return r;
}

size_t baseline_report_stale(const struct baseline *b, const struct baseline_scope *s,
                             const char *rule_id, enum severity sev, struct finding_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct baseline_entry *e = &b->v[i];
        if (e->used || !s->rule_ran(e->rule, s->ctx) || !looked(s, e->file))
            continue; /* matched, or the run did not look where the entry points */
        struct finding *f = finding_list_add(l);
        f->rule = xstrdup(rule_id);
        f->severity = sev;
        f->file = xstrdup(b->path);
        f->line = e->at_line;
        f->col = e->at_line ? 1 : 0;
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "baseline entry for '%s'", e->rule);
        if (e->file)
            strbuf_addf(&sb, " in %s", e->file);
        if (e->location)
            strbuf_addf(&sb, " at %s", e->location);
        strbuf_addstr(&sb, e->file && !exists(e->file)
                               ? " matched no finding: the file is gone"
                               : " matched no finding: what it recorded was fixed");
        f->message = strbuf_detach(&sb);
        f->fix = xstrdup("write the baseline again (--write-baseline) so that it shrinks");
        n++;
    }
    return n;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct finding *x = *(const struct finding *const *)a,
                         *y = *(const struct finding *const *)b;
    int c;
    if ((c = str_cmp0(x->file, y->file)) || (c = strcmp(x->rule, y->rule)) ||
        (c = str_cmp0(x->location, y->location)))
        return c;
    return strcmp(x->fingerprint, y->fingerprint);
}

int baseline_write(const char *path, const struct finding_list *l, size_t *n, struct diag_list *d)
{
    const struct finding **v = xcalloc(l->n + 1, sizeof(*v));
    *n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].suppressed == SUPP_NONE || l->v[i].suppressed == SUPP_BASELINE)
            v[(*n)++] = &l->v[i];
    qsort(v, *n, sizeof(*v), entry_cmp);
    struct strbuf sb = STRBUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object(&w, NULL);
    jsonw_int(&w, "version", BASELINE_VERSION);
    jsonw_object(&w, "tool");
    jsonw_string(&w, "name", "infralint");
    jsonw_end(&w);
    jsonw_array(&w, "findings");
    for (size_t i = 0; i < *n; i++) {
        jsonw_object(&w, NULL);
        jsonw_string(&w, "fingerprint", v[i]->fingerprint);
        jsonw_string(&w, "rule", v[i]->rule);
        jsonw_string(&w, "file", v[i]->file);
        jsonw_int(&w, "line", v[i]->line);
        jsonw_string(&w, "location", v[i]->location);
        jsonw_end(&w);
    }
    jsonw_end(&w);
    jsonw_end(&w);
    strbuf_addch(&sb, '\n');
    free(v);
    char *tmp = xstrfmt("%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int ok = f && fwrite(sb.buf, 1, sb.len, f) == sb.len;
    int err = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        err = errno;
    }
    if (!ok) {
        unlink(tmp);
        diag_add(d, path, 0, 0, "cannot write baseline: %s", strerror(err));
    }
    free(tmp);
    strbuf_release(&sb);
    return ok ? 0 : -1;
}

void baseline_release(struct baseline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->v[i].rule);
        free(b->v[i].file);
        free(b->v[i].location);
    }
    free(b->v);
    free(b->slots);
    free(b->path);
    memset(b, 0, sizeof(*b));
}
