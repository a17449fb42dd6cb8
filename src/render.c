// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

json_object *json_path(json_object *o, const char *path)
{
	char key[64];

	while (o && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, key, &o))
			return NULL;
		path += n + (path[n] == '.');
	}
	return o;
}

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

void render_table(FILE *f, json_object *rows, const struct column *cols,
		  size_t ncols)
{
	size_t nrows = json_object_array_length(rows);
	size_t *w = xzalloc(ncols * sizeof(*w));
	char **cells = xzalloc((nrows * ncols + 1) * sizeof(*cells));
	char buf[4096];

	for (size_t c = 0; c < ncols; c++)
		w[c] = strlen(cols[c].header);
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++) {
			const char *s = cell(json_object_array_get_idx(rows, r), &cols[c], buf, sizeof(buf));
			size_t l = strlen(s);

			if (cols[c].max_width && l > (size_t)cols[c].max_width)
				l = (size_t)cols[c].max_width;
			cells[r * ncols + c] = xstrndup(s, l);
			if (l > w[c])
				w[c] = l;
		}
	for (size_t c = 0; c < ncols; c++)
		put_cell(f, cols[c].header, w[c], c + 1 == ncols);
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++) {
			char *s = cells[r * ncols + c];

			put_cell(f, s, w[c], c + 1 == ncols);
			free(s);
		}
	free(cells);
	free(w);
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

void render_json(FILE *f, json_object *o, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			      JSON_C_TO_STRING_PLAIN);

	fprintf(f, "%s\n", json_object_to_json_string_ext(o, flags));
}
