// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show iommus: each IOMMU (model-iommu.c) as a record or JSON. */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

static const char *fmt_levels(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *h = json_path(row, "host_levels"), *g = json_path(row, "guest_levels");

	(void)v;
	snprintf(buf, n, "host %s (HATS %s), guest %s (GATS %s), GLXSup %s",
		 h ? json_object_get_string(h) : "none",
		 render_value(json_path(row, "hats"), (char[8]){0}, 8),
		 g ? json_object_get_string(g) : "reserved",
		 render_value(json_path(row, "gats"), (char[8]){0}, 8),
		 render_value(json_path(row, "glx_sup"), (char[8]){0}, 8));
	return buf;
}

/* The IOMMU's own EFR register, and whether the driver uses it. */
static const char *fmt_mmio_efr(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *m = json_path(row, "efr_mismatch");

	if (!v)
		return "-";
	snprintf(buf, n, "%s%s", json_object_get_string(v), m && json_object_get_boolean(m) ?
		 "  (differs from EFR: the driver uses the IVHD EFR image, init.c logs \"EFR mismatch\")" : "");
	return buf;
}

static const char *fmt_cmdbuf(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *h = json_path(row, "debugfs.cmdbuf_head"), *t = json_path(row, "debugfs.cmdbuf_tail");

	(void)v;
	if (!h || !t)
		return "-";
	snprintf(buf, n, "head %s tail %s", json_object_get_string(h), json_object_get_string(t));
	return buf;
}

static const char *fmt_control(json_object *row, json_object *v, char *buf, size_t n)
{
	char bits[2048];

	if (!v)
		return "-";
	snprintf(buf, n, "%s  %s", json_object_get_string(v),
		 render_value(json_path(row, "debugfs.control_bits"), bits, sizeof(bits)));
	return buf;
}

/* "yes", or "no: " and the EFR bits that are missing for the capability. */
static const char *fmt_capability(json_object *row, json_object *v, char *buf, size_t n,
				  const char *key)
{
	char path[64];
	const char *why;

	if (!v)
		return "-";
	if (json_object_get_boolean(v))
		return "yes";
	snprintf(path, sizeof(path), "capabilities.missing.%s", key);
	why = json_path_str(row, path);
	snprintf(buf, n, "no: %s", why ? why : "?");
	return buf;
}

#define CAPFMT(k)                                                                \
	static const char *fmt_cap_##k(json_object *row, json_object *v, char *b, \
				       size_t n)                                 \
	{                                                                        \
		return fmt_capability(row, v, b, n, #k);                         \
	}
CAPFMT(v2)
CAPFMT(pasid)
CAPFMT(dirty_tracking)
CAPFMT(nest_parent)

static const struct column iommu_fields[] = {
	{ "PCI function", "bdf" },
	{ "segment", "segment" },
	{ "cap", "cap.raw" },
	{ "  EFRSup", "cap.efr_sup" },
	{ "  IotlbSup", "cap.iotlb_sup" },
	{ "EFR", "efr" },
	{ "EFR2", "efr2" },
	{ "EFR features", "efr_features" },
	{ "EFR2 features", "efr2_features" },
	{ "levels", "hats", fmt_levels },
	{ "max PASIDs", "max_pasids" },
	{ "IRTEs/device", "irte_count" },
	{ "V2 table", "capabilities.v2", fmt_cap_v2 },
	{ "PASID", "capabilities.pasid", fmt_cap_pasid },
	{ "dirty tracking", "capabilities.dirty_tracking", fmt_cap_dirty_tracking },
	{ "nest parent", "capabilities.nest_parent", fmt_cap_nest_parent },
	{ "MMIO EFR", "debugfs.mmio_efr", fmt_mmio_efr },
	{ "control", "debugfs.control", fmt_control },
	{ "cmdbuf", "debugfs", fmt_cmdbuf },
};

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	json_object *arr;
	int rc;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	ctx_init(&c, r->h);
	arr = collect_iommus(&c);
	if (!json_object_array_length(arr)) {
		fprintf(stderr, "amdiommuctl: no AMD IOMMU is active (no ivhd device in /sys/class/iommu)\n");
		rc = EXIT_UNSUPPORTED;
	}
	if (r->json) {
		cmd_emit(r, "iommus", arr, c.unavailable);
		return cmd_finish(r, &c, rc);
	}
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		printf("%s%s (index %s)\n", i ? "\n" : "", json_path_str(o, "name"),
		       json_path_str(o, "iommu_index"));
		render_record(stdout, o, iommu_fields, ARRAY_SIZE(iommu_fields), "  ");
	}
	json_object_put(arr);
	return cmd_finish(r, &c, rc);
}

static void record(struct ctx *c)
{
	json_object_put(collect_iommus(c));
}

const struct command cmd_show_iommus = {
	.name = "show iommus",
	.args = "",
	.summary = "each IOMMU: cap, EFR/EFR2 decoded, derived capabilities",
	.run = run,
	.record = record,
};
