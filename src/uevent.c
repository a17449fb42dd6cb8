// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel uevent parser (see uevent.h).  Pure: no I/O, no allocation, no
 * global state; every read is bounded by the caller's length.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "uevent.h"

/* Copy @n bytes of printable ASCII into @dst (size @size) or fail. */
static int copy_field(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)src[i] < 0x20 || (unsigned char)src[i] > 0x7e)
			return -EINVAL;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

static bool field_equals(const char *s, const char *v, size_t n)
{
	return strlen(s) == n && !memcmp(s, v, n);
}

static int parse_seqnum(const char *v, size_t n, uint64_t *out)
{
	uint64_t x = 0;

	if (n == 0 || n > 20)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned d;

		if (v[i] < '0' || v[i] > '9')
			return -EINVAL;
		d = (unsigned)(v[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*out = x;
	return 0;
}

int uevent_parse(const char *buf, size_t len, struct uevent *out)
{
	const char *end, *p, *at, *hend;
	size_t alen;
	int r;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!buf || len == 0 || len > UEVENT_MAX_LEN)
		return -EINVAL;
	if (len >= 8 && !memcmp(buf, "libudev", 8))
		return UEVENT_IGNORED;
	end = buf + len;

	/* Header "action@/devpath", up to the first NUL or the end. */
	hend = memchr(buf, '\0', len);
	if (!hend)
		hend = end;
	at = memchr(buf, '@', (size_t)(hend - buf));
	if (!at)
		return -EINVAL;
	alen = (size_t)(at - buf);
	if (alen == 0 || alen >= sizeof(out->action))
		return -EINVAL;
	for (size_t i = 0; i < alen; i++)
		if (buf[i] < 'a' || buf[i] > 'z')
			return -EINVAL;
	memcpy(out->action, buf, alen);
	out->action[alen] = '\0';
	if (at + 1 >= hend || at[1] != '/')
		return -EINVAL;
	r = copy_field(out->devpath, sizeof(out->devpath), at + 1,
		       (size_t)(hend - at - 1));
	if (r)
		return r;

	/* KEY=VALUE fields; empty ones (runs of NULs) are skipped. */
	for (p = hend; p < end; ) {
		const char *f, *fend, *eq;
		size_t klen, vlen;

		if (*p == '\0') {
			p++;
			continue;
		}
		f = p;
		fend = memchr(f, '\0', (size_t)(end - f));
		if (!fend)
			fend = end;
		p = fend;
		eq = memchr(f, '=', (size_t)(fend - f));
		if (!eq || eq == f)
			return -EINVAL;
		klen = (size_t)(eq - f);
		vlen = (size_t)(fend - eq - 1);
#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(f, k, klen))
		if (KEY("ACTION")) {
			if (!field_equals(out->action, eq + 1, vlen))
				return -EINVAL;
		} else if (KEY("DEVPATH")) {
			if (!field_equals(out->devpath, eq + 1, vlen))
				return -EINVAL;
		} else if (KEY("SUBSYSTEM")) {
			r = copy_field(out->subsystem, sizeof(out->subsystem), eq + 1, vlen);
		} else if (KEY("DRIVER")) {
			r = copy_field(out->driver, sizeof(out->driver), eq + 1, vlen);
		} else if (KEY("DEVNAME")) {
			r = copy_field(out->devname, sizeof(out->devname), eq + 1, vlen);
		} else if (KEY("PCI_SLOT_NAME")) {
			r = copy_field(out->pci_slot_name, sizeof(out->pci_slot_name), eq + 1, vlen);
		} else if (KEY("SEQNUM")) {
			r = parse_seqnum(eq + 1, vlen, &out->seqnum);
			out->has_seqnum = !r;
		}
#undef KEY
		if (r)
			return r;
	}
	return 0;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* "SSSS:BB:DD.F" shape, @n bytes, nothing else. */
static bool bdf_shaped(const char *s, size_t n)
{
	static const char shape[] = "xxxx:xx:xx.x";

	if (n != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'x' ? !is_hex(s[i]) : s[i] != shape[i])
			return false;
	return true;
}

/* The @k-th component from the end of @path (0: last), or NULL. */
static const char *component(const char *path, unsigned k, size_t *n)
{
	const char *e = path + strlen(path), *s;

	for (;;) {
		s = e;
		while (s > path && s[-1] != '/')
			s--;
		if (k-- == 0)
			break;
		if (s == path)
			return NULL;
		e = s - 1;
	}
	*n = (size_t)(e - s);
	return s;
}

int uevent_pci_name(const struct uevent *ev, char name[16])
{
	const char *c = NULL;
	size_t n = 0;

	if (!strcmp(ev->subsystem, "pci"))
		c = component(ev->devpath, 0, &n);
	else if (!strcmp(ev->subsystem, "vfio-dev"))
		c = component(ev->devpath, 2, &n);
	if ((!c || !bdf_shaped(c, n)) && bdf_shaped(ev->pci_slot_name, strlen(ev->pci_slot_name))) {
		c = ev->pci_slot_name;
		n = strlen(c);
	}
	if (!c || !bdf_shaped(c, n))
		return -ENOENT;
	memcpy(name, c, n);
	name[n] = '\0';
	return 0;
}

static long parse_group(const char *s)
{
	long v = 0;

	if (!*s || strlen(s) > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

long uevent_group(const struct uevent *ev)
{
	static const char groups[] = "/kernel/iommu_groups/";
	static const char vfio[] = "/devices/virtual/vfio/";

	if (!strncmp(ev->devpath, groups, sizeof(groups) - 1))
		return parse_group(ev->devpath + sizeof(groups) - 1);
	if (!strcmp(ev->subsystem, "vfio") &&
	    !strncmp(ev->devpath, vfio, sizeof(vfio) - 1))
		return parse_group(ev->devpath + sizeof(vfio) - 1);
	return -1;
}
