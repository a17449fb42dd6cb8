// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ACPI table header every table starts with, its checksum, and
 * bounded little-endian reads.  Layout: include/acpi/actbl.h struct
 * acpi_table_header (signature 0, length 4, revision 8, checksum 9,
 * oem_id 10, oem_table_id 16, oem_revision 24, asl_compiler_id 28,
 * asl_compiler_revision 32).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "acpi.h"

bool acpi_le(const uint8_t *p, size_t n, size_t off, unsigned bytes,
	     uint64_t *out)
{
	uint64_t v = 0;

	if (bytes == 0 || bytes > 8 || off > n || n - off < bytes)
		return false;
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)p[off + i] << (8 * i);
	*out = v;
	return true;
}

void acpi_text(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++)
		out[i] = p[i] >= 0x20 && p[i] <= 0x7e ? (char)p[i] : '?';
	out[i] = '\0';
}

uint8_t acpi_sum8(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int acpi_header_decode(const uint8_t *p, size_t n, struct acpi_header *h)
{
	if (n < ACPI_HEADER_LEN)
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	acpi_text(p, 4, h->signature);
	h->length = le32(p + 4);
	h->revision = p[8];
	h->checksum = p[9];
	acpi_text(p + 10, 6, h->oem_id);
	acpi_text(p + 16, 8, h->oem_table_id);
	h->oem_revision = le32(p + 24);
	acpi_text(p + 28, 4, h->creator_id);
	h->creator_revision = le32(p + 32);
	return 0;
}
