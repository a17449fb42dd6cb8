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
};

/* model-iommu.c */
json_object *collect_iommus(struct ctx *c);

/* model-device.c: every PCI function (one object each, handed to @sink,
 * which owns it): a large host is never held whole. */
typedef void device_sink(json_object *dev, void *arg);
void collect_devices_each(struct ctx *c, const struct device_filter *f,
			  device_sink *sink, void *arg);
json_object *collect_devices(struct ctx *c, const struct device_filter *f);
/* Read every device as a listing does and keep nothing (a snapshot). */
void collect_devices_read(struct ctx *c);

/* model-group.c */
json_object *collect_groups(struct ctx *c);
/* The type of group @group ("DMA", "identity", ...), cached; NULL when
 * unreadable (recorded). */
const char *group_type(struct ctx *c, int group);

/* model-domain.c */
json_object *collect_domains(struct ctx *c);

/* model-status.c */
json_object *collect_status(struct ctx *c);

/* model-dte.c: the DTE object of `show devices` (summary) and `show dte`
 * (@full); one device's full DTE (NULL and *err, not recorded, on
 * failure: the caller decides). */
json_object *dte_to_json(const struct dte *d, int iommu_index, bool full);
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
json_object *collect_cmdbuf(struct ctx *c, const char *iommu, bool all, int *err);
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

/* model-uevent.c: is the uevent about a PCI device, an IOMMU group or a
 * VFIO node; and the event with its device's state now. */
struct uevent;
bool uevent_relevant(const struct uevent *ev);
json_object *collect_uevent(struct ctx *c, const struct uevent *ev);

#endif
