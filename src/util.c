/* util.c — allocation, string, glob and path helpers. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"

static void oom(void)
{
    fputs("infralint: fatal: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        oom();
    p = realloc(p, (n && size) ? n * size : 1);
    if (!p)
        oom();
    return p;
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrfmt(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    return strbuf_detach(&sb);
}

int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int str_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int str_cmp0(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

const char *str_find(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return s;
    for (const char *p = s; (p = strchr(p, needle[0])); p++)
        if (n == 1 || (p[1] == needle[1] && !strncmp(p + 2, needle + 2, n - 2)))
            return p;
    return NULL;
}

const char *str_find_case(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return s;
    int lo = lower((unsigned char)needle[0]);
    int up = lo >= 'a' && lo <= 'z' ? lo - 'a' + 'A' : lo;
    for (const char *p = s; *p; p++) {
        if (*p != lo && *p != up)
            continue;
        size_t i = 1;
        while (i < n && p[i] && lower((unsigned char)p[i]) == lower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return p;
    }
    return NULL;
}

/* Match a bracket expression at p against c; *end is set past the ']'. -1 when malformed. */
static int glob_class(const char *p, int c, const char **end)
{
    int neg = 0, hit = 0;
    if (*p == '!' || *p == '^') {
        neg = 1;
        p++;
    }
    const char *start = p;
    while (*p && (*p != ']' || p == start)) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            if (c >= (unsigned char)p[0] && c <= (unsigned char)p[2])
                hit = 1;
            p += 3;
        } else {
            if (c == (unsigned char)*p)
                hit = 1;
            p++;
        }
    }
    if (*p != ']')
        return -1;
    *end = p + 1;
    return hit != neg;
}

int glob_match(const char *pat, const char *s)
{
    const char *star_p = NULL, *star_s = NULL;
    while (*s) {
        if (*pat == '*') {
            while (*pat == '*')
                pat++;
            if (!*pat)
                return 1;
            star_p = pat;
            star_s = s;
            continue;
        }
        if (*pat == '?') {
            pat++;
            s++;
            continue;
        }
        if (*pat == '[') {
            const char *end;
            int m = glob_class(pat + 1, (unsigned char)*s, &end);
            if (m == 1) {
                pat = end;
                s++;
                continue;
            }
            if (m < 0 && *s == '[') { /* a lone '[' matches itself */
                pat++;
                s++;
                continue;
            }
        } else if (*pat == '\\' && pat[1] && pat[1] == *s) {
            pat += 2;
            s++;
            continue;
        } else if (*pat && *pat == *s) {
            pat++;
            s++;
            continue;
        }
        if (!star_p)
            return 0;
        pat = star_p;
        s = ++star_s;
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

char *path_join(const char *dir, const char *name)
{
    if (!dir || !*dir || !strcmp(dir, "."))
        return xstrdup(name);
    if (ends_with(dir, "/"))
        return xstrfmt("%s%s", dir, name);
    return xstrfmt("%s/%s", dir, name);
}

char *path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int path_within(const char *path, const char *dir)
{
    char real[PATH_MAX], base[PATH_MAX];
    if (!realpath(path, real) || !realpath(dir, base))
        return 0;
    size_t n = strlen(base);
    if (!strcmp(base, "/"))
        return 1;
    return !strncmp(real, base, n) && (real[n] == '/' || real[n] == '\0');
}

int file_read(const char *path, char **buf, size_t *len)
{
    return file_read_max(path, FILE_MAX_SIZE, buf, len);
}

const char *file_strerror(int err)
{
    if (err == EFBIG)
        return "file too large: infralint reads files of up to " FILE_MAX_TEXT;
    if (err == ENOTREG_FILE)
        return "not a regular file (infralint never reads a FIFO, a device or a socket)";
    return strerror(err);
}

/* Open path for reading without blocking on a FIFO, and check what it is before any read. */
static int open_regular(const char *path, size_t max, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int e = 0;
    if (fstat(fd, st) < 0)
        e = errno;
    else if (S_ISDIR(st->st_mode))
        e = EISDIR;
    else if (!S_ISREG(st->st_mode))
        e = ENOTREG_FILE;
    else if ((unsigned long long)st->st_size > max)
        e = EFBIG;
    if (e) {
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Read fd to its end (or to expect bytes, a regular file's size); refuse more than max. */
static int read_all(int fd, size_t max, size_t expect, char **buf, size_t *len)
{
    size_t cap = expect + 1 < 4096 ? 4096 : expect + 1, n = 0;
    char *p = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap = cap > max / 2 && max < SIZE_MAX - 2 ? max + 2 : cap * 2;
            p = xreallocarray(p, cap, 1);
        }
        ssize_t r = read(fd, p + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (expect && n == expect)
            break;     /* a regular file: stop at its size, no read for EOF */
        if (n > max) { /* a pipe, or a file that grew (or /proc's, which say 0) */
            free(p);
            errno = EFBIG;
            return -1;
        }
    }
    p[n] = '\0';
    *buf = p;
    *len = n;
    return 0;
}

int file_read_max(const char *path, size_t max, char **buf, size_t *len)
{
    struct stat st;
    if (!strcmp(path, "-")) { /* standard input: whatever it is, bounded while read */
        int have = fstat(0, &st) == 0;
        if (have && S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        if (have && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
            errno = EFBIG;
            return -1;
        }
        return read_all(0, max, have && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, buf, len);
    }
    int fd = open_regular(path, max, &st);
    if (fd < 0)
        return -1;
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    int rc = read_all(fd, max, (size_t)st.st_size, buf, len);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cur = row[j];
            size_t cost = lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[m];
}

const char *did_you_mean(const char *s, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = strlen(s);
    size_t limit = len < 4 ? 1 : len < 8 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        size_t cl = strlen(candidates[i]); /* the distance is at least the lengths' difference */
        if (cl > len + limit || len > cl + limit)
            continue;
        size_t d = edit_distance(s, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit && best_d > 0 ? best : NULL;
}
