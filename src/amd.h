/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure decoders for what the AMD IOMMU driver exports: device table
 * entries, EFR/EFR2, the IOMMU capability header, the MMIO control
 * register, the sysfs `features` text and debugfs `devtbl` rows.
 * No I/O and no allocation here: every function maps bytes to values.
 */
#ifndef AMDIOMMUCTL_AMD_H
#define AMDIOMMUCTL_AMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- PCI addresses ---------------------------------------------------- */

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
/* Always "%04x:%02x:%02x.%x". */
void bdf_format(const struct bdf *b, char buf[BDF_STRLEN]);
bool bdf_equal(const struct bdf *a, const struct bdf *b);
/* 16-bit device id as the IOMMU sees it: bus << 8 | dev << 3 | fn. */
uint16_t bdf_devid(const struct bdf *b);

/* ---- Device table entry (kernel-interfaces.md §3) ---------------------- */

enum dte_class {
	DTE_UNTRANSLATED, /* V=0: DMA passes untranslated */
	DTE_BLOCKED,      /* V=1 TV=0, or TV=1 Mode=0 with no permissions */
	DTE_IDENTITY,     /* Mode=0, IR/IW set (GV=1 GIoV=0: plus PASID table) */
	DTE_V1,           /* host page table, Mode 1..6, GV=0 */
	DTE_V2,           /* GV=1 GIoV=1 Mode=0: guest table via GCR3[0] */
	DTE_NESTED,       /* GV=1 and Mode 1..6 */
	DTE_INVALID,      /* Mode=7, or a GV entry that fits no row */
};

struct dte {
	uint64_t raw[4]; /* data[0] first */
	/* qword 0 */
	bool v, tv, ppr, gprp, giov, gv, ir, iw;
	unsigned had, mode, glx;
	uint64_t host_pt_root; /* physical address, bits 51:12 */
	/* qword 1 */
	uint16_t domain_id;
	bool iotlb, se, sa, cache, sd, ex;
	unsigned ioctl, sysmgt;
	uint64_t gcr3_root; /* assembled physical address, 0 if none */
	/* qword 2 */
	bool iv, ig, init_pass, eint_pass, nmi_pass, lint0_pass, lint1_pass;
	unsigned int_tab_len; /* raw field; entries = 1 << int_tab_len */
	unsigned guest_paging_mode; /* 0 = 4-level, 1 = 5-level */
	unsigned int_ctl;
	uint64_t irt_root;
	/* derived */
	enum dte_class cls;
	bool pasid_table; /* identity with a GCR3 table (GV=1, GIoV=0) */
	/*
	 * Page-table levels of the translation the class implies:
	 * v1/nested: host Mode; v2: 4 or 5 from guest_paging_mode; else 0.
	 */
	unsigned levels;
};

void dte_decode(const uint64_t raw[4], struct dte *out);
/* "untranslated" "blocked" "identity" "v1" "v2" "nested" "invalid" */
const char *dte_class_name(enum dte_class c);
/* One sentence a person can act on, e.g. "V1 host page table, 3 levels...". */
const char *dte_class_explain(enum dte_class c);

/*
 * One debugfs `devtbl` data row:
 *   "ssss:bb:dd.f QWORD3 QWORD2 QWORD1 QWORD0 iommuN"
 * (highest qword first, 16 hex digits each).  raw[] is filled data[0]
 * first.  Returns 0 or -EINVAL.
 */
int devtbl_parse_row(const char *line, struct bdf *bdf, uint64_t raw[4],
		     int *iommu_index);
/*
 * Find the row for @want in a whole `devtbl` read (header, then one or
 * more rows; a captured tree may hold many).  Returns 0, -ENOENT when no
 * row names @want, -ENODATA when the text is the kernel's "Enter a valid
 * device ID" message or empty, -EINVAL when it is garbage.
 */
int devtbl_find(const char *text, const struct bdf *want, uint64_t raw[4],
		int *iommu_index);
/*
 * The same lookup for many devices: index the text once (NULL: out of
 * memory), then find each device in O(log rows) with devtbl_find()'s
 * results.  The index does not point into @text.
 */
struct devtbl_index;
struct devtbl_index *devtbl_index_build(const char *text);
int devtbl_index_find(const struct devtbl_index *x, const struct bdf *want,
		      uint64_t raw[4], int *iommu_index);
void devtbl_index_free(struct devtbl_index *x);

/* ---- EFR / EFR2 (kernel-interfaces.md §3.6) ---------------------------- */

struct efr_info {
	uint64_t efr, efr2;
	unsigned hats, gats, glx_sup, pas_max;
	unsigned host_levels;  /* HATS + 4; 0 when HATS = 3 (HATDis) */
	unsigned guest_levels; /* GATS 0 -> 4, 1 -> 5; 0 when reserved */
	uint32_t max_pasids;   /* 2^(PASmax+1) - 1, capped at 16 bits; 0 if PASmax 0 */
};

void efr_decode(uint64_t efr, uint64_t efr2, struct efr_info *out);

/*
 * Names of the set feature bits: first those the kernel prints at boot,
 * in its order ("PreF PPR X2APIC NX GT [5] IA GA HE PC GA_vAPIC SNP"),
 * then the other named single-bit EFR fields (GAPPISup, GIoSup, HASup,
 * EPHSup, AttrFWSup, HDSup, InvIotlbTypeSup, vIommuSup, USSup,
 * MsiCapMmioSup), then EFR2 bits ("SNPIoSup", "GCR3TRPMode",
 * "HTRangeIgnore", ...).  Returns the count written (at most @max).
 */
size_t efr_feature_names(uint64_t efr, uint64_t efr2, const char **names,
			 size_t max);

#define EFR_PPR_SUP     (1ULL << 1)
#define EFR_GT_SUP      (1ULL << 4)
#define EFR_GIO_SUP     (1ULL << 48)
#define EFR_EPH_SUP     (1ULL << 50)
#define EFR_HD_SUP      (1ULL << 52)
#define EFR_SNP_SUP     (1ULL << 63)
#define EFR2_GCR3TRP    (1ULL << 3)

/* What the driver derives from the global EFR/EFR2 (§2.5). */
struct amd_caps {
	bool v2;             /* GIoSup && GTSup */
	bool gt_ppr;         /* v2 && PPRSup && EPHSup */
	bool pasid;          /* gt_ppr && !snp && (!la57 || guest_levels == 5) */
	bool dirty_tracking; /* HDSup && host translation not disabled */
	bool nest_parent;    /* GTSup && GIoSup && EFR2 GCR3TRPMode */
	/* Why a capability is missing, e.g. "GIoSup (EFR bit 48) not set". */
	const char *why_not_v2, *why_not_pasid, *why_not_dirty, *why_not_nest;
};

void amd_caps_compute(uint64_t efr, uint64_t efr2, bool cpu_la57,
		      bool snp_enabled, struct amd_caps *out);

/*
 * sysfs ivhdN/amd-iommu/features, three historical formats:
 *   3.17-5.19  "%llx"        EFR
 *   6.0-6.x    "%llx:%llx"   EFR2:EFR (per IOMMU)
 *   newer      "%llx:%llx"   EFR:EFR2 (global)
 * @kmajor/@kminor is the running kernel (0/0 when unknown).  The order of
 * two fields is chosen by version, then sanity-checked (EFR has HATS /
 * GATS / PASmax bits; EFR2 only low bits).  Returns 0 or -EINVAL.
 */
enum features_format { FEATURES_EFR, FEATURES_EFR2_EFR, FEATURES_EFR_EFR2 };
int features_parse(const char *text, int kmajor, int kminor, uint64_t *efr,
		   uint64_t *efr2, enum features_format *fmt);

/* ---- PCI capability header (sysfs `cap`) ------------------------------- */

struct amd_cap {
	uint32_t raw;
	unsigned id, next, type, rev;
	bool iotlb_sup, ht_tunnel, np_cache, efr_sup, cap_ext;
};

void amd_cap_decode(uint32_t raw, struct amd_cap *out);

/* ---- MMIO control register (0x18) ------------------------------------- */

/* Names of set control bits ("IOMMUEn", "EventLogEn", ...); count written. */
size_t control_bit_names(uint64_t ctrl, const char **names, size_t max);

/* ---- Other debugfs texts (amd-debugfs.c) ------------------------------ */

/*
 * iommuXX/mmio: "Offset:0x%x Value:0x%016llx" lines (a captured tree may
 * hold several).  Returns 0, -ENOENT when no line has @offset, -ENODATA
 * for the "Please provide..." message.
 */
int mmio_find(const char *text, unsigned offset, uint64_t *val);
/* iommuXX/cmdbuf first line: "CMD Buffer Head Offset:%d Tail Offset:%d". */
int cmdbuf_head_tail(const char *text, unsigned *head, unsigned *tail);

/* ---- Small text helpers shared by the parsers ------------------------- */

/* Strict hex u64 parse of a whole token (optional 0x, trailing '\n' ok). */
int parse_hex_u64(const char *s, uint64_t *out);

/* ---- Interrupt remapping, command buffer, event log (amd-decode.c) ---- */

/*
 * One interrupt remapping table entry (drivers/iommu/amd/amd_iommu_types.h
 * union irte, union irte_ga_lo/irte_ga_hi).  32-bit legacy format:
 * valid 0, no_fault 1, int_type 4:2, rq_eoi 5, dm 6, destination 15:8,
 * vector 23:16.  128-bit GA format, lo: valid 0, no_fault 1, int_type 4:2
 * (remap) or ga_log_intr 2 (vAPIC), rq_eoi 5 / is_run 6 (vAPIC), dm 6,
 * guest_mode 7, destination[23:0] 31:8, ga_tag 63:32; hi: vector 7:0,
 * ga_root_ptr 51:12, destination[31:24] 63:56.
 */
struct irte_info {
	unsigned index;
	bool ga;          /* 128-bit format */
	uint64_t lo, hi;  /* legacy: the 32-bit value in lo, hi 0 */
	bool valid, no_fault, rq_eoi, dest_logical, guest_mode;
	unsigned int_type;     /* delivery mode (remapped entries) */
	unsigned vector;
	uint32_t destination;  /* APIC ID: 8-bit legacy, 32-bit GA */
	/* guest (vAPIC) mode, GA format with guest_mode set */
	bool ga_log_intr, is_run;
	uint32_t ga_tag;
	uint64_t ga_root;      /* vAPIC backing page address (ga_root_ptr << 12) */
};

/* "IRT[%04d] %016llx %016llx" (hi, lo) or "IRT[%04d] %08x".  0 or -EINVAL. */
int irte_parse_line(const char *line, struct irte_info *out);
void irte_decode(unsigned index, bool ga, uint64_t lo, uint64_t hi,
		 struct irte_info *out);
/* "fixed" "arbitrated" "smi" "nmi" "init" "extint" "reserved" */
const char *irte_int_type_name(unsigned t);

/*
 * Find the section of @want in a debugfs `irqtbl` read (a captured tree
 * holds one section per device).  Returns 0 and sets *body to the first
 * IRT line of the section; -EOPNOTSUPP "Interrupt remapping is disabled";
 * -ENXIO "IRQ lookup table not set for" @want; -EBADMSG the "invalid IRT
 * length" message; -ENODATA no selection / empty; -ENOENT nothing names
 * @want; -EINVAL garbage.
 */
int irqtbl_find(const char *text, const struct bdf *want, const char **body);
/*
 * Next entry of a section: 1 and *out filled, 0 at the end of the
 * section, -EINVAL for a line that is not an IRT line (*cursor moves past
 * it either way).
 */
int irqtbl_next(const char **cursor, struct irte_info *out);

/* One 128-bit command (drivers/iommu/amd/iommu.c build_* and CMD_*). */
enum {
	AMD_CMD_COMPLETION_WAIT = 1,
	AMD_CMD_INV_DEVTAB_ENTRY = 2,
	AMD_CMD_INV_IOMMU_PAGES = 3,
	AMD_CMD_INV_IOTLB_PAGES = 4,
	AMD_CMD_INV_INTERRUPT_TABLE = 5,
	AMD_CMD_PREFETCH_IOMMU_PAGES = 6,
	AMD_CMD_COMPLETE_PPR_REQUEST = 7,
	AMD_CMD_INV_IOMMU_ALL = 8,
};

struct amd_cmd {
	uint32_t w[4];
	unsigned opcode;          /* word 1 bits 31:28 */
	bool zero;                /* all four words 0: unused slot */
	bool has_devid, has_domid, has_pasid, has_addr;
	uint16_t devid, domid;
	uint32_t pasid;
	uint64_t address;         /* page address, or the store address */
	bool s, pde, gn;          /* size, PDE, guest (PASID) bits */
	bool all;                 /* the S-encoded range covers everything */
	unsigned size_log2;       /* range is 1 << size_log2 bytes (12: one page) */
	uint64_t range_base;      /* start of the S-encoded range */
	/* COMPLETION_WAIT */
	bool store, intr, flush_queue;
	uint64_t store_data;
	/* INVALIDATE_IOTLB_PAGES: queue depth; COMPLETE_PPR_REQUEST */
	unsigned qdep, tag, status;
};

/* "%3d: %08x %08x %08x %08x".  0 or -EINVAL. */
int cmdbuf_parse_line(const char *line, unsigned *index, uint32_t w[4]);
void amd_cmd_decode(const uint32_t w[4], struct amd_cmd *out);
/* "COMPLETION_WAIT", ... ; NULL for an unknown opcode. */
const char *amd_cmd_name(unsigned opcode);

/* One /dev/kmsg record "pri,seq,ts_usec,flags[,...];message". */
struct kmsg_rec {
	unsigned level, facility;
	uint64_t seq, ts_usec;
	const char *msg; /* points into the record, not terminated */
	size_t msg_len;  /* up to the end of the first line */
};
int kmsg_parse_record(const char *rec, size_t len, struct kmsg_rec *out);
/*
 * Keep only the records of a /dev/kmsg read whose message mentions the
 * IOMMU ("iommu", "AMD-Vi", "IVRS", "ivhd", "vfio", any case), with their
 * continuation lines; compacts @buf in place and returns the new length.
 */
size_t kmsg_keep_iommu(char *buf, size_t len);

/*
 * An AMD-Vi "Event logged [TYPE key=value ...]" kernel message
 * (iommu_print_event, amd_iommu_report_page_fault, _rmp_fault,
 * _rmp_hw_error).  The device comes from device= or, for pci_err()
 * messages, from the "DRIVER BDF: " prefix; an "iommu ivhdN: " prefix
 * names the IOMMU.
 */
struct amd_event {
	char type[32];
	bool has_device, has_domain, has_pasid, has_address, has_flags;
	bool has_tag, has_vmg_tag, has_flags_rmp;
	struct bdf device;
	char iommu[16];           /* "ivhdN" or "" */
	uint32_t domain, pasid, flags, tag, vmg_tag, flags_rmp;
	uint64_t address;
	const char *address_kind; /* "address", "gpa", "spa" */
};

/* 0, -ENOENT when @msg is no AMD-Vi event, -EINVAL when malformed. */
int amd_event_parse(const char *msg, size_t len, struct amd_event *out);

/* Event flags (bits 27:16 of event word 1): GN 0, NX 1, US 2, I 3, PR 4,
 * RW 5, PE 6, RZ 7, TR 8 (EVENT_FLAG_TR/RW/PR/I).  Names of set bits. */
#define EVENT_FLAG_I  0x008
#define EVENT_FLAG_PR 0x010
#define EVENT_FLAG_RW 0x020
#define EVENT_FLAG_TR 0x100
size_t event_flag_names(uint32_t flags, const char **names, size_t max);

#endif
