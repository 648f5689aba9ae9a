/* fuzz_yfast.c — differential libFuzzer harness: whatever text the YAML fast path (src/yfast.c)
 * reads, it reads exactly as libyaml does (events, marks, values, styles); anything else it
 * declines. A difference aborts with what differs and where. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "yfast_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = xmalloc(size + 1); /* the loader's texts end in a NUL, as here */
    memcpy(src, data, size);
    src[size] = '\0';
    struct yfast_diff d = yfast_diff_text(src, size);
    if (d.why) {
        fprintf(stderr, "yfast differs from libyaml: %s at event %zu (line %zu, column %zu)\n",
                d.why, d.event, d.line, d.col);
        abort();
    }
    free(src);
    return 0;
}
