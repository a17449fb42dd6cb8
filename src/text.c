// SPDX-License-Identifier: GPL-2.0-or-later
/* Pure text checks shared by the parsers and the access layer. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "textutil.h"

/* Well-formed UTF-8 without NUL bytes (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool text_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p++, more, min;
		uint32_t v;

		if (c < 0x80) {
			if (!c)
				return false;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			more = 1, min = 0x80, v = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2, min = 0x800, v = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3, min = 0x10000, v = c & 0x07;
		else
			return false;
		if ((size_t)(end - p) < more)
			return false;
		while (more--) {
			if ((*p & 0xc0) != 0x80)
				return false;
			v = v << 6 | (*p++ & 0x3f);
		}
		if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return false;
	}
	return true;
}

