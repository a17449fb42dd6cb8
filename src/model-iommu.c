// SPDX-License-Identifier: GPL-2.0-or-later
/* IOMMUs in the model: the ivhdN class devices, their cap, EFR/EFR2 and,
 * with debugfs, their MMIO registers and command buffer position. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efr-json.h"
#include "efr.h"
#include "hex.h"
#include "json.h"
#include "model.h"
#include "regs.h"
#include "util.h"

#define SYS_CLASS_IOMMU "/sys/class/iommu"

static json_object *iommu_debugfs(struct ctx *c, int index)
{
	json_object *o = json_object_new_object();
	uint64_t v;
	char *path, *text;
	unsigned head = 0, tail = 0;
	int err;

	err = host_read_mmio(c->h, index, 0x18, &v);
	if (!err) {
		const char *names[64];
		size_t n = control_bit_names(v, names, ARRAY_SIZE(names));

		json_add(o, "control", json_hex64(v));
		json_add(o, "control_bits", json_strings(names, n));
	} else {
		json_add(o, "control", NULL);
		json_add(o, "control_bits", json_object_new_array());
	}
	json_add(o, "mmio_efr", !host_read_mmio(c->h, index, 0x30, &v) ? json_hex64(v) : NULL);
	json_add(o, "mmio_efr2", !host_read_mmio(c->h, index, 0x1a0, &v) ? json_hex64(v) : NULL);
	path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/mmio", index);
	/* ENOENT: the file, or only the offset (a capture without it) */
	if (err && (err != -ENOENT || !host_exists(c->h, path)))
		ctx_unreadable(c, path, err, "cannot read the MMIO registers");
	free(path);
	path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/cmdbuf", index);
	err = host_read_head(c->h, path, 256, &text);
	if (!err) {
		err = cmdbuf_head_tail(text, &head, &tail);
		free(text);
	}
	json_add(o, "cmdbuf_head", err ? NULL : json_new_int(head));
	json_add(o, "cmdbuf_tail", err ? NULL : json_new_int(tail));
	if (err && err != -ENOENT)
		ctx_unreadable(c, path, err, "cannot read the command buffer head and tail");
	free(path);
	return o;
}

static json_object *caps_json(const struct amd_caps *k)
{
	json_object *o = json_object_new_object(), *why = json_object_new_object();

	json_add(o, "v2", json_new_bool(k->v2));
	json_add(o, "pasid", json_new_bool(k->pasid));
	json_add(o, "dirty_tracking", json_new_bool(k->dirty_tracking));
	json_add(o, "nest_parent", json_new_bool(k->nest_parent));
	json_add(why, "v2", json_str_or_null(k->why_not_v2));
	json_add(why, "pasid", json_str_or_null(k->why_not_pasid));
	json_add(why, "dirty_tracking", json_str_or_null(k->why_not_dirty));
	json_add(why, "nest_parent", json_str_or_null(k->why_not_nest));
	json_add(o, "missing", why);
	return o;
}

static const char *features_format_name(enum features_format f)
{
	switch (f) {
	case FEATURES_EFR:
		return "efr";
	case FEATURES_EFR2_EFR:
		return "efr2:efr";
	default:
		return "efr:efr2";
	}
}

/* sysfs `cap`: the capability header, decoded by its field table. */
static void add_cap(struct ctx *c, json_object *o, const char *name)
{
	char *path = xasprintf(SYS_CLASS_IOMMU "/%s/amd-iommu/cap", name), *text;
	int err = host_read_line(c->h, path, &text);
	json_object *co = NULL;
	uint64_t v;

	if (err) {
		ctx_unreadable(c, path, err, "cannot read the capability header");
	} else if (parse_hex_u64(text, &v) || v > UINT32_MAX) {
		ctx_unavailable(c, path, -EINVAL, "the capability header is not a 32-bit hex number");
	} else {
		co = json_object_new_object();
		json_add(co, "raw", json_hexn(v, 8));
		for (const struct field *f = cap_field_table; f->key; f++) {
			uint64_t x = field_value(f, &v);

			json_add(co, f->key, f->kind == FIELD_FLAG ? json_new_bool(x) : json_new_int((int64_t)x));
		}
	}
	json_add(o, "cap", co);
	if (!err)
		free(text);
	free(path);
}

/* sysfs `features`: EFR/EFR2 (the global values every decision of the
 * driver reads: init.c get_global_efr(), check_feature()), and what the
 * driver derives from them. */
static void add_efr(struct ctx *c, json_object *o, const char *name)
{
	char *path = xasprintf(SYS_CLASS_IOMMU "/%s/amd-iommu/features", name), *text;
	int err = host_read_line(c->h, path, &text);
	uint64_t efr = 0, efr2 = 0;
	enum features_format fmt = FEATURES_EFR;
	bool have = false;
	struct amd_caps k;

	if (!err) {
		have = !features_parse(text, c->facts.kmajor, c->facts.kminor, &efr, &efr2, &fmt);
		if (!have)
			ctx_unavailable(c, path, EINVAL, "unrecognised features format");
		free(text);
	} else {
		ctx_unreadable(c, path, err, "cannot read EFR");
	}
	free(path);
	amd_caps_compute(efr, efr2, c->facts.la57, facts_snp(&c->facts) && (efr & EFR_SNP_SUP), &k);
	json_add(o, "features_format", have ? json_object_new_string(features_format_name(fmt)) : NULL);
	efr_json_add(o, have, efr, efr2);
	json_add(o, "capabilities", have ? caps_json(&k) : NULL);
}

/* Does the IOMMU's own register differ from the EFR the driver uses?
 * init.c late_iommu_features_init() logs "EFR mismatch" and keeps the
 * IVHD image then. */
static json_object *efr_mismatch(json_object *o)
{
	const char *g = json_path_str(o, "efr"), *g2 = json_path_str(o, "efr2");
	const char *m = json_path_str(o, "debugfs.mmio_efr"), *m2 = json_path_str(o, "debugfs.mmio_efr2");

	if (!g || !m)
		return NULL;
	return json_new_bool(strcmp(g, m) || (g2 && m2 && strcmp(g2, m2)));
}

static json_object *one_iommu(struct ctx *c, const char *name, int index)
{
	json_object *o = json_object_new_object();
	char *path = xasprintf(SYS_CLASS_IOMMU "/%s/device", name), *dev = NULL;
	int err = host_link_name(c->h, path, &dev);
	struct bdf b;

	if (err && err != -ENOENT)
		ctx_unreadable(c, path, err, "cannot follow the link to the IOMMU's PCI function");
	free(path);
	json_add(o, "name", json_object_new_string(name));
	json_add(o, "iommu_index", json_new_int(index));
	json_add(o, "bdf", json_str_or_null(dev));
	json_add(o, "segment", dev && !bdf_parse(dev, &b) ? json_new_int(b.seg) : NULL);
	free(dev);
	add_cap(c, o, name);
	add_efr(c, o, name);
	json_add(o, "debugfs", c->facts.debugfs_err ? NULL : iommu_debugfs(c, index));
	json_add(o, "efr_mismatch", efr_mismatch(o));
	return o;
}

json_object *collect_iommus(struct ctx *c)
{
	json_object *arr = json_object_new_array();
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_CLASS_IOMMU, &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(c, SYS_CLASS_IOMMU, err, "cannot list IOMMUs");
	for (size_t i = 0; i < n; i++) {
		int index;

		if (sscanf(names[i], "ivhd%d", &index) == 1)
			json_object_array_add(arr, one_iommu(c, names[i], index));
	}
	strv_free(names, n);
	return arr;
}
