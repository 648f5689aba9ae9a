/* runpos.c — positions of words of `run:` scripts in the workflow file. */
#include <string.h>

#include "runpos.h"

static int bound(char c)
{
    return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' ||
           c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '`';
}

/* Offsets of the bounded occurrences of word in s[0, n) outside `#` comments (a `#` that starts
 * a word begins one, to the end of the line; quotes are not followed: a `#` inside quotes is
 * rare in the commands these findings are about). Up to cap are stored; the count is returned. */
static size_t occurrences(const char *s, size_t n, const char *word, size_t *out, size_t cap)
{
    size_t wl = strlen(word), count = 0;
    int comment = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r') {
            comment = 0;
            continue;
        }
        if (comment)
            continue;
        if (c == '#' && (i == 0 || bound(s[i - 1]))) {
            comment = 1;
            continue;
        }
        if (c != word[0] || i + wl > n || memcmp(s + i, word, wl))
            continue;
        if ((i > 0 && !bound(s[i - 1])) || (i + wl < n && !bound(s[i + wl])))
            continue;
        if (count < cap)
            out[count] = i;
        count++;
        i += wl - 1;
    }
    return count;
}

int runpos_word(const struct workflow *wf, struct yref run, const char *word, size_t k,
                size_t total, unsigned *line, unsigned *col)
{
    *line = yref_line(run);
    *col = yref_col(run);
    const struct ynode *n = run.n;
    if (!n || n->type != YNODE_SCALAR || run.via || !*word || k >= total || k >= 64)
        return -1;
    size_t in_value[64], in_source[64];
    if (occurrences(n->str, n->len, word, in_value, 64) != total)
        return -1;
    size_t from = n->start, to = n->end < wf->len ? n->end : wf->len;
    if (n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED)
        while (from < to && wf->src[from] != '\n' && wf->src[from] != '\r')
            from++; /* the lines below the `|` / `>` header */
    if (from > to || occurrences(wf->src + from, to - from, word, in_source, 64) != total)
        return -1;
    ydoc_pos(&wf->doc, from + in_source[k], line, col);
    return 0;
}
