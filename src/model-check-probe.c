// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `check --probe`: confirm the predictions live with the alloc scenario
 * (scenario.c): per purpose one IOMMU_HWPT_ALLOC with the purpose's flags
 * on the device's VFIO cdev, everything cleaned up after each run
 * (errors and signals too), and with --bind-vfio the device bound to
 * vfio-pci for the probe and its driver restored afterwards
 * (vfio-bind.c).  Each purpose shows predicted vs observed; a
 * disagreement is a FAIL check of its own.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "iommufd.h"
#include "json.h"
#include "model-check.h"
#include "scenario.h"
#include "signals.h"
#include "uapi/iommufd.h"
#include "util.h"
#include "vfio-bind.h"

static const struct {
	enum check_purpose purpose;
	uint32_t flags;
} probes[] = {
	{ CHECK_PASSTHROUGH, 0 },
	{ CHECK_PASID, IOMMU_HWPT_ALLOC_PASID },
	{ CHECK_DIRTY, IOMMU_HWPT_ALLOC_DIRTY_TRACKING },
	{ CHECK_NEST, IOMMU_HWPT_ALLOC_NEST_PARENT },
};

#define KF_ALLOC "iommufd_hwpt_alloc() drivers/iommu/iommufd/hw_pagetable.c"

static void skip(struct check_list *out, const char *action, const char *why)
{
	struct check *c = check_add(out, CHECK_HOST, "probe", CHECK_SKIP, KF_ALLOC, action, "%s", why);

	c->purpose = CHECK_IOMMUFD;
}

static json_object *outcome_json(int err, const char *pgtable, const char *step)
{
	json_object *o = json_object_new_object();

	json_add(o, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
	json_add(o, "pgtable", json_str_or_null(err ? NULL : pgtable));
	json_add(o, "step", json_str_or_null(step));
	return o;
}

static json_object *flags_json(uint32_t flags)
{
	const char *fn[32];
	size_t n = hwpt_flag_names(flags, fn, ARRAY_SIZE(fn));

	return json_strings(fn, n);
}

/* A failure before IOMMU_HWPT_ALLOC: the environment, not the rules. */
static bool before_alloc(const struct scenario_result *r)
{
	const char *s = r->failed_step;

	return s && (!strcmp(s, "open_cdev") || !strcmp(s, "open_iommufd") || !strcmp(s, "bind") ||
		     !strcmp(s, "ioas_alloc"));
}

/* One purpose: run, compare, report. */
static json_object *probe_one(struct scenario_env *e, const struct check_host_in *h,
			      const struct check_dev_in *d, enum check_purpose purpose, uint32_t flags,
			      struct check_list *out, struct scenario_result *res)
{
	struct scenario_opts so = { .flags = flags, .hold = -1 };
	struct check_prediction p;
	json_object *o = json_object_new_object();
	bool agrees;
	struct check *c;

	check_predict(h, d, flags, &p);
	scenario_run(e, &so, res);
	/* a DTE that could not be read only checks the errno */
	agrees = res->err == p.err &&
		 (res->err || !res->pgtable || !p.pgtable || !strcmp(res->pgtable, p.pgtable));
	json_add(o, "purpose", json_object_new_string(check_purpose_name(purpose)));
	json_add(o, "flags", flags_json(flags));
	json_add(o, "predicted", outcome_json(p.err, p.pgtable, NULL));
	json_add(o, "observed", outcome_json(res->err, res->pgtable, res->failed_step));
	json_add(o, "agrees", json_new_bool(agrees));
	if (agrees)
		c = check_add(out, purpose, "probe", CHECK_PASS, KF_ALLOC, NULL,
			      "IOMMU_HWPT_ALLOC with %s on the live device %s, as predicted",
			      hwpt_flags_str(flags),
			      res->err ? errno_name(res->err) : res->pgtable ? res->pgtable : "succeeded");
	else
		c = check_add(out, purpose, "probe", CHECK_FAIL, KF_ALLOC,
			      "report it: the kernel does not follow the rules amdiommuctl knows for this version",
			      "the live IOMMU_HWPT_ALLOC with %s disagrees with the prediction: predicted %s, observed %s%s%s",
			      hwpt_flags_str(flags),
			      p.err ? errno_name(p.err) : p.pgtable ? p.pgtable : "success",
			      res->err ? errno_name(res->err) : res->pgtable ? res->pgtable : "success",
			      res->failed_step ? " at " : "", res->failed_step ? res->failed_step : "");
	check_evidence(c, "IOMMU_HWPT_ALLOC", "flags %s: %s%s%s", hwpt_flags_str(flags),
		       res->err ? errno_name(res->err) : "ok", res->pgtable ? ", DTE " : "",
		       res->pgtable ? res->pgtable : "");
	return o;
}

/* iommufd: VFIO_DEVICE_BIND_IOMMUFD and IOMMU_GET_HW_INFO of the runs
 * above (@r: the first run that got the hw_info, or the last run). */
static json_object *probe_iommufd(const struct check_host_in *h, const struct check_dev_in *d,
				  const struct scenario_result *r, struct check_list *out)
{
	const char *kf = "amd_iommufd_hw_info() drivers/iommu/amd/iommufd.c";
	json_object *o = json_object_new_object(), *pred = json_object_new_object(),
		    *obs = json_object_new_object();
	enum kconfig_state s = h->kconfig ? kconfig_get(h->kconfig, "AMD_IOMMU_IOMMUFD", NULL) :
			       KCONFIG_UNSET;
	const char *want = !h->kconfig ? NULL : s == KCONFIG_YES ? "amd" : "none";
	const char *got = r->have_hw_info ? iommufd_hw_info_type_name(r->hw.type) : NULL;
	bool bind_failed = r->failed_step && !strcmp(r->failed_step, "bind");
	int bind_err = bind_failed ? r->err : 0, want_bind = check_predict_bind(h, d);
	bool agrees = bind_err == want_bind && (bind_err || !want || (got && !strcmp(want, got)));
	struct check *c;

	json_add(o, "purpose", json_object_new_string("iommufd"));
	json_add(o, "flags", json_object_new_array());
	json_add(pred, "bind_errno", want_bind ? json_object_new_string(errno_name(want_bind)) : NULL);
	json_add(pred, "hw_info_type", json_str_or_null(want));
	json_add(obs, "bind_errno", bind_err ? json_object_new_string(errno_name(bind_err)) : NULL);
	json_add(obs, "hw_info_type", json_str_or_null(got));
	json_add(obs, "efr", r->have_hw_info && r->hw.have_amd ? json_hex64(r->hw.efr) : NULL);
	json_add(obs, "efr2", r->have_hw_info && r->hw.have_amd ? json_hex64(r->hw.efr2) : NULL);
	json_add(o, "predicted", pred);
	json_add(o, "observed", obs);
	json_add(o, "agrees", json_new_bool(agrees));
	if (!agrees)
		c = check_add(out, CHECK_IOMMUFD, "probe", CHECK_FAIL, kf,
			      "report it: the kernel does not follow the rules amdiommuctl knows",
			      "the live VFIO_DEVICE_BIND_IOMMUFD and IOMMU_GET_HW_INFO disagree with the prediction: bind %s (predicted %s), hw_info type %s (predicted %s)",
			      bind_err ? errno_name(bind_err) : "ok", want_bind ? errno_name(want_bind) : "ok",
			      got ? got : "unread", want ? want : "unknown");
	else if (bind_err)
		c = check_add(out, CHECK_IOMMUFD, "probe", CHECK_PASS, kf, NULL,
			      "VFIO_DEVICE_BIND_IOMMUFD failed with %s, as predicted", errno_name(bind_err));
	else
		c = check_add(out, CHECK_IOMMUFD, "probe", CHECK_PASS, kf, NULL,
			      "VFIO_DEVICE_BIND_IOMMUFD worked and IOMMU_GET_HW_INFO answered type %s%s",
			      got ? got : "(unread)", want ? ", as predicted" :
			      " (the kernel configuration that predicts it is unreadable)");
	if (r->have_hw_info && r->hw.have_amd)
		check_evidence(c, "IOMMU_GET_HW_INFO", "EFR 0x%016llx, EFR2 0x%016llx",
			       (unsigned long long)r->hw.efr, (unsigned long long)r->hw.efr2);
	return o;
}

/* Give the device its driver back and free @b. */
static void restore(struct vfio_bind *b, int *tool_err)
{
	int err = vfio_bind_restore(b);

	if (err) {
		fprintf(stderr, "amdiommuctl: --bind-vfio: restoring %s failed (%s): check %s/driver and driver_override by hand\n",
			b->bdf, errno_name(err), b->sys);
		*tool_err = EXIT_ERROR;
	}
	vfio_bind_fini(b);
}

/* Bind for the probe when asked; 0, or a SKIP check was added and
 * nothing is left bound. */
static int bind_for_probe(struct ctx *c, struct scenario_env *e, const struct check_opts *o,
			  struct vfio_bind *b, bool *bound, struct check_list *out, int *tool_err)
{
	char *msg = NULL;
	int rc;

	*bound = false;
	if (!o->bind_vfio)
		return 0;
	rc = vfio_bind_plan(b, c->h, e, o->yes, &msg);
	if (rc) {
		skip(out, rc == EXIT_USAGE ? "add --yes to let --bind-vfio unbind its driver for the probe" : NULL, msg);
		free(msg);
		vfio_bind_fini(b);
		return rc;
	}
	if (vfio_bind_apply(b, &msg)) {
		skip(out, NULL, msg);
		free(msg);
		restore(b, tool_err);
		return -1;
	}
	*bound = true;
	free(msg);
	scenario_env_refresh(e);
	return 0;
}

json_object *check_probe(struct ctx *c, const struct check_host_in *h,
			 const struct check_dev_in *d, const struct check_opts *o,
			 struct check_list *out, int *tool_err)
{
	struct scenario_result res, hw = { 0 };
	struct scenario_env e;
	struct vfio_bind b;
	json_object *arr = NULL;
	char *msg = NULL;
	bool bound = false, any = false;
	int rc;

	if (!d->iommu || !h->n_iommus) {
		skip(out, NULL, "no AMD IOMMU translates the device: nothing to probe");
		return NULL;
	}
	if (scenario_env_init(&e, c, d->bdf, &msg)) {
		skip(out, NULL, msg);
		free(msg);
		return NULL;
	}
	signals_install();
	if (bind_for_probe(c, &e, o, &b, &bound, out, tool_err))
		goto out;
	if ((rc = scenario_precheck(&e, &msg))) {
		skip(out, o->bind_vfio ? NULL : "bind the device to vfio-pci, or add --bind-vfio (and --yes for a device with a driver)",
		     msg);
		free(msg);
		goto out;
	}
	arr = json_object_new_array();
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		if (!(o->purposes & CHECK_FOR(probes[i].purpose)))
			continue;
		json_object_array_add(arr, probe_one(&e, h, d, probes[i].purpose, probes[i].flags, out, &res));
		json_object_put(res.report);
		res.report = NULL;
		if (res.have_hw_info && !hw.have_hw_info)
			hw = res;
		any = true;
		if (res.signal) {
			*tool_err = EXIT_ERROR;
			break;
		}
		if (before_alloc(&res))
			break; /* the environment failed: every other run would too */
	}
	if (!any && (o->purposes & CHECK_FOR(CHECK_IOMMUFD))) {
		/* iommufd alone: one run without flags for the bind and hw_info */
		struct scenario_opts so = { .hold = -1 };

		scenario_run(&e, &so, &res);
		json_object_put(res.report);
		hw = res;
		any = !res.signal;
		if (res.signal)
			*tool_err = EXIT_ERROR;
	}
	if (any && (o->purposes & CHECK_FOR(CHECK_IOMMUFD)))
		json_object_array_add(arr, probe_iommufd(h, d, hw.have_hw_info ? &hw : &res, out));
out:
	if (bound)
		restore(&b, tool_err);
	signals_restore();
	scenario_env_fini(&e);
	return arr;
}
