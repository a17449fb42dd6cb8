/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interrupt remapping table entries and the debugfs `irqtbl` text
 * (drivers/iommu/amd/amd_iommu_types.h union irte, union irte_ga_lo and
 * irte_ga_hi; drivers/iommu/amd/debugfs.c dump_128_irte/dump_32_irte).
 */
#ifndef AMDIOMMUCTL_IRTE_H
#define AMDIOMMUCTL_IRTE_H

#include <stdbool.h>
#include <stdint.h>

#include "bdf.h"
#include "fields.h"

/* The formats an IRTE field belongs to (struct field.flags). */
#define IRTE_LEGACY 1 /* 32-bit union irte */
#define IRTE_REMAP  2 /* 128-bit, guest_mode 0: remapped */
#define IRTE_VAPIC  4 /* 128-bit, guest_mode 1: posted to a vAPIC */
#define IRTE_GA     (IRTE_REMAP | IRTE_VAPIC)
#define IRTE_ALL    (IRTE_LEGACY | IRTE_GA)

/*
 * X(member, word, low bit, width, kind, label, formats, getter); word 0
 * is the legacy entry or irte_ga_lo, word 1 irte_ga_hi.  A member may
 * have one row per format.
 */
#define IRTE_FIELDS(X)                                                            \
	X(valid,        0,  0,  1, FLAG, "valid",       IRTE_ALL, NULL)               \
	X(no_fault,     0,  1,  1, FLAG, "no_fault",    IRTE_ALL, NULL)               \
	X(int_type,     0,  2,  3, UINT, "int_type",    IRTE_LEGACY | IRTE_REMAP, NULL) \
	X(ga_log_intr,  0,  2,  1, FLAG, "ga_log_intr", IRTE_VAPIC, NULL)             \
	X(rq_eoi,       0,  5,  1, FLAG, "rq_eoi",      IRTE_LEGACY | IRTE_REMAP, NULL) \
	X(dest_logical, 0,  6,  1, FLAG, "dm",          IRTE_LEGACY | IRTE_REMAP, NULL) \
	X(is_run,       0,  6,  1, FLAG, "is_run",      IRTE_VAPIC, NULL)             \
	X(guest_mode,   0,  7,  1, FLAG, "guest_mode",  IRTE_GA, NULL)                \
	X(destination,  0,  8,  8, UINT, "destination", IRTE_LEGACY, NULL)            \
	X(destination,  0,  8, 24, UINT, "destination", IRTE_GA, irte_ga_destination) \
	X(vector,       0, 16,  8, UINT, "vector",      IRTE_LEGACY, NULL)            \
	X(vector,       1,  0,  8, UINT, "vector",      IRTE_GA, NULL)                \
	X(ga_tag,       0, 32, 32, UINT, "ga_tag",      IRTE_GA, NULL)                \
	X(ga_root,      1, 12, 40, ADDR, "ga_root_ptr", IRTE_VAPIC, NULL)

#define IRTE_TYPE_FLAG bool
#define IRTE_TYPE_UINT uint32_t
#define IRTE_TYPE_ADDR uint64_t

struct irte_info {
	unsigned index;
	bool ga;          /* 128-bit format */
	uint64_t lo, hi;  /* legacy: the 32-bit value in lo, hi 0 */
	unsigned format;  /* IRTE_LEGACY, IRTE_REMAP or IRTE_VAPIC */
	bool valid, no_fault, rq_eoi, dest_logical, guest_mode;
	uint32_t int_type;     /* delivery mode (remapped entries) */
	uint32_t vector;
	uint32_t destination;  /* APIC ID: 8-bit legacy, 32-bit GA */
	/* guest (vAPIC) mode, GA format with guest_mode set */
	bool ga_log_intr, is_run;
	uint32_t ga_tag;
	uint64_t ga_root;      /* vAPIC backing page address (ga_root_ptr << 12) */
};

extern const struct field irte_field_table[];
/* GA destination: lo 31:8 is bits 23:0, hi 63:56 bits 31:24. */
uint64_t irte_ga_destination(const uint64_t *w);

/* "IRT[%04d] %016llx %016llx" (hi, lo) or "IRT[%04d] %08x".  0 or -EINVAL. */
int irte_parse_line(const char *line, struct irte_info *out);
void irte_decode(unsigned index, bool ga, uint64_t lo, uint64_t hi,
		 struct irte_info *out);
/* "fixed" "arbitrated" "smi" "nmi" "init" "extint" "reserved" */
const char *irte_int_type_name(unsigned t);

/*
 * Find the section of @want in a debugfs `irqtbl` read (a captured tree
 * holds one section per device).  Returns 0 and sets *body to the first
 * IRT line of the section; -EOPNOTSUPP "Interrupt remapping is disabled";
 * -ENXIO "IRQ lookup table not set for" @want; -EBADMSG the "invalid IRT
 * length" message; -ENODATA no selection / empty; -ENOENT nothing names
 * @want; -EINVAL garbage.
 */
int irqtbl_find(const char *text, const struct bdf *want, const char **body);
/*
 * Next entry of a section: 1 and *out filled, 0 at the end of the
 * section, -EINVAL for a line that is not an IRT line (*cursor moves past
 * it either way).
 */
int irqtbl_next(const char **cursor, struct irte_info *out);

#endif
