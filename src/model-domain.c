// SPDX-License-Identifier: GPL-2.0-or-later
/* Domains in the model: devices grouped by (IOMMU, DomainID) of their
 * DTEs, gathered device by device so a large host is never held whole. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "model.h"

struct domains {
	json_object *byid, *arr;
};

static void add_device(json_object *d, void *arg)
{
	struct domains *s = arg;
	json_object *dte = json_path(d, "dte"), *dom, *iommu;
	const char *cls = json_path_str(d, "dte.class");
	char key[48];
	int id;

	if (!dte || !cls || !strcmp(cls, "untranslated")) {
		json_object_put(d);
		return;
	}
	id = json_object_get_int(json_path(dte, "domain_id"));
	iommu = json_path(dte, "iommu");
	snprintf(key, sizeof(key), "%s/%d", iommu ? json_object_get_string(iommu) : "-", id);
	if (!json_object_object_get_ex(s->byid, key, &dom)) {
		dom = json_object_new_object();
		json_add(dom, "domain_id", json_new_int(id));
		json_add(dom, "iommu", json_object_get(iommu));
		json_add(dom, "class", json_object_new_string(cls));
		json_add(dom, "devices", json_object_new_array());
		json_object_object_add(s->byid, key, dom);
		json_object_array_add(s->arr, json_object_get(dom));
	} else if (strcmp(json_path_str(dom, "class"), cls)) {
		json_add(dom, "class", json_object_new_string("mixed"));
	}
	json_object_array_add(json_path(dom, "devices"), json_object_get(json_path(d, "bdf")));
	json_object_put(d);
}

static json_object *remark(const char *cls)
{
	if (!strcmp(cls, "v2"))
		return json_object_new_string("V2 domains give each device its own DomainID: "
					      "devices sharing a V2 domain show different ids");
	if (!strcmp(cls, "blocked"))
		return json_object_new_string("blocked entries carry no domain: the id is "
					      "whatever firmware left");
	return NULL;
}

/* By DomainID, then by IOMMU number. */
static int by_domain(const void *a, const void *b)
{
	json_object *x = *(json_object *const *)a, *y = *(json_object *const *)b;
	int dx = json_object_get_int(json_path(x, "domain_id"));
	int dy = json_object_get_int(json_path(y, "domain_id"));
	const char *ix = json_path_str(x, "iommu"), *iy = json_path_str(y, "iommu");
	long nx = ix ? strtol(ix + 4, NULL, 10) : -1, ny = iy ? strtol(iy + 4, NULL, 10) : -1;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return nx < ny ? -1 : nx > ny;
}

json_object *collect_domains(struct ctx *c)
{
	struct domains s = { json_object_new_object(), json_object_new_array() };

	collect_devices_each(c, NULL, add_device, &s);
	json_object_array_sort(s.arr, by_domain);
	for (size_t i = 0; i < json_object_array_length(s.arr); i++) {
		json_object *dom = json_object_array_get_idx(s.arr, i);

		json_add(dom, "remark", remark(json_path_str(dom, "class")));
	}
	json_object_put(s.byid);
	return s.arr;
}
