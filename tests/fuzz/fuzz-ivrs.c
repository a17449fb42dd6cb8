// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the IVRS decoder and everything built on it: the
 * input is an IVRS table (ivrs_decode), then the driver's view and the
 * findings (with the same bytes read as a MADT and, through kcmdline.c,
 * as a kernel command line whose ivrs_* overrides the view applies) and
 * the JSON.  Invariants:
 *   - every structure lies inside the parsed bytes, entries inside their
 *     IVHD, in increasing order, each at least 1 byte long;
 *   - round trip: each decoded structure written back from its values
 *     through its descriptor table (ivrs_desc_decode's inverse) gives the
 *     bytes the descriptors cover, and decodes to the same values;
 *   - acpidump's text of the bytes extracts back to the same bytes;
 *   - the JSON (of inputs up to 1 KiB) parses back and prints the same text;
 *   - a kept override prints as ivrs_ioapic=ID@SSSS:BB:DD.F (or the
 *     ivrs_hpet/ivrs_acpihid form) and parses back to the same values;
 *   - findings: a known severity, a rule, a kernel function, an offset
 *     inside the table or -1.
 */
#include <errno.h>
#include <inttypes.h>

#include "acpi.h"
#include "acpi-ivrs.h"
#include "ivrs-diag.h"
#include "ivrs-json.h"
#include "fuzz.h"

/* Write the decoded values of @x back into @out (the bytes of one
 * structure), field by field; @mask gets 1s where a field wrote. */
static void encode(const struct ivrs_desc *d, size_t nd, const struct ivrs_values *x,
		   uint8_t *out, uint8_t *mask, size_t n)
{
	for (size_t i = 0; i < nd; i++) {
		uint64_t v = x->v[i], m = d[i].width ? ((UINT64_C(1) << d[i].width) - 1) : ~UINT64_C(0);

		if (!ivrs_has(x, (unsigned)i))
			continue;
		FUZZ_CHECK(d[i].off + d[i].size <= n);
		FUZZ_CHECK(!(v & ~m));
		v <<= d[i].width ? d[i].lo : 0;
		m <<= d[i].width ? d[i].lo : 0;
		for (unsigned b = 0; b < d[i].size; b++) {
			uint8_t vb = (uint8_t)(v >> (8 * b)), mb = (uint8_t)(m >> (8 * b));

			/* two fields over the same bits must agree */
			FUZZ_CHECK(!((out[d[i].off + b] ^ vb) & mb & mask[d[i].off + b]));
			out[d[i].off + b] = (uint8_t)((out[d[i].off + b] & ~mb) | (vb & mb));
			mask[d[i].off + b] |= mb;
		}
	}
}

static void round_trip(const struct ivrs_desc *d, size_t nd, const struct ivrs_values *x,
		       const uint8_t *orig, size_t n)
{
	uint8_t out[64] = { 0 }, mask[64] = { 0 };
	struct ivrs_values y;

	if (n > sizeof(out))
		n = sizeof(out);
	encode(d, nd, x, out, mask, n);
	for (size_t b = 0; b < n; b++)
		FUZZ_CHECK(!((out[b] ^ orig[b]) & mask[b]));
	ivrs_desc_decode(d, nd, x->variant, out, n, &y);
	FUZZ_CHECK(y.have == x->have);
	for (size_t i = 0; i < nd; i++)
		if (ivrs_has(x, (unsigned)i))
			FUZZ_CHECK(y.v[i] == x->v[i]);
}

/* The length bytes of the subtable at @off (the decoder keeps 4 bytes of
 * header inside the parsed end). */
static size_t sub_len(const struct ivrs *d, uint32_t off)
{
	FUZZ_CHECK(off + 4 <= d->end);
	return d->raw[off + 2] | (size_t)d->raw[off + 3] << 8;
}

static void check_structure(const struct ivrs *d)
{
	uint32_t prev = 0;

	FUZZ_CHECK(d->end <= d->size);
	FUZZ_CHECK(d->niommu <= d->nivhd);
	round_trip(ivrs_header_desc, IVRS_H_NFIELDS, &d->h, d->raw, d->size < 48 ? d->size : 48);
	for (size_t i = 0; i < d->nivhd; i++) {
		const struct ivrs_ivhd *h = &d->ivhd[i];
		size_t len = d->end - h->offset;

		FUZZ_CHECK(h->offset >= IVRS_HEADER_LEN && h->offset < d->end);
		FUZZ_CHECK(h->first_entry + h->nentries <= d->nentry);
		FUZZ_CHECK(h->iommu < (int)d->niommu);
		if (sub_len(d, h->offset) < len)
			len = sub_len(d, h->offset);
		round_trip(ivrs_ivhd_desc, IVRS_V_NFIELDS, &h->f, d->raw + h->offset, len);
		for (uint32_t k = 0; k < h->nentries; k++) {
			const struct ivrs_entry *e = &d->entry[h->first_entry + k];

			FUZZ_CHECK(e->ivhd == i);
			FUZZ_CHECK(e->len >= 1 && e->offset > prev);
			FUZZ_CHECK(e->offset >= h->offset && e->offset + e->len <= h->offset + len);
			FUZZ_CHECK(e->uid_off + e->uid_avail <= d->end || !e->uid_avail);
			round_trip(ivrs_entry_desc, IVRS_E_NFIELDS, &e->f, d->raw + e->offset, e->len);
			prev = e->offset;
		}
	}
	for (size_t i = 0; i < d->nivmd; i++) {
		const struct ivrs_ivmd *m = &d->ivmd[i];
		size_t len = d->end - m->offset;

		FUZZ_CHECK(m->offset >= IVRS_HEADER_LEN && m->offset < d->end);
		if (sub_len(d, m->offset) < len)
			len = sub_len(d, m->offset);
		round_trip(ivrs_ivmd_desc, IVRS_M_NFIELDS, &m->f, d->raw + m->offset, len);
	}
	for (size_t i = 0; i < d->nproblem; i++)
		FUZZ_CHECK(d->problem[i].code < IVRS_P_NCODES);
}

/* acpidump's format: "SIG @ 0x..." then "    OFFS: HH .. HH  ascii" */
static void check_acpidump(const uint8_t *data, size_t size)
{
	size_t cap = 64 + (size / 16 + 1) * 96, n = 0;
	char *text = malloc(cap);
	uint8_t *back = malloc(size ? size : 1);
	long r;

	FUZZ_CHECK(text && back);
	n += (size_t)snprintf(text + n, cap - n, "IVRS @ 0x00000000bbf6e000\n");
	for (size_t off = 0; off < size; off += 16) {
		n += (size_t)snprintf(text + n, cap - n, "    %04zX:", off);
		for (size_t k = 0; k < 16; k++)
			n += (size_t)snprintf(text + n, cap - n, off + k < size ? " %02X" : "   ",
					      off + k < size ? data[off + k] : 0);
		n += (size_t)snprintf(text + n, cap - n, "  ");
		for (size_t k = off; k < off + 16 && k < size; k++)
			text[n++] = data[k] >= 0x20 && data[k] < 0x7f ? (char)data[k] : '.';
		text[n++] = '\n';
	}
	r = acpidump_extract(text, n, "IVRS", 0, back, size, NULL);
	if (size) {
		FUZZ_CHECK(r == (long)size);
		FUZZ_CHECK(!memcmp(back, data, size));
	} else {
		FUZZ_CHECK(r == -ENOENT);
	}
	/* hexdump -C of the bytes: "*" for a full line equal to the one before */
	n = 0;
	for (size_t off = 0; off < size; off += 16) {
		size_t k, len = size - off < 16 ? size - off : 16;

		if (off && len == 16 && !memcmp(data + off, data + off - 16, 16)) {
			if (n < 2 || memcmp(text + n - 2, "*\n", 2))
				n += (size_t)snprintf(text + n, cap - n, "*\n");
			continue;
		}
		n += (size_t)snprintf(text + n, cap - n, "%08zx ", off);
		for (k = 0; k < 16; k++)
			n += (size_t)snprintf(text + n, cap - n, k < len ? "%s %02x" : "%s   ",
					      k == 8 ? " " : "", k < len ? data[off + k] : 0);
		n += (size_t)snprintf(text + n, cap - n, "  |");
		for (k = 0; k < len; k++)
			text[n++] = data[off + k] >= 0x20 && data[off + k] < 0x7f ? (char)data[off + k] : '.';
		n += (size_t)snprintf(text + n, cap - n, "|\n");
	}
	n += (size_t)snprintf(text + n, cap - n, "%08zx\n", size);
	r = acpidump_extract(text, n, "IVRS", 0, back, size, NULL);
	if (size) {
		FUZZ_CHECK(r == (long)size);
		FUZZ_CHECK(!memcmp(back, data, size));
	}
	/* the raw bytes as text: bounded, never past the buffer */
	r = acpidump_extract((const char *)data, size, "IVRS", 0, back, size, NULL);
	FUZZ_CHECK(r == -ENOENT || r == -EINVAL || r >= 0);
	free(text);
	free(back);
}

static void check_json(json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	json_object *p = json_tokener_parse(s);

	FUZZ_CHECK(p);
	FUZZ_CHECK(!strcmp(s, json_object_to_json_string_ext(p, JSON_C_TO_STRING_PLAIN)));
	json_object_put(p);
}

static void check_overrides(const struct kcmdline *k)
{
	for (size_t i = 0; i < k->n_ivrs; i++) {
		const struct kcl_ivrs *o = &k->ivrs[i];
		struct kcmdline again;
		char text[300];

		ivrs_override_text(o, text, sizeof(text));
		kcmdline_parse(text, &again);
		FUZZ_CHECK(again.n_ivrs == 1 && again.ivrs[0].type == o->type &&
			   !again.ivrs[0].deprecated_form && again.ivrs[0].sbdf == o->sbdf);
		if (o->type == KCL_IVRS_ACPIHID)
			FUZZ_CHECK(!strcmp(again.ivrs[0].hid, o->hid) && !strcmp(again.ivrs[0].uid, o->uid));
		else
			FUZZ_CHECK(again.ivrs[0].id == o->id);
		kcmdline_free(&again);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivrs_machine m = { 0 };
	struct kcmdline k;
	struct ivrs_findings fs;
	struct ivrs_view *v;
	struct madt madt;
	struct ivrs *d;
	json_object *o;
	char *cmdline = fuzz_str(data, size);
	struct ivrs_pci_fn fns[4] = {
		{ 0, 0x00a0, 0x0c0500 }, { 0, 0x0002, 0x080600 }, { 0, 0x0008, 0x060000 },
		{ 1, 0x0100, 0x020000 },
	};
	struct ivrs_iommu_hw hw = { true, 1u << 27, true, 0x29d3, 0 };

	FUZZ_CHECK(ivrs_decode(data, size, &d) == 0);
	check_structure(d);
	check_acpidump(data, size);
	if (madt_decode(data, size, &madt) == 0) {
		FUZZ_CHECK(madt.nioapic <= MADT_MAX_IOAPICS);
		for (unsigned i = 0; i < madt.nioapic; i++)
			FUZZ_CHECK(madt.ioapic[i].offset + 12 <= size);
		m.madt = &madt;
	}
	kcmdline_parse(cmdline, &k);
	check_overrides(&k);
	m.kcmdline = &k;
	m.fn = fns;
	m.nfn = 4;
	m.have_fn = true;
	m.iommu = &hw;
	m.niommu = 1;
	FUZZ_CHECK(ivrs_view_build(d, &m, &v) == 0);
	FUZZ_CHECK(ivrs_findings(d, &m, v, &fs) == 0);
	for (size_t i = 0; i < fs.n; i++) {
		FUZZ_CHECK(fs.v[i].severity <= IVRS_ERROR && fs.v[i].rule[0] && fs.v[i].kernel_function[0]);
		FUZZ_CHECK(fs.v[i].offset == -1 || (fs.v[i].offset >= 0 && (uint64_t)fs.v[i].offset <= d->size));
		FUZZ_CHECK(fs.v[i].nev <= IVRS_MAX_EVIDENCE && fs.v[i].message[0]);
	}
	/* the JSON is most of the time per input: small tables reach all of it */
	if (size <= 1024) {
		o = json_object_new_object();
		json_object_object_add(o, "ivrs", ivrs_json_table(d));
		json_object_object_add(o, "resolved", ivrs_json_view(d, v));
		json_object_object_add(o, "findings", ivrs_json_findings(&fs));
		check_json(o);
		json_object_put(o);
	}
	ivrs_findings_free(&fs);
	ivrs_view_free(v);
	ivrs_free(d);
	kcmdline_free(&k);
	free(cmdline);
	return 0;
}
