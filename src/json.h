/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json-c helpers shared by the model, the renderers and the commands: the
 * only place that knows how a value is spelled in the JSON output.
 */
#ifndef AMDIOMMUCTL_JSON_H
#define AMDIOMMUCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

/* "0x" and exactly @digits lowercase hex digits of @v (1..16). */
json_object *json_hexn(uint64_t v, int digits);
/* A 64-bit register or raw word: "0x%016llx". */
json_object *json_hex64(uint64_t v);
/* An address: "0x%016llx", like every 64-bit value. */
json_object *json_addr(uint64_t v);
json_object *json_str_or_null(const char *s);
json_object *json_new_int(int64_t v);
json_object *json_new_bool(bool b);
/* A descriptor-table value (fields.h) by its kind: FIELD_FLAG a boolean,
 * FIELD_ADDR an address, else a number. */
json_object *json_field_value(unsigned kind, uint64_t v);
/* Add @v under @key, a string literal (not copied: it must outlive @o). */
void json_add(json_object *o, const char *key, json_object *v);
/* An array of the strings @names[0..n). */
json_object *json_strings(const char *const *names, size_t n);

/* The value at a dotted path ("dte.class"); NULL when absent or null. */
json_object *json_path(json_object *o, const char *path);
/* Its string, or NULL when absent or null. */
const char *json_path_str(json_object *o, const char *path);

#endif
