/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data model.  Collection reads the host through the access layer,
 * decodes with the pure decoders and builds one json-c tree per command;
 * the table and JSON renderers only format that tree (ndctl style).
 */
#ifndef AMDIOMMUCTL_MODEL_H
#define AMDIOMMUCTL_MODEL_H

#include <stdbool.h>
#include <json-c/json.h>

#include "amd.h"
#include "host.h"

#define SCHEMA_VERSION 1

struct pci_access;

struct ctx {
	struct host *h;
	struct pci_access *pacc;
	json_object *unavailable; /* [{source, errno, hint}] */
	int kmajor, kminor;
	char *kernel_release;
	char *cmdline;
	int cmdline_err;      /* reading /proc/cmdline: 0 or -errno */
	bool cpu_la57;
	int debugfs_err;      /* 0: AMD devtbl usable; else -errno */
	char *lockdown;       /* "none", "integrity", ... or NULL */
	json_object *groups;  /* cache: "N" -> type string */
	bool dte_contended;
};

void ctx_init(struct ctx *c, struct host *h);
void ctx_fini(struct ctx *c);
/* Number of AMD IOMMUs (ivhdN class devices). */
int ctx_amd_iommu_count(struct ctx *c);
/* Record a read error of @path: the hint is "@what: " + host_strerror(). */
void ctx_unreadable(struct ctx *c, const char *path, int err, const char *what);
/* Record that @source could not be read; duplicates are merged. */
void ctx_unavailable(struct ctx *c, const char *source, int err,
		     const char *hint);

struct device_filter {
	char **bdfs;
	int nbdfs;
	const char *iommu, *driver;
	int group; /* -1: any */
};

json_object *collect_iommus(struct ctx *c);
json_object *collect_devices(struct ctx *c, const struct device_filter *f);
/* The same devices handed to @sink one by one as they are collected (the
 * sink owns each): a large host need not be held whole. */
typedef void device_sink(json_object *dev, void *arg);
void collect_devices_each(struct ctx *c, const struct device_filter *f,
			  device_sink *sink, void *arg);
json_object *collect_groups(struct ctx *c);
json_object *collect_domains(struct ctx *c);
json_object *collect_status(struct ctx *c);
/* One device's full DTE; returns NULL and sets *err on failure. */
json_object *collect_dte(struct ctx *c, const struct bdf *b, int *err);

const char *dte_error_hint(int err);
bool cmdline_has(const struct ctx *c, const char *opt, const char *word);

/* The DTE object shared by `show devices` (summary) and `show dte`. */
json_object *dte_to_json(const struct dte *d, int iommu_index, bool full);

/* json-c helpers */
json_object *json_hex64(uint64_t v);   /* "0x%016llx" */
json_object *json_addr(uint64_t v);    /* "0x%llx" */
json_object *json_str_or_null(const char *s);

/* collect-decode.c: `show irt`, `show cmdbuf`, `show events`. */
/* The IRT entries of @b; NULL and *err (-EOPNOTSUPP IR disabled, -ENXIO
 * no table, -EBADMSG bad IRT length, ...) on failure. */
json_object *collect_irt(struct ctx *c, const struct bdf *b, int *err);
/* Commands of one IOMMU (@iommu "ivhdN" or "N") or all (NULL); unused
 * slots only with @all.  NULL and *err on failure (-EINVAL bad name). */
json_object *collect_cmdbuf(struct ctx *c, const char *iommu, bool all, int *err);
/* AMD-Vi events of the kernel log; NULL and *err when it cannot be read. */
json_object *collect_events(struct ctx *c, int *err);

#endif
