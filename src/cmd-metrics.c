// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl metrics [-o FILE]: the Prometheus text format for
 * node_exporter's textfile collector (model-metrics.c), on standard
 * output or atomically into FILE (atomic-file.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "atomic-file.h"
#include "cmd.h"
#include "json.h"
#include "model.h"
#include "prom.h"
#include "util.h"

struct metrics_opts {
	const char *output;
};

static const struct cmd_opt opts[] = {
	CMD_OPT_STRING("output", 'o', "FILE", struct metrics_opts, output,
		       "write FILE atomically (a temporary file beside it, then rename)"),
	CMD_OPT_END
};

static int run(struct run *r, int argc, char **argv)
{
	const struct metrics_opts *o = r->opts;
	struct metrics_count cnt;
	struct atomic_file af;
	struct prom *p;
	struct ctx c;
	int err, rc;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	if (r->json && !o->output)
		return cmd_fail(r, EXIT_USAGE, 0,
				"metrics prints the Prometheus text format: --json needs --output FILE");
	/* 0644: the file is for the exporter's user, whatever our umask */
	if (o->output && (err = atomic_file_open(&af, o->output, 0644)))
		return cmd_fail(r, EXIT_ERROR, err,
				"cannot write %s: %s: %s; does the directory exist and is it writable?",
				o->output, af.failed, strerror(-err));
	p = xnonnull(prom_new_file(o->output ? af.f : stdout));
	ctx_init(&c, r->h);
	err = collect_metrics(&c, p, &cnt);
	if (!err && o->output && (err = atomic_file_commit(&af)))
		rc = cmd_fail(r, EXIT_ERROR, err, "cannot write %s: %s: %s; it is unchanged",
			      o->output, af.failed, strerror(-err));
	else if (err && o->output)
		atomic_file_abort(&af);
	if (err && !rc) {
		if (!o->output) {
			/* said here once: not again by main()'s check of stdout */
			__fpurge(stdout);
			clearerr(stdout);
		}
		rc = cmd_fail(r, EXIT_ERROR, err, "writing the metrics%s%s failed: %s%s",
			      o->output ? " to " : "", o->output ? o->output : "", prom_error(p),
			      o->output ? "; the file is unchanged" : "");
	}
	prom_free(p);
	if (rc) {
		ctx_fini(&c);
		return rc;
	}
	if (o->output && r->json) {
		json_object *m = json_object_new_object();

		json_add(m, "file", json_object_new_string(o->output));
		json_add(m, "families", json_new_int((int64_t)cnt.families));
		json_add(m, "series", json_new_int((int64_t)cnt.series));
		json_add(m, "iommus", json_new_int((int64_t)cnt.iommus));
		cmd_emit(r, "metrics", m, c.unavailable);
	} else if (o->output && r->verbose) {
		printf("wrote %s: %zu families, %zu series\n", o->output, cnt.families, cnt.series);
	}
	return cmd_finish(r, &c, cnt.iommus ? EXIT_OK : EXIT_UNSUPPORTED);
}

static void record(struct ctx *c)
{
	struct prom *p = xnonnull(prom_new_buffer());

	collect_metrics(c, p, NULL);
	prom_free(p);
}

const struct command cmd_metrics = {
	.name = "metrics",
	.args = "",
	.summary = "Prometheus text format for node_exporter's textfile collector",
	.opts = opts,
	.opts_size = sizeof(struct metrics_opts),
	.run = run,
	.record = record,
};
