// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "json.h"
#include "render.h"
#include "util.h"

const char *render_value(json_object *v, char *buf, size_t len)
{
	size_t used = 0;

	if (!v)
		return "-";
	switch (json_object_get_type(v)) {
	case json_type_boolean:
		return json_object_get_boolean(v) ? "yes" : "no";
	case json_type_array:
		buf[0] = '\0';
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			char sub[256];
			const char *s = render_value(json_object_array_get_idx(v, i), sub, sizeof(sub));
			int r = snprintf(buf + used, len - used, "%s%s", i ? " " : "", s);

			if (r < 0 || (size_t)r >= len - used)
				break;
			used += (size_t)r;
		}
		return used ? buf : "-";
	case json_type_string:
		return json_object_get_string(v);
	default:
		snprintf(buf, len, "%s", json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		return buf;
	}
}

static const char *cell(json_object *row, const struct column *c, char *buf,
			size_t len)
{
	json_object *v = c->path ? json_path(row, c->path) : NULL;

	return c->fmt ? c->fmt(row, v, buf, len) : render_value(v, buf, len);
}

/* Display columns of UTF-8 text: one per character (no wide glyphs in
 * PCI names). */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The bytes of the first @cols characters of @s. */
static size_t text_prefix(const char *s, size_t cols)
{
	size_t i = 0;

	for (size_t n = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == cols)
			break;
	}
	return i;
}

const char *render_ellipsis(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);
		char low[64];
		size_t k;

		if (!v || !*v)
			continue;
		for (k = 0; v[k] && k + 1 < sizeof(low); k++)
			low[k] = (char)tolower((unsigned char)v[k]);
		low[k] = '\0';
		return strstr(low, "utf-8") || strstr(low, "utf8") ? "\u2026" : "...";
	}
	return "...";
}

int render_line_width(FILE *f, int fallback)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (env && *env) {
		n = strtol(env, &end, 10);
		if (!*end && n > 0 && n < 100000)
			return (int)n;
	}
	if (isatty(fileno(f)) && !ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	return fallback;
}

/* @s padded to @width display columns (the last column is not padded). */
static void put_text(FILE *f, const char *s, size_t len, size_t width, bool last)
{
	size_t w = 0;

	fwrite(s, 1, len, f);
	for (size_t i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (last) {
		fputc('\n', f);
		return;
	}
	for (; w < width + 2; w++)
		fputc(' ', f);
}

struct table {
	const struct column *cols;
	size_t ncols, nrows, cap;
	size_t *w;
	char **cells;
};

struct table *table_begin(const struct column *cols, size_t ncols)
{
	struct table *t = xzalloc(sizeof(*t));

	t->cols = cols;
	t->ncols = ncols;
	t->w = xzalloc(ncols * sizeof(*t->w));
	for (size_t c = 0; c < ncols; c++)
		t->w[c] = text_width(cols[c].header);
	return t;
}

void table_row(struct table *t, json_object *row)
{
	char buf[16384];

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof(*t->cells));
	}
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cell(row, &t->cols[c], buf, sizeof(buf));
		size_t l = text_width(s);

		t->cells[t->nrows * t->ncols + c] = xstrdup(s);
		if (l > t->w[c])
			t->w[c] = l;
	}
	t->nrows++;
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->w);
	free(t);
}

/* The narrowest column @c gets: a COL_WRAP column its longest word. */
static size_t min_width(const struct table *t, size_t c)
{
	size_t m = text_width(t->cols[c].header);

	if (t->cols[c].flags & COL_CUT) {
		m = m > (size_t)t->cols[c].min_width ? m : (size_t)t->cols[c].min_width;
	} else if (t->cols[c].flags & COL_WRAP) {
		for (size_t r = 0; r < t->nrows; r++)
			for (const char *s = t->cells[r * t->ncols + c]; *s;) {
				size_t l = strcspn(s, " "), w;
				char *word = xstrndup(s, l);

				w = text_width(word);
				free(word);
				m = w > m ? w : m;
				s += l + (s[l] == ' ');
			}
	} else {
		m = t->w[c];
	}
	return m < t->w[c] ? m : t->w[c];
}

/* Narrow the columns until a line fits @limit (or nothing gives way). */
static void fit(struct table *t, size_t limit)
{
	size_t total = 2 * (t->ncols - 1), *min = xzalloc(t->ncols * sizeof(*min));

	for (size_t c = 0; c < t->ncols; c++) {
		total += t->w[c];
		min[c] = min_width(t, c);
	}
	for (size_t c = 0; c < t->ncols && total > limit; c++)
		if ((t->cols[c].flags & COL_CUT) && t->w[c] > min[c]) {
			size_t d = t->w[c] - min[c] < total - limit ? t->w[c] - min[c] : total - limit;

			t->w[c] -= d;
			total -= d;
		}
	while (total > limit) {
		size_t best = t->ncols;

		for (size_t c = 0; c < t->ncols; c++)
			if ((t->cols[c].flags & COL_WRAP) && t->w[c] > min[c] &&
			    (best == t->ncols || t->w[c] > t->w[best]))
				best = c;
		if (best == t->ncols)
			break;
		t->w[best]--;
		total--;
	}
	free(min);
}

/* Line @k of cell @s in a column @width wide: its bytes (*len), or NULL
 * past the last line.  A COL_WRAP cell breaks at blanks, a COL_CUT cell
 * too wide ends in the ellipsis (*ell). */
static const char *cell_line(const char *s, const struct column *col, size_t width,
			     size_t k, size_t *len, bool *ell)
{
	*ell = false;
	if (!(col->flags & COL_WRAP)) {
		if (k)
			return NULL;
		*len = strlen(s);
		if ((col->flags & COL_CUT) && text_width(s) > width) {
			size_t e = text_width(render_ellipsis());

			*len = text_prefix(s, width > e ? width - e : 0);
			*ell = true;
		}
		return s;
	}
	for (size_t line = 0;; line++) {
		size_t used = 0, end = 0;

		while (*s == ' ')
			s++;
		if (!*s) {
			*len = 0;
			return line || k ? NULL : s;
		}
		/* whole words while they fit; a first word always */
		while (s[end]) {
			size_t l = strcspn(s + end + (end > 0), " ") + (end > 0);
			char *piece = xstrndup(s + end, l);
			size_t w = text_width(piece);

			free(piece);
			if (end && used + w > width)
				break;
			used += w;
			end += l;
		}
		if (line == k) {
			*len = end;
			return s;
		}
		s += end;
	}
}

/* Line @k of cell @c, padded (or ended, @last); the cut mark when cut. */
static void put_line(struct table *t, FILE *f, char **cells, size_t c, size_t k, bool last)
{
	size_t l = 0;
	bool ell;
	const char *s = cell_line(cells[c], &t->cols[c], t->w[c], k, &l, &ell);
	char *cut;

	if (!s) {
		put_text(f, "", 0, t->w[c], last);
		return;
	}
	if (!ell) {
		put_text(f, s, l, t->w[c], last);
		return;
	}
	cut = xasprintf("%.*s%s", (int)l, s, render_ellipsis());
	put_text(f, cut, strlen(cut), t->w[c], last);
	free(cut);
}

/* A row: the first line has every column; continuation lines (COL_WRAP
 * cells) end with their last non-blank cell. */
static void print_row(struct table *t, FILE *f, char **cells)
{
	for (size_t k = 0;; k++) {
		size_t last = t->ncols, l;
		bool ell;

		for (size_t c = 0; c < t->ncols; c++)
			if (cell_line(cells[c], &t->cols[c], t->w[c], k, &l, &ell) && (!k || l))
				last = c;
		if (last == t->ncols)
			return;
		if (!k)
			last = t->ncols - 1;
		for (size_t c = 0; c <= last; c++)
			put_line(t, f, cells, c, k, c == last);
	}
}

void table_end(struct table *t, FILE *f)
{
	bool wrap = false;
	int limit;

	for (size_t c = 0; c < t->ncols; c++)
		wrap |= (t->cols[c].flags & COL_WRAP) != 0;
	/* a table that can wrap fits 100 columns when nothing else says */
	limit = render_line_width(f, wrap ? 100 : 0);
	if (limit > 0)
		fit(t, (size_t)limit);
	for (size_t c = 0; c < t->ncols; c++)
		put_text(f, t->cols[c].header, strlen(t->cols[c].header), t->w[c],
			 c + 1 == t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		print_row(t, f, t->cells + r * t->ncols);
	table_free(t);
}

void render_table(FILE *f, json_object *rows, const struct column *cols,
		  size_t ncols)
{
	struct table *t = table_begin(cols, ncols);

	for (size_t r = 0; r < json_object_array_length(rows); r++)
		table_row(t, json_object_array_get_idx(rows, r));
	table_end(t, f);
}

void render_record(FILE *f, json_object *obj, const struct column *fields,
		   size_t nfields, const char *indent)
{
	size_t w = 0;
	char buf[4096];

	for (size_t i = 0; i < nfields; i++)
		if (fields[i].path && strlen(fields[i].header) > w)
			w = strlen(fields[i].header);
	for (size_t i = 0; i < nfields; i++) {
		if (!fields[i].path && !fields[i].fmt) {
			fprintf(f, "%s%s\n", indent, fields[i].header);
			continue;
		}
		fprintf(f, "%s%-*s  %s\n", indent, (int)w, fields[i].header,
			cell(obj, &fields[i], buf, sizeof(buf)));
	}
}

void render_fields(FILE *f, json_object *obj, const struct column *fields,
		   size_t nfields, const char *indent)
{
	char buf[16384];

	for (size_t i = 0; i < nfields; i++) {
		const struct column *c = &fields[i];

		if ((c->flags & COL_OPTIONAL) && c->path && !json_path(obj, c->path))
			continue;
		fprintf(f, "%s%s: %s\n", indent, c->header, cell(obj, c, buf, sizeof(buf)));
	}
}

const char *render_fmt_flag(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row, (void)buf, (void)n;
	if (!v)
		return "-";
	return json_object_get_boolean(v) ? "1" : "0";
}

static int json_flags(bool pretty)
{
	return JSON_C_TO_STRING_NOSLASHESCAPE |
	       (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			 JSON_C_TO_STRING_PLAIN);
}

void render_json(FILE *f, json_object *o, bool pretty)
{
	fprintf(f, "%s\n", json_object_to_json_string_ext(o, json_flags(pretty)));
}

/*
 * json-c prints the frame (the document with two marker items in the
 * streamed array), so the head, the separator and the tail are its own
 * bytes; an item is printed at level 0 and every line after its first
 * gets the indentation that the frame gives the first marker.
 */
#define STREAM_MARKER "\001amdiommuctl-stream\001"

struct json_stream {
	FILE *f;
	json_object *top;
	const char *key;
	bool pretty;
	char *sep, *indent;
	size_t n;
};

/* The frame text and where its two markers are. */
static const char *stream_frame(struct json_stream *s, const char **m1,
				const char **m2, size_t *mlen)
{
	json_object *mark = json_object_new_string(STREAM_MARKER);
	char *mtext = xstrdup(json_object_to_json_string_ext(mark, json_flags(s->pretty)));
	const char *text = json_object_to_json_string_ext(s->top, json_flags(s->pretty));

	*mlen = strlen(mtext);
	*m1 = strstr(text, mtext);
	*m2 = strstr(*m1 + *mlen, mtext);
	free(mtext);
	json_object_put(mark);
	return text;
}

struct json_stream *render_json_stream_open(FILE *f, json_object *top,
					    const char *key, bool pretty)
{
	struct json_stream *s = xzalloc(sizeof(*s));
	json_object *marks = json_object_new_array();

	json_object_array_add(marks, json_object_new_string(STREAM_MARKER));
	json_object_array_add(marks, json_object_new_string(STREAM_MARKER));
	json_object_object_add(top, key, marks);
	s->f = f;
	s->top = top;
	s->key = key;
	s->pretty = pretty;
	return s;
}

void render_json_stream_item(struct json_stream *s, json_object *item)
{
	const char *text;

	if (!s->n++) {
		const char *m1, *m2, *nl;
		size_t mlen;
		const char *frame = stream_frame(s, &m1, &m2, &mlen);

		fwrite(frame, 1, (size_t)(m1 - frame), s->f);
		s->sep = xstrndup(m1 + mlen, (size_t)(m2 - m1 - (ptrdiff_t)mlen));
		for (nl = m1; nl > frame && nl[-1] != '\n'; nl--)
			;
		s->indent = xstrndup(nl, (size_t)(m1 - nl));
	} else {
		fputs(s->sep, s->f);
	}
	text = json_object_to_json_string_ext(item, json_flags(s->pretty));
	for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
		fwrite(text, 1, (size_t)(nl + 1 - text), s->f);
		fputs(s->indent, s->f);
	}
	fputs(text, s->f);
	json_object_put(item);
}

void render_json_stream_close(struct json_stream *s)
{
	if (s->n) {
		const char *m1, *m2;
		size_t mlen;

		stream_frame(s, &m1, &m2, &mlen);
		fprintf(s->f, "%s\n", m2 + mlen);
	} else {
		json_object_object_add(s->top, s->key, json_object_new_array());
		render_json(s->f, s->top, s->pretty);
	}
	json_object_put(s->top);
	free(s->sep);
	free(s->indent);
	free(s);
}
