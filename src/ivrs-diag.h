/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Linux 7.3 AMD IOMMU driver makes of an IVRS table on a given
 * machine, and what is wrong with it: pure functions of the decoded
 * table (acpi-ivrs.h) and of machine facts handed in as plain structs
 * (the collectors fill them; everything is optional).
 *
 *   ivrs_view_build()       the driver's tables: which IOMMU, DTE setting,
 *                           alias and IVMD ranges each present PCI
 *                           function gets; the IOAPIC/HPET maps; the EFR
 *                           it uses (ivrs-resolve.c)
 *   ivrs_findings()         rules with severity, evidence, the driver's
 *                           message, what to do and the kernel function
 *                           (ivrs-findings.c)
 */
#ifndef AMDIOMMUCTL_IVRS_DIAG_H
#define AMDIOMMUCTL_IVRS_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "acpi-ivrs.h"
#include "kcmdline.h"

/* ---- machine facts (inputs) --------------------------------------------- */

struct ivrs_pci_fn {
	uint16_t seg, devid;     /* devid: bus << 8 | dev << 3 | fn */
	uint32_t class_code;     /* 24 bits: base << 16 | sub << 8 | prog-if */
	uint16_t vendor, device; /* 0: unknown */
};

/* One line of /sys/kernel/iommu_groups/N/reserved_regions. */
struct ivrs_resv_region {
	uint64_t start, end;     /* end inclusive, as the file prints it */
	char type[20];           /* "direct", "direct-relaxable", "msi", ... */
};

/* The reserved regions of the group a function is in. */
struct ivrs_fn_resv {
	uint16_t seg, devid;
	const struct ivrs_resv_region *r;
	size_t n;
};

/* One IOMMU as the running kernel numbers it (ivhdN, N = index). */
struct ivrs_iommu_hw {
	bool have_cap;
	uint32_t cap;            /* sysfs ivhdN/amd-iommu/cap */
	bool have_mmio;
	uint64_t mmio_efr;       /* debugfs iommuXX/mmio offset 0x30 */
	uint64_t mmio_efr2;      /* offset 0x1a0 */
};

struct ivrs_machine {
	const struct madt *madt;             /* NULL: unknown */
	const struct ivrs_pci_fn *fn;        /* present PCI functions */
	size_t nfn;
	bool have_fn;                        /* false: the list is unknown */
	/* kcmdline_parse() of /proc/cmdline: its ivrs_* overrides and
	 * amd_iommu=force_enable; NULL: unknown.  It must outlive the view. */
	const struct kcmdline *kcmdline;
	const char *dmi_vendor, *dmi_product; /* /sys/class/dmi/id/{sys_vendor,product_name} */
	const uint8_t *hpet_id;              /* HPET block numbers; NULL: unknown */
	size_t nhpet;
	const struct ivrs_iommu_hw *iommu;   /* by ivhdN index */
	size_t niommu;
	bool have_features;                  /* sysfs ivhdN/amd-iommu/features */
	uint64_t features_efr, features_efr2;
	const struct ivrs_fn_resv *resv;     /* NULL: unknown */
	size_t nresv;
};

/* ---- the driver's view (ivrs-resolve.c) --------------------------------- */

/* One set_dev_entry_from_acpi_range() call (or alias_table write). */
struct ivrs_effect {
	uint16_t seg;
	uint16_t first, last;    /* first > last: the kernel maps nothing */
	uint8_t dte;             /* the entry's DTE setting byte */
	int32_t alias;           /* -1, or the devid alias_table[first..last] gets */
	int32_t iommu;           /* ivhdN */
	uint32_t ivhd, entry;    /* the entry that caused it (a range's end) */
	int32_t start_entry;     /* a range's start entry, else -1 */
	/*
	 * A flagged range identical to an earlier flagged one:
	 * set_dev_entry_from_acpi_range() returns at search_ivhd_dte_flags()
	 * and writes neither DTE nor rlookup_table (alias_table still is).
	 */
	bool skipped;
};

enum ivrs_special_source { IVRS_SRC_IVRS, IVRS_SRC_CMDLINE, IVRS_SRC_QUIRK };

/* One element of the driver's ioapic_map / hpet_map list, in list order. */
struct ivrs_special {
	uint8_t variety;         /* IVRS_SPECIAL_IOAPIC / _HPET */
	uint8_t id;
	uint32_t sbdf;           /* seg << 16 | devid */
	uint8_t source;          /* enum ivrs_special_source */
	int32_t entry;           /* IVRS entry (IVRS_SRC_IVRS), else -1 */
	int32_t override;        /* index into kcmdline->ivrs (IVRS_SRC_CMDLINE), else -1 */
};

/* One element of the driver's unity_map list of a segment. */
struct ivrs_unity {
	uint32_t ivmd;           /* index into ivrs.ivmd */
	uint16_t seg, first, last;
	uint64_t start, end;     /* PAGE_ALIGNed, end exclusive */
	bool read, write;
};

enum ivrs_cover {
	IVRS_COVERED,            /* an IOMMU translates it */
	IVRS_NO_SEGMENT,         /* no IVHD of the used type on its segment */
	IVRS_NO_ENTRY,           /* no device entry names it */
	IVRS_BEYOND_LAST,        /* above the segment's last BDF (__rlookup_amd_iommu) */
	IVRS_IS_IOMMU,           /* the IOMMU's own function (init_iommu_one_late) */
};

struct ivrs_view_fn {
	struct ivrs_pci_fn fn;
	uint8_t cover;           /* enum ivrs_cover */
	int32_t iommu, ivhd, entry; /* who maps it (last writer); -1 none */
	bool have_dte;
	uint8_t dte;             /* amd_iommu_get_ivhd_dte_flags(): the smallest range */
	int32_t dte_entry;
	uint16_t alias;          /* alias_table[devid]: itself when none */
	int32_t alias_entry;
	uint32_t first_unity, nunity; /* into ivrs_view.fn_unity */
};

/* An entry of a used IVHD that names no present PCI function. */
struct ivrs_absent {
	uint32_t entry;
	uint16_t seg, first, last;
};

struct ivrs_efr_iommu {
	int32_t ivhd;            /* index into ivrs.ivhd */
	bool has_image;          /* IVHD type 11h/40h */
	bool image_used;         /* early_iommu_features_init() took it */
	const char *why_unused;  /* when not used: the reason, with the function */
	uint64_t features, features2; /* iommu->features after init_iommu_one() */
	bool mismatch;           /* late_iommu_features_init() warns for it */
};

struct ivrs_efr_model {
	struct ivrs_efr_iommu *iommu;  /* by ivhdN */
	size_t n;
	uint64_t early_efr, early_efr2; /* get_global_efr(): AND of the images */
	bool inconsistent;       /* get_global_efr() found differing values */
	bool have_final;         /* computable: needs the MMIO EFR when early is 0 */
	uint64_t efr, efr2;      /* amd_iommu_efr/efr2 after PCI init (= sysfs) */
	int32_t final_from;      /* ivhdN whose MMIO set it; -1: the images */
};

struct ivrs_seg {
	uint16_t seg;
	int32_t last_bdf;        /* find_last_devid_acpi(); -EINVAL: no device entry */
};

struct ivrs_view {
	const struct kcl_ivrs *ivrs; /* the command line's overrides (the machine's kcmdline) */
	size_t n_ivrs;
	bool cmdline_maps;       /* init.c cmdline_maps: an ivrs_ioapic/ivrs_hpet was taken */
	bool quirk;              /* a quirks.c DMI entry matches */
	struct ivrs_effect *eff;
	size_t neff;
	struct ivrs_seg *seg;
	size_t nseg;
	struct ivrs_special *special;
	size_t nspecial;
	struct ivrs_unity *unity;
	size_t nunity;
	struct ivrs_view_fn *fn;  /* sorted by segment, devid */
	size_t nfn;
	uint32_t *fn_unity;       /* indices into unity */
	size_t nfn_unity;
	struct ivrs_absent *absent;
	size_t nabsent;
	struct ivrs_efr_model efr;
	/* Why the driver stops (NULL: it does not): the kernel function. */
	const char *init_fails;
	int32_t fail_offset;
};

/*
 * Build the view.  @m may be NULL (nothing known about the machine).
 * Returns 0 or -ENOMEM.
 */
int ivrs_view_build(const struct ivrs *d, const struct ivrs_machine *m,
		    struct ivrs_view **out);
void ivrs_view_free(struct ivrs_view *v);
/* An override as the kernel suggests writing it: "ivrs_ioapic=ID@SSSS:BB:DD.F",
 * "ivrs_acpihid=HID:UID@SSSS:BB:DD.F". */
void ivrs_override_text(const struct kcl_ivrs *o, char *buf, size_t len);
/* The ivhdN index of the IVHD that holds @entry, or -1. */
int ivrs_view_iommu_of(const struct ivrs *d, uint32_t entry);
/* The view of one function, or NULL. */
const struct ivrs_view_fn *ivrs_view_find(const struct ivrs_view *v,
					  uint16_t seg, uint16_t devid);

/* ---- findings (ivrs-findings.c) ----------------------------------------- */

enum ivrs_severity { IVRS_INFO, IVRS_WARNING, IVRS_ERROR };

enum ivrs_ev_kind { IVRS_EV_INT, IVRS_EV_HEX8, IVRS_EV_HEX16, IVRS_EV_HEX32,
		    IVRS_EV_HEX64, IVRS_EV_BDF, IVRS_EV_STR };

/* One piece of evidence: a typed value under a JSON key. */
struct ivrs_evidence {
	const char *key;
	uint8_t kind;            /* enum ivrs_ev_kind */
	uint64_t v;              /* BDF: seg << 16 | devid */
	char s[300];             /* STR: e.g. a whole ivrs_acpihid= parameter */
};

#define IVRS_MAX_EVIDENCE 6

struct ivrs_finding {
	const char *rule;        /* stable id, e.g. "ioapic_not_in_ivrs" */
	const char *kernel_function; /* "drivers/iommu/amd/init.c check_ioapic_information" */
	uint8_t severity;        /* enum ivrs_severity */
	int64_t offset;          /* table byte offset, -1: none */
	struct ivrs_evidence ev[IVRS_MAX_EVIDENCE];
	unsigned nev;
	char message[320];       /* what is wrong, one sentence */
	char driver_message[1024]; /* the kernel's log line(s), "" when silent */
	char advice[480];        /* what to do, "" when nothing */
	char resolved_by[300];   /* the command-line parameter that resolves it */
};

struct ivrs_findings {
	struct ivrs_finding *v;
	size_t n, cap;
};

/*
 * Every finding for the table on the machine (@m may be NULL), in table
 * order per rule group.  Returns 0 or -ENOMEM.
 */
int ivrs_findings(const struct ivrs *d, const struct ivrs_machine *m,
		  const struct ivrs_view *v, struct ivrs_findings *out);
void ivrs_findings_free(struct ivrs_findings *f);
const char *ivrs_severity_name(enum ivrs_severity s);

#endif
