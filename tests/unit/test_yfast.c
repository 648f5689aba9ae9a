/* test_yfast.c — the YAML fast path gives libyaml's events exactly (types, start and end marks,
 * values, styles), or declines: on hand-written cases, every YAML file under testdata/, the
 * shared corpus's workflows ("skipped" when absent) and 30,000 mutations of them. It must also
 * take most real workflows, or it would be pointless. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>

#include "../fuzz/yfast_diff.h"
#include "check.h"
#include "infralint/util.h"

static int mismatches, taken, declined;

/* Compare the fast path with libyaml on one text; 1 when the fast path took it. */
static int compare(const char *what, const char *s, size_t len)
{
    struct yfast_diff d = yfast_diff_text(s, len);
    if (!d.taken) {
        declined++;
        return 0;
    }
    taken++;
    if (d.why && mismatches < 5)
        printf("FAIL %s: %s at libyaml's event %zu (line %zu, column %zu)\n", what, d.why, d.event,
               d.line, d.col);
    mismatches += d.why != NULL;
    return 1;
}

static const char *const cases[] = {
    "name: ci\non:\n  push:\n    branches: [main, \"rel/*\"]\n# c\njobs:\n  build:\n"
    "    runs-on: ubuntu-latest\n    steps:\n    - uses: a/b@v1  # pin\n      with:\n        x: 1\n"
    "    - run: |\n        echo hi\n\n        echo  there\n\n  other:\n    steps:\n"
    "      - run: >-\n          a\n          b\n\n          c\n",
    "a:\nb: # c\n  \nc:\n  - \n  -\n  - x\nd: {x: 1, y: [a, \"b\"], z: }\ne: [ ]\n"
    "f: \"q \\\" x\"\ng: 'it''s'\nh: a:b #x\ni: x y  \n",
    "---\nkey: value",
    "--- # doc\nk: v\n",
    "k: |+\n  a\n\n\nn: 1\n",
    "k: >\n  a\n   b\n  c\n\n  d\n",
    "k: |2-\n    x\n  y\n",
    "- a\n- b: c\n  d: e\n-\n  f: g\n- - h\n",
    "k:\n  v\n",
    "k: v\n  w\n",
    "k: \"\\u00e9\\x41\\t\\N\"\nl: \"\\q\"\n",
    "k: &a v\nl: *a\n",
    "k: !!str v\n",
    "? k\n: v\n",
    "k: [a,\n  b]\n",
    "k: 'multi\n  line'\n",
    "k:\tv\n",
    "k: v\r\n",
    "\xef\xbb\xbfk: v\n",
    "k: v\n...\n",
    "k: v\n---\nl: w\n",
    "   k: v\n   l: w\n",
    "k: v\nl: [a, {b: c, d: [e]}, 'f']\n",
    "k: {a: [1, 2], b: }\n",
    "k: [a,]\n",
    "k: [a: b]\n",
    "emoji: \"\xf0\x9f\x9a\x80 deploy\"\nname: \xc3\xa9t\xc3\xa9 # caf\xc3\xa9\n",
    "k: |\n  \xc3\xa9\n  x\n",
    "",
    "# only a comment\n",
    "k:",
    "k: v",
    "k: |",
    "k: |\n",
    "k: |\n  a",
    "k: >+\n\n  a\n\n",
    "- \n-",
    "k:\n- a\n- b\nl: c\n",
    "k:\n  - a\n  -\n  - c\n",
    "on: [push, pull_request]\n",
    "k: a #c\n  # more\nl: b\n",
    "k: v # c\n\n\n",
    "a:\n  b:\n    c:\n      d: e\nf: g\n",
    "k: '#x'\nl: \"a: b\"\nm: a:b\nn: -1\no: http://x.y/z?q=1#f\n",
    "k: [\"a\", 'b''c', d e]\n",
    "k: { a: b }\n",
    "k: v:\n",
    "k: - a\n",
    "k: a: b\n",
    "\"quoted key\": v\n'single': w\n",
    "k: |\n\ta\n",
    "k: |\n  a\n\tb\n",
    "k: >\n  a\n\n  b\n   c\n  d\n",
};

static void file(const char *path)
{
    char *buf;
    size_t len;
    if (file_read(path, &buf, &len) == 0) {
        compare(path, buf, len);
        free(buf);
    }
}

/* Every .yml / .yaml file under dir (testdata/ and the corpus). */
static void walk(const char *dir, char ***files, size_t *n, size_t *alloc)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || e->d_name[1] == '.'))
            continue;
        char *path = path_join(dir, e->d_name);
        if (e->d_type == DT_DIR) {
            walk(path, files, n, alloc);
            free(path);
        } else if (ends_with(path, ".yml") || ends_with(path, ".yaml")) {
            ALLOC_GROW(*files, *n + 1, *alloc);
            (*files)[(*n)++] = path;
        } else {
            free(path);
        }
    }
    if (d)
        closedir(d);
}

static uint32_t rnd_state = 88172645u;
static uint32_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

/* Random edits of a file: the fast path must still agree, or decline. */
static void mutate(const char *path, int rounds)
{
    static const char alphabet[] = " \n-:#'\"|>[]{},&*!?%@`\\\tabc01+.";
    char *buf;
    size_t len;
    if (file_read(path, &buf, &len) != 0)
        return;
    if (!len) {
        free(buf);
        return;
    }
    char *m = malloc(len + 16);
    for (int r = 0; r < rounds; r++) {
        size_t n = len;
        memcpy(m, buf, len);
        int edits = 1 + (int)(rnd() % 3);
        for (int e = 0; e < edits && n; e++) {
            size_t at = rnd() % n;
            char c = alphabet[rnd() % (sizeof(alphabet) - 1)];
            switch (rnd() % 3) {
            case 0: m[at] = c; break;
            case 1:
                memmove(m + at + 1, m + at, n - at);
                m[at] = c;
                n++;
                break;
            default:
                memmove(m + at, m + at + 1, n - at - 1);
                n--;
                break;
            }
        }
        compare(path, m, n);
    }
    free(m);
    free(buf);
}

int main(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char what[32];
        snprintf(what, sizeof(what), "case %zu", i);
        compare(what, cases[i], strlen(cases[i]));
    }
    CHECK(mismatches == 0);
    CHECK(taken >= 30 && declined >= 15); /* both sides of the line are exercised */

    char **files = NULL;
    size_t n = 0, alloc = 0;
    walk("testdata", &files, &n, &alloc);
    size_t ours = n;
    const char *corpus = "../shared/corpus/workflows";
    DIR *c = opendir(corpus);
    if (c) {
        closedir(c);
        walk(corpus, &files, &n, &alloc);
    } else {
        printf("unit: yfast: shared corpus skipped (no %s)\n", corpus);
    }
    taken = declined = 0;
    for (size_t i = 0; i < n; i++)
        file(files[i]);
    CHECK(mismatches == 0);
    CHECK(n == 0 || taken * 10 >= (int)n * 7); /* it takes most files */
    for (size_t i = 0; i < n; i++)
        mutate(files[i], i < ours ? 20 : 40);
    CHECK(mismatches == 0);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return DONE("yfast");
}
