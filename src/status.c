// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `status`: a verdict built from the same model as the `show` commands.
 * Every "no" carries a reason and what to do about it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

static void reason(json_object *arr, const char *topic, const char *why,
		   const char *action)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "topic", json_object_new_string(topic));
	json_object_object_add(o, "reason", json_object_new_string(why));
	json_object_object_add(o, "action", json_str_or_null(action));
	json_object_array_add(arr, o);
}

static const char *jstr(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : NULL;
}

static json_object *jget(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static json_object *verdict(json_object *value, const char *source,
			    const char *detail)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "value", value);
	json_object_object_add(o, "source", json_str_or_null(source));
	json_object_object_add(o, "detail", json_str_or_null(detail));
	return o;
}

static const char *default_domain_type(struct ctx *c, json_object *groups,
				       const char **source)
{
	static const char *types[] = { "DMA", "DMA-FQ", "identity", "blocked",
				       "unmanaged", "unknown" };
	size_t count[ARRAY_SIZE(types)] = { 0 }, best = 0;

	if (cmdline_has(c, "iommu=", "pt") || cmdline_has(c, "iommu.passthrough=", "1") ||
	    cmdline_has(c, "iommu.passthrough=", "on") || cmdline_has(c, "iommu.passthrough=", "y")) {
		*source = "cmdline";
		return "identity";
	}
	for (size_t i = 0; i < json_object_array_length(groups); i++) {
		const char *t = jstr(json_object_array_get_idx(groups, i), "type");

		for (size_t k = 0; t && k < ARRAY_SIZE(types); k++)
			count[k] += !strcmp(t, types[k]);
	}
	for (size_t k = 1; k < ARRAY_SIZE(types); k++)
		if (count[k] > count[best])
			best = k;
	if (!count[best])
		return NULL;
	*source = "groups";
	return types[best];
}

/*
 * Page table of the default DMA domain: first from the DTE of a device
 * whose group type is DMA/DMA-FQ and that no VFIO driver owns; then from
 * the command line plus EFR, as the driver decides it.
 */
static json_object *default_pgtable(struct ctx *c, json_object *devices,
				    json_object *iommus, json_object *reasons)
{
	json_object *o;
	char detail[160];
	bool want_v2 = cmdline_has(c, "amd_iommu=", "pgtbl_v2");

	for (size_t i = 0; i < json_object_array_length(devices); i++) {
		json_object *d = json_object_array_get_idx(devices, i);
		json_object *dte = jget(d, "dte");
		const char *gt = jstr(d, "group_type"), *drv = jstr(d, "driver");
		const char *cls, *bdf;

		if (!dte || !gt || (strcmp(gt, "DMA") && strcmp(gt, "DMA-FQ")))
			continue;
		if (drv && !strncmp(drv, "vfio", 4))
			continue;
		cls = jstr(dte, "class");
		bdf = jstr(d, "bdf");
		if (!cls || !bdf || (strcmp(cls, "v1") && strcmp(cls, "v2")))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "value", json_object_new_string(cls));
		json_object_object_add(o, "levels", json_object_get(jget(dte, "levels")));
		json_object_object_add(o, "source", json_object_new_string("dte"));
		snprintf(detail, sizeof(detail), "DTE of %s (group type %s)%s",
			 bdf, gt,
			 want_v2 && !strcmp(cls, "v1") ?
			 ": amd_iommu=pgtbl_v2 was asked for, the driver fell back to v1" : "");
		json_object_object_add(o, "detail", json_object_new_string(detail));
		if (want_v2 && !strcmp(cls, "v1"))
			reason(reasons, "default_pgtable",
			       "amd_iommu=pgtbl_v2 is on the command line but the default domain is v1: the IOMMU lacks GTSup or GIoSup",
			       "see `amdiommuctl show iommus` for the missing EFR bits");
		return o;
	}

	o = json_object_new_object();
	if (json_object_array_length(iommus)) {
		json_object *io = json_object_array_get_idx(iommus, 0);
		json_object *caps = jget(io, "capabilities");
		json_object *gl = jget(io, "guest_levels"), *hl = jget(io, "host_levels");
		bool v2 = caps && json_object_get_boolean(jget(caps, "v2"));
		int glevels = gl && c->cpu_la57 && json_object_get_int(gl) == 5 ? 5 : 4;

		if (caps) {
			bool use_v2 = (want_v2 && v2) || (!hl && v2);

			json_object_object_add(o, "value", json_object_new_string(use_v2 ? "v2" : "v1"));
			json_object_object_add(o, "levels", use_v2 ? json_object_new_int(glevels) : NULL);
			json_object_object_add(o, "source", json_object_new_string("cmdline+efr"));
			snprintf(detail, sizeof(detail), "%s on the command line, EFR %s V2 tables%s",
				 want_v2 ? "amd_iommu=pgtbl_v2" : "no amd_iommu=pgtbl_v2",
				 v2 ? "supports" : "does not support",
				 use_v2 ? "" : "; V1 levels grow on demand");
			json_object_object_add(o, "detail", json_object_new_string(detail));
			return o;
		}
	}
	json_object_object_add(o, "value", NULL);
	json_object_object_add(o, "levels", NULL);
	json_object_object_add(o, "source", json_object_new_string("unknown"));
	json_object_object_add(o, "detail", json_object_new_string(
		"no readable DTE of a DMA-domain device and no EFR"));
	return o;
}

static json_object *intremap(struct ctx *c)
{
	char *text = NULL;

	if (!host_read_head(c->h, "/proc/interrupts", 1 << 22, &text)) {
		bool ir = strstr(text, "IR-IO-APIC") || strstr(text, "IR-PCI-MSI");
		bool plain = strstr(text, " IO-APIC") || strstr(text, " PCI-MSI");

		free(text);
		if (ir)
			return verdict(json_object_new_boolean(true), "/proc/interrupts",
				       "interrupt chips are IR-IO-APIC/IR-PCI-MSI");
		if (plain)
			return verdict(json_object_new_boolean(false), "/proc/interrupts",
				       "interrupt chips are IO-APIC/PCI-MSI without IR-");
	}
	if (!c->debugfs_err && !host_read_head(c->h, HOST_DEBUGFS_AMD "/irqtbl", 4096, &text)) {
		bool off = strstr(text, "Interrupt remapping is disabled") != NULL;

		free(text);
		if (off)
			return verdict(json_object_new_boolean(false), "debugfs irqtbl",
				       "Interrupt remapping is disabled");
	}
	return verdict(NULL, NULL, "cannot tell");
}

static json_object *vfio_cdev_support(struct ctx *c, json_object *devices)
{
	if (host_exists(c->h, "/dev/vfio/devices"))
		return verdict(json_object_new_boolean(true), "/dev/vfio/devices", NULL);
	for (size_t i = 0; i < json_object_array_length(devices); i++) {
		json_object *d = json_object_array_get_idx(devices, i);
		const char *drv = jstr(d, "driver");

		if (drv && !strcmp(drv, "vfio-pci")) {
			if (jget(d, "vfio_cdev"))
				return verdict(json_object_new_boolean(true), "vfio-dev", NULL);
			return verdict(json_object_new_boolean(false), "vfio-dev",
				       "a device bound to vfio-pci has no vfio-dev/vfioN: CONFIG_VFIO_DEVICE_CDEV is off");
		}
	}
	return verdict(NULL, NULL, "no device is bound to a VFIO driver");
}

json_object *collect_status(struct ctx *c)
{
	json_object *o = json_object_new_object(), *reasons = json_object_new_array();
	json_object *iommus = collect_iommus(c);
	json_object *groups = collect_groups(c);
	json_object *devices = collect_devices(c, NULL);
	json_object *dbg, *v;
	size_t n = json_object_array_length(iommus);
	bool off = cmdline_has(c, "amd_iommu=", "off");
	bool ivrs = host_exists(c->h, "/sys/firmware/acpi/tables/IVRS");
	const char *src = NULL, *ddt;

	/* the verdicts below read the command line: say when it is missing */
	if (c->cmdline_err)
		ctx_unreadable(c, "/proc/cmdline", c->cmdline_err,
			       "cannot read the kernel command line");
	json_object_object_add(o, "amd_iommu", json_object_new_boolean(n > 0));
	json_object_object_add(o, "iommu_count", json_object_new_int((int)n));
	json_object_object_add(o, "kernel", json_str_or_null(c->kernel_release));
	json_object_object_add(o, "ivrs", json_object_new_boolean(ivrs));
	json_object_object_add(o, "amd_iommu_off", json_object_new_boolean(off));
	if (!n) {
		if (off)
			reason(reasons, "amd_iommu", "amd_iommu=off is on the kernel command line",
			       "remove amd_iommu=off and reboot");
		else if (!ivrs)
			reason(reasons, "amd_iommu", "no ACPI IVRS table: the firmware describes no AMD IOMMU",
			       "enable the IOMMU (often \"IOMMU\" or \"AMD-Vi\") in the firmware setup");
		else
			reason(reasons, "amd_iommu", "IVRS exists but no ivhd device is registered",
			       "check the kernel log for AMD-Vi errors and CONFIG_AMD_IOMMU");
	}

	ddt = default_domain_type(c, groups, &src);
	json_object_object_add(o, "default_domain_type", json_str_or_null(ddt));
	json_object_object_add(o, "default_domain_type_source", json_str_or_null(src));
	json_object_object_add(o, "strict", cmdline_has(c, "iommu.strict=", "1") ?
			       json_object_new_boolean(true) : cmdline_has(c, "iommu.strict=", "0") ?
			       json_object_new_boolean(false) : NULL);
	json_object_object_add(o, "default_pgtable", default_pgtable(c, devices, iommus, reasons));
	v = jget(jget(o, "default_pgtable"), "value");
	if (n && !v)
		reason(reasons, "default_pgtable", "no readable DTE and no EFR to predict from",
		       "read as root on a kernel with AMD IOMMU debugfs (6.17+)");
	json_object_object_add(o, "interrupt_remapping", intremap(c));
	v = jget(jget(o, "interrupt_remapping"), "value");
	if (n && v && !json_object_get_boolean(v))
		reason(reasons, "interrupt_remapping", "interrupt remapping is off: VFIO refuses devices unless iommufd.allow_unsafe_interrupts=1",
		       "check the IVRS IOAPIC entries and the kernel log (AMD-Vi: ... IR)");

	dbg = json_object_new_object();
	json_object_object_add(dbg, "mounted", json_object_new_boolean(
		host_exists(c->h, "/sys/kernel/debug/iommu") || c->debugfs_err == -EACCES ||
		c->debugfs_err == 0 || c->debugfs_err == -EPERM));
	json_object_object_add(dbg, "amd_files", json_object_new_boolean(c->debugfs_err != -ENOENT));
	json_object_object_add(dbg, "readable", json_object_new_boolean(!c->debugfs_err));
	json_object_object_add(dbg, "error", c->debugfs_err ? json_object_new_string(errno_name(c->debugfs_err)) : NULL);
	json_object_object_add(o, "debugfs", dbg);
	if (c->debugfs_err)
		reason(reasons, "debugfs", "the device table cannot be read", dte_error_hint(c->debugfs_err));
	json_object_object_add(o, "lockdown", json_str_or_null(c->lockdown));
	json_object_object_add(o, "iommufd", json_object_new_boolean(host_exists(c->h, "/dev/iommu")));
	if (!host_exists(c->h, "/dev/iommu"))
		reason(reasons, "iommufd", "/dev/iommu is missing: alloc cannot run",
		       "use a kernel with CONFIG_IOMMUFD (6.2+) and load the iommufd module");
	json_object_object_add(o, "vfio_cdev", vfio_cdev_support(c, devices));
	v = jget(jget(o, "vfio_cdev"), "value");
	if (v && !json_object_get_boolean(v))
		reason(reasons, "vfio_cdev", "VFIO device cdevs are off",
		       "use a kernel with CONFIG_VFIO_DEVICE_CDEV=y (6.6+)");
	json_object_object_add(o, "reasons", reasons);

	json_object_put(iommus);
	json_object_put(groups);
	json_object_put(devices);
	return o;
}
