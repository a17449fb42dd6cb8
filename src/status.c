// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The `status` verdict as a pure function of its inputs (struct
 * status_in, gathered by model-status.c; tests/unit/test-status.c feeds
 * them by hand).  Every "no" carries a reason and what to do about it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "efr.h"
#include "errors.h"
#include "json.h"
#include "policy.h"
#include "status.h"
#include "util.h"

static const char *const group_type_names[GT_COUNT] = {
	"DMA", "DMA-FQ", "identity", "blocked", "unmanaged", "unknown",
};

const char *status_group_type_name(int k)
{
	return k >= 0 && k < GT_COUNT ? group_type_names[k] : NULL;
}

int status_group_type_index(const char *type)
{
	for (int k = 0; type && k < GT_COUNT; k++)
		if (!strcmp(type, group_type_names[k]))
			return k;
	return -1;
}

static void reason_finding(json_object *arr, const char *topic, const char *why,
			   const char *action, const char *finding)
{
	json_object *o = json_object_new_object();

	json_add(o, "topic", json_object_new_string(topic));
	json_add(o, "reason", json_object_new_string(why));
	json_add(o, "action", json_str_or_null(action));
	json_add(o, "finding", json_str_or_null(finding));
	json_object_array_add(arr, o);
}

static void reason(json_object *arr, const char *topic, const char *why,
		   const char *action)
{
	reason_finding(arr, topic, why, action, NULL);
}

/* A reason an IVRS finding gives: its advice, then where to read more (@see). */
static void reason_of_finding(json_object *arr, const char *topic, const char *why,
			      const struct ivrs_finding *x, const char *see)
{
	char action[sizeof(x->advice) + 64];

	snprintf(action, sizeof(action), "%s%s%s", x->advice, x->advice[0] ? " " : "", see);
	reason_finding(arr, topic, why, action, x->rule);
}

/* The first IVRS finding that turns @what off (`show ivrs` has them all). */
static const struct ivrs_finding *ivrs_cause(const struct status_in *in, enum ivrs_impact what)
{
	const struct ivrs_findings *f = in->ivrs_findings;

	for (size_t i = 0; f && i < f->n; i++)
		if (f->v[i].impact == what && f->v[i].severity == IVRS_ERROR)
			return &f->v[i];
	return NULL;
}

/* "no" because of the firmware: say the finding and what it suggests. */
static bool ivrs_reason(const struct status_in *in, json_object *reasons, const char *topic,
			enum ivrs_impact what, const char *prefix)
{
	const struct ivrs_finding *x = ivrs_cause(in, what);
	char why[512];

	if (!x)
		return false;
	snprintf(why, sizeof(why), "%s: %s (IVRS finding %s)", prefix, x->message, x->rule);
	reason_of_finding(reasons, topic, why, x, "`amdiommuctl show ivrs` explains it");
	return true;
}

static json_object *verdict(json_object *value, const char *source,
			    const char *detail)
{
	json_object *o = json_object_new_object();

	json_add(o, "value", value);
	json_add(o, "source", json_str_or_null(source));
	json_add(o, "detail", json_str_or_null(detail));
	return o;
}

static const char *default_domain_type(const struct status_in *in, const char **source)
{
	size_t best = 0;

	if (in->f->cl.passthrough == 1) {
		*source = "cmdline";
		return "identity";
	}
	for (size_t k = 1; k < GT_COUNT; k++)
		if (in->group_types[k] > in->group_types[best])
			best = k;
	if (!in->group_types[best])
		return NULL;
	*source = "groups";
	return group_type_names[best];
}

static json_object *pgtable_json(const char *value, json_object *levels,
				 const char *source, const char *detail)
{
	json_object *o = json_object_new_object();

	json_add(o, "value", json_str_or_null(value));
	json_add(o, "levels", levels);
	json_add(o, "source", json_object_new_string(source));
	json_add(o, "detail", json_object_new_string(detail));
	return o;
}

/*
 * The page table of the default DMA domain: read from a DTE when one
 * shows it; else predicted as the driver decides amd_iommu_pgtable
 * (policy_default_pgtable(): kernel version, amd_iommu=pgtbl_v1/v2, the
 * EFR, HATDis) with init.c's amd_iommu_gpt_level for V2's levels.
 */
static json_object *default_pgtable(const struct status_in *in, json_object *reasons)
{
	bool want_v2 = in->f->cl.pgtbl == 2;
	char detail[192];

	if (in->dte_found) {
		bool fell_back = want_v2 && !strcmp(in->dte_class, "v1");

		snprintf(detail, sizeof(detail), "DTE of %s (group type %s)%s", in->dte_bdf,
			 in->dte_group_type, fell_back ?
			 ": amd_iommu=pgtbl_v2 was asked for, the driver fell back to v1" : "");
		if (fell_back)
			reason(reasons, "default_pgtable",
			       "amd_iommu=pgtbl_v2 is on the command line but the default domain is v1: the IOMMU lacks GTSup or GIoSup",
			       "see `amdiommuctl show iommus` for the missing EFR bits");
		return pgtable_json(in->dte_class, json_new_int(in->dte_levels), "dte", detail);
	}
	if (in->n_iommus && in->have_efr) {
		struct policy_in p = {
			.kmajor = in->f->kmajor, .kminor = in->f->kminor, .efr = in->efr,
			.efr2 = in->efr2, .la57 = in->f->la57, .pgtbl_v2 = want_v2,
		};
		enum policy_pgtable pt = policy_default_pgtable(&p);
		struct amd_caps k;
		bool gl5 = in->f->la57 && EFR_GATS(in->efr) == 1;

		amd_caps_compute(in->efr, in->efr2, in->f->la57, false, &k);
		snprintf(detail, sizeof(detail), "%s on the command line, EFR %s V2 tables%s",
			 want_v2 ? "amd_iommu=pgtbl_v2" : "no amd_iommu=pgtbl_v2",
			 k.v2 ? "supports" : "does not support",
			 pt == POLICY_PT_V2 ? "" : pt == POLICY_PT_V1 ? "; V1 levels grow on demand" :
			 "; host translation is disabled and no V2 table is usable");
		return pgtable_json(policy_pgtable_name(pt),
				    pt == POLICY_PT_V2 ? json_new_int(gl5 ? 5 : 4) : NULL,
				    "cmdline+efr", detail);
	}
	return pgtable_json(NULL, NULL, "unknown", "no readable DTE of a DMA-domain device and no EFR");
}

static json_object *vfio_cdev_verdict(const struct status_in *in)
{
	if (in->vfio_devices_dir)
		return verdict(json_new_bool(true), "/dev/vfio/devices", NULL);
	if (in->vfio_pci_cdev == 1)
		return verdict(json_new_bool(true), "vfio-dev", NULL);
	if (in->vfio_pci_cdev == 0)
		return verdict(json_new_bool(false), "vfio-dev",
			       "a device bound to vfio-pci has no vfio-dev/vfioN: CONFIG_VFIO_DEVICE_CDEV is off");
	return verdict(NULL, NULL, "no device is bound to a VFIO driver");
}

static json_object *debugfs_json(const struct status_in *in)
{
	json_object *o = json_object_new_object();
	int e = in->f->debugfs_err;

	/* mounted: debugfs answered (its iommu/ directory exists, or the AMD
	 * files do, or it refused us) */
	json_add(o, "mounted", json_new_bool(in->debugfs_iommu_dir || e == 0 || e == -EACCES ||
					 e == -EPERM));
	json_add(o, "amd_files", json_new_bool(e != -ENOENT));
	json_add(o, "readable", json_new_bool(!e));
	json_add(o, "error", e ? json_object_new_string(errno_name(e)) : NULL);
	return o;
}

/*
 * An IOMMU whose MMIO EFR differs from the EFR the driver uses (init.c
 * late_iommu_features_init(): "EFR mismatch"): the features status and
 * show iommus report are the IVHD image's, so say so.
 */
static void efr_reasons(const struct status_in *in, json_object *reasons)
{
	const struct ivrs_findings *f = in->ivrs_findings;

	for (size_t i = 0; f && i < f->n; i++) {
		const struct ivrs_finding *x = &f->v[i];

		if (!strcmp(x->rule, "efr_mismatch"))
			reason_of_finding(reasons, "efr", x->message, x,
					  "`amdiommuctl show iommus` shows both values");
	}
}

static void amd_iommu_reason(const struct status_in *in, json_object *reasons)
{
	if (in->n_iommus)
		return;
	if (in->f->cl.amd_iommu_off)
		reason(reasons, "amd_iommu", "amd_iommu=off is on the kernel command line",
		       "remove amd_iommu=off and reboot");
	else if (in->ivrs && ivrs_reason(in, reasons, "amd_iommu", IVRS_IMPACT_IOMMU_OFF,
					 "the driver refuses the IVRS table"))
		return;
	else if (!in->ivrs)
		reason(reasons, "amd_iommu", "no ACPI IVRS table: the firmware describes no AMD IOMMU",
		       "enable the IOMMU (often \"IOMMU\" or \"AMD-Vi\") in the firmware setup");
	else
		reason(reasons, "amd_iommu", "IVRS exists but no ivhd device is registered",
		       "check the kernel log for AMD-Vi errors and CONFIG_AMD_IOMMU");
}

json_object *status_build(const struct status_in *in)
{
	json_object *o = json_object_new_object(), *reasons = json_object_new_array(), *pt, *ir;
	const struct facts *f = in->f;
	const char *src = NULL, *ddt = default_domain_type(in, &src);

	json_add(o, "amd_iommu", json_new_bool(in->n_iommus > 0));
	json_add(o, "iommu_count", json_new_int(in->n_iommus));
	json_add(o, "kernel", json_str_or_null(f->kernel_release));
	json_add(o, "ivrs", json_new_bool(in->ivrs));
	json_add(o, "amd_iommu_off", json_new_bool(f->cl.amd_iommu_off));
	amd_iommu_reason(in, reasons);
	json_add(o, "default_domain_type", json_str_or_null(ddt));
	json_add(o, "default_domain_type_source", json_str_or_null(src));
	json_add(o, "strict", f->cl.strict < 0 ? NULL : json_new_bool(f->cl.strict));
	pt = default_pgtable(in, reasons);
	json_add(o, "default_pgtable", pt);
	if (in->n_iommus && !in->dte_found && !in->have_efr)
		reason(reasons, "default_pgtable", "no readable DTE and no EFR to predict from",
		       "read as root on a kernel with AMD IOMMU debugfs (6.17+)");
	ir = verdict(in->ir < 0 ? NULL : json_new_bool(in->ir), in->ir_source, in->ir_detail);
	json_add(o, "interrupt_remapping", ir);
	if (in->n_iommus && in->ir == 0 &&
	    !ivrs_reason(in, reasons, "interrupt_remapping", IVRS_IMPACT_IR_OFF,
			 "interrupt remapping is off (VFIO refuses devices unless iommufd.allow_unsafe_interrupts=1)"))
		reason(reasons, "interrupt_remapping", "interrupt remapping is off: VFIO refuses devices unless iommufd.allow_unsafe_interrupts=1",
		       "check the IVRS IOAPIC entries and the kernel log (AMD-Vi: ... IR)");
	efr_reasons(in, reasons);
	json_add(o, "debugfs", debugfs_json(in));
	if (f->debugfs_err)
		reason(reasons, "debugfs", "the device table cannot be read",
		       errno_hint_text(devtbl_errors, f->debugfs_err));
	json_add(o, "lockdown", json_str_or_null(f->lockdown));
	json_add(o, "iommufd", verdict(json_new_bool(in->iommufd), STATUS_IOMMUFD_PATH,
				       in->iommufd ? NULL : "no /dev/iommu: no CONFIG_IOMMUFD, or the module is not loaded"));
	if (!in->iommufd)
		reason(reasons, "iommufd", "/dev/iommu is missing: alloc cannot run",
		       "use a kernel with CONFIG_IOMMUFD (6.2+) and load the iommufd module");
	json_add(o, "vfio_cdev_support", vfio_cdev_verdict(in));
	if (in->vfio_pci_cdev == 0 && !in->vfio_devices_dir)
		reason(reasons, "vfio_cdev", "VFIO device cdevs are off",
		       "use a kernel with CONFIG_VFIO_DEVICE_CDEV=y (6.6+)");
	json_add(o, "reasons", reasons);
	return o;
}
