// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The debugfs `devtbl` text: drivers/iommu/amd/debugfs.c devtbl_show() /
 * dump_dte() (6.17+):
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

#include "dte.h"
#include "hex.h"

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
	if (t.n != 16 || !hex_all(t.p, t.n))
		return -EINVAL;
	return hex_span(t.p, t.n, out);
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
	if (iommu_index)
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
	if (iommu_index)
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
