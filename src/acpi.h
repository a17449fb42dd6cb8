/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure decoders for ACPI tables as firmware hands them to Linux
 * (/sys/firmware/acpi/tables/NAME): the common table header and its
 * checksum, acpidump's hex text, and the MADT's IOAPIC entries.  No I/O
 * and no allocation: every function maps bytes (or text) to values.
 * The IVRS has its own header, acpi-ivrs.h.
 */
#ifndef AMDIOMMUCTL_ACPI_H
#define AMDIOMMUCTL_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- little-endian reads, bounded -------------------------------------- */

/*
 * The @bytes-byte (1..8) little-endian value at @off of @p[0..@n), or
 * false when it does not lie entirely inside.
 */
bool acpi_le(const uint8_t *p, size_t n, size_t off, unsigned bytes,
	     uint64_t *out);

/* ---- the common header (ACPI 6.5 §5.2.6, include/acpi/actbl.h) ---------- */

#define ACPI_HEADER_LEN 36

struct acpi_header {
	char signature[5];      /* 4 bytes, NUL added */
	uint32_t length;        /* the whole table, header included */
	uint8_t revision, checksum;
	char oem_id[7], oem_table_id[9], creator_id[5];
	uint32_t oem_revision, creator_revision;
};

/*
 * Decode the first ACPI_HEADER_LEN bytes.  The text fields stop at the
 * first NUL, as iasl prints them; bytes outside 0x20..0x7e read as '?'.
 * Returns 0, or -EINVAL when @n < ACPI_HEADER_LEN.
 */
int acpi_header_decode(const uint8_t *p, size_t n, struct acpi_header *h);
/* The 8-bit sum of @p[0..@n); a table is valid when its sum is 0. */
uint8_t acpi_sum8(const uint8_t *p, size_t n);
/*
 * Copy @n bytes of a text field as acpi_header_decode() does: up to the
 * first NUL, non-printable bytes as '?'; @out holds @n + 1 bytes.
 */
void acpi_text(const uint8_t *p, size_t n, char *out);

/* ---- acpidump's hex text ------------------------------------------------ */

/*
 * The bytes of one table in the text `acpidump` prints:
 *
 *   IVRS @ 0x00000000bbf6e000
 *       0000: 49 56 52 53 D0 00 00 00 02 3E 41 4D 44 20 20 00  IVRS.....>AMD  .
 *       ...
 *
 * (and the "    OFFS: HH ..  // ascii" lines iasl's "Raw Table Data"
 * uses; also `xxd` and `hexdump -C` output, whose "*" lines repeat the
 * line before).  @sig picks the table ("IVRS", "APIC"); @instance the n-th table
 * of that signature (acpidump prints SSDTs several times).  Text without
 * any "SIG @ ADDR" line is read as the hex lines of one table, whatever
 * @sig.  Each line's offset must follow the previous line's bytes.
 *
 * Writes at most @cap bytes to @buf and returns the table's size (larger
 * than @cap: call again with a larger buffer), -ENOENT when no such table
 * is in the text, -EINVAL for a malformed hex line (*@bad_line: its
 * 1-based line number, when @bad_line is not NULL).
 */
long acpidump_extract(const char *text, size_t len, const char *sig,
		      unsigned instance, uint8_t *buf, size_t cap,
		      size_t *bad_line);

/*
 * The table @sig from a file's bytes: the bytes themselves when they
 * start with @sig but not with "SIG @ " (a raw table, as
 * /sys/firmware/acpi/tables/@sig holds it, maybe cut), else acpidump's
 * text (its first table of that signature).  Returns as
 * acpidump_extract().
 */
long acpi_table_extract(const uint8_t *data, size_t n, const char *sig,
			uint8_t *buf, size_t cap, size_t *bad_line);

/* ---- MADT: IOAPIC entries (ACPI 6.5 §5.2.12.3, actbl2.h) ---------------- */

/* arch/x86/include/asm/apicdef.h MAX_IO_APICS */
#define MADT_MAX_IOAPICS 128

struct madt_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
	uint32_t offset;        /* of the entry in the table */
};

struct madt {
	struct acpi_header hdr;
	bool checksum_ok;
	uint32_t lapic_address, flags;
	struct madt_ioapic ioapic[MADT_MAX_IOAPICS]; /* MADT order */
	unsigned nioapic;
	unsigned ioapic_dropped;   /* IOAPIC entries past MADT_MAX_IOAPICS */
	unsigned nentries;         /* interrupt controller structures read */
	/* The first structure that could not be read (0: none): a length
	 * below 2 or past the end, or an IOAPIC entry shorter than 12. */
	uint32_t bad_offset;
};

/*
 * Decode an APIC table: header, local APIC address, flags and every type
 * 1 (I/O APIC) structure.  Returns 0 (also for a table with a bad entry:
 * see @bad_offset), -EINVAL when @n < 44 or the signature is not "APIC".
 */
int madt_decode(const uint8_t *p, size_t n, struct madt *out);
/*
 * The IOAPIC x86 takes as the southbridge one: arch/x86/kernel/apic/
 * io_apic.c mp_find_ioapic(0) returns the first IOAPIC whose GSI range
 * holds GSI 0, i.e. the first with GSI base 0.  Index or -1.
 */
int madt_sb_ioapic(const struct madt *m);

/*
 * The HPET table's HPET number (struct acpi_table_hpet.sequence, byte
 * 52): x86 takes it as hpet_blockid, the id get_hpet_devid() looks up in
 * the IVRS special entries.  Returns it, or -EINVAL when @n < 56 or the
 * signature is not "HPET".
 */
int acpi_hpet_number(const uint8_t *p, size_t n);

#endif
