// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the kernel log: the input is a /dev/kmsg read,
 * split into records the way collect_events() does, each record parsed
 * by kmsg_parse_record() and its message by amd_event_parse() and
 * amd_event_detached_parse(); the
 * whole input is also given to amd_event_parse() as one message.
 * Buffers are exactly sized and not terminated: both parsers take a
 * length and must not read past it.  Invariants: the message lies
 * inside the record and holds no newline; a parsed event has a named
 * type of [A-Z_], terminated strings and a valid device, and prints
 * back as a canonical "iommu ivhdN: AMD-Vi: Event logged [TYPE k=v ...]"
 * message that parses to the same event.
 */
#include <errno.h>
#include <inttypes.h>

#include "amd.h"
#include "fuzz.h"

static void same_event(const struct amd_event *a, const struct amd_event *b)
{
	FUZZ_CHECK(!strcmp(a->type, b->type) && !strcmp(a->iommu, b->iommu));
	FUZZ_CHECK(a->has_device == b->has_device &&
		   (!a->has_device || bdf_equal(&a->device, &b->device)));
#define SAME(f) FUZZ_CHECK(a->has_##f == b->has_##f && (!a->has_##f || a->f == b->f))
	SAME(domain);
	SAME(pasid);
	SAME(address);
	SAME(flags);
	SAME(tag);
	SAME(vmg_tag);
	SAME(flags_rmp);
#undef SAME
	FUZZ_CHECK(a->not_attached == b->not_attached);
	FUZZ_CHECK(!a->has_address || !strcmp(a->address_kind, b->address_kind));
}

static void check_event(const struct amd_event *e)
{
	char msg[512], name[BDF_STRLEN];
	struct amd_event e2;
	size_t n = 0;

	FUZZ_CHECK(memchr(e->type, '\0', sizeof(e->type)) && e->type[0]);
	for (const char *p = e->type; *p; p++)
		FUZZ_CHECK((*p >= 'A' && *p <= 'Z') || *p == '_');
	FUZZ_CHECK(memchr(e->iommu, '\0', sizeof(e->iommu)));
	FUZZ_CHECK(!e->iommu[0] || (!strncmp(e->iommu, "ivhd", 4) && e->iommu[4] &&
				    strspn(e->iommu + 4, "0123456789") == strlen(e->iommu + 4)));
	FUZZ_CHECK(!e->has_device || (e->device.dev <= 0x1f && e->device.fn <= 7));
	FUZZ_CHECK(!strcmp(e->address_kind, "address") || !strcmp(e->address_kind, "gpa") ||
		   !strcmp(e->address_kind, "spa"));

#define PUT(...) (n += (size_t)snprintf(msg + n, sizeof(msg) - n, __VA_ARGS__))
	if (e->not_attached) {
		/* the kernel's whole message: only a prefix may add to it */
		FUZZ_CHECK(!strcmp(e->type, "IO_PAGE_FAULT") && !e->has_domain &&
			   !e->has_address && !e->has_flags);
		bdf_format(&e->device, name);
		if (e->has_device)
			PUT("pci %s: ", name);
		else if (e->iommu[0])
			PUT("iommu %s: ", e->iommu);
		PUT("AMD-Vi: Event logged [Device not attached to domain properly]");
		FUZZ_CHECK(amd_event_parse(msg, n, &e2) == 0);
		same_event(e, &e2);
		return;
	}
	if (e->iommu[0])
		PUT("iommu %s: ", e->iommu);
	PUT("AMD-Vi: Event logged [%s", e->type);
	if (e->has_device) {
		bdf_format(&e->device, name);
		PUT(" device=%s", name);
	}
	if (e->has_domain)
		PUT(" domain=0x%04" PRIx32, e->domain);
	if (e->has_pasid)
		PUT(" pasid=0x%05" PRIx32, e->pasid);
	if (e->has_address)
		PUT(" %s=0x%" PRIx64, e->address_kind, e->address);
	if (e->has_flags)
		PUT(" flags=0x%04" PRIx32, e->flags);
	if (e->has_tag)
		PUT(" tag=0x%03" PRIx32, e->tag);
	if (e->has_vmg_tag)
		PUT(" vmg_tag=0x%03" PRIx32, e->vmg_tag);
	if (e->has_flags_rmp)
		PUT(" flags_rmp=0x%04" PRIx32, e->flags_rmp);
	PUT("]");
#undef PUT
	FUZZ_CHECK(n < sizeof(msg));
	FUZZ_CHECK(amd_event_parse(msg, n, &e2) == 0);
	same_event(e, &e2);
}

static void check_record(const char *rec, size_t len)
{
	struct kmsg_rec k;
	struct amd_event e;
	char *copy;
	int rc;

	if (kmsg_parse_record(rec, len, &k))
		return;
	FUZZ_CHECK(k.level <= 7);
	FUZZ_CHECK(k.msg > rec && k.msg <= rec + len && k.msg_len <= len - (size_t)(k.msg - rec));
	FUZZ_CHECK(!memchr(k.msg, '\n', k.msg_len));
	/* the message alone, exactly sized */
	copy = fuzz_mem((const uint8_t *)k.msg, k.msg_len);
	rc = amd_event_parse(copy, k.msg_len, &e);
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -EINVAL);
	if (rc == 0)
		check_event(&e);
	/* the second message of a "Device not attached" event */
	memset(&e, 0, sizeof(e));
	rc = amd_event_detached_parse(copy, k.msg_len, &e);
	FUZZ_CHECK(rc == 0 || rc == -ENOENT);
	FUZZ_CHECK(rc != 0 || (e.has_device && e.has_domain && e.domain <= 0xffff &&
			       e.device.dev <= 0x1f && e.device.fn <= 7));
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_mem(data, size), *rec;
	const char *p = buf, *end = buf + size;
	struct amd_event e;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l && *p != ' ') {
			rec = fuzz_mem((const uint8_t *)p, l);
			check_record(rec, l);
			free(rec);
		}
		p += l + 1;
	}
	if (amd_event_parse(buf, size, &e) == 0)
		check_event(&e);
	free(buf);
	return 0;
}
