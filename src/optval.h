/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Values of command options (--count, --timeout, --flags, --map, --hold,
 * --group): strict, pure parsers, 0 or -EINVAL.  The callers print the
 * usage error.
 */
#ifndef AMDIOMMUCTL_OPTVAL_H
#define AMDIOMMUCTL_OPTVAL_H

#include <stdint.h>

/* Decimal 1..@max, nothing else. */
int optval_positive(const char *s, unsigned long max, unsigned long *out);
/* 0..UINT32_MAX, decimal, octal (0...) or hex (0x...). */
int optval_u32(const char *s, uint32_t *out);
/* "4096", "2M", "1G", "64k", "0x200000", "2MiB": 1 byte..1 TiB, rounded
 * up to whole 4 KiB pages. */
int optval_size(const char *s, uint64_t *out);
/* Seconds 0..one year; NULL (no value) is 0, "until a signal". */
int optval_hold(const char *s, int *out);
/* An IOMMU group number, decimal 0..2^30. */
int optval_group(const char *s, int *out);

#endif
