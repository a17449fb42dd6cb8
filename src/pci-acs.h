/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IOMMU group isolation from PCI config space, as Linux 7.3 decides it:
 * pci_acs_enabled() / pci_acs_path_enabled() (drivers/pci/pci.c), the
 * pci_dev_acs_enabled[] quirks (drivers/pci/quirks.c), the DMA alias walk
 * pci_for_each_dma_alias() (drivers/pci/search.c) and pci_device_group()
 * with REQ_ACS_FLAGS = SV|RR|CR|UF (drivers/iommu/iommu.c).  Pure: the
 * caller (the collector) gives every function's config space bytes and
 * its upstream bridge; out comes, per function, the group it lands in and
 * why.  Not modelled: DMA alias quirks of drivers/pci/quirks.c
 * (quirk_dma_func0_alias and friends), the bridge flags set by quirks
 * (PCI_DEV_FLAGS_BRIDGE_XLATE_ROOT, ..._PCI_BRIDGE_NO_ALIAS,
 * PCI_DEV_FLAG_PCIE_BRIDGE_ALIAS) and ACS changed by pci=config_acs= or
 * pci=disable_acs_redir= at boot (the config space read afterwards already
 * shows the result).
 */
#ifndef AMDIOMMUCTL_PCI_ACS_H
#define AMDIOMMUCTL_PCI_ACS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ACS bits as libpci's <pci/header.h> PCI_ACS_CTRL_* (the kernel's PCI_ACS_*) */
#define PACS_SV 0x0001u /* Source Validation */
#define PACS_TB 0x0002u /* Translation Blocking */
#define PACS_RR 0x0004u /* P2P Request Redirect */
#define PACS_CR 0x0008u /* P2P Completion Redirect */
#define PACS_UF 0x0010u /* Upstream Forwarding */
#define PACS_EC 0x0020u /* P2P Egress Control */
#define PACS_DT 0x0040u /* Direct Translated P2P */
#define PACS_REQ (PACS_SV | PACS_RR | PACS_CR | PACS_UF) /* REQ_ACS_FLAGS */

struct pacs_acs {
	bool present;
	uint16_t pos;  /* offset of the ACS extended capability */
	uint16_t cap;  /* ACS Capability register (PCI_ACS_CAP) */
	uint16_t ctrl; /* ACS Control register (PCI_ACS_CTRL) */
};

/* Offset of extended capability @id (walk from 0x100), 0 if absent. */
uint16_t pacs_find_ext_cap(const uint8_t *cfg, size_t len, uint16_t id);
/* Offset of standard capability @id, 0 if absent. */
uint8_t pacs_find_cap(const uint8_t *cfg, size_t len, uint8_t id);
/* Decode the ACS capability; false when the device has none. */
bool pacs_acs_decode(const uint8_t *cfg, size_t len, struct pacs_acs *out);
/* "SV TB RR CR UF EC DT" for the set bits, "" for none. */
void pacs_flag_names(uint16_t bits, char *buf, size_t len);

/* One PCI function, as the collector fills it. */
struct pacs_func {
	uint16_t seg;
	uint8_t bus, dev, fn;
	const uint8_t *cfg;   /* config space: 256 bytes, or 4096 with extended caps */
	size_t cfg_len;
	int parent;           /* index of the bridge above its bus (bus->self), -1 on a root bus */
	int ivrs_alias;       /* IVRS alias devid (bus << 8 | devfn), -1 for none */
};

enum pacs_reason {
	PACS_ISOLATED,        /* nothing joins it to another function */
	PACS_ALIAS_BRIDGE,    /* DMA aliased to a PCIe-to-PCI/PCI-X bridge or a conventional bridge above it */
	PACS_UPSTREAM_ACS,    /* a bridge or port on the path to the root lacks ACS SV/RR/CR/UF */
	PACS_MULTIFUNCTION,   /* a multifunction device whose functions lack ACS */
	PACS_DMA_ALIAS,       /* an IVRS DMA alias on the same bus */
};

struct pacs_result {
	int group;            /* the lowest function index of its group */
	enum pacs_reason reason;
	int joined;           /* the function it was joined to, -1 */
	int culprit;          /* the function whose ACS or type decides, -1 */
	uint16_t missing;     /* REQ_ACS_FLAGS the culprit lacks (0 when a quirk or the type decides) */
	const char *quirk;    /* the quirk that decided for the culprit, or NULL */
	bool acs_ok;          /* pci_acs_enabled(this function, REQ_ACS_FLAGS) */
	char why[200];        /* one sentence */
};

struct pacs_host {
	bool ivrs_present;    /* an ACPI IVRS table exists (pci_quirk_amd_sb_acs) */
};

/*
 * The kernel's pci_acs_enabled(f, flags) for function @i of @funcs, and,
 * when @quirk is not NULL, the quirk that decided (NULL if none did).
 */
bool pacs_acs_enabled(const struct pacs_func *funcs, size_t n, size_t i,
		      const struct pacs_host *host, uint16_t flags, const char **quirk);

/* Group every function; @out has @n entries.  Returns 0, or -EINVAL for a
 * bad parent index (out of range, or a cycle). */
int pacs_group(const struct pacs_func *funcs, size_t n, const struct pacs_host *host,
	       struct pacs_result *out);

const char *pacs_reason_name(enum pacs_reason r); /* "isolated", "alias_bridge", ... */

#endif
