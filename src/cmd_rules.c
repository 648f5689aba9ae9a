/* cmd_rules.c — `infralint rules` and `infralint explain RULE`, from the registry table. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "infralint/rule.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

static char *kinds_text(unsigned kinds)
{
    struct strbuf sb = STRBUF_INIT;
    for (unsigned bit = 1; bit <= KIND_INFRALINT; bit <<= 1)
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

/* The help text's first sentence, for one-line listings. */
static void rules_markdown(const struct rule *const *rules, size_t n)
{
    puts("| id | severity | scope | checks | what it reports |");
    puts("|---|---|---|---|---|");
    for (size_t i = 0; i < n; i++) {
        char *k = kinds_text(rules[i]->kinds);
        printf("| `%s` | %s | %s | %s | %s |\n", rules[i]->id, sev_text(rules[i]),
               rule_scope_name(rules[i]->scope), k, rules[i]->title);
        free(k);
    }
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
        json_t *kinds = json_array();
        for (unsigned bit = 1; bit <= KIND_INFRALINT; bit <<= 1)
            if (r->kinds & bit)
                json_array_append_new(kinds, json_string(rule_kind_name((enum rule_kind)bit)));
        json_object_set_new(o, "kinds", kinds);
        json_object_set_new(o, "origin", json_string(r->origin ? r->origin : ""));
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
    json_dumpf(arr, stdout, JSON_INDENT(2));
    putchar('\n');
    json_decref(arr);
}

int cmd_rules(struct cli *c)
{
    size_t n;
    const struct rule **rules = registry_rules(&n);
    const char *fmt = c->nformats ? c->formats[0].name : "text";
    if (c->npaths) {
        fprintf(stderr, "infralint: error: 'rules' takes no paths\n");
        free(rules);
        return 2;
    }
    if (!strcmp(fmt, "markdown")) {
        rules_markdown(rules, n);
    } else if (!strcmp(fmt, "json")) {
        rules_json(rules, n);
    } else if (!strcmp(fmt, "text")) {
        for (size_t i = 0; i < n; i++)
            printf("%-42s %-8s %-7s %s\n", rules[i]->id, severity_name(rules[i]->severity),
                   rule_scope_name(rules[i]->scope), rules[i]->title);
        printf("%zu rules; `infralint explain RULE` for details\n", n);
    } else {
        fprintf(stderr, "infralint: error: 'rules' formats are text, json and markdown, not '%s'\n",
                fmt);
        free(rules);
        return 2;
    }
    free(rules);
    return 0;
}

int cmd_explain(struct cli *c)
{
    if (c->npaths != 1) {
        fprintf(stderr, "infralint: error: usage: infralint explain RULE\n");
        return 2;
    }
    size_t n;
    const struct rule **rules = registry_rules(&n);
    const struct rule *r = registry_find(c->paths[0]);
    if (!r) {
        const char **ids = xcalloc(n + 1, sizeof(char *));
        for (size_t i = 0; i < n; i++)
            ids[i] = rules[i]->id;
        const char *near = did_you_mean(c->paths[0], ids, n);
        fprintf(stderr, "infralint: error: unknown rule '%s'", c->paths[0]);
        if (near)
            fprintf(stderr, "; did you mean '%s'?", near);
        fputs(" (`infralint rules` lists them)\n", stderr);
        free(ids);
        free(rules);
        return 2;
    }
    free(rules);
    char *k = kinds_text(r->kinds);
    printf("%s: %s\n\n", r->id, r->title);
    printf("severity: %s\nscope:    %s%s\nchecks:   %s\norigin:   %s\n", sev_text(r),
           rule_scope_name(r->scope),
           r->scope == SCOPE_PROD     ? " (only when the environment is production)"
           : r->scope == SCOPE_STAGED ? " (staging and production)"
                                      : " (every environment)",
           k, r->origin ? r->origin : "-");
    if (r->flags & RULE_OFF_BY_DEFAULT)
        puts("enabled:  no, unless turned on (--enable, config, or the option that owns it)");
    free(k);
    if (r->options && r->options->name) {
        puts("options:");
        for (const struct rule_option *o = r->options; o->name; o++)
            printf("  %s (%s, default %s): %s\n", o->name, opt_type_text(o->type),
                   o->def && *o->def ? o->def : "none", o->help ? o->help : "");
    }
    printf("\n%s\n", r->help);
    return 0;
}
