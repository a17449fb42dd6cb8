// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `show irt`, `show cmdbuf`, `show events`: collect (collect-decode.c),
 * then JSON or a table.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "model.h"
#include "render.h"
#include "util.h"

static const char *fmt_hex2(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	if (!v)
		return "-";
	snprintf(buf, n, "0x%02x", (unsigned)json_object_get_int(v));
	return buf;
}

static const char *fmt_hex(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	if (!v)
		return "-";
	snprintf(buf, n, "0x%x", (unsigned)json_object_get_int(v));
	return buf;
}

static const char *fmt_size(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *all = json_path(row, "all");
	unsigned long long s;

	if (all && json_object_get_boolean(all))
		return "all";
	if (!v)
		return "-";
	s = strtoull(json_object_get_string(v), NULL, 16);
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
	json_object *d = json_path(row, "device"), *dom = json_path(row, "domain");
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

static const char *fmt_flags(json_object *row, json_object *v, char *buf, size_t n)
{
	char tmp[128];

	if (!v)
		return "-";
	snprintf(buf, n, "%s (%s)", json_object_get_string(v),
		 render_value(json_path(row, "flag_names"), tmp, sizeof(tmp)));
	return buf;
}

/* ---- show irt ---------------------------------------------------------------- */

int cmd_show_irt(struct run *r, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "IRT", "index" },
		{ "FORMAT", "format" },
		{ "VECTOR", "vector", fmt_hex2 },
		{ "DEST", "destination" },
		{ "DESTMODE", "dest_mode" },
		{ "DELIVERY", "delivery_mode" },
		{ "GUEST", "guest_mode" },
		{ "GA_TAG", "ga_tag" },
		{ "GA_ROOT", "ga_root" },
		{ "ISRUN", "is_run" },
		{ "GALOG", "ga_log_intr" },
	};
	struct ctx c;
	struct bdf b;
	char name[BDF_STRLEN];
	json_object *arr;
	int err;

	if (argc != 1)
		return cmd_fail(r, EXIT_USAGE, 0, "show irt needs exactly one PCI address (SSSS:BB:DD.F)");
	if (bdf_parse(argv[0], &b))
		return cmd_fail(r, EXIT_USAGE, -EINVAL, "'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", argv[0]);
	bdf_format(&b, name);
	ctx_init(&c, r->h);
	arr = collect_irt(&c, &b, &err);
	if (!arr) {
		int code = EXIT_ERROR;
		const char *why;

		switch (err) {
		case -EOPNOTSUPP:
			code = EXIT_UNSUPPORTED;
			why = "interrupt remapping is disabled";
			break;
		case -ENXIO:
			code = EXIT_UNSUPPORTED;
			why = "the device has no interrupt remapping table (IRQ lookup table not set)";
			break;
		case -EBADMSG:
			why = "the device's DTE contains an invalid IRT length value";
			break;
		case -ENODEV:
			code = EXIT_UNSUPPORTED;
			why = "no IOMMU handles the device (no irqtbl section for it)";
			break;
		case -ENOENT:
			code = EXIT_UNSUPPORTED;
			why = "no debugfs irqtbl (needs CONFIG_AMD_IOMMU_DEBUGFS and debugfs mounted)";
			break;
		case -EPERM:
		case -EACCES:
			code = EXIT_UNSUPPORTED;
			why = "debugfs is not readable (not root, or kernel lockdown)";
			break;
		case -EBUSY:
			why = "the debugfs selection kept changing (another writer); try again";
			break;
		default:
			why = host_strerror(err);
			break;
		}
		return cmd_finish(r, &c, cmd_fail(r, code, err, "%s: " HOST_DEBUGFS_AMD "/irqtbl: %s: %s",
						  name, errno_name(err), why));
	}
	if (r->json) {
		cmd_emit_for(r, name, "irt", arr, c.unavailable);
	} else {
		if (json_object_array_length(arr))
			render_table(stdout, arr, cols, ARRAY_SIZE(cols));
		else
			printf("%s: no valid interrupt remapping table entries\n", name);
		json_object_put(arr);
	}
	return cmd_finish(r, &c, EXIT_OK);
}

/* ---- show cmdbuf --------------------------------------------------------------- */

int cmd_show_cmdbuf(struct run *r, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "IOMMU", "iommu" },
		{ "IDX", "index" },
		{ "MARK", NULL, fmt_mark },
		{ "COMMAND", "command" },
		{ "TARGET", NULL, fmt_target },
		{ "ADDRESS", "address" },
		{ "SIZE", "size", fmt_size },
		{ "RAW", "raw" },
	};
	struct ctx c;
	json_object *arr;
	int err;

	if (argc > 1)
		return cmd_fail(r, EXIT_USAGE, 0, "show cmdbuf takes at most one IOMMU (ivhdN or index)");
	ctx_init(&c, r->h);
	arr = collect_cmdbuf(&c, argc ? argv[0] : NULL, r->verbose > 0, &err);
	if (!arr) {
		if (err == -EINVAL)
			return cmd_finish(r, &c, cmd_fail(r, EXIT_USAGE, err, "'%s' is not an IOMMU: use ivhdN or N", argv[0]));
		return cmd_finish(r, &c, cmd_fail(r, cmd_source_exit(err), err,
					    "%s: no debugfs command buffer: %s (needs CONFIG_AMD_IOMMU_DEBUGFS, debugfs, root)",
					    argc ? argv[0] : "cmdbuf", errno_name(err)));
	}
	return cmd_list(r, &c, "commands", arr, cols, ARRAY_SIZE(cols), NULL);
}

/* ---- show events ------------------------------------------------------------------ */

int cmd_show_events(struct run *r, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "TIME", "time" },
		{ "TYPE", "type" },
		{ "DEVICE", "device" },
		{ "DOMAIN", "domain" },
		{ "PASID", "pasid", fmt_hex },
		{ "ADDRESS", "address" },
		{ "FLAGS", "flags", fmt_flags },
	};
	struct ctx c;
	json_object *arr;
	int err;

	(void)argv;
	if (argc)
		return cmd_fail(r, EXIT_USAGE, 0, "show events takes no arguments");
	ctx_init(&c, r->h);
	arr = collect_events(&c, &err);
	if (!arr)
		return cmd_finish(r, &c, cmd_fail(r, cmd_source_exit(err), err,
					    "the kernel log (/dev/kmsg) cannot be read: %s: %s",
					    errno_name(err), host_strerror(err)));
	return cmd_list(r, &c, "events", arr, cols, ARRAY_SIZE(cols),
			"no AMD-Vi events in the kernel log");
}
