// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for bdf_parse() (every BDF on the command line, in
 * sysfs names, debugfs rows, kernel messages and uevents).
 * Invariants: a parsed address is in range and survives
 * bdf_format() -> bdf_parse(), also in the short "BB:DD.F" form for
 * segment 0 and in upper case; bdf_devid() is bus:dev.fn.
 */
#include <ctype.h>

#include "amd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), buf[BDF_STRLEN];
	struct bdf b, b2;

	if (bdf_parse(s, &b) == 0) {
		FUZZ_CHECK(b.dev <= 0x1f && b.fn <= 7);
		bdf_format(&b, buf);
		FUZZ_CHECK(strlen(buf) == BDF_STRLEN - 1);
		FUZZ_CHECK(bdf_parse(buf, &b2) == 0 && bdf_equal(&b, &b2));
		if (b.seg == 0)
			FUZZ_CHECK(bdf_parse(buf + 5, &b2) == 0 && bdf_equal(&b, &b2));
		for (char *p = buf; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		FUZZ_CHECK(bdf_parse(buf, &b2) == 0 && bdf_equal(&b, &b2));
		FUZZ_CHECK(bdf_devid(&b) == (b.bus << 8 | b.dev << 3 | b.fn));
		/* the canonical text is the input, give or take case, short
		 * form and one '\n' */
		FUZZ_CHECK(strlen(s) <= BDF_STRLEN);
	}
	free(s);
	return 0;
}
