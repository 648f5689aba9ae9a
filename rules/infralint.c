/* infralint.c — rules about infralint's own inputs. Their findings are produced by the engine
 * (src/suppress_apply.c), not by a check function; the descriptors document them and let
 * configuration turn them off or change their severity. */
#include "infralint/rule.h"
#include "rules.h"

const struct rule infralint_rules[] = {
    {
        .id = "infralint/expired-ignore",
        .title = "A config ignore entry is past its expiry date",
        .severity = SEV_WARNING,
        .kinds = KIND_INFRALINT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_REGULAR,
        .origin = "infralint",
        .help = "An `ignore:` entry in `.infralint.yaml` whose `expires` date has passed no longer "
                "suppresses anything: the finding it covered is reported again, and this finding "
                "points at the entry so the decision gets re-reviewed instead of silently living "
                "forever. An entry is valid through its expiry day.\n\n"
                "Fix: fix what the entry covered and delete the entry, or re-review it and set a "
                "new `expires` date with an updated `reason`.",
    },
    {
        .id = "infralint/ignore-without-reason",
        .title = "A suppression gives no reason",
        .severity = SEV_NOTE,
        .kinds = KIND_INFRALINT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .origin = "infralint",
        .help = "An inline `infralint:ignore[rule-id]` comment or a config `ignore:` entry "
                "without a reason still suppresses, but nobody reviewing the change can tell "
                "whether the finding was understood or just silenced.\n\n"
                "Fix: write the reason after the bracket (`# infralint:ignore[gha/job-timeout] "
                "long-running backfill, OPS-123`) or add `reason:` to the config entry.",
    },
    {
        .id = "infralint/unused-ignore",
        .title = "A suppression matched nothing (--strict)",
        .severity = SEV_NOTE,
        .kinds = KIND_INFRALINT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_PEDANTIC,
        .flags = RULE_OFF_BY_DEFAULT,
        .origin = "infralint",
        .help = "With `--strict`, an inline `infralint:ignore[rule-id]` comment or a config "
                "`ignore:` entry that suppressed no finding in this run is reported: the problem "
                "it covered was fixed, or it names the wrong rule or line, and a stale "
                "suppression would silently hide the next finding at that place. So is an entry "
                "of the `--baseline` file that matched no finding although the run checked its "
                "file with its rule (or the file is gone): that debt was paid, and writing the "
                "baseline again shrinks it. Off unless `--strict` is given (or the rule is "
                "enabled in the configuration). With `--no-inline-ignores`, inline comments are "
                "not considered at all.\n\n"
                "Fix: delete the suppression, or correct its rule id or placement (an inline "
                "ignore applies to its own line and the line below); for baseline entries, run "
                "`--write-baseline` again.",
    },
    {
        .id = "infralint/unverifiable",
        .title = "A check cannot be decided offline",
        .severity = SEV_NOTE,
        .kinds = KIND_INFRALINT,
        .scope = SCOPE_ALL,
        .persona = PERSONA_AUDITOR,
        .origin = "infralint",
        .help = "Some facts are only known when GitHub runs the workflow: `environment: ${{ "
                "inputs.env }}` on a job that deploys, a deploy target taken from a value set at "
                "run time, or a reusable workflow of another repository (`uses: "
                "org/repo/.github/workflows/deploy.yml@…`), which infralint cannot read. Rather "
                "than guess (and raise false errors), the rules that depend on such a fact skip "
                "it, and this note says so once, at its place.\n\n"
                "Fix: nothing is wrong as such. To have the place checked, name the value "
                "literally (`environment: production`), offer the choices as a `type: choice` "
                "input, or call a reusable workflow of the same repository "
                "(`uses: ./.github/workflows/deploy.yml`), which infralint follows.",
    },
    {0},
};
