/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --bind-vfio: bind a device to vfio-pci for the run and restore its
 * driver and driver_override afterwards (Documentation/ABI/testing/
 * sysfs-bus-pci driver_override, drivers_probe).
 */
#ifndef AMDIOMMUCTL_VFIO_BIND_H
#define AMDIOMMUCTL_VFIO_BIND_H

#include <stdbool.h>
#include <json-c/json.h>

#include "scenario.h"

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
