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

		json_object_object_add(o, "file", json_object_new_string(file));
		json_object_object_add(o, "format_version", json_object_new_int(SNAPSHOT_VERSION));
		json_object_object_add(o, "created", json_str_or_null(m.created));
		json_object_object_add(o, "hostname", json_str_or_null(m.hostname));
		json_object_object_add(o, "kernel", json_str_or_null(m.kernel));
		json_object_object_add(o, "tool", json_str_or_null(m.tool));
		json_object_object_add(o, "records", json_object_new_int64((int64_t)m.records));
		json_object_object_add(o, "bytes", json_object_new_int64((int64_t)m.bytes));
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

/*
 * What `show irt`, `show cmdbuf` and `show events` read: every device's
 * irqtbl answer, every command buffer, and the kernel log's IOMMU
 * records (live: /dev/kmsg is read here, filtered, and recorded).
 */
static void record_decoders(struct host *live, struct host *rec, struct ctx *c)
{
	char **names = NULL;
	size_t n = 0;
	int err;

	/* the functions collect_devices() listed: the recorder has the list */
	if (!host_list(rec, "/sys/bus/pci/devices", &names, &n))
		for (size_t i = 0; i < n; i++) {
			struct bdf dev;

			if (!bdf_parse(names[i], &dev))
				json_object_put(collect_irt(c, &dev, &err));
		}
	strv_free(names, n);
	json_object_put(collect_cmdbuf(c, NULL, true, &err));
	if (live->read_only) {
		json_object_put(collect_events(c, &err));
	} else {
		char *text = NULL;
		size_t len = 0;

		err = host_read_kmsg(live, &text, &len);
		if (!err)
			len = kmsg_keep_iommu(text, len);
		host_recorder_put(rec, "/dev/kmsg", text, len, err);
		free(text);
	}
}

int cmd_snapshot(struct run *r, int argc, char **argv)
{
	const char *out = r->has[SNAPSHOT_OPT_OUTPUT] ? r->opt[SNAPSHOT_OPT_OUTPUT] : "-";
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

	(void)argv;
	if (argc > 0)
		return cmd_fail(r, EXIT_USAGE, 0, "snapshot takes no arguments: see 'amdiommuctl snapshot --help'");
	if (r->has[SNAPSHOT_OPT_INFO]) {
		if (r->has[SNAPSHOT_OPT_OUTPUT])
			return cmd_fail(r, EXIT_USAGE, 0, "snapshot: --info and --output exclude each other");
		return snapshot_info_cmd(r, r->opt[SNAPSHOT_OPT_INFO]);
	}
	if (to_stdout && r->json)
		return cmd_fail(r, EXIT_USAGE, 0, "snapshot: --json needs --output FILE");
	if (to_stdout && isatty(STDOUT_FILENO))
		return cmd_fail(r, EXIT_USAGE, 0, "snapshot: refusing to write to a terminal: use --output FILE");

	rec = host_open_recorder(r->h);
	ctx_init(&c, rec);
	json_object_put(collect_status(&c));
	json_object_put(collect_domains(&c));
	record_decoders(r->h, rec, &c);
	ctx_fini(&c);

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

			json_object_object_add(o, "file", json_object_new_string(out));
			json_object_object_add(o, "records", json_object_new_int64((int64_t)nrec));
			json_object_object_add(o, "bytes", json_object_new_int64(size));
			rc = cmd_emit(r, "snapshot", o, NULL);
		} else {
			printf("wrote %s: %zu records, %ld bytes\n", out, nrec, size);
			rc = EXIT_OK;
		}
	} else {
		rc = err ? cmd_fail(r, EXIT_ERROR, err, "writing the snapshot failed") : EXIT_OK;
	}
done:
	free(m.hostname);
	free(m.kernel);
	host_close(rec);
	return rc;
}
