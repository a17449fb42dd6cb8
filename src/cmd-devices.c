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

struct listing {
	struct json_stream *js;
	struct table *t;
	size_t n;
};

static void list_one(json_object *dev, void *arg)
{
	struct listing *l = arg;

	l->n++;
	if (l->js) {
		render_json_stream_item(l->js, dev);
	} else {
		table_row(l->t, dev);
		json_object_put(dev);
	}
}

/*
 * The devices, one by one (a large host is never held whole).  A filter
 * that matches nothing prints nothing (JSON: an empty list) and, for
 * people, says so on stderr; it is not an error.
 */
static int list(struct run *r, struct ctx *c, const struct device_filter *f, bool filtered)
{
	struct listing l = { 0 };

	if (r->json)
		l.js = cmd_emit_stream(r, "devices", c->unavailable);
	else
		l.t = table_begin(device_cols, ARRAY_SIZE(device_cols));
	collect_devices_each(c, f, list_one, &l);
	if (l.js)
		render_json_stream_close(l.js);
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
