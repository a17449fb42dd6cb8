// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IOMMU commands: drivers/iommu/amd/amd_iommu_types.h CMD_* and
 * drivers/iommu/amd/iommu.c build_completion_wait, build_inv_dte,
 * build_inv_iommu_pages, build_inv_iotlb_pages, build_complete_ppr,
 * build_inv_all, build_inv_irt; the text of debugfs iommuXX/cmdbuf
 * (iommu_cmdbuf_show(): "%3d: %08x %08x %08x %08x").
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "iommu-cmd.h"
#include "textutil.h"

/* ---- command buffer ----------------------------------------------------- */

int cmdbuf_parse_line(const char *line, unsigned *index, uint32_t w[4])
{
	size_t n = line_len(line);
	const char *p = line;
	unsigned idx;
	unsigned long v[4];
	int used = 0;

	while (*p == ' ')
		p++;
	if (sscanf(p, "%u: %8lx %8lx %8lx %8lx%n", &idx, &v[0], &v[1], &v[2],
		   &v[3], &used) != 5 || (size_t)(p - line) + (size_t)used != n)
		return -EINVAL;
	/* every word is exactly 8 hex digits */
	p = strchr(p, ':') + 1;
	for (int i = 0; i < 4; i++) {
		if (*p != ' ' || !hex_all(p + 1, 8))
			return -EINVAL;
		p += 9;
		w[i] = (uint32_t)v[i];
	}
	*index = idx;
	return 0;
}

const char *amd_cmd_name(unsigned op)
{
	static const char *const n[] = {
		[AMD_CMD_COMPLETION_WAIT] = "COMPLETION_WAIT",
		[AMD_CMD_INV_DEVTAB_ENTRY] = "INVALIDATE_DEVTAB_ENTRY",
		[AMD_CMD_INV_IOMMU_PAGES] = "INVALIDATE_IOMMU_PAGES",
		[AMD_CMD_INV_IOTLB_PAGES] = "INVALIDATE_IOTLB_PAGES",
		[AMD_CMD_INV_INTERRUPT_TABLE] = "INVALIDATE_INTERRUPT_TABLE",
		[AMD_CMD_PREFETCH_IOMMU_PAGES] = "PREFETCH_IOMMU_PAGES",
		[AMD_CMD_COMPLETE_PPR_REQUEST] = "COMPLETE_PPR_REQUEST",
		[AMD_CMD_INV_IOMMU_ALL] = "INVALIDATE_IOMMU_ALL",
	};

	return op < sizeof(n) / sizeof(n[0]) ? n[op] : NULL;
}

/*
 * The S bit encodes a naturally aligned range: the lowest clear address
 * bit at or above 12 is bit b, the range is 2^(b+1) bytes (build_inv_address).
 * All ones up to bit 51 (CMD_INV_IOMMU_ALL_PAGES_ADDRESS) means everything.
 */
static void decode_range(struct amd_cmd *c, uint64_t addr_word, bool s)
{
	uint64_t a = addr_word & ~0xfffULL;
	unsigned b = 12;

	c->has_addr = true;
	c->address = a;
	c->s = s;
	if (!s) {
		c->size_log2 = 12;
		c->range_base = a;
		return;
	}
	while (b < 64 && (a >> b) & 1)
		b++;
	if (b >= 51) {
		c->all = true;
		c->size_log2 = 64;
		c->range_base = 0;
		return;
	}
	c->size_log2 = b + 1;
	c->range_base = a & ~((1ULL << (b + 1)) - 1);
}

void amd_cmd_decode(const uint32_t w[4], struct amd_cmd *c)
{
	uint64_t q23 = (uint64_t)w[3] << 32 | w[2];

	memset(c, 0, sizeof(*c));
	memcpy(c->w, w, sizeof(c->w));
	c->opcode = w[1] >> 28;
	c->zero = !(w[0] | w[1] | w[2] | w[3]);
	switch (c->opcode) {
	case AMD_CMD_COMPLETION_WAIT:
		c->store = w[0] & 1;
		c->intr = (w[0] >> 1) & 1;
		c->flush_queue = (w[0] >> 2) & 1;
		c->has_addr = c->store;
		c->address = (uint64_t)(w[1] & 0xfffff) << 32 | (w[0] & ~7U);
		c->store_data = q23;
		break;
	case AMD_CMD_INV_DEVTAB_ENTRY:
	case AMD_CMD_INV_INTERRUPT_TABLE:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		break;
	case AMD_CMD_INV_IOMMU_PAGES:
		c->pasid = w[0] & 0xfffff;
		c->has_domid = true;
		c->domid = (uint16_t)w[1];
		c->pde = (w[2] >> 1) & 1;
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		decode_range(c, q23, w[2] & 1);
		break;
	case AMD_CMD_INV_IOTLB_PAGES:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		c->qdep = w[0] >> 24;
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		c->pasid = ((w[0] >> 16) & 0xff) << 8 | ((w[1] >> 16) & 0xff);
		decode_range(c, q23, w[2] & 1);
		break;
	case AMD_CMD_PREFETCH_IOMMU_PAGES:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		c->pasid = w[1] & 0xfffff;
		decode_range(c, q23, w[2] & 1);
		break;
	case AMD_CMD_COMPLETE_PPR_REQUEST:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		c->pasid = w[1] & 0xfffff;
		c->tag = w[3] & 0x1ff;
		c->status = (w[3] >> 12) & 0xf;
		break;
	default:
		break;
	}
}

