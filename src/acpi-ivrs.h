/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure decoder of the ACPI IVRS table (AMD I/O Virtualization Reporting
 * Structure): bytes -> struct ivrs, no I/O.  Every structure (the table
 * header with IVinfo, IVHD blocks, device entries, IVMD blocks) is
 * described by one descriptor table: byte offset, size and bit range,
 * JSON key, label.  The decoder fills values from it, and the JSON and
 * the table rows (ivrs-json.c) read the same table, so a new field is
 * one line.  Hostile input (lengths past the end, zero lengths,
 * truncation) is always bounded and reported as a problem with its byte
 * offset, never fatal.
 *
 * Where the 7.3 driver interprets the table (drivers/iommu/amd/init.c),
 * the decoder follows it and says so: entry lengths (ivhd_entry_length),
 * IVHD header sizes (get_ivhd_header_size), the IVHD type the driver
 * uses (get_highest_supported_ivhd_type) and its IOMMU numbering
 * (init_iommu_all).
 */
#ifndef AMDIOMMUCTL_ACPI_IVRS_H
#define AMDIOMMUCTL_ACPI_IVRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IVRS_HEADER_LEN 48 /* init.c IVRS_HEADER_LENGTH */

/* ---- descriptors -------------------------------------------------------- */

enum ivrs_fmt {
	IVRS_UINT,  /* JSON integer */
	IVRS_BOOL,  /* one bit */
	IVRS_HEX,   /* fixed-width hex string: 2 digits per byte of @size */
	IVRS_BDF,   /* 16-bit device id: "ssss:bb:dd.f" with the segment */
	IVRS_TEXT,  /* ASCII bytes up to the first NUL */
};

struct ivrs_desc {
	const char *key;   /* JSON key */
	const char *label; /* row label */
	uint8_t off;       /* byte offset in the structure */
	uint8_t size;      /* bytes read at @off, little-endian (1..8) */
	uint8_t lo, width; /* bits [lo, lo + width) of that value; width 0: all */
	uint8_t fmt;       /* enum ivrs_fmt */
	uint8_t only;      /* variants that have the field (bit mask); 0: all */
};

/* One decoded structure: values by descriptor index, and which exist. */
#define IVRS_MAX_FIELDS 40
struct ivrs_values {
	uint64_t v[IVRS_MAX_FIELDS];
	uint64_t have; /* bit i: field i applies to the variant and was read */
	uint8_t variant;
};

static inline bool ivrs_has(const struct ivrs_values *x, unsigned f)
{
	return x->have >> f & 1;
}

/*
 * Fill @x from the structure at @p[0..@n) for @variant: a field outside
 * the bytes (a truncated structure) stays absent.
 */
void ivrs_desc_decode(const struct ivrs_desc *d, size_t nd, uint8_t variant,
		      const uint8_t *p, size_t n, struct ivrs_values *x);

/* The table header and IVinfo (offsets from the start of the table). */
enum {
	IVRS_H_SIGNATURE, IVRS_H_LENGTH, IVRS_H_REVISION, IVRS_H_CHECKSUM,
	IVRS_H_OEM_ID, IVRS_H_OEM_TABLE_ID, IVRS_H_OEM_REVISION,
	IVRS_H_CREATOR_ID, IVRS_H_CREATOR_REVISION,
	IVRS_H_IVINFO, IVRS_H_EFR_SUP, IVRS_H_DMA_REMAP, IVRS_H_GVA_SIZE,
	IVRS_H_PA_SIZE, IVRS_H_VA_SIZE, IVRS_H_HT_ATS_RESV, IVRS_H_RESERVED,
	IVRS_H_NFIELDS
};

/* IVHD variants and fields. */
#define IVRS_V10 0x01
#define IVRS_V11 0x02
#define IVRS_V40 0x04
enum {
	IVRS_V_TYPE, IVRS_V_FLAGS, IVRS_V_HT_TUN_EN, IVRS_V_PASS_PW,
	IVRS_V_RES_PASS_PW, IVRS_V_ISOC, IVRS_V_IOTLB_SUP, IVRS_V_COHERENT,
	IVRS_V_PREF_SUP, IVRS_V_PPR_SUP, IVRS_V_LENGTH, IVRS_V_DEVID,
	IVRS_V_CAP_OFFSET, IVRS_V_BASE, IVRS_V_SEGMENT, IVRS_V_INFO,
	IVRS_V_MSI_NUM, IVRS_V_UNIT_ID,
	IVRS_V_FEATURES, IVRS_V_ATTRIBUTES, /* 10h / 11h+40h: the word at 20 */
	IVRS_V_XT_SUP, IVRS_V_NX_SUP, IVRS_V_GT_SUP, IVRS_V_GLX_SUP,
	IVRS_V_IA_SUP, IVRS_V_GA_SUP, IVRS_V_HE_SUP, IVRS_V_PAS_MAX,
	IVRS_V_PN_COUNTERS, IVRS_V_PN_BANKS, IVRS_V_MSI_NUM_PPR, IVRS_V_GATS,
	IVRS_V_HATS, IVRS_V_HAT_DIS, IVRS_V_EFR, IVRS_V_EFR2,
	IVRS_V_NFIELDS
};

/* Device entry variants and fields. */
#define IVRS_E4      0x01 /* 4-byte entries: 00h..04h and reserved 05h..3Fh */
#define IVRS_EALIAS  0x02 /* 42h, 43h */
#define IVRS_EEXT    0x04 /* 46h, 47h */
#define IVRS_ESPEC   0x08 /* 48h */
#define IVRS_EHID    0x10 /* F0h */
#define IVRS_E8      0x20 /* other 8-byte types (40h, 41h, 44h, 45h, 49h..7Fh) */
#define IVRS_EBIG    0x40 /* reserved 16/32-byte types (80h..FFh but F0h) */
enum {
	IVRS_E_TYPE, IVRS_E_DEVID, IVRS_E_DTE, IVRS_E_INIT_PASS,
	IVRS_E_EINT_PASS, IVRS_E_NMI_PASS, IVRS_E_SYSMGT, IVRS_E_LINT0_PASS,
	IVRS_E_LINT1_PASS, IVRS_E_ALIAS, IVRS_E_EXT, IVRS_E_ATS_DISABLED,
	IVRS_E_HANDLE, IVRS_E_SPECIAL_DEVID, IVRS_E_VARIETY, IVRS_E_HID,
	IVRS_E_HID_RAW, IVRS_E_CID, IVRS_E_CID_RAW, IVRS_E_UID_FORMAT,
	IVRS_E_UID_LENGTH, IVRS_E_DATA,
	IVRS_E_NFIELDS
};

/* IVMD variants and fields. */
#define IVRS_M20 0x01
#define IVRS_M21 0x02
#define IVRS_M22 0x04
enum {
	IVRS_M_TYPE, IVRS_M_FLAGS, IVRS_M_UNITY, IVRS_M_READ, IVRS_M_WRITE,
	IVRS_M_EXCL, IVRS_M_LENGTH, IVRS_M_DEVID, IVRS_M_AUX, IVRS_M_LAST,
	IVRS_M_SEGMENT, IVRS_M_RESERVED, IVRS_M_START, IVRS_M_MEMLEN,
	IVRS_M_NFIELDS
};

extern const struct ivrs_desc ivrs_header_desc[IVRS_H_NFIELDS];
extern const struct ivrs_desc ivrs_ivhd_desc[IVRS_V_NFIELDS];
extern const struct ivrs_desc ivrs_entry_desc[IVRS_E_NFIELDS];
extern const struct ivrs_desc ivrs_ivmd_desc[IVRS_M_NFIELDS];

/* ---- the decoded table -------------------------------------------------- */

/* Device entry types (init.c IVHD_DEV_*, actbl2.h ACPI_IVRS_TYPE_*). */
enum {
	IVRS_DEV_PAD = 0x00, IVRS_DEV_ALL = 0x01, IVRS_DEV_SELECT = 0x02,
	IVRS_DEV_RANGE_START = 0x03, IVRS_DEV_RANGE_END = 0x04,
	IVRS_DEV_PAD8 = 0x40, IVRS_DEV_NOT_USED = 0x41,
	IVRS_DEV_ALIAS = 0x42, IVRS_DEV_ALIAS_RANGE = 0x43,
	IVRS_DEV_EXT_SELECT = 0x46, IVRS_DEV_EXT_RANGE = 0x47,
	IVRS_DEV_SPECIAL = 0x48, IVRS_DEV_ACPI_HID = 0xf0,
};
#define IVRS_SPECIAL_IOAPIC 1 /* init.c IVHD_SPECIAL_IOAPIC */
#define IVRS_SPECIAL_HPET   2
#define IVRS_UID_NONE       0 /* init.c UID_NOT_PRESENT */
#define IVRS_UID_INTEGER    1
#define IVRS_UID_STRING     2

struct ivrs_entry {
	uint32_t offset;        /* in the table */
	uint16_t len;           /* bytes it occupies */
	uint16_t ivhd;          /* index into ivrs.ivhd */
	struct ivrs_values f;   /* ivrs_entry_desc */
	/* F0h: the UID bytes (within the IVHD) and their forms */
	uint32_t uid_off;       /* table offset of the UID */
	uint8_t uid_avail;      /* UID bytes present (<= uid_length) */
	bool uid_int_valid;     /* integer UID of 1..8 bytes */
	uint64_t uid_int;       /* little-endian value of the UID bytes */
};

struct ivrs_ivhd {
	uint32_t offset;
	struct ivrs_values f;   /* ivrs_ivhd_desc */
	uint32_t first_entry, nentries;
	int iommu;              /* the driver's ivhdN index; -1: the driver skips it */
};

struct ivrs_ivmd {
	uint32_t offset;
	struct ivrs_values f;   /* ivrs_ivmd_desc */
};

/* A subtable of a type the spec does not define, skipped by its length. */
struct ivrs_other {
	uint32_t offset;
	uint8_t type;
	uint16_t length;
};

/*
 * What the decoder could not take as it is.  The findings layer
 * (ivrs-diag.h) explains each with the kernel's reaction.
 */
enum ivrs_problem_code {
	IVRS_P_SHORT,            /* fewer bytes than an ACPI header */
	IVRS_P_SIGNATURE,        /* not "IVRS" */
	IVRS_P_LENGTH_SHORT,     /* header length < 48 */
	IVRS_P_TRUNCATED,        /* header length > bytes given (value: length, value2: bytes) */
	IVRS_P_TRAILING,         /* bytes after header length */
	IVRS_P_CHECKSUM,         /* 8-bit sum over length bytes != 0 (value: sum) */
	IVRS_P_SUB_CUT,          /* < 4 bytes left for a subtable header */
	IVRS_P_SUB_ZERO_LEN,     /* subtable length 0: the kernel's loops never advance */
	IVRS_P_SUB_OVERRUN,      /* subtable length past the table end (value: length) */
	IVRS_P_SUB_UNKNOWN,      /* subtable type not 10h/11h/40h/20h/21h/22h (value: type) */
	IVRS_P_IVHD_SHORT,       /* IVHD length < its header size (value: length, value2: size) */
	IVRS_P_IVMD_SHORT,       /* IVMD length < 32 */
	IVRS_P_ENTRY_OVERRUN,    /* device entry past its IVHD's end (value: type) */
	IVRS_P_ENTRY_UNKNOWN,    /* reserved entry type, skipped by its length (value: type) */
	IVRS_P_ENTRY_HANG,       /* type 80h..FFh but F0h: ivhd_entry_length() = 0 */
	IVRS_P_F0_OUTSIDE_40,    /* F0h in an IVHD of type 10h/11h (value: IVHD type) */
	IVRS_P_F0_HID_EMPTY,     /* first HID byte 0: "Invalid HID." */
	IVRS_P_F0_UID_LENGTH,    /* UID format 0 with a length: "Invalid UID length." */
	IVRS_P_F0_UID_FORMAT,    /* UID format not 0/1/2 (value: format) */
	IVRS_P_F0_UID_INT_LEN,   /* integer UID whose length is not 1 (value: length) */
	IVRS_P_SPECIAL_VARIETY,  /* 48h variety not 1/2: add_special_device() -EINVAL */
	IVRS_P_RANGE_END_ALONE,  /* 04h with no open range */
	IVRS_P_RANGE_OPEN,       /* range start never ended in its IVHD */
	IVRS_P_RANGE_REVERSED,   /* range end below its start (value: start devid) */
	IVRS_P_TARGET_NOT_IVHD,  /* the type the driver picks is no IVHD type (value) */
	IVRS_P_TYPE_SCAN_STOP,   /* a type > 40h ends the type scan before IVHD(s) (value: type) */
	IVRS_P_TOO_MANY_IOMMUS,  /* more than 32 IVHDs of the used type */
	IVRS_P_NCODES
};

struct ivrs_problem {
	uint32_t offset;        /* table byte offset of what is wrong */
	uint16_t code;          /* enum ivrs_problem_code */
	int32_t ivhd;           /* index into ivrs.ivhd, -1: none */
	int32_t entry;          /* index into ivrs.entry, -1: none */
	uint64_t value, value2;
};

struct ivrs {
	uint8_t *raw;           /* a copy of the bytes given */
	size_t size;
	size_t end;             /* min(header length, size): what is parsed */
	struct ivrs_values h;   /* ivrs_header_desc */
	uint8_t sum;            /* 8-bit sum of the first min(length, size) bytes */
	bool checksum_ok;       /* length <= size and sum == 0 */
	struct ivrs_ivhd *ivhd;
	size_t nivhd;
	struct ivrs_entry *entry;
	size_t nentry;
	struct ivrs_ivmd *ivmd;
	size_t nivmd;
	struct ivrs_other *other;
	size_t nother;
	struct ivrs_problem *problem;
	size_t nproblem;
	/*
	 * The IVHD type the driver uses (get_highest_supported_ivhd_type()),
	 * -1 when the table has no subtable; and how many IVHDs of it it
	 * turns into IOMMUs (init_iommu_all(): each gets the next index).
	 */
	int target_type;
	unsigned niommu;
};

/*
 * Decode @n bytes.  Never fails on content: what does not fit is in
 * ->problem.  Returns 0, -ENOMEM.  Free with ivrs_free().
 */
int ivrs_decode(const uint8_t *p, size_t n, struct ivrs **out);
void ivrs_free(struct ivrs *d);

/* Names: "ivhd", "ivmd_all", ...; "range_start", "special", ...; "unknown". */
const char *ivrs_subtable_name(unsigned type);
const char *ivrs_entry_name(unsigned type);
/* Variant bit of an entry type / IVHD type / IVMD type (0: none). */
uint8_t ivrs_entry_variant(unsigned type);
uint8_t ivrs_ivhd_variant(unsigned type);
uint8_t ivrs_ivmd_variant(unsigned type);
/* Header size the kernel gives an IVHD type (get_ivhd_header_size): 24,
 * 40, or 0 for an unsupported type. */
unsigned ivrs_ivhd_header_size(unsigned type);
/* Bytes an entry of @type occupies per the spec (F0h: 0, variable). */
unsigned ivrs_entry_spec_length(unsigned type);

/* Convenience reads of decoded values. */
static inline uint64_t ivrs_hv(const struct ivrs *d, unsigned f)
{
	return d->h.v[f];
}
static inline uint16_t ivrs_ivhd_segment(const struct ivrs_ivhd *h)
{
	return (uint16_t)h->f.v[IVRS_V_SEGMENT];
}
static inline unsigned ivrs_entry_type(const struct ivrs_entry *e)
{
	return (unsigned)e->f.v[IVRS_E_TYPE];
}

/*
 * The UID of an F0h entry in its two forms: the string (its bytes up to
 * the first NUL, non-printable as '?', into @buf of @len) and, via
 * e->uid_int, the integer.  Also the string the 7.3 kernel builds
 * (init_iommu_from_acpi, IVHD_DEV_ACPI_HID: an integer UID is
 * sprintf("%d") of its FIRST byte only; a string UID is its uid_length
 * bytes; any other format gives "").
 */
void ivrs_uid_string(const struct ivrs *d, const struct ivrs_entry *e,
		     char *buf, size_t len);
void ivrs_uid_kernel(const struct ivrs *d, const struct ivrs_entry *e,
		     char *buf, size_t len);
/* The 8-byte HID/CID field as text (up to NUL, '?' for non-printable). */
void ivrs_id_text(uint64_t raw, char out[9]);

#endif
