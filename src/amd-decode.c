// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pure decoders for the interrupt remapping table (debugfs irqtbl), the
 * command buffer (debugfs iommuXX/cmdbuf) and the AMD-Vi event messages
 * in the kernel log.  Bit layouts: drivers/iommu/amd/amd_iommu_types.h
 * (union irte, irte_ga_lo/hi, CMD_*, EVENT_*), drivers/iommu/amd/iommu.c
 * (build_completion_wait, build_inv_*, build_complete_ppr,
 * iommu_print_event) and drivers/iommu/amd/debugfs.c (the texts).
 * No I/O and no allocation.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amd.h"

static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & ((hi - lo >= 63) ? ~0ULL : ((1ULL << (hi - lo + 1)) - 1));
}

/* ---- interrupt remapping table ---------------------------------------- */

void irte_decode(unsigned index, bool ga, uint64_t lo, uint64_t hi,
		 struct irte_info *o)
{
	memset(o, 0, sizeof(*o));
	o->index = index;
	o->ga = ga;
	o->lo = lo;
	o->hi = hi;
	o->valid = lo & 1;
	o->no_fault = (lo >> 1) & 1;
	o->dest_logical = (lo >> 6) & 1;
	if (!ga) {
		o->int_type = (unsigned)bits(lo, 4, 2);
		o->rq_eoi = (lo >> 5) & 1;
		o->destination = (uint32_t)bits(lo, 15, 8);
		o->vector = (unsigned)bits(lo, 23, 16);
		return;
	}
	o->guest_mode = (lo >> 7) & 1;
	o->destination = (uint32_t)bits(lo, 31, 8) | (uint32_t)bits(hi, 63, 56) << 24;
	o->ga_tag = (uint32_t)bits(lo, 63, 32);
	o->vector = (unsigned)bits(hi, 7, 0);
	if (o->guest_mode) {
		o->ga_log_intr = (lo >> 2) & 1;
		o->is_run = (lo >> 6) & 1;
		o->dest_logical = false;
		o->ga_root = bits(hi, 51, 12) << 12;
	} else {
		o->int_type = (unsigned)bits(lo, 4, 2);
		o->rq_eoi = (lo >> 5) & 1;
	}
}

const char *irte_int_type_name(unsigned t)
{
	static const char *const n[8] = { "fixed", "arbitrated", "smi", "reserved",
					  "nmi", "init", "reserved", "extint" };

	return n[t & 7];
}

static size_t line_len(const char *p)
{
	return strcspn(p, "\n");
}

static const char *next_line(const char *p)
{
	p += line_len(p);
	return *p ? p + 1 : p;
}

static bool is_hex_n(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
		      (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

int irte_parse_line(const char *line, struct irte_info *out)
{
	size_t n = line_len(line);
	unsigned idx;
	unsigned long long hi, lo;
	char tail;

	/* "IRT[dddd] " then 16+1+16 or 8 hex digits; sscanf() only
	 * converts what is checked here (its %x would take a sign) */
	if (n < 10 || strncmp(line, "IRT[", 4) || line[8] != ']' || line[9] != ' ')
		return -EINVAL;
	for (int i = 4; i < 8; i++)
		if (line[i] < '0' || line[i] > '9')
			return -EINVAL;
	if (n == 10 + 33 && is_hex_n(line + 10, 16) && line[26] == ' ' &&
	    is_hex_n(line + 27, 16) &&
	    sscanf(line, "IRT[%u] %16llx %16llx%c", &idx, &hi, &lo, &tail) >= 3) {
		irte_decode(idx, true, lo, hi, out);
		return 0;
	}
	if (n == 10 + 8 && is_hex_n(line + 10, 8) &&
	    sscanf(line, "IRT[%u] %8llx", &idx, &lo) == 2) {
		irte_decode(idx, false, lo, 0, out);
		return 0;
	}
	return -EINVAL;
}

static bool starts(const char *p, const char *prefix)
{
	return !strncmp(p, prefix, strlen(prefix));
}

#define IRQTBL_DISABLED "Interrupt remapping is disabled"
#define IRQTBL_NOTSET "IRQ lookup table not set for "
#define IRQTBL_BADLEN "The device's DTE contains an invalid IRT length value."
#define IRQTBL_NOSEL "Enter a valid device ID"
#define IRQTBL_NODTE "Device table not found"

/* "ssss:bb:dd:f" (irqtbl's not-set message has ':' before the function) */
static int parse_colon_bdf(const char *p, size_t n, struct bdf *b)
{
	char tmp[16];

	if (n != 12 || p[10] != ':')
		return -EINVAL;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	tmp[10] = '.';
	return bdf_parse(tmp, b);
}

static int parse_bdf_n(const char *p, size_t n, struct bdf *b)
{
	char tmp[16];

	if (n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	return bdf_parse(tmp, b);
}

int irqtbl_find(const char *text, const struct bdf *want, const char **body)
{
	const char *p = text;
	bool any = false, badlen = false, disabled = false;

	while (*p) {
		size_t n = line_len(p);
		struct bdf b;

		if (n == 0 || starts(p, "IRT[")) {
			p = next_line(p);
			continue;
		}
		if (starts(p, IRQTBL_DISABLED)) {
			disabled = true;
		} else if (starts(p, "DeviceId ")) {
			if (parse_bdf_n(p + 9, n - 9, &b))
				return -EINVAL;
			any = true;
			if (bdf_equal(&b, want)) {
				*body = next_line(p);
				return 0;
			}
		} else if (starts(p, IRQTBL_NOTSET)) {
			size_t l = strlen(IRQTBL_NOTSET);

			if (parse_colon_bdf(p + l, n - l, &b))
				return -EINVAL;
			any = true;
			if (bdf_equal(&b, want))
				return -ENXIO;
		} else if (starts(p, IRQTBL_BADLEN) || starts(p, IRQTBL_NODTE)) {
			/*
			 * Printed without a newline and without the device: on a
			 * live host it is the whole answer for the selection.
			 * Anything after it is the next section.
			 */
			const char *m = starts(p, IRQTBL_BADLEN) ? IRQTBL_BADLEN : IRQTBL_NODTE;

			badlen = true;
			p += strlen(m);
			continue;
		} else if (starts(p, IRQTBL_NOSEL)) {
			;
		} else {
			return -EINVAL;
		}
		p = next_line(p);
	}
	if (disabled)
		return -EOPNOTSUPP;
	if (badlen && !any)
		return -EBADMSG;
	return any || badlen ? -ENOENT : -ENODATA;
}

int irqtbl_next(const char **cursor, struct irte_info *out)
{
	const char *p = *cursor;

	if (!*p || *p == '\n' || !starts(p, "IRT["))
		return 0;
	*cursor = next_line(p);
	return irte_parse_line(p, out) ? -EINVAL : 1;
}

/* ---- command buffer ----------------------------------------------------- */

int cmdbuf_parse_line(const char *line, unsigned *index, uint32_t w[4])
{
	size_t n = line_len(line);
	const char *p = line;
	unsigned idx;
	unsigned long v[4];
	int used = 0;

	while (*p == ' ')
		p++;
	if (sscanf(p, "%u: %8lx %8lx %8lx %8lx%n", &idx, &v[0], &v[1], &v[2],
		   &v[3], &used) != 5 || (size_t)(p - line) + (size_t)used != n)
		return -EINVAL;
	/* every word is exactly 8 hex digits */
	p = strchr(p, ':') + 1;
	for (int i = 0; i < 4; i++) {
		if (*p != ' ' || !is_hex_n(p + 1, 8))
			return -EINVAL;
		p += 9;
		w[i] = (uint32_t)v[i];
	}
	*index = idx;
	return 0;
}

const char *amd_cmd_name(unsigned op)
{
	static const char *const n[] = {
		[AMD_CMD_COMPLETION_WAIT] = "COMPLETION_WAIT",
		[AMD_CMD_INV_DEVTAB_ENTRY] = "INVALIDATE_DEVTAB_ENTRY",
		[AMD_CMD_INV_IOMMU_PAGES] = "INVALIDATE_IOMMU_PAGES",
		[AMD_CMD_INV_IOTLB_PAGES] = "INVALIDATE_IOTLB_PAGES",
		[AMD_CMD_INV_INTERRUPT_TABLE] = "INVALIDATE_INTERRUPT_TABLE",
		[AMD_CMD_PREFETCH_IOMMU_PAGES] = "PREFETCH_IOMMU_PAGES",
		[AMD_CMD_COMPLETE_PPR_REQUEST] = "COMPLETE_PPR_REQUEST",
		[AMD_CMD_INV_IOMMU_ALL] = "INVALIDATE_IOMMU_ALL",
	};

	return op < sizeof(n) / sizeof(n[0]) ? n[op] : NULL;
}

/*
 * The S bit encodes a naturally aligned range: the lowest clear address
 * bit at or above 12 is bit b, the range is 2^(b+1) bytes (build_inv_address).
 * All ones up to bit 51 (CMD_INV_IOMMU_ALL_PAGES_ADDRESS) means everything.
 */
static void decode_range(struct amd_cmd *c, uint64_t addr_word, bool s)
{
	uint64_t a = addr_word & ~0xfffULL;
	unsigned b = 12;

	c->has_addr = true;
	c->address = a;
	c->s = s;
	if (!s) {
		c->size_log2 = 12;
		c->range_base = a;
		return;
	}
	while (b < 64 && (a >> b) & 1)
		b++;
	if (b >= 51) {
		c->all = true;
		c->size_log2 = 64;
		c->range_base = 0;
		return;
	}
	c->size_log2 = b + 1;
	c->range_base = a & ~((1ULL << (b + 1)) - 1);
}

void amd_cmd_decode(const uint32_t w[4], struct amd_cmd *c)
{
	uint64_t q23 = (uint64_t)w[3] << 32 | w[2];

	memset(c, 0, sizeof(*c));
	memcpy(c->w, w, sizeof(c->w));
	c->opcode = w[1] >> 28;
	c->zero = !(w[0] | w[1] | w[2] | w[3]);
	switch (c->opcode) {
	case AMD_CMD_COMPLETION_WAIT:
		c->store = w[0] & 1;
		c->intr = (w[0] >> 1) & 1;
		c->flush_queue = (w[0] >> 2) & 1;
		c->has_addr = c->store;
		c->address = (uint64_t)(w[1] & 0xfffff) << 32 | (w[0] & ~7U);
		c->store_data = q23;
		break;
	case AMD_CMD_INV_DEVTAB_ENTRY:
	case AMD_CMD_INV_INTERRUPT_TABLE:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		break;
	case AMD_CMD_INV_IOMMU_PAGES:
		c->pasid = w[0] & 0xfffff;
		c->has_domid = true;
		c->domid = (uint16_t)w[1];
		c->pde = (w[2] >> 1) & 1;
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		decode_range(c, q23, w[2] & 1);
		break;
	case AMD_CMD_INV_IOTLB_PAGES:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		c->qdep = w[0] >> 24;
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		c->pasid = ((w[0] >> 16) & 0xff) << 8 | ((w[1] >> 16) & 0xff);
		decode_range(c, q23, w[2] & 1);
		break;
	case AMD_CMD_PREFETCH_IOMMU_PAGES:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		c->pasid = w[1] & 0xfffff;
		decode_range(c, q23, w[2] & 1);
		break;
	case AMD_CMD_COMPLETE_PPR_REQUEST:
		c->has_devid = true;
		c->devid = (uint16_t)w[0];
		c->gn = (w[2] >> 2) & 1;
		c->has_pasid = c->gn;
		c->pasid = w[1] & 0xfffff;
		c->tag = w[3] & 0x1ff;
		c->status = (w[3] >> 12) & 0xf;
		break;
	default:
		break;
	}
}

/* ---- kernel log ----------------------------------------------------------- */

int kmsg_parse_record(const char *rec, size_t len, struct kmsg_rec *o)
{
	const char *semi = memchr(rec, ';', len), *p = rec;
	unsigned long long v[3];
	const char *nl;

	if (!semi)
		return -EINVAL;
	for (int i = 0; i < 3; i++) {
		char *end;

		if (p >= semi || *p < '0' || *p > '9')
			return -EINVAL;
		v[i] = strtoull(p, &end, 10);
		if (end > semi || (*end != ',' && *end != ';'))
			return -EINVAL;
		p = end + 1;
		if (i < 2 && *end != ',')
			return -EINVAL;
	}
	memset(o, 0, sizeof(*o));
	o->level = (unsigned)(v[0] & 7);
	o->facility = (unsigned)(v[0] >> 3);
	o->seq = v[1];
	o->ts_usec = v[2];
	o->msg = semi + 1;
	nl = memchr(o->msg, '\n', len - (size_t)(o->msg - rec));
	o->msg_len = nl ? (size_t)(nl - o->msg) : len - (size_t)(o->msg - rec);
	return 0;
}

/* Case-insensitive: does @msg (@len bytes) hold @word (lower case)? */
static bool mem_has_word(const char *msg, size_t len, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i + wl <= len; i++) {
		size_t j = 0;

		while (j < wl && (msg[i + j] | 0x20) == word[j])
			j++;
		if (j == wl)
			return true;
	}
	return false;
}

size_t kmsg_keep_iommu(char *buf, size_t len)
{
	static const char *const words[] = { "iommu", "amd-vi", "ivrs", "ivhd", "vfio" };
	size_t in = 0, out = 0;

	while (in < len) {
		size_t end = in, n;
		struct kmsg_rec k;
		bool keep = false;

		/* the record: its line and the " KEY=value" lines after it */
		do {
			const char *nl = memchr(buf + end, '\n', len - end);

			end = nl ? (size_t)(nl - buf) + 1 : len;
		} while (end < len && buf[end] == ' ');
		n = end - in;
		if (!kmsg_parse_record(buf + in, n, &k))
			for (size_t w = 0; w < sizeof(words) / sizeof(words[0]) && !keep; w++)
				keep = mem_has_word(k.msg, k.msg_len, words[w]);
		if (keep) {
			memmove(buf + out, buf + in, n);
			out += n;
		}
		in = end;
	}
	return out;
}

static const char *mem_find(const char *h, size_t hl, const char *needle)
{
	size_t nl = strlen(needle);

	for (size_t i = 0; i + nl <= hl; i++)
		if (!memcmp(h + i, needle, nl))
			return h + i;
	return NULL;
}

static int hex_val(const char *p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = p;

	if (end - p < 3 || p[0] != '0' || p[1] != 'x')
		return -EINVAL;
	for (p += 2; p < end; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			return -EINVAL;
		if (p - s > 17)
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/*
 * The word before ": AMD-Vi: " (dev_err/pci_err prefix "NAME DEV: "): a
 * PCI function, or the IOMMU "ivhdN" (N decimal).
 */
static void event_origin(const char *msg, const char *amdvi, struct amd_event *e)
{
	const char *end = amdvi, *start;
	struct bdf b;

	if (end - msg < 3 || end[-1] != ' ' || end[-2] != ':')
		return;
	end -= 2;
	start = end;
	while (start > msg && start[-1] != ' ')
		start--;
	if (!parse_bdf_n(start, (size_t)(end - start), &b)) {
		e->has_device = true;
		e->device = b;
	} else if (end - start < (long)sizeof(e->iommu) && end - start > 4 &&
		   !strncmp(start, "ivhd", 4) &&
		   strspn(start + 4, "0123456789") == (size_t)(end - start - 4)) {
		memcpy(e->iommu, start, (size_t)(end - start));
		e->iommu[end - start] = '\0';
	}
}

int amd_event_parse(const char *msg, size_t len, struct amd_event *e)
{
	static const char tag[] = "Event logged [";
	const char *p = mem_find(msg, len, tag), *end = msg + len, *amdvi, *close;
	size_t tl;

	if (!p)
		return -ENOENT;
	amdvi = mem_find(msg, (size_t)(p - msg), "AMD-Vi: ");
	if (!amdvi)
		return -ENOENT;
	memset(e, 0, sizeof(*e));
	e->address_kind = "address";
	event_origin(msg, amdvi, e);
	p += sizeof(tag) - 1;
	close = memchr(p, ']', (size_t)(end - p));
	if (close)
		end = close;
	/* @msg need not be terminated: never look past @end */
	for (tl = 0; p + tl < end && p[tl] != ' ' && p[tl] != ']'; tl++)
		;
	if (tl == 0 || tl >= sizeof(e->type))
		return -EINVAL;
	memcpy(e->type, p, tl);
	e->type[tl] = '\0';
	for (size_t i = 0; i < tl; i++)
		if (!((e->type[i] >= 'A' && e->type[i] <= 'Z') || e->type[i] == '_'))
			return -EINVAL;
	p += tl;
	while (p < end) {
		const char *k, *eq, *ve;
		uint64_t v = 0;
		size_t kl;

		while (p < end && (*p == ' ' || *p == ','))
			p++;
		if (p >= end)
			break;
		/* one "key=value" token; a word without '=' is malformed */
		k = p;
		ve = k;
		while (ve < end && *ve != ' ' && *ve != ',')
			ve++;
		eq = memchr(k, '=', (size_t)(ve - k));
		if (!eq)
			return -EINVAL;
		kl = (size_t)(eq - k);
		p = ve;
		if (kl == 6 && !memcmp(k, "device", 6)) {
			if (parse_bdf_n(eq + 1, (size_t)(ve - eq - 1), &e->device))
				return -EINVAL;
			e->has_device = true;
			continue;
		}
		if (hex_val(eq + 1, ve, &v))
			return -EINVAL;
#define KEY(s) (kl == sizeof(s) - 1 && !memcmp(k, s, kl))
		if (KEY("domain")) {
			e->domain = (uint32_t)v;
			e->has_domain = true;
		} else if (KEY("pasid")) {
			e->pasid = (uint32_t)v;
			e->has_pasid = true;
		} else if (KEY("address") || KEY("gpa") || KEY("spa")) {
			e->address = v;
			e->has_address = true;
			e->address_kind = KEY("gpa") ? "gpa" : KEY("spa") ? "spa" : "address";
		} else if (KEY("flags")) {
			e->flags = (uint32_t)v;
			e->has_flags = true;
		} else if (KEY("tag")) {
			e->tag = (uint32_t)v;
			e->has_tag = true;
		} else if (KEY("vmg_tag")) {
			e->vmg_tag = (uint32_t)v;
			e->has_vmg_tag = true;
		} else if (KEY("flags_rmp")) {
			e->flags_rmp = (uint32_t)v;
			e->has_flags_rmp = true;
		}
#undef KEY
		/* other keys (UNKNOWN's event[N]) are ignored */
	}
	return 0;
}

size_t event_flag_names(uint32_t flags, const char **names, size_t max)
{
	static const char *const n[] = { "GN", "NX", "US", "I", "PR", "RW", "PE", "RZ", "TR" };
	size_t cnt = 0;

	for (unsigned i = 0; i < sizeof(n) / sizeof(n[0]) && cnt < max; i++)
		if (flags & (1U << i))
			names[cnt++] = n[i];
	return cnt;
}
