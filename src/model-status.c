// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `status`: gather the inputs of the verdict from the model (IOMMUs, group
 * types, one pass over the devices) and the host facts, then build it
 * with the pure status_build() (status.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "json.h"
#include "model.h"
#include "status.h"
#include "util.h"

/*
 * What status_build() wants from one device: the first device of a DMA or
 * DMA-FQ group, not on a VFIO driver, with a v1/v2 DTE shows the default
 * page table; the first vfio-pci device says whether cdevs exist.
 */
void status_scan_device(struct status_in *in, json_object *d)
{
	const char *gt = json_path_str(d, "group_type"), *drv = json_path_str(d, "driver");
	const char *cls = json_path_str(d, "dte.class");

	if (!in->dte_found && cls && gt && (!strcmp(gt, "DMA") || !strcmp(gt, "DMA-FQ")) &&
	    !(drv && !strncmp(drv, "vfio", 4)) && (!strcmp(cls, "v1") || !strcmp(cls, "v2"))) {
		in->dte_found = true;
		snprintf(in->dte_bdf, sizeof(in->dte_bdf), "%s", json_path_str(d, "bdf"));
		in->dte_group_type = !strcmp(gt, "DMA") ? "DMA" : "DMA-FQ";
		in->dte_class = !strcmp(cls, "v1") ? "v1" : "v2";
		in->dte_levels = (unsigned)json_object_get_int(json_path(d, "dte.levels"));
	}
	if (in->vfio_pci_cdev < 0 && drv && !strcmp(drv, "vfio-pci"))
		in->vfio_pci_cdev = json_path(d, "vfio_cdev") != NULL;
}

static void scan_device(json_object *d, void *arg)
{
	status_scan_device(arg, d);
	json_object_put(d);
}

/*
 * Count the group types into @in (known types) and, when @counts is not
 * NULL, into @counts (an unknown type as GT_UNKNOWN).  One type read per
 * group: collect_groups() would hold every member list.
 */
void status_count_groups(struct ctx *c, struct status_in *in, size_t *counts)
{
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, "/sys/kernel/iommu_groups", &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(c, "/sys/kernel/iommu_groups", err, "cannot list IOMMU groups");
	for (size_t i = 0; i < n; i++) {
		char *end;
		long id = strtol(names[i], &end, 10);
		int k;

		if (*end || id < 0 || end == names[i])
			continue;
		k = status_group_type_index(group_type(c, (int)id));
		if (counts)
			counts[k < 0 ? GT_UNKNOWN : k]++;
		if (k >= 0)
			in->group_types[k]++;
	}
	strv_free(names, n);
}

json_object *collect_status(struct ctx *c)
{
	struct status_in in = { .f = &c->facts, .vfio_pci_cdev = -1 };
	json_object *iommus = collect_iommus(c), *o;
	struct ivrs_report *ivrs = NULL;
	const char *efr, *efr2;
	char *msg;

	in.n_iommus = (int)json_object_array_length(iommus);
	efr = in.n_iommus ? json_path_str(json_object_array_get_idx(iommus, 0), "efr") : NULL;
	efr2 = in.n_iommus ? json_path_str(json_object_array_get_idx(iommus, 0), "efr2") : NULL;
	in.have_efr = efr && efr2 && !parse_hex_u64(efr, &in.efr) && !parse_hex_u64(efr2, &in.efr2);
	json_object_put(iommus);
	status_count_groups(c, &in, NULL);
	collect_devices_each(c, NULL, scan_device, &in);
	/* the verdicts below read the command line: say when it is missing */
	if (c->facts.cmdline_err)
		ctx_unreadable(c, "/proc/cmdline", c->facts.cmdline_err,
			       "cannot read the kernel command line");
	in.ivrs = host_exists(c->h, "/sys/firmware/acpi/tables/IVRS");
	in.ir = facts_ir(&c->facts);
	in.ir_source = c->facts.ir_source;
	in.ir_detail = c->facts.ir_detail;
	in.debugfs_iommu_dir = host_exists(c->h, "/sys/kernel/debug/iommu");
	in.iommufd = host_exists(c->h, STATUS_IOMMUFD_PATH);
	in.vfio_devices_dir = host_exists(c->h, "/dev/vfio/devices");
	if (in.ivrs && !collect_ivrs(c, NULL, &ivrs, &msg))
		in.ivrs_findings = &ivrs->f;
	else if (in.ivrs)
		free(msg);
	o = status_build(&in);
	ivrs_report_free(ivrs);
	return o;
}
