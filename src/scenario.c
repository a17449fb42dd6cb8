// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The alloc scenario (one process, cleanup on every path) and --bind-vfio.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>

#include "scenario.h"
#include "util.h"

extern char **environ;

/* ---- signals ----------------------------------------------------------- */

static volatile sig_atomic_t got_signal;
static struct sigaction old_act[3];
static const int handled[3] = { SIGINT, SIGTERM, SIGHUP };
static bool installed;

static void on_signal(int sig)
{
	/* async-signal-safe: only record it */
	if (!got_signal)
		got_signal = sig;
}

void scenario_signals_install(void)
{
	struct sigaction sa;

	if (installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR */
	for (int i = 0; i < 3; i++)
		sigaction(handled[i], &sa, &old_act[i]);
	installed = true;
}

void scenario_signals_restore(void)
{
	if (!installed)
		return;
	for (int i = 0; i < 3; i++)
		sigaction(handled[i], &old_act[i], NULL);
	installed = false;
}

int scenario_signal(void)
{
	return got_signal;
}

/* Sleep @ms, or less when a handled signal arrives (race free). */
static void sleep_interruptible(long ms)
{
	sigset_t block, old;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	sigemptyset(&block);
	for (int i = 0; i < 3; i++)
		sigaddset(&block, handled[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (!got_signal)
		ppoll(NULL, 0, &ts, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Wait for a signal, or @seconds (0: forever).  Returns the signal or 0. */
static int hold_wait(int seconds)
{
	sigset_t block, old;
	struct timespec end, now, left;

	sigemptyset(&block);
	for (int i = 0; i < 3; i++)
		sigaddset(&block, handled[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	while (!got_signal) {
		if (seconds > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > end.tv_sec ||
			    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
				break;
			left.tv_sec = end.tv_sec - now.tv_sec;
			left.tv_nsec = end.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			ppoll(NULL, 0, &left, &old);
		} else {
			ppoll(NULL, 0, NULL, &old);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return got_signal;
}

static const char *signame(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "signal";
	}
}

/* ---- environment ------------------------------------------------------- */

static char *dev_path(const struct scenario_env *e, const char *leaf)
{
	return xasprintf("%s/%s", e->sys, leaf);
}

static char *find_cdev(struct host *h, const char *sys)
{
	char *p = xasprintf("%s/vfio-dev", sys), **names = NULL, *cdev = NULL;
	size_t n = 0;

	if (!host_list(h, p, &names, &n)) {
		for (size_t i = 0; i < n && !cdev; i++)
			if (!strncmp(names[i], "vfio", 4))
				cdev = xasprintf("/dev/vfio/devices/%s", names[i]);
		strv_free(names, n);
	}
	free(p);
	return cdev;
}

static int read_ir(struct host *h)
{
	char *s = NULL;
	int ir = -1;

	if (!host_read_head(h, "/proc/interrupts", 1 << 20, &s)) {
		if (strstr(s, " IR-"))
			ir = 1;
		else if (strstr(s, "IO-APIC") || strstr(s, "PCI-MSI"))
			ir = 0;
		free(s);
	}
	return ir;
}

static int read_unsafe(struct host *h)
{
	char *s = NULL;
	int v = -1;

	if (!host_read_line(h, "/sys/module/iommufd/parameters/allow_unsafe_interrupts", &s)) {
		v = s[0] == 'Y' || s[0] == '1';
		free(s);
	}
	return v;
}

/* Mirror of the driver's amd_iommu_snp_en: SNPSup and the host enabled SNP. */
static bool snp_on(struct ctx *c, uint64_t efr)
{
	char *s = NULL;
	bool on = false;

	if (!(efr & EFR_SNP_SUP) || !c->cmdline || !strstr(c->cmdline, "mem_encrypt=on"))
		return false;
	if (!host_read_line(c->h, "/sys/module/kvm_amd/parameters/sev_snp", &s)) {
		on = s[0] == 'Y' || s[0] == '1';
		free(s);
	}
	return on;
}

static void sysfs_efr(struct scenario_env *e)
{
	char *ivhd = NULL, *p, *text = NULL;
	enum features_format fmt;

	p = dev_path(e, "iommu");
	if (host_link_name(e->c->h, p, &ivhd)) {
		free(p);
		return;
	}
	free(p);
	p = xasprintf("/sys/class/iommu/%s/amd-iommu/features", ivhd);
	if (!host_read_line(e->c->h, p, &text)) {
		e->have_sysfs_efr = !features_parse(text, e->c->kmajor, e->c->kminor,
						    &e->sysfs_efr, &e->sysfs_efr2, &fmt);
		free(text);
	}
	free(p);
	free(ivhd);
}

/* A group member bound to a driver that does not allow VFIO ownership. */
static char *group_conflict(struct scenario_env *e)
{
	static const char *const ok_drv[] = { "vfio-pci", "pci-stub", "pcieport" };
	char *p = dev_path(e, "iommu_group/devices"), **names = NULL, *res = NULL;
	size_t n = 0;

	if (host_list(e->c->h, p, &names, &n)) {
		free(p);
		return NULL;
	}
	free(p);
	for (size_t i = 0; i < n && !res; i++) {
		char *dp, *drv = NULL;
		bool fine = false;

		if (!strcmp(names[i], e->bdf))
			continue;
		dp = xasprintf("/sys/bus/pci/devices/%s/driver", names[i]);
		if (!host_link_name(e->c->h, dp, &drv)) {
			for (size_t j = 0; j < ARRAY_SIZE(ok_drv); j++)
				fine |= !strcmp(drv, ok_drv[j]);
			fine |= !strncmp(drv, "vfio", 4);
			if (!fine)
				res = xasprintf("%s (%s)", names[i], drv);
			free(drv);
		}
		free(dp);
	}
	strv_free(names, n);
	return res;
}

int scenario_env_init(struct scenario_env *e, struct ctx *c, const char *bdf,
		      char **msg)
{
	memset(e, 0, sizeof(*e));
	e->c = c;
	if (bdf_parse(bdf, &e->dev)) {
		*msg = xasprintf("'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", bdf);
		return 2;
	}
	bdf_format(&e->dev, e->bdf);
	e->sys = xasprintf("/sys/bus/pci/devices/%s", e->bdf);
	if (!host_exists(c->h, e->sys)) {
		*msg = xasprintf("%s: no such PCI device", e->bdf);
		return 1;
	}
	scenario_env_refresh(e);
	sysfs_efr(e);
	e->x.kmajor = c->kmajor;
	e->x.kminor = c->kminor;
	e->x.bdf = e->bdf;
	e->x.la57 = c->cpu_la57;
	e->x.pgtbl_v2 = cmdline_has(c, "amd_iommu=", "pgtbl_v2");
	e->x.ir_enabled = read_ir(c->h);
	e->x.unsafe_intr = read_unsafe(c->h);
	if (e->have_sysfs_efr) {
		e->x.have_efr = true;
		e->x.efr = e->sysfs_efr;
		e->x.efr2 = e->sysfs_efr2;
		e->x.snp = snp_on(c, e->sysfs_efr);
	}
	return 0;
}

void scenario_env_refresh(struct scenario_env *e)
{
	char *p = dev_path(e, "driver");

	free(e->driver);
	e->driver = NULL;
	host_link_name(e->c->h, p, &e->driver);
	free(p);
	free(e->cdev);
	e->cdev = find_cdev(e->c->h, e->sys);
	e->x.driver = e->driver;
}

void scenario_env_fini(struct scenario_env *e)
{
	free(e->sys);
	free(e->driver);
	free(e->cdev);
	free((char *)e->x.group_conflict);
	memset(e, 0, sizeof(*e));
}

int scenario_precheck(struct scenario_env *e, char **msg)
{
	if (!e->cdev) {
		int code = e->driver && !strncmp(e->driver, "vfio", 4) ? 4 : 1;

		*msg = xstrdup(iommufd_explain("open_cdev", 0, -ENOENT, &e->x));
		return code;
	}
	if (access(IOMMUFD_DEV, F_OK)) {
		*msg = xstrdup(iommufd_explain("open_iommufd", 0, -errno, &e->x));
		return 4;
	}
	return 0;
}

/* ---- one run ----------------------------------------------------------- */

struct run_state {
	struct scenario_env *e;
	const struct scenario_opts *o;
	struct scenario_result *res;
	json_object *steps;
};

/* Record a step; returns @err. */
static int step(struct run_state *s, const char *name, int err)
{
	json_object *st = json_object_new_object();

	json_object_object_add(st, "name", json_object_new_string(name));
	json_object_object_add(st, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
	if (err) {
		const char *x = iommufd_explain(name, s->o->flags, err, &s->e->x);

		json_object_object_add(st, "explanation",
				       json_object_new_string(x ? x : strerror(-err)));
	}
	json_object_array_add(s->steps, st);
	return err;
}

static void fail(struct run_state *s, const char *name, int err)
{
	if (!s->res->err) {
		s->res->err = err;
		s->res->failed_step = name;
	}
}

static bool stop(struct run_state *s)
{
	if (got_signal && !s->res->signal) {
		s->res->signal = got_signal;
		step(s, "interrupted", -EINTR);
		fail(s, "interrupted", -EINTR);
	}
	return s->res->signal != 0;
}

static void cleanup_step(struct run_state *s, const char *name, int err)
{
	step(s, name, err);
	if (err && !s->res->cleanup_err)
		s->res->cleanup_err = err;
}

static json_object *read_dte(struct run_state *s, int *err, struct dte *out)
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

static const char *pgtable_of(const struct dte *d)
{
	return dte_class_name(d->cls);
}

static json_object *hw_info_json(const struct iommufd_hw_info *hw)
{
	json_object *o = json_object_new_object(), *caps = json_object_new_array();
	const char *names[8], *tn = iommufd_hw_info_type_name(hw->type);
	size_t n = iommufd_hw_cap_names(hw->capabilities, names, ARRAY_SIZE(names));

	json_object_object_add(o, "type", tn ? json_object_new_string(tn) : json_object_new_int((int)hw->type));
	json_object_object_add(o, "type_id", json_object_new_int((int)hw->type));
	for (size_t i = 0; i < n; i++)
		json_object_array_add(caps, json_object_new_string(names[i]));
	json_object_object_add(o, "capabilities", caps);
	json_object_object_add(o, "capabilities_raw", json_addr(hw->capabilities));
	json_object_object_add(o, "max_pasid_log2", json_object_new_int(hw->max_pasid_log2));
	json_object_object_add(o, "efr", hw->have_amd ? json_hex64(hw->efr) : NULL);
	json_object_object_add(o, "efr2", hw->have_amd ? json_hex64(hw->efr2) : NULL);
	return o;
}

static unsigned popcount_words(const uint64_t *w, size_t n)
{
	unsigned c = 0;

	for (size_t i = 0; i < n; i++)
		c += (unsigned)__builtin_popcountll(w[i]);
	return c;
}

void scenario_run(struct scenario_env *e, const struct scenario_opts *o,
		  struct scenario_result *res)
{
	struct run_state s = { e, o, res, json_object_new_array() };
	json_object *rep = json_object_new_object(), *flags = json_object_new_array();
	const char *fn[32];
	size_t nf = hwpt_flag_names(o->flags, fn, ARRAY_SIZE(fn));
	int devfd = -1, ifd = -1, err;
	uint32_t dev_id = 0, ioas_id = 0, hwpt_id = 0, pt;
	bool have_ioas = false, have_hwpt = false, attached = false, mapped = false;
	bool dirty_on = false;
	void *buf = MAP_FAILED;
	uint64_t map_len = o->map_size, iova = 0;
	struct dte d;
	json_object *dirty = NULL;

	memset(res, 0, sizeof(*res));
	res->report = rep;
	json_object_object_add(rep, "device", json_object_new_string(e->bdf));
	for (size_t i = 0; i < nf; i++)
		json_object_array_add(flags, json_object_new_string(fn[i]));
	json_object_object_add(rep, "flags", flags);
	json_object_object_add(rep, "flags_value", json_object_new_int((int)o->flags));
	json_object_object_add(rep, "cdev", json_str_or_null(e->cdev));

	/* dirty tracking needs a mapped range for the bitmap: one page by default */
	if ((o->flags & HWPT_FLAG_DIRTY_TRACKING) && !map_len)
		map_len = 4096;

	if (stop(&s))
		goto out;
	devfd = e->cdev ? open(e->cdev, O_RDWR | O_CLOEXEC) : -1;
	err = devfd < 0 ? (e->cdev ? -errno : -ENOENT) : 0;
	if (step(&s, "open_cdev", err)) {
		fail(&s, "open_cdev", err);
		goto out;
	}
	ifd = iommufd_open(IOMMUFD_DEV);
	err = ifd < 0 ? ifd : 0;
	if (step(&s, "open_iommufd", err)) {
		fail(&s, "open_iommufd", err);
		goto out;
	}
	err = vfio_bind_iommufd(devfd, ifd, &dev_id);
	if (err == -EPERM && !e->x.group_conflict)
		e->x.group_conflict = group_conflict(e);
	if (step(&s, "bind", err)) {
		fail(&s, "bind", err);
		goto out;
	}
	json_object_object_add(rep, "dev_id", json_object_new_int((int)dev_id));
	if (stop(&s))
		goto out;

	err = iommufd_get_hw_info(ifd, dev_id, &res->hw);
	step(&s, "get_hw_info", err);
	res->have_hw_info = !err;
	if (!err && res->hw.have_amd) {
		/* what the driver really uses: prefer it over sysfs */
		e->x.have_efr = true;
		e->x.efr = res->hw.efr;
		e->x.efr2 = res->hw.efr2;
		e->x.snp = snp_on(e->c, res->hw.efr);
	}
	json_object_object_add(rep, "hw_info", err ? NULL : hw_info_json(&res->hw));

	err = iommufd_ioas_alloc(ifd, &ioas_id);
	if (step(&s, "ioas_alloc", err)) {
		fail(&s, "ioas_alloc", err);
		goto out;
	}
	have_ioas = true;
	json_object_object_add(rep, "ioas_id", json_object_new_int((int)ioas_id));

	err = iommufd_hwpt_alloc(ifd, dev_id, ioas_id, o->flags, &hwpt_id);
	if (step(&s, "hwpt_alloc", err)) {
		fail(&s, "hwpt_alloc", err);
		goto out;
	}
	have_hwpt = true;
	json_object_object_add(rep, "hwpt_id", json_object_new_int((int)hwpt_id));
	if (stop(&s))
		goto out;

	{
		int derr;
		json_object *dj = read_dte(&s, &derr, NULL);

		json_object_object_add(rep, "dte_before", dj);
	}
	pt = hwpt_id;
	err = vfio_attach_pt(devfd, &pt);
	if (step(&s, "attach", err)) {
		fail(&s, "attach", err);
		goto out;
	}
	attached = true;
	if (stop(&s))
		goto out;

	if (map_len) {
		buf = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (buf == MAP_FAILED) {
			err = -errno;
		} else {
			memset(buf, 0x5a, map_len);
			err = iommufd_ioas_map(ifd, ioas_id, buf, map_len, &iova);
		}
		if (step(&s, "map", err)) {
			fail(&s, "map", err);
			goto out;
		}
		mapped = true;
		{
			json_object *m = json_object_new_object();

			json_object_object_add(m, "iova", json_addr(iova));
			json_object_object_add(m, "length", json_object_new_int64((int64_t)map_len));
			json_object_object_add(m, "implicit", json_object_new_boolean(!o->map_size));
			json_object_object_add(rep, "map", m);
		}
	}

	if (o->flags & HWPT_FLAG_DIRTY_TRACKING) {
		dirty = json_object_new_object();
		json_object_object_add(rep, "dirty", dirty);
		err = iommufd_set_dirty_tracking(ifd, hwpt_id, true);
		json_object_object_add(dirty, "enabled", json_object_new_boolean(!err));
		if (step(&s, "set_dirty_tracking", err)) {
			fail(&s, "set_dirty_tracking", err);
			goto out;
		}
		dirty_on = true;
		if (mapped) {
			uint64_t pages = (map_len + 4095) / 4096;
			size_t words = (size_t)((pages + 63) / 64);
			uint64_t *bm = xzalloc(words * sizeof(uint64_t));

			err = iommufd_get_dirty_bitmap(ifd, hwpt_id, iova, pages * 4096,
						       4096, bm, false);
			step(&s, "get_dirty_bitmap", err);
			if (err)
				fail(&s, "get_dirty_bitmap", err);
			json_object_object_add(dirty, "dirty_pages",
					       err ? NULL : json_object_new_int64(popcount_words(bm, words)));
			json_object_object_add(dirty, "pages", json_object_new_int64((int64_t)pages));
			free(bm);
			if (err)
				goto out;
		}
	}

	{
		int derr;
		json_object *dj = read_dte(&s, &derr, &d);

		step(&s, "read_dte", derr);
		json_object_object_add(rep, "dte", dj);
		if (!derr)
			res->pgtable = pgtable_of(&d);
		json_object_object_add(rep, "pgtable", json_str_or_null(res->pgtable));
	}
	if (stop(&s))
		goto out;

	if (o->hold >= 0) {
		json_object *h = json_object_new_object();
		int sig;

		if (!o->quiet_hold) {
			if (o->hold)
				fprintf(stderr, "amdiommuctl: holding HWPT %u (%s) attached to %s "
					"for %d s; SIGINT/SIGTERM/SIGHUP releases it\n",
					hwpt_id, res->pgtable ? res->pgtable : "?", e->bdf, o->hold);
			else
				fprintf(stderr, "amdiommuctl: holding HWPT %u (%s) attached to %s "
					"until SIGINT/SIGTERM/SIGHUP\n",
					hwpt_id, res->pgtable ? res->pgtable : "?", e->bdf);
			fflush(stderr);
		}
		sig = hold_wait(o->hold);
		json_object_object_add(h, "seconds", json_object_new_int(o->hold));
		json_object_object_add(h, "released_by",
				       json_object_new_string(sig ? signame(sig) : "timeout"));
		json_object_object_add(rep, "hold", h);
		step(&s, "hold", 0);
	}

out:
	/* cleanup, every path: reverse order of creation */
	if (dirty_on)
		cleanup_step(&s, "clear_dirty_tracking",
			     iommufd_set_dirty_tracking(ifd, hwpt_id, false));
	if (mapped)
		cleanup_step(&s, "unmap", iommufd_ioas_unmap(ifd, ioas_id, iova, map_len));
	if (buf != MAP_FAILED)
		munmap(buf, map_len);
	if (attached)
		cleanup_step(&s, "detach", vfio_detach_pt(devfd));
	if (have_hwpt)
		cleanup_step(&s, "destroy_hwpt", iommufd_destroy(ifd, hwpt_id));
	if (have_ioas)
		cleanup_step(&s, "destroy_ioas", iommufd_destroy(ifd, ioas_id));
	/* closing the cdev unbinds it from iommufd and restores the default domain */
	if (devfd >= 0)
		close(devfd);
	if (ifd >= 0)
		close(ifd);
	if (!json_object_object_get_ex(rep, "hw_info", NULL))
		json_object_object_add(rep, "hw_info", NULL);
	if (!json_object_object_get_ex(rep, "hwpt_id", NULL))
		json_object_object_add(rep, "hwpt_id", NULL);
	if (!json_object_object_get_ex(rep, "pgtable", NULL))
		json_object_object_add(rep, "pgtable", NULL);
	if (!json_object_object_get_ex(rep, "dte_before", NULL))
		json_object_object_add(rep, "dte_before", NULL);
	if (!json_object_object_get_ex(rep, "dte", NULL))
		json_object_object_add(rep, "dte", NULL);
	if ((o->flags & HWPT_FLAG_DIRTY_TRACKING) && !dirty) {
		dirty = json_object_new_object();
		json_object_object_add(dirty, "enabled", json_object_new_boolean(false));
		json_object_object_add(dirty, "dirty_pages", NULL);
		json_object_object_add(rep, "dirty", dirty);
	}
	json_object_object_add(rep, "steps", s.steps);
	if (res->signal)
		json_object_object_add(rep, "interrupted_by",
				       json_object_new_string(signame(res->signal)));
}

/* ---- --bind-vfio ------------------------------------------------------- */

#define PCI_DRIVERS "/sys/bus/pci/drivers"

static void action(struct vfio_bind *b, const char *text, int err)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, "action", json_object_new_string(text));
	json_object_object_add(a, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
	json_object_array_add(b->actions, a);
}

/* echo VALUE > PATH, logged */
static int echo(struct vfio_bind *b, const char *value, const char *path)
{
	int err = host_write(b->h, path, value);
	char *t = xasprintf("echo '%s' > %s", strcmp(value, "\n") ? value : "", path);

	action(b, t, err);
	free(t);
	if (!err)
		b->changed = true;
	return err;
}

int vfio_bind_plan(struct vfio_bind *b, struct host *h,
		   const struct scenario_env *e, bool yes, char **msg)
{
	char *p, *s = NULL;
	uint64_t cls = 0;

	memset(b, 0, sizeof(*b));
	b->h = h;
	b->bdf = e->bdf;
	b->sys = xstrdup(e->sys);
	b->actions = json_object_new_array();

	p = xasprintf("%s/class", b->sys);
	if (!host_read_line(h, p, &s)) {
		parse_hex_u64(s, &cls);
		free(s);
	}
	free(p);
	if ((cls >> 8) == 0x0806) {
		*msg = xasprintf("%s is an IOMMU (class 0x%06llx): --bind-vfio never touches "
				 "the IOMMU's own function", b->bdf, (unsigned long long)cls);
		return 1;
	}
	p = xasprintf("%s/iommu_group", b->sys);
	if (!host_exists(h, p)) {
		free(p);
		*msg = xasprintf("%s is not behind an IOMMU (no iommu_group): --bind-vfio "
				 "refuses it", b->bdf);
		return 1;
	}
	free(p);
	p = xasprintf("%s/driver", b->sys);
	host_link_name(h, p, &b->orig_driver);
	free(p);
	p = xasprintf("%s/driver_override", b->sys);
	if (!host_read_line(h, p, &s)) {
		if (strcmp(s, "(null)") && s[0])
			b->orig_override = s;
		else
			free(s);
	}
	free(p);
	if (b->orig_driver && !strcmp(b->orig_driver, "vfio-pci") && e->cdev)
		return 0; /* nothing to do */
	b->needed = true;
	if (b->orig_driver && !yes) {
		*msg = xasprintf("%s is bound to %s: --bind-vfio would unbind it from "
				 "its driver for the run; add --yes to allow that",
				 b->bdf, b->orig_driver);
		return 2;
	}
	return 0;
}

json_object *vfio_bind_dry_run(const struct vfio_bind *b)
{
	json_object *a = json_object_new_array();

#define ADD(...) json_object_array_add(a, json_object_new_string(xtmp = xasprintf(__VA_ARGS__))), free(xtmp)
	char *xtmp;

	if (!b->needed) {
		ADD("nothing to do: %s is already bound to vfio-pci", b->bdf);
		return a;
	}
	if (!host_exists(b->h, PCI_DRIVERS "/vfio-pci"))
		ADD("modprobe vfio-pci");
	ADD("echo vfio-pci > %s/driver_override", b->sys);
	if (b->orig_driver)
		ADD("echo %s > %s/driver/unbind   (from %s)", b->bdf, b->sys, b->orig_driver);
	ADD("echo %s > /sys/bus/pci/drivers_probe; wait for %s/vfio-dev/", b->bdf, b->sys);
	ADD("run the scenario");
	ADD("echo %s > " PCI_DRIVERS "/vfio-pci/unbind", b->bdf);
	if (b->orig_override)
		ADD("echo %s > %s/driver_override", b->orig_override, b->sys);
	else
		ADD("echo '' > %s/driver_override", b->sys);
	if (b->orig_driver)
		ADD("echo %s > " PCI_DRIVERS "/%s/bind", b->bdf, b->orig_driver);
	else
		ADD("leave %s unbound, as it was", b->bdf);
#undef ADD
	return a;
}

static int run_modprobe(struct vfio_bind *b)
{
	char *argv[] = { (char *)"modprobe", (char *)"vfio-pci", NULL };
	pid_t pid;
	int st = 0, err;

	err = posix_spawnp(&pid, "modprobe", NULL, NULL, argv, environ);
	if (err) {
		action(b, "modprobe vfio-pci", -err);
		return -err;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	err = WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ENOENT;
	action(b, "modprobe vfio-pci", err);
	return err;
}

/* Poll for @path up to @ms; false on timeout or a signal. */
static bool wait_for(struct host *h, const char *path, long ms)
{
	for (long t = 0; t <= ms; t += 20) {
		if (host_exists(h, path))
			return true;
		if (got_signal)
			return false;
		sleep_interruptible(20);
	}
	return host_exists(h, path);
}

int vfio_bind_apply(struct vfio_bind *b, char **msg)
{
	char *p;
	int err;

	if (!b->needed)
		return 0;
	if (!host_exists(b->h, PCI_DRIVERS "/vfio-pci")) {
		err = run_modprobe(b);
		if (!wait_for(b->h, PCI_DRIVERS "/vfio-pci", 5000)) {
			*msg = xasprintf("no vfio-pci driver (%s/vfio-pci) after modprobe "
					 "vfio-pci: CONFIG_VFIO_PCI is off or the module is missing",
					 PCI_DRIVERS);
			return err ? err : -ENOENT;
		}
	}
	p = xasprintf("%s/driver_override", b->sys);
	err = echo(b, "vfio-pci", p);
	free(p);
	if (err) {
		*msg = xasprintf("cannot write %s/driver_override: %s", b->sys, strerror(-err));
		return err;
	}
	if (b->orig_driver) {
		p = xasprintf("%s/driver/unbind", b->sys);
		err = echo(b, b->bdf, p);
		free(p);
		if (err) {
			*msg = xasprintf("cannot unbind %s from %s: %s", b->bdf,
					 b->orig_driver, strerror(-err));
			return err;
		}
	}
	err = echo(b, b->bdf, "/sys/bus/pci/drivers_probe");
	p = xasprintf("%s/vfio-dev", b->sys);
	if (!wait_for(b->h, p, 10000)) {
		*msg = got_signal ? xasprintf("interrupted by %s while binding %s to vfio-pci",
					     signame(got_signal), b->bdf)
			: xasprintf("%s has no vfio-dev/ 10 s after drivers_probe%s%s: "
				    "vfio-pci did not bind it, or CONFIG_VFIO_DEVICE_CDEV is off",
				    b->bdf, err ? ": " : "", err ? strerror(-err) : "");
		free(p);
		return got_signal ? -EINTR : -ETIMEDOUT;
	}
	free(p);
	action(b, "vfio-dev/ appeared", 0);
	return 0;
}

int vfio_bind_restore(struct vfio_bind *b)
{
	char *p, *drv = NULL;
	int err, first = 0;

	if (!b->changed || b->restored)
		return 0;
	b->restored = true;
	p = xasprintf("%s/driver", b->sys);
	host_link_name(b->h, p, &drv);
	free(p);
	if (drv && strcmp(drv, b->orig_driver ? b->orig_driver : "")) {
		p = xasprintf(PCI_DRIVERS "/%s/unbind", drv);
		err = echo(b, b->bdf, p);
		first = first ? first : err;
		free(p);
	}
	p = xasprintf("%s/driver_override", b->sys);
	err = echo(b, b->orig_override ? b->orig_override : "\n", p);
	first = first ? first : err;
	free(p);
	if (b->orig_driver && (!drv || strcmp(drv, b->orig_driver))) {
		p = xasprintf(PCI_DRIVERS "/%s/bind", b->orig_driver);
		err = echo(b, b->bdf, p);
		free(p);
		if (err)
			err = echo(b, b->bdf, "/sys/bus/pci/drivers_probe");
		first = first ? first : err;
	}
	free(drv);
	return first;
}

json_object *vfio_bind_json(const struct vfio_bind *b)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "original_driver", json_str_or_null(b->orig_driver));
	json_object_object_add(o, "original_override", json_str_or_null(b->orig_override));
	json_object_object_add(o, "changed", json_object_new_boolean(b->changed));
	json_object_object_add(o, "restored", json_object_new_boolean(b->restored));
	json_object_object_add(o, "actions", json_object_get(b->actions));
	return o;
}

void vfio_bind_fini(struct vfio_bind *b)
{
	free(b->sys);
	free(b->orig_driver);
	free(b->orig_override);
	json_object_put(b->actions);
	memset(b, 0, sizeof(*b));
}
