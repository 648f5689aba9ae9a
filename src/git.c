/* git.c — run the git program and read what it prints (no shell, no libgit2). */
#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "git.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

extern char **environ;

/* Run git with argv (argv[0] == "git"); its standard output and error are collected. Returns the
 * exit status, or -1 with errno when git cannot be started. */
static int run_git(char *const argv[], struct strbuf *out, struct strbuf *errout)
{
    int po[2], pe[2];
    if (pipe(po) < 0)
        return -1;
    if (pipe(pe) < 0) {
        close(po[0]);
        close(po[1]);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclose(&fa, po[0]);
    posix_spawn_file_actions_addclose(&fa, pe[0]);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(po[1]);
    close(pe[1]);
    if (rc != 0) {
        close(po[0]);
        close(pe[0]);
        errno = rc;
        return -1;
    }
    struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    struct strbuf *bufs[2] = {out, errout};
    int open_fds = 2;
    while (open_fds) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int k = 0; k < 2; k++) {
            if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[8192];
            ssize_t n = read(fds[k].fd, chunk, sizeof(chunk));
            if (n > 0) {
                strbuf_add(bufs[k], chunk, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[k].fd);
                fds[k].fd = -1;
                open_fds--;
            }
        }
    }
    for (int k = 0; k < 2; k++)
        if (fds[k].fd >= 0)
            close(fds[k].fd);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* git's first error line, without "fatal: " noise at the end. */
static char *first_line(const struct strbuf *sb)
{
    size_t n = strcspn(sb->buf, "\n");
    return n ? xstrndup(sb->buf, n) : xstrdup("(no message)");
}

static void add_nul_list(struct git_changes *c, const struct strbuf *sb)
{
    for (size_t i = 0; i < sb->len;) {
        size_t n = strlen(sb->buf + i);
        if (n) {
            ALLOC_GROW(c->paths, c->n + 1, c->alloc);
            c->paths[c->n++] = path_join(c->toplevel, sb->buf + i);
        }
        i += n + 1;
    }
}

int git_changed_files(const char *dir, const char *ref, struct git_changes *out, char **err)
{
    memset(out, 0, sizeof(*out));
    struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
    char *top_argv[] = {"git", "-C", (char *)dir, "rev-parse", "--show-toplevel", NULL};
    int rc = run_git(top_argv, &o, &e);
    if (rc < 0) {
        *err = errno == ENOENT ? xstrdup("--since needs the git program, which is not installed "
                                         "(or not on PATH)")
                               : xstrfmt("--since: cannot run git: %s", strerror(errno));
        goto fail;
    }
    if (rc != 0) {
        char *why = first_line(&e);
        *err = xstrfmt("--since: '%s' is not inside a git work tree (git: %s)", dir, why);
        free(why);
        goto fail;
    }
    o.buf[strcspn(o.buf, "\n")] = '\0';
    out->toplevel = xstrdup(o.buf);
    strbuf_reset(&o);
    strbuf_reset(&e);
    char *diff_argv[] = {"git", "-C",           out->toplevel, "diff", "--name-only",
                         "-z",  "--no-renames", (char *)ref,   "--",   NULL};
    rc = run_git(diff_argv, &o, &e);
    if (rc != 0) {
        char *why = first_line(&e);
        *err = xstrfmt("--since '%s': git diff failed: %s", ref, why);
        free(why);
        goto fail;
    }
    add_nul_list(out, &o);
    strbuf_reset(&o);
    strbuf_reset(&e);
    char *new_argv[] = {"git", "-C", out->toplevel, "ls-files", "--others", "--exclude-standard",
                        "-z",  NULL};
    rc = run_git(new_argv, &o, &e);
    if (rc != 0) {
        char *why = first_line(&e);
        *err = xstrfmt("--since: git ls-files failed: %s", why);
        free(why);
        goto fail;
    }
    add_nul_list(out, &o);
    strbuf_release(&o);
    strbuf_release(&e);
    return 0;
fail:
    strbuf_release(&o);
    strbuf_release(&e);
    git_changes_release(out);
    return -1;
}

int git_changes_has(const struct git_changes *c, const char *abs_path)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->paths[i], abs_path))
            return 1;
    return 0;
}

void git_changes_release(struct git_changes *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->paths[i]);
    free(c->paths);
    free(c->toplevel);
    memset(c, 0, sizeof(*c));
}
