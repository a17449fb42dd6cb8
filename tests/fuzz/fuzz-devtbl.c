// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the debugfs `devtbl` text: devtbl_find() over the
 * whole input, devtbl_parse_row() on each line, dte_decode() on what
 * they return.  The first 4 bytes pick the wanted device (segment,
 * device id).  Invariants: a parsed row prints back as the kernel's
 * "%s %016llx x4 iommu%d" and parses to the same values; every parsed
 * row is found by devtbl_find() (or a broken row for the same device
 * before it makes that -EINVAL); the decoded class is in range and
 * named.
 */
#include <errno.h>
#include <inttypes.h>

#include "amd.h"
#include "fuzz.h"

static void check_dte(const uint64_t raw[4])
{
	struct dte d;

	dte_decode(raw, &d);
	FUZZ_CHECK(d.cls <= DTE_INVALID);
	FUZZ_CHECK(dte_class_name(d.cls) && dte_class_explain(d.cls));
	FUZZ_CHECK(d.levels <= 6 && d.mode <= 7);
	FUZZ_CHECK(!memcmp(d.raw, raw, sizeof(d.raw)));
}

static void check_row(const char *text, const char *line)
{
	char fmt[128], name[BDF_STRLEN];
	uint64_t raw[4], raw2[4];
	struct bdf b, b2;
	int idx, idx2, rc;

	if (devtbl_parse_row(line, &b, raw, &idx))
		return;
	FUZZ_CHECK(idx >= 0 && idx <= 999999);
	bdf_format(&b, name);
	snprintf(fmt, sizeof(fmt), "%s %016" PRIx64 " %016" PRIx64 " %016" PRIx64
		 " %016" PRIx64 " iommu%d\n", name, raw[3], raw[2], raw[1], raw[0], idx);
	FUZZ_CHECK(devtbl_parse_row(fmt, &b2, raw2, &idx2) == 0);
	FUZZ_CHECK(bdf_equal(&b, &b2) && idx == idx2 && !memcmp(raw, raw2, sizeof(raw)));
	rc = devtbl_find(text, &b, raw2, &idx2);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	check_dte(raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t seg = (uint16_t)fuzz_take(&data, &size, 2);
	uint16_t devid = (uint16_t)fuzz_take(&data, &size, 2);
	struct bdf want = { seg, (uint8_t)(devid >> 8), (devid >> 3) & 0x1f, devid & 7 };
	char *text = fuzz_str(data, size), *line;
	uint64_t raw[4];
	int idx, rc;

	rc = devtbl_find(text, &want, raw, &idx);
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -ENODATA || rc == -EINVAL);
	if (rc == 0)
		check_dte(raw);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		line = fuzz_str((const uint8_t *)p, n);
		check_row(text, line);
		free(line);
		p += n + (p[n] == '\n');
	}
	free(text);
	return 0;
}
