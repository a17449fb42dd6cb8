// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device table entry decoding and the debugfs `devtbl` text.
 *
 * Bit layout: kernel-interfaces.md §3.1/§3.2, checked against
 * drivers/iommu/amd/amd_iommu_types.h (DTE_FLAG_V 0, DTE_FLAG_TV 1,
 * DTE_FLAG_HAD 3<<7, DEV_ENTRY_PPR 0x34, DTE_FLAG_GIOV 54, DTE_FLAG_GV 55,
 * DTE_GLX 57:56, DEV_ENTRY_IR 0x3d, DEV_ENTRY_IW 0x3e).  Mode 11:9, the
 * GCR3 root split (data[0] 60:58, data[1] 31:16 and 63:43) and the guest
 * paging mode (data[2] 55:54, DTE_GPT_LEVEL_MASK) follow the reference and
 * agree with the 7.3 samples (v2 root 0x1937000, nested root 0x12345000).
 *
 * Row format: drivers/iommu/amd/debugfs.c dump_dte() (6.17+):
 *   "%-12s %16s %16s %16s %16s iommu\n" header (DeviceId, QWORD[3..0]),
 *   "%04x:%02x:%02x.%x " + data[3..0] as "%016llx " + "iommu%d\n".
 * Early revisions of that series printed "%04x:%02x:%02x:%x " (':' before
 * the function) and "Please provide valid device id input\n"; the merged
 * code prints '.' and "Enter a valid device ID to 'devid' file\n".  The
 * row parser accepts both separators; both messages mean "no selection".
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amd.h"

/* ---- bit fields --------------------------------------------------------- */

#define BIT64(n) (UINT64_C(1) << (n))
#define FIELD(w, lo, width) ((unsigned)(((w) >> (lo)) & ((UINT64_C(1) << (width)) - 1)))

enum dte_field_id {
	F_V, F_TV, F_HAD, F_MODE, F_PPR, F_GPRP, F_GIOV, F_GV, F_GLX, F_IR, F_IW,
	F_DOMID, F_IOTLB, F_SE, F_SA, F_IOCTL, F_CACHE, F_SD, F_EX, F_SYSMGT,
	F_IV, F_INTTABLEN, F_IG, F_GPM, F_INITPASS, F_EINTPASS, F_NMIPASS,
	F_INTCTL, F_LINT0PASS, F_LINT1PASS,
	F_COUNT
};

/* Table of the scalar DTE fields: qword, low bit, width, name. */
static const struct dte_field {
	unsigned char qw, lo, width;
	const char *name;
} dte_fields[F_COUNT] = {
	[F_V]         = { 0, 0, 1, "V" },
	[F_TV]        = { 0, 1, 1, "TV" },
	[F_HAD]       = { 0, 7, 2, "HAD" },
	[F_MODE]      = { 0, 9, 3, "Mode" },
	[F_PPR]       = { 0, 52, 1, "PPR" },
	[F_GPRP]      = { 0, 53, 1, "GPRP" },
	[F_GIOV]      = { 0, 54, 1, "GIoV" },
	[F_GV]        = { 0, 55, 1, "GV" },
	[F_GLX]       = { 0, 56, 2, "GLX" },
	[F_IR]        = { 0, 61, 1, "IR" },
	[F_IW]        = { 0, 62, 1, "IW" },
	[F_DOMID]     = { 1, 0, 16, "DomainID" },
	[F_IOTLB]     = { 1, 32, 1, "I" },
	[F_SE]        = { 1, 33, 1, "SE" },
	[F_SA]        = { 1, 34, 1, "SA" },
	[F_IOCTL]     = { 1, 35, 2, "IoCtl" },
	[F_CACHE]     = { 1, 37, 1, "Cache" },
	[F_SD]        = { 1, 38, 1, "SD" },
	[F_EX]        = { 1, 39, 1, "EX" },
	[F_SYSMGT]    = { 1, 40, 2, "SysMgt" },
	[F_IV]        = { 2, 0, 1, "IV" },
	[F_INTTABLEN] = { 2, 1, 4, "IntTabLen" },
	[F_IG]        = { 2, 5, 1, "IG" },
	[F_GPM]       = { 2, 54, 2, "GuestPagingMode" },
	[F_INITPASS]  = { 2, 56, 1, "InitPass" },
	[F_EINTPASS]  = { 2, 57, 1, "EIntPass" },
	[F_NMIPASS]   = { 2, 58, 1, "NMIPass" },
	[F_INTCTL]    = { 2, 60, 2, "IntCtl" },
	[F_LINT0PASS] = { 2, 62, 1, "Lint0Pass" },
	[F_LINT1PASS] = { 2, 63, 1, "Lint1Pass" },
};

#define DTE_HOST_PT_ROOT_MASK UINT64_C(0x000ffffffffff000) /* d0 51:12 */
#define DTE_IRT_ROOT_MASK     UINT64_C(0x000fffffffffffc0) /* d2 51:6 */

static unsigned get(const uint64_t raw[4], enum dte_field_id id)
{
	const struct dte_field *f = &dte_fields[id];

	return FIELD(raw[f->qw], f->lo, f->width);
}

/* GCR3 table root: d0[60:58] -> 14:12, d1[31:16] -> 30:15, d1[63:43] -> 51:31 */
static uint64_t gcr3_root(const uint64_t raw[4])
{
	return (uint64_t)FIELD(raw[0], 58, 3) << 12 |
	       (uint64_t)FIELD(raw[1], 16, 16) << 15 |
	       (uint64_t)FIELD(raw[1], 43, 21) << 31;
}

/* §3.4; the rows are checked in this order. */
static enum dte_class classify(const struct dte *d, unsigned *levels, bool *pasid_table)
{
	*levels = 0;
	*pasid_table = false;
	if (!d->v)
		return DTE_UNTRANSLATED;
	if (!d->tv)
		return DTE_BLOCKED;
	if (d->mode == 7)
		return DTE_INVALID;
	if (!d->gv) {
		if (d->mode == 0)
			return (d->ir || d->iw) ? DTE_IDENTITY : DTE_BLOCKED;
		*levels = d->mode;
		return DTE_V1;
	}
	/* GV = 1 */
	if (d->mode != 0) {
		*levels = d->mode;
		return DTE_NESTED;
	}
	if (d->giov) {
		/* guest paging mode 2 and 3 are reserved */
		if (d->guest_paging_mode > 1)
			return DTE_INVALID;
		*levels = d->guest_paging_mode ? 5 : 4;
		return DTE_V2;
	}
	if (d->ir || d->iw) {
		*pasid_table = true;
		return DTE_IDENTITY;
	}
	return DTE_INVALID;
}

void dte_decode(const uint64_t raw[4], struct dte *out)
{
	struct dte d;

	memset(&d, 0, sizeof(d));
	memcpy(d.raw, raw, sizeof(d.raw));

	d.v = get(raw, F_V);
	d.tv = get(raw, F_TV);
	d.had = get(raw, F_HAD);
	d.mode = get(raw, F_MODE);
	d.host_pt_root = raw[0] & DTE_HOST_PT_ROOT_MASK;
	d.ppr = get(raw, F_PPR);
	d.gprp = get(raw, F_GPRP);
	d.giov = get(raw, F_GIOV);
	d.gv = get(raw, F_GV);
	d.glx = get(raw, F_GLX);
	d.ir = get(raw, F_IR);
	d.iw = get(raw, F_IW);

	d.domain_id = (uint16_t)get(raw, F_DOMID);
	d.iotlb = get(raw, F_IOTLB);
	d.se = get(raw, F_SE);
	d.sa = get(raw, F_SA);
	d.ioctl = get(raw, F_IOCTL);
	d.cache = get(raw, F_CACHE);
	d.sd = get(raw, F_SD);
	d.ex = get(raw, F_EX);
	d.sysmgt = get(raw, F_SYSMGT);
	d.gcr3_root = gcr3_root(raw);

	d.iv = get(raw, F_IV);
	d.int_tab_len = get(raw, F_INTTABLEN);
	d.ig = get(raw, F_IG);
	d.irt_root = raw[2] & DTE_IRT_ROOT_MASK;
	d.guest_paging_mode = get(raw, F_GPM);
	d.init_pass = get(raw, F_INITPASS);
	d.eint_pass = get(raw, F_EINTPASS);
	d.nmi_pass = get(raw, F_NMIPASS);
	d.int_ctl = get(raw, F_INTCTL);
	d.lint0_pass = get(raw, F_LINT0PASS);
	d.lint1_pass = get(raw, F_LINT1PASS);

	d.cls = classify(&d, &d.levels, &d.pasid_table);
	*out = d;
}

static const struct {
	const char *name, *explain;
} dte_classes[] = {
	[DTE_UNTRANSLATED] = { "untranslated",
		"V=0: the entry is not valid, so DMA from this device passes "
		"untranslated (no IOMMU protection)." },
	[DTE_BLOCKED] = { "blocked",
		"V=1 with TV=0, or Mode 0 without IR/IW: DMA from this device is "
		"blocked (kernel blocked domain, e.g. bound to VFIO but not attached)." },
	[DTE_IDENTITY] = { "identity",
		"Mode 0 with IR/IW: DMA passes through untranslated with these "
		"permissions (identity domain); with GV=1 a GCR3 table also "
		"translates PASID traffic." },
	[DTE_V1] = { "v1",
		"V1 host page table rooted at HostPTRoot, as many levels as Mode says: a "
		"normal DMA-API or VFIO/iommufd paging domain." },
	[DTE_V2] = { "v2",
		"V2 (x86-format) page table reached through GCR3 table entry 0 "
		"(GV=1 GIoV=1 Mode 0), 4 or 5 levels from the guest paging mode: "
		"a PASID-capable paging domain." },
	[DTE_NESTED] = { "nested",
		"Nested: host V1 table (Mode levels, the nest parent) plus a "
		"guest GCR3 table (GV=1): an iommufd nested domain for a VM." },
	[DTE_INVALID] = { "invalid",
		"A combination the driver never programs (Mode 7, or GV=1 "
		"without a usable GCR3 setup): re-read it (racing update) or "
		"suspect firmware." },
};

const char *dte_class_name(enum dte_class c)
{
	if ((unsigned)c >= sizeof(dte_classes) / sizeof(dte_classes[0]))
		return "unknown";
	return dte_classes[c].name;
}

const char *dte_class_explain(enum dte_class c)
{
	if ((unsigned)c >= sizeof(dte_classes) / sizeof(dte_classes[0]))
		return "Unknown DTE class.";
	return dte_classes[c].explain;
}

/* ---- debugfs devtbl text ----------------------------------------------- */

struct span {
	const char *p;
	size_t n;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next token of @line (runs of blanks separate), consuming it. */
static bool next_token(struct span *line, struct span *tok)
{
	while (line->n && is_blank(*line->p))
		line->p++, line->n--;
	if (!line->n)
		return false;
	tok->p = line->p;
	tok->n = 0;
	while (line->n && !is_blank(*line->p)) {
		line->p++, line->n--;
		tok->n++;
	}
	return true;
}

static bool span_eq(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && memcmp(s.p, lit, n) == 0;
}

static bool span_starts(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p, lit, n) == 0;
}

/* Exactly 16 hex digits, as "%016llx" prints them. */
static int parse_qword(struct span t, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (t.n != 16)
		return -EINVAL;
	for (i = 0; i < 16; i++) {
		unsigned char c = (unsigned char)t.p[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* "ssss:bb:dd.f" (or "ssss:bb:dd:f", see above) as a token. */
static int parse_bdf_token(struct span t, struct bdf *out)
{
	char buf[16];
	char *last;

	if (t.n == 0 || t.n >= sizeof(buf) || memchr(t.p, '\0', t.n))
		return -EINVAL;
	memcpy(buf, t.p, t.n);
	buf[t.n] = '\0';
	/* three ':' and no '.': the last ':' separates the function */
	if (!strchr(buf, '.')) {
		unsigned colons = 0;

		for (last = buf; *last; last++)
			colons += *last == ':';
		if (colons != 3)
			return -EINVAL;
		last = strrchr(buf, ':');
		*last = '.';
	}
	return bdf_parse(buf, out);
}

/* "iommuN", N decimal 0..999999 */
static int parse_iommu_token(struct span t, int *out)
{
	size_t i, pre = strlen("iommu");
	int v = 0;

	if (!span_starts(t, "iommu") || t.n == pre || t.n > pre + 6)
		return -EINVAL;
	for (i = pre; i < t.n; i++) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return -EINVAL;
		v = v * 10 + (t.p[i] - '0');
	}
	*out = v;
	return 0;
}

/* One row without its line terminator. */
static int parse_row_span(struct span line, struct bdf *bdf, uint64_t raw[4],
			  int *iommu_index)
{
	struct span tok, rest = line;
	struct bdf b;
	uint64_t q[4];
	int idx, i;

	/* trailing CR/blanks are tolerated; leading ones are not */
	if (!line.n || is_blank(line.p[0]))
		return -EINVAL;
	while (rest.n && (is_blank(rest.p[rest.n - 1]) || rest.p[rest.n - 1] == '\r'))
		rest.n--;
	if (!next_token(&rest, &tok) || parse_bdf_token(tok, &b) < 0)
		return -EINVAL;
	for (i = 3; i >= 0; i--)
		if (!next_token(&rest, &tok) || parse_qword(tok, &q[i]) < 0)
			return -EINVAL;
	if (!next_token(&rest, &tok) || parse_iommu_token(tok, &idx) < 0)
		return -EINVAL;
	if (next_token(&rest, &tok))
		return -EINVAL;
	*bdf = b;
	memcpy(raw, q, sizeof(q));
	*iommu_index = idx;
	return 0;
}

int devtbl_parse_row(const char *line, struct bdf *bdf, uint64_t raw[4],
		     int *iommu_index)
{
	struct span s = { line, strlen(line) };

	if (s.n && s.p[s.n - 1] == '\n')
		s.n--;
	if (memchr(s.p, '\n', s.n))
		return -EINVAL;
	return parse_row_span(s, bdf, raw, iommu_index);
}

/* Texts the kernel prints instead of a row (see the top comment). */
static const char *const devtbl_no_data_msgs[] = {
	"Enter a valid device ID to 'devid' file",
	"Please provide valid device id input",
	"Device table not found",
};

static bool is_no_data_msg(struct span line)
{
	size_t i;

	for (i = 0; i < sizeof(devtbl_no_data_msgs) / sizeof(devtbl_no_data_msgs[0]); i++)
		if (span_starts(line, devtbl_no_data_msgs[i]))
			return true;
	return false;
}

static bool is_header(struct span line)
{
	struct span rest = line, tok;
	static const char *const words[] = {
		"DeviceId", "QWORD[3]", "QWORD[2]", "QWORD[1]", "QWORD[0]", "iommu",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!next_token(&rest, &tok) || !span_eq(tok, words[i]))
			return false;
	return !next_token(&rest, &tok);
}

/*
 * The index of a whole `devtbl` text: one entry per device that a row
 * names (a good row, or a broken one: err -EINVAL), the first row of each
 * device winning, sorted by device; @missing is what a device without a
 * row gets.  devtbl_find() is a lookup in a one-off index, so a replayed
 * table of N rows indexed once answers N devices exactly as N scans would.
 */
struct devtbl_entry {
	uint32_t key; /* seg << 16 | devid */
	uint32_t pos; /* row order, to keep the first row of a device */
	int err;
	int iommu_index;
	uint64_t raw[4];
};

struct devtbl_index {
	struct devtbl_entry *v;
	size_t n;
	int missing;
};

static uint32_t bdf_key(const struct bdf *b)
{
	return (uint32_t)b->seg << 16 | bdf_devid(b);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct devtbl_entry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int index_add(struct devtbl_index *x, size_t *cap, const struct bdf *b,
		     int err, const uint64_t q[4], int idx)
{
	struct devtbl_entry *e;

	if (x->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		void *v = realloc(x->v, ncap * sizeof(*x->v));

		if (!v)
			return -ENOMEM;
		x->v = v;
		*cap = ncap;
	}
	e = &x->v[x->n];
	e->key = bdf_key(b);
	e->pos = (uint32_t)x->n++;
	e->err = err;
	e->iommu_index = idx;
	memcpy(e->raw, q, sizeof(e->raw));
	return 0;
}

struct devtbl_index *devtbl_index_build(const char *text)
{
	struct devtbl_index *x = calloc(1, sizeof(*x));
	const char *p = text;
	bool saw_table = false, saw_msg = false, saw_other = false;
	size_t cap = 0, k = 0;

	if (!x)
		return NULL;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct span line = { p, n }, trimmed = line, tok, rest;
		struct bdf b;
		uint64_t q[4] = { 0 };
		int idx = -1, err = 0;

		p += n + (nl ? 1 : 0);
		while (trimmed.n && (is_blank(trimmed.p[trimmed.n - 1]) ||
				     trimmed.p[trimmed.n - 1] == '\r'))
			trimmed.n--;
		if (!trimmed.n)
			continue;
		if (is_header(trimmed)) {
			saw_table = true;
			continue;
		}
		if (is_no_data_msg(trimmed)) {
			saw_msg = true;
			continue;
		}
		if (parse_row_span(trimmed, &b, q, &idx) == 0) {
			saw_table = true;
		} else {
			/* a broken row must fail its device, not hide it */
			saw_other = true;
			rest = trimmed;
			if (is_blank(trimmed.p[0]) || !next_token(&rest, &tok) ||
			    parse_bdf_token(tok, &b) != 0)
				continue;
			err = -EINVAL;
		}
		if (index_add(x, &cap, &b, err, q, idx)) {
			devtbl_index_free(x);
			return NULL;
		}
	}
	if (x->n)
		qsort(x->v, x->n, sizeof(*x->v), entry_cmp);
	for (size_t i = 0; i < x->n; i++)
		if (!k || x->v[k - 1].key != x->v[i].key)
			x->v[k++] = x->v[i];
	x->n = k;
	x->missing = saw_table ? -ENOENT : saw_msg || !saw_other ? -ENODATA : -EINVAL;
	return x;
}

int devtbl_index_find(const struct devtbl_index *x, const struct bdf *want,
		      uint64_t raw[4], int *iommu_index)
{
	struct devtbl_entry key = { .key = bdf_key(want) }, *e;
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->v[mid].key < key.key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == x->n || x->v[lo].key != key.key)
		return x->missing;
	e = &x->v[lo];
	if (e->err)
		return e->err;
	memcpy(raw, e->raw, sizeof(e->raw));
	*iommu_index = e->iommu_index;
	return 0;
}

void devtbl_index_free(struct devtbl_index *x)
{
	if (x)
		free(x->v);
	free(x);
}

int devtbl_find(const char *text, const struct bdf *want, uint64_t raw[4],
		int *iommu_index)
{
	struct devtbl_index *x = devtbl_index_build(text);
	int err;

	if (!x)
		return -ENOMEM;
	err = devtbl_index_find(x, want, raw, iommu_index);
	devtbl_index_free(x);
	return err;
}
