/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Counting AMD-Vi events in the kernel log (/dev/kmsg records), for
 * `metrics`, `show events --summary` and `show events --follow`.  Pure:
 * records in, counts out; memory bounded by the device cap.
 *
 * What is counted, per record (kmsg_parse_record() format
 * "PRI,SEQ,TS_USEC,FLAGS;MESSAGE"), of the kernel's own records only
 * (facility 0; devkmsg_write() logs what userspace writes to /dev/kmsg
 * with LOG_USER or the facility given, never 0):
 *  - EVC_EVENT: an "AMD-Vi: Event logged [TYPE ...]" message
 *    (amd_event_parse(): iommu_print_event(), amd_iommu_report_*() in
 *    drivers/iommu/amd/iommu.c), counted per (device, type) with the
 *    first and last time.  The device is the event's device= or the
 *    pci_err()/dev_err() prefix; events that name none (ILLEGAL_COMMAND_
 *    ERROR, COMMAND_HARDWARE_ERROR) count under EVC_DEV_NONE.  The pair
 *    "Event logged [Device not attached to domain properly]" + "  device=
 *    D domain=X" (amd_iommu_report_page_fault(), a device without a
 *    domain) counts as one IO_PAGE_FAULT of D.
 *  - EVC_SUPPRESSED: "FUNC: N callbacks suppressed", the line
 *    lib/ratelimit.c prints at KERN_WARNING when a ratelimit interval ends
 *    with N messages dropped (___ratelimit()'s printk_deferred() up to
 *    6.15, ratelimit_end_interval()'s pr_warn() since; the same text;
 *    lib/ is not in the extracted 7.3 tree); counted per FUNC
 *    for the functions of the IOMMU drivers whose messages are
 *    ratelimited (evcount_ratelimited_functions()).  The event counts are
 *    lower bounds: the dropped messages are not in them, and a device's
 *    ratelimit state (dev_data->rs, shared by its IO_PAGE_FAULT and RMP
 *    messages) reports its drops only when it logs again after the
 *    interval.
 *  - EVC_HEALTH: the driver's event-log health messages ("IOMMU Event log
 *    restarting", "Completion-Wait loop timed out", ...), per key
 *    (evcount_health_messages()).
 *  - EVC_MALFORMED: an "Event logged [" message amd_event_parse() rejects
 *    (counted, not attributed).
 *  - EVC_OTHER: anything else (not counted).
 *
 * Bounds: at most @max_devices distinct devices are counted by name; the
 * events of further devices are counted under EVC_DEV_OTHER and
 * evcount_totals() says how many.  Event types: the kernel's names, plus
 * up to EVC_MAX_EXTRA_TYPES other [A-Z_] words (a newer kernel), then
 * "OTHER".
 */
#ifndef AMDIOMMUCTL_EVCOUNT_H
#define AMDIOMMUCTL_EVCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "amd.h"

#define EVC_MAX_EXTRA_TYPES 8
#define EVC_DEFAULT_MAX_DEVICES 256

enum evc_kind { EVC_OTHER, EVC_EVENT, EVC_SUPPRESSED, EVC_HEALTH, EVC_MALFORMED };

enum evc_dev { EVC_DEV, EVC_DEV_NONE, EVC_DEV_OTHER };

struct evc_event {
	enum evc_dev dev;
	struct bdf device;           /* EVC_DEV only */
	const char *type;            /* "IO_PAGE_FAULT", ...; static */
	uint64_t count;
	uint64_t first_usec, last_usec;
};

struct evc_suppressed {
	const char *function;        /* static */
	uint64_t lines;              /* "callbacks suppressed" lines */
	uint64_t callbacks;          /* the sum of their N: messages dropped */
	uint64_t first_usec, last_usec;
};

struct evc_health {
	const char *key;             /* "event_log_restart", ... */
	const char *text;            /* the kernel's message it matches */
	uint64_t count;
	uint64_t first_usec, last_usec;
};

struct evc_totals {
	uint64_t records;            /* records parsed */
	uint64_t unparsed;           /* lines that were no kmsg record */
	uint64_t events;             /* all EVC_EVENT */
	uint64_t malformed;
	uint64_t other_device_events;/* counted under EVC_DEV_OTHER */
	size_t devices;              /* distinct devices counted by name */
	size_t max_devices;
	bool device_cap_reached;
	/* sequence numbers: a first above 0 or gaps mean records were lost
	 * (ring buffer overwritten, or a filtered capture) */
	bool have_seq;
	uint64_t first_seq, last_seq, seq_gaps;
};

struct evcount;

/* NULL: out of memory.  @max_devices 0 means EVC_DEFAULT_MAX_DEVICES. */
struct evcount *evcount_new(size_t max_devices);
void evcount_free(struct evcount *c);

/*
 * Count one parsed record.  When it is an event and @ev is not NULL,
 * *ev is the decoded event (for --follow).  A "Device not attached" line
 * waits for its "device=" line: it is counted (and returned as EVC_EVENT,
 * with *ev filled) by the call that brings that line, or by the next
 * call or evcount_flush() as an event without a device.
 */
enum evc_kind evcount_record(struct evcount *c, const struct kmsg_rec *k,
			     struct amd_event *ev);
/*
 * Count every record of a /dev/kmsg read: records separated by '\n',
 * continuation lines (" KEY=value") belong to the record before them.
 * Calls evcount_flush() at the end.
 */
void evcount_buffer(struct evcount *c, const char *buf, size_t len);
/* Count a waiting "Device not attached" line without its device. */
void evcount_flush(struct evcount *c);

/*
 * The counts: events sorted by device (named devices in BDF order, then
 * none, then other) and type; suppressed and health in the order of
 * their tables, every entry, zero counts too (counters that exist from
 * the start).  Valid until the next count.
 */
size_t evcount_events(struct evcount *c, const struct evc_event **out);
size_t evcount_suppressed(struct evcount *c, const struct evc_suppressed **out);
size_t evcount_health(struct evcount *c, const struct evc_health **out);
void evcount_totals(const struct evcount *c, struct evc_totals *out);

/* The functions whose "callbacks suppressed" lines are counted. */
const char *const *evcount_ratelimited_functions(size_t *n);

#endif
