/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The AMD IOMMU driver's IOMMU_HWPT_ALLOC rules, as a pure function
 * (drivers/iommu/amd/iommu.c amd_iommu_domain_alloc_paging_flags() in each
 * kernel version, amd_iommu.h for the capabilities, and the iommufd
 * core's drivers/iommu/iommufd/hw_pagetable.c).  No I/O: given what the driver looks at
 * (kernel version, global EFR/EFR2, SNP, LA57, amd_iommu= options) and the
 * requested flags, predict the errno and the page-table format of the
 * domain the driver would allocate.
 */
#ifndef AMDIOMMUCTL_POLICY_H
#define AMDIOMMUCTL_POLICY_H

#include <stdbool.h>
#include <stdint.h>

enum policy_pgtable { POLICY_PT_NONE, POLICY_PT_V1, POLICY_PT_V2 };

struct policy_in {
	int kmajor, kminor;  /* running kernel; 0.0 = unknown (newest rules) */
	uint64_t efr, efr2;  /* global EFR/EFR2 as the driver uses them */
	bool la57;           /* the CPU runs 5-level paging */
	bool snp;            /* SEV-SNP enabled on the host (amd_iommu_snp_en) */
	bool pgtbl_v2;       /* amd_iommu=pgtbl_v2 on the command line */
	bool hatdis;         /* IVHD HATDis attribute (EFR HATS = 3 is checked too) */
	/*
	 * iommu->features of the device's IOMMU, when known (the IVRS):
	 * iommu.c amd_iommu_hd_support() reads HDSup there, not in the
	 * global EFR.  In 7.3 it is the IVHD EFR image the driver took
	 * (early_iommu_features_init(): type 11h/40h with GASup and IVinfo
	 * EFRSup), else 0: late_iommu_features_init() only sets the global
	 * EFR from MMIO.  Unknown: HDSup is read from @efr.
	 */
	bool have_iommu_efr;
	uint64_t iommu_efr;
};

struct policy_out {
	int err;                     /* 0 or a negative errno */
	enum policy_pgtable pgtable; /* POLICY_PT_NONE when err != 0 */
	const char *rule;            /* the kernel version rule that decided */
	char why[256];               /* for a refusal: one line, the reason; "" else */
};

/* The DMA-API default page table (amd_iommu_pgtable) after boot. */
enum policy_pgtable policy_default_pgtable(const struct policy_in *in);

/* Predict IOMMU_HWPT_ALLOC(pt_id = IOAS, @flags, no user data). */
void policy_predict(const struct policy_in *in, uint32_t flags,
		    struct policy_out *out);

/* "v1", "v2", NULL for POLICY_PT_NONE. */
const char *policy_pgtable_name(enum policy_pgtable p);

#endif
