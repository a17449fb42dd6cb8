/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IOMMU's PCI capability header (sysfs `cap`), the MMIO control
 * register (0x18), and the smaller debugfs texts (iommuXX/mmio, the
 * first line of iommuXX/cmdbuf): drivers/iommu/amd/amd_iommu_types.h,
 * drivers/iommu/amd/debugfs.c.
 */
#ifndef AMDIOMMUCTL_REGS_H
#define AMDIOMMUCTL_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields.h"

/* X(member, low bit, width, kind, label): the capability header, bit order. */
#define CAP_FIELDS(X)                       \
	X(id,        0, 8, UINT, "CapID")   \
	X(next,      8, 8, UINT, "CapPtr")  \
	X(type,     16, 3, UINT, "CapType") \
	X(rev,      19, 5, UINT, "CapRev")  \
	X(iotlb_sup, 24, 1, FLAG, "IotlbSup") \
	X(ht_tunnel, 25, 1, FLAG, "HtTunnel") \
	X(np_cache, 26, 1, FLAG, "NpCache") \
	X(efr_sup,  27, 1, FLAG, "EFRSup")  \
	X(cap_ext,  28, 1, FLAG, "CapExt")

#define CAP_TYPE_FLAG bool
#define CAP_TYPE_UINT unsigned

struct amd_cap {
	uint32_t raw;
#define X(m, lo, wd, kind, label) CAP_TYPE_##kind m;
	CAP_FIELDS(X)
#undef X
};

extern const struct field cap_field_table[];
void amd_cap_decode(uint32_t raw, struct amd_cap *out);

/*
 * Bit fields of the control register (MMIO 0x18), in bit order.  Single
 * bits have one name; multi-bit fields name each non-zero value
 * ("InvTimeout=1ms"): the field's name is the part before '='.
 */
struct ctrl_field {
	unsigned char lo, width;
	const char *names[8]; /* names[v] for value v (single bit: names[1]) */
};

/* The table, *n entries. */
const struct ctrl_field *control_fields(size_t *n);
/* Names of set control bits ("IOMMUEn", "EventLogEn", "InvTimeout=1ms",
 * ...), in bit order; returns the count written. */
size_t control_bit_names(uint64_t ctrl, const char **names, size_t max);

/*
 * iommuXX/mmio: "Offset:0x%x Value:0x%016llx" lines (a captured tree may
 * hold several).  Returns 0, -ENOENT when no line has @offset, -ENODATA
 * for the "Please provide..." message.
 */
int mmio_find(const char *text, unsigned offset, uint64_t *val);
/* iommuXX/cmdbuf first line: "CMD Buffer Head Offset:%d Tail Offset:%d". */
int cmdbuf_head_tail(const char *text, unsigned *head, unsigned *tail);

#endif
