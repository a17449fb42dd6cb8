// SPDX-License-Identifier: GPL-2.0-or-later
/* Values of command options; see optval.h.  No I/O, no allocation. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "optval.h"

int optval_positive(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int optval_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int optval_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		shift = 10, end++;
		break;
	case 'M':
		shift = 20, end++;
		break;
	case 'G':
		shift = 30, end++;
		break;
	default:
		break;
	}
	if (*end == 'i' && shift)
		end++;
	if ((*end == 'B' || *end == 'b') && end[1] == '\0')
		end++;
	if (*end || v == 0 || v > (UINT64_MAX >> shift) || (v << shift) > (1ULL << 40))
		return -EINVAL;
	v <<= shift;
	*out = (v + 4095) & ~4095ULL; /* whole pages */
	return 0;
}

int optval_hold(const char *s, int *out)
{
	char *end;
	long v;

	if (!s) {
		*out = 0; /* until a signal */
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || !*s || v < 0 || v > 86400 * 365)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int optval_group(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > 1 << 30)
		return -EINVAL;
	*out = (int)v;
	return 0;
}
