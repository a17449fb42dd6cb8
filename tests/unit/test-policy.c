// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The HWPT allocation predictor against kernel-interfaces.md §4.2, row by
 * row, and against the real Linux 7.3.4 answers captured in
 * samples/qemu-amd-iommu-linux-7.3 (stock EFR 0x29d3 and the EFR
 * override folders).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "tap.h"

#define NEST  1u
#define DIRTY 2u
#define FAULT 4u
#define PASID 8u

/* EFR values from the samples */
#define EFR_STOCK   0x29d3ULL              /* QEMU 7.2 */
#define EFR_FULL    0x0017000f000059d3ULL  /* GIoSup HASup EPHSup HDSup PASmax GATS=1 */
#define EFR_GATS2   0x0017000f000069d3ULL  /* the same with GATS=2 */
#define EFR_NOHD    (EFR_FULL & ~(1ULL << 52))
#define EFR_HATDIS  (EFR_FULL | (3ULL << 10))
#define EFR_HATDIS_NOV2 (EFR_STOCK | (3ULL << 10))

static const char *res(const struct policy_out *o, char *buf, size_t len)
{
	if (o->err)
		snprintf(buf, len, "%s", o->err == -EOPNOTSUPP ? "EOPNOTSUPP" :
			 o->err == -ENOTTY ? "ENOTTY" : o->err == -ENOENT ? "ENOENT" : "E?");
	else
		snprintf(buf, len, "%s", policy_pgtable_name(o->pgtable));
	return buf;
}

static void check(int maj, int min, uint64_t efr, uint64_t efr2, bool la57,
		  bool pgtbl_v2, uint32_t flags, const char *want, const char *what)
{
	struct policy_in in = { .kmajor = maj, .kminor = min, .efr = efr,
				.efr2 = efr2, .la57 = la57, .pgtbl_v2 = pgtbl_v2 };
	struct policy_out o;
	char buf[32], name[200];

	policy_predict(&in, flags, &o);
	snprintf(name, sizeof(name), "%d.%d efr %#llx efr2 %#llx%s%s flags %#x: %s (%s)",
		 maj, min, (unsigned long long)efr, (unsigned long long)efr2,
		 la57 ? " la57" : "", pgtbl_v2 ? " pgtbl_v2" : "", flags, want, what);
	is_str(res(&o, buf, sizeof(buf)), want, name);
	if (o.err)
		ok(o.why[0] != '\0', "  ... with an explanation: %s", o.why);
}

/* check() plus the row of kernel-interfaces.md §4.2 that decides */
static void check_rule(int maj, int min, uint64_t efr, uint64_t efr2, uint32_t flags,
		       const char *want, const char *rule, const char *what)
{
	struct policy_in in = { .kmajor = maj, .kminor = min, .efr = efr, .efr2 = efr2 };
	struct policy_out o;
	char buf[32];

	check(maj, min, efr, efr2, false, false, flags, want, what);
	policy_predict(&in, flags, &o);
	ok(o.rule && !strcmp(o.rule, rule) && !strcmp(res(&o, buf, sizeof(buf)), want),
	   "  ... decided by rule %s (got %s)", rule, o.rule ? o.rule : "(none)");
}

int main(void)
{
	struct policy_in in = { 0 };
	struct policy_out o;

	/* ---- the samples: Linux 7.3.4, QEMU amd-iommu --------------------- */
	/* stock: only flags 0 succeeds, v1 */
	check(7, 3, EFR_STOCK, 0, true, false, 0, "v1", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, PASID, "EOPNOTSUPP", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, DIRTY, "EOPNOTSUPP", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, NEST, "EOPNOTSUPP", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, PASID | DIRTY, "EOPNOTSUPP", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, NEST | DIRTY, "EOPNOTSUPP", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, NEST | PASID, "EOPNOTSUPP", "stock");
	check(7, 3, EFR_STOCK, 0, true, false, 0x10, "EOPNOTSUPP", "undefined bit");
	check(7, 3, EFR_STOCK, 0, true, false, FAULT, "ENOENT", "bogus fault id");
	/*
	 * iommufd hw_pagetable.c iommufd_hwpt_paging_alloc(): FAULT_ID_VALID
	 * with NEST_PARENT is -EOPNOTSUPP before the driver is asked; with
	 * DIRTY_TRACKING the domain is made, then fault_id 0 is not found
	 */
	check_rule(7, 3, EFR_FULL, 8, FAULT | NEST, "EOPNOTSUPP", "core",
		   "FAULT_ID_VALID with NEST_PARENT, even where NEST_PARENT works");
	check(7, 3, EFR_FULL, 8, false, false, FAULT | DIRTY, "ENOENT",
	      "FAULT_ID_VALID with DIRTY_TRACKING: allocated, then no fault object 0");
	/* 6.7-6.12: domain_alloc_user refuses NEST_PARENT itself (not the 6.13 row) */
	check_rule(6, 12, EFR_FULL, 8, NEST, "EOPNOTSUPP", "6.7-6.12", "6.12 NEST_PARENT");
	check_rule(6, 13, EFR_FULL, 8, NEST, "EOPNOTSUPP", "6.13", "6.13 NEST_PARENT");
	/* 6.14+: PASID|DIRTY refused by design before the dirty capability is
	 * looked at, so even without HDSup the reason is the design */
	check_rule(6, 14, EFR_STOCK, 0, PASID | DIRTY, "EOPNOTSUPP", "6.14",
		   "6.14 PASID|DIRTY without HDSup: by design");
	check_rule(6, 13, EFR_STOCK, 0, PASID | DIRTY, "EOPNOTSUPP", "core",
		   "6.13 PASID|DIRTY without HDSup: the core's dirty check");
	/* stock-pgtbl_v2: no V2 -> fallback to v1 */
	check(7, 3, EFR_STOCK, 0, true, true, 0, "v1", "stock pgtbl_v2 falls back");
	/* efr-override-v2dirty: EFR2 0 */
	check(7, 3, EFR_FULL, 0, true, false, 0, "v1", "v2dirty");
	check(7, 3, EFR_FULL, 0, true, false, PASID, "v2", "v2dirty");
	check(7, 3, EFR_FULL, 0, true, false, DIRTY, "v1", "v2dirty");
	check(7, 3, EFR_FULL, 0, true, false, NEST, "EOPNOTSUPP", "v2dirty: no GCR3TRPMode");
	check(7, 3, EFR_FULL, 0, true, false, NEST | DIRTY, "EOPNOTSUPP", "v2dirty");
	check(7, 3, EFR_FULL, 0, true, false, PASID | DIRTY, "EOPNOTSUPP", "v2dirty");
	/* efr-override-v2dirty-pgtbl_v2 */
	check(7, 3, EFR_FULL, 0, true, true, 0, "v2", "v2dirty pgtbl_v2");
	check(7, 3, EFR_FULL, 0, true, true, DIRTY, "v1", "v2dirty pgtbl_v2");
	check(7, 3, EFR_FULL, 0, true, true, PASID, "v2", "v2dirty pgtbl_v2");
	/* efr-override-nest: EFR2 0x8 */
	check(7, 3, EFR_FULL, 8, true, false, 0, "v1", "nest");
	check(7, 3, EFR_FULL, 8, true, false, PASID, "v2", "nest");
	check(7, 3, EFR_FULL, 8, true, false, DIRTY, "v1", "nest");
	check(7, 3, EFR_FULL, 8, true, false, NEST, "v1", "nest");
	check(7, 3, EFR_FULL, 8, true, false, NEST | DIRTY, "v1", "nest");
	check(7, 3, EFR_FULL, 8, true, false, PASID | DIRTY, "EOPNOTSUPP", "nest");
	check(7, 3, EFR_FULL, 8, true, false, NEST | PASID, "EOPNOTSUPP", "nest");
	/* efr-override-gats2-pgtbl_v2: LA57 CPU, GATS=2 */
	check(7, 3, EFR_GATS2, 0, true, true, PASID, "EOPNOTSUPP", "gats2 la57");
	check(7, 3, EFR_GATS2, 0, true, true, 0, "v2", "gats2 pgtbl_v2 still v2");
	check(7, 3, EFR_GATS2, 0, true, true, DIRTY, "v1", "gats2");
	check(7, 3, EFR_GATS2, 0, true, true, NEST, "EOPNOTSUPP", "gats2");
	check(7, 3, EFR_GATS2, 0, false, false, PASID, "v2", "gats2 without la57");
	/* 7.0 nesting needs HDSup for NEST|DIRTY */
	check(7, 0, EFR_NOHD, 8, false, false, NEST, "v1", "7.0 nest, no HD");
	check(7, 0, EFR_NOHD, 8, false, false, NEST | DIRTY, "EOPNOTSUPP", "7.0 nest|dirty needs HD");

	/* ---- ≤6.5: no HWPT_ALLOC at all ------------------------------------ */
	check(6, 0, EFR_FULL, 8, false, false, 0, "ENOTTY", "<=6.0");
	check(6, 5, EFR_FULL, 8, false, false, 0, "ENOTTY", "6.5");
	/* ---- 6.6: no flags ---------------------------------------------------- */
	check(6, 6, EFR_FULL, 8, false, true, 0, "v1", "6.6 UNMANAGED is v1");
	check(6, 6, EFR_FULL, 8, false, false, DIRTY, "EOPNOTSUPP", "6.6 no flags");
	/* ---- 6.7-6.12: domain_alloc_user ------------------------------------- */
	check(6, 7, EFR_FULL, 8, false, true, 0, "v1", "6.7 flags 0 v1 even with pgtbl_v2");
	check(6, 12, EFR_FULL, 8, false, true, 0, "v1", "6.12 flags 0 v1 even with pgtbl_v2");
	check(6, 8, EFR_FULL, 0, false, false, DIRTY, "v1", "6.8 dirty");
	check(6, 8, EFR_NOHD, 0, false, false, DIRTY, "EOPNOTSUPP", "6.8 dirty without HD");
	check(6, 8, EFR_FULL, 8, false, false, NEST, "EOPNOTSUPP", "6.8 nest");
	check(6, 12, EFR_FULL, 8, false, false, NEST | DIRTY, "EOPNOTSUPP", "6.12 nest|dirty");
	check(6, 12, EFR_FULL, 8, false, false, PASID, "EOPNOTSUPP", "6.12 PASID flag unknown");
	check(6, 10, EFR_FULL, 8, false, false, FAULT, "EOPNOTSUPP", "6.10 FAULT_ID_VALID unknown");
	check(6, 11, EFR_FULL, 8, false, false, FAULT, "ENOENT", "6.11 FAULT_ID_VALID bogus id");
	check(6, 11, EFR_FULL, 8, false, false, FAULT | NEST, "EOPNOTSUPP", "6.11 FAULT|NEST");
	/* ---- 6.13: domain_alloc_paging_flags ---------------------------------- */
	check(6, 13, EFR_FULL, 0, false, false, 0, "v1", "6.13 default v1");
	check(6, 13, EFR_FULL, 0, false, true, 0, "v2", "6.13 flags 0 follows pgtbl_v2");
	check(6, 13, EFR_STOCK, 0, false, true, 0, "v1", "6.13 pgtbl_v2 falls back");
	check(6, 13, EFR_FULL, 0, false, false, PASID, "v2", "6.13 PASID");
	check(6, 13, EFR_STOCK, 0, false, false, PASID, "EOPNOTSUPP", "6.13 PASID without GIoSup");
	check(6, 13, EFR_FULL, 0, false, false, PASID | DIRTY, "v2", "6.13 PASID checked first");
	check(6, 13, EFR_NOHD, 0, false, false, PASID | DIRTY, "EOPNOTSUPP", "6.13 core dirty cap");
	check(6, 13, EFR_FULL, 0, false, false, DIRTY, "v1", "6.13 dirty");
	check(6, 13, EFR_FULL, 8, false, false, NEST, "EOPNOTSUPP", "6.13 nest");
	/* ---- 6.14: exact combinations ---------------------------------------- */
	check(6, 14, EFR_FULL, 0, false, false, PASID | DIRTY, "EOPNOTSUPP", "6.14 exact switch");
	check(6, 14, EFR_FULL, 0, false, false, PASID, "v2", "6.14 PASID");
	check(6, 14, EFR_FULL, 0, false, true, 0, "v2", "6.14 pgtbl_v2");
	check(6, 14, EFR_FULL, 8, false, false, NEST, "EOPNOTSUPP", "6.14 nest before 7.0");
	check(6, 18, EFR_FULL, 8, false, false, NEST | DIRTY, "EOPNOTSUPP", "6.18 nest|dirty before 7.0");
	/* SNP disables PASID */
	in = (struct policy_in){ .kmajor = 6, .kminor = 14, .efr = EFR_FULL | (1ULL << 63), .snp = true };
	policy_predict(&in, PASID, &o);
	ok(o.err == -EOPNOTSUPP, "6.14 SNP enabled: PASID refused (%s)", o.why);
	/* ---- 6.16: HATDis ----------------------------------------------------- */
	check(6, 16, EFR_HATDIS, 0, false, false, 0, "v2", "6.16 HATDis: default becomes v2");
	check(6, 16, EFR_HATDIS, 0, false, false, DIRTY, "EOPNOTSUPP", "6.16 HATDis: no dirty");
	check(6, 16, EFR_HATDIS, 0, false, false, PASID, "v2", "6.16 HATDis: PASID ok");
	check(6, 16, EFR_HATDIS_NOV2, 0, false, false, 0, "EOPNOTSUPP", "6.16 HATDis without v2");
	check(6, 15, EFR_HATDIS, 0, false, false, 0, "v1", "6.15 ignores HATS=3");
	in = (struct policy_in){ .kmajor = 6, .kminor = 16, .efr = EFR_FULL, .hatdis = true };
	policy_predict(&in, 0, &o);
	ok(!o.err && o.pgtable == POLICY_PT_V2, "6.16 IVHD HATDis attribute: v2");
	/* ---- 6.19: generic page tables, fallback ------------------------------ */
	check(6, 19, EFR_HATDIS, 0, false, false, 0, "v2", "6.19 HATDis: fallback v2");
	check(6, 19, EFR_HATDIS_NOV2, 0, false, false, 0, "EOPNOTSUPP", "6.19 HATDis no v2");
	check(6, 19, EFR_STOCK, 0, false, true, 0, "v1", "6.19 pgtbl_v2 without v2");
	check(6, 19, EFR_FULL, 8, false, false, NEST, "EOPNOTSUPP", "6.19 nest before 7.0");
	/* ---- 7.0: nesting ------------------------------------------------------- */
	check(7, 0, EFR_FULL, 8, false, false, NEST, "v1", "7.0 nest");
	check(7, 0, EFR_FULL, 0, false, false, NEST, "EOPNOTSUPP", "7.0 nest without GCR3TRPMode");
	check(7, 0, EFR_STOCK, 8, false, false, NEST, "EOPNOTSUPP", "7.0 nest without GIoSup");
	check(7, 0, EFR_HATDIS, 8, false, false, NEST, "EOPNOTSUPP", "7.0 nest with HATDis");
	check(7, 0, EFR_FULL, 8, false, false, NEST | PASID, "EOPNOTSUPP", "7.0 nest|pasid");
	/* unknown kernel version: newest rules */
	check(0, 0, EFR_FULL, 8, false, false, NEST, "v1", "unknown version = newest");

	/* explanations name the missing bits */
	in = (struct policy_in){ .kmajor = 7, .kminor = 3, .efr = EFR_STOCK, .la57 = true };
	policy_predict(&in, PASID, &o);
	ok(strstr(o.why, "GIoSup") != NULL, "PASID explanation names GIoSup: %s", o.why);
	policy_predict(&in, DIRTY, &o);
	ok(strstr(o.why, "HDSup") != NULL, "DIRTY explanation names HDSup: %s", o.why);
	policy_predict(&in, NEST, &o);
	ok(strstr(o.why, "GCR3TRPMode") != NULL || strstr(o.why, "GIoSup") != NULL,
	   "NEST explanation names the missing bits: %s", o.why);
	policy_predict(&in, PASID | DIRTY, &o);
	ok(strstr(o.why, "by design") != NULL, "PASID|DIRTY: by design: %s", o.why);
	in.kminor = 0, in.kmajor = 6, in.kminor = 12;
	policy_predict(&in, NEST, &o);
	ok(strstr(o.why, "7.0") != NULL, "NEST before 7.0 names 7.0: %s", o.why);
	in = (struct policy_in){ .kmajor = 7, .kminor = 3, .efr = EFR_GATS2, .la57 = true };
	policy_predict(&in, PASID, &o);
	ok(strstr(o.why, "GATS") != NULL && strstr(o.why, "LA57") != NULL,
	   "GATS=2 + LA57 explanation: %s", o.why);

	/* amd_iommu_hd_support() reads the IOMMU's own iommu->features
	 * (iommu.c), which 7.3 sets only from an IVHD EFR image the driver
	 * took (init.c early_iommu_features_init()); check_feature() reads
	 * the global EFR.  EFRSup clear, MMIO EFR with HDSup: the global EFR
	 * (sysfs) has HDSup, iommu->features is 0. */
	in = (struct policy_in){ .kmajor = 7, .kminor = 3, .efr = EFR_FULL, .la57 = true,
				 .have_iommu_efr = true, .iommu_efr = 0 };
	policy_predict(&in, DIRTY, &o);
	ok(o.err == -EOPNOTSUPP && strstr(o.why, "own EFR") != NULL,
	   "7.3 global HDSup, iommu->features 0: DIRTY refused: %s", o.why);
	policy_predict(&in, 0, &o);
	ok(!o.err && o.pgtable == POLICY_PT_V1, "7.3 iommu->features 0: flags 0 still v1 (global EFR)");
	policy_predict(&in, PASID, &o);
	ok(!o.err && o.pgtable == POLICY_PT_V2, "7.3 iommu->features 0: PASID from the global EFR (v2)");
	/* two IOMMUs: the global EFR is the AND (get_global_efr()) without
	 * HDSup, this IOMMU's own image has it */
	in = (struct policy_in){ .kmajor = 7, .kminor = 3, .efr = EFR_NOHD, .la57 = true,
				 .have_iommu_efr = true, .iommu_efr = EFR_FULL };
	policy_predict(&in, DIRTY, &o);
	ok(!o.err && o.pgtable == POLICY_PT_V1, "7.3 own image HDSup, global AND without: DIRTY v1");
	in.iommu_efr = EFR_NOHD;
	policy_predict(&in, DIRTY, &o);
	ok(o.err == -EOPNOTSUPP && strstr(o.why, "HDSup (EFR bit 52)") != NULL,
	   "7.3 neither has HDSup: the plain HDSup explanation: %s", o.why);

	/* the DMA-API default */
	in = (struct policy_in){ .kmajor = 6, .kminor = 0, .efr = EFR_FULL, .pgtbl_v2 = true };
	ok(policy_default_pgtable(&in) == POLICY_PT_V1, "6.0 default v1 (no pgtbl_v2 yet)");
	in.kminor = 1;
	ok(policy_default_pgtable(&in) == POLICY_PT_V2, "6.1 pgtbl_v2 default v2");
	is_str(policy_pgtable_name(POLICY_PT_NONE), NULL, "no name for NONE");
	return done_testing();
}
