/* ivrs-override: build the ACPI IVRS tables the VM tier boots with, from
 * the table the firmware (QEMU) provides, and say what each holds.
 *
 * Usage: ivrs-override IN.bin OUT.bin MODE [ARG...]
 *
 *   copy                  OUT = IN (only the expectation is new)
 *   efr EFR EFR2          IN followed by two new IVHD blocks, type 0x11 and
 *                         0x40, built from the first type 0x10 block: same
 *                         DeviceID, capability offset, MMIO base, segment,
 *                         info and device entries, flags with bits 7:6
 *                         cleared, IOMMU attributes 0, EFR image at +0x18
 *                         and (type 0x40 only) EFR2 image at +0x20; IVinfo
 *                         bit 0 (EFRSup) set
 *   efrsup-off EFR EFR2   the same with IVinfo EFRSup left clear: the driver
 *                         does not take the images
 *   no-ioapic             the IOAPIC special entry (48h, variety 1) removed
 *   ioapic-handle H       the handle of the IOAPIC special entry set to H
 *   ivmd DEVID START LEN  + an IVMD type 0x21 (unity, IR, IW) for DEVID
 *   alias FIRST LAST TO   + a 43h alias range start FIRST -> TO and a 04h
 *                         range end LAST, at the end of the 0x10 block
 *
 * Numbers are C literals (0x...).  Every mode but copy adds 1 to the OEM
 * revision (an initrd table replaces a firmware table only if its OEM
 * revision is higher) and fixes Length and the checksum.  QEMU 7.2 emits a
 * single IVHD of type 0x10 with 4- and 8-byte device entries.
 *
 * OUT.expect.json says what OUT holds, structure by structure, with the
 * keys and formats of `amdiommuctl show ivrs -j` (.ivrs): the VM tier
 * compares the two.  It is written from this program's own model of the
 * table, which knows nothing of amdiommuctl's decoder.
 * See tests/vm/README.md.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXE 64
#define MAXS 8

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }
static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (8 * i); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = v >> (8 * i); }

/* One device entry: its bytes (4 for types < 0x40, 8 up to 0x7f). */
struct entry { uint8_t b[8]; unsigned len; };

/* One subtable: header bytes (24 or 40) + entries, or an opaque IVMD. */
struct sub {
	uint8_t hdr[40];
	unsigned hlen;
	struct entry e[MAXE];
	unsigned ne;
};

static struct sub subs[MAXS];
static unsigned nsub;
static uint8_t header[48];

static int die(const char *msg) { fprintf(stderr, "ivrs-override: %s\n", msg); return 1; }

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "ivrs-override: bad number %s\n", s);
		exit(2);
	}
	return v;
}

static int parse(const uint8_t *in, size_t n)
{
	size_t off = 48;

	memcpy(header, in, 48);
	while (off + 4 <= n) {
		uint16_t len = get16(in + off + 2);
		struct sub *s = &subs[nsub];

		if (len < 4 || off + len > n || nsub == MAXS)
			return die("a subtable runs past the table or there are too many");
		memset(s, 0, sizeof(*s));
		if (in[off] == 0x10) {
			size_t p = off + 24;

			s->hlen = 24;
			memcpy(s->hdr, in + off, 24);
			while (p < off + len) {
				unsigned el = in[p] < 0x40 ? 4 : in[p] < 0x80 ? 8 : 0;

				if (!el || p + el > off + len || s->ne == MAXE)
					return die("an IVHD 10h entry this program does not handle");
				memcpy(s->e[s->ne].b, in + p, el);
				s->e[s->ne++].len = el;
				p += el;
			}
		} else if (in[off] == 0x11 || in[off] == 0x40) {
			return die("the table already has an IVHD of type 0x11 or 0x40");
		} else {
			if (len > sizeof(s->hdr))
				return die("an unknown subtable longer than 40 bytes");
			s->hlen = len;
			memcpy(s->hdr, in + off, len);
		}
		nsub++;
		off += len;
	}
	return off == n ? 0 : die("bytes after the last subtable");
}

static unsigned sub_len(const struct sub *s)
{
	unsigned n = s->hlen;

	for (unsigned i = 0; i < s->ne; i++)
		n += s->e[i].len;
	return n;
}

static struct sub *first_10h(void)
{
	for (unsigned i = 0; i < nsub; i++)
		if (subs[i].hdr[0] == 0x10)
			return &subs[i];
	return NULL;
}

static struct entry *ioapic_entry(struct sub *s)
{
	for (unsigned i = 0; s && i < s->ne; i++)
		if (s->e[i].b[0] == 0x48 && s->e[i].b[7] == 1)
			return &s->e[i];
	return NULL;
}

/* A copy of the 0x10 block as type 0x11 or 0x40 with the EFR images. */
static void add_efr_block(const struct sub *h, uint8_t type, uint64_t efr, uint64_t efr2)
{
	struct sub *s = &subs[nsub++];

	*s = *h;
	memset(s->hdr + 20, 0, 20);
	s->hlen = 40;
	s->hdr[0] = type;
	s->hdr[1] = h->hdr[1] & 0x3f;     /* PPRSup/PreFSup reserved in 0x11/0x40 */
	put64(s->hdr + 0x18, efr);        /* EFR image */
	put64(s->hdr + 0x20, type == 0x40 ? efr2 : 0); /* EFR2 image (0x40), reserved (0x11) */
}

static size_t serialise(uint8_t *out, size_t cap)
{
	size_t off = 48;

	memcpy(out, header, 48);
	for (unsigned i = 0; i < nsub; i++) {
		struct sub *s = &subs[i];

		if (s->hdr[0] == 0x10 || s->hdr[0] == 0x11 || s->hdr[0] == 0x40)
			put16(s->hdr + 2, (uint16_t)sub_len(s));
		if (off + sub_len(s) > cap)
			return 0;
		memcpy(out + off, s->hdr, s->hlen);
		off += s->hlen;
		for (unsigned k = 0; k < s->ne; k++) {
			memcpy(out + off, s->e[k].b, s->e[k].len);
			off += s->e[k].len;
		}
	}
	put32(out + 4, (uint32_t)off);
	return off;
}

static const char *bdf(uint16_t seg, uint16_t devid, char *buf)
{
	sprintf(buf, "\"%04x:%02x:%02x.%x\"", seg, devid >> 8, devid >> 3 & 0x1f, devid & 7);
	return buf;
}

/* The expectation, in `show ivrs -j` terms (.ivrs). */
static void expect(FILE *f, const uint8_t *t, size_t n)
{
	size_t off = 48;
	const char *sep = "";
	char b1[24], b2[24];

	fprintf(f, "{\"length\":%zu,\"checksum\":\"0x%02x\",\"oem_revision\":%u,\"ivinfo\":\"0x%08x\",\"ivhds\":[",
		n, t[9], get32(t + 24), get32(t + 36));
	for (unsigned i = 0; i < nsub; i++, off += sub_len(&subs[i - 1])) {
		const struct sub *s = &subs[i];
		uint16_t seg = get16(s->hdr + 16);
		size_t p = off + s->hlen;

		if (s->hdr[0] != 0x10 && s->hdr[0] != 0x11 && s->hdr[0] != 0x40)
			continue;
		fprintf(f, "%s{\"offset\":%zu,\"type\":%u,\"length\":%u,\"bdf\":%s,", sep, off,
			s->hdr[0], sub_len(s), bdf(seg, get16(s->hdr + 4), b1));
		if (s->hlen == 40)
			fprintf(f, "\"efr_image\":\"0x%016llx\",\"efr2_image\":\"0x%016llx\",",
				(unsigned long long)get64(s->hdr + 0x18), (unsigned long long)get64(s->hdr + 0x20));
		else
			fprintf(f, "\"efr_image\":null,\"efr2_image\":null,");
		fprintf(f, "\"entries\":[");
		for (unsigned k = 0; k < s->ne; k++) {
			const uint8_t *e = s->e[k].b;
			int special = e[0] == 0x48, alias = e[0] == 0x42 || e[0] == 0x43;

			fprintf(f, "%s{\"offset\":%zu,\"type\":%u,\"bdf\":%s,\"handle\":", k ? "," : "", p, e[0],
				bdf(seg, special ? get16(e + 5) : get16(e + 1), b1));
			if (special)
				fprintf(f, "%u,\"variety\":%u,", e[4], e[7]);
			else
				fprintf(f, "null,\"variety\":null,");
			fprintf(f, "\"alias_bdf\":%s}", alias ? bdf(seg, get16(e + 5), b2) : "null");
			p += s->e[k].len;
		}
		fprintf(f, "]}");
		sep = ",";
	}
	fprintf(f, "],\"ivmds\":[");
	sep = "";
	off = 48;
	for (unsigned i = 0; i < nsub; off += sub_len(&subs[i]), i++) {
		const uint8_t *m = subs[i].hdr;

		if (m[0] < 0x20 || m[0] > 0x22)
			continue;
		fprintf(f, "%s{\"offset\":%zu,\"type\":%u,\"flags\":\"0x%02x\",\"bdf\":%s,\"start_address\":\"0x%016llx\",\"memory_length\":%llu}",
			sep, off, m[0], m[1], m[0] == 0x20 ? "null" : bdf(get16(m + 8), get16(m + 4), b1),
			(unsigned long long)get64(m + 16), (unsigned long long)get64(m + 24));
		sep = ",";
	}
	fprintf(f, "]}\n");
}

int main(int argc, char **argv)
{
	static uint8_t in[65536], out[65536];
	const char *mode;
	struct sub *h;
	struct entry *io;
	char path[4096];
	uint8_t sum = 0;
	size_t n, total;
	FILE *f;

	if (argc < 4) {
		fprintf(stderr, "usage: %s IN.bin OUT.bin copy|efr|efrsup-off|no-ioapic|ioapic-handle|ivmd|alias [ARG...]\n", argv[0]);
		return 2;
	}
	mode = argv[3];
	f = fopen(argv[1], "rb");
	if (!f) { perror(argv[1]); return 1; }
	n = fread(in, 1, sizeof(in), f);
	fclose(f);
	if (n < 0x30 || memcmp(in, "IVRS", 4) || get32(in + 4) != n) {
		fprintf(stderr, "%s: not a complete IVRS table (%zu bytes)\n", argv[1], n);
		return 1;
	}
	for (size_t i = 0; i < n; i++) sum += in[i];
	if (sum) { fprintf(stderr, "%s: bad checksum\n", argv[1]); return 1; }
	if (parse(in, n))
		return 1;
	h = first_10h();
	if (!h)
		return die("no IVHD type 0x10");
	io = ioapic_entry(h);

	if (!strcmp(mode, "copy") && argc == 4) {
		;
	} else if ((!strcmp(mode, "efr") || !strcmp(mode, "efrsup-off")) && argc == 6) {
		if (nsub + 2 > MAXS)
			return die("too many subtables");
		add_efr_block(h, 0x11, num(argv[4]), num(argv[5]));
		add_efr_block(h, 0x40, num(argv[4]), num(argv[5]));
		if (!strcmp(mode, "efr"))
			put32(header + 0x24, get32(header + 0x24) | 1);       /* IVinfo EFRSup */
		else
			put32(header + 0x24, get32(header + 0x24) & ~1u);
	} else if (!strcmp(mode, "no-ioapic") && argc == 4) {
		if (!io)
			return die("no IOAPIC special entry");
		memmove(io, io + 1, (size_t)(h->e + h->ne - io - 1) * sizeof(*io));
		h->ne--;
	} else if (!strcmp(mode, "ioapic-handle") && argc == 5) {
		if (!io)
			return die("no IOAPIC special entry");
		io->b[4] = (uint8_t)num(argv[4]);
	} else if (!strcmp(mode, "ivmd") && argc == 7) {
		uint8_t *m = subs[nsub].hdr;

		if (nsub == MAXS)
			return die("too many subtables");
		memset(&subs[nsub], 0, sizeof(subs[nsub]));
		subs[nsub].hlen = 32;
		m[0] = 0x21;
		m[1] = 0x07;                       /* unity, IR, IW */
		put16(m + 2, 32);
		put16(m + 4, (uint16_t)num(argv[4]));
		put16(m + 8, get16(h->hdr + 16)); /* the IVHD's segment */
		put64(m + 16, num(argv[5]));
		put64(m + 24, num(argv[6]));
		nsub++;
	} else if (!strcmp(mode, "alias") && argc == 7) {
		struct entry *e = &h->e[h->ne];

		if (h->ne + 2 > MAXE)
			return die("too many entries");
		memset(e, 0, 2 * sizeof(*e));
		e[0].len = 8;
		e[0].b[0] = 0x43;
		put16(e[0].b + 1, (uint16_t)num(argv[4]));
		put16(e[0].b + 5, (uint16_t)num(argv[6]));
		e[1].len = 4;
		e[1].b[0] = 0x04;
		put16(e[1].b + 1, (uint16_t)num(argv[5]));
		h->ne += 2;
	} else {
		fprintf(stderr, "ivrs-override: unknown mode or wrong arguments: %s\n", mode);
		return 2;
	}

	total = serialise(out, sizeof(out));
	if (!total)
		return die("the table does not fit");
	if (strcmp(mode, "copy")) {
		put32(out + 0x18, get32(in + 0x18) + 1); /* OEM revision */
		out[9] = 0;
		sum = 0;
		for (size_t i = 0; i < total; i++) sum += out[i];
		out[9] = (uint8_t)-sum;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, total, f) != total || fclose(f)) { perror(argv[2]); return 1; }
	snprintf(path, sizeof(path), "%s.expect.json", argv[2]);
	f = fopen(path, "w");
	if (!f) { perror(path); return 1; }
	expect(f, out, total);
	if (fclose(f)) { perror(path); return 1; }
	printf("%s: length=0x%zx checksum=0x%02x\n", mode, total, out[9]);
	return 0;
}
