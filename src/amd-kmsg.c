// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /dev/kmsg records (Documentation/ABI/testing/dev-kmsg) and the AMD-Vi
 * event messages: drivers/iommu/amd/iommu.c iommu_print_event(),
 * amd_iommu_report_page_fault(), amd_iommu_report_rmp_fault(),
 * amd_iommu_report_rmp_hw_error(); flags EVENT_FLAG_* in
 * amd_iommu_types.h.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "kmsg.h"
#include "textutil.h"

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

size_t kmsg_record_end(const char *buf, size_t len, size_t in)
{
	size_t end = in;

	/* the record: its line and the " KEY=value" lines after it */
	do {
		const char *nl = memchr(buf + end, '\n', len - end);

		end = nl ? (size_t)(nl - buf) + 1 : len;
	} while (end < len && buf[end] == ' ');
	return end;
}

size_t kmsg_keep_iommu(char *buf, size_t len)
{
	static const char *const words[] = { "iommu", "amd-vi", "ivrs", "ivhd", "vfio" };
	size_t in = 0, out = 0;

	while (in < len) {
		size_t end = kmsg_record_end(buf, len, in), n = end - in;
		struct kmsg_rec k;
		bool keep = false;

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

/* "0x" and 1..16 hex digits, exactly p[0..end). */
static int hex_val(const char *p, const char *end, uint64_t *out)
{
	if (end - p < 3 || end - p > 18 || p[0] != '0' || p[1] != 'x' ||
	    !hex_all(p + 2, (size_t)(end - p - 2)))
		return -EINVAL;
	return hex_span(p + 2, (size_t)(end - p - 2), out);
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
	if (!bdf_parse_n(start, (size_t)(end - start), &b)) {
		e->has_device = true;
		e->device = b;
	} else if (end - start < (long)sizeof(e->iommu) && end - start > 4 &&
		   !strncmp(start, "ivhd", 4) &&
		   strspn(start + 4, "0123456789") == (size_t)(end - start - 4)) {
		memcpy(e->iommu, start, (size_t)(end - start));
		e->iommu[end - start] = '\0';
	}
}

static const char not_attached[] = "Device not attached to domain properly]";

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
	/* amd_iommu_report_page_fault(): a DMA fault of a device without a
	 * domain; its device and domain come in the next message */
	if ((size_t)(end - p) >= sizeof(not_attached) - 1 &&
	    !memcmp(p, not_attached, sizeof(not_attached) - 1)) {
		strcpy(e->type, "IO_PAGE_FAULT");
		e->not_attached = true;
		return 0;
	}
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
			if (bdf_parse_n(eq + 1, (size_t)(ve - eq - 1), &e->device))
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

int amd_event_detached_parse(const char *msg, size_t len, struct amd_event *e)
{
	static const char dev[] = "device=", dom[] = " domain=";
	const char *p = mem_find(msg, len, "AMD-Vi: "), *end = msg + len, *sp;
	struct bdf b;
	uint64_t v;

	if (!p)
		return -ENOENT;
	for (p += 8; p < end && *p == ' '; p++)
		;
	if ((size_t)(end - p) < sizeof(dev) - 1 || memcmp(p, dev, sizeof(dev) - 1))
		return -ENOENT;
	p += sizeof(dev) - 1;
	sp = memchr(p, ' ', (size_t)(end - p));
	if (!sp || bdf_parse_n(p, (size_t)(sp - p), &b) ||
	    (size_t)(end - sp) < sizeof(dom) - 1 || memcmp(sp, dom, sizeof(dom) - 1) ||
	    hex_val(sp + sizeof(dom) - 1, end, &v) || v > 0xffff)
		return -ENOENT;
	e->has_device = true;
	e->device = b;
	e->has_domain = true;
	e->domain = (uint32_t)v;
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
