// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line: global options, finding the command in the command
 * table, its options (into its own option struct), help texts.  No I/O
 * besides the messages it prints.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

enum { OPT_ROOT = 256, OPT_SNAPSHOT, OPT_CMD = 512 };

static const struct option global_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "snapshot", required_argument, NULL, OPT_SNAPSHOT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};
#define GLOBAL_SHORTOPTS "jpvhV"

/* The name column of --help: the longest command name, at least 14. */
static int name_width(size_t skip)
{
	size_t w = 14;

	for (size_t i = 0; i < ncommands; i++)
		if (strlen(commands[i]->name) > w + skip)
			w = strlen(commands[i]->name) - skip;
	return (int)w;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: amdiommuctl [GLOBAL OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Show what the Linux AMD IOMMU driver chose for each device and IOMMU.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < ncommands; i++)
		fprintf(f, "  %-*s %-9s %s\n", name_width(0), commands[i]->name,
			commands[i]->args, commands[i]->summary);
	fprintf(f,
		"\n"
		"Global options:\n"
		"  -j, --json        print JSON (schema_version %d)\n"
		"  -p, --pretty      print indented JSON (implies --json)\n"
		"      --root DIR    read a captured host tree under DIR; never write\n"
		"      --snapshot FILE  replay a file written by 'amdiommuctl snapshot'\n"
		"  -v, --verbose     more detail (show devices: a record per device); not in JSON\n"
		"  -h, --help        show this help, or a command's help\n"
		"  -V, --version     show the version\n"
		"\n"
		"Exit status: 0 ok, 1 error, 2 usage, 3 partial data, 4 not supported,\n"
		"5 a check failed (check).\n"
		"Run 'amdiommuctl COMMAND --help' for a command's options; see amdiommuctl(8).\n",
		SCHEMA_VERSION);
}

static bool has_opts(const struct command *c)
{
	return c->opts && c->opts[0].name;
}

static void cmd_usage(FILE *f, const struct command *c)
{
	fprintf(f, "Usage: amdiommuctl [GLOBAL OPTIONS] %s%s%s%s\n\n%s\n",
		c->name, has_opts(c) ? " [OPTIONS]" : "", *c->args ? " " : "",
		c->args, c->summary);
	if (has_opts(c)) {
		fprintf(f, "\nOptions:\n");
		for (const struct cmd_opt *o = c->opts; o->name; o++) {
			char left[64], sh[8] = "    ";

			if (o->short_name)
				snprintf(sh, sizeof(sh), "-%c, ", o->short_name);
			snprintf(left, sizeof(left), "%s--%s%s%s%s", sh, o->name,
				 o->has_arg == optional_argument ? "[=" : o->has_arg ? " " : "",
				 o->arg ? o->arg : "", o->has_arg == optional_argument ? "]" : "");
			fprintf(f, "  %-26s %s\n", left, o->help);
		}
	}
	fprintf(f, "\nGlobal options: -j/--json -p/--pretty --root DIR --snapshot FILE -v/--verbose -h/--help\n");
}

/* `show --help`: the commands of a group word. */
static void group_usage(FILE *f, const char *word)
{
	size_t wl = strlen(word);

	fprintf(f, "Usage: amdiommuctl [GLOBAL OPTIONS] %s OBJECT [ARGS]\n\nObjects:\n", word);
	for (size_t i = 0; i < ncommands; i++)
		if (!strncmp(commands[i]->name, word, wl) && commands[i]->name[wl] == ' ')
			fprintf(f, "  %-*s %-9s %s\n", name_width(wl + 1), commands[i]->name + wl + 1,
				commands[i]->args, commands[i]->summary);
	fprintf(f, "\nRun 'amdiommuctl %s OBJECT --help' for an object's options; see amdiommuctl(8).\n", word);
}

/* `amdiommuctl -j help`: the command table for scripts, completions and
 * the tests (every command, its options, whether a snapshot replays it). */
static int help_json(struct run *r)
{
	json_object *o = json_object_new_object(), *cmds = json_object_new_array(), *g;

	json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
	for (size_t i = 0; i < ncommands; i++) {
		const struct command *c = commands[i];
		json_object *co = json_object_new_object(), *opts = json_object_new_array();

		json_add(co, "name", json_object_new_string(c->name));
		json_add(co, "args", json_object_new_string(c->args));
		json_add(co, "summary", json_object_new_string(c->summary));
		json_add(co, "live_only", json_new_bool(c->flags & CMD_LIVE_ONLY));
		json_add(co, "replayed", json_new_bool(c->record != NULL));
		for (const struct cmd_opt *op = c->opts; op && op->name; op++) {
			json_object *oo = json_object_new_object();
			char sh[2] = { op->short_name, 0 };

			json_add(oo, "name", json_object_new_string(op->name));
			json_add(oo, "short", op->short_name ? json_object_new_string(sh) : NULL);
			json_add(oo, "arg", op->has_arg == no_argument ? NULL :
				 json_object_new_string(op->arg ? op->arg : ""));
			json_add(oo, "optional_arg", json_new_bool(op->has_arg == optional_argument));
			json_add(oo, "help", json_object_new_string(op->help));
			json_object_array_add(opts, oo);
		}
		json_add(co, "options", opts);
		json_object_array_add(cmds, co);
	}
	json_add(o, "commands", cmds);
	g = json_object_new_array();
	for (const struct option *op = global_longopts; op->name; op++)
		json_object_array_add(g, json_object_new_string(op->name));
	json_add(o, "global_options", g);
	json_add(o, "unavailable", json_object_new_array());
	render_json(stdout, o, r->pretty);
	json_object_put(o);
	return EXIT_OK;
}

/* Find the command named by the first one or two words of argv. */
static const struct command *find_cmd(int argc, char **argv, int *used)
{
	for (size_t i = 0; i < ncommands; i++) {
		const char *name = commands[i]->name, *sp = strchr(name, ' ');

		if (!sp && !strcmp(argv[0], name)) {
			*used = 1;
			return commands[i];
		}
		if (sp && argc > 1 && !strncmp(argv[0], name, (size_t)(sp - name)) &&
		    !argv[0][sp - name] && !strcmp(argv[1], sp + 1)) {
			*used = 2;
			return commands[i];
		}
	}
	return NULL;
}

static bool is_group_word(const char *w)
{
	for (size_t i = 0; i < ncommands; i++) {
		const char *name = commands[i]->name, *sp = strchr(name, ' ');

		if (sp && !strncmp(w, name, (size_t)(sp - name)) && !w[sp - name])
			return true;
	}
	return false;
}

static int version(void)
{
	printf("amdiommuctl %s\n", PACKAGE_VERSION);
	return EXIT_OK;
}

/* --root DIR and --snapshot FILE: given once, not empty; -1 after a
 * usage error (printed). */
static int set_source(struct run *r, const char **slot, const char *opt, const char *arg)
{
	if (*slot) {
		cmd_fail(r, EXIT_USAGE, 0, "%s given twice ('%s', then '%s'): give it once", opt, *slot, arg);
		return -2;
	}
	if (!*arg) {
		cmd_fail(r, EXIT_USAGE, 0, "%s needs a %s, not an empty string", opt,
			 strcmp(opt, "--root") ? "file" : "directory");
		return -2;
	}
	*slot = arg;
	return 0;
}

/* 1: --help, 2: --version, 0 other global options, -1 not a global option,
 * -2 a usage error already printed */
static int handle_global(struct run *r, int c, const char *arg)
{
	switch (c) {
	case 'p':
		r->pretty = true;
		/* fall through */
	case 'j':
		r->json = true;
		return 0;
	case OPT_ROOT:
		return set_source(r, &r->root, "--root", arg);
	case OPT_SNAPSHOT:
		return set_source(r, &r->snapshot, "--snapshot", arg);
	case 'v':
		r->verbose++;
		return 0;
	case 'V':
		return 2;
	case 'h':
		return 1;
	default:
		return -1;
	}
}

/* Store one command option's value in r->opts; a usage error otherwise. */
static int set_opt(struct run *r, const struct cmd_opt *o, const char *arg)
{
	void *field = (char *)r->opts + o->offset;

	switch (o->type) {
	case CMD_OPT_FLAG:
		*(bool *)field = true;
		return 0;
	case CMD_OPT_STRING:
		*(const char **)field = arg;
		return 0;
	default:
		if (o->parse(arg, field))
			return cmd_fail(r, EXIT_USAGE, -EINVAL, "--%s%s%s%s: want %s", o->name,
					arg ? " '" : "", arg ? arg : "", arg ? "'" : "", o->want);
		return 0;
	}
}

/* The element of argv that held the option getopt could not take: the
 * current one while a cluster of short options is not finished. */
static const char *bad_token(int argc, char **argv)
{
	if (optopt && optind < argc && argv[optind][0] == '-' && argv[optind][1] != '-' &&
	    strchr(argv[optind] + 1, optopt))
		return argv[optind];
	return argv[optind - 1];
}

static int unknown_option(struct run *r, const struct command *c, int argc, char **argv)
{
	const char *tok = bad_token(argc, argv);

	/* "-1:00.0": a PCI address never starts with '-' */
	if (strchr(tok, ':') && tok[1] != '-')
		return cmd_fail(r, EXIT_USAGE, -EINVAL, "'%s' is not a PCI address (SSSS:BB:DD.F or BB:DD.F) nor an option%s%s",
				tok, c ? " of " : "", c ? c->name : "");
	if (c)
		return cmd_fail(r, EXIT_USAGE, 0, "%s: unknown or incomplete option '%s': see 'amdiommuctl %s --help'",
				c->name, tok, c->name);
	return cmd_fail(r, EXIT_USAGE, 0, "unknown or incomplete option '%s': see 'amdiommuctl --help'", tok);
}

/* The getopt tables of @c: the global options, then the command's. */
static void build_opts(const struct command *c, struct option *lo, char *shorts, size_t nshorts)
{
	size_t nlo = 0, l = strlen(GLOBAL_SHORTOPTS);

	memcpy(shorts, GLOBAL_SHORTOPTS, l + 1);
	for (const struct option *g = global_longopts; g->name; g++)
		lo[nlo++] = *g;
	for (int i = 0; c->opts && c->opts[i].name; i++) {
		const struct cmd_opt *o = &c->opts[i];

		lo[nlo++] = (struct option){ o->name, o->has_arg, NULL, OPT_CMD + i };
		if (o->short_name && l + 3 < nshorts) {
			shorts[l++] = o->short_name;
			if (o->has_arg == required_argument)
				shorts[l++] = ':';
			shorts[l] = '\0';
		}
	}
	lo[nlo] = (struct option){ NULL, 0, NULL, 0 };
}

/* The options after the command word(s), global ones included; 1 help,
 * 2 version, 0 done, or an exit code + 16 for an error already printed. */
static int parse_cmd_opts(struct run *r, const struct command *c, int *argcp, char ***argvp)
{
	struct option lo[ARRAY_SIZE(global_longopts) + CMD_MAX_OPTS];
	char shorts[64];
	int argc = *argcp, opt, help = 0;
	char **argv = *argvp;

	build_opts(c, lo, shorts, sizeof(shorts));
	optind = 0; /* a full re-initialisation: permute again from the start */
	while ((opt = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct cmd_opt *o = NULL;
		int h;

		if (opt >= OPT_CMD)
			o = &c->opts[opt - OPT_CMD];
		for (int i = 0; !o && c->opts && c->opts[i].name; i++)
			if (c->opts[i].short_name == opt)
				o = &c->opts[i];
		if (o) {
			if (set_opt(r, o, optarg))
				return 16 + EXIT_USAGE;
			continue;
		}
		h = handle_global(r, opt, optarg);
		if (h == -1)
			unknown_option(r, c, argc, argv);
		if (h < 0)
			return 16 + EXIT_USAGE;
		if (h == 2)
			return 2;
		help |= h;
	}
	*argcp = argc - optind;
	*argvp = argv + optind;
	return help;
}

/* `show --root T dte X`: global options between a group word and its
 * object.  Consumes them and moves the group word next to the object;
 * returns the new index of the group word, or -1 (printed) on an error. */
static int group_globals(struct run *r, int argc, char **argv, int at, int *help)
{
	int n = argc - at, opt;
	char **sub = argv + at;

	optind = 0;
	while ((opt = getopt_long(n, sub, "+" GLOBAL_SHORTOPTS, global_longopts, NULL)) != -1) {
		int h = handle_global(r, opt, optarg);

		if (h == -1)
			unknown_option(r, NULL, n, sub);
		if (h < 0 || h == 2)
			return h == 2 ? -2 : -1;
		*help |= h;
	}
	sub[optind - 1] = sub[0];
	return at + optind - 1;
}

int cli_parse(struct run *r, int *argcp, char ***argvp)
{
	int argc = *argcp, opt, used, help = 0, rc;
	char **argv = *argvp;
	const struct command *c;

	memset(r, 0, sizeof(*r));
	opterr = 0;
	optind = 0; /* a fresh getopt state for every call */
	while ((opt = getopt_long(argc, argv, "+" GLOBAL_SHORTOPTS, global_longopts, NULL)) != -1) {
		int h = handle_global(r, opt, optarg);

		if (h == -1)
			return unknown_option(r, NULL, argc, argv);
		if (h < 0)
			return EXIT_USAGE;
		if (h == 2)
			return version();
		help |= h;
	}
	if (optind >= argc) {
		usage(help ? stdout : stderr);
		return help ? EXIT_OK : EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		if (optind + 1 < argc && (c = find_cmd(argc - optind - 1, argv + optind + 1, &used))) {
			cmd_usage(stdout, c);
			return EXIT_OK;
		}
		if (optind + 1 < argc && is_group_word(argv[optind + 1])) {
			group_usage(stdout, argv[optind + 1]);
			return EXIT_OK;
		}
		if (r->json)
			return help_json(r);
		usage(stdout);
		return EXIT_OK;
	}
	if (is_group_word(argv[optind]) && optind + 1 < argc && argv[optind + 1][0] == '-') {
		int at = group_globals(r, argc, argv, optind, &help);

		if (at == -2)
			return version();
		if (at < 0)
			return EXIT_USAGE;
		optind = at;
	}
	c = find_cmd(argc - optind, argv + optind, &used);
	if (!c) {
		if (is_group_word(argv[optind])) {
			const char *next = optind + 1 < argc ? argv[optind + 1] : NULL;

			if (help || (next && (!strcmp(next, "--help") || !strcmp(next, "-h")))) {
				group_usage(stdout, argv[optind]);
				return EXIT_OK;
			}
			return cmd_fail(r, EXIT_USAGE, 0, "'%s' needs an object%s%s: see 'amdiommuctl %s --help'",
					argv[optind], next ? ", not " : "", next ? next : "", argv[optind]);
		}
		return cmd_fail(r, EXIT_USAGE, 0, "unknown command '%s': see 'amdiommuctl --help'",
				argv[optind]);
	}
	r->cmd = c;
	r->opts = xzalloc(c->opts_size ? c->opts_size : 1);
	if (c->opts_default)
		memcpy(r->opts, c->opts_default, c->opts_size);
	/* argv[0] of the second pass is the last command word */
	argc -= optind + used - 1;
	argv += optind + used - 1;
	rc = parse_cmd_opts(r, c, &argc, &argv);
	if (rc >= 16)
		return rc - 16;
	if (rc == 2)
		return version();
	if (rc || help) {
		cmd_usage(stdout, c);
		return EXIT_OK;
	}
	if (r->root && r->snapshot)
		return cmd_fail(r, EXIT_USAGE, 0, "--root and --snapshot exclude each other");
	*argcp = argc;
	*argvp = argv;
	return -1;
}

void cli_free(struct run *r)
{
	free(r->opts);
	r->opts = NULL;
}
