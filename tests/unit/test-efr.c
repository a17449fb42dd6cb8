// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: efr_decode, efr_feature_names, amd_caps_compute,
 * features_parse, amd_cap_decode, control_bit_names.
 *
 * Values come from real Linux 7.3.4 output under QEMU (reference samples,
 * qemu-amd-iommu-linux-7.3/<folder>/<file>, named next to each literal);
 * expected results were worked out by hand from the bit layouts in
 * kernel-interfaces.md §2.5, §3.6, §3.7 and amd_iommu_types.h.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "amd.h"
#include "tap.h"

#define BIT(n) (UINT64_C(1) << (n))

/* QEMU 7.2 amd-iommu: stock-default/sysfs-ivhd0-amd-iommu-features.txt "29d3:0" */
#define EFR_QEMU      UINT64_C(0x29d3)
/* efr-override-v2dirty, efr-override-nest: "17000f000059d3:0" / ":8" */
#define EFR_OVERRIDE  UINT64_C(0x0017000f000059d3)
/* efr-override-gats2-pgtbl_v2: "17000f000069d3:0" */
#define EFR_GATS2     UINT64_C(0x0017000f000069d3)

static bool names_are(const char **got, size_t n, const char *const *want, size_t nw)
{
	size_t i;

	if (n != nw)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(got[i], want[i]) != 0)
			return false;
	return true;
}

static void show_names(const char **got, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		diag("  [%zu] %s", i, got[i]);
}

#define NAMES_ARE(got, n, name, ...)                                          \
	do {                                                                  \
		static const char *const want_[] = { __VA_ARGS__ };           \
		if (!ok(names_are(got, n, want_, sizeof(want_) / sizeof(want_[0])), \
			"%s", name))                                          \
			show_names(got, n);                                   \
	} while (0)

static void test_efr_decode(void)
{
	struct efr_info e;

	efr_decode(EFR_QEMU, 0, &e);
	is_u64(e.efr, EFR_QEMU, "qemu: efr kept");
	is_u64(e.efr2, 0, "qemu: efr2 kept");
	is_u64(e.hats, 2, "qemu: HATS 2 (bits 11:10 of 0x29d3)");
	is_u64(e.host_levels, 6, "qemu: 6 host levels");
	is_u64(e.gats, 2, "qemu: GATS 2 (reserved)");
	is_u64(e.guest_levels, 0, "qemu: guest levels 0 for reserved GATS");
	is_u64(e.glx_sup, 0, "qemu: GLXSup 0");
	is_u64(e.pas_max, 0, "qemu: PASmax 0");
	/* init.c iommu_init_pci(): with GTSup (0x29d3 bit 4), (1 << (0 + 1)) - 1 */
	is_u64(e.max_pasids, 1, "qemu: GTSup, PASmax 0: max PASIDs 1");
	is_u64(e.irte_count, 512, "qemu: EFR2 NumIntRemapSup 0: 512 IRTEs");

	efr_decode(EFR_OVERRIDE, 8, &e);
	is_u64(e.hats, 2, "override: HATS 2");
	is_u64(e.gats, 1, "override: GATS 1");
	is_u64(e.guest_levels, 5, "override: 5 guest levels");
	is_u64(e.glx_sup, 1, "override: GLXSup 1");
	is_u64(e.pas_max, 15, "override: PASmax 15");
	is_u64(e.max_pasids, 0xffff, "override: 65535 PASIDs");
	is_u64(e.efr2, 8, "override: efr2 8");

	efr_decode(UINT64_C(3) << 10, 0, &e);
	is_u64(e.host_levels, 0, "HATS 3 (HATDis): 0 host levels");
	efr_decode(0, 0, &e);
	is_u64(e.host_levels, 4, "HATS 0: 4 host levels");
	is_u64(e.guest_levels, 4, "GATS 0: 4 guest levels");
	efr_decode(UINT64_C(1) << 10 | UINT64_C(3) << 12, 0, &e);
	is_u64(e.host_levels, 5, "HATS 1: 5 host levels");
	is_u64(e.guest_levels, 0, "GATS 3: guest levels 0");
	efr_decode(UINT64_C(1) << 32, 0, &e);
	is_u64(e.max_pasids, 0, "PASmax 1 without GTSup: the driver sets none (0)");
	efr_decode(UINT64_C(1) << 32 | BIT(4), 0, &e);
	is_u64(e.max_pasids, 3, "PASmax 1, GTSup: 2^2-1 = 3");
	efr_decode(UINT64_C(8) << 32 | BIT(4), 0, &e);
	is_u64(e.max_pasids, 511, "PASmax 8, GTSup: 511");
	efr_decode(UINT64_C(16) << 32 | BIT(4), 0, &e);
	is_u64(e.max_pasids, 0x1ffff, "PASmax 16, GTSup: 2^17-1 (the kernel would BUG_ON it)");
	efr_decode(UINT64_C(31) << 32 | BIT(4), 0, &e);
	is_u64(e.pas_max, 31, "PASmax 31 decoded");
	is_u64(e.max_pasids, 0xffffffff, "PASmax 31, GTSup: 2^32-1");
	efr_decode(0, UINT64_C(1) << 8, &e);
	is_u64(e.irte_count, 2048, "EFR2 NumIntRemapSup (9:8) 1: 2048 IRTEs");
	efr_decode(0, UINT64_C(2) << 8, &e);
	is_u64(e.irte_count, 512, "EFR2 NumIntRemapSup 2 (reserved): 512 IRTEs");
}

static void test_feature_names(void)
{
	const char *n[64];
	size_t c;

	/* boot log: "AMD-Vi: Extended features (0x29d3, 0x0): PreF PPR GT IA GA HE" */
	/* boot log: "AMD-Vi: Extended features (0x29d3, 0x0): PreF PPR GT IA GA HE" */
	c = efr_feature_names(EFR_QEMU, n, 64);
	NAMES_ARE(n, c, "qemu 0x29d3: bits 0 1 4 6 7 8 (HATS/GATS are fields)",
		  "PreFSup", "PPRSup", "GTSup", "IASup", "GASup", "HESup");

	c = efr_feature_names(EFR_OVERRIDE, n, 64);
	NAMES_ARE(n, c, "override 0x0017000f000059d3",
		  "PreFSup", "PPRSup", "GTSup", "IASup", "GASup", "HESup",
		  "GIoSup", "HASup", "EPHSup", "HDSup");
	c = efr2_feature_names(8, n, 64);
	NAMES_ARE(n, c, "override EFR2 8: bit 3", "GCR3TRPMode");

	c = efr_feature_names(BIT(63) | BIT(5) | BIT(2) | BIT(3) | BIT(9), n, 64);
	NAMES_ARE(n, c, "bits 2 3 5 9 63", "XTSup", "NXSup", "GAPPISup", "PCSup", "SNPSup");

	c = efr_feature_names(BIT(37) | BIT(40) | BIT(41) | BIT(44) | BIT(45) | BIT(46) | BIT(51) |
			      BIT(54) | BIT(55) | BIT(61) | BIT(62), n, 64);
	NAMES_ARE(n, c, "spec-only EFR bits, in bit order",
		  "USSup", "PprOvrflwEarlySup", "PPRAutoRspSup", "BlkStopMrkSup", "PerfOptSup",
		  "MsiCapMmioSup", "AttrFWSup", "InvIotlbTypeSup", "vIommuSup", "GAUpdateDisSup",
		  "ForcePhyDestSup");

	c = efr2_feature_names(BIT(1) | BIT(3) | BIT(4) | BIT(11) | BIT(13), n, 64);
	NAMES_ARE(n, c, "EFR2 single bits", "SNPIoSup", "GCR3TRPMode", "GAPPIDis", "HTRangeIgnore",
		  "SNPPageMode0Sup");

	/* multi-bit fields have no name: HATS GATS GLXSup SmiFSup SmiFRC GAMSup
	 * DualPprLogSup (24-25) DualEventLogSup (28-29) PASmax DevTblSegSup
	 * (38-39) MARCSup (42-43); EFR2 SNPAVICSup (7:5) NumIntRemapSup (9:8) */
	c = efr_feature_names(UINT64_C(0x1f) << 32 | UINT64_C(0x3fff) << 10 | UINT64_C(3) << 24 |
			      UINT64_C(3) << 28 | UINT64_C(3) << 38 | UINT64_C(3) << 42, n, 64);
	is_u64(c, 0, "multi-bit EFR fields: no names");
	c = efr2_feature_names(UINT64_C(0x3e0), n, 64);
	is_u64(c, 0, "multi-bit EFR2 fields: no names");

	c = efr_feature_names(~UINT64_C(0), n, 64);
	is_u64(c, 26, "all ones: 26 single-bit EFR fields");
	is_str(n[0], "PreFSup", "all ones: first PreFSup");
	is_str(n[25], "SNPSup", "all ones: SNPSup (bit 63) last");
	c = efr2_feature_names(~UINT64_C(0), n, 64);
	is_u64(c, 5, "all ones: 5 single-bit EFR2 fields");

	c = efr_feature_names(~UINT64_C(0), n, 3);
	NAMES_ARE(n, c, "max 3 truncates", "PreFSup", "PPRSup", "XTSup");
	c = efr_feature_names(~UINT64_C(0), NULL, 0);
	is_u64(c, 0, "max 0 writes nothing");
	c = efr_feature_names(0, n, 64);
	is_u64(c, 0, "no bits: no names");
}

static void test_caps(void)
{
	struct amd_caps c;

	/* QEMU: no GIoSup, no HDSup, no EFR2 */
	amd_caps_compute(EFR_QEMU, 0, true, false, &c);
	ok(!c.v2 && !c.gt_ppr && !c.pasid && !c.dirty_tracking && !c.nest_parent,
	   "qemu: no v2, PASID, dirty, nest");
	is_str(c.why_not_v2, "GIoSup (EFR bit 48) not set", "qemu: why not v2");
	is_str(c.why_not_pasid, "GIoSup (EFR bit 48) not set", "qemu: why not PASID");
	is_str(c.why_not_dirty, "HDSup (EFR bit 52) not set", "qemu: why not dirty");
	is_str(c.why_not_nest, "GIoSup (EFR bit 48) and GCR3TRPMode (EFR2 bit 3) not set",
	       "qemu: why not nest");

	/* efr-override-v2dirty: PASID, DIRTY OK, NEST_PARENT EOPNOTSUPP (LA57 guest) */
	amd_caps_compute(EFR_OVERRIDE, 0, true, false, &c);
	ok(c.v2 && c.gt_ppr && c.pasid && c.dirty_tracking, "v2dirty: v2 gt_ppr PASID dirty");
	ok(c.why_not_v2 == NULL && c.why_not_pasid == NULL && c.why_not_dirty == NULL,
	   "v2dirty: why_not_* NULL when present");
	ok(!c.nest_parent, "v2dirty: no nest parent");
	is_str(c.why_not_nest, "GCR3TRPMode (EFR2 bit 3) not set", "v2dirty: why not nest");

	/* efr-override-nest: EFR2 8 */
	amd_caps_compute(EFR_OVERRIDE, 8, true, false, &c);
	ok(c.nest_parent && c.why_not_nest == NULL, "nest: nest parent");
	ok(c.pasid && c.dirty_tracking, "nest: PASID and dirty too");

	/* efr-override-gats2-pgtbl_v2: LA57 guest, GATS 2 -> PASID EOPNOTSUPP */
	amd_caps_compute(EFR_GATS2, 0, true, false, &c);
	ok(c.v2 && c.gt_ppr && !c.pasid, "gats2 + LA57: v2 but no PASID");
	ok(c.why_not_pasid && strstr(c.why_not_pasid, "LA57") && strstr(c.why_not_pasid, "GATS"),
	   "gats2 + LA57: reason names LA57 and GATS");
	amd_caps_compute(EFR_GATS2, 0, false, false, &c);
	ok(c.pasid && c.why_not_pasid == NULL, "gats2 without LA57: PASID");

	/* SNP enabled */
	amd_caps_compute(EFR_OVERRIDE | BIT(63), 0, false, true, &c);
	ok(c.gt_ppr && !c.pasid, "SNP enabled: gt_ppr but no PASID");
	ok(c.why_not_pasid && strstr(c.why_not_pasid, "SNP"), "SNP enabled: reason names SNP");
	amd_caps_compute(EFR_OVERRIDE | BIT(63), 0, false, false, &c);
	ok(c.pasid, "SNPSup but SNP not enabled: PASID");

	/* missing EPHSup / PPRSup */
	amd_caps_compute(EFR_GT_SUP | EFR_GIO_SUP | EFR_PPR_SUP, 0, false, false, &c);
	ok(c.v2 && !c.gt_ppr && !c.pasid, "no EPHSup: v2 but no gt_ppr/PASID");
	is_str(c.why_not_pasid, "EPHSup (EFR bit 50) not set", "no EPHSup: reason");
	amd_caps_compute(EFR_GT_SUP | EFR_GIO_SUP, 0, false, false, &c);
	is_str(c.why_not_pasid, "PPRSup (EFR bit 1) and EPHSup (EFR bit 50) not set",
	       "no PPR/EPH: reason");
	amd_caps_compute(EFR_GT_SUP | EFR_GIO_SUP | EFR_EPH_SUP, 0, false, false, &c);
	is_str(c.why_not_pasid, "PPRSup (EFR bit 1) not set", "no PPR: reason");

	/* v2 reasons */
	amd_caps_compute(EFR_GIO_SUP, EFR2_GCR3TRP, false, false, &c);
	is_str(c.why_not_v2, "GTSup (EFR bit 4) not set", "no GT: why not v2");
	is_str(c.why_not_nest, "GTSup (EFR bit 4) not set", "no GT: why not nest");
	amd_caps_compute(0, 0, false, false, &c);
	is_str(c.why_not_v2, "GIoSup (EFR bit 48) and GTSup (EFR bit 4) not set",
	       "EFR 0: why not v2");
	is_str(c.why_not_nest,
	       "GIoSup (EFR bit 48), GTSup (EFR bit 4) and GCR3TRPMode (EFR2 bit 3) not set",
	       "EFR 0: why not nest");
	ok(!c.v2 && !c.gt_ppr && !c.pasid && !c.dirty_tracking && !c.nest_parent,
	   "EFR 0: nothing");

	/* dirty tracking needs host translation (HATS != 3) */
	amd_caps_compute(EFR_HD_SUP | UINT64_C(3) << 10, 0, false, false, &c);
	ok(!c.dirty_tracking && c.why_not_dirty && strstr(c.why_not_dirty, "HATS"),
	   "HDSup with HATS 3: no dirty, reason names HATS");
	amd_caps_compute(EFR_HD_SUP, 0, false, false, &c);
	ok(c.dirty_tracking && c.why_not_dirty == NULL, "HDSup alone: dirty");
	ok(!c.v2 && !c.nest_parent, "HDSup alone: no v2/nest");
}

static void test_features_parse(void)
{
	uint64_t efr, efr2;
	enum features_format fmt;
	int r;

	/* 3.17-5.19: EFR only */
	r = features_parse("29d3\n", 5, 15, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR, "5.15 \"29d3\": EFR");
	r = features_parse("29d3", 0, 0, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && fmt == FEATURES_EFR, "one field without newline, unknown kernel");

	/* 6.0-6.6: EFR2:EFR per IOMMU */
	r = features_parse("0:29d3\n", 6, 2, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR2_EFR, "6.2 \"0:29d3\": EFR2:EFR");
	r = features_parse("8:17000f000059d3\n", 6, 6, &efr, &efr2, &fmt);
	ok(r == 0 && efr == EFR_OVERRIDE && efr2 == 8 && fmt == FEATURES_EFR2_EFR,
	   "6.6 \"8:17000f000059d3\": EFR2:EFR");

	/* stock-unsafe-intr/sysfs-ivhd0-amd-iommu-features.txt: "29d3:0" on 7.3 */
	r = features_parse("29d3:0\n", 7, 3, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR_EFR2, "7.3 \"29d3:0\": EFR:EFR2");
	/* efr-override-nest/sysfs-ivhd0-amd-iommu-features.txt */
	r = features_parse("17000f000059d3:8\n", 7, 3, &efr, &efr2, &fmt);
	ok(r == 0 && efr == EFR_OVERRIDE && efr2 == 8 && fmt == FEATURES_EFR_EFR2,
	   "7.3 \"17000f000059d3:8\": EFR:EFR2");
	r = features_parse("17000f000059d3:8\n", 6, 7, &efr, &efr2, &fmt);
	ok(r == 0 && efr == EFR_OVERRIDE && efr2 == 8 && fmt == FEATURES_EFR_EFR2,
	   "6.7 boundary: EFR:EFR2");

	/* sanity check swaps an order that cannot be right */
	r = features_parse("17000f000059d3:8\n", 6, 5, &efr, &efr2, &fmt);
	ok(r == 0 && efr == EFR_OVERRIDE && efr2 == 8 && fmt == FEATURES_EFR_EFR2,
	   "6.5 kernel printing EFR:EFR2 (backport): swapped back");
	r = features_parse("29d3:0\n", 6, 2, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR_EFR2,
	   "6.2 kernel printing \"29d3:0\": swapped back");
	r = features_parse("0:29d3\n", 7, 3, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR2_EFR,
	   "7.3 kernel printing \"0:29d3\": swapped back");
	r = features_parse("0:29d3\n", 0, 0, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR2_EFR,
	   "unknown kernel \"0:29d3\": EFR2:EFR by sanity check");
	r = features_parse("29d3:0\n", 0, 0, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0 && fmt == FEATURES_EFR_EFR2,
	   "unknown kernel \"29d3:0\": EFR:EFR2");
	/* ambiguous: keep the version's order */
	r = features_parse("8:8\n", 6, 2, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 8 && efr2 == 8 && fmt == FEATURES_EFR2_EFR, "ambiguous 8:8 on 6.2: version order");
	r = features_parse("ffffffffffffffff:0\n", 7, 0, &efr, &efr2, &fmt);
	ok(r == 0 && efr == ~UINT64_C(0) && efr2 == 0, "16 f digits: full u64");
	r = features_parse("0x29d3:0x0\n", 7, 0, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3 && efr2 == 0, "0x prefixes tolerated");
	r = features_parse("29D3:0\n", 7, 0, &efr, &efr2, &fmt);
	ok(r == 0 && efr == 0x29d3, "upper case hex");

	/* garbage */
	static const char *const bad[] = {
		"", "\n", ":", ":\n", "29d3:", ":0", "29d3:0:0", "29d3::0", "xyz", "0x",
		"0x:0", "29d3 \n", " 29d3", "29d3\n\n", "29d3\n0", "-1", "+1",
		"10000000000000000", "29d3:10000000000000000", "12345678123456789:0",
		"29d3;0", "29d3:0 ", "g", "\xff\xfe",
	};
	size_t i;
	char big[1100];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		efr = 0x1111;
		efr2 = 0x2222;
		fmt = (enum features_format)7;
		r = features_parse(bad[i], 7, 3, &efr, &efr2, &fmt);
		ok(r == -EINVAL && efr == 0x1111 && efr2 == 0x2222 && fmt == (enum features_format)7,
		   "garbage %zu rejected, outputs untouched", i);
	}
	memset(big, 'f', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(features_parse(big, 7, 3, &efr, &efr2, &fmt) == -EINVAL, "1099 hex digits: -EINVAL");
	big[500] = ':';
	ok(features_parse(big, 7, 3, &efr, &efr2, &fmt) == -EINVAL, "two overlong fields: -EINVAL");
}

static void test_cap(void)
{
	struct amd_cap c;

	/* stock-unsafe-intr/sysfs-ivhd0-amd-iommu-cap.txt: "1f03000f" */
	amd_cap_decode(0x1f03000f, &c);
	is_u64(c.raw, 0x1f03000f, "cap: raw kept");
	is_u64(c.id, 0x0f, "cap: ID 0x0f");
	is_u64(c.next, 0, "cap: next 0");
	is_u64(c.type, 3, "cap: type 3");
	is_u64(c.rev, 0, "cap: rev 0");
	ok(c.iotlb_sup && c.ht_tunnel && c.np_cache && c.efr_sup && c.cap_ext,
	   "cap: IotlbSup HtTunnel NpCache EFRSup CapExt");

	/* hand-built: next 0x40, type 3, rev 0x11, EFRSup only */
	amd_cap_decode(0x088b400f, &c);
	ok(c.id == 0x0f && c.next == 0x40 && c.type == 3 && c.rev == 0x11,
	   "cap 0x088b400f: id next type rev");
	ok(!c.iotlb_sup && !c.ht_tunnel && !c.np_cache && c.efr_sup && !c.cap_ext,
	   "cap 0x088b400f: EFRSup only");
	amd_cap_decode(0, &c);
	ok(c.id == 0 && !c.efr_sup && !c.cap_ext, "cap 0: nothing");
}

static void test_control(void)
{
	const char *n[64];
	size_t c;

	/* stock-unsafe-intr/debugfs-amd-mmio.txt: Offset:0x18 Value:0x000000000003148f */
	c = control_bit_names(0x3148f, n, 64);
	NAMES_ARE(n, c, "control 0x3148f (stock)",
		  "IOMMUEn", "HtTunEn", "EventLogEn", "EventIntEn", "InvTimeout=1s",
		  "Coherent", "CmdBufEn", "GTEn", "GAEn");

	/* efr-override-v2dirty/debugfs-amd-mmio.txt: 0x000020000003f48f */
	c = control_bit_names(0x000020000003f48f, n, 64);
	NAMES_ARE(n, c, "control 0x20000003f48f (v2dirty)",
		  "IOMMUEn", "HtTunEn", "EventLogEn", "EventIntEn", "InvTimeout=1s",
		  "Coherent", "CmdBufEn", "PPRLogEn", "PPRIntEn", "PPREn", "GTEn",
		  "GAEn", "EPHEn");

	/* efr-override-nest/debugfs-amd-mmio.txt: 0x040020000003f48f */
	c = control_bit_names(0x040020000003f48f, n, 64);
	is_u64(c, 14, "control nest: 14 names");
	is_str(c ? n[c - 1] : NULL, "GCR3TRPMode", "control nest: GCR3TRPMode (bit 58) last");

	c = control_bit_names(BIT(25) | BIT(43) | BIT(50) | BIT(51) | BIT(59) | BIT(61) |
			      UINT64_C(7) << 5, n, 64);
	NAMES_ARE(n, c, "control multi-bit fields and high bits",
		  "InvTimeout=7", "GAM=1", "NumIntRemapMode=1", "XTEn", "IntCapXTEn",
		  "IRTCacheDis", "SNPAVICEn");
	c = control_bit_names(UINT64_C(1) << 5 | UINT64_C(7) << 25 | UINT64_C(3) << 43 |
			      BIT(4) | BIT(8) | BIT(9) | BIT(11) | BIT(28) | BIT(29) | BIT(55), n, 64);
	NAMES_ARE(n, c, "control other bits",
		  "ComWaitIntEn", "InvTimeout=1ms", "PassPW", "ResPassPW", "Isoc",
		  "GAM=7", "GALogEn", "GAIntEn", "NumIntRemapMode=3", "GAPPIEn");

	c = control_bit_names(~UINT64_C(0), n, 64);
	is_u64(c, 27, "control all ones: 24 bits + 3 fields");
	c = control_bit_names(~UINT64_C(0), n, 2);
	NAMES_ARE(n, c, "control max 2", "IOMMUEn", "HtTunEn");
	c = control_bit_names(0, n, 64);
	is_u64(c, 0, "control 0: no names");
	/* undefined bits only */
	c = control_bit_names(BIT(18) | BIT(30) | BIT(46) | BIT(63), n, 64);
	is_u64(c, 0, "control undefined bits: no names");
}

int main(void)
{
	test_efr_decode();
	test_feature_names();
	test_caps();
	test_features_parse();
	test_cap();
	test_control();
	return done_testing();
}
