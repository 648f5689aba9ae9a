/* report_github.c — GitHub Actions workflow commands: one annotation per finding and input error
 * (`::error file=…,line=…,col=…,endLine=…,title=…::message`), escaped as @actions/core escapes
 * data and properties (escape.h). GitHub shows only 10 annotations of each kind (error, warning,
 * notice) per step: the most severe are printed first, and when some do not fit a last notice
 * says how many and where the whole report is. Plan findings annotate line 1 of the plan, with
 * the resource address in the message. Suppressed and baselined findings are not annotated.
 * After the commands, the summary line as plain log text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infralint/escape.h"
#include "infralint/report.h"
#include "infralint/util.h"

#define GH_PER_KIND 10 /* annotations of one kind GitHub shows per step */

/* One annotation: a finding or an input error. */
struct item {
    enum severity sev;
    const struct finding *f;
    const struct diag *d;
};

static int item_cmp(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->sev != y->sev)
        return x->sev > y->sev ? -1 : 1;
    if (!x->f != !y->f) /* input errors before findings of the same level */
        return x->f ? 1 : -1;
    const void *px = x->f ? (const void *)x->f : (const void *)x->d;
    const void *py = y->f ? (const void *)y->f : (const void *)y->d;
    return px < py ? -1 : px > py; /* report order within a level */
}

static const char *command(enum severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "notice";
}

static int is_dir(const char *file)
{
    struct stat st;
    return stat(file, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "file=F,line=L,col=C,endLine=L," — a file annotation needs a line (1 when the input has none);
 * a directory or no file gives none. */
static void props(struct strbuf *sb, const char *file, unsigned line, unsigned col)
{
    if (!file || is_dir(file))
        return;
    while (file[0] == '.' && file[1] == '/')
        file += 2;
    strbuf_addstr(sb, "file=");
    escape_gh_property(sb, file);
    unsigned l = line ? line : 1;
    strbuf_addf(sb, ",line=%u", l);
    if (line && col)
        strbuf_addf(sb, ",col=%u", col);
    strbuf_addf(sb, ",endLine=%u,", l);
}

static void annotate(struct strbuf *sb, const struct results *r, const struct item *it)
{
    strbuf_addf(sb, "::%s ", command(it->sev));
    if (it->d) {
        props(sb, it->d->file, it->d->line, it->d->col);
        strbuf_addstr(sb, "title=infralint input error::");
        if (it->d->jpath) {
            escape_gh_data(sb, it->d->jpath);
            strbuf_addstr(sb, ": ");
        }
        escape_gh_data(sb, it->d->message);
        strbuf_addch(sb, '\n');
        return;
    }
    const struct finding *f = it->f;
    props(sb, f->file, f->line, f->col);
    const struct rule *rule = report_rule(r, f->rule, NULL);
    char *title = rule ? xstrfmt("%s: %s", f->rule, rule->title) : xstrdup(f->rule);
    strbuf_addstr(sb, "title=");
    escape_gh_property(sb, title);
    free(title);
    strbuf_addstr(sb, "::");
    if (!f->line && f->location) {
        escape_gh_data(sb, f->location);
        strbuf_addstr(sb, ": ");
    }
    escape_gh_data(sb, f->message);
    if (f->fix) {
        escape_gh_data(sb, "\nfix: ");
        escape_gh_data(sb, f->fix);
    }
    strbuf_addch(sb, '\n');
}

int report_github(FILE *out, const struct results *r, const struct report_opts *o)
{
    size_t n = 0, count[4] = {0};
    struct item *v = xcalloc(r->findings.n + r->errors.n + 1, sizeof(*v));
    for (size_t i = 0; i < r->errors.n; i++)
        v[n++] = (struct item){.sev = SEV_ERROR, .d = &r->errors.v[i]};
    for (size_t i = 0; i < r->findings.n; i++)
        if (!r->findings.v[i].suppressed)
            v[n++] = (struct item){.sev = r->findings.v[i].severity, .f = &r->findings.v[i]};
    qsort(v, n, sizeof(*v), item_cmp);
    for (size_t i = 0; i < n; i++)
        count[v[i].sev]++;
    int over = count[SEV_ERROR] > GH_PER_KIND || count[SEV_WARNING] > GH_PER_KIND ||
               count[SEV_NOTE] > GH_PER_KIND;
    size_t budget[4] = {0, over ? GH_PER_KIND - 1 : GH_PER_KIND, GH_PER_KIND, GH_PER_KIND};
    size_t shown[4] = {0}, left = 0;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (shown[v[i].sev] == budget[v[i].sev]) {
            left++;
            continue;
        }
        shown[v[i].sev]++;
        annotate(&sb, r, &v[i]);
    }
    if (left) {
        struct strbuf msg = STRBUF_INIT;
        strbuf_addf(&msg,
                    "%zu more finding%s not annotated: GitHub shows %d errors, %d warnings and %d "
                    "notices per step; ",
                    left, left == 1 ? " was" : "s were", GH_PER_KIND, GH_PER_KIND, GH_PER_KIND);
        if (o->others)
            strbuf_addf(&msg, "the full report is in %s", o->others);
        else
            strbuf_addstr(&msg, "the full report: run infralint with -f text (or add "
                                "-f sarif=FILE and upload it to code scanning)");
        strbuf_addstr(&sb, "::notice title=infralint::");
        escape_gh_data(&sb, msg.buf);
        strbuf_addch(&sb, '\n');
        strbuf_release(&msg);
    }
    char *sum = report_summary(r);
    strbuf_addf(&sb, "infralint: %s\n", sum);
    free(sum);
    size_t len = sb.len, wrote = fwrite(sb.buf, 1, len, out);
    strbuf_release(&sb);
    free(v);
    return wrote == len ? 0 : -1;
}
