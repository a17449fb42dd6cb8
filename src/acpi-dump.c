// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acpidump's hex text back to table bytes.  acpidump (ACPICA
 * tools/acpidump/apdump.c ApDumpTableBuffer) prints "SIG @ 0xADDRESS",
 * then AcpiUtDumpBuffer lines "    OFFS: HH HH ... HH  ascii" of at most
 * 16 bytes, then a blank line; iasl's "Raw Table Data" uses the same hex
 * lines with "// ascii".  A short last line pads its hex with spaces, so
 * two spaces end the hex part.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "acpi.h"

struct line {
	const char *s;
	size_t n;
};

static bool next_line(const char **p, const char *end, struct line *l)
{
	const char *nl;

	if (*p >= end)
		return false;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	l->s = *p;
	l->n = (size_t)((nl ? nl : end) - *p);
	*p = nl ? nl + 1 : end;
	return true;
}

static bool blank(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (!isspace((unsigned char)l->s[i]))
			return false;
	return true;
}

/* "SIG @ 0x...": four printable non-blank characters, " @ " */
static bool header_line(const struct line *l, char sig[5])
{
	if (l->n < 7 || memcmp(l->s + 4, " @ ", 3))
		return false;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)l->s[i];

		if (c <= ' ' || c > '~')
			return false;
		sig[i] = (char)c;
	}
	sig[4] = '\0';
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * "  OFFS: HH HH ..." -> offset and bytes.  Returns the byte count (1..16),
 * 0 when the line is not a hex line at all, -1 when it starts like one
 * (an offset and a colon) but holds no byte.
 */
static int hex_line(const struct line *l, unsigned long *off, uint8_t b[16])
{
	size_t i = 0, digits = 0;
	unsigned long o = 0;
	int n = 0;

	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	while (i < l->n && hexval(l->s[i]) >= 0 && digits < 9) {
		o = o << 4 | (unsigned long)hexval(l->s[i++]);
		digits++;
	}
	if (!digits || digits > 8 || i >= l->n || l->s[i] != ':')
		return 0;
	i++;
	while (n < 16 && i + 3 <= l->n && l->s[i] == ' ' &&
	       hexval(l->s[i + 1]) >= 0 && hexval(l->s[i + 2]) >= 0 &&
	       (i + 3 == l->n || isspace((unsigned char)l->s[i + 3]))) {
		b[n++] = (uint8_t)(hexval(l->s[i + 1]) << 4 | hexval(l->s[i + 2]));
		i += 3;
	}
	*off = o;
	return n ? n : -1;
}

static bool has_headers(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	struct line l;
	char sig[5];

	while (next_line(&p, end, &l))
		if (header_line(&l, sig))
			return true;
	return false;
}

long acpidump_extract(const char *text, size_t len, const char *sig,
		      unsigned instance, uint8_t *buf, size_t cap,
		      size_t *bad_line)
{
	const char *p = text, *end = text + len;
	bool any = !has_headers(text, len), in = any, started = false;
	unsigned seen = 0;
	size_t lineno = 0, total = 0;
	struct line l;
	char s[5];

	while (next_line(&p, end, &l)) {
		unsigned long off;
		uint8_t b[16];
		int n;

		lineno++;
		if (!any && header_line(&l, s)) {
			if (in)
				break;
			in = sig && !strcmp(s, sig) && seen++ == instance;
			continue;
		}
		if (!in)
			continue;
		if (blank(&l)) {
			if (started)
				break;
			continue;
		}
		n = hex_line(&l, &off, b);
		if (n == 0 && !started)
			continue;
		if (n == 0)
			break;
		if (n < 0 || off != total) {
			if (bad_line)
				*bad_line = lineno;
			return -EINVAL;
		}
		for (int i = 0; i < n; i++, total++)
			if (total < cap)
				buf[total] = b[i];
		started = true;
	}
	if (!started)
		return -ENOENT;
	return (long)total;
}

long acpi_table_extract(const uint8_t *data, size_t n, const char *sig,
			uint8_t *buf, size_t cap, size_t *bad_line)
{
	/* "SIG @ 0x..." starts acpidump's text of the same table */
	if (n >= 4 && !memcmp(data, sig, 4) && !(n >= 7 && !memcmp(data + 4, " @ ", 3))) {
		if (cap)
			memcpy(buf, data, n < cap ? n : cap);
		return (long)n;
	}
	return acpidump_extract((const char *)data, n, sig, 0, buf, cap, bad_line);
}
