/* x_migrations.c — migrations of the change against how they are deployed: blue/green services
 * need backward-compatible migrations (the old version runs against the new schema during the
 * traffic shift), and a schema change that breaks compatibility goes to production only through
 * a release gate. Both read the verdicts of the sql/ rules of the run (x_breaks), never the SQL. */
#include <stdlib.h>
#include <string.h>

#include "infralint/arena.h"
#include "infralint/migration.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"
#include "rules.h"
#include "x_join.h"

static struct anchor break_anchor(const struct xbreak *b)
{
    const struct finding *f = b->f;
    struct anchor a = {f->file, f->line, f->col, f->line2, f->location, f->path};
    return a;
}

/* ---- x/blue-green-needs-compatible-migrations ---- */

/* What the old (blue) version does with the schema a break changes. */
static const char *blue_consequence(const char *rule)
{
    static const struct {
        const char *rule, *text;
    } v[] = {
        {"sql/drop-column", "the blue tasks still read it during the traffic shift"},
        {"sql/drop-table", "the blue tasks still query it during the traffic shift"},
        {"sql/rename-column", "the blue tasks still use the old name during the traffic shift"},
        {"sql/rename-table", "the blue tasks still use the old name during the traffic shift"},
        {"sql/change-column-type",
         "the blue tasks still read and write the old type during the traffic shift"},
        {"sql/add-required-column", "the blue tasks still insert rows without it during the "
                                    "traffic shift, and those inserts fail"},
        {"sql/set-not-null", "the blue tasks may still write NULL into it during the traffic "
                             "shift, and those writes fail"},
        {"sql/truncate", "the blue tasks still serve the rows it deletes during the traffic shift"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(v); i++)
        if (!strcmp(v[i].rule, rule))
            return v[i].text;
    return "the blue tasks still run against the old schema during the traffic shift";
}

/* The display name of a service: its name, else its address. */
static const char *svc_name(const struct xsvc *s)
{
    return s->name ? s->name : s->r->address;
}

static void check_blue_green(struct rule_ctx *ctx, const struct subject *s)
{
    const struct project *p = s->project;
    const struct xbreak *br;
    size_t nbr = x_breaks(ctx, s, &br), open = 0;
    for (size_t i = 0; i < nbr; i++)
        open += !br[i].reviewed;
    if (!open)
        return;
    if (!p->nplans)
        return x_no_plan(ctx, p);
    const struct xsvc *svcs;
    size_t nsvc = x_services(ctx, p, &svcs), nbg = 0;
    const char **names = arena_alloc(rule_arena(ctx), (nsvc + 1) * sizeof(*names));
    for (size_t i = 0; i < nsvc; i++)
        if (x_blue_green(&svcs[i]))
            names[nbg++] = svc_name(&svcs[i]);
    if (!nbg) {
        for (size_t i = 0; i < nsvc; i++) {
            if (svcs[i].ctl != XCTL_UNKNOWN)
                continue;
            struct anchor a = plan_anchor(svcs[i].r, svcs[i].ctl_path);
            rule_report_other(ctx, "infralint/unverifiable", &a, NULL,
                              "the deployment controller of %s is known only after apply: "
                              "whether the migrations of the change must stay backward "
                              "compatible during a blue/green deploy cannot be checked",
                              svcs[i].r->address);
        }
        return;
    }
    const struct xdeploy *deps;
    size_t ndep = x_deploys(ctx, p, &deps);
    const char *list = x_names(ctx, names, nbg);
    for (size_t i = 0; i < nbr; i++) {
        const struct xbreak *b = &br[i];
        struct anchor at = break_anchor(b);
        if (b->reviewed) {
            rule_skip(ctx, &at, NULL,
                      "the sql/ finding is suppressed with a reason: a reviewed expand/contract "
                      "step");
            continue;
        }
        rule_report(ctx, &at,
                    "expand/contract: keep what the running version uses until a later release "
                    "(add the new, backfill, switch, then remove); once the expand steps are "
                    "released, suppress the sql/ finding with the reason",
                    "migration %s %s while %s %s %s blue/green: %s", b->migration,
                    x_break_text(ctx, b), nbg > 1 ? "services" : "service", list,
                    nbg > 1 ? "deploy" : "deploys", blue_consequence(b->f->rule));
        for (size_t k = 0; k < nsvc; k++) {
            const struct xsvc *sv = &svcs[k];
            if (!x_blue_green(sv))
                continue;
            struct anchor pa = plan_anchor(sv->r, sv->ctl_path);
            rule_related(ctx, &pa, "service %s deploys blue/green (%s)", svc_name(sv),
                         x_ctl_text(sv->ctl));
            for (size_t d = 0; d < ndep; d++) {
                if (!x_deploy_names(&deps[d], sv))
                    continue;
                struct anchor da = {deps[d].wf->file, deps[d].line, deps[d].col, 0,
                                    deps[d].job->id,  deps[d].path};
                rule_related(ctx, &da, "%s is deployed here", svc_name(sv));
            }
        }
    }
}

/* ---- x/migration-without-release-gate ---- */

/* The migration set a finding's file belongs to, or NULL. */
static const struct mig_set *set_of(const struct project *p, const char *file)
{
    for (size_t i = 0; i < p->nmigs; i++)
        for (size_t k = 0; k < p->migs[i]->n; k++) {
            const struct migration *m = p->migs[i]->v[k];
            if (!strcmp(m->file, file) || (m->down_file && !strcmp(m->down_file, file)))
                return p->migs[i];
        }
    return NULL;
}

/* Do the workflow and the migrations belong to one repository (when both say which)? */
static int same_repo(const struct workflow *wf, const struct mig_set *set)
{
    if (!wf->repo || !set || !set->real_dir)
        return 1;
    size_t n = strlen(wf->repo);
    return !strncmp(set->real_dir, wf->repo, n) && (set->real_dir[n] == '/' || !set->real_dir[n]);
}

static void check_release_gate(struct rule_ctx *ctx, const struct subject *s)
{
    const struct project *p = s->project;
    const struct xbreak *br;
    size_t nbr = x_breaks(ctx, s, &br);
    if (!nbr)
        return;
    const struct xprod *prods;
    size_t nprod = x_prod_deploys(ctx, p, &prods);
    for (size_t i = 0; i < nbr; i++) {
        const struct xbreak *b = &br[i];
        int first = 1; /* one finding per migration file, at its first break */
        for (size_t k = 0; k < i && first; k++)
            first = strcmp(br[k].f->file, b->f->file) != 0;
        if (!first)
            continue;
        const struct mig_set *set = set_of(p, b->f->file);
        const struct xprod *open[16];
        size_t nopen = 0, more = 0;
        for (size_t k = 0; k < nprod; k++) {
            if (prods[k].gated || !same_repo(prods[k].wf, set))
                continue;
            if (nopen < ARRAY_SIZE(open))
                open[nopen++] = &prods[k];
        }
        if (!nopen)
            continue;
        for (size_t k = i + 1; k < nbr; k++)
            more += !strcmp(br[k].f->file, b->f->file);
        struct strbuf what = STRBUF_INIT;
        strbuf_addstr(&what, x_break_text(ctx, b));
        if (b->f->suppressed && b->f->suppressed != SUPP_BASELINE)
            strbuf_addstr(&what, b->reviewed ? " (suppressed with a reason)"
                                             : " (suppressed without a reason)");
        if (more)
            strbuf_addf(&what, " (and %zu more change%s that break%s compatibility)", more,
                        more > 1 ? "s" : "", more > 1 ? "" : "s");
        const struct xprod *x = open[0];
        struct anchor at = break_anchor(b);
        rule_report(ctx, &at,
                    "gate the production deploy: an environment: with required reviewers on the "
                    "deploy job, or start it only by workflow_dispatch, a release or a tag push",
                    "migration %s %s, and %s deploys it to production with no release gate: "
                    "job '%s' runs on %s with no environment:, so the schema change ships "
                    "without anyone approving the release%s",
                    b->migration, what.buf, x->wf->file, x->job->id, x->trigger,
                    nopen > 1 ? " (other workflows too)" : "");
        strbuf_release(&what);
        for (size_t k = 0; k < nopen; k++) {
            struct anchor ja = {open[k]->wf->file,
                                yref_line(open[k]->job->key),
                                yref_col(open[k]->job->key),
                                0,
                                open[k]->job->id,
                                NULL};
            rule_related(ctx, &ja, "job '%s' deploys to production on %s without a release gate",
                         open[k]->job->id, open[k]->trigger);
        }
        for (size_t k = i + 1; k < nbr; k++) {
            if (strcmp(br[k].f->file, b->f->file))
                continue;
            struct anchor ra = break_anchor(&br[k]);
            rule_related(ctx, &ra, "it also %s here", x_break_text(ctx, &br[k]));
        }
    }
}

const struct rule x_migrations_rules[] = {
    {
        .id = "x/blue-green-needs-compatible-migrations",
        .title = "Blue/green services get backward-compatible migrations",
        .severity = SEV_ERROR,
        .kinds = KIND_PROJECT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "blue/green needs backward-compatible migrations",
        .check = check_blue_green,
        .help = "During a blue/green deploy (an ECS service with the CODE_DEPLOY controller, or "
                "ECS's native BLUE_GREEN strategy) the old (blue) and the new (green) tasks "
                "serve traffic side by side against one database, and after a rollback blue "
                "serves alone again. A migration of the change that breaks backward "
                "compatibility — what `sql/drop-column`, `drop-table`, `rename-column`, "
                "`rename-table`, `change-column-type`, `add-required-column`, `set-not-null` "
                "or `truncate` reports — breaks the blue tasks in the middle of the shift. This "
                "rule joins those findings with the plan: it needs the plan JSON in the run (it "
                "says so in `skipped` otherwise), counts the migrations of the change only "
                "(after `released_through` / changed since `--since`), and stays silent on a "
                "sql/ finding suppressed with a reason (a reviewed expand/contract step); one "
                "suppressed without a reason still counts. The finding points at the "
                "migration, with the blue/green services of the plan and the workflow steps "
                "that deploy them as related locations.\n\n"
                "Fix: expand/contract — add the new column or table, write both, backfill, "
                "switch reads, and drop the old one in a later release; once the expand steps "
                "are released, suppress the sql/ finding with the reason.",
    },
    {
        .id = "x/migration-without-release-gate",
        .title = "Schema changes reach production only through a release gate",
        .severity = SEV_WARNING,
        .kinds = KIND_PROJECT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "release gates for schema changes",
        .check = check_release_gate,
        .help = "A change whose migrations break backward compatibility (the sql/ compatibility "
                "findings of the change, suppressed or not: an automatic production deploy "
                "should not carry a schema change anybody had to wave through) must reach "
                "production through a release gate: a `workflow_dispatch`, `release` or "
                "tag-push trigger, or an `environment:` on the deploy job. infralint cannot see "
                "an environment's protection rules (they live in the repository settings): an "
                "`environment:` counts as a gate, so give it required reviewers. The finding "
                "points at the migration (once per file), with the ungated production deploy "
                "jobs as related locations; workflows and migrations are joined per repository. "
                "Where a job deploys comes from the same analysis as the gha/ deploy rules.\n\n"
                "Fix: add `environment: production` (with required reviewers) to the deploy "
                "job, or start production deploys by `workflow_dispatch`, a release or a tag "
                "push only.",
    },
    {0},
};
