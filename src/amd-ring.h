/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The AMD IOMMU's four rings in MMIO space and the status register that
 * says whether they run: the command buffer (written by the driver, read
 * by the IOMMU) and the event, PPR and GA logs (written by the IOMMU,
 * read by the driver).  Pure decoders: register values in, values out.
 *
 * Offsets and bits from drivers/iommu/amd/amd_iommu_types.h (Linux 7.3):
 *   base registers  MMIO_CMD_BUF_OFFSET 0x08, MMIO_EVT_BUF_OFFSET 0x10,
 *                   MMIO_PPR_LOG_OFFSET 0x38, MMIO_GA_LOG_BASE_OFFSET 0xe0:
 *                   address bits 51:12, length code bits 59:56
 *                   (MMIO_CMD_SIZE_SHIFT, EVTLOG_SIZE_SHIFT, ... = 56);
 *   head / tail     MMIO_CMD_HEAD/TAIL 0x2000/0x2008, MMIO_EVT_HEAD/TAIL
 *                   0x2010/0x2018, MMIO_PPR_HEAD/TAIL 0x2030/0x2038,
 *                   MMIO_GA_HEAD/TAIL 0x2040/0x2048: a byte offset into
 *                   the ring (MMIO_CMD_HEAD_MASK GENMASK(18, 4); the driver
 *                   steps them by the entry size modulo the ring size in
 *                   iommu_poll_events(), amd_iommu_poll_ppr_log(),
 *                   iommu_poll_ga_log(), __iommu_queue_command_sync());
 *   control 0x18    CONTROL_CMDBUF_EN 12, CONTROL_EVT_LOG_EN 2,
 *                   CONTROL_PPRLOG_EN 13, CONTROL_GALOG_EN 28;
 *   status 0x2020   MMIO_STATUS_*_MASK (see amd_status_bits()).
 * Length codes the driver writes: 0x9 = 512 entries for the command
 * buffer (MMIO_CMD_SIZE_512), event and PPR logs (EVTLOG_LEN_MASK_DEF,
 * PPRLOG_LEN_MASK_DEF), 0xf = 32768 (EVTLOG_LEN_MASK_MAX, the SNP erratum
 * size), so entries = 2^code for the 16-byte rings; the GA log's code
 * 0x8 means 512 8-byte entries (GA_LOG_SIZE_512) and is the only GA code
 * decoded.
 */
#ifndef AMDIOMMUCTL_AMD_RING_H
#define AMDIOMMUCTL_AMD_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AMD_MMIO_CONTROL 0x18
#define AMD_MMIO_STATUS  0x2020

/* ---- status register (MMIO 0x2020) ----------------------------------- */

#define AMD_STATUS_EVT_OVERFLOW   (1u << 0)  /* MMIO_STATUS_EVT_OVERFLOW_MASK */
#define AMD_STATUS_EVT_INT        (1u << 1)  /* MMIO_STATUS_EVT_INT_MASK */
#define AMD_STATUS_COM_WAIT_INT   (1u << 2)  /* MMIO_STATUS_COM_WAIT_INT_MASK */
#define AMD_STATUS_EVT_RUN        (1u << 3)  /* MMIO_STATUS_EVT_RUN_MASK */
/* Not named by the kernel: the AMD IOMMU specification's CmdBufRun (QEMU:
 * AMDVI_MMIO_STATUS_CMDBUF_RUN); set in every Linux 7.3 sample, whose
 * control register has CmdBufEn. */
#define AMD_STATUS_CMDBUF_RUN     (1u << 4)
#define AMD_STATUS_PPR_OVERFLOW   (1u << 5)  /* MMIO_STATUS_PPR_OVERFLOW_MASK */
#define AMD_STATUS_PPR_INT        (1u << 6)  /* MMIO_STATUS_PPR_INT_MASK */
#define AMD_STATUS_PPR_RUN        (1u << 7)  /* MMIO_STATUS_PPR_RUN_MASK */
#define AMD_STATUS_GALOG_RUN      (1u << 8)  /* MMIO_STATUS_GALOG_RUN_MASK */
#define AMD_STATUS_GALOG_OVERFLOW (1u << 9)  /* MMIO_STATUS_GALOG_OVERFLOW_MASK */
#define AMD_STATUS_GALOG_INT      (1u << 10) /* MMIO_STATUS_GALOG_INT_MASK */

struct amd_status_bit {
	uint32_t mask;
	const char *name;  /* the specification's name: "EventOverflow", ... */
	const char *what;  /* one line for people */
};

/* The named bits, lowest first; *n is set to their count. */
const struct amd_status_bit *amd_status_bits(size_t *n);
/* Names of the set named bits, lowest first; the count written (<= max). */
size_t amd_status_names(uint64_t status, const char **names, size_t max);
/* The set bits no entry of amd_status_bits() names. */
uint64_t amd_status_unknown(uint64_t status);

/* ---- the rings -------------------------------------------------------- */

enum amd_ring { AMD_RING_COMMAND, AMD_RING_EVENT, AMD_RING_PPR, AMD_RING_GA, AMD_RING_N };

struct amd_ring_desc {
	const char *name;          /* "command" "event" "ppr" "ga" */
	unsigned base_offset, head_offset, tail_offset;
	unsigned entry_size;       /* bytes: 16, or 8 for the GA log */
	uint64_t pointer_mask;     /* valid bits of head and tail */
	uint64_t control_enable;   /* the control register's enable bit */
	uint32_t status_run, status_overflow, status_int; /* 0: none */
	bool iommu_writes;         /* true: a log the IOMMU fills */
};

/* NULL for a value outside the enum. */
const struct amd_ring_desc *amd_ring_desc(enum amd_ring r);

struct amd_ring_state {
	enum amd_ring ring;
	uint64_t base_raw, head_raw, tail_raw;
	uint64_t base_addr;        /* bits 51:12 of the base register */
	unsigned len_code;         /* bits 59:56 */
	bool configured;           /* a base address is set */
	uint32_t entries;          /* capacity; 0 when not configured or the
				    * length code is not one decoded */
	uint32_t size_bytes;       /* entries * entry_size */
	uint32_t head, tail;       /* byte offsets (pointer fields) */
	uint32_t head_index, tail_index;
	/*
	 * Entries written and not yet consumed, (tail - head) mod entries:
	 * commands the IOMMU has still to fetch, log entries the driver has
	 * still to read.  Valid only when @consistent.
	 */
	uint32_t used;
	/* head and tail are inside the ring and only pointer bits are set */
	bool consistent;
};

void amd_ring_decode(enum amd_ring r, uint64_t base, uint64_t head,
		     uint64_t tail, struct amd_ring_state *out);

/*
 * The same from the text of debugfs iommuXX/mmio reads (a captured tree
 * holds one "Offset:0x%x Value:0x%016llx" line per offset).  0, or
 * mmio_find()'s error for the first of the three registers missing.
 */
int amd_ring_from_mmio_text(enum amd_ring r, const char *text, struct amd_ring_state *out);

struct amd_ring_flags {
	bool enabled;              /* control: the ring's enable bit */
	bool running;              /* status: the ring's run bit */
	bool overflow;             /* status: overflow (logs only) */
	bool interrupt;            /* status: interrupt pending (command:
				    * ComWaitInt) */
	bool stalled;              /* enabled but not running */
};

void amd_ring_flags(enum amd_ring r, uint64_t control, uint64_t status,
		    struct amd_ring_flags *out);

#endif
