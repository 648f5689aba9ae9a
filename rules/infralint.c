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
        .origin = "infralint",
        .help = "An inline `infralint:ignore[rule-id]` comment or a config `ignore:` entry "
                "without a reason still suppresses, but nobody reviewing the change can tell "
                "whether the finding was understood or just silenced.\n\n"
                "Fix: write the reason after the bracket (`# infralint:ignore[gha/job-timeout] "
                "long-running backfill, OPS-123`) or add `reason:` to the config entry.",
    },
    {0},
};
