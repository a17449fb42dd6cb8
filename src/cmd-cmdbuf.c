// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show cmdbuf [IOMMU]: the IOMMUs' command buffers, decoded. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

static const char *fmt_size(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *all = json_path(row, "all");
	unsigned long long s;

	if (all && json_object_get_boolean(all))
		return "all";
	if (!v)
		return "-";
	s = (unsigned long long)json_object_get_int64(v);
	if (s >= (1ULL << 30) && !(s & ((1ULL << 30) - 1)))
		snprintf(buf, n, "%lluG", s >> 30);
	else if (s >= (1ULL << 20) && !(s & ((1ULL << 20) - 1)))
		snprintf(buf, n, "%lluM", s >> 20);
	else
		snprintf(buf, n, "%lluK", s >> 10);
	return buf;
}

static const char *fmt_mark(json_object *row, json_object *v, char *buf, size_t n)
{
	bool h = json_object_get_boolean(json_path(row, "head"));
	bool t = json_object_get_boolean(json_path(row, "tail"));

	(void)v;
	snprintf(buf, n, "%s%s%s", h ? "head" : "", h && t ? "," : "", t ? "tail" : "");
	return buf[0] ? buf : "";
}

static const char *fmt_target(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *d = json_path(row, "device"), *dom = json_path(row, "domain_id");
	json_object *pasid = json_path(row, "pasid");
	int used = 0;

	(void)v;
	buf[0] = '\0';
	if (d)
		used = snprintf(buf, n, "device %s", json_object_get_string(d));
	if (dom && used >= 0 && (size_t)used < n)
		used += snprintf(buf + used, n - (size_t)used, "%sdomain %d", used ? " " : "",
				 json_object_get_int(dom));
	if (pasid && used >= 0 && (size_t)used < n)
		snprintf(buf + used, n - (size_t)used, "%spasid 0x%x", used ? " " : "",
			 (unsigned)json_object_get_int(pasid));
	return buf[0] ? buf : "-";
}

static const struct column cols[] = {
	{ "IOMMU", "iommu" },
	{ "SLOT", "slot" },
	{ "MARK", NULL, fmt_mark },
	{ "COMMAND", "command" },
	{ "TARGET", NULL, fmt_target },
	{ "ADDRESS", "address" },
	{ "SIZE", "size", fmt_size },
	{ "RAW", "raw" },
};

static int no_such_iommu(struct run *r, struct ctx *c, const char *name)
{
	char *names = cmdbuf_iommu_names(c);
	int rc = cmd_fail(r, EXIT_ERROR, -ENXIO, "%s: no such IOMMU (there are %s)", name, names);

	free(names);
	return rc;
}

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	json_object *arr;
	int err;

	if (argc > 1)
		return cmd_fail(r, EXIT_USAGE, 0, "show cmdbuf takes at most one IOMMU (ivhdN or index)");
	ctx_init(&c, r->h);
	arr = collect_cmdbuf(&c, argc ? argv[0] : NULL, r->verbose > 0, &err);
	if (!arr) {
		if (err == -EINVAL)
			return cmd_finish(r, &c, cmd_fail(r, EXIT_USAGE, err, "'%s' is not an IOMMU: use ivhdN, iommuNN or N", argv[0]));
		if (!ctx_amd_iommu_count(&c))
			return cmd_finish(r, &c, cmd_fail(r, EXIT_UNSUPPORTED, err, "no AMD IOMMU is active (no ivhd device in "
							  "/sys/class/iommu): there is no command buffer to read"));
		if (err == -ENXIO)
			return cmd_finish(r, &c, no_such_iommu(r, &c, argv[0]));
		return cmd_finish(r, &c, cmd_fail(r, errno_exit_code(source_errors, err), err,
					    "%s: no debugfs command buffer: %s (needs CONFIG_AMD_IOMMU_DEBUGFS, debugfs, root)",
					    argc ? argv[0] : "cmdbuf", errno_name(err)));
	}
	return cmd_list(r, &c, "commands", arr, cols, ARRAY_SIZE(cols), NULL);
}

static void record(struct ctx *c)
{
	int err;

	json_object_put(collect_cmdbuf(c, NULL, true, &err));
}

const struct command cmd_show_cmdbuf = {
	.name = "show cmdbuf",
	.args = "[IOMMU]",
	.summary = "command buffer of each IOMMU, head/tail marked, commands decoded",
	.run = run,
	.record = record,
};
