// SPDX-License-Identifier: GPL-2.0-or-later
/* IOMMU groups in the model: /sys/kernel/iommu_groups/N/{type,devices}. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "model.h"
#include "util.h"

#define SYS_GROUPS "/sys/kernel/iommu_groups"

const char *group_type(struct ctx *c, int group)
{
	char key[16], *path, *t;
	json_object *v;
	int err;

	snprintf(key, sizeof(key), "%d", group);
	if (json_object_object_get_ex(c->groups, key, &v))
		return v ? json_object_get_string(v) : NULL;
	path = xasprintf(SYS_GROUPS "/%d/type", group);
	err = host_read_line(c->h, path, &t);
	if (!err && !*t) {
		free(t);
		err = -ENODATA;
	}
	if (err) {
		ctx_unreadable(c, path, err, "cannot read the group type");
		t = NULL;
	}
	free(path);
	json_object_object_add(c->groups, key, json_str_or_null(t));
	free(t);
	json_object_object_get_ex(c->groups, key, &v);
	return v ? json_object_get_string(v) : NULL;
}

json_object *group_devices(struct ctx *c, int group)
{
	json_object *members = json_object_new_array();
	char *path = xasprintf(SYS_GROUPS "/%d/devices", group), **devs = NULL;
	size_t nd = 0;

	host_list(c->h, path, &devs, &nd);
	free(path);
	for (size_t k = 0; k < nd; k++)
		json_object_array_add(members, json_object_new_string(devs[k]));
	strv_free(devs, nd);
	return members;
}

static json_object *one_group(struct ctx *c, long id)
{
	json_object *o = json_object_new_object(), *members = group_devices(c, (int)id);
	size_t nd = json_object_array_length(members);

	json_add(o, "group", json_new_int(id));
	json_add(o, "type", json_str_or_null(group_type(c, (int)id)));
	json_add(o, "devices", members);
	json_add(o, "remark", nd > 1 ? json_object_new_string(
		"several devices: passthrough (VFIO) takes the whole group") : NULL);
	return o;
}

json_object *collect_groups(struct ctx *c)
{
	json_object *arr = json_object_new_array();
	char **names = NULL;
	size_t n = 0;
	int err = host_list(c->h, SYS_GROUPS, &names, &n);

	if (err && err != -ENOENT)
		ctx_unavailable(c, SYS_GROUPS, err, "cannot list IOMMU groups");
	for (size_t i = 0; i < n; i++) {
		char *end;
		long id = strtol(names[i], &end, 10);

		if (!*end && id >= 0 && end != names[i])
			json_object_array_add(arr, one_group(c, id));
	}
	strv_free(names, n);
	return arr;
}
