// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: evcount.c.  The records are written in the /dev/kmsg format
 * (Documentation/ABI/testing/dev-kmsg: "PRI,SEQ,TS_USEC,FLAGS;MESSAGE",
 * then " KEY=value" lines) with the messages the kernel prints:
 *  - pci_err(pdev, ...) in amd_iommu_report_page_fault() and _rmp_fault():
 *    "DRIVER BDF: AMD-Vi: Event logged [TYPE ...]", level 3 (KERN_ERR);
 *  - pr_err_ratelimited(...) when the device has no dev_data:
 *    "AMD-Vi: Event logged [TYPE device=BDF ...]";
 *  - dev_err(iommu->iommu.dev, ...) in iommu_print_event(): "iommu ivhd0:
 *    AMD-Vi: Event logged [...]" (class "iommu", device "ivhd0");
 *  - lib/ratelimit.c: "%s: %d callbacks suppressed\n" at KERN_WARNING
 *    (___ratelimit()'s printk_deferred() up to 6.15; "%s: %u ..." with
 *    pr_warn() in ratelimit_end_interval() since), level 4, no prefix;
 *  - pr_info_ratelimited("IOMMU %s log restarting\n") (init.c, level 6),
 *    pr_alert("IOMMU %04x:%02x:%02x.%01x: Completion-Wait loop timed
 *    out\n") (iommu.c wait_on_sem(), level 1).
 * Expected counts are counted by hand from the records below.
 */
#include "config.h"

#include <string.h>

#include "amd.h"
#include "evcount.h"
#include "tap.h"

static const char klog[] =
	/* seq 100: not ours */
	"6,100,1000000,-;pci 0000:00:03.0: [1af4:1000] type 00 class 0x020000\n"
	" SUBSYSTEM=pci\n"
	" DEVICE=+pci:0000:00:03.0\n"
	/* 101-103: pci_err form, the device in the prefix (dev_data path) */
	"3,101,5000000,-;pci 0000:00:03.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0002 address=0xfee00000 flags=0x0020]\n"
	" SUBSYSTEM=pci\n"
	" DEVICE=+pci:0000:00:03.0\n"
	"3,102,5000100,-;virtio-pci 0000:00:03.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0002 address=0xfee01000 flags=0x0020]\n"
	"3,103,5000200,-;pci 0000:00:03.0: AMD-Vi: Event logged [RMP_PAGE_FAULT vmg_tag=0x0001, gpa=0x1000, flags_rmp=0x0001, flags=0x0000]\n"
	/* 104: the drop report of 00:03.0's ratelimit state (dev_data->rs) */
	"4,104,11000000,-;amd_iommu_report_page_fault: 37 callbacks suppressed\n"
	"3,105,11000001,-;pci 0000:00:03.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0002 address=0xfee02000 flags=0x0020]\n"
	/* 106: pr_err_ratelimited form, device= in the text (no dev_data) */
	"3,106,12000000,-;AMD-Vi: Event logged [IO_PAGE_FAULT device=0001:40:00.0 domain=0x0000 address=0x1000 flags=0x0000]\n"
	/* 107: dev_err on the IOMMU, then its Control Reg and DTE lines */
	"3,107,13000000,-;iommu ivhd0: AMD-Vi: Event logged [ILLEGAL_DEV_TABLE_ENTRY device=0000:00:05.0 pasid=0x00000 address=0x0 flags=0x0000]\n"
	" SUBSYSTEM=iommu\n"
	" DEVICE=+iommu:ivhd0\n"
	"3,108,13000001,-;iommu ivhd0: AMD-Vi: Control Reg : 0x3148f\n"
	"3,109,13000002,-;AMD-Vi: DTE[0]: 0000000000000003\n"
	/* 110: an event without a device */
	"3,110,14000000,-;iommu ivhd0: AMD-Vi: Event logged [ILLEGAL_COMMAND_ERROR address=0x12345]\n"
	"3,111,14000001,-;AMD-Vi: CMD[0]: 00000000\n"
	/* 112: a suppressed line of another subsystem: not ours */
	"4,112,15000000,-;e1000e_xmit_frame: 5 callbacks suppressed\n"
	/* 113-114: the "Device not attached" pair -> IO_PAGE_FAULT of 00:06.0,
	 * with the drop report of the second line's own state in between */
	"3,113,16000000,-;AMD-Vi: Event logged [Device not attached to domain properly]\n"
	"4,114,16000001,-;amd_iommu_report_page_fault: 2 callbacks suppressed\n"
	"3,115,16000002,-;AMD-Vi:   device=0000:00:06.0 domain=0x0000\n"
	/* 116: health: event log restarting (after an overflow) */
	"6,116,17000000,-;AMD-Vi: IOMMU Event log restarting\n"
	"4,117,17000001,-;amd_iommu_restart_log: 4 callbacks suppressed\n"
	"6,118,18000000,-;AMD-Vi: IOMMU Event log restarting\n"
	"1,119,19000000,-;AMD-Vi: IOMMU 0000:00:00.2: Completion-Wait loop timed out\n"
	/* 120: malformed */
	"3,120,20000000,-;AMD-Vi: Event logged [IO_PAGE_FAULT domain=zz]\n"
	/* seq 121-129 lost (ring buffer overwritten) */
	"3,130,21000000,-;iommu ivhd0: AMD-Vi: Event logged [INVALID_PPR_REQUEST device=0000:00:03.0 pasid=0x00001 address=0x2000 flags=0x0011 tag=0x005]\n"
	/* a newer kernel's type */
	"3,131,22000000,-;iommu ivhd0: AMD-Vi: Event logged [SHINY_NEW_EVENT device=0000:00:03.0 address=0x1]\n"
	/* a "Device not attached" line whose device line never came */
	"3,132,23000000,-;AMD-Vi: Event logged [Device not attached to domain properly]\n"
	"garbage line\n";

static const struct evc_event *find(const struct evc_event *e, size_t n, enum evc_dev dev,
				    const char *bdf, const char *type)
{
	struct bdf b = { 0 };

	if (bdf)
		bdf_parse(bdf, &b);
	for (size_t i = 0; i < n; i++)
		if (e[i].dev == dev && !strcmp(e[i].type, type) &&
		    (dev != EVC_DEV || bdf_equal(&e[i].device, &b)))
			return &e[i];
	return NULL;
}

static uint64_t count_of(const struct evc_event *e, size_t n, enum evc_dev dev,
			 const char *bdf, const char *type)
{
	const struct evc_event *x = find(e, n, dev, bdf, type);

	return x ? x->count : 0;
}

static void test_log(void)
{
	struct evcount *c = evcount_new(0);
	const struct evc_event *e, *x;
	const struct evc_suppressed *s;
	const struct evc_health *h;
	struct evc_totals t;
	size_t n, ns, nh;
	char bdf[BDF_STRLEN];

	evcount_buffer(c, klog, sizeof(klog) - 1);
	n = evcount_events(c, &e);
	evcount_totals(c, &t);

	/* 00:03.0: IO_PAGE_FAULT at 101, 102, 105; RMP 103; PPR 130; new 131 */
	is_u64(count_of(e, n, EVC_DEV, "0000:00:03.0", "IO_PAGE_FAULT"), 3,
	       "00:03.0 IO_PAGE_FAULT: pci_err form, any driver name (101, 102, 105)");
	x = find(e, n, EVC_DEV, "0000:00:03.0", "IO_PAGE_FAULT");
	ok(x && x->first_usec == 5000000 && x->last_usec == 11000001,
	   "00:03.0 IO_PAGE_FAULT first 5.000000 s, last 11.000001 s");
	is_u64(count_of(e, n, EVC_DEV, "0000:00:03.0", "RMP_PAGE_FAULT"), 1,
	       "00:03.0 RMP_PAGE_FAULT (comma-separated fields)");
	is_u64(count_of(e, n, EVC_DEV, "0000:00:03.0", "INVALID_PPR_REQUEST"), 1,
	       "00:03.0 INVALID_PPR_REQUEST from device= of a dev_err on ivhd0");
	is_u64(count_of(e, n, EVC_DEV, "0000:00:03.0", "SHINY_NEW_EVENT"), 1,
	       "a newer kernel's type is kept by name");
	is_u64(count_of(e, n, EVC_DEV, "0001:40:00.0", "IO_PAGE_FAULT"), 1,
	       "0001:40:00.0 IO_PAGE_FAULT (pr_err form, segment 1)");
	is_u64(count_of(e, n, EVC_DEV, "0000:00:05.0", "ILLEGAL_DEV_TABLE_ENTRY"), 1,
	       "00:05.0 ILLEGAL_DEV_TABLE_ENTRY (Control Reg and DTE lines not counted)");
	is_u64(count_of(e, n, EVC_DEV_NONE, NULL, "ILLEGAL_COMMAND_ERROR"), 1,
	       "ILLEGAL_COMMAND_ERROR has no device");
	x = find(e, n, EVC_DEV, "0000:00:06.0", "IO_PAGE_FAULT");
	ok(x && x->count == 1 && x->first_usec == 16000000,
	   "the Device not attached pair is one IO_PAGE_FAULT of 00:06.0 at the first line's time");
	is_u64(count_of(e, n, EVC_DEV_NONE, NULL, "IO_PAGE_FAULT"), 1,
	       "a Device not attached line without its device line: no device");
	is_u64(n, 9, "9 (device, type) entries");
	is_u64(t.events, 11, "11 events: 3+1+1+1+1+1+1+1 + 00:06.0 + the unpaired one");
	is_u64(t.malformed, 1, "one malformed event (domain=zz)");
	is_u64(t.devices, 4, "4 devices named: 00:03.0 00:05.0 00:06.0 0001:40:00.0");
	ok(!t.device_cap_reached && t.other_device_events == 0, "cap not reached");
	/* sorted: 0000:00:03.0 (INVALID_PPR_REQUEST IO_PAGE_FAULT RMP_PAGE_FAULT
	 * SHINY_NEW_EVENT), 0000:00:05.0, 0000:00:06.0, 0001:40:00.0, then none
	 * (ILLEGAL_COMMAND_ERROR IO_PAGE_FAULT) */
	bdf_format(&e[0].device, bdf);
	ok(!strcmp(bdf, "0000:00:03.0") && !strcmp(e[0].type, "INVALID_PPR_REQUEST") &&
	   !strcmp(e[3].type, "SHINY_NEW_EVENT"), "first entries: 00:03.0 by type");
	bdf_format(&e[6].device, bdf);
	ok(!strcmp(bdf, "0001:40:00.0") && e[6].dev == EVC_DEV, "segment 1 after segment 0");
	ok(e[7].dev == EVC_DEV_NONE && !strcmp(e[7].type, "ILLEGAL_COMMAND_ERROR") &&
	   e[8].dev == EVC_DEV_NONE && !strcmp(e[8].type, "IO_PAGE_FAULT"),
	   "events without a device last, by type");

	ns = evcount_suppressed(c, &s);
	ok(ns >= 5 && !strcmp(s[0].function, "amd_iommu_report_page_fault"),
	   "suppressed table starts with amd_iommu_report_page_fault");
	ok(s[0].lines == 2 && s[0].callbacks == 39 && s[0].first_usec == 11000000 &&
	   s[0].last_usec == 16000001, "amd_iommu_report_page_fault: 2 lines, 37 + 2 dropped");
	for (size_t i = 0; i < ns; i++)
		if (!strcmp(s[i].function, "amd_iommu_restart_log"))
			ok(s[i].lines == 1 && s[i].callbacks == 4,
			   "amd_iommu_restart_log: 4 log-restart messages dropped");
	{
		uint64_t lines = 0;

		for (size_t i = 0; i < ns; i++)
			lines += s[i].lines;
		is_u64(lines, 3, "e1000e_xmit_frame's line is not counted");
	}

	nh = evcount_health(c, &h);
	ok(nh >= 2 && !strcmp(h[0].key, "event_log_restart") && h[0].count == 2 &&
	   h[0].first_usec == 17000000 && h[0].last_usec == 18000000,
	   "event_log_restart: 2, 17 s to 18 s");
	for (size_t i = 0; i < nh; i++) {
		if (!strcmp(h[i].key, "completion_wait_timeout"))
			ok(h[i].count == 1, "completion_wait_timeout: 1");
		if (!strcmp(h[i].key, "ppr_log_restart"))
			ok(h[i].count == 0, "ppr_log_restart: listed with 0");
	}

	/* 100..120 and 130..132 read: 24 records, 9 lost (121-129) */
	ok(t.have_seq && t.first_seq == 100 && t.last_seq == 132, "seq 100 to 132");
	is_u64(t.seq_gaps, 9, "9 records missing (121-129)");
	is_u64(t.records, 24, "24 records (continuation lines belong to theirs)");
	is_u64(t.unparsed, 1, "one line that is no record");
	evcount_free(c);
}

/* One record at a time, as --follow feeds them. */
static enum evc_kind feed(struct evcount *c, const char *rec, struct amd_event *ev)
{
	struct kmsg_rec k;

	if (kmsg_parse_record(rec, strlen(rec), &k))
		return (enum evc_kind)-1;
	return evcount_record(c, &k, ev);
}

static void test_follow(void)
{
	struct evcount *c = evcount_new(0);
	struct amd_event ev;
	char bdf[BDF_STRLEN];

	ok(feed(c, "3,1,10,-;vfio-pci 0000:41:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0011 address=0xdead000 flags=0x0010]", &ev) == EVC_EVENT,
	   "follow: an event");
	bdf_format(&ev.device, bdf);
	ok(!strcmp(ev.type, "IO_PAGE_FAULT") && ev.has_device && !strcmp(bdf, "0000:41:00.0") &&
	   ev.has_address && ev.address == 0xdead000, "follow: the decoded event is returned");
	ok(feed(c, "4,2,20,-;amd_iommu_report_ppr_err: 9 callbacks suppressed", NULL) == EVC_SUPPRESSED,
	   "follow: suppressed");
	ok(feed(c, "6,3,30,-;AMD-Vi: IOMMU GA log restarting", NULL) == EVC_HEALTH, "follow: health");
	ok(feed(c, "6,4,40,-;Linux version 7.3.4", NULL) == EVC_OTHER, "follow: other");
	ok(feed(c, "3,5,50,-;AMD-Vi: Event logged [Device not attached to domain properly]", &ev) == EVC_OTHER,
	   "follow: Device not attached waits");
	ok(feed(c, "3,6,51,-;AMD-Vi:   device=0000:41:00.1 domain=0x0000", &ev) == EVC_EVENT,
	   "follow: its device line makes the event");
	bdf_format(&ev.device, bdf);
	ok(!strcmp(ev.type, "IO_PAGE_FAULT") && !strcmp(bdf, "0000:41:00.1"),
	   "follow: IO_PAGE_FAULT of 41:00.1");
	ok(feed(c, "3,7,60,-;AMD-Vi: Event logged [IO_PAGE_FAULT domain=zz]", NULL) == EVC_MALFORMED,
	   "follow: malformed");
	/* PRI 11 = LOG_USER (1) << 3 | 3: what `echo "<3>..." > /dev/kmsg` logs
	 * (devkmsg_write() never keeps facility 0); 131 = LOG_LOCAL0 << 3 | 3 */
	ok(feed(c, "11,8,70,-;AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:41:00.0 domain=0x0001 address=0x0 flags=0x0000]", &ev) == EVC_OTHER &&
	   feed(c, "131,9,80,-;amd_iommu_report_page_fault: 5 callbacks suppressed", NULL) == EVC_OTHER &&
	   feed(c, "12,10,90,-;AMD-Vi: IOMMU Event log restarting", NULL) == EVC_OTHER,
	   "follow: records injected from userspace are not counted");
	{
		struct evc_totals t;

		evcount_totals(c, &t);
		ok(t.events == 2 && t.records == 10 && t.seq_gaps == 0,
		   "follow: 2 events; the injected records still count for the sequence");
	}
	evcount_free(c);
}

/* The device cap: memory stays bounded, the excess is counted as other. */
static void test_cap(void)
{
	struct evcount *c = evcount_new(2);
	const struct evc_event *e;
	struct evc_totals t;
	char rec[200];
	size_t n;

	for (int i = 0; i < 5; i++) {
		snprintf(rec, sizeof(rec),
			 "3,%d,%d,-;AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:%02x.0 domain=0x0001 address=0x0 flags=0x0000]",
			 i, 1000 + i, 0x10 - i);
		feed(c, rec, NULL);
		feed(c, rec, NULL); /* twice each */
	}
	n = evcount_events(c, &e);
	evcount_totals(c, &t);
	/* devices 0x10 and 0x0f are named, 0x0e 0x0d 0x0c go to other */
	is_u64(n, 3, "cap 2: two named entries and one other");
	ok(t.device_cap_reached && t.devices == 2 && t.max_devices == 2, "cap reached and said");
	is_u64(t.other_device_events, 6, "3 devices x 2 events counted as other");
	is_u64(count_of(e, n, EVC_DEV_OTHER, NULL, "IO_PAGE_FAULT"), 6, "other entry holds 6");
	is_u64(count_of(e, n, EVC_DEV, "0000:00:0f.0", "IO_PAGE_FAULT"), 2, "named 0f.0 holds 2");
	ok(e[0].device.dev == 0x0f && e[1].device.dev == 0x10 && e[2].dev == EVC_DEV_OTHER,
	   "sorted: 0f.0, 10.0, other");
	is_u64(t.events, 10, "10 events in all");
	/* a named device's new type is still counted by name */
	feed(c, "3,9,9,-;AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=0000:00:10.0 address=0x0]", NULL);
	n = evcount_events(c, &e);
	is_u64(count_of(e, n, EVC_DEV, "0000:00:10.0", "IOTLB_INV_TIMEOUT"), 1,
	       "a named device keeps its name for a new type at the cap");
	evcount_free(c);
}

int main(void)
{
	test_log();
	test_follow();
	test_cap();
	return done_testing();
}
