// SPDX-License-Identifier: GPL-2.0-or-later
/* Device table entries in the model: from the field table of dte.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "errors.h"
#include "json.h"
#include "model.h"
#include "util.h"

static json_object *field_json(const struct field *f, const struct dte *d)
{
	uint64_t v = field_value(f, d->raw);

	if ((f->flags & DTE_IF_GV) && !d->gv)
		return NULL;
	return json_field_value(f->kind, v);
}

/* The kernel names IOMMU N "ivhdN" in sysfs and "iommuNN" in debugfs:
 * the same iommu->index (drivers/iommu/amd/init.c, debugfs.c). */
const char *iommu_name(int index, char buf[16])
{
	if (index < 0)
		return NULL;
	snprintf(buf, 16, "ivhd%d", index);
	return buf;
}

json_object *dte_to_json(const struct dte *d, int iommu_index, bool full)
{
	json_object *o = json_object_new_object(), *raw = json_object_new_array();
	char name[16];

	json_add(o, "class", json_object_new_string(dte_class_name(d->cls)));
	json_add(o, "levels", d->levels ? json_new_int(d->levels) : NULL);
	for (const struct field *f = dte_field_table; f->key; f++)
		if (full || (f->flags & DTE_SUMMARY))
			json_add(o, f->key, field_json(f, d));
	json_add(o, "iommu", json_str_or_null(iommu_name(iommu_index, name)));
	for (int i = 0; i < 4; i++)
		json_object_array_add(raw, json_hex64(d->raw[i]));
	json_add(o, "raw", raw);
	if (full) {
		json_add(o, "explanation", json_object_new_string(dte_class_explain(d->cls)));
		json_add(o, "pasid_table", json_new_bool(d->pasid_table));
	}
	return o;
}

/*
 * IntTabLen (DTE bits 132:129, q2 4:1) is log2 of the table's entries:
 * 2^IntTabLen.  drivers/iommu/amd/amd_iommu_types.h: DTE_IRQ_TABLE_LEN
 * (9ULL << 1) for MAX_IRQS_PER_TABLE 512 in older kernels, the field
 * DTE_INTTABLEN_MASK with DTE_INTTABLEN_512 / _2K (9 / 11) in 7.x
 * (iommu.c set_dte_irq_entry()).  Without IV the field means nothing: null.
 */
json_object *dte_detail_json(const struct dte *d, int iommu_index)
{
	json_object *o = dte_to_json(d, iommu_index, true);

	json_add(o, "irt_entries", d->iv ? json_new_int(1LL << d->int_tab_len) : NULL);
	return o;
}

json_object *collect_dte(struct ctx *c, const struct bdf *b, int *err)
{
	struct dte d;
	uint64_t raw[4];
	int idx = -1;
	json_object *o;
	char name[BDF_STRLEN];

	*err = c->facts.debugfs_err ? c->facts.debugfs_err : host_read_dte(c->h, b, raw, &idx);
	if (*err)
		return NULL;
	dte_decode(raw, &d);
	o = json_object_new_object();
	bdf_format(b, name);
	json_add(o, "bdf", json_object_new_string(name));
	json_add(o, "dte", dte_to_json(&d, idx, true));
	return o;
}

int read_dte(struct ctx *c, const struct bdf *b, struct dte *d, int *iommu_index)
{
	uint64_t raw[4];
	int err = c->facts.debugfs_err;
	char name[BDF_STRLEN], *src;

	if (!err)
		err = host_read_dte(c->h, b, raw, iommu_index);
	if (!err) {
		dte_decode(raw, d);
		return 0;
	}
	/* a problem of the whole file is reported once, not per device */
	if (err == c->facts.debugfs_err || (err != -ENODEV && err != -EBUSY && err != -EINVAL)) {
		ctx_unavailable(c, HOST_DEBUGFS_AMD "/devtbl", err,
				errno_hint_text(devtbl_errors, err));
		return err;
	}
	bdf_format(b, name);
	src = xasprintf(HOST_DEBUGFS_AMD "/devtbl (%s)", name);
	/* the callers read DTEs of devices sysfs puts behind an ivhd only */
	ctx_unavailable(c, src, err, err == -ENODEV ?
			(host_is_live(c->h) ? "the driver refused the debugfs selection although sysfs puts the device behind an IOMMU" :
			 "the capture has no device table entry for it although sysfs puts it behind an IOMMU") :
			errno_hint_text(devtbl_errors, err));
	free(src);
	if (err == -EBUSY)
		c->dte_contended = true;
	return err;
}
