// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel .config parsing and /proc/config.gz decompression (see
 * kconfig.h).  The .config syntax is what scripts/kconfig/confdata.c
 * writes: "CONFIG_X=y|m|n|<number>|\"string\"" and "# CONFIG_X is not
 * set"; when a name repeats, conf_read_simple() keeps the later line.
 * Checked in tests/unit/test-kconfig.c.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kconfig.h"
#include "util.h"

const struct kconfig_option kconfig_check_options[] = {
	{ "AMD_IOMMU", "drivers/iommu/amd/Kconfig",
	  "the AMD IOMMU driver (bool); selects IOMMU_SVA, IOMMU_IOPF, PCI_ATS, PCI_PRI, PCI_PASID" },
	{ "AMD_IOMMU_IOMMUFD", "drivers/iommu/amd/Kconfig",
	  "the driver's iommufd support (amd/iommufd.c, nested.c): IOMMU_GET_HW_INFO type AMD and the vIOMMU; without it hw_info is NULL" },
	{ "AMD_IOMMU_DEBUGFS", "drivers/iommu/amd/Kconfig",
	  "/sys/kernel/debug/iommu/amd (devid, devtbl, irqtbl, iommuXX/mmio, capability, cmdbuf); needs IOMMU_DEBUGFS" },
	{ "IOMMU_DEBUGFS", "drivers/iommu/Kconfig", "/sys/kernel/debug/iommu" },
	{ "IRQ_REMAP", "drivers/iommu/Kconfig",
	  "interrupt remapping (x86); without it VFIO and iommufd need allow_unsafe_interrupts" },
	{ "IOMMU_DEFAULT_PASSTHROUGH", "drivers/iommu/Kconfig",
	  "default domain identity when the command line does not choose (iommu_subsys_init())" },
	{ "IOMMU_DEFAULT_DMA_LAZY", "drivers/iommu/Kconfig",
	  "default domain translated with lazy invalidation (DMA-FQ); the x86 default" },
	{ "IOMMU_DEFAULT_DMA_STRICT", "drivers/iommu/Kconfig",
	  "default domain translated with strict invalidation (DMA)" },
	{ "IOMMU_SVA", "drivers/iommu/Kconfig",
	  "shared virtual addressing (iommu_sva_bind_device()); not user-visible, selected by AMD_IOMMU" },
	{ "IOMMUFD", "drivers/iommu/iommufd/Kconfig", "/dev/iommu (y or m)" },
	{ "IOMMUFD_VFIO_CONTAINER", "drivers/iommu/iommufd/Kconfig",
	  "iommufd provides /dev/vfio/vfio instead of the VFIO container" },
	{ "VFIO", "drivers/vfio/Kconfig", "the VFIO framework (y or m)" },
	{ "VFIO_PCI", "drivers/vfio/pci/Kconfig", "the vfio-pci driver (y or m)" },
	{ "VFIO_DEVICE_CDEV", "drivers/vfio/Kconfig",
	  "/dev/vfio/devices/vfioN, the cdev iommufd binds to; needs IOMMUFD" },
	{ "VFIO_GROUP", "drivers/vfio/Kconfig", "/dev/vfio/GROUP" },
	{ "VFIO_CONTAINER", "drivers/vfio/Kconfig", "/dev/vfio/vfio and the type1 container" },
	{ "VFIO_NOIOMMU", "drivers/vfio/Kconfig", "VFIO without an IOMMU (unsafe, taints)" },
	{ "PCI_ATS", "drivers/pci/Kconfig", "PCIe ATS; selected by AMD_IOMMU" },
	{ "PCI_PRI", "drivers/pci/Kconfig", "PCIe page requests; selected by AMD_IOMMU" },
	{ "PCI_PASID", "drivers/pci/Kconfig", "PCIe PASID; selected by AMD_IOMMU" },
	{ "AMD_MEM_ENCRYPT", "arch/x86/Kconfig", "SME/SEV host support (mem_encrypt=)" },
	{ "KVM_AMD_SEV", "arch/x86/kvm/Kconfig",
	  "SEV in kvm_amd, and the IOMMU's SNP enablement (iommu_snp_enable() is under #ifdef CONFIG_KVM_AMD_SEV)" },
	{ "IKCONFIG_PROC", "init/Kconfig", "/proc/config.gz" },
};

const size_t kconfig_check_option_count = ARRAY_SIZE(kconfig_check_options);

struct ordered {
	struct kconfig_entry e;
	size_t line;
};

/* by name, equal names in file order */
static int cmp_ordered(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;
	int c = strcmp(x->e.name, y->e.name);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static size_t name_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && is_name_char(s[n]))
		n++;
	return n;
}

/* One line -> an entry (name and value malloc'd); false if not an option. */
static bool parse_line(const char *l, size_t len, struct kconfig_entry *e)
{
	static const char not_set[] = " is not set";
	size_t n;

	memset(e, 0, sizeof(*e));
	if (len > 9 && !strncmp(l, "# CONFIG_", 9)) {
		n = name_len(l + 9, len - 9);
		if (!n || len - 9 - n != strlen(not_set) || strncmp(l + 9 + n, not_set, len - 9 - n))
			return false;
		e->name = xstrndup(l + 9, n);
		e->state = KCONFIG_NO;
	} else if (len > 7 && !strncmp(l, "CONFIG_", 7)) {
		const char *v;
		size_t vl;

		n = name_len(l + 7, len - 7);
		if (!n || 7 + n >= len || l[7 + n] != '=')
			return false;
		v = l + 8 + n;
		vl = len - 8 - n;
		e->name = xstrndup(l + 7, n);
		if (vl == 1 && (*v == 'y' || *v == 'm' || *v == 'n')) {
			e->state = *v == 'y' ? KCONFIG_YES : *v == 'm' ? KCONFIG_MODULE : KCONFIG_NO;
		} else {
			e->state = KCONFIG_VALUE;
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
		}
		if (e->state != KCONFIG_NO)
			e->value = xstrndup(v, vl);
	} else {
		return false;
	}
	return true;
}

int kconfig_parse(const char *text, struct kconfig *k)
{
	const char *p = text ? text : "";
	struct ordered *o = NULL;
	size_t cap = 0, n = 0;

	memset(k, 0, sizeof(*k));
	while (*p) {
		size_t len = strcspn(p, "\n");
		struct kconfig_entry e;

		if (len && p[len - 1] == '\r')
			len--;
		if (parse_line(p, len, &e)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				o = xrealloc(o, cap * sizeof(*o));
			}
			o[n].e = e;
			o[n].line = n;
			n++;
		} else if (len && p[0] != '#') {
			k->bad_lines++;
		}
		p += len;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	if (n)
		qsort(o, n, sizeof(*o), cmp_ordered);
	k->v = xmalloc((n ? n : 1) * sizeof(*k->v));
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && !strcmp(o[i].e.name, o[i + 1].e.name)) {
			free(o[i].e.name);
			free(o[i].e.value);
			continue;
		}
		k->v[k->n++] = o[i].e;
	}
	free(o);
	return k->n ? 0 : -EINVAL;
}

void kconfig_free(struct kconfig *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].name);
		free(k->v[i].value);
	}
	free(k->v);
	memset(k, 0, sizeof(*k));
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kconfig_entry *)elem)->name);
}

enum kconfig_state kconfig_get(const struct kconfig *k, const char *name, const char **value)
{
	const struct kconfig_entry *e = NULL;

	if (k->n)
		e = bsearch(name, k->v, k->n, sizeof(*k->v), cmp_name);
	/* "CONFIG_X" is X, unless an option is really called CONFIG_X */
	if (!e && k->n && !strncmp(name, "CONFIG_", 7))
		e = bsearch(name + 7, k->v, k->n, sizeof(*k->v), cmp_name);
	if (value)
		*value = e ? e->value : NULL;
	return e ? e->state : KCONFIG_UNSET;
}

const char *kconfig_state_name(enum kconfig_state s)
{
	static const char *const names[] = { "unset", "n", "y", "m", "value" };

	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "unset";
}

/* inflate with gzip framing (windowBits 15 + 16), concatenated members too */
int kconfig_gunzip(const void *data, size_t len, size_t max, char **text, size_t *text_len)
{
	z_stream z;
	size_t cap = 4096, n = 0;
	char *out;
	int rc;

	*text = NULL;
	if (text_len)
		*text_len = 0;
	if (len < 18 || ((const unsigned char *)data)[0] != 0x1f ||
	    ((const unsigned char *)data)[1] != 0x8b || len > UINT32_MAX)
		return -EINVAL;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -ENOMEM;
	if (cap > max)
		cap = max;
	out = xmalloc(cap + 1);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				rc = -EFBIG;
				break;
			}
			cap = cap * 2 > max ? max : cap * 2;
			out = xrealloc(out, cap + 1);
		}
		z.next_out = (unsigned char *)out + n;
		z.avail_out = (uInt)(cap - n);
		rc = inflate(&z, Z_NO_FLUSH);
		n = cap - z.avail_out;
		if (rc == Z_STREAM_END) {
			if (!z.avail_in) {
				rc = 0;
				break;
			}
			rc = inflateReset(&z) == Z_OK ? Z_OK : Z_DATA_ERROR;
		}
		if (rc != Z_OK && !(rc == Z_BUF_ERROR && !z.avail_out)) {
			rc = rc == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
			break;
		}
	}
	inflateEnd(&z);
	if (rc) {
		free(out);
		return rc;
	}
	out[n] = '\0';
	*text = out;
	if (text_len)
		*text_len = n;
	return 0;
}
