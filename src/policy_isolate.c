/* policy_isolate.c — `--isolate process`: the hard backstop behind the in-process limits. Each
 * check runs in a forked worker with RLIMIT_CPU, RLIMIT_AS and a wall-clock timer, so even a C
 * function the count hook cannot interrupt (a pathological pattern match that slipped past the
 * guard) ends with the policy, not with the run. The worker sends its findings, skips and errors
 * back over a pipe as length-prefixed records; the parent replays them through the engine. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "policy_int.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define GRACE_MS 50       /* the in-process deadline goes first, with its precise message */
#define EXIT_DEADLINE 124 /* the worker's timer fired */
#define EXIT_CPU 125      /* RLIMIT_CPU's soft limit */

/* The limits end the worker at once, with a status the parent can name. */
static void on_limit(int sig)
{
    _exit(sig == SIGALRM ? EXIT_DEADLINE : EXIT_CPU);
}

/* ---- records ---- */

static void put_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(3); /* the parent is gone: nothing to report to */
        s += w;
        n -= (size_t)w;
    }
}

static void put_u32(struct strbuf *sb, uint32_t v)
{
    strbuf_add(sb, &v, sizeof(v));
}

static void put_str(struct strbuf *sb, const char *s)
{
    if (!s) {
        put_u32(sb, UINT32_MAX);
        return;
    }
    size_t n = strlen(s);
    put_u32(sb, (uint32_t)n);
    strbuf_add(sb, s, n);
}

static void put_anchor(struct strbuf *sb, const struct anchor *a)
{
    put_u32(sb, a->line);
    put_u32(sb, a->col);
    put_u32(sb, a->line2);
    put_str(sb, a->file);
    put_str(sb, a->location);
    put_str(sb, a->path);
}

static void send_record(int fd, struct strbuf *sb)
{
    uint32_t n = (uint32_t)sb->len;
    put_all(fd, &n, sizeof(n));
    put_all(fd, sb->buf, sb->len);
    strbuf_release(sb);
}

void policy_isolate_send_finding(int fd, int has_sev, enum severity sev, const struct anchor *a,
                                 const char *fix, const char *msg)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, 'F');
    strbuf_addch(&sb, has_sev);
    strbuf_addch(&sb, (int)sev);
    put_anchor(&sb, a);
    put_str(&sb, fix);
    put_str(&sb, msg);
    send_record(fd, &sb);
}

void policy_isolate_send_skip(int fd, const struct anchor *a, const char *what)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, 'S');
    put_anchor(&sb, a);
    put_str(&sb, what);
    send_record(fd, &sb);
}

void policy_isolate_send_error(int fd, const char *file, const char *msg, int dead)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, 'E');
    strbuf_addch(&sb, dead);
    put_str(&sb, file);
    put_str(&sb, msg);
    send_record(fd, &sb);
}

/* ---- reading them back ---- */

struct reader {
    const char *p, *end;
    int bad;
};

static uint32_t get_u32(struct reader *r)
{
    uint32_t v = 0;
    if ((size_t)(r->end - r->p) < sizeof(v)) {
        r->bad = 1;
        return 0;
    }
    memcpy(&v, r->p, sizeof(v));
    r->p += sizeof(v);
    return v;
}

static int get_byte(struct reader *r)
{
    if (r->p >= r->end) {
        r->bad = 1;
        return 0;
    }
    return (unsigned char)*r->p++;
}

/* A string of the record (a new copy), or NULL. */
static char *get_str(struct reader *r)
{
    uint32_t n = get_u32(r);
    if (n == UINT32_MAX || r->bad)
        return NULL;
    if ((size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    char *s = xstrndup(r->p, n);
    r->p += n;
    return s;
}

struct wire_anchor {
    struct anchor a;
    char *file, *location, *path;
};

static void get_anchor(struct reader *r, struct wire_anchor *w)
{
    memset(w, 0, sizeof(*w));
    w->a.line = get_u32(r);
    w->a.col = get_u32(r);
    w->a.line2 = get_u32(r);
    w->a.file = w->file = get_str(r);
    w->a.location = w->location = get_str(r);
    w->a.path = w->path = get_str(r);
}

static void free_anchor(struct wire_anchor *w)
{
    free(w->file);
    free(w->location);
    free(w->path);
}

/* Replay one record; 0, or -1 when it is malformed. */
static int replay(struct policy *p, struct rule_ctx *ctx, struct reader *r)
{
    int type = get_byte(r);
    struct wire_anchor w;
    if (type == 'F') {
        int has_sev = get_byte(r);
        enum severity sev = (enum severity)get_byte(r);
        get_anchor(r, &w);
        char *fix = get_str(r), *msg = get_str(r);
        if (!r->bad && msg) {
            if (has_sev)
                rule_report_sev(ctx, sev, &w.a, fix, "%s", msg);
            else
                rule_report(ctx, &w.a, fix, "%s", msg);
        }
        free(fix);
        free(msg);
        free_anchor(&w);
    } else if (type == 'S') {
        get_anchor(r, &w);
        char *what = get_str(r);
        if (!r->bad && what)
            rule_skip_unknown(ctx, &w.a, what);
        free(what);
        free_anchor(&w);
    } else if (type == 'E') {
        int dead = get_byte(r);
        char *file = get_str(r), *msg = get_str(r);
        if (!r->bad && msg)
            diag_add(p->set->errors, file, 0, 0, "%s", msg);
        if (dead)
            p->dead = 1;
        free(file);
        free(msg);
    } else {
        r->bad = 1;
    }
    return r->bad ? -1 : 0;
}

/* ---- the worker ---- */

/* Virtual memory in use now (bytes), from /proc/self/statm; 0 when unknown. */
static size_t vm_size(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static const char *signal_reason(int sig)
{
    switch (sig) {
    case SIGXCPU:
    case SIGKILL: return "CPU time limit exceeded";
    case SIGSEGV:
    case SIGBUS:
    case SIGABRT: return "crashed, probably at the memory limit";
    default: return "killed";
    }
}

/* In a worker: the deadline as a timer and CPU limit, the memory cap as RLIMIT_AS. */
static void set_limits(long long deadline, long long mem)
{
    signal(SIGALRM, on_limit);
    signal(SIGXCPU, on_limit);
    if (deadline > 0) {
        struct rlimit cpu = {(rlim_t)(deadline / 1000 + 1), (rlim_t)(deadline / 1000 + 2)};
        setrlimit(RLIMIT_CPU, &cpu);
        struct itimerval t = {{0, 0}, {0, 0}};
        long long ms = deadline + GRACE_MS;
        t.it_value.tv_sec = (time_t)(ms / 1000);
        t.it_value.tv_usec = (suseconds_t)(ms % 1000) * 1000;
        setitimer(ITIMER_REAL, &t, NULL);
    }
    if (mem > 0 && !UNDER_ASAN) { /* ASan reserves terabytes of shadow: no RLIMIT_AS there */
        size_t now = vm_size();
        if (now) {
            struct rlimit as;
            as.rlim_cur = as.rlim_max = (rlim_t)(now + ((size_t)mem << 20) + (64u << 20));
            setrlimit(RLIMIT_AS, &as);
        }
    }
}

static void worker(struct policy *p, struct rule_ctx *ctx, const struct subject *s, int fd)
{
    set_limits(rule_opt_int(ctx, "deadline_ms"), rule_opt_int(ctx, "memory_mb"));
    policy_run_check(p, ctx, s, fd);
}

int policy_isolate_load(const struct policy_limits *lim, void (*run)(void *), void *ud, char **why)
{
    *why = NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        *why = xstrfmt("cannot start a worker: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        set_limits(lim->deadline_ms, lim->memory_mb);
        run(ud);
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status))
        *why = xstrfmt("%s (the --isolate process worker was killed by signal %d)",
                       signal_reason(WTERMSIG(status)), WTERMSIG(status));
    else if (WIFEXITED(status) &&
             (WEXITSTATUS(status) == EXIT_DEADLINE || WEXITSTATUS(status) == EXIT_CPU))
        *why = xstrfmt("%s (%lld ms; the --isolate process worker was stopped inside a call "
                       "the in-process limits cannot interrupt)",
                       WEXITSTATUS(status) == EXIT_DEADLINE ? "deadline exceeded"
                                                            : "CPU time limit exceeded",
                       lim->deadline_ms);
    return *why ? -1 : 0;
}

void policy_isolate_check(struct policy *p, struct rule_ctx *ctx, const struct subject *s)
{
    const char *file = policy_subject_file(s);
    int fds[2];
    if (pipe(fds) < 0) {
        diag_add(p->set->errors, file, 0, 0, "policy %s: cannot start a worker: %s", p->id,
                 strerror(errno));
        return;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        diag_add(p->set->errors, file, 0, 0, "policy %s: cannot start a worker: %s", p->id,
                 strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        worker(p, ctx, s, fds[1]);
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    struct strbuf in = STRBUF_INIT;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        strbuf_add(&in, buf, (size_t)n);
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    struct reader r = {in.buf, in.buf + in.len, 0};
    while (r.p < r.end && !r.bad) {
        uint32_t len = get_u32(&r);
        if (r.bad || (size_t)(r.end - r.p) < len)
            break; /* a worker killed in the middle of a record */
        struct reader rec = {r.p, r.p + len, 0};
        replay(p, ctx, &rec);
        r.p += len;
    }
    strbuf_release(&in);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        diag_add(p->set->errors, file, 0, 0,
                 "policy %s (%s): %s (the --isolate process worker was killed by signal %d)", p->id,
                 p->file, signal_reason(sig), sig);
        p->dead = 1;
    } else if (WIFEXITED(status) &&
               (WEXITSTATUS(status) == EXIT_DEADLINE || WEXITSTATUS(status) == EXIT_CPU)) {
        diag_add(p->set->errors, file, 0, 0,
                 "policy %s (%s): %s (%lld ms; the --isolate process worker was stopped inside "
                 "a call the in-process limits cannot interrupt)",
                 p->id, p->file,
                 WEXITSTATUS(status) == EXIT_DEADLINE ? "deadline exceeded"
                                                      : "CPU time limit exceeded",
                 rule_opt_int(ctx, "deadline_ms"));
        p->dead = 1;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        diag_add(p->set->errors, file, 0, 0,
                 "policy %s (%s): the --isolate process worker exited with status %d", p->id,
                 p->file, WEXITSTATUS(status));
        p->dead = 1;
    }
}
