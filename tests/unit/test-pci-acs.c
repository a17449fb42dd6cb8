// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pci-acs on config spaces built by hand: a PCIe capability at 0x40 whose
 * flags give the port type (PCI_EXP_FLAGS_TYPE), the multifunction bit of
 * PCI_HEADER_TYPE, and an ACS extended capability at 0x100.  Expected
 * groups follow drivers/iommu/iommu.c pci_device_group() with
 * REQ_ACS_FLAGS = SV|RR|CR|UF and drivers/pci/pci.c pci_acs_enabled(), by
 * hand for each topology below.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include <pci/header.h>

#include "pci-acs.h"
#include "tap.h"

#define NONE 0xffff /* no PCIe capability */
#define NOACS 0xffff

static uint8_t cfgs[16][4096];
static struct pacs_func f[16];
static struct pacs_result r[16];
static size_t nf;

static void w16(uint8_t *c, size_t off, uint16_t v)
{
	c[off] = (uint8_t)v;
	c[off + 1] = (uint8_t)(v >> 8);
}

/* Add a function; @type is PCI_EXP_TYPE_* or NONE; ACS cap/ctrl or NOACS. */
static int add(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t vendor, uint16_t device,
	       uint16_t type, bool mf, uint16_t acs_cap, uint16_t acs_ctrl, int parent)
{
	uint8_t *c = cfgs[nf];

	memset(c, 0, 4096);
	w16(c, PCI_VENDOR_ID, vendor);
	w16(c, PCI_DEVICE_ID, device);
	c[PCI_HEADER_TYPE] = (uint8_t)((mf ? 0x80 : 0) |
		(type == PCI_EXP_TYPE_ROOT_PORT || type == PCI_EXP_TYPE_DOWNSTREAM ||
		 type == PCI_EXP_TYPE_UPSTREAM || type == PCI_EXP_TYPE_PCI_BRIDGE));
	if (type != NONE) {
		w16(c, PCI_STATUS, PCI_STATUS_CAP_LIST);
		c[PCI_CAPABILITY_LIST] = 0x40;
		c[0x40] = PCI_CAP_ID_EXP;
		w16(c, 0x40 + PCI_EXP_FLAGS, (uint16_t)(type << 4 | 2));
	}
	if (acs_cap != NOACS) {
		/* header: ID 0x000d, version 1, next 0 */
		w16(c, 0x100, PCI_EXT_CAP_ID_ACS);
		w16(c, 0x102, 0x0001);
		w16(c, 0x100 + PCI_ACS_CAP, acs_cap);
		w16(c, 0x100 + PCI_ACS_CTRL, acs_ctrl);
	}
	f[nf] = (struct pacs_func){ 0, bus, dev, fn, c, 4096, parent, -1 };
	return (int)nf++;
}

static void reset(void)
{
	nf = 0;
}

static void run(const struct pacs_host *h)
{
	int rc = pacs_group(f, nf, h, r);

	if (rc)
		diag("pacs_group: %d", rc);
}

static const struct pacs_host amd = { .ivrs_present = true };
#define ALL4 (PACS_SV | PACS_RR | PACS_CR | PACS_UF)

static void test_decode(void)
{
	struct pacs_acs a;
	char buf[40];

	reset();
	add(0, 1, 0, 0x1022, 0x1453, PCI_EXP_TYPE_ROOT_PORT, false, 0x5f, 0x1d, -1);
	/* chain one more capability in front: 0x100 AER -> 0x140 ACS */
	memmove(cfgs[0] + 0x140, cfgs[0] + 0x100, 8);
	w16(cfgs[0], 0x100, PCI_EXT_CAP_ID_AER);
	w16(cfgs[0], 0x102, 0x1401);
	ok(pacs_acs_decode(cfgs[0], 4096, &a) && a.pos == 0x140 && a.cap == 0x5f && a.ctrl == 0x1d,
	   "ACS found behind AER at 0x140");
	pacs_flag_names(a.cap, buf, sizeof(buf));
	is_str(buf, "SV TB RR CR UF DT", "cap 0x5f names");
	pacs_flag_names(a.ctrl, buf, sizeof(buf));
	is_str(buf, "SV RR CR UF", "ctrl 0x1d names");
	ok(!pacs_acs_decode(cfgs[0], 256, &a), "256-byte config: no extended capabilities");
	/* a loop in the extended list ends (ttl) */
	w16(cfgs[0], 0x102, 0x1001);
	ok(!pacs_acs_decode(cfgs[0], 4096, &a), "self-loop: not found, no hang");
	ok(pacs_find_cap(cfgs[0], 4096, PCI_CAP_ID_EXP) == 0x40, "PCIe capability at 0x40");
}

static void test_root_port(void)
{
	int rp, ep, rp2, ep2;

	/* RP with SV|RR|CR|UF enabled, single-function endpoint below */
	reset();
	rp = add(0, 1, 1, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, true, 0x5f, ALL4, -1);
	ep = add(1, 0, 0, 0x10de, 0x2204, PCI_EXP_TYPE_ENDPOINT, false, NOACS, 0, rp);
	run(&amd);
	ok(r[ep].group == ep && r[ep].reason == PACS_ISOLATED && r[rp].acs_ok,
	   "endpoint under an ACS root port: own group");

	/* the same RP without UF enabled: the endpoint joins the RP */
	w16(cfgs[rp], 0x100 + PCI_ACS_CTRL, PACS_SV | PACS_RR | PACS_CR);
	run(&amd);
	ok(r[ep].reason == PACS_UPSTREAM_ACS && r[ep].culprit == rp && r[ep].missing == PACS_UF &&
	   r[ep].group == r[rp].group, "RP lacking UF: endpoint joins the RP, UF missing");
	ok(strstr(r[ep].why, "0000:00:01.1") && strstr(r[ep].why, "lacks ACS UF"),
	   "why names the port and UF");

	/* capability bits not implemented count as enabled (pci_acs_flags_enabled) */
	w16(cfgs[rp], 0x100 + PCI_ACS_CAP, PACS_SV | PACS_RR | PACS_CR);
	run(&amd);
	ok(r[ep].reason == PACS_ISOLATED, "UF not in the capability: treated as enabled");

	/* two multifunction RPs of one slot, both lacking ACS: one group of four */
	reset();
	rp = add(0, 1, 1, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, true, NOACS, 0, -1);
	rp2 = add(0, 1, 2, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, true, NOACS, 0, -1);
	ep = add(1, 0, 0, 0x10de, 0x2204, PCI_EXP_TYPE_ENDPOINT, false, NOACS, 0, rp);
	ep2 = add(2, 0, 0, 0x1b21, 0x1142, PCI_EXP_TYPE_ENDPOINT, false, NOACS, 0, rp2);
	run(&amd);
	ok(r[rp].group == r[rp2].group && r[ep].group == r[rp].group && r[ep2].group == r[rp].group,
	   "two RPs without ACS in one slot: one group");
	ok(r[rp].reason == PACS_MULTIFUNCTION && r[rp].missing == ALL4 &&
	   r[ep].reason == PACS_UPSTREAM_ACS && r[ep].culprit == rp,
	   "reasons: RPs multifunction, endpoints upstream ACS");
	ok(strstr(r[rp].why, "no ACS capability") != NULL, "why: no ACS capability");
}

static void test_multifunction(void)
{
	int rp, a, b;

	/* a two-function endpoint without ACS below a clean RP */
	reset();
	rp = add(0, 1, 1, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, false, 0x1f, ALL4, -1);
	a = add(1, 0, 0, 0x1002, 0x73bf, PCI_EXP_TYPE_ENDPOINT, true, NOACS, 0, rp);
	b = add(1, 0, 1, 0x1002, 0xab28, PCI_EXP_TYPE_ENDPOINT, true, NOACS, 0, rp);
	run(&amd);
	ok(r[a].group == r[b].group && r[a].group != r[rp].group && r[a].reason == PACS_MULTIFUNCTION,
	   "GPU + audio without ACS: one group, not the RP's");
	/* with RR|CR implemented and enabled (SV/UF not implemented) they split */
	w16(cfgs[a], 0x100, PCI_EXT_CAP_ID_ACS);
	w16(cfgs[a], 0x100 + PCI_ACS_CAP, PACS_RR | PACS_CR);
	w16(cfgs[a], 0x100 + PCI_ACS_CTRL, PACS_RR | PACS_CR);
	w16(cfgs[b], 0x100, PCI_EXT_CAP_ID_ACS);
	w16(cfgs[b], 0x100 + PCI_ACS_CAP, PACS_RR | PACS_CR);
	w16(cfgs[b], 0x100 + PCI_ACS_CTRL, PACS_RR);
	run(&amd);
	ok(r[a].acs_ok && !r[b].acs_ok && r[a].group != r[b].group,
	   "function 0 with RR|CR on, function 1 with CR off: separate (a needs both to lack ACS)");
	ok(r[b].reason == PACS_ISOLATED, "b has no sibling lacking ACS");

	/* pci_quirk_mf_endpoint_acs: Intel 82599 (8086:10fb) functions split */
	reset();
	rp = add(0, 1, 1, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, false, 0x1f, ALL4, -1);
	a = add(1, 0, 0, 0x8086, 0x10fb, PCI_EXP_TYPE_ENDPOINT, true, NOACS, 0, rp);
	b = add(1, 0, 1, 0x8086, 0x10fb, PCI_EXP_TYPE_ENDPOINT, true, NOACS, 0, rp);
	run(&amd);
	ok(r[a].group != r[b].group && r[a].acs_ok, "82599 quirk: functions isolated");
	ok(pacs_acs_enabled(f, nf, (size_t)a, &amd, PACS_REQ, &(const char *){ NULL }) &&
	   r[a].reason == PACS_ISOLATED, "pacs_acs_enabled agrees");

	/* pci_quirk_amd_sb_acs: AMD FCH 1022:780f multifunction on the root bus,
	 * no PCIe capability: isolated only when IVRS exists */
	reset();
	a = add(0, 0x14, 0, 0x1022, 0x780f, NONE, true, NOACS, 0, -1);
	b = add(0, 0x14, 3, 0x1022, 0x7809, NONE, true, NOACS, 0, -1);
	run(&amd);
	ok(r[a].group != r[b].group && r[a].acs_ok && r[b].acs_ok, "AMD SB quirk with IVRS");
	run(&(struct pacs_host){ .ivrs_present = false });
	ok(r[a].group == r[b].group && r[a].reason == PACS_MULTIFUNCTION,
	   "AMD SB quirk without IVRS: conventional PCI, one group");

	/* pci_quirk_wangxun_nic_acs answers 0 for other Wangxun devices,
	 * even with full ACS */
	reset();
	a = add(0, 2, 0, 0x8088, 0x9999, PCI_EXP_TYPE_ENDPOINT, true, ALL4, ALL4, -1);
	b = add(0, 2, 1, 0x8088, 0x9999, PCI_EXP_TYPE_ENDPOINT, true, ALL4, ALL4, -1);
	run(&amd);
	ok(r[a].group == r[b].group && r[a].quirk && !strcmp(r[a].quirk, "pci_quirk_wangxun_nic_acs"),
	   "Wangxun quirk refuses: one group, quirk named");
}

static void test_bridges_aliases(void)
{
	int rp, br, a, b, usp, dsp1, dsp2, e1, e2;

	/* PCIe-to-PCI bridge with two conventional devices */
	reset();
	rp = add(0, 1, 0, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, false, 0x1f, ALL4, -1);
	br = add(1, 0, 0, 0x1b21, 0x1080, PCI_EXP_TYPE_PCI_BRIDGE, false, NOACS, 0, rp);
	a = add(2, 4, 0, 0x1106, 0x3044, NONE, false, NOACS, 0, br);
	b = add(2, 5, 0, 0x13f6, 0x0111, NONE, false, NOACS, 0, br);
	run(&amd);
	ok(r[a].group == r[br].group && r[b].group == r[br].group && r[br].group != r[rp].group,
	   "behind a PCIe-to-PCI bridge: one group with the bridge");
	ok(r[a].reason == PACS_ALIAS_BRIDGE && r[a].culprit == br && strstr(r[a].why, "PCIe-to-PCI"),
	   "reason: alias to the bridge");

	/* a switch: USP, two DSPs with ACS, endpoints isolated */
	reset();
	rp = add(0, 1, 0, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, false, 0x1f, ALL4, -1);
	usp = add(1, 0, 0, 0x10b5, 0x8747, PCI_EXP_TYPE_UPSTREAM, false, NOACS, 0, rp);
	dsp1 = add(2, 8, 0, 0x10b5, 0x8747, PCI_EXP_TYPE_DOWNSTREAM, false, 0x5f, ALL4, usp);
	dsp2 = add(2, 16, 0, 0x10b5, 0x8747, PCI_EXP_TYPE_DOWNSTREAM, false, 0x5f, ALL4, usp);
	e1 = add(3, 0, 0, 0x144d, 0xa808, PCI_EXP_TYPE_ENDPOINT, false, NOACS, 0, dsp1);
	e2 = add(4, 0, 0, 0x144d, 0xa808, PCI_EXP_TYPE_ENDPOINT, false, NOACS, 0, dsp2);
	run(&amd);
	ok(r[e1].group == e1 && r[e2].group == e2, "switch with ACS DSPs: endpoints isolated");
	/* DSP1 without RR: e1 joins DSP1; e2 stays alone */
	w16(cfgs[dsp1], 0x100 + PCI_ACS_CTRL, PACS_SV | PACS_CR | PACS_UF);
	run(&amd);
	ok(r[e1].group == r[dsp1].group && r[e1].missing == PACS_RR && r[e2].group == e2,
	   "DSP lacking RR: only its own endpoint joins it");

	/* IVRS alias on the same bus joins; on another bus it does not */
	reset();
	a = add(0, 0x14, 0, 0x1022, 0x790b, PCI_EXP_TYPE_ROOT_INT_EP, false, NOACS, 0, -1);
	b = add(0, 0x14, 3, 0x1022, 0x790e, PCI_EXP_TYPE_ROOT_INT_EP, false, NOACS, 0, -1);
	f[a].ivrs_alias = 0x00a3;
	run(&amd);
	ok(r[a].group == r[b].group && r[a].reason == PACS_DMA_ALIAS && r[b].reason == PACS_DMA_ALIAS,
	   "IVRS alias 00:14.3 on the same bus: one group");
	f[a].ivrs_alias = 0x01a3;
	run(&amd);
	ok(r[a].group != r[b].group, "alias on another bus: not a PCI DMA alias");

	/* bad parents */
	reset();
	a = add(0, 1, 0, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, false, NOACS, 0, 1);
	b = add(1, 0, 0, 0x1022, 0x1483, PCI_EXP_TYPE_ROOT_PORT, false, NOACS, 0, 0);
	ok(pacs_group(f, nf, &amd, r) == -EINVAL, "parent cycle: -EINVAL");
	f[a].parent = 7;
	ok(pacs_group(f, nf, &amd, r) == -EINVAL, "parent out of range: -EINVAL");
	ok(pacs_group(f, 0, &amd, r) == 0, "no functions");
	is_str(pacs_reason_name(PACS_UPSTREAM_ACS), "upstream_acs", "reason name");
}

int main(void)
{
	test_decode();
	test_root_port();
	test_multifunction();
	test_bridges_aliases();
	return done_testing();
}
