/* gha_event_data.h — data: the activity types (`types:`) of each event that can start a
 * workflow, and the filters each event accepts (rules/gha_event_data.c says where they come
 * from and when they were compared). Event names themselves are gha/unknown-name's table. */
#ifndef INFRALINT_GHA_EVENT_DATA_H
#define INFRALINT_GHA_EVENT_DATA_H

#include <stddef.h>

enum gha_filter {
    GHA_F_TYPES = 1u << 0,    /* types: */
    GHA_F_BRANCHES = 1u << 1, /* branches:, branches-ignore: */
    GHA_F_TAGS = 1u << 2,     /* tags:, tags-ignore: */
    GHA_F_PATHS = 1u << 3,    /* paths:, paths-ignore: */
    GHA_F_WORKFLOWS = 1u << 4 /* workflows: (workflow_run) */
};

struct gha_event_info {
    const char *event;
    const char *types; /* comma-separated activity types; "" none; NULL any (custom) */
    unsigned filters;  /* enum gha_filter bits the event accepts */
};

/* Sorted by event name. */
extern const struct gha_event_info gha_event_data[];
extern const size_t gha_event_data_n;
/* Where the table comes from, and the day it was compared with it. */
extern const char gha_event_data_source[];

/* The entry of an event (exact name), or NULL. */
const struct gha_event_info *gha_event_info(const char *event);

#endif
