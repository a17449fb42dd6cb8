// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the uevent parser (untrusted netlink input to a
 * root process).  Built and run by `make fuzz` (tests/fuzz/run.sh),
 * seeded from tests/fuzz/corpus/uevent (the kernel's uevents of a
 * vfio-pci bind under Linux 7.3).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "uevent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uevent ev;
	char name[16];
	/* An exactly sized copy, so ASan catches a read past the end. */
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (uevent_parse(buf, size, &ev) == 0) {
		/* Every kept field must be NUL-terminated inside its array. */
		if (memchr(ev.action, '\0', sizeof(ev.action)) == NULL ||
		    memchr(ev.devpath, '\0', sizeof(ev.devpath)) == NULL ||
		    memchr(ev.subsystem, '\0', sizeof(ev.subsystem)) == NULL ||
		    memchr(ev.driver, '\0', sizeof(ev.driver)) == NULL ||
		    memchr(ev.devname, '\0', sizeof(ev.devname)) == NULL ||
		    memchr(ev.pci_slot_name, '\0', sizeof(ev.pci_slot_name)) == NULL)
			abort();
		if (uevent_pci_name(&ev, name) == 0 && strlen(name) != 12)
			abort();
		(void)uevent_group(&ev);
	}
	free(buf);
	return 0;
}
