/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCIe extended capabilities that decide PASID/SVA and ATS use (PASID,
 * ATS, PRI), read from a copy of config space through libpci's
 * capability list (no I/O: libpci reads the cached bytes).
 */
#ifndef AMDIOMMUCTL_PCICAPS_H
#define AMDIOMMUCTL_PCICAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdf.h"

struct pci_access;

struct pcie_cap_state {
	bool supported, enabled;
};

struct pcie_caps {
	struct pcie_cap_state pasid, ats, pri;
	bool pasid_exec, pasid_priv; /* PCI_PASID_CAP_EXEC / _PRIV */
	unsigned pasid_width;        /* PCI_PASID_CAP_WIDTH */
};

/*
 * Decode @cfg (@len bytes of config space, as sysfs `config` gives it:
 * 256 conventional, 4096 with extended space).  Extended capabilities
 * exist only in a 4096-byte copy.
 */
void pcie_caps_decode(struct pci_access *pacc, const struct bdf *b,
		      const uint8_t *cfg, size_t len, struct pcie_caps *out);

#endif
