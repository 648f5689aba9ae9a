/* gha_shell.c — `run:` scripts checked with shellcheck (gha/shellcheck; its info and style
 * findings are gha/shellcheck-style). Once per run: every script of every workflow, in the
 * shell the step runs (`shell:`, `defaults.run.shell`, or the runner's default: `bash -e` on
 * Linux and macOS; PowerShell, cmd and Python steps are skipped), each `${{ }}` replaced by as
 * many `_` so that positions map back exactly into the workflow, identical scripts checked
 * once, all of them in one shellcheck run (src/shellcheck.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gha_util.h"
#include "infralint/arena.h"
#include "infralint/project.h"
#include "infralint/shellcheck.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"

/* One `run:` step to check. */
struct script {
    const struct workflow *wf;
    const struct wf_job *job;
    const struct wf_step *step;
    size_t unique; /* its entry among the distinct scripts */
};

/* The `#!` line for a shell (`bash`, `sh -e {0}`, …), or NULL when shellcheck cannot read it. */
static const char *header_of(const char *shell, int dflt)
{
    char word[32];
    size_t n = strcspn(shell, " \t");
    if (!n || n >= sizeof(word))
        return NULL;
    memcpy(word, shell, n);
    word[n] = '\0';
    const char *base = path_basename(word);
    int e = dflt || strstr(shell, " -e") || strstr(shell, " -eo") || strstr(shell, " -ex") ||
            strstr(shell, " -xe");
    if (!strcmp(base, "bash"))
        return (!shell[n] || e) ? "#!/bin/bash -e" : "#!/bin/bash";
    if (!strcmp(base, "sh") || !strcmp(base, "dash"))
        return (!shell[n] || e) ? "#!/bin/sh -e" : "#!/bin/sh";
    if (!strcmp(base, "ksh"))
        return (!shell[n] || e) ? "#!/bin/ksh -e" : "#!/bin/ksh";
    return NULL; /* pwsh, powershell, cmd, python, zsh, a custom program */
}

/* Might the job run on Windows (whose default shell is PowerShell)? 1 yes, 0 no, -1 some matrix
 * values are Windows, others not. */
static int job_windows(const struct wf_job *j)
{
    struct yref ro = j->runs_on;
    if (yref_is_map(ro))
        ro = yref_get(ro, "labels");
    size_t n = yref_is_seq(ro) ? ro.n->nitems : 1;
    int win = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        const char *l = yref_str(yref_is_seq(ro) ? yref_item(ro, i) : ro);
        if (!l)
            continue;
        char name[64];
        int end = 0;
        if (wf_has_expr(l) && sscanf(l, " ${{ matrix.%63[A-Za-z0-9_-] }}%n", name, &end) == 1 &&
            !l[end]) {
            struct yref row = yref_get(yref_get(j->strategy, "matrix"), name);
            for (size_t k = 0; yref_is_seq(row) && k < row.n->nitems; k++) {
                const char *v = yref_str(yref_item(row, k));
                if (v && strcasestr(v, "windows"))
                    win = 1;
                else
                    other = 1;
            }
            /* include: entries may add more values */
            struct yref inc = yref_get(yref_get(j->strategy, "matrix"), "include");
            for (size_t k = 0; yref_is_seq(inc) && k < inc.n->nitems; k++) {
                const char *v = yref_str(yref_get(yref_item(inc, k), name));
                if (v && strcasestr(v, "windows"))
                    win = 1;
            }
        } else if (strcasestr(l, "windows")) {
            win = 1;
        }
    }
    return win && other ? -1 : win;
}

/* The shell of a step, as the header line of its file; NULL to skip it. */
static const char *step_shell(const struct workflow *wf, const struct wf_job *j,
                              const struct wf_step *s)
{
    const char *sh = yref_str(s->shell);
    if (!sh)
        sh = yref_str(yref_get(yref_get(yref_get(j->node, "defaults"), "run"), "shell"));
    if (!sh)
        sh = yref_str(yref_get(yref_get(wf->defaults, "run"), "shell"));
    if (sh)
        return wf_has_expr(sh) ? NULL : header_of(sh, !strcmp(sh, "bash") || !strcmp(sh, "sh"));
    return job_windows(j) ? NULL : "#!/bin/bash -e";
}

/* The script with each `${{ … }}` replaced by as many '_' (in arena a). */
static char *placeholder(const struct workflow *wf, const struct ynode *n, struct arena *a)
{
    char *t = arena_alloc(a, n->len + 1);
    memcpy(t, n->str, n->len);
    const struct wf_expr *e;
    size_t ne = wf_exprs(wf, n, &e);
    for (size_t i = 0; i < ne; i++) {
        size_t span = 3 + e[i].len + 2;
        if (e[i].off + span <= n->len)
            memset(t + e[i].off, '_', span);
    }
    return t;
}

/* ---- positions: the source offset of each byte of a scalar's value ---- */

/* One line of a scalar's source: its content (indentation and quotes removed) and the offset
 * of the line break after it. */
struct seg {
    size_t off, len, brk;
};

/* The lines of scalar n's source (at most max); count. */
static size_t segments(const struct workflow *wf, const struct ynode *n, struct seg *v, size_t max)
{
    const char *src = wf->src;
    size_t from = n->start, to = n->end < wf->len ? n->end : wf->len, k = 0;
    int block = n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED;
    size_t indent = 0;
    if (block) {
        size_t h = from;
        while (h < to && src[h] != '\n' && src[h] != '\r') {
            if (isdigit((unsigned char)src[h]))
                indent = (size_t)(src[h] - '0');
            h++;
        }
        from = h + (h < to && src[h] == '\r') + (h + 1 <= to && src[h + (src[h] == '\r')] == '\n');
        if (indent) {
            /* an indentation indicator counts from the parent's indentation: the key's column
             * is not known here, so take the first content line's instead */
            indent = 0;
        }
        for (size_t p = from; p < to && !indent;) { /* the first non-blank line's indentation */
            size_t sp = 0;
            while (p + sp < to && src[p + sp] == ' ')
                sp++;
            if (p + sp < to && src[p + sp] != '\n' && src[p + sp] != '\r')
                indent = sp ? sp : 1;
            while (p < to && src[p] != '\n')
                p++;
            p++;
        }
    } else if (n->style == YSTYLE_SINGLE || n->style == YSTYLE_DOUBLE) {
        from++;
        if (to > from)
            to--; /* the closing quote */
    }
    for (size_t p = from; p <= to && k < max;) {
        size_t e = p;
        while (e < to && src[e] != '\n' && src[e] != '\r')
            e++;
        size_t s = p;
        if (block) {
            size_t sp = 0;
            while (s + sp < e && sp < indent && src[s + sp] == ' ')
                sp++;
            s += sp;
        } else if (p != from) {
            while (s < e && (src[s] == ' ' || src[s] == '\t'))
                s++;
        }
        v[k].off = s;
        v[k].len = e - s;
        v[k].brk = e;
        k++;
        if (e >= to)
            break;
        p = e + (src[e] == '\r' && e + 1 < to && src[e + 1] == '\n' ? 2 : 1);
    }
    return k;
}

/* map[i] = source offset of value byte i; 0, or -1 when the value cannot be lined up with its
 * source (escapes of a double-quoted string). */
static int value_map(const struct workflow *wf, const struct ynode *n, size_t *map)
{
    size_t nseg = n->end_line - n->line + 2;
    struct seg *seg = xcalloc(nseg, sizeof(*seg));
    nseg = segments(wf, n, seg, nseg);
    size_t s = 0, j = 0;
    int rc = 0;
    for (size_t i = 0; i < n->len && !rc; i++) {
        char c = n->str[i];
        for (;;) {
            if (s >= nseg) {
                rc = -1;
                break;
            }
            const char *at = wf->src + seg[s].off + j;
            if (j < seg[s].len && *at == c && !(n->style == YSTYLE_DOUBLE && c == '\\')) {
                map[i] = seg[s].off + j;
                j += 1 + (n->style == YSTYLE_SINGLE && c == '\'' && j + 1 < seg[s].len &&
                          at[1] == '\'');
                break;
            }
            if (j >= seg[s].len) { /* a line break: kept as '\n', folded to ' ', or dropped */
                if (c == '\n' || c == ' ') {
                    map[i] = seg[s].brk;
                    s++;
                    j = 0;
                    break;
                }
                s++;
                j = 0;
                continue;
            }
            rc = -1;
            break;
        }
    }
    free(seg);
    return rc;
}

/* ---- the rule ---- */

struct uniq {
    const char *text, *header;
    size_t len;
};

static size_t hash_of(const char *h, const char *t, size_t len)
{
    size_t x = 1469598103934665603ULL & (size_t)-1;
    for (const char *p = h; *p; p++)
        x = (x ^ (unsigned char)*p) * 1099511628211ULL;
    for (size_t i = 0; i < len; i++)
        x = (x ^ (unsigned char)t[i]) * 1099511628211ULL;
    return x;
}

/* The value offsets of a script's lines, and the source offset of each value byte (or none
 * when the value cannot be lined up with its source): computed once per script shown. */
struct placer {
    const struct script *sc;
    const char *text;
    size_t *lines, nlines;
    size_t *map; /* NULL: positions are the node's */
};

static void placer_init(struct placer *pl, const struct script *sc, const char *text)
{
    const struct ynode *n = sc->step->run_at.n;
    pl->sc = sc;
    pl->text = text;
    pl->nlines = 1;
    for (size_t i = 0; i < n->len; i++)
        pl->nlines += text[i] == '\n';
    pl->lines = xcalloc(pl->nlines, sizeof(size_t));
    for (size_t i = 0, l = 1; i < n->len && l < pl->nlines; i++)
        if (text[i] == '\n')
            pl->lines[l++] = i + 1;
    pl->map = xcalloc(n->len + 1, sizeof(size_t));
    if (sc->step->run_at.via || value_map(sc->wf, n, pl->map)) {
        free(pl->map);
        pl->map = NULL;
    }
}

static void placer_release(struct placer *pl)
{
    free(pl->lines);
    free(pl->map);
}

/* The offset in the script of where finding f points (the script's length when unknown). */
static size_t offset_of(const struct placer *pl, const struct shellcheck_finding *f)
{
    size_t len = pl->sc->step->run_at.n->len;
    if (f->line < 1 || f->line > pl->nlines)
        return len;
    size_t off = pl->lines[f->line - 1];
    for (unsigned c = 1; c < f->col && off < len && pl->text[off] != '\n'; off++)
        if (((unsigned char)pl->text[off + 1] & 0xC0) != 0x80)
            c++;
    return off;
}

/* Where finding f points in the workflow. */
static void place(const struct placer *pl, const struct shellcheck_finding *f, unsigned *line,
                  unsigned *col)
{
    const struct ynode *n = pl->sc->step->run_at.n;
    size_t off = offset_of(pl, f);
    *line = n->line;
    *col = n->col;
    if (pl->map && off < n->len)
        ydoc_pos(&pl->sc->wf->doc, pl->map[off], line, col);
}

/* Does f point at a `${{ }}` placeholder? What shellcheck says of a constant word there (a loop
 * that runs once, a number that is not one) is about the placeholder, not about the value
 * GitHub pastes in. */
static int at_placeholder(const struct placer *pl, const struct shellcheck_finding *f)
{
    const struct ynode *n = pl->sc->step->run_at.n;
    size_t off = offset_of(pl, f);
    return off < n->len && pl->text[off] == '_' && n->str[off] != '_';
}

/* shellcheck's error-level codes that are certain failures when the script runs: parse errors
 * (SC1xxx: bash refuses the script), syntax bash rejects at run time, and tests or loops whose
 * outcome is fixed by the text. Its other error-level codes are fragile code that works on the
 * inputs the script usually gets (SC2045 `for f in $(ls)`, SC2068 unquoted $@, SC2145, SC2144
 * `[ -f *.xml ]`, right for zero or one match): those are warnings. Sorted. */
static const int sc_certain[] = {
    2066,       /* a quoted loop list: the loop runs once */
    2070,       /* -n with an unquoted argument: always true */
    2071,       /* > in [ ]: a redirection, not a comparison */
    2072,       /* decimals in [ ]: bash fails */
    2078,       /* a constant test: a missing $ */
    2105,       /* break outside a loop */
    2108,       /* -a inside [[ ]]: bash rejects it */
    2109,       /* -o inside [[ ]] */
    2157,       /* -z of a literal: always false */
    2168,       /* local outside a function: bash fails */
    2198,       /* an array in [ ]: the test fails */
    2199,       /* an array in [[ ]] compares one string */
    2200,       /* brace expansion in [ ] */
    2201,       /* brace expansion in [[ ]] */
    2242,       /* exit status above 255 */
    2261,       /* two redirections of stdout: one is lost */
    2264,       /* a function that calls itself forever */
    2265,       /* & for &&: backgrounds the command */
    2266,       /* | for ||: a pipe */
    2276,       /* a = without spaces run as a command */
    2277, 2288, /* a command name with a trailing newline or tab */
    2289, 2298, /* ${$x}: bad substitution */
    2299,       /* nested parameter expansions: bad substitution */
    2301,       /* a parameter expansion that starts with a quote */
};

static int by_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* The severity of an error-level shellcheck finding: error only when it is certain. */
static enum severity sc_error_severity(int code)
{
    if (code < 2000 || bsearch(&code, sc_certain, ARRAY_SIZE(sc_certain), sizeof(int), by_int))
        return SEV_ERROR;
    return SEV_WARNING;
}

static void report(struct rule_ctx *ctx, const struct placer *pl,
                   const struct shellcheck_finding *f)
{
    const struct script *sc = pl->sc;
    unsigned line, col;
    place(pl, f, &line, &col);
    const struct yref run_key = yref_key(sc->step->node, "run");
    char *path = gha_path(sc->job, sc->step, "run");
    char *fix = xstrfmt("see https://www.shellcheck.net/wiki/SC%d, or write '# shellcheck "
                        "disable=SC%d' above the line when it is intended",
                        f->code, f->code);
    static const char *const level[] = {"", "error", "warning", "info", "style"};
    const struct ynode *via = sc->step->run_at.via;
    char code[16];
    snprintf(code, sizeof(code), "SC%d", f->code);
    enum severity sev = f->level == SC_ERROR ? sc_error_severity(f->code) : SEV_WARNING;
    if (f->level <= SC_WARNING &&
        !(f->level == SC_WARNING && rule_opt_list_has(ctx, "as_style", code, 0))) {
        /* fragile shell that works on the usual input: pedantic, unless asked for */
        if (sev == SEV_ERROR || rule_persona(ctx) >= PERSONA_PEDANTIC ||
            rule_opt_bool(ctx, "report_warnings"))
            gha_report_pos(ctx, sev, sc->wf, line, col, run_key.n ? run_key.n->line : 0, via,
                           sc->job->id, path, fix, "shellcheck SC%d (%s): %s", f->code,
                           level[f->level], f->message);
    } else {
        struct anchor a = {sc->wf->file,         via ? via->line : line,
                           via ? via->col : col, run_key.n ? run_key.n->line : 0,
                           sc->job->id,          path};
        rule_report_other(ctx, "gha/shellcheck-style", &a, fix, "shellcheck SC%d (%s): %s", f->code,
                          level[f->level], f->message);
    }
    free(fix);
    free(path);
}

/* Has the code of v[n] been reported at an earlier place of v (the same script)? */
static int seen_before(const struct placer *pl, const struct shellcheck_finding *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].code == v[n].code && !at_placeholder(pl, &v[i]))
            return 1;
    return 0;
}

/* Another place of the finding just reported, as its related location. */
static void relate(struct rule_ctx *ctx, const struct placer *pl,
                   const struct shellcheck_finding *f)
{
    unsigned line, col;
    place(pl, f, &line, &col);
    char *path = gha_path(pl->sc->job, pl->sc->step, "run");
    struct anchor a = {pl->sc->wf->file, line, col, 0, pl->sc->job->id, path};
    rule_related(ctx, &a, "SC%d here too", f->code);
    free(path);
}

static void check_shellcheck(struct rule_ctx *ctx, const struct subject *subj)
{
    const struct project *p = subj->project;
    struct arena *a = rule_arena(ctx);
    struct script *sv = NULL;
    size_t ns = 0, salloc = 0;
    struct uniq *uv = NULL;
    size_t nu = 0, ualloc = 0;
    size_t cap = 1024;
    size_t *slots = NULL; /* open addressing: 1 + index into uv, 0 free */
    const char *first_file = NULL;
    for (size_t w = 0; w < p->nwfs; w++) {
        const struct workflow *wf = p->wfs[w];
        if (wf->context)
            continue;
        for (size_t i = 0; i < wf->njobs; i++) {
            const struct wf_job *j = &wf->jobs[i];
            for (size_t k = 0; k < j->nsteps; k++) {
                const struct wf_step *st = &j->steps[k];
                const struct ynode *n = st->run_at.n;
                if (!st->run || n->type != YNODE_SCALAR || !n->len)
                    continue;
                const char *hdr = step_shell(wf, j, st);
                if (!hdr)
                    continue;
                if (n->len > (size_t)rule_opt_int(ctx, "max_script_kb") * 1024) {
                    gha_unverifiable(ctx, wf, st->run_at, j->id,
                                     "split the script into a file of the repository and check it "
                                     "with shellcheck there, or raise the rule's 'max_script_kb'",
                                     "this run: script (%zu KB) is larger than shellcheck is given "
                                     "(%lld KB): not checked",
                                     n->len / 1024, rule_opt_int(ctx, "max_script_kb"));
                    continue;
                }
                if (!first_file)
                    first_file = wf->file;
                char *text = placeholder(wf, n, a);
                if (!slots || nu * 2 >= cap) { /* grow and rehash */
                    size_t ncap = slots ? cap * 2 : cap;
                    size_t *ns2 = xcalloc(ncap, sizeof(size_t));
                    for (size_t u = 0; u < nu; u++) {
                        size_t h = hash_of(uv[u].header, uv[u].text, uv[u].len) & (ncap - 1);
                        while (ns2[h])
                            h = (h + 1) & (ncap - 1);
                        ns2[h] = u + 1;
                    }
                    free(slots);
                    slots = ns2;
                    cap = ncap;
                }
                size_t h = hash_of(hdr, text, n->len) & (cap - 1);
                while (slots[h]) {
                    const struct uniq *u = &uv[slots[h] - 1];
                    if (u->len == n->len && u->header == hdr && !memcmp(u->text, text, n->len))
                        break;
                    h = (h + 1) & (cap - 1);
                }
                if (!slots[h]) {
                    ALLOC_GROW(uv, nu + 1, ualloc);
                    uv[nu].text = text;
                    uv[nu].header = hdr;
                    uv[nu].len = n->len;
                    slots[h] = ++nu;
                }
                ALLOC_GROW(sv, ns + 1, salloc);
                sv[ns].wf = wf;
                sv[ns].job = j;
                sv[ns].step = st;
                sv[ns].unique = slots[h] - 1;
                ns++;
            }
        }
    }
    free(slots);
    if (!nu) {
        free(sv);
        free(uv);
        return;
    }
    struct shellcheck_script *in = xcalloc(nu, sizeof(*in));
    for (size_t u = 0; u < nu; u++) {
        in[u].text = uv[u].text;
        in[u].len = uv[u].len;
        in[u].header = uv[u].header;
    }
    size_t nex;
    const char *const *ex = rule_opt_list(ctx, "exclude", &nex);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    struct shellcheck_opts o = {rule_opt_str(ctx, "shellcheck"), ex, nex,
                                (unsigned)rule_opt_int(ctx, "timeout_s") * 1000u,
                                cpus > 1 ? (unsigned)(cpus > 4 ? 4 : cpus) : 1u};
    struct shellcheck_result r;
    enum shellcheck_status st = shellcheck_run(in, nu, &o, &r);
    struct anchor at = {first_file, 0, 0, 0, NULL, NULL};
    if (st == SHELLCHECK_MISSING)
        rule_report_other(ctx, "infralint/unverifiable", &at,
                          "install shellcheck (Debian: apt-get install shellcheck), or set the "
                          "rule's 'shellcheck' option to its path",
                          "shellcheck is not on PATH ('%s'): the run: scripts of this run (%zu) "
                          "were not checked",
                          o.program, ns);
    else if (st != SHELLCHECK_OK)
        rule_report_other(ctx, "infralint/unverifiable", &at,
                          "run shellcheck on the scripts by hand, or raise the rule's "
                          "'timeout_s' option",
                          "the run: scripts were not checked: %s",
                          r.error ? r.error : "shellcheck failed");
    else {
        /* findings are sorted by script: walk each script's occurrences */
        size_t *first = xcalloc(nu + 1, sizeof(size_t));
        for (size_t i = 0; i < r.n; i++)
            if (!first[r.v[i].script])
                first[r.v[i].script] = i + 1;
        for (size_t s = 0; s < ns; s++) {
            size_t u = sv[s].unique;
            if (!first[u])
                continue;
            struct placer pl;
            placer_init(&pl, &sv[s], uv[u].text);
            /* one finding per code and script (a habit repeated on ten lines is one fix): the
             * first place is the finding, the others its related locations */
            size_t lo = first[u] - 1, hi = lo;
            while (hi < r.n && r.v[hi].script == u)
                hi++;
            for (size_t i = lo; i < hi; i++) {
                const struct shellcheck_finding *f = &r.v[i];
                if (at_placeholder(&pl, f) || seen_before(&pl, r.v + lo, i - lo))
                    continue;
                report(ctx, &pl, f);
                for (size_t k = i + 1; k < hi; k++)
                    if (r.v[k].code == f->code && !at_placeholder(&pl, &r.v[k]))
                        relate(ctx, &pl, &r.v[k]);
            }
            placer_release(&pl);
        }
        free(first);
    }
    shellcheck_result_release(&r);
    free(in);
    free(sv);
    free(uv);
}

static const struct rule_option shellcheck_options[] = {
    {"shellcheck", OPT_STRING, "shellcheck", "the shellcheck program (a name in PATH, or a path)"},
    {"timeout_s", OPT_INT, "120",
     "seconds shellcheck may take for the whole run before it is stopped (then a note says the "
     "scripts were not checked)"},
    {"max_script_kb", OPT_INT, "64",
     "scripts larger than this are not given to shellcheck (it needs about half a second per "
     "1,000 lines); a note says so"},
    {"as_style", OPT_STRLIST, "SC1083,SC2046,SC2087,SC2155",
     "warning codes reported as gha/shellcheck-style (pedantic): word splitting of `$(...)`, "
     "which CI scripts mostly want, `local x=$(...)` masking a status `bash -e` ignores "
     "there anyway, a literal `{` (`curl -w %{http_code}`, `git rev-parse @{u}`), and an "
     "unquoted here-document sent to ssh (CI scripts mostly mean to expand their own "
     "variables into it): on real workflows the most frequent warnings, and rarely a bug"},
    {"report_warnings", OPT_BOOL, "false",
     "report shellcheck's warnings (and its error-level codes for fragile code) at the regular "
     "persona too; otherwise from the pedantic persona on"},
    {"exclude", OPT_STRLIST, "SC1090,SC1091,SC2050,SC2078,SC2154,SC2157,SC2193,SC2194",
     "shellcheck codes never reported: sourced files it cannot follow, and what `${{ }}` "
     "placeholders and variables set in `env:` look like to it"},
    {0},
};

static void check_none(struct rule_ctx *ctx, const struct subject *subj)
{
    (void)ctx; /* gha/shellcheck reports these findings */
    (void)subj;
}

const struct rule gha_shell_rules[] = {
    {
        .id = "gha/shellcheck",
        .title = "run: scripts pass shellcheck",
        .severity = SEV_WARNING,
        .kinds = KIND_PROJECT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "actionlint shellcheck",
        .options = shellcheck_options,
        .check = check_shellcheck,
        .help = "Each `run:` script is checked with shellcheck (when it is installed) in the "
                "shell the step uses: `shell:`, the job's or the workflow's `defaults.run.shell`, "
                "or the runner's default — `bash -e` on Linux and macOS runners; steps in "
                "PowerShell, cmd or Python, and steps of jobs that run on Windows without "
                "`shell: bash`, are skipped. Each `${{ … }}` is replaced by as many `_` (it is "
                "text pasted into the script before the shell runs), so every finding points at "
                "its exact line and column in the workflow, also inside `run: |` and `run: >` "
                "blocks; what shellcheck says of the placeholder itself (a loop over one word, a "
                "constant test) is dropped. shellcheck's errors and warnings are reported here. "
                "Severity: error only for what certainly fails or misbehaves when the script "
                "runs — shellcheck's parse errors (SC1xxx: bash refuses the script), syntax bash "
                "rejects at run time (SC2168 `local` outside a function, SC2298 `${$x}`, SC2108 "
                "`-a` in `[[ ]]`, …) and tests or loops whose outcome the text fixes (SC2078 a "
                "constant test, SC2066 a quoted loop list, …); shellcheck's "
                "other error-level codes are fragile code that works on the usual input (SC2045 "
                "`for f in $(ls …)`, SC2068 an unquoted `$@`, SC2145, SC2144 `[ -f *.xml ]`, "
                "right for zero or one match) and are warnings, as are its "
                "warnings — reported from `--persona pedantic` on (or with `report_warnings: "
                "true`): on real workflows they are mostly intended constructs (JSON kept in a "
                "variable, deliberate word splitting), rarely a bug. Its info and style findings "
                "(SC2086 and the like, most of its output "
                "on real workflows) are gha/shellcheck-style. A code reported at several places "
                "of one script is one finding, at the first place, with the others as its "
                "related locations. shellcheck runs once per "
                "infralint run over all scripts (identical scripts once), on every core, and "
                "is stopped after `timeout_s`; without shellcheck on PATH one "
                "infralint/unverifiable note says the scripts were not checked. "
                "`# shellcheck disable=SCxxxx` in a script works as in any shell script.\n\n"
                "Fix: follow shellcheck's advice (its wiki page per code), or disable the code "
                "in the script where the construct is intended.",
    },
    {
        .id = "gha/shellcheck-style",
        .title = "run: scripts pass shellcheck's info and style checks",
        .severity = SEV_NOTE,
        .kinds = KIND_PROJECT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .origin = "actionlint shellcheck",
        .check = check_none,
        .help = "shellcheck's info and style findings on `run:` scripts (unquoted variables, "
                "SC2086, and similar hygiene), and the warnings gha/shellcheck's option "
                "`as_style` names (SC1083, SC2046, SC2087, SC2155), found by the same shellcheck "
                "run as "
                "gha/shellcheck (which must be enabled too). Pedantic persona: on real "
                "workflows they are most of shellcheck's output, and rarely a bug.\n\n"
                "Fix: follow shellcheck's advice (its wiki page per code), or disable the code "
                "in the script.",
    },
    {0},
};
