// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * EFR/EFR2, the capabilities the driver derives from them and the sysfs
 * `features` text.
 *
 * Bit positions: drivers/iommu/amd/amd_iommu_types.h: FEATURE_PREFETCH 0,
 * FEATURE_PPR 1, FEATURE_X2APIC 2, FEATURE_NX 3, FEATURE_GT 4, FEATURE_IA 6,
 * FEATURE_GA 7, FEATURE_HE 8, FEATURE_PC 9, FEATURE_HATS 11:10,
 * FEATURE_GATS 13:12, FEATURE_GLX 15:14, FEATURE_GAM_VAPIC 21,
 * FEATURE_PASMAX 36:32, FEATURE_GIOSUP 48, FEATURE_HASUP 49,
 * FEATURE_EPHSUP 50, FEATURE_HDSUP 52, FEATURE_SNP 63; EFR2:
 * FEATURE_SEVSNPIO_SUP 1, FEATURE_GCR3TRPMODE 3, FEATURE_SNPAVICSUP 7:5,
 * FEATURE_NUM_INT_REMAP_SUP 9:8, FEATURE_HT_RANGE_IGNORE 11.  Bit 5
 * (GAPPISup in the AMD spec, 48882) is printed "[5]" as the kernel's boot
 * message does; USSup, MsiCapMmioSup, AttrFWSup, InvIotlbTypeSup and
 * vIommuSup come from the spec and are not used by Linux.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "efr.h"
#include "hex.h"

#define BIT64(n) (UINT64_C(1) << (n))
#define FLAG(bit, label) { label, label, 0, bit, 1, FIELD_FLAG, 0, NULL }
#define UINT(lo, width, key, label) { key, label, 0, lo, width, FIELD_UINT, 0, NULL }

/*
 * The fields in bit order, named as the AMD IOMMU specification (48882,
 * "Extended Feature Register", MMIO 0x30; "Extended Feature 2 Register",
 * MMIO 0x1a0) names them; the kernel's FEATURE_* for the ones Linux uses.
 * GAMSup 1 is what the kernel calls FEATURE_GAM_VAPIC ("GA_vAPIC" in its
 * boot message).
 */
const struct field efr_field_table[] = {
	FLAG(0, "PreFSup"), FLAG(1, "PPRSup"), FLAG(2, "XTSup"), FLAG(3, "NXSup"),
	FLAG(4, "GTSup"), FLAG(5, "GAPPISup"), FLAG(6, "IASup"), FLAG(7, "GASup"),
	FLAG(8, "HESup"), FLAG(9, "PCSup"),
	UINT(10, 2, "hats", "HATS"), UINT(12, 2, "gats", "GATS"),
	UINT(14, 2, "glx_sup", "GLXSup"), UINT(16, 2, "smif_sup", "SmiFSup"),
	UINT(18, 3, "smif_rc", "SmiFRC"), UINT(21, 3, "gam_sup", "GAMSup"),
	UINT(24, 2, "dual_ppr_log_sup", "DualPprLogSup"),
	UINT(28, 2, "dual_event_log_sup", "DualEventLogSup"),
	UINT(32, 5, "pas_max", "PASmax"), FLAG(37, "USSup"),
	UINT(38, 2, "dev_tbl_seg_sup", "DevTblSegSup"),
	FLAG(40, "PprOvrflwEarlySup"), FLAG(41, "PPRAutoRspSup"),
	UINT(42, 2, "marc_sup", "MARCSup"), FLAG(44, "BlkStopMrkSup"),
	FLAG(45, "PerfOptSup"), FLAG(46, "MsiCapMmioSup"),
	FLAG(48, "GIoSup"), FLAG(49, "HASup"), FLAG(50, "EPHSup"),
	FLAG(51, "AttrFWSup"), FLAG(52, "HDSup"), FLAG(54, "InvIotlbTypeSup"),
	FLAG(55, "vIommuSup"), FLAG(61, "GAUpdateDisSup"), FLAG(62, "ForcePhyDestSup"),
	FLAG(63, "SNPSup"),
	{ NULL }
};

const struct field efr2_field_table[] = {
	FLAG(1, "SNPIoSup"), FLAG(3, "GCR3TRPMode"), FLAG(4, "GAPPIDis"),
	UINT(5, 3, "snp_avic_sup", "SNPAVICSup"),
	UINT(8, 2, "num_int_remap_sup", "NumIntRemapSup"),
	FLAG(11, "HTRangeIgnore"), FLAG(13, "SNPPageMode0Sup"),
	{ NULL }
};

/* ---- EFR ---------------------------------------------------------------- */

void efr_decode(uint64_t efr, uint64_t efr2, struct efr_info *out)
{
	struct efr_info e;

	memset(&e, 0, sizeof(e));
	e.efr = efr;
	e.efr2 = efr2;
	e.hats = EFR_HATS(efr);
	e.gats = EFR_GATS(efr);
	e.glx_sup = (unsigned)field_bits(efr, 14, 2);
	e.pas_max = (unsigned)field_bits(efr, 32, 5);
	/* 6.16+: HATS = 3 means host translation disabled (HATDis) */
	e.host_levels = e.hats == 3 ? 0 : e.hats + 4;
	/* GATS: 0 = 4-level, 1 = 5-level, 2 and 3 reserved */
	e.guest_levels = e.gats == 0 ? 4 : e.gats == 1 ? 5 : 0;
	/*
	 * init.c iommu_init_pci(): only with GTSup, max_pasids =
	 * (1 << (pasmax + 1)) - 1 (a PASmax above 15 would trip its
	 * BUG_ON(max_pasids & ~PASID_MASK)).
	 */
	if (efr & EFR_GT_SUP)
		e.max_pasids = (uint32_t)((UINT64_C(1) << (e.pas_max + 1)) - 1);
	/* iommu.c: FEATURE_NUM_INT_REMAP_SUP_2K(efr2) gives 2048 IRTEs */
	e.irte_count = field_bits(efr2, 8, 2) == 1 ? 2048 : 512;
	*out = e;
}

static size_t add_names(uint64_t v, const struct field *t, const char **names,
			size_t max, size_t n)
{
	for (; t->key && n < max; t++)
		if (t->kind == FIELD_FLAG && (v & BIT64(t->lo)))
			names[n++] = t->label;
	return n;
}

size_t efr_feature_names(uint64_t efr, const char **names, size_t max)
{
	return add_names(efr, efr_field_table, names, max, 0);
}

size_t efr2_feature_names(uint64_t efr2, const char **names, size_t max)
{
	return add_names(efr2, efr2_field_table, names, max, 0);
}

/* ---- capabilities ------------------------------------------------------ */

/*
 * Checked against drivers/iommu/amd/amd_iommu.h and init.c/iommu.c:
 *   amd_iommu_v2_pgtbl_supported() = check_feature(FEATURE_GIOSUP) &&
 *                                    check_feature(FEATURE_GT)
 *   amd_iommu_gt_ppr_supported()   = v2_pgtbl && FEATURE_PPR && FEATURE_EPHSUP
 *     (older kernels: FEATURE_GT && FEATURE_PPR [&& FEATURE_EPHSUP], no GIoSup)
 *   amd_iommu_pasid_supported()    = !(5-level CPU paging &&
 *                                      amd_iommu_gpt_level != 5) &&
 *                                    gt_ppr && !amd_iommu_snp_en
 *     where amd_iommu_gpt_level = 5 only if the CPU uses 5-level paging and
 *     FIELD_GET(FEATURE_GATS, efr) == GUEST_PGTABLE_5_LEVEL (1)
 *   amd_iommu_hd_support()         = !amd_iommu_hatdis && FEATURE_HDSUP
 *     (HATDis also comes from IVHD attribute bit 0, invisible in EFR)
 *   is_nest_parent_supported()     = FEATURE_GT && FEATURE_GIOSUP &&
 *                                    check_feature2(FEATURE_GCR3TRPMODE)
 */

/* index: bit 0 = GTSup missing, bit 1 = GIoSup missing */
static const char *const why_v2[4] = {
	NULL,
	"GTSup (EFR bit 4) not set",
	"GIoSup (EFR bit 48) not set",
	"GIoSup (EFR bit 48) and GTSup (EFR bit 4) not set",
};

/* index: bit 0 = PPRSup missing, bit 1 = EPHSup missing */
static const char *const why_ppr[4] = {
	NULL,
	"PPRSup (EFR bit 1) not set",
	"EPHSup (EFR bit 50) not set",
	"PPRSup (EFR bit 1) and EPHSup (EFR bit 50) not set",
};

/* index: bit 0 = GTSup, bit 1 = GIoSup, bit 2 = EFR2 GCR3TRPMode missing */
static const char *const why_nest[8] = {
	NULL,
	"GTSup (EFR bit 4) not set",
	"GIoSup (EFR bit 48) not set",
	"GIoSup (EFR bit 48) and GTSup (EFR bit 4) not set",
	"GCR3TRPMode (EFR2 bit 3) not set",
	"GTSup (EFR bit 4) and GCR3TRPMode (EFR2 bit 3) not set",
	"GIoSup (EFR bit 48) and GCR3TRPMode (EFR2 bit 3) not set",
	"GIoSup (EFR bit 48), GTSup (EFR bit 4) and GCR3TRPMode (EFR2 bit 3) not set",
};

void amd_caps_compute(uint64_t efr, uint64_t efr2, bool cpu_la57,
		      bool snp_enabled, struct amd_caps *out)
{
	struct amd_caps c;
	unsigned miss_v2, miss_ppr, miss_nest;
	unsigned hats = EFR_HATS(efr), gats = EFR_GATS(efr);

	memset(&c, 0, sizeof(c));
	miss_v2 = (efr & EFR_GT_SUP ? 0u : 1u) | (efr & EFR_GIO_SUP ? 0u : 2u);
	miss_ppr = (efr & EFR_PPR_SUP ? 0u : 1u) | (efr & EFR_EPH_SUP ? 0u : 2u);
	miss_nest = miss_v2 | (efr2 & EFR2_GCR3TRP ? 0u : 4u);

	c.v2 = miss_v2 == 0;
	c.why_not_v2 = why_v2[miss_v2];
	c.gt_ppr = c.v2 && miss_ppr == 0;

	if (!c.v2)
		c.why_not_pasid = why_v2[miss_v2];
	else if (miss_ppr)
		c.why_not_pasid = why_ppr[miss_ppr];
	else if (cpu_la57 && gats != 1)
		c.why_not_pasid = "CPU uses 5-level paging (LA57) but EFR GATS "
				  "(bits 13:12) is not 1 (5-level guest page table)";
	else if (snp_enabled)
		c.why_not_pasid = "SEV-SNP is enabled (SNPSup, EFR bit 63): DTE "
				  "Mode 0 is not allowed, so no v2-only domains";
	c.pasid = c.why_not_pasid == NULL;

	if (!(efr & EFR_HD_SUP))
		c.why_not_dirty = "HDSup (EFR bit 52) not set";
	else if (hats == 3)
		c.why_not_dirty = "host translation disabled (EFR HATS, "
				  "bits 11:10, is 3)";
	c.dirty_tracking = c.why_not_dirty == NULL;

	c.nest_parent = miss_nest == 0;
	c.why_not_nest = why_nest[miss_nest];
	*out = c;
}

/* ---- sysfs features ---------------------------------------------------- */

/*
 * History of drivers/iommu/amd/init.c amd_iommu_show_features():
 *   3.17 - 5.19  sprintf(buf, "%llx\n", iommu->features)
 *   6.0          commit 1e98a35da49e "iommu/amd: Introduce Support for
 *                Extended Feature 2 Register":
 *                "%llx:%llx\n", iommu->features2, iommu->features
 *                (per IOMMU, EFR2 first; later only sprintf -> sysfs_emit)
 *   6.7          commit 7b7563a93437 "iommu/amd: Consolidate feature
 *                detection and reporting logic" (iommu pull for v6.7, with
 *                "Remove iommu_v2 module"): iommu->features is gone and the
 *                attribute prints the global values,
 *                sysfs_emit(buf, "%llx:%llx\n", amd_iommu_efr, amd_iommu_efr2)
 * The 6.7 attribution is from the commit list of that pull and the code of
 * both sides; the diff hunk itself was not seen, so the order is also
 * sanity-checked below (distro kernels may carry backports).
 */
#define FEATURES_GLOBAL_MAJOR 6
#define FEATURES_GLOBAL_MINOR 7

/* EFR fields that a real EFR has non-zero and EFR2 never does (< bit 16). */
#define EFR_SIGNATURE (UINT64_C(0xf) << 10 | UINT64_C(0x1f) << 32)

static bool plausible_efr(uint64_t v)
{
	return (v & EFR_SIGNATURE) != 0 || (v >> 16) != 0;
}

static bool plausible_efr2(uint64_t v)
{
	return (v >> 16) == 0; /* only low bits are defined */
}

int features_parse(const char *text, int kmajor, int kminor, uint64_t *efr,
		   uint64_t *efr2, enum features_format *fmt)
{
	size_t n = strlen(text);
	const char *colon;
	uint64_t a, b;
	bool efr_first;

	if (n && text[n - 1] == '\n')
		n--;
	colon = memchr(text, ':', n);
	if (!colon) {
		if (hex_span(text, n, &a) < 0)
			return -EINVAL;
		*efr = a;
		*efr2 = 0;
		*fmt = FEATURES_EFR;
		return 0;
	}
	if (hex_span(text, (size_t)(colon - text), &a) < 0 ||
	    hex_span(colon + 1, n - (size_t)(colon - text) - 1, &b) < 0)
		return -EINVAL;

	/* Order by version: unknown (0/0) means a current kernel. */
	if (kmajor <= 0)
		efr_first = true;
	else
		efr_first = kmajor > FEATURES_GLOBAL_MAJOR ||
			    (kmajor == FEATURES_GLOBAL_MAJOR &&
			     kminor >= FEATURES_GLOBAL_MINOR);

	/* Sanity check: swap when only the other order looks like EFR:EFR2. */
	{
		uint64_t e = efr_first ? a : b, e2 = efr_first ? b : a;
		bool ok = plausible_efr(e) && plausible_efr2(e2);
		bool swapped_ok = plausible_efr(e2) && plausible_efr2(e);

		if (!ok && swapped_ok)
			efr_first = !efr_first;
	}
	*efr = efr_first ? a : b;
	*efr2 = efr_first ? b : a;
	*fmt = efr_first ? FEATURES_EFR_EFR2 : FEATURES_EFR2_EFR;
	return 0;
}

