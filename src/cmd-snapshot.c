// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl snapshot: run every collector of `status` and `show`
 * against a recording host and write what was read to one file, which
 * the global --snapshot FILE replays.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "host-snapshot.h"
#include "json.h"
#include "model.h"
#include "util.h"

static char *read_meta(struct host *h, const char *path)
{
	char *v = NULL;

	if (host_read_line(h, path, &v) || !*v) {
		free(v);
		return xstrdup("unknown");
	}
	return v;
}

static int snapshot_info_cmd(struct run *r, const char *file)
{
	struct snapshot_meta m;
	char *msg = NULL;
	int err = snapshot_info(file, &m, &msg), rc;

	if (err) {
		rc = cmd_fail(r, EXIT_ERROR, err, "%s: %s", file, msg);
		free(msg);
		return rc;
	}
	if (r->json) {
		json_object *o = json_object_new_object();

		json_add(o, "file", json_object_new_string(file));
		json_add(o, "format_version", json_object_new_int(SNAPSHOT_VERSION));
		json_add(o, "created", json_str_or_null(m.created));
		json_add(o, "hostname", json_str_or_null(m.hostname));
		json_add(o, "kernel", json_str_or_null(m.kernel));
		json_add(o, "tool", json_str_or_null(m.tool));
		json_add(o, "records", json_object_new_int64((int64_t)m.records));
		json_add(o, "bytes", json_object_new_int64((int64_t)m.bytes));
		rc = cmd_emit(r, "snapshot", o, NULL);
	} else {
		printf("file      %s\n", file);
		printf("format    %s %d\n", SNAPSHOT_MAGIC, SNAPSHOT_VERSION);
		printf("created   %s\n", m.created ? m.created : "unknown");
		printf("hostname  %s\n", m.hostname ? m.hostname : "unknown");
		printf("kernel    %s\n", m.kernel ? m.kernel : "unknown");
		printf("tool      %s\n", m.tool ? m.tool : "unknown");
		printf("records   %zu\n", m.records);
		printf("size      %zu bytes\n", m.bytes);
		rc = EXIT_OK;
	}
	snapshot_meta_free(&m);
	return rc;
}

/* Every command that reads something records it: each distinct record
 * hook of the command table runs once against the recorder. */
static void record_all(struct ctx *c)
{
	for (size_t i = 0; i < ncommands; i++) {
		bool seen = false;

		if (!commands[i]->record)
			continue;
		for (size_t k = 0; k < i; k++)
			seen |= commands[k]->record == commands[i]->record;
		if (!seen)
			commands[i]->record(c);
	}
}

/* No readable debugfs (absent, lockdown, not root): the DTE readers say
 * so for devtbl; the IRTs, skipped for the same reason, are missing too. */
static void missing_tables(struct ctx *c)
{
	if (!c->facts.debugfs_err || !ctx_amd_iommu_count(c))
		return;
	ctx_unavailable(c, HOST_DEBUGFS_AMD "/irqtbl", c->facts.debugfs_err,
			"the snapshot holds no device table entries and no interrupt remapping "
			"tables: show dte and show irt cannot be replayed from it");
}

/*
 * Did a source fail to be read (the file lacks it: exit 3), rather than
 * hold text the decoders refused (EINVAL, EPROTO, ENODATA, EILSEQ: the
 * text itself is in the file and replays with the same message)?
 */
static bool read_failed(json_object *unavailable)
{
	static const char *const decode[] = { "EINVAL", "EPROTO", "ENODATA", "EILSEQ" };

	for (size_t i = 0; i < json_object_array_length(unavailable); i++) {
		const char *e = json_path_str(json_object_array_get_idx(unavailable, i), "errno");
		bool dec = false;

		for (size_t k = 0; k < ARRAY_SIZE(decode) && e; k++)
			dec |= !strcmp(e, decode[k]);
		if (!dec)
			return true;
	}
	return false;
}

/* Capture, then write the file (or standard output). */
static int capture(struct run *r, const char *out)
{
	bool to_stdout = !strcmp(out, "-");
	struct snapshot_meta m = { 0 };
	struct host *rec;
	struct ctx c;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t nrec = 0;
	FILE *f;
	int err, rc;

	if (to_stdout && r->json)
		return cmd_fail(r, EXIT_USAGE, 0, "snapshot: --json needs --output FILE");
	if (to_stdout && isatty(STDOUT_FILENO))
		return cmd_fail(r, EXIT_USAGE, 0, "snapshot: refusing to write to a terminal: use --output FILE");

	rec = host_open_recorder(r->h);
	ctx_init(&c, rec);
	record_all(&c);
	missing_tables(&c);

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	m.created = stamp;
	m.hostname = read_meta(r->h, "/proc/sys/kernel/hostname");
	m.kernel = read_meta(r->h, "/proc/sys/kernel/osrelease");
	m.tool = "amdiommuctl " PACKAGE_VERSION;

	f = to_stdout ? stdout : fopen(out, "w");
	if (!f) {
		err = -errno;
		rc = cmd_fail(r, EXIT_ERROR, err, "cannot write %s: %s", out, strerror(-err));
		goto done;
	}
	err = snapshot_write(rec, f, &m, &nrec);
	if (!to_stdout) {
		long size = ftell(f);

		if (fclose(f) && !err)
			err = -EIO;
		if (err) {
			unlink(out);
			rc = cmd_fail(r, EXIT_ERROR, err, "writing %s failed", out);
			goto done;
		}
		if (r->json) {
			json_object *o = json_object_new_object();

			json_add(o, "file", json_object_new_string(out));
			json_add(o, "records", json_object_new_int64((int64_t)nrec));
			json_add(o, "bytes", json_object_new_int64(size));
			cmd_emit(r, "snapshot", o, c.unavailable);
		} else {
			printf("wrote %s: %zu records, %ld bytes\n", out, nrec, size);
		}
		rc = EXIT_OK;
	} else {
		rc = err ? cmd_fail(r, EXIT_ERROR, err, "writing the snapshot failed") : EXIT_OK;
	}
done:
	/* what could not be read is missing from the file too: one line
	 * each on stderr, exit 3 (cmd_finish) */
	if (rc == EXIT_OK) {
		bool partial = read_failed(c.unavailable);

		rc = cmd_finish(r, &c, rc);
		if (!partial)
			rc = EXIT_OK;
	} else {
		ctx_fini(&c);
	}
	free(m.hostname);
	free(m.kernel);
	host_close(rec);
	return rc;
}

struct snapshot_opts {
	const char *output, *info;
};

static const struct cmd_opt opts[] = {
	CMD_OPT_STRING("output", 'o', "FILE", struct snapshot_opts, output,
		       "write the snapshot to FILE (default: standard output)"),
	CMD_OPT_STRING("info", 0, "FILE", struct snapshot_opts, info,
		       "say when, where and with which kernel FILE was captured"),
	CMD_OPT_END
};

static int run(struct run *r, int argc, char **argv)
{
	const struct snapshot_opts *o = r->opts;
	int rc;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	if (o->info) {
		if (o->output)
			return cmd_fail(r, EXIT_USAGE, 0, "snapshot: --info and --output exclude each other");
		return snapshot_info_cmd(r, o->info);
	}
	return capture(r, o->output ? o->output : "-");
}

const struct command cmd_snapshot = {
	.name = "snapshot",
	.args = "",
	.summary = "capture everything status and show read into one file (replay: --snapshot FILE)",
	.opts = opts,
	.opts_size = sizeof(struct snapshot_opts),
	.run = run,
};
