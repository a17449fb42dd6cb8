/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Renderers: format a model tree, never decode.  Tables and records are
 * described by column/field lists of dotted JSON paths.
 */
#ifndef AMDIOMMUCTL_RENDER_H
#define AMDIOMMUCTL_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <json-c/json.h>

/* Turn a value into text; @v may be NULL (JSON null or missing). */
typedef const char *(*render_fmt)(json_object *row, json_object *v, char *buf,
				  size_t len);

struct column {
	const char *header;
	const char *path;   /* dotted path inside the row object */
	render_fmt fmt;     /* NULL: generic (null "-", bool yes/no, arrays joined) */
	int max_width;      /* 0: unlimited */
};

/* Look up a dotted path ("dte.class"); NULL when absent or null. */
json_object *json_path(json_object *o, const char *path);
const char *render_value(json_object *v, char *buf, size_t len);

void render_table(FILE *f, json_object *rows, const struct column *cols,
		  size_t ncols);
/* "label  value" lines, labels aligned; an empty path prints a heading. */
void render_record(FILE *f, json_object *obj, const struct column *fields,
		   size_t nfields, const char *indent);
void render_json(FILE *f, json_object *o, bool pretty);
/*
 * The same bytes as render_json(@top) once the array under @key holds
 * every item, written item by item (each item is taken and freed at
 * once): a long list is never held whole.  Takes @top; it may still
 * change until close (its members after @key are printed then).
 */
struct json_stream;
struct json_stream *render_json_stream_open(FILE *f, json_object *top,
					    const char *key, bool pretty);
void render_json_stream_item(struct json_stream *s, json_object *item);
void render_json_stream_close(struct json_stream *s);

#endif
