// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware diagnosis: rules over the decoded IVRS (acpi-ivrs.h), the
 * driver's view of it (ivrs-resolve.c) and the machine facts.  Each
 * finding names its rule, its severity, the evidence (table offsets and
 * values), the message the 7.3 driver prints because of it (exact text,
 * pr_fmt "AMD-Vi: " included; FW_BUG is "[Firmware Bug]: ", FW_WARN
 * "[Firmware Warn]: "; the kernel prints %#llx of 0 as "0x0"), what to
 * do, and the kernel function that applies the rule.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efr.h"
#include "ivrs-diag.h"

#define INIT_C "drivers/iommu/amd/init.c "
#define IOMMU_C "drivers/iommu/amd/iommu.c "
#define FW_BUG "[Firmware Bug]: "
#define DISABLING_IR "AMD-Vi: Disabling interrupt remapping"
#define CLASS_SMBUS 0x0c05 /* PCI_CLASS_SERIAL_SMBUS */
#define CLASS_ISA   0x0601 /* PCI_CLASS_BRIDGE_ISA */

struct fb {
	const struct ivrs *d;
	const struct ivrs_machine *m;
	const struct ivrs_view *v;
	struct ivrs_findings *out;
	int err;
};

const char *ivrs_severity_name(enum ivrs_severity s)
{
	return s == IVRS_ERROR ? "error" : s == IVRS_WARNING ? "warning" : "info";
}

/* ---- building findings -------------------------------------------------- */

static struct ivrs_finding *add(struct fb *b, const char *rule, const char *func,
				enum ivrs_severity sev, int64_t offset,
				const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static struct ivrs_finding *add(struct fb *b, const char *rule, const char *func,
				enum ivrs_severity sev, int64_t offset,
				const char *fmt, ...)
{
	struct ivrs_findings *o = b->out;
	struct ivrs_finding *f;
	va_list ap;

	if (b->err)
		return NULL;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		void *p = realloc(o->v, cap * sizeof(*o->v));

		if (!p) {
			b->err = -ENOMEM;
			return NULL;
		}
		o->v = p;
		o->cap = cap;
	}
	f = &o->v[o->n++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->kernel_function = func;
	f->severity = (uint8_t)sev;
	f->offset = offset;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return f;
}

/* Write @buf, or with @add put a line under what it holds (NULL: no finding). */
static void say(char *buf, size_t len, bool add, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void say(char *buf, size_t len, bool add, const char *fmt, ...)
{
	size_t n = add && buf ? strlen(buf) : 0;
	va_list ap;

	if (!buf)
		return;
	if (n && n < len - 1)
		buf[n++] = '\n';
	va_start(ap, fmt);
	if (n < len)
		vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* the kernel's log lines (added), what to do (set) */
#define drv(f, ...) say((f) ? (f)->driver_message : NULL, sizeof((f)->driver_message), true, __VA_ARGS__)
#define todo(f, ...) say((f) ? (f)->advice : NULL, sizeof((f)->advice), false, __VA_ARGS__)

static void ev(struct ivrs_finding *f, const char *key, enum ivrs_ev_kind kind,
	       uint64_t v)
{
	if (!f || f->nev == IVRS_MAX_EVIDENCE)
		return;
	f->ev[f->nev].key = key;
	f->ev[f->nev].kind = (uint8_t)kind;
	f->ev[f->nev].v = v;
	f->nev++;
}

static void ev_str(struct ivrs_finding *f, const char *key, const char *s)
{
	if (!f || f->nev == IVRS_MAX_EVIDENCE)
		return;
	f->ev[f->nev].key = key;
	f->ev[f->nev].kind = IVRS_EV_STR;
	snprintf(f->ev[f->nev].s, sizeof(f->ev[f->nev].s), "%s", s);
	f->nev++;
}

static void bdf_text(uint32_t sbdf, char buf[16])
{
	snprintf(buf, 16, "%04x:%02x:%02x.%x", sbdf >> 16 & 0xffff, sbdf >> 8 & 0xff,
		 sbdf >> 3 & 0x1f, sbdf & 7);
}

/* ---- facts used by several rules ---------------------------------------- */

static uint32_t entry_sbdf(const struct ivrs *d, const struct ivrs_entry *e,
			   unsigned field)
{
	return (uint32_t)ivrs_ivhd_segment(&d->ivhd[e->ivhd]) << 16 |
	       (uint32_t)e->f.v[field];
}

static bool ivhd_used(const struct ivrs *d, long ivhd)
{
	return ivhd >= 0 && (size_t)ivhd < d->nivhd && d->ivhd[ivhd].iommu >= 0;
}

static const struct ivrs_pci_fn *present(const struct ivrs_machine *m,
					 uint16_t seg, uint16_t devid)
{
	if (!m || !m->have_fn)
		return NULL;
	for (size_t i = 0; i < m->nfn; i++)
		if (m->fn[i].seg == seg && m->fn[i].devid == devid)
			return &m->fn[i];
	return NULL;
}

/* The first function of @cls (PCI_CLASS_DEVICE, 16 bits) on segment 0. */
static const struct ivrs_pci_fn *find_class(const struct ivrs_machine *m,
					    unsigned cls)
{
	const struct ivrs_pci_fn *best = NULL;

	if (!m || !m->have_fn)
		return NULL;
	for (size_t i = 0; i < m->nfn; i++)
		if (m->fn[i].seg == 0 && m->fn[i].class_code >> 8 == cls &&
		    (!best || m->fn[i].devid < best->devid))
			best = &m->fn[i];
	return best;
}

static bool madt_has(const struct madt *madt, unsigned id)
{
	for (unsigned i = 0; madt && i < madt->nioapic; i++)
		if (madt->ioapic[i].id == id)
			return true;
	return false;
}

/* The first entry of ioapic_map/hpet_map with @id (get_ioapic_devid()). */
static const struct ivrs_special *map_lookup(const struct ivrs_view *v,
					     uint8_t variety, unsigned id,
					     bool firmware_only)
{
	for (size_t i = 0; i < v->nspecial; i++) {
		const struct ivrs_special *s = &v->special[i];

		if (s->variety != variety || s->id != id)
			continue;
		if (firmware_only && s->source != IVRS_SRC_IVRS)
			continue;
		return s;
	}
	return NULL;
}

/* The IVRS's own special entry for @id in used IVHDs (not the overrides). */
static const struct ivrs_entry *ivrs_special(const struct ivrs *d, uint8_t variety,
					     unsigned id)
{
	for (size_t i = 0; i < d->nentry; i++) {
		const struct ivrs_entry *e = &d->entry[i];

		if (ivrs_entry_type(e) == IVRS_DEV_SPECIAL && ivhd_used(d, e->ivhd) &&
		    e->f.v[IVRS_E_VARIETY] == variety && e->f.v[IVRS_E_HANDLE] == id)
			return e;
	}
	return NULL;
}

static const char *fw_bug(const struct ivrs_view *v)
{
	/* check_ioapic_information(): "" once a map came from the command line */
	return v->cmdline_maps ? "" : FW_BUG;
}

/* ---- the table's own problems ------------------------------------------- */

/* The integer UID the kernel cuts to its first byte: say which UID it gets. */
static void uid_integer(struct ivrs_finding *f, const struct ivrs *d,
			const struct ivrs_entry *e, bool inuse)
{
	unsigned first = e->offset + 22u < d->end ? d->raw[e->offset + 22] : 0;
	size_t n = strlen(f->message);

	snprintf(f->message + n, sizeof(f->message) - n, ": UID \"%u\"", first);
	if (!e->uid_int_valid)
		return;
	ev(f, "uid_int", IVRS_EV_INT, e->uid_int);
	if (e->uid_int != first && inuse) {
		f->severity = IVRS_WARNING;
		todo(f, "The value %llu does not fit a byte: the driver matches this device under the wrong UID; ivrs_acpihid=HID:UID@SSSS:BB:DD.F on the command line maps it by hand.",
		     (unsigned long long)e->uid_int);
	}
}

/*
 * One line per decoder problem (acpi-ivrs.h): rule, kernel function,
 * severity when the driver meets it, message, the kernel's line(s), what
 * to do, and the evidence keys of the problem's two values.  In texts,
 * {v} and {v2} are the values in decimal and {x} the first as 0x%02llx.
 */
#define P_IN_IVHD 0x01 /* in an IVHD the driver skips: info, and said so */
#define P_ONLY_40 0x02 /* the kernel's line only in a 40h IVHD (F0h checks) */
#define P_LOW_TYPE 0x04 /* a type <= 40h takes part in the type scan */

struct problem_rule {
	const char *rule, *func;
	uint8_t sev, flags;
	const char *msg, *drv, *advice, *ev_v, *ev_v2;
};

#define HANGS_ADVICE "Boot with amd_iommu=off and report the table to the vendor."
#define WARN_INIT_ALL "WARNING: ... at drivers/iommu/amd/init.c:2070 init_iommu_all"

static const struct problem_rule problem_rules[IVRS_P_NCODES] = {
	[IVRS_P_SHORT] = { "table_short", INIT_C "early_amd_iommu_init", IVRS_ERROR, 0,
		"{v} bytes: fewer than the 36-byte ACPI table header" },
	[IVRS_P_SIGNATURE] = { "not_ivrs", INIT_C "early_amd_iommu_init", IVRS_ERROR, 0,
		"the signature is not \"IVRS\": this is not an IVRS table", NULL,
		"Give the IVRS table (/sys/firmware/acpi/tables/IVRS, or acpidump's IVRS section)." },
	[IVRS_P_LENGTH_SHORT] = { "table_short", INIT_C "init_iommu_all", IVRS_ERROR, 0,
		"the header length {v} is below the 48-byte IVRS header: the driver finds no subtable" },
	[IVRS_P_TRUNCATED] = { "table_truncated", INIT_C "check_ivrs_checksum", IVRS_ERROR, 0,
		"the header says {v} bytes but only {v2} were given: the capture is cut (the checksum cannot be verified)",
		NULL, "Copy the whole table: cat /sys/firmware/acpi/tables/IVRS > ivrs.bin (as root).",
		"length", "size" },
	[IVRS_P_TRAILING] = { "table_trailing", INIT_C "init_iommu_all", IVRS_INFO, 0,
		"bytes follow the table's length {v} and are ignored", NULL, NULL, "length", "size" },
	[IVRS_P_CHECKSUM] = { "checksum_bad", INIT_C "check_ivrs_checksum", IVRS_ERROR, 0,
		"the 8-bit sum of the table is {x}, not 0: the driver refuses the table and the AMD IOMMU stays off",
		"AMD-Vi: " FW_BUG "IVRS invalid checksum",
		"Update the firmware; as a workaround an IVRS with a fixed checksum can be loaded from the initrd (kernel/firmware/acpi/IVRS.aml, CONFIG_ACPI_TABLE_UPGRADE) with a higher OEM revision." },
	[IVRS_P_SUB_CUT] = { "subtable_cut", INIT_C "init_iommu_all", IVRS_WARNING, 0,
		"{v} bytes remain at the end, too few for a subtable header: the driver reads a subtable past the table's end",
		WARN_INIT_ALL },
	[IVRS_P_SUB_ZERO_LEN] = { "subtable_zero_length", INIT_C "init_iommu_all", IVRS_ERROR, 0,
		"a subtable of type {x} has length 0: get_highest_supported_ivhd_type(), init_iommu_all() and init_memory_definitions() add 0 and never leave their loop (the boot hangs)",
		NULL, HANGS_ADVICE, "type" },
	[IVRS_P_SUB_OVERRUN] = { "subtable_overrun", INIT_C "init_iommu_all", IVRS_ERROR, 0,
		"a subtable of length {v} runs past the table's end ({v2} bytes left): the driver reads beyond the table",
		"WARNING: ... at drivers/iommu/amd/init.c:615 find_last_devid_acpi\n" WARN_INIT_ALL },
	[IVRS_P_SUB_UNKNOWN] = { "subtable_unknown", INIT_C "init_iommu_all", IVRS_INFO, P_LOW_TYPE,
		"subtable type {x} ({v2} bytes) is not defined: the driver skips it by its length",
		NULL, NULL, "type", "length" },
	[IVRS_P_TYPE_SCAN_STOP] = { "type_scan_stopped", INIT_C "get_highest_supported_ivhd_type", IVRS_WARNING, 0,
		"subtable type {x} (above 0x40) ends the scan for the IVHD type to use: IVHDs after it do not count",
		NULL, NULL, "type" },
	[IVRS_P_TARGET_NOT_IVHD] = { "ivhd_type_invalid", INIT_C "get_highest_supported_ivhd_type", IVRS_ERROR, 0,
		"the driver picks subtable type {x}, which is no IVHD type (a subtable of type <= 0x40 with the first IVHD's device id comes last): init_iommu_one() returns -EINVAL and the AMD IOMMU stays off",
		NULL, NULL, "type" },
	[IVRS_P_TOO_MANY_IOMMUS] = { "too_many_iommus", INIT_C "init_iommu_one", IVRS_ERROR, 0,
		"{v} IVHDs of the used type: more than MAX_IOMMUS (32), the driver fails",
		"WARNING: ... System has more IOMMUs than supported by this driver" },
	[IVRS_P_IVHD_SHORT] = { "ivhd_short", INIT_C "get_ivhd_header_size", IVRS_ERROR, P_IN_IVHD,
		"the IVHD's length {v} is below its {v2}-byte header: the driver reads the header beyond the block and finds no device entry",
		NULL, NULL, "length" },
	[IVRS_P_IVMD_SHORT] = { "ivmd_short", INIT_C "init_memory_definitions", IVRS_WARNING, 0,
		"the IVMD's length {v} is below 32: the driver reads struct ivmd_header beyond the block",
		NULL, NULL, "length" },
	[IVRS_P_ENTRY_OVERRUN] = { "entry_overrun", INIT_C "find_last_devid_from_ivhd", IVRS_WARNING, P_IN_IVHD,
		"device entry type {x} needs {v2} bytes but runs past its IVHD's end",
		"WARNING: ... at drivers/iommu/amd/init.c:567 find_last_devid_from_ivhd", NULL, "type" },
	[IVRS_P_ENTRY_UNKNOWN] = { "entry_unknown", INIT_C "init_iommu_from_acpi", IVRS_INFO, P_IN_IVHD,
		"reserved device entry type {x}: skipped by its length", NULL, NULL, "type" },
	[IVRS_P_ENTRY_HANG] = { "entry_hangs", INIT_C "ivhd_entry_length", IVRS_ERROR, P_IN_IVHD,
		"device entry type {x}: ivhd_entry_length() is 0 for types from 0x80 but 0xf0, so find_last_devid_from_ivhd() and init_iommu_from_acpi() never advance (the boot hangs)",
		NULL, HANGS_ADVICE, "type" },
	[IVRS_P_F0_OUTSIDE_40] = { "acpi_hid_outside_40h", INIT_C "init_iommu_from_acpi", IVRS_WARNING, P_IN_IVHD,
		"an ACPI HID (F0h) entry in an IVHD of type {x}: the driver ignores it",
		"AMD-Vi: " FW_BUG "Invalid IVHD device type 0xf0" },
	[IVRS_P_F0_HID_EMPTY] = { "acpi_hid_empty", INIT_C "init_iommu_from_acpi", IVRS_WARNING, P_IN_IVHD | P_ONLY_40,
		"the ACPI HID of an F0h entry is empty: the driver ignores the entry",
		"AMD-Vi: " FW_BUG "Invalid HID." },
	[IVRS_P_F0_UID_LENGTH] = { "acpi_uid_length", INIT_C "init_iommu_from_acpi", IVRS_INFO, P_IN_IVHD | P_ONLY_40,
		"UID format 0 (none) with UID length {v}: the driver takes no UID",
		"AMD-Vi: " FW_BUG "Invalid UID length." },
	[IVRS_P_F0_UID_FORMAT] = { "acpi_uid_format", INIT_C "init_iommu_from_acpi", IVRS_INFO, P_IN_IVHD,
		"UID format {v} is not 0, 1 or 2: the driver takes no UID" },
	[IVRS_P_F0_UID_INT_LEN] = { "acpi_uid_integer", INIT_C "init_iommu_from_acpi", IVRS_INFO, P_IN_IVHD,
		"an integer UID of {v} bytes: the driver prints only its first byte (sprintf(\"%d\", e->uid))" },
	[IVRS_P_SPECIAL_VARIETY] = { "special_variety", INIT_C "add_special_device", IVRS_ERROR, P_IN_IVHD,
		"a special entry (48h) of variety {v}, neither IOAPIC (1) nor HPET (2): add_special_device() returns -EINVAL and the driver's initialization fails",
		NULL, NULL, "variety" },
	[IVRS_P_RANGE_END_ALONE] = { "range_end_without_start", INIT_C "init_iommu_from_acpi", IVRS_WARNING, P_IN_IVHD,
		"a range end (04h) with no open range: the driver reuses the last range start of this IVHD (or device 0)" },
	[IVRS_P_RANGE_OPEN] = { "range_start_without_end", INIT_C "init_iommu_from_acpi", IVRS_WARNING, P_IN_IVHD,
		"a range start that no range end (04h) closes: the driver maps nothing for it" },
	[IVRS_P_RANGE_REVERSED] = { "range_reversed", INIT_C "set_dev_entry_from_acpi_range", IVRS_WARNING, P_IN_IVHD,
		"the range ends below its start: the driver maps no device for it" },
};

/* Expand {v}, {v2}, {x} of @t with @p's values. */
static void expand(const char *t, const struct ivrs_problem *p, char *out, size_t len)
{
	size_t n = 0;

	while (*t && n + 1 < len) {
		if (!strncmp(t, "{v2}", 4)) {
			n += (size_t)snprintf(out + n, len - n, "%llu", (unsigned long long)p->value2);
			t += 4;
		} else if (!strncmp(t, "{v}", 3)) {
			n += (size_t)snprintf(out + n, len - n, "%llu", (unsigned long long)p->value);
			t += 3;
		} else if (!strncmp(t, "{x}", 3)) {
			n += (size_t)snprintf(out + n, len - n, "0x%02llx", (unsigned long long)p->value);
			t += 3;
		} else {
			out[n++] = *t++;
		}
	}
	out[n < len ? n : len - 1] = '\0';
}

static void table_problem(struct fb *b, const struct ivrs_problem *p)
{
	const struct ivrs *d = b->d;
	const struct problem_rule *r = &problem_rules[p->code];
	bool inuse = p->ivhd < 0 || ivhd_used(d, p->ivhd);
	const struct ivrs_entry *e = p->entry >= 0 ? &d->entry[p->entry] : NULL;
	struct ivrs_finding *f;
	char msg[320];

	if (!r->rule)
		return;
	expand(r->msg, p, msg, sizeof(msg));
	f = add(b, r->rule, r->func, inuse ? r->sev : IVRS_INFO, p->offset, "%s%s%s", msg,
		r->flags & P_LOW_TYPE && p->value <= 0x40 ?
		", but get_highest_supported_ivhd_type() compares its bytes 4-5 with the first IVHD's device id" : "",
		inuse ? "" : " (in an IVHD of a type the driver does not use)");
	if (!f)
		return;
	if (r->drv && inuse && (!(r->flags & P_ONLY_40) || d->ivhd[p->ivhd].f.v[IVRS_V_TYPE] == 0x40))
		drv(f, "%s", r->drv);
	if (r->advice && inuse)
		todo(f, "%s", r->advice);
	if (r->ev_v)
		ev(f, r->ev_v, IVRS_EV_INT, p->value);
	if (r->ev_v2)
		ev(f, r->ev_v2, IVRS_EV_INT, p->value2);
	if (e)
		ev(f, "bdf", IVRS_EV_BDF, entry_sbdf(d, e, IVRS_E_DEVID));
	if (p->code == IVRS_P_F0_UID_INT_LEN && e)
		uid_integer(f, d, e, inuse);
}

/* ---- IVHDs and device entries ------------------------------------------- */

/* find_last_devid_from_ivhd(): the entry types that give a device id */
static bool counted_entries(const struct ivrs *d, const struct ivrs_ivhd *h)
{
	for (uint32_t i = 0; i < h->nentries; i++)
		switch (ivrs_entry_type(&d->entry[h->first_entry + i])) {
		case IVRS_DEV_ALL:
		case IVRS_DEV_SELECT:
		case IVRS_DEV_RANGE_END:
		case IVRS_DEV_ALIAS:
		case IVRS_DEV_EXT_SELECT:
			return true;
		}
	return false;
}

static void ivhd_rules(struct fb *b)
{
	const struct ivrs *d = b->d;

	for (size_t i = 0; i < d->nivhd; i++) {
		const struct ivrs_ivhd *h = &d->ivhd[i];
		bool has_used = false, dup = false;
		char bdf[16];

		bdf_text((uint32_t)ivrs_ivhd_segment(h) << 16 | (uint32_t)h->f.v[IVRS_V_DEVID], bdf);
		for (size_t j = 0; j < d->nivhd; j++) {
			const struct ivrs_ivhd *o = &d->ivhd[j];

			if (ivrs_ivhd_segment(o) != ivrs_ivhd_segment(h) ||
			    o->f.v[IVRS_V_DEVID] != h->f.v[IVRS_V_DEVID])
				continue;
			has_used |= o->iommu >= 0;
			dup |= j < i && o->iommu >= 0 && h->iommu >= 0;
		}
		if (!has_used && d->target_type >= 0) {
			struct ivrs_finding *f = add(b, "iommu_not_used", INIT_C "get_highest_supported_ivhd_type",
				IVRS_WARNING, h->offset,
				"the IOMMU %s has no IVHD of type 0x%02x, the type the driver uses (from the first IVHD's device id): the driver does not set it up",
				bdf, d->target_type);

			ev(f, "bdf", IVRS_EV_BDF, (uint32_t)ivrs_ivhd_segment(h) << 16 | (uint32_t)h->f.v[IVRS_V_DEVID]);
			ev(f, "type", IVRS_EV_INT, h->f.v[IVRS_V_TYPE]);
		}
		if (dup) {
			struct ivrs_finding *f = add(b, "iommu_duplicate", INIT_C "init_iommu_all",
				IVRS_WARNING, h->offset,
				"a second IVHD of the used type for IOMMU %s: the driver sets up the same IOMMU twice (ivhd%d)",
				bdf, h->iommu);

			ev(f, "bdf", IVRS_EV_BDF, (uint32_t)ivrs_ivhd_segment(h) << 16 | (uint32_t)h->f.v[IVRS_V_DEVID]);
		}
		if (h->iommu >= 0 && !counted_entries(d, h)) {
			struct ivrs_finding *f = add(b, "ivhd_no_device_entries", INIT_C "find_last_devid_from_ivhd",
				IVRS_ERROR, h->offset,
				"ivhd%d has no 01h, 02h, 04h, 42h or 46h entry: find_last_devid_from_ivhd() returns -EINVAL, alloc_pci_segment() fails and so does the driver",
				h->iommu);

			ev(f, "bdf", IVRS_EV_BDF, (uint32_t)ivrs_ivhd_segment(h) << 16 | (uint32_t)h->f.v[IVRS_V_DEVID]);
		}
		if (h->iommu >= 0 && ivrs_has(&h->f, IVRS_V_HAT_DIS) && h->f.v[IVRS_V_HAT_DIS]) {
			struct ivrs_finding *f = add(b, "host_translation_disabled", INIT_C "init_iommu_one",
				IVRS_WARNING, h->offset + 20,
				"the IVHD attributes set HATDis (bit 0): no host (V1) page table; the driver uses V2 for DMA if it can, else no DMA translation");

			ev(f, "attributes", IVRS_EV_HEX32, h->f.v[IVRS_V_ATTRIBUTES]);
			drv(f, "AMD-Vi: Host Address Translation is not supported.");
		}
	}
}

/* The ranges the driver builds from one IVHD, for the overlap count. */
struct span {
	uint16_t first, last;
	uint32_t entry;
};

static size_t ivhd_spans(const struct ivrs *d, const struct ivrs_ivhd *h,
			 struct span *s)
{
	size_t n = 0;
	long start = -1;

	for (uint32_t i = 0; i < h->nentries; i++) {
		uint32_t ei = h->first_entry + i;
		const struct ivrs_entry *e = &d->entry[ei];
		uint16_t devid = (uint16_t)e->f.v[IVRS_E_DEVID];

		switch (ivrs_entry_type(e)) {
		case IVRS_DEV_SELECT:
		case IVRS_DEV_ALIAS:
		case IVRS_DEV_EXT_SELECT:
			s[n++] = (struct span){ devid, devid, ei };
			break;
		case IVRS_DEV_RANGE_START:
		case IVRS_DEV_ALIAS_RANGE:
		case IVRS_DEV_EXT_RANGE:
			start = ei;
			break;
		case IVRS_DEV_RANGE_END:
			if (start >= 0 && d->entry[start].f.v[IVRS_E_DEVID] <= devid)
				s[n++] = (struct span){ (uint16_t)d->entry[start].f.v[IVRS_E_DEVID],
							devid, (uint32_t)start };
			start = -1;
			break;
		}
	}
	return n;
}

static void overlap_rules(struct fb *b)
{
	const struct ivrs *d = b->d;

	for (size_t i = 0; i < d->nivhd && !b->err; i++) {
		const struct ivrs_ivhd *h = &d->ivhd[i];
		struct span *s;
		size_t n, pairs = 0, dte_differs = 0;
		uint32_t a0 = 0, b0 = 0;
		struct ivrs_finding *f;

		if (h->iommu < 0 || !h->nentries)
			continue;
		s = malloc(h->nentries * sizeof(*s));
		if (!s) {
			b->err = -ENOMEM;
			return;
		}
		n = ivhd_spans(d, h, s);
		for (size_t x = 0; x < n; x++)
			for (size_t y = x + 1; y < n; y++) {
				if (s[x].last < s[y].first || s[y].last < s[x].first)
					continue;
				if (!pairs++) {
					a0 = s[x].entry;
					b0 = s[y].entry;
				}
				dte_differs += d->entry[s[x].entry].f.v[IVRS_E_DTE] !=
					       d->entry[s[y].entry].f.v[IVRS_E_DTE];
			}
		free(s);
		if (!pairs)
			continue;
		f = add(b, "entries_overlap", INIT_C "set_dev_entry_from_acpi_range",
			dte_differs ? IVRS_WARNING : IVRS_INFO, d->entry[b0].offset,
			"%zu pair(s) of device entries in ivhd%d name the same devices (first: offsets 0x%x and 0x%x)%s",
			pairs, h->iommu, d->entry[a0].offset, d->entry[b0].offset,
			dte_differs ? "; their DTE settings differ: a device gets the setting of the smallest range holding it (amd_iommu_get_ivhd_dte_flags)" :
				      "; the later entry rewrites the same settings");
		ev(f, "pairs", IVRS_EV_INT, pairs);
		ev(f, "first_offset", IVRS_EV_INT, d->entry[a0].offset);
		ev(f, "second_offset", IVRS_EV_INT, d->entry[b0].offset);
	}
}

static void map_rules(struct fb *b)
{
	const struct ivrs *d = b->d;
	const struct ivrs_view *v = b->v;
	size_t across = 0;

	for (size_t i = 0; i < v->nseg; i++) {
		const struct ivrs_seg *s = &v->seg[i];

		for (size_t k = 0; k < v->neff; k++) {
			const struct ivrs_effect *x = &v->eff[k];
			struct ivrs_finding *f;
			char bdf[16];

			if (x->seg != s->seg || s->last_bdf < 0 || x->first > x->last ||
			    x->last <= s->last_bdf)
				continue;
			bdf_text((uint32_t)x->seg << 16 | x->last, bdf);
			f = add(b, "devid_beyond_last_bdf", INIT_C "set_dev_entry_from_acpi_range",
				IVRS_ERROR, d->entry[x->entry].offset,
				"the entry maps %s, above the segment's last BDF 0x%04x (find_last_devid_from_ivhd() counts only 01h/02h/04h/42h/46h device ids): the driver writes past rlookup_table, which alloc_rlookup_table() sized for last_bdf + 1 devices",
				bdf, s->last_bdf);
			ev(f, "bdf", IVRS_EV_BDF, (uint32_t)x->seg << 16 | x->last);
			ev(f, "last_bdf", IVRS_EV_HEX16, (uint64_t)s->last_bdf);
			todo(f, "Report the table to the vendor: every device id an IVHD uses must be at most the highest device id of its 02h/04h/42h/46h entries.");
		}
	}
	/* the same device in two IOMMUs' entries: rlookup_table keeps the last */
	for (size_t k = 0; k < v->neff && across < 1; k++)
		for (size_t j = k + 1; j < v->neff; j++) {
			const struct ivrs_effect *x = &v->eff[k], *y = &v->eff[j];
			struct ivrs_finding *f;

			if (x->seg != y->seg || x->iommu == y->iommu || x->skipped || y->skipped ||
			    x->last < y->first || y->last < x->first ||
			    x->first > x->last || y->first > y->last)
				continue;
			f = add(b, "device_in_two_iommus", IOMMU_C "amd_iommu_set_rlookup_table",
				IVRS_WARNING, d->entry[y->entry].offset,
				"entries of ivhd%d (offset 0x%x) and ivhd%d (offset 0x%x) name the same devices: the later one owns them",
				x->iommu, d->entry[x->entry].offset, y->iommu, d->entry[y->entry].offset);
			ev(f, "bdf", IVRS_EV_BDF, (uint32_t)y->seg << 16 |
			   (x->first > y->first ? x->first : y->first));
			across++;
			break;
		}
}

/* ---- IOAPIC and HPET ---------------------------------------------------- */

/* The IVRS special entries of used IVHDs, one per (variety, handle, devid). */
static size_t special_entries(const struct ivrs *d, uint8_t variety,
			      const struct ivrs_entry **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nentry && n < max; i++) {
		const struct ivrs_entry *e = &d->entry[i];
		bool seen = false;

		if (ivrs_entry_type(e) != IVRS_DEV_SPECIAL || !ivhd_used(d, e->ivhd) ||
		    e->f.v[IVRS_E_VARIETY] != variety)
			continue;
		for (size_t k = 0; k < n && !seen; k++)
			seen = out[k]->f.v[IVRS_E_HANDLE] == e->f.v[IVRS_E_HANDLE] &&
			       entry_sbdf(d, out[k], IVRS_E_SPECIAL_DEVID) ==
			       entry_sbdf(d, e, IVRS_E_SPECIAL_DEVID);
		if (!seen)
			out[n++] = e;
	}
	return n;
}

static bool handle_duplicated(const struct ivrs_entry **s, size_t n, size_t i)
{
	for (size_t k = 0; k < n; k++)
		if (k != i && s[k]->f.v[IVRS_E_HANDLE] == s[i]->f.v[IVRS_E_HANDLE])
			return true;
	return false;
}

static bool sb_class(const struct ivrs_machine *m, uint32_t sbdf)
{
	/* check_sb_ioapic(): read_pci_config_16() reads segment 0 */
	const struct ivrs_pci_fn *fn = present(m, 0, (uint16_t)sbdf);
	unsigned cls = fn ? fn->class_code >> 8 : 0;

	return cls == CLASS_SMBUS || cls == CLASS_ISA;
}

/*
 * A device id to try for an IOAPIC: an IVRS IOAPIC entry nobody can use
 * (its handle is no MADT id, or the handle is given twice), the
 * southbridge one preferring an SMBus/ISA function or 00:14.0 (AMD FCH),
 * else an SMBus or ISA function.  A guess: said so in the advice.
 */
static bool suggest(struct fb *b, unsigned idx, uint32_t *sbdf, const char **why)
{
	const struct ivrs *d = b->d;
	const struct madt *madt = b->m->madt;
	const struct ivrs_entry *s[64];
	size_t n = special_entries(d, IVRS_SPECIAL_IOAPIC, s, 64), pool = 0;
	int sb = madt_sb_ioapic(madt), sb_pick = -1;
	unsigned rank = 0;
	const struct ivrs_entry *cand[64];

	for (size_t i = 0; i < n; i++)
		if (!madt_has(madt, (unsigned)s[i]->f.v[IVRS_E_HANDLE]) || handle_duplicated(s, n, i))
			cand[pool++] = s[i];
	for (size_t i = 0; i < pool && sb >= 0; i++) {
		uint32_t x = entry_sbdf(d, cand[i], IVRS_E_SPECIAL_DEVID);

		if (sb_class(b->m, x) || (sb_pick < 0 && x == 0xa0))
			sb_pick = (int)i;
	}
	if ((int)idx == sb) {
		if (sb_pick >= 0) {
			*sbdf = entry_sbdf(d, cand[sb_pick], IVRS_E_SPECIAL_DEVID);
			*why = "an IVRS IOAPIC entry the driver cannot use names this function";
			return true;
		}
		for (unsigned cls = CLASS_SMBUS; cls; cls = cls == CLASS_SMBUS ? CLASS_ISA : 0) {
			const struct ivrs_pci_fn *fn = find_class(b->m, cls);

			if (fn) {
				*sbdf = fn->devid;
				*why = cls == CLASS_SMBUS ? "the SMBus function, where AMD's FCH places the southbridge IOAPIC" :
							    "the ISA bridge, which check_sb_ioapic() accepts";
				return true;
			}
		}
		return false;
	}
	/* the other IOAPICs in MADT order take the remaining candidates */
	for (unsigned i = 0; i < idx; i++)
		if ((int)i != sb && !map_lookup(b->v, IVRS_SPECIAL_IOAPIC, madt->ioapic[i].id, true))
			rank++;
	for (size_t i = 0; i < pool; i++) {
		if ((int)i == sb_pick)
			continue;
		if (!rank--) {
			*sbdf = entry_sbdf(d, cand[i], IVRS_E_SPECIAL_DEVID);
			*why = "an IVRS IOAPIC entry the driver cannot use names this function";
			return true;
		}
	}
	return false;
}

#define CAVEAT "The right device id is the IOAPIC's requester ID from the board's documentation or vendor: with a wrong one its interrupts are remapped through the wrong device table entry. Report the table to the board vendor."

static void advise_ioapic(struct fb *b, struct ivrs_finding *f, unsigned idx)
{
	const struct madt_ioapic *io = &b->m->madt->ioapic[idx];
	const char *why = NULL;
	uint32_t sbdf;
	char p[64];

	if (suggest(b, idx, &sbdf, &why)) {
		struct kcl_ivrs o = { .type = KCL_IVRS_IOAPIC, .id = io->id, .sbdf = sbdf };

		ivrs_override_text(&o, p, sizeof(p));
		todo(f, "Try %s on the kernel command line (%s). " CAVEAT, p, why);
	} else {
		todo(f, "Add ivrs_ioapic=%u@SSSS:BB:DD.F to the kernel command line, with SSSS:BB:DD.F the IOAPIC's requester ID. " CAVEAT, io->id);
	}
}

static const char *resolution(struct fb *b, const struct ivrs_special *s, char *buf,
			      size_t len)
{
	if (!s || s->source == IVRS_SRC_IVRS)
		return NULL;
	if (s->source == IVRS_SRC_QUIRK)
		snprintf(buf, len, "drivers/iommu/amd/quirks.c DMI quirk (ivrs_ioapic[%u]=%02x:%02x.%x)",
			 s->id, s->sbdf >> 8 & 0xff, s->sbdf >> 3 & 0x1f, s->sbdf & 7);
	else
		ivrs_override_text(&b->v->ivrs[s->override], buf, len);
	return buf;
}

static void ioapic_missing(struct fb *b)
{
	const struct madt *madt = b->m->madt;
	const struct ivrs_view *v = b->v;

	for (unsigned i = 0; i < madt->nioapic; i++) {
		const struct madt_ioapic *io = &madt->ioapic[i];
		const struct ivrs_special *eff = map_lookup(v, IVRS_SPECIAL_IOAPIC, io->id, false);
		char res[300];
		const char *by;
		struct ivrs_finding *f;

		if (map_lookup(v, IVRS_SPECIAL_IOAPIC, io->id, true) ||
		    ivrs_special(b->d, IVRS_SPECIAL_IOAPIC, io->id))
			continue;
		by = resolution(b, eff, res, sizeof(res));
		f = add(b, "ioapic_not_in_ivrs", INIT_C "check_ioapic_information",
			by ? IVRS_INFO : IVRS_ERROR, -1,
			"MADT IOAPIC id %u (address 0x%08x, GSI base %u) has no IVRS special entry: %s",
			io->id, io->address, io->gsi_base,
			by ? "the command line or a kernel quirk supplies it" :
			     "the driver turns interrupt remapping off");
		ev(f, "ioapic_id", IVRS_EV_INT, io->id);
		ev(f, "address", IVRS_EV_HEX32, io->address);
		ev(f, "gsi_base", IVRS_EV_INT, io->gsi_base);
		ev(f, "madt_offset", IVRS_EV_INT, io->offset);
		if (by) {
			snprintf(f->resolved_by, sizeof(f->resolved_by), "%s", by);
			continue;
		}
		drv(f, "AMD-Vi: %s: IOAPIC[%u] not in IVRS table", fw_bug(v), io->id);
		drv(f, DISABLING_IR);
		advise_ioapic(b, f, i);
	}
}

static void ioapic_southbridge(struct fb *b)
{
	const struct madt *madt = b->m->madt;
	const struct ivrs_view *v = b->v;
	int sb = madt_sb_ioapic(madt);
	const struct ivrs_special *eff;
	const struct ivrs_entry *e;
	const struct ivrs_pci_fn *fn;
	bool ok_fw, ok_eff;
	struct ivrs_finding *f;
	char bdf[16], res[300];
	uint32_t sbdf;
	unsigned id;

	if (sb < 0) {
		f = add(b, "no_southbridge_ioapic", INIT_C "check_ioapic_information", IVRS_ERROR, -1,
			"no MADT IOAPIC has GSI base 0 (mp_find_ioapic(0) fails): the driver finds no southbridge IOAPIC and turns interrupt remapping off; it does not call this a firmware bug (noapic or acpi=off boots look the same)");
		drv(f, "AMD-Vi: : No southbridge IOAPIC found");
		drv(f, DISABLING_IR);
		return;
	}
	id = madt->ioapic[sb].id;
	e = ivrs_special(b->d, IVRS_SPECIAL_IOAPIC, id);
	eff = map_lookup(v, IVRS_SPECIAL_IOAPIC, id, false);
	if (!e && !eff) {
		f = add(b, "no_southbridge_ioapic", INIT_C "check_ioapic_information", IVRS_ERROR, -1,
			"the southbridge IOAPIC (MADT id %u, GSI base 0) has no IVRS entry", id);
		ev(f, "ioapic_id", IVRS_EV_INT, id);
		drv(f, "AMD-Vi: %s: No southbridge IOAPIC found", fw_bug(v));
		drv(f, DISABLING_IR);
		advise_ioapic(b, f, (unsigned)sb);
		return;
	}
	if (!b->m->have_fn)
		return; /* check_sb_ioapic() reads the function's class */
	ok_fw = e && sb_class(b->m, entry_sbdf(b->d, e, IVRS_E_SPECIAL_DEVID));
	ok_eff = eff && sb_class(b->m, eff->sbdf);
	if ((ok_fw || !e) && ok_eff)
		return; /* fine, or ioapic_not_in_ivrs says how it was resolved */
	if (!ok_eff && eff)
		sbdf = eff->sbdf;
	else
		sbdf = entry_sbdf(b->d, e, IVRS_E_SPECIAL_DEVID);
	bdf_text(sbdf, bdf);
	fn = present(b->m, 0, (uint16_t)sbdf);
	f = add(b, "no_southbridge_ioapic", INIT_C "check_sb_ioapic",
		ok_eff ? IVRS_INFO : IVRS_ERROR, e ? (int64_t)e->offset : -1,
		"the southbridge IOAPIC (MADT id %u, GSI base 0) maps to %s%s, %s: check_sb_ioapic() wants an SMBus (0c05) or ISA bridge (0601) function there%s",
		id, bdf, eff && eff->source != IVRS_SRC_IVRS && !ok_eff ? " (from the command line)" : "",
		fn ? "which is no SMBus or ISA bridge function" : "where no PCI function exists",
		ok_eff ? "; the override fixes it" : ", so the driver turns interrupt remapping off");
	ev(f, "ioapic_id", IVRS_EV_INT, id);
	ev(f, "bdf", IVRS_EV_BDF, sbdf);
	if (fn)
		ev(f, "class", IVRS_EV_HEX32, fn->class_code);
	if (ok_eff) {
		if (resolution(b, eff, res, sizeof(res)))
			snprintf(f->resolved_by, sizeof(f->resolved_by), "%s", res);
		return;
	}
	drv(f, "AMD-Vi: %s: No southbridge IOAPIC found", fw_bug(v));
	drv(f, DISABLING_IR);
	advise_ioapic(b, f, (unsigned)sb);
}

static void special_rules(struct fb *b, uint8_t variety)
{
	const struct ivrs *d = b->d;
	const struct ivrs_entry *s[64];
	size_t n = special_entries(d, variety, s, 64);
	const char *name = variety == IVRS_SPECIAL_IOAPIC ? "IOAPIC" : "HPET";

	for (size_t i = 0; i < n; i++) {
		unsigned h = (unsigned)s[i]->f.v[IVRS_E_HANDLE];
		struct ivrs_finding *f;
		char b1[16], b2[16];
		size_t k;

		for (k = 0; k < i; k++)
			if (s[k]->f.v[IVRS_E_HANDLE] == h)
				break;
		if (k < i) {
			bdf_text(entry_sbdf(d, s[k], IVRS_E_SPECIAL_DEVID), b1);
			bdf_text(entry_sbdf(d, s[i], IVRS_E_SPECIAL_DEVID), b2);
			f = add(b, "special_handle_duplicate", INIT_C "add_special_device", IVRS_WARNING,
				s[i]->offset,
				"%s handle %u names %s (offset 0x%x) and %s (offset 0x%x): get_%s_devid() takes the first",
				name, h, b1, s[k]->offset, b2, s[i]->offset,
				variety == IVRS_SPECIAL_IOAPIC ? "ioapic" : "hpet");
			ev_str(f, "variety_name", variety == IVRS_SPECIAL_IOAPIC ? "ioapic" : "hpet");
			ev(f, "handle", IVRS_EV_INT, h);
			ev(f, "bdf", IVRS_EV_BDF, entry_sbdf(d, s[k], IVRS_E_SPECIAL_DEVID));
			ev(f, "second_bdf", IVRS_EV_BDF, entry_sbdf(d, s[i], IVRS_E_SPECIAL_DEVID));
		}
		if (variety == IVRS_SPECIAL_IOAPIC && b->m && b->m->madt && !madt_has(b->m->madt, h)) {
			bdf_text(entry_sbdf(d, s[i], IVRS_E_SPECIAL_DEVID), b1);
			f = add(b, "ioapic_handle_not_in_madt", INIT_C "check_ioapic_information",
				IVRS_WARNING, s[i]->offset,
				"the IVRS IOAPIC entry with handle %u (%s) matches no MADT IOAPIC id: no IOAPIC uses it",
				h, b1);
			ev(f, "handle", IVRS_EV_INT, h);
			ev(f, "bdf", IVRS_EV_BDF, entry_sbdf(d, s[i], IVRS_E_SPECIAL_DEVID));
		}
		if (variety == IVRS_SPECIAL_HPET && b->m && b->m->hpet_id) {
			bool known = false;

			for (size_t k2 = 0; k2 < b->m->nhpet; k2++)
				known |= b->m->hpet_id[k2] == h;
			if (!known) {
				f = add(b, "hpet_handle_unknown", IOMMU_C "irq_remapping_select",
					IVRS_INFO, s[i]->offset,
					"the IVRS HPET entry with handle %u matches no HPET of the machine", h);
				ev(f, "handle", IVRS_EV_INT, h);
			}
		}
	}
	if (!n && variety == IVRS_SPECIAL_IOAPIC) {
		struct ivrs_finding *f = add(b, "no_ioapic_entry", INIT_C "check_ioapic_information",
			IVRS_ERROR, -1,
			"the IVHDs the driver uses have no IOAPIC special entry (48h, variety 1): unless the command line supplies them, interrupt remapping goes off");

		if (b->v->cmdline_maps)
			f->severity = IVRS_WARNING;
		todo(f, "Add ivrs_ioapic=ID@SSSS:BB:DD.F for each MADT IOAPIC (see the ioapic_not_in_ivrs findings). " CAVEAT);
	}
}

static void hpet_missing(struct fb *b)
{
	const struct ivrs_machine *m = b->m;
	const struct ivrs_entry *s[64];
	size_t n = special_entries(b->d, IVRS_SPECIAL_HPET, s, 64);

	if (!m || !m->hpet_id) {
		if (!n)
			add(b, "hpet_not_in_ivrs", IOMMU_C "irq_remapping_select", IVRS_INFO, -1,
			    "no HPET special entry: an HPET's MSI interrupts get no remapping domain (get_hpet_devid() fails)");
		return;
	}
	for (size_t i = 0; i < m->nhpet; i++) {
		const struct ivrs_special *eff = map_lookup(b->v, IVRS_SPECIAL_HPET, m->hpet_id[i], false);
		struct ivrs_finding *f;
		char res[300];

		if (map_lookup(b->v, IVRS_SPECIAL_HPET, m->hpet_id[i], true) ||
		    ivrs_special(b->d, IVRS_SPECIAL_HPET, m->hpet_id[i]))
			continue;
		f = add(b, "hpet_not_in_ivrs", IOMMU_C "irq_remapping_select",
			eff ? IVRS_INFO : IVRS_WARNING, -1,
			"HPET %u has no IVRS special entry: its MSI interrupts get no remapping domain (get_hpet_devid() fails)",
			m->hpet_id[i]);
		ev(f, "hpet_id", IVRS_EV_INT, m->hpet_id[i]);
		if (resolution(b, eff, res, sizeof(res)))
			snprintf(f->resolved_by, sizeof(f->resolved_by), "%s", res);
		else
			todo(f, "Try ivrs_hpet=%u@SSSS:BB:DD.F (on AMD FCH boards usually 0000:00:14.0). " CAVEAT,
			     m->hpet_id[i]);
	}
}

/* ---- the command line --------------------------------------------------- */

/* An ivrs_ioapic/ivrs_hpet the kernel took: what it replaces (add_special_device). */
static void override_special(struct fb *b, const struct kcl_ivrs *o)
{
	const struct ivrs *d = b->d;
	uint8_t var = o->type == KCL_IVRS_IOAPIC ? IVRS_SPECIAL_IOAPIC : IVRS_SPECIAL_HPET;
	const char *what = var == IVRS_SPECIAL_IOAPIC ? "IOAPIC" : "HPET";
	const struct ivrs_entry *e = ivrs_special(d, var, o->id);
	struct ivrs_finding *f;
	char b1[16], b2[16], param[300];

	ivrs_override_text(o, param, sizeof(param));
	bdf_text(o->sbdf, b2);
	if (e) {
		bdf_text(entry_sbdf(d, e, IVRS_E_SPECIAL_DEVID), b1);
		f = add(b, "cmdline_override", INIT_C "add_special_device", IVRS_INFO, e->offset,
			"%s replaces the IVRS entry for %s %u (%s) with %s",
			param, what, o->id, b1, b2);
		drv(f, "AMD-Vi: Command-line override present for %s id %d - ignoring", what, o->id);
		ev_str(f, "parameter", param);
	}
	if (var == IVRS_SPECIAL_IOAPIC && b->m->madt && !madt_has(b->m->madt, o->id)) {
		f = add(b, "cmdline_override_unused", INIT_C "check_ioapic_information",
			IVRS_WARNING, -1,
			"%s names IOAPIC id %u, which is no MADT IOAPIC: it has no effect",
			param, o->id);
		ev_str(f, "parameter", param);
	}
}

/* An ivrs_acpihid the kernel took: the F0h entry it replaces (add_acpi_hid_device). */
static void override_acpihid(struct fb *b, const struct kcl_ivrs *o)
{
	const struct ivrs *d = b->d;
	char param[300];

	for (size_t k = 0; k < d->nentry; k++) {
		const struct ivrs_entry *e = &d->entry[k];
		struct ivrs_finding *f;
		char hid[9], uid[264];

		if (ivrs_entry_type(e) != IVRS_DEV_ACPI_HID || !ivhd_used(d, e->ivhd) ||
		    d->ivhd[e->ivhd].f.v[IVRS_V_TYPE] != 0x40)
			continue;
		ivrs_id_text(e->f.v[IVRS_E_HID_RAW], hid);
		ivrs_uid_kernel(d, e, uid, sizeof(uid));
		if (strcmp(o->hid, hid) || (*uid && *o->uid && strcmp(o->uid, uid)))
			continue;
		ivrs_override_text(o, param, sizeof(param));
		f = add(b, "cmdline_override", INIT_C "add_acpi_hid_device", IVRS_INFO, e->offset,
			"%s replaces the device id of the IVRS entry for %s:%s", param, hid, uid);
		drv(f, "AMD-Vi: Command-line override for hid:%s uid:%s", hid, uid);
		ev_str(f, "parameter", param);
		return;
	}
}

static void cmdline_rules(struct fb *b)
{
	const struct ivrs_view *v = b->v;

	/* how the parameters parse is kcmdline's (kcmdline_note()): here
	 * only what the ones the kernel keeps do to this table */
	for (size_t i = 0; i < v->n_ivrs; i++) {
		const struct kcl_ivrs *o = &v->ivrs[i];

		if (!o->effective)
			continue;
		if (o->type == KCL_IVRS_ACPIHID)
			override_acpihid(b, o);
		else
			override_special(b, o);
	}
	if (v->quirk)
		add(b, "dmi_quirk", "drivers/iommu/amd/quirks.c amd_iommu_apply_ivrs_quirks",
		    IVRS_INFO, -1,
		    "the kernel knows this machine (DMI %s / %s) and adds IOAPIC entries of its own",
		    b->m->dmi_vendor, b->m->dmi_product);
}

/* ---- the machine's devices ---------------------------------------------- */

static void device_rules(struct fb *b)
{
	const struct ivrs *d = b->d;
	const struct ivrs_view *v = b->v;
	const struct ivrs_machine *m = b->m;
	size_t shown = 0, more = 0;

	if (!m || !m->have_fn)
		return;
	/* detect_ivrs(): Stoney Ridge graphics at 00:00-1f.0 */
	for (size_t i = 0; i < m->nfn; i++)
		if (m->fn[i].seg == 0 && m->fn[i].devid < 0x100 && !(m->fn[i].devid & 7) &&
		    m->fn[i].vendor == 0x1002 && m->fn[i].device == 0x98e4 &&
		    !(m->kcmdline && m->kcmdline->amd_force_enable)) {
			struct ivrs_finding *f = add(b, "stoney_ridge", INIT_C "detect_ivrs", IVRS_WARNING, -1,
				"Stoney Ridge graphics (1002:98e4) on bus 0: the driver leaves the AMD IOMMU off");

			ev(f, "bdf", IVRS_EV_BDF, m->fn[i].devid);
			drv(f, "AMD-Vi: Disable IOMMU on Stoney Ridge");
			todo(f, "amd_iommu=force_enable turns it on anyway.");
		}
	for (size_t i = 0; i < v->nabsent; i++) {
		const struct ivrs_absent *a = &v->absent[i];
		const struct ivrs_entry *e = &d->entry[a->entry];
		unsigned t = ivrs_entry_type(e);
		struct ivrs_finding *f;
		char bdf[16];

		if (t != IVRS_DEV_SELECT && t != IVRS_DEV_EXT_SELECT && t != IVRS_DEV_ALIAS)
			continue;
		if (t == IVRS_DEV_ALIAS && a->first != e->f.v[IVRS_E_DEVID])
			continue;
		bdf_text((uint32_t)a->seg << 16 | a->first, bdf);
		f = add(b, "entry_device_absent", INIT_C "init_iommu_from_acpi", IVRS_INFO, e->offset,
			"the %s entry names %s, which is not present", ivrs_entry_name(t), bdf);
		ev(f, "bdf", IVRS_EV_BDF, (uint32_t)a->seg << 16 | a->first);
	}
	for (size_t i = 0; i < v->nfn; i++) {
		const struct ivrs_view_fn *fn = &v->fn[i];
		static const char *const why[] = {
			[IVRS_NO_SEGMENT] = "no IVHD of the used type is on its PCI segment",
			[IVRS_NO_ENTRY] = "no device entry names it",
			[IVRS_BEYOND_LAST] = "it is above its segment's last BDF (__rlookup_amd_iommu)",
		};
		struct ivrs_finding *f;
		char bdf[16];

		if (fn->cover == IVRS_COVERED || fn->cover == IVRS_IS_IOMMU)
			continue;
		if (shown == 32) {
			more++;
			continue;
		}
		shown++;
		bdf_text((uint32_t)fn->fn.seg << 16 | fn->fn.devid, bdf);
		f = add(b, "device_not_covered", IOMMU_C "__rlookup_amd_iommu", IVRS_WARNING, -1,
			"%s is present but no IOMMU translates it: %s; the device's DMA is neither translated nor isolated",
			bdf, why[fn->cover]);
		ev(f, "bdf", IVRS_EV_BDF, (uint32_t)fn->fn.seg << 16 | fn->fn.devid);
	}
	if (more)
		add(b, "device_not_covered", IOMMU_C "__rlookup_amd_iommu", IVRS_WARNING, -1,
		    "%zu more present functions have no IOMMU", more);
}

/* ---- EFR ---------------------------------------------------------------- */

/* "HDSup (bit 52), bit 62, EFR2 bit 3" for the bits set in @x, @x2. */
static void bit_names(uint64_t x, uint64_t x2, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned w = 0; w < 2; w++)
		for (unsigned i = 0; i < 64 && n < len; i++) {
			uint64_t bit = UINT64_C(1) << i;
			const char *name = NULL;

			if (!((w ? x2 : x) & bit))
				continue;
			if ((w ? efr2_feature_names(bit, &name, 1) : efr_feature_names(bit, &name, 1)) != 1)
				name = NULL;
			if (name)
				n += (size_t)snprintf(buf + n, len - n, "%s%s (%sbit %u)", n ? ", " : "",
						      name, w ? "EFR2 " : "", i);
			else
				n += (size_t)snprintf(buf + n, len - n, "%s%sbit %u", n ? ", " : "",
						      w ? "EFR2 " : "", i);
		}
}

/* early_iommu_features_init() skipped an image: what the driver uses instead. */
static void efr_unused(struct fb *b)
{
	const struct ivrs *d = b->d;
	const struct ivrs_efr_model *e = &b->v->efr;

	for (size_t i = 0; i < e->n; i++) {
		const struct ivrs_efr_iommu *x = &e->iommu[i];
		const struct ivrs_ivhd *h = &d->ivhd[x->ivhd];
		struct ivrs_finding *f;

		if (!x->has_image || x->image_used)
			continue;
		f = add(b, "efr_image_unused", INIT_C "early_iommu_features_init", IVRS_INFO,
			h->offset + 24,
			"ivhd%zu's EFR image 0x%016llx is not used: %s; the driver decides the early features (HATS levels, GATS, V2 page table for DMA) from EFR 0x%llx and then takes the first IOMMU's MMIO EFR",
			i, (unsigned long long)h->f.v[IVRS_V_EFR], x->why_unused,
			(unsigned long long)e->early_efr);
		ev(f, "efr_image", IVRS_EV_HEX64, h->f.v[IVRS_V_EFR]);
		ev(f, "ivinfo", IVRS_EV_HEX32, ivrs_hv(d, IVRS_H_IVINFO));
		drv(f, "AMD-Vi: Using global IVHD EFR:0x%llx, EFR2:0x%llx",
		    (unsigned long long)e->early_efr, (unsigned long long)e->early_efr2);
	}
}

/* get_global_efr(): a line for each IOMMU that differs from the running AND. */
static void efr_inconsistent(struct fb *b)
{
	const struct ivrs *d = b->d;
	const struct ivrs_efr_model *e = &b->v->efr;
	uint64_t g = e->iommu[0].features, g2 = e->iommu[0].features2;
	struct ivrs_finding *f;

	f = add(b, "efr_inconsistent", INIT_C "get_global_efr", IVRS_WARNING, -1,
		"the IOMMUs' EFR values differ: the driver uses their AND, 0x%llx (EFR2 0x%llx)",
		(unsigned long long)e->early_efr, (unsigned long long)e->early_efr2);
	for (size_t i = 1; i < e->n; i++) {
		const struct ivrs_efr_iommu *x = &e->iommu[i];
		const struct ivrs_ivhd *h = &d->ivhd[x->ivhd];
		unsigned devid = (unsigned)h->f.v[IVRS_V_DEVID];

		if (x->features == g && x->features2 == g2)
			continue;
		drv(f, "AMD-Vi: " FW_BUG "Found inconsistent EFR/EFR2 0x%llx,0x%llx (global 0x%llx,0x%llx) on iommu%zu (%04x:%02x:%02x.%01x).",
		    (unsigned long long)x->features, (unsigned long long)x->features2,
		    (unsigned long long)g, (unsigned long long)g2, i,
		    ivrs_ivhd_segment(h), devid >> 8, devid >> 3 & 0x1f, devid & 7);
		g &= x->features;
		g2 &= x->features2;
	}
}

/* late_iommu_features_init(): an IOMMU whose MMIO EFR differs from the one used. */
static void efr_mismatch(struct fb *b)
{
	const struct ivrs *d = b->d;
	const struct ivrs_efr_model *e = &b->v->efr;
	const struct ivrs_machine *m = b->m;

	for (size_t i = 0; i < e->n && i < m->niommu; i++) {
		const struct ivrs_iommu_hw *hw = &m->iommu[i];
		struct ivrs_finding *f;
		char names[200];

		if (!e->iommu[i].mismatch)
			continue;
		bit_names(hw->mmio_efr ^ e->efr, hw->mmio_efr2 ^ e->efr2, names, sizeof(names));
		f = add(b, "efr_mismatch", INIT_C "late_iommu_features_init", IVRS_WARNING,
			d->ivhd[e->iommu[i].ivhd].offset + 24,
			"ivhd%zu's MMIO EFR 0x%016llx (EFR2 0x%016llx) differs from the EFR the driver uses, 0x%016llx (EFR2 0x%016llx) from the IVHD images, in %s; the driver keeps the IVHD value for every feature decision (check_feature() reads amd_iommu_efr)",
			i, (unsigned long long)hw->mmio_efr, (unsigned long long)hw->mmio_efr2,
			(unsigned long long)e->efr, (unsigned long long)e->efr2, names);
		ev(f, "mmio_efr", IVRS_EV_HEX64, hw->mmio_efr);
		ev(f, "efr", IVRS_EV_HEX64, e->efr);
		ev(f, "mmio_efr2", IVRS_EV_HEX64, hw->mmio_efr2);
		ev(f, "efr2", IVRS_EV_HEX64, e->efr2);
		drv(f, "AMD-Vi: [Firmware Warn]: EFR mismatch. Use IVHD EFR (0x%llx : 0x%llx), EFR2 (0x%llx : 0x%llx).",
		    (unsigned long long)hw->mmio_efr, (unsigned long long)e->efr,
		    (unsigned long long)hw->mmio_efr2, (unsigned long long)e->efr2);
		todo(f, "Features the image claims and the hardware lacks are used anyway: update the firmware; until then an IVRS override from the initrd can carry the MMIO value.");
	}
}

static void efr_rules(struct fb *b)
{
	const struct ivrs_efr_model *e = &b->v->efr;
	const struct ivrs_machine *m = b->m;
	struct ivrs_finding *f;

	efr_unused(b);
	if (e->inconsistent)
		efr_inconsistent(b);
	efr_mismatch(b);
	if (m->have_features && e->have_final &&
	    (m->features_efr != e->efr || m->features_efr2 != e->efr2)) {
		f = add(b, "efr_sysfs_differs", INIT_C "amd_iommu_show_features", IVRS_WARNING, -1,
			"sysfs features shows EFR 0x%016llx, EFR2 0x%016llx, but 7.3's rules give 0x%016llx, 0x%016llx from this table and the MMIO registers: the running kernel or the table differs from what was read",
			(unsigned long long)m->features_efr, (unsigned long long)m->features_efr2,
			(unsigned long long)e->efr, (unsigned long long)e->efr2);
		ev(f, "features_efr", IVRS_EV_HEX64, m->features_efr);
		ev(f, "efr", IVRS_EV_HEX64, e->efr);
	}
	if ((e->early_efr >> 10 & 3) == 3) {
		f = add(b, "host_translation_disabled", INIT_C "early_amd_iommu_init", IVRS_WARNING, -1,
			"the EFR the driver uses early has HATS = 3: no host (V1) page table");
		drv(f, "AMD-Vi: " FW_BUG "Disable host address translation due to invalid translation level (0x3).");
	}
}

/* ---- IVMD --------------------------------------------------------------- */

static bool in_direct(const struct ivrs_fn_resv *r, uint64_t start, uint64_t last)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strncmp(r->r[i].type, "direct", 6) && r->r[i].start <= start &&
		    last <= r->r[i].end)
			return true;
	return false;
}

static const struct ivrs_fn_resv *resv_of(const struct ivrs_machine *m, uint16_t seg,
					  uint16_t devid)
{
	for (size_t i = 0; m && m->resv && i < m->nresv; i++)
		if (m->resv[i].seg == seg && m->resv[i].devid == devid)
			return &m->resv[i];
	return NULL;
}

static void ivmd_resv(struct fb *b, size_t mi)
{
	const struct ivrs_view *v = b->v;
	const struct ivrs_ivmd *md = &b->d->ivmd[mi];
	size_t shown = 0;

	for (size_t i = 0; i < v->nfn && shown < 8; i++) {
		const struct ivrs_view_fn *fn = &v->fn[i];

		for (uint32_t k = 0; k < fn->nunity; k++) {
			const struct ivrs_unity *u = &v->unity[v->fn_unity[fn->first_unity + k]];
			const struct ivrs_fn_resv *r;
			struct ivrs_finding *f;
			char bdf[16];

			if (u->ivmd != mi || u->end <= u->start)
				continue;
			r = resv_of(b->m, fn->fn.seg, fn->fn.devid);
			if (!r || in_direct(r, u->start, u->end - 1))
				continue;
			bdf_text((uint32_t)fn->fn.seg << 16 | fn->fn.devid, bdf);
			f = add(b, "ivmd_region_missing", IOMMU_C "amd_iommu_get_resv_regions",
				IVRS_WARNING, md->offset,
				"the IVMD gives %s a direct region 0x%016llx-0x%016llx, but its group's reserved_regions holds no direct region covering it",
				bdf, (unsigned long long)u->start, (unsigned long long)(u->end - 1));
			ev(f, "bdf", IVRS_EV_BDF, (uint32_t)fn->fn.seg << 16 | fn->fn.devid);
			ev(f, "start", IVRS_EV_HEX64, u->start);
			ev(f, "end", IVRS_EV_HEX64, u->end - 1);
			shown++;
		}
	}
}

static void ivmd_rules(struct fb *b)
{
	const struct ivrs *d = b->d;

	for (size_t i = 0; i < d->nivmd; i++) {
		const struct ivrs_ivmd *md = &d->ivmd[i];
		uint64_t flags = md->f.v[IVRS_M_FLAGS], start = md->f.v[IVRS_M_START];
		uint64_t len = md->f.v[IVRS_M_MEMLEN], astart = (start + 4095) & ~UINT64_C(4095);
		uint16_t seg = (uint16_t)md->f.v[IVRS_M_SEGMENT];
		unsigned t = (unsigned)md->f.v[IVRS_M_TYPE];
		struct ivrs_finding *f;

		if (!ivrs_has(&md->f, IVRS_M_MEMLEN))
			continue;
		if (!(flags & 0x09)) {
			f = add(b, "ivmd_ignored", INIT_C "init_memory_definitions", IVRS_INFO, md->offset,
				"the IVMD's flags 0x%02llx set neither unity (bit 0) nor exclusion range (bit 3): the driver skips it",
				(unsigned long long)flags);
			continue;
		}
		if (flags & 0x08)
			add(b, "ivmd_exclusion_as_unity", INIT_C "init_unity_map_range", IVRS_INFO, md->offset,
			    "an exclusion range: the driver maps it as a read/write unity range instead");
		if (!len) {
			f = add(b, "ivmd_zero_length", INIT_C "init_unity_map_range", IVRS_WARNING, md->offset,
				"memory length 0: the driver maps nothing for it");
		} else if (len & 4095) {
			f = add(b, "ivmd_sub_page", INIT_C "init_unity_map_range", IVRS_INFO, md->offset,
				"memory length 0x%llx is not a multiple of 4 KiB: the driver maps PAGE_ALIGN(length) = 0x%llx bytes",
				(unsigned long long)len, (unsigned long long)((len + 4095) & ~UINT64_C(4095)));
			ev(f, "memory_length", IVRS_EV_INT, len);
		}
		if (start & 4095) {
			f = add(b, "ivmd_start_unaligned", INIT_C "init_unity_map_range", IVRS_WARNING, md->offset,
				"start 0x%016llx is not page aligned: PAGE_ALIGN() rounds it up to 0x%016llx, so the first 0x%llx bytes are not mapped",
				(unsigned long long)start, (unsigned long long)astart,
				(unsigned long long)(astart - start));
			ev(f, "start", IVRS_EV_HEX64, start);
		}
		if (astart + ((len + 4095) & ~UINT64_C(4095)) < astart)
			add(b, "ivmd_wraps", INIT_C "init_unity_map_range", IVRS_WARNING, md->offset,
			    "start plus length passes 2^64: the driver's range wraps");
		if (t == 0x22 && md->f.v[IVRS_M_AUX] < md->f.v[IVRS_M_DEVID])
			add(b, "ivmd_range_reversed", INIT_C "init_unity_map_range", IVRS_WARNING, md->offset,
			    "the last device 0x%04llx is below the first 0x%04llx: no device gets the range",
			    (unsigned long long)md->f.v[IVRS_M_AUX], (unsigned long long)md->f.v[IVRS_M_DEVID]);
		if (b->m && b->m->have_fn && (t == 0x21 || t == 0x22)) {
			uint16_t first = (uint16_t)md->f.v[IVRS_M_DEVID];
			uint16_t last = t == 0x21 ? first : (uint16_t)md->f.v[IVRS_M_AUX];
			bool any = false;

			for (size_t k = 0; k < b->m->nfn && !any; k++)
				any = b->m->fn[k].seg == seg && b->m->fn[k].devid >= first &&
				      b->m->fn[k].devid <= last;
			if (!any) {
				f = add(b, "ivmd_device_absent", INIT_C "init_unity_map_range", IVRS_INFO, md->offset,
					"no present PCI function is in the IVMD's device range");
				ev(f, "bdf", IVRS_EV_BDF, (uint32_t)seg << 16 | first);
			}
		}
		ivmd_resv(b, i);
	}
}

/* ---- all of it ---------------------------------------------------------- */

int ivrs_findings(const struct ivrs *d, const struct ivrs_machine *m,
		  const struct ivrs_view *v, struct ivrs_findings *out)
{
	static const struct ivrs_machine none;
	struct fb b = { d, m ? m : &none, v, out, 0 };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < d->nproblem; i++)
		table_problem(&b, &d->problem[i]);
	ivhd_rules(&b);
	if (!d->niommu)
		goto out; /* no IOMMU the driver would set up: nothing more to say */
	overlap_rules(&b);
	map_rules(&b);
	special_rules(&b, IVRS_SPECIAL_IOAPIC);
	special_rules(&b, IVRS_SPECIAL_HPET);
	if (b.m->madt) {
		ioapic_missing(&b);
		ioapic_southbridge(&b);
	}
	hpet_missing(&b);
	cmdline_rules(&b);
	device_rules(&b);
	efr_rules(&b);
	ivmd_rules(&b);
out:
	if (b.err) {
		ivrs_findings_free(out);
		return b.err;
	}
	return 0;
}

void ivrs_findings_free(struct ivrs_findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}
