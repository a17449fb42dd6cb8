// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsers for the smaller AMD debugfs texts (drivers/iommu/amd/debugfs.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "amd.h"

int mmio_find(const char *text, unsigned offset, uint64_t *val)
{
	const char *p = text;

	if (!strncmp(text, "Please provide", 14))
		return -ENODATA;
	while (*p) {
		unsigned off;
		unsigned long long v;
		int n = 0;

		if (sscanf(p, "Offset:0x%x Value:0x%16llx%n", &off, &v, &n) == 2 &&
		    n > 0 && (p[n] == '\n' || p[n] == '\0')) {
			if (off == offset) {
				*val = v;
				return 0;
			}
		} else {
			return -EINVAL;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return -ENOENT;
}

int cmdbuf_head_tail(const char *text, unsigned *head, unsigned *tail)
{
	int n = 0;

	if (sscanf(text, "CMD Buffer Head Offset:%u Tail Offset:%u%n", head,
		   tail, &n) != 2 || n == 0 || (text[n] != '\n' && text[n]))
		return -EINVAL;
	return 0;
}
