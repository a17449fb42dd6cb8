// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show devices: one row per PCI function (model-device.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "optval.h"
#include "render.h"
#include "util.h"

struct devices_opts {
	const char *iommu, *driver;
	int group;
};

static int parse_group(const char *s, void *group)
{
	return optval_group(s, group);
}

static const struct devices_opts defaults = { .group = -1 };

static const struct cmd_opt opts[] = {
	CMD_OPT_STRING("iommu", 0, "NAME", struct devices_opts, iommu,
		       "only devices behind this IOMMU (ivhdN)"),
	CMD_OPT_VALUE("group", 0, "N", struct devices_opts, group, parse_group,
		      "an IOMMU group number", "only devices in IOMMU group N"),
	CMD_OPT_STRING("driver", 0, "NAME", struct devices_opts, driver,
		       "only devices bound to this driver"),
	CMD_OPT_END
};

static const char *fmt_ids(json_object *row, json_object *v, char *buf, size_t n)
{
	const char *vid = json_path_str(row, "vendor_id"), *did = json_path_str(row, "device_id");

	(void)v;
	if (!vid || !did)
		return "-";
	snprintf(buf, n, "%s:%s", vid + 2, did + 2);
	return buf;
}

/* PASID/ATS/PRI cell: "?" unknown, "no", "yes" (present), "on" (enabled). */
static const char *fmt_cap(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row, (void)buf, (void)n;
	if (!v)
		return "?";
	if (!json_object_get_boolean(json_path(v, "supported")))
		return "no";
	return json_object_get_boolean(json_path(v, "enabled")) ? "on" : "yes";
}

static const struct column device_cols[] = {
	{ "BDF", "bdf" },
	{ "ID", NULL, fmt_ids },
	{ "NAME", "name", NULL, COL_CUT, 16 },
	{ "DRIVER", "driver" },
	{ "IOMMU", "iommu" },
	{ "GROUP", "group" },
	{ "TYPE", "group_type" },
	{ "VFIO", "vfio_cdev" },
	{ "PASID", "pasid", fmt_cap },
	{ "ATS", "ats", fmt_cap },
	{ "PRI", "pri", fmt_cap },
	{ "DTE", "dte.class" },
	{ "LVL", "dte.levels" },
	{ "DOMID", "dte.domain_id" },
	{ "GCR3", "dte.gcr3_root" },
	{ "GLX", "dte.glx" },
	{ "HAD", "dte.had" },
	{ "PPR", "dte.ppr", render_fmt_flag },
	{ "IOTLB", "dte.iotlb", render_fmt_flag },
};

/* -v: "supported, enabled" and what the PASID capability says. */
static const char *fmt_cap_detail(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *w = json_path(v, "max_width");

	(void)row;
	if (!v)
		return "unknown (config space not readable)";
	if (!json_object_get_boolean(json_path(v, "supported")))
		return "not supported";
	snprintf(buf, n, "supported, %s", json_object_get_boolean(json_path(v, "enabled")) ?
		 "enabled" : "disabled");
	if (w)
		snprintf(buf + strlen(buf), n - strlen(buf), "; %d-bit PASIDs%s%s",
			 json_object_get_int(w),
			 json_object_get_boolean(json_path(v, "exec")) ? ", exec" : "",
			 json_object_get_boolean(json_path(v, "priv")) ? ", priv" : "");
	return buf;
}

static const char *fmt_group(json_object *row, json_object *v, char *buf, size_t n)
{
	const char *type = json_path_str(row, "group_type");

	if (!v)
		return "-";
	snprintf(buf, n, "%d (%s)", json_object_get_int(v), type ? type : "type unknown");
	return buf;
}

/* @v is dte.iv: the size means something only with IV set. */
static const char *fmt_irt(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *e = json_path(row, "dte.irt_entries");

	if (!json_object_get_boolean(v) || !e)
		return "- (IV=0: interrupts are not remapped)";
	snprintf(buf, n, "%lld (2^IntTabLen, IntTabLen %d)", (long long)json_object_get_int64(e),
		 json_object_get_int(json_path(row, "dte.int_tab_len")));
	return buf;
}

/* Two DTE flags (keys @a, @b) as "A=x B=y" (labels @la, @lb). */
static const char *fmt_pair(json_object *row, const char *a, const char *la,
			    const char *b, const char *lb, char *buf, size_t n)
{
	char pa[16], pb[16];

	snprintf(pa, sizeof(pa), "dte.%s", a);
	snprintf(pb, sizeof(pb), "dte.%s", b);
	snprintf(buf, n, "%s=%d %s=%d", la, json_object_get_boolean(json_path(row, pa)),
		 lb, json_object_get_boolean(json_path(row, pb)));
	return buf;
}

static const char *fmt_v_tv(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)v;
	return fmt_pair(row, "v", "V", "tv", "TV", buf, n);
}

static const char *fmt_ir_iw(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)v;
	return fmt_pair(row, "ir", "IR", "iw", "IW", buf, n);
}

/* The record view (-v), lspci -v style; the DTE lines only when there is one. */
static const struct column device_fields[] = {
	{ "ID", NULL, fmt_ids },
	{ "Class", "pci_class" },
	{ "Driver", "driver" },
	{ "IOMMU", "iommu" },
	{ "IOMMU group", "group", fmt_group },
	{ "Group members", "group_devices", NULL, COL_OPTIONAL },
	{ "VFIO cdev", "vfio_cdev" },
	{ "PASID", "pasid", fmt_cap_detail },
	{ "ATS", "ats", fmt_cap_detail },
	{ "PRI", "pri", fmt_cap_detail },
	{ "DTE class", "dte.class", NULL, COL_OPTIONAL },
	{ "DTE valid", "dte.v", fmt_v_tv, COL_OPTIONAL },
	{ "DTE Mode", "dte.mode", NULL, COL_OPTIONAL },
	{ "Page table levels", "dte.levels", NULL, COL_OPTIONAL },
	{ "Host page table root", "dte.host_pt_root", NULL, COL_OPTIONAL },
	{ "DomainID", "dte.domain_id", NULL, COL_OPTIONAL },
	{ "GV", "dte.gv", NULL, COL_OPTIONAL },
	{ "GCR3 root", "dte.gcr3_root", NULL, COL_OPTIONAL },
	{ "GLX", "dte.glx", NULL, COL_OPTIONAL },
	{ "Guest paging", "dte.guest_paging_mode", NULL, COL_OPTIONAL },
	{ "DMA permissions", "dte.ir", fmt_ir_iw, COL_OPTIONAL },
	{ "HAD", "dte.had", NULL, COL_OPTIONAL },
	{ "PPR", "dte.ppr", NULL, COL_OPTIONAL },
	{ "IOTLB", "dte.iotlb", NULL, COL_OPTIONAL },
	{ "IRT entries", "dte.iv", fmt_irt, COL_OPTIONAL },
	{ "IRT root", "dte.irt_root", NULL, COL_OPTIONAL },
	{ "DTE raw (qword 0 first)", "dte.raw", NULL, COL_OPTIONAL },
};

struct listing {
	struct json_stream *js;
	struct table *t;
	bool records;
	size_t n;
};

/* One -v record: "BDF  full name", the fields, a blank line between. */
static void print_record(json_object *dev, bool first)
{
	char buf[256];

	printf("%s%s  %s\n", first ? "" : "\n", json_path_str(dev, "bdf"),
	       render_value(json_path(dev, "name"), buf, sizeof(buf)));
	render_fields(stdout, dev, device_fields, ARRAY_SIZE(device_fields), "\t");
}

static void list_one(json_object *dev, void *arg)
{
	struct listing *l = arg;

	l->n++;
	if (l->js) {
		render_json_stream_item(l->js, dev);
		return;
	}
	if (l->records)
		print_record(dev, l->n == 1);
	else
		table_row(l->t, dev);
	json_object_put(dev);
}

/*
 * The devices, one by one (a large host is never held whole).  A filter
 * that matches nothing prints nothing (JSON: an empty list) and, for
 * people, says so on stderr; it is not an error.
 */
static int list(struct run *r, struct ctx *c, struct device_filter *f, bool filtered)
{
	struct listing l = { 0 };

	if (r->json)
		l.js = cmd_emit_stream(r, "devices", c->unavailable);
	else if (r->verbose)
		l.records = f->detail = true;
	else
		l.t = table_begin(device_cols, ARRAY_SIZE(device_cols));
	collect_devices_each(c, f, list_one, &l);
	if (l.js)
		render_json_stream_close(l.js);
	else if (l.records)
		;
	else if (l.n || !filtered)
		table_end(l.t, stdout);
	else
		table_free(l.t);
	if (!l.n && filtered && !r->json)
		fprintf(stderr, "amdiommuctl: no PCI function matches the filters\n");
	return cmd_finish(r, c, EXIT_OK);
}

/* A named function that does not exist is an error: one line, exit 1. */
static int check_named(struct run *r, struct ctx *c, const struct device_filter *f)
{
	char *missing = NULL;

	for (int i = 0; i < f->nbdfs; i++) {
		struct bdf b;
		char *iommu = NULL;

		bdf_parse(f->bdfs[i], &b);
		if (pci_function_iommu(c, &b, &iommu)) {
			char *m = xasprintf("%s%s%s", missing ? missing : "", missing ? ", " : "",
					    f->bdfs[i]);

			free(missing);
			missing = m;
		}
		free(iommu);
	}
	if (!missing)
		return 0;
	cmd_fail(r, EXIT_ERROR, -ENODEV, "%s: no such PCI device", missing);
	free(missing);
	return EXIT_ERROR;
}

static int run(struct run *r, int argc, char **argv)
{
	const struct devices_opts *o = r->opts;
	struct device_filter f = { .iommu = o->iommu, .driver = o->driver, .group = o->group };
	char **bdfs = xzalloc(((size_t)argc + 1) * sizeof(*bdfs));
	struct ctx c;
	int rc;

	for (int i = 0; i < argc; i++) {
		struct bdf b;

		if (bdf_parse(argv[i], &b)) {
			strv_free(bdfs, (size_t)i);
			return cmd_fail(r, EXIT_USAGE, -EINVAL,
					"'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", argv[i]);
		}
		bdfs[i] = xmalloc(BDF_STRLEN);
		bdf_format(&b, bdfs[i]);
	}
	f.bdfs = bdfs;
	f.nbdfs = argc;
	ctx_init(&c, r->h);
	if ((rc = check_named(r, &c, &f))) {
		ctx_fini(&c);
	} else {
		if (!ctx_amd_iommu_count(&c))
			fprintf(stderr, "amdiommuctl: no AMD IOMMU is active: devices are listed without IOMMU data\n");
		rc = list(r, &c, &f, argc || o->iommu || o->driver || o->group >= 0);
	}
	strv_free(bdfs, (size_t)argc);
	return rc;
}

const struct command cmd_show_devices = {
	.name = "show devices",
	.args = "[BDF...]",
	.summary = "each PCI function: driver, group, VFIO cdev, PASID/ATS/PRI, DTE summary",
	.opts = opts,
	.opts_default = &defaults,
	.opts_size = sizeof(defaults),
	.run = run,
	.record = collect_devices_read,
};
