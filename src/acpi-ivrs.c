// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IVRS decoder.  Layouts: include/acpi/actbl2.h (struct
 * acpi_table_ivrs, acpi_ivrs_hardware_10/11, acpi_ivrs_de_header,
 * acpi_ivrs_device8a/8b/8c, acpi_ivrs_device_hid, acpi_ivrs_memory) and
 * drivers/iommu/amd/init.c (struct ivhd_header, ivhd_entry,
 * ivmd_header: the kernel reads IVMD bytes 8-9 as the PCI segment).
 * IVinfo bits: init.c IOMMU_IVINFO_EFRSUP (0), IOMMU_IVINFO_DMA_REMAP
 * (1), IOMMU_IVINFO_VASIZE (21:15); actbl2.h ACPI_IVRS_PHYSICAL_SIZE
 * (14:8), ACPI_IVRS_ATS_RESERVED (22); GVAsize 7:5 from the AMD IOMMU
 * specification (48882).  IVHD 10h "IOMMU Feature Reporting" and
 * 11h/40h "IOMMU Attributes" bits: AMD IOMMU specification, IVHD field
 * tables (the kernel reads HATDis as attribute bit 0,
 * IOMMU_IVHD_ATTR_HATDIS_SHIFT, and GASup as feature bit 6,
 * IOMMU_FEAT_GASUP_SHIFT).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "acpi-ivrs.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- descriptors -------------------------------------------------------- */

#define F(k, l, o, s, f)            { k, l, o, s, 0, 0, f, 0 }
#define B(k, l, o, s, lo, w, f)     { k, l, o, s, lo, w, f, 0 }
#define FO(k, l, o, s, f, m)        { k, l, o, s, 0, 0, f, m }
#define BO(k, l, o, s, lo, w, f, m) { k, l, o, s, lo, w, f, m }

const struct ivrs_desc ivrs_header_desc[IVRS_H_NFIELDS] = {
	[IVRS_H_SIGNATURE]   = F("signature", "Signature", 0, 4, IVRS_TEXT),
	[IVRS_H_LENGTH]      = F("length", "Table length", 4, 4, IVRS_UINT),
	[IVRS_H_REVISION]    = F("revision", "Revision", 8, 1, IVRS_UINT),
	[IVRS_H_CHECKSUM]    = F("checksum", "Checksum", 9, 1, IVRS_HEX),
	[IVRS_H_OEM_ID]      = F("oem_id", "OEM ID", 10, 6, IVRS_TEXT),
	[IVRS_H_OEM_TABLE_ID] = F("oem_table_id", "OEM table ID", 16, 8, IVRS_TEXT),
	[IVRS_H_OEM_REVISION] = F("oem_revision", "OEM revision", 24, 4, IVRS_UINT),
	[IVRS_H_CREATOR_ID]  = F("creator_id", "Creator ID", 28, 4, IVRS_TEXT),
	[IVRS_H_CREATOR_REVISION] = F("creator_revision", "Creator revision", 32, 4, IVRS_UINT),
	[IVRS_H_IVINFO]      = F("ivinfo", "IVinfo", 36, 4, IVRS_HEX),
	[IVRS_H_EFR_SUP]     = B("efr_sup", "  EFRSup", 36, 4, 0, 1, IVRS_BOOL),
	[IVRS_H_DMA_REMAP]   = B("dma_remap_sup", "  DMA remap support", 36, 4, 1, 1, IVRS_BOOL),
	[IVRS_H_GVA_SIZE]    = B("gva_size", "  GVAsize (code)", 36, 4, 5, 3, IVRS_UINT),
	[IVRS_H_PA_SIZE]     = B("pa_size", "  PAsize (bits)", 36, 4, 8, 7, IVRS_UINT),
	[IVRS_H_VA_SIZE]     = B("va_size", "  VAsize (bits)", 36, 4, 15, 7, IVRS_UINT),
	[IVRS_H_HT_ATS_RESV] = B("ht_ats_reserved", "  HtAtsResv", 36, 4, 22, 1, IVRS_BOOL),
	[IVRS_H_RESERVED]    = F("reserved", "Reserved", 40, 8, IVRS_HEX),
};

#define V10    IVRS_V10
#define V1140  (IVRS_V11 | IVRS_V40)

const struct ivrs_desc ivrs_ivhd_desc[IVRS_V_NFIELDS] = {
	[IVRS_V_TYPE]        = F("type", "Type", 0, 1, IVRS_UINT),
	[IVRS_V_FLAGS]       = F("flags", "Flags", 1, 1, IVRS_HEX),
	[IVRS_V_HT_TUN_EN]   = B("ht_tun_en", "  HtTunEn", 1, 1, 0, 1, IVRS_BOOL),
	[IVRS_V_PASS_PW]     = B("pass_pw", "  PassPW", 1, 1, 1, 1, IVRS_BOOL),
	[IVRS_V_RES_PASS_PW] = B("res_pass_pw", "  ResPassPW", 1, 1, 2, 1, IVRS_BOOL),
	[IVRS_V_ISOC]        = B("isoc", "  Isoc", 1, 1, 3, 1, IVRS_BOOL),
	[IVRS_V_IOTLB_SUP]   = B("iotlb_sup", "  IotlbSup", 1, 1, 4, 1, IVRS_BOOL),
	[IVRS_V_COHERENT]    = B("coherent", "  Coherent", 1, 1, 5, 1, IVRS_BOOL),
	[IVRS_V_PREF_SUP]    = B("pref_sup", "  PrefSup", 1, 1, 6, 1, IVRS_BOOL),
	[IVRS_V_PPR_SUP]     = B("ppr_sup", "  PPRSup", 1, 1, 7, 1, IVRS_BOOL),
	[IVRS_V_LENGTH]      = F("length", "Length", 2, 2, IVRS_UINT),
	[IVRS_V_DEVID]       = F("bdf", "IOMMU PCI function", 4, 2, IVRS_BDF),
	[IVRS_V_CAP_OFFSET]  = F("capability_offset", "Capability offset", 6, 2, IVRS_UINT),
	[IVRS_V_BASE]        = F("base_address", "Base address", 8, 8, IVRS_HEX),
	[IVRS_V_SEGMENT]     = F("segment", "PCI segment", 16, 2, IVRS_UINT),
	[IVRS_V_INFO]        = F("info", "IOMMU info", 18, 2, IVRS_HEX),
	[IVRS_V_MSI_NUM]     = B("msi_number", "  MSI number", 18, 2, 0, 5, IVRS_UINT),
	[IVRS_V_UNIT_ID]     = B("unit_id", "  Unit ID", 18, 2, 8, 5, IVRS_UINT),
	[IVRS_V_FEATURES]    = FO("feature_reporting", "Feature reporting", 20, 4, IVRS_HEX, V10),
	[IVRS_V_ATTRIBUTES]  = FO("attributes", "Attributes", 20, 4, IVRS_HEX, V1140),
	[IVRS_V_XT_SUP]      = BO("xt_sup", "  XTSup", 20, 4, 0, 1, IVRS_BOOL, V10),
	[IVRS_V_NX_SUP]      = BO("nx_sup", "  NXSup", 20, 4, 1, 1, IVRS_BOOL, V10),
	[IVRS_V_GT_SUP]      = BO("gt_sup", "  GTSup", 20, 4, 2, 1, IVRS_BOOL, V10),
	[IVRS_V_GLX_SUP]     = BO("glx_sup", "  GLXSup", 20, 4, 3, 2, IVRS_UINT, V10),
	[IVRS_V_IA_SUP]      = BO("ia_sup", "  IASup", 20, 4, 5, 1, IVRS_BOOL, V10),
	[IVRS_V_GA_SUP]      = BO("ga_sup", "  GASup", 20, 4, 6, 1, IVRS_BOOL, V10),
	[IVRS_V_HE_SUP]      = BO("he_sup", "  HESup", 20, 4, 7, 1, IVRS_BOOL, V10),
	[IVRS_V_PAS_MAX]     = BO("pas_max", "  PASmax", 20, 4, 8, 5, IVRS_UINT, V10),
	[IVRS_V_PN_COUNTERS] = B("pn_counters", "  PNCounters", 20, 4, 13, 4, IVRS_UINT),
	[IVRS_V_PN_BANKS]    = B("pn_banks", "  PNBanks", 20, 4, 17, 6, IVRS_UINT),
	[IVRS_V_MSI_NUM_PPR] = B("msi_num_ppr", "  MsiNumPPR", 20, 4, 23, 5, IVRS_UINT),
	[IVRS_V_GATS]        = BO("gats", "  GATS", 20, 4, 28, 2, IVRS_UINT, V10),
	[IVRS_V_HATS]        = BO("hats", "  HATS", 20, 4, 30, 2, IVRS_UINT, V10),
	[IVRS_V_HAT_DIS]     = BO("hat_dis", "  HATDis", 20, 4, 0, 1, IVRS_BOOL, V1140),
	[IVRS_V_EFR]         = FO("efr_image", "EFR image", 24, 8, IVRS_HEX, V1140),
	[IVRS_V_EFR2]        = FO("efr2_image", "EFR2 image", 32, 8, IVRS_HEX, V1140),
};

#define EDTE (IVRS_E4 | IVRS_EALIAS | IVRS_EEXT | IVRS_ESPEC | IVRS_EHID | IVRS_E8)
#define EDEV (EDTE & ~IVRS_ESPEC)

const struct ivrs_desc ivrs_entry_desc[IVRS_E_NFIELDS] = {
	[IVRS_E_TYPE]        = F("type", "Type", 0, 1, IVRS_UINT),
	[IVRS_E_DEVID]       = FO("bdf", "Device", 1, 2, IVRS_BDF, EDEV),
	[IVRS_E_DTE]         = FO("dte_setting", "DTE setting", 3, 1, IVRS_HEX, EDTE),
	[IVRS_E_INIT_PASS]   = BO("init_pass", "  INITPass", 3, 1, 0, 1, IVRS_BOOL, EDTE),
	[IVRS_E_EINT_PASS]   = BO("eint_pass", "  EIntPass", 3, 1, 1, 1, IVRS_BOOL, EDTE),
	[IVRS_E_NMI_PASS]    = BO("nmi_pass", "  NMIPass", 3, 1, 2, 1, IVRS_BOOL, EDTE),
	[IVRS_E_SYSMGT]      = BO("sysmgt", "  SysMgt", 3, 1, 4, 2, IVRS_UINT, EDTE),
	[IVRS_E_LINT0_PASS]  = BO("lint0_pass", "  Lint0Pass", 3, 1, 6, 1, IVRS_BOOL, EDTE),
	[IVRS_E_LINT1_PASS]  = BO("lint1_pass", "  Lint1Pass", 3, 1, 7, 1, IVRS_BOOL, EDTE),
	[IVRS_E_ALIAS]       = FO("alias_bdf", "Alias (source device)", 5, 2, IVRS_BDF, IVRS_EALIAS),
	[IVRS_E_EXT]         = FO("ext_setting", "Extended DTE setting", 4, 4, IVRS_HEX, IVRS_EEXT),
	[IVRS_E_ATS_DISABLED] = BO("ats_disabled", "  ATS disabled", 4, 4, 31, 1, IVRS_BOOL, IVRS_EEXT),
	[IVRS_E_HANDLE]      = FO("handle", "Handle", 4, 1, IVRS_UINT, IVRS_ESPEC),
	[IVRS_E_SPECIAL_DEVID] = FO("bdf", "Device", 5, 2, IVRS_BDF, IVRS_ESPEC),
	[IVRS_E_VARIETY]     = FO("variety", "Variety", 7, 1, IVRS_UINT, IVRS_ESPEC),
	[IVRS_E_HID]         = FO("hid", "ACPI HID", 4, 8, IVRS_TEXT, IVRS_EHID),
	[IVRS_E_HID_RAW]     = FO("hid_raw", "  HID bytes", 4, 8, IVRS_HEX, IVRS_EHID),
	[IVRS_E_CID]         = FO("cid", "ACPI CID", 12, 8, IVRS_TEXT, IVRS_EHID),
	[IVRS_E_CID_RAW]     = FO("cid_raw", "  CID bytes", 12, 8, IVRS_HEX, IVRS_EHID),
	[IVRS_E_UID_FORMAT]  = FO("uid_format", "UID format", 20, 1, IVRS_UINT, IVRS_EHID),
	[IVRS_E_UID_LENGTH]  = FO("uid_length", "UID length", 21, 1, IVRS_UINT, IVRS_EHID),
	[IVRS_E_DATA]        = FO("data", "Data", 4, 4, IVRS_HEX, IVRS_E8),
};

#define MDEV (IVRS_M21 | IVRS_M22)

const struct ivrs_desc ivrs_ivmd_desc[IVRS_M_NFIELDS] = {
	[IVRS_M_TYPE]        = F("type", "Type", 0, 1, IVRS_UINT),
	[IVRS_M_FLAGS]       = F("flags", "Flags", 1, 1, IVRS_HEX),
	[IVRS_M_UNITY]       = B("unity", "  Unity", 1, 1, 0, 1, IVRS_BOOL),
	[IVRS_M_READ]        = B("read", "  IR (read)", 1, 1, 1, 1, IVRS_BOOL),
	[IVRS_M_WRITE]       = B("write", "  IW (write)", 1, 1, 2, 1, IVRS_BOOL),
	[IVRS_M_EXCL]        = B("exclusion_range", "  Exclusion range", 1, 1, 3, 1, IVRS_BOOL),
	[IVRS_M_LENGTH]      = F("length", "Length", 2, 2, IVRS_UINT),
	[IVRS_M_DEVID]       = FO("bdf", "Device", 4, 2, IVRS_BDF, MDEV),
	[IVRS_M_AUX]         = F("aux_data", "Auxiliary data", 6, 2, IVRS_HEX),
	[IVRS_M_LAST]        = FO("bdf_last", "Last device", 6, 2, IVRS_BDF, IVRS_M22),
	[IVRS_M_SEGMENT]     = F("segment", "PCI segment", 8, 2, IVRS_UINT),
	[IVRS_M_RESERVED]    = F("reserved", "Reserved", 10, 6, IVRS_HEX),
	[IVRS_M_START]       = F("start_address", "Start address", 16, 8, IVRS_HEX),
	[IVRS_M_MEMLEN]      = F("memory_length", "Memory length", 24, 8, IVRS_UINT),
};

void ivrs_desc_decode(const struct ivrs_desc *d, size_t nd, uint8_t variant,
		      const uint8_t *p, size_t n, struct ivrs_values *x)
{
	memset(x, 0, sizeof(*x));
	x->variant = variant;
	for (size_t i = 0; i < nd && i < IVRS_MAX_FIELDS; i++) {
		uint64_t v;

		if (d[i].only && !(d[i].only & variant))
			continue;
		if (!acpi_le(p, n, d[i].off, d[i].size, &v))
			continue;
		if (d[i].width)
			v = v >> d[i].lo & ((UINT64_C(1) << d[i].width) - 1);
		x->v[i] = v;
		x->have |= UINT64_C(1) << i;
	}
}

/* ---- names and sizes ---------------------------------------------------- */

const char *ivrs_subtable_name(unsigned type)
{
	switch (type) {
	case 0x10: case 0x11: case 0x40: return "ivhd";
	case 0x20: return "ivmd_all";
	case 0x21: return "ivmd_select";
	case 0x22: return "ivmd_range";
	}
	return "unknown";
}

const char *ivrs_entry_name(unsigned type)
{
	switch (type) {
	case IVRS_DEV_PAD: return "pad";
	case IVRS_DEV_ALL: return "all";
	case IVRS_DEV_SELECT: return "select";
	case IVRS_DEV_RANGE_START: return "range_start";
	case IVRS_DEV_RANGE_END: return "range_end";
	case IVRS_DEV_PAD8: return "pad8";
	case IVRS_DEV_NOT_USED: return "not_used";
	case IVRS_DEV_ALIAS: return "alias_select";
	case IVRS_DEV_ALIAS_RANGE: return "alias_range_start";
	case IVRS_DEV_EXT_SELECT: return "ext_select";
	case IVRS_DEV_EXT_RANGE: return "ext_range_start";
	case IVRS_DEV_SPECIAL: return "special";
	case IVRS_DEV_ACPI_HID: return "acpi_hid";
	}
	return "unknown";
}

uint8_t ivrs_entry_variant(unsigned type)
{
	switch (type) {
	case IVRS_DEV_ALIAS: case IVRS_DEV_ALIAS_RANGE: return IVRS_EALIAS;
	case IVRS_DEV_EXT_SELECT: case IVRS_DEV_EXT_RANGE: return IVRS_EEXT;
	case IVRS_DEV_SPECIAL: return IVRS_ESPEC;
	case IVRS_DEV_ACPI_HID: return IVRS_EHID;
	}
	if (type < 0x40)
		return IVRS_E4;
	return type < 0x80 ? IVRS_E8 : IVRS_EBIG;
}

uint8_t ivrs_ivhd_variant(unsigned type)
{
	return type == 0x10 ? IVRS_V10 : type == 0x11 ? IVRS_V11 :
	       type == 0x40 ? IVRS_V40 : 0;
}

uint8_t ivrs_ivmd_variant(unsigned type)
{
	return type == 0x20 ? IVRS_M20 : type == 0x21 ? IVRS_M21 :
	       type == 0x22 ? IVRS_M22 : 0;
}

/* init.c get_ivhd_header_size() */
unsigned ivrs_ivhd_header_size(unsigned type)
{
	return type == 0x10 ? 24 : type == 0x11 || type == 0x40 ? 40 : 0;
}

/*
 * actbl2.h ACPI_IVHD_ENTRY_LENGTH: the top two bits of the type encode
 * 4, 8, 16 or 32 bytes; F0h is variable.  The kernel's
 * ivhd_entry_length() agrees below 80h and returns 0 for every type
 * from 80h on except F0h.
 */
unsigned ivrs_entry_spec_length(unsigned type)
{
	return type == IVRS_DEV_ACPI_HID ? 0 : 4u << (type >> 6);
}

void ivrs_id_text(uint64_t raw, char out[9])
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(raw >> (8 * i));
	acpi_text(b, 8, out);
}

/* ---- decoding ----------------------------------------------------------- */

#define GROW(arr, n, cap)                                                     \
	((n) < (cap) ? 0 : grow((void **)&(arr), &(cap), sizeof(*(arr))))

static int grow(void **arr, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, ncap * size);

	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

struct builder {
	struct ivrs *d;
	size_t cap_ivhd, cap_entry, cap_ivmd, cap_other, cap_problem;
	int err;
};

static void problem(struct builder *b, size_t off, enum ivrs_problem_code code,
		    long ivhd, long entry, uint64_t value, uint64_t value2)
{
	struct ivrs *d = b->d;
	struct ivrs_problem *p;

	if (b->err || (b->err = GROW(d->problem, d->nproblem, b->cap_problem)))
		return;
	p = &d->problem[d->nproblem++];
	p->offset = (uint32_t)off;
	p->code = (uint16_t)code;
	p->ivhd = (int32_t)ivhd;
	p->entry = (int32_t)entry;
	p->value = value;
	p->value2 = value2;
}

/* The F0h entry's own checks and UID forms (init_iommu_from_acpi). */
static void decode_hid(struct builder *b, struct ivrs_entry *e, size_t avail,
		       unsigned ivhd_type)
{
	struct ivrs *d = b->d;
	long ei = (long)(e - d->entry);
	unsigned fmt = (unsigned)e->f.v[IVRS_E_UID_FORMAT];
	unsigned len = (unsigned)e->f.v[IVRS_E_UID_LENGTH];

	if (ivhd_type != 0x40)
		problem(b, e->offset, IVRS_P_F0_OUTSIDE_40, e->ivhd, ei, ivhd_type, 0);
	if (ivrs_has(&e->f, IVRS_E_HID) && !(e->f.v[IVRS_E_HID_RAW] & 0xff))
		problem(b, e->offset, IVRS_P_F0_HID_EMPTY, e->ivhd, ei, 0, 0);
	if (!ivrs_has(&e->f, IVRS_E_UID_LENGTH))
		return;
	e->uid_off = e->offset + 22;
	e->uid_avail = (uint8_t)(avail > 22 ? (avail - 22 < len ? avail - 22 : len) : 0);
	if (fmt == IVRS_UID_NONE && len)
		problem(b, e->offset, IVRS_P_F0_UID_LENGTH, e->ivhd, ei, len, 0);
	else if (fmt == IVRS_UID_INTEGER && len != 1)
		problem(b, e->offset, IVRS_P_F0_UID_INT_LEN, e->ivhd, ei, len, 0);
	else if (fmt > IVRS_UID_STRING)
		problem(b, e->offset, IVRS_P_F0_UID_FORMAT, e->ivhd, ei, fmt, 0);
	if (len >= 1 && len <= 8 && e->uid_avail == len) {
		e->uid_int_valid = true;
		for (unsigned i = 0; i < len; i++)
			e->uid_int |= (uint64_t)d->raw[e->uid_off + i] << (8 * i);
	}
}

/* Pairing of range starts and ends inside one IVHD, for the problems. */
struct range_state {
	long start;      /* entry index of the open start, -1 none */
};

static void check_range(struct builder *b, struct range_state *rs,
			struct ivrs_entry *e, long ei)
{
	struct ivrs *d = b->d;
	unsigned t = ivrs_entry_type(e);

	if (t == IVRS_DEV_RANGE_START || t == IVRS_DEV_ALIAS_RANGE ||
	    t == IVRS_DEV_EXT_RANGE) {
		if (rs->start >= 0)
			problem(b, d->entry[rs->start].offset, IVRS_P_RANGE_OPEN,
				e->ivhd, rs->start, 0, 0);
		rs->start = ei;
	} else if (t == IVRS_DEV_RANGE_END) {
		if (rs->start < 0) {
			problem(b, e->offset, IVRS_P_RANGE_END_ALONE, e->ivhd, ei, 0, 0);
			return;
		}
		if (e->f.v[IVRS_E_DEVID] < d->entry[rs->start].f.v[IVRS_E_DEVID])
			problem(b, e->offset, IVRS_P_RANGE_REVERSED, e->ivhd, ei,
				d->entry[rs->start].f.v[IVRS_E_DEVID], 0);
		rs->start = -1;
	}
}

static void check_entry(struct builder *b, struct ivrs_entry *e, size_t avail,
			unsigned ivhd_type)
{
	long ei = (long)(e - b->d->entry);
	unsigned t = ivrs_entry_type(e);

	switch (ivrs_entry_variant(t)) {
	case IVRS_EHID:
		decode_hid(b, e, avail, ivhd_type);
		break;
	case IVRS_ESPEC:
		if (ivrs_has(&e->f, IVRS_E_VARIETY) &&
		    e->f.v[IVRS_E_VARIETY] != IVRS_SPECIAL_IOAPIC &&
		    e->f.v[IVRS_E_VARIETY] != IVRS_SPECIAL_HPET)
			problem(b, e->offset, IVRS_P_SPECIAL_VARIETY, e->ivhd, ei,
				e->f.v[IVRS_E_VARIETY], 0);
		break;
	case IVRS_EBIG:
		problem(b, e->offset, IVRS_P_ENTRY_HANG, e->ivhd, ei, t, 0);
		break;
	default:
		if (!strcmp(ivrs_entry_name(t), "unknown"))
			problem(b, e->offset, IVRS_P_ENTRY_UNKNOWN, e->ivhd, ei, t, 0);
	}
}

static void decode_entries(struct builder *b, size_t hi, size_t p, size_t end)
{
	struct ivrs *d = b->d;
	struct ivrs_ivhd *h = &d->ivhd[hi];
	unsigned htype = (unsigned)h->f.v[IVRS_V_TYPE];
	struct range_state rs = { -1 };

	h->first_entry = (uint32_t)d->nentry;
	while (p < end && !b->err) {
		unsigned t = d->raw[p];
		size_t len = ivrs_entry_spec_length(t), avail = end - p;
		struct ivrs_entry *e;

		/* init.c ivhd_entry_length(): F0h's length is byte 21 + 22 */
		if (t == IVRS_DEV_ACPI_HID)
			len = avail >= 22 ? 22u + d->raw[p + 21] : 22;
		if ((b->err = GROW(d->entry, d->nentry, b->cap_entry)))
			return;
		e = &d->entry[d->nentry++];
		memset(e, 0, sizeof(*e));
		e->offset = (uint32_t)p;
		e->ivhd = (uint16_t)hi;
		e->len = (uint16_t)(len < avail ? len : avail);
		ivrs_desc_decode(ivrs_entry_desc, IVRS_E_NFIELDS, ivrs_entry_variant(t),
				 d->raw + p, e->len, &e->f);
		h->nentries++;
		check_entry(b, e, e->len, htype);
		if (len > avail) {
			problem(b, p, IVRS_P_ENTRY_OVERRUN, (long)hi,
				(long)(d->nentry - 1), t, len);
			break;
		}
		check_range(b, &rs, e, (long)(d->nentry - 1));
		p += len;
	}
	if (rs.start >= 0)
		problem(b, d->entry[rs.start].offset, IVRS_P_RANGE_OPEN, (long)hi,
			rs.start, 0, 0);
}

static void decode_ivhd(struct builder *b, size_t off, size_t len)
{
	struct ivrs *d = b->d;
	unsigned type = d->raw[off], hsize = ivrs_ivhd_header_size(type);
	struct ivrs_ivhd *h;

	if ((b->err = GROW(d->ivhd, d->nivhd, b->cap_ivhd)))
		return;
	h = &d->ivhd[d->nivhd++];
	memset(h, 0, sizeof(*h));
	h->offset = (uint32_t)off;
	h->iommu = -1;
	ivrs_desc_decode(ivrs_ivhd_desc, IVRS_V_NFIELDS, ivrs_ivhd_variant(type),
			 d->raw + off, len, &h->f);
	h->first_entry = (uint32_t)d->nentry;
	if (len < hsize) {
		problem(b, off, IVRS_P_IVHD_SHORT, (long)(d->nivhd - 1), -1, len, hsize);
		return;
	}
	decode_entries(b, d->nivhd - 1, off + hsize, off + len);
}

static void decode_ivmd(struct builder *b, size_t off, size_t len)
{
	struct ivrs *d = b->d;
	struct ivrs_ivmd *m;

	if ((b->err = GROW(d->ivmd, d->nivmd, b->cap_ivmd)))
		return;
	m = &d->ivmd[d->nivmd++];
	m->offset = (uint32_t)off;
	ivrs_desc_decode(ivrs_ivmd_desc, IVRS_M_NFIELDS, ivrs_ivmd_variant(d->raw[off]),
			 d->raw + off, len, &m->f);
	if (len < 32)
		problem(b, off, IVRS_P_IVMD_SHORT, -1, -1, len, 32);
}

static void decode_other(struct builder *b, size_t off, unsigned len)
{
	struct ivrs *d = b->d;
	struct ivrs_other *o;

	if ((b->err = GROW(d->other, d->nother, b->cap_other)))
		return;
	o = &d->other[d->nother++];
	o->offset = (uint32_t)off;
	o->type = d->raw[off];
	o->length = (uint16_t)len;
	problem(b, off, IVRS_P_SUB_UNKNOWN, -1, -1, o->type, len);
}

static unsigned le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static void decode_subtables(struct builder *b)
{
	struct ivrs *d = b->d;
	size_t off = IVRS_HEADER_LEN;

	while (off < d->end && !b->err) {
		unsigned type, len;

		if (d->end - off < 4) {
			problem(b, off, IVRS_P_SUB_CUT, -1, -1, d->end - off, 0);
			return;
		}
		type = d->raw[off];
		len = le16(d->raw + off + 2);
		if (len == 0) {
			problem(b, off, IVRS_P_SUB_ZERO_LEN, -1, -1, type, 0);
			return;
		}
		if (len > d->end - off)
			problem(b, off, IVRS_P_SUB_OVERRUN, -1, -1, len, d->end - off);
		if (ivrs_ivhd_variant(type))
			decode_ivhd(b, off, len < d->end - off ? len : d->end - off);
		else if (ivrs_ivmd_variant(type))
			decode_ivmd(b, off, len < d->end - off ? len : d->end - off);
		else
			decode_other(b, off, len);
		off += len;
	}
}

/*
 * init.c get_highest_supported_ivhd_type(): walk the subtables while the
 * type is <= 40h (IVMDs included), and take the type of the last one
 * whose device id (bytes 4-5) equals the first subtable's.
 * init_iommu_all() then turns every subtable of that type into the next
 * IOMMU.
 */
static void driver_view(struct builder *b)
{
	struct ivrs *d = b->d;
	size_t off = IVRS_HEADER_LEN;
	unsigned devid, last;

	if (d->end < IVRS_HEADER_LEN + 6)
		return;
	last = d->raw[off];
	devid = le16(d->raw + off + 4);
	while (off < d->end && d->raw[off] <= 0x40) {
		unsigned len;

		if (d->end - off < 6)
			break;
		if (le16(d->raw + off + 4) == devid)
			last = d->raw[off];
		len = le16(d->raw + off + 2);
		if (!len)
			break;
		off += len;
	}
	d->target_type = (int)last;
	if (off < d->end && d->end - off >= 4 && d->raw[off] > 0x40) {
		for (size_t i = 0; i < d->nivhd; i++)
			if (d->ivhd[i].offset > off) {
				problem(b, off, IVRS_P_TYPE_SCAN_STOP, (long)i, -1,
					d->raw[off], 0);
				break;
			}
	}
	if (!ivrs_ivhd_variant(last)) {
		problem(b, IVRS_HEADER_LEN, IVRS_P_TARGET_NOT_IVHD, -1, -1, last, 0);
		return;
	}
	for (size_t i = 0; i < d->nivhd; i++)
		if (d->ivhd[i].f.v[IVRS_V_TYPE] == last)
			d->ivhd[i].iommu = (int)d->niommu++;
	if (d->niommu > 32) /* amd_iommu_types.h MAX_IOMMUS */
		problem(b, IVRS_HEADER_LEN, IVRS_P_TOO_MANY_IOMMUS, -1, -1, d->niommu, 32);
}

static void decode_header(struct builder *b)
{
	struct ivrs *d = b->d;
	uint64_t len;

	ivrs_desc_decode(ivrs_header_desc, IVRS_H_NFIELDS, 1, d->raw, d->size, &d->h);
	if (d->size < ACPI_HEADER_LEN) {
		problem(b, 0, IVRS_P_SHORT, -1, -1, d->size, ACPI_HEADER_LEN);
		return;
	}
	if (memcmp(d->raw, "IVRS", 4))
		problem(b, 0, IVRS_P_SIGNATURE, -1, -1, ivrs_hv(d, IVRS_H_SIGNATURE), 0);
	len = ivrs_hv(d, IVRS_H_LENGTH);
	d->end = len < d->size ? len : d->size;
	if (len > d->size)
		problem(b, 4, IVRS_P_TRUNCATED, -1, -1, len, d->size);
	else if (len < d->size)
		problem(b, len, IVRS_P_TRAILING, -1, -1, len, d->size);
	if (len < IVRS_HEADER_LEN)
		problem(b, 4, IVRS_P_LENGTH_SHORT, -1, -1, len, IVRS_HEADER_LEN);
	/* init.c check_ivrs_checksum(): the sum of table->length bytes */
	d->sum = acpi_sum8(d->raw, d->end);
	d->checksum_ok = len <= d->size && d->sum == 0;
	if (len <= d->size && d->sum)
		problem(b, 9, IVRS_P_CHECKSUM, -1, -1, d->sum, 0);
}

int ivrs_decode(const uint8_t *p, size_t n, struct ivrs **out)
{
	struct builder b = { 0 };
	struct ivrs *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (!d)
		return -ENOMEM;
	d->raw = malloc(n ? n : 1);
	if (!d->raw) {
		free(d);
		return -ENOMEM;
	}
	if (n)
		memcpy(d->raw, p, n);
	d->size = n;
	d->target_type = -1;
	b.d = d;
	decode_header(&b);
	if (d->size >= ACPI_HEADER_LEN) {
		decode_subtables(&b);
		if (!b.err)
			driver_view(&b);
	}
	if (b.err) {
		ivrs_free(d);
		return b.err;
	}
	*out = d;
	return 0;
}

void ivrs_free(struct ivrs *d)
{
	if (!d)
		return;
	free(d->raw);
	free(d->ivhd);
	free(d->entry);
	free(d->ivmd);
	free(d->other);
	free(d->problem);
	free(d);
}

/* ---- F0h UID ------------------------------------------------------------ */

void ivrs_uid_string(const struct ivrs *d, const struct ivrs_entry *e,
		     char *buf, size_t len)
{
	size_t n = e->uid_avail < len - 1 ? e->uid_avail : len - 1;

	acpi_text(d->raw + e->uid_off, n, buf);
}

void ivrs_uid_kernel(const struct ivrs *d, const struct ivrs_entry *e,
		     char *buf, size_t len)
{
	buf[0] = '\0';
	switch (e->f.v[IVRS_E_UID_FORMAT]) {
	case IVRS_UID_INTEGER:
		/* sprintf(uid, "%d", e->uid): e->uid is the u8 at byte 22 */
		if (e->offset + 22u < d->end)
			snprintf(buf, len, "%d", d->raw[e->offset + 22]);
		break;
	case IVRS_UID_STRING:
		ivrs_uid_string(d, e, buf, len);
		break;
	}
}
