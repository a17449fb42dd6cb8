// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ivrs_ioapic, ivrs_hpet and ivrs_acpihid kernel parameters, parsed
 * the way Linux 7.3 parses them:
 *   - the command line is split by lib/cmdline.c next_arg() (quotes,
 *     "param=val"), parse_args() (kernel/params.c) stops at "--", and
 *     init/main.c unknown_bootoption() rebuilds "param=val"
 *     (repair_env_string) and calls obsolete_checksetup(), which hands
 *     the text after the __setup prefix ("ivrs_ioapic", compared with
 *     parameqn(): '-' equals '_') to the handler;
 *   - drivers/iommu/amd/init.c parse_ivrs_ioapic(), parse_ivrs_hpet(),
 *     parse_ivrs_acpihid() with the kernel's sscanf() (lib/vsprintf.c
 *     vsscanf: literal characters must match, %d/%x skip spaces, %x takes
 *     an optional 0x, %s stops at a space), at most EARLY_MAP_SIZE (4)
 *     of each kind.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ivrs-diag.h"

#define ACPIHID_UID_LEN 256 /* amd_iommu_types.h */
#define ACPIHID_HID_LEN 9
#define ACPIID_LEN (ACPIHID_UID_LEN + ACPIHID_HID_LEN)

/* ---- a vsscanf() with the kernel's rules for %d, %x, %s --------------- */

static const char *skip_spaces(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static int digit_val(char c, unsigned base)
{
	int v = isdigit((unsigned char)c) ? c - '0' :
		isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 : 99;

	return v < (int)base ? v : -1;
}

/* simple_strntoull() with _parse_integer_fixup_radix() for base 16 */
static unsigned long long strtoull_k(const char *s, const char **end, unsigned base)
{
	unsigned long long v = 0;

	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	while (digit_val(*s, base) >= 0)
		v = v * base + (unsigned)digit_val(*s++, base);
	*end = s;
	return v;
}

/*
 * %d -> int *, %x -> unsigned *, %s -> char * (the caller sizes it: the
 * kernel's callers check the length first).  Returns the conversions
 * done, like vsscanf().
 */
static int kscanf(const char *str, const char *fmt, ...)
{
	va_list ap;
	int num = 0;

	va_start(ap, fmt);
	while (*fmt) {
		const char *next;
		unsigned base;
		bool neg = false;
		char c;

		if (*fmt != '%') {
			if (*fmt++ != *str++)
				break;
			continue;
		}
		fmt++;
		if (!*str)
			break;
		c = *fmt++;
		if (c == 's') {
			char *s = va_arg(ap, char *);

			str = skip_spaces(str);
			while (*str && !isspace((unsigned char)*str))
				*s++ = *str++;
			*s = '\0';
			num++;
			continue;
		}
		base = c == 'x' ? 16 : 10;
		str = skip_spaces(str);
		if (c == 'd' && *str == '-') {
			neg = true;
			if (!isdigit((unsigned char)str[1]))
				break;
			str++;
		} else if (digit_val(*str, base) < 0) {
			break;
		}
		if (c == 'd') {
			long long v = (long long)strtoull_k(str, &next, 10);

			*va_arg(ap, int *) = (int)(neg ? -v : v);
		} else {
			*va_arg(ap, unsigned *) = (unsigned)strtoull_k(str, &next, base);
		}
		num++;
		str = next;
	}
	va_end(ap);
	return num;
}

/* Copy at most @n - 1 bytes of @src, always terminated. */
static void copy(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* init.c IVRS_GET_SBDF_ID() */
static uint32_t sbdf_id(unsigned seg, unsigned bus, unsigned dev, unsigned fn)
{
	return (seg & 0xffff) << 16 | (bus & 0xff) << 8 | (dev & 0x1f) << 3 | (fn & 7);
}

/* ---- the three parsers ------------------------------------------------- */

struct counts {
	size_t n[3]; /* early map sizes by kind */
};

/* parse_ivrs_ioapic() and parse_ivrs_hpet(): the same code, two names. */
static void parse_special(struct ivrs_overrides *out, struct counts *c,
			  struct ivrs_override *o, const char *str)
{
	const char *name = o->kind == IVRS_OV_IOAPIC ? "ivrs_ioapic" : "ivrs_hpet";
	const char *what = o->kind == IVRS_OV_IOAPIC ? "IOAPIC" : "HPET";
	unsigned seg = 0, bus = 0, dev = 0, fn = 0;
	int id = 0;

	if (kscanf(str, "=%d@%x:%x.%x", &id, &bus, &dev, &fn) == 4 ||
	    kscanf(str, "=%d@%x:%x:%x.%x", &id, &seg, &bus, &dev, &fn) == 5)
		goto found;
	if (kscanf(str, "[%d]=%x:%x.%x", &id, &bus, &dev, &fn) == 4 ||
	    kscanf(str, "[%d]=%x:%x:%x.%x", &id, &seg, &bus, &dev, &fn) == 5) {
		o->deprecated = true;
		snprintf(o->message, sizeof(o->message),
			 "AMD-Vi: %s%s option format deprecated; use %s=%d@%04x:%02x:%02x.%d instead",
			 name, str, name, id, seg, bus, dev, (int)fn);
		goto found;
	}
	o->status = IVRS_OV_INVALID;
	snprintf(o->message, sizeof(o->message),
		 "AMD-Vi: Invalid command line: %s%s", name, str);
	return;
found:
	if (c->n[o->kind] == IVRS_EARLY_MAP_SIZE) {
		o->status = IVRS_OV_OVERFLOW;
		snprintf(o->message, sizeof(o->message),
			 "AMD-Vi: Early %s map overflow - ignoring %s%s", what, name, str);
		return;
	}
	c->n[o->kind]++;
	o->id = id;
	o->sbdf = sbdf_id(seg, bus, dev, fn);
	out->cmdline_maps = true;
}

static void set_msg(struct ivrs_override *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_msg(struct ivrs_override *o, const char *fmt, ...)
{
	size_t n = strlen(o->message);
	va_list ap;

	if (n && n < sizeof(o->message) - 1)
		o->message[n++] = '\n';
	va_start(ap, fmt);
	vsnprintf(o->message + n, sizeof(o->message) - n, fmt, ap);
	va_end(ap);
}

/* parse_ivrs_acpihid() */
static void parse_acpihid(struct counts *c, struct ivrs_override *o,
			  const char *arg)
{
	char str[1024], acpiid[ACPIID_LEN + 1] = { 0 }, *addr, *hid, *uid, *colon;
	unsigned seg = 0, bus = 0, dev = 0, fn = 0;

	copy(str, sizeof(str), arg);
	addr = strchr(str, '@');
	if (!addr) {
		addr = strchr(str, '=');
		if (!addr)
			goto not_found;
		++addr;
		if (strlen(addr) > ACPIID_LEN)
			goto not_found;
		if (kscanf(str, "[%x:%x.%x]=%s", &bus, &dev, &fn, acpiid) == 4 ||
		    kscanf(str, "[%x:%x:%x.%x]=%s", &seg, &bus, &dev, &fn, acpiid) == 5) {
			o->deprecated = true;
			set_msg(o, "AMD-Vi: ivrs_acpihid%s option format deprecated; use ivrs_acpihid=%s@%04x:%02x:%02x.%d instead",
				str, acpiid, seg, bus, dev, (int)fn);
			goto found;
		}
		goto not_found;
	}
	/* "We have the '@', make it the terminator to get just the acpiid" */
	*addr++ = 0;
	if (strlen(str) > ACPIID_LEN)
		goto not_found;
	if (kscanf(str, "=%s", acpiid) != 1)
		goto not_found;
	if (kscanf(addr, "%x:%x.%x", &bus, &dev, &fn) == 3 ||
	    kscanf(addr, "%x:%x:%x.%x", &seg, &bus, &dev, &fn) == 4)
		goto found;
not_found:
	o->status = IVRS_OV_INVALID;
	set_msg(o, "AMD-Vi: Invalid command line: ivrs_acpihid%s", str);
	return;
found:
	if (c->n[IVRS_OV_ACPIHID] == IVRS_EARLY_MAP_SIZE) {
		o->status = IVRS_OV_OVERFLOW;
		set_msg(o, "AMD-Vi: Early ACPI HID map overflow - ignoring ivrs_acpihid%s", str);
		return;
	}
	/* hid = strsep(&p, ":"); uid = p */
	hid = acpiid;
	colon = strchr(acpiid, ':');
	uid = colon ? colon + 1 : NULL;
	if (colon)
		*colon = '\0';
	if (!*hid || !uid) {
		o->status = IVRS_OV_BAD_ID;
		set_msg(o, "AMD-Vi: Invalid command line: hid or uid");
		return;
	}
	while (*uid == '0' && uid[1])
		uid++;
	if (strlen(hid) >= ACPIHID_HID_LEN) {
		o->status = IVRS_OV_BAD_ID;
		set_msg(o, "AMD-Vi: Invalid command line: hid is too long");
		return;
	}
	if (strlen(uid) >= ACPIHID_UID_LEN) {
		o->status = IVRS_OV_BAD_ID;
		set_msg(o, "AMD-Vi: Invalid command line: uid is too long");
		return;
	}
	c->n[IVRS_OV_ACPIHID]++;
	copy(o->hid, sizeof(o->hid), hid);
	copy(o->uid, sizeof(o->uid), uid);
	o->sbdf = sbdf_id(seg, bus, dev, fn);
}

/* ---- the command line -------------------------------------------------- */

/* parameqn(): the first @n characters equal, '-' and '_' alike */
static bool parameqn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return true;
}

/*
 * next_arg() + repair_env_string(): one parameter as the __setup handler
 * sees it ("param=val", quotes gone) into @line; returns the rest, or
 * NULL at "--" (parse_args() stops there).
 */
static const char *next_param(const char *args, char *line, size_t len, bool *stop)
{
	size_t i, equals = 0, o = 0;
	bool in_quote = false, quoted = false;
	const char *a = args;

	if (*a == '"') {
		a++;
		in_quote = quoted = true;
	}
	for (i = 0; a[i]; i++) {
		if (isspace((unsigned char)a[i]) && !in_quote)
			break;
		if (!equals && a[i] == '=')
			equals = i;
		if (a[i] == '"')
			in_quote = !in_quote;
	}
	/* param: a[0..equals) (or the whole token); val: after '=' */
	for (size_t k = 0; k < (equals ? equals : i) && o + 1 < len; k++)
		line[o++] = a[k];
	*stop = !equals && i == 2 && !strncmp(a, "--", 2);
	if (equals) {
		size_t v = equals + 1, vend = i;

		if (a[v] == '"') {
			v++;
			if (vend > v && a[vend - 1] == '"')
				vend--;
		} else if (quoted && vend > 0 && a[vend - 1] == '"') {
			vend--;
		}
		if (o + 1 < len)
			line[o++] = '=';
		for (size_t k = v; k < vend && o + 1 < len; k++)
			line[o++] = a[k];
	} else if (quoted && o > 0 && line[o - 1] == '"') {
		o--;
	}
	line[o] = '\0';
	return skip_spaces(a + i + (a[i] ? 1 : 0));
}

void ivrs_overrides_parse(const char *cmdline, struct ivrs_overrides *out)
{
	static const struct {
		const char *prefix;
		enum ivrs_ov_kind kind;
	} setups[] = {
		{ "ivrs_ioapic", IVRS_OV_IOAPIC },
		{ "ivrs_hpet", IVRS_OV_HPET },
		{ "ivrs_acpihid", IVRS_OV_ACPIHID },
	};
	struct counts c = { { 0 } };
	const char *p;
	char line[1024];

	memset(out, 0, sizeof(*out));
	if (!cmdline)
		return;
	p = skip_spaces(cmdline);
	while (*p) {
		bool stop;

		p = next_param(p, line, sizeof(line), &stop);
		if (stop)
			break;
		for (size_t s = 0; s < sizeof(setups) / sizeof(setups[0]); s++) {
			size_t n = strlen(setups[s].prefix);
			struct ivrs_override *o;

			if (strlen(line) < n || !parameqn(line, setups[s].prefix, n))
				continue;
			if (out->n == IVRS_MAX_OVERRIDES) {
				out->dropped++;
				break;
			}
			o = &out->v[out->n++];
			memset(o, 0, sizeof(*o));
			o->kind = (uint8_t)setups[s].kind;
			copy(o->text, sizeof(o->text), line);
			if (o->kind == IVRS_OV_ACPIHID)
				parse_acpihid(&c, o, line + n);
			else
				parse_special(out, &c, o, line + n);
			break;
		}
	}
}

void ivrs_override_format(enum ivrs_ov_kind kind, unsigned id, uint32_t sbdf,
			  char *buf, size_t len)
{
	snprintf(buf, len, "%s=%u@%04x:%02x:%02x.%x",
		 kind == IVRS_OV_IOAPIC ? "ivrs_ioapic" : "ivrs_hpet", id,
		 sbdf >> 16, sbdf >> 8 & 0xff, sbdf >> 3 & 0x1f, sbdf & 7);
}
