/* mig_catalog.c — the replay of a set's Up sections: relations, their columns and constraints,
 * and the history of every name, so that "what did this name denote when that statement ran"
 * is one look-up instead of a scan of the earlier migrations. */
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/util.h"
#include "mig_catalog.h"

struct col {
    const char *name;
    struct mig_type type;
    const struct mig_stmt *added; /* ADD COLUMN, or NULL (CREATE TABLE, or unknown) */
    int not_null;                 /* -1 unknown (first seen in an ALTER), 0 nullable, 1 NOT NULL */
    struct col *next;
};

struct con {
    const char *name; /* or NULL */
    enum mig_constraint kind;
    const char *column; /* CHECK (column IS NOT NULL) */
    int not_valid, validated;
    int unknown; /* only its VALIDATE was seen: defined outside the loaded migrations */
    const struct mig_stmt *st;
    const struct mig_action *a;
    struct con *next;
};

struct rel {
    struct mig_rel pub; /* first: a struct mig_rel * is a struct rel * */
    struct col *cols;
    struct con *cons;
    unsigned long dropped_at; /* the replay position of its DROP, or 0 */
};

/* One change of what a name denotes. */
struct event {
    unsigned long seq;
    const char *name;          /* canonical */
    struct rel *rel;           /* what it denotes from seq on; NULL: nothing */
    struct rel *gone;          /* what it stopped denoting */
    struct mig_action *rename; /* the RENAME TO that took the name away, or NULL */
    struct event *prev;
};

struct slot {
    const char *key; /* the name's last part */
    struct event *head;
};

/* A function some Up section created: its declared volatility. */
struct routine {
    const char *name;
    enum mig_volatility vol;
    struct routine *next;
};

/* A domain some Up section created. */
struct domain {
    const struct mig_stmt *st;
    struct domain *next;
};

struct mig_catalog {
    struct slot *v;
    size_t n, cap;
    struct routine *routines;
    struct domain *domains;
    const struct mig_set *set;
    struct arena *a;
    unsigned long end; /* one past the last Up statement */
};

/* ---- names ---- */

/* The last part of a canonical name (after the last '.' outside double quotes). */
static const char *last_part(const char *s)
{
    const char *last = s;
    int q = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (*p == '.' && !q)
            last = p + 1;
    }
    return last;
}

int mig_name_eq(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    if (!strcmp(a, b))
        return 1;
    const char *la = last_part(a), *lb = last_part(b);
    if (la != a && lb != b)
        return 0; /* both qualified, and different */
    return !strcmp(la, lb);
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static struct slot *slot(struct mig_catalog *c, const char *name, int add)
{
    const char *key = last_part(name);
    if (add && (c->n + 1) * 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct slot *v = xcalloc(cap, sizeof(*v));
        for (size_t i = 0; i < c->cap; i++)
            if (c->v[i].key) {
                size_t k = hash(c->v[i].key) & (cap - 1);
                while (v[k].key)
                    k = (k + 1) & (cap - 1);
                v[k] = c->v[i];
            }
        free(c->v);
        c->v = v;
        c->cap = cap;
    }
    if (!c->cap)
        return NULL;
    size_t k = hash(key) & (c->cap - 1);
    while (c->v[k].key) {
        if (!strcmp(c->v[k].key, key))
            return &c->v[k];
        k = (k + 1) & (c->cap - 1);
    }
    if (!add)
        return NULL;
    c->v[k].key = key;
    c->n++;
    return &c->v[k];
}

/* The latest event of name before seq, or NULL. */
static struct event *event_before(struct mig_catalog *c, const char *name, unsigned long seq)
{
    struct slot *sl = name ? slot(c, name, 0) : NULL;
    for (struct event *e = sl ? sl->head : NULL; e; e = e->prev)
        if (e->seq < seq && mig_name_eq(e->name, name))
            return e;
    return NULL;
}

static struct rel *lookup(struct mig_catalog *c, const char *name, unsigned long seq, int index)
{
    struct event *e = event_before(c, name, seq);
    struct rel *r = e ? e->rel : NULL;
    if (!r || (r->dropped_at && r->dropped_at < seq) || index != (r->pub.kind == MREL_INDEX))
        return NULL;
    const struct rel *t = (const struct rel *)r->pub.table;
    if (index && t && t->dropped_at && t->dropped_at < seq)
        return NULL; /* dropped with its table */
    return r;
}

static struct event *add_event(struct mig_catalog *c, const char *name, unsigned long seq,
                               struct rel *r)
{
    struct slot *sl = slot(c, name, 1);
    struct event *e = arena_alloc(c->a, sizeof(*e));
    e->seq = seq;
    e->name = name;
    e->rel = r;
    e->prev = sl->head;
    sl->head = e;
    return e;
}

/* ---- relations ---- */

static struct rel *new_rel(struct mig_catalog *c, const char *name, enum mig_relkind kind,
                           const struct mig_stmt *created)
{
    struct rel *r = arena_alloc(c->a, sizeof(*r));
    r->pub.name = name;
    r->pub.kind = kind;
    r->pub.created = created;
    return r;
}

/* The relation name denotes before seq; one that existed before the loaded migrations is
 * recorded on first use (created NULL), so that its columns can be followed too. */
static struct rel *touch(struct mig_catalog *c, const char *name, unsigned long seq, int index)
{
    struct rel *r = lookup(c, name, seq, index);
    if (r || !name)
        return r;
    struct event *e = event_before(c, name, seq);
    if (e && !e->rel)
        return NULL; /* dropped or renamed away: the statement fails on PostgreSQL */
    r = new_rel(c, name, index ? MREL_INDEX : MREL_TABLE, NULL);
    add_event(c, name, seq ? seq - 1 : 0, r);
    return r;
}

/* A CREATE took name: a relation renamed away from it is retired (the swap pattern). */
static void created_name(struct mig_catalog *c, const char *name, const struct mig_stmt *st,
                         struct rel *r)
{
    struct event *e = event_before(c, name, st->seq);
    if (e && e->gone && e->rename) {
        e->gone->pub.recreated = st;
        e->gone->pub.retired = 1;
        e->rename->recreated = st;
    }
    add_event(c, name, st->seq, r);
}

/* Names that say a relation was retired rather than renamed for use. */
static int retired_name(const char *name)
{
    static const char *const marks[] = {"_old",    "_deprecated", "_backup",   "_bak",
                                        "_legacy", "_archive",    "_archived", "_retired",
                                        "_unused", "_to_drop",    "_todrop"};
    const char *l = last_part(name);
    size_t n = strlen(l);
    if (n && l[n - 1] == '"')
        n--;
    for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
        size_t k = strlen(marks[i]);
        if (n > k && !strncmp(l + n - k, marks[i], k))
            return 1;
        if (!strncmp(l, marks[i] + 1, k - 1) && l[k - 1] == '_')
            return 1; /* old_orders, deprecated_orders */
    }
    return 0;
}

/* "s.t" renamed to "u" is "s.u". */
static const char *qualify_like(struct mig_catalog *c, const char *old, const char *name)
{
    const char *lo = last_part(old);
    if (lo == old || last_part(name) != name)
        return name;
    size_t pre = (size_t)(lo - old);
    char *s = arena_alloc(c->a, pre + strlen(name) + 1);
    memcpy(s, old, pre);
    strcpy(s + pre, name);
    return s;
}

static void rename_rel(struct mig_catalog *c, const struct mig_stmt *st, struct mig_action *a,
                       const char *old, int index)
{
    struct rel *r = touch(c, old, st->seq, index);
    if (!r || !a->name)
        return;
    const char *to = qualify_like(c, old, a->name);
    struct event *gone = add_event(c, old, st->seq, NULL);
    gone->gone = r;
    gone->rename = a;
    created_name(c, to, st, r); /* renamed into a name renamed away: a swap too */
    r->pub.name = to;
    r->pub.renamed = st;
    if (retired_name(to))
        r->pub.retired = 1;
}

static void drop_rel(struct mig_catalog *c, const struct mig_stmt *st, const char *name, int index)
{
    struct rel *r = lookup(c, name, st->seq, index);
    struct event *e = add_event(c, name, st->seq, NULL);
    e->gone = r;
    if (r)
        r->dropped_at = st->seq;
}

/* ---- columns and constraints ---- */

static struct col *find_col(struct rel *r, const char *name)
{
    for (struct col *k = r ? r->cols : NULL; k && name; k = k->next)
        if (!strcmp(k->name, name))
            return k;
    return NULL;
}

static void add_col(struct mig_catalog *c, struct rel *r, const struct mig_action *a,
                    const struct mig_stmt *added)
{
    if (!r || !a->column || find_col(r, a->column))
        return;
    struct col *k = arena_alloc(c->a, sizeof(*k));
    k->name = a->column;
    k->type = a->new_type;
    static const char *const serials[][2] = {{"serial", "int4"},      {"serial4", "int4"},
                                             {"bigserial", "int8"},   {"serial8", "int8"},
                                             {"smallserial", "int2"}, {"serial2", "int2"}};
    for (size_t i = 0; k->type.name && i < ARRAY_SIZE(serials); i++)
        if (!strcmp(k->type.name, serials[i][0]))
            k->type.name = serials[i][1]; /* a serial column is an integer with a default */
    k->added = added;
    k->not_null = a->op == MOP_ADD_COLUMN ? a->not_null : -1;
    k->next = r->cols;
    r->cols = k;
}

static void drop_col(struct rel *r, const char *name)
{
    for (struct col **k = r ? &r->cols : NULL; k && *k; k = &(*k)->next)
        if (!strcmp((*k)->name, name)) {
            *k = (*k)->next;
            return;
        }
}

static struct con *find_con(struct rel *r, const char *name)
{
    for (struct con *k = r ? r->cons : NULL; k && name; k = k->next)
        if (k->name && !strcmp(k->name, name))
            return k;
    return NULL;
}

static struct con *add_con(struct mig_catalog *c, struct rel *r, const struct mig_stmt *st,
                           const struct mig_action *a)
{
    struct con *k = arena_alloc(c->a, sizeof(*k));
    k->name = a ? a->name : NULL;
    k->kind = a ? a->constraint : MCON_NONE;
    k->column = a ? a->column : NULL;
    k->not_valid = a ? a->not_valid : 0;
    k->validated = !k->not_valid;
    k->st = st;
    k->a = a;
    k->next = r->cons;
    r->cons = k;
    return k;
}

/* A validated CHECK (column IS NOT NULL), or a VALIDATE of a constraint defined elsewhere whose
 * name holds the column's. */
static int not_null_prepared(const struct rel *r, const char *column)
{
    for (const struct con *k = r ? r->cons : NULL; k && column; k = k->next) {
        if (!k->validated)
            continue;
        if (k->kind == MCON_CHECK && k->column && !strcmp(k->column, column))
            return 1;
        if (k->unknown && k->name && strstr(k->name, column))
            return 1;
    }
    return 0;
}

static void remove_con(struct rel *r, const char *name)
{
    for (struct con **k = r ? &r->cons : NULL; k && *k; k = &(*k)->next)
        if ((*k)->name && !strcmp((*k)->name, name)) {
            *k = (*k)->next;
            return;
        }
}

/* ---- applying a statement ---- */

static void create_table(struct mig_catalog *c, struct mig_stmt *st)
{
    if (!st->table)
        return;
    if (st->if_not_exists && lookup(c, st->table, st->seq, 0))
        return; /* IF NOT EXISTS on a table that exists: nothing happens */
    enum mig_relkind kind = st->partitioned ? MREL_PARTITIONED
                            : st->parent    ? MREL_PARTITION
                                            : MREL_TABLE;
    struct rel *r = new_rel(c, st->table, kind, st);
    struct rel *parent = st->parent ? touch(c, st->parent, st->seq, 0) : NULL;
    if (parent) /* NULL: the parent was dropped before, and PostgreSQL refuses the statement */
        r->pub.table = &parent->pub;
    for (size_t i = 0; i < st->nactions; i++) {
        const struct mig_action *a = &st->actions[i];
        if (a->op == MOP_ADD_COLUMN)
            add_col(c, r, a, NULL);
        else if (a->op == MOP_ADD_CONSTRAINT)
            add_con(c, r, st, a);
    }
    created_name(c, st->table, st, r);
}

/* A default that calls one function infralint does not know: declared in the set, its
 * volatility is known. */
static void resolve_default(const struct mig_catalog *c, struct mig_action *a)
{
    if (a->vol != MVOL_UNKNOWN || a->unknown_calls > 1 || !a->function)
        return;
    /* this set's functions so far, then those of the version directories before it */
    for (const struct mig_catalog *k = c; k; k = k->set->prev ? k->set->prev->catalog : NULL)
        for (const struct routine *f = k->routines; f; f = f->next)
            if (!strcmp(f->name, a->function)) {
                a->vol = f->vol;
                if (f->vol == MVOL_STABLE)
                    a->function = NULL;
                return;
            }
}

/* The CREATE DOMAIN of a type name: this set's so far, then the earlier version directories'. */
static const struct mig_stmt *find_domain(const struct mig_catalog *c, const char *name)
{
    for (const struct mig_catalog *k = c; k && name;
         k = k->set->prev ? k->set->prev->catalog : NULL)
        for (const struct domain *d = k->domains; d; d = d->next)
            if (mig_name_eq(d->st->domain, name))
                return d->st;
    return NULL;
}

static void alter_action(struct mig_catalog *c, struct mig_stmt *st, struct rel *r,
                         struct mig_action *a)
{
    if (a->op == MOP_ALTER_TYPE || a->op == MOP_ADD_COLUMN)
        a->domain = find_domain(c, a->new_type.name);
    if (a->op == MOP_ADD_COLUMN || a->op == MOP_SET_DEFAULT)
        resolve_default(c, a);
    struct col *k = find_col(r, a->column);
    if (a->op != MOP_ADD_COLUMN && k)
        a->column_added = k->added;
    switch (a->op) {
    case MOP_ADD_COLUMN: add_col(c, r, a, st); break;
    case MOP_DROP_COLUMN: drop_col(r, a->column ? a->column : ""); break;
    case MOP_ALTER_TYPE:
        if (k && k->type.name) {
            struct mig_type *old = arena_alloc(c->a, sizeof(*old));
            *old = k->type;
            a->old_type = old;
        }
        if (k)
            k->type = a->new_type;
        else if (r && a->column) { /* known from now on */
            struct mig_action tmp = *a;
            add_col(c, r, &tmp, NULL);
        }
        break;
    case MOP_SET_NOT_NULL:
        a->prepared = not_null_prepared(r, a->column);
        a->noop = k && k->not_null == 1;
        if (k)
            k->not_null = 1;
        break;
    case MOP_DROP_NOT_NULL:
        a->noop = k && k->not_null == 0;
        if (k)
            k->not_null = 0;
        break;
    case MOP_ADD_CONSTRAINT: add_con(c, r, st, a); break;
    case MOP_VALIDATE_CONSTRAINT: {
        struct con *n = find_con(r, a->name);
        if (!n) {
            n = add_con(c, r, st, NULL);
            n->name = a->name;
            n->unknown = 1;
        } else if (n->not_valid) {
            a->added = n->st;
            a->added_action = n->a;
        }
        n->validated = 1;
        break;
    }
    case MOP_DROP_CONSTRAINT:
        if (a->name)
            remove_con(r, a->name);
        break;
    case MOP_RENAME_COLUMN:
        if (k && a->name)
            k->name = a->name;
        break;
    case MOP_RENAME_CONSTRAINT: break;
    case MOP_RENAME_TABLE: rename_rel(c, st, a, st->table, 0); break;
    case MOP_SET_SCHEMA:
        if (a->name && st->table) {
            const char *l = last_part(st->table);
            char *to = arena_alloc(c->a, strlen(a->name) + strlen(l) + 2);
            strcpy(to, a->name);
            strcat(to, ".");
            strcat(to, l);
            struct mig_action mv = *a;
            mv.name = to;
            rename_rel(c, st, &mv, st->table, 0);
            a->recreated = mv.recreated;
        }
        break;
    case MOP_ATTACH_PARTITION: {
        struct rel *p = touch(c, a->name, st->seq, 0);
        if (p) {
            p->pub.kind = MREL_PARTITION;
            p->pub.table = &r->pub;
        }
        break;
    }
    case MOP_DETACH_PARTITION: {
        struct rel *p = lookup(c, a->name, st->seq, 0);
        if (p) {
            p->pub.kind = MREL_TABLE;
            p->pub.table = NULL;
        }
        break;
    }
    default: break;
    }
}

static void apply(struct mig_catalog *c, struct mig_stmt *st)
{
    switch (st->kind) {
    case MK_CREATE_TABLE: create_table(c, st); break;
    case MK_CREATE_VIEW:
    case MK_CREATE_MATVIEW:
        if (st->table && !(st->kind == MK_CREATE_VIEW && lookup(c, st->table, st->seq, 0)) &&
            !(st->if_not_exists && lookup(c, st->table, st->seq, 0)))
            created_name(
                c, st->table, st,
                new_rel(c, st->table, st->kind == MK_CREATE_VIEW ? MREL_VIEW : MREL_MATVIEW, st));
        break;
    case MK_CREATE_INDEX:
        if (st->index && !(st->if_not_exists && lookup(c, st->index, st->seq, 1))) {
            struct rel *r = new_rel(c, st->index, MREL_INDEX, st);
            struct rel *t = touch(c, st->table, st->seq, 0);
            r->pub.table = t ? &t->pub : NULL;
            add_event(c, st->index, st->seq, r);
        }
        break;
    case MK_ALTER_TABLE: {
        struct rel *r = touch(c, st->table, st->seq, 0);
        if (!r)
            break; /* dropped or renamed away before: PostgreSQL fails the statement */
        for (size_t i = 0; i < st->nactions; i++)
            alter_action(c, st, r, &st->actions[i]);
        break;
    }
    case MK_CREATE_TYPE:
        if (st->domain) {
            struct domain *d = arena_alloc(c->a, sizeof(*d));
            d->st = st;
            d->next = c->domains;
            c->domains = d;
        }
        break;
    case MK_CREATE_FUNCTION:
        if (st->routine) {
            struct routine *f = arena_alloc(c->a, sizeof(*f));
            f->name = st->routine;
            f->vol = st->routine_vol;
            f->next = c->routines;
            c->routines = f;
        }
        break;
    case MK_ALTER_VIEW:
    case MK_ALTER_INDEX:
        for (size_t i = 0; i < st->nactions; i++)
            if (st->actions[i].op == MOP_RENAME_TABLE)
                rename_rel(c, st, &st->actions[i],
                           st->kind == MK_ALTER_INDEX ? st->index : st->table,
                           st->kind == MK_ALTER_INDEX);
        break;
    case MK_DROP_TABLE:
    case MK_DROP_VIEW:
    case MK_DROP_INDEX:
        for (size_t i = 0; i < st->nnames; i++)
            drop_rel(c, st, st->names[i], st->kind == MK_DROP_INDEX);
        break;
    default: break;
    }
}

void mig_catalog_build(struct mig_set *s)
{
    struct mig_catalog *c = xcalloc(1, sizeof(*c));
    c->a = s->arena;
    c->set = s;
    unsigned long seq = 1;
    for (size_t i = 0; i < s->n; i++) {
        struct migration *m = s->v[i];
        for (size_t k = 0; k < m->nstmts; k++) {
            struct mig_stmt *st = &m->stmts[k];
            if (st->section != MIG_UP)
                continue;
            st->seq = seq++;
            apply(c, st);
        }
        m->end_seq = seq;
        for (size_t k = 0; k < m->nstmts; k++)
            if (m->stmts[k].section == MIG_DOWN)
                m->stmts[k].seq = seq;
    }
    c->end = seq;
    s->catalog = c;
}

void mig_catalog_free(struct mig_catalog *c)
{
    if (!c)
        return;
    free(c->v);
    free(c);
}

/* ---- reading ---- */

/* Is r new for a statement of migration m at seq (see mig_rel_is_new)? */
static int new_for(const struct mig_rel *r, const struct migration *m, unsigned long seq)
{
    const struct mig_stmt *c = r ? r->created : NULL;
    if (!c || c->seq >= seq)
        return 0;
    return mig_same_release(c->mig, m) || (m->in_change && c->mig->in_change);
}

int mig_same_release(const struct migration *a, const struct migration *b)
{
    return a == b || (a->set == b->set && a->set->release_dir);
}

const struct mig_rel *mig_rel_before(const struct mig_stmt *st, const char *name, int is_index)
{
    struct mig_catalog *c = st->mig->set->catalog;
    struct rel *r = c && name ? lookup(c, name, st->seq, is_index) : NULL;
    return r ? &r->pub : NULL;
}

int mig_rel_is_new(const struct mig_rel *r, const struct mig_stmt *st)
{
    return new_for(r, st->mig, st->seq);
}

int mig_table_is_new(const struct mig_stmt *st, const char *table)
{
    return mig_rel_is_new(mig_rel_before(st, table, 0), st);
}

int mig_index_is_new(const struct mig_stmt *st, const char *index)
{
    return mig_rel_is_new(mig_rel_before(st, index, 1), st);
}

int mig_action_column_is_new(const struct mig_stmt *st, const struct mig_action *a)
{
    const struct mig_stmt *added = a->column_added;
    if (!added || added->seq >= st->seq)
        return 0;
    return mig_same_release(added->mig, st->mig) || (st->mig->in_change && added->mig->in_change);
}

int mig_is_new_after(const struct migration *m, const char *name, int is_index)
{
    struct mig_catalog *c = m->set->catalog;
    if (!c || !name)
        return 0;
    struct rel *r = lookup(c, name, m->end_seq, is_index);
    return r && new_for(&r->pub, m, m->end_seq);
}

int mig_table_partitioned(const struct mig_set *s, const char *table)
{
    struct rel *r = s->catalog && table ? lookup(s->catalog, table, s->catalog->end, 0) : NULL;
    return r && r->pub.kind == MREL_PARTITIONED;
}

const char *mig_index_table(const struct mig_set *s, const char *index)
{
    struct rel *r = s->catalog && index ? lookup(s->catalog, index, s->catalog->end, 1) : NULL;
    return r && r->pub.table ? r->pub.table->name : NULL;
}
