/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alloc scenario: one process opens the device's VFIO cdev and
 * /dev/iommu, binds, allocates an IOAS and a HWPT with the requested
 * flags, attaches, optionally maps and tracks dirty pages, reads the DTE
 * back and cleans everything up on every path (errors and signals:
 * signals.h).  scenario-env.c finds the device's environment; --bind-vfio
 * is vfio-bind.h.
 */
#ifndef AMDIOMMUCTL_SCENARIO_H
#define AMDIOMMUCTL_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "bdf.h"
#include "iommufd.h"
#include "model.h"

/* ---- the environment of one device ----------------------------------- */

struct scenario_env {
	struct ctx *c;
	struct bdf dev;
	char bdf[BDF_STRLEN];
	char *sys;     /* /sys/bus/pci/devices/BDF */
	char *driver;  /* current driver or NULL */
	char *cdev;    /* /dev/vfio/devices/vfioN, or NULL */
	bool have_sysfs_efr;
	uint64_t sysfs_efr, sysfs_efr2;
	/* from the IVRS (model-ivrs.c): the global EFR the driver computes,
	 * this IOMMU's own iommu->features (HDSup) and HATDis */
	bool have_ivrs_efr, have_iommu_efr, hatdis;
	uint64_t ivrs_efr, ivrs_efr2, iommu_efr;
	const char *efr_source; /* "sysfs", "ivrs", "iommu_get_hw_info" or NULL */
	struct explain_ctx x;
};

/*
 * Fill @e for @bdf.  Returns 0, or an exit code with *msg (allocated)
 * when the address is bad, the kernel has no iommufd or the device does
 * not exist; @e is then empty (scenario_env_fini() is harmless).
 */
int scenario_env_init(struct scenario_env *e, struct ctx *c, const char *bdf,
		      char **msg);
void scenario_env_fini(struct scenario_env *e);
/* Re-read driver and cdev (after --bind-vfio). */
void scenario_env_refresh(struct scenario_env *e);
/* Use the EFR/EFR2 the driver reports (IOMMU_GET_HW_INFO) from now on. */
void scenario_env_use_efr(struct scenario_env *e, uint64_t efr, uint64_t efr2);
/* The predictor's inputs (policy.h) from what @e found. */
struct policy_in;
void scenario_env_policy(const struct scenario_env *e, struct policy_in *in);
/* {"efr", "efr2", "efr_source", "iommu_efr", "iommu_efr_source", "hatdis"}
 * added to @o: the EFR values the prediction used and where they came from. */
void scenario_env_efr_json(const struct scenario_env *e, json_object *o);
/*
 * Check that the cdev and /dev/iommu exist.  Returns 0, or an exit code
 * (1, or 4 when the kernel lacks the feature) with *msg (allocated).
 */
int scenario_precheck(struct scenario_env *e, char **msg);
/* A group member bound to a driver that keeps VFIO from owning the group,
 * as "BDF (driver)" (allocated), or NULL. */
char *scenario_group_conflict(struct scenario_env *e);

/* ---- one run ----------------------------------------------------------- */

struct scenario_opts {
	uint32_t flags;
	uint64_t map_size;   /* 0: no --map */
	int hold;            /* -1: no hold; 0: until a signal; N seconds */
	bool quiet_hold;     /* do not print the holding line */
};

struct scenario_result {
	json_object *report;     /* see cmd-alloc.c for the keys */
	int err;                 /* errno of the first failed step, or 0 */
	const char *failed_step; /* its name, or NULL */
	bool have_hw_info;
	struct iommufd_hw_info hw;
	const char *pgtable;     /* "v1" "v2" "nested" ..., NULL if unread */
	int signal;              /* a signal stopped the run (not the hold) */
	int cleanup_err;         /* first failure while cleaning up */
};

void scenario_run(struct scenario_env *e, const struct scenario_opts *o,
		  struct scenario_result *res);

#endif
