// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IOMMU capability header, the MMIO control register and the small
 * debugfs texts (drivers/iommu/amd/debugfs.c: iommu_mmio_show() prints
 * "Offset:0x%x Value:0x%016llx", iommu_cmdbuf_show() starts with
 * "CMD Buffer Head Offset:%d Tail Offset:%d").  Control register bits:
 * drivers/iommu/amd/amd_iommu_types.h CONTROL_* (CONTROL_GCR3TRPMODE 58,
 * CONTROL_IRTCACHEDIS 59, CONTROL_SNPAVIC_EN 61; GAPPIEn 55 from the
 * AMD spec).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "regs.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIELD(w, lo, width) ((unsigned)field_bits(w, lo, width))

/* ---- PCI capability header ---------------------------------------------- */

const struct field cap_field_table[] = {
#define X(m, lo, wd, kind, label) { #m, label, 0, lo, wd, FIELD_##kind, 0, NULL },
	CAP_FIELDS(X)
#undef X
	{ NULL }
};

void amd_cap_decode(uint32_t raw, struct amd_cap *out)
{
	const struct field *f = cap_field_table;
	uint64_t w = raw;

	memset(out, 0, sizeof(*out));
	out->raw = raw;
#define X(m, lo, wd, kind, label) out->m = (CAP_TYPE_##kind)field_value(f++, &w);
	CAP_FIELDS(X)
#undef X
}

/* ---- MMIO control register --------------------------------------------- */

static const struct ctrl_field ctrl_fields[] = {
	{ 0, 1, { NULL, "IOMMUEn" } },
	{ 1, 1, { NULL, "HtTunEn" } },
	{ 2, 1, { NULL, "EventLogEn" } },
	{ 3, 1, { NULL, "EventIntEn" } },
	{ 4, 1, { NULL, "ComWaitIntEn" } },
	/* CTRL_INV_TO_*: 0 none, 1 1ms, ... 6 100s, 7 reserved */
	{ 5, 3, { NULL, "InvTimeout=1ms", "InvTimeout=10ms", "InvTimeout=100ms",
		  "InvTimeout=1s", "InvTimeout=10s", "InvTimeout=100s",
		  "InvTimeout=7" } },
	{ 8, 1, { NULL, "PassPW" } },
	{ 9, 1, { NULL, "ResPassPW" } },
	{ 10, 1, { NULL, "Coherent" } },
	{ 11, 1, { NULL, "Isoc" } },
	{ 12, 1, { NULL, "CmdBufEn" } },
	{ 13, 1, { NULL, "PPRLogEn" } },
	{ 14, 1, { NULL, "PPRIntEn" } },
	{ 15, 1, { NULL, "PPREn" } },
	{ 16, 1, { NULL, "GTEn" } },
	{ 17, 1, { NULL, "GAEn" } },
	/* Linux sets only bit 25 (CONTROL_GAM_EN): GAM=1 is guest vAPIC mode */
	{ 25, 3, { NULL, "GAM=1", "GAM=2", "GAM=3", "GAM=4", "GAM=5", "GAM=6",
		   "GAM=7" } },
	{ 28, 1, { NULL, "GALogEn" } },
	{ 29, 1, { NULL, "GAIntEn" } },
	/* CONTROL_NUM_INT_REMAP_MODE: 1 = 2048 IRTEs per device */
	{ 43, 2, { NULL, "NumIntRemapMode=1", "NumIntRemapMode=2",
		   "NumIntRemapMode=3" } },
	{ 45, 1, { NULL, "EPHEn" } },
	{ 50, 1, { NULL, "XTEn" } },
	{ 51, 1, { NULL, "IntCapXTEn" } },
	{ 55, 1, { NULL, "GAPPIEn" } },
	{ 58, 1, { NULL, "GCR3TRPMode" } },
	{ 59, 1, { NULL, "IRTCacheDis" } },
	{ 61, 1, { NULL, "SNPAVICEn" } },
};

const struct ctrl_field *control_fields(size_t *n)
{
	*n = ARRAY_SIZE(ctrl_fields);
	return ctrl_fields;
}

size_t control_bit_names(uint64_t ctrl, const char **names, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(ctrl_fields) && n < max; i++) {
		const struct ctrl_field *f = &ctrl_fields[i];
		unsigned v = FIELD(ctrl, f->lo, f->width);

		if (v && f->names[v])
			names[n++] = f->names[v];
	}
	return n;
}

/* ---- debugfs texts -------------------------------------------------------- */

int mmio_find(const char *text, unsigned offset, uint64_t *val)
{
	const char *p = text;

	if (!strncmp(text, "Please provide", 14))
		return -ENODATA;
	while (*p) {
		unsigned off;
		unsigned long long v;
		int n = 0;

		if (sscanf(p, "Offset:0x%x Value:0x%16llx%n", &off, &v, &n) == 2 &&
		    n > 0 && (p[n] == '\n' || p[n] == '\0')) {
			if (off == offset) {
				*val = v;
				return 0;
			}
		} else {
			return -EINVAL;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return -ENOENT;
}

int cmdbuf_head_tail(const char *text, unsigned *head, unsigned *tail)
{
	int n = 0;

	if (sscanf(text, "CMD Buffer Head Offset:%u Tail Offset:%u%n", head,
		   tail, &n) != 2 || n == 0 || (text[n] != '\n' && text[n]))
		return -EINVAL;
	return 0;
}
