// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pure parsers of host text (see host-text.h).  Checked in
 * tests/unit/test-host-text.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host-text.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated token of [*p, end): its start and length. */
static size_t token(const char **p, const char *end, const char **tok)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	*tok = s;
	while (s < end && !is_blank(*s))
		s++;
	*p = s;
	return (size_t)(s - *tok);
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && !memcmp(s, prefix, l);
}

static void keep(char *dst, size_t len, const char *s, size_t n)
{
	if (!*dst)
		snprintf(dst, len, "%.*s", (int)n, s);
}

/*
 * show_interrupts() (kernel/irq/proc.c) prints "%*d:" then one count per
 * CPU, the chip name, the hwirq and flow ("2-edge"), then the actions.
 * Only lines labelled with a number are interrupts; the counts are the
 * number tokens before the chip.
 */
void host_text_interrupts(const char *text, struct irq_remap_view *v)
{
	const char *p = text ? text : "";

	memset(v, 0, sizeof(*v));
	v->in_use = -1;
	while (*p) {
		const char *end = strchr(p, '\n'), *q = p, *tok, *chip;
		size_t n, chip_len;
		bool own = false;

		if (!end)
			end = p + strlen(p);
		n = token(&q, end, &tok);
		if (n < 2 || tok[n - 1] != ':' || !all_digits(tok, n - 1))
			goto next;
		do
			n = token(&q, end, &tok);
		while (n && all_digits(tok, n));
		chip = tok;
		chip_len = n;
		while ((n = token(&q, end, &tok)))
			own |= starts(tok, n, "AMD-Vi");
		if (!chip_len)
			goto next;
		if (starts(chip, chip_len, "IR-")) {
			v->ir++;
			keep(v->ir_chip, sizeof(v->ir_chip), chip, chip_len);
		} else if ((chip_len == 7 && starts(chip, chip_len, "IO-APIC")) ||
			   starts(chip, chip_len, "PCI-MSI") || starts(chip, chip_len, "HPET")) {
			if (own) {
				v->iommu_own++;
			} else {
				v->plain++;
				keep(v->plain_chip, sizeof(v->plain_chip), chip, chip_len);
			}
		}
next:
		p = *end ? end + 1 : end;
	}
	if (v->ir)
		v->in_use = 1;
	else if (v->plain)
		v->in_use = 0;
}

/* The first line that starts with "flags" and has a ':' (x86 show_cpuinfo()). */
static const char *flags_line(const char *text, const char **end)
{
	const char *p = text ? text : "";

	while (*p) {
		const char *e = strchr(p, '\n'), *colon;

		if (!e)
			e = p + strlen(p);
		colon = memchr(p, ':', (size_t)(e - p));
		if (!strncmp(p, "flags", 5) && (is_blank(p[5]) || p[5] == ':') && colon) {
			*end = e;
			return colon + 1;
		}
		p = *e ? e + 1 : e;
	}
	return NULL;
}

bool host_text_cpu_flag(const char *text, const char *flag)
{
	const char *end, *p = flags_line(text, &end), *tok;
	size_t n, l = strlen(flag);

	while (p && (n = token(&p, end, &tok)))
		if (n == l && !memcmp(tok, flag, l))
			return true;
	return false;
}

int host_text_cpuinfo(const char *text, struct cpu_flags *out)
{
	const char *end;

	memset(out, 0, sizeof(*out));
	if (!flags_line(text, &end))
		return -ENOENT;
	out->found = true;
	out->la57 = host_text_cpu_flag(text, "la57");
	out->svm = host_text_cpu_flag(text, "svm");
	out->sme = host_text_cpu_flag(text, "sme");
	out->sev = host_text_cpu_flag(text, "sev");
	out->sev_es = host_text_cpu_flag(text, "sev_es");
	out->sev_snp = host_text_cpu_flag(text, "sev_snp");
	return 0;
}

int host_text_lockdown(const char *text, char *out, size_t len)
{
	const char *l = text ? strchr(text, '[') : NULL, *r = l ? strchr(l, ']') : NULL;
	const char *l2 = l ? strchr(l + 1, '[') : NULL;
	size_t n;

	if (len)
		*out = '\0';
	/* exactly one bracketed word */
	if (!l || !r || l2)
		return -EINVAL;
	n = (size_t)(r - l - 1);
	if (!n || n >= len)
		return -EINVAL;
	memcpy(out, l + 1, n);
	out[n] = '\0';
	return 0;
}

int host_text_param_bool(const char *text)
{
	if (!text || !text[0] || (text[1] && strcmp(text + 1, "\n")))
		return -EINVAL;
	switch (text[0]) {
	case 'Y':
	case '1':
		return 1;
	case 'N':
	case '0':
		return 0;
	}
	return -EINVAL;
}
