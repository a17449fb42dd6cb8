// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IVRS table in the model: read it (the host's, through the access
 * layer, or a user's file), fill struct ivrs_machine from what the host
 * shows (MADT and HPET tables, PCI functions, the parsed command line,
 * DMI, each IOMMU's cap and MMIO EFR, sysfs features, reserved regions),
 * then decode, resolve and diagnose with the pure ivrs-*.c functions.
 * `show ivrs` prints the result, `status` explains its "no"s with the
 * findings, `show iommus` and the alloc predictor take the EFR the driver
 * uses from it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi-ivrs.h"
#include "acpi.h"
#include "efr.h"
#include "hex.h"
#include "ivrs-diag.h"
#include "ivrs-json.h"
#include "json.h"
#include "model.h"
#include "util.h"

#define ACPI_TABLES "/sys/firmware/acpi/tables/"
#define SYS_PCI "/sys/bus/pci/devices"
#define SYS_IOMMU "/sys/class/iommu"
#define FILE_MAX (64u << 20)  /* acpidump of a large server */
#define TABLE_MAX (1u << 20)  /* one ACPI table */
#define MAX_IOMMU_INDEX 255

struct ivrs_report_priv {
	struct ivrs_machine m;
	struct madt madt;
	uint8_t hpet_id;
	struct ivrs_pci_fn *fn;
	struct ivrs_iommu_hw *hw;
	struct ivrs_fn_resv *resv;
	struct ivrs_resv_region **regions; /* per group, to free */
	size_t nregions;
	struct kcmdline kcl;               /* --cmdline */
	bool own_kcl;
	char *dmi_vendor, *dmi_product;
};

/* ---- reading tables ------------------------------------------------------ */

/* A user's file (not the host: --file names a table from anywhere). */
static int slurp(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0;
	uint8_t *b = NULL;

	if (!f)
		return -errno;
	for (;;) {
		size_t r;

		if (n == cap) {
			if (cap >= FILE_MAX) {
				fclose(f);
				free(b);
				return -EFBIG;
			}
			cap = cap ? cap * 2 : 65536;
			b = xrealloc(b, cap + 1);
		}
		r = fread(b + n, 1, cap - n, f);
		if (!r)
			break;
		n += r;
	}
	if (ferror(f)) {
		int err = -EIO;

		fclose(f);
		free(b);
		return err;
	}
	fclose(f);
	if (!b)
		b = xmalloc(1);
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

/*
 * The table @sig out of @data (a raw table, or acpidump/xxd/hexdump -C
 * text): 0 with *out and *n, -ENOENT when the text holds no such table,
 * -EINVAL with *bad_line for a malformed hex line.
 */
static int extract(const uint8_t *data, size_t len, const char *sig, uint8_t **out,
		   size_t *n, size_t *bad_line)
{
	long r = acpi_table_extract(data, len, sig, NULL, 0, bad_line);
	uint8_t *b;

	if (r < 0)
		return (int)r;
	b = xmalloc((size_t)r ? (size_t)r : 1);
	acpi_table_extract(data, len, sig, b, (size_t)r, bad_line);
	*out = b;
	*n = (size_t)r;
	return 0;
}

/* A table of the host, /sys/firmware/acpi/tables/SIG: 0, or -errno. */
static int host_table(struct ctx *c, const char *sig, uint8_t **out, size_t *n)
{
	char *path = xasprintf(ACPI_TABLES "%s", sig), *buf = NULL;
	int err = host_read_max(c->h, path, TABLE_MAX, &buf, n);

	if (err && err != -ENOENT)
		ctx_unreadable(c, path, err, "cannot read the ACPI table");
	free(path);
	*out = (uint8_t *)buf;
	return err;
}

/* ---- the machine ---------------------------------------------------------- */

static int read_hex_attr(struct ctx *c, const char *path, uint64_t *v)
{
	char *s;
	int err = host_read_line(c->h, path, &s);

	if (err)
		return err;
	err = parse_hex_u64(s, v) ? -EINVAL : 0;
	free(s);
	return err;
}

static void add_madt(struct ctx *c, struct ivrs_report *r, const uint8_t *p, size_t n,
		     const char *source)
{
	struct ivrs_report_priv *x = r->priv;

	if (madt_decode(p, n, &x->madt)) {
		ctx_unavailable(c, source, -EINVAL, "not an ACPI APIC table (MADT): no IOAPIC cross-check");
		return;
	}
	x->m.madt = &x->madt;
	r->madt = &x->madt;
	r->src_apic = source;
}

static void add_hpet(struct ctx *c, struct ivrs_report *r, const uint8_t *p, size_t n,
		     const char *source)
{
	struct ivrs_report_priv *x = r->priv;
	int id = acpi_hpet_number(p, n);

	if (id < 0) {
		ctx_unavailable(c, source, -EINVAL, "not an ACPI HPET table: no HPET cross-check");
		return;
	}
	x->hpet_id = (uint8_t)id;
	x->m.hpet_id = &x->hpet_id;
	x->m.nhpet = 1;
	r->src_hpet = source;
}

/* Every PCI function: segment, device id, class, vendor, device. */
static void pci_functions(struct ctx *c, struct ivrs_report_priv *x)
{
	char **names = NULL;
	size_t n = 0, k = 0;
	int err = host_list(c->h, SYS_PCI, &names, &n);

	if (err) {
		if (err != -ENOENT)
			ctx_unavailable(c, SYS_PCI, err, "cannot list PCI functions: no per-function view");
		return;
	}
	x->fn = xzalloc((n ? n : 1) * sizeof(*x->fn));
	for (size_t i = 0; i < n; i++) {
		struct ivrs_pci_fn *f = &x->fn[k];
		char *p;
		uint64_t v;
		struct bdf b;

		if (bdf_parse(names[i], &b))
			continue;
		f->seg = b.seg;
		f->devid = bdf_devid(&b);
		p = xasprintf(SYS_PCI "/%s/class", names[i]);
		if (!read_hex_attr(c, p, &v))
			f->class_code = (uint32_t)v & 0xffffff;
		free(p);
		p = xasprintf(SYS_PCI "/%s/vendor", names[i]);
		if (!read_hex_attr(c, p, &v))
			f->vendor = (uint16_t)v;
		free(p);
		p = xasprintf(SYS_PCI "/%s/device", names[i]);
		if (!read_hex_attr(c, p, &v))
			f->device = (uint16_t)v;
		free(p);
		k++;
	}
	strv_free(names, n);
	x->m.fn = x->fn;
	x->m.nfn = k;
	x->m.have_fn = true;
}

/* "0x00000000fee00000 0x00000000feefffff msi" lines. */
static size_t parse_regions(const char *text, struct ivrs_resv_region **out)
{
	size_t n = 0, cap = 0;
	struct ivrs_resv_region *r = NULL;

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long long s, e;
		char type[20];

		if (sscanf(l, "%llx %llx %19s", &s, &e, type) != 3)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			r = xrealloc(r, cap * sizeof(*r));
		}
		r[n].start = s;
		r[n].end = e;
		snprintf(r[n].type, sizeof(r[n].type), "%s", type);
		n++;
	}
	*out = r;
	return n;
}

/* The reserved regions of each function's group (read once per group). */
static void reserved_regions(struct ctx *c, struct ivrs_report_priv *x)
{
	struct { long group; size_t n; struct ivrs_resv_region *r; } *g = NULL;
	size_t ng = 0;

	x->resv = xzalloc((x->m.nfn ? x->m.nfn : 1) * sizeof(*x->resv));
	for (size_t i = 0; i < x->m.nfn; i++) {
		const struct ivrs_pci_fn *f = &x->fn[i];
		struct ivrs_fn_resv *fr = &x->resv[x->m.nresv];
		char bdf[BDF_STRLEN], *p, *name = NULL, *text;
		struct bdf b = { f->seg, f->devid >> 8, f->devid >> 3 & 0x1f, f->devid & 7 };
		size_t k;
		long grp;
		int err;

		bdf_format(&b, bdf);
		p = xasprintf(SYS_PCI "/%s/iommu_group", bdf);
		err = host_link_name(c->h, p, &name);
		free(p);
		if (err)
			continue; /* no group: nothing reserved for it */
		grp = strtol(name, NULL, 10);
		free(name);
		for (k = 0; k < ng && g[k].group != grp; k++)
			;
		if (k == ng) {
			g = xrealloc(g, (ng + 1) * sizeof(*g));
			g[ng].group = grp;
			g[ng].n = 0;
			g[ng].r = NULL;
			p = xasprintf("/sys/kernel/iommu_groups/%ld/reserved_regions", grp);
			err = host_read(c->h, p, &text);
			if (!err) {
				g[ng].n = parse_regions(text, &g[ng].r);
				free(text);
			} else {
				ctx_unreadable(c, p, err, "cannot read the group's reserved regions");
			}
			free(p);
			ng++;
		}
		fr->seg = f->seg;
		fr->devid = f->devid;
		fr->r = g[k].r;
		fr->n = g[k].n;
		x->m.nresv++;
	}
	x->regions = xzalloc((ng ? ng : 1) * sizeof(*x->regions));
	for (size_t k = 0; k < ng; k++)
		x->regions[k] = g[k].r;
	x->nregions = ng;
	free(g);
	x->m.resv = x->resv;
}

/* Each IOMMU the kernel registered: cap, MMIO EFR/EFR2; the sysfs EFR. */
static void iommus(struct ctx *c, struct ivrs_report_priv *x)
{
	char **names = NULL;
	size_t n = 0, max = 0;
	int err = host_list(c->h, SYS_IOMMU, &names, &n);
	bool debugfs = !c->facts.debugfs_err;

	if (err && err != -ENOENT)
		ctx_unavailable(c, SYS_IOMMU, err, "cannot list IOMMUs");
	for (size_t i = 0; i < n; i++) {
		int idx;

		if (sscanf(names[i], "ivhd%d", &idx) == 1 && idx >= 0 && idx <= MAX_IOMMU_INDEX &&
		    (size_t)idx + 1 > max)
			max = (size_t)idx + 1;
	}
	x->hw = xzalloc((max ? max : 1) * sizeof(*x->hw));
	for (size_t i = 0; i < n; i++) {
		struct ivrs_iommu_hw *hw;
		char *p, *text;
		uint64_t v;
		int idx;

		if (sscanf(names[i], "ivhd%d", &idx) != 1 || idx < 0 || idx > MAX_IOMMU_INDEX)
			continue;
		hw = &x->hw[idx];
		p = xasprintf(SYS_IOMMU "/%s/amd-iommu/cap", names[i]);
		if (!read_hex_attr(c, p, &v) && v <= UINT32_MAX) {
			hw->have_cap = true;
			hw->cap = (uint32_t)v;
		}
		free(p);
		if (debugfs && !host_read_mmio(c->h, idx, 0x30, &hw->mmio_efr) &&
		    !host_read_mmio(c->h, idx, 0x1a0, &hw->mmio_efr2))
			hw->have_mmio = true;
		if (!x->m.have_features) {
			enum features_format fmt;

			p = xasprintf(SYS_IOMMU "/%s/amd-iommu/features", names[i]);
			if (!host_read_line(c->h, p, &text)) {
				x->m.have_features = !features_parse(text, c->facts.kmajor, c->facts.kminor,
								     &x->m.features_efr,
								     &x->m.features_efr2, &fmt);
				free(text);
			}
			free(p);
		}
	}
	strv_free(names, n);
	x->m.iommu = x->hw;
	x->m.niommu = max;
}

static void dmi(struct ctx *c, struct ivrs_report_priv *x)
{
	if (!host_read_line(c->h, "/sys/class/dmi/id/sys_vendor", &x->dmi_vendor))
		x->m.dmi_vendor = x->dmi_vendor;
	else
		x->dmi_vendor = NULL;
	if (!host_read_line(c->h, "/sys/class/dmi/id/product_name", &x->dmi_product))
		x->m.dmi_product = x->dmi_product;
	else
		x->dmi_product = NULL;
}

/* ---- the report ----------------------------------------------------------- */

/* The tables from --file (and an acpidump text's APIC/HPET) or the host. */
static int load_tables(struct ctx *c, const struct ivrs_opts *o, struct ivrs_report *r,
		       uint8_t **ivrs, size_t *nivrs, char **msg)
{
	uint8_t *data = NULL, *t;
	size_t len = 0, n, bad = 0;
	bool text = false;
	int err;

	if (!o->file) {
		err = host_table(c, "IVRS", ivrs, nivrs);
		if (err) {
			*msg = err == -ENOENT ?
				xstrdup(ACPI_TABLES "IVRS does not exist: the firmware describes no AMD IOMMU (enable it in the firmware setup, often \"IOMMU\" or \"AMD-Vi\"), or read a table with --file FILE") :
				xasprintf(ACPI_TABLES "IVRS: %s (read it as root)", host_strerror(err));
			return err;
		}
		r->src_ivrs = ACPI_TABLES "IVRS";
		return 0;
	}
	err = slurp(o->file, &data, &len);
	if (err) {
		*msg = xasprintf("%s: %s", o->file, strerror(-err));
		return err;
	}
	err = extract(data, len, "IVRS", ivrs, nivrs, &bad);
	if (err == -EINVAL)
		*msg = xasprintf("%s: line %zu is not a hex dump line (give a raw table, acpidump's text, xxd or hexdump -C)",
				 o->file, bad);
	else if (err)
		*msg = xasprintf("%s: no IVRS table in it (give a raw table, acpidump's text, xxd or hexdump -C)",
				 o->file);
	if (err) {
		free(data);
		return err == -ENOENT ? -ENODATA : err;
	}
	r->src_ivrs = o->file;
	/* acpidump's text holds every table: its MADT and HPET belong to the same machine */
	text = !(len >= 4 && !memcmp(data, "IVRS", 4) && memcmp(data, "IVRS @ ", 7));
	if (text && !o->apic && !extract(data, len, "APIC", &t, &n, &bad)) {
		add_madt(c, r, t, n, o->file);
		free(t);
	}
	if (text && !extract(data, len, "HPET", &t, &n, &bad)) {
		add_hpet(c, r, t, n, o->file);
		free(t);
	}
	free(data);
	return 0;
}

static int load_apic_file(struct ctx *c, const char *file, struct ivrs_report *r, char **msg)
{
	uint8_t *data, *t;
	size_t len, n, bad = 0;
	int err = slurp(file, &data, &len);

	if (err) {
		*msg = xasprintf("%s: %s", file, strerror(-err));
		return err;
	}
	err = extract(data, len, "APIC", &t, &n, &bad);
	free(data);
	if (err) {
		*msg = xasprintf("%s: no APIC table (MADT) in it", file);
		return -ENODATA;
	}
	add_madt(c, r, t, n, file);
	free(t);
	return 0;
}

int collect_ivrs(struct ctx *c, const struct ivrs_opts *o, struct ivrs_report **out,
		 char **msg)
{
	static const struct ivrs_opts none;
	struct ivrs_report *r = xzalloc(sizeof(*r));
	struct ivrs_report_priv *x = xzalloc(sizeof(*x));
	bool host = !o || !o->file || o->on_host;
	uint8_t *bytes = NULL, *t;
	size_t n = 0, tn;
	int err;

	if (!o)
		o = &none;
	r->priv = x;
	*msg = NULL;
	err = load_tables(c, o, r, &bytes, &n, msg);
	if (!err && o->apic)
		err = load_apic_file(c, o->apic, r, msg);
	if (err) {
		ivrs_report_free(r);
		return err;
	}
	if (host && o->efr_only) {
		iommus(c, x);
		r->machine = true;
	} else if (host) {
		if (!r->madt && !host_table(c, "APIC", &t, &tn)) {
			add_madt(c, r, t, tn, ACPI_TABLES "APIC");
			free(t);
		}
		if (!x->m.hpet_id && !host_table(c, "HPET", &t, &tn)) {
			add_hpet(c, r, t, tn, ACPI_TABLES "HPET");
			free(t);
		}
		pci_functions(c, x);
		reserved_regions(c, x);
		iommus(c, x);
		dmi(c, x);
		r->machine = true;
	}
	if (o->cmdline) {
		kcmdline_parse(o->cmdline, &x->kcl);
		x->own_kcl = true;
		x->m.kcmdline = &x->kcl;
		r->src_cmdline = "--cmdline";
	} else if (host && !c->facts.cmdline_err) {
		x->m.kcmdline = &c->facts.kcl;
		r->src_cmdline = "/proc/cmdline";
	} else if (host) {
		ctx_unreadable(c, "/proc/cmdline", c->facts.cmdline_err,
			       "cannot read the kernel command line: its ivrs_* overrides are not applied");
	}
	if (ivrs_decode(bytes, n, &r->d) || ivrs_view_build(r->d, &x->m, &r->v) ||
	    ivrs_findings(r->d, &x->m, r->v, &r->f)) {
		free(bytes);
		ivrs_report_free(r);
		*msg = xstrdup("out of memory");
		return -ENOMEM;
	}
	r->m = &x->m;
	free(bytes);
	*out = r;
	return 0;
}

void ivrs_report_free(struct ivrs_report *r)
{
	struct ivrs_report_priv *x;

	if (!r)
		return;
	x = r->priv;
	ivrs_findings_free(&r->f);
	ivrs_view_free(r->v);
	ivrs_free(r->d);
	if (x) {
		free(x->fn);
		free(x->hw);
		free(x->resv);
		for (size_t i = 0; i < x->nregions; i++)
			free(x->regions[i]);
		free(x->regions);
		if (x->own_kcl)
			kcmdline_free(&x->kcl);
		free(x->dmi_vendor);
		free(x->dmi_product);
		free(x);
	}
	free(r);
}

json_object *ivrs_report_sources(const struct ivrs_report *r)
{
	json_object *o = json_object_new_object();

	json_add(o, "ivrs", json_object_new_string(r->src_ivrs));
	json_add(o, "apic", json_str_or_null(r->src_apic));
	json_add(o, "hpet", json_str_or_null(r->src_hpet));
	json_add(o, "cmdline", json_str_or_null(r->src_cmdline));
	json_add(o, "machine", json_new_bool(r->machine));
	return o;
}

/* ---- what others take from it ---------------------------------------------- */

void ivrs_report_efr(const struct ivrs_report *r, int index, struct ivrs_driver_efr *e)
{
	const struct ivrs_efr_model *m = &r->v->efr;

	memset(e, 0, sizeof(*e));
	e->have_global = m->have_final;
	e->efr = m->efr;
	e->efr2 = m->efr2;
	e->global_from = !m->have_final ? NULL : m->final_from >= 0 ? "mmio" : "ivhd";
	for (size_t i = 0; i < r->d->nivhd; i++) {
		const struct ivrs_ivhd *h = &r->d->ivhd[i];

		/* init_iommu_one(): the attribute of every IVHD the driver uses */
		if (h->iommu >= 0 && ivrs_has(&h->f, IVRS_V_HAT_DIS) && h->f.v[IVRS_V_HAT_DIS])
			e->hatdis = true;
	}
	if (index < 0 || (size_t)index >= m->n)
		return;
	e->have_iommu = true;
	e->ivhd_offset = r->d->ivhd[m->iommu[index].ivhd].offset;
	e->has_image = m->iommu[index].has_image;
	e->image_used = m->iommu[index].image_used;
	e->why_unused = m->iommu[index].why_unused;
	if (e->has_image) {
		e->image_efr = r->d->ivhd[m->iommu[index].ivhd].f.v[IVRS_V_EFR];
		e->image_efr2 = r->d->ivhd[m->iommu[index].ivhd].f.v[IVRS_V_EFR2];
	}
	e->iommu_efr = m->iommu[index].features;
	e->iommu_efr2 = m->iommu[index].features2;
	e->mismatch = m->iommu[index].mismatch;
}

json_object *ivrs_iommu_json(const struct ivrs_report *r, int index)
{
	json_object *o;
	struct ivrs_driver_efr e;

	if (!r)
		return NULL;
	ivrs_report_efr(r, index, &e);
	if (!e.have_iommu)
		return NULL;
	o = json_object_new_object();
	json_add(o, "offset", json_new_int(e.ivhd_offset));
	json_add(o, "efr_image", e.has_image ? json_hex64(e.image_efr) : NULL);
	json_add(o, "efr2_image", e.has_image ? json_hex64(e.image_efr2) : NULL);
	json_add(o, "image_used", json_new_bool(e.image_used));
	json_add(o, "why_unused", json_str_or_null(e.why_unused));
	json_add(o, "iommu_efr", json_hex64(e.iommu_efr));
	json_add(o, "iommu_efr2", json_hex64(e.iommu_efr2));
	return o;
}
