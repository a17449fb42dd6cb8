/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IOMMU commands (the command buffer): drivers/iommu/amd/amd_iommu_types.h
 * CMD_*, drivers/iommu/amd/iommu.c build_* (what the driver writes), and
 * the debugfs `iommuXX/cmdbuf` text.
 */
#ifndef AMDIOMMUCTL_IOMMU_CMD_H
#define AMDIOMMUCTL_IOMMU_CMD_H

#include <stdbool.h>
#include <stdint.h>

/* One 128-bit command (drivers/iommu/amd/iommu.c build_* and CMD_*). */
enum {
	AMD_CMD_COMPLETION_WAIT = 1,
	AMD_CMD_INV_DEVTAB_ENTRY = 2,
	AMD_CMD_INV_IOMMU_PAGES = 3,
	AMD_CMD_INV_IOTLB_PAGES = 4,
	AMD_CMD_INV_INTERRUPT_TABLE = 5,
	AMD_CMD_PREFETCH_IOMMU_PAGES = 6,
	AMD_CMD_COMPLETE_PPR_REQUEST = 7,
	AMD_CMD_INV_IOMMU_ALL = 8,
};

struct amd_cmd {
	uint32_t w[4];
	unsigned opcode;          /* word 1 bits 31:28 */
	bool zero;                /* all four words 0: unused slot */
	bool has_devid, has_domid, has_pasid, has_addr;
	uint16_t devid, domid;
	uint32_t pasid;
	uint64_t address;         /* page address, or the store address */
	bool s, pde, gn;          /* size, PDE, guest (PASID) bits */
	bool all;                 /* the S-encoded range covers everything */
	unsigned size_log2;       /* range is 1 << size_log2 bytes (12: one page) */
	uint64_t range_base;      /* start of the S-encoded range */
	/* COMPLETION_WAIT */
	bool store, intr, flush_queue;
	uint64_t store_data;
	/* INVALIDATE_IOTLB_PAGES: queue depth; COMPLETE_PPR_REQUEST */
	unsigned qdep, tag, status;
};

/* "%3d: %08x %08x %08x %08x".  0 or -EINVAL. */
int cmdbuf_parse_line(const char *line, unsigned *index, uint32_t w[4]);
void amd_cmd_decode(const uint32_t w[4], struct amd_cmd *out);
/* "COMPLETION_WAIT", ... ; NULL for an unknown opcode. */
const char *amd_cmd_name(unsigned opcode);

#endif
