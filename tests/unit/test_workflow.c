/* test_workflow.c — the YAML tree's positions and limits, the workflow model, `${{ }}` scanning
 * and parsing, inline ignores, credential names, shell commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../../rules/gha_util.h"
#include "check.h"
#include "infralint/arena.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "infralint/workflow.h"

static struct workflow *load(const char *text, struct diag_list *d)
{
    return wf_load("t.yml", xstrdup(text), strlen(text), d);
}

/* Empty collections as whole documents (UBSan: no zero offset applied to a NULL child list). */
static void test_empty_collections(void)
{
    static const char *const docs[] = {"[]", "{}", "[[]]", "a: []\n", "--- []\n--- {}\n"};
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        struct diag_list d = {0};
        struct ydoc doc;
        CHECK(ydoc_load(&doc, "t.yml", docs[i], strlen(docs[i]), &d) == 0 || d.n > 0);
        ydoc_free(&doc);
        diag_release(&d);
    }
}

/* libyaml marks count characters: byte offsets must still point at the bytes. */
static void test_offsets(void)
{
    struct diag_list d = {0};
    const char *src = "\xef\xbb\xbf"
                      "a: \xc3\xa9t\xc3\xa9\r\nb: x\n";
    struct ydoc doc;
    CHECK(ydoc_load(&doc, "t.yml", src, strlen(src), &d) == 0);
    const struct ynode *b = ynode_key(doc.docs[0], "b");
    CHECK(b && b->line == 2 && b->col == 1);
    CHECK(b && b->start == 13 && src[b->start] == 'b');
    const struct ynode *a = ynode_get(doc.docs[0], "a");
    CHECK(a && a->start == 6 && a->end == 11);
    unsigned l, c;
    ydoc_pos(&doc, 9, &l, &c); /* the second é, byte 9, is the 6th character of line 1 */
    CHECK(l == 1 && c == 6);
    ydoc_pos(&doc, 13, &l, &c);
    CHECK(l == 2 && c == 1);
    ydoc_free(&doc);
    diag_release(&d);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* libyaml is quadratic in nesting depth: the limit must stop it early (DESIGN.md). */
static void test_deep_nesting(void)
{
    size_t n = 100000;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "jobs: ");
    for (size_t i = 0; i < n; i++)
        strbuf_addch(&sb, '[');
    for (size_t i = 0; i < n; i++)
        strbuf_addch(&sb, ']');
    struct diag_list d = {0};
    double t0 = now();
    struct workflow *wf = wf_load("deep.yml", strbuf_detach(&sb), 2 * n + 6, &d);
    double dt = now() - t0;
    CHECK(wf == NULL);
    CHECK(d.n == 1 && d.v[0].line == 1 && strstr(d.v[0].message, "nesting deeper than 256"));
    CHECK(dt < 1.0);
    diag_release(&d);
}

static void test_alias_bomb(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
        strbuf_addf(&sb, "%c: &%c [", c, c);
        for (int i = 0; i < 10; i++)
            strbuf_addf(&sb, "%s*%c", i ? ", " : "", c - 1);
        strbuf_addstr(&sb, "]\n");
    }
    struct diag_list d = {0};
    double t0 = now();
    size_t len = sb.len;
    struct workflow *wf = wf_load("bomb.yml", strbuf_detach(&sb), len, &d);
    CHECK(wf == NULL && d.n == 1 && strstr(d.v[0].message, "alias bomb"));
    CHECK(now() - t0 < 0.5);
    diag_release(&d);
}

static void test_model(void)
{
    struct diag_list d = {0};
    struct workflow *wf = load("on:\n"
                               "  push: {branches: [main], tags: [v*]}\n"
                               "  workflow_dispatch:\n"
                               "    inputs: {v: {type: choice, options: [a]}, w: {}}\n"
                               "permissions: write-all\n"
                               "jobs:\n"
                               "  build: &job\n"
                               "    runs-on: ubuntu-latest\n"
                               "    environment: {name: production}\n"
                               "    needs: [a, b]\n"
                               "    permissions: {contents: read, id-token: write}\n"
                               "    steps:\n"
                               "      - uses: actions/checkout@v4\n"
                               "      - parallel: [{run: make a}, {run: make b}]\n"
                               "  copy: *job\n",
                               &d);
    CHECK(wf && d.n == 0);
    if (!wf)
        return;
    CHECK(wf->ntriggers == 2 && !strcmp(wf->triggers[0].event, "push"));
    CHECK(wf->triggers[0].branches.n == 1 && wf->triggers[0].tags.n == 1);
    CHECK(wf->triggers[1].ninputs == 2 && !strcmp(wf->triggers[1].inputs[1].type, "string"));
    CHECK(wf->perms.form == PERMS_WRITE_ALL);
    CHECK(wf->njobs == 2);
    const struct wf_job *j = &wf->jobs[0];
    CHECK(!strcmp(j->env_name, "production") && j->nneeds == 2);
    CHECK(wf_perms_level(&j->perms, "id-token") == PERM_WRITE);
    CHECK(wf_perms_level(&j->perms, "issues") == PERM_NONE);
    CHECK(j->nsteps == 3 && j->steps[2].sub == 2 && !strcmp(j->steps[2].run, "make b"));
    const struct wf_job *c = &wf->jobs[1];
    CHECK(c->node.via && yref_line(c->node) == 15); /* reached through the alias *job */
    CHECK(c->nsteps == 3 && yref_line(c->steps[0].node) == 15);
    char *p = wf_node_path(wf, j->steps[1].node.n);
    CHECK_STR(p, "jobs.build.steps[1].parallel[0]");
    free(p);
    wf_free(wf);
    diag_release(&d);
}

/* Expressions in block scalars point at the `${{` itself. */
static void test_expr_positions(void)
{
    struct diag_list d = {0};
    struct workflow *wf = load("on: push\n"
                               "jobs:\n"
                               "  a:\n"
                               "    runs-on: x\n"
                               "    steps:\n"
                               "      - run: | # ${{ not.this }}\n"
                               "          echo \"${{ github.event.issue.title }}\"\n"
                               "          x=${{ format('}}{0}', 'a') }} y=${{ b }}\n"
                               "      - run: \"say \\\"${{ c }}\\\"\"\n"
                               "      - run: >-\n"
                               "          folded ${{ d\n"
                               "          }} e\n"
                               "      - run: 'É ${{ e }}'\n"
                               "      - run: unterminated ${{ f\n",
                               &d);
    CHECK(wf != NULL);
    if (!wf)
        return;
    const struct wf_job *j = &wf->jobs[0];
    const struct wf_expr *e;
    size_t n = wf_exprs(wf, j->steps[0].run_at.n, &e);
    CHECK(n == 3);
    CHECK(n == 3 && e[0].line == 7 && e[0].col == 17);
    CHECK(n == 3 && e[1].line == 8 && e[1].col == 13 && e[1].x && e[1].x->kind == WFX_CALL);
    CHECK(n == 3 && e[2].line == 8 && e[2].col == 43);
    n = wf_exprs(wf, j->steps[1].run_at.n, &e);
    CHECK(n == 1 && e[0].line == 9 && e[0].col == 21);
    n = wf_exprs(wf, j->steps[2].run_at.n, &e);
    CHECK(n == 1 && e[0].line == 11 && e[0].col == 18 && e[0].x && e[0].x->kind == WFX_REF);
    n = wf_exprs(wf, j->steps[3].run_at.n, &e);
    CHECK(n == 1 && e[0].line == 13 && e[0].col == 17); /* É is one column */
    n = wf_exprs(wf, j->steps[4].run_at.n, &e);
    CHECK(n == 0);
    wf_free(wf);
    diag_release(&d);
}

struct refs {
    char buf[512];
};

static void collect(const struct wfx *ref, void *arg)
{
    struct refs *r = arg;
    size_t n = strlen(r->buf);
    snprintf(r->buf + n, sizeof(r->buf) - n, "%s%s", n ? " " : "", ref->path);
}

static const char *value_refs(const char *expr, struct refs *r)
{
    struct arena *a = arena_new();
    const char *err = NULL;
    r->buf[0] = '\0';
    struct wfx *x = wfx_parse(expr, strlen(expr), a, &err);
    if (x)
        wfx_value_refs(x, collect, r);
    else
        snprintf(r->buf, sizeof(r->buf), "error: %s", err);
    arena_free(a);
    return r->buf;
}

static const char *all_refs(const char *expr, struct refs *r)
{
    struct arena *a = arena_new();
    const char *err = NULL;
    r->buf[0] = '\0';
    struct wfx *x = wfx_parse(expr, strlen(expr), a, &err);
    if (x)
        wfx_refs(x, collect, r);
    else
        snprintf(r->buf, sizeof(r->buf), "error: %s", err);
    arena_free(a);
    return r->buf;
}

static void test_expr_parse(void)
{
    struct refs r;
    CHECK_STR(all_refs("github['event'].commits[0].message", &r), "github.event.commits.*.message");
    CHECK_STR(all_refs("github.event.*.body", &r), "github.event.*.body");
    CHECK_STR(all_refs("fromJSON(steps.x.outputs.y).z[inputs.k]", &r),
              "steps.x.outputs.y inputs.k");
    CHECK_STR(all_refs("a.b[c.d]", &r), "a.b.* c.d");
    CHECK_STR(all_refs("!(a == 'x') && b != 1 || c < 2.5e3", &r), "a b c");
    CHECK_STR(all_refs("'it''s' == x", &r), "x");
    CHECK(!strncmp(all_refs("\"dq\"", &r), "error: strings take single quotes", 33));
    CHECK(!strncmp(all_refs("a +", &r), "error: '+' is not", 17));
    CHECK(!strncmp(all_refs("f(a", &r), "error:", 6));
    CHECK(!strncmp(all_refs("'open", &r), "error: string literal is never closed", 38));
    CHECK(!strncmp(all_refs("", &r), "error:", 6));
    /* nesting is bounded: no stack overflow on hostile input */
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 100000; i++)
        strbuf_addstr(&sb, "(!");
    CHECK(!strncmp(all_refs(sb.buf, &r), "error: expression nested too deeply", 35));
    strbuf_release(&sb);

    /* which references can become the value */
    CHECK_STR(value_refs("github.event.issue.title", &r), "github.event.issue.title");
    CHECK_STR(value_refs("github.event.issue.title && 'yes' || 'no'", &r), "");
    CHECK_STR(value_refs("x || github.head_ref", &r), "x github.head_ref");
    CHECK_STR(value_refs("contains(github.event.issue.title, 'bug')", &r), "");
    CHECK_STR(value_refs("github.event.issue.title == 'x'", &r), "");
    CHECK_STR(value_refs("format('{0}', github.head_ref)", &r), "github.head_ref");
    CHECK_STR(value_refs("toJSON(github.event.commits.*.message)", &r),
              "github.event.commits.*.message");
    CHECK_STR(value_refs("fromJSON(needs.a.outputs.x).title", &r), "needs.a.outputs.x");

    CHECK(wfx_path_match("github.event.commits.*.message", "github.event.commits.*.message"));
    CHECK(wfx_path_match("github.event.issue.title", "GITHUB.Event.Issue.TITLE"));
    CHECK(wfx_path_match("github.event.issue.title", "github.event.*.title"));
    CHECK(wfx_path_match("github.event.changes.**", "github.event.changes.title.from"));
    CHECK(!wfx_path_match("github.event.changes.**", "github.event.changes"));
    CHECK(!wfx_path_match("github.event.issue.title", "github.event.issue"));
    CHECK(!wfx_path_match("github.event.issue.title", "github.event.issue.title.x"));
}

static void test_ignores(void)
{
    struct diag_list d = {0};
    struct ignore_list l = {0};
    struct workflow *wf = load("on: push # infralint:ignore[gha/a] reason one\n"
                               "jobs:\n"
                               "  # infralint:ignore[gha/b, gha/c]\n"
                               "  x:\n"
                               "    runs-on: 'q # infralint:ignore[gha/no] in a string'\n"
                               "    steps:\n"
                               "      - run: | # infralint:ignore[gha/d] header comment\n"
                               "          # infralint:ignore[gha/no] shell\n"
                               "          a#infralint:ignore[gha/no]\n"
                               "      - run: x#infralint:ignore[gha/no] part of the value\n"
                               "      - run: y #infralint:ignore[bad\n",
                               &d);
    CHECK(wf != NULL);
    if (!wf)
        return;
    wf_scan_ignores(wf, &l, &d);
    CHECK(l.n == 3);
    CHECK(l.n == 3 && l.v[0].line == 1 && l.v[0].col == 10 && !strcmp(l.v[0].reason, "reason one"));
    CHECK(l.n == 3 && l.v[1].line == 3 && l.v[1].nrules == 2 && !l.v[1].reason);
    CHECK(l.n == 3 && l.v[2].line == 7 && !strcmp(l.v[2].rules[0], "gha/d"));
    CHECK(d.n == 1 && d.v[0].line == 11 && d.v[0].col == 16);
    suppress_release(&l);
    wf_free(wf);
    diag_release(&d);
}

static void test_credentials(void)
{
    CHECK(wf_is_credential_key("password"));
    CHECK(wf_is_credential_key("DB_PASSWORD"));
    CHECK(wf_is_credential_key("npmToken"));
    CHECK(wf_is_credential_key("api-key"));
    CHECK(wf_is_credential_key("AWS_SECRET_ACCESS_KEY"));
    CHECK(wf_is_credential_key("client_secret"));
    CHECK(!wf_is_credential_key("key"));
    CHECK(!wf_is_credential_key("cache-key"));
    CHECK(!wf_is_credential_key("token_format"));
    CHECK(!wf_is_credential_key("secret_name"));
    CHECK(!wf_is_credential_key("max_tokens"));
    CHECK(!wf_is_credential_key("password_file"));
}

struct cmds {
    char buf[512];
};

static void cmd(char *const *w, size_t n, void *arg)
{
    struct cmds *c = arg;
    size_t len = strlen(c->buf);
    snprintf(c->buf + len, sizeof(c->buf) - len, "%s[", len ? " " : "");
    for (size_t i = 0; i < n; i++) {
        len = strlen(c->buf);
        snprintf(c->buf + len, sizeof(c->buf) - len, "%s%s", i ? " " : "", w[i]);
    }
    len = strlen(c->buf);
    snprintf(c->buf + len, sizeof(c->buf) - len, "]");
}

static const char *commands(const char *script, struct cmds *c)
{
    c->buf[0] = '\0';
    gha_commands(script, cmd, c);
    return c->buf;
}

static void test_commands(void)
{
    struct cmds c;
    CHECK_STR(commands("go vet ./... && go test -race ./...", &c),
              "[go vet ./...] [go test -race ./...]");
    CHECK_STR(commands("CGO=0 sudo -E make -C x test # run them\nnpx jest", &c),
              "[make -C x test] [jest]");
    CHECK_STR(commands("uv run --frozen pytest \\\n  tests/", &c), "[pytest tests/]");
    CHECK_STR(commands("python3 -m pytest; echo \"a ; b\" | tee log", &c),
              "[pytest] [echo a ; b] [tee log]");
    CHECK_STR(commands("v=$(git describe)", &c), "[git describe]");
    CHECK_STR(commands("echo ${{ github.event.issue.title }} x", &c),
              "[echo ${{ github.event.issue.title }} x]");
    /* case patterns are not commands */
    CHECK_STR(commands("case ${{ matrix.env }} in\n  test|platform-test)\n    echo t\n    ;;\n"
                       "  production)\n    kubectl get nodes ;;\n  *) exit 1 ;;\nesac\nmake x",
                       &c),
              "[case ${{ matrix.env }} in] [echo t] [kubectl get nodes] [exit 1] [make x]");
    CHECK_STR(commands("case \"$E\" in prod) ./deploy.sh prod;; *) true;; esac; ls", &c),
              "[case $E in] [./deploy.sh prod] [true] [ls]");
    char *w[] = {"make", "-j4", "test-unit"};
    CHECK(gha_command_matches("make test*", w, 3));
    CHECK(!gha_command_matches("make check*", w, 3));
    char *npm[] = {"npm", "run", "test:e2e"};
    CHECK(gha_command_matches("npm run test*", npm, 3));
    CHECK(gha_command_matches("npm test*", npm, 3)); /* words match in order, others between */
    char *cargo[] = {"cargo", "build", "--release"};
    CHECK(!gha_command_matches("cargo test", cargo, 3));
    char *gradle[] = {"./gradlew", "build", "check"};
    CHECK(gha_command_matches("gradlew check", gradle, 3));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The owner of a repository comes from its origin remote: a clone, a worktree, none. */
static void test_repo_owner(void)
{
    char tmpl[] = "/tmp/infralint-owner-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    char *clone = xstrfmt("%s/clone", dir), *git = xstrfmt("%s/clone/.git", dir);
    char *cfg = xstrfmt("%s/clone/.git/config", dir);
    mkdir(clone, 0700);
    mkdir(git, 0700);
    CHECK(wf_repo_slug(clone) == NULL); /* no config */
    write_file(cfg, "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = "
                    "https://github.com/other/app\n[remote \"origin\"]\n\turl = "
                    "git@github.com:acme/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");
    char *o = wf_repo_slug(clone);
    CHECK_STR(o ? o : "(null)", "acme/app");
    free(o);
    write_file(cfg, "[remote \"origin\"]\n\turl = https://gitlab.example.com/acme/app.git\n");
    CHECK(wf_repo_slug(clone) == NULL); /* not on GitHub */
    /* a worktree: .git is a file naming its git directory, whose commondir holds the config */
    char *wt = xstrfmt("%s/wt", dir), *wtgit = xstrfmt("%s/clone/.git/worktrees", dir);
    char *wtdir = xstrfmt("%s/clone/.git/worktrees/wt", dir);
    mkdir(wt, 0700);
    mkdir(wtgit, 0700);
    mkdir(wtdir, 0700);
    write_file(cfg, "[remote \"origin\"]\n\turl = https://github.com/corp/infra\n");
    char *dotgit = xstrfmt("%s/wt/.git", dir), *gd = xstrfmt("gitdir: %s\n", wtdir);
    write_file(dotgit, gd);
    char *common = xstrfmt("%s/commondir", wtdir);
    write_file(common, "../..\n");
    o = wf_repo_slug(wt);
    CHECK_STR(o ? o : "(null)", "corp/infra");
    free(o);
    char *cmd = xstrfmt("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(common);
    free(gd);
    free(dotgit);
    free(wtdir);
    free(wtgit);
    free(wt);
    free(cfg);
    free(git);
    free(clone);
}

int main(void)
{
    test_offsets();
    test_empty_collections();
    test_deep_nesting();
    test_alias_bomb();
    test_model();
    test_expr_positions();
    test_expr_parse();
    test_ignores();
    test_credentials();
    test_commands();
    test_repo_owner();
    return DONE("workflow");
}
