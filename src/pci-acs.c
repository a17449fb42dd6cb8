// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IOMMU grouping from config space (see pci-acs.h), following Linux 7.3:
 * drivers/pci/pci.c pci_acs_enabled(), pci_acs_flags_enabled(),
 * pci_acs_path_enabled(); drivers/pci/quirks.c pci_dev_acs_enabled[] and
 * pci_disable_broken_acs_cap(); drivers/pci/search.c
 * pci_for_each_dma_alias(); drivers/iommu/iommu.c pci_device_group(),
 * get_pci_alias_group(), get_pci_function_alias_group().  Checked in
 * tests/unit/test-pci-acs.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/header.h>

#include "pci-acs.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint16_t rd16(const uint8_t *c, size_t len, size_t off)
{
	return off + 2 <= len ? (uint16_t)(c[off] | c[off + 1] << 8) : 0;
}

static uint32_t rd32(const uint8_t *c, size_t len, size_t off)
{
	return off + 4 <= len ? (uint32_t)rd16(c, len, off) | (uint32_t)rd16(c, len, off + 2) << 16 : 0;
}

uint8_t pacs_find_cap(const uint8_t *cfg, size_t len, uint8_t id)
{
	uint8_t pos;
	int ttl = 48; /* PCI_FIND_CAP_TTL */

	if (!(rd16(cfg, len, PCI_STATUS) & PCI_STATUS_CAP_LIST) || len < 64)
		return 0;
	pos = cfg[PCI_CAPABILITY_LIST];
	while (ttl-- && pos >= 0x40 && (size_t)pos + 2 <= len) {
		pos &= ~3;
		if (cfg[pos + PCI_CAP_LIST_ID] == 0xff)
			break;
		if (cfg[pos + PCI_CAP_LIST_ID] == id)
			return pos;
		pos = cfg[pos + PCI_CAP_LIST_NEXT];
	}
	return 0;
}

uint16_t pacs_find_ext_cap(const uint8_t *cfg, size_t len, uint16_t id)
{
	/* pci_find_next_ext_capability(): at most (4096 - 256) / 8 headers */
	int ttl = (4096 - 256) / 8;
	size_t pos = 0x100;
	uint32_t h = rd32(cfg, len, pos);

	if (!h)
		return 0;
	while (ttl-- > 0) {
		if ((h & 0xffff) == id && pos)
			return (uint16_t)pos;
		pos = (h >> 20) & 0xffc;
		if (pos < 0x100)
			break;
		h = rd32(cfg, len, pos);
	}
	return 0;
}

bool pacs_acs_decode(const uint8_t *cfg, size_t len, struct pacs_acs *out)
{
	memset(out, 0, sizeof(*out));
	out->pos = pacs_find_ext_cap(cfg, len, PCI_EXT_CAP_ID_ACS);
	if (!out->pos)
		return false;
	out->present = true;
	out->cap = rd16(cfg, len, out->pos + PCI_ACS_CAP);
	out->ctrl = rd16(cfg, len, out->pos + PCI_ACS_CTRL);
	return true;
}

void pacs_flag_names(uint16_t bits, char *buf, size_t len)
{
	static const char *const names[] = { "SV", "TB", "RR", "CR", "UF", "EC", "DT" };
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (unsigned i = 0; i < ARRAY_LEN(names); i++)
		if (bits & (1u << i) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", names[i]);
}

/* ---- what pci_dev carries -------------------------------------------------- */

struct dev {
	uint16_t vendor, device;
	bool pcie, mf, root_bus;
	int type;          /* PCI_EXP_TYPE_*, -1 when not PCIe */
	struct pacs_acs acs;
	uint16_t acs_caps; /* after pci_disable_broken_acs_cap() */
};

static void dev_of(const struct pacs_func *f, struct dev *d)
{
	uint8_t exp = pacs_find_cap(f->cfg, f->cfg_len, PCI_CAP_ID_EXP);

	memset(d, 0, sizeof(*d));
	d->vendor = rd16(f->cfg, f->cfg_len, PCI_VENDOR_ID);
	d->device = rd16(f->cfg, f->cfg_len, PCI_DEVICE_ID);
	d->mf = f->cfg_len > PCI_HEADER_TYPE && (f->cfg[PCI_HEADER_TYPE] & 0x80);
	d->root_bus = f->parent < 0;
	d->pcie = exp != 0;
	d->type = exp ? (rd16(f->cfg, f->cfg_len, exp + PCI_EXP_FLAGS) & PCI_EXP_FLAGS_TYPE) >> 4 : -1;
	pacs_acs_decode(f->cfg, f->cfg_len, &d->acs);
	d->acs_caps = d->acs.cap;
	/* pci_disable_broken_acs_cap(): IDT 0x80b5/0x8090 lose SV */
	if (d->vendor == 0x111d && (d->device == 0x80b5 || d->device == 0x8090))
		d->acs_caps &= (uint16_t)~PACS_SV;
}

/* pci_acs_ctrl_enabled() */
static int ctrl_enabled(uint16_t req, uint16_t ena)
{
	return (req & ena) == req;
}

/* ---- pci_dev_acs_enabled[] (drivers/pci/quirks.c) ---------------------------- */

enum quirk {
	Q_AMD_SB, Q_MF_ENDPOINT, Q_RCIEP, Q_QCOM_RP, Q_INTEL_PCH, Q_INTEL_SPT, Q_CAVIUM,
	Q_XGENE, Q_BRCM, Q_LOONGSON, Q_AL, Q_ZHAOXIN_PORTS, Q_NXP_RP, Q_WANGXUN,
};

static const char *const quirk_names[] = {
	"pci_quirk_amd_sb_acs", "pci_quirk_mf_endpoint_acs", "pci_quirk_rciep_acs",
	"pci_quirk_qcom_rp_acs", "pci_quirk_intel_pch_acs", "pci_quirk_intel_spt_pch_acs",
	"pci_quirk_cavium_acs", "pci_quirk_xgene_acs", "pci_quirk_brcm_acs",
	"pci_quirk_loongson_acs", "pci_quirk_al_acs", "pci_quirk_zhaoxin_pcie_ports_acs",
	"pci_quirk_nxp_rp_acs", "pci_quirk_wangxun_nic_acs",
};

#define ANY 0xffff

/* The table in its kernel order (the first entry that answers >= 0 wins). */
static const struct { uint16_t vendor, device; enum quirk q; } quirks[] = {
	{ 0x1002, 0x4385, Q_AMD_SB }, { 0x1002, 0x439c, Q_AMD_SB }, { 0x1002, 0x4383, Q_AMD_SB },
	{ 0x1002, 0x439d, Q_AMD_SB }, { 0x1002, 0x4384, Q_AMD_SB }, { 0x1002, 0x4399, Q_AMD_SB },
	{ 0x1022, 0x780f, Q_AMD_SB }, { 0x1022, 0x7809, Q_AMD_SB },
	{ 0x1924, 0x0903, Q_MF_ENDPOINT }, { 0x1924, 0x0923, Q_MF_ENDPOINT },
	{ 0x1924, 0x0A03, Q_MF_ENDPOINT },
	{ 0x8086, 0x10C6, Q_MF_ENDPOINT }, { 0x8086, 0x10DB, Q_MF_ENDPOINT },
	{ 0x8086, 0x10DD, Q_MF_ENDPOINT }, { 0x8086, 0x10E1, Q_MF_ENDPOINT },
	{ 0x8086, 0x10F1, Q_MF_ENDPOINT }, { 0x8086, 0x10F7, Q_MF_ENDPOINT },
	{ 0x8086, 0x10F8, Q_MF_ENDPOINT }, { 0x8086, 0x10F9, Q_MF_ENDPOINT },
	{ 0x8086, 0x10FA, Q_MF_ENDPOINT }, { 0x8086, 0x10FB, Q_MF_ENDPOINT },
	{ 0x8086, 0x10FC, Q_MF_ENDPOINT }, { 0x8086, 0x1507, Q_MF_ENDPOINT },
	{ 0x8086, 0x1514, Q_MF_ENDPOINT }, { 0x8086, 0x151C, Q_MF_ENDPOINT },
	{ 0x8086, 0x1529, Q_MF_ENDPOINT }, { 0x8086, 0x152A, Q_MF_ENDPOINT },
	{ 0x8086, 0x154D, Q_MF_ENDPOINT }, { 0x8086, 0x154F, Q_MF_ENDPOINT },
	{ 0x8086, 0x1551, Q_MF_ENDPOINT }, { 0x8086, 0x1558, Q_MF_ENDPOINT },
	{ 0x8086, 0x1509, Q_MF_ENDPOINT }, { 0x8086, 0x150E, Q_MF_ENDPOINT },
	{ 0x8086, 0x150F, Q_MF_ENDPOINT }, { 0x8086, 0x1510, Q_MF_ENDPOINT },
	{ 0x8086, 0x1511, Q_MF_ENDPOINT }, { 0x8086, 0x1516, Q_MF_ENDPOINT },
	{ 0x8086, 0x1527, Q_MF_ENDPOINT }, { 0x8086, 0x10C9, Q_MF_ENDPOINT },
	{ 0x8086, 0x10E6, Q_MF_ENDPOINT }, { 0x8086, 0x10E7, Q_MF_ENDPOINT },
	{ 0x8086, 0x10E8, Q_MF_ENDPOINT }, { 0x8086, 0x150A, Q_MF_ENDPOINT },
	{ 0x8086, 0x150D, Q_MF_ENDPOINT }, { 0x8086, 0x1518, Q_MF_ENDPOINT },
	{ 0x8086, 0x1526, Q_MF_ENDPOINT }, { 0x8086, 0x10A7, Q_MF_ENDPOINT },
	{ 0x8086, 0x10A9, Q_MF_ENDPOINT }, { 0x8086, 0x10D6, Q_MF_ENDPOINT },
	{ 0x8086, 0x1521, Q_MF_ENDPOINT }, { 0x8086, 0x1522, Q_MF_ENDPOINT },
	{ 0x8086, 0x1523, Q_MF_ENDPOINT }, { 0x8086, 0x1524, Q_MF_ENDPOINT },
	{ 0x8086, 0x105E, Q_MF_ENDPOINT }, { 0x8086, 0x105F, Q_MF_ENDPOINT },
	{ 0x8086, 0x1060, Q_MF_ENDPOINT }, { 0x8086, 0x10D9, Q_MF_ENDPOINT },
	{ 0x8086, 0x15b7, Q_MF_ENDPOINT }, { 0x8086, 0x15b8, Q_MF_ENDPOINT },
	{ 0x8086, ANY, Q_RCIEP },
	{ 0x17cb, 0x0400, Q_QCOM_RP }, { 0x17cb, 0x0401, Q_QCOM_RP }, { 0x17cb, 0x0115, Q_QCOM_RP },
	{ 0x17cb, 0x0111, Q_QCOM_RP }, { 0x17cb, 0x0120, Q_QCOM_RP }, { 0x1dbf, 0x0401, Q_QCOM_RP },
	{ 0x8086, ANY, Q_INTEL_PCH }, { 0x8086, ANY, Q_INTEL_SPT },
	{ 0x19a2, 0x0710, Q_MF_ENDPOINT }, { 0x10df, 0x0720, Q_MF_ENDPOINT },
	{ 0x177d, ANY, Q_CAVIUM },
	{ 0x177d, 0xA026, Q_MF_ENDPOINT }, { 0x177d, 0xA059, Q_MF_ENDPOINT },
	{ 0x177d, 0xA060, Q_MF_ENDPOINT },
	{ 0x10e8, 0xE004, Q_XGENE },
	{ 0x1def, 0xE005, Q_XGENE }, { 0x1def, 0xE006, Q_XGENE }, { 0x1def, 0xE007, Q_XGENE },
	{ 0x1def, 0xE008, Q_XGENE }, { 0x1def, 0xE009, Q_XGENE }, { 0x1def, 0xE00A, Q_XGENE },
	{ 0x1def, 0xE00B, Q_XGENE }, { 0x1def, 0xE00C, Q_XGENE },
	{ 0x14e4, 0x16D7, Q_MF_ENDPOINT }, { 0x14e4, 0x1750, Q_MF_ENDPOINT },
	{ 0x14e4, 0x1751, Q_MF_ENDPOINT }, { 0x14e4, 0x1752, Q_MF_ENDPOINT },
	{ 0x14e4, 0x1760, Q_MF_ENDPOINT }, { 0x14e4, 0x1761, Q_MF_ENDPOINT },
	{ 0x14e4, 0x1762, Q_MF_ENDPOINT }, { 0x14e4, 0x1763, Q_MF_ENDPOINT },
	{ 0x14e4, 0xD714, Q_BRCM },
	{ 0x0014, 0x3C09, Q_LOONGSON }, { 0x0014, 0x3C19, Q_LOONGSON }, { 0x0014, 0x3C29, Q_LOONGSON },
	{ 0x0014, 0x7A09, Q_LOONGSON }, { 0x0014, 0x7A19, Q_LOONGSON }, { 0x0014, 0x7A29, Q_LOONGSON },
	{ 0x0014, 0x7A39, Q_LOONGSON }, { 0x0014, 0x7A49, Q_LOONGSON }, { 0x0014, 0x7A59, Q_LOONGSON },
	{ 0x0014, 0x7A69, Q_LOONGSON },
	{ 0x1c36, 0x0031, Q_AL },
	{ 0x1d17, 0x3038, Q_MF_ENDPOINT }, { 0x1d17, 0x3104, Q_MF_ENDPOINT },
	{ 0x1d17, 0x9083, Q_MF_ENDPOINT },
	{ 0x1957, 0x8d81, Q_NXP_RP }, { 0x1957, 0x8da1, Q_NXP_RP }, { 0x1957, 0x8d83, Q_NXP_RP },
	{ 0x1957, 0x8d80, Q_NXP_RP }, { 0x1957, 0x8da0, Q_NXP_RP }, { 0x1957, 0x8d82, Q_NXP_RP },
	{ 0x1957, 0x8d90, Q_NXP_RP }, { 0x1957, 0x8db0, Q_NXP_RP }, { 0x1957, 0x8d92, Q_NXP_RP },
	{ 0x1957, 0x8d91, Q_NXP_RP }, { 0x1957, 0x8db1, Q_NXP_RP }, { 0x1957, 0x8d93, Q_NXP_RP },
	{ 0x1957, 0x8d89, Q_NXP_RP }, { 0x1957, 0x8da9, Q_NXP_RP }, { 0x1957, 0x8d8b, Q_NXP_RP },
	{ 0x1957, 0x8d88, Q_NXP_RP }, { 0x1957, 0x8da8, Q_NXP_RP }, { 0x1957, 0x8d8a, Q_NXP_RP },
	{ 0x1957, 0x8d98, Q_NXP_RP }, { 0x1957, 0x8db8, Q_NXP_RP }, { 0x1957, 0x8d9a, Q_NXP_RP },
	{ 0x1957, 0x8d99, Q_NXP_RP }, { 0x1957, 0x8db9, Q_NXP_RP }, { 0x1957, 0x8d9b, Q_NXP_RP },
	{ 0x1d17, ANY, Q_ZHAOXIN_PORTS },
	{ 0x8088, ANY, Q_WANGXUN },
};

/* pci_quirk_intel_pch_acs_ids[] */
static const uint16_t intel_pch_ids[] = {
	0x3b42, 0x3b43, 0x3b44, 0x3b45, 0x3b46, 0x3b47, 0x3b48, 0x3b49,
	0x3b4a, 0x3b4b, 0x3b4c, 0x3b4d, 0x3b4e, 0x3b4f, 0x3b50, 0x3b51,
	0x1c10, 0x1c11, 0x1c12, 0x1c13, 0x1c14, 0x1c15, 0x1c16, 0x1c17,
	0x1c18, 0x1c19, 0x1c1a, 0x1c1b, 0x1c1c, 0x1c1d, 0x1c1e, 0x1c1f,
	0x1e10, 0x1e11, 0x1e12, 0x1e13, 0x1e14, 0x1e15, 0x1e16, 0x1e17,
	0x1e18, 0x1e19, 0x1e1a, 0x1e1b, 0x1e1c, 0x1e1d, 0x1e1e, 0x1e1f,
	0x8c10, 0x8c11, 0x8c12, 0x8c13, 0x8c14, 0x8c15, 0x8c16, 0x8c17,
	0x8c18, 0x8c19, 0x8c1a, 0x8c1b, 0x8c1c, 0x8c1d, 0x8c1e, 0x8c1f,
	0x9c10, 0x9c11, 0x9c12, 0x9c13, 0x9c14, 0x9c15, 0x9c16, 0x9c17,
	0x9c18, 0x9c19, 0x9c1a, 0x9c1b,
	0x9c90, 0x9c91, 0x9c92, 0x9c93, 0x9c94, 0x9c95, 0x9c96, 0x9c97,
	0x9c98, 0x9c99, 0x9c9a, 0x9c9b,
	0x1d10, 0x1d12, 0x1d14, 0x1d16, 0x1d18, 0x1d1a, 0x1d1c, 0x1d1e,
	0x8d10, 0x8d11, 0x8d12, 0x8d13, 0x8d14, 0x8d15, 0x8d16, 0x8d17,
	0x8d18, 0x8d19, 0x8d1a, 0x8d1b, 0x8d1c, 0x8d1d, 0x8d1e,
	0x8c90, 0x8c92, 0x8c94, 0x8c96, 0x8c98, 0x8c9a, 0x8c9c, 0x8c9e,
};

static bool in(uint16_t v, uint16_t lo, uint16_t hi)
{
	return v >= lo && v <= hi;
}

/* One quirk: 1 or 0 is its answer, -1 is "does not apply" (-ENOTTY/-ENODEV). */
static int quirk_answer(enum quirk q, const struct dev *d, const struct pacs_func *f,
			const struct pacs_host *h, uint16_t flags)
{
	const uint16_t all4 = PACS_SV | PACS_RR | PACS_CR | PACS_UF;
	bool rp = d->pcie && d->type == PCI_EXP_TYPE_ROOT_PORT;

	switch (q) {
	case Q_AMD_SB:
		if (!d->mf || !d->root_bus || !h || !h->ivrs_present)
			return -1;
		flags &= PACS_RR | PACS_CR | PACS_EC | PACS_DT;
		return ctrl_enabled(flags, PACS_RR | PACS_CR);
	case Q_MF_ENDPOINT:
		return ctrl_enabled(flags, all4 | PACS_TB | PACS_DT);
	case Q_RCIEP:
		return d->type == PCI_EXP_TYPE_ROOT_INT_EP ? ctrl_enabled(flags, all4) : -1;
	case Q_QCOM_RP: case Q_XGENE: case Q_BRCM: case Q_LOONGSON: case Q_NXP_RP:
		return ctrl_enabled(flags, all4);
	case Q_INTEL_PCH:
		for (size_t i = 0; rp && i < ARRAY_LEN(intel_pch_ids); i++)
			if (intel_pch_ids[i] == d->device)
				/* PCI_DEV_FLAGS_ACS_ENABLED_QUIRK: set when the IOMMU
				 * driver asked for ACS (pci_request_acs()) */
				return ctrl_enabled(flags, all4);
		return -1;
	case Q_INTEL_SPT:
		if (!rp || !d->acs.present ||
		    !(in(d->device, 0xa110, 0xa11f) || in(d->device, 0xa167, 0xa16a) ||
		      in(d->device, 0xa290, 0xa29f) || in(d->device, 0xa2e7, 0xa2ee) ||
		      in(d->device, 0x9d10, 0x9d1b)))
			return -1;
		/* dword registers: control at ACS + 8 (INTEL_SPT_ACS_CTRL) */
		flags &= (uint16_t)(rd32(f->cfg, f->cfg_len, d->acs.pos + PCI_ACS_CAP) | PACS_EC);
		return ctrl_enabled(flags, (uint16_t)rd32(f->cfg, f->cfg_len, d->acs.pos + 8));
	case Q_CAVIUM:
		if (!rp || !(in(d->device, 0xa000, 0xa7ff) || d->device == 0xaf84 ||
			     d->device == 0xb884))
			return -1;
		return ctrl_enabled(flags, all4);
	case Q_AL:
		if (d->type != PCI_EXP_TYPE_ROOT_PORT)
			return -1;
		return (flags & ~all4) ? 0 : 1;
	case Q_ZHAOXIN_PORTS:
		if (!d->pcie || (d->type != PCI_EXP_TYPE_ROOT_PORT &&
				 d->type != PCI_EXP_TYPE_DOWNSTREAM))
			return -1;
		if (in(d->device, 0x0710, 0x071e) || d->device == 0x0721 ||
		    in(d->device, 0x0723, 0x0752))
			return ctrl_enabled(flags, all4);
		return 0;
	case Q_WANGXUN:
		if (in(d->device, 0x0100, 0x010f) || d->device == 0x1001 || d->device == 0x2001 ||
		    d->device == 0x5010 || d->device == 0x5025 || d->device == 0x5040 ||
		    d->device == 0x5110 || d->device == 0x5125 || d->device == 0x5140)
			return ctrl_enabled(flags, all4);
		return 0;
	}
	return -1;
}

/* pci_acs_flags_enabled(): missing capability bits count as enabled,
 * except Egress Control. */
static bool flags_enabled(const struct dev *d, uint16_t flags, uint16_t *missing)
{
	if (!d->acs.present) {
		*missing = flags;
		return false;
	}
	flags &= d->acs_caps | PACS_EC;
	*missing = flags & (uint16_t)~d->acs.ctrl;
	return !*missing;
}

/* pci_acs_enabled(), with what is missing and which quirk answered. */
static bool acs_enabled(const struct pacs_func *f, const struct dev *d, const struct pacs_host *h,
			uint16_t flags, uint16_t *missing, const char **quirk)
{
	*missing = 0;
	*quirk = NULL;
	for (size_t i = 0; i < ARRAY_LEN(quirks); i++) {
		int r;

		if ((quirks[i].vendor != d->vendor && quirks[i].vendor != ANY) ||
		    (quirks[i].device != d->device && quirks[i].device != ANY))
			continue;
		r = quirk_answer(quirks[i].q, d, f, h, flags);
		if (r >= 0) {
			*quirk = quirk_names[quirks[i].q];
			return r > 0;
		}
	}
	if (!d->pcie)
		return false;
	switch (d->type) {
	case PCI_EXP_TYPE_PCIE_BRIDGE:
	case PCI_EXP_TYPE_PCI_BRIDGE:
	case PCI_EXP_TYPE_ROOT_EC:
		return false;
	case PCI_EXP_TYPE_DOWNSTREAM:
	case PCI_EXP_TYPE_ROOT_PORT:
		return flags_enabled(d, flags, missing);
	case PCI_EXP_TYPE_ENDPOINT:
	case PCI_EXP_TYPE_UPSTREAM:
	case PCI_EXP_TYPE_LEG_END:
	case PCI_EXP_TYPE_ROOT_INT_EP:
		if (!d->mf)
			break;
		return flags_enabled(d, flags, missing);
	}
	return true;
}

bool pacs_acs_enabled(const struct pacs_func *funcs, size_t n, size_t i,
		      const struct pacs_host *host, uint16_t flags, const char **quirk)
{
	const char *q;
	uint16_t missing;
	struct dev d;
	bool r;

	if (i >= n)
		return false;
	dev_of(&funcs[i], &d);
	r = acs_enabled(&funcs[i], &d, host, flags, &missing, &q);
	if (quirk)
		*quirk = q;
	return r;
}

/* ---- grouping (drivers/iommu/iommu.c pci_device_group()) ------------------- */

struct ctx {
	const struct pacs_func *f;
	size_t n;
	const struct pacs_host *h;
	struct dev *d;
	int *uf;
};

static int find(int *uf, int i)
{
	while (uf[i] != i)
		i = uf[i] = uf[uf[i]];
	return i;
}

static void join(int *uf, int a, int b)
{
	a = find(uf, a);
	b = find(uf, b);
	if (a != b)
		uf[a > b ? a : b] = a < b ? a : b;
}

static void bdf(const struct pacs_func *f, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%x", f->seg, f->bus, f->dev, f->fn);
}

static bool is_port(const struct dev *d)
{
	return d->pcie && (d->type == PCI_EXP_TYPE_ROOT_PORT || d->type == PCI_EXP_TYPE_UPSTREAM ||
			   d->type == PCI_EXP_TYPE_DOWNSTREAM);
}

/* The first function on the path from @start to the root that fails
 * pci_acs_enabled(REQ_ACS_FLAGS), -1 if none (pci_acs_path_enabled()). */
static int path_culprit(const struct ctx *c, int start, uint16_t *missing, const char **quirk)
{
	for (int p = start, steps = 0; p >= 0 && (size_t)steps <= c->n; p = c->f[p].parent, steps++)
		if (!acs_enabled(&c->f[p], &c->d[p], c->h, PACS_REQ, missing, quirk))
			return p;
	return -1;
}

static void explain(const struct ctx *c, struct pacs_result *r, int i)
{
	char me[16], other[16], flags[32];

	bdf(&c->f[i], me, sizeof(me));
	if (r->culprit >= 0)
		bdf(&c->f[r->culprit], other, sizeof(other));
	pacs_flag_names(r->missing, flags, sizeof(flags));
	switch (r->reason) {
	case PACS_ISOLATED:
		snprintf(r->why, sizeof(r->why), "%s is isolated by ACS and topology", me);
		break;
	case PACS_ALIAS_BRIDGE:
		snprintf(r->why, sizeof(r->why),
			 "%s issues DMA with the requester ID of %s, a %s bridge above it "
			 "(pci_for_each_dma_alias())", me, other,
			 c->d[r->culprit].pcie ? "PCIe-to-PCI" : "conventional PCI");
		break;
	case PACS_UPSTREAM_ACS:
	case PACS_MULTIFUNCTION:
		snprintf(r->why, sizeof(r->why), "%s: %s %s%s%s%s%s", me,
			 r->reason == PACS_MULTIFUNCTION ? "multifunction device whose function" :
			 "the bridge or port on its path", other,
			 r->quirk ? " fails ACS by quirk " : r->missing ? " lacks ACS " :
			 " cannot provide ACS (its type)",
			 r->quirk ? r->quirk : r->missing ? flags : "",
			 !r->quirk && r->missing && !c->d[r->culprit].acs.present ?
			 " (no ACS capability)" : "",
			 r->reason == PACS_MULTIFUNCTION ? ", so its functions share a group" :
			 ", so devices below it share a group");
		break;
	case PACS_DMA_ALIAS:
		snprintf(r->why, sizeof(r->why),
			 "%s and %s are DMA aliases on one bus (IVRS alias, setup_aliases())",
			 me, other);
		break;
	}
}

static int devid(const struct pacs_func *f)
{
	return f->bus << 8 | f->dev << 3 | f->fn;
}

static void group_one(struct ctx *c, struct pacs_result *out, int i)
{
	struct pacs_result *r = &out[i];
	const char *quirk;
	uint16_t missing;

	r->joined = r->culprit = -1;
	r->acs_ok = acs_enabled(&c->f[i], &c->d[i], c->h, PACS_REQ, &missing, &quirk);
	/* pci_for_each_dma_alias(): the first aliasing bridge above has a group */
	for (int a = c->f[i].parent, steps = 0; a >= 0 && (size_t)steps <= c->n;
	     a = c->f[a].parent, steps++) {
		if (is_port(&c->d[a]))
			continue;
		r->reason = PACS_ALIAS_BRIDGE;
		r->joined = r->culprit = a;
		join(c->uf, i, a);
		return;
	}
	/* upstream ACS: join the parent bridge unless its path is clean */
	if (c->f[i].parent >= 0) {
		int bad = path_culprit(c, c->f[i].parent, &r->missing, &r->quirk);

		if (bad >= 0) {
			r->reason = PACS_UPSTREAM_ACS;
			r->joined = c->f[i].parent;
			r->culprit = bad;
			join(c->uf, i, c->f[i].parent);
			return;
		}
	}
	r->missing = 0;
	r->quirk = NULL;
	/* get_pci_alias_group(): DMA aliases either way on the same bus */
	for (size_t t = 0; t < c->n; t++) {
		const struct pacs_func *x = &c->f[i], *y = &c->f[t];

		if ((int)t == i || x->seg != y->seg || x->bus != y->bus || x->parent != y->parent)
			continue;
		if ((x->ivrs_alias >= 0 && x->ivrs_alias != devid(x) && x->ivrs_alias == devid(y)) ||
		    (y->ivrs_alias >= 0 && y->ivrs_alias != devid(y) && y->ivrs_alias == devid(x))) {
			join(c->uf, i, (int)t);
			if (r->reason == PACS_ISOLATED) {
				r->reason = PACS_DMA_ALIAS;
				r->joined = r->culprit = (int)t;
			}
		}
	}
	/* get_pci_function_alias_group(): same slot, both without ACS */
	if (!c->d[i].mf || r->acs_ok)
		return;
	for (size_t t = 0; t < c->n; t++) {
		const struct pacs_func *x = &c->f[i], *y = &c->f[t];
		const char *q2;
		uint16_t m2;

		if ((int)t == i || x->seg != y->seg || x->bus != y->bus || x->parent != y->parent ||
		    x->dev != y->dev || acs_enabled(y, &c->d[t], c->h, PACS_REQ, &m2, &q2))
			continue;
		join(c->uf, i, (int)t);
		if (r->reason == PACS_ISOLATED) {
			r->reason = PACS_MULTIFUNCTION;
			r->joined = (int)t;
			r->culprit = i;
			r->missing = missing;
			r->quirk = quirk;
		}
	}
}

int pacs_group(const struct pacs_func *funcs, size_t n, const struct pacs_host *host,
	       struct pacs_result *out)
{
	struct ctx c = { funcs, n, host, NULL, NULL };
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		int p = funcs[i].parent;
		size_t steps = 0;

		while (p >= 0 && (size_t)p < n && steps++ <= n)
			p = funcs[p].parent;
		if (p >= (int)n || steps > n)
			return -EINVAL;
	}
	c.d = calloc(n ? n : 1, sizeof(*c.d));
	c.uf = calloc(n ? n : 1, sizeof(*c.uf));
	if (!c.d || !c.uf) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		dev_of(&funcs[i], &c.d[i]);
		c.uf[i] = (int)i;
		memset(&out[i], 0, sizeof(out[i]));
	}
	for (size_t i = 0; i < n; i++)
		group_one(&c, out, (int)i);
	for (size_t i = 0; i < n; i++) {
		out[i].group = find(c.uf, (int)i);
		explain(&c, &out[i], (int)i);
	}
out:
	free(c.d);
	free(c.uf);
	return rc;
}

const char *pacs_reason_name(enum pacs_reason r)
{
	static const char *const names[] = { "isolated", "alias_bridge", "upstream_acs",
					     "multifunction", "dma_alias" };

	return (unsigned)r < ARRAY_LEN(names) ? names[r] : "unknown";
}
