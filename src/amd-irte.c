// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interrupt remapping table entries (the field table of irte.h) and the
 * debugfs `irqtbl` text: drivers/iommu/amd/debugfs.c irqtbl_show() prints
 * "DeviceId %04x:%02x:%02x.%x" then one "IRT[%04d] ..." line per valid
 * entry, or "Interrupt remapping is disabled", "IRQ lookup table not set
 * for %04x:%02x:%02x:%x", "The device's DTE contains an invalid IRT
 * length value.".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "irte.h"
#include "textutil.h"

uint64_t irte_ga_destination(const uint64_t *w)
{
	return field_bits(w[0], 8, 24) | field_bits(w[1], 56, 8) << 24;
}

const struct field irte_field_table[] = {
#define X(m, w, lo, wd, kind, label, formats, get) \
	{ #m, label, w, lo, wd, FIELD_##kind, formats, get },
	IRTE_FIELDS(X)
#undef X
	{ NULL }
};

void irte_decode(unsigned index, bool ga, uint64_t lo, uint64_t hi,
		 struct irte_info *o)
{
	const uint64_t w[2] = { lo, hi };
	const struct field *f = irte_field_table;

	memset(o, 0, sizeof(*o));
	o->index = index;
	o->ga = ga;
	o->lo = lo;
	o->hi = hi;
	o->format = !ga ? IRTE_LEGACY : field_bits(lo, 7, 1) ? IRTE_VAPIC : IRTE_REMAP;
#define X(m, wd_, lo_, wid, kind, label, formats, get) \
	if (f++->flags & o->format)                     \
		o->m = (IRTE_TYPE_##kind)field_value(f - 1, w);
	IRTE_FIELDS(X)
#undef X
}

const char *irte_int_type_name(unsigned t)
{
	static const char *const n[8] = { "fixed", "arbitrated", "smi", "reserved",
					  "nmi", "init", "reserved", "extint" };

	return n[t & 7];
}

int irte_parse_line(const char *line, struct irte_info *out)
{
	size_t n = line_len(line);
	unsigned idx;
	unsigned long long hi, lo;
	char tail;

	/* "IRT[dddd] " then 16+1+16 or 8 hex digits; sscanf() only
	 * converts what is checked here (its %x would take a sign) */
	if (n < 10 || strncmp(line, "IRT[", 4) || line[8] != ']' || line[9] != ' ')
		return -EINVAL;
	for (int i = 4; i < 8; i++)
		if (line[i] < '0' || line[i] > '9')
			return -EINVAL;
	if (n == 10 + 33 && hex_all(line + 10, 16) && line[26] == ' ' &&
	    hex_all(line + 27, 16) &&
	    sscanf(line, "IRT[%u] %16llx %16llx%c", &idx, &hi, &lo, &tail) >= 3) {
		irte_decode(idx, true, lo, hi, out);
		return 0;
	}
	if (n == 10 + 8 && hex_all(line + 10, 8) &&
	    sscanf(line, "IRT[%u] %8llx", &idx, &lo) == 2) {
		irte_decode(idx, false, lo, 0, out);
		return 0;
	}
	return -EINVAL;
}

#define IRQTBL_DISABLED "Interrupt remapping is disabled"
#define IRQTBL_NOTSET "IRQ lookup table not set for "
#define IRQTBL_BADLEN "The device's DTE contains an invalid IRT length value."
#define IRQTBL_NOSEL "Enter a valid device ID"
#define IRQTBL_NODTE "Device table not found"

/* "ssss:bb:dd:f" (irqtbl's not-set message has ':' before the function) */
static int parse_colon_bdf(const char *p, size_t n, struct bdf *b)
{
	char tmp[16];

	if (n != 12 || p[10] != ':')
		return -EINVAL;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	tmp[10] = '.';
	return bdf_parse(tmp, b);
}

int irqtbl_find(const char *text, const struct bdf *want, const char **body)
{
	const char *p = text;
	bool any = false, badlen = false, disabled = false;

	while (*p) {
		size_t n = line_len(p);
		struct bdf b;

		if (n == 0 || starts_with(p, "IRT[")) {
			p = next_line(p);
			continue;
		}
		if (starts_with(p, IRQTBL_DISABLED)) {
			disabled = true;
		} else if (starts_with(p, "DeviceId ")) {
			if (bdf_parse_n(p + 9, n - 9, &b))
				return -EINVAL;
			any = true;
			if (bdf_equal(&b, want)) {
				*body = next_line(p);
				return 0;
			}
		} else if (starts_with(p, IRQTBL_NOTSET)) {
			size_t l = strlen(IRQTBL_NOTSET);

			if (parse_colon_bdf(p + l, n - l, &b))
				return -EINVAL;
			any = true;
			if (bdf_equal(&b, want))
				return -ENXIO;
		} else if (starts_with(p, IRQTBL_BADLEN) || starts_with(p, IRQTBL_NODTE)) {
			/*
			 * Printed without a newline and without the device: on a
			 * live host it is the whole answer for the selection.
			 * Anything after it is the next section.
			 */
			const char *m = starts_with(p, IRQTBL_BADLEN) ? IRQTBL_BADLEN : IRQTBL_NODTE;

			badlen = true;
			p += strlen(m);
			continue;
		} else if (starts_with(p, IRQTBL_NOSEL)) {
			;
		} else {
			return -EINVAL;
		}
		p = next_line(p);
	}
	if (disabled)
		return -EOPNOTSUPP;
	if (badlen && !any)
		return -EBADMSG;
	return any || badlen ? -ENOENT : -ENODATA;
}

int irqtbl_next(const char **cursor, struct irte_info *out)
{
	const char *p = *cursor;

	if (!*p || *p == '\n' || !starts_with(p, "IRT["))
		return 0;
	*cursor = next_line(p);
	return irte_parse_line(p, out) ? -EINVAL : 1;
}

