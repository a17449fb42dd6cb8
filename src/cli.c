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

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: amdiommuctl [GLOBAL OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Show what the Linux AMD IOMMU driver chose for each device and IOMMU.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < ncommands; i++)
		fprintf(f, "  %-14s %-9s %s\n", commands[i]->name, commands[i]->args,
			commands[i]->summary);
	fprintf(f,
		"\n"
		"Global options:\n"
		"  -j, --json        print JSON (schema_version 1)\n"
		"  -p, --pretty      print indented JSON (implies --json)\n"
		"      --root DIR    read a captured host tree under DIR; never write\n"
		"      --snapshot FILE  replay a file written by 'amdiommuctl snapshot'\n"
		"  -v, --verbose     more detail in tables\n"
		"  -h, --help        show this help, or a command's help\n"
		"  -V, --version     show the version\n"
		"\n"
		"Exit status: 0 ok, 1 error, 2 usage, 3 partial data, 4 not supported.\n"
		"Run 'amdiommuctl COMMAND --help' for a command's options; see amdiommuctl(8).\n");
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

/* 1: --help, 2: --version, 0 other global options, -1 not a global option */
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
		r->root = arg;
		return 0;
	case OPT_SNAPSHOT:
		r->snapshot = arg;
		return 0;
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
		if (h < 0) {
			cmd_fail(r, EXIT_USAGE, 0, "%s: unknown or incomplete option '%s': see 'amdiommuctl %s --help'",
				 c->name, argv[optind - 1], c->name);
			return 16 + EXIT_USAGE;
		}
		if (h == 2)
			return 2;
		help |= h;
	}
	*argcp = argc - optind;
	*argvp = argv + optind;
	return help;
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

		if (h < 0)
			return cmd_fail(r, EXIT_USAGE, 0, "unknown or incomplete option '%s': see 'amdiommuctl --help'",
					argv[optind - 1]);
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
		usage(stdout);
		return EXIT_OK;
	}
	c = find_cmd(argc - optind, argv + optind, &used);
	if (!c) {
		if (is_group_word(argv[optind]))
			return cmd_fail(r, EXIT_USAGE, 0, "'%s' needs an object%s%s: see 'amdiommuctl --help'",
					argv[optind], optind + 1 < argc ? ", not " : "",
					optind + 1 < argc ? argv[optind + 1] : "");
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
