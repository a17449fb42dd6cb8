// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hex text back to table bytes.  acpidump (ACPICA
 * tools/acpidump/apdump.c ApDumpTableBuffer) prints "SIG @ 0xADDRESS",
 * then AcpiUtDumpBuffer lines "    OFFS: HH HH ... HH  ascii" of at most
 * 16 bytes, then a blank line; iasl's "Raw Table Data" uses the same hex
 * lines with "// ascii".  A short last line pads its hex with spaces, so
 * two spaces end the hex part.  What users paste otherwise is also read:
 * xxd ("OFFS: 4956 5253 ..") and hexdump -C ("OFFS  49 56 .. 00  01 ..
 * |IVRS..|", "*" for repeated lines, the length alone at the end).
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

#define LINE_MAX_BYTES 32
#define REPEAT_MAX (1ul << 20) /* bytes a hexdump "*" may stand for */

enum { HEX_NONE, HEX_BYTES, HEX_END, HEX_STAR, HEX_BAD };

/* A token of 2, 4, 6 or 8 hex digits (xxd groups bytes) at @i of @l. */
static size_t hex_token(const struct line *l, size_t i)
{
	size_t k = 0;

	while (i + k < l->n && hexval(l->s[i + k]) >= 0 && k < 9)
		k++;
	if (!k || k % 2 || k > 8 || (i + k < l->n && !isspace((unsigned char)l->s[i + k])))
		return 0;
	return k;
}

/*
 * One line of hex text: acpidump's and iasl's "OFFS: HH HH ..  ascii",
 * xxd's "OFFS: HHHH HHHH ..  ascii", hexdump -C's "OFFS  HH .. HH  HH ..
 * |ascii|" with its "*" (the line before repeats) and its closing offset
 * alone.  Two spaces end the bytes (except hexdump's one after 8 bytes).
 * Returns HEX_BYTES (*@n bytes at *@off), HEX_END (hexdump's closing
 * offset), HEX_STAR, HEX_NONE (no hex line) or HEX_BAD (an offset and a
 * colon, but no byte).
 */
static int hex_line(const struct line *l, unsigned long *off, uint8_t b[LINE_MAX_BYTES],
		    int *n)
{
	size_t i = 0, digits = 0;
	unsigned long o = 0;
	bool hexdump;

	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	if (i < l->n && l->s[i] == '*') {
		for (i++; i < l->n && isspace((unsigned char)l->s[i]); i++)
			;
		return i == l->n ? HEX_STAR : HEX_NONE;
	}
	while (i < l->n && hexval(l->s[i]) >= 0 && digits < 9) {
		o = o << 4 | (unsigned long)hexval(l->s[i++]);
		digits++;
	}
	if (!digits || digits > 8)
		return HEX_NONE;
	*off = o;
	*n = 0;
	hexdump = i + 2 <= l->n && l->s[i] == ' ' && l->s[i + 1] == ' ';
	if (digits == 8 && (i == l->n || (l->s[i] == '\r' && i + 1 == l->n)))
		return HEX_END;
	if (!hexdump && (i >= l->n || l->s[i] != ':'))
		return HEX_NONE;
	if (!hexdump)
		i++;
	else
		i++; /* the first of hexdump's two spaces; the loop takes the second */
	while (*n < LINE_MAX_BYTES && i < l->n && l->s[i] == ' ') {
		size_t k;

		if (hexdump && *n == 8 && i + 1 < l->n && l->s[i + 1] == ' ')
			i++; /* hexdump -C's gap after 8 bytes */
		k = hex_token(l, i + 1);
		if (!k || *n + k / 2 > LINE_MAX_BYTES)
			break;
		for (size_t t = 0; t < k; t += 2)
			b[(*n)++] = (uint8_t)(hexval(l->s[i + 1 + t]) << 4 | hexval(l->s[i + 2 + t]));
		i += 1 + k;
	}
	return *n ? HEX_BYTES : hexdump ? HEX_NONE : HEX_BAD;
}

/* Put @n bytes at @total in @buf (up to @cap). */
static void put(uint8_t *buf, size_t cap, size_t total, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (total + i < cap)
			buf[total + i] = b[i];
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
	bool any = !has_headers(text, len), in = any, started = false, star = false;
	uint8_t b[LINE_MAX_BYTES], last[LINE_MAX_BYTES];
	unsigned seen = 0;
	size_t lineno = 0, total = 0, nlast = 0;
	struct line l;
	char s[5];

	while (next_line(&p, end, &l)) {
		unsigned long off = 0;
		int kind, n = 0;

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
		kind = hex_line(&l, &off, b, &n);
		if (kind == HEX_NONE && !started)
			continue;
		if (kind == HEX_NONE)
			break;
		if (kind == HEX_STAR && started) {
			star = true;
			continue;
		}
		/* hexdump's "*": the last line repeats up to this offset */
		while (star && nlast && total < off && off - total <= REPEAT_MAX &&
		       (off - total) % nlast == 0) {
			put(buf, cap, total, last, nlast);
			total += nlast;
		}
		star = false;
		if (kind == HEX_BAD || kind == HEX_STAR || off != total)
			goto bad;
		if (kind == HEX_END)
			break;
		put(buf, cap, total, b, (size_t)n);
		memcpy(last, b, (size_t)n);
		nlast = (size_t)n;
		total += (size_t)n;
		started = true;
	}
	if (!started)
		return -ENOENT;
	return (long)total;
bad:
	if (bad_line)
		*bad_line = lineno;
	return -EINVAL;
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
