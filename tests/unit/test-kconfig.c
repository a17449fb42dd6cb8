// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kconfig_parse()/kconfig_get() on .config lines as
 * scripts/kconfig/confdata.c writes them, and kconfig_gunzip() on gzip
 * data made here with zlib's own deflate (the format of
 * /proc/config.gz, kernel/configs.c), plus broken and oversized input.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

#include "kconfig.h"
#include "tap.h"

static const char cfg[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 7.3.4 Kernel Configuration\n#\n"
	"CONFIG_CC_VERSION_TEXT=\"gcc (Debian 14.2.0-19) 14.2.0\"\n"
	"CONFIG_AMD_IOMMU=y\n"
	"# CONFIG_AMD_IOMMU_IOMMUFD is not set\n"
	"CONFIG_IOMMUFD=m\n"
	"CONFIG_VFIO_DEVICE_CDEV=y\r\n"
	"CONFIG_NR_CPUS=64\n"
	"CONFIG_IOMMU_DEFAULT_DMA_LAZY=y\n"
	"CONFIG_AMD_IOMMU_DEBUGFS=n\n"
	"CONFIG_IRQ_REMAP=y\n"
	"CONFIG_IRQ_REMAP=n\n"          /* repeated: the later line wins */
	"# CONFIG_BOGUS is not set really\n"
	"CONFIG_=y\n"
	"garbage line\n"
	"\n";

static size_t gzip(const char *s, size_t len, unsigned char *out, size_t cap)
{
	z_stream z = { 0 };
	size_t n;

	deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)(uintptr_t)s;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	n = cap - z.avail_out;
	deflateEnd(&z);
	return n;
}

static void test_parse(void)
{
	struct kconfig k;
	const char *v;

	ok(kconfig_parse(cfg, &k) == 0, "parse: a configuration");
	ok(kconfig_get(&k, "AMD_IOMMU", &v) == KCONFIG_YES && !strcmp(v, "y"), "AMD_IOMMU=y");
	ok(kconfig_get(&k, "CONFIG_AMD_IOMMU", NULL) == KCONFIG_YES, "CONFIG_ prefix accepted");
	ok(kconfig_get(&k, "AMD_IOMMU_IOMMUFD", &v) == KCONFIG_NO && !v, "is not set -> n");
	ok(kconfig_get(&k, "IOMMUFD", &v) == KCONFIG_MODULE && !strcmp(v, "m"), "IOMMUFD=m");
	ok(kconfig_get(&k, "VFIO_DEVICE_CDEV", NULL) == KCONFIG_YES, "CRLF line");
	ok(kconfig_get(&k, "NR_CPUS", &v) == KCONFIG_VALUE && !strcmp(v, "64"), "number value");
	ok(kconfig_get(&k, "CC_VERSION_TEXT", &v) == KCONFIG_VALUE &&
	   !strcmp(v, "gcc (Debian 14.2.0-19) 14.2.0"), "string value unquoted");
	ok(kconfig_get(&k, "AMD_IOMMU_DEBUGFS", &v) == KCONFIG_NO && !v, "=n -> n");
	ok(kconfig_get(&k, "IRQ_REMAP", NULL) == KCONFIG_NO, "repeated name: the last line wins");
	ok(kconfig_get(&k, "BOGUS", NULL) == KCONFIG_UNSET, "malformed not-set comment ignored");
	ok(kconfig_get(&k, "IOMMU_SVA", &v) == KCONFIG_UNSET && !v, "absent -> unset");
	ok(kconfig_get(&k, "AMD_IOMM", NULL) == KCONFIG_UNSET, "no prefix match");
	is_u64(k.n, 9, "9 distinct options");
	is_u64(k.bad_lines, 2, "CONFIG_=y and the garbage line are bad");
	kconfig_free(&k);
	ok(kconfig_parse("just text\n# comment\n", &k) == -EINVAL && k.n == 0,
	   "no option: -EINVAL");
	kconfig_free(&k);
	ok(kconfig_parse(NULL, &k) == -EINVAL, "NULL: -EINVAL");
	kconfig_free(&k);
	is_str(kconfig_state_name(KCONFIG_MODULE), "m", "state name");
}

static void test_gunzip(void)
{
	unsigned char gz[4096], two[8192];
	size_t n = gzip(cfg, strlen(cfg), gz, sizeof(gz)), tl;
	char *text;
	struct kconfig k;

	ok(kconfig_gunzip(gz, n, 1 << 20, &text, &tl) == 0 && tl == strlen(cfg) &&
	   !strcmp(text, cfg), "gunzip: the same text back");
	ok(kconfig_parse(text, &k) == 0 && kconfig_get(&k, "IOMMUFD", NULL) == KCONFIG_MODULE,
	   "gunzip -> parse");
	kconfig_free(&k);
	free(text);
	ok(kconfig_gunzip(gz, n, 100, &text, &tl) == -EFBIG && !text, "larger than max: -EFBIG");
	ok(kconfig_gunzip(gz, n - 9, 1 << 20, &text, &tl) == -EINVAL && !text,
	   "truncated: -EINVAL");
	gz[n / 2] ^= 0x55;
	ok(kconfig_gunzip(gz, n, 1 << 20, &text, &tl) == -EINVAL, "corrupt: -EINVAL");
	ok(kconfig_gunzip(cfg, strlen(cfg), 1 << 20, &text, &tl) == -EINVAL, "not gzip: -EINVAL");
	/* two gzip members back to back decompress as one text (gzip -d) */
	n = gzip("CONFIG_A=y\n", 11, two, sizeof(two));
	n += gzip("CONFIG_B=m\n", 11, two + n, sizeof(two) - n);
	ok(kconfig_gunzip(two, n, 1 << 20, &text, &tl) == 0 &&
	   !strcmp(text, "CONFIG_A=y\nCONFIG_B=m\n"), "concatenated members");
	free(text);
}

static void test_table(void)
{
	bool names_ok = kconfig_check_option_count >= 20;

	for (size_t i = 0; i < kconfig_check_option_count; i++) {
		const struct kconfig_option *o = &kconfig_check_options[i];

		names_ok &= o->name && !strncmp(o->kconfig, "", 0) && o->enables[0] &&
			    strncmp(o->name, "CONFIG_", 7) != 0;
	}
	ok(names_ok, "check-option table: names without CONFIG_, each with a sentence");
}

int main(void)
{
	test_parse();
	test_gunzip();
	test_table();
	return done_testing();
}
