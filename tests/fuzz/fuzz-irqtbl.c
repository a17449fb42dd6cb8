// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the debugfs `irqtbl` text: irqtbl_find() for the
 * device the first 4 bytes name (segment, device id), then irqtbl_next()
 * over its section, and irte_parse_line() on every line.  Invariants:
 * the section starts inside the text, the cursor only moves forward and
 * stays inside it; a parsed entry prints back as the kernel's
 * "IRT[%04d] %016llx %016llx" / "IRT[%04d] %08x" and parses to the same
 * entry; decoded fields fit their bit widths.
 */
#include <errno.h>
#include <inttypes.h>

#include "amd.h"
#include "fuzz.h"

static void check_entry(const struct irte_info *e)
{
	char line[64];
	struct irte_info e2;

	FUZZ_CHECK(e->vector <= 0xff && e->int_type <= 7);
	FUZZ_CHECK(irte_int_type_name(e->int_type) != NULL);
	if (!e->ga) {
		FUZZ_CHECK(e->hi == 0 && e->lo <= UINT32_MAX && e->destination <= 0xff);
		snprintf(line, sizeof(line), "IRT[%04u] %08" PRIx64, e->index, e->lo);
	} else {
		snprintf(line, sizeof(line), "IRT[%04u] %016" PRIx64 " %016" PRIx64,
			 e->index, e->hi, e->lo);
	}
	if (e->index > 9999)
		return; /* wider than the kernel's field: not the same layout */
	FUZZ_CHECK(irte_parse_line(line, &e2) == 0);
	FUZZ_CHECK(!memcmp(e, &e2, sizeof(e2)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t seg = (uint16_t)fuzz_take(&data, &size, 2);
	uint16_t devid = (uint16_t)fuzz_take(&data, &size, 2);
	struct bdf want = { seg, (uint8_t)(devid >> 8), (devid >> 3) & 0x1f, devid & 7 };
	char *text = fuzz_str(data, size), *end = text + size, *line;
	const char *body = NULL, *cur;
	struct irte_info e;
	int rc;

	rc = irqtbl_find(text, &want, &body);
	FUZZ_CHECK(rc == 0 || rc == -EOPNOTSUPP || rc == -ENXIO || rc == -EBADMSG ||
		   rc == -ENODATA || rc == -ENOENT || rc == -EINVAL);
	if (rc == 0) {
		FUZZ_CHECK(body > text && body <= end);
		cur = body;
		for (;;) {
			const char *before = cur;

			memset(&e, 0, sizeof(e));
			rc = irqtbl_next(&cur, &e);
			FUZZ_CHECK(cur >= before && cur <= end);
			if (rc == 0)
				break;
			FUZZ_CHECK(cur > before && (rc == 1 || rc == -EINVAL));
			if (rc == 1)
				check_entry(&e);
		}
	}
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		line = fuzz_str((const uint8_t *)p, n);
		memset(&e, 0, sizeof(e));
		if (irte_parse_line(line, &e) == 0)
			check_entry(&e);
		free(line);
		p += n + (p[n] == '\n');
	}
	free(text);
	return 0;
}
