/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small pure parsers of host text files the facts come from:
 * /proc/interrupts, /proc/cpuinfo, /sys/kernel/security/lockdown and
 * /sys/module/MOD/parameters/NAME booleans.  Text in, values out; the
 * caller reads the files through host.h.
 */
#ifndef AMDIOMMUCTL_HOST_TEXT_H
#define AMDIOMMUCTL_HOST_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Interrupt remapping as /proc/interrupts shows it.  A remapped interrupt's
 * chip carries the "IR-" prefix: "IR-IO-APIC" (ioapic_ir_chip,
 * arch/x86/kernel/apic/io_apic.c) and "IR-PCI-MSI-<dev>"/"IR-PCI-MSIX-<dev>"
 * (the per-device MSI domains get amdvi_msi_parent_ops.prefix "IR-",
 * drivers/iommu/amd/iommu.c).  Without remapping the chips are "IO-APIC"
 * and "PCI-MSI-<dev>"/"PCI-MSIX-<dev>".  The IOMMU's own interrupt (action
 * "AMD-Vi", request_threaded_irq() in drivers/iommu/amd/init.c) is never
 * remapped and says nothing either way.
 */
struct irq_remap_view {
	unsigned ir;          /* lines whose chip starts with "IR-" */
	unsigned plain;       /* IO-APIC / PCI-MSI* / HPET* lines without "IR-" */
	unsigned iommu_own;   /* the IOMMU's own interrupts (action AMD-Vi*) */
	int in_use;           /* 1 remapped, 0 not remapped, -1 cannot tell */
	char ir_chip[48];     /* the first IR- chip seen, "" if none */
	char plain_chip[48];  /* the first plain chip seen, "" if none */
};

/* Full or snapshot-reduced ("IRQ: chip ...") text.  Always fills @out. */
void host_text_interrupts(const char *text, struct irq_remap_view *out);

/* The "flags" line of /proc/cpuinfo (the first one). */
struct cpu_flags {
	bool found;           /* a flags line was there */
	bool la57, svm, sme, sev, sev_es, sev_snp;
};

/* Returns 0, or -ENOENT when there is no "flags" line. */
int host_text_cpuinfo(const char *text, struct cpu_flags *out);
/* Is @flag a word of the first flags line? */
bool host_text_cpu_flag(const char *text, const char *flag);

/*
 * /sys/kernel/security/lockdown: "none [integrity] confidentiality" ->
 * "integrity" (the bracketed word, security/lockdown/lockdown.c).
 * Returns 0 or -EINVAL (no single bracketed word, or it does not fit).
 */
int host_text_lockdown(const char *text, char *out, size_t len);

/*
 * A module boolean parameter as sysfs prints it: param_get_bool() "Y\n" /
 * "N\n", or "1"/"0" for bint parameters.  Returns 1, 0 or -EINVAL.
 */
int host_text_param_bool(const char *text);

#endif
