// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: amd-decode.c (irqtbl, cmdbuf, kmsg, AMD-Vi events).
 * Expected values are worked out by hand from the kernel's layouts:
 *   union irte / irte_ga_lo / irte_ga_hi (amd_iommu_types.h),
 *   build_completion_wait, build_inv_* and build_complete_ppr (iommu.c),
 *   the texts of drivers/iommu/amd/debugfs.c and iommu_print_event().
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "amd.h"
#include "tap.h"

static void test_irte(void)
{
	struct irte_info e;

	/* qemu73-ir: hi 0x22 (vector), lo 0x101: V=1, destination[23:0] = 1 */
	ok(irte_parse_line("IRT[0004] 0000000000000022 0000000000000101", &e) == 0,
	   "GA line parses");
	is_u64(e.index, 4, "GA index");
	ok(e.ga && e.valid && !e.guest_mode && !e.dest_logical, "GA: 128-bit, valid, remapped, physical");
	is_u64(e.vector, 0x22, "GA vector from hi 7:0");
	is_u64(e.destination, 1, "GA destination from lo 31:8");
	is_str(irte_int_type_name(e.int_type), "fixed", "GA delivery mode fixed");

	/*
	 * vAPIC: lo = ga_tag 0xdeadbeef | dest 0x123456 << 8 | GM 0x80 |
	 * IsRun 0x40 | GALogIntr 0x4 | V 0x1; hi = dest[31:24] 0x78 << 56 |
	 * ga_root_ptr 0x12345 << 12 | vector 0x41.
	 */
	ok(irte_parse_line("IRT[0511] 7800000012345041 deadbeef123456c5\n", &e) == 0,
	   "vAPIC line parses (trailing newline)");
	ok(e.guest_mode && e.is_run && e.ga_log_intr, "vAPIC: GuestMode, IsRun, GALogIntr");
	is_u64(e.destination, 0x78123456, "vAPIC destination split lo 31:8 + hi 63:56");
	is_u64(e.ga_tag, 0xdeadbeef, "GA tag lo 63:32");
	is_u64(e.ga_root, 0x12345000, "vAPIC root pointer hi 51:12");
	is_u64(e.vector, 0x41, "vAPIC vector");

	/* legacy 0x00ef0341: V=1, DM (bit 6) = 1, dest 15:8 = 3, vector 23:16 = 0xef */
	ok(irte_parse_line("IRT[0003] 00ef0341", &e) == 0, "legacy line parses");
	ok(!e.ga && e.valid && e.dest_logical, "legacy: 32-bit, valid, logical");
	is_u64(e.destination, 3, "legacy destination");
	is_u64(e.vector, 0xef, "legacy vector");
	/* int_type 4:2 = 4 -> NMI: 0x11 = V | 4 << 2 */
	ok(irte_parse_line("IRT[0000] 00000011", &e) == 0 &&
	   !strcmp(irte_int_type_name(e.int_type), "nmi"), "legacy int_type 4 is nmi");

	ok(irte_parse_line("IRT[0001] 00000000000000zz 0000000000000001", &e) == -EINVAL,
	   "non-hex GA rejected");
	ok(irte_parse_line("IRT[0001] 0001", &e) == -EINVAL, "short legacy rejected");
	ok(irte_parse_line("garbage", &e) == -EINVAL, "garbage rejected");
	/* found by tests/fuzz/fuzz-irqtbl: sscanf's %x took the '-' */
	ok(irte_parse_line("IRT[0009]-0De00100", &e) == -EINVAL,
	   "fuzz: legacy line with a sign instead of the blank rejected");
	ok(irte_parse_line("IRT[0009]-0000000000000022 0000000000000101", &e) == -EINVAL,
	   "fuzz: GA line with a sign instead of the blank rejected");
	ok(irte_parse_line("IRT[0x09] 00000011", &e) == -EINVAL, "non-decimal index rejected");

	/*
	 * tests/fixtures/boundary (derivations in tests/cli/boundary.sh):
	 * remapped, lo 0x47 = V, NoFault, int_type 1, DM; dest 0xabcdef +
	 * hi 63:56 0x12; ga_tag 0x80000001; vector 0xef
	 */
	ok(irte_parse_line("IRT[0000] 12000000000000ef 80000001abcdef47", &e) == 0,
	   "boundary remapped line parses");
	ok(e.valid && e.no_fault && e.dest_logical && !e.guest_mode && !e.rq_eoi,
	   "boundary remapped: V, NoFault, logical, not guest mode");
	is_str(irte_int_type_name(e.int_type), "arbitrated", "boundary remapped: int_type 1 arbitrated");
	is_u64(e.destination, 0x12abcdef, "boundary remapped: x2APIC destination");
	is_u64(e.ga_tag, 0x80000001, "boundary remapped: GA tag bit 63");
	is_u64(e.vector, 0xef, "boundary remapped: vector 0xef");
	/* vAPIC: ga_root_ptr (hi 51:12) 0x8123456789 -> bit 51; ga_tag 0xfedc0001 */
	ok(irte_parse_line("IRT[0005] a508123456789041 fedc0001000012c5", &e) == 0,
	   "boundary vAPIC line parses");
	is_u64(e.ga_root, 0x8123456789000, "boundary vAPIC: root with bit 51");
	is_u64(e.ga_tag, 0xfedc0001, "boundary vAPIC: GA tag high bits");
	is_u64(e.destination, 0xa5000012, "boundary vAPIC: destination hi 0xa5, lo 0x12");
	ok(e.guest_mode && e.is_run && e.ga_log_intr && !e.dest_logical,
	   "boundary vAPIC: GuestMode, IsRun, GALogIntr");
}

static const char irqtbl[] =
	"IRQ lookup table not set for 0000:00:00:0\n"
	"IRQ lookup table not set for 0000:00:02:0\n"
	"DeviceId 0000:00:14.0\n"
	"IRT[0001] 0000000000000021 0000000000000001\n"
	"IRT[0004] 0000000000000022 0000000000000101\n"
	"\n"
	"DeviceId 0000:00:03.0\n"
	"IRT[0000] 00000000000000ef 0000000000000001\n"
	"\n";

static void test_irqtbl(void)
{
	struct bdf want;
	struct irte_info e;
	const char *body = NULL, *cur;
	int n = 0, r;

	bdf_parse("00:14.0", &want);
	ok(irqtbl_find(irqtbl, &want, &body) == 0, "section of 00:14.0 found");
	cur = body;
	while ((r = irqtbl_next(&cur, &e)) == 1)
		n++;
	ok(r == 0 && n == 2, "00:14.0 has 2 entries (stops at the empty line)");
	bdf_parse("00:03.0", &want);
	ok(irqtbl_find(irqtbl, &want, &body) == 0 && irqtbl_next(&body, &e) == 1 &&
	   e.vector == 0xef, "second section: 00:03.0 vector 0xef");
	bdf_parse("00:02.0", &want);
	ok(irqtbl_find(irqtbl, &want, &body) == -ENXIO, "not-set message (':' before fn) -> ENXIO");
	bdf_parse("00:1f.0", &want);
	ok(irqtbl_find(irqtbl, &want, &body) == -ENOENT, "device not named -> ENOENT");
	ok(irqtbl_find("Interrupt remapping is disabled\n", &want, &body) == -EOPNOTSUPP,
	   "IR disabled -> EOPNOTSUPP");
	ok(irqtbl_find("The device's DTE contains an invalid IRT length value.", &want, &body) ==
	   -EBADMSG, "invalid IRT length -> EBADMSG");
	ok(irqtbl_find("Enter a valid device ID to 'devid' file\n", &want, &body) == -ENODATA,
	   "no selection -> ENODATA");
	ok(irqtbl_find("", &want, &body) == -ENODATA, "empty -> ENODATA");
	ok(irqtbl_find("hello\n", &want, &body) == -EINVAL, "garbage -> EINVAL");
}

static void test_cmdbuf(void)
{
	unsigned idx;
	uint32_t w[4];
	struct amd_cmd c;

	/* qemu73-stock entry 0: INVALIDATE_IOMMU_PAGES domain 6, S|PDE, all pages */
	ok(cmdbuf_parse_line("  0: 00000000 30000006 fffff003 7fffffff", &idx, w) == 0 &&
	   idx == 0, "cmdbuf line 0 parses");
	amd_cmd_decode(w, &c);
	is_u64(c.opcode, AMD_CMD_INV_IOMMU_PAGES, "opcode 3");
	is_str(amd_cmd_name(c.opcode), "INVALIDATE_IOMMU_PAGES", "name");
	ok(c.has_domid && c.domid == 6 && c.s && c.pde && !c.gn && c.all,
	   "domain 6, S, PDE, whole address space");

	/* 268: COMPLETION_WAIT store to 0x165000, data 0xe */
	ok(cmdbuf_parse_line("268: 00165001 10000000 0000000e 00000000", &idx, w) == 0 &&
	   idx == 268, "cmdbuf line 268 parses");
	amd_cmd_decode(w, &c);
	ok(c.opcode == AMD_CMD_COMPLETION_WAIT && c.store && !c.intr, "COMPLETION_WAIT, store");
	is_u64(c.address, 0x165000, "store address");
	is_u64(c.store_data, 0xe, "store data");

	/* 269: INVALIDATE_DEVTAB_ENTRY devid 0xfa = 00:1f.2 */
	cmdbuf_parse_line("269: 000000fa 20000000 00000000 00000000", &idx, w);
	amd_cmd_decode(w, &c);
	ok(c.opcode == 2 && c.has_devid && c.devid == 0xfa, "INVALIDATE_DEVTAB_ENTRY devid 0xfa");

	/* 277: INVALIDATE_INTERRUPT_TABLE devid 0x18 = 00:03.0 */
	cmdbuf_parse_line("277: 00000018 50000000 00000000 00000000", &idx, w);
	amd_cmd_decode(w, &c);
	ok(c.opcode == 5 && c.devid == 0x18, "INVALIDATE_INTERRUPT_TABLE devid 0x18");

	/* 275: INVALIDATE_IOMMU_ALL */
	cmdbuf_parse_line("275: 00000000 80000000 00000000 00000000", &idx, w);
	amd_cmd_decode(w, &c);
	is_str(amd_cmd_name(c.opcode), "INVALIDATE_IOMMU_ALL", "opcode 8");

	/*
	 * build_inv_iotlb_pages(devid 0x218, qdep 0x20, 0x1000, 0x2000):
	 * w0 = qdep << 24 | devid, w1 = 4 << 28 | devid, address 0x1000|S
	 * (msb_diff 13 -> bits 12 set): range 16K at 0.
	 */
	w[0] = 0x20000218; w[1] = 0x40000218; w[2] = 0x00001001; w[3] = 0;
	amd_cmd_decode(w, &c);
	ok(c.opcode == 4 && c.devid == 0x218 && c.qdep == 0x20 && c.s && !c.all,
	   "INVALIDATE_IOTLB_PAGES devid, qdep, S");
	is_u64(c.size_log2, 14, "S-encoded range is 16K");
	is_u64(c.range_base, 0, "range base 0");

	/* build_complete_ppr(devid 0x10, pasid 0x1234, status 1, tag 5, gn) */
	w[0] = 0x10; w[1] = 0x70001234; w[2] = 4; w[3] = 0x1005;
	amd_cmd_decode(w, &c);
	ok(c.opcode == 7 && c.devid == 0x10 && c.gn && c.pasid == 0x1234 && c.tag == 5 &&
	   c.status == 1, "COMPLETE_PPR_REQUEST fields");

	/* tests/fixtures/boundary iommu00 (derivations in tests/cli/boundary.sh) */
	cmdbuf_parse_line("  0: 00000000 30001234 400ff003 00000000", &idx, w);
	amd_cmd_decode(w, &c);
	is_u64(c.domid, 0x1234, "boundary: INVALIDATE_IOMMU_PAGES domain 0x1234 (16 bits)");
	ok(c.s && c.pde && !c.all, "boundary: S, PDE, not everything");
	is_u64(c.size_log2, 21, "boundary: bits 19:12 set, bit 20 clear: 2 MiB");
	is_u64(c.range_base, 0x40000000, "boundary: range base 0x40000000");
	cmdbuf_parse_line("  1: 00000000 3000ffff fffff003 7fffffff", &idx, w);
	amd_cmd_decode(w, &c);
	ok(c.domid == 0xffff && c.all, "boundary: domain 0xffff, everything");
	/*
	 * build_inv_address() for sz_lg2 = 52, "the highest page size": bit 51
	 * clear, bits 50:12 set, S.  A 2^52-byte range from 0 is the whole
	 * 52-bit IOVA space, shown as everything, as the all-pages address
	 * CMD_INV_IOMMU_ALL_PAGES_ADDRESS is (sz_lg2 > 52).
	 */
	w[0] = 0; w[1] = 0x30000001; w[2] = 0xfffff001; w[3] = 0x0007ffff;
	amd_cmd_decode(w, &c);
	ok(c.s && c.all, "S with bits 50:12 set, bit 51 clear (sz_lg2 52): everything");
	w[3] = 0x0003ffff;
	amd_cmd_decode(w, &c);
	ok(c.s && !c.all && c.size_log2 == 51 && c.range_base == 0,
	   "S with bits 49:12 set, bit 50 clear (sz_lg2 51): 2^51 bytes at 0, not everything");
	cmdbuf_parse_line("  2: 0000a5f3 20000000 00000000 00000000", &idx, w);
	amd_cmd_decode(w, &c);
	is_u64(c.devid, 0xa5f3, "boundary: INVALIDATE_DEVTAB_ENTRY devid 0xa5f3 (16 bits)");
	cmdbuf_parse_line("  3: 20010300 40ab0300 56789004 00001234", &idx, w);
	amd_cmd_decode(w, &c);
	ok(c.opcode == 4 && c.devid == 0x0300 && c.qdep == 0x20 && c.gn && !c.s,
	   "boundary: IOTLB devid 0x300, qdep 32, GN, one page");
	is_u64(c.pasid, 0x1ab, "boundary: IOTLB PASID = w0 23:16 << 8 | w1 23:16");
	is_u64(c.address, 0x123456789000, "boundary: IOTLB address above 4 GiB");
	cmdbuf_parse_line("  4: 89abc001 100af123 00000042 00000001", &idx, w);
	amd_cmd_decode(w, &c);
	is_u64(c.address, 0xaf12389abc000, "boundary: COMPLETION_WAIT store address w1 19:0 << 32 | w0 & ~7 (bit 51)");
	is_u64(c.store_data, 0x100000042, "boundary: COMPLETION_WAIT data words 3:2");

	memset(w, 0, sizeof(w));
	amd_cmd_decode(w, &c);
	ok(c.zero && c.opcode == 0 && amd_cmd_name(0) == NULL, "zero slot is unused");
	ok(amd_cmd_name(15) == NULL, "unknown opcode has no name");
	ok(cmdbuf_parse_line("12: 0000 30000006 fffff003 7fffffff", &idx, w) == -EINVAL,
	   "short word rejected");
	ok(cmdbuf_parse_line("CMD Buffer Head Offset:277 Tail Offset:277", &idx, w) == -EINVAL,
	   "header is not a command");
}

/*
 * amd_iommu_report_page_fault() (drivers/iommu/amd/iommu.c) logs a DMA
 * fault of a device whose dev_data->domain is NULL as two messages:
 *	pr_err_ratelimited("Event logged [Device not attached to domain properly]\n");
 *	pr_err_ratelimited("  device=%04x:%02x:%02x.%x domain=0x%04x\n", ...);
 * with pr_fmt "AMD-Vi: ".  The first was taken for an event of type
 * "Device" and rejected as malformed (-EINVAL); it is an IO_PAGE_FAULT
 * whose device is in the second message.
 */
static void test_not_attached(void)
{
	static const char rec[] =
		"3,113,16000000,-;AMD-Vi: Event logged [Device not attached to domain properly]\n";
	static const char dev[] = "AMD-Vi:   device=0000:00:06.0 domain=0x0012";
	static const char nodom[] = "AMD-Vi:   device=0000:00:06.0";
	static const char ev[] =
		"AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:06.0 domain=0x0001]";
	static const char cut[] = "AMD-Vi: Event logged [Device not attached";
	struct kmsg_rec k;
	struct amd_event e;

	ok(kmsg_parse_record(rec, sizeof(rec) - 1, &k) == 0, "not attached: the record parses");
	ok(amd_event_parse(k.msg, k.msg_len, &e) == 0, "not attached: an event, not malformed");
	is_str(e.type, "IO_PAGE_FAULT", "not attached: an IO_PAGE_FAULT");
	ok(e.not_attached && !e.has_device && !e.has_domain && !e.has_address,
	   "not attached: flagged, device and domain still unknown");
	ok(amd_event_detached_parse(dev, sizeof(dev) - 1, &e) == 0 && e.has_device &&
	   e.device.seg == 0 && e.device.bus == 0 && e.device.dev == 6 && e.device.fn == 0 &&
	   e.has_domain && e.domain == 0x12,
	   "not attached: the second message gives device 0000:00:06.0, domain 0x12");
	ok(amd_event_parse(dev, sizeof(dev) - 1, &e) == -ENOENT,
	   "not attached: the second message alone is no event");
	ok(amd_event_detached_parse(nodom, strlen(nodom), &e) == -ENOENT,
	   "not attached: a device line without domain= is not it");
	ok(amd_event_detached_parse(ev, strlen(ev), &e) == -ENOENT,
	   "not attached: an event message is not the device line");
	ok(amd_event_parse(cut, strlen(cut), &e) == -EINVAL,
	   "not attached: cut short, still malformed");
}

static void test_events(void)
{
	static const char rec[] =
		"3,1234,567890123,-;iommu ivhd0: AMD-Vi: Event logged "
		"[IO_PAGE_FAULT device=0000:00:03.0 domain=0x0007 address=0xfffff000 flags=0x0020]\n"
		" SUBSYSTEM=iommu\n";
	static const char pci[] =
		"vfio-pci 0000:00:04.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0008 "
		"address=0x1000 flags=0x0008]";
	static const char rmp[] =
		"AMD-Vi: Event logged [RMP_PAGE_FAULT device=0000:00:02.0, vmg_tag=0x0001, "
		"gpa=0x123000, flags_rmp=0x0002, flags=0x0020]";
	static const char ppr[] =
		"iommu ivhd0: AMD-Vi: Event logged [INVALID_PPR_REQUEST device=0000:00:02.0 "
		"pasid=0x00001 address=0x2000 flags=0x0011 tag=0x005]";
	struct kmsg_rec k;
	struct amd_event e;
	const char *names[16];
	size_t n;

	ok(kmsg_parse_record(rec, sizeof(rec) - 1, &k) == 0, "kmsg record parses");
	ok(k.level == 3 && k.facility == 0 && k.seq == 1234 && k.ts_usec == 567890123,
	   "level 3, seq 1234, ts");
	ok(amd_event_parse(k.msg, k.msg_len, &e) == 0, "event parses");
	is_str(e.type, "IO_PAGE_FAULT", "type");
	ok(e.has_device && e.device.bus == 0 && e.device.dev == 3 && e.device.fn == 0,
	   "device= 00:03.0");
	is_str(e.iommu, "ivhd0", "iommu from the dev_err prefix");
	ok(e.has_domain && e.domain == 7, "domain 7");
	is_u64(e.address, 0xfffff000, "address");
	n = event_flag_names(e.flags, names, 16);
	ok(n == 1 && !strcmp(names[0], "RW"), "flags 0x0020 = RW");

	ok(amd_event_parse(pci, strlen(pci), &e) == 0 && e.has_device && e.device.dev == 4 &&
	   e.domain == 8, "pci_err form: device from the prefix");
	ok(e.flags == EVENT_FLAG_I, "flags 0x0008 = I (interrupt request)");

	ok(amd_event_parse(rmp, strlen(rmp), &e) == 0, "RMP_PAGE_FAULT parses (comma separated)");
	ok(e.has_vmg_tag && e.vmg_tag == 1 && e.flags_rmp == 2 && e.address == 0x123000 &&
	   !strcmp(e.address_kind, "gpa"), "vmg_tag, flags_rmp, gpa");

	ok(amd_event_parse(ppr, strlen(ppr), &e) == 0 && e.has_tag && e.tag == 5 &&
	   e.pasid == 1, "INVALID_PPR_REQUEST tag and pasid");
	n = event_flag_names(0x1ff, names, 16);
	ok(n == 9 && !strcmp(names[0], "GN") && !strcmp(names[8], "TR"), "all nine flag names");

	ok(amd_event_parse("e1000e 0000:00:02.0: link up", 28, &e) == -ENOENT,
	   "other messages are not events");
	ok(amd_event_parse("AMD-Vi: Event logged [IO_PAGE_FAULT domain=zz]", 46, &e) == -EINVAL,
	   "bad value rejected");
	/* found by tests/fuzz/fuzz-kmsg: the key ran on to the next '=' */
	ok(amd_event_parse("AMD-Vi: Event logged [IO_PAGE_FAULT stray domain=0x0001]", 56, &e) ==
	   -EINVAL, "fuzz: a word without '=' is malformed, it does not hide the next key");
	/* found by tests/fuzz/fuzz-kmsg: NUL bytes in the name gave "ivhd" */
	ok(amd_event_parse("iommu ivhd\0\0: AMD-Vi: Event logged [IOTLB_INV_TIMEOUT address=0x1]",
			   66, &e) == 0 && e.iommu[0] == '\0',
	   "fuzz: an IOMMU name is ivhd and digits, nothing else");
	ok(amd_event_parse("iommu ivhd12: AMD-Vi: Event logged [IOTLB_INV_TIMEOUT address=0x1]",
			   66, &e) == 0 && !strcmp(e.iommu, "ivhd12"), "IOMMU ivhd12 from the prefix");
	test_not_attached();
	ok(kmsg_parse_record("no semicolon", 12, &k) == -EINVAL, "kmsg without ';' rejected");
	ok(kmsg_parse_record("x,1,2,-;m", 9, &k) == -EINVAL, "kmsg bad prefix rejected");
}

static void test_kmsg_filter(void)
{
	char buf[] =
		"6,1,100,-;Linux version 7.3.4\n"
		"6,2,200,-;pci 0000:00:02.0: Adding to iommu group 1\n"
		" SUBSYSTEM=pci\n"
		" DEVICE=+pci:0000:00:02.0\n"
		"6,3,300,-;e1000e 0000:00:02.0: link up\n"
		" SUBSYSTEM=pci\n"
		"3,4,400,-;iommu ivhd0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0007]\n"
		"6,5,500,-;VFIO - User Level meta-driver version: 0.3\n"
		"garbage without a prefix iommu\n"
		"6,6,600,-;AMD-VI: case does not matter\n";
	const char want[] =
		"6,2,200,-;pci 0000:00:02.0: Adding to iommu group 1\n"
		" SUBSYSTEM=pci\n"
		" DEVICE=+pci:0000:00:02.0\n"
		"3,4,400,-;iommu ivhd0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0007]\n"
		"6,5,500,-;VFIO - User Level meta-driver version: 0.3\n"
		"6,6,600,-;AMD-VI: case does not matter\n";
	size_t n = kmsg_keep_iommu(buf, sizeof(buf) - 1);
	char none[] = "6,1,100,-;Linux version\n";

	ok(n == sizeof(want) - 1 && !memcmp(buf, want, n),
	   "kmsg filter keeps IOMMU records with their continuation lines, drops the rest");
	ok(kmsg_keep_iommu(none, sizeof(none) - 1) == 0, "kmsg filter: nothing to keep");
	ok(kmsg_keep_iommu(none, 0) == 0, "kmsg filter: empty input");
}

/*
 * Found by tests/fuzz/fuzz-kmsg: amd_event_parse() scanned the type with
 * strcspn(), past @len when the message is not terminated.  The message
 * here ends at a page that cannot be read: a read past it is a SIGSEGV.
 */
static void test_event_bounds(void)
{
	static const char msg[] = "AMD-Vi: Event logged [IO_PAGE_FAULT";
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct amd_event e;
	char *p;

	if (!ok(map != MAP_FAILED && !mprotect(map + page, (size_t)page, PROT_NONE),
		"guard page set up"))
		return;
	p = map + page - (sizeof(msg) - 1);
	memcpy(p, msg, sizeof(msg) - 1);
	ok(amd_event_parse(p, sizeof(msg) - 1, &e) == 0 && !strcmp(e.type, "IO_PAGE_FAULT"),
	   "fuzz: an unterminated event message is read only up to its length");
	munmap(map, 2 * (size_t)page);
}

int main(void)
{
	test_kmsg_filter();
	test_irte();
	test_irqtbl();
	test_cmdbuf();
	test_events();
	test_event_bounds();
	return done_testing();
}
