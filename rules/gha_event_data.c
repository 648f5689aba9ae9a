/* gha_event_data.c — data: activity types and filters of the events that start workflows.
 * Source: GitHub's "Events that trigger workflows" (github/docs, content/actions/reference/
 * workflows-and-actions/events-that-trigger-workflows.md at commit 27a52021cd05) and
 * "Workflow syntax" (on.<event>.types, branches, tags, paths, workflows); compared on
 * 2026-12-07 (issues: field_added and field_removed of issue fields, the same day).
 * `pull_request_target` has the activity types of `pull_request` (the same webhook). Update
 * the lists here when GitHub adds activity types; keep them sorted by event. */
#include <stdlib.h>
#include <string.h>

#include "gha_event_data.h"

#define PR_TYPES                                                                                   \
    "assigned,unassigned,labeled,unlabeled,opened,edited,closed,reopened,synchronize,"             \
    "converted_to_draft,locked,unlocked,enqueued,dequeued,milestoned,demilestoned,"                \
    "ready_for_review,review_requested,review_request_removed,auto_merge_enabled,"                 \
    "auto_merge_disabled"

const char gha_event_data_source[] =
    "GitHub's \"Events that trigger workflows\" and \"Workflow syntax\", compared 2026-12-07";

const struct gha_event_info gha_event_data[] = {
    {"branch_protection_rule", "created,edited,deleted", GHA_F_TYPES},
    {"check_run", "created,rerequested,completed,requested_action", GHA_F_TYPES},
    {"check_suite", "completed", GHA_F_TYPES},
    {"create", "", 0},
    {"delete", "", 0},
    {"deployment", "", 0},
    {"deployment_status", "", 0},
    {"discussion",
     "created,edited,deleted,transferred,pinned,unpinned,labeled,unlabeled,locked,unlocked,"
     "category_changed,answered,unanswered",
     GHA_F_TYPES},
    {"discussion_comment", "created,edited,deleted", GHA_F_TYPES},
    {"fork", "", 0},
    {"gollum", "", 0},
    {"image_version", NULL, GHA_F_TYPES},
    {"issue_comment", "created,edited,deleted", GHA_F_TYPES},
    {"issues",
     "opened,edited,deleted,transferred,pinned,unpinned,closed,reopened,assigned,unassigned,"
     "labeled,unlabeled,locked,unlocked,milestoned,demilestoned,typed,untyped,field_added,"
     "field_removed",
     GHA_F_TYPES},
    {"label", "created,edited,deleted", GHA_F_TYPES},
    {"merge_group", "checks_requested", GHA_F_TYPES | GHA_F_BRANCHES},
    {"milestone", "created,closed,opened,edited,deleted", GHA_F_TYPES},
    {"page_build", "", 0},
    {"project", "created,closed,reopened,edited,deleted", GHA_F_TYPES},
    {"project_card", "created,moved,converted,edited,deleted", GHA_F_TYPES},
    {"project_column", "created,updated,moved,deleted", GHA_F_TYPES},
    {"public", "", 0},
    {"pull_request", PR_TYPES, GHA_F_TYPES | GHA_F_BRANCHES | GHA_F_PATHS},
    {"pull_request_review", "submitted,edited,dismissed", GHA_F_TYPES},
    {"pull_request_review_comment", "created,edited,deleted", GHA_F_TYPES},
    {"pull_request_target", PR_TYPES, GHA_F_TYPES | GHA_F_BRANCHES | GHA_F_PATHS},
    {"push", "", GHA_F_BRANCHES | GHA_F_TAGS | GHA_F_PATHS},
    {"registry_package", "published,updated", GHA_F_TYPES},
    {"release", "published,unpublished,created,edited,deleted,prereleased,released", GHA_F_TYPES},
    {"repository_dispatch", NULL, GHA_F_TYPES},
    {"schedule", "", 0},
    {"status", "", 0},
    {"watch", "started", GHA_F_TYPES},
    {"workflow_call", "", 0},
    {"workflow_dispatch", "", 0},
    {"workflow_run", "completed,requested,in_progress",
     GHA_F_TYPES | GHA_F_BRANCHES | GHA_F_WORKFLOWS},
};

const size_t gha_event_data_n = sizeof(gha_event_data) / sizeof(gha_event_data[0]);

static int by_event(const void *key, const void *e)
{
    return strcmp(key, ((const struct gha_event_info *)e)->event);
}

const struct gha_event_info *gha_event_info(const char *event)
{
    return bsearch(event, gha_event_data, gha_event_data_n, sizeof(gha_event_data[0]), by_event);
}
