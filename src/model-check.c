// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `check`: gather the inputs of the readiness rules (check.h) through the
 * access layer, once for the host, then for each device, and build the
 * document.  What is read: the IOMMUs' sysfs cap and features, the IVRS
 * IVinfo, the IOMMU groups, /proc/interrupts, the iommufd and kvm_amd
 * module parameters, /dev/iommu, /proc/config.gz or /boot/config-R, the
 * CPU flags, the kernel log's IOMMU lines, and for every PCI function its
 * sysfs link (the parent bridge is the path component above it), config
 * space, driver, IOMMU and group, which pacs_group() turns into the
 * reasons of the grouping.  A snapshot records all of it (the record
 * hook of cmd-check.c), so --snapshot replays `check` exactly.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-ivrs.h"
#include "acpi.h"
#include "check.h"
#include "efr.h"
#include "errors.h"
#include "hex.h"
#include "host-text.h"
#include "json.h"
#include "kmsg.h"
#include "model-check.h"
#include "model.h"
#include "util.h"

#define SYS_PCI "/sys/bus/pci/devices"
#define SYS_GROUPS "/sys/kernel/iommu_groups"
#define SYS_CLASS_IOMMU "/sys/class/iommu"
#define IVRS "/sys/firmware/acpi/tables/IVRS"
#define MADT "/sys/firmware/acpi/tables/APIC"
#define KCONFIG_MAX (16u << 20)

/* One PCI function, as every rule and pacs_group() need it. */
struct func {
	char name[BDF_STRLEN];
	struct bdf b;
	char *cfg;
	size_t cfg_len;    /* 0 when unreadable */
	char *driver, *iommu;
	int group;
	char parent_name[BDF_STRLEN]; /* "" on a root bus */
	int parent;        /* its index, -1 on a root bus */
};

struct iommu_cap {
	char name[16];
	int index;         /* N of ivhdN */
	bool have_cap;
	uint32_t cap;
};

struct gather {
	struct ctx *c;
	struct check_host_in h;
	struct kconfig kc;
	char *kc_source;
	char **klog;
	size_t nklog;
	char *iommu_names, *efr_source;
	struct iommu_cap *iommus;
	size_t niommus;
	struct func *f;
	size_t nf;
	struct pacs_func *pf;
	struct pacs_result *pr;
	bool acs_known;
	char *groups_type;
	/* the IVRS as the 7.3 driver reads it (acpi-ivrs.h, ivrs-diag.h) */
	uint8_t *ivrs_raw;
	size_t ivrs_len;
	struct ivrs *ivrs;
	struct ivrs_view *view;
	struct ivrs_findings findings;
	struct madt madt;
	bool have_madt;
};

/* ---- host ------------------------------------------------------------------------ */

static void gather_iommus(struct gather *g)
{
	struct ctx *c = g->c;
	char **names = NULL;
	size_t n = 0, len = 0;
	int err = host_list(c->h, SYS_CLASS_IOMMU, &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(c, SYS_CLASS_IOMMU, err, "cannot list IOMMUs");
	g->iommu_names = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		struct iommu_cap *ic;
		char *path, *text = NULL;
		uint64_t v;

		if (strncmp(names[i], "ivhd", 4) || strlen(names[i]) >= sizeof(ic->name))
			continue;
		g->iommus = xrealloc(g->iommus, (g->niommus + 1) * sizeof(*g->iommus));
		ic = &g->iommus[g->niommus++];
		snprintf(ic->name, sizeof(ic->name), "%s", names[i]);
		ic->index = atoi(names[i] + 4);
		ic->have_cap = false;
		path = xasprintf(SYS_CLASS_IOMMU "/%s/amd-iommu/cap", names[i]);
		err = host_read_line(c->h, path, &text);
		if (err)
			ctx_unreadable(c, path, err, "cannot read the capability header");
		else if (!parse_hex_u64(text, &v) && v <= UINT32_MAX)
			ic->have_cap = true, ic->cap = (uint32_t)v;
		free(text);
		free(path);
		g->iommu_names = xrealloc(g->iommu_names, len + strlen(names[i]) + 2);
		len += (size_t)sprintf(g->iommu_names + len, "%s%s", len ? " " : "", names[i]);
		if (g->h.have_efr || g->efr_source)
			continue;
		/* the features of any IOMMU are the global amd_iommu_efr/efr2 */
		g->efr_source = xasprintf(SYS_CLASS_IOMMU "/%s/amd-iommu/features", names[i]);
		err = host_read_line(c->h, g->efr_source, &text);
		if (err) {
			ctx_unreadable(c, g->efr_source, err, "cannot read EFR");
			continue;
		}
		g->h.have_efr = !features_parse(text, c->facts.kmajor, c->facts.kminor,
						&g->h.efr, &g->h.efr2, &(enum features_format){ 0 });
		if (!g->h.have_efr)
			ctx_unavailable(c, g->efr_source, EINVAL, "unrecognised features format");
		free(text);
	}
	strv_free(names, n);
	g->h.n_iommus = (int)g->niommus;
	g->h.iommu_names = g->iommu_names;
	g->h.efr_source = g->efr_source;
}

/* The IVRS bytes (decoded once the PCI functions are known) and the MADT. */
static void gather_ivrs(struct gather *g)
{
	char *buf = NULL;
	size_t len = 0;
	int err;

	g->h.ivrs = host_exists(g->c->h, IVRS);
	if (!g->h.ivrs)
		return;
	err = host_read_max(g->c->h, IVRS, 1 << 20, &buf, &len);
	if (err) {
		ctx_unreadable(g->c, IVRS, err, "cannot read the IVRS table");
		return;
	}
	g->ivrs_raw = (uint8_t *)buf;
	g->ivrs_len = len;
	err = host_read_max(g->c->h, MADT, 1 << 20, &buf, &len);
	if (!err) {
		g->have_madt = !madt_decode((const uint8_t *)buf, len, &g->madt);
		free(buf);
	} else if (err != -ENOENT) {
		ctx_unreadable(g->c, MADT, err, "cannot read the MADT (IOAPIC findings)");
	}
}

/* The most common group type (status counts them the same way). */
static void gather_groups(struct gather *g)
{
	struct { const char *type; size_t n; } t[8];
	size_t nt = 0, best = 0, ng = 0;
	char **names = NULL;
	size_t n = 0;
	int err = host_list(g->c->h, SYS_GROUPS, &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(g->c, SYS_GROUPS, err, "cannot list IOMMU groups");
	for (size_t i = 0; i < n; i++) {
		char *end;
		long id = strtol(names[i], &end, 10);
		const char *type;
		size_t k;

		if (*end || end == names[i] || id < 0 || id > 1 << 30)
			continue;
		ng++;
		if (!(type = group_type(g->c, (int)id)))
			continue;
		for (k = 0; k < nt && strcmp(t[k].type, type); k++)
			;
		if (k == nt && nt < ARRAY_SIZE(t))
			t[nt++] = (typeof(t[0])){ type, 0 };
		if (k < nt)
			t[k].n++;
	}
	strv_free(names, n);
	for (size_t k = 1; k < nt; k++)
		if (t[k].n > t[best].n)
			best = k;
	if (nt) {
		g->groups_type = xstrdup(t[best].type);
		g->h.groups_of_type = t[best].n;
	}
	g->h.groups_type = g->groups_type;
	g->h.n_groups = ng;
}

static bool parse_config_text(struct gather *g, char *text, const char *source)
{
	if (kconfig_parse(text, &g->kc)) {
		kconfig_free(&g->kc);
		ctx_unavailable(g->c, source, EINVAL, "not a kernel configuration");
		return false;
	}
	g->kc_source = xstrdup(source);
	g->h.kconfig = &g->kc;
	g->h.kconfig_source = g->kc_source;
	return true;
}

/* /proc/config.gz (CONFIG_IKCONFIG_PROC), else /boot/config-RELEASE. */
static void gather_kconfig(struct gather *g)
{
	struct host *h = g->c->h;
	char *buf = NULL, *text = NULL, *path;
	size_t len = 0;
	int err = host_read_max(h, "/proc/config.gz", 4 << 20, &buf, &len);

	if (!err) {
		err = kconfig_gunzip(buf, len, KCONFIG_MAX, &text, NULL);
		free(buf);
		if (err)
			ctx_unavailable(g->c, "/proc/config.gz", err, "not a gzip-compressed kernel configuration");
		else if (parse_config_text(g, text, "/proc/config.gz")) {
			free(text);
			return;
		}
		free(text);
	} else if (err != -ENOENT) {
		ctx_unreadable(g->c, "/proc/config.gz", err, "cannot read the kernel configuration");
	}
	if (!g->c->facts.kernel_release)
		return;
	path = xjoin("/boot/config-", g->c->facts.kernel_release, NULL);
	err = host_read_max(h, path, KCONFIG_MAX, &buf, NULL);
	if (!err) {
		parse_config_text(g, buf, path);
		free(buf);
	} else if (err != -ENOENT) {
		ctx_unreadable(g->c, path, err, "cannot read the kernel configuration");
	}
	free(path);
}

static void gather_cpu_and_params(struct gather *g)
{
	struct host *h = g->c->h;
	char *s = NULL;
	int err;

	g->h.cpu_sev_snp = -1;
	if (!host_read_head(h, "/proc/cpuinfo", 1 << 22, &s)) {
		struct cpu_flags cf;

		if (!host_text_cpuinfo(s, &cf))
			g->h.cpu_sev_snp = cf.sev_snp;
		free(s);
	}
	g->h.kvm_sev_snp = -1;
	err = host_read_line(h, "/sys/module/kvm_amd/parameters/sev_snp", &s);
	if (!err) {
		int v = host_text_param_bool(s);

		g->h.kvm_sev_snp = v < 0 ? -1 : v;
		free(s);
	} else if (err != -ENOENT) {
		ctx_unreadable(g->c, "/sys/module/kvm_amd/parameters/sev_snp", err,
			       "cannot read whether SEV-SNP is on");
	}
	g->h.unsafe_interrupts = facts_unsafe_interrupts(&g->c->facts);
	g->h.dev_iommu = host_exists(h, "/dev/iommu");
}

/* The kernel log's IOMMU messages (what a snapshot keeps of the log). */
static void gather_klog(struct gather *g)
{
	char *buf = NULL;
	size_t len = 0, in = 0;
	int err = host_read_kmsg(g->c->h, &buf, &len);

	if (err) {
		if (err != -ENOENT)
			ctx_unreadable(g->c, "/dev/kmsg", err, "cannot read the kernel log");
		return;
	}
	len = kmsg_keep_iommu(buf, len);
	while (in < len) {
		size_t end = kmsg_record_end(buf, len, in);
		struct kmsg_rec k;

		if (!kmsg_parse_record(buf + in, end - in, &k)) {
			g->klog = xrealloc(g->klog, (g->nklog + 1) * sizeof(*g->klog));
			g->klog[g->nklog++] = xstrndup(k.msg, k.msg_len);
		}
		in = end;
	}
	free(buf);
	g->h.klog.msgs = (const char *const *)g->klog;
	g->h.klog.n = g->nklog;
	g->h.klog.read = true;
}

/* ---- PCI functions ------------------------------------------------------------------ */

static char *link_basename(struct ctx *c, const char *dev, const char *attr)
{
	char *path = xjoin(SYS_PCI "/", dev, "/", attr, NULL), *v = NULL;
	int err = host_link_name(c->h, path, &v);

	/* not a link (EINVAL): the IOMMU's own function has an iommu/ directory */
	if (err && err != -ENOENT && err != -EINVAL)
		ctx_unreadable(c, path, err, "cannot follow the link");
	free(path);
	return err ? NULL : v;
}

/* The bridge above @name: the sysfs path component before the function's
 * own (".../pci0000:00/0000:00:01.1/0000:01:00.0"); "" on a root bus. */
static void parent_of(struct ctx *c, const char *name, char parent[BDF_STRLEN])
{
	char *path = xjoin(SYS_PCI "/", name, NULL), *t = NULL, *last, *prev;
	int err = host_readlink(c->h, path, &t);
	struct bdf b;

	parent[0] = '\0';
	if (err) {
		ctx_unreadable(c, path, err, "cannot follow the link to the device's sysfs path");
	} else if ((last = strrchr(t, '/'))) {
		*last = '\0';
		prev = strrchr(t, '/');
		prev = prev ? prev + 1 : t;
		if (!bdf_parse(prev, &b))
			bdf_format(&b, parent);
	}
	free(t);
	free(path);
}

static void read_config(struct ctx *c, struct func *f)
{
	char *path = xjoin(SYS_PCI "/", f->name, "/config", NULL);
	size_t len = 0;
	int err = host_read_max(c->h, path, 4096, &f->cfg, &len);

	/* as model-device.c: 64 bytes without CAP_SYS_ADMIN, 256 or 4096 to root */
	if (!err && len != 64 && len != 256 && len != 4096)
		err = len ? -HOST_ETRUNC : -ENODATA;
	if (!err && len == 64)
		ctx_unavailable(c, SYS_PCI "/*/config", EACCES,
				"extended config space (PASID/ATS/PRI, ACS) needs root");
	else if (err == -HOST_ETRUNC)
		ctx_unavailable(c, path, err, "config space is truncated: not 64, 256 or 4096 bytes");
	else if (err)
		ctx_unreadable(c, path, err, "cannot read config space");
	if (err) {
		free(f->cfg);
		f->cfg = NULL;
		len = 0;
	}
	f->cfg_len = len;
	free(path);
}

static int cmp_func_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct func *)elem)->name);
}

static int find_func(const struct gather *g, const char *name)
{
	const struct func *f = g->nf ? bsearch(name, g->f, g->nf, sizeof(*g->f), cmp_func_name) : NULL;

	return f ? (int)(f - g->f) : -1;
}

static int cmp_func(const void *a, const void *b)
{
	return strcmp(((const struct func *)a)->name, ((const struct func *)b)->name);
}

static void gather_functions(struct gather *g)
{
	struct ctx *c = g->c;
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_PCI, &names, &n);

	if (err)
		ctx_unavailable(c, SYS_PCI, err, "cannot list PCI devices: is sysfs mounted?");
	g->f = xzalloc((n ? n : 1) * sizeof(*g->f));
	for (size_t i = 0; i < n; i++) {
		struct func *f = &g->f[g->nf];
		char *grp;

		if (bdf_parse(names[i], &f->b))
			continue;
		bdf_format(&f->b, f->name);
		read_config(c, f);
		f->driver = link_basename(c, names[i], "driver");
		f->iommu = link_basename(c, names[i], "iommu");
		grp = link_basename(c, names[i], "iommu_group");
		f->group = grp && *grp && strspn(grp, "0123456789") == strlen(grp) ? atoi(grp) : -1;
		free(grp);
		parent_of(c, names[i], f->parent_name);
		g->nf++;
	}
	strv_free(names, n);
	/* by canonical name, for find_func() */
	qsort(g->f, g->nf, sizeof(*g->f), cmp_func);
	for (size_t i = 0; i < g->nf; i++)
		g->f[i].parent = g->f[i].parent_name[0] ? find_func(g, g->f[i].parent_name) : -1;
}

static uint32_t pci_class_of(const struct func *f);

/*
 * The driver's view of the IVRS on this machine: each IOMMU's own EFR
 * copy, the alias table, the findings (ivrs_view_build(),
 * ivrs_findings()).  Needs the functions and the IOMMUs' cap.
 */
static void gather_ivrs_view(struct gather *g)
{
	struct ivrs_machine m = { .kcmdline = &g->c->facts.kcl, .have_fn = true };
	struct ivrs_pci_fn *fn = xzalloc((g->nf ? g->nf : 1) * sizeof(*fn));
	struct ivrs_iommu_hw *hw;
	size_t nhw = 0;

	if (!g->ivrs_raw)
		goto out;
	if (ivrs_decode(g->ivrs_raw, g->ivrs_len, &g->ivrs)) {
		ctx_unavailable(g->c, IVRS, EINVAL, "the IVRS table cannot be decoded");
		g->ivrs = NULL;
		goto out;
	}
	for (size_t i = 0; i < g->nf; i++) {
		const unsigned char *p = (const unsigned char *)g->f[i].cfg;
		uint32_t cl = pci_class_of(&g->f[i]);

		fn[i].seg = g->f[i].b.seg;
		fn[i].devid = bdf_devid(&g->f[i].b);
		fn[i].class_code = cl == 0xffffffffu ? 0 : cl;
		if (g->f[i].cfg_len >= 4) {
			fn[i].vendor = (uint16_t)(p[0] | p[1] << 8);
			fn[i].device = (uint16_t)(p[2] | p[3] << 8);
		}
	}
	for (size_t i = 0; i < g->niommus; i++)
		if ((size_t)g->iommus[i].index + 1 > nhw)
			nhw = (size_t)g->iommus[i].index + 1;
	hw = xzalloc((nhw ? nhw : 1) * sizeof(*hw));
	for (size_t i = 0; i < g->niommus; i++) {
		struct ivrs_iommu_hw *x = &hw[g->iommus[i].index];

		x->have_cap = g->iommus[i].have_cap;
		x->cap = g->iommus[i].cap;
		x->have_mmio = !g->c->facts.debugfs_err &&
			       !host_read_mmio(g->c->h, g->iommus[i].index, 0x30, &x->mmio_efr) &&
			       !host_read_mmio(g->c->h, g->iommus[i].index, 0x1a0, &x->mmio_efr2);
	}
	m.fn = fn;
	m.nfn = g->nf;
	m.madt = g->have_madt ? &g->madt : NULL;
	m.iommu = hw;
	m.niommu = nhw;
	m.have_features = g->h.have_efr;
	m.features_efr = g->h.efr;
	m.features_efr2 = g->h.efr2;
	if (ivrs_view_build(g->ivrs, &m, &g->view) ||
	    ivrs_findings(g->ivrs, &m, g->view, &g->findings)) {
		fputs("amdiommuctl: out of memory\n", stderr);
		exit(EXIT_ERROR);
	}
	g->h.findings = &g->findings;
	free(hw);
out:
	free(fn);
}

/* pacs_group() over every function, with the IVRS aliases. */
static void group_functions(struct gather *g)
{
	struct pacs_host ph = { .ivrs_present = g->h.ivrs };

	g->pf = xzalloc((g->nf ? g->nf : 1) * sizeof(*g->pf));
	g->pr = xzalloc((g->nf ? g->nf : 1) * sizeof(*g->pr));
	g->acs_known = true;
	for (size_t i = 0; i < g->nf; i++) {
		struct func *f = &g->f[i];

		const struct ivrs_view_fn *vf = g->view ?
			ivrs_view_find(g->view, f->b.seg, bdf_devid(&f->b)) : NULL;

		g->pf[i] = (struct pacs_func){ f->b.seg, f->b.bus, f->b.dev, f->b.fn,
					       (const uint8_t *)f->cfg, f->cfg_len, f->parent,
					       vf && vf->alias != vf->fn.devid ? vf->alias : -1 };
		g->acs_known &= f->cfg_len >= 256;
	}
	if (g->acs_known && pacs_group(g->pf, g->nf, &ph, g->pr))
		g->acs_known = false;
}

/* ---- one device ----------------------------------------------------------------------- */

static uint32_t pci_class_of(const struct func *f)
{
	const unsigned char *p = (const unsigned char *)f->cfg;

	if (f->cfg_len < 12)
		return 0xffffffffu;
	return (uint32_t)p[9] | (uint32_t)p[10] << 8 | (uint32_t)p[11] << 16;
}

/* Every function but bridges (class 0x06) and IOMMUs (0x0806). */
static bool checked_by_default(const struct func *f)
{
	uint32_t cl = pci_class_of(f);

	return cl == 0xffffffffu || (cl >> 16 != 0x06 && cl >> 8 != 0x0806);
}

static int iommu_iotlb(const struct gather *g, const char *iommu)
{
	for (size_t i = 0; iommu && i < g->niommus; i++)
		if (!strcmp(g->iommus[i].name, iommu) && g->iommus[i].have_cap)
			return (g->iommus[i].cap >> 24) & 1; /* IOMMU_CAP_IOTLB */
	return -1;
}

/* The IOMMU's own feature copy, from the IVRS model (ivrs-resolve.c). */
static void iommu_features(const struct gather *g, const char *iommu, struct check_dev_in *d)
{
	unsigned n;

	if (!g->view || !iommu || sscanf(iommu, "ivhd%u", &n) != 1 || n >= g->view->efr.n)
		return;
	d->features_known = true;
	d->features = g->view->efr.iommu[n].features;
	d->features_why = g->view->efr.iommu[n].image_used ? NULL : g->view->efr.iommu[n].why_unused;
}

/* The other members of @f's group, from sysfs; NULL when none. */
static struct check_member *group_members(struct gather *g, const struct func *f, size_t *n)
{
	char path[64], **names = NULL;
	size_t nn = 0;
	struct check_member *m = NULL;
	int err;

	*n = 0;
	if (f->group < 0)
		return NULL;
	snprintf(path, sizeof(path), SYS_GROUPS "/%d/devices", f->group);
	err = host_list(g->c->h, path, &names, &nn);
	if (err)
		ctx_unreadable(g->c, path, err, "cannot list the group's devices");
	for (size_t i = 0; i < nn; i++) {
		int k = find_func(g, names[i]);

		if (!strcmp(names[i], f->name))
			continue;
		m = xrealloc(m, (*n + 1) * sizeof(*m));
		snprintf(m[*n].bdf, sizeof(m[*n].bdf), "%s", names[i]);
		m[*n].driver = k >= 0 ? g->f[k].driver : NULL;
		(*n)++;
	}
	strv_free(names, nn);
	return m;
}

/* pacs_group()'s members of @i's group are the sysfs members. */
static bool acs_matches(const struct gather *g, size_t i, const struct check_member *m, size_t nm)
{
	size_t same = 0;

	for (size_t j = 0; j < g->nf; j++) {
		bool listed = false;

		if (j == i || g->pr[j].group != g->pr[i].group)
			continue;
		same++;
		for (size_t k = 0; k < nm && !listed; k++)
			listed = !strcmp(m[k].bdf, g->f[j].name);
		if (!listed)
			return false;
	}
	return same == nm;
}

static const char *dte_class_of(struct gather *g, const struct func *f, char *buf, size_t len)
{
	struct dte d;
	int idx;

	if (!f->iommu || g->c->facts.debugfs_err || read_dte(g->c, &f->b, &d, &idx))
		return NULL;
	snprintf(buf, len, "%s", dte_class_name(d.cls));
	return buf;
}

static json_object *verdicts_json(const enum check_verdict *v, unsigned purposes)
{
	json_object *o = json_object_new_object();

	for (int p = CHECK_PASSTHROUGH; p < CHECK_NPURPOSES; p++)
		if (purposes & CHECK_FOR(p))
			json_object_object_add(o, check_purpose_name(p),
					       json_object_new_string(check_verdict_name(v[p])));
	return o;
}

static void count(const struct check_list *l, size_t counts[4])
{
	for (size_t i = 0; i < l->n; i++)
		counts[l->v[i].verdict]++;
}

static json_object *one_device(struct gather *g, size_t i, const struct check_opts *o,
			       const struct check_list *host, size_t counts[4], int *tool_err)
{
	const struct func *f = &g->f[i];
	struct check_dev_in d = { .group = f->group };
	struct check_list l = { 0 };
	enum check_verdict v[CHECK_NPURPOSES];
	json_object *obj = json_object_new_object(), *probe = NULL;
	char dte_buf[16], *cdev = facts_vfio_cdev(g->c->h, f->name);
	struct check_member *m;

	snprintf(d.bdf, sizeof(d.bdf), "%s", f->name);
	d.pci_class = pci_class_of(f);
	d.driver = f->driver;
	d.iommu = f->iommu;
	d.group_type = f->group >= 0 ? group_type(g->c, f->group) : NULL;
	d.vfio_cdev = cdev;
	d.dte_class = dte_class_of(g, f, dte_buf, sizeof(dte_buf));
	d.iommu_iotlb = iommu_iotlb(g, f->iommu);
	iommu_features(g, f->iommu, &d);
	d.caps_known = f->cfg_len >= 256;
	if (d.caps_known)
		pcie_caps_decode(g->c->pacc, &f->b, (const uint8_t *)f->cfg, f->cfg_len, &d.caps);
	m = group_members(g, f, &d.nmembers);
	d.members = m;
	d.acs_known = g->acs_known;
	if (d.acs_known) {
		d.acs = g->pr[i];
		d.acs_matches = acs_matches(g, i, m, d.nmembers);
		d.acs_culprit = d.acs.culprit >= 0 ? g->f[d.acs.culprit].name : NULL;
	}

	check_device(&g->h, &d, &l);
	if (o->probe)
		probe = check_probe(g->c, &g->h, &d, o, &l, tool_err);
	check_purpose_verdicts(host, &l, o->purposes, v);
	count(&l, counts);

	json_add(obj, "bdf", json_object_new_string(f->name));
	json_add(obj, "pci_class", d.pci_class == 0xffffffffu ? NULL : json_hexn(d.pci_class, 6));
	json_add(obj, "driver", json_str_or_null(f->driver));
	json_add(obj, "iommu", json_str_or_null(f->iommu));
	json_add(obj, "group", f->group >= 0 ? json_new_int(f->group) : NULL);
	json_add(obj, "group_type", json_str_or_null(d.group_type));
	json_add(obj, "vfio_cdev", json_str_or_null(cdev));
	json_add(obj, "verdicts", verdicts_json(v, o->purposes));
	json_add(obj, "checks", check_list_json(&l));
	json_add(obj, "probe", probe);
	check_list_free(&l);
	free(m);
	free(cdev);
	return obj;
}

static void gather_free(struct gather *g)
{
	for (size_t i = 0; i < g->nf; i++) {
		free(g->f[i].cfg);
		free(g->f[i].driver);
		free(g->f[i].iommu);
	}
	free(g->f);
	free(g->pf);
	free(g->pr);
	if (g->h.kconfig)
		kconfig_free(&g->kc);
	free(g->kc_source);
	strv_free(g->klog, g->nklog);
	free(g->iommu_names);
	free(g->efr_source);
	free(g->iommus);
	free(g->groups_type);
	free(g->ivrs_raw);
	ivrs_view_free(g->view);
	ivrs_free(g->ivrs);
	ivrs_findings_free(&g->findings);
}

static json_object *purposes_json(unsigned purposes)
{
	json_object *a = json_object_new_array();

	for (int p = CHECK_PASSTHROUGH; p < CHECK_NPURPOSES; p++)
		if (purposes & CHECK_FOR(p))
			json_object_array_add(a, json_object_new_string(check_purpose_name(p)));
	return a;
}

struct check_run {
	struct gather g;
	const struct check_opts *o;
	struct check_list host;
	size_t counts[CHECK_NVERDICTS];
	int tool_err;
	size_t next;   /* the next function (all) or the next named BDF */
};

struct check_run *check_begin(struct ctx *c, const struct check_opts *o, json_object **head)
{
	struct check_run *r = xzalloc(sizeof(*r));
	struct gather *g = &r->g;

	r->o = o;
	g->c = c;
	g->h.f = &c->facts;
	g->h.purposes = o->purposes;
	gather_iommus(g);
	gather_ivrs(g);
	gather_groups(g);
	if (c->facts.cmdline_err)
		ctx_unreadable(c, "/proc/cmdline", c->facts.cmdline_err,
			       "cannot read the kernel command line");
	g->h.ir = facts_ir(&c->facts);
	g->h.ir_source = c->facts.ir_source;
	g->h.ir_detail = c->facts.ir_detail;
	gather_kconfig(g);
	gather_cpu_and_params(g);
	gather_klog(g);
	gather_functions(g);
	gather_ivrs_view(g);
	group_functions(g);

	check_host(&g->h, &r->host);
	count(&r->host, r->counts);
	*head = json_object_new_object();
	json_add(*head, "kernel", json_str_or_null(c->facts.kernel_release));
	json_add(*head, "purposes", purposes_json(o->purposes));
	json_add(*head, "host", check_list_json(&r->host));
	return r;
}

json_object *check_next(struct check_run *r)
{
	const struct check_opts *o = r->o;
	struct gather *g = &r->g;

	while (o->nbdfs && r->next < (size_t)o->nbdfs) {
		const char *name = o->bdfs[r->next++];
		int i = find_func(g, name);

		if (i >= 0)
			return one_device(g, (size_t)i, o, &r->host, r->counts, &r->tool_err);
		fprintf(stderr, "amdiommuctl: %s: no such PCI device\n", name);
		ctx_unavailable(g->c, name, ENODEV, "no such PCI device");
	}
	while (!o->nbdfs && r->next < g->nf) {
		size_t i = r->next++;

		if (checked_by_default(&g->f[i]))
			return one_device(g, i, o, &r->host, r->counts, &r->tool_err);
	}
	return NULL;
}

json_object *check_end(struct check_run *r, size_t counts[4], int *tool_err)
{
	json_object *sum = json_object_new_object();

	for (int v = 0; v < CHECK_NVERDICTS; v++) {
		static const char *const keys[] = { "pass", "warn", "fail", "skip" };

		json_object_object_add(sum, keys[v], json_new_int((int64_t)r->counts[v]));
		counts[v] = r->counts[v];
	}
	*tool_err = r->tool_err;
	check_list_free(&r->host);
	gather_free(&r->g);
	free(r);
	return sum;
}

json_object *collect_check(struct ctx *c, const struct check_opts *o, size_t counts[4],
			   int *tool_err)
{
	json_object *doc, *devs = json_object_new_array(), *d;
	struct check_run *r = check_begin(c, o, &doc);

	while ((d = check_next(r)))
		json_object_array_add(devs, d);
	json_add(doc, "devices", devs);
	json_add(doc, "summary", check_end(r, counts, tool_err));
	return doc;
}
