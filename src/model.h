/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data model.  Collection reads the host through the access layer,
 * decodes with the pure decoders and builds json-c objects; the table and
 * JSON renderers only format them (ndctl style).  Every hole in the data
 * becomes one entry of `unavailable` ({source, errno, hint}).
 */
#ifndef AMDIOMMUCTL_MODEL_H
#define AMDIOMMUCTL_MODEL_H

#include <stdbool.h>
#include <json-c/json.h>

#include "bdf.h"
#include "dte.h"
#include "facts.h"
#include "host.h"
#include "ivrs-diag.h"

#define SCHEMA_VERSION 2

struct pci_access;

struct ctx {
	struct host *h;
	struct facts facts;
	struct pci_access *pacc;
	json_object *unavailable; /* [{source, errno, hint}] */
	json_object *groups;      /* cache: "N" -> type string */
	bool dte_contended;
};

void ctx_init(struct ctx *c, struct host *h);
void ctx_fini(struct ctx *c);
/* Number of AMD IOMMUs (ivhdN class devices). */
int ctx_amd_iommu_count(struct ctx *c);
/* Record that @source could not be read; one entry per source. */
void ctx_unavailable(struct ctx *c, const char *source, int err,
		     const char *hint);
/* The same for a file: the hint is "@what: " + host_strerror(). */
void ctx_unreadable(struct ctx *c, const char *path, int err, const char *what);
size_t ctx_unavailable_count(const struct ctx *c);

/* ---- collectors (model-*.c) --------------------------------------------------- */

struct device_filter {
	char **bdfs;
	int nbdfs;
	const char *iommu, *driver;
	int group; /* -1: any */
	/* the record view (show devices -v; never JSON): the full DTE with
	 * its IRT size in entries, the members of the device's group */
	bool detail;
};

/* model-iommu.c */
json_object *collect_iommus(struct ctx *c);

/* model-device.c: every PCI function (one object each, handed to @sink,
 * which owns it): a large host is never held whole. */
typedef void device_sink(json_object *dev, void *arg);
void collect_devices_each(struct ctx *c, const struct device_filter *f,
			  device_sink *sink, void *arg);
json_object *collect_devices(struct ctx *c, const struct device_filter *f);
/* Does PCI function @b exist (0, else -ENODEV); *iommu its IOMMU's name
 * from the `iommu` link (allocated) or NULL. */
int pci_function_iommu(struct ctx *c, const struct bdf *b, char **iommu);
/* Read every device as a listing does and keep nothing (a snapshot). */
void collect_devices_read(struct ctx *c);

/* model-group.c */
json_object *collect_groups(struct ctx *c);
/* The type of group @group ("DMA", "identity", ...), cached; NULL when
 * unreadable (recorded). */
const char *group_type(struct ctx *c, int group);

/* The PCI functions in group @group, by address (a JSON array). */
json_object *group_devices(struct ctx *c, int group);

/* model-domain.c */
json_object *collect_domains(struct ctx *c);

/* model-status.c */
json_object *collect_status(struct ctx *c);
/* The two passes collect_status() makes, for `metrics` too (status.h). */
struct status_in;
void status_scan_device(struct status_in *in, json_object *d);
void status_count_groups(struct ctx *c, struct status_in *in, size_t *counts);

/* model-dte.c: the DTE object of `show devices` (summary) and `show dte`
 * (@full); one device's full DTE (NULL and *err, not recorded, on
 * failure: the caller decides). */
json_object *dte_to_json(const struct dte *d, int iommu_index, bool full);
/* The full object plus "irt_entries", the interrupt remapping table's
 * size (the record view of show devices). */
json_object *dte_detail_json(const struct dte *d, int iommu_index);
/* The name of IOMMU @index ("ivhdN"): @buf, or NULL for a negative index. */
const char *iommu_name(int index, char buf[16]);
json_object *collect_dte(struct ctx *c, const struct bdf *b, int *err);
/* Read and decode a device's DTE for a listing: failures are recorded. */
int read_dte(struct ctx *c, const struct bdf *b, struct dte *d, int *iommu_index);

/* model-irt.c: the IRT entries of @b; NULL and *err (-EOPNOTSUPP IR
 * disabled, -ENXIO no table, -EBADMSG bad IRT length, ...) on failure. */
json_object *collect_irt(struct ctx *c, const struct bdf *b, int *err);
/* model-cmdbuf.c: commands of one IOMMU (@iommu "ivhdN" or "N") or all
 * (NULL); unused slots only with @all.  NULL and *err on failure
 * (-EINVAL bad name). */
/* @iommu: ivhdN, iommuNN or N; *err -EINVAL for a bad name, -ENXIO for
 * an IOMMU that does not exist, -ENOENT for no command buffer at all. */
json_object *collect_cmdbuf(struct ctx *c, const char *iommu, bool all, int *err);
/* "ivhd0, ivhd1, ..." (allocated): the IOMMUs show cmdbuf knows. */
char *cmdbuf_iommu_names(struct ctx *c);
/* model-events.c: AMD-Vi events of the kernel log (the kernel's own
 * records; a "Device not attached" pair is one event); NULL and *err when
 * it cannot be read. */
json_object *collect_events(struct ctx *c, int *err);
/* The same counted per device and type, with the ratelimit drops and the
 * driver's health messages (show events --summary). */
json_object *collect_events_summary(struct ctx *c, int *err);
struct kmsg_rec;
struct amd_event;
json_object *event_to_json(const struct kmsg_rec *k, const struct amd_event *e);
/* show events --follow: one /dev/kmsg record (a read()) at a time; the
 * event it completes as JSON, or NULL. */
struct events_follow;
struct events_follow *events_follow_new(void);
json_object *events_follow_record(struct events_follow *f, const char *rec, size_t len);
void events_follow_free(struct events_follow *f);

/* model-metrics.c: the Prometheus families of doc/metrics.md into @p
 * (prom.h); prom_finish()'s result.  @count (may be NULL) says how much
 * was written. */
struct prom;
struct metrics_count {
	size_t families, series, iommus;
};
int collect_metrics(struct ctx *c, struct prom *p, struct metrics_count *count);

/* model-diff.c: the host of @c described for diff_hosts() (diff.h); its
 * strings are valid while @c and the result live. */
struct diff_host;
struct diff_side;
struct diff_host *collect_diff_host(struct ctx *c);
const struct diff_side *diff_host_side(const struct diff_host *d);
void diff_host_free(struct diff_host *d);

/* model-check.c: the readiness checks (check.h) of the host and of the
 * PCI functions @bdfs (every function but bridges and IOMMUs when
 * @nbdfs is 0) for @purposes; with @probe the alloc scenario confirms
 * them live (model-check-probe.c).  Returns {purposes, host, devices,
 * summary}; @counts gets the number of checks per verdict (check.h
 * enum check_verdict) and *tool_err an exit code when the tool itself
 * failed (0 otherwise). */
struct check_opts {
	unsigned purposes;
	char **bdfs;
	int nbdfs;
	bool probe, bind_vfio, yes;
};
json_object *collect_check(struct ctx *c, const struct check_opts *o, size_t counts[4],
			   int *tool_err);
/* The same device by device, so the list is never held whole: @head gets
 * kernel, purposes, host; check_next() gives each device (to free) and
 * NULL after the last; check_end() the summary object, and frees @r. */
struct check_run;
struct check_run *check_begin(struct ctx *c, const struct check_opts *o, json_object **head);
json_object *check_next(struct check_run *r);
json_object *check_end(struct check_run *r, size_t counts[4], int *tool_err);

/* model-ivrs.c: the IVRS table and what the 7.3 driver makes of it on this
 * host (decode, the driver's view, findings; ivrs-diag.h). */
struct ivrs_opts {
	const char *file;    /* the table from FILE (raw, acpidump, xxd, hexdump -C) */
	const char *apic;    /* the MADT from FILE */
	const char *cmdline; /* this command line instead of /proc/cmdline */
	bool on_host;        /* with @file: still cross-check with the host */
	bool efr_only;       /* only what the EFR model needs: the table and the IOMMUs */
};
struct ivrs_report_priv;
struct ivrs_report {
	struct ivrs *d;
	const struct madt *madt;        /* NULL: none */
	const struct ivrs_machine *m;
	struct ivrs_view *v;
	struct ivrs_findings f;
	const char *src_ivrs, *src_apic, *src_hpet, *src_cmdline;
	bool machine;                   /* the host's devices and IOMMUs were read */
	struct ivrs_report_priv *priv;
};
/*
 * Read and diagnose (@o NULL: the host's table).  0, or a negative errno
 * with *msg (to free): -ENOENT no table, -ENODATA no IVRS in --file, ...
 */
int collect_ivrs(struct ctx *c, const struct ivrs_opts *o, struct ivrs_report **out,
		 char **msg);
void ivrs_report_free(struct ivrs_report *r);
/* {"ivrs", "apic", "hpet", "cmdline", "machine"}: where the inputs came from */
json_object *ivrs_report_sources(const struct ivrs_report *r);
/* The EFR the driver uses (init.c get_global_efr(), late_iommu_features_init(),
 * early_iommu_features_init(); iommu.c amd_iommu_hd_support()). */
struct ivrs_driver_efr {
	bool have_global;          /* amd_iommu_efr/efr2: every check_feature() */
	uint64_t efr, efr2;
	const char *global_from;   /* "ivhd" (the images) or "mmio" */
	bool hatdis;               /* a used IVHD's HATDis attribute */
	bool have_iommu;           /* IOMMU @index is in the table */
	uint32_t ivhd_offset;
	bool has_image, image_used;
	const char *why_unused;
	uint64_t image_efr, image_efr2;
	uint64_t iommu_efr, iommu_efr2; /* iommu->features: the image taken, else 0 */
	bool mismatch;             /* late_iommu_features_init() warns */
};
void ivrs_report_efr(const struct ivrs_report *r, int index, struct ivrs_driver_efr *e);
/* `show iommus`' "ivhd" of IOMMU @index: {offset, efr_image, efr2_image,
 * image_used, why_unused, iommu_efr, iommu_efr2}; NULL when the table
 * has no IVHD for it (or @r is NULL). */
json_object *ivrs_iommu_json(const struct ivrs_report *r, int index);

/* model-uevent.c: is the uevent about a PCI device, an IOMMU group or a
 * VFIO node; and the event with its device's state now. */
struct uevent;
bool uevent_relevant(const struct uevent *ev);
json_object *collect_uevent(struct ctx *c, const struct uevent *ev);

#endif
