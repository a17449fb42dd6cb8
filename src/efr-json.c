// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdbool.h>

#include "efr-json.h"
#include "efr.h"
#include "json.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The multi-bit fields of @t under their keys (null without a value). */
static void add_fields(json_object *o, const struct field *t, const uint64_t *v)
{
	for (; t->key; t++)
		if (t->kind != FIELD_FLAG)
			json_add(o, t->key, v ? json_new_int((int64_t)field_value(t, v)) : NULL);
}

void efr_json_add(json_object *o, bool have, uint64_t efr, uint64_t efr2)
{
	const char *fn[64];
	struct efr_info e;

	efr_decode(efr, efr2, &e);
	json_add(o, "efr", have ? json_hex64(efr) : NULL);
	json_add(o, "efr2", have ? json_hex64(efr2) : NULL);
	json_add(o, "efr_features", have ? json_strings(fn, efr_feature_names(efr, fn, ARRAY_SIZE(fn))) :
		 json_object_new_array());
	json_add(o, "efr2_features", have ? json_strings(fn, efr2_feature_names(efr2, fn, ARRAY_SIZE(fn))) :
		 json_object_new_array());
	add_fields(o, efr_field_table, have ? &efr : NULL);
	add_fields(o, efr2_field_table, have ? &efr2 : NULL);
	json_add(o, "host_levels", have && e.host_levels ? json_new_int(e.host_levels) : NULL);
	json_add(o, "guest_levels", have && e.guest_levels ? json_new_int(e.guest_levels) : NULL);
	json_add(o, "max_pasids", have ? json_new_int(e.max_pasids) : NULL);
	json_add(o, "irte_count", have ? json_new_int(e.irte_count) : NULL);
}
