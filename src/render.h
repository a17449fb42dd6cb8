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

/*
 * Column flags.  A table is as wide as its content; when the line is
 * limited (render_line_width()) the COL_CUT columns give way first (down
 * to min_width, a cut cell ends with render_ellipsis()), then the widest
 * COL_WRAP column, one character at a time (down to its longest word; its
 * cells continue on the next lines, the other columns blank there).
 * In a record (render_fields), COL_OPTIONAL omits a null value's line.
 */
#define COL_CUT      1
#define COL_WRAP     2
#define COL_OPTIONAL 4

struct column {
	const char *header;
	const char *path;   /* dotted path inside the row object */
	render_fmt fmt;     /* NULL: generic (null "-", bool yes/no, arrays joined) */
	int flags;          /* COL_* */
	int min_width;      /* COL_CUT: the narrowest it gets */
};

/*
 * The line width tables fit: $COLUMNS when it is a positive number, else
 * the terminal's width when @f is one (TIOCGWINSZ), else @fallback
 * (0: unlimited).
 */
int render_line_width(FILE *f, int fallback);
/* U+2026 (one character) when the locale (the first set of LC_ALL, LC_CTYPE, LANG) is
 * UTF-8, else "...". */
const char *render_ellipsis(void);

const char *render_value(json_object *v, char *buf, size_t len);

void render_table(FILE *f, json_object *rows, const struct column *cols,
		  size_t ncols);
/* The same row by row: each row is formatted (and may be freed) at once,
 * only its cells are kept until the widths are known. */
struct table;
struct table *table_begin(const struct column *cols, size_t ncols);
void table_row(struct table *t, json_object *row);
void table_end(struct table *t, FILE *f);
/* Drop a table without printing it. */
void table_free(struct table *t);
/* "label  value" lines, labels aligned; an empty path prints a heading. */
void render_record(FILE *f, json_object *obj, const struct column *fields,
		   size_t nfields, const char *indent);
/* lspci -v style: "@indentHeader: value" lines (labels not aligned). */
void render_fields(FILE *f, json_object *obj, const struct column *fields,
		   size_t nfields, const char *indent);
void render_json(FILE *f, json_object *o, bool pretty);

/* Formatters several views share: a boolean as "1"/"0" ("-" when null). */
const char *render_fmt_flag(json_object *row, json_object *v, char *buf, size_t len);
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
