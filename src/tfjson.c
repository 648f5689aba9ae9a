/* tfjson.c — decode, parse and classify Terraform JSON inputs. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "jdoc.h"
#include "tfjson.h"

#define RUN_SHOW "run `terraform show -json PLANFILE > plan.json` and check that file"

/* Decode UTF-16 (with or without BOM) into UTF-8; -1 on invalid input (offset in *bad). */
static int utf16_decode(const unsigned char *s, size_t len, int be, struct strbuf *out, size_t *bad)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= len) {
                *bad = i;
                return -1;
            }
            uint32_t lo =
                be ? (uint32_t)(s[i + 2] << 8 | s[i + 3]) : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
            if (lo < 0xDC00 || lo > 0xDFFF) {
                *bad = i;
                return -1;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            *bad = i;
            return -1;
        }
        if (u < 0x80) {
            strbuf_addch(out, (int)u);
        } else if (u < 0x800) {
            strbuf_addch(out, (int)(0xC0 | u >> 6));
            strbuf_addch(out, (int)(0x80 | (u & 0x3F)));
        } else if (u < 0x10000) {
            strbuf_addch(out, (int)(0xE0 | u >> 12));
            strbuf_addch(out, (int)(0x80 | ((u >> 6) & 0x3F)));
            strbuf_addch(out, (int)(0x80 | (u & 0x3F)));
        } else {
            strbuf_addch(out, (int)(0xF0 | u >> 18));
            strbuf_addch(out, (int)(0x80 | ((u >> 12) & 0x3F)));
            strbuf_addch(out, (int)(0x80 | ((u >> 6) & 0x3F)));
            strbuf_addch(out, (int)(0x80 | (u & 0x3F)));
        }
    }
    if (len % 2) {
        *bad = len - 1;
        return -1;
    }
    return 0;
}

/* jansson messages end in " near '<input>'": cut that off (it may hold part of a secret). */
char *tfjson_error_text(const char *text)
{
    /* the messages of jansson 2.14 that carry bytes of the input, and what we say instead */
    static const struct {
        const char *prefix, *says;
    } quoting[] = {
        {"invalid Unicode", "invalid Unicode escape (a lone or misordered surrogate)"},
        {"control character", "a control character in a string (escape it as \\u00XX)"},
        {"unable to decode byte", "invalid UTF-8"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(quoting); i++)
        if (starts_with(text, quoting[i].prefix))
            return xstrdup(quoting[i].says);
    const char *near = strstr(text, " near '"); /* "near end of file" quotes nothing */
    size_t n = near ? (size_t)(near - text) : strlen(text);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) { /* anything else quoted with an escape in it goes too */
        const char *q = text[i] == '\'' ? memchr(text + i + 1, '\'', n - i - 1) : NULL;
        if (q && memchr(text + i, '\\', (size_t)(q - text - i))) {
            strbuf_addstr(&sb, "(input)");
            i = (size_t)(q - text);
        } else {
            strbuf_addch(&sb, text[i]);
        }
    }
    return strbuf_detach(&sb);
}

static const char *skip_ws(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++;
    return s;
}

/* Does a line (s..e) look like the setup-terraform wrapper or workflow command noise? */
static int noise_line(const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    return (n >= 9 && !memcmp(s, "[command]", 9)) || (n >= 2 && s[0] == ':' && s[1] == ':');
}

/* If buf is JSON wrapped in setup-terraform noise, find the JSON line: 1 and its span. */
static int find_wrapped_json(const char *buf, size_t len, const char **js, size_t *jlen)
{
    const char *s = buf, *end = buf + len;
    int noise = 0;
    const char *found = NULL, *found_end = NULL;
    while (s < end) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e)
            e = end;
        const char *t = skip_ws(s, e);
        if (noise_line(t, e))
            noise = 1;
        else if (t < e && *t == '{' && !found) {
            found = t;
            found_end = e;
        }
        s = e < end ? e + 1 : end;
    }
    if (!noise || !found)
        return 0;
    while (found_end > found && (found_end[-1] == '\r' || found_end[-1] == ' '))
        found_end--;
    /* the wrapper percent-encodes the final newline: "...}%0A" */
    while (found_end - found >= 3 && !memcmp(found_end - 3, "%0A", 3))
        found_end -= 3;
    *js = found;
    *jlen = (size_t)(found_end - found);
    return 1;
}

/* First line of a JSON-lines stream from `terraform plan -json`? */
static int is_ui_stream(const char *buf, size_t len)
{
    const char *e = memchr(buf, '\n', len);
    if (!e || skip_ws(e, buf + len) == buf + len)
        return 0; /* one line: `terraform show -json` output, not a stream (do not parse twice) */
    json_error_t err;
    json_t *first = json_loadb(buf, (size_t)(e - buf), 0, &err);
    if (!first)
        return 0;
    int yes = json_is_object(first) &&
              (json_object_get(first, "@level") || json_object_get(first, "@message"));
    json_decref(first);
    return yes;
}

void tfjson_refusal(const char *js, size_t len, int any, struct json_error_t *err)
{
    json_t *j = json_loadb(js, len, any ? JSON_DECODE_ANY : 0, err);
    json_decref(j);
    /* jansson reads a NUL byte between tokens as a space or as the end of the text; RFC 8259
     * (and jdoc) allow none, so a NUL where jansson stopped, or before, is the problem */
    const char *nul = memchr(js, '\0', len);
    if (!j && (!nul || nul - js > err->position))
        return;
    memset(err, 0, sizeof(*err));
    if (!nul) {
        snprintf(err->text, sizeof(err->text), "not accepted by infralint's JSON reader");
        return;
    }
    err->line = 1;
    err->column = 1;
    for (const char *c = js; c < nul; c++) {
        if (*c == '\n') {
            err->line++;
            err->column = 1;
        } else if (((unsigned char)*c & 0xC0) != 0x80) {
            err->column++;
        }
    }
    err->position = (int)(nul - js);
    snprintf(err->text, sizeof(err->text), "a NUL byte, which JSON does not allow");
}

/* Members of a plan kept as text until first read: they repeat what rules read elsewhere. */
static const char *const deferred_keys[] = {"planned_values", "prior_state", NULL};

/* Parse a document in one pass, deferring the large repeated members of a plan; NULL with err
 * on error (jansson's message: the parser refuses exactly what jansson refuses). */
static struct jdoc *parse_document(const char *js, size_t len, json_error_t *err)
{
    struct jdoc_opts o = {0, deferred_keys};
    struct jdoc *doc = jdoc_parse(js, len, &o);
    if (doc)
        return doc;
    tfjson_refusal(js, len, 0, err);
    return NULL;
}

static void classify_root(const char *file, struct jdoc *doc, int explicit,
                          struct tfjson_result *out, struct diag_list *d)
{
    const struct pval *root = jdoc_root(doc);
    if (pval_type(root) != PV_OBJECT) {
        out->kind = TFJSON_OTHER;
        out->what = "JSON that is not an object";
        if (explicit)
            diag_add(d, file, 0, 0,
                     "not a Terraform plan: expected a JSON object with 'format_version' "
                     "(the output of `terraform show -json PLANFILE`)");
        jdoc_free(doc);
        return;
    }
    if (pval_get(root, "format_version") &&
        (pval_get(root, "resource_changes") || pval_get(root, "planned_values") ||
         pval_get(root, "configuration") || pval_get(root, "prior_state"))) {
        out->terraform = 1;
        out->plan = plan_from_doc(file, doc, d);
        out->kind = out->plan ? TFJSON_PLAN : TFJSON_ERROR;
        return;
    }
    if (pval_get(root, "version") && (pval_get(root, "backend") || pval_get(root, "state_store")) &&
        !pval_get(root, "resources")) {
        out->terraform = 1;
        out->backend = backend_from_doc(file, doc, d);
        out->kind = out->backend ? TFJSON_BACKEND : TFJSON_ERROR;
        return;
    }
    out->kind = TFJSON_OTHER;
    if (pval_get(root, "format_version") && pval_get(root, "values")) {
        out->what = "Terraform state (terraform show -json without a plan file)";
        out->terraform = 1;
        if (explicit)
            diag_add(d, file, 0, 0, "this is the JSON of a state, not of a plan: " RUN_SHOW);
    } else if (pval_get(root, "lineage") && pval_get(root, "resources")) {
        out->what = "Terraform state file";
        out->terraform = 1;
        if (explicit)
            diag_add(d, file, 0, 0, "this is a Terraform state file, not a plan: " RUN_SHOW);
    } else if (pval_get(root, "format_version")) {
        out->what = "JSON with format_version but no plan sections";
        out->terraform = 1;
        if (explicit)
            diag_add(d, file, 0, 0,
                     "not a Terraform plan: 'format_version' is there but none of "
                     "'resource_changes', 'planned_values', 'configuration'");
    } else {
        out->what = "JSON that is not a Terraform plan";
        if (explicit)
            diag_add(d, file, 0, 0,
                     "not a Terraform plan: expected 'format_version' and 'resource_changes' "
                     "(the output of `terraform show -json PLANFILE`)");
    }
    jdoc_free(doc);
}

static void parse_error(const char *file, const json_error_t *err, size_t len, struct diag_list *d)
{
    char *msg = tfjson_error_text(err->text);
    int at_end = (size_t)err->position >= len || strstr(err->text, "end of file") ||
                 strstr(err->text, "premature end");
    if (at_end && (strstr(err->text, "expected") || strstr(err->text, "premature end")))
        diag_add(d, file, (unsigned)(err->line > 0 ? err->line : 0),
                 (unsigned)(err->column > 0 ? err->column : 0),
                 "invalid JSON: %s (the file ends early: truncated?)", msg);
    else
        diag_add(d, file, (unsigned)(err->line > 0 ? err->line : 0),
                 (unsigned)(err->column > 0 ? err->column : 0), "invalid JSON: %s", msg);
    free(msg);
}

static int looks_terraform(const char *buf, size_t len)
{
    size_t n = len < 65536 ? len : 65536;
    static const char *const keys[] = {"\"format_version\"", "\"terraform_version\"",
                                       "\"resource_changes\"", "\"planned_values\""};
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        size_t kl = strlen(keys[i]);
        for (size_t j = 0; j + kl <= n; j++)
            if (buf[j] == '"' && !memcmp(buf + j, keys[i], kl))
                return 1;
    }
    return 0;
}

void tfjson_load(const char *file, const char *buf, size_t len, enum tfjson_origin origin,
                 struct tfjson_result *out, struct diag_list *d)
{
    int explicit = origin == TFJSON_EXPLICIT;
    int planlike = origin != TFJSON_WALKED; /* broken content is worth an error */
    memset(out, 0, sizeof(*out));
    const unsigned char *u = (const unsigned char *)buf;
    struct strbuf decoded = STRBUF_INIT;

    if (len >= 4 && !memcmp(buf, "PK\x03\x04", 4)) {
        out->what = "a zip file (binary plan?)";
        if (len > 30 && memmem(buf, len < 512 ? len : 512, "tfplan", 6))
            out->what = "binary plan file (run `terraform show -json` on it)";
        if (explicit)
            diag_add(
                d, file, 0, 0,
                "this is a binary plan file (from `terraform plan -out`), not JSON: " RUN_SHOW);
        out->kind = explicit ? TFJSON_ERROR : TFJSON_OTHER;
        return;
    }
    int be = -1;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        be = 0;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        be = 1;
    else if (len >= 4 && u[1] == 0 && u[3] == 0 && u[0] && u[2])
        be = 0;
    else if (len >= 4 && u[0] == 0 && u[2] == 0 && u[1] && u[3])
        be = 1;
    if (be >= 0) {
        size_t skip = (u[0] == 0xFF || u[0] == 0xFE) ? 2 : 0, bad = 0;
        if (utf16_decode(u + skip, len - skip, be, &decoded, &bad) < 0) {
            strbuf_release(&decoded);
            out->what = "invalid UTF-16";
            if (planlike)
                diag_add(d, file, 0, 0, "invalid UTF-16 at byte %zu", bad + skip);
            out->kind = planlike ? TFJSON_ERROR : TFJSON_OTHER;
            return;
        }
        buf = decoded.buf;
        len = decoded.len;
    } else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        buf += 3;
        len -= 3;
    }

    const char *start = skip_ws(buf, buf + len);
    if (start == buf + len) {
        out->what = "empty";
        if (planlike)
            diag_add(d, file, 0, 0,
                     "empty file (expected the JSON of `terraform show -json PLANFILE`)");
        out->kind = planlike ? TFJSON_ERROR : TFJSON_OTHER;
        strbuf_release(&decoded);
        return;
    }
    const char *js = buf;
    size_t jlen = len;
    int wrapped = 0;
    if (noise_line(start, buf + len) && find_wrapped_json(buf, len, &js, &jlen)) {
        wrapped = 1;
        out->terraform = 1;
        diag_add(d, file, 0, 0,
                 "the JSON is wrapped in setup-terraform output ('[command]' and '::' lines): "
                 "use `terraform_wrapper: false` in hashicorp/setup-terraform, or strip those "
                 "lines; the plan inside was still checked");
    }
    if (!wrapped && *start != '{' && *start != '[') {
        out->what = "not JSON";
        if (explicit)
            diag_add(d, file, 0, 0,
                     "not JSON, so not a Terraform plan or backend file (infralint reads "
                     "`terraform show -json` output, .terraform/, workflows and migrations)");
        out->kind = explicit ? TFJSON_ERROR : TFJSON_OTHER;
        strbuf_release(&decoded);
        return;
    }
    if (!wrapped && *start == '{' && is_ui_stream(start, len - (size_t)(start - buf))) {
        out->what = "streaming UI output of `terraform plan -json`";
        out->terraform = 1;
        if (planlike)
            diag_add(d, file, 1, 1,
                     "this is the streaming UI output of `terraform plan -json`, not a plan: run "
                     "`terraform plan -out=PLANFILE`, then `terraform show -json PLANFILE`");
        out->kind = planlike ? TFJSON_ERROR : TFJSON_OTHER;
        strbuf_release(&decoded);
        return;
    }

    json_error_t err;
    struct jdoc *doc = parse_document(js, jlen, &err);
    if (!doc) {
        out->terraform = out->terraform || looks_terraform(js, jlen);
        out->what = "not JSON";
        if (planlike || out->terraform) {
            parse_error(file, &err, jlen, d);
            out->kind = TFJSON_ERROR;
        } else {
            out->kind = TFJSON_OTHER;
        }
        strbuf_release(&decoded);
        return;
    }
    strbuf_release(&decoded);
    classify_root(file, doc, explicit, out, d);
}

struct member_list {
    struct jmember *v;
    size_t n, alloc;
};

static void add_member(void *arg, const char *key, size_t klen, const char *val, size_t vlen)
{
    struct member_list *l = arg;
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    l->v[l->n].key = key;
    l->v[l->n].klen = klen;
    l->v[l->n].val = val;
    l->v[l->n++].vlen = vlen;
}

int tfjson_scan_object(const char *buf, size_t len, struct jmember **out, size_t *n)
{
    struct member_list l = {0};
    int rc = jdoc_scan_members(buf, len, add_member, &l);
    if (rc) {
        free(l.v);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}
