// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: optval.c, the values of --count/--timeout, --flags, --map,
 * --hold and --group (the fuzz-cli target checks their round trips). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "optval.h"
#include "tap.h"

int main(void)
{
	unsigned long ul = 0;
	uint32_t u = 0;
	uint64_t z = 0;
	int i = -1;

	ok(optval_positive("3", ULONG_MAX, &ul) == 0 && ul == 3, "--count 3");
	ok(optval_positive("0", ULONG_MAX, &ul) == -EINVAL, "--count 0 rejected");
	ok(optval_positive("+3", ULONG_MAX, &ul) == -EINVAL, "a sign rejected");
	ok(optval_positive(" 3", ULONG_MAX, &ul) == -EINVAL, "a leading blank rejected");
	ok(optval_positive("3s", ULONG_MAX, &ul) == -EINVAL, "trailing text rejected");
	ok(optval_positive("99999999999999999999999", ULONG_MAX, &ul) == -EINVAL,
	   "overflow rejected");
	ok(optval_positive("11", 10, &ul) == -EINVAL && optval_positive("10", 10, &ul) == 0,
	   "the maximum is inclusive");

	ok(optval_u32("0x3", &u) == 0 && u == 3, "--flags 0x3");
	ok(optval_u32("4294967295", &u) == 0 && u == UINT32_MAX, "--flags UINT32_MAX");
	ok(optval_u32("4294967296", &u) == -EINVAL, "--flags above 32 bits rejected");
	ok(optval_u32("-1", &u) == -EINVAL && optval_u32("", &u) == -EINVAL,
	   "negative and empty --flags rejected");

	ok(optval_size("2M", &z) == 0 && z == 2 << 20, "--map 2M");
	ok(optval_size("64KiB", &z) == 0 && z == 64 << 10, "--map 64KiB");
	ok(optval_size("1", &z) == 0 && z == 4096, "--map 1 is one page");
	ok(optval_size("0x200000", &z) == 0 && z == 0x200000, "--map hex");
	ok(optval_size("1025G", &z) == -EINVAL, "--map above 1 TiB rejected");
	ok(optval_size("0", &z) == -EINVAL && optval_size("2X", &z) == -EINVAL,
	   "--map 0 and unknown suffix rejected");
	ok(optval_size("18446744073709551615G", &z) == -EINVAL, "--map shift overflow rejected");

	ok(optval_hold(NULL, &i) == 0 && i == 0, "--hold without a value: until a signal");
	ok(optval_hold("10", &i) == 0 && i == 10, "--hold=10");
	ok(optval_hold("31536001", &i) == -EINVAL && optval_hold("", &i) == -EINVAL,
	   "--hold above a year and empty rejected");

	ok(optval_group("7", &i) == 0 && i == 7, "--group 7");
	ok(optval_group("1073741825", &i) == -EINVAL && optval_group("-1", &i) == -EINVAL &&
	   optval_group("x1", &i) == -EINVAL && optval_group("", &i) == -EINVAL,
	   "--group out of range or not a number rejected");
	return done_testing();
}
