// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device table entry decoding: the field table of dte.h, the class of an
 * entry and what it means.  The GCR3 root split (q0 60:58, q1 31:16 and
 * 63:43) and the guest paging mode (q2 55:54) agree with the Linux 7.3
 * samples (v2 root 0x1937000, nested root 0x12345000).
 */
#include "config.h"

#include <string.h>

#include "dte.h"

uint64_t dte_gcr3_root(const uint64_t *raw)
{
	return field_bits(raw[0], 58, 3) << 12 | field_bits(raw[1], 16, 16) << 15 |
	       field_bits(raw[1], 43, 21) << 31;
}

const struct field dte_field_table[] = {
#define X(m, w, lo, wd, kind, label, flags, get) \
	{ #m, label, w, lo, wd, FIELD_##kind, flags, get },
	DTE_FIELDS(X)
#undef X
	{ NULL }
};

/* drivers/iommu/amd: which translation a DTE sets up; rows in this order. */
static enum dte_class classify(const struct dte *d, unsigned *levels, bool *pasid_table)
{
	*levels = 0;
	*pasid_table = false;
	if (!d->v)
		return DTE_UNTRANSLATED;
	if (!d->tv)
		return DTE_BLOCKED;
	if (d->mode == 7)
		return DTE_INVALID;
	if (!d->gv) {
		if (d->mode == 0)
			return (d->ir || d->iw) ? DTE_IDENTITY : DTE_BLOCKED;
		*levels = d->mode;
		return DTE_V1;
	}
	/* GV = 1 */
	if (d->mode != 0) {
		*levels = d->mode;
		return DTE_NESTED;
	}
	if (d->giov) {
		/* guest paging mode 2 and 3 are reserved */
		if (d->guest_paging_mode > 1)
			return DTE_INVALID;
		*levels = d->guest_paging_mode ? 5 : 4;
		return DTE_V2;
	}
	if (d->ir || d->iw) {
		*pasid_table = true;
		return DTE_IDENTITY;
	}
	return DTE_INVALID;
}

void dte_decode(const uint64_t raw[4], struct dte *out)
{
	struct dte d;
	const struct field *f = dte_field_table;

	memset(&d, 0, sizeof(d));
	memcpy(d.raw, raw, sizeof(d.raw));
#define X(m, w, lo, wd, kind, label, flags, get) d.m = (DTE_TYPE_##kind)field_value(f++, raw);
	DTE_FIELDS(X)
#undef X
	d.cls = classify(&d, &d.levels, &d.pasid_table);
	*out = d;
}

static const struct {
	const char *name, *explain;
} dte_classes[] = {
	[DTE_UNTRANSLATED] = { "untranslated",
		"V=0: the entry is not valid, so DMA from this device passes "
		"untranslated (no IOMMU protection)." },
	[DTE_BLOCKED] = { "blocked",
		"V=1 with TV=0, or Mode 0 without IR/IW: DMA from this device is "
		"blocked (kernel blocked domain, e.g. bound to VFIO but not attached)." },
	[DTE_IDENTITY] = { "identity",
		"Mode 0 with IR/IW: DMA passes through untranslated with these "
		"permissions (identity domain); with GV=1 a GCR3 table also "
		"translates PASID traffic." },
	[DTE_V1] = { "v1",
		"V1 host page table rooted at HostPTRoot, as many levels as Mode says: a "
		"normal DMA-API or VFIO/iommufd paging domain." },
	[DTE_V2] = { "v2",
		"V2 (x86-format) page table reached through GCR3 table entry 0 "
		"(GV=1 GIoV=1 Mode 0), 4 or 5 levels from the guest paging mode: "
		"a PASID-capable paging domain." },
	[DTE_NESTED] = { "nested",
		"Nested: host V1 table (Mode levels, the nest parent) plus a "
		"guest GCR3 table (GV=1): an iommufd nested domain for a VM." },
	[DTE_INVALID] = { "invalid",
		"A combination the driver never programs (Mode 7, or GV=1 "
		"without a usable GCR3 setup): re-read it (racing update) or "
		"suspect firmware." },
};

const char *dte_class_name(enum dte_class c)
{
	if ((unsigned)c >= sizeof(dte_classes) / sizeof(dte_classes[0]))
		return "unknown";
	return dte_classes[c].name;
}

const char *dte_class_explain(enum dte_class c)
{
	if ((unsigned)c >= sizeof(dte_classes) / sizeof(dte_classes[0]))
		return "Unknown DTE class.";
	return dte_classes[c].explain;
}
