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

static json_object *json_bool_or_null(bool present, bool v)
{
	return present ? json_object_new_boolean(v) : NULL;
}

static json_object *irte_json(const struct irte_info *e)
{
	json_object *o = json_object_new_object(), *raw = json_object_new_array();
	bool vapic = e->ga && e->guest_mode;

	json_add(o, "index", json_object_new_int((int)e->index));
	json_add(o, "format", json_object_new_string(e->ga ? "ga" : "legacy"));
	if (e->ga) {
		json_object_array_add(raw, json_hexn(e->hi, 16));
		json_object_array_add(raw, json_hexn(e->lo, 16));
	} else {
		json_object_array_add(raw, json_hexn(e->lo, 8));
	}
	json_add(o, "raw", raw);
	json_add(o, "valid", json_object_new_boolean(e->valid));
	json_add(o, "vector", json_object_new_int((int)e->vector));
	json_add(o, "destination", json_object_new_int64(e->destination));
	json_add(o, "dest_mode", vapic ? NULL :
	    json_object_new_string(e->dest_logical ? "logical" : "physical"));
	json_add(o, "delivery_mode", vapic ? NULL :
	    json_object_new_string(irte_int_type_name(e->int_type)));
	json_add(o, "no_fault", json_object_new_boolean(e->no_fault));
	json_add(o, "rq_eoi", json_bool_or_null(!vapic, e->rq_eoi));
	json_add(o, "guest_mode", json_object_new_boolean(e->guest_mode));
	json_add(o, "ga_tag", e->ga ? json_hexn(e->ga_tag, 8) : NULL);
	json_add(o, "ga_root", vapic ? json_addr(e->ga_root) : NULL);
	json_add(o, "is_run", json_bool_or_null(vapic, e->is_run));
	json_add(o, "ga_log_intr", json_bool_or_null(vapic, e->ga_log_intr));
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

