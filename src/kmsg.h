/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /dev/kmsg records and the AMD-Vi event messages the driver logs
 * (drivers/iommu/amd/iommu.c iommu_print_event, amd_iommu_report_page_fault,
 * amd_iommu_report_rmp_fault, amd_iommu_report_rmp_hw_error).
 */
#ifndef AMDIOMMUCTL_KMSG_H
#define AMDIOMMUCTL_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdf.h"

/* One /dev/kmsg record "pri,seq,ts_usec,flags[,...];message". */
struct kmsg_rec {
	unsigned level, facility;
	uint64_t seq, ts_usec;
	const char *msg; /* points into the record, not terminated */
	size_t msg_len;  /* up to the end of the first line */
};
int kmsg_parse_record(const char *rec, size_t len, struct kmsg_rec *out);
/* Where the record that starts at @in of a /dev/kmsg read ends: after its
 * line and the " KEY=value" continuation lines. */
size_t kmsg_record_end(const char *buf, size_t len, size_t in);
/*
 * Keep only the records of a /dev/kmsg read whose message mentions the
 * IOMMU ("iommu", "AMD-Vi", "IVRS", "ivhd", "vfio", any case), with their
 * continuation lines; compacts @buf in place and returns the new length.
 */
size_t kmsg_keep_iommu(char *buf, size_t len);

/*
 * An AMD-Vi "Event logged [TYPE key=value ...]" kernel message
 * (iommu_print_event, amd_iommu_report_page_fault, _rmp_fault,
 * _rmp_hw_error).  The device comes from device= or, for pci_err()
 * messages, from the "DRIVER BDF: " prefix; an "iommu ivhdN: " prefix
 * names the IOMMU.
 */
struct amd_event {
	char type[32];
	bool has_device, has_domain, has_pasid, has_address, has_flags;
	bool has_tag, has_vmg_tag, has_flags_rmp;
	struct bdf device;
	char iommu[16];           /* "ivhdN" or "" */
	uint32_t domain, pasid, flags, tag, vmg_tag, flags_rmp;
	uint64_t address;
	const char *address_kind; /* "address", "gpa", "spa" */
	/*
	 * "Event logged [Device not attached to domain properly]": an
	 * IO_PAGE_FAULT (type "IO_PAGE_FAULT") of a device that has no
	 * domain, logged by amd_iommu_report_page_fault() as two messages;
	 * the device and DomainID are in the second one, which
	 * amd_event_detached_parse() reads.
	 */
	bool not_attached;
};

/* 0, -ENOENT when @msg is no AMD-Vi event, -EINVAL when malformed. */
int amd_event_parse(const char *msg, size_t len, struct amd_event *out);
/*
 * The second message of a "Device not attached" event, "AMD-Vi:   device=
 * %04x:%02x:%02x.%x domain=0x%04x" (pr_err_ratelimited() in
 * amd_iommu_report_page_fault()): 0 with the device and domain set in
 * @e (an event amd_event_parse() returned with not_attached), -ENOENT
 * when @msg is not that message.
 */
int amd_event_detached_parse(const char *msg, size_t len, struct amd_event *e);

/* Event flags (bits 27:16 of event word 1): GN 0, NX 1, US 2, I 3, PR 4,
 * RW 5, PE 6, RZ 7, TR 8 (EVENT_FLAG_TR/RW/PR/I).  Names of set bits. */
#define EVENT_FLAG_I  0x008
#define EVENT_FLAG_PR 0x010
#define EVENT_FLAG_RW 0x020
#define EVENT_FLAG_TR 0x100
size_t event_flag_names(uint32_t flags, const char **names, size_t max);

#endif
