// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command line: global options, the command table, help texts and
 * cli_parse() (no I/O besides the messages it prints).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "render.h"
#include "util.h"


static const struct cmd_opt no_opts[] = { { NULL } };

static const struct cmd_opt show_devices_opts[] = {
	{ "iommu", 0, required_argument, "NAME", "only devices behind this IOMMU (ivhdN)" },
	{ "group", 0, required_argument, "N", "only devices in IOMMU group N" },
	{ "driver", 0, required_argument, "NAME", "only devices bound to this driver" },
	{ NULL }
};

static const struct cmd_opt alloc_opts[] = {
	[ALLOC_OPT_DEVICE] = { "device", 'd', required_argument, "BDF", "the PCI device to test (bound to vfio-pci, or see --bind-vfio)" },
	[ALLOC_OPT_PASID] = { "pasid", 0, no_argument, NULL, "allocate with IOMMU_HWPT_ALLOC_PASID" },
	[ALLOC_OPT_DIRTY] = { "dirty-tracking", 0, no_argument, NULL, "allocate with IOMMU_HWPT_ALLOC_DIRTY_TRACKING, then enable it" },
	[ALLOC_OPT_NEST] = { "nest-parent", 0, no_argument, NULL, "allocate with IOMMU_HWPT_ALLOC_NEST_PARENT" },
	[ALLOC_OPT_FLAGS] = { "flags", 0, required_argument, "N", "raw IOMMU_HWPT_ALLOC flag bits, added to the above" },
	[ALLOC_OPT_MAP] = { "map", 0, required_argument, "SIZE", "map a test buffer of SIZE bytes (K, M, G suffixes)" },
	[ALLOC_OPT_HOLD] = { "hold", 0, optional_argument, "SECONDS", "keep everything attached until SIGINT/SIGTERM or the timeout" },
	[ALLOC_OPT_BIND] = { "bind-vfio", 0, no_argument, NULL, "bind the device to vfio-pci for the run and restore its driver after" },
	[ALLOC_OPT_YES] = { "yes", 'y', no_argument, NULL, "with --bind-vfio: allow unbinding a device that has a driver" },
	[ALLOC_OPT_DRY_RUN] = { "dry-run", 'n', no_argument, NULL, "with --bind-vfio: print the steps, change nothing" },
	[ALLOC_OPT_MATRIX] = { "matrix", 0, no_argument, NULL, "run every flag set and compare with the driver's rules" },
	{ NULL }
};

static const struct cmd_opt snapshot_opts[] = {
	[SNAPSHOT_OPT_OUTPUT] = { "output", 'o', required_argument, "FILE", "write the snapshot to FILE (default: standard output)" },
	[SNAPSHOT_OPT_INFO] = { "info", 0, required_argument, "FILE", "say when, where and with which kernel FILE was captured" },
	{ NULL }
};

static const struct cmd_opt monitor_opts[] = {
	[MONITOR_OPT_COUNT] = { "count", 0, required_argument, "N", "stop after N events" },
	[MONITOR_OPT_TIMEOUT] = { "timeout", 0, required_argument, "S", "stop after S seconds" },
	{ NULL }
};

const struct cmd commands[] = {
	{ "status", "", "verdict: AMD IOMMU on? default domain type and page table, IR, debugfs, iommufd",
	  no_opts, true, cmd_status },
	{ "show iommus", "", "each IOMMU: cap, EFR/EFR2 decoded, derived capabilities",
	  no_opts, true, cmd_show_iommus },
	{ "show devices", "[BDF...]", "each PCI function: driver, group, VFIO cdev, PASID/ATS/PRI, DTE summary",
	  show_devices_opts, true, cmd_show_devices },
	{ "show dte", "BDF", "every field of one device table entry",
	  no_opts, true, cmd_show_dte },
	{ "show groups", "", "IOMMU groups: type and members",
	  no_opts, true, cmd_show_groups },
	{ "show domains", "", "devices grouped by the DomainID in their DTEs",
	  no_opts, true, cmd_show_domains },
	{ "show irt", "BDF", "interrupt remapping table entries of one device, decoded (debugfs irqtbl)",
	  no_opts, true, cmd_show_irt },
	{ "show cmdbuf", "[IOMMU]", "command buffer of each IOMMU, head/tail marked, commands decoded",
	  no_opts, true, cmd_show_cmdbuf },
	{ "show events", "", "AMD-Vi event-log messages from the kernel log, flags decoded",
	  no_opts, true, cmd_show_events },
	{ "alloc", "", "allocate and attach an iommufd test domain, read back the DTE the driver chose",
	  alloc_opts, true, cmd_alloc },
	{ "snapshot", "", "capture everything status and show read into one file (replay: --snapshot FILE)",
	  snapshot_opts, true, cmd_snapshot },
	{ "monitor", "", "print PCI/IOMMU group/VFIO uevents with the device's group, driver and fresh DTE",
	  monitor_opts, true, cmd_monitor },
};
const unsigned ncommands = ARRAY_SIZE(commands);

enum { OPT_ROOT = 256, OPT_SNAPSHOT };

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
	for (unsigned i = 0; i < ncommands; i++)
		fprintf(f, "  %-14s %-9s %s\n", commands[i].name, commands[i].args,
			commands[i].summary);
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

static void cmd_usage(FILE *f, const struct cmd *c)
{
	fprintf(f, "Usage: amdiommuctl [GLOBAL OPTIONS] %s%s%s%s\n\n%s\n",
		c->name, c->opts[0].name ? " [OPTIONS]" : "", *c->args ? " " : "",
		c->args, c->summary);
	if (c->opts[0].name) {
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
	fprintf(f, "\nGlobal options: -j/--json%s -p/--pretty --root DIR --snapshot FILE -v/--verbose -h/--help\n",
		c->json ? "" : " (not supported by this command)");
}

int cmd_fail(struct run *r, int code, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(stderr, "amdiommuctl: %s\n", msg ? msg : "error");
	if (r && r->json) {
		json_object *o = json_object_new_object(), *e = json_object_new_object();

		json_object_object_add(o, "schema_version", json_object_new_int(1));
		json_object_object_add(e, "message", json_object_new_string(msg ? msg : "error"));
		json_object_object_add(e, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
		json_object_object_add(e, "exit_code", json_object_new_int(code));
		json_object_object_add(o, "error", e);
		render_json(stdout, o, r->pretty);
		json_object_put(o);
	}
	free(msg);
	return code;
}

static json_object *emit_frame(const char *bdf, const char *key, json_object *value,
			       json_object *unavailable)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "schema_version", json_object_new_int(1));
	if (bdf)
		json_object_object_add(o, "bdf", json_object_new_string(bdf));
	json_object_object_add(o, key, value);
	json_object_object_add(o, "unavailable", unavailable ? json_object_get(unavailable) :
			       json_object_new_array());
	return o;
}

int cmd_emit_for(struct run *r, const char *bdf, const char *key,
		 json_object *value, json_object *unavailable)
{
	json_object *o = emit_frame(bdf, key, value, unavailable);
	int partial = unavailable && json_object_array_length(unavailable) > 0;

	render_json(stdout, o, r->pretty);
	json_object_put(o);
	return partial ? EXIT_PARTIAL : EXIT_OK;
}

int cmd_emit(struct run *r, const char *key, json_object *value,
	     json_object *unavailable)
{
	return cmd_emit_for(r, NULL, key, value, unavailable);
}

int cmd_source_exit(int err)
{
	return err == -ENOENT || err == -EPERM || err == -EACCES ? EXIT_UNSUPPORTED : EXIT_ERROR;
}

struct json_stream *cmd_emit_stream(struct run *r, const char *key,
				    json_object *unavailable)
{
	return render_json_stream_open(stdout, emit_frame(NULL, key, NULL, unavailable),
				       key, r->pretty);
}

/* Find the command named by the first one or two words of argv. */
static const struct cmd *find_cmd(int argc, char **argv, int *used)
{
	for (unsigned i = 0; i < ncommands; i++) {
		const char *name = commands[i].name, *sp = strchr(name, ' ');

		if (!sp && !strcmp(argv[0], name)) {
			*used = 1;
			return &commands[i];
		}
		if (sp && argc > 1 && !strncmp(argv[0], name, (size_t)(sp - name)) &&
		    !argv[0][sp - name] && !strcmp(argv[1], sp + 1)) {
			*used = 2;
			return &commands[i];
		}
	}
	return NULL;
}

static bool is_group_word(const char *w)
{
	for (unsigned i = 0; i < ncommands; i++) {
		const char *sp = strchr(commands[i].name, ' ');

		if (sp && !strncmp(w, commands[i].name, (size_t)(sp - commands[i].name)) &&
		    !w[sp - commands[i].name])
			return true;
	}
	return false;
}

static int version(void)
{
	printf("amdiommuctl %s\n", PACKAGE_VERSION);
	return EXIT_OK;
}

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

/* 1: --help, 2: --version, 0 other options, -1 unknown */
int cli_parse(struct run *r, int *argcp, char ***argvp)
{
	struct option lo[ARRAY_SIZE(global_longopts) + CMD_MAX_OPTS];
	int argc = *argcp, opt, used, nlo = 0, help = 0;
	char **argv = *argvp;
	const struct cmd *c;

	memset(r, 0, sizeof(*r));
	opterr = 0;
	optind = 0; /* a fresh getopt state for every call */
	while ((opt = getopt_long(argc, argv, "+" GLOBAL_SHORTOPTS, global_longopts, NULL)) != -1) {
		int h = handle_global(r, opt, optarg);

		if (h < 0) {
			return cmd_fail(r, EXIT_USAGE, 0, "unknown or incomplete option '%s': see 'amdiommuctl --help'",
					argv[optind - 1]);
		}
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

	/* Command options, with the global ones accepted after the command. */
	for (const struct option *g = global_longopts; g->name; g++)
		lo[nlo++] = *g;
	for (int i = 0; c->opts[i].name; i++)
		lo[nlo++] = (struct option){ c->opts[i].name, c->opts[i].has_arg, NULL, 512 + i };
	lo[nlo] = (struct option){ NULL, 0, NULL, 0 };
	{
		char shorts[64] = GLOBAL_SHORTOPTS;

		for (int i = 0; c->opts[i].name; i++)
			if (c->opts[i].short_name) {
				size_t l = strlen(shorts);

				shorts[l++] = c->opts[i].short_name;
				if (c->opts[i].has_arg == required_argument)
					shorts[l++] = ':';
				shorts[l] = '\0';
			}
		argc -= optind + used - 1;
		argv += optind + used - 1;
		optind = 1;
		while ((opt = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
			int h;

			if (opt >= 512) {
				r->has[opt - 512] = true;
				r->opt[opt - 512] = optarg;
				continue;
			}
			for (int i = 0; c->opts[i].name; i++)
				if (opt && c->opts[i].short_name == opt) {
					r->has[i] = true;
					r->opt[i] = optarg;
					opt = 0;
				}
			if (!opt)
				continue;
			h = handle_global(r, opt, optarg);
			if (h < 0)
				return cmd_fail(r, EXIT_USAGE, 0, "%s: unknown or incomplete option '%s': see 'amdiommuctl %s --help'",
						c->name, argv[optind - 1], c->name);
			if (h == 2)
				return version();
			help |= h;
		}
	}
	if (help) {
		cmd_usage(stdout, c);
		return EXIT_OK;
	}
	if (r->json && !c->json)
		return cmd_fail(r, EXIT_USAGE, 0, "%s cannot print JSON: drop --json", c->name);
	if (r->root && r->snapshot)
		return cmd_fail(r, EXIT_USAGE, 0, "--root and --snapshot exclude each other");
	*argcp = argc - optind;
	*argvp = argv + optind;
	return -1;
}
