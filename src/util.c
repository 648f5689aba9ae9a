/* util.c — allocation, string, glob and path helpers. */
#include <errno.h>
#include <fcntl.h>
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

int file_read(const char *path, char **buf, size_t *len)
{
    return file_read_max(path, SIZE_MAX, buf, len);
}

int file_read_max(const char *path, size_t max, char **buf, size_t *len)
{
    int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
    if (fd < 0)
        return -1;
    struct stat st;
    size_t cap = 0, n = 0;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd)
            close(fd);
        errno = EISDIR;
        return -1;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if ((unsigned long long)st.st_size > max) {
            if (fd)
                close(fd);
            errno = EFBIG;
            return -1;
        }
        cap = (size_t)st.st_size + 1;
    }
    if (cap < 4096)
        cap = 4096;
    char *p = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            p = xreallocarray(p, cap, 1);
        }
        ssize_t r = read(fd, p + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(p);
            if (fd)
                close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) { /* a pipe or a file that grew */
            free(p);
            if (fd)
                close(fd);
            errno = EFBIG;
            return -1;
        }
    }
    if (fd)
        close(fd);
    p[n] = '\0';
    *buf = p;
    *len = n;
    return 0;
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
        size_t d = edit_distance(s, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit && best_d > 0 ? best : NULL;
}
