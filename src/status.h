/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `status` verdict as a pure function of what collection found
 * (status.c; model-status.c gathers the inputs; tests/unit/test-status.c feeds
 * them by hand).
 */
#ifndef AMDIOMMUCTL_STATUS_H
#define AMDIOMMUCTL_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "bdf.h"
#include "facts.h"
#include "ivrs-diag.h"

#define STATUS_IOMMUFD_PATH "/dev/iommu"

/* The group types of /sys/kernel/iommu_groups/N/type, counted. */
enum { GT_DMA, GT_DMA_FQ, GT_IDENTITY, GT_BLOCKED, GT_UNMANAGED, GT_UNKNOWN, GT_COUNT };

struct status_in {
	const struct facts *f;      /* kernel, command line, la57, lockdown, debugfs */
	int n_iommus;
	bool have_efr;              /* the first IOMMU's EFR/EFR2 (sysfs) */
	uint64_t efr, efr2;
	bool ivrs;                  /* /sys/firmware/acpi/tables/IVRS exists */
	size_t group_types[GT_COUNT];
	/* the first device of a DMA/DMA-FQ group, not on a VFIO driver,
	 * with a readable v1/v2 DTE */
	bool dte_found;
	char dte_bdf[BDF_STRLEN];
	const char *dte_group_type, *dte_class;
	unsigned dte_levels;
	int ir;                     /* facts_ir() and its source and detail */
	const char *ir_source, *ir_detail;
	bool debugfs_iommu_dir;     /* /sys/kernel/debug/iommu exists */
	bool iommufd;               /* /dev/iommu */
	bool vfio_devices_dir;      /* /dev/vfio/devices */
	int vfio_pci_cdev;          /* first vfio-pci device: 1 has a cdev, 0 not, -1 none */
	/* the IVRS findings (model-ivrs.c), NULL without a readable table: a
	 * "no" they explain names the finding */
	const struct ivrs_findings *ivrs_findings;
};

/* The group type index of @type ("DMA", "DMA-FQ", ...). */
int status_group_type_index(const char *type);
/* The name of group type index @k, NULL out of range. */
const char *status_group_type_name(int k);
json_object *status_build(const struct status_in *in);

#endif
