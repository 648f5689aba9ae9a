/* util.h — allocation that never returns NULL, growable arrays, small string and path helpers.
 * Allocation failure aborts the process (there is no sensible recovery); everything else returns
 * errors as values. */
#ifndef INFRALINT_UTIL_H
#define INFRALINT_UTIL_H

#include <errno.h>
#include <stddef.h>

#if defined(__GNUC__)
#define IL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define IL_PRINTF(f, a)
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Grow array ptr (element type taken from *ptr) so that it can hold at least n elements. */
#define ALLOC_GROW(ptr, n, alloc)                                                                  \
    do {                                                                                           \
        if ((n) > (alloc)) {                                                                       \
            (alloc) = (alloc) < 8 ? 8 : (alloc)*2;                                                 \
            if ((alloc) < (n))                                                                     \
                (alloc) = (n);                                                                     \
            (ptr) = xreallocarray((ptr), (alloc), sizeof(*(ptr)));                                 \
        }                                                                                          \
    } while (0)

/* malloc that aborts on failure. */
void *xmalloc(size_t n);
/* calloc that aborts on failure. */
void *xcalloc(size_t n, size_t size);
/* realloc of n elements of size bytes, aborting on failure or overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
/* strdup that aborts on failure; NULL gives NULL. */
char *xstrdup(const char *s);
/* strndup that aborts on failure. */
char *xstrndup(const char *s, size_t n);
/* Formatted string in a new allocation. */
char *xstrfmt(const char *fmt, ...) IL_PRINTF(1, 2);

/* 1 if s starts with prefix. */
int starts_with(const char *s, const char *prefix);
/* 1 if s ends with suffix. */
int ends_with(const char *s, const char *suffix);
/* ASCII case-insensitive equality. */
int str_ieq(const char *a, const char *b);
/* NULL-safe strcmp: NULL sorts first. */
int str_cmp0(const char *a, const char *b);
/* strstr that reads s only up to the match: linear in every build (the sanitizers' strstr
 * interceptors measure the whole rest of s on each call, quadratic in a loop over a script). */
const char *str_find(const char *s, const char *needle);
/* str_find ignoring ASCII case (strcasestr without its set-up cost on short needles). */
const char *str_find_case(const char *s, const char *needle);

/* Shell-style glob match ('*', '?', '[...]'); '*' also matches '/'. */
int glob_match(const char *pattern, const char *s);

/* Join a directory and a name with one '/' (dir "." or "" gives name alone). */
char *path_join(const char *dir, const char *name);
/* Directory part of a path ("." when none); new allocation. */
char *path_dirname(const char *path);
/* Last component of a path (borrowed pointer into path). */
const char *path_basename(const char *path);
/* 1 if path, every link resolved, is the directory dir (resolved too) or inside it; 0 if it
 * is elsewhere or cannot be resolved (missing, dangling). */
int path_within(const char *path, const char *dir);

/* Reading input files safely: the one way infralint reads a file (inputs, configuration,
 * policies and their lib/ modules, test fixtures, baselines). Only regular files are read: the
 * file is opened with O_NONBLOCK (opening a FIFO cannot hang) and checked with fstat before any
 * read, so a FIFO, a device (a link to /dev/zero), a socket or a directory is refused, and the
 * size cap is checked from fstat too (a 1 GB sparse file is refused without reading it). "-" is
 * standard input, whatever it is, bounded by the same cap while it is read. Errors: -1 with
 * errno (ENOTREG_FILE for a file that is not regular, EFBIG past the cap); file_strerror() says
 * it in words. Nothing is allocated on error. */
#define FILE_MAX_SIZE ((size_t)512 << 20)
#define FILE_MAX_TEXT "512 MB"
#define ENOTREG_FILE ENODEV

/* Read a whole regular file (or stdin for "-") of up to FILE_MAX_SIZE bytes into a new
 * NUL-terminated buffer; -1 and errno on error. */
int file_read(const char *path, char **buf, size_t *len);
/* The same with a cap of max bytes (what the baseline reader calls, with its own cap). */
int file_read_max(const char *path, size_t max, char **buf, size_t *len);
/* The reason of a failed file_read() in words (strerror, except for our two refusals). */
const char *file_strerror(int err);

/* Levenshtein distance between two short strings (for "did you mean"). */
size_t edit_distance(const char *a, const char *b);
/* The candidate nearest to s within a small distance, or NULL. */
const char *did_you_mean(const char *s, const char *const *candidates, size_t n);

#endif
