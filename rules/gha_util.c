/* gha_util.c — shared by the gha/ rules: reporting at nodes (aliases named), the shell commands
 * of `run:` scripts, and which jobs run tests. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

/* ---- reporting ---- */

static void report_v(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                     unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                     const char *location, const char *path, const char *fix, const char *fmt,
                     va_list ap) IL_PRINTF(11, 0);
static void report_v(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                     unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                     const char *location, const char *path, const char *fix, const char *fmt,
                     va_list ap)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_vaddf(&sb, fmt, ap);
    if (via && via->anchor)
        strbuf_addf(&sb, " (through the alias '*%s')", via->anchor);
    struct anchor a = {wf->file, line, col, line2, location, path};
    if (sev)
        rule_report_sev(ctx, sev, &a, fix, "%s", sb.buf);
    else
        rule_report(ctx, &a, fix, "%s", sb.buf);
    strbuf_release(&sb);
    if (via && via->target) {
        struct anchor def = {wf->file, via->target->line, via->target->col, 0, location, NULL};
        rule_related(ctx, &def, "the anchor '&%s' is defined here", via->anchor);
    }
}

void gha_report(struct rule_ctx *ctx, const struct workflow *wf, struct yref at,
                const char *location, const char *path, const char *fix, const char *fmt, ...)
{
    /* the attribute path keeps fingerprints stable when lines move */
    char *own = path ? NULL : wf_node_path(wf, at.via ? at.via : at.n);
    va_list ap;
    va_start(ap, fmt);
    report_v(ctx, SEV_NONE, wf, yref_line(at), yref_col(at), 0, at.via, location, path ? path : own,
             fix, fmt, ap);
    va_end(ap);
    free(own);
}

void gha_report_pos(struct rule_ctx *ctx, enum severity sev, const struct workflow *wf,
                    unsigned line, unsigned col, unsigned line2, const struct ynode *via,
                    const char *location, const char *path, const char *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (via)
        report_v(ctx, sev, wf, via->line, via->col, 0, via, location, path, fix, fmt, ap);
    else
        report_v(ctx, sev, wf, line, col, line2 != line ? line2 : 0, NULL, location, path, fix, fmt,
                 ap);
    va_end(ap);
}

void gha_unverifiable(struct rule_ctx *ctx, const struct workflow *wf, struct yref at,
                      const char *location, const char *fix, const char *fmt, ...)
{
    if (!ctx)
        return;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct anchor a = {wf->file, yref_line(at), yref_col(at), 0, location, NULL};
    rule_report_other(ctx, "infralint/unverifiable", &a, fix, "%s", sb.buf);
    strbuf_release(&sb);
}

void gha_jobs_add_pos(struct gha_jobs *s, const struct wf_job *j, unsigned line, unsigned col,
                      const char *key)
{
    ALLOC_GROW(s->v, s->n + 1, s->alloc);
    s->v[s->n++] = (struct gha_job_at){j, line, col, key ? key : "", 0};
}

void gha_jobs_add(struct gha_jobs *s, const struct wf_job *j, struct yref at, const char *key)
{
    gha_jobs_add_pos(s, j, yref_line(at), yref_col(at), key);
}

int gha_jobs_next(struct gha_jobs *s, struct gha_jobs *group)
{
    group->n = 0;
    size_t i = 0;
    while (i < s->n && s->v[i].done)
        i++;
    if (i == s->n)
        return 0;
    for (size_t k = i; k < s->n; k++) {
        if (s->v[k].done || strcmp(s->v[k].key, s->v[i].key))
            continue;
        s->v[k].done = 1;
        ALLOC_GROW(group->v, group->n + 1, group->alloc);
        group->v[group->n++] = s->v[k];
    }
    return 1;
}

void gha_jobs_names(const struct gha_jobs *s, struct strbuf *sb)
{
    size_t shown = s->n > 4 ? 3 : s->n;
    for (size_t i = 0; i < shown; i++)
        strbuf_addf(sb, "%s'%s'", i ? ", " : "", s->v[i].j->id);
    if (shown < s->n)
        strbuf_addf(sb, " and %zu more", s->n - shown);
}

void gha_jobs_related(struct rule_ctx *ctx, const struct workflow *wf, const struct gha_jobs *s,
                      const char *what)
{
    for (size_t i = 1; i < s->n; i++) {
        struct anchor a = {wf->file, s->v[i].line, s->v[i].col, 0, s->v[i].j->id, NULL};
        rule_related(ctx, &a, "%s (job '%s')", what, s->v[i].j->id);
    }
}

void gha_jobs_release(struct gha_jobs *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->alloc = 0;
}

char *gha_path(const struct wf_job *j, const struct wf_step *s, const char *tail)
{
    struct strbuf sb = STRBUF_INIT;
    if (j->path)
        strbuf_addstr(&sb, j->path);
    else
        strbuf_addf(&sb, "jobs.%s", j->id);
    if (s)
        strbuf_addf(&sb, ".steps[%zu]", s->index);
    if (s && s->sub)
        strbuf_addf(&sb, ".parallel[%zu]", s->sub - 1);
    if (tail)
        strbuf_addf(&sb, ".%s", tail);
    return strbuf_detach(&sb);
}

const char *gha_suggest(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(s, names[i]) && strcmp(s, names[i]))
            return names[i];
    return did_you_mean(s, names, n);
}

void gha_unknown_key(struct rule_ctx *ctx, const struct workflow *wf, struct yref key,
                     const char *where, const char *loc, const char *const *names, size_t n)
{
    const char *k = yref_str(key);
    const char *near = gha_suggest(k, names, n);
    if (near) {
        char *fix = xstrfmt("rename it to '%s'", near);
        gha_report(ctx, wf, key, loc, NULL, fix, "unknown key '%s' %s; did you mean '%s'?", k,
                   where, near);
        free(fix);
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", names[i]);
    gha_report(ctx, wf, key, loc, NULL, "remove it, or move it where it belongs",
               "unknown key '%s' %s (expected one of: %s)", k, where, sb.buf);
    strbuf_release(&sb);
}

void gha_check_keys(struct rule_ctx *ctx, const struct workflow *wf, struct yref map,
                    const char *where, const char *loc, const char *const *names, size_t n)
{
    for (size_t i = 0; yref_is_map(map) && i < map.n->npairs; i++) {
        struct yref k = yref_pair_key(map, i);
        const char *ks = yref_str(k);
        int known = 0;
        for (size_t j = 0; ks && j < n && !known; j++)
            known = !strcmp(ks, names[j]);
        if (ks && strcmp(ks, "<<") && !known)
            gha_unknown_key(ctx, wf, k, where, loc, names, n);
    }
}

/* ---- actions and commands ---- */

int gha_uses_is(const char *uses, const char *name)
{
    if (!uses)
        return 0;
    size_t n = strlen(name);
    return !strncasecmp(uses, name, n) && (uses[n] == '@' || uses[n] == '\0');
}

/* The words of the command being split: their text, each ended by a NUL, in one buffer (off[i]
 * is where word i starts), so that splitting a script allocates nothing per word. */
struct words {
    size_t *off;
    char **v;
    size_t n, alloc, valloc;
    struct strbuf buf;
    size_t start; /* where the current word starts in buf */
    int in_word;
};

static void word_end(struct words *w)
{
    if (!w->in_word)
        return;
    ALLOC_GROW(w->off, w->n + 1, w->alloc);
    w->off[w->n++] = w->start;
    strbuf_addch(&w->buf, '\0');
    w->start = w->buf.len;
    w->in_word = 0;
}

static int is_name(const char *s, size_t n)
{
    if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return 0;
    return 1;
}

static int word_is(const char *w, const char *s)
{
    return w[0] == s[0] && !strcmp(w, s);
}

/* Drop wrappers from the front of a command: VAR=x, sudo, env, time, npx, uv run, python -m. */
static size_t unwrap(char *const *w, size_t n)
{
    static const char *const one[] = {"sudo",   "time", "exec",     "nohup", "command",
                                      "npx",    "bunx", "xvfb-run", "nice",  "stdbuf",
                                      "dotenv", "env",  "xargs"};
    static const char *const two[][2] = {{"uv", "run"},      {"poetry", "run"}, {"pipenv", "run"},
                                         {"pdm", "run"},     {"hatch", "run"},  {"rye", "run"},
                                         {"bundle", "exec"}, {"pnpm", "exec"},  {"yarn", "exec"},
                                         {"pnpm", "dlx"},    {"yarn", "dlx"},   {"npm", "exec"}};
    size_t i = 0;
    for (int guard = 0; i < n && guard < 16; guard++) {
        const char *eq = strchr(w[i], '=');
        if (eq && is_name(w[i], (size_t)(eq - w[i]))) {
            i++;
            continue;
        }
        if (w[i][0] == '-' && i > 0) { /* options of a wrapper (npx --yes, uv run --frozen) */
            i++;
            continue;
        }
        int hit = 0;
        for (size_t k = 0; k < ARRAY_SIZE(one) && !hit; k++)
            if (word_is(w[i], one[k])) {
                i++;
                hit = 1;
            }
        for (size_t k = 0; k < ARRAY_SIZE(two) && !hit; k++)
            if (i + 1 < n && word_is(w[i], two[k][0]) && word_is(w[i + 1], two[k][1])) {
                i += 2;
                hit = 1;
            }
        if (!hit && (word_is(w[i], "timeout")) && i + 1 < n) {
            i += 2;
            hit = 1;
        }
        if (!hit && i + 1 < n && !strncmp(path_basename(w[i]), "python", 6) &&
            word_is(w[i + 1], "-m")) {
            i += 2;
            hit = 1;
        }
        if (!hit)
            break;
    }
    return i;
}

static void flush_command(struct words *w, void (*fn)(char *const *, size_t, void *), void *arg)
{
    word_end(w);
    ALLOC_GROW(w->v, w->n + 1, w->valloc);
    for (size_t i = 0; i < w->n; i++)
        w->v[i] = w->buf.buf + w->off[i];
    size_t skip = unwrap(w->v, w->n);
    if (skip < w->n)
        fn(w->v + skip, w->n - skip, arg);
    w->n = 0;
    strbuf_reset(&w->buf);
    w->start = 0;
}

/* Bytes that end a run of plain word characters (each is looked at on its own). */
static int special_byte(unsigned char c)
{
    return c == '\0' || c == '\\' || c == '$' || c == '\'' || c == '"' || c == '#' || c == ';' ||
           c == '&' || c == '|' || c == '(' || c == ')' || c == '`' || isspace(c);
}

static void drop_words(struct words *w)
{
    w->n = 0;
    w->in_word = 0;
    strbuf_reset(&w->buf);
    w->start = 0;
}

/* The word i of the command being split (after word_end). */
static const char *word_at_i(const struct words *w, size_t i)
{
    return w->buf.buf + w->off[i];
}

/* `case … in` patterns (`prod|production)`, `*)`) are words, not commands. *cases counts the
 * case statements open, *pattern says the words being read are a pattern. Called at a
 * separator c; 1 when it was taken care of. */
static int case_syntax(struct words *w, char c, const char *next, int *cases, int *pattern,
                       void (*fn)(char *const *, size_t, void *), void *arg)
{
    word_end(w);
    int is_case = w->n >= 3 && word_is(word_at_i(w, 0), "case") && word_is(word_at_i(w, 2), "in");
    if (*pattern) {
        if (c == '(' || c == '|' || c == ')' || c == '\n' || c == ';') {
            if (w->n == 1 && word_is(word_at_i(w, 0), "esac")) {
                (*cases)--;
                *pattern = 0;
            } else if (c == ')') {
                *pattern = 0;
            }
            drop_words(w);
            return 1;
        }
        return 0;
    }
    if (is_case && (c == '|' || c == ')' || c == '\n' || c == ';')) {
        w->n = 3; /* `case x in`, then (on one line) the first pattern */
        flush_command(w, fn, arg);
        (*cases)++;
        *pattern = c != ')';
        return 1;
    }
    if (*cases > 0 && w->n == 1 && word_is(word_at_i(w, 0), "esac")) {
        (*cases)--;
        drop_words(w);
        return 1;
    }
    if (*cases > 0 && c == ';' && next[0] == ';') {
        flush_command(w, fn, arg);
        *pattern = 1;
        return 1;
    }
    return 0;
}

void gha_commands(const char *script, void (*fn)(char *const *w, size_t n, void *arg), void *arg)
{
    struct words w = {NULL, NULL, 0, 0, 0, STRBUF_INIT, 0, 0};
    const char *s = script;
    int cases = 0, pattern = 0;
    while (*s) {
        char c = *s;
        if (!special_byte((unsigned char)c)) { /* a run of plain characters, added at once */
            const char *q = s + 1;
            while (!special_byte((unsigned char)*q))
                q++;
            strbuf_add(&w.buf, s, (size_t)(q - s));
            w.in_word = 1;
            s = q;
            continue;
        }
        if (c == '\\' && (s[1] == '\n' || (s[1] == '\r' && s[2] == '\n'))) {
            s += s[1] == '\n' ? 2 : 3; /* line continuation */
            continue;
        }
        if (c == '$' && s[1] == '{' && s[2] == '{') { /* an expression stays in its word */
            const char *end = str_find(s + 3, "}}");
            size_t n = end ? (size_t)(end + 2 - s) : strlen(s);
            strbuf_add(&w.buf, s, n);
            w.in_word = 1;
            s += n;
            continue;
        }
        if (c == '\'' || c == '"') {
            const char *q = s + 1;
            while (*q && *q != c) {
                if (c == '"' && *q == '\\' && q[1])
                    q++;
                q++;
            }
            strbuf_add(&w.buf, s + 1, (size_t)(q - s - 1));
            w.in_word = 1;
            s = *q ? q + 1 : q;
            continue;
        }
        if (c == '#' && !w.in_word) { /* a comment, to the end of the line */
            while (*s && *s != '\n')
                s++;
            continue;
        }
        if ((c == '\n' || c == ';' || c == '|' || c == '(' || c == ')') &&
            case_syntax(&w, c, s + 1, &cases, &pattern, fn, arg)) {
            s += c == ';' && s[1] == ';' ? 2 : 1;
            continue;
        }
        if (c == '&' && ((s > script && (s[-1] == '>' || s[-1] == '<')) || s[1] == '>')) {
            strbuf_addch(&w.buf, c); /* a redirection (`2>&1`, `&>log`), not a separator */
            w.in_word = 1;
            s++;
            continue;
        }
        if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '`' ||
            (c == '$' && s[1] == '(')) {
            flush_command(&w, fn, arg);
            s += c == '$' ? 2 : 1;
            continue;
        }
        if (isspace((unsigned char)c)) {
            word_end(&w);
            s++;
            continue;
        }
        strbuf_addch(&w.buf, c);
        w.in_word = 1;
        s++;
    }
    flush_command(&w, fn, arg);
    strbuf_release(&w.buf);
    free(w.off);
    free(w.v);
}

int gha_command_matches(const char *pat, char *const *w, size_t n)
{
    if (!n)
        return 0;
    char tok[128];
    size_t i = 0; /* the command word the next pattern word must match at or after */
    for (const char *p = pat; *p;) {
        while (*p == ' ')
            p++;
        size_t tl = strcspn(p, " ");
        if (!tl)
            break;
        if (tl >= sizeof(tok))
            return 0;
        memcpy(tok, p, tl);
        tok[tl] = '\0';
        p += tl;
        if (i == 0) {
            if (!glob_match(tok, path_basename(w[0])))
                return 0;
            i = 1;
            continue;
        }
        while (i < n && (w[i][0] == '-' || !glob_match(tok, w[i])))
            i++;
        if (i >= n)
            return 0;
        i++;
    }
    return i > 0;
}

/* ---- what steps touch ---- */

/* Actions that only set up the job: they write nothing outside the runner, with the token or
 * any other credential, and request no OIDC token. */
static const char *const harmless_actions[] = {"actions/checkout",
                                               "actions/setup-node",
                                               "actions/setup-python",
                                               "actions/setup-go",
                                               "actions/setup-java",
                                               "actions/setup-dotnet",
                                               "actions/cache",
                                               "actions/cache/restore",
                                               "actions/cache/save",
                                               "actions/upload-artifact",
                                               "actions/download-artifact",
                                               "docker/setup-buildx-action",
                                               "docker/setup-qemu-action",
                                               "docker/metadata-action",
                                               "hashicorp/setup-terraform",
                                               "dtolnay/rust-toolchain",
                                               "Swatinem/rust-cache",
                                               "astral-sh/setup-uv",
                                               "pnpm/action-setup",
                                               "ruby/setup-ruby",
                                               "actions-rs/toolchain",
                                               "oven-sh/setup-bun",
                                               "denoland/setup-deno",
                                               "gradle/actions/setup-gradle",
                                               "step-security/harden-runner"};

int gha_action_is_setup(const char *uses)
{
    for (size_t i = 0; i < ARRAY_SIZE(harmless_actions); i++)
        if (gha_uses_is(uses, harmless_actions[i]))
            return 1;
    return 0;
}

/* Programs that work on the runner only: they cannot write to GitHub or a cloud (nor request an
 * OIDC token) on their own; for the multi-purpose ones, the subcommands that cannot. Anything
 * else (a script, make, npm run, git push, a publisher) might. */
static const char *const quiet_programs[] = {
    "echo",       "printf",   "cat",       "ls",     "pwd",      "cd",    "mkdir", "cp",
    "mv",         "rm",       "rmdir",     "touch",  "chmod",    "tar",   "gzip",  "gunzip",
    "unzip",      "zip",      "sha256sum", "shasum", "md5sum",   "grep",  "sed",   "awk",
    "head",       "tail",     "sort",      "uniq",   "wc",       "diff",  "cmp",   "find",
    "test",       "[",        "true",      "false",  "export",   "set",   "unset", "sleep",
    "date",       "which",    "jq",        "yq",     "pytest",   "ruff",  "black", "flake8",
    "mypy",       "pylint",   "isort",     "eslint", "prettier", "tsc",   "gofmt", "golangci-lint",
    "shellcheck", "rustup",   "rustc",     "ctest",  "cmake",    "tox",   "nox",   "if",
    "then",       "fi",       "else",      "for",    "do",       "done",  "exit",  "kubelogin",
    "case",       "esac",     "tee",       "[[",     "read",     "local", "shift", "return",
    "break",      "continue", "elif",      "while",  "until"};

static const char *const quiet_sub[][2] = {
    {"go", "build"},      {"go", "test"},      {"go", "vet"},       {"go", "mod"},
    {"go", "version"},    {"go", "env"},       {"go", "list"},      {"cargo", "build"},
    {"cargo", "test"},    {"cargo", "check"},  {"cargo", "clippy"}, {"cargo", "fmt"},
    {"cargo", "nextest"}, {"cargo", "doc"},    {"npm", "ci"},       {"npm", "install"},
    {"npm", "test"},      {"npm", "audit"},    {"yarn", "install"}, {"yarn", "test"},
    {"pnpm", "install"},  {"pnpm", "test"},    {"pip", "install"},  {"pip3", "install"},
    {"docker", "build"},  {"docker", "pull"},  {"git", "status"},   {"git", "diff"},
    {"git", "log"},       {"git", "config"},   {"git", "fetch"},    {"git", "checkout"},
    {"git", "rev-parse"}, {"git", "describe"}, {"git", "show"},     {"git", "ls-files"},
    {"poetry", "install"}};

int gha_command_is_local(char *const *w, size_t n)
{
    const char *prog = w[0];
    for (size_t i = 0; i < ARRAY_SIZE(quiet_programs); i++)
        if (!strcmp(prog, quiet_programs[i]))
            return 1;
    for (size_t i = 0; i < ARRAY_SIZE(quiet_sub) && n > 1; i++)
        if (!strcmp(prog, quiet_sub[i][0]) && !strcmp(w[1], quiet_sub[i][1]))
            return 1;
    return 0;
}

/* An AWS CLI call that only reads: `aws <service> get-…|describe-…|list-…`, `aws s3 ls`, a copy
 * from S3 to the runner, `aws sts get-caller-identity`. */
static int aws_reads(char *const *w, size_t n)
{
    size_t i = 1;
    while (i < n && w[i][0] == '-') /* global options: --region x, --output json */
        i += i + 1 < n && w[i + 1][0] != '-' && !strchr(w[i], '=') ? 2 : 1;
    if (i + 1 >= n)
        return 0;
    const char *svc = w[i], *op = w[i + 1];
    if (!strcmp(svc, "s3"))
        return !strcmp(op, "ls") ||
               (!strcmp(op, "cp") && i + 3 < n && starts_with(w[i + 2], "s3://") &&
                !starts_with(w[i + 3], "s3://"));
    return starts_with(op, "get-") || starts_with(op, "describe-") || starts_with(op, "list-") ||
           starts_with(op, "head-") || !strcmp(op, "wait");
}

/* A download: curl or wget without a method, data or upload option. */
static int download(char *const *w, size_t n)
{
    static const char *const writes[] = {
        "-X",          "--request",   "-d",       "--data", "--data-binary",
        "--data-raw",  "-F",          "--form",   "-T",     "--upload-file",
        "--post-data", "--post-file", "--method", "--json"};
    const char *prog = path_basename(w[0]);
    if (strcmp(prog, "curl") && strcmp(prog, "wget"))
        return 0;
    for (size_t i = 1; i < n; i++)
        for (size_t k = 0; k < ARRAY_SIZE(writes); k++)
            if (!strncmp(w[i], writes[k], strlen(writes[k])))
                return 0;
    return 1;
}

static int one_of_words(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[0] == v[i][0] && !strcmp(s, v[i]))
            return 1;
    return 0;
}

/* The first word of w after its program that is not an option nor an option's value (`-n ns`,
 * `--context=x`), from *i on; *i is left at it. */
static const char *verb_from(char *const *w, size_t n, size_t *i)
{
    while (*i < n && w[*i][0] == '-')
        *i += *i + 1 < n && w[*i + 1][0] != '-' && !strchr(w[*i], '=') ? 2 : 1;
    return *i < n ? w[*i] : NULL;
}

static int starts_with_any(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (starts_with(s, v[i]))
            return 1;
    return 0;
}

/* Is one of w's words a dry run (`--dry-run`, `--dry-run=client`; not `--dry-run=none`)? */
static int dry_run(char *const *w, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (starts_with(w[i], "--dry-run") && strcmp(w[i], "--dry-run=none"))
            return 1;
    return 0;
}

/* kubectl and helm calls that read the cluster or work on the runner: `kubectl get|describe|
 * logs|diff …`, `kubectl rollout status`, `helm lint|template|diff|status …`, and any dry run. */
static int cluster_reads(char *const *w, size_t n)
{
    static const char *const kubectl[] = {"get",          "describe",      "logs",    "version",
                                          "cluster-info", "top",           "explain", "wait",
                                          "diff",         "api-resources", "config",  "auth"};
    static const char *const helm[] = {"lint",    "template", "diff",       "list",   "ls",
                                       "status",  "get",      "show",       "search", "version",
                                       "history", "env",      "dependency", "dep",    "repo",
                                       "package", "pull",     "plugin",     "verify"};
    const char *prog = path_basename(w[0]);
    size_t i = 1;
    const char *verb = verb_from(w, n, &i);
    if (!verb)
        return 0;
    if (!strcmp(prog, "kubectl")) {
        if (!strcmp(verb, "rollout") && i + 1 < n)
            return !strcmp(w[i + 1], "status") || !strcmp(w[i + 1], "history");
        return one_of_words(verb, kubectl, ARRAY_SIZE(kubectl)) || dry_run(w, n);
    }
    if (!strcmp(prog, "helm"))
        return one_of_words(verb, helm, ARRAY_SIZE(helm)) || dry_run(w, n);
    return 0;
}

/* Azure and Google Cloud CLI calls that only read or log in: the first verb of the command
 * path shows, lists, describes or gets (`az aks get-credentials`, `az account show`, `gcloud
 * container clusters get-credentials x`), or `az login`, `az account set`, `gcloud auth …`. */
static int cloud_reads(char *const *w, size_t n)
{
    static const char *const reads[] = {"show", "list", "describe", "wait", "version"};
    static const char *const read_prefixes[] = {"get-", "show-", "list-"};
    static const char *const writes[] = {
        "create",  "delete",  "update", "set",    "deploy", "upload", "apply", "start", "stop",
        "restart", "add",     "remove", "import", "exec",   "ssh",    "scp",   "cp",    "sync",
        "push",    "replace", "patch",  "invoke", "reset",  "rotate", "purge", "swap",  "scale"};
    const char *prog = path_basename(w[0]);
    if (strcmp(prog, "az") && strcmp(prog, "gcloud"))
        return 0;
    size_t i = 1;
    const char *first = verb_from(w, n, &i);
    if (!first)
        return 0;
    if (!strcmp(first, "login") || !strcmp(first, "auth") || !strcmp(first, "config") ||
        (!strcmp(first, "account") && i + 1 < n && !strcmp(w[i + 1], "set")))
        return 1;
    for (i++; i < n && w[i][0] != '-'; i++) {
        if (one_of_words(w[i], reads, ARRAY_SIZE(reads)) ||
            starts_with_any(w[i], read_prefixes, ARRAY_SIZE(read_prefixes)))
            return 1;
        if (one_of_words(w[i], writes, ARRAY_SIZE(writes)))
            return 0;
    }
    return 0;
}

/* Terraform, OpenTofu and Terragrunt calls that change nothing: init, validate, fmt, plan,
 * show, output, … (`terragrunt run-all plan`, `terraform -chdir=x plan`). */
static int terraform_reads(char *const *w, size_t n)
{
    static const char *const subs[] = {"init",
                                       "validate",
                                       "fmt",
                                       "plan",
                                       "show",
                                       "output",
                                       "version",
                                       "providers",
                                       "graph",
                                       "get",
                                       "console",
                                       "workspace",
                                       "hclfmt",
                                       "render-json",
                                       "validate-inputs",
                                       "graph-dependencies"};
    const char *prog = path_basename(w[0]);
    if (strcmp(prog, "terraform") && strcmp(prog, "tofu") && strcmp(prog, "terragrunt"))
        return 0;
    size_t i = 1;
    const char *sub = verb_from(w, n, &i);
    if (sub && (!strcmp(sub, "run-all") || !strcmp(sub, "run"))) {
        for (i++; i < n && w[i][0] == '-';) /* `run --all plan`: flags without values */
            i++;
        sub = i < n ? w[i] : NULL;
    }
    if (sub && !strcmp(sub, "state") && i + 1 < n)
        return !strcmp(w[i + 1], "list") || !strcmp(w[i + 1], "show");
    return sub && one_of_words(sub, subs, ARRAY_SIZE(subs));
}

int gha_command_reads_only(char *const *w, size_t n)
{
    return gha_command_is_local(w, n) || download(w, n) ||
           (!strcmp(path_basename(w[0]), "aws") && aws_reads(w, n)) || cluster_reads(w, n) ||
           cloud_reads(w, n) || terraform_reads(w, n);
}

/* ---- scripts and targets ---- */

/* Is one of words[0..nw) one of the parts of name ("terraform-apply.sh", "release_deploy",
 * "deploy:prod"), split at - _ . : / and compared case-insensitively? */
static int name_has_part(const char *name, const char *const *words, size_t nw)
{
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "-_.:/");
        for (size_t i = 0; i < nw; i++)
            if (!strncasecmp(p, words[i], n) && words[i][n] == '\0')
                return 1;
        p += n;
        if (*p)
            p++;
    }
    return 0;
}

int gha_script_named_any(char *const *w, size_t n, const char *const *words, size_t nw)
{
    static const char *const interpreters[] = {"bash",    "sh",   "zsh",  "dash",   "python",
                                               "python3", "node", "ruby", "pwsh",   "perl",
                                               "deno",    "bun",  "tsx",  "ts-node"};
    static const char *const runners[] = {"make", "gmake", "just", "task", "mage", "rake"};
    static const char *const with_value[] = {"-C",         "-f", "--directory", "--file",
                                             "--makefile", "-d", "--justfile",  "--taskfile"};
    const char *prog = path_basename(w[0]);
    if (strchr(w[0], '/') || ends_with(prog, ".sh") || ends_with(prog, ".py") ||
        ends_with(prog, ".ps1"))
        return name_has_part(prog, words, nw);
    if (one_of_words(prog, interpreters, ARRAY_SIZE(interpreters))) {
        for (size_t i = 1; i < n; i++) {
            if (!strcmp(w[i], "-c") || !strcmp(w[i], "-e") || !strcmp(w[i], "-m"))
                return 0; /* inline code or a module: not a script file */
            if (w[i][0] != '-')
                return name_has_part(path_basename(w[i]), words, nw);
        }
        return 0;
    }
    if (one_of_words(prog, runners, ARRAY_SIZE(runners))) {
        for (size_t i = 1; i < n; i++) {
            if (one_of_words(w[i], with_value, ARRAY_SIZE(with_value))) {
                i++;
                continue;
            }
            if (w[i][0] != '-' && !strchr(w[i], '=') && name_has_part(w[i], words, nw))
                return 1;
        }
        return 0;
    }
    if (!strcmp(prog, "npm") || !strcmp(prog, "yarn") || !strcmp(prog, "pnpm") ||
        !strcmp(prog, "bun")) {
        size_t i = 1;
        if (i < n && (!strcmp(w[i], "run") || !strcmp(w[i], "run-script")))
            i++;
        else if (strcmp(prog, "yarn"))
            return 0; /* npm install, pnpm add: not a script */
        while (i < n && w[i][0] == '-')
            i++;
        return i < n && name_has_part(w[i], words, nw);
    }
    return 0;
}

int gha_script_named(char *const *w, size_t n, const char *word)
{
    return gha_script_named_any(w, n, &word, 1);
}

/* Name parts of work that releases nothing: tests and checks, plans and diffs, and upkeep of
 * what is already live (certificate renewal, backups). */
static const char *const check_words[] = {
    "test",     "tests", "smoke", "e2e",         "check",        "checks", "verify",
    "validate", "lint",  "plan",  "drift",       "diff",         "scan",   "audit",
    "renew",    "cert",  "certs", "certificate", "certificates", "backup"};

int gha_command_checks(char *const *w, size_t n)
{
    if (gha_script_named_any(w, n, check_words, ARRAY_SIZE(check_words)))
        return 1;
    size_t i = 1;
    const char *sub = verb_from(w, n, &i);
    return sub && !strchr(sub, '/') && !strchr(sub, '=') &&
           name_has_part(sub, check_words, ARRAY_SIZE(check_words));
}

int gha_action_checks(const char *uses)
{
    /* set-up and notification: `set-kubectl`, `setup-project`, `send-to-teams-channel` */
    static const char *const tell[] = {"setup",   "set",     "install",   "notify", "notification",
                                       "slack",   "teams",   "pagerduty", "alert",  "comment",
                                       "message", "summary", "report"};
    static const char *const release[] = {"deploy", "release", "publish", "push",
                                          "apply",  "promote", "rollout", "upload"};
    static const char *const tests_live[] = {"smoke", "e2e"};
    char name[256];
    size_t n = uses ? strcspn(uses, "@") : 0;
    if (!n || n >= sizeof(name))
        return 0;
    memcpy(name, uses, n);
    name[n] = '\0';
    if (name_has_part(name, release, ARRAY_SIZE(release)) &&
        !name_has_part(name, tests_live, ARRAY_SIZE(tests_live)))
        return 0;
    return name_has_part(name, check_words, ARRAY_SIZE(check_words)) ||
           name_has_part(name, tell, ARRAY_SIZE(tell));
}

/* ---- tests ---- */

struct test_hunt {
    struct rule_ctx *ctx;
    int hit;
};

static void test_command(char *const *w, size_t n, void *arg)
{
    struct test_hunt *h = arg;
    size_t np;
    const char *const *pats = rule_opt_list(h->ctx, "test_commands", &np);
    for (size_t i = 0; i < np && !h->hit; i++)
        h->hit = gha_command_matches(pats[i], w, n);
}

/* Does a step's name say that it runs tests ("Run all tests, linting and baselines", "Unit
 * tests", "e2e")? A name that starts by handling their results or files ("Upload test results",
 * "Rename e2e tests output") does not. */
static int step_name_is_test(const char *name)
{
    static const char *const words[] = {"test", "tests", "testing", "e2e", "unittest", "unittests"};
    static const char *const not_first[] = {
        "upload",  "download", "publish", "report",  "archive",   "store",     "save",   "cache",
        "restore", "setup",    "set",     "install", "prepare",   "collect",   "post",   "comment",
        "notify",  "annotate", "combine", "summary", "summarize", "display",   "show",   "print",
        "parse",   "generate", "merge",   "wait",    "skip",      "clean",     "create", "delete",
        "fetch",   "get",      "list",    "compile", "login",     "configure", "start",  "stop",
        "rename",  "move",     "copy",    "convert", "compress",  "extract",   "zip",    "tar",
        "sign",    "tag",      "push",    "checkout"};
    char word[32];
    int first = 1;
    for (const char *p = name; p && *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        size_t n = 0;
        while (isalnum((unsigned char)*p)) {
            if (n + 1 < sizeof(word))
                word[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        word[n] = '\0';
        if (!n)
            break;
        for (size_t i = 0; first && i < ARRAY_SIZE(not_first); i++)
            if (!strcmp(word, not_first[i]))
                return 0;
        for (size_t i = 0; i < ARRAY_SIZE(words); i++)
            if (!strcmp(word, words[i]))
                return 1;
        first = 0;
    }
    return 0;
}

int gha_step_runs_tests(struct rule_ctx *ctx, const struct wf_step *s)
{
    if ((s->run || (s->uses && !gha_action_is_setup(s->uses))) && step_name_is_test(s->name))
        return 1;
    if (!s->run)
        return 0;
    /* split the script into commands only if some pattern's program occurs in it at all */
    size_t np;
    const char *const *pats = rule_opt_list(ctx, "test_commands", &np);
    int maybe = 0;
    for (size_t i = 0; i < np && !maybe; i++) {
        char prog[64];
        size_t n = strcspn(pats[i], " *?[");
        if (n >= sizeof(prog))
            n = sizeof(prog) - 1;
        memcpy(prog, pats[i], n);
        prog[n] = '\0';
        maybe = !n || str_find(s->run, prog) != NULL;
    }
    if (!maybe)
        return 0;
    struct test_hunt h = {ctx, 0};
    gha_commands(s->run, test_command, &h);
    return h.hit;
}

static int name_is_test(struct rule_ctx *ctx, const char *name)
{
    char low[128];
    size_t n = 0;
    for (; name && name[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    return name && rule_opt_list_has(ctx, "test_jobs", low, 1);
}

/* Is a reusable workflow (`./.github/workflows/ci.yml`, `org/repo/.github/workflows/test.yml@v1`)
 * named like CI or tests (`test_workflows`)? */
static int workflow_name_is_test(struct rule_ctx *ctx, const char *uses)
{
    if (!uses)
        return 0;
    char low[128];
    const char *base = strrchr(uses, '/');
    base = base ? base + 1 : uses;
    size_t n = 0;
    for (; base[n] && base[n] != '@' && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)base[n]);
    low[n] = '\0';
    char *dot = strrchr(low, '.');
    if (dot && (!strcmp(dot, ".yml") || !strcmp(dot, ".yaml")))
        *dot = '\0';
    return rule_opt_list_has(ctx, "test_workflows", low, 1);
}

static int runs_tests(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j,
                      int depth)
{
    if (name_is_test(ctx, j->id) || name_is_test(ctx, j->name) ||
        workflow_name_is_test(ctx, j->uses))
        return 1;
    for (size_t i = 0; i < j->nsteps; i++)
        if (gha_step_runs_tests(ctx, &j->steps[i]))
            return 1;
    if (j->callee && depth < 8)
        for (size_t i = 0; i < j->callee->njobs; i++)
            if (runs_tests(ctx, j->callee, &j->callee->jobs[i], depth + 1))
                return 1;
    (void)wf;
    return 0;
}

int gha_job_runs_tests(struct rule_ctx *ctx, const struct workflow *wf, const struct wf_job *j)
{
    return runs_tests(ctx, wf, j, 0);
}

/* ---- checkouts and Terraform plans ---- */

/* A command that runs the repository's own code: a script by relative path (`./deploy.sh`,
 * `bash scripts/x.sh`), a make/just/task target, `git clone`. */
static void repo_command(char *const *w, size_t n, void *arg)
{
    static const char *const runners[] = {"make", "gmake", "just", "task"};
    int *hit = arg;
    const char *prog = path_basename(w[0]);
    const char *script = w[0];
    if ((!strcmp(prog, "bash") || !strcmp(prog, "sh")) && n > 1 && w[1][0] != '-')
        script = w[1];
    if ((strchr(script, '/') && script[0] != '/' && script[0] != '~' && script[0] != '$') ||
        one_of_words(prog, runners, ARRAY_SIZE(runners)) ||
        (!strcmp(prog, "git") && n > 1 && !strcmp(w[1], "clone")) ||
        (!strcmp(prog, "gh") && n > 2 && !strcmp(w[1], "repo") && !strcmp(w[2], "clone")))
        *hit = 1;
}

static int checks_out(const struct wf_job *j, int depth)
{
    for (size_t i = 0; i < j->nsteps; i++) {
        const struct wf_step *st = &j->steps[i];
        int hit = gha_uses_is(st->uses, "actions/checkout") || wf_uses_local(st->uses);
        if (!hit && st->run)
            gha_commands(st->run, repo_command, &hit);
        if (hit)
            return 1;
    }
    for (size_t i = 0; j->callee && depth < 8 && i < j->callee->njobs; i++)
        if (checks_out(&j->callee->jobs[i], depth + 1))
            return 1;
    return j->uses && !j->callee; /* another repository's workflow: assume it builds */
}

int gha_job_checks_out(const struct wf_job *j)
{
    return checks_out(j, 0);
}

static void plan_command(char *const *w, size_t n, void *arg)
{
    int *hit = arg;
    const char *prog = path_basename(w[0]);
    int tf = !strcmp(prog, "terraform") || !strcmp(prog, "tofu") || !strcmp(prog, "terragrunt");
    for (size_t i = 1; tf && i < n && !*hit; i++)
        *hit = !strcmp(w[i], "plan");
    if (!*hit && gha_script_named(w, n, "plan"))
        *hit = 1;
}

static int plans(const struct wf_job *j, int depth)
{
    for (size_t i = 0; i < j->nsteps; i++) {
        const struct wf_step *st = &j->steps[i];
        int hit = 0;
        if (st->run && str_find(st->run, "plan"))
            gha_commands(st->run, plan_command, &hit);
        if (hit || (st->uses && strcasestr(st->uses, "terraform") && strcasestr(st->uses, "plan")))
            return 1;
    }
    if (j->uses && strcasestr(j->uses, "plan") && !j->callee)
        return 1; /* a reusable workflow of another repository named like a plan */
    for (size_t i = 0; j->callee && depth < 8 && i < j->callee->njobs; i++)
        if (plans(&j->callee->jobs[i], depth + 1))
            return 1;
    return 0;
}

int gha_job_plans(const struct wf_job *j)
{
    return plans(j, 0);
}

/* ---- where a value comes from ---- */

static void trace_scalar(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                         const char *s, int depth);
static void trace_expr(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                       const struct wfx *x, int depth);

/* Record a finding of level lv at context path (reached through via at depth > 0). */
static void trace_hit(struct gha_trace *t, const char *path, int lv)
{
    if (lv <= t->level)
        return;
    t->level = lv;
    t->found = path;
    t->via = t->hop;
    t->via_ref = t->hop_ref;
}

/* The value of env var name where a step runs: the step's env, the job's, the workflow's. */
static const char *env_value(const struct gha_trace *t, const struct wf_job *j,
                             const struct wf_step *st, const char *name)
{
    struct yref maps[3] = {st ? st->env : (struct yref){NULL, NULL},
                           j ? j->env : (struct yref){NULL, NULL}, t->wf->env};
    for (size_t i = 0; i < 3; i++) {
        const char *v = yref_str(yref_get(maps[i], name));
        if (v)
            return v;
    }
    return NULL;
}

/* Set the first hop (only at the top level: messages name the reference that was expanded). */
static void hop(struct gha_trace *t, int depth, const char *via, const char *ref)
{
    if (depth == 0) {
        t->hop = via;
        t->hop_ref = ref;
    }
}

/* The lines of step src's script that write output `o` (`echo "o=…" >> "$GITHUB_OUTPUT"`), and
 * the shell variables they use, traced in that step's scope. */
static void trace_step_output(struct gha_trace *t, const struct wf_job *j,
                              const struct wf_step *src, const char *o, int depth)
{
    if (!src->run || !str_find(src->run, "GITHUB_OUTPUT"))
        return; /* an action's outputs, or `set-output` (gone): not known */
    size_t ol = strlen(o);
    for (const char *line = src->run; *line;) {
        size_t len = strcspn(line, "\n");
        const char *hit = NULL;
        for (const char *p = line; (p = str_find(p, o)) && p + ol < line + len; p++)
            if ((p == line || !isalnum((unsigned char)p[-1])) && p[ol] == '=') {
                hit = p;
                break;
            }
        if (hit) {
            char *copy = arena_strndup(t->a, line, len);
            trace_scalar(t, j, src, copy, depth + 1);
            for (const char *v = strchr(copy, '$'); v; v = strchr(v + 1, '$')) {
                const char *name = v[1] == '{' ? v + 2 : v + 1;
                size_t nl = 0;
                while (isalnum((unsigned char)name[nl]) || name[nl] == '_')
                    nl++;
                if (!nl || v[1] == '(')
                    continue;
                char *n = arena_strndup(t->a, name, nl);
                const char *val = env_value(t, j, src, n);
                if (val)
                    trace_scalar(t, j, src, val, depth + 1);
            }
        }
        line += len;
        if (*line)
            line++;
    }
}

static void trace_ref(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                      const char *path, int depth)
{
    trace_hit(t, path, t->judge(path, t->arg));
    if (depth > 6)
        return;
    char a[128], b[128];
    if (!strncasecmp(path, "env.", 4) && !strchr(path + 4, '.')) {
        const char *v = env_value(t, j, st, path + 4);
        if (v) {
            hop(t, depth, arena_strdup(t->a, path + 4), path);
            trace_scalar(t, j, st, v, depth + 1);
        }
        return;
    }
    if (sscanf(path, "steps.%127[^.].outputs.%127[^.]", a, b) == 2 && j) {
        for (size_t i = 0; i < j->nsteps && (!st || &j->steps[i] != st); i++)
            if (j->steps[i].id && !strcmp(j->steps[i].id, a)) {
                hop(t, depth, arena_strdup(t->a, a), path);
                trace_step_output(t, j, &j->steps[i], b, depth);
            }
        return;
    }
    if (sscanf(path, "needs.%127[^.].outputs.%127[^.]", a, b) == 2) {
        const struct wf_job *src = wf_job_by_id(t->wf, a);
        const char *v = src ? yref_str(yref_get(src->outputs, b)) : NULL;
        if (v) {
            hop(t, depth, arena_strdup(t->a, a), path);
            trace_scalar(t, src, NULL, v, depth + 1);
        }
    }
}

struct trace_walk {
    struct gha_trace *t;
    const struct wf_job *j;
    const struct wf_step *st;
    int depth;
};

static void trace_ref_cb(const struct wfx *ref, void *arg)
{
    struct trace_walk *w = arg;
    trace_ref(w->t, w->j, w->st, ref->path, w->depth);
}

static void trace_expr(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                       const struct wfx *x, int depth)
{
    struct trace_walk w = {t, j, st, depth};
    if (t->values_only)
        wfx_value_refs(x, trace_ref_cb, &w);
    else
        wfx_refs(x, trace_ref_cb, &w);
}

static void trace_scalar(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                         const char *s, int depth)
{
    for (const char *p = s; (p = str_find(p, "${{")); p += 3) {
        const char *end = str_find(p + 3, "}}");
        if (!end)
            return;
        const char *err;
        struct wfx *x = wfx_parse(p + 3, (size_t)(end - p - 3), t->a, &err);
        if (x)
            trace_expr(t, j, st, x, depth);
    }
}

void gha_trace_expr(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                    const struct wfx *x)
{
    t->hop = t->hop_ref = NULL;
    trace_expr(t, j, st, x, 0);
}

void gha_trace_scalar(struct gha_trace *t, const struct wf_job *j, const struct wf_step *st,
                      const char *s)
{
    t->hop = t->hop_ref = NULL;
    trace_scalar(t, j, st, s, 0);
}
