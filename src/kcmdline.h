/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel command line (/proc/cmdline) parsed the way Linux 7.3 parses
 * it, for the parameters that change what the AMD IOMMU driver and the
 * IOMMU core decide.  Pure: text in, values and notes out, no I/O.
 *
 * Model (init/main.c start_kernel()):
 *  1. lib/cmdline.c next_arg() splits the line into words (quotes group
 *     spaces, a value's surrounding quotes are dropped; "--" ends it).
 *  2. parse_early_param(): every early_param() handler whose name equals
 *     the word (kernel/params.c parameq(): '-' and '_' are the same) runs
 *     with the value, in command-line order.
 *  3. parse_args("Booting kernel"): built-in module parameters, then
 *     unknown_bootoption() -> obsolete_checksetup(): the first __setup()
 *     whose name is a prefix of "param=value" and whose handler returns
 *     non-zero consumes the word; an early_param() name consumes it
 *     silently; a word with a '.' is an unused module parameter; anything
 *     else goes to init and is logged as an unknown parameter.
 * Every handler runs once per occurrence: whether the last one wins or
 * effects add up is the handler's business, modelled per handler (see the
 * comments in kcmdline.c, each citing its kernel function).
 */
#ifndef AMDIOMMUCTL_KCMDLINE_H
#define AMDIOMMUCTL_KCMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kcl_severity {
	KCL_INFO,  /* what the kernel did with a word, worth knowing */
	KCL_WARN,  /* ignored, overridden, deprecated or unknown values */
	KCL_ERROR, /* the kernel rejected the word ("Malformed", "invalid") */
};

struct kcl_note {
	const char *param;           /* the word's parameter as written */
	const char *value;           /* its value as the handler saw it, or NULL */
	int word;                    /* 0-based index of the word on the line */
	enum kcl_severity severity;
	const char *kernel_function; /* "parse_amd_iommu_options() drivers/iommu/amd/init.c" */
	const char *log;             /* the exact kernel log line, or NULL if silent */
	const char *message;         /* what it means here, one sentence */
};

/* Which word set a value: word -1 when no word did (the kernel default). */
struct kcl_origin {
	int word;
	const char *param, *value;
};

enum kcl_pgtable {            /* amd_iommu_pgtable as the command line asks it */
	KCL_PGTABLE_DEFAULT,  /* no pgtbl_v1/pgtbl_v2: PD_MODE_V1 */
	KCL_PGTABLE_V1,
	KCL_PGTABLE_V2,       /* the driver falls back to V1 without GTSup+GIoSup */
};

enum kcl_pgsizes {            /* amd_iommu_pgsize_bitmap for V1 tables */
	KCL_PGSIZES_DEFAULT,  /* AMD_IOMMU_PGSIZES: 4K..2^51 except 512G */
	KCL_PGSIZES_4K,       /* nohugepages */
	KCL_PGSIZES_V2,       /* v2_pgsizes_only: 4K, 2M, 1G */
};

enum kcl_guest_ir {           /* amd_iommu_guest_ir asked on the command line */
	KCL_GUEST_IR_DEFAULT, /* AMD_IOMMU_GUEST_IR_VAPIC */
	KCL_GUEST_IR_LEGACY_GA,
	KCL_GUEST_IR_VAPIC,
};

enum kcl_domain {             /* iommu_def_domain_type set by the command line */
	KCL_DOMAIN_DEFAULT,   /* not set: Kconfig default, see kcmdline_default_domain() */
	KCL_DOMAIN_IDENTITY,
	KCL_DOMAIN_TRANSLATED,
};

enum kcl_ivrs_type { KCL_IVRS_IOAPIC, KCL_IVRS_HPET, KCL_IVRS_ACPIHID };

/* One ivrs_ioapic/ivrs_hpet/ivrs_acpihid override the AMD driver accepted. */
struct kcl_ivrs {
	enum kcl_ivrs_type type;
	int word;
	uint8_t id;           /* IOAPIC/HPET id as struct devid_map keeps it (u8) */
	uint32_t sbdf;        /* IVRS_GET_SBDF_ID(seg, bus, dev, fn) */
	char hid[9];          /* ACPIHID_HID_LEN; ACPI HID entries only */
	char uid[256];        /* ACPIHID_UID_LEN, leading zeros removed as the driver does */
	bool deprecated_form; /* "[id]=..." / "[bdf]=HID:UID" */
	bool effective;       /* false: an earlier override of the same id wins */
};

struct kcl_note_list;

struct kcmdline {
	/* amd_iommu= (parse_amd_iommu_options), effects add up per word */
	bool amd_off, amd_force_enable, amd_force_isolation, amd_irtcachedis;
	bool amd_fullflush;           /* called iommu_set_dma_strict() */
	enum kcl_pgtable amd_pgtable; /* last pgtbl_v1/pgtbl_v2 wins */
	struct kcl_origin amd_pgtable_from;
	enum kcl_pgsizes amd_pgsizes; /* last nohugepages/v2_pgsizes_only wins */
	bool amd_dump;                /* amd_iommu_dump */
	enum kcl_guest_ir amd_guest_ir;
	struct kcl_origin amd_guest_ir_from;
	struct kcl_ivrs *ivrs;        /* in command-line order */
	size_t n_ivrs;

	/* IOMMU core (drivers/iommu/iommu.c, dma-iommu.c) */
	enum kcl_domain def_domain;   /* last of iommu=pt/nopt, iommu.passthrough= */
	struct kcl_origin def_domain_from;
	int strict;                   /* -1 not set, 0 lazy, 1 strict (iommu.strict=) */
	struct kcl_origin strict_from;
	int forcedac;                 /* -1 not set, 0, 1 (iommu.forcedac=) */

	/* x86 iommu= (iommu_setup, arch/x86/kernel/pci-dma.c) */
	bool no_iommu;                /* iommu=off: no AMD IOMMU at all */
	bool swiotlb_forced;          /* iommu=soft */
	bool gart_fullflush;          /* iommu=fullflush: the GART's, not the AMD IOMMU's */

	/* interrupt remapping (drivers/iommu/irq_remapping.c) */
	bool irq_remap_disabled;      /* intremap=off or nointremap */
	struct kcl_origin irq_remap_from;
	bool irq_post_disabled;       /* intremap=off or intremap=nopost */

	/* pci= (pci_setup, drivers/pci/pci.c): what changes ACS and ATS */
	bool pci_noats;
	const char *pci_disable_acs_redir, *pci_config_acs; /* last one wins */

	/* module parameters on the command line: -1 not given, else 0/1 */
	int iommufd_unsafe_interrupts;    /* iommufd.allow_unsafe_interrupts */
	int vfio_type1_unsafe_interrupts; /* vfio_iommu_type1.allow_unsafe_interrupts */
	int kvm_amd_sev_snp;              /* kvm_amd.sev_snp */

	/* mem_encrypt= as the two x86 boot paths read it: -1 absent, 0, 1 */
	int mem_encrypt_decompressor; /* parse_mem_encrypt(), arch/x86/boot/compressed/misc.c */
	int mem_encrypt_efi_stub;     /* efi_parse_options(), drivers/firmware/efi/libstub */

	bool pcie_acs_override;       /* given (not a mainline parameter) */
	int words;                    /* words before "--" */

	/* private */
	char *buf_;                   /* the split copy the strings point into */
	struct kcl_note_list *notes_;
	char why_[320];
};

/*
 * Parse @text (the content of /proc/cmdline; NULL or "" is an empty
 * line).  Always fills @out (free it with kcmdline_free()).  Returns 0.
 */
int kcmdline_parse(const char *text, struct kcmdline *out);
void kcmdline_free(struct kcmdline *k);

/*
 * Every word of @text as next_arg() splits it, up to "--", in order: @fn
 * gets the parameter and the value (NULL for a word without '=').
 */
void kcmdline_words(const char *text, void (*fn)(const char *param, const char *value, void *arg),
		    void *arg);
/* Parameter names compared as kernel/params.c parameq(): '-' == '_'. */
bool kcmdline_parameq(const char *a, const char *b);

/* The notes in command-line order; NULL past the end. */
size_t kcmdline_note_count(const struct kcmdline *k);
const struct kcl_note *kcmdline_note(const struct kcmdline *k, size_t i);

/*
 * The default domain as the command line decides it, and why (a sentence
 * naming the word and the kernel function, or what decides without one).
 */
enum kcl_domain kcmdline_default_domain(struct kcmdline *k, const char **why);
/* Identity (passthrough) by command line: iommu=pt or iommu.passthrough=1. */
bool kcmdline_identity_by_cmdline(const struct kcmdline *k);
/* The AMD driver is off by command line: amd_iommu=off or iommu=off. */
bool kcmdline_amd_iommu_off(const struct kcmdline *k);
/* Page table requested for DMA-API domains (before the EFR fallback). */
enum kcl_pgtable kcmdline_amd_pgtable(const struct kcmdline *k);
/*
 * Strict (1) or lazy (0) invalidation by command line, -1 when the
 * command line leaves it to CONFIG_IOMMU_DEFAULT_DMA_STRICT.
 * amd_iommu=fullflush forces strict after iommu.strict= is read.
 */
int kcmdline_strict(const struct kcmdline *k);
/* SME requested: 1 on, 0 off, -1 not given, 2 the two boot paths disagree. */
int kcmdline_mem_encrypt(const struct kcmdline *k);

const char *kcl_severity_name(enum kcl_severity s);   /* "info", "warn", "error" */
const char *kcl_pgtable_name(enum kcl_pgtable p);     /* "default", "v1", "v2" */
const char *kcl_domain_name(enum kcl_domain d);       /* "default", "identity", "translated" */
const char *kcl_ivrs_type_name(enum kcl_ivrs_type t); /* "ioapic", "hpet", "acpihid" */

#endif
