/* sql_scan.h — a PostgreSQL lexer for migration text: tokens with positions and normalised text.
 * It knows exactly what PostgreSQL's lexer knows about where text stops being code: `--` and
 * nested `/ * * /` comments, '…' strings with '' (and E'…' with backslash) escapes, B'', X'', N'',
 * U&'' strings, "quoted identifiers", U&"…", $n parameters and dollar-quoted bodies ($$…$$,
 * $tag$…$tag$). It does not parse SQL. In goose ENVSUB ON lines it also knows goose's variable
 * substitution (${VAR}, $VAR, $$ and \$ escapes), which happens before PostgreSQL sees the text.
 * Every token carries its byte range in the scanned buffer and its 1-based line and column
 * (columns count characters, not bytes). Token text lives in the caller's arena. */
#ifndef INFRALINT_SQL_SCAN_H
#define INFRALINT_SQL_SCAN_H

#include <stddef.h>

struct arena;

enum sql_tok {
    SQL_IDENT = 1, /* keyword or unquoted identifier; text folded to lowercase (ASCII) */
    SQL_QIDENT,    /* "quoted identifier" or U&"…"; text without quotes, "" undoubled */
    SQL_STRING, /* '…', E'…', B'…', X'…', N'…', U&'…'; text is the value ('' undoubled) */
    SQL_DOLLAR,      /* $$…$$ or $tag$…$tag$; text is the body */
    SQL_NUMBER,      /* 42, 3.14, 1e-3, 0x1F, 1_000 */
    SQL_PARAM,       /* $1 */
    SQL_OP,          /* operator: = <> + - * / || :: := => … */
    SQL_PUNCT,       /* ( ) [ ] , ; : . */
    SQL_PLACEHOLDER, /* goose ENVSUB ${VAR} or $VAR (replaced before PostgreSQL runs it) */
    SQL_COMMENT,     /* -- … or / * … * / ; text is the whole comment */
    SQL_OTHER        /* anything else (PostgreSQL would reject it; not the scanner's business) */
};

struct sql_token {
    enum sql_tok kind;
    unsigned line, col; /* of the first byte */
    size_t off, len;    /* byte range in the scanned buffer */
    const char *text;   /* normalised as above; NUL-terminated; never NULL */
};

/* A growable token array (owned by the caller; sql_toks_release frees it). */
struct sql_toks {
    struct sql_token *v;
    size_t n, alloc;
};

/* What to scan: buf[from, to) of a buffer whose line starts are counted from `line`. */
struct sql_scan_in {
    const char *buf;
    size_t from, to;
    unsigned line, col;          /* position of buf[from] (1-based) */
    const unsigned char *envsub; /* envsub[line] != 0: goose ENVSUB ON for that line; or NULL */
    size_t nenvsub;              /* entries in envsub */
};

/* Where and why scanning stopped. */
struct sql_scan_err {
    unsigned line, col; /* of the opening delimiter */
    char msg[160];      /* "unterminated quoted string", … */
};

/* Append the tokens of in's range to out (comments included). 0 on success; -1 on an
 * unterminated string, identifier, comment, dollar quote or ENVSUB placeholder, with err set
 * (tokens before the error stay in out). */
int sql_scan(const struct sql_scan_in *in, struct arena *a, struct sql_toks *out,
             struct sql_scan_err *err);
/* Free the array. */
void sql_toks_release(struct sql_toks *t);
/* "identifier", "string", … (for messages and the Lua bridge). */
const char *sql_tok_name(enum sql_tok k);
/* 1 if t is the keyword kw (an unquoted identifier; kw in lowercase). */
int sql_tok_is(const struct sql_token *t, const char *kw);
/* 1 if t is the punctuation or operator p. */
int sql_tok_punct(const struct sql_token *t, const char *p);

#endif
