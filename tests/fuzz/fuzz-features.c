// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the sysfs ivhdN/amd-iommu texts: `features` in
 * all three historical formats (features_parse(), the kernel version
 * from the first 2 bytes) and `cap` (parse_hex_u64() ->
 * amd_cap_decode()), with what is derived from them (efr_decode(),
 * efr_feature_names(), amd_caps_compute()).  Invariants: the values
 * print back in the detected format and parse to the same EFR/EFR2 and
 * format; a hex value prints back as "%llx" / "0x%016llx" and parses to
 * itself; decoded fields fit their widths; a missing capability has a
 * reason.
 */
#include <errno.h>
#include <inttypes.h>

#include "amd.h"
#include "fuzz.h"

static void check_efr(uint64_t efr, uint64_t efr2, bool la57, bool snp)
{
	const char *names[160];
	struct efr_info i;
	struct amd_caps c;
	size_t n;

	efr_decode(efr, efr2, &i);
	FUZZ_CHECK(i.efr == efr && i.efr2 == efr2);
	FUZZ_CHECK(i.host_levels == 0 || (i.host_levels >= 4 && i.host_levels <= 6));
	FUZZ_CHECK(i.guest_levels == 0 || i.guest_levels == 4 || i.guest_levels == 5);
	/* init.c: with GTSup, 2^(PASmax+1) - 1 (PASmax is 5 bits wide) */
	FUZZ_CHECK(i.pas_max <= 31 && i.max_pasids == ((efr & EFR_GT_SUP) ? (uint32_t)((UINT64_C(1) << (i.pas_max + 1)) - 1) : 0));
	n = efr_feature_names(efr, names, sizeof(names) / sizeof(names[0]));
	FUZZ_CHECK(n <= 64);
	for (size_t k = 0; k < n; k++)
		FUZZ_CHECK(names[k] && names[k][0]);
	FUZZ_CHECK(efr_feature_names(efr, names, 1) <= 1);
	n = efr2_feature_names(efr2, names, sizeof(names) / sizeof(names[0]));
	FUZZ_CHECK(n <= 64);
	for (size_t k = 0; k < n; k++)
		FUZZ_CHECK(names[k] && names[k][0]);
	FUZZ_CHECK(efr2_feature_names(efr2, names, 1) <= 1);
	amd_caps_compute(efr, efr2, la57, snp, &c);
	FUZZ_CHECK(c.v2 || c.why_not_v2);
	FUZZ_CHECK(c.pasid || c.why_not_pasid);
	FUZZ_CHECK(c.dirty_tracking || c.why_not_dirty);
	FUZZ_CHECK(c.nest_parent || c.why_not_nest);
	FUZZ_CHECK(!c.pasid || c.v2);
}

static void check_hex(const char *s)
{
	struct amd_cap k;
	uint64_t v, v2;
	char buf[32];

	if (parse_hex_u64(s, &v))
		return;
	snprintf(buf, sizeof(buf), "%" PRIx64, v);
	FUZZ_CHECK(parse_hex_u64(buf, &v2) == 0 && v == v2);
	snprintf(buf, sizeof(buf), "0x%016" PRIx64 "\n", v);
	FUZZ_CHECK(parse_hex_u64(buf, &v2) == 0 && v == v2);
	amd_cap_decode((uint32_t)v, &k);
	FUZZ_CHECK(k.raw == (uint32_t)v && k.id <= 0xff && k.next <= 0xff &&
		   k.type <= 7 && k.rev <= 0x1f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned ver = (unsigned)fuzz_take(&data, &size, 2);
	int kmajor = (int)(ver & 0xff) % 12, kminor = (int)(ver >> 8) % 40;
	char *text = fuzz_str(data, size), buf[64];
	enum features_format fmt, fmt2;
	uint64_t efr, efr2, e, e2;

	if (features_parse(text, kmajor, kminor, &efr, &efr2, &fmt) == 0) {
		FUZZ_CHECK(fmt == FEATURES_EFR || fmt == FEATURES_EFR2_EFR ||
			   fmt == FEATURES_EFR_EFR2);
		if (fmt == FEATURES_EFR)
			snprintf(buf, sizeof(buf), "%" PRIx64 "\n", efr);
		else if (fmt == FEATURES_EFR_EFR2)
			snprintf(buf, sizeof(buf), "%" PRIx64 ":%" PRIx64 "\n", efr, efr2);
		else
			snprintf(buf, sizeof(buf), "%" PRIx64 ":%" PRIx64 "\n", efr2, efr);
		FUZZ_CHECK(features_parse(buf, kmajor, kminor, &e, &e2, &fmt2) == 0);
		FUZZ_CHECK(e == efr && e2 == efr2 && fmt2 == fmt);
		FUZZ_CHECK(fmt != FEATURES_EFR || efr2 == 0);
		check_efr(efr, efr2, ver & 0x100, ver & 0x200);
	}
	check_hex(text);
	free(text);
	return 0;
}
