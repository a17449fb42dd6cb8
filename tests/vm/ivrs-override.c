/* ivrs-override: build an ACPI IVRS override table that carries an EFR image.
 *
 * Usage: ivrs-override IN.bin OUT.bin EFR EFR2
 *
 * IN is the IVRS table the firmware (QEMU) provides, as read from
 * /sys/firmware/acpi/tables/IVRS.  QEMU 7.2 emits a single IVHD of type 0x10,
 * which has no EFR image, so Linux falls back to the MMIO EFR.  OUT is IN
 * followed by two new IVHD blocks, type 0x11 and type 0x40, built from the
 * first type 0x10 block: same DeviceID, capability offset, MMIO base,
 * segment, info and device entries, flags with bits 7:6 cleared, IOMMU
 * attributes 0, EFR image at +0x18 and (type 0x40 only) EFR2 image at +0x20.
 * Header changes: Length, OEM Revision + 1 (an initrd table replaces a
 * firmware table only if its OEM revision is higher), IVinfo bit 0 (EFRSup)
 * and the checksum.  See tests/vm/README.md.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const uint8_t *p) { return p[0] | p[1] << 8; }
static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (8 * i); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = v >> (8 * i); }

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s IN.bin OUT.bin EFR EFR2\n", argv[0]);
		return 2;
	}
	char *end;
	errno = 0;
	uint64_t efr = strtoull(argv[3], &end, 0);
	if (errno || *end) { fprintf(stderr, "bad EFR %s\n", argv[3]); return 2; }
	uint64_t efr2 = strtoull(argv[4], &end, 0);
	if (errno || *end) { fprintf(stderr, "bad EFR2 %s\n", argv[4]); return 2; }

	static uint8_t in[65536], out[65536];
	FILE *f = fopen(argv[1], "rb");
	if (!f) { perror(argv[1]); return 1; }
	size_t n = fread(in, 1, sizeof(in), f);
	fclose(f);
	if (n < 0x30 || memcmp(in, "IVRS", 4) || get32(in + 4) != n) {
		fprintf(stderr, "%s: not a complete IVRS table (%zu bytes)\n", argv[1], n);
		return 1;
	}
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++) sum += in[i];
	if (sum) { fprintf(stderr, "%s: bad checksum\n", argv[1]); return 1; }

	/* find the first IVHD type 0x10 */
	size_t off = 0x30, hd = 0;
	while (off + 4 <= n) {
		uint16_t len = get16(in + off + 2);
		if (len < 4 || off + len > n) break;
		if (in[off] == 0x11 || in[off] == 0x40) {
			fprintf(stderr, "%s: already has an IVHD type 0x%02x\n", argv[1], in[off]);
			return 1;
		}
		if (in[off] == 0x10 && !hd) hd = off;
		off += len;
	}
	if (!hd || get16(in + hd + 2) < 0x18) { fprintf(stderr, "%s: no IVHD type 0x10\n", argv[1]); return 1; }
	size_t hlen = get16(in + hd + 2), nent = hlen - 0x18;
	size_t blen = 0x28 + nent, total = n + 2 * blen;
	if (total > sizeof(out)) return 1;

	memcpy(out, in, n);
	for (int b = 0; b < 2; b++) {
		uint8_t *p = out + n + b * blen;
		memset(p, 0, 0x28);
		memcpy(p, in + hd, 20);
		p[0] = b ? 0x40 : 0x11;
		p[1] = in[hd + 1] & 0x3f;        /* PPRSup/PreFSup reserved in 0x11/0x40 */
		put16(p + 2, blen);
		put32(p + 0x14, 0);              /* IOMMU attributes */
		put64(p + 0x18, efr);            /* EFR image */
		put64(p + 0x20, b ? efr2 : 0);   /* EFR2 image (0x40), reserved (0x11) */
		memcpy(p + 0x28, in + hd + 0x18, nent);
	}
	put32(out + 4, total);
	put32(out + 0x18, get32(in + 0x18) + 1);        /* OEM revision */
	put32(out + 0x24, get32(in + 0x24) | 1);        /* IVinfo EFRSup */
	out[9] = 0;
	sum = 0;
	for (size_t i = 0; i < total; i++) sum += out[i];
	out[9] = (uint8_t)-sum;

	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, total, f) != total || fclose(f)) { perror(argv[2]); return 1; }
	printf("length=0x%zx checksum=0x%02x\n", total, out[9]);
	return 0;
}
