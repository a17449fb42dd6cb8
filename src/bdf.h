/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCI addresses (segment:bus:device.function) and the IOMMU's device IDs. */
#ifndef AMDIOMMUCTL_BDF_H
#define AMDIOMMUCTL_BDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bdf {
	uint16_t seg;
	uint8_t bus, dev, fn;
};

#define BDF_STRLEN 13 /* "ssss:bb:dd.f" + NUL */

/*
 * Parse "SSSS:BB:DD.F" or "BB:DD.F" (segment 0), hex, case-insensitive,
 * nothing else (no trailing text except one '\n').  dev <= 0x1f, fn <= 7.
 * Returns 0 or -EINVAL.
 */
int bdf_parse(const char *s, struct bdf *out);
/* The same for the @n bytes at @p (not NUL-terminated). */
int bdf_parse_n(const char *p, size_t n, struct bdf *out);
/* Always "%04x:%02x:%02x.%x". */
void bdf_format(const struct bdf *b, char buf[BDF_STRLEN]);
bool bdf_equal(const struct bdf *a, const struct bdf *b);
/* 16-bit device id as the IOMMU sees it: bus << 8 | dev << 3 | fn. */
uint16_t bdf_devid(const struct bdf *b);
/* The function of device id @devid on segment @seg. */
struct bdf bdf_from_devid(uint16_t seg, uint16_t devid);
/* Order by (segment, bus, device, function): <0, 0, >0. */
int bdf_cmp(const struct bdf *a, const struct bdf *b);

#endif
