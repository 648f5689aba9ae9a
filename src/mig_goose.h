/* mig_goose.h — goose's own reading of a SQL migration file (private to the migration loader).
 * goose reads a file line by line: annotations (`-- +goose Up`, `Down`, `StatementBegin`,
 * `StatementEnd`, `NO TRANSACTION`, `ENVSUB ON|OFF`), then statements that end at a line whose
 * last word before a `--` ends with `;`, or at `StatementEnd`. This module reproduces that state
 * machine exactly, including its quirks, and records what goose would refuse instead of
 * stopping at the first problem, so one run reports everything. It knows nothing of SQL
 * tokens: the chunks it returns (what goose sends to the database in one Exec) are scanned
 * afterwards. Everything here is owned by the struct and freed by mig_goose_release(). */
#ifndef INFRALINT_MIG_GOOSE_H
#define INFRALINT_MIG_GOOSE_H

#include <stddef.h>

#include "infralint/migration.h"

/* One statement as goose sends it: buf[from, to), starting at the beginning of `line`. */
struct mig_chunk {
    enum mig_section section;
    size_t from, to;
    unsigned line;       /* first line */
    unsigned end_line;   /* last line */
    unsigned begin_line; /* the StatementBegin that opened it, or 0 */
    unsigned semi_line;  /* the line whose final ';' ended it, or 0 (StatementEnd, end of file) */
};

/* Something goose would refuse (or silently skip). fatal: an input error (the file cannot be
 * read as goose reads it: StatementBegin without StatementEnd, a line over goose's limit);
 * otherwise a sql/goose-syntax problem. Strings are owned. */
struct mig_note {
    unsigned line, col;
    char *msg;
    char *fix;
    int fatal;
};

/* A `--` comment line goose skipped between statements (inline ignores may stand there). */
struct mig_gap {
    size_t off, len; /* the comment text, from `--` to the end of the line */
    unsigned line, col;
};

struct goose_file {
    struct mig_chunk *chunks;
    size_t nchunks, chunks_alloc;
    struct mig_note *notes;
    size_t nnotes, notes_alloc;
    struct mig_gap *gaps;
    size_t ngaps, gaps_alloc;
    unsigned up_line, down_line; /* 0 when absent */
    unsigned notx_line;          /* NO TRANSACTION, or 0 */
    unsigned char *envsub;       /* envsub[line]: ENVSUB ON for that line; NULL when never on */
    size_t nenvsub;
    int bom; /* the file starts with a UTF-8 byte order mark */
};

/* goose's longest line (bufio.Scanner buffer): a longer one makes goose fail. */
#define GOOSE_MAX_LINE (4u * 1024 * 1024)

/* Read buf as goose does; never fails (problems go to g->notes). */
void mig_goose_parse(const char *buf, size_t len, struct goose_file *g);
/* Free everything g holds. */
void mig_goose_release(struct goose_file *g);
/* 1 if some line is a `--` comment that mentions `+goose` (in any case): the author meant it
 * for goose, so the file is a goose migration (possibly a malformed one). */
int mig_goose_annotated(const char *buf, size_t len);
/* 1 if buf has a `-- +migrate` annotation (rubenv/sql-migrate's format, which infralint does
 * not read). */
int mig_sqlmigrate_annotated(const char *buf, size_t len);

#endif
