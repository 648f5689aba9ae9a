/* shellcheck.c — the shellcheck runner: scripts to files of a private temporary directory, a few
 * shellcheck processes over many files each (posix_spawnp, output read through pipes with
 * poll() until a deadline), their `-f gcc` output parsed back into findings, everything
 * removed afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "infralint/shellcheck.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

extern char **environ;

/* Files per process: keeps each command line far below ARG_MAX. */
#define FILES_PER_RUN 2000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The temporary directory and its files. */
struct scdir {
    char *dir;
    char **files;
    size_t n;
};

static void scdir_remove(struct scdir *d)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->files[i])
            unlink(d->files[i]);
        free(d->files[i]);
    }
    free(d->files);
    if (d->dir)
        rmdir(d->dir);
    free(d->dir);
    memset(d, 0, sizeof(*d));
}

static int scdir_make(struct scdir *d, const struct shellcheck_script *v, size_t n,
                      struct strbuf *err)
{
    const char *tmp = getenv("TMPDIR");
    char *tmpl = path_join(tmp && *tmp ? tmp : "/tmp", "infralint-shellcheck-XXXXXX");
    d->files = xcalloc(n + 1, sizeof(char *));
    if (!mkdtemp(tmpl)) {
        strbuf_addf(err, "cannot create a temporary directory: %s", strerror(errno));
        free(tmpl);
        return -1;
    }
    d->dir = tmpl;
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof(name), "%zu.sh", i);
        char *path = path_join(d->dir, name);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
            free(path);
            return -1;
        }
        d->files[d->n++] = path;
        int bad = write_all(fd, v[i].header, strlen(v[i].header)) || write_all(fd, "\n", 1) ||
                  write_all(fd, v[i].text, v[i].len);
        if (close(fd) || bad) {
            strbuf_addf(err, "cannot write '%s'", path);
            return -1;
        }
    }
    return 0;
}

/* One shellcheck process: its pid and the pipe its stdout and stderr come through. */
struct proc {
    pid_t pid;
    int fd;
    struct strbuf out;
    int done;
};

static int spawn(const struct shellcheck_opts *o, char **files, size_t n, struct proc *p,
                 struct strbuf *err)
{
    struct strvec {
        char **v;
        size_t n, alloc;
    } argv = {0};
    struct strbuf ex = STRBUF_INIT;
    for (size_t i = 0; i < o->nexclude; i++)
        strbuf_addf(&ex, "%s%s", i ? "," : "", o->exclude[i]);
#define ARG(s)                                                                                     \
    do {                                                                                           \
        ALLOC_GROW(argv.v, argv.n + 1, argv.alloc);                                                \
        argv.v[argv.n++] = (s);                                                                    \
    } while (0)
    ARG((char *)o->program);
    ARG("--norc");
    ARG("-f");
    ARG("gcc");
    ARG("-S");
    ARG("style");
    if (ex.len) {
        ARG("-e");
        ARG(ex.buf);
    }
    for (size_t i = 0; i < n; i++)
        ARG(files[i]);
    ARG(NULL);
#undef ARG
    int fds[2];
    int rc = -1;
    if (pipe2(fds, O_CLOEXEC)) {
        strbuf_addf(err, "pipe: %s", strerror(errno));
        goto out;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attr; /* its own process group: a timeout kills what it started too */
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    int e = posix_spawnp(&p->pid, o->program, &fa, &attr, argv.v, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (e) {
        close(fds[0]);
        errno = e;
        rc = e == ENOENT ? -2 : -1;
        if (rc == -1)
            strbuf_addf(err, "cannot run '%s': %s", o->program, strerror(e));
        goto out;
    }
    p->fd = fds[0];
    rc = 0;
out:
    strbuf_release(&ex);
    free(argv.v);
    return rc;
}

/* Read what the processes print until they close their pipes or the deadline passes. */
static int collect(struct proc *p, size_t n, long long deadline)
{
    struct pollfd *pf = xcalloc(n, sizeof(*pf));
    size_t open = 0;
    for (size_t i = 0; i < n; i++)
        open += !p[i].done;
    while (open) {
        long long left = deadline - now_ms();
        if (left <= 0)
            break;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!p[i].done) {
                pf[m].fd = p[i].fd;
                pf[m].events = POLLIN;
                pf[m].revents = 0;
                m++;
            }
        int r = poll(pf, m, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno != EINTR)
            break;
        for (size_t k = 0, i = 0; r > 0 && k < m; i++) {
            if (p[i].done)
                continue;
            if (pf[k].revents) {
                char buf[65536];
                ssize_t got = read(p[i].fd, buf, sizeof(buf));
                if (got > 0)
                    strbuf_add(&p[i].out, buf, (size_t)got);
                else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                    p[i].done = 1;
                    open--;
                }
            }
            k++;
        }
    }
    free(pf);
    return open ? -1 : 0;
}

/* Parse `FILE:LINE:COL: LEVEL: MESSAGE [SCNNNN]` lines; 0, or -1 on a line that is neither
 * that nor empty (an error message of shellcheck itself). */
static int parse(const char *s, const struct scdir *d, struct shellcheck_result *r,
                 struct strbuf *err)
{
    size_t dl = strlen(d->dir);
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        char *line = xstrndup(s, len);
        s += len + (eol != NULL);
        if (!*line) {
            free(line);
            continue;
        }
        char *p = line;
        unsigned long idx, ln, col;
        char *end;
        int ok = !strncmp(p, d->dir, dl) && p[dl] == '/';
        if (ok) {
            p += dl + 1;
            idx = strtoul(p, &end, 10);
            ok = end != p && !strncmp(end, ".sh:", 4) && idx < d->n;
            p = end + 4;
        }
        if (ok) {
            ln = strtoul(p, &end, 10);
            ok = end != p && *end == ':';
            p = end + 1;
        }
        if (ok) {
            col = strtoul(p, &end, 10);
            ok = end != p && !strncmp(end, ": ", 2);
            p = end + 2;
        }
        enum shellcheck_level lv = SC_INFO;
        if (ok) {
            if (starts_with(p, "error: "))
                lv = SC_ERROR, p += 7;
            else if (starts_with(p, "warning: "))
                lv = SC_WARNING, p += 9;
            else if (starts_with(p, "note: "))
                p += 6;
            else
                ok = 0;
        }
        const char *code = ok ? strstr(p, " [SC") : NULL;
        if (!ok || !code) {
            if (!err->len)
                strbuf_addf(err, "%.200s", line);
            free(line);
            return -1;
        }
        ALLOC_GROW(r->v, r->n + 1, r->alloc);
        struct shellcheck_finding *f = &r->v[r->n++];
        f->script = idx;
        /* line 1 is the header: the script's line 1 is the file's line 2 */
        f->line = ln > 1 ? (unsigned)(ln - 1) : 1;
        f->col = (unsigned)col;
        f->level = lv;
        f->code = atoi(code + 4);
        f->message = xstrndup(p, (size_t)(code - p));
        free(line);
    }
    return 0;
}

static int by_place(const void *a, const void *b)
{
    const struct shellcheck_finding *x = a, *y = b;
    if (x->script != y->script)
        return x->script < y->script ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->code - y->code;
}

enum shellcheck_status shellcheck_run(const struct shellcheck_script *v, size_t n,
                                      const struct shellcheck_opts *o,
                                      struct shellcheck_result *out)
{
    memset(out, 0, sizeof(*out));
    if (!n)
        return SHELLCHECK_OK;
    struct strbuf err = STRBUF_INIT;
    struct scdir d = {0};
    long long deadline = now_ms() + o->timeout_ms;
    size_t nruns = (n + FILES_PER_RUN - 1) / FILES_PER_RUN;
    unsigned jobs = o->jobs ? o->jobs : 1;
    if (nruns < jobs)
        nruns = n < jobs ? n : jobs;
    struct proc *p = xcalloc(nruns, sizeof(*p));
    size_t per = (n + nruns - 1) / nruns;
    if (scdir_make(&d, v, n, &err)) {
        out->status = SHELLCHECK_FAILED;
        goto done;
    }
    for (size_t i = 0; i < nruns; i++)
        strbuf_init(&p[i].out);
    /* waves of at most `jobs` processes; in a wave, process k takes every k-th file (scripts of
     * one workflow, which are often alike in size, are spread over the processes) */
    char **pick = xcalloc(per * jobs + 1, sizeof(char *));
    for (size_t w = 0; w < nruns && out->status == SHELLCHECK_OK; w += jobs) {
        size_t end = w + jobs < nruns ? w + jobs : nruns, k = end - w;
        size_t from = w * per, to = end * per < n ? end * per : n;
        for (size_t i = w; i < end; i++) {
            size_t cnt = 0;
            for (size_t f = from + (i - w); f < to; f += k)
                pick[(i - w) * per + cnt++] = d.files[f];
            int rc = spawn(o, pick + (i - w) * per, cnt, &p[i], &err);
            if (rc) {
                p[i].done = 1;
                out->status = rc == -2 ? SHELLCHECK_MISSING : SHELLCHECK_FAILED;
                break;
            }
        }
        if (out->status == SHELLCHECK_OK && collect(p + w, end - w, deadline))
            out->status = SHELLCHECK_TIMEOUT;
    }
    free(pick);
    for (size_t i = 0; i < nruns; i++) {
        if (!p[i].pid)
            continue;
        if (out->status != SHELLCHECK_OK)
            kill(-p[i].pid, SIGKILL);
        int ws = 0;
        while (waitpid(p[i].pid, &ws, 0) < 0 && errno == EINTR)
            ;
        if (p[i].fd > 0)
            close(p[i].fd);
        if (out->status != SHELLCHECK_OK)
            continue;
        /* 0: nothing found, 1: findings; anything else is shellcheck's own error */
        int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
        if (code == 127 && !p[i].out.len) { /* exec failed after the spawn (valgrind, some libcs) */
            out->status = SHELLCHECK_MISSING;
            continue;
        }
        if ((code != 0 && code != 1) || parse(p[i].out.buf, &d, out, &err)) {
            out->status = SHELLCHECK_FAILED;
            if (!err.len || code > 1) {
                size_t l = strcspn(p[i].out.buf, "\n");
                strbuf_reset(&err);
                strbuf_addf(&err, "shellcheck ended with status %d%s%.*s", code, l ? ": " : "",
                            (int)(l > 200 ? 200 : l), p[i].out.buf);
            }
        }
    }
    if (out->status == SHELLCHECK_TIMEOUT)
        strbuf_addf(&err, "shellcheck did not finish within %u s", o->timeout_ms / 1000);
done:
    for (size_t i = 0; i < nruns; i++)
        if (p[i].out.buf)
            strbuf_release(&p[i].out);
    free(p);
    scdir_remove(&d);
    if (out->n)
        qsort(out->v, out->n, sizeof(*out->v), by_place);
    out->error = err.len ? strbuf_detach(&err) : NULL;
    if (!out->error)
        strbuf_release(&err);
    return out->status;
}

void shellcheck_result_release(struct shellcheck_result *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].message);
    free(r->v);
    free(r->error);
    memset(r, 0, sizeof(*r));
}
