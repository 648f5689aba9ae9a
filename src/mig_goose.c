/* mig_goose.c — goose's line-oriented reading of a migration file, problem by problem.
 * The state machine follows goose's sqlparser (ParseSQLMigration): the same states, the same
 * order of checks, the same quirks (a line after an empty StatementBegin/End block is a statement
 * of its own; only a line whose last word before `--` ends in ';' ends a statement). Where goose
 * returns an error this records a note and recovers the way the author most likely meant, so
 * the rest of the file is still read. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "mig_goose.h"

enum state { START, UP, BEGIN_UP, END_UP, DOWN, BEGIN_DOWN, END_DOWN };

enum annotation {
    ANN_NONE = 0,
    ANN_UP,
    ANN_DOWN,
    ANN_BEGIN,
    ANN_END,
    ANN_NOTX,
    ANN_ENVSUB_ON,
    ANN_ENVSUB_OFF,
    ANN_BAD /* goose would refuse the line */
};

static const struct {
    const char *name;
    enum annotation a;
} annotations[] = {
    {"Up", ANN_UP},
    {"Down", ANN_DOWN},
    {"StatementBegin", ANN_BEGIN},
    {"StatementEnd", ANN_END},
    {"NO TRANSACTION", ANN_NOTX},
    {"ENVSUB ON", ANN_ENVSUB_ON},
    {"ENVSUB OFF", ANN_ENVSUB_OFF},
};

static const char known_fix[] =
    "use one of Up, Down, StatementBegin, StatementEnd, NO TRANSACTION, ENVSUB ON, ENVSUB OFF "
    "(or take '+goose' out of the comment)";

static int ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* [*b, *e) trimmed of ASCII white space. */
static void trim(const char **b, const char **e)
{
    while (*b < *e && ws((unsigned char)**b))
        (*b)++;
    while (*e > *b && ws((unsigned char)(*e)[-1]))
        (*e)--;
}

static const char *find(const char *b, const char *e, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = b; p + n <= e; p++)
        if (!memcmp(p, needle, n))
            return p;
    return NULL;
}

static const char *find_icase(const char *b, const char *e, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = b; p + n <= e; p++)
        if (!strncasecmp(p, needle, n))
            return p;
    return NULL;
}

static int is_comment_line(const char *b, const char *e)
{
    trim(&b, &e);
    return e - b >= 2 && b[0] == '-' && b[1] == '-';
}

static void note(struct goose_file *g, unsigned line, unsigned col, int fatal, const char *fix,
                 const char *fmt, ...) IL_PRINTF(6, 7);
static void note(struct goose_file *g, unsigned line, unsigned col, int fatal, const char *fix,
                 const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    ALLOC_GROW(g->notes, g->nnotes + 1, g->notes_alloc);
    struct mig_note *n = &g->notes[g->nnotes++];
    n->line = line;
    n->col = col ? col : 1;
    n->msg = strbuf_detach(&sb);
    n->fix = xstrdup(fix);
    n->fatal = fatal;
}

/* Which annotation the line is, as goose's extractAnnotation decides (the caller checked that
 * the trimmed line starts with "--" and contains "+goose"). ANN_BAD with a note otherwise. */
static enum annotation annotation_of(struct goose_file *g, const char *b, const char *e,
                                     unsigned line)
{
    const char *plus = find(b, e, "+goose");
    unsigned col = (unsigned)(plus - b) + 1;
    if (*b == ' ' || *b == '\t') {
        note(g, line, 1, 0, "start the annotation at the beginning of the line",
             "goose annotation with leading white space: goose refuses the file");
        return ANN_BAD;
    }
    /* goose removes every "--", then the first "+goose", then trims. */
    struct strbuf cmd = STRBUF_INIT;
    for (const char *p = b; p < e;) {
        if (e - p >= 2 && p[0] == '-' && p[1] == '-') {
            p += 2;
            continue;
        }
        strbuf_addch(&cmd, *p++);
    }
    char *first = strstr(cmd.buf, "+goose");
    memmove(first, first + 6, strlen(first + 6) + 1);
    enum annotation a = ANN_BAD;
    if (strstr(cmd.buf, "+goose")) {
        note(g, line, col, 0, "write one annotation per line",
             "more than one '+goose' on one line: goose refuses the file");
    } else {
        const char *cb = cmd.buf, *ce = cmd.buf + strlen(cmd.buf);
        trim(&cb, &ce);
        size_t n = (size_t)(ce - cb);
        for (size_t i = 0; i < ARRAY_SIZE(annotations) && a == ANN_BAD; i++)
            if (strlen(annotations[i].name) == n && !strncasecmp(cb, annotations[i].name, n))
                a = annotations[i].a;
        if (a == ANN_BAD && !n)
            note(g, line, col, 0, known_fix,
                 "empty goose annotation '-- +goose': goose refuses the file");
        else if (a == ANN_BAD)
            note(g, line, col, 0, known_fix,
                 "unknown goose annotation '%.*s': goose refuses the file", (int)(n > 60 ? 60 : n),
                 cb);
    }
    strbuf_release(&cmd);
    return a;
}

/* goose's endsWithSemicolon: the last white-space separated word before a word starting with
 * "--" ends with ';'. */
static int ends_with_semicolon(const char *b, const char *e)
{
    const char *last_end = NULL;
    for (const char *p = b; p < e;) {
        while (p < e && ws((unsigned char)*p))
            p++;
        if (p >= e)
            break;
        const char *w = p;
        while (p < e && !ws((unsigned char)*p))
            p++;
        if (p - w >= 2 && w[0] == '-' && w[1] == '-')
            break;
        last_end = p;
    }
    return last_end && last_end[-1] == ';';
}

struct reader {
    struct goose_file *g;
    const char *buf;
    enum state st;
    int envsub;
    int in_buf;    /* goose's buffer holds a statement in progress */
    int buf_blank; /* … and it is only white space so far */
    size_t from;   /* where it starts */
    unsigned from_line;
    unsigned begin_line; /* the open StatementBegin */
    unsigned first_up, first_down;
    size_t to; /* end of the last line written */
    unsigned to_line;
    int sql_before_up;
};

static enum mig_section section_of(enum state st)
{
    return st == DOWN || st == BEGIN_DOWN || st == END_DOWN ? MIG_DOWN : MIG_UP;
}

static void flush(struct reader *r, unsigned semi_line, unsigned begin_line)
{
    if (r->in_buf && !r->buf_blank) {
        struct goose_file *g = r->g;
        ALLOC_GROW(g->chunks, g->nchunks + 1, g->chunks_alloc);
        struct mig_chunk *c = &g->chunks[g->nchunks++];
        c->section = section_of(r->st);
        c->from = r->from;
        c->to = r->to;
        c->line = r->from_line;
        c->end_line = r->to_line;
        c->begin_line = begin_line;
        c->semi_line = semi_line;
    }
    r->in_buf = 0;
    r->buf_blank = 0;
}

/* goose's "unexpected unfinished SQL query: missing semicolon?" */
static void unfinished(struct reader *r, const char *where)
{
    if (!r->in_buf || r->buf_blank)
        return;
    const char *p = r->buf + r->from;
    unsigned col = 1;
    while (*p == ' ' || *p == '\t') {
        p++;
        col++;
    }
    note(r->g, r->from_line, col, 0,
         "end the statement with ';' as the last word of its line (only a '--' comment may "
         "follow it), or wrap it in '-- +goose StatementBegin' / '-- +goose StatementEnd'",
         "the statement starting here is not ended by ';' at the end of a line before %s: "
         "goose refuses the file (\"unfinished SQL query: missing semicolon?\")",
         where);
}

static void set_envsub(struct goose_file *g, unsigned line, size_t nlines)
{
    if (!g->envsub) {
        g->nenvsub = nlines + 2;
        g->envsub = xcalloc(g->nenvsub, 1);
    }
    if (line < g->nenvsub)
        g->envsub[line] = 1;
}

static void on_annotation(struct reader *r, enum annotation a, unsigned line)
{
    struct goose_file *g = r->g;
    switch (a) {
    case ANN_UP:
        if (r->st == START) {
            r->st = UP;
            g->up_line = line;
            r->first_up = line;
        } else if (r->first_up) {
            note(g, line, 1, 0, "keep one '-- +goose Up' per file",
                 "second '-- +goose Up' (the first is on line %u): goose refuses the file",
                 r->first_up);
        } else {
            /* The first Up, after a Down or a StatementBegin that came before any Up: the note
             * on that line says what goose refuses; read on from here as the Up section. */
            g->up_line = line;
            r->first_up = line;
            if (r->st == DOWN || r->st == END_DOWN)
                r->st = UP;
        }
        return;
    case ANN_DOWN:
        if (r->st == BEGIN_UP || r->st == BEGIN_DOWN) {
            note(g, r->begin_line, 1, 1, "add '-- +goose StatementEnd' where the statement ends",
                 "'-- +goose StatementBegin' has no matching '-- +goose StatementEnd' before "
                 "'-- +goose Down' on line %u: goose refuses the file",
                 line);
            flush(r, 0, r->begin_line);
        } else if (r->st == UP || r->st == END_UP) {
            unfinished(r, "'-- +goose Down'");
            flush(r, 0, 0);
        } else if (r->st == START) {
            note(g, line, 1, 0, "put '-- +goose Up' and the migration's SQL above the Down section",
                 "'-- +goose Down' before any '-- +goose Up': goose refuses the file");
        } else {
            note(g, line, 1, 0, "keep one '-- +goose Down' per file",
                 "second '-- +goose Down' (the first is on line %u): goose refuses the file",
                 r->first_down);
            return;
        }
        r->st = DOWN;
        g->down_line = line;
        r->first_down = line;
        return;
    case ANN_BEGIN:
        if (r->st == UP || r->st == END_UP) {
            r->st = BEGIN_UP;
        } else if (r->st == DOWN || r->st == END_DOWN) {
            r->st = BEGIN_DOWN;
        } else if (r->st == START) {
            note(g, line, 1, 0, "put '-- +goose Up' (or Down) before the StatementBegin",
                 "'-- +goose StatementBegin' before '-- +goose Up': goose refuses the file");
            r->st = BEGIN_UP;
        } else {
            note(g, line, 1, 0, "close the block on line %u with '-- +goose StatementEnd' first",
                 "'-- +goose StatementBegin' inside the block opened on line %u: goose "
                 "refuses the file",
                 r->begin_line);
            return;
        }
        r->begin_line = line;
        return;
    case ANN_NOTX:
        if (!g->notx_line)
            g->notx_line = line;
        return;
    case ANN_ENVSUB_ON: r->envsub = 1; return;
    case ANN_ENVSUB_OFF: r->envsub = 0; return;
    case ANN_END: /* handled by the caller: it falls through to statement handling */
    case ANN_NONE:
    case ANN_BAD: return;
    }
}

/* A `--` line that mentions +goose. 1 when goose consumes the line as an annotation; *a says
 * which (ANN_END falls through to statement handling, as in goose). */
static int annotation_line(struct reader *r, const char *b, const char *e, unsigned line,
                           enum annotation *a)
{
    struct goose_file *g = r->g;
    if (!find(b, e, "+goose")) {
        const char *p = find_icase(b, e, "+goose");
        if (p)
            note(g, line, (unsigned)(p - b) + 1, 0,
                 "write the annotation with '+goose' in lower case",
                 "'%.6s' is not a goose annotation: goose only recognises '+goose' in lower "
                 "case and reads this line as a plain comment",
                 p);
        return 0;
    }
    *a = annotation_of(g, b, e, line);
    if (*a != ANN_END) {
        on_annotation(r, *a, line);
        return 1;
    }
    if (r->st == BEGIN_UP || r->st == BEGIN_DOWN) {
        r->st = r->st == BEGIN_UP ? END_UP : END_DOWN;
        return 0;
    }
    note(g, line, 1, 0, "remove it, or add '-- +goose StatementBegin' where the statement starts",
         "'-- +goose StatementEnd' without a '-- +goose StatementBegin': goose refuses the file");
    return 1;
}

/* A line of SQL (or a comment inside a statement): goose adds it to the statement in progress,
 * drops it after an empty block, or ends the statement with it. */
static void sql_line(struct reader *r, const char *b, const char *e, unsigned line, size_t nlines)
{
    struct goose_file *g = r->g;
    const char *tb = b, *te = e;
    trim(&tb, &te);
    if ((r->st == END_UP || r->st == END_DOWN) && !r->in_buf) {
        note(g, line, (unsigned)(tb - b) + 1, 0,
             "remove the empty StatementBegin/StatementEnd block above it",
             "goose drops this line: it comes right after an empty '-- +goose StatementBegin' / "
             "'-- +goose StatementEnd' block, and goose never runs it");
    } else if (r->st != END_UP && r->st != END_DOWN) {
        if (r->st == START && !r->sql_before_up) {
            r->sql_before_up = 1;
            note(g, line, (unsigned)(tb - b) + 1, 0,
                 "move the SQL below '-- +goose Up' (or delete it)",
                 "SQL before '-- +goose Up': goose refuses the file");
        }
        if (!r->in_buf) {
            r->in_buf = 1;
            r->buf_blank = 1;
            r->from = (size_t)(b - r->buf);
            r->from_line = line;
        }
        if (tb != te)
            r->buf_blank = 0;
        r->to = (size_t)(e - r->buf);
        r->to_line = line;
        if (r->envsub)
            set_envsub(g, line, nlines);
    }
    switch (r->st) {
    case START:
    case UP:
    case DOWN:
        if (ends_with_semicolon(b, e))
            flush(r, line, 0);
        break;
    case END_UP:
    case END_DOWN:
        flush(r, 0, r->begin_line);
        r->st = r->st == END_UP ? UP : DOWN;
        break;
    case BEGIN_UP:
    case BEGIN_DOWN: break;
    }
}

static void add_gap(struct goose_file *g, const char *buf, const char *b, const char *e,
                    unsigned line)
{
    const char *tb = b, *te = e;
    trim(&tb, &te);
    ALLOC_GROW(g->gaps, g->ngaps + 1, g->gaps_alloc);
    struct mig_gap *gp = &g->gaps[g->ngaps++];
    gp->off = (size_t)(tb - buf);
    gp->len = (size_t)(te - tb);
    gp->line = line;
    gp->col = (unsigned)(tb - b) + 1;
}

/* The end of the file: what goose says when it is reached in the middle of something. */
static void at_end(struct reader *r)
{
    struct goose_file *g = r->g;
    if (r->st == START && !r->sql_before_up) {
        note(g, 1, 1, 0,
             "add '-- +goose Up' above the migration's SQL (and '-- +goose Down' "
             "above the SQL that reverts it)",
             "no '-- +goose Up' annotation: goose refuses the file");
    } else if (r->st == BEGIN_UP || r->st == BEGIN_DOWN) {
        note(g, r->begin_line, 1, 1, "add '-- +goose StatementEnd' where the statement ends",
             "'-- +goose StatementBegin' has no matching '-- +goose StatementEnd': goose refuses "
             "the file");
        flush(r, 0, r->begin_line);
    } else {
        unfinished(r, "the end of the file");
        flush(r, 0, 0);
    }
}

void mig_goose_parse(const char *buf, size_t len, struct goose_file *g)
{
    memset(g, 0, sizeof(*g));
    struct reader r = {.g = g, .buf = buf, .st = START};
    size_t nlines = 0, pos = 0;
    for (size_t i = 0; i < len; i++)
        nlines += buf[i] == '\n';
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        g->bom = 1;
        pos = 3; /* read on as if it were not there; the note says goose would not */
        note(g, 1, 1, 0, "save the file as UTF-8 without a byte order mark",
             "the file starts with a UTF-8 byte order mark: goose does not recognise the "
             "annotation on line 1 behind it and refuses the file");
    }
    for (unsigned line = 1; pos < len; line++) {
        const char *b = buf + pos;
        const char *nl = memchr(b, '\n', len - pos);
        const char *e = nl ? nl : buf + len;
        pos = nl ? (size_t)(nl - buf) + 1 : len;
        if (e > b && e[-1] == '\r') /* bufio.ScanLines drops a final \r */
            e--;
        if ((size_t)(e - b) >= GOOSE_MAX_LINE) {
            note(g, line, 1, 1, "split the line",
                 "line is longer than goose's limit of 4 MiB: goose cannot read the file "
                 "(\"token too long\")");
            continue;
        }
        const char *tb = b, *te = e;
        trim(&tb, &te);
        if (r.st == START && tb == te)
            continue;
        enum annotation a = ANN_NONE;
        int comment = is_comment_line(b, e);
        if (comment && annotation_line(&r, b, e, line, &a))
            continue;
        /* Leading comments and empty lines before a statement are skipped. */
        if (!r.in_buf && (comment || e == b)) {
            if (comment && a != ANN_END)
                add_gap(g, buf, b, e, line);
            continue;
        }
        sql_line(&r, b, e, line, nlines);
    }
    at_end(&r);
}

void mig_goose_release(struct goose_file *g)
{
    for (size_t i = 0; i < g->nnotes; i++) {
        free(g->notes[i].msg);
        free(g->notes[i].fix);
    }
    free(g->notes);
    free(g->chunks);
    free(g->gaps);
    free(g->envsub);
    memset(g, 0, sizeof(*g));
}

/* Does a `--` comment line of buf hold needle ("+goose", "+migrate")? */
static int annotated_with(const char *buf, size_t len, const char *needle)
{
    size_t pos = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len) {
        const char *b = buf + pos;
        const char *nl = memchr(b, '\n', len - pos);
        const char *e = nl ? nl : buf + len;
        const char *tb = b, *te = e;
        trim(&tb, &te);
        if (te - tb >= 2 && tb[0] == '-' && tb[1] == '-' && find_icase(tb, te, needle))
            return 1;
        pos = nl ? (size_t)(nl - buf) + 1 : len;
    }
    return 0;
}

int mig_goose_annotated(const char *buf, size_t len)
{
    return annotated_with(buf, len, "+goose");
}

int mig_sqlmigrate_annotated(const char *buf, size_t len)
{
    return annotated_with(buf, len, "+migrate");
}
