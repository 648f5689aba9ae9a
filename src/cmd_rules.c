/* cmd_rules.c — `infralint rules` and `infralint explain RULE`, from the registry table.
 * Titles, help, origins, option texts and file names of Lua policies come from their authors:
 * everything printed for the terminal goes through escape_term (help keeps its line breaks);
 * the JSON listing escapes every character outside ASCII, as the JSON report does. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "infralint/config.h"
#include "infralint/escape.h"
#include "infralint/policy.h"
#include "infralint/rule.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

static char *kinds_text(unsigned kinds)
{
    struct strbuf sb = STRBUF_INIT;
    for (unsigned bit = 1; bit <= KIND_LAST; bit <<= 1)
        if (kinds & bit)
            strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", rule_kind_name((enum rule_kind)bit));
    return strbuf_detach(&sb);
}

static const char *opt_type_text(enum opt_type t)
{
    switch (t) {
    case OPT_INT: return "integer";
    case OPT_NUMBER: return "number";
    case OPT_BOOL: return "boolean";
    case OPT_STRING: return "string";
    default: return "list of strings";
    }
}

static const char *sev_text(const struct rule *r)
{
    return r->severity_note ? r->severity_note : severity_name(r->severity);
}

/* Every rule: the built-in ones, then the policies of the config and of -p (loaded into ps);
 * a new array the caller frees. Load errors go to errs. */
static const struct rule **all_rules(struct cli *c, struct config *cfg, struct policy_set *ps,
                                     struct diag_list *errs, size_t *n)
{
    config_init(cfg);
    char *cpath = c->config ? xstrdup(c->config) : config_find(".");
    if (cpath)
        config_load(cfg, cpath, errs);
    free(cpath);
    policy_set_init(ps, cfg, errs);
    ps->isolate = c->isolate ? POLICY_ISOLATE_PROCESS : POLICY_IN_PROCESS;
    policy_set_load_all(ps, cfg, (char *const *)c->policies, c->npolicies);
    const struct rule **builtin = registry_rules(n);
    const struct rule **all = xcalloc(*n + ps->n + 1, sizeof(*all));
    memcpy(all, builtin, *n * sizeof(*all));
    free(builtin);
    for (size_t i = 0; i < ps->n; i++)
        all[(*n)++] = policy_rule(ps->v[i]);
    return all;
}

static void release_all(struct config *cfg, struct policy_set *ps, struct diag_list *errs)
{
    policy_set_release(ps);
    config_release(cfg);
    diag_release(errs);
}

/* A markdown table cell: escaped for the terminal, '|' escaped so that it stays one cell. */
static void md_cell(struct strbuf *sb, const char *text)
{
    struct strbuf e = STRBUF_INIT;
    escape_term(&e, text);
    for (size_t i = 0; i < e.len; i++) {
        if (e.buf[i] == '|')
            strbuf_addch(sb, '\\');
        strbuf_addch(sb, e.buf[i]);
    }
    strbuf_release(&e);
}

static void rules_markdown(const struct rule *const *rules, size_t n)
{
    puts("| id | severity | scope | persona | checks | what it reports |");
    puts("|---|---|---|---|---|---|");
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char *k = kinds_text(rules[i]->kinds);
        strbuf_reset(&sb);
        strbuf_addstr(&sb, "| `");
        md_cell(&sb, rules[i]->id);
        strbuf_addstr(&sb, "` | ");
        md_cell(&sb, sev_text(rules[i]));
        strbuf_addf(&sb, " | %s | %s | %s | ", rule_scope_name(rules[i]->scope),
                    rule_persona_name(rules[i]->persona), k);
        md_cell(&sb, rules[i]->title);
        strbuf_addstr(&sb, " |");
        puts(sb.buf);
        free(k);
    }
    strbuf_release(&sb);
}

static void rules_json(const struct rule *const *rules, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct rule *r = rules[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(r->id));
        json_object_set_new(o, "title", json_string(r->title));
        json_object_set_new(o, "severity", json_string(severity_name(r->severity)));
        if (r->severity_note)
            json_object_set_new(o, "severity_note", json_string(r->severity_note));
        json_object_set_new(o, "scope", json_string(rule_scope_name(r->scope)));
        json_object_set_new(o, "persona", json_string(rule_persona_name(r->persona)));
        json_t *kinds = json_array();
        for (unsigned bit = 1; bit <= KIND_LAST; bit <<= 1)
            if (r->kinds & bit)
                json_array_append_new(kinds, json_string(rule_kind_name((enum rule_kind)bit)));
        json_object_set_new(o, "kinds", kinds);
        json_object_set_new(o, "origin", json_string(r->origin ? r->origin : ""));
        if (r->security_severity)
            json_object_set_new(o, "security_severity", json_string(r->security_severity));
        json_t *tags = json_array();
        for (const char *const *tag = r->tags; tag && *tag; tag++)
            json_array_append_new(tags, json_string(*tag));
        json_object_set_new(o, "tags", tags);
        json_object_set_new(o, "default_enabled", json_boolean(!(r->flags & RULE_OFF_BY_DEFAULT)));
        json_t *opts = json_array();
        for (const struct rule_option *op = r->options; op && op->name; op++) {
            json_t *x = json_object();
            json_object_set_new(x, "name", json_string(op->name));
            json_object_set_new(x, "type", json_string(opt_type_text(op->type)));
            json_object_set_new(x, "default", json_string(op->def ? op->def : ""));
            json_object_set_new(x, "help", json_string(op->help ? op->help : ""));
            json_array_append_new(opts, x);
        }
        json_object_set_new(o, "options", opts);
        json_object_set_new(o, "help", json_string(r->help));
        json_array_append_new(arr, o);
    }
    json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    putchar('\n');
    json_decref(arr);
}

int cmd_rules(struct cli *c)
{
    const char *fmt = c->nformats ? c->formats[0].name : "text";
    if (c->npaths) {
        fprintf(stderr, "infralint: error: 'rules' takes no paths\n");
        return 2;
    }
    if (strcmp(fmt, "markdown") && strcmp(fmt, "json") && strcmp(fmt, "text")) {
        escape_term_printf(
            stderr, "infralint: error: 'rules' formats are text, json and markdown, not '%s'", fmt);
        return 2;
    }
    struct config cfg;
    struct policy_set ps;
    struct diag_list errs = {0};
    size_t n;
    const struct rule **rules = all_rules(c, &cfg, &ps, &errs, &n);
    if (!strcmp(fmt, "markdown")) {
        rules_markdown(rules, n);
    } else if (!strcmp(fmt, "json")) {
        rules_json(rules, n);
    } else {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < n; i++) {
            const struct rule *r = rules[i];
            strbuf_reset(&sb);
            escape_term(&sb, r->id);
            strbuf_addf(&sb, "%*s %-8s %-7s %-9s ", sb.len < 42 ? (int)(42 - sb.len) : 0, "",
                        r->severity_note ? "varies" : severity_name(r->severity),
                        rule_scope_name(r->scope), rule_persona_name(r->persona));
            escape_term(&sb, r->title);
            if (r->severity_note) {
                strbuf_addstr(&sb, " (");
                escape_term(&sb, r->severity_note);
                strbuf_addch(&sb, ')');
            }
            puts(sb.buf);
        }
        strbuf_release(&sb);
        printf("%zu rules; `infralint explain RULE` for details\n", n);
    }
    fflush(stdout);
    policy_print_errors(stderr, &errs);
    int rc = errs.n ? 2 : 0;
    free(rules);
    release_all(&cfg, &ps, &errs);
    return rc;
}

#define EXPLAIN_WIDTH 80

/* Print words from column col (the cursor is there already), separated by sep and wrapped at
 * EXPLAIN_WIDTH, continuation lines indented to indent; ends the line. */
static void print_wrapped(char *const *words, size_t n, const char *sep, size_t col, size_t indent)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]) + (i + 1 < n ? strlen(sep) : 0);
        if (i && col + 1 + len > EXPLAIN_WIDTH) {
            printf("\n%*s", (int)indent, "");
            col = indent;
        } else if (i) {
            putchar(' ');
            col++;
        }
        printf("%s%s", words[i], i + 1 < n ? sep : "");
        col += len;
    }
    putchar('\n');
}

/* Split text at any of the characters in seps (trimming spaces, dropping empty words). */
static char **split_words(const char *text, const char *seps, size_t *n)
{
    char **v = xcalloc(strlen(text) + 1, sizeof(char *));
    *n = 0;
    for (const char *s = text; *s;) {
        size_t len = strcspn(s, seps);
        const char *b = s, *e = s + len;
        while (b < e && *b == ' ')
            b++;
        while (e > b && e[-1] == ' ')
            e--;
        if (e > b)
            v[(*n)++] = xstrndup(b, (size_t)(e - b));
        s += len + (s[len] != '\0');
    }
    return v;
}

static void free_words(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* One option of explain: on one line when it fits, else its help wrapped and its default on
 * lines of its own (a list, one item after the other). */
static void print_option(const struct rule_option *o)
{
    char *name = escape_term_dup(o->name),
         *def = escape_term_dup(o->def && *o->def ? o->def : "none"),
         *help = escape_term_dup(o->help ? o->help : "");
    struct strbuf line = STRBUF_INIT;
    strbuf_addf(&line, "  %s (%s, default %s): %s", name, opt_type_text(o->type), def, help);
    if (line.len <= EXPLAIN_WIDTH + 20 || strlen(def) <= 24) { /* short defaults stay inline */
        puts(line.buf);
        strbuf_release(&line);
        free(name), free(def), free(help);
        return;
    }
    strbuf_release(&line);
    strbuf_addf(&line, "  %s (%s):", name, opt_type_text(o->type));
    fputs(line.buf, stdout);
    size_t n;
    char **words = split_words(help, " ", &n);
    if (n) {
        putchar(' ');
        print_wrapped(words, n, "", line.len + 1, 6);
    } else {
        putchar('\n');
    }
    free_words(words, n);
    strbuf_release(&line);
    fputs("      default: ", stdout);
    words = o->type == OPT_STRLIST ? split_words(def, ",", &n) : split_words(def, "", &n);
    print_wrapped(words, n, ",", 15, 15);
    free_words(words, n);
    free(name), free(def), free(help);
}

int cmd_explain(struct cli *c)
{
    if (c->npaths != 1) {
        fprintf(stderr, "infralint: error: usage: infralint explain RULE\n");
        return 2;
    }
    struct config cfg;
    struct policy_set ps;
    struct diag_list errs = {0};
    size_t n;
    const struct rule **rules = all_rules(c, &cfg, &ps, &errs, &n);
    const struct rule *r = NULL;
    for (size_t i = 0; i < n && !r; i++)
        if (!strcmp(rules[i]->id, c->paths[0]))
            r = rules[i];
    policy_print_errors(stderr, &errs);
    if (!r) {
        const char **ids = xcalloc(n + 1, sizeof(char *));
        for (size_t i = 0; i < n; i++)
            ids[i] = rules[i]->id;
        const char *near = did_you_mean(c->paths[0], ids, n);
        escape_term_printf(
            stderr, "infralint: error: unknown rule '%s'%s%s%s (`infralint rules` lists them)",
            c->paths[0], near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        free(ids);
        free(rules);
        release_all(&cfg, &ps, &errs);
        return 2;
    }
    free(rules);
    char *k = kinds_text(r->kinds);
    struct strbuf sb = STRBUF_INIT;
    escape_term(&sb, r->id);
    strbuf_addstr(&sb, ": ");
    escape_term(&sb, r->title);
    strbuf_addstr(&sb, "\n\nseverity: ");
    escape_term(&sb, sev_text(r));
    strbuf_addf(&sb, "\nscope:    %s%s\nchecks:   %s\norigin:   ", rule_scope_name(r->scope),
                r->scope == SCOPE_PROD     ? " (only when the environment is production)"
                : r->scope == SCOPE_STAGED ? " (staging and production)"
                                           : " (every environment)",
                k);
    escape_term(&sb, r->origin ? r->origin : "-");
    fputs(sb.buf, stdout);
    putchar('\n');
    printf("persona:  %s%s\n", rule_persona_name(r->persona),
           r->persona == PERSONA_AUDITOR
               ? " (shown with --persona auditor, or when enabled by name)"
           : r->persona == PERSONA_PEDANTIC ? " (shown with --persona pedantic or auditor, or when "
                                              "enabled by name)"
                                            : " (shown by default)");
    if (r->security_severity) {
        double score = atof(r->security_severity);
        printf("security: %s (%s, as GitHub code scanning ranks it)\n", r->security_severity,
               score >= 9.0   ? "critical"
               : score >= 7.0 ? "high"
               : score >= 4.0 ? "medium"
                              : "low");
    }
    if (r->tags && r->tags[0]) {
        struct strbuf t = STRBUF_INIT;
        for (const char *const *tag = r->tags; *tag; tag++)
            strbuf_addf(&t, "%s%s", tag == r->tags ? "" : ", ", *tag);
        escape_term_printf(stdout, "tags:     %s", t.buf);
        strbuf_release(&t);
    }
    if (policy_is_policy(r))
        escape_term_printf(stdout, "policy:   %s:%u", policy_file(r->data), policy_line(r->data));
    if (r->flags & RULE_OFF_BY_DEFAULT)
        puts("enabled:  no, unless turned on (--enable, config, or the option that owns it)");
    free(k);
    if (r->options && r->options->name) {
        puts("options:");
        for (const struct rule_option *o = r->options; o->name; o++)
            print_option(o);
    }
    strbuf_reset(&sb);
    escape_term_keep(&sb, r->help, "\n"); /* markdown paragraphs stay paragraphs */
    printf("\n%s\n", sb.buf);
    strbuf_release(&sb);
    int rc = errs.n ? 2 : 0;
    release_all(&cfg, &ps, &errs);
    return rc;
}
