/* report_text.c — one finding per line, as compilers, actionlint and shellcheck print them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/escape.h"
#include "infralint/report.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

struct style {
    const char *bold, *red, *yellow, *cyan, *dim, *reset;
};

static const struct style plain = {"", "", "", "", "", ""};
static const struct style ansi = {"\033[1m",    "\033[1;31m", "\033[1;33m",
                                  "\033[1;36m", "\033[2m",    "\033[0m"};

static const char *sev_color(const struct style *s, enum severity v)
{
    return v == SEV_ERROR ? s->red : v == SEV_WARNING ? s->yellow : s->cyan;
}

/* "file:line:col: " / "file: location: " / "file: " / "infralint: ". Every text that comes
 * from the inputs (file names, addresses, job ids, messages…) goes through escape_term, so that
 * none can end the line or drive the terminal. */
static void where(struct strbuf *sb, const struct style *st, const char *file, unsigned line,
                  unsigned col, const char *location)
{
    strbuf_addstr(sb, st->bold);
    if (!file)
        strbuf_addstr(sb, "infralint");
    else
        escape_term(sb, file);
    if (file && line && col)
        strbuf_addf(sb, ":%u:%u", line, col);
    else if (file && line)
        strbuf_addf(sb, ":%u", line);
    else if (file && location) {
        strbuf_addstr(sb, ": ");
        escape_term(sb, location);
    }
    strbuf_addch(sb, ':');
    strbuf_addstr(sb, st->reset);
    strbuf_addch(sb, ' ');
}

/* "text\n" with text escaped. */
static void line_esc(struct strbuf *sb, const char *text)
{
    escape_term(sb, text);
    strbuf_addch(sb, '\n');
}

static void print_finding(FILE *out, const struct finding *f, const struct style *st,
                          const struct report_opts *o)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_grow(&sb, 384); /* most findings fit: one allocation */
    where(&sb, st, f->file, f->line, f->col, f->location);
    if (f->suppressed)
        strbuf_addf(&sb, "%ssuppressed %s:%s ", st->dim, severity_name(f->severity), st->reset);
    else { /* "error: " in its colour: the common case, without a format */
        strbuf_addstr(&sb, sev_color(st, f->severity));
        strbuf_addstr(&sb, severity_name(f->severity));
        strbuf_addch(&sb, ':');
        strbuf_addstr(&sb, st->reset);
        strbuf_addch(&sb, ' ');
    }
    escape_term(&sb, f->message);
    strbuf_addch(&sb, ' ');
    strbuf_addstr(&sb, st->dim);
    strbuf_addch(&sb, '[');
    escape_term(&sb, f->rule);
    strbuf_addch(&sb, ']');
    strbuf_addstr(&sb, st->reset);
    strbuf_addch(&sb, '\n');
    if (f->suppressed == SUPP_BASELINE) {
        strbuf_addstr(&sb, "  baseline: recorded in ");
        if (o->baseline) {
            strbuf_addch(&sb, '\'');
            escape_term(&sb, o->baseline);
            strbuf_addch(&sb, '\'');
        } else {
            strbuf_addstr(&sb, "the baseline");
        }
        strbuf_addch(&sb, '\n');
    } else if (f->suppressed) {
        strbuf_addf(&sb,
                    "  %s: ", f->suppressed == SUPP_INLINE ? "inline ignore" : "config ignore");
        line_esc(&sb, f->suppress_reason ? f->suppress_reason : "(no reason given)");
    }
    if (!o->quiet) {
        if (f->fix && !f->suppressed) {
            strbuf_addstr(&sb, "  fix: ");
            line_esc(&sb, f->fix);
        }
        for (size_t i = 0; i < f->nrelated && !f->suppressed; i++) {
            const struct related *r = &f->related[i];
            strbuf_addstr(&sb, "  related: ");
            where(&sb, &plain, r->file, r->line, r->col, r->location);
            line_esc(&sb, r->message);
        }
    }
    fputs(sb.buf, out);
    strbuf_release(&sb);
}

static void print_error(FILE *out, const struct diag *d, const struct style *st)
{
    struct strbuf sb = STRBUF_INIT;
    where(&sb, st, d->file, d->line, d->col, d->jpath);
    strbuf_addf(&sb, "%serror:%s ", st->red, st->reset);
    line_esc(&sb, d->message);
    fputs(sb.buf, out);
    strbuf_release(&sb);
}

/* Is the error ordered before the finding? (file, line, column; errors first on ties) */
static int error_first(const struct diag *d, const struct finding *f)
{
    int c = str_cmp0(d->file, f->file);
    if (c)
        return c < 0;
    if (d->line != f->line)
        return d->line < f->line;
    return d->col <= f->col;
}

int report_text(FILE *out, const struct results *r, const struct report_opts *o)
{
    const struct style *st = o->color ? &ansi : &plain;
    size_t fi = 0, ei = 0;
    const struct finding_list *fl = &r->findings;
    while (fi < fl->n || ei < r->errors.n) {
        if (ei < r->errors.n && (fi == fl->n || error_first(&r->errors.v[ei], &fl->v[fi]))) {
            print_error(out, &r->errors.v[ei++], st);
            continue;
        }
        const struct finding *f = &fl->v[fi++];
        if (!f->suppressed || o->verbose)
            print_finding(out, f, st, o);
    }
    if (o->quiet)
        return 0;
    for (size_t i = 0; i < r->skipped.n; i++) {
        const struct skip *s = &r->skipped.v[i];
        struct strbuf sk = STRBUF_INIT;
        strbuf_addstr(&sk, st->dim);
        escape_term(&sk, s->file ? s->file : "infralint");
        strbuf_addstr(&sk, ": skipped ");
        escape_term(&sk, s->what);
        strbuf_addstr(&sk, ": ");
        escape_term(&sk, s->reason);
        strbuf_addf(&sk, "%s\n", st->reset);
        fputs(sk.buf, out);
        strbuf_release(&sk);
    }
    char *sum = report_summary(r);
    fprintf(out, "%s%s%s\n", st->bold, sum, st->reset);
    free(sum);
    return 0;
}
