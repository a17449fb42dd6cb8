// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Collection: host reads + decoders -> the json-c model.  Nothing here
 * prints; every problem that leaves a hole in the data becomes an entry
 * in `unavailable`.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "model.h"
#include "util.h"

#define SYS_PCI "/sys/bus/pci/devices"
#define SYS_GROUPS "/sys/kernel/iommu_groups"
#define SYS_CLASS_IOMMU "/sys/class/iommu"

/* ---- json helpers ------------------------------------------------------ */

/* "0x" and @digits hex digits of @v (zero-padded), without printf's
 * cost: the DTE words of every device go through here. */
static json_object *json_hex_digits(uint64_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char b[19];

	b[0] = '0', b[1] = 'x';
	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		b[2 + i] = hex[v & 0xf];
	return json_object_new_string_len(b, 2 + digits);
}

json_object *json_hex64(uint64_t v)
{
	return json_hex_digits(v, 16);
}

json_object *json_addr(uint64_t v)
{
	int digits = 1;

	while (digits < 16 && v >> (4 * digits))
		digits++;
	return json_hex_digits(v, digits);
}

json_object *json_str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* @k must outlive @o: every key here is a literal (no copy per key). */
static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add_ex(o, k, v, JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

static json_object *jbool(bool b)
{
	return json_object_new_boolean(b);
}

static json_object *jint(int64_t v)
{
	return json_object_new_int64(v);
}

/* ---- context ----------------------------------------------------------- */

static void pci_quiet(char *msg, ...)
{
	(void)msg;
}

/* libpci's fatal errors must not return.  With a full config-space cache
 * it never reads by itself, so this is not expected to run. */
static void __attribute__((noreturn)) pci_fatal(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	fputs("amdiommuctl: libpci: ", stderr);
	vfprintf(stderr, msg, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void probe_debugfs(struct ctx *c)
{
	char *lock = NULL;

	if (!host_read_line(c->h, "/sys/kernel/security/lockdown", &lock)) {
		char *l = strchr(lock, '['), *r = l ? strchr(l, ']') : NULL;

		if (l && r)
			c->lockdown = xstrndup(l + 1, (size_t)(r - l - 1));
		free(lock);
	}
	c->debugfs_err = c->h->ops->exists(c->h, HOST_DEBUGFS_AMD "/devtbl");
	if (c->debugfs_err == -ENOENT &&
	    c->h->ops->exists(c->h, "/sys/kernel/debug") == -EACCES)
		c->debugfs_err = -EACCES;
	/* Under lockdown debugfs refuses writable files even for reading. */
	if (!c->debugfs_err && c->lockdown && strcmp(c->lockdown, "none"))
		c->debugfs_err = -EPERM;
}

void ctx_init(struct ctx *c, struct host *h)
{
	char *s = NULL;

	memset(c, 0, sizeof(*c));
	c->h = h;
	c->unavailable = json_object_new_array();
	c->groups = json_object_new_object();
	if (!host_read_line(h, "/proc/sys/kernel/osrelease", &s)) {
		if (sscanf(s, "%d.%d", &c->kmajor, &c->kminor) != 2)
			c->kmajor = c->kminor = 0;
		c->kernel_release = s;
	}
	c->cmdline_err = host_read_line(h, "/proc/cmdline", &c->cmdline);
	if (c->cmdline_err)
		c->cmdline = NULL;
	if (!host_read_head(h, "/proc/cpuinfo", 1 << 22, &s)) {
		const char *f = strstr(s, "\nflags");

		if (f) {
			size_t n = strcspn(f + 1, "\n");
			char *line = xstrndup(f + 1, n);

			c->cpu_la57 = strstr(line, " la57") != NULL;
			free(line);
		}
		free(s);
	}
	probe_debugfs(c);

	c->pacc = pci_alloc();
	c->pacc->error = pci_fatal;
	c->pacc->warning = pci_quiet;
	c->pacc->debug = pci_quiet;
	c->pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	c->pacc->id_lookup_mode = PCI_LOOKUP_NO_HWDB;
	s = host_path(h, "/sys/bus/pci");
	pci_set_param(c->pacc, "sysfs.path", s);
	pci_init(c->pacc);
	free(s);
}

void ctx_fini(struct ctx *c)
{
	if (c->pacc)
		pci_cleanup(c->pacc);
	json_object_put(c->unavailable);
	json_object_put(c->groups);
	free(c->kernel_release);
	free(c->cmdline);
	free(c->lockdown);
}

void ctx_unavailable(struct ctx *c, const char *source, int err,
		     const char *hint)
{
	const char *en = errno_name(err);
	size_t n = json_object_array_length(c->unavailable);
	json_object *o;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(c->unavailable, i), *v;

		if (json_object_object_get_ex(e, "source", &v) &&
		    !strcmp(json_object_get_string(v), source))
			return;
	}
	o = json_object_new_object();
	add(o, "source", json_object_new_string(source));
	add(o, "errno", json_object_new_string(en));
	add(o, "hint", json_object_new_string(hint));
	json_object_array_add(c->unavailable, o);
}

void ctx_unreadable(struct ctx *c, const char *path, int err, const char *what)
{
	char *hint = xasprintf("%s: %s", what, host_strerror(err));

	ctx_unavailable(c, path, err, hint);
	free(hint);
}

int ctx_amd_iommu_count(struct ctx *c)
{
	char **names = NULL;
	size_t n = 0;
	int cnt = 0;

	if (host_list(c->h, SYS_CLASS_IOMMU, &names, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		cnt += !strncmp(names[i], "ivhd", 4);
	strv_free(names, n);
	return cnt;
}

/* ---- command line ------------------------------------------------------ */

/* Is word @w present in the value list of option @opt ("amd_iommu=")? */
bool cmdline_has(const struct ctx *c, const char *opt, const char *w)
{
	const char *p = c->cmdline;
	size_t ol = strlen(opt), wl = strlen(w);

	while (p && *p) {
		size_t tl;

		p += strspn(p, " \t");
		tl = strcspn(p, " \t");
		if (tl > ol && !strncmp(p, opt, ol)) {
			const char *v = p + ol, *end = p + tl;

			while (v < end) {
				size_t vl = strcspn(v, ",");

				if (v + vl > end)
					vl = (size_t)(end - v);
				if (vl == wl && !strncmp(v, w, wl))
					return true;
				v += vl + 1;
			}
		}
		p += tl;
	}
	return false;
}

/* ---- DTE --------------------------------------------------------------- */

json_object *dte_to_json(const struct dte *d, int iommu_index, bool full)
{
	json_object *o = json_object_new_object(), *raw;
	bool gcr3 = d->gv;

	add(o, "class", json_object_new_string(dte_class_name(d->cls)));
	add(o, "levels", d->levels ? jint(d->levels) : NULL);
	add(o, "domain_id", jint(d->domain_id));
	add(o, "gcr3_root", gcr3 ? json_addr(d->gcr3_root) : NULL);
	add(o, "glx", gcr3 ? jint(d->glx) : NULL);
	add(o, "had", jint(d->had));
	add(o, "ppr", jbool(d->ppr));
	add(o, "iotlb", jbool(d->iotlb));
	add(o, "iommu", iommu_index >= 0 ? jint(iommu_index) : NULL);
	raw = json_object_new_array();
	for (int i = 0; i < 4; i++)
		json_object_array_add(raw, json_hex64(d->raw[i]));
	add(o, "raw", raw);
	if (!full)
		return o;
	add(o, "explanation", json_object_new_string(dte_class_explain(d->cls)));
	add(o, "pasid_table", jbool(d->pasid_table));
	add(o, "v", jbool(d->v));
	add(o, "tv", jbool(d->tv));
	add(o, "mode", jint(d->mode));
	add(o, "host_pt_root", json_addr(d->host_pt_root));
	add(o, "gprp", jbool(d->gprp));
	add(o, "giov", jbool(d->giov));
	add(o, "gv", jbool(d->gv));
	add(o, "ir", jbool(d->ir));
	add(o, "iw", jbool(d->iw));
	add(o, "se", jbool(d->se));
	add(o, "sa", jbool(d->sa));
	add(o, "ioctl", jint(d->ioctl));
	add(o, "cache", jbool(d->cache));
	add(o, "sd", jbool(d->sd));
	add(o, "ex", jbool(d->ex));
	add(o, "sysmgt", jint(d->sysmgt));
	add(o, "iv", jbool(d->iv));
	add(o, "int_tab_len", jint(d->int_tab_len));
	add(o, "ig", jbool(d->ig));
	add(o, "irt_root", json_addr(d->irt_root));
	add(o, "guest_paging_mode", jint(d->guest_paging_mode));
	add(o, "init_pass", jbool(d->init_pass));
	add(o, "eint_pass", jbool(d->eint_pass));
	add(o, "nmi_pass", jbool(d->nmi_pass));
	add(o, "int_ctl", jint(d->int_ctl));
	add(o, "lint0_pass", jbool(d->lint0_pass));
	add(o, "lint1_pass", jbool(d->lint1_pass));
	return o;
}

static const char *dte_hint(int err)
{
	switch (err) {
	case -ENOENT:
		return "no AMD IOMMU debugfs: use a 6.17+ kernel with CONFIG_AMD_IOMMU_DEBUGFS=y and mount debugfs (mount -t debugfs none /sys/kernel/debug)";
	case -EACCES:
		return "debugfs is readable by root only: run as root";
	case -EPERM:
		return "kernel lockdown forbids debugfs files that can be written: the DTE cannot be read while lockdown is on";
	case -EBUSY:
		return "another process kept changing the debugfs devid selection: try again";
	case -ENODEV:
		return "no IOMMU translates this device (the IOMMU's own function, or not behind an IOMMU)";
	case -ENODATA:
		return "devtbl is empty, or holds the kernel's \"Enter a valid device ID\" answer";
	case -EINVAL:
		return "the devtbl row is not in the kernel's format";
	default:
		return host_strerror(err);
	}
}

/* Read and decode @b's DTE; on failure record why and return -errno. */
static int read_dte(struct ctx *c, const struct bdf *b, struct dte *d,
		    int *iommu_index)
{
	uint64_t raw[4];
	int err = c->debugfs_err;
	char name[BDF_STRLEN], *src;

	if (!err)
		err = host_read_dte(c->h, b, raw, iommu_index);
	if (!err) {
		dte_decode(raw, d);
		return 0;
	}
	/* a problem of the whole file is reported once, not per device */
	if (err == c->debugfs_err || (err != -ENODEV && err != -EBUSY && err != -EINVAL)) {
		ctx_unavailable(c, HOST_DEBUGFS_AMD "/devtbl", err, dte_hint(err));
		return err;
	}
	bdf_format(b, name);
	src = xasprintf(HOST_DEBUGFS_AMD "/devtbl (%s)", name);
	ctx_unavailable(c, src, err, dte_hint(err));
	free(src);
	if (err == -EBUSY)
		c->dte_contended = true;
	return err;
}

json_object *collect_dte(struct ctx *c, const struct bdf *b, int *err)
{
	struct dte d;
	uint64_t raw[4];
	int idx = -1;
	json_object *o;
	char name[BDF_STRLEN];

	*err = c->debugfs_err ? c->debugfs_err : host_read_dte(c->h, b, raw, &idx);
	if (*err) {
		if (*err == c->debugfs_err)
			ctx_unavailable(c, HOST_DEBUGFS_AMD "/devtbl", *err,
					dte_hint(*err));
		return NULL;
	}
	dte_decode(raw, &d);
	o = json_object_new_object();
	bdf_format(b, name);
	add(o, "bdf", json_object_new_string(name));
	add(o, "dte", dte_to_json(&d, idx, true));
	return o;
}

const char *dte_error_hint(int err)
{
	return dte_hint(err);
}

/* ---- IOMMUs ------------------------------------------------------------ */

static json_object *names_array(const char **names, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(names[i]));
	return a;
}

static json_object *iommu_debugfs(struct ctx *c, int index)
{
	json_object *o = json_object_new_object();
	uint64_t v;
	char *path, *text;
	unsigned head, tail;
	int err;

	err = host_read_mmio(c->h, index, 0x18, &v);
	if (!err) {
		const char *names[64];
		size_t n = control_bit_names(v, names, ARRAY_SIZE(names));

		add(o, "control", json_hex64(v));
		add(o, "control_bits", names_array(names, n));
	}
	if (!host_read_mmio(c->h, index, 0x30, &v))
		add(o, "mmio_efr", json_hex64(v));
	if (!host_read_mmio(c->h, index, 0x1a0, &v))
		add(o, "mmio_efr2", json_hex64(v));
	path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/mmio", index);
	/* ENOENT: the file, or only the offset (a capture without it) */
	if (err && (err != -ENOENT || !host_exists(c->h, path)))
		ctx_unreadable(c, path, err, "cannot read the MMIO registers");
	free(path);
	path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/cmdbuf", index);
	err = host_read_head(c->h, path, 256, &text);
	if (!err) {
		err = cmdbuf_head_tail(text, &head, &tail);
		if (!err) {
			add(o, "cmdbuf_head", jint(head));
			add(o, "cmdbuf_tail", jint(tail));
		}
		free(text);
	}
	if (err && err != -ENOENT)
		ctx_unreadable(c, path, err, "cannot read the command buffer head and tail");
	free(path);
	return o;
}

static json_object *caps_json(const struct amd_caps *k)
{
	json_object *o = json_object_new_object(), *why = json_object_new_object();

	add(o, "v2", jbool(k->v2));
	add(o, "pasid", jbool(k->pasid));
	add(o, "dirty_tracking", jbool(k->dirty_tracking));
	add(o, "nest_parent", jbool(k->nest_parent));
	add(why, "v2", json_str_or_null(k->why_not_v2));
	add(why, "pasid", json_str_or_null(k->why_not_pasid));
	add(why, "dirty_tracking", json_str_or_null(k->why_not_dirty));
	add(why, "nest_parent", json_str_or_null(k->why_not_nest));
	add(o, "missing", why);
	return o;
}

static const char *features_format_name(enum features_format f)
{
	switch (f) {
	case FEATURES_EFR:
		return "efr";
	case FEATURES_EFR2_EFR:
		return "efr2:efr";
	default:
		return "efr:efr2";
	}
}

static bool snp_enabled(struct ctx *c)
{
	/* The driver turns SNP on only when the host enables SEV-SNP. */
	return c->cmdline && strstr(c->cmdline, "mem_encrypt=on") &&
	       host_exists(c->h, "/sys/module/kvm_amd/parameters/sev_snp");
}

json_object *collect_iommus(struct ctx *c)
{
	json_object *arr = json_object_new_array();
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_CLASS_IOMMU, &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(c, SYS_CLASS_IOMMU, err, "cannot list IOMMUs");
	for (size_t i = 0; i < n; i++) {
		json_object *o;
		char *path, *text, *dev = NULL;
		int index;
		uint64_t efr = 0, efr2 = 0;
		enum features_format fmt;
		bool have_efr = false;

		if (sscanf(names[i], "ivhd%d", &index) != 1)
			continue;
		o = json_object_new_object();
		add(o, "name", json_object_new_string(names[i]));
		add(o, "index", jint(index));
		path = xasprintf(SYS_CLASS_IOMMU "/%s/device", names[i]);
		err = host_link_name(c->h, path, &dev);
		if (err && err != -ENOENT)
			ctx_unreadable(c, path, err, "cannot follow the link to the IOMMU's PCI function");
		free(path);
		add(o, "bdf", json_str_or_null(dev));
		{
			struct bdf b;

			add(o, "segment", dev && !bdf_parse(dev, &b) ? jint(b.seg) : NULL);
		}
		free(dev);

		path = xasprintf(SYS_CLASS_IOMMU "/%s/amd-iommu/cap", names[i]);
		err = host_read_line(c->h, path, &text);
		if (err) {
			ctx_unreadable(c, path, err, "cannot read the capability header");
		} else {
			uint64_t v;

			if (parse_hex_u64(text, &v) || v > UINT32_MAX) {
				ctx_unavailable(c, path, -EINVAL,
						"the capability header is not a 32-bit hex number");
			} else {
				struct amd_cap k;
				json_object *co = json_object_new_object();

				amd_cap_decode((uint32_t)v, &k);
				add(co, "raw", json_addr(k.raw));
				add(co, "id", jint(k.id));
				add(co, "type", jint(k.type));
				add(co, "rev", jint(k.rev));
				add(co, "iotlb_sup", jbool(k.iotlb_sup));
				add(co, "ht_tunnel", jbool(k.ht_tunnel));
				add(co, "np_cache", jbool(k.np_cache));
				add(co, "efr_sup", jbool(k.efr_sup));
				add(co, "cap_ext", jbool(k.cap_ext));
				add(o, "cap", co);
			}
			free(text);
		}
		free(path);

		path = xasprintf(SYS_CLASS_IOMMU "/%s/amd-iommu/features", names[i]);
		err = host_read_line(c->h, path, &text);
		if (!err) {
			have_efr = !features_parse(text, c->kmajor, c->kminor,
						   &efr, &efr2, &fmt);
			if (!have_efr)
				ctx_unavailable(c, path, EINVAL,
						"unrecognised features format");
			free(text);
		} else {
			ctx_unreadable(c, path, err, "cannot read EFR");
		}
		free(path);
		if (have_efr) {
			struct efr_info e;
			struct amd_caps k;
			const char *fn[64];
			size_t nf;

			efr_decode(efr, efr2, &e);
			amd_caps_compute(efr, efr2, c->cpu_la57, snp_enabled(c), &k);
			nf = efr_feature_names(efr, efr2, fn, ARRAY_SIZE(fn));
			add(o, "efr", json_hex64(efr));
			add(o, "efr2", json_hex64(efr2));
			add(o, "features_format", json_object_new_string(features_format_name(fmt)));
			add(o, "features", names_array(fn, nf));
			add(o, "hats", jint(e.hats));
			add(o, "gats", jint(e.gats));
			add(o, "host_levels", e.host_levels ? jint(e.host_levels) : NULL);
			add(o, "guest_levels", e.guest_levels ? jint(e.guest_levels) : NULL);
			add(o, "glx_sup", jint(e.glx_sup));
			add(o, "pas_max", jint(e.pas_max));
			add(o, "max_pasids", jint(e.max_pasids));
			add(o, "capabilities", caps_json(&k));
		} else {
			add(o, "efr", NULL);
			add(o, "efr2", NULL);
			add(o, "features", json_object_new_array());
			add(o, "capabilities", NULL);
		}
		if (!c->debugfs_err)
			add(o, "debugfs", iommu_debugfs(c, index));
		else
			add(o, "debugfs", NULL);
		json_object_array_add(arr, o);
	}
	strv_free(names, n);
	return arr;
}

/* ---- groups ------------------------------------------------------------ */

static const char *group_type(struct ctx *c, int group)
{
	char key[16], *path, *t;
	json_object *v;
	int err;

	snprintf(key, sizeof(key), "%d", group);
	if (json_object_object_get_ex(c->groups, key, &v))
		return json_object_get_string(v);
	path = xasprintf(SYS_GROUPS "/%d/type", group);
	err = host_read_line(c->h, path, &t);
	if (!err && !*t) {
		free(t);
		err = -ENODATA;
	}
	if (err) {
		ctx_unreadable(c, path, err, "cannot read the group type");
		t = NULL;
	}
	free(path);
	json_object_object_add(c->groups, key, json_str_or_null(t));
	free(t);
	json_object_object_get_ex(c->groups, key, &v);
	return v ? json_object_get_string(v) : NULL;
}

json_object *collect_groups(struct ctx *c)
{
	json_object *arr = json_object_new_array();
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_GROUPS, &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(c, SYS_GROUPS, err, "cannot list IOMMU groups");
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object(), *members;
		char *path, **devs = NULL, *end;
		size_t nd = 0;
		long id = strtol(names[i], &end, 10);
		const char *t;

		if (*end || id < 0) {
			json_object_put(o);
			continue;
		}
		t = group_type(c, (int)id);
		add(o, "group", jint(id));
		add(o, "type", json_str_or_null(t));
		path = xasprintf(SYS_GROUPS "/%ld/devices", id);
		host_list(c->h, path, &devs, &nd);
		free(path);
		members = json_object_new_array();
		for (size_t k = 0; k < nd; k++)
			json_object_array_add(members, json_object_new_string(devs[k]));
		add(o, "devices", members);
		add(o, "remark", nd > 1 ? json_object_new_string(
			"several devices: passthrough (VFIO) takes the whole group") : NULL);
		strv_free(devs, nd);
		json_object_array_add(arr, o);
	}
	strv_free(names, n);
	return arr;
}

/* ---- devices ----------------------------------------------------------- */

static bool filter_match(const struct device_filter *f, const char *bdf,
			 const char *iommu, const char *driver, int group)
{
	if (!f)
		return true;
	if (f->nbdfs) {
		bool hit = false;

		for (int i = 0; i < f->nbdfs; i++)
			hit |= !strcmp(f->bdfs[i], bdf);
		if (!hit)
			return false;
	}
	if (f->iommu && (!iommu || strcmp(f->iommu, iommu)))
		return false;
	if (f->driver && (!driver || strcmp(f->driver, driver)))
		return false;
	if (f->group >= 0 && f->group != group)
		return false;
	return true;
}

/* PASID/ATS/PRI state from config space, through libpci. */
static void pcie_caps(struct ctx *c, json_object *o, const struct bdf *b,
		      const char *name)
{
	char *path = xjoin(SYS_PCI "/", name, "/config", NULL), *cfg;
	size_t len = 0;
	int err = host_read_max(c->h, path, 4096, &cfg, &len);
	static const struct { const char *key; unsigned id; } caps[] = {
		{ "pasid", PCI_EXT_CAP_ID_PASID },
		{ "ats", PCI_EXT_CAP_ID_ATS },
		{ "pri", PCI_EXT_CAP_ID_PRI },
	};

	/*
	 * sysfs gives 64 bytes to a reader without CAP_SYS_ADMIN, and 256
	 * (conventional) or 4096 (PCIe) to root: any other size is a
	 * truncated copy.
	 */
	if (!err && len != 64 && len != 256 && len != 4096) {
		free(cfg);
		err = len ? -HOST_ETRUNC : -ENODATA;
	}
	if (err || len == 64) {
		for (size_t i = 0; i < ARRAY_SIZE(caps); i++)
			add(o, caps[i].key, NULL);
		if (!err)
			ctx_unavailable(c, SYS_PCI "/*/config", EACCES,
					"extended config space (PASID/ATS/PRI) needs root");
		else if (err == -HOST_ETRUNC)
			ctx_unavailable(c, path, err, "config space is truncated: "
					"not 64, 256 or 4096 bytes");
		else
			ctx_unreadable(c, path, err, "cannot read config space");
		if (!err)
			free(cfg);
		free(path);
		return;
	}
	free(path);
	{
		u8 buf[4096];
		struct pci_dev *d;

		memset(buf, 0xff, sizeof(buf));
		memcpy(buf, cfg, len);
		d = pci_get_dev(c->pacc, b->seg, b->bus, b->dev, b->fn);
		pci_setup_cache(d, buf, sizeof(buf));
		for (size_t i = 0; i < ARRAY_SIZE(caps); i++) {
			struct pci_cap *cap = len > 256 ?
				pci_find_cap(d, caps[i].id, PCI_CAP_EXTENDED) : NULL;
			json_object *co = json_object_new_object();
			unsigned ctl_off = caps[i].id == PCI_EXT_CAP_ID_PRI ? 4 : 6;
			unsigned ctl = cap ? pci_read_word(d, cap->addr + ctl_off) : 0;

			add(co, "supported", jbool(cap != NULL));
			add(co, "enabled", jbool(cap && (caps[i].id == PCI_EXT_CAP_ID_ATS ?
							 (ctl & 0x8000) : (ctl & 1))));
			if (cap && caps[i].id == PCI_EXT_CAP_ID_PASID) {
				unsigned capr = pci_read_word(d, cap->addr + 4);

				add(co, "exec", jbool(capr & 2));
				add(co, "priv", jbool(capr & 4));
				add(co, "max_width", jint((capr >> 8) & 0x1f));
			}
			add(o, caps[i].key, co);
		}
		pci_free_dev(d);
	}
	free(cfg);
}

/* "0x" and exactly @digits hex digits, as sysfs prints PCI IDs. */
static bool hex_id(const char *s, size_t digits)
{
	if (strncmp(s, "0x", 2) || strlen(s + 2) != digits)
		return false;
	return strspn(s + 2, "0123456789abcdefABCDEF") == digits;
}

/* An ID attribute (vendor, device, class) of @digits hex digits. */
static char *read_attr(struct ctx *c, const char *dev, const char *attr,
		       size_t digits)
{
	char *path = xjoin(SYS_PCI "/", dev, "/", attr, NULL), *v = NULL;
	int err = host_read_line(c->h, path, &v);

	if (!err && !hex_id(v, digits)) {
		free(v);
		err = -EINVAL;
	}
	if (err) {
		ctx_unreadable(c, path, err, "cannot read the PCI ID");
		v = NULL;
	}
	free(path);
	return v;
}

/* The basename of link @attr; NULL when there is none (unbound, no
 * IOMMU), or when it cannot be followed (recorded as unavailable). */
static char *link_attr(struct ctx *c, const char *dev, const char *attr)
{
	char *path = xjoin(SYS_PCI "/", dev, "/", attr, NULL), *v = NULL;
	int err = host_link_name(c->h, path, &v);

	if (!err && !strcmp(attr, "iommu_group") &&
	    (!*v || strspn(v, "0123456789") != strlen(v))) {
		ctx_unavailable(c, path, -EINVAL, "the link names no IOMMU group number");
		free(v);
		v = NULL;
	}
	/* not a link (EINVAL): the IOMMU's own function has an iommu/ directory */
	if (err && err != -ENOENT && err != -EINVAL)
		ctx_unreadable(c, path, err, "cannot follow the link");
	if (err)
		v = NULL;
	free(path);
	return v;
}

static json_object *vfio_cdev(struct ctx *c, const char *dev)
{
	char *path = xjoin(SYS_PCI "/", dev, "/vfio-dev", NULL), **v = NULL;
	size_t n = 0;
	json_object *o = NULL;

	if (!host_list(c->h, path, &v, &n))
		for (size_t i = 0; i < n && !o; i++)
			if (!strncmp(v[i], "vfio", 4)) {
				char *node = xasprintf("/dev/vfio/devices/%s", v[i]);

				o = json_object_new_string(node);
				free(node);
			}
	strv_free(v, n);
	free(path);
	return o;
}

static void append_device(json_object *dev, void *arr)
{
	json_object_array_add(arr, dev);
}

json_object *collect_devices(struct ctx *c, const struct device_filter *f)
{
	json_object *arr = json_object_new_array();

	collect_devices_each(c, f, append_device, arr);
	return arr;
}

void collect_devices_each(struct ctx *c, const struct device_filter *f,
			  device_sink *sink, void *arg)
{
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_PCI, &names, &n);

	if (err)
		ctx_unavailable(c, SYS_PCI, err, "cannot list PCI devices: is sysfs mounted?");
	for (size_t i = 0; i < n; i++) {
		struct bdf b;
		json_object *o;
		char *vendor, *device, *klass, *driver, *iommu, *grp;
		int group = -1;
		char namebuf[256];
		unsigned long vid = 0, did = 0;
		const char *gt = NULL;

		if (bdf_parse(names[i], &b))
			continue;
		driver = link_attr(c, names[i], "driver");
		iommu = link_attr(c, names[i], "iommu");
		grp = link_attr(c, names[i], "iommu_group");
		if (grp)
			group = atoi(grp);
		if (!filter_match(f, names[i], iommu, driver, group)) {
			free(driver), free(iommu), free(grp);
			continue;
		}
		vendor = read_attr(c, names[i], "vendor", 4);
		device = read_attr(c, names[i], "device", 4);
		klass = read_attr(c, names[i], "class", 6);
		if (vendor)
			vid = strtoul(vendor, NULL, 16);
		if (device)
			did = strtoul(device, NULL, 16);

		o = json_object_new_object();
		add(o, "bdf", json_object_new_string(names[i]));
		add(o, "vendor_id", json_str_or_null(vendor));
		add(o, "device_id", json_str_or_null(device));
		add(o, "class", json_str_or_null(klass));
		add(o, "name", vendor && device ?
		    json_object_new_string(pci_lookup_name(c->pacc, namebuf, sizeof(namebuf),
				PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE, (int)vid, (int)did)) : NULL);
		add(o, "driver", json_str_or_null(driver));
		add(o, "iommu", json_str_or_null(iommu));
		if (group >= 0)
			gt = group_type(c, group);
		add(o, "group", group >= 0 ? jint(group) : NULL);
		add(o, "group_type", json_str_or_null(gt));
		add(o, "vfio_cdev", vfio_cdev(c, names[i]));
		pcie_caps(c, o, &b, names[i]);
		if (iommu && !strncmp(iommu, "ivhd", 4)) {
			struct dte d;
			int idx = -1;

			add(o, "dte", read_dte(c, &b, &d, &idx) ? NULL : dte_to_json(&d, idx, false));
		} else {
			add(o, "dte", NULL);
		}
		sink(o, arg);
		free(vendor), free(device), free(klass), free(driver), free(iommu), free(grp);
	}
	strv_free(names, n);
}

/* ---- domains ----------------------------------------------------------- */

json_object *collect_domains(struct ctx *c)
{
	json_object *devs = collect_devices(c, NULL);
	json_object *byid = json_object_new_object(), *arr = json_object_new_array();
	size_t n = json_object_array_length(devs);

	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(devs, i), *dte, *v, *dom;
		char key[48];
		const char *cls;
		int id;

		if (!json_object_object_get_ex(d, "dte", &dte) || !dte)
			continue;
		json_object_object_get_ex(dte, "class", &v);
		cls = json_object_get_string(v);
		if (!strcmp(cls, "untranslated"))
			continue;
		json_object_object_get_ex(dte, "domain_id", &v);
		id = json_object_get_int(v);
		json_object_object_get_ex(dte, "iommu", &v);
		snprintf(key, sizeof(key), "%d/%d", v ? json_object_get_int(v) : -1, id);
		if (!json_object_object_get_ex(byid, key, &dom)) {
			dom = json_object_new_object();
			add(dom, "domain_id", jint(id));
			add(dom, "iommu", v ? jint(json_object_get_int(v)) : NULL);
			add(dom, "class", json_object_new_string(cls));
			add(dom, "devices", json_object_new_array());
			json_object_object_add(byid, key, dom);
			json_object_array_add(arr, json_object_get(dom));
		} else {
			json_object_object_get_ex(dom, "class", &v);
			if (strcmp(json_object_get_string(v), cls))
				add(dom, "class", json_object_new_string("mixed"));
		}
		json_object_object_get_ex(dom, "devices", &v);
		json_object_object_get_ex(d, "bdf", &d);
		json_object_array_add(v, json_object_get(d));
	}
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *dom = json_object_array_get_idx(arr, i), *v;
		const char *cls;

		json_object_object_get_ex(dom, "class", &v);
		cls = json_object_get_string(v);
		add(dom, "remark", !strcmp(cls, "v2") ? json_object_new_string(
			"V2 domains give each device its own DomainID: devices sharing a V2 domain show different ids") :
			!strcmp(cls, "blocked") ? json_object_new_string(
			"blocked entries carry no domain: the id is whatever firmware left") : NULL);
	}
	json_object_put(byid);
	json_object_put(devs);
	return arr;
}
