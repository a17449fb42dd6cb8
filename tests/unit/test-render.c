// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Renderers: the streamed JSON writer (render_json_stream_*, what
 * cmd_emit_stream() opens) must print the same bytes as building the
 * whole json-c document and printing it with render_json(), plain and
 * pretty, for an empty list, one item and many items, with members
 * before and after the list; a table of a small column set is laid out
 * as put_cell() says (left-aligned, two spaces, the last column bare).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "render.h"
#include "tap.h"

/* An item as the list commands make them: nested objects and arrays,
 * strings that need escaping, null, booleans, numbers. */
static json_object *item(size_t i)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array(), *d;
	char bdf[32];

	snprintf(bdf, sizeof(bdf), "0000:%02zx:%02zx.%zu", i / 256, (i / 8) % 32, i % 8);
	json_add(o, "bdf", json_object_new_string(bdf));
	json_add(o, "name", json_object_new_string(i % 3 ? "Ethernet \"ctl\"/x" : "a\tb\\c"));
	json_add(o, "group", i % 4 ? json_new_int((int64_t)i) : NULL);
	json_add(o, "vfio", json_new_bool(i & 1));
	for (size_t k = 0; k < i % 3; k++)
		json_object_array_add(a, json_new_int((int64_t)k));
	json_add(o, "aliases", a);
	d = json_object_new_object();
	json_add(d, "class", json_object_new_string("v1"));
	json_add(d, "levels", json_new_int(3));
	json_add(d, "raw", json_object_new_array());
	json_add(o, "dte", d);
	return o;
}

/* The frame cmd_emit_stream() builds around a list: members before it. */
static json_object *frame(void)
{
	json_object *top = json_object_new_object();

	json_add(top, "schema", json_object_new_string("amdiommuctl/1"));
	json_add(top, "command", json_object_new_string("show devices"));
	return top;
}

static char *whole(size_t n, bool pretty, bool tail)
{
	json_object *top = frame(), *arr = json_object_new_array();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, item(i));
	json_add(top, "devices", arr);
	if (tail)
		json_add(top, "unavailable", json_object_new_array());
	render_json(f, top, pretty);
	fclose(f);
	json_object_put(top);
	return buf;
}

static char *streamed(size_t n, bool pretty, bool tail)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_object *top = frame();
	struct json_stream *s = render_json_stream_open(f, top, "devices", pretty);

	if (tail)  /* added after the list's key: printed after it */
		json_add(top, "unavailable", json_object_new_array());
	for (size_t i = 0; i < n; i++)
		render_json_stream_item(s, item(i));
	render_json_stream_close(s);
	fclose(f);
	return buf;
}

static void test_stream(void)
{
	static const size_t sizes[] = { 0, 1, 2, 37, 500 };

	for (int pretty = 0; pretty <= 1; pretty++)
		for (int tail = 0; tail <= 1; tail++)
			for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
				char *a = whole(sizes[k], pretty, tail), *b = streamed(sizes[k], pretty, tail);

				ok(!strcmp(a, b), "%s, %zu items%s: streamed == whole document",
				   pretty ? "pretty" : "plain", sizes[k], tail ? ", a member after" : "");
				if (strcmp(a, b))
					printf("# whole:\n%s# streamed:\n%s", a, b);
				free(a);
				free(b);
			}
}

/* The bytes themselves, by hand, so both sides cannot be wrong together. */
static void test_stream_literal(void)
{
	char *b = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&b, &len);
	json_object *top = json_object_new_object();
	struct json_stream *s;

	json_add(top, "a", json_new_int(1));
	s = render_json_stream_open(f, top, "list", true);
	render_json_stream_item(s, json_new_int(7));
	render_json_stream_item(s, json_object_new_string("x/y"));
	render_json_stream_close(s);
	fclose(f);
	is_str(b, "{\n  \"a\": 1,\n  \"list\": [\n    7,\n    \"x/y\"\n  ]\n}\n",
	       "pretty stream, literal bytes");
	free(b);

	f = open_memstream(&b, &len);
	top = json_object_new_object();
	s = render_json_stream_open(f, top, "list", false);
	render_json_stream_close(s);
	fclose(f);
	is_str(b, "{\"list\":[]}\n", "plain empty stream, literal bytes");
	free(b);
}

static const struct column cols[] = {
	{ "BDF", "bdf", NULL, 0 },
	{ "VFIO", "vfio", NULL, 0 },
	{ "GROUP", "group", NULL, 0 },
	{ "LEVELS", "dte.levels", render_fmt_flag, 0 },
	{ "NAME", "name", NULL, COL_CUT, 5 },
};

static void test_table(void)
{
	json_object *rows = json_object_new_array();
	char *b = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&b, &len);

	for (size_t i = 0; i < 3; i++)
		json_object_array_add(rows, item(i));
	unsetenv("COLUMNS");
	render_table(f, rows, cols, sizeof(cols) / sizeof(cols[0]));
	fclose(f);
	/* group of item 0 is null ("-"); render_fmt_flag reads the levels
	 * (3) as a boolean ("1"); no line limit (not a terminal, no
	 * COLUMNS): every cell whole */
	is_str(b,
	       "BDF           VFIO  GROUP  LEVELS  NAME\n"
	       "0000:00:00.0  no    -      1       a\tb\\c\n"
	       "0000:00:00.1  yes   1      1       Ethernet \"ctl\"/x\n"
	       "0000:00:00.2  no    2      1       Ethernet \"ctl\"/x\n",
	       "table: widths, null, booleans, a formatter, no limit: nothing cut");
	free(b);

	/* COLUMNS=40: 35 columns before NAME leave it 5, its min_width; in
	 * the C locale a cut cell ends with "..." */
	setenv("COLUMNS", "40", 1);
	setenv("LC_ALL", "C", 1);
	f = open_memstream(&b, &len);
	render_table(f, rows, cols, sizeof(cols) / sizeof(cols[0]));
	fclose(f);
	is_str(b,
	       "BDF           VFIO  GROUP  LEVELS  NAME\n"
	       "0000:00:00.0  no    -      1       a\tb\\c\n"
	       "0000:00:00.1  yes   1      1       Et...\n"
	       "0000:00:00.2  no    2      1       Et...\n",
	       "table: COLUMNS=40 cuts NAME to its 5 columns with a visible ellipsis");
	unsetenv("COLUMNS");
	free(b);
	json_object_put(rows);

	f = open_memstream(&b, &len);
	rows = json_object_new_array();
	render_table(f, rows, cols, 2);
	fclose(f);
	is_str(b, "BDF  VFIO\n", "empty table: the header only");
	free(b);
	json_object_put(rows);
}

int main(void)
{
	test_stream();
	test_stream_literal();
	test_table();
	return done_testing();
}
