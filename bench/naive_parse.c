/* naive_parse.c — the DESIGN.md yardstick: what a naive jansson program needs to parse a plan
 * (json_load_file, default allocator, ordinary teardown). Built and run by bench/bench.py. */
#include <jansson.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    json_error_t err;
    json_t *root = argc > 1 ? json_load_file(argv[1], 0, &err) : NULL;
    if (!root) {
        fprintf(stderr, "naive_parse: cannot parse\n");
        return 1;
    }
    json_decref(root);
    return 0;
}
