// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: the ACPI/IVRS decoders (acpi-*.c), the driver's view
 * (ivrs-resolve.c), the findings (ivrs-findings.c) with the command
 * line's overrides as kcmdline.c parses them, and the JSON (ivrs-json.c).
 *
 * The tables are the files in tests/fixtures/ivrs, written by
 * tests/fixtures/gen-ivrs.py; the offsets and values expected here are
 * worked out by hand from the layouts its docstrings give (acpi IVRS
 * layout: include/acpi/actbl2.h) and from the rules of
 * drivers/iommu/amd/init.c named at each check.  Byte tables built here
 * spell out their layout next to the bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "acpi-ivrs.h"
#include "ivrs-diag.h"
#include "ivrs-json.h"
#include "json.h"
#include "kcmdline.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static uint8_t *load(const char *name, size_t *n)
{
	const char *top = getenv("srcdir");
	char path[512];
	FILE *f;
	uint8_t *buf = malloc(65536);

	snprintf(path, sizeof(path), "%s/tests/fixtures/ivrs/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	if (!f || !buf) {
		printf("Bail out! cannot read %s (set srcdir)\n", path);
		exit(1);
	}
	*n = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

static struct ivrs *decode(const char *name)
{
	size_t n;
	uint8_t *b = load(name, &n);
	struct ivrs *d;

	if (ivrs_decode(b, n, &d)) {
		printf("Bail out! ivrs_decode(%s) failed\n", name);
		exit(1);
	}
	free(b);
	return d;
}

static void load_madt(const char *name, struct madt *m)
{
	size_t n;
	uint8_t *b = load(name, &n);

	if (madt_decode(b, n, m)) {
		printf("Bail out! madt_decode(%s) failed\n", name);
		exit(1);
	}
	free(b);
}

/* The view and the findings of @d on @m. */
static bool diagnose(const struct ivrs *d, const struct ivrs_machine *m, struct ivrs_view **v,
		     struct ivrs_findings *fs)
{
	return !ivrs_view_build(d, m, v) && !ivrs_findings(d, m, *v, fs);
}

static void release(struct ivrs_view *v, struct ivrs_findings *fs)
{
	ivrs_findings_free(fs);
	ivrs_view_free(v);
}

static const struct ivrs_entry *entry_at(const struct ivrs *d, uint32_t off)
{
	for (size_t i = 0; i < d->nentry; i++)
		if (d->entry[i].offset == off)
			return &d->entry[i];
	return NULL;
}

static uint64_t ev(const struct ivrs_entry *e, unsigned f)
{
	return e && ivrs_has(&e->f, f) ? e->f.v[f] : UINT64_MAX;
}

static bool problem(const struct ivrs *d, enum ivrs_problem_code code, uint32_t off,
		    uint64_t value)
{
	for (size_t i = 0; i < d->nproblem; i++)
		if (d->problem[i].code == code && d->problem[i].offset == off &&
		    d->problem[i].value == value)
			return true;
	return false;
}

static const struct ivrs_finding *finding(const struct ivrs_findings *f, const char *rule,
					  int64_t offset)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, rule) && (offset == -2 || f->v[i].offset == offset))
			return &f->v[i];
	return NULL;
}

static size_t count(const struct ivrs_findings *f, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += !strcmp(f->v[i].rule, rule);
	return n;
}

static size_t count_sev(const struct ivrs_findings *f, enum ivrs_severity s)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].severity == s;
	return n;
}

static uint16_t devid(unsigned bus, unsigned dev, unsigned fn)
{
	return (uint16_t)(bus << 8 | dev << 3 | fn);
}

/* ---- acpi.h ------------------------------------------------------------- */

static void test_acpi_basics(void)
{
	const uint8_t five[5] = { 1, 2, 3, 4, 5 };
	uint8_t hdr[36] = "APIC";
	struct acpi_header h;
	uint64_t v = 0;

	ok(acpi_le(five, 5, 1, 4, &v) && v == 0x05040302, "acpi_le: 4 bytes at 1, little-endian");
	ok(!acpi_le(five, 5, 2, 4, &v), "acpi_le: 4 bytes at 2 of 5 are out of range");
	ok(!acpi_le(five, 5, 0, 0, &v) && !acpi_le(five, 5, 0, 9, &v), "acpi_le: 0 and 9 bytes refused");
	ok(!acpi_le(five, 5, SIZE_MAX, 1, &v), "acpi_le: a huge offset is out of range");
	/* length 0x24, rev 3, OEM "AMD\0\0\0", table id "A\x01B     " */
	hdr[4] = 0x24;
	hdr[8] = 3;
	memcpy(hdr + 10, "AMD\0\0\0", 6);
	memcpy(hdr + 16, "A\001B     ", 8);
	memcpy(hdr + 28, "ABCD", 4);
	hdr[32] = 0x28;
	hdr[35] = 0x20;
	ok(acpi_header_decode(hdr, 36, &h) == 0, "header decodes");
	is_str(h.signature, "APIC", "signature");
	is_u64(h.length, 0x24, "length");
	is_str(h.oem_id, "AMD", "OEM ID stops at NUL (as iasl prints it)");
	is_str(h.oem_table_id, "A?B     ", "a non-printable byte reads as '?'");
	is_u64(h.creator_revision, 0x20000028, "creator revision little-endian");
	ok(acpi_header_decode(hdr, 35, &h) == -EINVAL, "35 bytes are no header");
	is_u64(acpi_sum8(five, 5), 15, "8-bit sum");
}

static void test_acpidump(void)
{
	/* two tables, ascii columns, a short last line padded with spaces */
	static const char text[] =
		"APIC @ 0x00000000bbf6e000\n"
		"    0000: 41 50 49 43 05 00 00 00  APIC....\n"
		"\n"
		"IVRS @ 0x00000000bbf6f000\n"
		"    0000: 49 56 52 53 14 00 00 00 02 3E 41 4D 44 20 20 00  IVRS.....>AMD  .\n"
		"    0010: AB CD EF 01                                      ....\n"
		"\n";
	static const char bad[] =
		"IVRS @ 0x0\n"
		"    0000: 49 56 52 53\n"
		"    0008: 00 00\n";
	static const char raw[] =
		"Raw Table Data: Length 6 (0x6)\n\n"
		"    0000: 01 02 03 04 05 06                                // ......\n";
	uint8_t buf[32];
	size_t line = 0;

	is_u64((uint64_t)acpidump_extract(text, strlen(text), "IVRS", 0, buf, sizeof(buf), NULL), 20,
	       "acpidump: IVRS is 20 bytes (16 + 4 on the padded line)");
	ok(!memcmp(buf, "IVRS\x14\0\0\0\x02\x3e", 10) && buf[16] == 0xab && buf[19] == 0x01,
	   "acpidump: IVRS bytes, the ascii column ignored");
	is_u64((uint64_t)acpidump_extract(text, strlen(text), "APIC", 0, buf, sizeof(buf), NULL), 8,
	       "acpidump: APIC is 8 bytes");
	ok(acpidump_extract(text, strlen(text), "APIC", 1, buf, sizeof(buf), NULL) == -ENOENT,
	   "acpidump: no second APIC");
	ok(acpidump_extract(text, strlen(text), "SSDT", 0, buf, sizeof(buf), NULL) == -ENOENT,
	   "acpidump: no SSDT");
	is_u64((uint64_t)acpidump_extract(text, strlen(text), "IVRS", 0, buf, 4, NULL), 20,
	       "acpidump: a small buffer still gets the size");
	ok(acpidump_extract(bad, strlen(bad), "IVRS", 0, buf, sizeof(buf), &line) == -EINVAL &&
	   line == 3, "acpidump: offset 0008 after 4 bytes is malformed, line 3");
	is_u64((uint64_t)acpidump_extract(raw, strlen(raw), "IVRS", 0, buf, sizeof(buf), NULL), 6,
	       "acpidump: iasl's Raw Table Data without a header line");
	ok(buf[0] == 1 && buf[5] == 6, "acpidump: iasl hex bytes");
	/* hexdump -C: a 48-byte table whose lines 2 and 3 are zero ("*") */
	{
		static const char hd[] =
			"00000000  49 56 52 53 30 00 00 00  01 ff 42 4f 43 48 53 20  |IVRS0.....BOCHS |\n"
			"00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
			"*\n"
			"00000030\n";
		static const char xx[] =
			"00000000: 4956 5253 3000 0000 01ff 424f 4348 5320  IVRS0.....BOCHS \n"
			"00000010: 0000 0000 0000 0000 0000 0000 0000 0000  ................\n";
		static const char far[] =
			"00000000  49 56 52 53 30 00 00 00  01 ff 42 4f 43 48 53 20  |IVRS0.....BOCHS |\n"
			"*\n"
			"40000000\n";
		uint8_t big[64];

		memset(big, 0xee, sizeof(big));
		is_u64((uint64_t)acpidump_extract(hd, strlen(hd), "IVRS", 0, big, sizeof(big), NULL), 48,
		       "hexdump -C: 16 bytes, 16 zeros repeated by \"*\" to the closing offset 30h");
		ok(big[4] == 0x30 && big[9] == 0xff && big[16] == 0 && big[47] == 0 && big[48] == 0xee,
		   "hexdump -C: the bytes, the gap after 8 bytes and the repeated line");
		is_u64((uint64_t)acpidump_extract(xx, strlen(xx), "IVRS", 0, big, sizeof(big), NULL), 32,
		       "xxd: 2-byte groups");
		ok(big[0] == 'I' && big[1] == 'V' && big[8] == 1 && big[9] == 0xff, "xxd: the groups' bytes in order");
		ok(acpidump_extract(far, strlen(far), "IVRS", 0, big, sizeof(big), NULL) == -EINVAL,
		   "hexdump -C: a \"*\" standing for 1 GiB is refused");
	}
	/* a raw table is taken as it is; text goes through acpidump_extract() */
	is_u64((uint64_t)acpi_table_extract((const uint8_t *)"IVRS\x30", 5, "IVRS", buf, sizeof(buf), NULL), 5,
	       "acpi_table_extract: raw bytes starting with the signature");
	ok(acpi_table_extract((const uint8_t *)text, strlen(text), "IVRS", buf, sizeof(buf), NULL) == 20 &&
	   buf[16] == 0xab, "acpi_table_extract: acpidump text");
	ok(acpi_table_extract((const uint8_t *)strstr(text, "IVRS @"), strlen(strstr(text, "IVRS @")), "IVRS",
			      buf, sizeof(buf), NULL) == 20 &&
	   buf[0] == 'I', "acpi_table_extract: text that starts with \"IVRS @ \" is text");
}

static void test_madt(void)
{
	size_t n;
	uint8_t *b = load("epyc-8ioh.apic", &n);
	struct madt m;

	ok(madt_decode(b, n, &m) == 0, "MADT decodes");
	ok(m.checksum_ok && m.bad_offset == 0, "MADT checksum ok, no bad entry");
	is_u64(m.lapic_address, 0xfee00000, "local APIC address");
	is_u64(m.nioapic, 9, "9 IOAPICs");
	/* gen-ivrs.py epyc_madt(): 240 at FEC00000h GSI 0, then 241 + r */
	ok(m.ioapic[0].id == 240 && m.ioapic[0].address == 0xfec00000 && m.ioapic[0].gsi_base == 0 &&
	   m.ioapic[0].offset == 44, "IOAPIC 240: FEC00000h, GSI 0, at offset 44");
	ok(m.ioapic[8].id == 248 && m.ioapic[8].address == 0xfd700000 && m.ioapic[8].gsi_base == 24 + 32 * 7,
	   "IOAPIC 248: FD700000h, GSI 248");
	is_u64((uint64_t)madt_sb_ioapic(&m), 0, "mp_find_ioapic(0): the IOAPIC with GSI base 0");
	b[44 + 1] = 0; /* first entry length 0 */
	ok(madt_decode(b, n, &m) == 0 && m.bad_offset == 44 && m.nioapic == 0,
	   "MADT: an entry of length 0 stops the walk at 44");
	b[0] = 'X';
	ok(madt_decode(b, n, &m) == -EINVAL, "MADT: wrong signature");
	free(b);
	{
		uint8_t hpet[56] = "HPET";

		hpet[52] = 2;
		ok(acpi_hpet_number(hpet, 56) == 2 && acpi_hpet_number(hpet, 55) == -EINVAL,
		   "HPET: the number is byte 52; 55 bytes are too few");
	}
}

/* ---- the decoder: EPYC ---------------------------------------------------- */

static void test_epyc_decode(void)
{
	struct ivrs *d = decode("epyc-8ioh.bin");
	const struct ivrs_ivhd *h;
	const struct ivrs_entry *e;
	char uid[64];

	is_u64(d->size, 0x916, "EPYC: 2326 bytes");
	ok(d->checksum_ok && d->nproblem == 0, "EPYC: checksum ok, no problem");
	is_str(ivrs_has(&d->h, IVRS_H_SIGNATURE) ? "IVRS" : NULL, "IVRS", "EPYC: signature read");
	ok(ivrs_hv(d, IVRS_H_EFR_SUP) == 1 && ivrs_hv(d, IVRS_H_PA_SIZE) == 48 &&
	   ivrs_hv(d, IVRS_H_VA_SIZE) == 64 && ivrs_hv(d, IVRS_H_GVA_SIZE) == 2,
	   "EPYC: IVinfo 00203041h: EFRSup, PA 48 (14:8 = 30h), VA 64 (21:15 = 40h), GVA code 2");
	is_u64(d->nivhd, 24, "EPYC: 24 IVHDs");
	is_u64(d->nivmd, 3, "EPYC: 3 IVMDs");
	/* get_highest_supported_ivhd_type(): the first IVHD's devid 0002h comes
	 * with 10h, 11h, 40h; 40h is last */
	is_u64((uint64_t)d->target_type, 0x40, "EPYC: the driver uses IVHD 40h");
	is_u64(d->niommu, 8, "EPYC: 8 IOMMUs");
	for (unsigned r = 0; r < 8; r++)
		if (d->ivhd[3 * r + 2].iommu != (int)r || d->ivhd[3 * r].iommu != -1)
			break;
		else if (r == 7)
			ok(1, "EPYC: each IOMMU's 40h block is ivhdN in order, 10h/11h unused");
	h = &d->ivhd[0];
	ok(h->offset == 0x30 && h->f.v[IVRS_V_TYPE] == 0x10 && h->f.v[IVRS_V_LENGTH] == 92,
	   "EPYC: 10h at 30h, 92 bytes");
	/* feature reporting 80048F6Eh: HATS 31:30 = 2, PNBanks 22:17 = 2,
	 * PNCounters 16:13 = 4, PASmax 12:8 = 0Fh, 6Eh = GA IA GLX=1 GT NX */
	ok(h->f.v[IVRS_V_HATS] == 2 && h->f.v[IVRS_V_GATS] == 0 && h->f.v[IVRS_V_PN_BANKS] == 2 &&
	   h->f.v[IVRS_V_PN_COUNTERS] == 4 && h->f.v[IVRS_V_PAS_MAX] == 0xf &&
	   h->f.v[IVRS_V_GA_SUP] && h->f.v[IVRS_V_IA_SUP] && h->f.v[IVRS_V_GLX_SUP] == 1 &&
	   h->f.v[IVRS_V_GT_SUP] && h->f.v[IVRS_V_NX_SUP] && !h->f.v[IVRS_V_XT_SUP] &&
	   !h->f.v[IVRS_V_HE_SUP] && h->f.v[IVRS_V_MSI_NUM_PPR] == 0,
	   "EPYC: 10h feature reporting fields");
	ok(!ivrs_has(&h->f, IVRS_V_EFR) && !ivrs_has(&h->f, IVRS_V_ATTRIBUTES),
	   "EPYC: 10h has no EFR image and no attributes");
	h = &d->ivhd[2];
	ok(h->offset == 0xf8 && h->f.v[IVRS_V_TYPE] == 0x40 && h->f.v[IVRS_V_LENGTH] == 162 &&
	   h->nentries == 13, "EPYC: ivhd0 = 40h at F8h, 162 bytes, 13 entries");
	ok(h->f.v[IVRS_V_EFR] == 0x247577efa22556faULL && h->f.v[IVRS_V_EFR2] == 0x10a &&
	   h->f.v[IVRS_V_ATTRIBUTES] == 0x40200 && h->f.v[IVRS_V_PN_BANKS] == 2 &&
	   h->f.v[IVRS_V_HAT_DIS] == 0, "EPYC: 40h EFR/EFR2 images, attributes 40200h");
	ok(h->f.v[IVRS_V_INFO] == 0x1300 && h->f.v[IVRS_V_UNIT_ID] == 0x13 && h->f.v[IVRS_V_MSI_NUM] == 0,
	   "EPYC: info 1300h = unit ID 13h, MSI 0");
	ok(h->f.v[IVRS_V_FLAGS] == 0x30 && h->f.v[IVRS_V_COHERENT] && h->f.v[IVRS_V_IOTLB_SUP] &&
	   !h->f.v[IVRS_V_PPR_SUP], "EPYC: flags 30h = Coherent, IotlbSup");
	/* IOMMU 5: 10h at 19Ah + 4 * 260 = 5AAh, 40h at 5AAh + 168 = 652h */
	h = &d->ivhd[17];
	ok(d->ivhd[15].offset == 0x5aa && h->offset == 0x652 && h->iommu == 5 &&
	   h->f.v[IVRS_V_SEGMENT] == 2 && h->f.v[IVRS_V_DEVID] == 0x8002 &&
	   h->f.v[IVRS_V_BASE] == 0xf2280000, "EPYC: ivhd5 at 652h, segment 2, 80:00.2, F2280000h");
	/* ivhd0's entries from F8h + 40 = 120h (gen-ivrs.py epyc_entries) */
	e = entry_at(d, 0x130);
	ok(ivrs_entry_type(e) == 0x42 && ev(e, IVRS_E_DEVID) == devid(6, 0, 0) &&
	   ev(e, IVRS_E_ALIAS) == devid(1, 0, 0), "EPYC: 42h at 130h: 06:00.0 -> 01:00.0");
	e = entry_at(d, 0x138);
	ok(ivrs_entry_type(e) == 0x46 && ev(e, IVRS_E_EXT) == 0x80000000 && ev(e, IVRS_E_ATS_DISABLED) == 1,
	   "EPYC: 46h at 138h: ext 80000000h = ATS disabled");
	e = entry_at(d, 0x140);
	ok(ivrs_entry_type(e) == 0x47 && ev(e, IVRS_E_DTE) == 1 && ev(e, IVRS_E_INIT_PASS) == 1 &&
	   ev(e, IVRS_E_ATS_DISABLED) == 0, "EPYC: 47h at 140h: DTE 01h = INITPass");
	e = entry_at(d, 0x154);
	ok(ivrs_entry_type(e) == 0x48 && ev(e, IVRS_E_HANDLE) == 240 &&
	   ev(e, IVRS_E_SPECIAL_DEVID) == 0xa0 && ev(e, IVRS_E_VARIETY) == 1 &&
	   !ivrs_has(&e->f, IVRS_E_DEVID), "EPYC: 48h at 154h: IOAPIC 240 at 00:14.0");
	/* DTE D7h: INITPass, EIntPass, NMIPass, SysMgt 01b, Lint0, Lint1 */
	ok(ev(e, IVRS_E_INIT_PASS) == 1 && ev(e, IVRS_E_EINT_PASS) == 1 && ev(e, IVRS_E_NMI_PASS) == 1 &&
	   ev(e, IVRS_E_SYSMGT) == 1 && ev(e, IVRS_E_LINT0_PASS) == 1 && ev(e, IVRS_E_LINT1_PASS) == 1,
	   "EPYC: DTE setting D7h decoded");
	e = entry_at(d, 0x164);
	ivrs_uid_string(d, e, uid, sizeof(uid));
	ok(ivrs_entry_type(e) == 0xf0 && e->len == 31 && ev(e, IVRS_E_DEVID) == 0xa5 &&
	   ev(e, IVRS_E_UID_FORMAT) == 2 && ev(e, IVRS_E_UID_LENGTH) == 9 && !strcmp(uid, "\\_SB.FUR0") &&
	   ev(e, IVRS_E_LINT0_PASS) == 1, "EPYC: F0h at 164h: 31 bytes, string UID \\_SB.FUR0");
	ivrs_id_text(ev(e, IVRS_E_HID_RAW), uid);
	is_str(uid, "AMDI0020", "EPYC: HID AMDI0020 (text of the 8 bytes)");
	is_u64(ev(e, IVRS_E_HID_RAW), 0x3032303049444d41ULL, "EPYC: HID as a little-endian integer");
	e = entry_at(d, 0x183);
	ivrs_uid_kernel(d, e, uid, sizeof(uid));
	ok(ivrs_entry_type(e) == 0xf0 && e->uid_int_valid && e->uid_int == 1 && !strcmp(uid, "1"),
	   "EPYC: F0h at 183h: integer UID 1, the kernel's \"1\"");
	ok(d->ivmd[0].offset == 0x8b6 && d->ivmd[0].f.v[IVRS_M_TYPE] == 0x20 &&
	   d->ivmd[0].f.v[IVRS_M_UNITY] && d->ivmd[0].f.v[IVRS_M_READ] && d->ivmd[0].f.v[IVRS_M_WRITE] &&
	   !ivrs_has(&d->ivmd[0].f, IVRS_M_DEVID), "EPYC: IVMD 20h at 8B6h unity|IR|IW, no device field");
	ok(d->ivmd[2].f.v[IVRS_M_SEGMENT] == 3 && d->ivmd[2].f.v[IVRS_M_DEVID] == devid(0x82, 0, 0) &&
	   d->ivmd[2].f.v[IVRS_M_LAST] == devid(0x84, 0x1f, 7) && d->ivmd[2].f.v[IVRS_M_START] == 0x7d000800 &&
	   d->ivmd[2].f.v[IVRS_M_MEMLEN] == 0x6000, "EPYC: IVMD 22h: segment 3, 82:00.0..84:1F.7");
	ivrs_free(d);
}

/* ---- the view and findings: EPYC ------------------------------------------ */

static const struct ivrs_pci_fn epyc_fns[] = {
	{ 0, 0x0000, 0x060000 }, { 0, 0x0002, 0x080600 }, { 0, 0x0003, 0x080700 },
	{ 0, 0x00a0, 0x0c0500 }, { 0, 0x0200, 0x010802 }, { 0, 0x0300, 0x010802 },
	{ 0, 0x0600, 0x060400 }, { 0, 0x8000, 0x060000 }, { 0, 0x8002, 0x080600 },
	{ 0, 0x8003, 0x080700 }, { 0, 0x8200, 0x010802 }, { 0, 0x8600, 0x060400 },
	{ 1, 0x0000, 0x060000 }, { 1, 0x0002, 0x080600 }, { 1, 0x0003, 0x080700 },
	{ 1, 0x0200, 0x010802 }, { 1, 0x0600, 0x060400 }, { 1, 0x8000, 0x060000 },
	{ 1, 0x8002, 0x080600 }, { 1, 0x8003, 0x080700 }, { 1, 0x8200, 0x010802 },
	{ 1, 0x8600, 0x060400 }, { 2, 0x0000, 0x060000 }, { 2, 0x0002, 0x080600 },
	{ 2, 0x0003, 0x080700 }, { 2, 0x0200, 0x010802 }, { 2, 0x0600, 0x060400 },
	{ 2, 0x8000, 0x060000 }, { 2, 0x8002, 0x080600 }, { 2, 0x8003, 0x080700 },
	{ 2, 0x8200, 0x010802 }, { 2, 0x8600, 0x060400 }, { 3, 0x0000, 0x060000 },
	{ 3, 0x0002, 0x080600 }, { 3, 0x0003, 0x080700 }, { 3, 0x0200, 0x010802 },
	{ 3, 0x0600, 0x060400 }, { 3, 0x8000, 0x060000 }, { 3, 0x8002, 0x080600 },
	{ 3, 0x8003, 0x080700 }, { 3, 0x8200, 0x010802 }, { 3, 0x8300, 0x010802 },
	{ 3, 0x8600, 0x060400 }, { 4, 0x0000, 0x060000 },
};

static void test_epyc_view(void)
{
	struct madt madt;
	struct ivrs *d = decode("epyc-8ioh.bin");
	struct ivrs_iommu_hw hw[8];
	struct ivrs_machine m = { .madt = &madt, .fn = epyc_fns, .nfn = ARRAY_SIZE(epyc_fns),
				  .have_fn = true, .iommu = hw, .niommu = 8 };
	const struct ivrs_view_fn *f;
	const struct ivrs_finding *x;
	struct ivrs_findings fs;
	struct ivrs_view *v;

	load_madt("epyc-8ioh.apic", &madt);
	for (int i = 0; i < 8; i++)
		hw[i] = (struct ivrs_iommu_hw){ true, 0x1903640f, true, 0x247577efa22556faULL, 0x10a };
	ok(ivrs_view_build(d, &m, &v) == 0 && !v->init_fails, "EPYC view builds, the driver does not stop");
	/* find_last_devid_from_ivhd(): the odd IOMMU of each segment ends at FF:1F.7 */
	ok(v->nseg == 4 && v->seg[0].last_bdf == 0xffff && v->seg[3].seg == 3 &&
	   v->seg[3].last_bdf == 0xffff, "EPYC: 4 segments, last BDF FFFFh each");
	f = ivrs_view_find(v, 0, devid(2, 0, 0));
	ok(f && f->cover == IVRS_COVERED && f->iommu == 0 && d->entry[f->entry].offset == 0x138 &&
	   !f->have_dte, "0000:02:00.0: ivhd0, last named by the 46h at 138h, no DTE setting");
	f = ivrs_view_find(v, 0, devid(3, 0, 0));
	/* the 47h..04h range (DTE 01h) is smaller than 01:00.0..7F:1F.7 (DTE 0) */
	ok(f && f->have_dte && f->dte == 1 && d->entry[f->dte_entry].offset == 0x148,
	   "0000:03:00.0: DTE 01h from the 47h range (its end at 148h), amd_iommu_get_ivhd_dte_flags");
	f = ivrs_view_find(v, 0, devid(6, 0, 0));
	ok(f && f->alias == devid(1, 0, 0) && d->entry[f->alias_entry].offset == 0x130,
	   "0000:06:00.0: alias 01:00.0 from the 42h at 130h");
	f = ivrs_view_find(v, 0, 0x0002);
	ok(f && f->cover == IVRS_IS_IOMMU && f->iommu == -1, "0000:00:00.2: the IOMMU itself");
	f = ivrs_view_find(v, 4, 0);
	ok(f && f->cover == IVRS_NO_SEGMENT, "0004:00:00.0: no IVHD on segment 4");
	f = ivrs_view_find(v, 0, devid(0x80, 0, 0));
	ok(f && f->iommu == 1 && f->nunity == 1 && v->unity[v->fn_unity[f->first_unity]].start == 0x7f000000 &&
	   v->unity[v->fn_unity[f->first_unity]].end == 0x7f010000,
	   "0000:80:00.0: ivhd1, the 20h IVMD 7F000000h + 64 KiB");
	f = ivrs_view_find(v, 1, devid(2, 0, 0));
	ok(f && f->iommu == 2 && f->nunity == 1 && v->unity[v->fn_unity[f->first_unity]].read &&
	   v->unity[v->fn_unity[f->first_unity]].write,
	   "0001:02:00.0: ivhd2, the 21h exclusion range mapped read/write (init_unity_map_range)");
	f = ivrs_view_find(v, 3, devid(0x83, 0, 0));
	/* PAGE_ALIGN(7D000800h) = 7D001000h, + 6000h */
	ok(f && f->nunity == 1 && v->unity[v->fn_unity[f->first_unity]].start == 0x7d001000 &&
	   v->unity[v->fn_unity[f->first_unity]].end == 0x7d007000 &&
	   !v->unity[v->fn_unity[f->first_unity]].write, "0003:83:00.0: 22h range rounded up, read only");
	is_u64(v->nspecial, 10, "EPYC: 9 IOAPIC + 1 HPET in the driver's maps");
	ok(v->special[0].id == 241 && v->special[1].id == 240 && v->special[1].sbdf == 0xa0 &&
	   v->special[2].variety == IVRS_SPECIAL_HPET, "EPYC: map order 241, 240, HPET 0 (ivhd0's entries)");
	ok(v->efr.n == 8 && v->efr.iommu[7].image_used && v->efr.early_efr == 0x247577efa22556faULL &&
	   v->efr.have_final && v->efr.efr == 0x247577efa22556faULL && v->efr.final_from == -1 &&
	   !v->efr.iommu[3].mismatch, "EPYC: every image used, the MMIO agrees");
	ok(ivrs_findings(d, &m, v, &fs) == 0, "EPYC findings");
	is_u64(count_sev(&fs, IVRS_ERROR), 0, "EPYC: no error");
	/* per IOMMU, the range overlaps the 42h, the 46h and the 47h range */
	x = finding(&fs, "entries_overlap", 0x130);
	ok(count(&fs, "entries_overlap") == 8 && x && x->severity == IVRS_WARNING && x->ev[0].v == 3,
	   "EPYC: 3 overlapping pairs in each of the 8 IVHDs, DTE settings differ: warning");
	ok(finding(&fs, "ivmd_exclusion_as_unity", 0x8d6) && finding(&fs, "ivmd_start_unaligned", 0x8f6),
	   "EPYC: exclusion range as unity, unaligned start");
	ok(count(&fs, "device_not_covered") == 1 && finding(&fs, "device_not_covered", -1)->ev[0].v == 0x40000,
	   "EPYC: 0004:00:00.0 is not covered");
	ok(!count(&fs, "ioapic_not_in_ivrs") && !count(&fs, "no_southbridge_ioapic") &&
	   !count(&fs, "entry_device_absent") && !count(&fs, "efr_mismatch"),
	   "EPYC: every IOAPIC mapped, the SB one on an SMBus function, no absent select, no EFR mismatch");
	release(v, &fs);

	/* ivhd3's MMIO lacks HDSup (bit 52): late_iommu_features_init() warns */
	hw[3].mmio_efr = 0x246577efa22556faULL; /* 247577EFA22556FAh - 1 << 52 */
	ok(diagnose(d, &m, &v, &fs), "EPYC, one MMIO EFR differs");
	x = finding(&fs, "efr_mismatch", -2);
	ok(v->efr.iommu[3].mismatch && count(&fs, "efr_mismatch") == 1 && x, "EFR mismatch on ivhd3 only");
	is_str(x ? x->driver_message : NULL,
	       "AMD-Vi: [Firmware Warn]: EFR mismatch. Use IVHD EFR (0x246577efa22556fa : 0x247577efa22556fa), EFR2 (0x10a : 0x10a).",
	       "EFR mismatch: the kernel's message");
	ok(x && strstr(x->message, "HDSup (bit 52)"), "EFR mismatch names the differing bit");
	release(v, &fs);

	/* sysfs shows another value than 7.3's rules give */
	m.have_features = true;
	m.features_efr = 0x1234;
	ok(diagnose(d, &m, &v, &fs) &&
	   count(&fs, "efr_sysfs_differs") == 1, "sysfs features 0x1234: efr_sysfs_differs");
	release(v, &fs);
	ivrs_free(d);
}

/* Patch the EPYC table: images that differ, EFRSup off, HATS = 3. */
static void test_epyc_efr_rules(void)
{
	size_t n;
	uint8_t *b = load("epyc-8ioh.bin", &n);
	struct ivrs_findings fs;
	struct ivrs_view *v;
	struct ivrs *d;
	const struct ivrs_finding *x;
	/* IOMMU 1's 40h: 19Ah + 168 = 242h, EFR image at +24 = 25Ah, byte 6 holds bits 55:48 */
	uint8_t *p = b + 0x25a + 6;

	*p &= (uint8_t)~0x10; /* clear bit 52 */
	ok(ivrs_decode(b, n, &d) == 0 && diagnose(d, NULL, &v, &fs), "EPYC with ivhd1's image lacking HDSup");
	x = finding(&fs, "efr_inconsistent", -1);
	ok(v->efr.inconsistent && v->efr.early_efr == 0x246577efa22556faULL, "get_global_efr(): the AND");
	/* iommu1 differs from iommu0; then the ANDed global differs from iommu2..7 */
	ok(x && !strncmp(x->driver_message,
			 "AMD-Vi: [Firmware Bug]: Found inconsistent EFR/EFR2 0x246577efa22556fa,0x10a (global 0x247577efa22556fa,0x10a) on iommu1 (0000:80:00.2).\n"
			 "AMD-Vi: [Firmware Bug]: Found inconsistent EFR/EFR2 0x247577efa22556fa,0x10a (global 0x246577efa22556fa,0x10a) on iommu2 (0001:00:00.2).\n", 260),
	   "get_global_efr(): the kernel's lines for iommu1 and iommu2");
	ok(x && strstr(x->driver_message, "on iommu7 (0003:80:00.2).") && !strstr(x->driver_message, "iommu0"),
	   "get_global_efr(): a line for each of iommu1..7");
	ok(v->efr.have_final == false || v->efr.efr == v->efr.early_efr,
	   "without the MMIO the final EFR stays the images' AND");
	release(v, &fs);
	ivrs_free(d);

	*p |= 0x10;
	b[36] &= (uint8_t)~1; /* IVinfo EFRSup off */
	ok(ivrs_decode(b, n, &d) == 0 && diagnose(d, NULL, &v, &fs), "EPYC with EFRSup clear");
	x = finding(&fs, "efr_image_unused", 0xf8 + 24);
	ok(!v->efr.iommu[0].image_used && v->efr.early_efr == 0 && count(&fs, "efr_image_unused") == 8 &&
	   x && strstr(x->message, "EFRSup (bit 0) is clear") &&
	   !strcmp(x->driver_message, "AMD-Vi: Using global IVHD EFR:0x0, EFR2:0x0"),
	   "EFRSup clear: early_iommu_features_init() skips every image, EFR 0x0 early");
	ok(!v->efr.have_final, "no MMIO given: the final EFR is unknown");
	release(v, &fs);
	ivrs_free(d);

	b[36] |= 1;
	/* every image with HATS (11:10) = 3: the 40h images of IOMMU r are at
	 * F8h + 24 (r = 0) and 19Ah + (r - 1) * 260 + 168 + 24 */
	for (unsigned r = 0; r < 8; r++)
		b[(r ? 0x19a + (r - 1) * 260 + 168 : 0xf8) + 24 + 1] |= 0x0c;
	ok(ivrs_decode(b, n, &d) == 0 && diagnose(d, NULL, &v, &fs), "EPYC with HATS = 3");
	x = finding(&fs, "host_translation_disabled", -1);
	is_str(x ? x->driver_message : NULL,
	       "AMD-Vi: [Firmware Bug]: Disable host address translation due to invalid translation level (0x3).",
	       "HATS = 3: early_amd_iommu_init()'s message");
	release(v, &fs);
	ivrs_free(d);
	free(b);
}

/* ---- laptop: 01h, 42h, DTE settings, integer UID, IOAPIC rules -------------- */

static void test_laptop(void)
{
	struct ivrs *d = decode("laptop-all.bin");
	struct madt madt;
	struct ivrs_pci_fn fns[] = {
		{ 0, 0x0002, 0x080600 }, { 0, devid(0, 1, 0), 0x060000 }, { 0, devid(0, 8, 0), 0x060400 },
		{ 0, devid(0, 0x14, 0), 0x0c0500 }, { 0, devid(0, 0x14, 3), 0x060100 },
		{ 0, devid(5, 0, 0), 0x020000 }, { 0, devid(0x17, 0, 0), 0x060400 },
		{ 0, devid(0x18, 0, 0), 0x0c0330 },
	};
	struct ivrs_machine m = { .madt = &madt, .fn = fns, .nfn = ARRAY_SIZE(fns), .have_fn = true };
	const struct ivrs_view_fn *f;
	const struct ivrs_finding *x;
	const struct ivrs_entry *e;
	struct ivrs_findings fs;
	struct ivrs_view *v;
	struct kcmdline k;

	load_madt("laptop-all.apic", &madt);
	is_u64((uint64_t)d->target_type, 0x40, "laptop: 10h then 40h with devid 0002h: 40h");
	ok(d->ivhd[1].offset == 0x74 && d->ivhd[1].iommu == 0 && d->ivhd[1].nentries == 8,
	   "laptop: ivhd0 = the 40h at 74h, 8 entries");
	e = entry_at(d, 0xac);
	/* F7h: INITPass, EIntPass, NMIPass, SysMgt 11b, Lint0, Lint1 */
	ok(ev(e, IVRS_E_DTE) == 0xf7 && ev(e, IVRS_E_SYSMGT) == 3 && ev(e, IVRS_E_INIT_PASS) == 1 &&
	   ev(e, IVRS_E_LINT1_PASS) == 1, "laptop: DTE F7h at ACh, SysMgt 3");
	e = entry_at(d, 0xc8);
	ok(e && e->uid_int_valid && e->uid_int == 257 && ev(e, IVRS_E_UID_LENGTH) == 2,
	   "laptop: F0h at C8h: 2-byte integer UID 0101h = 257");
	ok(problem(d, IVRS_P_F0_UID_INT_LEN, 0xc8, 2) && d->nproblem == 1,
	   "laptop: one problem, the 2-byte integer UID");

	ok(ivrs_view_build(d, &m, &v) == 0, "laptop view");
	is_u64((uint64_t)v->seg[0].last_bdf, 0xffff, "laptop: 01h all: last BDF FFFFh (find_last_devid_from_ivhd)");
	f = ivrs_view_find(v, 0, devid(5, 0, 0));
	ok(f && f->cover == IVRS_COVERED && d->entry[f->entry].offset == 0x9c && !f->have_dte,
	   "laptop: 05:00.0 only in the 01h entry at 9Ch");
	f = ivrs_view_find(v, 0, devid(0, 1, 0));
	ok(f && f->have_dte && f->dte == 1 && d->entry[f->dte_entry].offset == 0xa8,
	   "laptop: 00:01.0 gets DTE 01h of its 02h entry");
	f = ivrs_view_find(v, 0, devid(0x18, 0, 0));
	ok(f && f->alias == devid(0x17, 0, 0), "laptop: 18:00.0 aliases to 17:00.0");
	ok(f && f->nunity == 1 && v->unity[v->fn_unity[f->first_unity]].end ==
	   v->unity[v->fn_unity[f->first_unity]].start + 4096, "laptop: IVMD length 1 maps one page");
	ok(!v->efr.iommu[0].image_used && strstr(v->efr.iommu[0].why_unused, "GASup"),
	   "laptop: EFR image A00h lacks GASup: not used (init_iommu_one)");
	ok(ivrs_findings(d, &m, v, &fs) == 0, "laptop findings");
	ok(!count(&fs, "ioapic_not_in_ivrs") && !count(&fs, "no_southbridge_ioapic"),
	   "laptop: IOAPIC 4 at 00:14.0 (SMBus), 5 at 00:00.1: nothing to say");
	x = finding(&fs, "acpi_uid_integer", 0xc8);
	ok(x && x->severity == IVRS_WARNING && strstr(x->message, "UID \"1\""),
	   "laptop: the kernel reads UID 257 as \"1\"");
	ok(finding(&fs, "ivmd_sub_page", 0xe0) != NULL, "laptop: IVMD of length 1");
	release(v, &fs);

	/* 00:14.0 is no SMBus function: check_sb_ioapic() rejects it */
	fns[3].class_code = 0x0c0330;
	ok(diagnose(d, &m, &v, &fs), "laptop without 00:14.0");
	x = finding(&fs, "no_southbridge_ioapic", 0xb0);
	ok(x && x->severity == IVRS_ERROR, "no SMBus/ISA at 00:14.0: no southbridge IOAPIC");
	is_str(x ? x->driver_message : NULL,
	       "AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found\nAMD-Vi: Disabling interrupt remapping",
	       "the kernel's two lines");
	ok(x && strstr(x->advice, "ivrs_ioapic=4@0000:00:14.3") && strstr(x->advice, "board's documentation"),
	   "advice: the ISA bridge 00:14.3, with the caveat");
	release(v, &fs);

	/* ... and with that override on the command line */
	kcmdline_parse("ro ivrs_ioapic=4@0000:00:14.3 quiet", &k);
	m.kcmdline = &k;
	ok(diagnose(d, &m, &v, &fs), "laptop with ivrs_ioapic=4@0000:00:14.3");
	x = finding(&fs, "no_southbridge_ioapic", 0xb0);
	ok(x && x->severity == IVRS_INFO && !strcmp(x->resolved_by, "ivrs_ioapic=4@0000:00:14.3") &&
	   !x->driver_message[0], "the override resolves it");
	x = finding(&fs, "cmdline_override", 0xb0);
	is_str(x ? x->driver_message : NULL,
	       "AMD-Vi: Command-line override present for IOAPIC id 4 - ignoring",
	       "add_special_device(): the override's message");
	ok(v->special[0].source == IVRS_SRC_CMDLINE && v->special[0].sbdf == devid(0, 0x14, 3),
	   "the command-line entry comes first in the map");
	release(v, &fs);
	kcmdline_free(&k);
	ivrs_free(d);
}

/* ---- defects: IOAPIC rules, broken ranges, reserved types ----------------- */

static void test_defects(void)
{
	struct ivrs *d = decode("defects.bin");
	struct madt madt;
	static const struct ivrs_pci_fn fns[] = {
		{ 0, 0x0002, 0x080600 }, { 0, 0x00a0, 0x0c0500 }, { 0, 0x00a3, 0x060100 },
	};
	struct ivrs_machine m = { .madt = &madt, .fn = fns, .nfn = ARRAY_SIZE(fns), .have_fn = true };
	const struct ivrs_finding *x;
	struct ivrs_findings fs;
	struct ivrs_view *v;

	load_madt("defects.apic", &madt);
	is_u64(d->nproblem, 10, "defects: 10 problems");
	ok(problem(d, IVRS_P_RANGE_END_ALONE, 0x60, 0), "04h at 60h without a start");
	ok(problem(d, IVRS_P_RANGE_REVERSED, 0x68, devid(2, 0, 0)), "04h at 68h below its start 02:00.0");
	ok(problem(d, IVRS_P_RANGE_OPEN, 0x6c, 0), "47h at 6Ch never ended");
	ok(problem(d, IVRS_P_ENTRY_UNKNOWN, 0x74, 5) && problem(d, IVRS_P_ENTRY_UNKNOWN, 0x78, 0x44),
	   "types 05h and 44h reserved");
	ok(problem(d, IVRS_P_SPECIAL_VARIETY, 0x98, 3), "variety 3 at 98h");
	ok(problem(d, IVRS_P_F0_OUTSIDE_40, 0xa0, 0x11) && problem(d, IVRS_P_F0_HID_EMPTY, 0xa0, 0) &&
	   problem(d, IVRS_P_F0_UID_LENGTH, 0xa0, 2), "F0h at A0h: in 11h, empty HID, UID length without format");
	ok(problem(d, IVRS_P_SUB_UNKNOWN, 0xbc, 0x51), "subtable 51h at BCh");
	ok(entry_at(d, 0xb8) && ivrs_entry_type(entry_at(d, 0xb8)) == 2, "the entry after F0h is read at B8h");
	ok(ivrs_view_build(d, &m, &v) == 0 && v->init_fails && v->fail_offset == 0x98 &&
	   strstr(v->init_fails, "add_special_device"), "the driver stops at the variety-3 entry");
	ok(ivrs_findings(d, &m, v, &fs) == 0, "defects findings");
	x = finding(&fs, "ioapic_not_in_ivrs", -1);
	ok(x && x->ev[0].v == 1 && count(&fs, "ioapic_not_in_ivrs") == 1, "IOAPIC 1 is not in the IVRS");
	is_str(x ? x->driver_message : NULL,
	       "AMD-Vi: [Firmware Bug]: : IOAPIC[1] not in IVRS table\nAMD-Vi: Disabling interrupt remapping",
	       "check_ioapic_information(): the kernel's lines");
	/* candidates: handle 0 twice (00:00.1, 00:14.0), handle 33 (no MADT id) */
	ok(x && strstr(x->advice, "ivrs_ioapic=1@0000:00:00.1"), "IOAPIC 1: try 00:00.1");
	x = finding(&fs, "no_southbridge_ioapic", 0x80);
	ok(x && strstr(x->message, "0000:00:00.1") && strstr(x->advice, "ivrs_ioapic=0@0000:00:14.0"),
	   "SB IOAPIC 0 maps to 00:00.1 (the first handle 0): try 00:14.0 (SMBus)");
	x = finding(&fs, "special_handle_duplicate", 0x88);
	ok(x && x->ev[1].v == 0, "handle 0 at 80h and 88h");
	ok(finding(&fs, "ioapic_handle_not_in_madt", 0x90) != NULL, "handle 33 at 90h is no MADT IOAPIC");
	ok(finding(&fs, "ivmd_ignored", 0xcc) && finding(&fs, "ivmd_zero_length", 0xec) &&
	   finding(&fs, "ivmd_range_reversed", 0xec), "IVMD: IR-only ignored, zero length, reversed range");
	ok(finding(&fs, "special_variety", 0x98)->severity == IVRS_ERROR, "unknown variety: error");
	release(v, &fs);
	ivrs_free(d);
}

/* ---- hostile tables ------------------------------------------------------- */

static void test_hostile(void)
{
	struct {
		const char *file;
		enum ivrs_problem_code code;
		uint32_t offset;
		uint64_t value;
		const char *why;
	} t[] = {
		{ "hostile-cut20.bin", IVRS_P_SHORT, 0, 20, "20 bytes: no ACPI header" },
		{ "hostile-cut96.bin", IVRS_P_TRUNCATED, 4, 100, "header 100, 96 given" },
		{ "hostile-cut96.bin", IVRS_P_SUB_OVERRUN, 0x30, 52, "the IVHD (52) past the 96 bytes" },
		{ "hostile-cut96.bin", IVRS_P_ENTRY_OVERRUN, 0x5c, 0x48, "the 48h at 5Ch is cut" },
		{ "hostile-checksum.bin", IVRS_P_CHECKSUM, 9, 1, "sum 1" },
		{ "hostile-ivhd-past-end.bin", IVRS_P_SUB_OVERRUN, 0x30, 0xffff, "IVHD length FFFFh" },
		{ "hostile-zero-length.bin", IVRS_P_SUB_ZERO_LEN, 0x64, 0x21, "a subtable of length 0" },
		{ "hostile-huge-length.bin", IVRS_P_TRUNCATED, 4, 0xffffffff, "length FFFFFFFFh" },
		{ "hostile-uid-past-end.bin", IVRS_P_ENTRY_OVERRUN, 0x5c, 0xf0, "UID length 255" },
		{ "hostile-entry-85.bin", IVRS_P_ENTRY_HANG, 0x5c, 0x85, "type 85h" },
		{ "hostile-tail2.bin", IVRS_P_SUB_CUT, 0x64, 2, "2 bytes left" },
		{ "hostile-short-ivhd.bin", IVRS_P_IVHD_SHORT, 0x30, 20, "IVHD 10h of 20 bytes" },
	};
	struct ivrs *d;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		d = decode(t[i].file);
		ok(problem(d, t[i].code, t[i].offset, t[i].value), "%s: %s", t[i].file, t[i].why);
		ivrs_free(d);
	}
	d = decode("hostile-base.bin");
	ok(d->nproblem == 0 && d->nentry == 2 && d->niommu == 1, "base: clean, 2 entries, 1 IOMMU");
	ivrs_free(d);
	d = decode("hostile-cut20.bin");
	ok(d->nivhd == 0 && d->target_type == -1 && d->niommu == 0, "cut20: nothing decoded");
	ivrs_free(d);
	d = decode("hostile-huge-length.bin");
	ok(d->end == 100 && !d->checksum_ok && d->nentry == 2, "huge length: parsed up to the 100 bytes given");
	ivrs_free(d);
	d = decode("hostile-uid-past-end.bin");
	{
		const struct ivrs_entry *e = entry_at(d, 0x5c);
		char uid[300];

		ivrs_uid_string(d, e, uid, sizeof(uid));
		ok(e && e->uid_avail == 2 && !strcmp(uid, "AB") && !e->uid_int_valid,
		   "UID past the end: only the 2 bytes present are read");
	}
	ivrs_free(d);
	d = decode("hostile-entry-85.bin");
	{
		struct ivrs_view *v;

		ok(ivrs_view_build(d, NULL, &v) == 0 && v->init_fails && strstr(v->init_fails, "ivhd_entry_length"),
		   "type 85h: the driver's loops never advance");
		ivrs_view_free(v);
	}
	ivrs_free(d);
	/* base: the IOAPIC devid 00:14.0 (A0h) is above last_bdf 00:01.0 (08h) */
	d = decode("hostile-base.bin");
	{
		struct ivrs_view *v;
		struct ivrs_findings fs;

		ok(diagnose(d, NULL, &v, &fs) &&
		   finding(&fs, "devid_beyond_last_bdf", 0x5c), "base: the 48h devid above last_bdf overruns rlookup_table");
		release(v, &fs);
	}
	ivrs_free(d);
	/* every prefix of the EPYC table decodes without a crash and with a problem */
	{
		size_t n;
		uint8_t *b = load("epyc-8ioh.bin", &n);
		bool all = true;

		for (size_t k = 0; k < n; k += 7) {
			struct ivrs_view *v;
			struct ivrs_findings fs;

			if (ivrs_decode(b, k, &d) || ivrs_view_build(d, NULL, &v) ||
			    ivrs_findings(d, NULL, v, &fs)) {
				all = false;
				break;
			}
			all &= d->nproblem > 0;
			release(v, &fs);
			ivrs_free(d);
		}
		ok(all, "every 7th prefix of the EPYC table: decoded, with a problem");
		free(b);
	}
}

/*
 * Two IOMMUs on segment 0 with the same flagged range 01:00.0..01:1F.7:
 * set_dev_entry_from_acpi_range() finds the range in ivhd_dte_flags and
 * returns before it writes rlookup_table, so the devices stay with the
 * first IOMMU.  The second one adds a select of 03:00.0.
 */
static void test_same_range(void)
{
	uint8_t t[48 + 48 + 52] = "IVRS";
	static const uint8_t ivhd0[48] = {
		0x40, 0x30, 48, 0, 0x02, 0x00, 0x40, 0,          /* type, flags, length 48, 00:00.2, cap */
		0, 0, 0x20, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0,       /* base FD200000h, segment 0, info */
		0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* attr, EFR 80h, EFR2 */
		0x03, 0x00, 0x01, 0x01, 0x04, 0xff, 0x01, 0x00, /* 03h 01:00.0 DTE 01h, 04h 01:1F.7 */
	};
	struct ivrs_pci_fn fns[] = { { 0, 0x0100, 0x020000 }, { 0, 0x0300, 0x020000 } };
	struct ivrs_machine m = { .fn = fns, .nfn = 2, .have_fn = true };
	struct ivrs_view *v;
	struct ivrs *d;

	t[4] = sizeof(t);
	t[8] = 2;
	memcpy(t + 48, ivhd0, 48);
	memcpy(t + 96, ivhd0, 48);
	t[96 + 2] = 52;                 /* the second: length 52, 40:00.2 */
	t[96 + 5] = 0x40;
	memcpy(t + 96 + 48, "\x02\x00\x03\x00", 4); /* 02h 03:00.0 */
	t[9] = (uint8_t)-acpi_sum8(t, sizeof(t));
	ok(ivrs_decode(t, sizeof(t), &d) == 0 && d->nproblem == 0 && d->niommu == 2, "two 40h IVHDs");
	ok(ivrs_view_build(d, &m, &v) == 0 && v->neff == 3 && v->eff[1].skipped, "the second identical flagged range is skipped");
	ok(ivrs_view_find(v, 0, 0x0100)->iommu == 0 && ivrs_view_find(v, 0, 0x0300)->iommu == 1,
	   "01:00.0 stays with ivhd0, 03:00.0 goes to ivhd1");
	ivrs_view_free(v);
	ivrs_free(d);
}

/* ---- small tables built here ---------------------------------------------- */

/* An IVRS under construction: rev 2, IVinfo 41h (EFRSup, GVA 2). */
struct tb {
	uint8_t b[2048];
	size_t n;
};

static void tb_init(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, "IVRS", 4);
	t->b[8] = 2;
	t->b[36] = 0x41;
	t->n = 48;
}

/* An IVHD (24 or 40-byte header, EFR image 80h = GASup) with one 02h
 * select of @sel; returns its offset. */
static size_t tb_ivhd(struct tb *t, uint8_t type, uint16_t id, uint16_t seg, uint16_t sel)
{
	size_t off = t->n, h = type == 0x10 ? 24 : 40;
	uint8_t *p = t->b + off;

	p[0] = type;
	p[2] = (uint8_t)(h + 4);
	p[4] = (uint8_t)id;
	p[5] = (uint8_t)(id >> 8);
	p[16] = (uint8_t)seg;
	p[17] = (uint8_t)(seg >> 8);
	if (h == 40)
		p[24] = 0x80;
	p[h] = 2;
	p[h + 1] = (uint8_t)sel;
	p[h + 2] = (uint8_t)(sel >> 8);
	t->n += h + 4;
	return off;
}

static size_t tb_raw(struct tb *t, const void *p, size_t n)
{
	memcpy(t->b + t->n, p, n);
	t->n += n;
	return t->n - n;
}

static struct ivrs *tb_done(struct tb *t)
{
	struct ivrs *d;

	t->b[4] = (uint8_t)t->n;
	t->b[5] = (uint8_t)(t->n >> 8);
	t->b[9] = 0;
	t->b[9] = (uint8_t)-acpi_sum8(t->b, t->n);
	if (ivrs_decode(t->b, t->n, &d)) {
		printf("Bail out! ivrs_decode failed\n");
		exit(1);
	}
	return d;
}

static void test_type_rules(void)
{
	/* 21h IVMD with devid 0002h (bytes 4-5): unity, 00:00.2, start 0, 4 KiB */
	static const uint8_t ivmd21[32] = { 0x21, 1, 32, 0, 2, 0, [24] = 0, [25] = 0x10 };
	static const uint8_t sub51[8] = { 0x51, 0, 8, 0 };
	struct ivrs_findings fs;
	struct ivrs_view *v;
	struct ivrs *d;
	struct tb t;
	size_t off;

	/* 10h at 30h, 51h at 4Ch, 40h at 54h: the scan stops at 51h, 10h is used */
	tb_init(&t);
	tb_ivhd(&t, 0x10, 2, 0, 8);
	tb_raw(&t, sub51, 8);
	off = tb_ivhd(&t, 0x40, 2, 0, 8);
	d = tb_done(&t);
	ok(off == 0x54 && d->target_type == 0x10 && problem(d, IVRS_P_TYPE_SCAN_STOP, 0x4c, 0x51),
	   "a 51h subtable stops get_highest_supported_ivhd_type(): 10h, not the later 40h");
	ok(diagnose(d, NULL, &v, &fs) && finding(&fs, "type_scan_stopped", 0x4c), "type_scan_stopped finding");
	release(v, &fs);
	ivrs_free(d);

	/* an IVMD with the first IVHD's devid comes last: the driver picks 21h */
	tb_init(&t);
	tb_ivhd(&t, 0x10, 2, 0, 8);
	tb_raw(&t, ivmd21, 32);
	d = tb_done(&t);
	ok(d->target_type == 0x21 && d->niommu == 0 && problem(d, IVRS_P_TARGET_NOT_IVHD, 0x30, 0x21),
	   "an IVMD of devid 0002h last: type 21h, no IOMMU");
	ok(diagnose(d, NULL, &v, &fs) && finding(&fs, "ivhd_type_invalid", 0x30) &&
	   v->init_fails && strstr(v->init_fails, "init_iommu_one"), "ivhd_type_invalid: the driver stops");
	release(v, &fs);
	ivrs_free(d);

	/* 10h+11h of 00:00.2, only 10h of 40:00.2, two 11h of 00:00.2 */
	tb_init(&t);
	tb_ivhd(&t, 0x10, 2, 0, 8);
	tb_ivhd(&t, 0x11, 2, 0, 8);
	off = tb_ivhd(&t, 0x10, 0x4002, 0, 0x4008);
	tb_ivhd(&t, 0x11, 2, 0, 0x10);
	d = tb_done(&t);
	ok(d->target_type == 0x11 && d->niommu == 2, "11h is used, twice");
	ok(diagnose(d, NULL, &v, &fs) && finding(&fs, "iommu_not_used", (int64_t)off) &&
	   count(&fs, "iommu_duplicate") == 1, "40:00.2 has no 11h block; 00:00.2 has two");
	release(v, &fs);
	ivrs_free(d);

	/* 33 IOMMUs of type 10h */
	tb_init(&t);
	for (unsigned i = 0; i < 33; i++)
		tb_ivhd(&t, 0x10, (uint16_t)(i << 8 | 2), 0, (uint16_t)(i << 8 | 8));
	d = tb_done(&t);
	ok(d->niommu == 33 && problem(d, IVRS_P_TOO_MANY_IOMMUS, 0x30, 33), "33 IVHDs: more than MAX_IOMMUS");
	ivrs_free(d);
}

static void test_machine_more(void)
{
	struct ivrs *d = decode("laptop-all.bin");
	struct madt madt;
	static const uint8_t hpets[2] = { 0, 1 };
	struct ivrs_pci_fn fns[] = { { 0, 0x0008, 0x030000, 0x1002, 0x98e4 }, { 0, 0xa0, 0x0c0500 } };
	struct kcmdline k;
	struct ivrs_machine m = { .madt = &madt, .fn = fns, .nfn = 2, .have_fn = true,
				  .hpet_id = hpets, .nhpet = 2, .kcmdline = &k };
	const struct ivrs_finding *x;
	struct ivrs_findings fs;
	struct ivrs_view *v;

	kcmdline_parse("ivrs_ioapic=9@00:14.0 ivrs_hpet[0]=00:14.0 ivrs_acpihid=MSFT0201:1@00:14.4 "
		       "ivrs_ioapic=bad", &k);
	load_madt("laptop-all.apic", &madt);
	ok(diagnose(d, &m, &v, &fs), "laptop with overrides, HPETs 0 and 1, Stoney Ridge graphics");
	ok(finding(&fs, "cmdline_override_unused", -1) && v->n_ivrs == 3 && v->cmdline_maps,
	   "IOAPIC 9 is no MADT IOAPIC; =bad is not kept (kcmdline notes it)");
	x = finding(&fs, "cmdline_override", 0xc0);
	is_str(x ? x->driver_message : NULL, "AMD-Vi: Command-line override present for HPET id 0 - ignoring",
	       "ivrs_hpet[0] replaces the HPET entry of the 40h block at C0h");
	x = finding(&fs, "cmdline_override", 0xc8);
	is_str(x ? x->driver_message : NULL, "AMD-Vi: Command-line override for hid:MSFT0201 uid:1",
	       "ivrs_acpihid matches the F0h at C8h by the kernel's UID \"1\"");
	x = finding(&fs, "hpet_not_in_ivrs", -1);
	ok(x && x->ev[0].v == 1 && x->severity == IVRS_WARNING, "HPET 1 has no entry");
	x = finding(&fs, "stoney_ridge", -1);
	is_str(x ? x->driver_message : NULL, "AMD-Vi: Disable IOMMU on Stoney Ridge", "Stoney Ridge at 00:01.0");
	release(v, &fs);
	kcmdline_free(&k);
	kcmdline_parse("amd_iommu=fullflush,force_enable", &k);
	ok(diagnose(d, &m, &v, &fs) && !finding(&fs, "stoney_ridge", -1), "amd_iommu=force_enable keeps it on");
	release(v, &fs);

	/* no IOAPIC with GSI base 0 */
	madt.ioapic[0].gsi_base = 48;
	ok(diagnose(d, &m, &v, &fs), "MADT without GSI base 0");
	x = finding(&fs, "no_southbridge_ioapic", -1);
	is_str(x ? x->driver_message : NULL, "AMD-Vi: : No southbridge IOAPIC found\nAMD-Vi: Disabling interrupt remapping",
	       "mp_find_ioapic(0) fails: fw_bug is \"\"");
	release(v, &fs);
	kcmdline_free(&k);
	ivrs_free(d);

	/* HATDis in the 40h attributes (74h + 20); an IVMD that wraps */
	{
		size_t n;
		uint8_t *b = load("laptop-all.bin", &n);

		b[0x74 + 20] |= 1;
		memcpy(b + 0xe0 + 16, "\x00\xf0\xff\xff\xff\xff\xff\xff", 8); /* start FFFFFFFFFFFFF000h */
		b[0xe0 + 24] = 0;
		b[0xe0 + 25] = 0x20;                                        /* length 2000h */
		ok(ivrs_decode(b, n, &d) == 0 && diagnose(d, NULL, &v, &fs), "laptop with HATDis and a wrapping IVMD");
		x = finding(&fs, "host_translation_disabled", 0x74 + 20);
		is_str(x ? x->driver_message : NULL, "AMD-Vi: Host Address Translation is not supported.",
		       "init_iommu_one(): HATDis");
		ok(finding(&fs, "ivmd_wraps", 0xe0) != NULL, "start + length past 2^64");
		release(v, &fs);
		ivrs_free(d);
		free(b);
	}
}

/* ---- the command line's overrides (parsed by kcmdline.c) ------------------ */

static void test_override_text(void)
{
	struct kcmdline k;
	char buf[300];

	kcmdline_parse("ivrs_ioapic[5]=0001:80:00.1 ivrs_hpet=0@00:14.0 ivrs_acpihid=AMDI0020:0@0000:00:14.5", &k);
	ok(k.n_ivrs == 3, "three overrides");
	ivrs_override_text(&k.ivrs[0], buf, sizeof(buf));
	is_str(buf, "ivrs_ioapic=5@0001:80:00.1", "the old [5]= form, written the way the kernel suggests");
	ivrs_override_text(&k.ivrs[1], buf, sizeof(buf));
	is_str(buf, "ivrs_hpet=0@0000:00:14.0", "ivrs_hpet with its segment");
	ivrs_override_text(&k.ivrs[2], buf, sizeof(buf));
	is_str(buf, "ivrs_acpihid=AMDI0020:0@0000:00:14.5", "ivrs_acpihid");
	kcmdline_free(&k);
}

/* ---- DMI quirk, absent devices, reserved regions ----------------------------- */

static void test_machine_rules(void)
{
	struct madt madt;
	struct ivrs *d = decode("epyc-8ioh.bin");
	struct ivrs_resv_region direct = { 0x7e000000, 0x7e000fff, "direct" };
	struct ivrs_resv_region msi = { 0xfee00000, 0xfeefffff, "msi" };
	static const struct ivrs_pci_fn fns[] = { { 1, 0x0200, 0x010802 } };
	struct ivrs_fn_resv resv = { 1, 0x0200, &msi, 1 };
	struct ivrs_machine m = { .fn = fns, .nfn = 1, .have_fn = true, .resv = &resv, .nresv = 1 };
	const struct ivrs_finding *x;
	struct ivrs_findings fs;
	struct ivrs_view *v;

	ok(diagnose(d, &m, &v, &fs), "EPYC with one function");
	x = finding(&fs, "ivmd_region_missing", 0x8d6);
	ok(x && x->ev[1].v == 0x7e000000 && x->ev[2].v == 0x7e000fff,
	   "0001:02:00.0: no direct region for the 21h range 7E000000h-7E000FFFh");
	/* the 02h selects of the other IOMMUs name absent functions */
	ok(count(&fs, "entry_device_absent") > 0 && finding(&fs, "entry_device_absent", 0x120),
	   "00:00.0 (02h at 120h) is absent");
	release(v, &fs);
	resv.r = &direct;
	ok(diagnose(d, &m, &v, &fs) &&
	   !count(&fs, "ivmd_region_missing"), "with the direct region: nothing missing");
	release(v, &fs);
	ivrs_free(d);

	/* the Acer quirk: quirks.c adds IOAPIC 4 at 00:14.0 */
	load_madt("laptop-all.apic", &madt);
	d = decode("hostile-base.bin");
	m = (struct ivrs_machine){ .madt = &madt, .dmi_vendor = "Acer", .dmi_product = "Aspire A315-41" };
	ok(diagnose(d, &m, &v, &fs), "base table, Acer DMI");
	x = finding(&fs, "ioapic_not_in_ivrs", -1);
	ok(v->quirk && x && x->ev[0].v == 4 && x->severity == IVRS_INFO &&
	   strstr(x->resolved_by, "quirks.c"), "IOAPIC 4: supplied by the DMI quirk");
	ok(count(&fs, "ioapic_not_in_ivrs") == 2 && finding(&fs, "dmi_quirk", -1),
	   "IOAPIC 5 still missing; the quirk is reported");
	release(v, &fs);
	ivrs_free(d);
}

/* ---- JSON ------------------------------------------------------------------ */

/* One key, one JSON type: walk @o and record the type of each key. */
static bool key_types(json_object *o, json_object *seen, char *bad, size_t len)
{
	if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (!key_types(json_object_array_get_idx(o, i), seen, bad, len))
				return false;
		return true;
	}
	if (!json_object_is_type(o, json_type_object))
		return true;
	json_object_object_foreach(o, k, v) {
		json_object *t;
		json_type type = json_object_get_type(v);

		if (type == json_type_null)
			continue;
		if (type == json_type_double)
			type = json_type_int;
		if (json_object_object_get_ex(seen, k, &t) && json_object_get_int(t) != (int)type) {
			snprintf(bad, len, "%s", k);
			return false;
		}
		json_object_object_add(seen, k, json_object_new_int((int)type));
		if (!key_types(v, seen, bad, len))
			return false;
	}
	return true;
}

static void test_json(void)
{
	static const char *const files[] = { "epyc-8ioh.bin", "laptop-all.bin", "defects.bin",
					     "hostile-cut96.bin", "hostile-uid-past-end.bin" };
	json_object *seen = json_object_new_object();
	char bad[64] = "";
	bool consistent = true;
	struct ivrs *d = decode("laptop-all.bin");
	struct ivrs_view *v;
	struct ivrs_findings fs;
	json_object *t, *x;

	t = ivrs_json_table(d);
	ok(json_object_is_type(json_path(t, "header.checksum"), json_type_string) &&
	   strlen(json_object_get_string(json_path(t, "header.checksum"))) == 4, "checksum: \"0x%%02x\"");
	x = json_object_array_get_idx(json_path(t, "ivhds"), 1);
	is_str(json_object_get_string(json_path(x, "iommu")), "ivhd0", "ivhds[1].iommu = ivhd0");
	is_str(json_object_get_string(json_path(x, "efr_image")), "0x0000000000000a00", "efr_image 16 digits");
	is_str(json_object_get_string(json_path(x, "bdf")), "0000:00:00.2", "IVHD bdf");
	ok(json_object_object_get_ex(json_object_array_get_idx(json_path(t, "ivhds"), 0), "iommu", &x) && !x,
	   "an unused IVHD: iommu null, the key present");
	x = json_object_array_get_idx(json_path(json_object_array_get_idx(json_path(t, "ivhds"), 1), "entries"), 7);
	ok(json_object_get_int(json_path(x, "uid_int")) == 257 &&
	   !strcmp(json_object_get_string(json_path(x, "uid_kernel")), "1") &&
	   json_object_object_get_ex(x, "uid", NULL) && !json_path(x, "uid"),
	   "F0h: uid_int 257, uid_kernel \"1\", uid null (integer format)");
	ok(json_object_get_int(json_path(x, "offset")) == 0xc8, "offsets are integers");
	json_object_put(t);
	ivrs_view_build(d, NULL, &v);
	ivrs_findings(d, NULL, v, &fs);
	t = ivrs_json_findings(&fs);
	x = json_object_array_get_idx(t, 0);
	ok(json_path(x, "rule") && json_path(x, "kernel_function") && json_object_object_get_ex(x, "resolved_by", NULL),
	   "a finding has rule, kernel_function and resolved_by");
	json_object_put(t);
	release(v, &fs);
	ivrs_free(d);
	for (size_t i = 0; i < ARRAY_SIZE(files) && consistent; i++) {
		json_object *o = json_object_new_object();

		d = decode(files[i]);
		ivrs_view_build(d, NULL, &v);
		ivrs_findings(d, NULL, v, &fs);
		json_object_object_add(o, "ivrs", ivrs_json_table(d));
		json_object_object_add(o, "resolved", ivrs_json_view(d, v));
		json_object_object_add(o, "findings", ivrs_json_findings(&fs));
		consistent = key_types(o, seen, bad, sizeof(bad));
		json_object_put(o);
		release(v, &fs);
		ivrs_free(d);
	}
	ok(consistent, "every key has one JSON type across the documents%s%s", bad[0] ? ": " : "", bad);
	json_object_put(seen);
}

static void test_layouts(void)
{
	struct column cols[64];
	struct ivrs *d = decode("epyc-8ioh.bin");
	json_object *t = ivrs_json_table(d), *entries;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	is_u64(ivrs_desc_columns(ivrs_ivhd_desc, IVRS_V_NFIELDS, cols, 64), IVRS_V_NFIELDS,
	       "IVHD record: one row per descriptor");
	/* IVRS_E_DEVID and IVRS_E_SPECIAL_DEVID share the key "bdf" */
	is_u64(ivrs_desc_columns(ivrs_entry_desc, IVRS_E_NFIELDS, cols, 64), IVRS_E_NFIELDS - 1,
	       "entry record: one row per key");
	entries = json_path(json_object_array_get_idx(json_path(t, "ivhds"), 2), "entries");
	f = open_memstream(&out, &len);
	render_table(f, entries, ivrs_entry_table, ivrs_entry_table_n);
	fclose(f);
	ok(out && strstr(out, "0x130") && strstr(out, "42h alias_select") &&
	   strstr(out, "alias 0000:01:00.0") && strstr(out, "ioapic handle 240") &&
	   strstr(out, "AMDI0020 uid \\_SB.FUR0") && strstr(out, "ext 0x80000000 ATS disabled"),
	   "entry table rows");
	free(out);
	json_object_put(t);
	{
		static const struct ivrs_pci_fn fns[] = { { 0, 0x8000, 0x060000 } };
		struct ivrs_machine m = { .fn = fns, .nfn = 1, .have_fn = true };
		struct ivrs_view *v;
		json_object *r;

		ivrs_view_build(d, &m, &v);
		r = ivrs_json_view(d, v);
		out = NULL;
		f = open_memstream(&out, &len);
		render_table(f, json_path(r, "functions"), ivrs_function_table, ivrs_function_table_n);
		fclose(f);
		/* 80:00.0: ivhd1 (IOMMU 1), its 03h range; the 20h IVMD 7F000000h + 64 KiB */
		ok(out && strstr(out, "0000:80:00.0") && strstr(out, "ivhd1") &&
		   strstr(out, "0x000000007f000000-0x000000007f00ffff rw"), "function table row");
		free(out);
		json_object_put(r);
		ivrs_view_free(v);
	}
	ivrs_free(d);
}

int main(void)
{
	test_acpi_basics();
	test_acpidump();
	test_madt();
	test_epyc_decode();
	test_epyc_view();
	test_epyc_efr_rules();
	test_laptop();
	test_defects();
	test_hostile();
	test_same_range();
	test_type_rules();
	test_machine_more();
	test_override_text();
	test_machine_rules();
	test_json();
	test_layouts();
	return done_testing();
}
