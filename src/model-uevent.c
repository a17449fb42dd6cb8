// SPDX-License-Identifier: GPL-2.0-or-later
/* A kernel uevent in the model: what it says plus what sysfs and debugfs
 * say about its device now (group, group type, driver, DTE). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "json.h"
#include "model.h"
#include "uevent.h"
#include "util.h"

bool uevent_relevant(const struct uevent *ev)
{
	static const char *const actions[] = { "add", "remove", "bind", "unbind", "change" };
	bool act = false;

	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		act |= !strcmp(ev->action, actions[i]);
	if (!act)
		return false;
	return !strcmp(ev->subsystem, "pci") || !strcmp(ev->subsystem, "vfio") ||
	       !strcmp(ev->subsystem, "vfio-dev") || uevent_group(ev) >= 0;
}

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

json_object *collect_uevent(struct ctx *c, const struct uevent *ev)
{
	json_object *o = json_object_new_object(), *dte = NULL, *dte_err = NULL;
	char name[16], *driver = NULL, *group = NULL, *type = NULL, *p;
	struct bdf b;
	bool have_bdf = !uevent_pci_name(ev, name) && !bdf_parse(name, &b);
	long g = uevent_group(ev);

	if (have_bdf) {
		bdf_format(&b, name);
		p = xasprintf("/sys/bus/pci/devices/%s/driver", name);
		if (host_link_name(c->h, p, &driver))
			driver = NULL;
		free(p);
		p = xasprintf("/sys/bus/pci/devices/%s/iommu_group", name);
		if (host_link_name(c->h, p, &group))
			group = NULL;
		free(p);
	}
	if (!driver && *ev->driver && strcmp(ev->action, "unbind"))
		driver = xstrdup(ev->driver);
	if (!group && g >= 0)
		group = xasprintf("%ld", g);
	if (group) {
		p = xasprintf("/sys/kernel/iommu_groups/%s/type", group);
		if (host_read_line(c->h, p, &type))
			type = NULL;
		free(p);
	}
	if (have_bdf) {
		uint64_t raw[4];
		int idx = -1, err = host_read_dte(c->h, &b, raw, &idx);

		if (!err) {
			struct dte d;

			dte_decode(raw, &d);
			dte = dte_to_json(&d, idx, false);
		} else {
			dte_err = json_object_new_object();
			json_add(dte_err, "errno", json_object_new_string(errno_name(err)));
			json_add(dte_err, "reason", json_object_new_string(
				!strcmp(ev->action, "remove") && !strcmp(ev->subsystem, "pci") ?
				"the device was removed" : errno_hint_text(devtbl_errors, err)));
		}
	}
	json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
	json_add(o, "action", json_object_new_string(ev->action));
	json_add(o, "subsystem", str_or_null(ev->subsystem));
	json_add(o, "devpath", json_object_new_string(ev->devpath));
	json_add(o, "devname", str_or_null(ev->devname));
	json_add(o, "bdf", have_bdf ? json_object_new_string(name) : NULL);
	json_add(o, "driver", str_or_null(driver));
	json_add(o, "group", group ? json_new_int(strtol(group, NULL, 10)) : NULL);
	json_add(o, "group_type", str_or_null(type));
	json_add(o, "dte", dte);
	json_add(o, "dte_error", dte_err);
	json_add(o, "seqnum", ev->has_seqnum ?
			       json_object_new_int64((int64_t)ev->seqnum) : NULL);
	free(driver);
	free(group);
	free(type);
	return o;
}

