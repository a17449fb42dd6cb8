/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host facts: what every command may want to know about the running
 * kernel and machine, read once per run through the access layer and
 * computed by pure functions of what was read (unit-tested in
 * tests/unit/test-status.c): kernel version, the command line as the
 * kernel parses it, LA57, lockdown, debugfs, interrupt remapping, SNP,
 * iommufd's unsafe-interrupt switch, a device's VFIO cdev.
 */
#ifndef AMDIOMMUCTL_FACTS_H
#define AMDIOMMUCTL_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "kcmdline.h"

struct host;

/*
 * What the AMD IOMMU driver and the IOMMU core decide from the kernel
 * command line, as kcmdline.c parses it (Linux's own rules: next_arg(),
 * each handler once per occurrence, amd_iommu= words by prefix).
 */
struct cmdline_facts {
	bool amd_iommu_off;   /* amd_iommu=off, or iommu=off (no IOMMU at all) */
	int pgtbl;            /* 0 not given, 1 pgtbl_v1, 2 pgtbl_v2 (the last) */
	int passthrough;      /* -1 not given; 1 identity, 0 translated (the last) */
	int strict;           /* -1 not given; iommu.strict=, amd_iommu=fullflush */
};

/* What @k (kcmdline_parse()) asks of the AMD driver and the IOMMU core. */
void facts_cmdline(const struct kcmdline *k, struct cmdline_facts *cl);

/* ---- facts of one host, read once ------------------------------------------- */

struct facts {
	struct host *h;
	char *kernel_release;   /* NULL when unreadable */
	int kmajor, kminor;     /* 0.0 when unknown */
	char *cmdline;          /* NULL when unreadable */
	int cmdline_err;        /* 0 or -errno */
	struct kcmdline kcl;    /* the whole command line, parsed */
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
