// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: bdf_parse, bdf_format, bdf_equal, bdf_devid, parse_hex_u64.
 * BDFs are the ones of the QEMU q35 guest in the reference samples
 * (qemu-amd-iommu-linux-7.3/README.md topology table); the devtbl/devid
 * format is "%04x:%02x:%02x.%x" (drivers/iommu/amd/debugfs.c).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "amd.h"
#include "tap.h"

static void good(const char *s, unsigned seg, unsigned bus, unsigned dev,
		 unsigned fn, const char *formatted)
{
	struct bdf b;
	char buf[BDF_STRLEN];
	int r;

	memset(&b, 0xee, sizeof(b));
	r = bdf_parse(s, &b);
	ok(r == 0 && b.seg == seg && b.bus == bus && b.dev == dev && b.fn == fn,
	   "parse \"%s\"", s);
	bdf_format(&b, buf);
	is_str(buf, formatted, formatted);
}

static void bad(const char *s, const char *why)
{
	struct bdf b = { 0x1234, 0x56, 0x07, 0x3 };
	int r = bdf_parse(s, &b);

	ok(r == -EINVAL && b.seg == 0x1234 && b.bus == 0x56 && b.dev == 7 && b.fn == 3,
	   "reject %s", why);
}

static void test_parse(void)
{
	char big[4096];
	unsigned i;

	good("0000:00:02.0", 0, 0, 2, 0, "0000:00:02.0");
	good("00:1f.2", 0, 0, 0x1f, 2, "0000:00:1f.2");
	good("0000:00:1f.2\n", 0, 0, 0x1f, 2, "0000:00:1f.2");
	good("00:00.0", 0, 0, 0, 0, "0000:00:00.0");
	good("FFFF:FF:1F.7", 0xffff, 0xff, 0x1f, 7, "ffff:ff:1f.7");
	good("0001:c1:00.3", 1, 0xc1, 0, 3, "0001:c1:00.3");
	good("1:2:3.4", 1, 2, 3, 4, "0001:02:03.4");
	good("a:0.1", 0, 0xa, 0, 1, "0000:0a:00.1");

	bad("0000:00:20.0", "device 0x20");
	bad("0000:00:02.8", "function 8");
	bad("zz", "\"zz\"");
	bad("", "empty string");
	bad("\n", "newline only");
	bad("0000:00:02.0x", "trailing text");
	bad("0000:00:02.0\n\n", "two newlines");
	bad("0000:00:02.0 ", "trailing blank");
	bad(" 0000:00:02.0", "leading blank");
	bad("00000:00:02.0", "5-digit segment");
	bad("0000:000:02.0", "3-digit bus");
	bad("0000:00:002.0", "3-digit device");
	bad("0000:00:02.00", "2-digit function");
	bad("0000:00:02", "no function");
	bad("0000:00:02.", "empty function");
	bad("0000:00.02.0", "'.' instead of ':'");
	bad("0000:00:02:0", "':' before the function");
	bad("0:0000:00:02.0", "four fields");
	bad("00.0", "one field");
	bad(":00:02.0", "empty segment");
	bad("0000::02.0", "empty bus");
	bad("0x00:02.0", "0x prefix");
	bad("-1:02.0", "sign");
	bad("0000:00:1f.2\r\n", "CRLF");
	bad("0000:00:0g.0", "non-hex digit");

	memset(big, '0', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	bad(big, "overlong string of zeros");
	memcpy(big, "0000:00:02.0", 12);
	bad(big, "valid BDF followed by 4 KiB");
	for (i = 0; i < 255; i++)
		big[i] = (char)(i + 1);
	big[255] = '\0';
	bad(big, "bytes 1..255");
}

static void test_misc(void)
{
	struct bdf a = { 0, 0, 0x1f, 2 }, b = { 0, 0, 0x1f, 2 }, c;
	char buf[BDF_STRLEN];

	ok(bdf_equal(&a, &b), "equal");
	c = a;
	c.seg = 1;
	ok(!bdf_equal(&a, &c), "segment differs");
	c = a;
	c.bus = 1;
	ok(!bdf_equal(&a, &c), "bus differs");
	c = a;
	c.dev = 1;
	ok(!bdf_equal(&a, &c), "device differs");
	c = a;
	c.fn = 1;
	ok(!bdf_equal(&a, &c), "function differs");

	/* bus << 8 | dev << 3 | fn */
	is_u64(bdf_devid(&a), 0x00fa, "devid 00:1f.2 = 0x00fa");
	c = (struct bdf){ 0, 0, 2, 0 };
	is_u64(bdf_devid(&c), 0x0010, "devid 00:02.0 = 0x0010");
	c = (struct bdf){ 0, 0, 1, 0 };
	is_u64(bdf_devid(&c), 0x0008, "devid 00:01.0 (the IOMMU, IVRS DeviceID 0x0008)");
	c = (struct bdf){ 0x55, 0xff, 0x1f, 7 };
	is_u64(bdf_devid(&c), 0xffff, "devid ff:1f.7 = 0xffff (segment not included)");
	c = (struct bdf){ 0, 0x14, 0, 0 };
	is_u64(bdf_devid(&c), 0x1400, "devid 14:00.0 = 0x1400");

	/* out-of-range fields are masked, never overflow the buffer */
	c = (struct bdf){ 0xabcd, 0xef, 0xff, 0xff };
	memset(buf, 'x', sizeof(buf));
	bdf_format(&c, buf);
	is_str(buf, "abcd:ef:1f.7", "format masks dev/fn, NUL-terminated");
}

static void hex_good(const char *s, uint64_t want)
{
	uint64_t v = 0xdeadbeef;
	int r = parse_hex_u64(s, &v);

	ok(r == 0 && v == want, "parse_hex_u64(\"%s\")", s);
}

static void hex_bad(const char *s, const char *why)
{
	uint64_t v = 0xdeadbeef;
	int r = parse_hex_u64(s, &v);

	ok(r == -EINVAL && v == 0xdeadbeef, "parse_hex_u64 rejects %s", why);
}

static void test_hex(void)
{
	char big[200];

	/* debugfs-amd-mmio.txt values and sysfs cap/features fields */
	hex_good("29d3", 0x29d3);
	hex_good("1f03000f\n", 0x1f03000f);
	hex_good("0x000000000003148f", 0x3148f);
	hex_good("0X29D3", 0x29d3);
	hex_good("0", 0);
	hex_good("ffffffffffffffff", ~UINT64_C(0));
	hex_good("0x17000f000059d3\n", UINT64_C(0x0017000f000059d3));
	hex_good("00000000000000000000001", 1); /* leading zeros are not overflow */

	hex_bad("", "empty");
	hex_bad("\n", "newline only");
	hex_bad("0x", "bare 0x");
	hex_bad("0x\n", "bare 0x + newline");
	hex_bad("10000000000000000", "17 significant digits");
	hex_bad("fffffffffffffffff", "17 f digits");
	hex_bad("29d3 ", "trailing blank");
	hex_bad(" 29d3", "leading blank");
	hex_bad("29d3\n\n", "two newlines");
	hex_bad("29d3:0", "colon");
	hex_bad("-1", "sign");
	hex_bad("0x-1", "sign after 0x");
	hex_bad("xyz", "non-hex");
	hex_bad("12g4", "non-hex in the middle");
	hex_bad("0x0x1", "double prefix");
	memset(big, 'f', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	hex_bad(big, "199 digits");
}

int main(void)
{
	test_parse();
	test_misc();
	test_hex();
	return done_testing();
}
