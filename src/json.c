// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "fields.h"
#include "hex.h"
#include "json.h"

json_object *json_hexn(uint64_t v, int digits)
{
	char b[HEX_STRLEN];

	return json_object_new_string_len(b, (int)hex_format(b, v, digits));
}

json_object *json_hex64(uint64_t v)
{
	return json_hexn(v, 16);
}

json_object *json_addr(uint64_t v)
{
	return json_hexn(v, 16);
}

json_object *json_str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *json_new_int(int64_t v)
{
	return json_object_new_int64(v);
}

json_object *json_new_bool(bool b)
{
	return json_object_new_boolean(b);
}

void json_add(json_object *o, const char *key, json_object *v)
{
	json_object_object_add_ex(o, key, v, JSON_C_OBJECT_ADD_CONSTANT_KEY);
}

json_object *json_strings(const char *const *names, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(names[i]));
	return a;
}

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

const char *json_path_str(json_object *o, const char *path)
{
	json_object *v = json_path(o, path);

	return v ? json_object_get_string(v) : NULL;
}

json_object *json_field_value(unsigned kind, uint64_t v)
{
	switch (kind) {
	case FIELD_FLAG:
		return json_new_bool(v);
	case FIELD_ADDR:
		return json_addr(v);
	default:
		return json_new_int((int64_t)v);
	}
}
