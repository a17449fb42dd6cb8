// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The alloc scenario: each step of include/uapi/linux/iommufd.h's and
 * vfio.h's cdev flow is one function that records itself in the report;
 * scenario_run() chains them and cleans up in reverse order on every
 * path (errors and signals).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "json.h"
#include "scenario.h"
#include "signals.h"
#include "uapi/iommufd.h"
#include "util.h"

struct run_state {
	struct scenario_env *e;
	const struct scenario_opts *o;
	struct scenario_result *res;
	json_object *rep, *steps, *dirty;
	int devfd, ifd;
	uint32_t dev_id, ioas_id, hwpt_id;
	bool have_ioas, have_hwpt, attached, mapped, dirty_on;
	void *buf;
	uint64_t map_len, iova;
};

/* Record a step; returns @err. */
static int step(struct run_state *s, const char *name, int err)
{
	json_object *st = json_object_new_object();

	json_add(st, "name", json_object_new_string(name));
	json_add(st, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
	if (err) {
		const char *x = iommufd_explain(name, s->o->flags, err, &s->e->x);

		json_add(st, "explanation", json_object_new_string(x ? x : strerror(-err)));
	}
	json_object_array_add(s->steps, st);
	return err;
}

/* A step that ends the run when it fails. */
static int must(struct run_state *s, const char *name, int err)
{
	if (step(s, name, err) && !s->res->err) {
		s->res->err = err;
		s->res->failed_step = name;
	}
	return err;
}

/* A signal arrived: record it once and stop. */
static bool stop(struct run_state *s)
{
	if (signals_received() && !s->res->signal) {
		s->res->signal = signals_received();
		must(s, "interrupted", -EINTR);
	}
	return s->res->signal != 0;
}

static void cleanup_step(struct run_state *s, const char *name, int err)
{
	step(s, name, err);
	if (err && !s->res->cleanup_err)
		s->res->cleanup_err = err;
}

static json_object *dte_now(struct run_state *s, int *err, struct dte *out)
{
	uint64_t raw[4];
	int idx = -1;
	struct dte d;

	*err = host_read_dte(s->e->c->h, &s->e->dev, raw, &idx);
	if (*err)
		return NULL;
	dte_decode(raw, &d);
	if (out)
		*out = d;
	return dte_to_json(&d, idx, false);
}

static json_object *hw_info_json(const struct iommufd_hw_info *hw)
{
	const char *names[8], *tn = iommufd_hw_info_type_name(hw->type);
	size_t n = iommufd_hw_cap_names(hw->capabilities, names, ARRAY_SIZE(names));
	json_object *o = json_object_new_object();

	json_add(o, "type", tn ? json_object_new_string(tn) : json_new_int(hw->type));
	json_add(o, "type_id", json_new_int(hw->type));
	json_add(o, "capabilities", json_strings(names, n));
	json_add(o, "capabilities_raw", json_hex64(hw->capabilities));
	json_add(o, "max_pasid_log2", json_new_int(hw->max_pasid_log2));
	json_add(o, "efr", hw->have_amd ? json_hex64(hw->efr) : NULL);
	json_add(o, "efr2", hw->have_amd ? json_hex64(hw->efr2) : NULL);
	return o;
}

/* open the cdev and /dev/iommu, bind the device to the iommufd */
static int s_open_bind(struct run_state *s)
{
	struct scenario_env *e = s->e;
	int err;

	s->devfd = e->cdev ? open(e->cdev, O_RDWR | O_CLOEXEC) : -1;
	err = s->devfd < 0 ? (e->cdev ? -errno : -ENOENT) : 0;
	if (must(s, "open_cdev", err))
		return err;
	s->ifd = iommufd_open(IOMMUFD_DEV);
	if (must(s, "open_iommufd", s->ifd < 0 ? s->ifd : 0))
		return s->ifd;
	err = vfio_bind_iommufd(s->devfd, s->ifd, &s->dev_id);
	if (err == -EPERM && !e->x.group_conflict)
		e->x.group_conflict = scenario_group_conflict(e);
	if (must(s, "bind", err))
		return err;
	json_add(s->rep, "dev_id", json_new_int(s->dev_id));
	return 0;
}

/* IOMMU_GET_HW_INFO: what the driver really uses, preferred over sysfs */
static void s_hw_info(struct run_state *s)
{
	struct scenario_result *res = s->res;
	int err = iommufd_get_hw_info(s->ifd, s->dev_id, &res->hw);

	step(s, "get_hw_info", err);
	res->have_hw_info = !err;
	if (!err && res->hw.have_amd)
		scenario_env_use_efr(s->e, res->hw.efr, res->hw.efr2);
	json_add(s->rep, "hw_info", err ? NULL : hw_info_json(&res->hw));
}

/* the IOAS, the HWPT under test, and the DTE before the attach */
static int s_alloc(struct run_state *s)
{
	int err = iommufd_ioas_alloc(s->ifd, &s->ioas_id), derr;

	if (must(s, "ioas_alloc", err))
		return err;
	s->have_ioas = true;
	json_add(s->rep, "ioas_id", json_new_int(s->ioas_id));
	err = iommufd_hwpt_alloc(s->ifd, s->dev_id, s->ioas_id, s->o->flags, &s->hwpt_id);
	if (must(s, "hwpt_alloc", err))
		return err;
	s->have_hwpt = true;
	json_add(s->rep, "hwpt_id", json_new_int(s->hwpt_id));
	if (stop(s))
		return -EINTR;
	json_add(s->rep, "dte_before", dte_now(s, &derr, NULL));
	return 0;
}

static int s_attach(struct run_state *s)
{
	uint32_t pt = s->hwpt_id;
	int err = vfio_attach_pt(s->devfd, &pt);

	if (must(s, "attach", err))
		return err;
	s->attached = true;
	return 0;
}

/* --map, or the one page dirty tracking needs for its bitmap */
static int s_map(struct run_state *s)
{
	json_object *m;
	int err;

	if (!s->map_len)
		return 0;
	s->buf = mmap(NULL, s->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->buf == MAP_FAILED) {
		err = -errno;
	} else {
		memset(s->buf, 0x5a, s->map_len);
		err = iommufd_ioas_map(s->ifd, s->ioas_id, s->buf, s->map_len, &s->iova);
	}
	if (must(s, "map", err))
		return err;
	s->mapped = true;
	m = json_object_new_object();
	json_add(m, "iova", json_hex64(s->iova));
	json_add(m, "length", json_new_int((int64_t)s->map_len));
	json_add(m, "implicit", json_new_bool(!s->o->map_size));
	json_add(s->rep, "map", m);
	return 0;
}

static unsigned popcount_words(const uint64_t *w, size_t n)
{
	unsigned c = 0;

	for (size_t i = 0; i < n; i++)
		c += (unsigned)__builtin_popcountll(w[i]);
	return c;
}

/* IOMMU_HWPT_SET_DIRTY_TRACKING, then one IOMMU_HWPT_GET_DIRTY_BITMAP */
static int s_dirty(struct run_state *s)
{
	uint64_t pages = (s->map_len + 4095) / 4096, *bm;
	size_t words = (size_t)((pages + 63) / 64);
	int err;

	if (!(s->o->flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING))
		return 0;
	s->dirty = json_object_new_object();
	json_add(s->rep, "dirty", s->dirty);
	err = iommufd_set_dirty_tracking(s->ifd, s->hwpt_id, true);
	json_add(s->dirty, "enabled", json_new_bool(!err));
	if (must(s, "set_dirty_tracking", err))
		return err;
	s->dirty_on = true;
	if (!s->mapped)
		return 0;
	bm = xzalloc(words * sizeof(uint64_t));
	err = iommufd_get_dirty_bitmap(s->ifd, s->hwpt_id, s->iova, pages * 4096, 4096, bm, false);
	must(s, "get_dirty_bitmap", err);
	json_add(s->dirty, "dirty_pages", err ? NULL : json_new_int(popcount_words(bm, words)));
	json_add(s->dirty, "pages", json_new_int((int64_t)pages));
	free(bm);
	return err;
}

/* the DTE the driver programmed: the point of the whole run */
static void s_read_dte(struct run_state *s)
{
	struct dte d;
	int derr;
	json_object *dj = dte_now(s, &derr, &d);

	step(s, "read_dte", derr);
	json_add(s->rep, "dte", dj);
	if (!derr)
		s->res->pgtable = dte_class_name(d.cls);
	json_add(s->rep, "class", json_str_or_null(s->res->pgtable));
}

static void s_hold(struct run_state *s)
{
	const char *pt = s->res->pgtable ? s->res->pgtable : "?";
	json_object *h = json_object_new_object();
	int sig;

	if (!s->o->quiet_hold) {
		if (s->o->hold)
			fprintf(stderr, "amdiommuctl: holding HWPT %u (%s) attached to %s "
				"for %d s; SIGINT/SIGTERM/SIGHUP releases it\n",
				s->hwpt_id, pt, s->e->bdf, s->o->hold);
		else
			fprintf(stderr, "amdiommuctl: holding HWPT %u (%s) attached to %s "
				"until SIGINT/SIGTERM/SIGHUP\n", s->hwpt_id, pt, s->e->bdf);
		fflush(stderr);
	}
	sig = signals_wait(s->o->hold);
	json_add(h, "seconds", json_new_int(s->o->hold));
	json_add(h, "released_by", json_object_new_string(sig ? signal_name(sig) : "timeout"));
	json_add(s->rep, "hold", h);
	step(s, "hold", 0);
}

/* every path: the reverse order of creation */
static void cleanup(struct run_state *s)
{
	if (s->dirty_on)
		cleanup_step(s, "clear_dirty_tracking",
			     iommufd_set_dirty_tracking(s->ifd, s->hwpt_id, false));
	if (s->mapped)
		cleanup_step(s, "unmap", iommufd_ioas_unmap(s->ifd, s->ioas_id, s->iova, s->map_len));
	if (s->buf != MAP_FAILED)
		munmap(s->buf, s->map_len);
	if (s->attached)
		cleanup_step(s, "detach", vfio_detach_pt(s->devfd));
	if (s->have_hwpt)
		cleanup_step(s, "destroy_hwpt", iommufd_destroy(s->ifd, s->hwpt_id));
	if (s->have_ioas)
		cleanup_step(s, "destroy_ioas", iommufd_destroy(s->ifd, s->ioas_id));
	/* closing the cdev unbinds it from iommufd and restores the default domain */
	if (s->devfd >= 0)
		close(s->devfd);
	if (s->ifd >= 0)
		close(s->ifd);
}

/* the keys every report has, null when the run ended before them */
static void complete_report(struct run_state *s)
{
	static const char *const keys[] = { "hw_info", "hwpt_id", "class", "dte_before", "dte" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!json_object_object_get_ex(s->rep, keys[i], NULL))
			json_add(s->rep, keys[i], NULL);
	if ((s->o->flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) && !s->dirty) {
		s->dirty = json_object_new_object();
		json_add(s->dirty, "enabled", json_new_bool(false));
		json_add(s->dirty, "dirty_pages", NULL);
		json_add(s->rep, "dirty", s->dirty);
	}
	json_add(s->rep, "steps", s->steps);
	if (s->res->signal)
		json_add(s->rep, "interrupted_by", json_object_new_string(signal_name(s->res->signal)));
}

void scenario_run(struct scenario_env *e, const struct scenario_opts *o,
		  struct scenario_result *res)
{
	struct run_state s = {
		.e = e, .o = o, .res = res, .rep = json_object_new_object(),
		.steps = json_object_new_array(), .devfd = -1, .ifd = -1, .buf = MAP_FAILED,
		.map_len = o->map_size,
	};
	const char *fn[32];
	size_t nf = hwpt_flag_names(o->flags, fn, ARRAY_SIZE(fn));

	memset(res, 0, sizeof(*res));
	res->report = s.rep;
	json_add(s.rep, "device", json_object_new_string(e->bdf));
	json_add(s.rep, "flags", json_strings(fn, nf));
	json_add(s.rep, "flags_value", json_new_int(o->flags));
	json_add(s.rep, "cdev", json_str_or_null(e->cdev));
	/* dirty tracking needs a mapped range for the bitmap: one page by default */
	if ((o->flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) && !s.map_len)
		s.map_len = 4096;

	if (!stop(&s) && !s_open_bind(&s) && !stop(&s)) {
		s_hw_info(&s);
		if (!s_alloc(&s) && !s_attach(&s) && !stop(&s) && !s_map(&s) && !s_dirty(&s)) {
			s_read_dte(&s);
			if (!stop(&s) && o->hold >= 0)
				s_hold(&s);
		}
	}
	cleanup(&s);
	complete_report(&s);
}
