/* gha_action_meta.h — what infralint knows offline about actions: the metadata (inputs,
 * outputs, runs.using) of the most-used actions at the refs workflows use (one generated table,
 * rules/gha_action_data.c, from the actions' own action.yml files), the `uses:` of a step parsed
 * into action and version, and local actions (`uses: ./path`) read from the repository.
 * Everything here is const data or lives in the caller's arena; nothing is global state. */
#ifndef INFRALINT_GHA_ACTION_META_H
#define INFRALINT_GHA_ACTION_META_H

#include <stddef.h>

struct arena;
struct workflow;

struct gha_action_input {
    const char *name;       /* lowercase: GitHub matches `with:` keys case-insensitively */
    unsigned char required; /* `required: true` */
    unsigned char has_default;
    const char *deprecated; /* the deprecationMessage (one line), or NULL */
};

/* One action (owner/repo[/path], lowercase) at one ref. */
struct gha_action_meta {
    const char *name;
    const char *ref;           /* "v4", "v2.1.0", "HEAD" (the default branch), "./path" (local) */
    const char *release;       /* the release read ("v4.2.2" for the moving tag v4), or NULL */
    int major;                 /* 4; -1 for HEAD and local actions */
    const char *commit, *date; /* where the metadata was read (12 hex digits, YYYY-MM-DD) */
    const char *using;         /* runs.using, lowercase: node20, composite, docker, … */
    const struct gha_action_input *inputs; /* sorted by name */
    size_t ninputs;
    const char *const *outputs; /* sorted, lowercase */
    size_t noutputs;
    const char *const *uses; /* a composite action's steps' `uses:` */
    size_t nuses;
    int inputs_misplaced; /* a local action without top-level `inputs:` but with `on:` (inputs
                           * written as a reusable workflow's): what it takes is unknown */
};

/* The generated table (rules/gha_action_data.c), free of pointers so that loading the program
 * relocates nothing: strings are offsets into gha_action_pool (0: none), lists ranges of
 * gha_action_inputs / gha_action_strs. Records are sorted by name, then major. */
struct gha_input_rec {
    unsigned name;
    unsigned char required, has_default;
    unsigned deprecated;
};
struct gha_action_rec {
    unsigned name, ref, release;
    int major;
    unsigned commit, date, using;
    unsigned inputs, ninputs, outputs, noutputs, uses, nuses;
};
extern const char gha_action_pool[];
extern const struct gha_input_rec gha_action_inputs[];
extern const unsigned gha_action_strs[];
extern const struct gha_action_rec gha_action_data[];
extern const size_t gha_action_data_n;
extern const char gha_action_data_made[]; /* the day it was generated */

/* A step's `uses:` of an action in another repository. */
struct gha_uses {
    char name[160];   /* owner/repo[/path], lowercase */
    char ref[96];     /* as written after '@' */
    int major;        /* from the ref or a `# vN.x.y` comment after a commit SHA; -1 unknown */
    int minor, patch; /* -1 when not written */
    int sha;          /* the ref is a full commit SHA */
};

/* Parse `owner/repo[/path]@ref` (comment: the text after `#` on the same line, or NULL); 0 on
 * success, -1 for a local action, docker://, an expression or a malformed value. */
int gha_uses_parse(const char *uses, const char *comment, struct gha_uses *out);
/* For a commit SHA the table read one of the action's refs at: take that ref's version (over
 * what a `# v…` comment says, which can be stale); 1 when found. */
int gha_uses_commit_version(struct gha_uses *u);
/* The comment after the scalar node ends (`uses: x@sha # v4.1.0`), trimmed; NULL when none.
 * Points into the workflow's source (not NUL-terminated at the line end: *len says). */
const char *gha_line_comment(const struct workflow *wf, size_t end, size_t *len);

/* The versions of an action that a `uses:` can be: the entry of its major version; every entry
 * of the action when the ref says nothing of the version (a branch, a SHA without a version
 * comment); none when the action is not in the table or the major is one it does not have
 * (newer than the table: nothing is decided). The entries are built in arena a, with their
 * inputs only when inputs is set. */
struct gha_action_set {
    const struct gha_action_meta *v[16];
    size_t n;
    int exact; /* one known version */
};
void gha_action_lookup(const struct gha_uses *u, struct arena *a, int inputs,
                       struct gha_action_set *out);

/* Is input name (any case) an input of some version in the set? Its entry in the first
 * version that has it, or NULL. */
const struct gha_action_input *gha_action_input(const struct gha_action_set *s, const char *name);
/* Does every version of the set require name (required and without a default)? */
int gha_action_requires(const struct gha_action_set *s, const char *name);
/* Is output name (any case) an output of some version in the set? */
int gha_action_has_output(const struct gha_action_set *s, const char *name);

/* A local action (`uses: ./path`, relative to the repository root of wf), read and parsed into
 * out (strings in arena a) through file_read; 0 when read, -1 when wf has no repository, the
 * path leaves it, or no action.yml/action.yaml is there or it does not parse. */
int gha_local_action(const struct workflow *wf, const char *uses, struct arena *a,
                     struct gha_action_meta *out);

#endif
