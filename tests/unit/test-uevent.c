// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: uevent_parse, uevent_pci_name, uevent_group.  The good
 * payloads are the events of the QEMU reference guest binding 00:02.0 to
 * vfio-pci (qemu-amd-iommu-linux-7.3/uevent-vfio-bind/uevents.txt), laid
 * out as the kernel sends them: "action@devpath\0KEY=VALUE\0...".
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "uevent.h"
#include "tap.h"

/* A literal with its embedded NULs; the length keeps the final NUL. */
#define MSG(lit) lit, sizeof(lit) - 1

static const char vfio_add[] =
	"add@/devices/virtual/vfio/1\0ACTION=add\0DEVPATH=/devices/virtual/vfio/1\0"
	"SUBSYSTEM=vfio\0MAJOR=253\0MINOR=0\0DEVNAME=vfio/1\0SEQNUM=2101\0";
static const char vfiodev_add[] =
	"add@/devices/pci0000:00/0000:00:02.0/vfio-dev/vfio0\0ACTION=add\0"
	"DEVPATH=/devices/pci0000:00/0000:00:02.0/vfio-dev/vfio0\0SUBSYSTEM=vfio-dev\0"
	"MAJOR=252\0MINOR=0\0DEVNAME=vfio/devices/vfio0\0SEQNUM=2102\0";
static const char pci_bind[] =
	"bind@/devices/pci0000:00/0000:00:02.0\0ACTION=bind\0"
	"DEVPATH=/devices/pci0000:00/0000:00:02.0\0SUBSYSTEM=pci\0DRIVER=vfio-pci\0"
	"PCI_CLASS=20000\0PCI_ID=8086:10D3\0PCI_SUBSYS_ID=8086:0000\0"
	"PCI_SLOT_NAME=0000:00:02.0\0MODALIAS=pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00\0"
	"SEQNUM=2103\0";
static const char vfiodev_remove[] =
	"remove@/devices/pci0000:00/0000:00:02.0/vfio-dev/vfio0\0ACTION=remove\0"
	"DEVPATH=/devices/pci0000:00/0000:00:02.0/vfio-dev/vfio0\0SUBSYSTEM=vfio-dev\0"
	"MAJOR=252\0MINOR=0\0DEVNAME=vfio/devices/vfio0\0SEQNUM=2104\0";
static const char vfio_remove[] =
	"remove@/devices/virtual/vfio/1\0ACTION=remove\0DEVPATH=/devices/virtual/vfio/1\0"
	"SUBSYSTEM=vfio\0MAJOR=253\0MINOR=0\0DEVNAME=vfio/1\0SEQNUM=2105\0";
static const char pci_unbind[] =
	"unbind@/devices/pci0000:00/0000:00:02.0\0ACTION=unbind\0"
	"DEVPATH=/devices/pci0000:00/0000:00:02.0\0SUBSYSTEM=pci\0"
	"PCI_SLOT_NAME=0000:00:02.0\0SEQNUM=2106\0";

static void good(const char *buf, size_t len, const char *action,
		 const char *devpath, const char *subsystem, const char *driver,
		 const char *devname, uint64_t seqnum, const char *bdf, long group)
{
	struct uevent ev;
	char name[16] = "";
	int r = uevent_parse(buf, len, &ev);

	ok(r == 0, "%s %s parses (r=%d)", action, devpath, r);
	is_str(ev.action, action, "  action");
	is_str(ev.devpath, devpath, "  devpath");
	is_str(ev.subsystem, subsystem, "  subsystem");
	is_str(ev.driver, driver, "  driver");
	is_str(ev.devname, devname, "  devname");
	ok(ev.has_seqnum && ev.seqnum == seqnum, "  seqnum %llu", (unsigned long long)seqnum);
	if (bdf) {
		ok(uevent_pci_name(&ev, name) == 0, "  has a PCI name");
		is_str(name, bdf, "  PCI name");
	} else {
		ok(uevent_pci_name(&ev, name) == -ENOENT, "  no PCI name");
	}
	ok(uevent_group(&ev) == group, "  group %ld", group);
}

static void bad(const char *buf, size_t len, const char *what)
{
	struct uevent ev;
	int r = uevent_parse(buf, len, &ev);

	ok(r == -EINVAL, "rejected: %s (r=%d)", what, r);
}

int main(void)
{
	struct uevent ev;
	char name[16];
	char *big, *copy;
	int r;

	good(MSG(vfio_add), "add", "/devices/virtual/vfio/1", "vfio", "", "vfio/1", 2101, NULL, 1);
	good(MSG(vfiodev_add), "add", "/devices/pci0000:00/0000:00:02.0/vfio-dev/vfio0",
	     "vfio-dev", "", "vfio/devices/vfio0", 2102, "0000:00:02.0", -1);
	good(MSG(pci_bind), "bind", "/devices/pci0000:00/0000:00:02.0", "pci", "vfio-pci",
	     "", 2103, "0000:00:02.0", -1);
	good(MSG(vfiodev_remove), "remove", "/devices/pci0000:00/0000:00:02.0/vfio-dev/vfio0",
	     "vfio-dev", "", "vfio/devices/vfio0", 2104, "0000:00:02.0", -1);
	good(MSG(vfio_remove), "remove", "/devices/virtual/vfio/1", "vfio", "", "vfio/1", 2105, NULL, 1);
	good(MSG(pci_unbind), "unbind", "/devices/pci0000:00/0000:00:02.0", "pci", "", "",
	     2106, "0000:00:02.0", -1);

	/* Without the final NUL, and with every NUL but the header's lost. */
	ok(uevent_parse(pci_bind, sizeof(pci_bind) - 2, &ev) == 0 && ev.seqnum == 2103,
	   "no trailing NUL: last field still read");
	ok(uevent_parse("add@/kernel/iommu_groups/7", 26, &ev) == 0 && uevent_group(&ev) == 7 &&
	   !ev.has_seqnum, "header only, no NUL at all");
	ok(uevent_parse(MSG("change@/devices/pci0000:00/0000:00:04.0\0\0\0SUBSYSTEM=pci\0\0"), &ev) == 0 &&
	   !strcmp(ev.subsystem, "pci"), "runs of NULs are skipped");
	ok(uevent_parse(MSG("add@/devices/x\0UNKNOWN_KEY=\x01\xff\0"), &ev) == 0,
	   "unknown keys are not inspected");
	ok(uevent_parse(MSG("bind@/devices/pci0000:00/0000:00:03.0\0SUBSYSTEM=pci\0PCI_SLOT_NAME=0000:00:03.0\0"),
			&ev) == 0 && !uevent_pci_name(&ev, name) && !strcmp(name, "0000:00:03.0"),
	   "PCI name from the devpath");
	ok(uevent_parse(MSG("add@/devices/pci0000:00/0000:00:03.0/0000:01:00.0\0SUBSYSTEM=pci\0"), &ev) == 0 &&
	   !uevent_pci_name(&ev, name) && !strcmp(name, "0000:01:00.0"), "PCI name behind a bridge");
	ok(uevent_parse(MSG("add@/devices/pci0000:00/pci_bus/0000:00\0SUBSYSTEM=pci_bus\0"), &ev) == 0 &&
	   uevent_pci_name(&ev, name) == -ENOENT && uevent_group(&ev) == -1, "pci_bus: no PCI name, no group");
	ok(uevent_parse(MSG("add@/devices/virtual/vfio/noiommu-0\0SUBSYSTEM=vfio\0"), &ev) == 0 &&
	   uevent_group(&ev) == -1, "noiommu group node is not a group number");
	ok(uevent_parse(MSG("add@/devices/virtual/vfio/vfio\0SUBSYSTEM=misc\0"), &ev) == 0 &&
	   uevent_group(&ev) == -1, "the container node is not a group");
	ok(uevent_parse(MSG("add@/devices/pci0000:00/0000:00:02.0\0SUBSYSTEM=pci\0SEQNUM=18446744073709551615\0"),
			&ev) == 0 && ev.seqnum == UINT64_MAX, "largest SEQNUM");

	/* libudev messages are udevd's, not the kernel's. */
	r = uevent_parse(MSG("libudev\0\xfe\xed\xca\xfe\x28\0\0\0garbage"), &ev);
	ok(r == UEVENT_IGNORED, "libudev message ignored (r=%d)", r);
	bad(MSG("libudev"), "\"libudev\" without its NUL is no header");

	/* Garbage. */
	bad("", 0, "empty");
	bad(NULL, 10, "NULL buffer");
	bad(MSG("\0"), "one NUL");
	bad(MSG("add\0SUBSYSTEM=pci\0"), "no '@'");
	bad(MSG("@/devices/x\0"), "empty action");
	bad(MSG("add@\0SUBSYSTEM=pci\0"), "empty devpath");
	bad(MSG("add@devices/x\0"), "devpath not absolute");
	bad(MSG("ADD@/devices/x\0"), "action not lowercase");
	bad(MSG("averyveryverylongaction@/devices/x\0"), "action too long");
	bad(MSG("add@/devices/\x1b[31m\0"), "control byte in devpath");
	bad(MSG("add@/devices/x\0SUBSYSTEM=p\tci\0"), "control byte in SUBSYSTEM");
	bad(MSG("add@/devices/x\0SUBSYSTEM\0"), "field without '='");
	bad(MSG("add@/devices/x\0=pci\0"), "field without key");
	bad(MSG("add@/devices/x\0ACTION=remove\0"), "ACTION contradicts the header");
	bad(MSG("add@/devices/x\0DEVPATH=/devices/y\0"), "DEVPATH contradicts the header");
	bad(MSG("add@/devices/x\0SEQNUM=12a\0"), "SEQNUM not a number");
	bad(MSG("add@/devices/x\0SEQNUM=\0"), "SEQNUM empty");
	bad(MSG("add@/devices/x\0SEQNUM=18446744073709551616\0"), "SEQNUM overflows");
	bad(MSG("add@/devices/x\0SUBSYSTEM=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0"), "SUBSYSTEM too long");
	bad(MSG("add@/devices/x\0PCI_SLOT_NAME=0000:00:02.0000000\0"), "PCI_SLOT_NAME too long");

	big = malloc(UEVENT_MAX_LEN + 2);
	memset(big, 'a', UEVENT_MAX_LEN + 1);
	memcpy(big, "add@/", 5);
	bad(big, UEVENT_MAX_LEN + 1, "larger than UEVENT_MAX_LEN");
	bad(big, UEVENT_MAX_LEN, "devpath longer than its field");
	free(big);

	/* A message in an exactly sized heap block: ASan sees any overread. */
	copy = malloc(sizeof(pci_bind) - 1);
	memcpy(copy, pci_bind, sizeof(pci_bind) - 1);
	for (size_t n = 0; n < sizeof(pci_bind) - 1; n++)
		uevent_parse(copy + (sizeof(pci_bind) - 1 - n), n, &ev);
	ok(1, "every suffix of a message parses without overread");
	for (size_t n = 0; n < sizeof(pci_bind) - 1; n++)
		uevent_parse(copy, n, &ev);
	ok(uevent_parse(copy, 4, &ev) == -EINVAL, "every prefix parses; \"bind\" alone is garbage");
	free(copy);

	return done_testing();
}
