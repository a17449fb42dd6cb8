// SPDX-License-Identifier: GPL-2.0-or-later
/* `show irt`: a device's debugfs irqtbl section, decoded (irte.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irte.h"
#include "json.h"
#include "model.h"

/* The IRTE fields whose JSON names a value instead of a number. */
static json_object *field_json(const struct field *f, uint64_t v)
{
	if (!strcmp(f->key, "int_type"))
		return json_object_new_string(irte_int_type_name((unsigned)v));
	if (!strcmp(f->key, "dest_logical"))
		return json_object_new_string(v ? "logical" : "physical");
	if (!strcmp(f->key, "ga_tag"))
		return json_hexn(v, 8);
	return json_field_value(f->kind, v);
}

static const char *json_key(const struct field *f)
{
	return !strcmp(f->key, "int_type") ? "delivery_mode" :
	       !strcmp(f->key, "dest_logical") ? "dest_mode" : f->key;
}

/* One entry: every field of the IRTE table, null where the entry's format
 * has no such field (a member with one row per format is one key). */
static json_object *irte_json(const struct irte_info *e)
{
	json_object *o = json_object_new_object(), *raw = json_object_new_array();
	const uint64_t w[2] = { e->lo, e->hi };

	json_add(o, "entry", json_new_int(e->index));
	json_add(o, "format", json_object_new_string(e->format == IRTE_LEGACY ? "legacy" :
						     e->format == IRTE_VAPIC ? "vapic" : "remap"));
	json_object_array_add(raw, json_hexn(e->lo, e->ga ? 16 : 8));
	if (e->ga)
		json_object_array_add(raw, json_hexn(e->hi, 16));
	json_add(o, "raw", raw);
	for (const struct field *f = irte_field_table; f->key; f++) {
		const struct field *g = f;

		if (f != irte_field_table && !strcmp(f[-1].key, f->key))
			continue; /* a later row of the same member */
		while (!(g->flags & e->format) && g[1].key && !strcmp(g[1].key, f->key))
			g++;
		json_add(o, json_key(f), g->flags & e->format ? field_json(g, field_value(g, w)) : NULL);
	}
	return o;
}

json_object *collect_irt(struct ctx *c, const struct bdf *b, int *err)
{
	char *text = NULL;
	const char *body, *cur;
	json_object *arr;
	struct irte_info e;
	int r;

	*err = c->facts.debugfs_err ? c->facts.debugfs_err : host_read_irqtbl(c->h, b, &text);
	if (*err)
		return NULL;
	*err = irqtbl_find(text, b, &body);
	if (*err) {
		free(text);
		return NULL;
	}
	arr = json_object_new_array();
	cur = body;
	while ((r = irqtbl_next(&cur, &e)) != 0) {
		if (r < 0) {
			ctx_unavailable(c, HOST_DEBUGFS_AMD "/irqtbl", -EINVAL,
					"a line of the device's section is not an IRT entry; skipped");
			continue;
		}
		json_object_array_add(arr, irte_json(&e));
	}
	free(text);
	return arr;
}

