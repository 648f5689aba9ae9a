/* wf_discover.h — which YAML files are workflows, loading them into the project, and the
 * sibling workflows loaded as context for a workflow named on the command line (private). */
#ifndef INFRALINT_WF_DISCOVER_H
#define INFRALINT_WF_DISCOVER_H

#include "infralint/diag.h"
#include "infralint/project.h"

/* How a YAML file reached the loader. */
enum wf_origin {
    WF_WALKED,   /* met while walking: in .github/workflows/ a workflow; elsewhere only if it
                  * looks like one (else skipped, silently) */
    WF_EXPLICIT, /* named on the command line: a workflow, or an input error */
    WF_CONTEXT   /* a sibling of an explicit one: loaded quietly, never reported on */
};

/* 1 if the file name ends in .yml or .yaml. */
int wf_is_yaml_name(const char *path);
/* Note one file for loading (a file met twice is noted once). Nothing is read yet: errors are
 * reported by wf_discover_finish(), in the order the files were noted (d is unused here). */
void wf_discover_file(struct project *p, const char *path, enum wf_origin o, struct diag_list *d);
/* After every path: note the siblings of explicit workflows as context, read and parse every
 * noted file (on two threads when there are many), take them into the project in order (errors
 * to d; never for context files, nor for files met while walking that are not workflows), then
 * group the workflows by repository and link reusable calls. */
void wf_discover_finish(struct project *p, struct diag_list *d);

#endif
