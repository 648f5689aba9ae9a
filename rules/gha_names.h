/* gha_names.h — data: the names GitHub Actions defines, as gha/unknown-name knows them. GitHub
 * adds runner images and permission scopes often and retires images twice a year: update the
 * lists here (one edit), and the date below, after comparing them with:
 *   runner labels      https://docs.github.com/en/actions/reference/runners/github-hosted-runners
 *                      (standard and larger runners) and the announcements of
 *                      https://github.com/actions/runner-images (retirements: macos-13 on
 *                      2025-12-04, macos-14 on 2026-11-02, windows-2019 on 2025-06-30,
 *                      ubuntu-20.04 on 2025-04-15)
 *   permission scopes  https://docs.github.com/en/actions/reference/workflows-and-actions/
 *                      workflow-syntax#permissions
 *   events             https://docs.github.com/en/actions/reference/workflows-and-actions/
 *                      events-that-trigger-workflows
 * Labels are globs; the self-hosted defaults (self-hosted, linux, windows, macos, x64, arm,
 * arm64) are listed too. A name dropped here becomes a finding on every workflow that uses it:
 * drop a runner image only once GitHub has retired it. */
#ifndef INFRALINT_GHA_NAMES_H
#define INFRALINT_GHA_NAMES_H

/* The day the lists were last compared with GitHub's documentation. */
#define GHA_NAMES_CHECKED "2026-12-07"

/* GitHub-hosted runner labels (standard, larger macOS) and the self-hosted defaults. */
#define GHA_RUNNER_LABELS                                                                          \
    "ubuntu-latest,"                                                                               \
    "ubuntu-26.04,"                                                                                \
    "ubuntu-24.04,"                                                                                \
    "ubuntu-22.04,"                                                                                \
    "ubuntu-26.04-arm,"                                                                            \
    "ubuntu-24.04-arm,"                                                                            \
    "ubuntu-22.04-arm,"                                                                            \
    "ubuntu-slim,"                                                                                 \
    "windows-latest,"                                                                              \
    "windows-2025,"                                                                                \
    "windows-2025-vs2026,"                                                                         \
    "windows-2022,"                                                                                \
    "windows-11-arm,"                                                                              \
    "macos-latest,"                                                                                \
    "macos-26,"                                                                                    \
    "macos-15,"                                                                                    \
    "macos-26-intel,"                                                                              \
    "macos-15-intel,"                                                                              \
    "macos-latest-large,"                                                                          \
    "macos-26-large,"                                                                              \
    "macos-15-large,"                                                                              \
    "macos-latest-xlarge,"                                                                         \
    "macos-26-xlarge,"                                                                             \
    "macos-15-xlarge,"                                                                             \
    "self-hosted,"                                                                                 \
    "linux,"                                                                                       \
    "windows,"                                                                                     \
    "macos,"                                                                                       \
    "x64,"                                                                                         \
    "arm,"                                                                                         \
    "arm64"

/* GITHUB_TOKEN permission scopes. */
#define GHA_PERMISSION_SCOPES                                                                      \
    "actions,"                                                                                     \
    "artifact-metadata,"                                                                           \
    "attestations,"                                                                                \
    "checks,"                                                                                      \
    "code-quality,"                                                                                \
    "contents,"                                                                                    \
    "deployments,"                                                                                 \
    "discussions,"                                                                                 \
    "id-token,"                                                                                    \
    "issues,"                                                                                      \
    "models,"                                                                                      \
    "packages,"                                                                                    \
    "pages,"                                                                                       \
    "pull-requests,"                                                                               \
    "repository-projects,"                                                                         \
    "security-events,"                                                                             \
    "statuses,"                                                                                    \
    "vulnerability-alerts"

/* Events that can start a workflow. */
#define GHA_EVENTS                                                                                 \
    "branch_protection_rule,"                                                                      \
    "check_run,"                                                                                   \
    "check_suite,"                                                                                 \
    "create,"                                                                                      \
    "delete,"                                                                                      \
    "deployment,"                                                                                  \
    "deployment_status,"                                                                           \
    "discussion,"                                                                                  \
    "discussion_comment,"                                                                          \
    "fork,"                                                                                        \
    "gollum,"                                                                                      \
    "image_version,"                                                                               \
    "issue_comment,"                                                                               \
    "issues,"                                                                                      \
    "label,"                                                                                       \
    "merge_group,"                                                                                 \
    "milestone,"                                                                                   \
    "page_build,"                                                                                  \
    "project,"                                                                                     \
    "project_card,"                                                                                \
    "project_column,"                                                                              \
    "public,"                                                                                      \
    "pull_request,"                                                                                \
    "pull_request_review,"                                                                         \
    "pull_request_review_comment,"                                                                 \
    "pull_request_target,"                                                                         \
    "push,"                                                                                        \
    "registry_package,"                                                                            \
    "release,"                                                                                     \
    "repository_dispatch,"                                                                         \
    "schedule,"                                                                                    \
    "status,"                                                                                      \
    "watch,"                                                                                       \
    "workflow_call,"                                                                               \
    "workflow_dispatch,"                                                                           \
    "workflow_run"

#endif
