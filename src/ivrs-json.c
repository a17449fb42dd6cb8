// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON of the IVRS decode, the driver's view and the findings
 * (ivrs-json.h), and their text layouts.  Every decoded field comes
 * from its descriptor (acpi-ivrs.c): key, format, which variants have
 * it; a field a variant lacks, or a truncated structure did not hold,
 * is null.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "efr.h"
#include "efr-json.h"
#include "ivrs-json.h"
#include "json.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static json_object *jbdf(uint32_t sbdf)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%04x:%02x:%02x.%x", sbdf >> 16 & 0xffff,
		 sbdf >> 8 & 0xff, sbdf >> 3 & 0x1f, sbdf & 7);
	return json_object_new_string(buf);
}

/* A count, offset or length; a 64-bit one above INT64_MAX stays exact. */
static json_object *juint(uint64_t v)
{
	return v > INT64_MAX ? json_object_new_uint64(v) : json_new_int((int64_t)v);
}

static json_object *jstr(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *jiommu(int index)
{
	char buf[16];

	if (index < 0)
		return NULL;
	snprintf(buf, sizeof(buf), "ivhd%d", index);
	return json_object_new_string(buf);
}

static json_object *field(const struct ivrs_desc *d, uint64_t v, uint16_t seg)
{
	char text[9];

	switch (d->fmt) {
	case IVRS_BOOL:
		return json_object_new_boolean(v != 0);
	case IVRS_HEX:
		return json_hexn(v, 2 * d->size);
	case IVRS_BDF:
		return jbdf((uint32_t)seg << 16 | (uint32_t)(v & 0xffff));
	case IVRS_TEXT: {
		uint8_t b[8];

		for (unsigned i = 0; i < d->size && i < 8; i++)
			b[i] = (uint8_t)(v >> (8 * i));
		acpi_text(b, d->size, text);
		return json_object_new_string(text);
	}
	default:
		return juint(v);
	}
}

/* Every field of @desc: decoded ones, then null for those absent. */
static void add_fields(json_object *o, const struct ivrs_desc *desc, size_t nd,
		       const struct ivrs_values *x, uint16_t seg)
{
	for (size_t i = 0; i < nd; i++)
		if (ivrs_has(x, (unsigned)i))
			json_add(o, desc[i].key, field(&desc[i], x->v[i], seg));
	for (size_t i = 0; i < nd; i++)
		if (!json_object_object_get_ex(o, desc[i].key, NULL))
			json_add(o, desc[i].key, NULL);
}

/* ---- the table ---------------------------------------------------------- */

static json_object *entry_json(const struct ivrs *d, const struct ivrs_entry *e,
			       uint16_t seg)
{
	json_object *o = json_object_new_object();
	unsigned t = ivrs_entry_type(e);
	char buf[264];

	json_add(o, "offset", juint(e->offset));
	json_add(o, "name", json_object_new_string(ivrs_entry_name(t)));
	json_add(o, "entry_length", juint(e->len));
	add_fields(o, ivrs_entry_desc, IVRS_E_NFIELDS, &e->f, seg);
	json_add(o, "variety_name", t != IVRS_DEV_SPECIAL ? NULL :
	    json_object_new_string(e->f.v[IVRS_E_VARIETY] == IVRS_SPECIAL_IOAPIC ? "ioapic" :
				   e->f.v[IVRS_E_VARIETY] == IVRS_SPECIAL_HPET ? "hpet" : "unknown"));
	if (t == IVRS_DEV_ACPI_HID && e->f.v[IVRS_E_UID_FORMAT] == IVRS_UID_STRING) {
		ivrs_uid_string(d, e, buf, sizeof(buf));
		json_add(o, "uid", json_object_new_string(buf));
	} else {
		json_add(o, "uid", NULL);
	}
	json_add(o, "uid_int", t == IVRS_DEV_ACPI_HID && e->uid_int_valid &&
	    e->f.v[IVRS_E_UID_FORMAT] == IVRS_UID_INTEGER ? juint(e->uid_int) : NULL);
	if (t == IVRS_DEV_ACPI_HID) {
		ivrs_uid_kernel(d, e, buf, sizeof(buf));
		json_add(o, "uid_kernel", json_object_new_string(buf));
	} else {
		json_add(o, "uid_kernel", NULL);
	}
	return o;
}

/* An EFR image decoded as `show iommus` decodes the registers. */
static json_object *efr_decoded(uint64_t efr, uint64_t efr2)
{
	json_object *o = json_object_new_object();

	efr_json_add(o, true, efr, efr2);
	return o;
}

static json_object *ivhd_json(const struct ivrs *d, const struct ivrs_ivhd *h)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	uint16_t seg = ivrs_ivhd_segment(h);

	json_add(o, "offset", juint(h->offset));
	json_add(o, "iommu", jiommu(h->iommu));
	json_add(o, "used", json_object_new_boolean(h->iommu >= 0));
	add_fields(o, ivrs_ivhd_desc, IVRS_V_NFIELDS, &h->f, seg);
	json_add(o, "efr_image_decoded", ivrs_has(&h->f, IVRS_V_EFR) && ivrs_has(&h->f, IVRS_V_EFR2) ?
	    efr_decoded(h->f.v[IVRS_V_EFR], h->f.v[IVRS_V_EFR2]) : NULL);
	for (uint32_t i = 0; i < h->nentries; i++)
		json_object_array_add(arr, entry_json(d, &d->entry[h->first_entry + i], seg));
	json_add(o, "entries", arr);
	return o;
}

static json_object *ivmd_json(const struct ivrs_ivmd *m)
{
	json_object *o = json_object_new_object();

	json_add(o, "offset", juint(m->offset));
	json_add(o, "name", json_object_new_string(ivrs_subtable_name((unsigned)m->f.v[IVRS_M_TYPE])));
	add_fields(o, ivrs_ivmd_desc, IVRS_M_NFIELDS, &m->f, (uint16_t)m->f.v[IVRS_M_SEGMENT]);
	return o;
}

json_object *ivrs_json_table(const struct ivrs *d)
{
	json_object *o = json_object_new_object(), *h = json_object_new_object();
	json_object *ivhds = json_object_new_array(), *ivmds = json_object_new_array();
	json_object *other = json_object_new_array(), *drv = json_object_new_object();

	add_fields(h, ivrs_header_desc, IVRS_H_NFIELDS, &d->h, 0);
	json_add(h, "sum", json_hexn(d->sum, 2));
	json_add(h, "checksum_ok", json_object_new_boolean(d->checksum_ok));
	json_add(h, "size", juint(d->size));
	json_add(o, "header", h);
	for (size_t i = 0; i < d->nivhd; i++)
		json_object_array_add(ivhds, ivhd_json(d, &d->ivhd[i]));
	json_add(o, "ivhds", ivhds);
	for (size_t i = 0; i < d->nivmd; i++)
		json_object_array_add(ivmds, ivmd_json(&d->ivmd[i]));
	json_add(o, "ivmds", ivmds);
	for (size_t i = 0; i < d->nother; i++) {
		json_object *x = json_object_new_object();

		json_add(x, "offset", juint(d->other[i].offset));
		json_add(x, "type", juint(d->other[i].type));
		json_add(x, "length", juint(d->other[i].length));
		json_object_array_add(other, x);
	}
	json_add(o, "unknown_subtables", other);
	json_add(drv, "ivhd_type", d->target_type >= 0 ? juint((unsigned)d->target_type) : NULL);
	json_add(drv, "iommu_count", juint(d->niommu));
	json_add(o, "driver", drv);
	return o;
}

/* ---- the view ----------------------------------------------------------- */

static const char *const cover_names[] = {
	[IVRS_COVERED] = "covered", [IVRS_NO_SEGMENT] = "no_segment",
	[IVRS_NO_ENTRY] = "no_entry", [IVRS_BEYOND_LAST] = "beyond_last_bdf",
	[IVRS_IS_IOMMU] = "iommu_itself",
};

static json_object *offset_of(const struct ivrs *d, int32_t entry)
{
	return entry >= 0 && (size_t)entry < d->nentry ? juint(d->entry[entry].offset) : NULL;
}

static json_object *unity_json(const struct ivrs *d, const struct ivrs_unity *u)
{
	json_object *o = json_object_new_object();

	json_add(o, "offset", juint(d->ivmd[u->ivmd].offset));
	json_add(o, "segment", juint(u->seg));
	json_add(o, "bdf", jbdf((uint32_t)u->seg << 16 | u->first));
	json_add(o, "bdf_last", jbdf((uint32_t)u->seg << 16 | u->last));
	json_add(o, "start", json_hexn(u->start, 16));
	json_add(o, "end", u->end > u->start ? json_hexn(u->end - 1, 16) : NULL);
	json_add(o, "read", json_object_new_boolean(u->read));
	json_add(o, "write", json_object_new_boolean(u->write));
	return o;
}

static json_object *function_json(const struct ivrs *d, const struct ivrs_view *v,
				  const struct ivrs_view_fn *f)
{
	json_object *o = json_object_new_object(), *u = json_object_new_array();
	uint32_t sbdf = (uint32_t)f->fn.seg << 16 | f->fn.devid;

	json_add(o, "bdf", jbdf(sbdf));
	json_add(o, "pci_class", json_hexn(f->fn.class_code, 8));
	json_add(o, "cover", json_object_new_string(cover_names[f->cover]));
	json_add(o, "iommu", jiommu(f->iommu));
	json_add(o, "entry_offset", offset_of(d, f->entry));
	json_add(o, "dte_setting", f->have_dte ? json_hexn(f->dte, 2) : NULL);
	json_add(o, "dte_offset", offset_of(d, f->dte_entry));
	json_add(o, "alias_bdf", f->alias != f->fn.devid ?
	    jbdf((uint32_t)f->fn.seg << 16 | f->alias) : NULL);
	json_add(o, "alias_offset", offset_of(d, f->alias_entry));
	for (uint32_t i = 0; i < f->nunity; i++)
		json_object_array_add(u, unity_json(d, &v->unity[v->fn_unity[f->first_unity + i]]));
	json_add(o, "ivmds", u);
	return o;
}

static json_object *efr_json(const struct ivrs *d, const struct ivrs_efr_model *e)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();

	for (size_t i = 0; i < e->n; i++) {
		const struct ivrs_efr_iommu *x = &e->iommu[i];
		json_object *j = json_object_new_object();

		json_add(j, "iommu", jiommu((int)i));
		json_add(j, "offset", juint(d->ivhd[x->ivhd].offset));
		json_add(j, "image_used", json_object_new_boolean(x->image_used));
		json_add(j, "why_unused", jstr(x->why_unused));
		json_add(j, "efr", json_hexn(x->features, 16));
		json_add(j, "efr2", json_hexn(x->features2, 16));
		json_add(j, "mismatch", json_object_new_boolean(x->mismatch));
		json_object_array_add(arr, j);
	}
	json_add(o, "iommus", arr);
	/* early_amd_iommu_init() reads amd_iommu_efr before PCI init, every
	 * check_feature() after it */
	json_add(o, "early_used_for", json_object_new_string(
		"host page-table levels (HATS), 5-level guest tables (GATS), V2 page table for DMA (GIoSup, GTSup)"));
	json_add(o, "used_for", json_object_new_string(
		"every check_feature() after PCI init (PPR, GT, PASID, dirty tracking, SNP, GA) and sysfs features"));
	json_add(o, "early_efr", json_hexn(e->early_efr, 16));
	json_add(o, "early_efr2", json_hexn(e->early_efr2, 16));
	json_add(o, "inconsistent", json_object_new_boolean(e->inconsistent));
	json_add(o, "efr", e->have_final ? json_hexn(e->efr, 16) : NULL);
	json_add(o, "efr2", e->have_final ? json_hexn(e->efr2, 16) : NULL);
	json_add(o, "efr_from", !e->have_final ? NULL : e->final_from >= 0 ?
	    json_object_new_string("mmio") : json_object_new_string("ivhd"));
	json_add(o, "efr_from_iommu", jiommu(e->final_from));
	return o;
}

static json_object *override_json(const struct kcl_ivrs *x)
{
	json_object *o = json_object_new_object();
	bool hid = x->type == KCL_IVRS_ACPIHID;
	char text[300];

	ivrs_override_text(x, text, sizeof(text));
	json_add(o, "parameter", json_object_new_string(text));
	json_add(o, "kind", json_object_new_string(kcl_ivrs_type_name(x->type)));
	json_add(o, "word", json_new_int(x->word));
	json_add(o, "deprecated", json_new_bool(x->deprecated_form));
	json_add(o, "effective", json_new_bool(x->effective));
	json_add(o, "id", hid ? NULL : juint(x->id));
	json_add(o, "bdf", jbdf(x->sbdf));
	json_add(o, "hid", hid ? json_object_new_string(x->hid) : NULL);
	json_add(o, "uid", hid ? json_object_new_string(x->uid) : NULL);
	return o;
}

json_object *ivrs_json_view(const struct ivrs *d, const struct ivrs_view *v)
{
	static const char *const src[] = { "ivrs", "cmdline", "quirk" };
	json_object *o = json_object_new_object(), *a;

	a = json_object_new_array();
	for (size_t i = 0; i < v->nfn; i++)
		json_object_array_add(a, function_json(d, v, &v->fn[i]));
	json_add(o, "functions", a);
	a = json_object_new_array();
	for (size_t i = 0; i < v->nabsent; i++) {
		json_object *x = json_object_new_object();
		const struct ivrs_absent *ab = &v->absent[i];

		json_add(x, "offset", juint(d->entry[ab->entry].offset));
		json_add(x, "name", json_object_new_string(ivrs_entry_name(ivrs_entry_type(&d->entry[ab->entry]))));
		json_add(x, "bdf", jbdf((uint32_t)ab->seg << 16 | ab->first));
		json_add(x, "bdf_last", jbdf((uint32_t)ab->seg << 16 | ab->last));
		json_object_array_add(a, x);
	}
	json_add(o, "absent", a);
	a = json_object_new_array();
	for (size_t i = 0; i < v->nseg; i++) {
		json_object *x = json_object_new_object();

		json_add(x, "segment", juint(v->seg[i].seg));
		json_add(x, "last_bdf", v->seg[i].last_bdf < 0 ? NULL :
		    jbdf((uint32_t)v->seg[i].seg << 16 | (uint32_t)v->seg[i].last_bdf));
		json_object_array_add(a, x);
	}
	json_add(o, "segments", a);
	a = json_object_new_array();
	for (size_t i = 0; i < v->nspecial; i++) {
		const struct ivrs_special *s = &v->special[i];
		json_object *x = json_object_new_object();

		json_add(x, "variety_name", json_object_new_string(s->variety == IVRS_SPECIAL_IOAPIC ? "ioapic" : "hpet"));
		json_add(x, "handle", juint(s->id));
		json_add(x, "bdf", jbdf(s->sbdf));
		json_add(x, "source", json_object_new_string(src[s->source]));
		json_add(x, "offset", offset_of(d, s->entry));
		if (s->override >= 0) {
			char text[300];

			ivrs_override_text(&v->ivrs[s->override], text, sizeof(text));
			json_add(x, "parameter", json_object_new_string(text));
		} else {
			json_add(x, "parameter", NULL);
		}
		json_object_array_add(a, x);
	}
	json_add(o, "special_map", a);
	a = json_object_new_array();
	for (size_t i = 0; i < v->nunity; i++)
		json_object_array_add(a, unity_json(d, &v->unity[i]));
	json_add(o, "unity_maps", a);
	json_add(o, "efr_decision", efr_json(d, &v->efr));
	a = json_object_new_array();
	for (size_t i = 0; i < v->n_ivrs; i++)
		json_object_array_add(a, override_json(&v->ivrs[i]));
	json_add(o, "overrides", a);
	json_add(o, "init_fails", jstr(v->init_fails));
	json_add(o, "fail_offset", v->init_fails && v->fail_offset >= 0 ? juint((uint32_t)v->fail_offset) : NULL);
	return o;
}

/* ---- findings ----------------------------------------------------------- */

static json_object *evidence_json(const struct ivrs_finding *f)
{
	static const unsigned bytes[] = {
		[IVRS_EV_HEX8] = 1, [IVRS_EV_HEX16] = 2, [IVRS_EV_HEX32] = 4, [IVRS_EV_HEX64] = 8,
	};
	json_object *o = json_object_new_object();

	for (unsigned i = 0; i < f->nev; i++) {
		const struct ivrs_evidence *e = &f->ev[i];

		switch (e->kind) {
		case IVRS_EV_INT:
			json_add(o, e->key, juint(e->v));
			break;
		case IVRS_EV_BDF:
			json_add(o, e->key, jbdf((uint32_t)e->v));
			break;
		case IVRS_EV_STR:
			json_add(o, e->key, json_object_new_string(e->s));
			break;
		default:
			json_add(o, e->key, json_hexn(e->v, 2 * bytes[e->kind]));
		}
	}
	return o;
}

json_object *ivrs_json_findings(const struct ivrs_findings *f)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < f->n; i++) {
		const struct ivrs_finding *x = &f->v[i];
		json_object *o = json_object_new_object();

		json_add(o, "rule", json_object_new_string(x->rule));
		json_add(o, "severity", json_object_new_string(ivrs_severity_name(x->severity)));
		json_add(o, "offset", x->offset >= 0 ? juint((uint64_t)x->offset) : NULL);
		json_add(o, "evidence", evidence_json(x));
		json_add(o, "message", json_object_new_string(x->message));
		json_add(o, "driver_message", jstr(x->driver_message));
		json_add(o, "advice", jstr(x->advice));
		json_add(o, "kernel_function", json_object_new_string(x->kernel_function));
		json_add(o, "resolved_by", jstr(x->resolved_by));
		json_object_array_add(a, o);
	}
	return a;
}

json_object *ivrs_json_madt(const struct madt *m)
{
	json_object *o = json_object_new_object(), *h = json_object_new_object();
	json_object *a = json_object_new_array();

	json_add(h, "signature", json_object_new_string(m->hdr.signature));
	json_add(h, "length", juint(m->hdr.length));
	json_add(h, "revision", juint(m->hdr.revision));
	json_add(h, "checksum", json_hexn(m->hdr.checksum, 2));
	json_add(h, "checksum_ok", json_object_new_boolean(m->checksum_ok));
	json_add(h, "oem_id", json_object_new_string(m->hdr.oem_id));
	json_add(h, "oem_table_id", json_object_new_string(m->hdr.oem_table_id));
	json_add(o, "header", h);
	for (unsigned i = 0; i < m->nioapic; i++) {
		json_object *x = json_object_new_object();

		json_add(x, "ioapic_id", juint(m->ioapic[i].id));
		json_add(x, "address", json_hexn(m->ioapic[i].address, 8));
		json_add(x, "gsi_base", juint(m->ioapic[i].gsi_base));
		json_add(x, "offset", juint(m->ioapic[i].offset));
		json_object_array_add(a, x);
	}
	json_add(o, "ioapics", a);
	json_add(o, "bad_offset", m->bad_offset ? juint(m->bad_offset) : NULL);
	return o;
}

/* ---- layouts ------------------------------------------------------------ */

size_t ivrs_desc_columns(const struct ivrs_desc *d, size_t nd,
			 struct column *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nd && n < max; i++) {
		bool dup = false;

		for (size_t k = 0; k < n && !dup; k++)
			dup = !strcmp(out[k].path, d[i].key);
		if (!dup)
			out[n++] = (struct column){ d[i].label, d[i].key, NULL, 0 };
	}
	return n;
}

static const char *fmt_offset(json_object *row, json_object *v, char *buf, size_t len)
{
	(void)row;
	if (!v)
		return "-";
	snprintf(buf, len, "0x%03llx", (unsigned long long)json_object_get_uint64(v));
	return buf;
}

static const char *fmt_type(json_object *row, json_object *v, char *buf, size_t len)
{
	json_object *name = json_path(row, "name");

	if (!v)
		return "-";
	snprintf(buf, len, "%02llxh %s", (unsigned long long)json_object_get_uint64(v),
		 name ? json_object_get_string(name) : "");
	return buf;
}

/* The entry's detail: alias, handle/variety, HID:UID, extended setting. */
static const char *fmt_detail(json_object *row, json_object *v, char *buf, size_t len)
{
	json_object *x;

	(void)v;
	buf[0] = '\0';
	if ((x = json_path(row, "alias_bdf")))
		snprintf(buf, len, "alias %s", json_object_get_string(x));
	else if ((x = json_path(row, "handle")))
		snprintf(buf, len, "%s handle %d", json_object_get_string(json_path(row, "variety_name")),
			 json_object_get_int(x));
	else if ((x = json_path(row, "hid")))
		snprintf(buf, len, "%s uid %s", json_object_get_string(x),
			 json_path(row, "uid_kernel") ? json_object_get_string(json_path(row, "uid_kernel")) : "");
	else if ((x = json_path(row, "ext_setting")))
		snprintf(buf, len, "ext %s%s", json_object_get_string(x),
			 json_object_get_boolean(json_path(row, "ats_disabled")) ? " ATS disabled" : "");
	return buf[0] ? buf : "-";
}

/* A function's IVMD ranges: "START-END rw" each. */
static const char *fmt_ranges(json_object *row, json_object *v, char *buf, size_t len)
{
	size_t n = 0;

	(void)row;
	buf[0] = '\0';
	for (size_t i = 0; v && i < json_object_array_length(v) && n < len; i++) {
		json_object *u = json_object_array_get_idx(v, i), *end = json_path(u, "end");

		n += (size_t)snprintf(buf + n, len - n, "%s%s-%s %s%s", i ? ", " : "",
				      json_object_get_string(json_path(u, "start")),
				      end ? json_object_get_string(end) : "(empty)",
				      json_object_get_boolean(json_path(u, "read")) ? "r" : "",
				      json_object_get_boolean(json_path(u, "write")) ? "w" : "");
	}
	return buf[0] ? buf : "-";
}

const struct column ivrs_entry_table[] = {
	{ "OFFSET", "offset", fmt_offset },
	{ "TYPE", "type", fmt_type },
	{ "DEVICE", "bdf" },
	{ "DTE", "dte_setting" },
	{ "DETAIL", NULL, fmt_detail },
};
const size_t ivrs_entry_table_n = ARRAY_SIZE(ivrs_entry_table);

const struct column ivrs_ivmd_table[] = {
	{ "OFFSET", "offset", fmt_offset },
	{ "TYPE", "type", fmt_type },
	{ "FLAGS", "flags" },
	{ "DEVICE", "bdf" },
	{ "LAST", "bdf_last" },
	{ "START", "start_address" },
	{ "LENGTH", "memory_length" },
};
const size_t ivrs_ivmd_table_n = ARRAY_SIZE(ivrs_ivmd_table);

const struct column ivrs_function_table[] = {
	{ "BDF", "bdf" },
	{ "CLASS", "pci_class" },
	{ "IOMMU", "iommu" },
	{ "COVER", "cover" },
	{ "ENTRY", "entry_offset", fmt_offset },
	{ "DTE", "dte_setting" },
	{ "ALIAS", "alias_bdf" },
	{ "IVMD", "ivmds", fmt_ranges },
};
const size_t ivrs_function_table_n = ARRAY_SIZE(ivrs_function_table);

const struct column ivrs_finding_table[] = {
	{ "SEVERITY", "severity" },
	{ "RULE", "rule" },
	{ "OFFSET", "offset", fmt_offset },
	{ "MESSAGE", "message" },
};
const size_t ivrs_finding_table_n = ARRAY_SIZE(ivrs_finding_table);
