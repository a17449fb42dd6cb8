// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The interrupt controllers the AMD IOMMU driver looks up in the IVRS:
 * the MADT's (signature "APIC") I/O APIC structures, whose IDs
 * check_ioapic_information() (drivers/iommu/amd/init.c) checks, and the
 * HPET table's HPET number (include/acpi/actbl1.h struct acpi_table_hpet:
 * id 36, address 40 (12 bytes), sequence 52).  Layout:
 * include/acpi/actbl2.h struct acpi_table_madt (address 36, flags 40,
 * structures from 44, each {type, length}) and struct acpi_madt_io_apic
 * (type 1, length 12: id 2, reserved 3, address 4, global_irq_base 8).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "acpi.h"

#define MADT_ENTRIES     44
#define MADT_TYPE_IOAPIC 1
#define MADT_IOAPIC_LEN  12

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int madt_decode(const uint8_t *p, size_t n, struct madt *out)
{
	size_t end, off;

	memset(out, 0, sizeof(*out));
	if (n < MADT_ENTRIES || memcmp(p, "APIC", 4))
		return -EINVAL;
	acpi_header_decode(p, n, &out->hdr);
	end = out->hdr.length < n ? out->hdr.length : n;
	out->checksum_ok = out->hdr.length <= n && !acpi_sum8(p, out->hdr.length);
	out->lapic_address = le32(p + 36);
	out->flags = le32(p + 40);
	for (off = MADT_ENTRIES; off < end; off += p[off + 1]) {
		struct madt_ioapic *io;

		if (end - off < 2 || p[off + 1] < 2 || p[off + 1] > end - off) {
			out->bad_offset = (uint32_t)off;
			break;
		}
		out->nentries++;
		if (p[off] != MADT_TYPE_IOAPIC)
			continue;
		if (p[off + 1] < MADT_IOAPIC_LEN) {
			out->bad_offset = (uint32_t)off;
			break;
		}
		if (out->nioapic == MADT_MAX_IOAPICS) {
			out->ioapic_dropped++;
			continue;
		}
		io = &out->ioapic[out->nioapic++];
		io->id = p[off + 2];
		io->address = le32(p + off + 4);
		io->gsi_base = le32(p + off + 8);
		io->offset = (uint32_t)off;
	}
	return 0;
}

int madt_sb_ioapic(const struct madt *m)
{
	for (unsigned i = 0; i < m->nioapic; i++)
		if (m->ioapic[i].gsi_base == 0)
			return (int)i;
	return -1;
}

int acpi_hpet_number(const uint8_t *p, size_t n)
{
	if (n < 56 || memcmp(p, "HPET", 4))
		return -EINVAL;
	return p[52];
}
