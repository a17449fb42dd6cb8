/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The 256-bit device table entry and the debugfs `devtbl` text.
 * Layout: drivers/iommu/amd/amd_iommu_types.h (DTE_FLAG_*, DEV_ENTRY_*,
 * DTE_GLX, DTE_GCR3_*, DTE_GPT_LEVEL_MASK, DTE_IRQ_*, DTE_INTTAB*).
 */
#ifndef AMDIOMMUCTL_DTE_H
#define AMDIOMMUCTL_DTE_H

#include <stdbool.h>
#include <stdint.h>

#include "bdf.h"
#include "fields.h"

enum dte_class {
	DTE_UNTRANSLATED, /* V=0: DMA passes untranslated */
	DTE_BLOCKED,      /* V=1 TV=0, or TV=1 Mode=0 with no permissions */
	DTE_IDENTITY,     /* Mode=0, IR/IW set (GV=1 GIoV=0: plus PASID table) */
	DTE_V1,           /* host page table, Mode 1..6, GV=0 */
	DTE_V2,           /* GV=1 GIoV=1 Mode=0: guest table via GCR3[0] */
	DTE_NESTED,       /* GV=1 and Mode 1..6 */
	DTE_INVALID,      /* Mode=7, or a GV entry that fits no row */
};

/* Field flags: in the `show devices` summary; null unless GV is set. */
#define DTE_SUMMARY 1
#define DTE_IF_GV   2

/*
 * X(member, qword, low bit, width, kind, label, flags, getter): the DTE
 * fields in hardware order.  The member of struct dte and the JSON key
 * are the same word.  Kernel names: V DTE_FLAG_V, TV DTE_FLAG_TV, HAD
 * DTE_FLAG_HAD (3 << 7), Mode DEV_ENTRY_MODE_MASK (9..11), PPR
 * DEV_ENTRY_PPR (52), GIoV DTE_FLAG_GIOV (54), GV DTE_FLAG_GV (55), GLX
 * DTE_GLX (57:56), IR/IW DEV_ENTRY_IR/IW (61/62), DomainID
 * DTE_DOMID_MASK, I DEV_ENTRY_TRANSLATION (bit 96 = q1 bit 32),
 * SysMgt DTE_SYSMGT 40:41, IV DTE_IRQ_REMAP_ENABLE, IntTabLen
 * DTE_INTTABLEN_MASK (4:1), IG DTE_IRQ_REMAP_INTCTL (q2 61:60 IntCtl),
 * GuestPagingMode DTE_GPT_LEVEL_MASK (q2 55:54), the GCR3 root
 * DTE_GCR3_14_12 / DTE_GCR3_30_15 / DTE_GCR3_51_31.
 */
#define DTE_FIELDS(X)                                                        \
	X(v,                 0,  0,  1, FLAG, "V",               0, NULL)        \
	X(tv,                0,  1,  1, FLAG, "TV",              0, NULL)        \
	X(had,               0,  7,  2, UINT, "HAD",             DTE_SUMMARY, NULL) \
	X(mode,              0,  9,  3, UINT, "Mode",            0, NULL)        \
	X(host_pt_root,      0, 12, 40, ADDR, "host PT root",    0, NULL)        \
	X(ppr,               0, 52,  1, FLAG, "PPR",             DTE_SUMMARY, NULL) \
	X(gprp,              0, 53,  1, FLAG, "GPRP",            0, NULL)        \
	X(giov,              0, 54,  1, FLAG, "GIoV",            0, NULL)        \
	X(gv,                0, 55,  1, FLAG, "GV",              0, NULL)        \
	X(glx,               0, 56,  2, UINT, "GLX",             DTE_SUMMARY | DTE_IF_GV, NULL) \
	X(ir,                0, 61,  1, FLAG, "IR",              0, NULL)        \
	X(iw,                0, 62,  1, FLAG, "IW",              0, NULL)        \
	X(domain_id,         1,  0, 16, UINT, "DomainID",        DTE_SUMMARY, NULL) \
	X(gcr3_root,         1, 16, 16, ADDR, "GCR3 root",       DTE_SUMMARY | DTE_IF_GV, dte_gcr3_root) \
	X(iotlb,             1, 32,  1, FLAG, "I (IOTLB)",       DTE_SUMMARY, NULL) \
	X(se,                1, 33,  1, FLAG, "SE",              0, NULL)        \
	X(sa,                1, 34,  1, FLAG, "SA",              0, NULL)        \
	X(ioctl,             1, 35,  2, UINT, "IoCtl",           0, NULL)        \
	X(cache,             1, 37,  1, FLAG, "Cache",           0, NULL)        \
	X(sd,                1, 38,  1, FLAG, "SD",              0, NULL)        \
	X(ex,                1, 39,  1, FLAG, "EX",              0, NULL)        \
	X(sysmgt,            1, 40,  2, UINT, "SysMgt",          0, NULL)        \
	X(iv,                2,  0,  1, FLAG, "IV",              0, NULL)        \
	X(int_tab_len,       2,  1,  4, UINT, "IntTabLen",       0, NULL)        \
	X(ig,                2,  5,  1, FLAG, "IG",              0, NULL)        \
	X(irt_root,          2,  6, 46, ADDR, "IRT root",        0, NULL)        \
	X(guest_paging_mode, 2, 54,  2, UINT, "guest paging",    0, NULL)        \
	X(init_pass,         2, 56,  1, FLAG, "InitPass",        0, NULL)        \
	X(eint_pass,         2, 57,  1, FLAG, "EIntPass",        0, NULL)        \
	X(nmi_pass,          2, 58,  1, FLAG, "NMIPass",         0, NULL)        \
	X(int_ctl,           2, 60,  2, UINT, "IntCtl",          0, NULL)        \
	X(lint0_pass,        2, 62,  1, FLAG, "Lint0Pass",       0, NULL)        \
	X(lint1_pass,        2, 63,  1, FLAG, "Lint1Pass",       0, NULL)

#define DTE_TYPE_FLAG bool
#define DTE_TYPE_UINT unsigned
#define DTE_TYPE_ADDR uint64_t

struct dte {
	uint64_t raw[4]; /* data[0] first */
#define X(m, w, lo, wd, kind, label, flags, get) DTE_TYPE_##kind m;
	DTE_FIELDS(X)
#undef X
	/* derived */
	enum dte_class cls;
	bool pasid_table; /* identity with a GCR3 table (GV=1, GIoV=0) */
	/*
	 * Page-table levels of the translation the class implies:
	 * v1/nested: host Mode; v2: 4 or 5 from guest_paging_mode; else 0.
	 */
	unsigned levels;
};

/* The field table, in hardware order, ended by a NULL key. */
extern const struct field dte_field_table[];
/* GCR3 table root: q0[60:58] -> 14:12, q1[31:16] -> 30:15, q1[63:43] -> 51:31 */
uint64_t dte_gcr3_root(const uint64_t *raw);

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

#endif
