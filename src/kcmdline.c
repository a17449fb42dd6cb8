// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel command line as Linux 7.3 parses it (see kcmdline.h for the
 * passes).  Each handler below names the kernel function it follows; the
 * log texts are the kernel's format strings with their pr_fmt() prefix.
 * Checked in tests/unit/test-kcmdline.c.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcmdline.h"
#include "util.h"

struct kcl_note_list {
	struct kcl_note *v;
	size_t n, cap;
	char **owned; /* log and message strings */
	size_t n_owned, cap_owned;
};

struct word {
	char *param, *val; /* val NULL: no '=' */
};

struct parser {
	struct kcmdline *k;
	struct word *w;
	size_t nw;
	size_t cur;                 /* the word being handled */
	int n_map[3];               /* early_{ioapic,hpet,acpihid}_map_size */
};

/* ---- kernel character classes and helpers ------------------------------ */

/* lib/ctype.c: _S is \t..\r, space and 0xa0 (Latin-1 no-break space). */
static bool k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static bool k_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool k_isxdigit(unsigned char c)
{
	return k_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char *k_skip_spaces(char *s)
{
	while (k_isspace((unsigned char)*s))
		s++;
	return s;
}

/* kernel/params.c parameqn(): '-' and '_' compare equal. */
static bool k_parameqn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
		if (!x)
			return true;
	}
	return true;
}

static bool k_parameq(const char *a, const char *b)
{
	return k_parameqn(a, b, strlen(b) + 1);
}

/*
 * lib/kstrtox.c kstrtobool() (7.x: with "enabled"/"disabled"):
 * [eEyYtT1] true, [dDnNfF0] false, o[nN] true, o[fF] false, else -EINVAL.
 */
static int k_strtobool(const char *s, bool *res)
{
	if (!s)
		return -1;
	switch (s[0]) {
	case 'e': case 'E': case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'd': case 'D': case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -1;
}

/* lib/vsprintf.c simple_strntoull() after _parse_integer_fixup_radix():
 * base 16 skips "0x", digits accumulate modulo 2^64. */
static uint64_t k_strtoull(const char *s, const char **end, unsigned base)
{
	uint64_t v = 0;

	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (;; s++) {
		unsigned d;

		if (k_isdigit((unsigned char)*s))
			d = (unsigned)(*s - '0');
		else if (k_isxdigit((unsigned char)*s))
			d = (unsigned)((*s | 0x20) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	*end = s;
	return v;
}

/*
 * The subset of lib/vsprintf.c vsscanf() the ivrs_* handlers use: literal
 * characters must match, white space in the format matches any run of
 * white space, %d (int *), %x (unsigned *), %s (char *, at most @slen-1
 * characters: the handlers' own length checks keep the kernel within its
 * buffer).  Returns the number of conversions, stopping at the first
 * mismatch, as the kernel does.
 */
static int k_sscanf(const char *str, const char *fmt, size_t slen, ...)
{
	va_list ap;
	int num = 0;

	va_start(ap, slen);
	while (*fmt) {
		if (k_isspace((unsigned char)*fmt)) {
			while (k_isspace((unsigned char)*fmt))
				fmt++;
			while (k_isspace((unsigned char)*str))
				str++;
		}
		if (*fmt != '%' && *fmt) {
			if (*fmt++ != *str++)
				break;
			continue;
		}
		if (!*fmt || !*++fmt || !*str)
			break;
		if (*fmt == 's') {
			char *s = va_arg(ap, char *);
			size_t n = 0;

			fmt++;
			while (k_isspace((unsigned char)*str))
				str++;
			while (*str && !k_isspace((unsigned char)*str)) {
				if (n + 1 < slen)
					s[n++] = *str;
				str++;
			}
			s[n] = '\0';
			num++;
			continue;
		}
		if (*fmt == 'd' || *fmt == 'x') {
			bool sign = *fmt == 'd', neg = false;
			unsigned base = sign ? 10 : 16;
			unsigned char digit;
			const char *next;
			uint64_t v;

			fmt++;
			while (k_isspace((unsigned char)*str))
				str++;
			digit = (unsigned char)*str;
			if (sign && digit == '-')
				digit = (unsigned char)str[1];
			if (!digit || (base == 16 && !k_isxdigit(digit)) ||
			    (base == 10 && !k_isdigit(digit)))
				break;
			if (sign && *str == '-') {
				neg = true;
				str++;
			}
			v = k_strtoull(str, &next, base);
			if (neg)
				v = 0 - v;
			if (sign)
				*va_arg(ap, int *) = (int)(uint32_t)v;
			else
				*va_arg(ap, unsigned *) = (unsigned)v;
			num++;
			str = next;
			continue;
		}
		break; /* a conversion this model does not need */
	}
	va_end(ap);
	return num;
}

/* ---- notes ---------------------------------------------------------------- */

static const char *own(struct kcmdline *k, char *s)
{
	struct kcl_note_list *l = k->notes_;

	if (l->n_owned == l->cap_owned) {
		l->cap_owned = l->cap_owned ? 2 * l->cap_owned : 16;
		l->owned = xrealloc(l->owned, l->cap_owned * sizeof(*l->owned));
	}
	l->owned[l->n_owned++] = s;
	return s;
}

static void add_note(struct parser *p, enum kcl_severity sev, const char *fn,
		     char *log, char *msg)
{
	struct kcl_note_list *l = p->k->notes_;
	struct kcl_note *n;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	n = &l->v[l->n++];
	n->param = p->w[p->cur].param;
	n->value = p->w[p->cur].val;
	n->word = (int)p->cur;
	n->severity = sev;
	n->kernel_function = fn;
	n->log = log ? own(p->k, log) : NULL;
	n->message = own(p->k, msg);
}

#define NOTE(p, sev, fn, log, ...) add_note(p, sev, fn, log, xasprintf(__VA_ARGS__))

static struct kcl_origin here(const struct parser *p)
{
	struct kcl_origin o = { (int)p->cur, p->w[p->cur].param, p->w[p->cur].val };

	return o;
}

#define F_AMD_OPTS  "parse_amd_iommu_options() drivers/iommu/amd/init.c"
#define F_AMD_INTR  "parse_amd_iommu_intr() drivers/iommu/amd/init.c"
#define F_AMD_DUMP  "parse_amd_iommu_dump() drivers/iommu/amd/init.c"
#define F_X86_IOMMU "iommu_setup() arch/x86/kernel/pci-dma.c"
#define F_PT        "iommu_set_def_domain_type() drivers/iommu/iommu.c"
#define F_STRICT    "iommu_dma_setup() drivers/iommu/iommu.c"
#define F_FORCEDAC  "iommu_dma_forcedac_setup() drivers/iommu/dma-iommu.c"
#define F_INTREMAP  "setup_irqremap() drivers/iommu/irq_remapping.c"
#define F_NOINTR    "setup_nointremap() drivers/iommu/irq_remapping.c"
#define F_PCI       "pci_setup() drivers/pci/pci.c"
#define F_EARLY     "do_early_param() init/main.c"
#define F_UNKNOWN   "unknown_bootoption() init/main.c"
#define F_PARAMS    "parse_one() kernel/params.c"

/* ---- amd_iommu= and friends (drivers/iommu/amd/init.c) ------------------ */

static const char *pgtable_word(enum kcl_pgtable t)
{
	return t == KCL_PGTABLE_V2 ? "pgtbl_v2" : "pgtbl_v1";
}

static const char *pgsizes_word(enum kcl_pgsizes s)
{
	return s == KCL_PGSIZES_4K ? "nohugepages" : "v2_pgsizes_only";
}

static void amd_set_pgtable(struct parser *p, enum kcl_pgtable t)
{
	struct kcmdline *k = p->k;

	if (k->amd_pgtable != KCL_PGTABLE_DEFAULT && k->amd_pgtable != t)
		NOTE(p, KCL_WARN, F_AMD_OPTS, NULL,
		     "%s overrides the earlier %s (word %d): amd_iommu_pgtable "
		     "keeps the last one", pgtable_word(t),
		     pgtable_word(k->amd_pgtable), k->amd_pgtable_from.word);
	k->amd_pgtable = t;
	k->amd_pgtable_from = here(p);
}

static void amd_set_pgsizes(struct parser *p, enum kcl_pgsizes s)
{
	struct kcmdline *k = p->k;

	if (k->amd_pgsizes != KCL_PGSIZES_DEFAULT && k->amd_pgsizes != s)
		NOTE(p, KCL_WARN, F_AMD_OPTS, NULL,
		     "%s overrides the earlier %s: amd_iommu_pgsize_bitmap "
		     "keeps the last one", pgsizes_word(s), pgsizes_word(k->amd_pgsizes));
	k->amd_pgsizes = s;
}

static const char *amd_unknown_hint(const char *tok, size_t len)
{
	if ((len == 2 && !strncmp(tok, "pt", 2)) || (len == 4 && !strncmp(tok, "nopt", 4)))
		return " (passthrough is iommu=pt or iommu.passthrough=1, not an amd_iommu= option)";
	if (len == 6 && !strncmp(tok, "strict", 6))
		return " (strict invalidation is iommu.strict=1)";
	if ((len == 2 && !strncmp(tok, "on", 2)) || (len == 2 && !strncmp(tok, "v2", 2)))
		return " (the driver is on by default; the V2 table is pgtbl_v2)";
	return "";
}

/*
 * parse_amd_iommu_options(): the value is a comma list; each element is
 * compared with strncmp() over the keyword's length, in the order below,
 * so "offline" is "off".  An unknown element is logged with the whole rest
 * of the list.  Flags only ever turn on; pgtbl_* and the page-size words
 * keep the last one.
 */
static int setup_amd_iommu(struct parser *p, char *str)
{
	static const struct {
		const char *kw;
		int what;
	} opts[] = {
		{ "fullflush", 0 }, { "force_enable", 1 }, { "off", 2 },
		{ "force_isolation", 3 }, { "pgtbl_v1", 4 }, { "pgtbl_v2", 5 },
		{ "irtcachedis", 6 }, { "nohugepages", 7 }, { "v2_pgsizes_only", 8 },
	};
	struct kcmdline *k = p->k;

	if (!*str)
		NOTE(p, KCL_INFO, F_AMD_OPTS, NULL,
		     "amd_iommu= with an empty value changes nothing");
	while (*str) {
		size_t len = strcspn(str, ","), i;

		for (i = 0; i < ARRAY_SIZE(opts); i++)
			if (!strncmp(str, opts[i].kw, strlen(opts[i].kw)))
				break;
		if (i == ARRAY_SIZE(opts)) {
			NOTE(p, KCL_WARN, F_AMD_OPTS,
			     xasprintf("AMD-Vi: Unknown option - '%s'", str),
			     "amd_iommu=: '%.*s' is not an option of the 7.3 driver and "
			     "is ignored%s", (int)len, str, amd_unknown_hint(str, len));
		} else {
			if (len != strlen(opts[i].kw))
				NOTE(p, KCL_INFO, F_AMD_OPTS, NULL,
				     "amd_iommu=: '%.*s' is taken as '%s': the driver "
				     "compares only the first %zu characters",
				     (int)len, str, opts[i].kw, strlen(opts[i].kw));
			switch (opts[i].what) {
			case 0:
				k->amd_fullflush = true;
				NOTE(p, KCL_WARN, F_AMD_OPTS,
				     xstrdup("AMD-Vi: amd_iommu=fullflush deprecated; use iommu.strict=1 instead"),
				     "amd_iommu=fullflush makes DMA invalidation strict "
				     "(iommu_set_dma_strict()), whatever iommu.strict= says");
				break;
			case 1:
				k->amd_force_enable = true;
				break;
			case 2:
				k->amd_off = true;
				NOTE(p, KCL_WARN, F_AMD_OPTS, NULL,
				     "amd_iommu=off: the driver stops in state "
				     "IOMMU_CMDLINE_DISABLED, no AMD IOMMU is used and the "
				     "other amd_iommu options have no effect");
				break;
			case 3:
				k->amd_force_isolation = true;
				break;
			case 4:
				amd_set_pgtable(p, KCL_PGTABLE_V1);
				break;
			case 5:
				amd_set_pgtable(p, KCL_PGTABLE_V2);
				break;
			case 6:
				k->amd_irtcachedis = true;
				break;
			case 7:
				amd_set_pgsizes(p, KCL_PGSIZES_4K);
				NOTE(p, KCL_INFO, F_AMD_OPTS,
				     xstrdup("AMD-Vi: Restricting V1 page-sizes to 4KiB"),
				     "V1 page tables map 4 KiB pages only");
				break;
			case 8:
				amd_set_pgsizes(p, KCL_PGSIZES_V2);
				NOTE(p, KCL_INFO, F_AMD_OPTS,
				     xstrdup("AMD-Vi: Restricting V1 page-sizes to 4KiB/2MiB/1GiB"),
				     "V1 page tables map 4 KiB, 2 MiB and 1 GiB pages only");
				break;
			}
		}
		str += len;
		while (*str == ',')
			str++;
	}
	return 1;
}

/*
 * parse_amd_iommu_intr(): looks for "legacy" or "vapic" at every position
 * of the value and stops at the first hit ("legacy" selects LEGACY_GA);
 * a value with neither is ignored without a message.  The last word that
 * matches wins.
 */
static int setup_amd_iommu_intr(struct parser *p, char *str)
{
	struct kcmdline *k = p->k;
	enum kcl_guest_ir ir = KCL_GUEST_IR_DEFAULT;
	const char *s;

	for (s = str; *s; s++) {
		if (!strncmp(s, "legacy", 6)) {
			ir = KCL_GUEST_IR_LEGACY_GA;
			break;
		}
		if (!strncmp(s, "vapic", 5)) {
			ir = KCL_GUEST_IR_VAPIC;
			break;
		}
	}
	if (ir == KCL_GUEST_IR_DEFAULT) {
		NOTE(p, KCL_WARN, F_AMD_INTR, NULL,
		     "amd_iommu_intr=%s names neither legacy nor vapic: the driver "
		     "ignores it without a message", str);
		return 1;
	}
	if (s != str || strcmp(s, ir == KCL_GUEST_IR_VAPIC ? "vapic" : "legacy"))
		NOTE(p, KCL_INFO, F_AMD_INTR, NULL,
		     "amd_iommu_intr=%s is read as %s (the driver searches the value "
		     "for \"legacy\" or \"vapic\")", str,
		     ir == KCL_GUEST_IR_VAPIC ? "vapic" : "legacy (GA)");
	if (k->amd_guest_ir != KCL_GUEST_IR_DEFAULT && k->amd_guest_ir != ir)
		NOTE(p, KCL_WARN, F_AMD_INTR, NULL,
		     "overrides amd_iommu_intr= of word %d: the last one wins",
		     k->amd_guest_ir_from.word);
	k->amd_guest_ir = ir;
	k->amd_guest_ir_from = here(p);
	return 1;
}

/* parse_amd_iommu_dump(): any word starting with amd_iommu_dump turns it
 * on; what follows the name is not read. */
static int setup_amd_iommu_dump(struct parser *p, char *str)
{
	p->k->amd_dump = true;
	if (*str)
		NOTE(p, KCL_WARN, F_AMD_DUMP, NULL,
		     "the driver does not read \"%s\" after amd_iommu_dump: the "
		     "IVRS dump is on", str);
	return 1;
}

/* ---- ivrs_ioapic / ivrs_hpet / ivrs_acpihid ------------------------------ */

#define EARLY_MAP_SIZE 4   /* drivers/iommu/amd/init.c */
#define ACPIHID_UID_LEN 256
#define ACPIHID_HID_LEN 9
#define ACPIID_LEN (ACPIHID_UID_LEN + ACPIHID_HID_LEN)

static uint32_t sbdf_id(unsigned seg, unsigned bus, unsigned dev, unsigned fn)
{
	/* IVRS_GET_SBDF_ID() */
	return ((seg & 0xffff) << 16) | ((bus & 0xff) << 8) | ((dev & 0x1f) << 3) |
	       (fn & 0x7);
}

static struct kcl_ivrs *ivrs_add(struct parser *p, enum kcl_ivrs_type t)
{
	struct kcmdline *k = p->k;
	struct kcl_ivrs *e;

	k->ivrs = xrealloc(k->ivrs, (k->n_ivrs + 1) * sizeof(*k->ivrs));
	e = &k->ivrs[k->n_ivrs++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->word = (int)p->cur;
	e->effective = true;
	return e;
}

/*
 * add_special_device(): an entry whose id already has a command-line
 * entry is dropped with "Command-line override present ..." and the
 * first one stays (get_ioapic_devid() returns the first match).
 */
static void ivrs_special(struct parser *p, enum kcl_ivrs_type t, const char *name,
			 const char *fn, const char *str, int id, unsigned seg,
			 unsigned bus, unsigned dev, unsigned func, bool deprecated)
{
	struct kcmdline *k = p->k;
	struct kcl_ivrs *e;

	if (deprecated)
		NOTE(p, KCL_WARN, fn,
		     xasprintf("AMD-Vi: %s%s option format deprecated; use %s=%d@%04x:%02x:%02x.%d instead",
			       name, str, name, id, seg, bus, dev, (int)func),
		     "the old %s[id]=bus:dev.fn form still works", name);
	if (p->n_map[t] == EARLY_MAP_SIZE) {
		NOTE(p, KCL_ERROR, fn,
		     xasprintf("AMD-Vi: Early %s map overflow - ignoring %s%s",
			       t == KCL_IVRS_IOAPIC ? "IOAPIC" : "HPET", name, str),
		     "the driver keeps at most %d %s overrides", EARLY_MAP_SIZE, name);
		return;
	}
	p->n_map[t]++;
	e = ivrs_add(p, t);
	e->id = (uint8_t)id;
	e->sbdf = sbdf_id(seg, bus, dev, func);
	e->deprecated_form = deprecated;
	for (size_t i = 0; i + 1 < k->n_ivrs; i++)
		if (k->ivrs[i].type == t && k->ivrs[i].effective && k->ivrs[i].id == e->id) {
			e->effective = false;
			NOTE(p, KCL_WARN, "add_special_device() drivers/iommu/amd/init.c",
			     xasprintf("AMD-Vi: Command-line override present for %s id %d - ignoring",
				       t == KCL_IVRS_IOAPIC ? "IOAPIC" : "HPET", e->id),
			     "%s id %d was already mapped by word %d: the first one wins",
			     name, e->id, k->ivrs[i].word);
			break;
		}
	if (id < 0 || id > 0xff)
		NOTE(p, KCL_WARN, fn, NULL,
		     "id %d is stored in a u8 (struct devid_map): it becomes %d",
		     id, e->id);
}

/* parse_ivrs_ioapic() / parse_ivrs_hpet(): "=ID@[SEG:]BUS:DEV.FN", or the
 * deprecated "[ID]=[SEG:]BUS:DEV.FN"; @str follows the parameter name. */
static int setup_ivrs_special(struct parser *p, char *str, enum kcl_ivrs_type t)
{
	const char *name = t == KCL_IVRS_IOAPIC ? "ivrs_ioapic" : "ivrs_hpet";
	const char *fn = t == KCL_IVRS_IOAPIC ? "parse_ivrs_ioapic() drivers/iommu/amd/init.c" :
			 "parse_ivrs_hpet() drivers/iommu/amd/init.c";
	unsigned seg = 0, bus = 0, dev = 0, func = 0;
	int id = 0;

	if (k_sscanf(str, "=%d@%x:%x.%x", 0, &id, &bus, &dev, &func) == 4 ||
	    k_sscanf(str, "=%d@%x:%x:%x.%x", 0, &id, &seg, &bus, &dev, &func) == 5) {
		ivrs_special(p, t, name, fn, str, id, seg, bus, dev, func, false);
		return 1;
	}
	seg = 0;
	if (k_sscanf(str, "[%d]=%x:%x.%x", 0, &id, &bus, &dev, &func) == 4 ||
	    k_sscanf(str, "[%d]=%x:%x:%x.%x", 0, &id, &seg, &bus, &dev, &func) == 5) {
		ivrs_special(p, t, name, fn, str, id, seg, bus, dev, func, true);
		return 1;
	}
	NOTE(p, KCL_ERROR, fn, xasprintf("AMD-Vi: Invalid command line: %s%s", name, str),
	     "%s%s is not in the form %s=ID@SSSS:BB:DD.F: the driver ignores it",
	     name, str, name);
	return 1;
}

static int setup_ivrs_ioapic(struct parser *p, char *str)
{
	return setup_ivrs_special(p, str, KCL_IVRS_IOAPIC);
}

static int setup_ivrs_hpet(struct parser *p, char *str)
{
	return setup_ivrs_special(p, str, KCL_IVRS_HPET);
}

#define F_ACPIHID "parse_ivrs_acpihid() drivers/iommu/amd/init.c"

static void acpihid_invalid(struct parser *p, const char *str)
{
	NOTE(p, KCL_ERROR, F_ACPIHID,
	     xasprintf("AMD-Vi: Invalid command line: ivrs_acpihid%s", str),
	     "not in the form ivrs_acpihid=HID:UID@SSSS:BB:DD.F: the driver ignores it");
}

/*
 * parse_ivrs_acpihid(): "=HID:UID@[SEG:]BUS:DEV.FN" or the deprecated
 * "[[SEG:]BUS:DEV.FN]=HID:UID".  The new form cuts the string at '@'
 * before anything is logged, so its messages show only the part before.
 */
static int setup_ivrs_acpihid(struct parser *p, char *str)
{
	struct kcmdline *k = p->k;
	unsigned seg = 0, bus = 0, dev = 0, func = 0;
	char acpiid[ACPIID_LEN + 1] = "", *addr, *hid, *uid, *colon;
	bool deprecated = false;
	struct kcl_ivrs *e;

	addr = strchr(str, '@');
	if (!addr) {
		addr = strchr(str, '=');
		if (!addr || strlen(addr + 1) > ACPIID_LEN)
			goto invalid;
		if (k_sscanf(str, "[%x:%x.%x]=%s", sizeof(acpiid), &bus, &dev, &func, acpiid) == 4 ||
		    k_sscanf(str, "[%x:%x:%x.%x]=%s", sizeof(acpiid), &seg, &bus, &dev, &func,
			     acpiid) == 5) {
			deprecated = true;
			NOTE(p, KCL_WARN, F_ACPIHID,
			     xasprintf("AMD-Vi: ivrs_acpihid%s option format deprecated; use ivrs_acpihid=%s@%04x:%02x:%02x.%d instead",
				       str, acpiid, seg, bus, dev, (int)func),
			     "the old ivrs_acpihid[bdf]=HID:UID form still works");
			goto found;
		}
		goto invalid;
	}
	*addr++ = '\0';
	if (strlen(str) > ACPIID_LEN || k_sscanf(str, "=%s", sizeof(acpiid), acpiid) != 1)
		goto invalid;
	if (k_sscanf(addr, "%x:%x.%x", 0, &bus, &dev, &func) == 3 ||
	    k_sscanf(addr, "%x:%x:%x.%x", 0, &seg, &bus, &dev, &func) == 4)
		goto found;
invalid:
	acpihid_invalid(p, str);
	return 1;
found:
	if (p->n_map[KCL_IVRS_ACPIHID] == EARLY_MAP_SIZE) {
		NOTE(p, KCL_ERROR, F_ACPIHID,
		     xasprintf("AMD-Vi: Early ACPI HID map overflow - ignoring ivrs_acpihid%s", str),
		     "the driver keeps at most %d ivrs_acpihid overrides", EARLY_MAP_SIZE);
		return 1;
	}
	/* strsep(&p, ":"): HID before the first ':', UID after it */
	hid = acpiid;
	colon = strchr(acpiid, ':');
	uid = colon ? colon + 1 : NULL;
	if (colon)
		*colon = '\0';
	if (!*hid || !uid) {
		NOTE(p, KCL_ERROR, F_ACPIHID, xstrdup("AMD-Vi: Invalid command line: hid or uid"),
		     "the ACPI id must be HID:UID with a non-empty HID");
		return 1;
	}
	while (*uid == '0' && uid[1])
		uid++;
	if (strlen(hid) >= ACPIHID_HID_LEN) {
		NOTE(p, KCL_ERROR, F_ACPIHID, xstrdup("AMD-Vi: Invalid command line: hid is too long"),
		     "an ACPI HID has at most %d characters", ACPIHID_HID_LEN - 1);
		return 1;
	}
	if (strlen(uid) >= ACPIHID_UID_LEN) {
		NOTE(p, KCL_ERROR, F_ACPIHID, xstrdup("AMD-Vi: Invalid command line: uid is too long"),
		     "an ACPI UID has at most %d characters", ACPIHID_UID_LEN - 1);
		return 1;
	}
	p->n_map[KCL_IVRS_ACPIHID]++;
	e = ivrs_add(p, KCL_IVRS_ACPIHID);
	/* lengths checked above, as the driver's memcpy() relies on */
	memcpy(e->hid, hid, strlen(hid) + 1);
	memcpy(e->uid, uid, strlen(uid) + 1);
	e->sbdf = sbdf_id(seg, bus, dev, func);
	e->deprecated_form = deprecated;
	/* add_acpi_hid_device(): same HID and (either UID empty or equal) */
	for (size_t i = 0; i + 1 < k->n_ivrs; i++) {
		const struct kcl_ivrs *o = &k->ivrs[i];

		if (o->type != KCL_IVRS_ACPIHID || !o->effective || strcmp(o->hid, e->hid) ||
		    (*e->uid && *o->uid && strcmp(o->uid, e->uid)))
			continue;
		e->effective = false;
		NOTE(p, KCL_WARN, "add_acpi_hid_device() drivers/iommu/amd/init.c",
		     xasprintf("AMD-Vi: Command-line override for hid:%s uid:%s", e->hid, e->uid),
		     "word %d already maps this ACPI device: the first one wins", o->word);
		break;
	}
	return 1;
}

/* ---- early parameters ------------------------------------------------------ */

static void set_def_domain(struct parser *p, enum kcl_domain d, const char *fn)
{
	struct kcmdline *k = p->k;

	if (k->def_domain != KCL_DOMAIN_DEFAULT && k->def_domain != d)
		NOTE(p, KCL_WARN, fn, NULL,
		     "the default domain becomes %s, overriding word %d (%s%s%s): "
		     "iommu=pt/nopt and iommu.passthrough= set one variable, the "
		     "last word wins", kcl_domain_name(d), k->def_domain_from.word,
		     k->def_domain_from.param, k->def_domain_from.value ? "=" : "",
		     k->def_domain_from.value ? k->def_domain_from.value : "");
	k->def_domain = d;
	k->def_domain_from = here(p);
	if (d == KCL_DOMAIN_IDENTITY)
		NOTE(p, KCL_INFO, fn, NULL,
		     "default domain identity by command line: DMA is not translated; "
		     "with SEV-SNP the driver refuses SNP unless the IOMMU has SNP "
		     "page mode 0 (iommu_snp_enable(): \"SNP: IOMMU configured in "
		     "passthrough mode, SNP cannot be supported.\")");
}

/*
 * iommu_setup() (x86 "iommu=", early): a comma list; every test is an
 * independent strncmp() prefix, so one element can match several
 * ("forcesac" is also "force").  Nothing is reported for an unknown
 * element.  "usedac" returns 1 at once: the rest is not read and
 * do_early_param() logs "Malformed early option".
 */
static int early_iommu(struct parser *p, char *s)
{
	static const char *const gart[] = { "fullflush", "nofullflush", "noagp",
					    "noaperture", "allowed", "memaper" };
	static const char *const plain[] = { "force", "noforce", "biomerge", "panic",
					     "nopanic", "merge", "nomerge" };
	struct kcmdline *k = p->k;

	if (!s)
		return -1;
	while (*s) {
		size_t len = strcspn(s, ",");
		bool known = false;

		if (!strncmp(s, "off", 3)) {
			known = k->no_iommu = true;
			NOTE(p, KCL_WARN, F_X86_IOMMU, NULL,
			     "iommu=off sets no_iommu: amd_iommu_detect() returns at once, "
			     "so there is no AMD IOMMU, no interrupt remapping and no "
			     "SEV-SNP on this boot");
		}
		for (size_t i = 0; i < ARRAY_SIZE(plain); i++)
			known |= !strncmp(s, plain[i], strlen(plain[i]));
		if (!strncmp(s, "forcesac", 8) || !strncmp(s, "allowdac", 8) ||
		    !strncmp(s, "nodac", 5)) {
			known = true;
			NOTE(p, KCL_INFO, F_X86_IOMMU,
			     xasprintf("%.*s option ignored.", !strncmp(s, "nodac", 5) ? 5 : 8, s),
			     "iommu=%.*s has no effect any more", (int)len, s);
		}
		if (!strncmp(s, "usedac", 6)) {
			NOTE(p, KCL_ERROR, F_X86_IOMMU,
			     xasprintf("Malformed early option '%s'", p->w[p->cur].param),
			     "iommu=usedac stops iommu_setup(): the elements after it "
			     "are not read");
			return 0; /* the message is already noted */
		}
		if (!strncmp(s, "soft", 4))
			known = k->swiotlb_forced = true;
		if (!strncmp(s, "pt", 2)) {
			known = true;
			set_def_domain(p, KCL_DOMAIN_IDENTITY, F_X86_IOMMU);
		}
		if (!strncmp(s, "nopt", 4)) {
			known = true;
			set_def_domain(p, KCL_DOMAIN_TRANSLATED, F_X86_IOMMU);
		}
		for (size_t i = 0; i < ARRAY_SIZE(gart); i++)
			if (!strncmp(s, gart[i], strlen(gart[i]))) {
				known = true;
				if (i == 0)
					k->gart_fullflush = true;
				NOTE(p, KCL_INFO, "gart_parse_options() arch/x86/kernel/amd_gart_64.c",
				     NULL, "iommu=%.*s is a GART option: it does not change the "
				     "AMD IOMMU%s", (int)len, s, i == 0 ?
				     " (strict invalidation is iommu.strict=1)" : "");
			}
		if (!known && !k_isdigit((unsigned char)*s))
			NOTE(p, KCL_WARN, F_X86_IOMMU, NULL,
			     "iommu=: '%.*s' is not an option: iommu_setup() ignores it "
			     "without a message", (int)len, s);
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

/* iommu_set_def_domain_type(): kstrtobool(); on error nothing changes. */
static int early_passthrough(struct parser *p, char *s)
{
	bool pt;

	if (k_strtobool(s, &pt))
		return -1;
	set_def_domain(p, pt ? KCL_DOMAIN_IDENTITY : KCL_DOMAIN_TRANSLATED, F_PT);
	return 0;
}

/* iommu_dma_setup(): kstrtobool() straight into iommu_dma_strict. */
static int early_strict(struct parser *p, char *s)
{
	struct kcmdline *k = p->k;
	bool v;

	if (k_strtobool(s, &v))
		return -1;
	if (k->strict >= 0 && k->strict != v)
		NOTE(p, KCL_WARN, F_STRICT, NULL,
		     "iommu.strict=%s overrides word %d: the last one wins", s,
		     k->strict_from.word);
	k->strict = v;
	k->strict_from = here(p);
	return 0;
}

static int early_forcedac(struct parser *p, char *s)
{
	bool v;

	if (k_strtobool(s, &v))
		return -1;
	p->k->forcedac = v;
	if (v)
		NOTE(p, KCL_INFO, F_FORCEDAC, xstrdup("Forcing DAC for PCI devices"),
		     "the DMA API hands out IOVAs above 4 GiB first");
	return 0;
}

/*
 * setup_irqremap(): comma list, strncmp() prefixes, first match only;
 * "on" clears both switches, "off" sets both, "nopost" only disables
 * posted interrupts; other words are ignored without a message.
 */
static int early_intremap(struct parser *p, char *s)
{
	struct kcmdline *k = p->k;

	if (!s)
		return -1;
	while (*s) {
		size_t len = strcspn(s, ",");

		if (!strncmp(s, "on", 2)) {
			k->irq_remap_disabled = k->irq_post_disabled = false;
			k->irq_remap_from = here(p);
		} else if (!strncmp(s, "off", 3)) {
			k->irq_remap_disabled = k->irq_post_disabled = true;
			k->irq_remap_from = here(p);
			NOTE(p, KCL_WARN, F_INTREMAP, NULL,
			     "intremap=off: irq_remapping_prepare() does not enable "
			     "interrupt remapping, so VFIO and iommufd refuse devices "
			     "unless allow_unsafe_interrupts is set");
		} else if (!strncmp(s, "nopost", 6)) {
			k->irq_post_disabled = true;
		} else if (strncmp(s, "nosid", 5) && strncmp(s, "no_x2apic_optout", 16) &&
			   strncmp(s, "posted_msi", 10)) {
			NOTE(p, KCL_WARN, F_INTREMAP, NULL,
			     "intremap=: '%.*s' is not an option: setup_irqremap() ignores "
			     "it without a message", (int)len, s);
		}
		s += len;
		while (*s == ',')
			s++;
	}
	return 0;
}

static int early_nointremap(struct parser *p, char *s)
{
	struct kcmdline *k = p->k;

	(void)s;
	k->irq_remap_disabled = true;
	k->irq_remap_from = here(p);
	NOTE(p, KCL_WARN, F_NOINTR, NULL,
	     "nointremap: interrupt remapping stays off, so VFIO and iommufd "
	     "refuse devices unless allow_unsafe_interrupts is set");
	return 0;
}

/*
 * pci_setup(): the elements that change ACS or ATS.  The value is cut at
 * every ',' first (so a disable_acs_redir= device list can only use ';');
 * the last disable_acs_redir= and config_acs= win.  The other elements
 * are also read by the arch's pcibios_setup(), which this model does not
 * know, so it says nothing about them.
 */
static void pci_acs_param(struct parser *p, const char **slot, const char *name,
			  const char *v)
{
	if (*slot && strcmp(*slot, v))
		NOTE(p, KCL_WARN, F_PCI, NULL, "pci=%s= replaces the earlier value \"%s\"",
		     name, *slot);
	*slot = v;
	NOTE(p, KCL_INFO, F_PCI, NULL,
	     "pci=%s= changes ACS control bits at enumeration (pci_enable_acs()), "
	     "and with them the IOMMU groups", name);
}

static int early_pci(struct parser *p, char *str)
{
	struct kcmdline *k = p->k;

	while (str) {
		char *next = strchr(str, ',');

		if (next)
			*next++ = '\0';
		if (!strncmp(str, "noats", 5)) {
			k->pci_noats = true;
			NOTE(p, KCL_INFO, F_PCI, xstrdup("PCIe: ATS is disabled"),
			     "no device uses ATS: no PASID/SVA or IOTLB on this boot, and "
			     "ACS Translation Blocking is enabled where present");
		} else if (!strncmp(str, "disable_acs_redir=", 18)) {
			pci_acs_param(p, &k->pci_disable_acs_redir, "disable_acs_redir", str + 18);
		} else if (!strncmp(str, "config_acs=", 11)) {
			pci_acs_param(p, &k->pci_config_acs, "config_acs", str + 11);
		}
		str = next;
	}
	return 0;
}

static const struct early_param {
	const char *name;
	const char *fn;
	int (*handler)(struct parser *p, char *val);
} early_params[] = {
	{ "iommu", F_X86_IOMMU, early_iommu },
	{ "iommu.passthrough", F_PT, early_passthrough },
	{ "iommu.strict", F_STRICT, early_strict },
	{ "iommu.forcedac", F_FORCEDAC, early_forcedac },
	{ "intremap", F_INTREMAP, early_intremap },
	{ "nointremap", F_NOINTR, early_nointremap },
	{ "pci", F_PCI, early_pci },
};

/* __setup() handlers in link order (all in drivers/iommu/amd/init.c). */
static const struct setup_param {
	const char *str;
	int (*handler)(struct parser *p, char *str);
} setup_params[] = {
	{ "amd_iommu_dump", setup_amd_iommu_dump },
	{ "amd_iommu=", setup_amd_iommu },
	{ "amd_iommu_intr=", setup_amd_iommu_intr },
	{ "ivrs_ioapic", setup_ivrs_ioapic },
	{ "ivrs_hpet", setup_ivrs_hpet },
	{ "ivrs_acpihid", setup_ivrs_acpihid },
};

/* Module parameters (param_set_bool) this tool reads from the command line. */
static const struct module_param {
	const char *name;
	size_t off;
	const char *meaning;
} module_params[] = {
	{ "iommufd.allow_unsafe_interrupts", offsetof(struct kcmdline, iommufd_unsafe_interrupts),
	  "iommufd binds devices even without interrupt remapping (a security weakness)" },
	{ "vfio_iommu_type1.allow_unsafe_interrupts",
	  offsetof(struct kcmdline, vfio_type1_unsafe_interrupts),
	  "the VFIO type1 container accepts devices without interrupt remapping" },
	{ "kvm_amd.sev_snp", offsetof(struct kcmdline, kvm_amd_sev_snp),
	  "whether KVM offers SEV-SNP guests; the IOMMU's SNP mode does not follow it "
	  "(iommu_snp_enable() reads CC_ATTR_HOST_SEV_SNP, set by the firmware)" },
};

/*
 * parse_one() -> param_set_bool(): no value means "1"; kstrtobool().  A
 * built-in module logs a bad value and keeps the old one; a loadable one
 * gets the word from modprobe and load_module() fails on it.
 */
static void module_bool(struct parser *p, const struct module_param *m)
{
	const struct word *w = &p->w[p->cur];
	const char *v = w->val ? w->val : "1";
	int *slot = (int *)((char *)p->k + m->off);
	const char *dot = strchr(m->name, '.');
	bool b;

	if (k_strtobool(v, &b)) {
		NOTE(p, KCL_ERROR, F_PARAMS,
		     xasprintf("Booting kernel: `%s' invalid for parameter `%s'", v, w->param),
		     "not a boolean: a built-in %.*s keeps its old value; as a "
		     "module, %.*s fails to load with it", (int)(dot - m->name),
		     m->name, (int)(dot - m->name), m->name);
		return;
	}
	if (*slot >= 0 && *slot != b)
		NOTE(p, KCL_WARN, F_PARAMS, NULL, "%s=%d overrides an earlier word: the last one wins",
		     m->name, b);
	*slot = b;
	NOTE(p, KCL_INFO, F_PARAMS, NULL, "%s=%s: %s", m->name, b ? "Y" : "N", m->meaning);
}

/* ---- the passes ------------------------------------------------------------ */

/*
 * lib/cmdline.c next_arg(): a word ends at white space outside quotes; a
 * leading quote is dropped with the word's last quote, a value's leading
 * quote with the word's last quote; the first '=' (not at index 0)
 * separates the value.
 */
static char *next_word(char *args, char **param, char **val)
{
	size_t i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (k_isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return k_skip_spaces(args);
}

static void split(struct parser *p, char *buf)
{
	char *args = k_skip_spaces(buf);
	size_t cap = 0;

	while (*args) {
		char *param, *val;

		args = next_word(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (p->nw == cap) {
			cap = cap ? 2 * cap : 16;
			p->w = xrealloc(p->w, cap * sizeof(*p->w));
		}
		p->w[p->nw].param = param;
		p->w[p->nw].val = val;
		p->nw++;
	}
}

void kcmdline_words(const char *text, void (*fn)(const char *param, const char *value, void *arg),
		    void *arg)
{
	char *buf = xstrdup(text ? text : ""), *args = k_skip_spaces(buf);

	while (*args) {
		char *param, *val;

		args = next_word(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		fn(param, val, arg);
	}
	free(buf);
}

bool kcmdline_parameq(const char *a, const char *b)
{
	return k_parameq(a, b);
}

/* parse_early_param() -> do_early_param(). */
static void early_pass(struct parser *p)
{
	for (p->cur = 0; p->cur < p->nw; p->cur++) {
		struct word *w = &p->w[p->cur];

		for (size_t i = 0; i < ARRAY_SIZE(early_params); i++) {
			const struct early_param *e = &early_params[i];
			char *v;

			if (!k_parameq(w->param, e->name))
				continue;
			/* handlers may cut their value: give them a copy */
			v = w->val ? (char *)own(p->k, xstrdup(w->val)) : NULL;
			if (e->handler(p, v))
				NOTE(p, KCL_ERROR, F_EARLY,
				     xasprintf("Malformed early option '%s'", w->param),
				     "%s: %s rejected %s", w->param, e->fn,
				     w->val ? "the value" : "the missing value");
		}
	}
}

/* The namespaces whose every name this model knows. */
static bool amd_namespace(const char *param)
{
	return k_parameqn(param, "amd_iommu", 9) || k_parameqn(param, "ivrs_", 5);
}

/* parse_args("Booting kernel") -> unknown_bootoption(). */
static void main_pass(struct parser *p)
{
	for (p->cur = 0; p->cur < p->nw; p->cur++) {
		struct word *w = &p->w[p->cur];
		bool handled = false, early = false;
		char *line;
		size_t i;

		for (i = 0; i < ARRAY_SIZE(module_params); i++)
			if (k_parameq(w->param, module_params[i].name))
				break;
		if (i < ARRAY_SIZE(module_params)) {
			module_bool(p, &module_params[i]);
			continue;
		}
		/* repair_env_string(): the handlers see "param=value" */
		line = w->val ? xasprintf("%s=%s", w->param, w->val) : xstrdup(w->param);
		own(p->k, line);
		for (i = 0; i < ARRAY_SIZE(early_params) && !early; i++) {
			size_t n = strlen(early_params[i].name);

			early = k_parameqn(line, early_params[i].name, n) &&
				(line[n] == '\0' || line[n] == '=');
		}
		for (i = 0; i < ARRAY_SIZE(setup_params) && !handled; i++) {
			size_t n = strlen(setup_params[i].str);

			if (k_parameqn(line, setup_params[i].str, n))
				handled = setup_params[i].handler(p, line + n) != 0;
		}
		if (handled || early)
			continue;
		if (strchr(w->param, '.')) {
			if (k_parameqn(w->param, "iommufd.", 8) ||
			    k_parameqn(w->param, "vfio_iommu_type1.", 17) ||
			    k_parameqn(w->param, "kvm_amd.", 8))
				NOTE(p, KCL_WARN, F_UNKNOWN, NULL,
				     "%s is not a parameter of that module: built in, the "
				     "kernel ignores it silently; as a module, load_module() "
				     "logs \"unknown parameter ... ignored\"", w->param);
			else if (k_parameqn(w->param, "iommu.", 6) &&
				 !k_parameq(w->param, "iommu.debug_pagealloc"))
				NOTE(p, KCL_WARN, F_UNKNOWN, NULL,
				     "%s is not an IOMMU core parameter (those are "
				     "iommu.passthrough, iommu.strict, iommu.forcedac and "
				     "iommu.debug_pagealloc): the kernel takes it for a "
				     "module parameter and ignores it silently", w->param);
			continue;
		}
		if (k_parameq(w->param, "pcie_acs_override")) {
			p->k->pcie_acs_override = true;
			NOTE(p, KCL_WARN, F_UNKNOWN,
			     xasprintf("Unknown kernel command line parameters \"%s\", will be passed to user space.", line),
			     "pcie_acs_override is not a mainline parameter (it comes from "
			     "an out-of-tree patch): Linux 7.3 does not know it, passes it "
			     "to init and groups devices by their real ACS");
		} else if (amd_namespace(w->param)) {
			NOTE(p, KCL_WARN, F_UNKNOWN,
			     xasprintf("Unknown kernel command line parameters \"%s\", will be passed to user space.", line),
			     "%s is not a parameter of the 7.3 AMD IOMMU driver%s", w->param,
			     k_parameq(w->param, "amd_iommu") ?
			     " (its options need a value: amd_iommu=OPTION)" : "");
		}
	}
}

/* arch/x86/boot/cmdline.c __cmdline_find_option_bool(): 1-based position
 * of the first whole word equal to @opt, words split at bytes <= ' '. */
static size_t find_bool_word(const char *s, const char *opt)
{
	size_t n = strlen(opt), pos = 0;

	while (s[pos]) {
		size_t len = 0;

		if ((unsigned char)s[pos] <= ' ') {
			pos++;
			continue;
		}
		while (s[pos + len] && (unsigned char)s[pos + len] > ' ')
			len++;
		if (len == n && !strncmp(s + pos, opt, n))
			return pos + 1;
		pos += len;
	}
	return 0;
}

/* lib/cmdline.c parse_option_str(): @opt is an element of the comma list. */
static bool option_in_list(const char *s, const char *opt)
{
	size_t n = strlen(opt);

	while (*s) {
		if (!strncmp(s, opt, n) && (s[n] == '\0' || s[n] == ','))
			return true;
		s += strcspn(s, ",");
		if (*s == ',')
			s++;
	}
	return false;
}

static void mem_encrypt(struct parser *p, const char *text)
{
	struct kcmdline *k = p->k;
	size_t on = find_bool_word(text, "mem_encrypt=on");
	size_t off = find_bool_word(text, "mem_encrypt=off");

	/* parse_mem_encrypt(): XLF_MEM_ENCRYPTION if on > off */
	if (on || off)
		k->mem_encrypt_decompressor = on > off;
	/* efi_parse_options(): exact "mem_encrypt" with a value, last wins */
	for (size_t i = 0; i < p->nw; i++) {
		if (strcmp(p->w[i].param, "mem_encrypt") || !p->w[i].val)
			continue;
		if (option_in_list(p->w[i].val, "on"))
			k->mem_encrypt_efi_stub = 1;
		else if (option_in_list(p->w[i].val, "off"))
			k->mem_encrypt_efi_stub = 0;
	}
	for (p->cur = 0; p->cur < p->nw; p->cur++)
		if (k_parameq(p->w[p->cur].param, "mem_encrypt")) {
			if (kcmdline_mem_encrypt(k) == 2)
				NOTE(p, KCL_WARN, "parse_mem_encrypt() arch/x86/boot/compressed/misc.c", NULL,
				     "the boot paths disagree: the decompressor compares the "
				     "first mem_encrypt=on with the first mem_encrypt=off "
				     "(the later one wins), the EFI stub takes the last word "
				     "it understands");
			else if (kcmdline_mem_encrypt(k) < 0)
				NOTE(p, KCL_WARN, "parse_mem_encrypt() arch/x86/boot/compressed/misc.c", NULL,
				     "only the exact words mem_encrypt=on and mem_encrypt=off "
				     "are read");
			break;
		}
}

int kcmdline_parse(const char *text, struct kcmdline *k)
{
	struct parser p = { .k = k };

	memset(k, 0, sizeof(*k));
	k->strict = k->forcedac = -1;
	k->iommufd_unsafe_interrupts = k->vfio_type1_unsafe_interrupts = -1;
	k->kvm_amd_sev_snp = k->mem_encrypt_decompressor = k->mem_encrypt_efi_stub = -1;
	k->amd_pgtable_from.word = k->amd_guest_ir_from.word = -1;
	k->def_domain_from.word = k->strict_from.word = k->irq_remap_from.word = -1;
	k->notes_ = xzalloc(sizeof(*k->notes_));
	k->buf_ = xstrdup(text ? text : "");
	split(&p, k->buf_);
	k->words = (int)p.nw;
	early_pass(&p);
	main_pass(&p);
	mem_encrypt(&p, text ? text : "");
	free(p.w);
	return 0;
}

void kcmdline_free(struct kcmdline *k)
{
	if (k->notes_) {
		for (size_t i = 0; i < k->notes_->n_owned; i++)
			free(k->notes_->owned[i]);
		free(k->notes_->owned);
		free(k->notes_->v);
		free(k->notes_);
	}
	free(k->ivrs);
	free(k->buf_);
	memset(k, 0, sizeof(*k));
}

size_t kcmdline_note_count(const struct kcmdline *k)
{
	return k->notes_ ? k->notes_->n : 0;
}

const struct kcl_note *kcmdline_note(const struct kcmdline *k, size_t i)
{
	return i < kcmdline_note_count(k) ? &k->notes_->v[i] : NULL;
}

enum kcl_domain kcmdline_default_domain(struct kcmdline *k, const char **why)
{
	const struct kcl_origin *o = &k->def_domain_from;

	if (k->def_domain == KCL_DOMAIN_DEFAULT)
		snprintf(k->why_, sizeof(k->why_), "%s",
			 "not set on the command line: CONFIG_IOMMU_DEFAULT_PASSTHROUGH "
			 "or translated (DMA-FQ when lazy); a Kconfig passthrough becomes "
			 "translated when memory encryption is active (iommu_subsys_init() "
			 "drivers/iommu/iommu.c)");
	else
		snprintf(k->why_, sizeof(k->why_),
			 "%s%s%s (word %d) sets it by command line (%s); the last of "
			 "iommu=pt, iommu=nopt and iommu.passthrough= wins and memory "
			 "encryption does not override it", o->param, o->value ? "=" : "",
			 o->value ? o->value : "", o->word,
			 k_parameq(o->param, "iommu") ? F_X86_IOMMU : F_PT);
	if (why)
		*why = k->why_;
	return k->def_domain;
}

bool kcmdline_identity_by_cmdline(const struct kcmdline *k)
{
	return k->def_domain == KCL_DOMAIN_IDENTITY;
}

bool kcmdline_amd_iommu_off(const struct kcmdline *k)
{
	return k->amd_off || k->no_iommu;
}

enum kcl_pgtable kcmdline_amd_pgtable(const struct kcmdline *k)
{
	return k->amd_pgtable;
}

int kcmdline_strict(const struct kcmdline *k)
{
	return k->amd_fullflush ? 1 : k->strict;
}

int kcmdline_mem_encrypt(const struct kcmdline *k)
{
	int a = k->mem_encrypt_decompressor, b = k->mem_encrypt_efi_stub;

	if (a < 0 && b < 0)
		return -1;
	/* a path that saw no word it reads leaves SME off */
	if ((a < 0 ? 0 : a) != (b < 0 ? 0 : b))
		return 2;
	return a < 0 ? b : a;
}

const char *kcl_severity_name(enum kcl_severity s)
{
	return s == KCL_ERROR ? "error" : s == KCL_WARN ? "warn" : "info";
}

const char *kcl_pgtable_name(enum kcl_pgtable t)
{
	return t == KCL_PGTABLE_V1 ? "v1" : t == KCL_PGTABLE_V2 ? "v2" : "default";
}

const char *kcl_domain_name(enum kcl_domain d)
{
	return d == KCL_DOMAIN_IDENTITY ? "identity" :
	       d == KCL_DOMAIN_TRANSLATED ? "translated" : "default";
}

const char *kcl_ivrs_type_name(enum kcl_ivrs_type t)
{
	return t == KCL_IVRS_IOAPIC ? "ioapic" : t == KCL_IVRS_HPET ? "hpet" : "acpihid";
}
