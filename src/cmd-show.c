// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `status` and `show ...`: collect the model, then hand it to the JSON
 * renderer or to a table/record description.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "model.h"
#include "optval.h"
#include "render.h"
#include "util.h"

static const char *fmt_ids(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *vid = json_path(row, "vendor_id"), *did = json_path(row, "device_id");

	(void)v;
	if (!vid || !did)
		return "-";
	snprintf(buf, n, "%s:%s", json_object_get_string(vid) + 2,
		 json_object_get_string(did) + 2);
	return buf;
}

/* PASID/ATS/PRI cell: "-" unknown, "no", "yes" (present), "on" (enabled). */
static const char *fmt_cap(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row, (void)buf, (void)n;
	if (!v)
		return "?";
	if (!json_object_get_boolean(json_path(v, "supported")))
		return "no";
	return json_object_get_boolean(json_path(v, "enabled")) ? "on" : "yes";
}

static const char *fmt_flag(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row, (void)buf, (void)n;
	if (!v)
		return "-";
	return json_object_get_boolean(v) ? "1" : "0";
}

static const char *fmt_verdict(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *val = json_path(v, "value"), *detail = json_path(v, "detail");
	char tmp[64];

	(void)row;
	snprintf(buf, n, "%s%s%s", render_value(val, tmp, sizeof(tmp)),
		 detail ? "  (" : "", detail ? json_object_get_string(detail) : "");
	if (detail)
		strncat(buf, ")", n - strlen(buf) - 1);
	return buf;
}

static const char *fmt_pgtable(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *lv = json_path(v, "levels");

	(void)row;
	snprintf(buf, n, "%s%s%s%s  (source: %s; %s)",
		 render_value(json_path(v, "value"), (char[8]){0}, 8),
		 lv ? ", " : "", lv ? json_object_get_string(lv) : "", lv ? " levels" : "",
		 render_value(json_path(v, "source"), (char[8]){0}, 8),
		 render_value(json_path(v, "detail"), (char[8]){0}, 8));
	return buf;
}

static const char *fmt_debugfs(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	snprintf(buf, n, "mounted %s, AMD files %s, readable %s%s%s",
		 render_value(json_path(v, "mounted"), (char[8]){0}, 8),
		 render_value(json_path(v, "amd_files"), (char[8]){0}, 8),
		 render_value(json_path(v, "readable"), (char[8]){0}, 8),
		 json_path(v, "error") ? " " : "",
		 json_path(v, "error") ? json_object_get_string(json_path(v, "error")) : "");
	return buf;
}

int cmd_finish(struct run *r, struct ctx *c, int rc)
{
	size_t n = json_object_array_length(c->unavailable);

	if (!r->json)
		for (size_t i = 0; i < n; i++) {
			json_object *u = json_object_array_get_idx(c->unavailable, i);

			fprintf(stderr, "amdiommuctl: %s: %s: %s\n",
				json_object_get_string(json_path(u, "source")),
				json_object_get_string(json_path(u, "errno")),
				json_object_get_string(json_path(u, "hint")));
		}
	if (rc == EXIT_OK && n)
		rc = EXIT_PARTIAL;
	ctx_fini(c);
	return rc;
}

int cmd_list(struct run *r, struct ctx *c, const char *key, json_object *arr,
	     const struct column *cols, size_t ncols, const char *empty)
{
	if (r->json) {
		cmd_emit(r, key, arr, c->unavailable);
	} else {
		if (empty && !json_object_array_length(arr))
			printf("%s\n", empty);
		else
			render_table(stdout, arr, cols, ncols);
		json_object_put(arr);
	}
	return cmd_finish(r, c, EXIT_OK);
}

/* ---- status ------------------------------------------------------------ */

int cmd_status(struct run *r, int argc, char **argv)
{
	struct ctx c;
	json_object *st;
	int rc;
	static const struct column fields[] = {
		{ "AMD IOMMU", "amd_iommu" },
		{ "IOMMUs", "iommu_count" },
		{ "kernel", "kernel" },
		{ "IVRS table", "ivrs" },
		{ "default domain", "default_domain_type" },
		{ "  from", "default_domain_type_source" },
		{ "strict", "strict" },
		{ "default pgtable", "default_pgtable", fmt_pgtable },
		{ "intr remapping", "interrupt_remapping", fmt_verdict },
		{ "debugfs", "debugfs", fmt_debugfs },
		{ "lockdown", "lockdown" },
		{ "/dev/iommu", "iommufd" },
		{ "VFIO cdev", "vfio_cdev", fmt_verdict },
	};

	(void)argv;
	if (argc)
		return cmd_fail(r, EXIT_USAGE, 0, "status takes no arguments");
	ctx_init(&c, r->h);
	st = collect_status(&c);
	rc = json_object_get_boolean(json_path(st, "amd_iommu")) ? EXIT_OK : EXIT_UNSUPPORTED;
	if (r->json) {
		json_object *o = json_object_new_object(), *it;

		json_object_object_add(o, "schema_version", json_object_new_int(SCHEMA_VERSION));
		json_object_object_foreach(st, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_object_add(o, "unavailable", json_object_get(c.unavailable));
		render_json(stdout, o, r->pretty);
		json_object_put(o);
		(void)it;
	} else {
		json_object *reasons = json_path(st, "reasons");

		render_record(stdout, st, fields, ARRAY_SIZE(fields), "");
		for (size_t i = 0; reasons && i < json_object_array_length(reasons); i++) {
			json_object *e = json_object_array_get_idx(reasons, i);
			json_object *a = json_path(e, "action");

			printf("%s %s: %s%s%s\n", i ? "      " : "notes:",
			       json_object_get_string(json_path(e, "topic")),
			       json_object_get_string(json_path(e, "reason")),
			       a ? "; " : "", a ? json_object_get_string(a) : "");
		}
	}
	json_object_put(st);
	return cmd_finish(r, &c, rc);
}

/* ---- show iommus ------------------------------------------------------- */

static const char *fmt_why(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	if (!v)
		return "-";
	if (json_object_get_boolean(v))
		return "yes";
	snprintf(buf, n, "no");
	return buf;
}

static const char *fmt_levels(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *h = json_path(row, "host_levels"), *g = json_path(row, "guest_levels");

	(void)v;
	snprintf(buf, n, "host %s (HATS %s), guest %s (GATS %s), GLXSup %s",
		 h ? json_object_get_string(h) : "none",
		 render_value(json_path(row, "hats"), (char[8]){0}, 8),
		 g ? json_object_get_string(g) : "reserved",
		 render_value(json_path(row, "gats"), (char[8]){0}, 8),
		 render_value(json_path(row, "glx_sup"), (char[8]){0}, 8));
	return buf;
}

static const char *fmt_cmdbuf(json_object *row, json_object *v, char *buf, size_t n)
{
	json_object *h = json_path(row, "debugfs.cmdbuf_head"), *t = json_path(row, "debugfs.cmdbuf_tail");

	(void)v;
	if (!h || !t)
		return "-";
	snprintf(buf, n, "head %s tail %s", json_object_get_string(h), json_object_get_string(t));
	return buf;
}

static const char *fmt_control(json_object *row, json_object *v, char *buf, size_t n)
{
	char bits[2048];

	if (!v)
		return "-";
	snprintf(buf, n, "%s  %s", json_object_get_string(v),
		 render_value(json_path(row, "debugfs.control_bits"), bits, sizeof(bits)));
	return buf;
}

static const char *fmt_capability(json_object *row, json_object *v, char *buf, size_t n,
				  const char *key)
{
	char path[64];
	json_object *why;

	if (!v)
		return "-";
	if (json_object_get_boolean(v))
		return "yes";
	snprintf(path, sizeof(path), "capabilities.missing.%s", key);
	why = json_path(row, path);
	snprintf(buf, n, "no: %s", why ? json_object_get_string(why) : "?");
	return buf;
}

#define CAPFMT(k)                                                                \
	static const char *fmt_cap_##k(json_object *row, json_object *v, char *b, \
				       size_t n)                                 \
	{                                                                        \
		return fmt_capability(row, v, b, n, #k);                         \
	}
CAPFMT(v2)
CAPFMT(pasid)
CAPFMT(dirty_tracking)
CAPFMT(nest_parent)

int cmd_show_iommus(struct run *r, int argc, char **argv)
{
	struct ctx c;
	json_object *arr;
	int rc = EXIT_OK;
	static const struct column fields[] = {
		{ "PCI function", "bdf" },
		{ "segment", "segment" },
		{ "cap", "cap.raw" },
		{ "  EFRSup", "cap.efr_sup" },
		{ "  IotlbSup", "cap.iotlb_sup" },
		{ "EFR", "efr" },
		{ "EFR2", "efr2" },
		{ "features", "features" },
		{ "levels", "hats", fmt_levels },
		{ "max PASIDs", "max_pasids" },
		{ "V2 table", "capabilities.v2", fmt_cap_v2 },
		{ "PASID", "capabilities.pasid", fmt_cap_pasid },
		{ "dirty tracking", "capabilities.dirty_tracking", fmt_cap_dirty_tracking },
		{ "nest parent", "capabilities.nest_parent", fmt_cap_nest_parent },
		{ "MMIO EFR", "debugfs.mmio_efr" },
		{ "control", "debugfs.control", fmt_control },
		{ "cmdbuf", "debugfs", fmt_cmdbuf },
	};

	(void)argv;
	(void)fmt_why;
	if (argc)
		return cmd_fail(r, EXIT_USAGE, 0, "show iommus takes no arguments");
	ctx_init(&c, r->h);
	arr = collect_iommus(&c);
	if (!json_object_array_length(arr)) {
		fprintf(stderr, "amdiommuctl: no AMD IOMMU is active (no ivhd device in /sys/class/iommu)\n");
		rc = EXIT_UNSUPPORTED;
	}
	if (r->json) {
		cmd_emit(r, "iommus", arr, c.unavailable);
	} else {
		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *o = json_object_array_get_idx(arr, i);

			printf("%s%s (index %s)\n", i ? "\n" : "",
			       json_object_get_string(json_path(o, "name")),
			       json_object_get_string(json_path(o, "index")));
			render_record(stdout, o, fields, ARRAY_SIZE(fields), "  ");
		}
		json_object_put(arr);
	}
	return cmd_finish(r, &c, rc);
}

/* ---- show devices ------------------------------------------------------ */

static const struct column device_cols[] = {
	{ "BDF", "bdf" },
	{ "ID", NULL, fmt_ids },
	{ "NAME", "name", NULL, 32 },
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
	{ "PPR", "dte.ppr", fmt_flag },
	{ "IOTLB", "dte.iotlb", fmt_flag },
};

static void stream_device(json_object *dev, void *js)
{
	render_json_stream_item(js, dev);
}

int cmd_show_devices(struct run *r, int argc, char **argv)
{
	struct ctx c;
	struct device_filter f = { .group = -1 };
	json_object *arr;
	char **bdfs = NULL;
	int rc = EXIT_OK;

	if (r->has[1] && optval_group(r->opt[1], &f.group))
		return cmd_fail(r, EXIT_USAGE, 0, "--group %s: not a group number", r->opt[1]);
	f.iommu = r->opt[0];
	f.driver = r->opt[2];
	bdfs = xzalloc(((size_t)argc + 1) * sizeof(*bdfs));
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
	if (!ctx_amd_iommu_count(&c))
		fprintf(stderr, "amdiommuctl: no AMD IOMMU is active: devices are listed without IOMMU data\n");
	if (r->json && !argc) {
		/* the whole host: written device by device, never held whole */
		struct json_stream *js = cmd_emit_stream(r, "devices", c.unavailable);

		collect_devices_each(&c, &f, stream_device, js);
		render_json_stream_close(js);
		strv_free(bdfs, (size_t)argc);
		return cmd_finish(r, &c, rc);
	}
	arr = collect_devices(&c, &f);
	for (int i = 0; i < argc; i++) {
		bool found = false;

		for (size_t k = 0; k < json_object_array_length(arr); k++)
			found |= !strcmp(json_object_get_string(json_path(json_object_array_get_idx(arr, k), "bdf")), bdfs[i]);
		if (!found) {
			fprintf(stderr, "amdiommuctl: %s: no such PCI device\n", bdfs[i]);
			ctx_unavailable(&c, bdfs[i], ENODEV, "no such PCI device");
		}
	}
	if (r->json) {
		cmd_emit(r, "devices", arr, c.unavailable);
	} else {
		render_table(stdout, arr, device_cols, ARRAY_SIZE(device_cols));
		json_object_put(arr);
	}
	strv_free(bdfs, (size_t)argc);
	return cmd_finish(r, &c, rc);
}

/* ---- show dte ---------------------------------------------------------- */

static const struct column dte_fields[] = {
	{ "class", "dte.class" },
	{ "explanation", "dte.explanation" },
	{ "raw", "dte.raw" },
	{ "IOMMU index", "dte.iommu" },
	{ "qword 0", NULL },
	{ "  V", "dte.v", fmt_flag },
	{ "  TV", "dte.tv", fmt_flag },
	{ "  HAD", "dte.had" },
	{ "  Mode", "dte.mode" },
	{ "  host PT root", "dte.host_pt_root" },
	{ "  PPR", "dte.ppr", fmt_flag },
	{ "  GPRP", "dte.gprp", fmt_flag },
	{ "  GIoV", "dte.giov", fmt_flag },
	{ "  GV", "dte.gv", fmt_flag },
	{ "  GLX", "dte.glx" },
	{ "  IR", "dte.ir", fmt_flag },
	{ "  IW", "dte.iw", fmt_flag },
	{ "qword 1", NULL },
	{ "  DomainID", "dte.domain_id" },
	{ "  GCR3 root", "dte.gcr3_root" },
	{ "  I (IOTLB)", "dte.iotlb", fmt_flag },
	{ "  SE", "dte.se", fmt_flag },
	{ "  SA", "dte.sa", fmt_flag },
	{ "  IoCtl", "dte.ioctl" },
	{ "  Cache", "dte.cache", fmt_flag },
	{ "  SD", "dte.sd", fmt_flag },
	{ "  EX", "dte.ex", fmt_flag },
	{ "  SysMgt", "dte.sysmgt" },
	{ "qword 2", NULL },
	{ "  IV", "dte.iv", fmt_flag },
	{ "  IntTabLen", "dte.int_tab_len" },
	{ "  IG", "dte.ig", fmt_flag },
	{ "  IRT root", "dte.irt_root" },
	{ "  guest paging", "dte.guest_paging_mode" },
	{ "  InitPass", "dte.init_pass", fmt_flag },
	{ "  EIntPass", "dte.eint_pass", fmt_flag },
	{ "  NMIPass", "dte.nmi_pass", fmt_flag },
	{ "  IntCtl", "dte.int_ctl" },
	{ "  Lint0Pass", "dte.lint0_pass", fmt_flag },
	{ "  Lint1Pass", "dte.lint1_pass", fmt_flag },
	{ "levels", "dte.levels" },
};

int cmd_show_dte(struct run *r, int argc, char **argv)
{
	struct ctx c;
	struct bdf b;
	json_object *o;
	int err, rc;
	char name[BDF_STRLEN];

	if (argc != 1)
		return cmd_fail(r, EXIT_USAGE, 0, "show dte needs exactly one PCI address (SSSS:BB:DD.F)");
	if (bdf_parse(argv[0], &b))
		return cmd_fail(r, EXIT_USAGE, -EINVAL, "'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", argv[0]);
	bdf_format(&b, name);
	ctx_init(&c, r->h);
	o = collect_dte(&c, &b, &err);
	if (!o) {
		rc = cmd_fail(r, cmd_source_exit(err), err,
			      "%s: reading the device table entry failed: %s: %s", name,
			      errno_name(err), dte_error_hint(err));
		json_object_array_del_idx(c.unavailable, 0, json_object_array_length(c.unavailable));
		return cmd_finish(r, &c, rc);
	}
	if (r->json) {
		cmd_emit_for(r, name, "dte", json_object_get(json_path(o, "dte")), c.unavailable);
	} else {
		printf("%s\n", name);
		render_record(stdout, o, dte_fields, ARRAY_SIZE(dte_fields), "  ");
	}
	json_object_put(o);
	return cmd_finish(r, &c, EXIT_OK);
}

/* ---- show groups / domains --------------------------------------------- */

int cmd_show_groups(struct run *r, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "GROUP", "group" },
		{ "TYPE", "type" },
		{ "DEVICES", "devices" },
		{ "REMARK", "remark" },
	};
	struct ctx c;
	json_object *arr;

	(void)argv;
	if (argc)
		return cmd_fail(r, EXIT_USAGE, 0, "show groups takes no arguments");
	ctx_init(&c, r->h);
	arr = collect_groups(&c);
	return cmd_list(r, &c, "groups", arr, cols, ARRAY_SIZE(cols), NULL);
}

int cmd_show_domains(struct run *r, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "IOMMU", "iommu" },
		{ "DOMID", "domain_id" },
		{ "CLASS", "class" },
		{ "DEVICES", "devices" },
		{ "REMARK", "remark" },
	};
	struct ctx c;
	json_object *arr;

	(void)argv;
	if (argc)
		return cmd_fail(r, EXIT_USAGE, 0, "show domains takes no arguments");
	ctx_init(&c, r->h);
	arr = collect_domains(&c);
	return cmd_list(r, &c, "domains", arr, cols, ARRAY_SIZE(cols), NULL);
}
