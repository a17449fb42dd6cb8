// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * EFR/EFR2, the capabilities the driver derives from them, the sysfs
 * `features` text, the PCI capability header and the MMIO control register.
 *
 * Bit positions: kernel-interfaces.md §3.6/§3.7, checked against
 * drivers/iommu/amd/amd_iommu_types.h: FEATURE_PREFETCH 0, FEATURE_PPR 1,
 * FEATURE_X2APIC 2, FEATURE_NX 3, FEATURE_GT 4, FEATURE_GAPPI 5 (proposed),
 * FEATURE_IA 6, FEATURE_GA 7, FEATURE_HE 8, FEATURE_PC 9,
 * FEATURE_HATS 11:10, FEATURE_GATS 13:12, FEATURE_GLX 15:14,
 * FEATURE_GAM_VAPIC 21, FEATURE_PASMAX 36:32, FEATURE_GIOSUP 48,
 * FEATURE_HASUP 49, FEATURE_EPHSUP 50, FEATURE_HDSUP 52, FEATURE_SNP 63;
 * EFR2: FEATURE_SEVSNPIO_SUP 1, FEATURE_GCR3TRPMODE 3,
 * FEATURE_SNPAVICSUP 7:5, FEATURE_NUM_INT_REMAP_SUP 9:8,
 * FEATURE_HT_RANGE_IGNORE 11; CONTROL_* bit numbers for the control
 * register (CONTROL_GCR3TRPMODE 58, CONTROL_IRTCACHEDIS 59,
 * CONTROL_SNPAVIC_EN 61, CONTROL_GAPPI_EN 55 proposed).  The remaining
 * names (USSup, MsiCapMmioSup, AttrFWSup, InvIotlbTypeSup, vIommuSup)
 * come from the AMD IOMMU spec (48882) and are not used by Linux.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "amd.h"

#define BIT64(n) (UINT64_C(1) << (n))
#define FIELD(w, lo, width) ((unsigned)(((w) >> (lo)) & ((UINT64_C(1) << (width)) - 1)))

#define EFR_HATS_LO   10
#define EFR_GATS_LO   12
#define EFR_GLX_LO    14
#define EFR_PASMAX_LO 32

/* ---- EFR ---------------------------------------------------------------- */

void efr_decode(uint64_t efr, uint64_t efr2, struct efr_info *out)
{
	struct efr_info e;

	memset(&e, 0, sizeof(e));
	e.efr = efr;
	e.efr2 = efr2;
	e.hats = FIELD(efr, EFR_HATS_LO, 2);
	e.gats = FIELD(efr, EFR_GATS_LO, 2);
	e.glx_sup = FIELD(efr, EFR_GLX_LO, 2);
	e.pas_max = FIELD(efr, EFR_PASMAX_LO, 5);
	/* 6.16+: HATS = 3 means host translation disabled (HATDis) */
	e.host_levels = e.hats == 3 ? 0 : e.hats + 4;
	/* GATS: 0 = 4-level, 1 = 5-level, 2 and 3 reserved */
	e.guest_levels = e.gats == 0 ? 4 : e.gats == 1 ? 5 : 0;
	/*
	 * init.c iommu_init_pci(): max_pasids = (1 << (pasmax + 1)) - 1, and the
	 * driver's global amd_iommu_max_pasid is limited to 16 bits (PASID_MASK).
	 */
	if (e.pas_max) {
		uint64_t n = (UINT64_C(1) << (e.pas_max + 1)) - 1;

		e.max_pasids = n > 0xffff ? 0xffff : (uint32_t)n;
	}
	*out = e;
}

/*
 * drivers/iommu/amd/init.c print_iommu_info() (6.7+):
 *   static const char * const feat_str[] = {
 *           "PreF", "PPR", "X2APIC", "NX", "GT", "[5]",
 *           "IA", "GA", "HE", "PC" };
 *   ... for bits 0..9, then " GA_vAPIC" if FEATURE_GAM_VAPIC (bit 21),
 *   then " SNP" if FEATURE_SNP (bit 63).
 * (GA_vAPIC since 5.x; SNP since 6.7 with check_feature().)
 */
struct name_bit {
	unsigned char bit;
	const char *name;
};

static const struct name_bit efr_boot_names[] = {
	{ 0, "PreF" }, { 1, "PPR" }, { 2, "X2APIC" }, { 3, "NX" }, { 4, "GT" },
	{ 5, "[5]" }, { 6, "IA" }, { 7, "GA" }, { 8, "HE" }, { 9, "PC" },
	{ 21, "GA_vAPIC" }, { 63, "SNP" },
};

/*
 * The other single-bit EFR fields, in the order amd.h documents.  Bit 5
 * (GAPPISup in the spec) is already printed as "[5]" above, so it is not
 * repeated here: one name per bit.
 */
static const struct name_bit efr_other_names[] = {
	{ 48, "GIoSup" }, { 49, "HASup" }, { 50, "EPHSup" }, { 51, "AttrFWSup" },
	{ 52, "HDSup" }, { 54, "InvIotlbTypeSup" }, { 55, "vIommuSup" },
	{ 37, "USSup" }, { 46, "MsiCapMmioSup" },
};

static const struct name_bit efr2_names[] = {
	{ 1, "SNPIoSup" }, { 3, "GCR3TRPMode" }, { 4, "GAPPIDis" },
	{ 11, "HTRangeIgnore" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static size_t add_names(uint64_t v, const struct name_bit *t, size_t nt,
			const char **names, size_t max, size_t n)
{
	size_t i;

	for (i = 0; i < nt && n < max; i++)
		if (v & BIT64(t[i].bit))
			names[n++] = t[i].name;
	return n;
}

size_t efr_feature_names(uint64_t efr, uint64_t efr2, const char **names,
			 size_t max)
{
	size_t n = 0;

	n = add_names(efr, efr_boot_names, ARRAY_SIZE(efr_boot_names), names, max, n);
	n = add_names(efr, efr_other_names, ARRAY_SIZE(efr_other_names), names, max, n);
	n = add_names(efr2, efr2_names, ARRAY_SIZE(efr2_names), names, max, n);
	return n;
}

/* ---- capabilities (§2.5) ------------------------------------------------ */

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
	unsigned hats = FIELD(efr, EFR_HATS_LO, 2), gats = FIELD(efr, EFR_GATS_LO, 2);

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
#define EFR_SIGNATURE (UINT64_C(0xf) << EFR_HATS_LO | UINT64_C(0x1f) << EFR_PASMAX_LO)

static bool plausible_efr(uint64_t v)
{
	return (v & EFR_SIGNATURE) != 0 || (v >> 16) != 0;
}

static bool plausible_efr2(uint64_t v)
{
	return (v >> 16) == 0; /* only low bits are defined */
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A whole field s[0..n) of hex digits (optional 0x), at most 64 bits. */
static int hex_span(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	int d;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == n)
		return -EINVAL;
	for (; i < n; i++) {
		d = hex_digit((unsigned char)s[i]);
		if (d < 0 || (v >> 60))
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
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

/* ---- PCI capability header --------------------------------------------- */

void amd_cap_decode(uint32_t raw, struct amd_cap *out)
{
	struct amd_cap c;

	memset(&c, 0, sizeof(c));
	c.raw = raw;
	c.id = FIELD(raw, 0, 8);
	c.next = FIELD(raw, 8, 8);
	c.type = FIELD(raw, 16, 3);
	c.rev = FIELD(raw, 19, 5);
	c.iotlb_sup = FIELD(raw, 24, 1);
	c.ht_tunnel = FIELD(raw, 25, 1);
	c.np_cache = FIELD(raw, 26, 1);
	c.efr_sup = FIELD(raw, 27, 1);
	c.cap_ext = FIELD(raw, 28, 1);
	*out = c;
}

/* ---- MMIO control register --------------------------------------------- */

/*
 * Bit fields of the control register (MMIO 0x18), in bit order.  Single
 * bits have one name; multi-bit fields name each non-zero value.
 */
static const struct ctrl_field {
	unsigned char lo, width;
	const char *names[8]; /* names[v] for value v (single bit: names[1]) */
} ctrl_fields[] = {
	{ 0, 1, { NULL, "IOMMUEn" } },
	{ 1, 1, { NULL, "HtTunEn" } },
	{ 2, 1, { NULL, "EventLogEn" } },
	{ 3, 1, { NULL, "EventIntEn" } },
	{ 4, 1, { NULL, "ComWaitIntEn" } },
	/* CTRL_INV_TO_*: 0 none, 1 1ms, ... 6 100s, 7 reserved */
	{ 5, 3, { NULL, "InvTimeout=1ms", "InvTimeout=10ms", "InvTimeout=100ms",
		  "InvTimeout=1s", "InvTimeout=10s", "InvTimeout=100s",
		  "InvTimeout=7" } },
	{ 8, 1, { NULL, "PassPW" } },
	{ 9, 1, { NULL, "ResPassPW" } },
	{ 10, 1, { NULL, "Coherent" } },
	{ 11, 1, { NULL, "Isoc" } },
	{ 12, 1, { NULL, "CmdBufEn" } },
	{ 13, 1, { NULL, "PPRLogEn" } },
	{ 14, 1, { NULL, "PPRIntEn" } },
	{ 15, 1, { NULL, "PPREn" } },
	{ 16, 1, { NULL, "GTEn" } },
	{ 17, 1, { NULL, "GAEn" } },
	/* Linux sets only bit 25 (CONTROL_GAM_EN): GAM=1 is guest vAPIC mode */
	{ 25, 3, { NULL, "GAM=1", "GAM=2", "GAM=3", "GAM=4", "GAM=5", "GAM=6",
		   "GAM=7" } },
	{ 28, 1, { NULL, "GALogEn" } },
	{ 29, 1, { NULL, "GAIntEn" } },
	/* CONTROL_NUM_INT_REMAP_MODE: 1 = 2048 IRTEs per device */
	{ 43, 2, { NULL, "NumIntRemapMode=1", "NumIntRemapMode=2",
		   "NumIntRemapMode=3" } },
	{ 45, 1, { NULL, "EPHEn" } },
	{ 50, 1, { NULL, "XTEn" } },
	{ 51, 1, { NULL, "IntCapXTEn" } },
	{ 55, 1, { NULL, "GAPPIEn" } },
	{ 58, 1, { NULL, "GCR3TRPMode" } },
	{ 59, 1, { NULL, "IRTCacheDis" } },
	{ 61, 1, { NULL, "SNPAVICEn" } },
};

size_t control_bit_names(uint64_t ctrl, const char **names, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(ctrl_fields) && n < max; i++) {
		const struct ctrl_field *f = &ctrl_fields[i];
		unsigned v = FIELD(ctrl, f->lo, f->width);

		if (v && f->names[v])
			names[n++] = f->names[v];
	}
	return n;
}
