// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show dte BDF: every field of one device table entry, in the
 * order of the DTE field table (dte.h), grouped by qword. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "errors.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

#define NFIELDS 64

/* The rows of the record: a few derived values, then the field table. */
static size_t dte_rows(struct column *rows, char **labels)
{
	static const struct column head[] = {
		{ "class", "class" },
		{ "explanation", "explanation" },
		{ "raw", "raw" },
		{ "IOMMU index", "iommu" },
	};
	size_t n = 0, nl = 0;
	int word = -1;

	for (size_t i = 0; i < ARRAY_SIZE(head); i++)
		rows[n++] = head[i];
	for (const struct field *f = dte_field_table; f->key && n + 3 < NFIELDS; f++) {
		if (f->word != word) {
			word = f->word;
			labels[nl] = xasprintf("qword %d", word);
			rows[n++] = (struct column){ labels[nl++], NULL };
		}
		labels[nl] = xasprintf("  %s", f->label);
		rows[n++] = (struct column){ labels[nl++], f->key,
					     f->kind == FIELD_FLAG ? render_fmt_flag : NULL };
	}
	rows[n++] = (struct column){ "levels", "levels" };
	labels[nl] = NULL;
	return n;
}

static void print_dte(const char *name, json_object *dte)
{
	struct column rows[NFIELDS];
	char *labels[NFIELDS];
	size_t n = dte_rows(rows, labels);

	printf("%s\n", name);
	render_record(stdout, dte, rows, n, "  ");
	for (size_t i = 0; labels[i]; i++)
		free(labels[i]);
}

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	struct bdf b;
	json_object *o;
	int err, rc;
	char name[BDF_STRLEN];

	if ((rc = cmd_one_bdf(r, argc, argv, &b, name)))
		return rc;
	ctx_init(&c, r->h);
	o = collect_dte(&c, &b, &err);
	if (!o)
		return cmd_finish(r, &c, cmd_fail(r, errno_exit_code(devtbl_errors, err), err,
			"%s: reading the device table entry failed: %s: %s", name,
			errno_name(err), errno_hint_text(devtbl_errors, err)));
	if (r->json)
		cmd_emit_for(r, name, "dte", json_object_get(json_path(o, "dte")), c.unavailable);
	else
		print_dte(name, json_path(o, "dte"));
	json_object_put(o);
	return cmd_finish(r, &c, EXIT_OK);
}

/* Every device's DTE: what the device listing reads. */
const struct command cmd_show_dte = {
	.name = "show dte",
	.args = "BDF",
	.summary = "every field of one device table entry",
	.run = run,
	.record = collect_devices_read,
};
