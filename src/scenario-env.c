// SPDX-License-Identifier: GPL-2.0-or-later
/* The environment of the device an alloc scenario runs on: driver, VFIO
 * cdev, the EFR the prediction uses, and the host facts the explanations
 * need. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efr.h"
#include "json.h"
#include "policy.h"
#include "scenario.h"
#include "util.h"

static char *dev_path(const struct scenario_env *e, const char *leaf)
{
	return xasprintf("%s/%s", e->sys, leaf);
}

/*
 * The EFR of the device's IOMMU as the driver uses it, from the IVRS
 * (model-ivrs.c): the global amd_iommu_efr (the IVHD images, or the MMIO
 * value), the IOMMU's own iommu->features that amd_iommu_hd_support()
 * reads, and HATDis.
 */
static void ivrs_efr(struct scenario_env *e, int index)
{
	struct ivrs_opts o = { .efr_only = true };
	struct ivrs_driver_efr d;
	struct ivrs_report *rep;
	char *msg;

	if (collect_ivrs(e->c, &o, &rep, &msg)) {
		free(msg);
		return;
	}
	ivrs_report_efr(rep, index, &d);
	e->have_ivrs_efr = d.have_global;
	e->ivrs_efr = d.efr;
	e->ivrs_efr2 = d.efr2;
	e->have_iommu_efr = d.have_iommu;
	e->iommu_efr = d.iommu_efr;
	e->hatdis = d.hatdis;
	ivrs_report_free(rep);
}

/* The device's IOMMU's sysfs `features`: the EFR the driver shows. */
static void sysfs_efr(struct scenario_env *e)
{
	char *ivhd = NULL, *p, *text = NULL;
	enum features_format fmt;
	int index;

	p = dev_path(e, "iommu");
	if (host_link_name(e->c->h, p, &ivhd)) {
		free(p);
		return;
	}
	free(p);
	p = xasprintf("/sys/class/iommu/%s/amd-iommu/features", ivhd);
	if (!host_read_line(e->c->h, p, &text)) {
		e->have_sysfs_efr = !features_parse(text, e->c->facts.kmajor, e->c->facts.kminor,
						    &e->sysfs_efr, &e->sysfs_efr2, &fmt);
		free(text);
	}
	free(p);
	if (sscanf(ivhd, "ivhd%d", &index) == 1)
		ivrs_efr(e, index);
	free(ivhd);
}

char *scenario_group_conflict(struct scenario_env *e)
{
	static const char *const ok_drv[] = { "vfio-pci", "pci-stub", "pcieport" };
	char *p = dev_path(e, "iommu_group/devices"), **names = NULL, *res = NULL;
	size_t n = 0;

	if (host_list(e->c->h, p, &names, &n)) {
		free(p);
		return NULL;
	}
	free(p);
	for (size_t i = 0; i < n && !res; i++) {
		char *dp, *drv = NULL;
		bool fine = false;

		if (!strcmp(names[i], e->bdf))
			continue;
		dp = xasprintf("/sys/bus/pci/devices/%s/driver", names[i]);
		if (!host_link_name(e->c->h, dp, &drv)) {
			for (size_t j = 0; j < ARRAY_SIZE(ok_drv); j++)
				fine |= !strcmp(drv, ok_drv[j]);
			fine |= !strncmp(drv, "vfio", 4);
			if (!fine)
				res = xasprintf("%s (%s)", names[i], drv);
			free(drv);
		}
		free(dp);
	}
	strv_free(names, n);
	return res;
}

void scenario_env_use_efr(struct scenario_env *e, uint64_t efr, uint64_t efr2)
{
	e->x.have_efr = true;
	e->x.efr = efr;
	e->x.efr2 = efr2;
	/* amd_iommu_snp_en: the host's SNP and the IOMMU's SNPSup */
	e->x.snp = (efr & EFR_SNP_SUP) && facts_snp(&e->c->facts);
}

int scenario_env_init(struct scenario_env *e, struct ctx *c, const char *bdf,
		      char **msg)
{
	struct facts *f = &c->facts;

	memset(e, 0, sizeof(*e));
	e->c = c;
	if (bdf_parse(bdf, &e->dev)) {
		*msg = xasprintf("'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", bdf);
		return 2;
	}
	bdf_format(&e->dev, e->bdf);
	e->sys = xasprintf("/sys/bus/pci/devices/%s", e->bdf);
	/* a kernel without iommufd fails every device alike: say that first
	 * (drivers/iommu/iommufd/main.c registers the misc device "iommu") */
	if (!host_exists(c->h, IOMMUFD_DEV)) {
		*msg = xstrdup(iommufd_explain("open_iommufd", 0, -ENOENT, &e->x));
		scenario_env_fini(e);
		return 4;
	}
	if (!host_exists(c->h, e->sys)) {
		*msg = xasprintf("%s: no such PCI device", e->bdf);
		scenario_env_fini(e);
		return 1;
	}
	scenario_env_refresh(e);
	sysfs_efr(e);
	e->x.kmajor = f->kmajor;
	e->x.kminor = f->kminor;
	e->x.bdf = e->bdf;
	e->x.la57 = f->la57;
	e->x.pgtbl_v2 = f->cl.pgtbl == 2;
	e->x.ir_enabled = facts_ir(f);
	e->x.unsafe_intr = facts_unsafe_interrupts(f);
	if (e->have_sysfs_efr) {
		scenario_env_use_efr(e, e->sysfs_efr, e->sysfs_efr2);
		e->efr_source = "sysfs";
	} else if (e->have_ivrs_efr) {
		scenario_env_use_efr(e, e->ivrs_efr, e->ivrs_efr2);
		e->efr_source = "ivrs";
	}
	return 0;
}

void scenario_env_policy(const struct scenario_env *e, struct policy_in *in)
{
	memset(in, 0, sizeof(*in));
	in->kmajor = e->c->facts.kmajor;
	in->kminor = e->c->facts.kminor;
	in->efr = e->x.efr;
	in->efr2 = e->x.efr2;
	in->la57 = e->x.la57;
	in->snp = e->x.snp;
	in->pgtbl_v2 = e->x.pgtbl_v2;
	in->hatdis = e->hatdis;
	in->have_iommu_efr = e->have_iommu_efr;
	in->iommu_efr = e->iommu_efr;
}

void scenario_env_efr_json(const struct scenario_env *e, json_object *o)
{
	json_add(o, "efr", e->x.have_efr ? json_hex64(e->x.efr) : NULL);
	json_add(o, "efr2", e->x.have_efr ? json_hex64(e->x.efr2) : NULL);
	json_add(o, "efr_source", json_str_or_null(e->efr_source));
	/* what amd_iommu_hd_support() reads (policy.h have_iommu_efr) */
	json_add(o, "iommu_efr", e->have_iommu_efr ? json_hex64(e->iommu_efr) : NULL);
	json_add(o, "iommu_efr_source", e->have_iommu_efr ? json_object_new_string("ivrs") : NULL);
	json_add(o, "hatdis", json_new_bool(e->hatdis));
}

void scenario_env_refresh(struct scenario_env *e)
{
	char *p = dev_path(e, "driver");

	free(e->driver);
	e->driver = NULL;
	host_link_name(e->c->h, p, &e->driver);
	free(p);
	free(e->cdev);
	e->cdev = facts_vfio_cdev(e->c->h, e->bdf);
	e->x.driver = e->driver;
}

void scenario_env_fini(struct scenario_env *e)
{
	free(e->sys);
	free(e->driver);
	free(e->cdev);
	free((char *)e->x.group_conflict);
	memset(e, 0, sizeof(*e));
}

int scenario_precheck(struct scenario_env *e, char **msg)
{
	if (!e->cdev) {
		int code = e->driver && !strncmp(e->driver, "vfio", 4) ? 4 : 1;

		*msg = xstrdup(iommufd_explain("open_cdev", 0, -ENOENT, &e->x));
		return code;
	}
	if (!host_exists(e->c->h, IOMMUFD_DEV)) {
		*msg = xstrdup(iommufd_explain("open_iommufd", 0, -ENOENT, &e->x));
		return 4;
	}
	return 0;
}
