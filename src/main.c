/* main.c — the command line: one table of commands, one table of options (parsing and --help). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "infralint/escape.h"
#include "infralint/report.h"
#include "infralint/rule.h"
#include "infralint/strbuf.h"
#include "infralint/util.h"

enum opt_id {
    O_FORMAT = 1,
    O_OUTPUT,
    O_ENV,
    O_CONFIG,
    O_FAIL_ON,
    O_ENABLE,
    O_DISABLE,
    O_NO_INLINE,
    O_STRICT,
    O_VERBOSE,
    O_LIST_INPUTS,
    O_COLOR,
    O_QUIET,
    O_VERSION,
    O_HELP,
    O_SINCE,
    O_POLICY,
    O_DEBUG,
    O_ISOLATE,
    O_COVERAGE,
    O_FILES_ONLY,
    O_SARIF_SUPPRESSED,
    O_BASELINE,
    O_WRITE_BASELINE,
    O_PERSONA
};

struct option_desc {
    char shrt;
    const char *lng;
    const char *arg; /* NULL: a flag */
    enum opt_id id;
    const char *help;
};

static const struct option_desc options[] = {
    {'f', "format", "FMT[=FILE]", O_FORMAT,
     "output format (repeatable: -f text -f json=out.json):"}, /* + the reporter names */
    {'o', "output", "FILE", O_OUTPUT, "write the report to FILE instead of standard output"},
    {'e', "env", "NAME", O_ENV, "environment name (overrides config, workspace, variables, tags)"},
    {'c', "config", "FILE", O_CONFIG,
     "configuration file (default: .infralint.yaml, searched upward; /dev/null: none)"},
    {'p', "policy", "PATH", O_POLICY, "load Lua policies from a file or directory (repeatable)"},
    {0, "fail-on", "LEVEL", O_FAIL_ON,
     "exit 1 on findings at or above: error, warning, note, never"},
    {0, "enable", "RULE", O_ENABLE, "enable a rule (id or glob), even one that is off by default"},
    {0, "disable", "RULE", O_DISABLE, "disable a rule (id or glob)"},
    {0, "since", "REF", O_SINCE,
     "check only the migrations changed since the git ref REF (git diff --name-only REF)"},
    {0, "no-inline-ignores", NULL, O_NO_INLINE, "ignore every inline infralint:ignore comment"},
    {0, "baseline", "FILE", O_BASELINE,
     "report only findings not recorded in FILE (config: baseline)"},
    {0, "write-baseline", "FILE", O_WRITE_BASELINE,
     "record the findings of this run in FILE as the baseline of existing debt"},
    {0, "persona", "NAME", O_PERSONA,
     "regular (default: confident findings), pedantic (+ hygiene), auditor (all)"},
    {0, "strict", NULL, O_STRICT,
     "also report suppressions and baseline entries that matched nothing "
     "(infralint/unused-ignore)"},
    {0, "verbose", NULL, O_VERBOSE,
     "also list suppressed and baselined findings, and checks skipped on unknown values"},
    {0, "list-inputs", NULL, O_LIST_INPUTS, "show how every file was classified, then stop"},
    {0, "sarif-suppressed", NULL, O_SARIF_SUPPRESSED,
     "SARIF: keep suppressed findings, marked with suppressions (code scanning shows them open)"},
    {0, "files-only", NULL, O_FILES_ONLY,
     "report only on the files named (pre-commit batches): no repository-level findings"},
    {0, "color", "WHEN", O_COLOR, "color the text report: auto, always, never"},
    {'q', "quiet", NULL, O_QUIET, "print only findings and input errors"},
    {0, "debug", NULL, O_DEBUG, "print what Lua policies print(), and their tracebacks, on stderr"},
    {0, "isolate", "MODE", O_ISOLATE,
     "process: run each policy check in a worker with CPU and memory rlimits"},
    {0, "coverage", NULL, O_COVERAGE,
     "with test: also fail policies without a triggering and a silent case"},
    {'V', "version", NULL, O_VERSION, "print the version"},
    {'h', "help", NULL, O_HELP, "print this help (infralint help COMMAND: one command's)"},
};

static int cmd_help(struct cli *c);

/* The options a command reads; the list ends with 0. */
static const enum opt_id rules_opts[] = {O_FORMAT, O_CONFIG, O_POLICY, O_HELP, 0};
static const enum opt_id explain_opts[] = {O_CONFIG, O_POLICY, O_HELP, 0};
static const enum opt_id test_opts[] = {O_CONFIG, O_COVERAGE, O_ISOLATE, O_DEBUG, O_HELP, 0};
static const enum opt_id help_opts[] = {0};

struct command {
    const char *name;
    int (*run)(struct cli *c);
    const char *usage;       /* one line: synopsis and what it does */
    const char *about;       /* for `infralint help COMMAND` */
    const enum opt_id *opts; /* NULL: every option but those of test alone */
};

static const struct command commands[] = {
    {"check", cmd_check,
     "infralint [check] [options] [PATH ...]   check files and directories (default .; - reads "
     "plan JSON from stdin)",
     "Check Terraform plan JSON, .terraform/ directories, GitHub Actions workflows and goose\n"
     "migrations found under each PATH (a directory is walked; a file named is read whatever its\n"
     "name), against the built-in rules and the Lua policies of the configuration and -p. 'check'\n"
     "may be left out: the first argument is a command only if it is a command name.",
     NULL},
    {"rules", cmd_rules, "infralint rules [--format text|json|markdown]   list every rule",
     "List every rule: the built-in ones, then the Lua policies of the configuration and -p.",
     rules_opts},
    {"explain", cmd_explain, "infralint explain RULE   show a rule's documentation",
     "Show one rule's documentation: severity, scope, origin, options and their defaults, why it\n"
     "matters and how to fix what it reports.",
     explain_opts},
    {"test", cmd_test, "infralint test [--coverage] [PATH ...]   run Lua policy tests (*_test.lua)",
     "Run the test cases of Lua policies (*_test.lua under each PATH, default .) and print one\n"
     "line per failure, then 'N passed, N failed'.",
     test_opts},
    {"help", cmd_help, "infralint help [COMMAND]   this help, or one command's",
     "Print the help of infralint, or of one command (as 'infralint COMMAND --help' does).",
     help_opts},
};

static const struct command *find_command(const char *name)
{
    for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
        if (!strcmp(name, commands[k].name))
            return &commands[k];
    return NULL;
}

/* Does the command read the option? */
static int command_takes(const struct command *cmd, enum opt_id id)
{
    if (!cmd->opts)
        return id != O_COVERAGE;
    for (const enum opt_id *o = cmd->opts; *o; o++)
        if (*o == id)
            return 1;
    return 0;
}

/* The command name closest to word, or NULL. */
static const char *near_command(const char *word)
{
    const char *names[ARRAY_SIZE(commands)];
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        names[i] = commands[i].name;
    return did_you_mean(word, names, ARRAY_SIZE(commands));
}

/* "check, rules, explain, test, help" */
static void command_names(struct strbuf *sb)
{
    for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
        strbuf_addf(sb, "%s%s", k ? ", " : "", commands[k].name);
}

static const char exit_text[] =
    "\nexit status: 0 nothing at or above --fail-on (default warning), 1 findings at or above "
    "it,\n2 usage error, unreadable or unparsable input, or a broken policy (every other "
    "input\nand policy is still checked)\n";

static void print_option(FILE *out, const struct option_desc *o, int listing)
{
    char left[64];
    if (o->shrt)
        snprintf(left, sizeof(left), "-%c, --%s%s%s", o->shrt, o->lng, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    else
        snprintf(left, sizeof(left), "    --%s%s%s", o->lng, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    if (listing && o->id == O_FORMAT) {
        fprintf(out, "  %-28s %s\n", left, "listing format: text, json, markdown");
        return;
    }
    fprintf(out, "  %-28s %s", left, o->help);
    if (o->id == O_FORMAT) {
        struct strbuf names = STRBUF_INIT;
        report_names(&names);
        fprintf(out, " %s", names.buf);
        strbuf_release(&names);
    }
    fputc('\n', out);
}

static void usage(FILE *out)
{
    fputs("infralint — static analysis of Terraform plans, GitHub Actions workflows and goose "
          "migrations\n\nusage:\n",
          out);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(out, "  %s\n", commands[i].usage);
    fputs("\noptions:\n", out);
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        print_option(out, &options[i], 0);
    fputs(exit_text, out);
}

/* `infralint help COMMAND`, `infralint COMMAND --help`. */
static void command_usage(FILE *out, const struct command *cmd)
{
    const char *gap = strstr(cmd->usage, "   ");
    int synopsis = gap ? (int)(gap - cmd->usage) : (int)strlen(cmd->usage);
    fprintf(out, "usage: %.*s\n\n%s\n", synopsis, cmd->usage, cmd->about);
    int any = 0;
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        if (options[i].id != O_HELP && options[i].id != O_VERSION &&
            command_takes(cmd, options[i].id)) {
            if (!any++)
                fputs("\noptions:\n", out);
            print_option(out, &options[i], cmd->run == cmd_rules);
        }
    if (cmd->run == cmd_check)
        fputs(exit_text, out);
}

static int usage_error(const char *fmt, ...) IL_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT; /* it quotes arguments, which a shell glob may have filled */
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    escape_term_printf(stderr, "infralint: error: %s", sb.buf);
    fputs("Try 'infralint --help'.\n", stderr);
    strbuf_release(&sb);
    return 2;
}

static int apply(struct cli *c, enum opt_id id, const char *arg)
{
    switch (id) {
    case O_FORMAT: {
        if (c->nformats == ARRAY_SIZE(c->formats))
            return usage_error("too many --format options");
        struct format_req *f = &c->formats[c->nformats++];
        const char *eq = strchr(arg, '=');
        f->name = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
        f->file = eq ? eq + 1 : NULL;
        if (eq && !eq[1])
            return usage_error("--format '%s' names no file after '='", arg);
        return 0;
    }
    case O_OUTPUT: c->output = arg; return 0;
    case O_ENV: c->env = arg; return 0;
    case O_CONFIG: c->config = arg; return 0;
    case O_FAIL_ON: c->fail_on = arg; return 0;
    case O_SINCE:
        if (!*arg || arg[0] == '-')
            return usage_error("--since needs a git ref (a branch, tag or commit), not '%s'", arg);
        c->since = arg;
        return 0;
    case O_ENABLE:
    case O_DISABLE:
        c->toggles = xreallocarray(c->toggles, c->ntoggles + 1, sizeof(char *));
        c->toggles[c->ntoggles++] = xstrfmt("%c%s", id == O_ENABLE ? '+' : '-', arg);
        return 0;
    case O_NO_INLINE: c->no_inline_ignores = 1; return 0;
    case O_STRICT: c->strict = 1; return 0;
    case O_BASELINE: c->baseline = arg; return 0;
    case O_WRITE_BASELINE: c->write_baseline = arg; return 0;
    case O_VERBOSE: c->verbose = 1; return 0;
    case O_LIST_INPUTS: c->list_inputs = 1; return 0;
    case O_COLOR:
        if (!strcmp(arg, "auto"))
            c->color = -1;
        else if (!strcmp(arg, "always"))
            c->color = 1;
        else if (!strcmp(arg, "never"))
            c->color = 0;
        else
            return usage_error("--color must be auto, always or never, not '%s'", arg);
        return 0;
    case O_QUIET: c->quiet = 1; return 0;
    case O_POLICY:
        c->policies = xreallocarray(c->policies, c->npolicies + 1, sizeof(char *));
        c->policies[c->npolicies++] = arg;
        return 0;
    case O_DEBUG: c->debug = 1; return 0;
    case O_ISOLATE:
        if (!strcmp(arg, "process"))
            c->isolate = 1;
        else if (!strcmp(arg, "none"))
            c->isolate = 0;
        else
            return usage_error("--isolate must be process or none, not '%s'", arg);
        return 0;
    case O_COVERAGE: c->coverage = 1; return 0;
    case O_PERSONA: {
        enum persona p;
        if (rule_persona_parse(arg, &p))
            return usage_error("--persona must be regular, pedantic or auditor, not '%s'", arg);
        c->persona = arg;
        return 0;
    }
    case O_VERSION: printf("infralint %s\n", INFRALINT_VERSION); return -1;
    case O_HELP:
        if (c->command)
            command_usage(stdout, find_command(c->command));
        else
            usage(stdout);
        return -1;
    case O_FILES_ONLY: c->files_only = 1; return 0;
    case O_SARIF_SUPPRESSED: c->sarif_suppressed = 1; return 0;
    }
    return 0;
}

static const struct option_desc *find_long(const char *name, size_t n)
{
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        if (strlen(options[i].lng) == n && !strncmp(options[i].lng, name, n))
            return &options[i];
    return NULL;
}

static int unknown_long(const char *arg)
{
    const char *names[ARRAY_SIZE(options)];
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        names[i] = options[i].lng;
    const char *name = arg + 2;
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(name, "="), name);
    const char *near = did_you_mean(buf, names, ARRAY_SIZE(options));
    escape_term_printf(stderr, "infralint: error: unknown option '--%s'%s%s%s", buf,
                       near ? "; did you mean '--" : "", near ? near : "", near ? "'?" : "");
    fputs("Try 'infralint --help'.\n", stderr);
    return 2;
}

/* A first word that names no command and no existing file, and looks like a command (letters,
 * digits and dashes): `infralint hlep`. */
static int unknown_command(const char *word)
{
    for (const char *p = word; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return 0;
    if (!*word || access(word, F_OK) == 0)
        return 0;
    return 1;
}

static int unknown_command_error(const char *word)
{
    const char *near = near_command(word);
    struct strbuf list = STRBUF_INIT;
    command_names(&list);
    fprintf(stderr, "infralint: error: '%s' is neither a command nor a file or directory", word);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fprintf(stderr, "\ncommands: %s; paths to check must exist\nTry 'infralint help'.\n", list.buf);
    strbuf_release(&list);
    return 2;
}

/* Parse argv; 0 to go on, -1 to stop with status 0 (--help, --version), 2 on usage errors. */
static int parse(struct cli *c, int argc, char **argv)
{
    int i = 1, only_paths = 0;
    if (argc > 1 && find_command(argv[1])) {
        c->command = find_command(argv[1])->name;
        i = 2;
    } else if (argc > 1 && argv[1][0] != '-' && unknown_command(argv[1])) {
        return unknown_command_error(argv[1]);
    }
    c->paths = xcalloc((size_t)argc + 1, sizeof(char *));
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || !strcmp(a, "-")) {
            c->paths[c->npaths++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            only_paths = 1;
            continue;
        }
        const struct option_desc *o = NULL;
        const char *val = NULL;
        if (a[1] == '-') {
            size_t n = strcspn(a + 2, "=");
            o = find_long(a + 2, n);
            if (!o)
                return unknown_long(a);
            if (a[2 + n] == '=')
                val = a + 3 + n;
        } else {
            for (size_t k = 0; k < ARRAY_SIZE(options); k++)
                if (options[k].shrt == a[1])
                    o = &options[k];
            if (!o)
                return usage_error("unknown option '%s'", a);
            if (a[2]) {
                if (!o->arg)
                    return usage_error("option '%s' takes no value", a);
                val = a + 2;
            }
        }
        if (o->arg && !val) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value", a);
            val = argv[++i];
        } else if (!o->arg && val) {
            return usage_error("option '%s' takes no value", a);
        }
        int rc = apply(c, o->id, val);
        if (rc)
            return rc;
    }
    return 0;
}

/* infralint help [COMMAND] */
static int cmd_help(struct cli *c)
{
    if (c->npaths > 1)
        return usage_error("usage: infralint help [COMMAND]");
    if (!c->npaths) {
        usage(stdout);
        return 0;
    }
    const struct command *cmd = find_command(c->paths[0]);
    if (!cmd) {
        const char *near = near_command(c->paths[0]);
        struct strbuf list = STRBUF_INIT;
        command_names(&list);
        escape_term_printf(stderr, "infralint: error: unknown command '%s'%s%s%s (commands: %s)",
                           c->paths[0], near ? "; did you mean '" : "", near ? near : "",
                           near ? "'?" : "", list.buf);
        strbuf_release(&list);
        return 2;
    }
    command_usage(stdout, cmd);
    return 0;
}

int main(int argc, char **argv)
{
    struct cli c;
    memset(&c, 0, sizeof(c));
    c.color = -1;
    c.tf_workspace = getenv("TF_WORKSPACE");
#ifndef INFRALINT_PLAIN_ALLOC
    c.fast_exit = 1; /* nothing is torn down before exit (sanitizer and valgrind builds do) */
#endif
    c.no_color_env = getenv("NO_COLOR") && *getenv("NO_COLOR");
    int rc = parse(&c, argc, argv);
    if (rc == 0) {
        rc = find_command(c.command ? c.command : "check")->run(&c);
    } else if (rc < 0) {
        rc = 0;
    }
    for (size_t i = 0; i < c.nformats; i++)
        free((char *)c.formats[i].name);
    for (size_t i = 0; i < c.ntoggles; i++)
        free((char *)c.toggles[i]);
    free(c.toggles);
    free(c.policies);
    free(c.paths);
    return rc;
}
