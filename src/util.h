/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef AMDIOMMUCTL_UTIL_H
#define AMDIOMMUCTL_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure is fatal: print one line and exit 1. */
void *xmalloc(size_t n);
void *xzalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The strings up to NULL, joined: a path without printf's cost (it is
 * built for every file of every device). */
char *xjoin(const char *s, ...) __attribute__((sentinel));

/* @p, or exit as on allocation failure when it is NULL (a constructor
 * that returns NULL when out of memory). */
void *xnonnull(void *p);

/* Free the first @n strings of @v and @v. */
void strv_free(char **v, size_t n);

/* "ENODEV" for 19; "E<n>" for unknown values. */
const char *errno_name(int err);

#endif
