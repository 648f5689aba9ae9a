/* fuzz_yaml.c — libFuzzer harness for the YAML loader (src/ynode.c): any bytes either load into
 * a tree or fail with a positioned diagnostic; never a crash, a hang or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infralint/util.h"
#include "infralint/ynode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_list d = {0};
    struct ydoc doc;
    char *src = xmalloc(size + 1);
    memcpy(src, data, size);
    src[size] = '\0';
    if (ydoc_load(&doc, "fuzz.yml", src, size, &d) == 0 && doc.ndocs) {
        unsigned line, col;
        ydoc_pos(&doc, doc.docs[0]->end, &line, &col);
    }
    ydoc_free(&doc);
    diag_release(&d);
    free(src);
    return 0;
}
