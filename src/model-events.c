// SPDX-License-Identifier: GPL-2.0-or-later
/* `show events`: the AMD-Vi event messages of the kernel log (kmsg.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "kmsg.h"
#include "model.h"
#include "textutil.h"
#include "util.h"

static json_object *event_json(const struct kmsg_rec *k, const struct amd_event *e)
{
	json_object *o = json_object_new_object(), *fl;
	const char *names[16];
	size_t nn;
	char buf[48];

	json_add(o, "seq", json_new_int((int64_t)k->seq));
	json_add(o, "time_usec", json_new_int((int64_t)k->ts_usec));
	json_add(o, "type", json_object_new_string(e->type));
	if (e->has_device) {
		bdf_format(&e->device, buf);
		json_add(o, "device", json_object_new_string(buf));
	} else {
		json_add(o, "device", NULL);
	}
	json_add(o, "iommu", e->iommu[0] ? json_object_new_string(e->iommu) : NULL);
	json_add(o, "domain_id", e->has_domain ? json_new_int(e->domain) : NULL);
	json_add(o, "pasid", e->has_pasid ? json_new_int(e->pasid) : NULL);
	json_add(o, "address", e->has_address ? json_addr(e->address) : NULL);
	json_add(o, "address_kind", e->has_address ? json_object_new_string(e->address_kind) : NULL);
	json_add(o, "flags", e->has_flags ? json_hexn(e->flags, 4) : NULL);
	fl = json_object_new_array();
	nn = e->has_flags ? event_flag_names(e->flags, names, 16) : 0;
	for (size_t i = 0; i < nn; i++)
		json_object_array_add(fl, json_object_new_string(names[i]));
	json_add(o, "flag_names", fl);
	json_add(o, "access", e->has_flags ? json_object_new_string(
		    e->flags & EVENT_FLAG_I ? "interrupt" :
		    e->flags & EVENT_FLAG_RW ? "write" : "read") : NULL);
	json_add(o, "tag", e->has_tag ? json_object_new_int((int)e->tag) : NULL);
	json_add(o, "vmg_tag", e->has_vmg_tag ? json_object_new_int((int)e->vmg_tag) : NULL);
	json_add(o, "flags_rmp", e->has_flags_rmp ? json_hexn(e->flags_rmp, 4) : NULL);
	json_add(o, "message", json_object_new_string_len(k->msg, (int)k->msg_len));
	return o;
}

json_object *collect_events(struct ctx *c, int *err)
{
	char *text = NULL;
	size_t len = 0;
	json_object *arr;
	const char *p, *end;
	size_t bad = 0;

	*err = host_read_kmsg(c->h, &text, &len);
	if (*err)
		return NULL;
	arr = json_object_new_array();
	p = text;
	end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct kmsg_rec k;
		struct amd_event e;

		/*
		 * Continuation lines (" SUBSYSTEM=pci") belong to the record.
		 * The kernel escapes every byte outside printable ASCII as
		 * \xNN, so anything else is not a record.
		 */
		if (nl && (!l || *p == ' ')) {
			p += l + 1;
			continue;
		}
		/* a record ends in a newline: a last line without one is cut */
		if (!nl || !text_valid(p, l) || kmsg_parse_record(p, l, &k)) {
			bad++;
		} else {
			int r = amd_event_parse(k.msg, k.msg_len, &e);

			if (!r)
				json_object_array_add(arr, event_json(&k, &e));
			else if (r != -ENOENT)
				ctx_unavailable(c, "/dev/kmsg", -EINVAL,
						"an AMD-Vi event message could not be parsed; skipped");
		}
		p += l + 1;
	}
	if (bad) {
		char *hint = xasprintf("%zu line%s not a /dev/kmsg record "
				       "(PRI,SEQ,TS,FLAGS;MESSAGE); skipped",
				       bad, bad == 1 ? " is" : "s are");

		ctx_unavailable(c, "/dev/kmsg", -EINVAL, hint);
		free(hint);
	}
	free(text);
	return arr;
}
