// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl alloc: allocate and attach an iommufd test domain and read
 * back the DTE the driver chose; --matrix compares every flag set with
 * the driver's rules (policy.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "iommufd.h"
#include "json.h"
#include "model.h"
#include "optval.h"
#include "policy.h"
#include "render.h"
#include "scenario.h"
#include "signals.h"
#include "uapi/iommufd.h"
#include "util.h"
#include "vfio-bind.h"

struct alloc_opts {
	const char *device;
	bool pasid, dirty, nest, bind, yes, dry_run, matrix;
	uint32_t flags;
	uint64_t map;
	int hold;
};

static int parse_flags(const char *s, void *v)
{
	return optval_u32(s, v);
}

static int parse_map(const char *s, void *v)
{
	return optval_size(s, v);
}

static int parse_hold(const char *s, void *v)
{
	return optval_hold(s, v);
}

static const struct alloc_opts defaults = { .hold = -1 };

#define T struct alloc_opts
static const struct cmd_opt opts[] = {
	CMD_OPT_STRING("device", 'd', "BDF", T, device, "the PCI device to test (bound to vfio-pci, or see --bind-vfio)"),
	CMD_OPT_FLAG("pasid", 0, T, pasid, "allocate with IOMMU_HWPT_ALLOC_PASID"),
	CMD_OPT_FLAG("dirty-tracking", 0, T, dirty, "allocate with IOMMU_HWPT_ALLOC_DIRTY_TRACKING, then enable it"),
	CMD_OPT_FLAG("nest-parent", 0, T, nest, "allocate with IOMMU_HWPT_ALLOC_NEST_PARENT"),
	CMD_OPT_VALUE("flags", 0, "N", T, flags, parse_flags, "a number (decimal or 0x hex)",
		      "raw IOMMU_HWPT_ALLOC flag bits, added to the above"),
	CMD_OPT_VALUE("map", 0, "SIZE", T, map, parse_map, "a size (bytes, or with K, M, G; at most 1T)",
		      "map a test buffer of SIZE bytes (K, M, G suffixes)"),
	CMD_OPT_OPTIONAL("hold", 0, "SECONDS", T, hold, parse_hold, "a number of seconds",
			 "keep everything attached until SIGINT/SIGTERM or the timeout"),
	CMD_OPT_FLAG("bind-vfio", 0, T, bind, "bind the device to vfio-pci for the run and restore its driver after"),
	CMD_OPT_FLAG("yes", 'y', T, yes, "with --bind-vfio: allow unbinding a device that has a driver"),
	CMD_OPT_FLAG("dry-run", 'n', T, dry_run, "with --bind-vfio: print the steps, change nothing"),
	CMD_OPT_FLAG("matrix", 0, T, matrix, "run every flag set and compare with the driver's rules"),
	CMD_OPT_END
};
#undef T

static const uint32_t matrix_sets[] = {
	0,
	IOMMU_HWPT_ALLOC_PASID,
	IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
	IOMMU_HWPT_ALLOC_NEST_PARENT,
	IOMMU_HWPT_ALLOC_PASID | IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
	IOMMU_HWPT_ALLOC_NEST_PARENT | IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
};

/* ---- rendering --------------------------------------------------------- */

static const char *fmt_ok(json_object *row, json_object *v, char *buf, size_t len)
{
	(void)row, (void)buf, (void)len;
	return v ? json_object_get_string(v) : "ok";
}

static const char *fmt_result(json_object *row, json_object *v, char *buf, size_t len)
{
	json_object *e = json_path(row, "errno"), *p = json_path(row, "class");

	(void)v;
	snprintf(buf, len, "%s", e ? json_object_get_string(e) :
		 p ? json_object_get_string(p) : "ok (DTE unread)");
	return buf;
}

static const char *fmt_expected(json_object *row, json_object *v, char *buf, size_t len)
{
	json_object *e = json_path(row, "expected.errno"), *p = json_path(row, "expected.pgtable");

	(void)v;
	if (!json_path(row, "expected"))
		return "-";
	snprintf(buf, len, "%s", e ? json_object_get_string(e) :
		 p ? json_object_get_string(p) : "-");
	return buf;
}

static const char *fmt_verdict(json_object *row, json_object *v, char *buf, size_t len)
{
	(void)row, (void)buf, (void)len;
	if (!v)
		return "unknown";
	return json_object_get_boolean(v) ? "as expected" : "differs";
}

static const char *fmt_flags(json_object *row, json_object *v, char *buf, size_t len)
{
	json_object *n = json_path(row, "flags_value");

	(void)v;
	snprintf(buf, len, "%s", hwpt_flags_str(n ? (uint32_t)json_object_get_int(n) : 0));
	return buf;
}

static void render_single(json_object *o)
{
	static const struct column fields[] = {
		{ "device", "device", NULL, 0 },
		{ "flags", "flags_value", fmt_flags, 0 },
		{ "vfio cdev", "cdev", NULL, 0 },
		{ "hwpt id", "hwpt_id", NULL, 0 },
		{ "DTE after attach", "class", NULL, 0 },
		{ "expected", "expected", fmt_expected, 0 },
		{ "DTE before attach", "dte_before.class", NULL, 0 },
		{ "DTE class", "dte.class", NULL, 0 },
		{ "  levels", "dte.levels", NULL, 0 },
		{ "  DomainID", "dte.domain_id", NULL, 0 },
		{ "  GCR3 root", "dte.gcr3_root", NULL, 0 },
		{ "  GLX", "dte.glx", NULL, 0 },
		{ "  HAD", "dte.had", NULL, 0 },
		{ "  raw", "dte.raw", NULL, 0 },
		{ "hw info type", "hw_info.type", NULL, 0 },
		{ "  capabilities", "hw_info.capabilities", NULL, 0 },
		{ "  max_pasid_log2", "hw_info.max_pasid_log2", NULL, 0 },
		{ "  EFR", "hw_info.efr", NULL, 0 },
		{ "  EFR2", "hw_info.efr2", NULL, 0 },
		{ "map IOVA", "map.iova", NULL, 0 },
		{ "map length", "map.length", NULL, 0 },
		{ "dirty tracking", "dirty.enabled", NULL, 0 },
		{ "dirty pages", "dirty.dirty_pages", NULL, 0 },
		{ "hold released by", "hold.released_by", NULL, 0 },
	};
	static const struct column steps[] = {
		{ "STEP", "name", NULL, 0 },
		{ "RESULT", "errno", fmt_ok, 0 },
		{ "EXPLANATION", "explanation", NULL, 0 },
	};
	json_object *b = json_path(o, "bind_vfio.actions");

	render_record(stdout, o, fields, ARRAY_SIZE(fields), "");
	printf("\n");
	render_table(stdout, json_path(o, "steps"), steps, ARRAY_SIZE(steps));
	if (b && json_object_array_length(b)) {
		static const struct column acts[] = {
			{ "BIND-VFIO ACTION", "action", NULL, 0 },
			{ "RESULT", "errno", fmt_ok, 0 },
		};
		printf("\n");
		render_table(stdout, b, acts, ARRAY_SIZE(acts));
	}
}

static void render_matrix(json_object *o)
{
	static const struct column cols[] = {
		{ "FLAGS", "flags_value", fmt_flags, 0 },
		{ "RESULT", "errno", fmt_result, 0 },
		{ "EXPECTED", "expected", fmt_expected, 0 },
		{ "VERDICT", "as_expected", fmt_verdict, 0 },
		{ "HWPT", "hwpt_id", NULL, 0 },
		{ "DOMAINID", "dte.domain_id", NULL, 0 },
		{ "HAD", "dte.had", NULL, 0 },
		{ "EXPLANATION", "explanation", NULL, 0 },
	};
	static const struct column head[] = {
		{ "device", "device", NULL, 0 },
		{ "kernel", "prediction_inputs.kernel", NULL, 0 },
		{ "EFR", "prediction_inputs.efr", NULL, 0 },
		{ "EFR2", "prediction_inputs.efr2", NULL, 0 },
		{ "EFR from", "prediction_inputs.efr_source", NULL, 0 },
		{ "IOMMU EFR (HDSup)", "prediction_inputs.iommu_efr", NULL, 0 },
		{ "HATDis", "prediction_inputs.hatdis", NULL, 0 },
		{ "la57", "prediction_inputs.la57", NULL, 0 },
		{ "SNP", "prediction_inputs.snp", NULL, 0 },
		{ "amd_iommu=pgtbl_v2", "prediction_inputs.pgtbl_v2", NULL, 0 },
	};

	render_record(stdout, o, head, ARRAY_SIZE(head), "");
	printf("\n");
	render_table(stdout, json_path(o, "rows"), cols, ARRAY_SIZE(cols));
}

/* Every alloc document ends with `unavailable`, like the others. */
static void emit(struct run *r, const struct scenario_env *e, json_object *o)
{
	json_add(o, "unavailable", json_object_get(e->c->unavailable));
	render_json(stdout, o, r->pretty);
}

/* ---- prediction ---------------------------------------------------------- */

static json_object *expected_json(const struct policy_out *p)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "errno", p->err ? json_object_new_string(errno_name(p->err)) : NULL);
	json_object_object_add(o, "pgtable", json_str_or_null(policy_pgtable_name(p->pgtable)));
	json_object_object_add(o, "rule", json_object_new_string(p->rule));
	json_object_object_add(o, "explanation", p->why[0] ? json_object_new_string(p->why) : NULL);
	return o;
}

/* Observed vs predicted; a DTE that could not be read only checks the errno. */
static bool matches(const struct scenario_result *res, const struct policy_out *p)
{
	if (res->err != p->err)
		return false;
	if (res->err || !res->pgtable)
		return true;
	return !strcmp(res->pgtable, policy_pgtable_name(p->pgtable) ? policy_pgtable_name(p->pgtable) : "");
}

static json_object *prediction_inputs(const struct scenario_env *e)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "kernel", json_str_or_null(e->c->facts.kernel_release));
	scenario_env_efr_json(e, o);
	json_object_object_add(o, "la57", json_object_new_boolean(e->x.la57));
	json_object_object_add(o, "snp", json_object_new_boolean(e->x.snp));
	json_object_object_add(o, "pgtbl_v2", json_object_new_boolean(e->x.pgtbl_v2));
	return o;
}

/* ---- the command --------------------------------------------------------- */

/* Restore the driver now (normal unwinding), and report it in @o. */
static int finish_bind(json_object *o, struct vfio_bind *b)
{
	int err;

	if (!b)
		return 0;
	err = vfio_bind_restore(b);
	if (o)
		json_object_object_add(o, "bind_vfio", vfio_bind_json(b));
	if (err)
		fprintf(stderr, "amdiommuctl: --bind-vfio: restoring %s failed (%s): check "
			"%s/driver and driver_override by hand\n", b->bdf, errno_name(err), b->sys);
	return err;
}

static bool environment_failure(const struct scenario_result *res)
{
	const char *s = res->failed_step;

	return s && (!strcmp(s, "open_cdev") || !strcmp(s, "open_iommufd") ||
		     !strcmp(s, "bind"));
}

static const char *step_explanation(json_object *rep, const char *name)
{
	json_object *steps = json_path(rep, "steps");

	for (size_t i = 0; steps && i < json_object_array_length(steps); i++) {
		json_object *st = json_object_array_get_idx(steps, i), *n = json_path(st, "name");

		if (n && !strcmp(json_object_get_string(n), name)) {
			json_object *x = json_path(st, "explanation");

			return x ? json_object_get_string(x) : NULL;
		}
	}
	return NULL;
}

static int run_single(struct run *r, struct scenario_env *e,
		      const struct scenario_opts *so, struct vfio_bind *bind)
{
	struct scenario_result res;
	json_object *o = json_object_new_object();
	struct policy_in in;
	struct policy_out p;
	int code = EXIT_OK;

	scenario_run(e, so, &res);
	json_object_object_add(o, "schema_version", json_object_new_int(SCHEMA_VERSION));
	json_object_object_foreach(res.report, k, v)
		json_object_object_add(o, k, json_object_get(v));
	json_object_put(res.report);
	if (e->x.have_efr) {
		scenario_env_policy(e, &in);
		policy_predict(&in, so->flags, &p);
		json_object_object_add(o, "expected", expected_json(&p));
	} else {
		json_object_object_add(o, "expected", NULL);
	}
	if (!bind)
		json_object_object_add(o, "bind_vfio", NULL);
	else if (finish_bind(o, bind))
		res.cleanup_err = res.cleanup_err ? res.cleanup_err : -EIO;

	if (res.signal) {
		code = EXIT_ERROR;
	} else if (res.err) {
		code = iommufd_exit_code(res.failed_step, res.err);
	} else if (res.cleanup_err) {
		code = EXIT_ERROR;
	} else if (!res.pgtable) {
		code = EXIT_PARTIAL; /* everything worked, but the DTE was unreadable */
	}
	if (r->json)
		emit(r, e, o);
	else
		render_single(o);
	if (res.signal)
		fprintf(stderr, "amdiommuctl: interrupted by %s; everything was detached and destroyed\n",
			json_object_get_string(json_path(o, "interrupted_by")));
	else if (res.err)
		fprintf(stderr, "amdiommuctl: %s: %s\n", res.failed_step,
			step_explanation(o, res.failed_step) ?: errno_name(res.err));
	else if (!res.pgtable)
		fprintf(stderr, "amdiommuctl: read_dte: %s\n",
			step_explanation(o, "read_dte") ?: "the DTE could not be read");
	json_object_put(o);
	return code;
}

/* An environment failure (no cdev, bind refused) or a signal ended the
 * matrix before its rows: report that, not rows. */
static int matrix_aborted(struct run *r, struct scenario_result *f, struct vfio_bind *bind)
{
	const char *x = f->signal ? NULL : step_explanation(f->report, f->failed_step);

	finish_bind(NULL, bind);
	if (f->signal)
		return cmd_fail(r, EXIT_ERROR, -EINTR, "interrupted by %s; everything was cleaned up",
				signal_name(f->signal));
	return cmd_fail(r, iommufd_exit_code(f->failed_step, f->err), f->err,
			"%s: %s", f->failed_step, x ? x : errno_name(f->err));
}

/* One row: what happened, what the rules predict, whether they agree. */
static json_object *matrix_row(const struct scenario_env *e, uint32_t flags,
			       const struct scenario_result *res, int *agrees)
{
	json_object *row = json_object_new_object(), *rep = res->report;

	json_add(row, "flags", json_object_get(json_path(rep, "flags")));
	json_add(row, "flags_value", json_new_int(flags));
	json_add(row, "errno", res->err ? json_object_new_string(errno_name(res->err)) : NULL);
	json_add(row, "step", json_str_or_null(res->failed_step));
	json_add(row, "class", json_str_or_null(res->pgtable));
	json_add(row, "hwpt_id", json_object_get(json_path(rep, "hwpt_id")));
	json_add(row, "dte", json_object_get(json_path(rep, "dte")));
	json_add(row, "dirty", json_object_get(json_path(rep, "dirty")));
	*agrees = -1;
	if (e->x.have_efr) {
		struct policy_in in;
		struct policy_out p;

		scenario_env_policy(e, &in);
		policy_predict(&in, flags, &p);
		*agrees = matches(res, &p);
		json_add(row, "expected", expected_json(&p));
		json_add(row, "as_expected", json_new_bool(*agrees));
	} else {
		json_add(row, "expected", NULL);
		json_add(row, "as_expected", NULL);
	}
	json_add(row, "explanation",
		 res->err ? json_str_or_null(step_explanation(rep, res->failed_step)) : NULL);
	json_add(row, "steps", json_object_get(json_path(rep, "steps")));
	return row;
}

static int run_matrix(struct run *r, struct scenario_env *e,
		      const struct scenario_opts *base, struct vfio_bind *bind)
{
	json_object *o, *rows, *hw = NULL;
	struct scenario_result res[ARRAY_SIZE(matrix_sets)];
	bool differs = false, unknown = false;
	size_t n = 0;

	memset(res, 0, sizeof(res));
	for (size_t i = 0; i < ARRAY_SIZE(matrix_sets); i++) {
		struct scenario_opts so = *base;

		so.flags = matrix_sets[i];
		so.hold = -1;
		scenario_run(e, &so, &res[n++]);
		if (res[i].signal || environment_failure(&res[i])) {
			int rc = matrix_aborted(r, &res[i], bind);

			for (size_t k = 0; k < n; k++)
				json_object_put(res[k].report);
			return rc;
		}
	}
	o = json_object_new_object();
	rows = json_object_new_array();
	json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
	json_add(o, "device", json_object_new_string(e->bdf));
	json_add(o, "prediction_inputs", prediction_inputs(e));
	for (size_t i = 0; i < n && !hw; i++)
		hw = json_path(res[i].report, "hw_info");
	json_add(o, "hw_info", json_object_get(hw));
	for (size_t i = 0; i < n; i++) {
		int agrees;

		json_object_array_add(rows, matrix_row(e, matrix_sets[i], &res[i], &agrees));
		differs |= agrees == 0;
		unknown |= agrees < 0;
		json_object_put(res[i].report);
	}
	json_add(o, "rows", rows);
	if (!bind)
		json_add(o, "bind_vfio", NULL);
	else if (finish_bind(o, bind))
		differs = true;
	if (r->json)
		emit(r, e, o);
	else
		render_matrix(o);
	json_object_put(o);
	if (differs) {
		fprintf(stderr, "amdiommuctl: at least one flag set differs from the driver's rules\n");
		return EXIT_ERROR;
	}
	if (unknown) {
		fprintf(stderr, "amdiommuctl: no EFR (neither IOMMU_GET_HW_INFO nor sysfs): "
			"nothing to compare with\n");
		return EXIT_PARTIAL;
	}
	return EXIT_OK;
}

/* --bind-vfio --dry-run: the plan, nothing changed. */
static int dry_run(struct run *r, const struct scenario_env *e, struct vfio_bind *b,
		   const char *refused)
{
	json_object *a = vfio_bind_dry_run(b);

	if (r->json) {
		json_object *o = json_object_new_object();

		json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
		json_add(o, "device", json_object_new_string(e->bdf));
		json_add(o, "dry_run", json_new_bool(true));
		json_add(o, "original_driver", json_str_or_null(b->orig_driver));
		json_add(o, "original_override", json_str_or_null(b->orig_override));
		json_add(o, "actions", a);
		json_add(o, "refused", json_str_or_null(refused));
		emit(r, e, o);
		json_object_put(o);
	} else {
		printf("dry run: nothing is changed; --bind-vfio would:\n");
		for (size_t i = 0; i < json_object_array_length(a); i++)
			printf("  %s\n", json_object_get_string(json_object_array_get_idx(a, i)));
		if (refused)
			printf("but it refuses now: %s\n", refused);
		json_object_put(a);
	}
	return EXIT_OK;
}

/* The option combinations alloc refuses, before anything is read, and
 * the sources: a real run needs the live kernel; --bind-vfio --dry-run
 * only reads, so it may read a --root tree (never a snapshot: alloc is
 * not recorded in one). */
static int check_opts(struct run *r, int argc, char **argv)
{
	const struct alloc_opts *o = r->opts;
	struct bdf b;

	(void)argv;
	if (argc > 0)
		return cmd_fail(r, EXIT_USAGE, 0, "alloc takes no positional arguments: use --device BDF");
	if (!o->device)
		return cmd_fail(r, EXIT_USAGE, 0, "alloc needs --device BDF");
	if (o->matrix && (o->pasid || o->dirty || o->nest || o->flags || o->hold != -1))
		return cmd_fail(r, EXIT_USAGE, 0, "--matrix runs its own flag sets: drop --pasid/--dirty-tracking/--nest-parent/--flags/--hold");
	if ((o->yes || o->dry_run) && !o->bind)
		return cmd_fail(r, EXIT_USAGE, 0, "--yes and --dry-run go with --bind-vfio");
	if (bdf_parse(o->device, &b))
		return cmd_fail(r, EXIT_USAGE, -EINVAL, "'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F",
				o->device);
	if (r->snapshot)
		return cmd_fail(r, EXIT_USAGE, 0, "alloc needs a live kernel (a snapshot holds no alloc "
				"data): drop --snapshot");
	if (r->root && !o->dry_run)
		return cmd_fail(r, EXIT_USAGE, 0, "alloc allocates on the running kernel: drop --root "
				"(under --root only --bind-vfio --dry-run runs: it reads the tree, changes nothing)");
	r->offline_ok = r->root != NULL;
	return 0;
}

/* Bind (if asked), run the scenario or the matrix, restore. */
static int run_bound(struct run *r, struct scenario_env *e, const struct scenario_opts *so,
		     const struct alloc_opts *o, struct vfio_bind *b)
{
	char *msg = NULL;
	int rc, err;

	signals_install();
	if (b) {
		err = vfio_bind_apply(b, &msg);
		if (err) {
			int rerr = vfio_bind_restore(b);

			rc = cmd_fail(r, EXIT_ERROR, err, "--bind-vfio: %s%s", msg,
				      rerr ? "; restoring the original driver failed too" : "; the original driver was restored");
			free(msg);
			signals_restore();
			return rc;
		}
		scenario_env_refresh(e);
	}
	free(msg);
	msg = NULL;
	rc = scenario_precheck(e, &msg);
	if (rc)
		rc = cmd_fail(r, rc, -ENOENT, "%s", msg);
	else
		rc = o->matrix ? run_matrix(r, e, so, b) : run_single(r, e, so, b);
	/* a no-op unless an early path skipped finish_bind() */
	if (b && vfio_bind_restore(b) && rc == EXIT_OK)
		rc = EXIT_ERROR;
	free(msg);
	signals_restore();
	return rc;
}

static int run(struct run *r, int argc, char **argv)
{
	const struct alloc_opts *o = r->opts;
	struct scenario_opts so = { .map_size = o->map, .hold = o->hold };
	struct scenario_env e;
	struct vfio_bind b;
	struct ctx c;
	char *msg = NULL;
	int rc;

	(void)argc, (void)argv; /* check_opts() checked them */
	so.flags = o->flags | (o->pasid ? IOMMU_HWPT_ALLOC_PASID : 0) |
		   (o->dirty ? IOMMU_HWPT_ALLOC_DIRTY_TRACKING : 0) |
		   (o->nest ? IOMMU_HWPT_ALLOC_NEST_PARENT : 0);
	ctx_init(&c, r->h);
	rc = scenario_env_init(&e, &c, o->device, &msg);
	if (rc) {
		rc = cmd_fail(r, rc, rc == EXIT_USAGE ? -EINVAL : rc == EXIT_UNSUPPORTED ? -ENOENT : -ENODEV,
			      "%s", msg);
		goto out;
	}
	if (o->bind) {
		rc = vfio_bind_plan(&b, r->h, &e, o->yes, &msg);
		if (o->dry_run && (!rc || rc == EXIT_USAGE))
			rc = dry_run(r, &e, &b, msg);
		else if (rc)
			rc = cmd_fail(r, rc, rc == EXIT_USAGE ? 0 : -EPERM, "%s", msg);
		else
			rc = run_bound(r, &e, &so, o, &b);
		vfio_bind_fini(&b);
	} else {
		rc = run_bound(r, &e, &so, o, NULL);
	}
	scenario_env_fini(&e);
out:
	free(msg);
	ctx_fini(&c);
	return rc;
}

const struct command cmd_alloc = {
	.name = "alloc",
	.args = "",
	.summary = "allocate and attach an iommufd test domain, read back the DTE the driver chose",
	.opts = opts,
	.opts_default = &defaults,
	.opts_size = sizeof(defaults),
	.flags = CMD_LIVE_ONLY,
	.run = run,
	.check = check_opts,
};
