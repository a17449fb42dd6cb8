// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl status: the verdict (model-status.c), as a record or JSON. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

static const char *fmt_verdict(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *val = json_path(v, "value"), *detail = json_path(v, "detail");
	char tmp[64];

	(void)row;
	snprintf(buf, n, "%s%s%s", render_value(val, tmp, sizeof(tmp)),
		 detail ? "  (" : "", detail ? json_object_get_string(detail) : "");
	if (detail)
		strncat(buf, ")", n - strlen(buf) - 1);
	return buf;
}

static const char *fmt_pgtable(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *lv = json_path(v, "levels");

	(void)row;
	snprintf(buf, n, "%s%s%s%s  (source: %s; %s)",
		 render_value(json_path(v, "value"), (char[8]){0}, 8),
		 lv ? ", " : "", lv ? json_object_get_string(lv) : "", lv ? " levels" : "",
		 render_value(json_path(v, "source"), (char[8]){0}, 8),
		 render_value(json_path(v, "detail"), (char[8]){0}, 8));
	return buf;
}

static const char *fmt_debugfs(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	snprintf(buf, n, "mounted %s, AMD files %s, readable %s%s%s",
		 render_value(json_path(v, "mounted"), (char[8]){0}, 8),
		 render_value(json_path(v, "amd_files"), (char[8]){0}, 8),
		 render_value(json_path(v, "readable"), (char[8]){0}, 8),
		 json_path(v, "error") ? " " : "",
		 json_path(v, "error") ? json_path_str(v, "error") : "");
	return buf;
}

static const struct column status_fields[] = {
	{ "AMD IOMMU", "amd_iommu" },
	{ "IOMMUs", "iommu_count" },
	{ "kernel", "kernel" },
	{ "IVRS table", "ivrs" },
	{ "default domain", "default_domain_type" },
	{ "  from", "default_domain_type_source" },
	{ "strict", "strict" },
	{ "default pgtable", "default_pgtable", fmt_pgtable },
	{ "intr remapping", "interrupt_remapping", fmt_verdict },
	{ "debugfs", "debugfs", fmt_debugfs },
	{ "lockdown", "lockdown" },
	{ "/dev/iommu", "iommufd", fmt_verdict },
	{ "VFIO cdev", "vfio_cdev_support", fmt_verdict },
};

static void print_status(json_object *st)
{
	json_object *reasons = json_path(st, "reasons");

	render_record(stdout, st, status_fields, ARRAY_SIZE(status_fields), "");
	for (size_t i = 0; reasons && i < json_object_array_length(reasons); i++) {
		json_object *e = json_object_array_get_idx(reasons, i);
		const char *a = json_path_str(e, "action");

		printf("%s %s: %s%s%s\n", i ? "      " : "notes:", json_path_str(e, "topic"),
		       json_path_str(e, "reason"), a ? "; " : "", a ? a : "");
	}
}

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	json_object *st;
	int rc;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	ctx_init(&c, r->h);
	st = collect_status(&c);
	rc = json_object_get_boolean(json_path(st, "amd_iommu")) ? EXIT_OK : EXIT_UNSUPPORTED;
	if (r->json) {
		json_object *o = json_object_new_object();

		json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
		json_object_object_foreach(st, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_add(o, "unavailable", json_object_get(c.unavailable));
		render_json(stdout, o, r->pretty);
		json_object_put(o);
	} else {
		print_status(st);
	}
	json_object_put(st);
	return cmd_finish(r, &c, rc);
}

static void record(struct ctx *c)
{
	json_object_put(collect_status(c));
}

const struct command cmd_status = {
	.name = "status",
	.args = "",
	.summary = "verdict: AMD IOMMU on? default domain type and page table, IR, debugfs, iommufd",
	.run = run,
	.record = record,
};
