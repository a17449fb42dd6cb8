// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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

static void put_cell(FILE *f, const char *s, size_t width, bool last)
{
	if (last)
		fprintf(f, "%s\n", s);
	else
		fprintf(f, "%-*s  ", (int)width, s);
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
		t->w[c] = strlen(cols[c].header);
	return t;
}

void table_row(struct table *t, json_object *row)
{
	char buf[4096];

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof(*t->cells));
	}
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cell(row, &t->cols[c], buf, sizeof(buf));
		size_t l = strlen(s);

		if (t->cols[c].max_width && l > (size_t)t->cols[c].max_width)
			l = (size_t)t->cols[c].max_width;
		t->cells[t->nrows * t->ncols + c] = xstrndup(s, l);
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

void table_end(struct table *t, FILE *f)
{
	for (size_t c = 0; c < t->ncols; c++)
		put_cell(f, t->cols[c].header, t->w[c], c + 1 == t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			char *s = t->cells[r * t->ncols + c];

			put_cell(f, s, t->w[c], c + 1 == t->ncols);
			free(s);
		}
	free(t->cells);
	free(t->w);
	free(t);
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
