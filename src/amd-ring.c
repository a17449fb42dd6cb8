// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AMD IOMMU command buffer, event/PPR/GA logs and the status register
 * (see amd-ring.h for the kernel definitions each value comes from).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "amd.h"
#include "amd-ring.h"

static const struct amd_status_bit status_bits[] = {
	{ AMD_STATUS_EVT_OVERFLOW, "EventOverflow", "event log overflowed" },
	{ AMD_STATUS_EVT_INT, "EventLogInt", "event log interrupt pending" },
	{ AMD_STATUS_COM_WAIT_INT, "ComWaitInt", "completion-wait interrupt pending" },
	{ AMD_STATUS_EVT_RUN, "EventLogRun", "event logging running" },
	{ AMD_STATUS_CMDBUF_RUN, "CmdBufRun", "command buffer running" },
	{ AMD_STATUS_PPR_OVERFLOW, "PPROverflow", "PPR log overflowed" },
	{ AMD_STATUS_PPR_INT, "PPRInt", "PPR log interrupt pending" },
	{ AMD_STATUS_PPR_RUN, "PPRLogRun", "PPR logging running" },
	{ AMD_STATUS_GALOG_RUN, "GALogRun", "GA logging running" },
	{ AMD_STATUS_GALOG_OVERFLOW, "GALogOverflow", "GA log overflowed" },
	{ AMD_STATUS_GALOG_INT, "GAInt", "GA log interrupt pending" },
};

#define N_STATUS (sizeof(status_bits) / sizeof(status_bits[0]))

const struct amd_status_bit *amd_status_bits(size_t *n)
{
	*n = N_STATUS;
	return status_bits;
}

size_t amd_status_names(uint64_t status, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < N_STATUS && n < max; i++)
		if (status & status_bits[i].mask)
			names[n++] = status_bits[i].name;
	return n;
}

uint64_t amd_status_unknown(uint64_t status)
{
	for (size_t i = 0; i < N_STATUS; i++)
		status &= ~(uint64_t)status_bits[i].mask;
	return status;
}

#define PTR_16 0x7fff0ULL /* bits 18:4: 16-byte entries */
#define PTR_8  0x7fff8ULL /* bits 18:3: 8-byte GA log entries */

static const struct amd_ring_desc rings[AMD_RING_N] = {
	[AMD_RING_COMMAND] = { "command", 0x08, 0x2000, 0x2008, 16, PTR_16, 1ULL << 12,
			       AMD_STATUS_CMDBUF_RUN, 0, AMD_STATUS_COM_WAIT_INT, false },
	[AMD_RING_EVENT] = { "event", 0x10, 0x2010, 0x2018, 16, PTR_16, 1ULL << 2,
			     AMD_STATUS_EVT_RUN, AMD_STATUS_EVT_OVERFLOW, AMD_STATUS_EVT_INT,
			     true },
	[AMD_RING_PPR] = { "ppr", 0x38, 0x2030, 0x2038, 16, PTR_16, 1ULL << 13,
			   AMD_STATUS_PPR_RUN, AMD_STATUS_PPR_OVERFLOW, AMD_STATUS_PPR_INT,
			   true },
	[AMD_RING_GA] = { "ga", 0xe0, 0x2040, 0x2048, 8, PTR_8, 1ULL << 28,
			  AMD_STATUS_GALOG_RUN, AMD_STATUS_GALOG_OVERFLOW, AMD_STATUS_GALOG_INT,
			  true },
};

const struct amd_ring_desc *amd_ring_desc(enum amd_ring r)
{
	return (unsigned)r < AMD_RING_N ? &rings[r] : NULL;
}

/* Entries for a length code; 0 when not decoded (see amd-ring.h). */
static uint32_t ring_entries(enum amd_ring r, unsigned code)
{
	if (r == AMD_RING_GA)
		return code == 0x8 ? 512 : 0;
	/* 0000b-0111b are reserved; 1000b = 256 ... 1111b = 32768 */
	return code >= 8 ? 1u << code : 0;
}

void amd_ring_decode(enum amd_ring r, uint64_t base, uint64_t head,
		     uint64_t tail, struct amd_ring_state *out)
{
	const struct amd_ring_desc *d = amd_ring_desc(r);

	memset(out, 0, sizeof(*out));
	out->ring = r;
	if (!d)
		return;
	out->base_raw = base;
	out->head_raw = head;
	out->tail_raw = tail;
	out->base_addr = base & 0x000ffffffffff000ULL;
	out->len_code = (unsigned)(base >> 56) & 0xf;
	out->configured = out->base_addr != 0;
	out->head = (uint32_t)(head & d->pointer_mask);
	out->tail = (uint32_t)(tail & d->pointer_mask);
	out->head_index = out->head / d->entry_size;
	out->tail_index = out->tail / d->entry_size;
	if (!out->configured)
		return;
	out->entries = ring_entries(r, out->len_code);
	out->size_bytes = out->entries * d->entry_size;
	if (!out->entries)
		return;
	out->consistent = (head & ~d->pointer_mask) == 0 && (tail & ~d->pointer_mask) == 0 &&
			  out->head < out->size_bytes && out->tail < out->size_bytes;
	if (out->consistent)
		out->used = (out->tail_index + out->entries - out->head_index) % out->entries;
}

int amd_ring_from_mmio_text(enum amd_ring r, const char *text, struct amd_ring_state *out)
{
	const struct amd_ring_desc *d = amd_ring_desc(r);
	uint64_t v[3];
	int err;

	if (!d)
		return -EINVAL;
	err = mmio_find(text, d->base_offset, &v[0]);
	if (!err)
		err = mmio_find(text, d->head_offset, &v[1]);
	if (!err)
		err = mmio_find(text, d->tail_offset, &v[2]);
	if (err)
		return err;
	amd_ring_decode(r, v[0], v[1], v[2], out);
	return 0;
}

void amd_ring_flags(enum amd_ring r, uint64_t control, uint64_t status,
		    struct amd_ring_flags *out)
{
	const struct amd_ring_desc *d = amd_ring_desc(r);

	memset(out, 0, sizeof(*out));
	if (!d)
		return;
	out->enabled = control & d->control_enable;
	out->running = status & d->status_run;
	out->overflow = status & d->status_overflow;
	out->interrupt = status & d->status_int;
	out->stalled = out->enabled && !out->running;
}
