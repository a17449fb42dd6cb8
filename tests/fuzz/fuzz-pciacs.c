// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for pci-acs.  The input is cut into up to 6 functions:
 * per function 1 byte parent (index, 0xff root), 2 bytes IVRS alias, then
 * a 512-byte config space chunk (read as a full 4096-byte space with the
 * chunk at 0 and repeated at 0x100, so capability walks have something to
 * find).  Invariants: pacs_group() terminates; groups are
 * representatives of themselves and not above the member; a function
 * joined to another is in its group; isolated functions name no culprit;
 * pacs_acs_enabled() agrees with acs_ok.
 */
#include <errno.h>

#include "pci-acs.h"
#include "fuzz.h"

#define MAXF 6
#define CHUNK 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t cfg[MAXF][4096];
	struct pacs_func f[MAXF];
	struct pacs_result r[MAXF];
	struct pacs_host h = { .ivrs_present = size & 1 };
	size_t n = 0;
	int rc;

	while (n < MAXF && size >= 3) {
		unsigned parent = (unsigned)fuzz_take(&data, &size, 1);
		unsigned alias = (unsigned)fuzz_take(&data, &size, 2);
		size_t take = size < CHUNK ? size : CHUNK;

		memset(cfg[n], 0, sizeof(cfg[n]));
		memcpy(cfg[n], data, take);
		memcpy(cfg[n] + 0x100, data, take);
		data += take;
		size -= take;
		f[n] = (struct pacs_func){ 0, (uint8_t)(n / 2), (uint8_t)(n & 1), (uint8_t)n,
					   cfg[n], n & 2 ? 256 : 4096,
					   parent == 0xff ? -1 : (int)(parent % (MAXF + 1)),
					   alias & 0x8000 ? -1 : (int)(alias & 0xffff) };
		n++;
	}
	rc = pacs_group(f, n, &h, r);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char names[40];

		FUZZ_CHECK(r[i].group >= 0 && (size_t)r[i].group <= i);
		FUZZ_CHECK(r[r[i].group].group == r[i].group);
		FUZZ_CHECK(r[i].joined < 0 || r[r[i].joined].group == r[i].group);
		FUZZ_CHECK(r[i].reason != PACS_ISOLATED || (r[i].culprit < 0 && r[i].joined < 0));
		FUZZ_CHECK(r[i].why[0] && strlen(r[i].why) < sizeof(r[i].why));
		FUZZ_CHECK((r[i].missing & ~PACS_REQ) == 0);
		FUZZ_CHECK(pacs_acs_enabled(f, n, i, &h, PACS_REQ, NULL) == r[i].acs_ok);
		pacs_flag_names(r[i].missing, names, sizeof(names));
		FUZZ_CHECK(!r[i].missing == !names[0]);
	}
	return 0;
}
