/* tfpin.c — the Terraform version a repository states beside a root module. */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infralint/project.h"
#include "infralint/strbuf.h"
#include "infralint/tfpin.h"
#include "infralint/util.h"
#include "infralint/version.h"

#define PIN_FILE_MAX (64 * 1024)
#define TF_FILE_MAX (4 * 1024 * 1024)

void tfpin_free(struct tfpin *pin)
{
    if (!pin)
        return;
    free(pin->constraint);
    free(pin->written);
    free(pin->file);
    free(pin);
}

static struct tfpin *pin_new(char *constraint, const char *written, const char *file, unsigned line,
                             const char *what)
{
    struct tfpin *pin = xcalloc(1, sizeof(*pin));
    pin->constraint = constraint;
    pin->written = xstrdup(written);
    pin->file = xstrdup(file);
    pin->line = line;
    pin->what = what;
    return pin;
}

/* ---- constraints ---- */

static char *trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* "~> x.y.0" for a version naming at least major.minor; NULL otherwise. */
static char *same_minor(const struct semver *v)
{
    if (v->parts < 2)
        return NULL;
    return xstrfmt("~> %ld.%ld.0", v->major, v->minor);
}

/* One npm comparator ("~1.6", "^1.5.0", "1.6.x", ">=1.5") as Terraform constraint text. */
static char *npm_comparator(const char *c)
{
    struct semver v;
    char buf[64];
    size_t n = strlen(c);
    if (n >= sizeof(buf))
        return NULL;
    memcpy(buf, c, n + 1);
    /* "1.6.x", "1.x": the wildcard ends the version */
    char *x = strstr(buf, ".x");
    if (!x)
        x = strstr(buf, ".*");
    if (x)
        *x = '\0';
    if (buf[0] == '~' && buf[1] != '>') {
        if (version_parse(buf + 1, &v))
            return NULL;
        return v.parts >= 2 ? xstrfmt("~> %ld.%ld.0", v.major, v.minor)
                            : xstrfmt("~> %ld.0", v.major);
    }
    if (buf[0] == '^') {
        if (version_parse(buf + 1, &v))
            return NULL;
        if (v.major == 0)
            return xstrfmt(">= %s, < 0.%ld.0", buf + 1, v.minor + 1);
        return xstrfmt(">= %s, < %ld.0.0", buf + 1, v.major + 1);
    }
    const char *ops[] = {">=", "<=", ">", "<", "="};
    for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
        if (starts_with(buf, ops[i])) {
            const char *ver = buf + strlen(ops[i]);
            if (version_parse(ver, &v))
                return NULL;
            return xstrfmt("%s %s", ops[i], ver);
        }
    if (version_parse(buf, &v))
        return NULL;
    if (x) /* 1.6.x: that minor; 1.x: that major */
        return v.parts >= 2 ? same_minor(&v) : xstrfmt("~> %ld.0", v.major);
    return v.parts >= 2 ? same_minor(&v) : xstrfmt("~> %ld.0", v.major);
}

char *tfpin_constraint(const char *written, int npm)
{
    if (!written)
        return NULL;
    char *w = trimmed(written, strlen(written));
    char *out = NULL;
    struct semver v;
    if (!*w || strstr(w, "${{") || strstr(w, "||") || starts_with(w, "latest") ||
        !strcmp(w, "min-required") || !strcmp(w, "system")) {
        /* no constraint */
    } else if (!npm) {
        if (version_parse(w, &v) == 0 && !v.pre[0])
            out = same_minor(&v);
        else if (version_parse(w, &v) == 0)
            out = xstrfmt("= %s", w); /* a pre-release: exactly that one */
        else if (version_satisfies(w, "1.0.0") >= 0)
            out = xstrdup(w); /* already Terraform syntax (required_version) */
    } else {
        /* space-separated comparators are ANDed */
        struct strbuf sb = STRBUF_INIT;
        const char *s = w;
        int ok = 1;
        while (*s && ok) {
            while (*s == ' ')
                s++;
            size_t n = strcspn(s, " ");
            if (!n)
                break;
            /* ">= 1.5" written with a space: join the operator to its version */
            size_t m = n;
            if (strspn(s, "<>=~^") == n && s[n] == ' ') {
                m = n + 1 + strcspn(s + n + 1, " ");
            }
            char *one = xstrndup(s, m);
            char *nospace = xcalloc(1, m + 1);
            for (size_t i = 0, k = 0; i < m; i++)
                if (one[i] != ' ')
                    nospace[k++] = one[i];
            char *c = npm_comparator(nospace);
            if (c)
                strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", c);
            else
                ok = 0;
            free(c);
            free(one);
            free(nospace);
            s += m;
        }
        if (ok && sb.len && version_satisfies(sb.buf, "1.0.0") >= 0)
            out = strbuf_detach(&sb);
        strbuf_release(&sb);
    }
    free(w);
    return out;
}

/* ---- files ---- */

static int read_small(const char *path, size_t max, char **buf, size_t *len)
{
    struct stat st;
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return -1;
    return file_read_max(path, max, buf, len);
}

/* Call fn with each line of a file (trimmed, 1-based number) until it returns non-zero. */
typedef int line_fn(char *line, unsigned no, void *arg);

static void each_line(const char *path, size_t max, line_fn *fn, void *arg)
{
    char *buf;
    size_t len;
    if (read_small(path, max, &buf, &len) < 0)
        return;
    unsigned no = 0;
    for (char *s = buf; *s;) {
        size_t n = strcspn(s, "\n");
        char *t = trimmed(s, n);
        int stop = fn(t, ++no, arg);
        free(t);
        if (stop)
            break;
        s += n;
        if (*s)
            s++;
    }
    free(buf);
}

struct pin_read {
    const char *path;
    struct tfpin *pin;
};

/* .terraform-version: tfenv reads the first line that is not blank or a comment. */
static int tfenv_line(char *t, unsigned no, void *arg)
{
    struct pin_read *r = arg;
    if (!*t || *t == '#')
        return 0;
    char *c = tfpin_constraint(t, 0);
    if (c)
        r->pin = pin_new(c, t, r->path, no, ".terraform-version");
    return 1;
}

/* .tool-versions: the line `terraform VERSION [fallback…]`; the first version is used. */
static int asdf_line(char *t, unsigned no, void *arg)
{
    struct pin_read *r = arg;
    char *hash = strchr(t, '#');
    if (hash)
        *hash = '\0';
    if (!starts_with(t, "terraform") || (t[9] != ' ' && t[9] != '\t'))
        return 0;
    char *v = t + 9 + strspn(t + 9, " \t");
    char *first = xstrndup(v, strcspn(v, " \t"));
    char *c = tfpin_constraint(first, 0);
    if (c)
        r->pin = pin_new(c, first, r->path, no, ".tool-versions");
    free(first);
    return r->pin != NULL;
}

static struct tfpin *from_file(const char *path, line_fn *fn)
{
    struct pin_read r = {path, NULL};
    each_line(path, PIN_FILE_MAX, fn, &r);
    return r.pin;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct req_read {
    const char *path;
    int in_block; /* inside a block comment */
    struct strbuf *sb;
    struct tfpin **first;
};

/* A `required_version = "…"` line outside comments: its constraint is added to sb. */
static int required_line(char *t, unsigned no, void *arg)
{
    struct req_read *r = arg;
    char *p = t;
    if (r->in_block) {
        char *end = strstr(p, "*/");
        r->in_block = !end;
        p = end ? end + 2 + strspn(end + 2, " \t") : p + strlen(p);
    }
    if (starts_with(p, "/*") && !strstr(p, "*/")) {
        r->in_block = 1;
        return 0;
    }
    if (!starts_with(p, "required_version"))
        return 0;
    char *q = p + 16 + strspn(p + 16, " \t");
    if (*q != '=')
        return 0;
    q += 1 + strspn(q + 1, " \t");
    char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
    if (!end)
        return 0;
    char *v = xstrndup(q + 1, (size_t)(end - q - 1));
    if (*v && version_satisfies(v, "1.0.0") >= 0) {
        strbuf_addf(r->sb, "%s%s", r->sb->len ? ", " : "", v);
        if (!*r->first)
            *r->first = pin_new(NULL, v, r->path, no, "required_version");
    }
    free(v);
    return 0;
}

static struct tfpin *from_tf_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 4096)
        if (ends_with(e->d_name, ".tf") && e->d_name[0] != '.') {
            ALLOC_GROW(names, n + 1, alloc);
            names[n++] = xstrdup(e->d_name);
        }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), name_cmp);
    struct strbuf sb = STRBUF_INIT;
    struct tfpin *pin = NULL;
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(dir, names[i]);
        struct req_read r = {path, 0, &sb, &pin};
        each_line(path, TF_FILE_MAX, required_line, &r);
        free(path);
        free(names[i]);
    }
    free(names);
    if (pin) {
        pin->constraint = strbuf_detach(&sb);
        if (strchr(pin->constraint, ',') && strcmp(pin->constraint, pin->written)) {
            free(pin->written); /* several lines: show what they require together */
            pin->written = xstrdup(pin->constraint);
        }
    }
    strbuf_release(&sb);
    return pin;
}

static int has_git(const char *dir)
{
    char *g = path_join(dir, ".git");
    struct stat st;
    int yes = stat(g, &st) == 0;
    free(g);
    return yes;
}

/* dir and its parents up to the repository root (a directory holding .git); relative paths
 * stop at ".", absolute ones without a repository root above them are not walked. */
static size_t dir_chain(const char *dir, char **out, size_t cap)
{
    size_t n = 0;
    out[n++] = xstrdup(dir);
    int relative = dir[0] != '/';
    while (n < cap && !has_git(out[n - 1])) {
        const char *cur = out[n - 1];
        if (relative && !strcmp(cur, "."))
            break;
        char *up = path_dirname(cur);
        if (!strcmp(up, cur)) {
            free(up);
            if (!relative) /* reached / with no repository: only the plan's directory */
                while (n > 1)
                    free(out[--n]);
            break;
        }
        out[n++] = up;
    }
    if (n == cap && !relative && !has_git(out[n - 1]))
        while (n > 1)
            free(out[--n]);
    return n;
}

struct tfpin *tfpin_from_dir(const char *dir)
{
    if (!dir)
        return NULL;
    char *chain[16];
    size_t n = dir_chain(dir, chain, ARRAY_SIZE(chain));
    struct tfpin *pin = NULL;
    for (size_t i = 0; i < n && !pin; i++) {
        char *f = path_join(chain[i], ".terraform-version");
        pin = from_file(f, tfenv_line);
        free(f);
    }
    for (size_t i = 0; i < n && !pin; i++) {
        char *f = path_join(chain[i], ".tool-versions");
        pin = from_file(f, asdf_line);
        free(f);
    }
    for (size_t i = 0; i < n; i++)
        free(chain[i]);
    return pin ? pin : from_tf_files(dir);
}

void tfpin_attach(struct project *p)
{
    for (size_t i = 0; i < p->nplans; i++)
        plan_set_pin(p->plans[i], tfpin_from_dir(plan_dir(p->plans[i])));
}
