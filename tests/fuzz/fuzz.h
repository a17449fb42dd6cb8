/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets in this directory (tests/fuzz/run.sh
 * builds and runs them; see its header).  Header only: each target is
 * one translation unit.
 */
#ifndef AMDIOMMUCTL_FUZZ_H
#define AMDIOMMUCTL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the parser under test: report it and abort (a crash). */
#define FUZZ_CHECK(cond)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",      \
				__FILE__, __LINE__, #cond);                   \
			abort();                                              \
		}                                                             \
	} while (0)

/* The input as an exactly sized C string (ASan sees a read past it). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The input as an exactly sized buffer without a terminator. */
static inline char *fuzz_mem(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	return s;
}

/* Take @n bytes off the front of the input as a little-endian number. */
static inline uint64_t fuzz_take(const uint8_t **data, size_t *size, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n && *size; i++, (*data)++, (*size)--)
		v |= (uint64_t)**data << (8 * i);
	return v;
}

#endif
