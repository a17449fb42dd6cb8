/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host facts: what every command may want to know about the running
 * kernel and machine, read once per run through the access layer and
 * computed by pure functions of what was read (unit-tested in
 * tests/unit/test-facts.c): kernel version, the command line as the
 * kernel parses it, LA57, lockdown, debugfs, interrupt remapping, SNP,
 * iommufd's unsafe-interrupt switch, a device's VFIO cdev.
 */
#ifndef AMDIOMMUCTL_FACTS_H
#define AMDIOMMUCTL_FACTS_H

#include <stdbool.h>
#include <stdint.h>

struct host;

/* ---- pure parsers ---------------------------------------------------------- */

/*
 * The kernel command line as Linux parses it (lib/cmdline.c next_arg():
 * blank-separated, double quotes group; parsing stops at "--"; '-' and
 * '_' are the same in parameter names): only what the AMD IOMMU driver
 * and the IOMMU core decide from.  Each handler runs once per occurrence,
 * so the last occurrence decides a setting that several set.
 */
struct cmdline_facts {
	/* drivers/iommu/amd/init.c parse_amd_iommu_options(): comma list,
	 * each word compared by prefix (strncmp) */
	bool amd_iommu_off;
	int pgtbl;            /* 0 not given, 1 pgtbl_v1, 2 pgtbl_v2 (the last) */
	/* default domain type: drivers/iommu/iommu.c iommu_set_def_domain_type()
	 * (iommu.passthrough=, kstrtobool) and arch/x86/kernel/pci-dma.c
	 * iommu_setup() (iommu=pt, iommu=nopt); -1 not given */
	int passthrough;
	const char *passthrough_param; /* "iommu=pt", "iommu.passthrough", ... */
	/* drivers/iommu/iommu.c iommu_dma_setup() (iommu.strict=), and
	 * amd_iommu=fullflush (iommu_set_dma_strict()); -1 not given */
	int strict;
};
void cmdline_facts_parse(const char *cmdline, struct cmdline_facts *out);
/* lib/kstrtox.c kstrtobool(): 1 true, 0 false, -1 not a boolean. */
int kstrtobool_text(const char *s);

/* /proc/interrupts: 1 when an interrupt goes through a remapping chip
 * (the AMD and Intel IR domains name their chips "IR-IO-APIC",
 * "IR-PCI-MSI", "IR-PCI-MSIX-<dev>", ...), 0 when there are only
 * unremapped IO-APIC/PCI-MSI chips, -1 when it cannot tell. */
int interrupts_remapped(const char *text);
/* Is @flag a word of the first "flags" line of /proc/cpuinfo? */
bool cpuinfo_has_flag(const char *text, const char *flag);
/* The bracketed mode of /sys/kernel/security/lockdown, allocated; NULL
 * when there is none. */
char *lockdown_mode(const char *text);
/* A boolean module parameter ("Y", "N", "1", "0"): 1, 0 or -1. */
int param_bool(const char *text);

/* ---- facts of one host, read once ------------------------------------------- */

struct facts {
	struct host *h;
	char *kernel_release;   /* NULL when unreadable */
	int kmajor, kminor;     /* 0.0 when unknown */
	char *cmdline;          /* NULL when unreadable */
	int cmdline_err;        /* 0 or -errno */
	struct cmdline_facts cl;
	bool la57;              /* the CPU runs 5-level paging */
	char *lockdown;         /* "none", "integrity", ... or NULL */
	int debugfs_err;        /* 0: the AMD devtbl is usable; else -errno */
	/* read on first use */
	bool have_ir, have_snp, have_unsafe;
	int ir;                 /* 1 on, 0 off, -1 unknown */
	const char *ir_source, *ir_detail;
	bool snp;
	int unsafe_interrupts;  /* iommufd.allow_unsafe_interrupts: 1, 0, -1 */
};

void facts_load(struct facts *f, struct host *h);
void facts_free(struct facts *f);
/* Interrupt remapping: /proc/interrupts, else debugfs irqtbl's answer. */
int facts_ir(struct facts *f);
/*
 * SEV-SNP on the host: init.c iommu_snp_enable() keeps the host's SNP
 * (CC_ATTR_HOST_SEV_SNP) only when the IOMMU can support it and sets
 * amd_iommu_snp_en; kvm_amd's sev_snp parameter reads Y exactly then.
 */
bool facts_snp(struct facts *f);
int facts_unsafe_interrupts(struct facts *f);
/* /dev/vfio/devices/vfioN of PCI function @bdf ("ssss:bb:dd.f"),
 * allocated, or NULL when it has no vfio-dev/ cdev. */
char *facts_vfio_cdev(struct host *h, const char *bdf);

#endif
