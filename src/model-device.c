// SPDX-License-Identifier: GPL-2.0-or-later
/* PCI functions in the model: IDs and name (libpci), driver, IOMMU,
 * group and its type, VFIO cdev, PASID/ATS/PRI, and the DTE summary. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "hex.h"
#include "json.h"
#include "model.h"
#include "pcicaps.h"
#include "util.h"

#define SYS_PCI "/sys/bus/pci/devices"

static bool filter_match(const struct device_filter *f, const char *bdf,
			 const char *iommu, const char *driver, int group)
{
	if (!f)
		return true;
	if (f->nbdfs) {
		bool hit = false;

		for (int i = 0; i < f->nbdfs; i++)
			hit |= !strcmp(f->bdfs[i], bdf);
		if (!hit)
			return false;
	}
	if (f->iommu && (!iommu || strcmp(f->iommu, iommu)))
		return false;
	if (f->driver && (!driver || strcmp(f->driver, driver)))
		return false;
	if (f->group >= 0 && f->group != group)
		return false;
	return true;
}

static json_object *cap_json(const struct pcie_cap_state *s)
{
	json_object *o = json_object_new_object();

	json_add(o, "supported", json_new_bool(s->supported));
	json_add(o, "enabled", json_new_bool(s->enabled));
	return o;
}

/* PASID/ATS/PRI from config space; null when it cannot be read. */
static void add_pcie_caps(struct ctx *c, json_object *o, const struct bdf *b,
			  const char *name)
{
	char *path = xjoin(SYS_PCI "/", name, "/config", NULL), *cfg = NULL;
	size_t len = 0;
	int err = host_read_max(c->h, path, 4096, &cfg, &len);
	struct pcie_caps k;
	json_object *pasid;

	/*
	 * sysfs gives 64 bytes to a reader without CAP_SYS_ADMIN, and 256
	 * (conventional) or 4096 (PCIe) to root: any other size is a
	 * truncated copy.
	 */
	if (!err && len != 64 && len != 256 && len != 4096)
		err = len ? -HOST_ETRUNC : -ENODATA;
	if (err || len == 64) {
		json_add(o, "pasid", NULL);
		json_add(o, "ats", NULL);
		json_add(o, "pri", NULL);
		if (!err)
			ctx_unavailable(c, SYS_PCI "/*/config", EACCES,
					"extended config space (PASID/ATS/PRI) needs root");
		else if (err == -HOST_ETRUNC)
			ctx_unavailable(c, path, err, "config space is truncated: "
					"not 64, 256 or 4096 bytes");
		else
			ctx_unreadable(c, path, err, "cannot read config space");
		free(cfg);
		free(path);
		return;
	}
	free(path);
	pcie_caps_decode(c->pacc, b, (const uint8_t *)cfg, len, &k);
	free(cfg);
	pasid = cap_json(&k.pasid);
	/* doc/json.md: keys are null, never left out, when they do not apply */
	json_add(pasid, "exec", k.pasid.supported ? json_new_bool(k.pasid_exec) : NULL);
	json_add(pasid, "priv", k.pasid.supported ? json_new_bool(k.pasid_priv) : NULL);
	json_add(pasid, "max_width", k.pasid.supported ? json_new_int(k.pasid_width) : NULL);
	json_add(o, "pasid", pasid);
	json_add(o, "ats", cap_json(&k.ats));
	json_add(o, "pri", cap_json(&k.pri));
}

/* "0x" and exactly @digits hex digits, as sysfs prints PCI IDs. */
static bool hex_id(const char *s, size_t digits)
{
	return !strncmp(s, "0x", 2) && strlen(s + 2) == digits && hex_all(s + 2, digits);
}

/* An ID attribute (vendor, device, class) of @digits hex digits. */
static char *read_attr(struct ctx *c, const char *dev, const char *attr,
		       size_t digits)
{
	char *path = xjoin(SYS_PCI "/", dev, "/", attr, NULL), *v = NULL;
	int err = host_read_line(c->h, path, &v);

	if (!err && !hex_id(v, digits)) {
		free(v);
		err = -EINVAL;
	}
	if (err) {
		ctx_unreadable(c, path, err, "cannot read the PCI ID");
		v = NULL;
	}
	free(path);
	return v;
}

/* The basename of link @attr; NULL when there is none (unbound, no
 * IOMMU), or when it cannot be followed (recorded as unavailable). */
static char *link_attr(struct ctx *c, const char *dev, const char *attr)
{
	char *path = xjoin(SYS_PCI "/", dev, "/", attr, NULL), *v = NULL;
	int err = host_link_name(c->h, path, &v);

	if (!err && !strcmp(attr, "iommu_group") &&
	    (!*v || strspn(v, "0123456789") != strlen(v))) {
		ctx_unavailable(c, path, -EINVAL, "the link names no IOMMU group number");
		free(v);
		v = NULL;
	}
	/* not a link (EINVAL): the IOMMU's own function has an iommu/ directory */
	if (err && err != -ENOENT && err != -EINVAL)
		ctx_unreadable(c, path, err, "cannot follow the link");
	if (err)
		v = NULL;
	free(path);
	return v;
}

struct links {
	char *driver, *iommu, *group;
};

static void add_ids(struct ctx *c, json_object *o, const char *name)
{
	char *vendor = read_attr(c, name, "vendor", 4);
	char *device = read_attr(c, name, "device", 4);
	char *klass = read_attr(c, name, "class", 6);
	char namebuf[256];

	json_add(o, "vendor_id", json_str_or_null(vendor));
	json_add(o, "device_id", json_str_or_null(device));
	json_add(o, "pci_class", json_str_or_null(klass));
	json_add(o, "name", vendor && device ?
		 json_object_new_string(pci_lookup_name(c->pacc, namebuf, sizeof(namebuf),
				PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
				(int)strtoul(vendor, NULL, 16), (int)strtoul(device, NULL, 16))) :
		 NULL);
	free(vendor), free(device), free(klass);
}

static json_object *one_device(struct ctx *c, const char *name, const struct bdf *b,
			       const struct links *l, int group, bool detail)
{
	json_object *o = json_object_new_object();
	char *cdev = facts_vfio_cdev(c->h, name);

	json_add(o, "bdf", json_object_new_string(name));
	add_ids(c, o, name);
	json_add(o, "driver", json_str_or_null(l->driver));
	json_add(o, "iommu", json_str_or_null(l->iommu));
	json_add(o, "group", group >= 0 ? json_new_int(group) : NULL);
	json_add(o, "group_type", json_str_or_null(group >= 0 ? group_type(c, group) : NULL));
	if (detail)
		json_add(o, "group_devices", group >= 0 ? group_devices(c, group) : NULL);
	json_add(o, "vfio_cdev", json_str_or_null(cdev));
	free(cdev);
	add_pcie_caps(c, o, b, name);
	if (l->iommu && !strncmp(l->iommu, "ivhd", 4)) {
		struct dte d;
		int idx = -1;

		json_add(o, "dte", read_dte(c, b, &d, &idx) ? NULL :
			 detail ? dte_detail_json(&d, idx) : dte_to_json(&d, idx, false));
	} else {
		json_add(o, "dte", NULL);
	}
	return o;
}

/* PCI functions in numeric (segment, bus, device, function) order. */
static int by_bdf(const void *a, const void *b)
{
	struct bdf x, y;
	int ex = bdf_parse(*(char *const *)a, &x), ey = bdf_parse(*(char *const *)b, &y);

	if (ex || ey)
		return ex ? (ey ? strcmp(*(char *const *)a, *(char *const *)b) : 1) : -1;
	return bdf_cmp(&x, &y);
}

void collect_devices_each(struct ctx *c, const struct device_filter *f,
			  device_sink *sink, void *arg)
{
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_PCI, &names, &n);

	if (err)
		ctx_unavailable(c, SYS_PCI, err, "cannot list PCI devices: is sysfs mounted?");
	if (n)
		qsort(names, n, sizeof(*names), by_bdf);
	for (size_t i = 0; i < n; i++) {
		struct links l;
		struct bdf b;
		int group;

		if (bdf_parse(names[i], &b))
			continue;
		l.driver = link_attr(c, names[i], "driver");
		l.iommu = link_attr(c, names[i], "iommu");
		l.group = link_attr(c, names[i], "iommu_group");
		group = l.group ? atoi(l.group) : -1;
		if (filter_match(f, names[i], l.iommu, l.driver, group))
			sink(one_device(c, names[i], &b, &l, group, f && f->detail), arg);
		free(l.driver), free(l.iommu), free(l.group);
	}
	strv_free(names, n);
}

static void append_device(json_object *dev, void *arr)
{
	json_object_array_add(arr, dev);
}

json_object *collect_devices(struct ctx *c, const struct device_filter *f)
{
	json_object *arr = json_object_new_array();

	collect_devices_each(c, f, append_device, arr);
	return arr;
}

static void drop(json_object *dev, void *arg)
{
	(void)arg;
	json_object_put(dev);
}

void collect_devices_read(struct ctx *c)
{
	collect_devices_each(c, NULL, drop, NULL);
}

int pci_function_iommu(struct ctx *c, const struct bdf *b, char **iommu)
{
	char name[BDF_STRLEN], *path;
	bool there;

	bdf_format(b, name);
	path = xjoin(SYS_PCI "/", name, NULL);
	there = host_exists(c->h, path);
	free(path);
	*iommu = there ? link_attr(c, name, "iommu") : NULL;
	return there ? 0 : -ENODEV;
}
