// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tables the Linux 7.3 AMD IOMMU driver builds from an IVRS, rebuilt
 * from the decoded table (drivers/iommu/amd/init.c unless noted):
 *   - per PCI segment, last_bdf (find_last_devid_acpi,
 *     find_last_devid_from_ivhd): the size of its tables;
 *   - the device map: init_iommu_from_acpi() walks each IVHD of the used
 *     type and calls set_dev_entry_from_acpi_range() (rlookup_table: last
 *     writer wins; ivhd_dte_flags: the first entry per exact range, and
 *     amd_iommu_get_ivhd_dte_flags() picks the smallest range holding a
 *     device) and writes alias_table;
 *   - ioapic_map, hpet_map (add_special_device): command-line entries
 *     first (add_early_maps), then quirks.c DMI entries, then the IVRS
 *     entries; get_ioapic_devid() takes the first entry with the id;
 *   - the unity maps (init_memory_definitions, init_unity_map_range);
 *   - the EFR it uses (init_iommu_one, early_iommu_features_init,
 *     get_global_efr, late_iommu_features_init);
 * and what each present PCI function gets: its IOMMU
 * (iommu.c __rlookup_amd_iommu), DTE setting, alias and IVMD ranges
 * (iommu.c amd_iommu_get_resv_regions).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ivrs-diag.h"

#define PAGE_SIZE 4096ULL
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define EFR_GA_SUP (1ULL << 7)   /* IOMMU_EFR_GASUP_SHIFT */
#define CAP_EFR_SUP (1u << 27)   /* IOMMU_CAP_EFR */

struct vb {
	const struct ivrs *d;
	const struct ivrs_machine *m;
	struct ivrs_view *v;
	size_t cap_eff, cap_seg, cap_special, cap_unity, cap_fnu, cap_absent;
	int err;
};

static int grow(void **arr, size_t n, size_t *cap, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, ncap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

#define PUSH(b, arr, n, cap)                                                  \
	((b)->err || ((b)->err = grow((void **)&(arr), (n), &(cap), sizeof(*(arr)))) \
	 ? NULL : memset(&(arr)[(n)++], 0, sizeof(*(arr))))

static void fail(struct vb *b, const char *why, long offset)
{
	if (!b->v->init_fails) {
		b->v->init_fails = why;
		b->v->fail_offset = (int32_t)offset;
	}
}

static bool used(const struct ivrs_ivhd *h)
{
	return h->iommu >= 0;
}

/* ---- segments ----------------------------------------------------------- */

static struct ivrs_seg *find_seg(struct ivrs_view *v, uint16_t seg)
{
	for (size_t i = 0; i < v->nseg; i++)
		if (v->seg[i].seg == seg)
			return &v->seg[i];
	return NULL;
}

/* find_last_devid_from_ivhd(): -EINVAL (-22) when no entry counts */
static int32_t ivhd_last_devid(const struct ivrs *d, const struct ivrs_ivhd *h)
{
	int32_t last = -EINVAL;

	for (uint32_t i = 0; i < h->nentries; i++) {
		const struct ivrs_entry *e = &d->entry[h->first_entry + i];

		switch (ivrs_entry_type(e)) {
		case IVRS_DEV_ALL:
			return 0xffff;
		case IVRS_DEV_SELECT:
		case IVRS_DEV_RANGE_END:
		case IVRS_DEV_ALIAS:
		case IVRS_DEV_EXT_SELECT:
			if ((int32_t)e->f.v[IVRS_E_DEVID] > last)
				last = (int32_t)e->f.v[IVRS_E_DEVID];
			break;
		}
	}
	return last;
}

/* get_pci_segment() -> alloc_pci_segment() -> find_last_devid_acpi() */
static struct ivrs_seg *get_seg(struct vb *b, uint16_t seg)
{
	const struct ivrs *d = b->d;
	struct ivrs_seg *s = find_seg(b->v, seg);
	int32_t last = 0;

	if (s)
		return s;
	for (size_t i = 0; i < d->nivhd; i++) {
		const struct ivrs_ivhd *h = &d->ivhd[i];
		int32_t l;

		if (!used(h) || ivrs_ivhd_segment(h) != seg)
			continue;
		l = ivhd_last_devid(d, h);
		if (l < 0) {
			fail(b, "drivers/iommu/amd/init.c find_last_devid_from_ivhd: an IVHD without 01h/02h/04h/42h/46h entries gives -EINVAL, alloc_pci_segment() fails",
			     h->offset);
			last = l;
			break;
		}
		if (l > last)
			last = l;
	}
	s = PUSH(b, b->v->seg, b->v->nseg, b->cap_seg);
	if (s) {
		s->seg = seg;
		s->last_bdf = last;
	}
	return s;
}

/* ---- the device map and the special maps -------------------------------- */

static void add_effect(struct vb *b, const struct ivrs_ivhd *h, uint32_t ei,
		       int32_t start, uint16_t first, uint16_t last, uint8_t dte,
		       int32_t alias)
{
	struct ivrs_effect *x = PUSH(b, b->v->eff, b->v->neff, b->cap_eff);

	if (!x)
		return;
	x->seg = ivrs_ivhd_segment(h);
	x->first = first;
	x->last = last;
	x->dte = dte;
	x->alias = alias;
	x->iommu = h->iommu;
	x->ivhd = (uint32_t)(h - b->d->ivhd);
	x->entry = ei;
	x->start_entry = start;
	for (size_t i = 0; dte && i + 1 < b->v->neff && !x->skipped; i++)
		x->skipped = b->v->eff[i].dte && b->v->eff[i].seg == x->seg &&
			     b->v->eff[i].first == first && b->v->eff[i].last == last;
}

/* add_special_device(); returns the devid the kernel then uses */
static uint32_t add_special(struct vb *b, uint8_t variety, uint8_t id,
			    uint32_t sbdf, uint8_t source, int32_t entry,
			    int32_t ov)
{
	struct ivrs_view *v = b->v;
	struct ivrs_special *s;

	for (size_t i = 0; i < v->nspecial; i++)
		if (v->special[i].variety == variety && v->special[i].id == id &&
		    v->special[i].source == IVRS_SRC_CMDLINE)
			return v->special[i].sbdf;
	s = PUSH(b, v->special, v->nspecial, b->cap_special);
	if (s) {
		s->variety = variety;
		s->id = id;
		s->sbdf = sbdf;
		s->source = source;
		s->entry = entry;
		s->override = ov;
	}
	return sbdf;
}

/* quirks.c ivrs_quirks[]: DMI_MATCH is a substring match */
static const struct {
	const char *vendor, *product;
	struct { uint8_t id; uint16_t devid; } map[2];
} quirks[] = {
	{ "Dell Inc.", "Inspiron 7375", { { 4, 0xa0 }, { 5, 0x2 } } },
	{ "Dell Inc.", "Latitude 5495", { { 4, 0xa0 } } },
	{ "Acer", "Aspire A315-41", { { 4, 0xa0 } } },
	{ "LENOVO", "81FB", { { 32, 0xa0 } } },
};

static void add_quirks(struct vb *b)
{
	const struct ivrs_machine *m = b->m;

	if (!m || !m->dmi_vendor || !m->dmi_product)
		return;
	for (size_t q = 0; q < sizeof(quirks) / sizeof(quirks[0]); q++) {
		if (!strstr(m->dmi_vendor, quirks[q].vendor) ||
		    !strstr(m->dmi_product, quirks[q].product))
			continue;
		b->v->quirk = true;
		for (int i = 0; i < 2 && quirks[q].map[i].id; i++)
			add_special(b, IVRS_SPECIAL_IOAPIC, quirks[q].map[i].id,
				    quirks[q].map[i].devid, IVRS_SRC_QUIRK, -1, -1);
	}
}

/* add_early_maps(): the command-line IOAPIC and HPET entries, in order
 * (add_special_device() keeps the first of an id) */
static void add_early_maps(struct vb *b)
{
	const struct ivrs_view *v = b->v;

	for (size_t i = 0; i < v->n_ivrs; i++) {
		const struct kcl_ivrs *o = &v->ivrs[i];

		if (o->type == KCL_IVRS_ACPIHID)
			continue;
		add_special(b, o->type == KCL_IVRS_IOAPIC ? IVRS_SPECIAL_IOAPIC :
			    IVRS_SPECIAL_HPET, o->id, o->sbdf, IVRS_SRC_CMDLINE, -1, (int32_t)i);
	}
}

/* add_acpi_hid_device() against the command line: the devid used */
static uint32_t acpihid_devid(struct vb *b, const char *hid, const char *uid,
			      uint32_t sbdf)
{
	const struct ivrs_view *v = b->v;

	for (size_t i = 0; i < v->n_ivrs; i++) {
		const struct kcl_ivrs *o = &v->ivrs[i];

		if (o->type != KCL_IVRS_ACPIHID || !o->effective)
			continue;
		if (strcmp(o->hid, hid) || (*uid && *o->uid && strcmp(o->uid, uid)))
			continue;
		return o->sbdf;
	}
	return sbdf;
}

struct walk {
	uint16_t devid_start, devid_to;
	uint8_t flags;
	bool alias;
	int32_t start;
};

static void walk_special(struct vb *b, const struct ivrs_ivhd *h,
			 const struct ivrs_entry *e, uint32_t ei)
{
	uint8_t variety = (uint8_t)e->f.v[IVRS_E_VARIETY];
	uint32_t sbdf = (uint32_t)ivrs_ivhd_segment(h) << 16 |
			(uint32_t)e->f.v[IVRS_E_SPECIAL_DEVID];

	if (variety != IVRS_SPECIAL_IOAPIC && variety != IVRS_SPECIAL_HPET) {
		fail(b, "drivers/iommu/amd/init.c init_iommu_from_acpi: add_special_device() returns -EINVAL for a special entry of unknown variety, init_iommu_all() fails",
		     e->offset);
		return;
	}
	sbdf = add_special(b, variety, (uint8_t)e->f.v[IVRS_E_HANDLE], sbdf,
			   IVRS_SRC_IVRS, (int32_t)ei, -1);
	add_effect(b, h, ei, -1, (uint16_t)sbdf, (uint16_t)sbdf,
		   (uint8_t)e->f.v[IVRS_E_DTE], -1);
}

static void walk_hid(struct vb *b, const struct ivrs_ivhd *h,
		     const struct ivrs_entry *e, uint32_t ei)
{
	char hid[9], uid[264];
	uint32_t sbdf;

	if (h->f.v[IVRS_V_TYPE] != 0x40 || !ivrs_has(&e->f, IVRS_E_HID) ||
	    !(e->f.v[IVRS_E_HID_RAW] & 0xff))
		return; /* "Invalid IVHD device type" / "Invalid HID." */
	ivrs_id_text(e->f.v[IVRS_E_HID_RAW], hid);
	ivrs_uid_kernel(b->d, e, uid, sizeof(uid));
	sbdf = acpihid_devid(b, hid, uid, (uint32_t)ivrs_ivhd_segment(h) << 16 |
			     (uint32_t)e->f.v[IVRS_E_DEVID]);
	add_effect(b, h, ei, -1, (uint16_t)sbdf, (uint16_t)sbdf,
		   (uint8_t)e->f.v[IVRS_E_DTE], -1);
}

/* One IVHD through init_iommu_from_acpi()'s switch. */
static void walk_ivhd(struct vb *b, const struct ivrs_ivhd *h)
{
	const struct ivrs *d = b->d;
	struct ivrs_seg *seg = get_seg(b, ivrs_ivhd_segment(h));
	struct walk w = { 0, 0, 0, false, -1 };

	add_early_maps(b);
	add_quirks(b);
	for (uint32_t i = 0; i < h->nentries && !b->err; i++) {
		uint32_t ei = h->first_entry + i;
		const struct ivrs_entry *e = &d->entry[ei];
		uint16_t devid = (uint16_t)e->f.v[IVRS_E_DEVID];
		uint8_t dte = (uint8_t)e->f.v[IVRS_E_DTE];

		/* a cut entry: its bytes are unknown, not zero */
		if (e->len < ivrs_entry_spec_length(ivrs_entry_type(e)) ||
		    (ivrs_entry_type(e) == IVRS_DEV_ACPI_HID && e->len < 22))
			break;
		switch (ivrs_entry_type(e)) {
		case IVRS_DEV_ALL:
			add_effect(b, h, ei, -1, 0,
				   (uint16_t)(seg && seg->last_bdf > 0 ? seg->last_bdf : 0),
				   dte, -1);
			break;
		case IVRS_DEV_SELECT:
		case IVRS_DEV_EXT_SELECT:
			add_effect(b, h, ei, -1, devid, devid, dte, -1);
			break;
		case IVRS_DEV_RANGE_START:
		case IVRS_DEV_EXT_RANGE:
		case IVRS_DEV_ALIAS_RANGE:
			w.devid_start = devid;
			w.flags = dte;
			w.alias = ivrs_entry_type(e) == IVRS_DEV_ALIAS_RANGE;
			w.devid_to = (uint16_t)e->f.v[IVRS_E_ALIAS];
			w.start = (int32_t)ei;
			break;
		case IVRS_DEV_ALIAS: {
			uint16_t to = (uint16_t)e->f.v[IVRS_E_ALIAS];

			add_effect(b, h, ei, -1, devid, devid, dte, to);
			add_effect(b, h, ei, -1, to, to, dte, -1);
			break;
		}
		case IVRS_DEV_RANGE_END:
			if (w.alias)
				add_effect(b, h, ei, w.start, w.devid_to, w.devid_to,
					   w.flags, -1);
			add_effect(b, h, ei, w.start, w.devid_start, devid, w.flags,
				   w.alias ? w.devid_to : -1);
			break;
		case IVRS_DEV_SPECIAL:
			walk_special(b, h, e, ei);
			break;
		case IVRS_DEV_ACPI_HID:
			walk_hid(b, h, e, ei);
			break;
		default:
			if (ivrs_entry_variant(ivrs_entry_type(e)) == IVRS_EBIG)
				fail(b, "drivers/iommu/amd/init.c ivhd_entry_length: 0 for an entry type from 80h (but F0h), find_last_devid_from_ivhd() and init_iommu_from_acpi() loop forever",
				     e->offset);
		}
		if (b->v->init_fails && b->v->fail_offset == (int32_t)e->offset)
			break;
	}
}

/* Why the driver would stop, from the table's own problems. */
static void table_failures(struct vb *b)
{
	const struct ivrs *d = b->d;

	for (size_t i = 0; i < d->nproblem; i++) {
		const struct ivrs_problem *p = &d->problem[i];

		switch (p->code) {
		case IVRS_P_CHECKSUM:
			fail(b, "drivers/iommu/amd/init.c check_ivrs_checksum: the 8-bit sum is not 0, early_amd_iommu_init() stops", p->offset);
			break;
		case IVRS_P_SUB_ZERO_LEN:
			fail(b, "drivers/iommu/amd/init.c init_iommu_all: a subtable of length 0, the loop never advances", p->offset);
			break;
		case IVRS_P_TARGET_NOT_IVHD:
			fail(b, "drivers/iommu/amd/init.c init_iommu_one: the type get_highest_supported_ivhd_type() picks is no IVHD type, -EINVAL", p->offset);
			break;
		case IVRS_P_TOO_MANY_IOMMUS:
			fail(b, "drivers/iommu/amd/init.c init_iommu_one: more than MAX_IOMMUS (32) IVHDs, -ENOSYS", p->offset);
			break;
		}
	}
}

/* ---- unity maps --------------------------------------------------------- */

static void unity_maps(struct vb *b)
{
	const struct ivrs *d = b->d;

	for (size_t i = 0; i < d->nivmd && !b->err; i++) {
		const struct ivrs_ivmd *m = &d->ivmd[i];
		uint64_t flags = m->f.v[IVRS_M_FLAGS];
		struct ivrs_unity *u;
		struct ivrs_seg *s;

		/* init_memory_definitions(): unity or exclusion flag set */
		if (!(flags & 0x09) || !ivrs_has(&m->f, IVRS_M_MEMLEN))
			continue;
		s = get_seg(b, (uint16_t)m->f.v[IVRS_M_SEGMENT]);
		u = PUSH(b, b->v->unity, b->v->nunity, b->cap_unity);
		if (!u || !s)
			return;
		u->ivmd = (uint32_t)i;
		u->seg = s->seg;
		switch (m->f.v[IVRS_M_TYPE]) {
		case 0x21:
			u->first = u->last = (uint16_t)m->f.v[IVRS_M_DEVID];
			break;
		case 0x20:
			u->first = 0;
			u->last = (uint16_t)(s->last_bdf > 0 ? s->last_bdf : 0);
			break;
		default:
			u->first = (uint16_t)m->f.v[IVRS_M_DEVID];
			u->last = (uint16_t)m->f.v[IVRS_M_AUX];
		}
		u->start = PAGE_ALIGN(m->f.v[IVRS_M_START]);
		u->end = u->start + PAGE_ALIGN(m->f.v[IVRS_M_MEMLEN]);
		/* e->prot = flags >> 1; an exclusion range is r/w */
		u->read = flags & 0x08 || flags & 0x02;
		u->write = flags & 0x08 || flags & 0x04;
	}
}

/* ---- per function ------------------------------------------------------- */

static int cmp_fn(const void *a, const void *b)
{
	const struct ivrs_view_fn *x = a, *y = b;
	uint32_t kx = (uint32_t)x->fn.seg << 16 | x->fn.devid;
	uint32_t ky = (uint32_t)y->fn.seg << 16 | y->fn.devid;

	return kx < ky ? -1 : kx > ky;
}

const struct ivrs_view_fn *ivrs_view_find(const struct ivrs_view *v,
					  uint16_t seg, uint16_t devid)
{
	struct ivrs_view_fn key = { .fn = { .seg = seg, .devid = devid } };

	if (!v->nfn)
		return NULL;
	return bsearch(&key, v->fn, v->nfn, sizeof(key), cmp_fn);
}

static bool is_iommu_fn(const struct ivrs *d, uint16_t seg, uint16_t devid)
{
	for (size_t i = 0; i < d->nivhd; i++)
		if (used(&d->ivhd[i]) && ivrs_ivhd_segment(&d->ivhd[i]) == seg &&
		    d->ivhd[i].f.v[IVRS_V_DEVID] == devid)
			return true;
	return false;
}

static bool seg_has_ivhd(const struct ivrs *d, uint16_t seg)
{
	for (size_t i = 0; i < d->nivhd; i++)
		if (used(&d->ivhd[i]) && ivrs_ivhd_segment(&d->ivhd[i]) == seg)
			return true;
	return false;
}

static bool in(const struct ivrs_effect *x, uint16_t seg, uint16_t devid)
{
	return x->seg == seg && x->first <= devid && devid <= x->last;
}

/* amd_iommu_get_ivhd_dte_flags(): the first smallest flagged range */
static int32_t dte_effect(const struct ivrs_view *v, uint16_t seg, uint16_t devid)
{
	unsigned best = ~0u;
	int32_t r = -1;

	for (size_t i = 0; i < v->neff; i++) {
		const struct ivrs_effect *x = &v->eff[i];

		/* search_ivhd_dte_flags(): a second identical range is not added */
		if (!x->dte || x->skipped || !in(x, seg, devid) ||
		    (unsigned)(x->last - x->first) >= best)
			continue;
		best = (unsigned)(x->last - x->first);
		r = (int32_t)i;
	}
	return r;
}

static void resolve_fn(struct vb *b, struct ivrs_view_fn *f)
{
	const struct ivrs_view *v = b->v;
	uint16_t seg = f->fn.seg, devid = f->fn.devid;
	const struct ivrs_seg *s = find_seg(b->v, seg);
	int32_t dx;

	f->iommu = f->ivhd = f->entry = f->dte_entry = f->alias_entry = -1;
	f->alias = devid;
	for (size_t i = 0; i < v->neff; i++) {
		const struct ivrs_effect *x = &v->eff[i];

		if (!in(x, seg, devid))
			continue;
		if (!x->skipped) {
			f->iommu = x->iommu;
			f->ivhd = (int32_t)x->ivhd;
			f->entry = (int32_t)x->entry;
		}
		if (x->alias >= 0) {
			f->alias = (uint16_t)x->alias;
			f->alias_entry = (int32_t)x->entry;
		}
	}
	dx = dte_effect(v, seg, devid);
	if (dx >= 0) {
		f->have_dte = true;
		f->dte = v->eff[dx].dte;
		f->dte_entry = (int32_t)v->eff[dx].entry;
	}
	if (!s || !seg_has_ivhd(b->d, seg))
		f->cover = IVRS_NO_SEGMENT;
	else if (s->last_bdf < 0 || devid > s->last_bdf)
		f->cover = f->entry < 0 ? IVRS_NO_ENTRY : IVRS_BEYOND_LAST;
	else if (is_iommu_fn(b->d, seg, devid))
		f->cover = IVRS_IS_IOMMU;
	else
		f->cover = f->entry < 0 ? IVRS_NO_ENTRY : IVRS_COVERED;
	if (f->cover != IVRS_COVERED) {
		f->iommu = -1;
		return;
	}
	f->first_unity = (uint32_t)v->nfn_unity;
	for (size_t i = 0; i < v->nunity; i++) {
		const struct ivrs_unity *u = &v->unity[i];
		uint32_t *slot;

		if (u->seg != seg || devid < u->first || devid > u->last)
			continue;
		slot = PUSH(b, b->v->fn_unity, b->v->nfn_unity, b->cap_fnu);
		if (!slot)
			return;
		*slot = (uint32_t)i;
		f->nunity++;
	}
}

/* Is any present function in [first, last] of @seg?  (v->fn is sorted.) */
static bool any_present(const struct ivrs_view *v, uint16_t seg, uint16_t first,
			uint16_t last)
{
	uint32_t lo = (uint32_t)seg << 16 | first, hi = (uint32_t)seg << 16 | last;
	size_t a = 0, z = v->nfn;

	while (a < z) {
		size_t mid = a + (z - a) / 2;
		uint32_t k = (uint32_t)v->fn[mid].fn.seg << 16 | v->fn[mid].fn.devid;

		if (k < lo)
			a = mid + 1;
		else
			z = mid;
	}
	return a < v->nfn &&
	       ((uint32_t)v->fn[a].fn.seg << 16 | v->fn[a].fn.devid) <= hi;
}

static void absent_entries(struct vb *b)
{
	struct ivrs_view *v = b->v;

	for (size_t i = 0; i < v->neff && !b->err; i++) {
		const struct ivrs_effect *x = &v->eff[i];
		struct ivrs_absent *a;

		if (x->first > x->last || any_present(v, x->seg, x->first, x->last))
			continue;
		if (v->nabsent && v->absent[v->nabsent - 1].entry == x->entry &&
		    v->absent[v->nabsent - 1].first == x->first &&
		    v->absent[v->nabsent - 1].last == x->last)
			continue;
		a = PUSH(b, v->absent, v->nabsent, b->cap_absent);
		if (!a)
			return;
		a->entry = x->entry;
		a->seg = x->seg;
		a->first = x->first;
		a->last = x->last;
	}
}

static void functions(struct vb *b)
{
	const struct ivrs_machine *m = b->m;
	struct ivrs_view *v = b->v;

	if (!m || !m->have_fn || !m->nfn)
		return;
	v->fn = calloc(m->nfn, sizeof(*v->fn));
	if (!v->fn) {
		b->err = -ENOMEM;
		return;
	}
	for (size_t i = 0; i < m->nfn; i++)
		v->fn[i].fn = m->fn[i];
	v->nfn = m->nfn;
	qsort(v->fn, v->nfn, sizeof(*v->fn), cmp_fn);
	for (size_t i = 0; i < v->nfn && !b->err; i++)
		resolve_fn(b, &v->fn[i]);
	absent_entries(b);
}

/* ---- EFR ---------------------------------------------------------------- */

static void efr_early(struct vb *b)
{
	const struct ivrs *d = b->d;
	struct ivrs_efr_model *e = &b->v->efr;
	bool efrsup = ivrs_hv(d, IVRS_H_EFR_SUP);

	e->final_from = -1;
	e->iommu = calloc(d->niommu ? d->niommu : 1, sizeof(*e->iommu));
	if (!e->iommu) {
		b->err = -ENOMEM;
		return;
	}
	e->n = d->niommu;
	for (size_t i = 0; i < d->nivhd; i++) {
		const struct ivrs_ivhd *h = &d->ivhd[i];
		struct ivrs_efr_iommu *x;

		if (!used(h) || (size_t)h->iommu >= e->n)
			continue;
		x = &e->iommu[h->iommu];
		x->ivhd = (int32_t)i;
		x->has_image = ivrs_has(&h->f, IVRS_V_EFR) && ivrs_has(&h->f, IVRS_V_EFR2);
		if (!x->has_image)
			x->why_unused = "IVHD type 10h has no EFR image (init_iommu_one)";
		else if (!(h->f.v[IVRS_V_EFR] & EFR_GA_SUP))
			x->why_unused = "the image lacks GASup (bit 7): init_iommu_one() leaves the switch before early_iommu_features_init()";
		else if (!efrsup)
			x->why_unused = "IVinfo EFRSup (bit 0) is clear: early_iommu_features_init() does not take the image";
		else {
			x->image_used = true;
			x->features = h->f.v[IVRS_V_EFR];
			x->features2 = h->f.v[IVRS_V_EFR2];
		}
	}
	/* get_global_efr() */
	for (size_t i = 0; i < e->n; i++) {
		if (!i) {
			e->early_efr = e->iommu[0].features;
			e->early_efr2 = e->iommu[0].features2;
			continue;
		}
		if (e->iommu[i].features == e->early_efr &&
		    e->iommu[i].features2 == e->early_efr2)
			continue;
		e->inconsistent = true;
		e->early_efr &= e->iommu[i].features;
		e->early_efr2 &= e->iommu[i].features2;
	}
}

/* late_iommu_features_init() for each IOMMU in order (iommu_init_pci) */
static void efr_late(struct vb *b)
{
	const struct ivrs_machine *m = b->m;
	struct ivrs_efr_model *e = &b->v->efr;

	e->efr = e->early_efr;
	e->efr2 = e->early_efr2;
	e->have_final = true;
	for (size_t i = 0; i < e->n; i++) {
		const struct ivrs_iommu_hw *hw = m && i < m->niommu ? &m->iommu[i] : NULL;

		if (hw && hw->have_cap && !(hw->cap & CAP_EFR_SUP))
			continue;
		if (!hw || !hw->have_mmio) {
			if (!e->efr)
				e->have_final = false;
			continue;
		}
		if (!e->efr) {
			e->efr = hw->mmio_efr;
			e->efr2 = hw->mmio_efr2;
			e->final_from = (int32_t)i;
			continue;
		}
		e->iommu[i].mismatch = hw->mmio_efr != e->efr || hw->mmio_efr2 != e->efr2;
	}
}

/* ---- the whole view ----------------------------------------------------- */

void ivrs_override_text(const struct kcl_ivrs *o, char *buf, size_t len)
{
	uint32_t s = o->sbdf;

	if (o->type == KCL_IVRS_ACPIHID)
		snprintf(buf, len, "ivrs_acpihid=%s:%s@%04x:%02x:%02x.%x", o->hid, o->uid,
			 s >> 16, s >> 8 & 0xff, s >> 3 & 0x1f, s & 7);
	else
		snprintf(buf, len, "%s=%u@%04x:%02x:%02x.%x",
			 o->type == KCL_IVRS_IOAPIC ? "ivrs_ioapic" : "ivrs_hpet", o->id,
			 s >> 16, s >> 8 & 0xff, s >> 3 & 0x1f, s & 7);
}

int ivrs_view_iommu_of(const struct ivrs *d, uint32_t entry)
{
	if (entry >= d->nentry)
		return -1;
	return d->ivhd[d->entry[entry].ivhd].iommu;
}

int ivrs_view_build(const struct ivrs *d, const struct ivrs_machine *m,
		    struct ivrs_view **out)
{
	struct vb b = { .d = d, .m = m };

	*out = NULL;
	b.v = calloc(1, sizeof(*b.v));
	if (!b.v)
		return -ENOMEM;
	b.v->fail_offset = -1;
	if (m && m->kcmdline) {
		b.v->ivrs = m->kcmdline->ivrs;
		b.v->n_ivrs = m->kcmdline->n_ivrs;
	}
	/* parse_ivrs_ioapic/hpet() set cmdline_maps for each map they take */
	for (size_t i = 0; i < b.v->n_ivrs; i++)
		b.v->cmdline_maps |= b.v->ivrs[i].type != KCL_IVRS_ACPIHID;
	table_failures(&b);
	/* init_iommu_all(): every IVHD of the used type, in table order */
	for (size_t i = 0; i < d->nivhd && !b.err; i++)
		if (used(&d->ivhd[i]))
			walk_ivhd(&b, &d->ivhd[i]);
	if (!b.err)
		unity_maps(&b);
	if (!b.err)
		functions(&b);
	if (!b.err)
		efr_early(&b);
	if (!b.err)
		efr_late(&b);
	if (b.err) {
		ivrs_view_free(b.v);
		return b.err;
	}
	*out = b.v;
	return 0;
}

void ivrs_view_free(struct ivrs_view *v)
{
	if (!v)
		return;
	free(v->eff);
	free(v->seg);
	free(v->special);
	free(v->unity);
	free(v->fn);
	free(v->fn_unity);
	free(v->absent);
	free(v->efr.iommu);
	free(v);
}
