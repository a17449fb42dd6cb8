// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pure predictor of the AMD driver's answer to IOMMU_HWPT_ALLOC:
 * drivers/iommu/amd/iommu.c amd_iommu_domain_alloc_paging_flags() and
 * do_iommu_domain_alloc() by kernel version, drivers/iommu/iommufd/
 * hw_pagetable.c iommufd_hwpt_paging_alloc() (the core's flag checks) and
 * amd_iommu.h (the capabilities).  Checked in tests/unit/test-policy.c, including the real
 * answers of Linux 7.3.4 in the QEMU samples.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "efr.h"
#include "policy.h"
#include "uapi/iommufd.h"

/* include/uapi/linux/iommufd.h enum iommufd_hwpt_alloc_flags */
#define F_NEST   IOMMU_HWPT_ALLOC_NEST_PARENT    /* 6.7 */
#define F_DIRTY  IOMMU_HWPT_ALLOC_DIRTY_TRACKING /* 6.7 */
#define F_FAULT  IOMMU_HWPT_FAULT_ID_VALID       /* 6.11 */
#define F_PASID  IOMMU_HWPT_ALLOC_PASID          /* 6.13 */

#define KV(maj, min) ((maj) * 1000 + (min))

const char *policy_pgtable_name(enum policy_pgtable p)
{
	switch (p) {
	case POLICY_PT_V1:
		return "v1";
	case POLICY_PT_V2:
		return "v2";
	default:
		return NULL;
	}
}

static int kver(const struct policy_in *in)
{
	/* Unknown version: the newest rules. */
	return in->kmajor ? KV(in->kmajor, in->kminor) : KV(99, 0);
}

static bool hatdis(const struct policy_in *in, int kv)
{
	/* The driver honours HATDis only from 6.16. */
	return kv >= KV(6, 16) &&
	       (in->hatdis || ((in->efr >> 10) & 3) == 3);
}

static bool v2_usable(const struct policy_in *in)
{
	return (in->efr & EFR_GT_SUP) && (in->efr & EFR_GIO_SUP);
}

/* The EFR amd_iommu_hd_support() reads: the IOMMU's own when known. */
static uint64_t hd_efr(const struct policy_in *in)
{
	return in->have_iommu_efr ? in->iommu_efr : in->efr;
}

/* amd_iommu_hd_support(): HDSup, and (6.16+) host translation enabled. */
static bool hd_support(const struct policy_in *in, int kv)
{
	return (hd_efr(in) & EFR_HD_SUP) && !hatdis(in, kv);
}

enum policy_pgtable policy_default_pgtable(const struct policy_in *in)
{
	int kv = kver(in);

	if (kv < KV(6, 1))
		return POLICY_PT_V1;
	if (hatdis(in, kv))
		return v2_usable(in) ? POLICY_PT_V2 : POLICY_PT_NONE;
	if (in->pgtbl_v2 && v2_usable(in))
		return POLICY_PT_V2;
	return POLICY_PT_V1;
}

static void set(struct policy_out *o, int err, enum policy_pgtable pt,
		const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void set(struct policy_out *o, int err, enum policy_pgtable pt,
		const char *rule, const char *fmt, ...)
{
	va_list ap;

	o->err = err;
	o->pgtable = err ? POLICY_PT_NONE : pt;
	o->rule = rule;
	o->why[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(o->why, sizeof(o->why), fmt, ap);
		va_end(ap);
	}
}

static void refuse_dirty(struct policy_out *o, const struct policy_in *in,
			 int kv, const char *rule)
{
	if ((in->efr & EFR_HD_SUP) && !(hd_efr(in) & EFR_HD_SUP))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "DIRTY_TRACKING needs HDSup in the IOMMU's own EFR "
		    "(amd_iommu_hd_support() reads iommu->features): the global "
		    "EFR has it, but the driver took no IVHD EFR image with it "
		    "for this IOMMU");
	else if (!(hd_efr(in) & EFR_HD_SUP))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "DIRTY_TRACKING needs HDSup (EFR bit 52): this IOMMU cannot "
		    "set dirty bits in V1 page tables");
	else if (hatdis(in, kv))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "DIRTY_TRACKING needs a V1 table, and host translation is "
		    "disabled (HATDis / EFR HATS = 3)");
	else
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule, "DIRTY_TRACKING refused");
}

static void alloc_pasid(struct policy_out *o, const struct policy_in *in,
			const struct amd_caps *k, const char *rule)
{
	if (k->pasid)
		set(o, 0, POLICY_PT_V2, rule, NULL);
	else
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "PASID needs a V2 page table with PASID support: %s",
		    k->why_not_pasid ? k->why_not_pasid : "not supported");
	(void)in;
}

static void alloc_default(struct policy_out *o, const struct policy_in *in,
			  int kv, const char *rule)
{
	enum policy_pgtable d;

	if (kv < KV(6, 13)) {
		/* UNMANAGED (VFIO/iommufd) domains are always V1 before 6.13. */
		set(o, 0, POLICY_PT_V1, rule, NULL);
		return;
	}
	d = policy_default_pgtable(in);
	if (kv >= KV(6, 19) && d == POLICY_PT_V1 && hatdis(in, kv))
		d = v2_usable(in) ? POLICY_PT_V2 : POLICY_PT_NONE;
	if (d == POLICY_PT_NONE)
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "host translation is disabled (HATDis / EFR HATS = 3) and "
		    "no V2 table is usable (needs GTSup and GIoSup): no DMA "
		    "translation at all");
	else
		set(o, 0, d, rule, NULL);
}

/* The iommufd core's checks before the driver sees the flags: true when it refused. */
static bool core_refuses(struct policy_out *o, const struct policy_in *in, int kv,
			 uint32_t flags)
{
	uint32_t known = 0;

	if (kv < KV(6, 6)) {
		set(o, -ENOTTY, POLICY_PT_NONE, "<=6.5",
		    "IOMMU_HWPT_ALLOC and the VFIO cdev need Linux 6.6 (this "
		    "kernel is %d.%d)", in->kmajor, in->kminor);
		return true;
	}
	if (kv >= KV(6, 7))
		known |= F_NEST | F_DIRTY;
	if (kv >= KV(6, 11))
		known |= F_FAULT;
	if (kv >= KV(6, 13))
		known |= F_PASID;
	if (flags & ~known) {
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, "core",
		    "flag bits 0x%x are unknown to Linux %d.%d: the iommufd "
		    "core refuses them", flags & ~known, in->kmajor, in->kminor);
		return true;
	}
	if ((flags & F_FAULT) && (flags & F_NEST)) {
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, "core",
		    "FAULT_ID_VALID cannot be combined with NEST_PARENT");
		return true;
	}
	return false;
}

/* 6.7-6.12: amd_iommu_domain_alloc_user() takes DIRTY_TRACKING only. */
static void alloc_6_7(struct policy_out *o, const struct policy_in *in, int kv, uint32_t f)
{
	const char *rule = "6.7-6.12";

	if (f & ~F_DIRTY)
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "domain_alloc_user accepts only DIRTY_TRACKING before "
		    "6.13%s", f & F_NEST ? " (NEST_PARENT on AMD needs Linux 7.0)" : "");
	else if (f & F_DIRTY)
		set(o, 0, POLICY_PT_V1, rule, NULL);
	else
		alloc_default(o, in, kv, rule);
}

/* 6.13: PASID (V2) joins, checked before DIRTY_TRACKING. */
static void alloc_6_13(struct policy_out *o, const struct policy_in *in,
		       const struct amd_caps *k, int kv, uint32_t f)
{
	const char *rule = "6.13";

	if (f & ~(F_DIRTY | F_PASID))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "NEST_PARENT on AMD needs Linux 7.0 (this kernel is %d.%d)",
		    in->kmajor, in->kminor);
	else if (f & F_PASID) /* checked first, even with DIRTY */
		alloc_pasid(o, in, k, rule);
	else if (f & F_DIRTY)
		set(o, 0, POLICY_PT_V1, rule, NULL);
	else
		alloc_default(o, in, kv, rule);
}

static void alloc_nest(struct policy_out *o, const struct policy_in *in,
		       const struct amd_caps *k, int kv, const char *rule)
{
	if (kv < KV(7, 0))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "NEST_PARENT on AMD needs Linux 7.0 (this kernel is %d.%d)",
		    in->kmajor, in->kminor);
	else if (!k->nest_parent)
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "NEST_PARENT needs GTSup, GIoSup and EFR2 GCR3TRPMode: %s",
		    k->why_not_nest ? k->why_not_nest : "not supported");
	else if (hatdis(in, kv))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "NEST_PARENT needs a V1 table, and host translation "
		    "is disabled (HATDis / EFR HATS = 3)");
	else
		set(o, 0, POLICY_PT_V1, rule, NULL);
}

/* 6.14+: only the exact combinations the driver lists. */
static void alloc_6_14(struct policy_out *o, const struct policy_in *in,
		       const struct amd_caps *k, int kv, uint32_t f)
{
	const char *rule = kv >= KV(7, 0) ? "7.0" : kv >= KV(6, 19) ? "6.19" :
			   kv >= KV(6, 16) ? "6.16" : "6.14";

	switch (f) {
	case 0:
		alloc_default(o, in, kv, rule);
		break;
	case F_PASID:
		alloc_pasid(o, in, k, rule);
		break;
	case F_DIRTY:
		set(o, 0, POLICY_PT_V1, rule, NULL);
		break;
	case F_NEST:
	case F_NEST | F_DIRTY:
		alloc_nest(o, in, k, kv, rule);
		break;
	case F_PASID | F_DIRTY:
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "PASID with DIRTY_TRACKING is refused by design: V2 tables "
		    "cannot track dirty pages and V1 tables cannot do PASID");
		break;
	default:
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, rule,
		    "the driver accepts only the exact combinations none, "
		    "PASID, DIRTY_TRACKING%s", kv >= KV(7, 0) ?
		    ", NEST_PARENT, NEST_PARENT|DIRTY_TRACKING" : "");
		break;
	}
}

void policy_predict(const struct policy_in *in, uint32_t flags,
		    struct policy_out *o)
{
	int kv = kver(in);
	uint32_t f = flags & ~F_FAULT; /* the core handles the fault queue itself */
	struct amd_caps k;

	if (core_refuses(o, in, kv, flags))
		return;
	amd_caps_compute(in->efr, in->efr2, in->la57, in->snp, &k);

	/* The combination no AMD kernel accepts: say why, whatever the EFR. */
	if (kv >= KV(6, 14) && f == (F_PASID | F_DIRTY)) {
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, "6.14",
		    "PASID with DIRTY_TRACKING is refused by design: V2 tables "
		    "cannot track dirty pages and V1 tables cannot do PASID");
		goto fault;
	}
	/* The core checks IOMMU_CAP_DIRTY_TRACKING before the driver. */
	if ((f & F_DIRTY) && !hd_support(in, kv)) {
		refuse_dirty(o, in, kv, "core");
		goto fault;
	}
	if (kv < KV(6, 7))
		alloc_default(o, in, kv, "6.6"); /* no flags at all; UNMANAGED = V1 */
	else if (kv < KV(6, 13))
		alloc_6_7(o, in, kv, f);
	else if (kv < KV(6, 14))
		alloc_6_13(o, in, &k, kv, f);
	else
		alloc_6_14(o, in, &k, kv, f);
	/* V1 allocations are impossible with HATDis (6.16+). */
	if (!o->err && o->pgtable == POLICY_PT_V1 && hatdis(in, kv))
		set(o, -EOPNOTSUPP, POLICY_PT_NONE, o->rule,
		    "host translation is disabled (HATDis / EFR HATS = 3): no V1 tables");
fault:
	/* The domain is allocated first, then the fault object (fault_id 0) is looked up. */
	if (!o->err && (flags & F_FAULT))
		set(o, -ENOENT, POLICY_PT_NONE, "core",
		    "FAULT_ID_VALID without a fault queue: fault_id 0 does not exist");
}
