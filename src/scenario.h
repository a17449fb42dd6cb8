/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alloc scenario: one process opens the device's VFIO cdev and
 * /dev/iommu, binds, allocates an IOAS and a HWPT with the requested
 * flags, attaches, optionally maps and tracks dirty pages, reads the DTE
 * back and cleans everything up on every path (errors and signals).
 * Also --bind-vfio: bind a device to vfio-pci for the run and restore its
 * driver and driver_override afterwards.
 */
#ifndef AMDIOMMUCTL_SCENARIO_H
#define AMDIOMMUCTL_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "amd.h"
#include "iommufd.h"
#include "model.h"

/* ---- signals ----------------------------------------------------------- */

/* SIGINT/SIGTERM/SIGHUP set a flag (no SA_RESTART); blocking waits end. */
void scenario_signals_install(void);
void scenario_signals_restore(void);
/* The signal received since install, or 0. */
int scenario_signal(void);

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
	struct explain_ctx x;
};

/*
 * Fill @e for @bdf.  Returns 0, or an exit code with *msg (allocated)
 * when the device does not exist.
 */
int scenario_env_init(struct scenario_env *e, struct ctx *c, const char *bdf,
		      char **msg);
void scenario_env_fini(struct scenario_env *e);
/* Re-read driver and cdev (after --bind-vfio). */
void scenario_env_refresh(struct scenario_env *e);
/*
 * Check that the cdev and /dev/iommu exist.  Returns 0, or an exit code
 * (1, or 4 when the kernel lacks the feature) with *msg (allocated).
 */
int scenario_precheck(struct scenario_env *e, char **msg);

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

/* ---- --bind-vfio ------------------------------------------------------- */

struct vfio_bind {
	struct host *h;
	const char *bdf;
	char *sys;
	char *orig_driver;    /* NULL: was unbound */
	char *orig_override;  /* NULL: "(null)" */
	bool needed;          /* not on vfio-pci yet */
	bool changed;         /* something was written: restore */
	bool restored;
	json_object *actions; /* [{action, errno}] */
};

/*
 * Decide what to do.  Returns 0, or an exit code with *msg: the IOMMU
 * function itself (class 0x0806), a device not behind an IOMMU, or a
 * bound device without @yes.
 */
int vfio_bind_plan(struct vfio_bind *b, struct host *h,
		   const struct scenario_env *e, bool yes, char **msg);
/* The planned writes as text, for --dry-run (bind then restore). */
json_object *vfio_bind_dry_run(const struct vfio_bind *b);
/* Bind to vfio-pci and wait for vfio-dev/.  0 or -errno with *msg. */
int vfio_bind_apply(struct vfio_bind *b, char **msg);
/* Restore driver_override and the original driver; 0 or first -errno. */
int vfio_bind_restore(struct vfio_bind *b);
json_object *vfio_bind_json(const struct vfio_bind *b);
void vfio_bind_fini(struct vfio_bind *b);

#endif
