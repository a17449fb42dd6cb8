/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex digits in and out: the one place every parser and printer uses. */
#ifndef AMDIOMMUCTL_HEX_H
#define AMDIOMMUCTL_HEX_H

#include <stddef.h>
#include <stdint.h>

#define HEX_STRLEN 19 /* "0x" + 16 digits + NUL */

/* The value of hex digit @c, or -1. */
int hex_digit(unsigned char c);
/* s[0..n) is all hex digits (n > 0). */
int hex_all(const char *s, size_t n);
/* A whole field s[0..n) of hex digits, optional "0x", at most 64 bits:
 * 0 or -EINVAL. */
int hex_span(const char *s, size_t n, uint64_t *out);
/* Strict parse of a whole token: optional 0x, hex digits, optional
 * trailing '\n', at most 64 bits.  0 or -EINVAL. */
int parse_hex_u64(const char *s, uint64_t *out);
/* Write "0x" and exactly @digits (1..16) lowercase digits of @v, NUL
 * terminated; returns the length (2 + @digits). */
size_t hex_format(char buf[HEX_STRLEN], uint64_t v, int digits);
/* How many digits @v needs (at least 1). */
int hex_digits_needed(uint64_t v);

#endif
