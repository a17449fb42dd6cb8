// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>

#include "hex.h"

int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_all(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return 0;
	return 1;
}

int hex_span(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == n)
		return -EINVAL;
	for (; i < n; i++) {
		int d = hex_digit((unsigned char)s[i]);

		if (d < 0 || (v >> 60))
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int parse_hex_u64(const char *s, uint64_t *out)
{
	size_t n = 0;

	while (s[n] && s[n] != '\n')
		n++;
	if (s[n] == '\n' && s[n + 1])
		return -EINVAL;
	return hex_span(s, n, out);
}

size_t hex_format(char buf[HEX_STRLEN], uint64_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	if (digits < 1)
		digits = 1;
	if (digits > 16)
		digits = 16;
	buf[0] = '0', buf[1] = 'x';
	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		buf[2 + i] = hex[v & 0xf];
	buf[2 + digits] = '\0';
	return 2 + (size_t)digits;
}

int hex_digits_needed(uint64_t v)
{
	int digits = 1;

	while (digits < 16 && v >> (4 * digits))
		digits++;
	return digits;
}
