// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include <pci/pci.h>

#include "pcicaps.h"

void pcie_caps_decode(struct pci_access *pacc, const struct bdf *b,
		      const uint8_t *cfg, size_t len, struct pcie_caps *out)
{
	u8 buf[4096];
	struct pci_dev *d;
	struct pci_cap *cap;

	memset(out, 0, sizeof(*out));
	if (len <= 256)
		return;
	if (len > sizeof(buf))
		len = sizeof(buf);
	memset(buf, 0xff, sizeof(buf));
	memcpy(buf, cfg, len);
	d = pci_get_dev(pacc, b->seg, b->bus, b->dev, b->fn);
	pci_setup_cache(d, buf, sizeof(buf));
	if ((cap = pci_find_cap(d, PCI_EXT_CAP_ID_PASID, PCI_CAP_EXTENDED))) {
		unsigned capr = pci_read_word(d, cap->addr + PCI_PASID_CAP);

		out->pasid.supported = true;
		out->pasid.enabled = pci_read_word(d, cap->addr + PCI_PASID_CTRL) & PCI_PASID_CTRL_ENABLE;
		out->pasid_exec = capr & PCI_PASID_CAP_EXEC;
		out->pasid_priv = capr & PCI_PASID_CAP_PRIV;
		out->pasid_width = PCI_PASID_CAP_WIDTH(capr);
	}
	if ((cap = pci_find_cap(d, PCI_EXT_CAP_ID_ATS, PCI_CAP_EXTENDED))) {
		out->ats.supported = true;
		out->ats.enabled = pci_read_word(d, cap->addr + PCI_ATS_CTRL) & PCI_ATS_CTRL_ENABLE;
	}
	if ((cap = pci_find_cap(d, PCI_EXT_CAP_ID_PRI, PCI_CAP_EXTENDED))) {
		out->pri.supported = true;
		out->pri.enabled = pci_read_word(d, cap->addr + PCI_PRI_CTRL) & PCI_PRI_CTRL_ENABLE;
	}
	pci_free_dev(d);
}
