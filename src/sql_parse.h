/* sql_parse.h — PostgreSQL's own grammar over one SQL statement (private to the migration
 * loader). The parser is the server's, as a library (libpg_query, PostgreSQL 15 grammar); its
 * parse tree is read into small read-only nodes (struct pgn) in the caller's arena, so nothing
 * else sees libpg_query. A node is what the parser's JSON form holds: objects with named members
 * (a node type such as "AlterTableStmt" in `tag`), lists, strings, integers and booleans. The
 * parser leaves out members that hold their zero value (false, 0, an empty list): the accessors
 * read a missing member as that zero value. Locations are byte offsets into the parsed text.
 * The library keeps one small memory context per thread for its whole life (pg_query_exit()
 * cannot be followed by another parse in this version): reachable, never leaked. */
#ifndef INFRALINT_SQL_PARSE_H
#define INFRALINT_SQL_PARSE_H

#include <stddef.h>

struct arena;

enum pgn_kind { PGN_NULL = 0, PGN_BOOL, PGN_INT, PGN_STR, PGN_LIST, PGN_OBJ };

struct pgn {
    enum pgn_kind kind;
    const char *tag;          /* PGN_OBJ: the node type of a typed node, or NULL */
    long long i;              /* PGN_INT, PGN_BOOL */
    const char *s;            /* PGN_STR (also numbers written as text: Float's fval) */
    size_t n;                 /* members (PGN_OBJ) or items (PGN_LIST) */
    const char **keys;        /* PGN_OBJ: member names */
    const struct pgn **items; /* PGN_OBJ: member values; PGN_LIST: the items */
};

/* Why the grammar rejected a statement. */
struct sql_syntax {
    long off;      /* byte offset in the text of the parser's cursor, or -1 when it gave none */
    char msg[200]; /* PostgreSQL's message ("syntax error at or near \"NULL\"") */
};

/* Parse text (NUL-terminated, one or more statements). 0: *stmts is the list of RawStmt nodes
 * (members stmt, stmt_location, stmt_len; possibly empty); -1: rejected, err says why. */
int sql_parse(struct arena *a, const char *text, const struct pgn **stmts, struct sql_syntax *err);

/* Member key of an object, or NULL (also for NULL n and non-objects). */
const struct pgn *pgn_get(const struct pgn *n, const char *key);
/* 1 if n is a typed node of type tag. */
int pgn_is(const struct pgn *n, const char *tag);
/* String member, or NULL. */
const char *pgn_str(const struct pgn *n, const char *key);
/* Integer or boolean member (0 when absent). */
long long pgn_int(const struct pgn *n, const char *key);
/* Items of a list member (0 when absent); *items set to them. */
size_t pgn_list(const struct pgn *n, const char *key, const struct pgn *const **items);
/* The text of a String node ({"String": {"sval": …}}), or NULL. */
const char *pgn_sval(const struct pgn *n);
/* The last String of a name list member (funcname, names): "nextval" of pg_catalog.nextval. */
const char *pgn_last_name(const struct pgn *n, const char *key);
/* Call fn on n and on every node below it, depth first, until fn returns non-zero (returned). */
int pgn_walk(const struct pgn *n, int (*fn)(const struct pgn *n, void *arg), void *arg);

#endif
