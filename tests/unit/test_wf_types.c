/* test_wf_types.c — the expression type checker: positions inside scalars, reference segments,
 * the issue kinds a caller asks for, the action-outputs hook, what stays open. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "infralint/arena.h"
#include "infralint/util.h"
#include "infralint/wf_types.h"
#include "infralint/workflow.h"

static struct workflow *load(const char *text)
{
    struct diag_list d = {0};
    struct workflow *wf = wf_load("t.yml", xstrdup(text), strlen(text), &d);
    CHECK(wf != NULL && d.n == 0);
    diag_release(&d);
    return wf;
}

/* The value of the first `run:` of job `j`. */
static const struct ynode *first_run(const struct workflow *wf)
{
    return wf->njobs && wf->jobs[0].nsteps ? wf->jobs[0].steps[0].run_at.n : NULL;
}

static void test_value_pos(void)
{
    static const struct {
        const char *yaml, *needle;
        unsigned line, col;
        int ok;
    } cases[] = {
        {"jobs:\n  j:\n    steps:\n      - run: |\n          echo a\n          echo ${{ x }}\n",
         "x }}", 6, 20, 1},
        {"jobs:\n  j:\n    steps:\n      - run: >\n          echo a\n          echo ${{ x }}\n",
         "x }}", 6, 20, 1},
        {"jobs:\n  j:\n    steps:\n      - run: echo a\n          b ${{ x }}\n", "x }}", 5, 17, 1},
        {"jobs:\r\n  j:\r\n    steps:\r\n      - run: |\r\n          a\r\n          ${{ x }}\r\n",
         "x }}", 6, 15, 1},
        {"jobs:\n  j:\n    steps:\n      - run: 'it''s ${{ x }}'\n", "x }}", 4, 25, 1},
        {"jobs:\n  j:\n    steps:\n      - run: \"a\\tb ${{ x }}\"\n", "x }}", 4, 16, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct workflow *wf = load(cases[i].yaml);
        const struct ynode *n = first_run(wf);
        CHECK(n != NULL);
        if (!n) {
            wf_free(wf);
            continue;
        }
        const char *at = strstr(n->str, cases[i].needle);
        unsigned line = 0, col = 0;
        int ok = at && wf_value_pos(wf, n, (size_t)(at - n->str), &line, &col);
        CHECK(ok == cases[i].ok);
        if (cases[i].ok)
            CHECK(line == cases[i].line && col == cases[i].col);
        else
            CHECK(line == n->line && col == n->col); /* escapes: the scalar's own position */
        wf_free(wf);
    }
}

static void test_segments(void)
{
    struct arena *a = arena_new();
    const char *err = NULL;
    const char *text = "steps['my-step'].outputs[0].* || needs[matrix.job].result";
    struct wfx *x = wfx_parse(text, strlen(text), a, &err);
    CHECK(x && x->kind == WFX_OR);
    const struct wfx *l = x ? x->args[0] : NULL, *r = x ? x->args[1] : NULL;
    CHECK(l && l->kind == WFX_REF && l->nsegs == 4);
    if (l && l->nsegs == 4) {
        CHECK(l->len == 5 && !strncmp(l->s, "steps", 5));
        CHECK(l->segs[0].kind == WFX_SEG_NAME && l->segs[0].len == 7 && l->segs[0].off == 5);
        CHECK(l->segs[1].kind == WFX_SEG_NAME && l->segs[1].off == 17);
        CHECK(l->segs[2].kind == WFX_SEG_NUM && l->segs[2].off == 24);
        CHECK(l->segs[3].kind == WFX_SEG_STAR);
        CHECK_STR(l->path, "steps.my-step.outputs.*.*");
    }
    CHECK(r && r->nsegs == 2 && r->segs[0].kind == WFX_SEG_EXPR && r->segs[0].idx &&
          r->segs[0].idx->kind == WFX_REF);
    arena_free(a);
}

struct got {
    unsigned kinds;
    size_t n;
    char msgs[8][256];
    enum severity sev[8];
};

static void collect(const struct wf_issue *is, void *arg)
{
    struct got *g = arg;
    g->kinds |= is->kind;
    if (g->n < 8) {
        snprintf(g->msgs[g->n], sizeof(g->msgs[0]), "%u:%u %s", is->line, is->col, is->msg);
        g->sev[g->n] = is->sev;
    }
    g->n++;
}

static const char *const cache_outputs[] = {"cache-hit"};

static int outputs(const char *uses, const char *const **names, size_t *n, void *arg)
{
    (void)arg;
    if (strncmp(uses, "actions/cache@", 14))
        return 0;
    *names = cache_outputs;
    *n = 1;
    return 1;
}

static const char kinds_yaml[] = "on: push\n"
                                 "jobs:\n"
                                 "  build:\n"
                                 "    if: secrets.X != ''\n"
                                 "    runs-on: ubuntu-latest\n"
                                 "    steps:\n"
                                 "      - run: echo ${{ steps.nope.outcome }} ${{ runner.nope }}\n"
                                 "      - if: ${{ true }} && true\n"
                                 "        run: echo ${{ contain('a', 'b') }}\n";

static void test_kinds(void)
{
    struct workflow *wf = load(kinds_yaml);
    static const unsigned want[] = {WFI_AVAILABILITY, WFI_UNDEFINED, WFI_TYPE, WFI_IF};
    static const size_t count[] = {1, 2, 1, 1};
    for (size_t i = 0; i < 4; i++) {
        struct got g = {0};
        struct wf_types_opts o = {want[i], NULL, NULL};
        wf_types_check(wf, &o, collect, &g);
        CHECK(g.kinds == want[i] && g.n == count[i]);
    }
    struct got all = {0};
    struct wf_types_opts o = {WFI_AVAILABILITY | WFI_UNDEFINED | WFI_TYPE | WFI_IF, NULL, NULL};
    wf_types_check(wf, &o, collect, &all);
    CHECK(all.n == 5);
    CHECK_STR(all.msgs[0], "4:9 context 'secrets' is not available in a job's if: GitHub rejects "
                           "the workflow (only github, vars, needs and inputs are)");
    CHECK(all.sev[2] == SEV_WARNING); /* runner.nope: GitHub adds runner properties */
    wf_free(wf);
}

static void test_action_outputs(void)
{
    struct workflow *wf =
        load("on: push\n"
             "jobs:\n"
             "  build:\n"
             "    runs-on: ubuntu-latest\n"
             "    steps:\n"
             "      - id: c\n"
             "        uses: actions/cache@v4\n"
             "      - id: s\n"
             "        uses: actions/setup-node@v4\n"
             "      - run: echo ${{ steps.c.outputs.cache-hit }} ${{ steps.c.outputs.cache_hit }}\n"
             "      - run: echo ${{ steps.s.outputs.anything }}\n");
    struct got g = {0};
    struct wf_types_opts o = {WFI_UNDEFINED, outputs, NULL};
    wf_types_check(wf, &o, collect, &g);
    CHECK(g.n == 1);
    CHECK(g.n && strstr(g.msgs[0], "steps.c.outputs.cache_hit is empty: action 'actions/cache@v4' "
                                   "has no output 'cache_hit'"));
    struct got open = {0};
    struct wf_types_opts none = {WFI_UNDEFINED, NULL, NULL};
    wf_types_check(wf, &none, collect, &open);
    CHECK(open.n == 0); /* without metadata every action's outputs are open */
    wf_free(wf);
}

/* What is only known at run time is never an error. */
static void test_open(void)
{
    struct workflow *wf =
        load("on: push\n"
             "jobs:\n"
             "  a:\n"
             "    runs-on: ubuntu-latest\n"
             "    strategy:\n"
             "      matrix:\n"
             "        <<: {os: [x]}\n"
             "    steps:\n"
             "      - run: echo ${{ matrix.os }} ${{ github.event.x.y.z }}\n"
             "  b:\n"
             "    runs-on: ubuntu-latest\n"
             "    strategy:\n"
             "      matrix:\n"
             "        include: ${{ fromJSON(vars.M) }}\n"
             "    steps:\n"
             "      - run: echo ${{ matrix.any }} ${{ env.ANY }} ${{ vars.Y }}\n");
    struct got g = {0};
    struct wf_types_opts o = {WFI_UNDEFINED | WFI_TYPE, NULL, NULL};
    wf_types_check(wf, &o, collect, &g);
    CHECK(g.n == 0);
    wf_free(wf);
}

int main(void)
{
    test_value_pos();
    test_segments();
    test_kinds();
    test_action_outputs();
    test_open();
    return DONE("wf_types");
}
