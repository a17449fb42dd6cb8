// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: amd-ring.c (status register, command buffer and logs).
 * Register values are lines of debugfs iommu00/mmio captured under
 * Linux 7.3 on QEMU's AMD IOMMU (the reference samples
 * qemu-amd-iommu-linux-7.3/{stock-default,efr-override-gats2-pgtbl_v2,
 * efr-override-nest}/debugfs-amd-mmio.txt); the expected values are
 * worked out by hand from amd_iommu_types.h as amd-ring.h cites.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "amd.h"
#include "amd-ring.h"
#include "tap.h"

/* stock-default: the registers the rings use, as the kernel printed them
 * (one line per offset written, as the qemu73 fixture trees hold them) */
static const char stock_default[] =
	"Offset:0x8 Value:0x09000000001a2000\n"
	"Offset:0x10 Value:0x09000000003d8000\n"
	"Offset:0x18 Value:0x000000000003148f\n"
	"Offset:0x38 Value:0x0000000000000000\n"
	"Offset:0x2000 Value:0x0000000000001150\n"
	"Offset:0x2008 Value:0x0000000000001150\n"
	"Offset:0x2010 Value:0x0000000000000000\n"
	"Offset:0x2018 Value:0x0000000000000000\n"
	"Offset:0x2020 Value:0x0000000000000018\n"
	"Offset:0x2030 Value:0x0000000000000000\n"
	"Offset:0x2038 Value:0x0000000000000000\n";

/* efr-override-nest: a PPR log is set up (0x38) and enabled in control */
static const char nest[] =
	"Offset:0x8 Value:0x09000000001a2000\n"
	"Offset:0x18 Value:0x040020000003f48f\n"
	"Offset:0x38 Value:0x09000000003a8000\n"
	"Offset:0x2020 Value:0x0000000000000018\n"
	"Offset:0x2030 Value:0x0000000000000000\n"
	"Offset:0x2038 Value:0x0000000000000000\n";

static void test_status(void)
{
	const char *names[16];
	size_t n, nbits;
	const struct amd_status_bit *bits = amd_status_bits(&nbits);

	is_u64(nbits, 11, "11 named status bits (10 MMIO_STATUS_*_MASK + CmdBufRun)");
	/* MMIO_STATUS_*_MASK positions: BIT(0) EVT_OVERFLOW ... BIT(10) GALOG_INT */
	is_u64(AMD_STATUS_EVT_OVERFLOW | AMD_STATUS_EVT_INT | AMD_STATUS_COM_WAIT_INT |
	       AMD_STATUS_EVT_RUN | AMD_STATUS_CMDBUF_RUN | AMD_STATUS_PPR_OVERFLOW |
	       AMD_STATUS_PPR_INT | AMD_STATUS_PPR_RUN | AMD_STATUS_GALOG_RUN |
	       AMD_STATUS_GALOG_OVERFLOW | AMD_STATUS_GALOG_INT, 0x7ff, "bits 10:0");
	for (size_t i = 1; i < nbits; i++)
		ok(bits[i].mask == bits[i - 1].mask << 1, "table in bit order at %s", bits[i].name);

	/* every sample: 0x18 = bit 3 EventLogRun + bit 4 CmdBufRun */
	n = amd_status_names(0x18, names, 16);
	ok(n == 2 && !strcmp(names[0], "EventLogRun") && !strcmp(names[1], "CmdBufRun"),
	   "0x18: EventLogRun CmdBufRun");
	is_u64(amd_status_unknown(0x18), 0, "0x18: nothing unnamed");
	/* event log overflow + its interrupt, PPR overflow, GA overflow */
	n = amd_status_names(0x1 | 0x2 | 0x20 | 0x200, names, 16);
	ok(n == 4 && !strcmp(names[0], "EventOverflow") && !strcmp(names[1], "EventLogInt") &&
	   !strcmp(names[2], "PPROverflow") && !strcmp(names[3], "GALogOverflow"),
	   "0x223: the three overflows and EventLogInt");
	is_u64(amd_status_unknown(0x7ff | 0x800 | (1ULL << 40)), 0x800 | (1ULL << 40),
	       "bits 11 and 40 are not named");
	ok(amd_status_names(0x7ff, names, 3) == 3, "names stop at max");
}

static void test_stock(void)
{
	struct amd_ring_state s;
	struct amd_ring_flags f;
	uint64_t ctrl, status;

	/*
	 * Command buffer: 0x8 = 0x09000000001a2000: length code 59:56 = 9
	 * -> 512 entries of 16 bytes (MMIO_CMD_SIZE_512), base 0x1a2000;
	 * head = tail = 0x1150 -> index 0x115 = 277, nothing pending.
	 */
	ok(amd_ring_from_mmio_text(AMD_RING_COMMAND, stock_default, &s) == 0, "command from text");
	ok(s.configured && s.consistent, "command: configured, consistent");
	is_u64(s.base_addr, 0x1a2000, "command base address");
	is_u64(s.len_code, 9, "command length code");
	is_u64(s.entries, 512, "command entries (CMD_BUFFER_ENTRIES)");
	is_u64(s.size_bytes, 8192, "command size (CMD_BUFFER_SIZE)");
	is_u64(s.head, 0x1150, "command head offset");
	is_u64(s.head_index, 277, "command head index");
	is_u64(s.used, 0, "command: head == tail, nothing pending");

	/* event log 0x10 = 0x09000000003d8000: 512 entries at 0x3d8000, empty */
	ok(amd_ring_from_mmio_text(AMD_RING_EVENT, stock_default, &s) == 0, "event from text");
	ok(s.configured && s.consistent, "event: configured, consistent");
	is_u64(s.base_addr, 0x3d8000, "event base address");
	is_u64(s.entries, 512, "event entries (EVTLOG_SIZE_DEF / 16)");
	is_u64(s.used, 0, "event log empty");

	/* PPR log 0x38 = 0: the driver set none up (no PPR in stock QEMU) */
	ok(amd_ring_from_mmio_text(AMD_RING_PPR, stock_default, &s) == 0, "ppr from text");
	ok(!s.configured && s.entries == 0 && !s.consistent, "ppr: not configured");

	/* GA log: the sample has no 0xe0/0x2040/0x2048 line */
	ok(amd_ring_from_mmio_text(AMD_RING_GA, stock_default, &s) == -ENOENT,
	   "ga: registers not in the capture -> -ENOENT");

	/*
	 * control 0x3148f: bits 0-3, 7, 10, 12, 16, 17 -> CmdBufEn (12) and
	 * EventLogEn (2) set, PPRLogEn (13) and GALogEn (28) clear.
	 */
	mmio_find(stock_default, 0x18, &ctrl);
	mmio_find(stock_default, 0x2020, &status);
	amd_ring_flags(AMD_RING_COMMAND, ctrl, status, &f);
	ok(f.enabled && f.running && !f.stalled && !f.overflow && !f.interrupt,
	   "command: enabled, running (CmdBufRun)");
	amd_ring_flags(AMD_RING_EVENT, ctrl, status, &f);
	ok(f.enabled && f.running && !f.stalled && !f.overflow, "event: enabled, running");
	amd_ring_flags(AMD_RING_PPR, ctrl, status, &f);
	ok(!f.enabled && !f.running && !f.stalled, "ppr: off");
	amd_ring_flags(AMD_RING_GA, ctrl, status, &f);
	ok(!f.enabled && !f.running && !f.stalled, "ga: off");
}

static void test_samples(void)
{
	struct amd_ring_state s;
	struct amd_ring_flags f;

	/* efr-override-gats2-pgtbl_v2: command head = tail = 0x2e0 -> index 46 */
	amd_ring_decode(AMD_RING_COMMAND, 0x09000000001a2000ULL, 0x2e0, 0x2e0, &s);
	is_u64(s.tail_index, 46, "gats2: command tail index 0x2e0 / 16");
	is_u64(s.used, 0, "gats2: command idle");

	/*
	 * efr-override-nest: PPR 0x38 = 0x09000000003a8000 -> 512 entries
	 * at 0x3a8000; control 0x040020000003f48f has PPRLogEn (bit 13) but
	 * status 0x18 no PPRLogRun (bit 7): QEMU does not run a PPR log.
	 */
	ok(amd_ring_from_mmio_text(AMD_RING_PPR, nest, &s) == 0, "nest: ppr from text");
	ok(s.configured && s.consistent && s.entries == 512 && s.base_addr == 0x3a8000,
	   "nest: ppr log 512 entries at 0x3a8000");
	amd_ring_flags(AMD_RING_PPR, 0x040020000003f48fULL, 0x18, &f);
	ok(f.enabled && !f.running && f.stalled, "nest: ppr enabled but not running");
}

/* Values made by hand for what the samples do not show. */
static void test_made(void)
{
	struct amd_ring_state s;
	struct amd_ring_flags f;

	/* wrapped: head index 511 (0x1ff0), tail index 1 (0x10): 2 pending */
	amd_ring_decode(AMD_RING_EVENT, 0x0900000000100000ULL, 0x1ff0, 0x10, &s);
	ok(s.consistent, "wrapped: consistent");
	is_u64(s.used, 2, "wrapped: (1 - 511) mod 512 = 2");
	/* tail one behind head: full but one */
	amd_ring_decode(AMD_RING_COMMAND, 0x0900000000100000ULL, 0x20, 0x10, &s);
	is_u64(s.used, 511, "command: tail just behind head = 511 pending");
	/* the SNP erratum size: code 0xf -> 32768 entries, 512 KiB */
	amd_ring_decode(AMD_RING_EVENT, 0x0f00000000100000ULL, 0x7fff0, 0x7fff0, &s);
	ok(s.consistent && s.entries == 32768 && s.size_bytes == 512 * 1024 &&
	   s.head_index == 32767, "code 0xf: 32768 entries (EVTLOG_SIZE_MAX)");
	/* a pointer past a 512-entry ring */
	amd_ring_decode(AMD_RING_EVENT, 0x0900000000100000ULL, 0, 0x2000, &s);
	ok(!s.consistent && s.used == 0, "tail 0x2000 outside an 8 KiB ring: inconsistent");
	/* low bits set in a 16-byte ring's pointer */
	amd_ring_decode(AMD_RING_EVENT, 0x0900000000100000ULL, 0x8, 0x10, &s);
	ok(!s.consistent, "head 0x8 is not a 16-byte entry: inconsistent");
	/* reserved length code */
	amd_ring_decode(AMD_RING_COMMAND, 0x0700000000100000ULL, 0, 0, &s);
	ok(s.configured && s.entries == 0 && !s.consistent, "code 7 (reserved): no size");
	/* GA log: GA_LOG_SIZE_512 = 0x8 << 56, 8-byte entries, bits 18:3 */
	amd_ring_decode(AMD_RING_GA, 0x0800000000200000ULL, 0xff8, 0x8, &s);
	ok(s.consistent && s.entries == 512 && s.size_bytes == 4096, "ga: 512 x 8 bytes");
	is_u64(s.head_index, 511, "ga: head 0xff8 = index 511");
	is_u64(s.used, 2, "ga: (1 - 511) mod 512 = 2");
	amd_ring_decode(AMD_RING_GA, 0x0900000000200000ULL, 0, 0, &s);
	ok(s.entries == 0, "ga: code 9 is not decoded");
	/* overflow: EventOverflow with EventLogEn, run bit cleared */
	amd_ring_flags(AMD_RING_EVENT, 1ULL << 2, AMD_STATUS_EVT_OVERFLOW | AMD_STATUS_EVT_INT, &f);
	ok(f.enabled && f.overflow && f.interrupt && !f.running && f.stalled,
	   "event overflow: stalled, interrupt pending");
	amd_ring_flags(AMD_RING_GA, 1ULL << 28, AMD_STATUS_GALOG_RUN | AMD_STATUS_GALOG_OVERFLOW, &f);
	ok(f.enabled && f.running && f.overflow && !f.stalled, "ga overflow while running");
	amd_ring_flags(AMD_RING_COMMAND, 1ULL << 12, AMD_STATUS_COM_WAIT_INT, &f);
	ok(f.interrupt && !f.overflow && f.stalled, "command: ComWaitInt, not running");

	/* the descriptors */
	ok(amd_ring_desc(AMD_RING_N) == NULL, "no descriptor past the last ring");
	ok(!strcmp(amd_ring_desc(AMD_RING_GA)->name, "ga") &&
	   amd_ring_desc(AMD_RING_GA)->head_offset == 0x2040 &&
	   amd_ring_desc(AMD_RING_GA)->tail_offset == 0x2048 &&
	   amd_ring_desc(AMD_RING_PPR)->head_offset == 0x2030 &&
	   amd_ring_desc(AMD_RING_EVENT)->head_offset == 0x2010 &&
	   amd_ring_desc(AMD_RING_COMMAND)->tail_offset == 0x2008,
	   "offsets as MMIO_*_HEAD/TAIL_OFFSET");
}

int main(void)
{
	test_status();
	test_stock();
	test_samples();
	test_made();
	return done_testing();
}
