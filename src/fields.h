/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Descriptor tables for decoded hardware structures (DTE, EFR, EFR2, the
 * control register, IRTEs, the capability header): a field is a bit range
 * of one word with a JSON key and the name the AMD spec and the kernel use.
 * Decoders, JSON and the record views all read the same table, so a new
 * field is one table line.
 */
#ifndef AMDIOMMUCTL_FIELDS_H
#define AMDIOMMUCTL_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

enum field_kind {
	FIELD_FLAG, /* one bit: a boolean */
	FIELD_UINT, /* an unsigned number (shifted down) */
	FIELD_ADDR, /* an address: the bits stay where they are */
};

struct field {
	const char *key;   /* JSON key; NULL ends a table */
	const char *label; /* the AMD spec's / kernel's name */
	uint8_t word, lo, width;
	uint8_t kind;      /* enum field_kind */
	uint16_t flags;    /* what the table's owner makes of it */
	/* assembled from several bit ranges (NULL: the range above) */
	uint64_t (*get)(const uint64_t *words);
};

static inline uint64_t field_bits(uint64_t w, unsigned lo, unsigned width)
{
	return (w >> lo) & (width >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << width) - 1);
}

/* The value of @f in @words: shifted down, or in place for FIELD_ADDR. */
static inline uint64_t field_value(const struct field *f, const uint64_t *words)
{
	if (f->get)
		return f->get(words);
	if (f->kind == FIELD_ADDR)
		return field_bits(words[f->word], f->lo, f->width) << f->lo;
	return field_bits(words[f->word], f->lo, f->width);
}

#endif
