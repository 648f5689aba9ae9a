/* version.c — version numbers and constraints. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/version.h"

int version_parse(const char *s, struct semver *v)
{
    memset(v, 0, sizeof(*v));
    while (*s == ' ')
        s++;
    if (*s == 'v')
        s++;
    long *parts[] = {&v->major, &v->minor, &v->patch};
    for (int i = 0; i < 3; i++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        char *end;
        *parts[i] = strtol(s, &end, 10);
        s = end;
        v->parts = i + 1;
        if (*s != '.')
            break;
        s++;
    }
    if (*s == '-') {
        s++;
        size_t n = strcspn(s, "+ ");
        if (!n || n >= sizeof(v->pre))
            return -1;
        memcpy(v->pre, s, n);
        s += n;
    }
    if (*s == '+')
        s += strcspn(s, " ");
    while (*s == ' ')
        s++;
    return *s ? -1 : 0;
}

int version_cmp(const struct semver *a, const struct semver *b)
{
    if (a->major != b->major)
        return a->major < b->major ? -1 : 1;
    if (a->minor != b->minor)
        return a->minor < b->minor ? -1 : 1;
    if (a->patch != b->patch)
        return a->patch < b->patch ? -1 : 1;
    if (!a->pre[0] || !b->pre[0])
        return (b->pre[0] != 0) - (a->pre[0] != 0);
    return strcmp(a->pre, b->pre);
}

int version_same_minor(const struct semver *a, const struct semver *b)
{
    return a->major == b->major && a->minor == b->minor;
}

/* One constraint term ("~> 1.6.0"); 1 satisfied, 0 not, -1 malformed. */
static int term(const char *t, size_t n, const struct semver *v)
{
    char buf[64];
    while (n && *t == ' ')
        t++, n--;
    while (n && t[n - 1] == ' ')
        n--;
    if (!n || n >= sizeof(buf))
        return -1;
    memcpy(buf, t, n);
    buf[n] = '\0';
    const char *ops[] = {"~>", ">=", "<=", "!=", ">", "<", "="};
    const char *op = "=";
    char *rest = buf;
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strncmp(buf, ops[i], strlen(ops[i]))) {
            op = ops[i];
            rest = buf + strlen(ops[i]);
            break;
        }
    struct semver c;
    if (version_parse(rest, &c))
        return -1;
    if (v->pre[0] && (strcmp(op, "=") || strcmp(v->pre, c.pre)))
        return 0; /* pre-releases match only an exact constraint */
    int cmp = version_cmp(v, &c);
    if (!strcmp(op, "="))
        return cmp == 0;
    if (!strcmp(op, "!="))
        return cmp != 0;
    if (!strcmp(op, ">"))
        return cmp > 0;
    if (!strcmp(op, ">="))
        return cmp >= 0;
    if (!strcmp(op, "<"))
        return cmp < 0;
    if (!strcmp(op, "<="))
        return cmp <= 0;
    /* ~> x.y.z: >= x.y.z and < x.(y+1); ~> x.y: >= x.y and < (x+1); ~> x: >= x */
    if (cmp < 0)
        return 0;
    if (c.parts >= 3)
        return v->major == c.major && v->minor == c.minor;
    if (c.parts == 2)
        return v->major == c.major;
    return 1;
}

int version_satisfies(const char *constraint, const char *version)
{
    struct semver v;
    if (!constraint || !version || version_parse(version, &v))
        return -1;
    const char *s = constraint;
    int ok = 1, any = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        int r = term(s, n, &v);
        if (r < 0)
            return -1;
        ok = ok && r;
        any = 1;
        s += n;
        if (*s == ',')
            s++;
    }
    return any ? ok : -1;
}
