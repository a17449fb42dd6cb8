// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the debugfs iommuXX/mmio text (mmio_find()).
 * The first 2 bytes pick the register offset.  Invariants: a value
 * found for an offset is also found in the kernel's own
 * "Offset:0x%x Value:0x%016llx" line for it; every line that parses on
 * its own is found when asked for its offset (or an earlier line with
 * the same offset answers, or an earlier broken line stops the scan).
 */
#include <errno.h>
#include <inttypes.h>

#include "amd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned offset = (unsigned)fuzz_take(&data, &size, 2);
	char *text = fuzz_str(data, size), *line, fmt[64];
	uint64_t v, v2;
	int rc;

	rc = mmio_find(text, offset, &v);
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -ENODATA || rc == -EINVAL);
	if (rc == 0) {
		snprintf(fmt, sizeof(fmt), "Offset:0x%x Value:0x%016" PRIx64 "\n", offset, v);
		FUZZ_CHECK(mmio_find(fmt, offset, &v2) == 0 && v == v2);
	}
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		unsigned off;

		line = fuzz_str((const uint8_t *)p, n);
		if (sscanf(line, "Offset:0x%x", &off) == 1 && mmio_find(line, off, &v) == 0) {
			rc = mmio_find(text, off, &v2);
			FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENODATA);
			snprintf(fmt, sizeof(fmt), "Offset:0x%x Value:0x%016" PRIx64, off, v);
			FUZZ_CHECK(mmio_find(fmt, off, &v2) == 0 && v == v2);
		}
		free(line);
		p += n + (p[n] == '\n');
	}
	free(text);
	return 0;
}
