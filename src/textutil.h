/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line helpers shared by the text parsers of the pure layer. */
#ifndef AMDIOMMUCTL_TEXTUTIL_H
#define AMDIOMMUCTL_TEXTUTIL_H

#include <stdbool.h>
#include <string.h>

static inline size_t line_len(const char *p)
{
	return strcspn(p, "\n");
}

/* The start of the next line, or the terminating NUL. */
static inline const char *next_line(const char *p)
{
	p += line_len(p);
	return *p ? p + 1 : p;
}

static inline bool starts_with(const char *p, const char *prefix)
{
	return !strncmp(p, prefix, strlen(prefix));
}

/* @n bytes of well-formed UTF-8 without NUL bytes (text.c). */
bool text_valid(const char *s, size_t n);

#endif
