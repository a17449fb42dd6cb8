/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Extended Feature Registers (EFR, MMIO 0x30; EFR2, MMIO 0x1a0), what
 * the driver derives from them, and the sysfs `features` text.
 * Bits: drivers/iommu/amd/amd_iommu_types.h FEATURE_*.
 */
#ifndef AMDIOMMUCTL_EFR_H
#define AMDIOMMUCTL_EFR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields.h"

/* The EFR and EFR2 fields, in bit order; multi-bit fields have a JSON
 * key, single bits are named in the `features` list. */
extern const struct field efr_field_table[];
extern const struct field efr2_field_table[];

struct efr_info {
	uint64_t efr, efr2;
	unsigned hats, gats, glx_sup, pas_max;
	unsigned host_levels;  /* HATS + 4; 0 when HATS = 3 (HATDis) */
	unsigned guest_levels; /* GATS 0 -> 4, 1 -> 5; 0 when reserved */
	uint32_t max_pasids;   /* with GTSup 2^(PASmax+1) - 1, else 0 */
	unsigned irte_count;   /* IRTEs per device: 2048 with NumIntRemapSup 1, else 512 */
};

void efr_decode(uint64_t efr, uint64_t efr2, struct efr_info *out);

/* Names of the set single-bit fields of the EFR (EFR2), in bit order.
 * Returns the count written (at most @max). */
size_t efr_feature_names(uint64_t efr, const char **names, size_t max);
size_t efr2_feature_names(uint64_t efr2, const char **names, size_t max);

#define EFR_PPR_SUP     (1ULL << 1)
#define EFR_GT_SUP      (1ULL << 4)
#define EFR_GIO_SUP     (1ULL << 48)
#define EFR_EPH_SUP     (1ULL << 50)
#define EFR_HD_SUP      (1ULL << 52)
#define EFR_SNP_SUP     (1ULL << 63)
#define EFR2_GCR3TRP    (1ULL << 3)
#define EFR_HATS(efr)   ((unsigned)field_bits(efr, 10, 2))
#define EFR_GATS(efr)   ((unsigned)field_bits(efr, 12, 2))

/* What the driver derives from the EFR/EFR2 it uses (amd_iommu.h). */
struct amd_caps {
	bool v2;             /* GIoSup && GTSup */
	bool gt_ppr;         /* v2 && PPRSup && EPHSup */
	bool pasid;          /* gt_ppr && !snp && (!la57 || guest_levels == 5) */
	bool dirty_tracking; /* HDSup && host translation not disabled */
	bool nest_parent;    /* GTSup && GIoSup && EFR2 GCR3TRPMode */
	/* Why a capability is missing, e.g. "GIoSup (EFR bit 48) not set". */
	const char *why_not_v2, *why_not_pasid, *why_not_dirty, *why_not_nest;
};

void amd_caps_compute(uint64_t efr, uint64_t efr2, bool cpu_la57,
		      bool snp_enabled, struct amd_caps *out);

/*
 * sysfs ivhdN/amd-iommu/features, three historical formats:
 *   3.17-5.19  "%llx"        EFR
 *   6.0-6.x    "%llx:%llx"   EFR2:EFR (per IOMMU)
 *   newer      "%llx:%llx"   EFR:EFR2 (global)
 * @kmajor/@kminor is the running kernel (0/0 when unknown).  The order of
 * two fields is chosen by version, then sanity-checked (EFR has HATS /
 * GATS / PASmax bits; EFR2 only low bits).  Returns 0 or -EINVAL.
 */
enum features_format { FEATURES_EFR, FEATURES_EFR2_EFR, FEATURES_EFR_EFR2 };
int features_parse(const char *text, int kmajor, int kminor, uint64_t *efr,
		   uint64_t *efr2, enum features_format *fmt);

#endif
