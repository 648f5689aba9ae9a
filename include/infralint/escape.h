/* escape.h — one place that makes text from the inputs safe for each output it reaches.
 * Job ids, file names, SQL quoted identifiers, messages built from input: none of it was written
 * for a terminal, a CI log or an XML parser, so every reporter passes each such field through
 * the function of its format. Shared rule: control characters (C0, DEL, C1), the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C, U+200E, U+200F), the line and
 * paragraph separators U+2028/U+2029 and bytes that are not UTF-8 never pass raw; they are shown
 * as `\x1b`, `\u202e`, `\n`… (except where a format has its own exact escape, named below).
 * JSON has its own writer (jsonw.h). Every function appends to out (escape_term_printf writes
 * to a stream); NULL appends nothing. */
#ifndef INFRALINT_ESCAPE_H
#define INFRALINT_ESCAPE_H

#include <stdio.h>

#include "strbuf.h"
#include "util.h"

/* Terminal text (text format, --list-inputs): the shared rule; nothing else changes. */
void escape_term(struct strbuf *out, const char *s);
/* A new string holding escape_term(s) (NULL gives NULL). */
char *escape_term_dup(const char *s);
/* Terminal text with a layout of its own: escape_term, except that the ASCII control
 * characters listed in keep pass raw ("\n" for a policy's help, "\t" for print's separators). */
void escape_term_keep(struct strbuf *out, const char *s, const char *keep);
/* One line on out: fmt formatted, the whole of it through escape_term, then a newline — for
 * messages that quote file names, arguments or policy text (the format holds no controls). */
void escape_term_printf(FILE *out, const char *fmt, ...) IL_PRINTF(2, 3);
/* GitHub workflow command data (the message): '%', CR and LF exactly as @actions/core's
 * escapeData (%25, %0D, %0A), then the shared rule for the other characters. */
void escape_gh_data(struct strbuf *out, const char *s);
/* GitHub workflow command property (file=, title=): escapeProperty's '%', CR, LF, ':' and ','
 * (%25, %0D, %0A, %3A, %2C), then the shared rule. */
void escape_gh_property(struct strbuf *out, const char *s);
/* XML 1.0 character data: & < > as entities (so "]]>" cannot appear), CR as &#13;, TAB and LF
 * kept; characters XML 1.0 forbids (and the others of the shared rule) shown as `\x1b`…. */
void escape_xml_text(struct strbuf *out, const char *s);
/* XML 1.0 attribute value (double-quoted): as text, plus '"' and TAB, LF, CR as references. */
void escape_xml_attr(struct strbuf *out, const char *s);
/* A relative file path as a URI reference (RFC 3986): every byte outside A-Z a-z 0-9 - . _ ~ /
 * percent-encoded (so spaces, '%', '#', '?', controls and non-ASCII bytes are). */
void escape_uri_path(struct strbuf *out, const char *s);

#endif
