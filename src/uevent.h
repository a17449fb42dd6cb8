/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel uevent messages (NETLINK_KOBJECT_UEVENT, group 1):
 *   "ACTION@DEVPATH\0ACTION=...\0DEVPATH=...\0SUBSYSTEM=...\0SEQNUM=...\0"
 * The payload is untrusted input: the parser is pure (no I/O, no
 * allocation), never reads past @len, bounds every field it keeps and
 * rejects anything that is not printable ASCII.
 */
#ifndef AMDIOMMUCTL_UEVENT_H
#define AMDIOMMUCTL_UEVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's UEVENT_BUFFER_SIZE is 2048; anything much larger is junk. */
#define UEVENT_MAX_LEN 8192

struct uevent {
	char action[16];       /* "add", "remove", "bind", "unbind", "change", ... */
	char devpath[256];     /* "/devices/pci0000:00/0000:00:02.0" */
	char subsystem[32];    /* "pci", "vfio", "vfio-dev", ... or "" */
	char driver[64];       /* DRIVER=, "" when absent or empty */
	char devname[128];     /* DEVNAME=, "" when absent */
	char pci_slot_name[16];/* PCI_SLOT_NAME=, "" when absent */
	uint64_t seqnum;
	bool has_seqnum;
};

/* uevent_parse() result for a message of udevd ("libudev\0" header). */
#define UEVENT_IGNORED 1

/*
 * Parse one message of @len bytes (it need not be NUL-terminated; a
 * trailing NUL is optional).  Returns 0 and fills @out, UEVENT_IGNORED
 * for a libudev-format message, -EINVAL for garbage: empty, larger than
 * UEVENT_MAX_LEN, no "action@/devpath" header, a field without '=', a
 * known field that is too long or holds a byte outside 0x20..0x7e, an
 * ACTION=/DEVPATH= that contradicts the header, a bad SEQNUM.
 */
int uevent_parse(const char *buf, size_t len, struct uevent *out);

/*
 * The PCI function an event is about, as "SSSS:BB:DD.F" in @name: the
 * last path component of a "pci" event, the parent of a vfio-dev cdev
 * (".../0000:00:02.0/vfio-dev/vfio0"), or PCI_SLOT_NAME.  Returns 0 or
 * -ENOENT.  Only the shape is checked here; bdf_parse() decides.
 */
int uevent_pci_name(const struct uevent *ev, char name[16]);

/*
 * The IOMMU group an event names: "/kernel/iommu_groups/N" or a VFIO
 * group node ("vfio" subsystem, "/devices/virtual/vfio/N").  Returns N,
 * or -1 when the event is about no group.
 */
long uevent_group(const struct uevent *ev);

#endif
