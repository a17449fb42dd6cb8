// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PCI addresses.
 * Pure functions: no I/O, no allocation, no global state.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bdf.h"
#include "hex.h"

/*
 * Parse 1..4 hex digits at *s (no prefix, no sign) into *val, store the
 * digit count in *ndigits and advance *s.  Returns 0 or -EINVAL.
 */
static int hex_field(const char **s, unsigned *val, unsigned *ndigits)
{
	const char *p = *s;
	unsigned v = 0, n = 0;
	int d;

	while ((d = hex_digit((unsigned char)*p)) >= 0) {
		if (++n > 4)
			return -EINVAL;
		v = v << 4 | (unsigned)d;
		p++;
	}
	if (n == 0)
		return -EINVAL;
	*val = v;
	*ndigits = n;
	*s = p;
	return 0;
}

int bdf_parse(const char *s, struct bdf *out)
{
	unsigned f[3], w[3], fn, fnw, nf = 0;
	const char *p = s;
	struct bdf b;

	/* Two or three ':'-separated hex fields, then '.', then the function. */
	for (;;) {
		if (nf >= 3 || hex_field(&p, &f[nf], &w[nf]) < 0)
			return -EINVAL;
		nf++;
		if (*p == ':') {
			p++;
			continue;
		}
		if (*p != '.' || nf < 2)
			return -EINVAL;
		p++;
		break;
	}
	if (hex_field(&p, &fn, &fnw) < 0 || fnw != 1)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p != '\0')
		return -EINVAL;

	if (nf == 3) {
		b.seg = (uint16_t)f[0];
		f[0] = f[1], w[0] = w[1];
		f[1] = f[2], w[1] = w[2];
	} else {
		b.seg = 0;
	}
	/* segment: up to 4 digits (checked by hex_field); bus, dev: 2 */
	if (w[0] > 2 || w[1] > 2 || f[1] > 0x1f || fn > 7)
		return -EINVAL;
	b.bus = (uint8_t)f[0];
	b.dev = (uint8_t)f[1];
	b.fn = (uint8_t)fn;
	*out = b;
	return 0;
}

int bdf_parse_n(const char *p, size_t n, struct bdf *out)
{
	char tmp[16];

	if (n >= sizeof(tmp) || memchr(p, '\0', n))
		return -EINVAL;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	return bdf_parse(tmp, out);
}

void bdf_format(const struct bdf *b, char buf[BDF_STRLEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned seg = b->seg, bus = b->bus, dev = b->dev & 0x1f, fn = b->fn & 7;

	buf[0] = hex[(seg >> 12) & 0xf];
	buf[1] = hex[(seg >> 8) & 0xf];
	buf[2] = hex[(seg >> 4) & 0xf];
	buf[3] = hex[seg & 0xf];
	buf[4] = ':';
	buf[5] = hex[(bus >> 4) & 0xf];
	buf[6] = hex[bus & 0xf];
	buf[7] = ':';
	buf[8] = hex[(dev >> 4) & 0xf];
	buf[9] = hex[dev & 0xf];
	buf[10] = '.';
	buf[11] = hex[fn];
	buf[12] = '\0';
}

bool bdf_equal(const struct bdf *a, const struct bdf *b)
{
	return a->seg == b->seg && a->bus == b->bus && a->dev == b->dev &&
	       a->fn == b->fn;
}

uint16_t bdf_devid(const struct bdf *b)
{
	return (uint16_t)((unsigned)b->bus << 8 | (unsigned)(b->dev & 0x1f) << 3 |
			  (unsigned)(b->fn & 7));
}

struct bdf bdf_from_devid(uint16_t seg, uint16_t devid)
{
	struct bdf b = { seg, (uint8_t)(devid >> 8), (uint8_t)((devid >> 3) & 0x1f),
			 (uint8_t)(devid & 7) };

	return b;
}

int bdf_cmp(const struct bdf *a, const struct bdf *b)
{
	uint32_t x = (uint32_t)a->seg << 16 | bdf_devid(a), y = (uint32_t)b->seg << 16 | bdf_devid(b);

	return x < y ? -1 : x > y;
}
