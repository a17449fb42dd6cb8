// SPDX-License-Identifier: GPL-2.0-or-later
/* `show events`: the AMD-Vi event messages of the kernel log (kmsg.h),
 * counted by evcount.h for --summary and followed for --follow. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evcount.h"
#include "json.h"
#include "kmsg.h"
#include "model.h"
#include "textutil.h"
#include "util.h"

json_object *event_to_json(const struct kmsg_rec *k, const struct amd_event *e)
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
	json_add(o, "not_attached", json_new_bool(e->not_attached));
	json_add(o, "message", json_object_new_string_len(k->msg, (int)k->msg_len));
	return o;
}

/*
 * The records of a /dev/kmsg read, one at a time (continuation lines
 * " KEY=value" belong to the record before them; the kernel escapes every
 * byte outside printable ASCII as \xNN, so anything else is no record),
 * through evcount: the kernel's own records only, the two lines of a
 * "Device not attached" report as one event.  @fn gets each event; the
 * lines that are no record are counted in *bad.
 */
static void each_event(struct evcount *ec, const char *text, size_t len, struct ctx *c,
		       void (*fn)(const struct kmsg_rec *k, const struct amd_event *e, void *arg),
		       void *arg, size_t *bad)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct kmsg_rec k;
		struct amd_event e;

		if (nl && (!l || *p == ' ')) {
			p += l + 1;
			continue;
		}
		/* a record ends in a newline: a last line without one is cut */
		if (!nl || !text_valid(p, l) || kmsg_parse_record(p, l, &k)) {
			++*bad;
		} else {
			switch (evcount_record(ec, &k, &e)) {
			case EVC_EVENT:
				if (fn)
					fn(&k, &e, arg);
				break;
			case EVC_MALFORMED:
				ctx_unavailable(c, "/dev/kmsg", -EINVAL,
						"an AMD-Vi event message could not be parsed; skipped");
				break;
			default:
				break;
			}
		}
		p += l + 1;
	}
	evcount_flush(ec);
}

/* Read the log and count it; NULL and *err when it cannot be read. */
static struct evcount *read_log(struct ctx *c, int *err,
				void (*fn)(const struct kmsg_rec *, const struct amd_event *, void *),
				void *arg)
{
	struct evcount *ec;
	char *text = NULL;
	size_t len = 0, bad = 0;

	*err = host_read_kmsg(c->h, &text, &len);
	if (*err)
		return NULL;
	ec = xnonnull(evcount_new(0));
	each_event(ec, text, len, c, fn, arg, &bad);
	if (bad) {
		char *hint = xasprintf("%zu line%s not a /dev/kmsg record "
				       "(PRI,SEQ,TS,FLAGS;MESSAGE); skipped",
				       bad, bad == 1 ? " is" : "s are");

		ctx_unavailable(c, "/dev/kmsg", -EINVAL, hint);
		free(hint);
	}
	free(text);
	return ec;
}

static void add_event(const struct kmsg_rec *k, const struct amd_event *e, void *arr)
{
	json_object_array_add(arr, event_to_json(k, e));
}

json_object *collect_events(struct ctx *c, int *err)
{
	json_object *arr = json_object_new_array();
	struct evcount *ec = read_log(c, err, add_event, arr);

	if (!ec) {
		json_object_put(arr);
		return NULL;
	}
	evcount_free(ec);
	return arr;
}

/* ---- --summary ------------------------------------------------------------- */

static json_object *usec_or_null(uint64_t count, uint64_t usec)
{
	return count ? json_new_int((int64_t)usec) : NULL;
}

json_object *collect_events_summary(struct ctx *c, int *err)
{
	struct evcount *ec = read_log(c, err, NULL, NULL);
	const struct evc_event *ev;
	const struct evc_suppressed *sup;
	const struct evc_health *hl;
	struct evc_totals t;
	json_object *o, *arr;
	size_t n;

	if (!ec)
		return NULL;
	o = json_object_new_object();
	arr = json_object_new_array();
	n = evcount_events(ec, &ev);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_new_object();
		char bdf[BDF_STRLEN];

		if (ev[i].dev == EVC_DEV)
			bdf_format(&ev[i].device, bdf);
		json_add(e, "device", ev[i].dev == EVC_DEV ? json_object_new_string(bdf) : NULL);
		json_add(e, "past_device_cap", json_new_bool(ev[i].dev == EVC_DEV_OTHER));
		json_add(e, "type", json_object_new_string(ev[i].type));
		json_add(e, "count", json_new_int((int64_t)ev[i].count));
		json_add(e, "first_time_usec", json_new_int((int64_t)ev[i].first_usec));
		json_add(e, "last_time_usec", json_new_int((int64_t)ev[i].last_usec));
		json_object_array_add(arr, e);
	}
	json_add(o, "events", arr);
	arr = json_object_new_array();
	n = evcount_suppressed(ec, &sup);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_new_object();

		json_add(e, "function", json_object_new_string(sup[i].function));
		json_add(e, "lines", json_new_int((int64_t)sup[i].lines));
		json_add(e, "count", json_new_int((int64_t)sup[i].callbacks));
		json_add(e, "first_time_usec", usec_or_null(sup[i].lines, sup[i].first_usec));
		json_add(e, "last_time_usec", usec_or_null(sup[i].lines, sup[i].last_usec));
		json_object_array_add(arr, e);
	}
	json_add(o, "suppressed", arr);
	arr = json_object_new_array();
	n = evcount_health(ec, &hl);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_new_object();

		json_add(e, "message", json_object_new_string(hl[i].key));
		json_add(e, "text", json_object_new_string(hl[i].text));
		json_add(e, "count", json_new_int((int64_t)hl[i].count));
		json_add(e, "first_time_usec", usec_or_null(hl[i].count, hl[i].first_usec));
		json_add(e, "last_time_usec", usec_or_null(hl[i].count, hl[i].last_usec));
		json_object_array_add(arr, e);
	}
	json_add(o, "health", arr);
	evcount_totals(ec, &t);
	arr = json_object_new_object();
	json_add(arr, "events", json_new_int((int64_t)t.events));
	json_add(arr, "malformed", json_new_int((int64_t)t.malformed));
	json_add(arr, "devices", json_new_int((int64_t)t.devices));
	json_add(arr, "max_devices", json_new_int((int64_t)t.max_devices));
	json_add(arr, "device_cap_reached", json_new_bool(t.device_cap_reached));
	json_add(arr, "records", json_new_int((int64_t)t.records));
	/* live only: a tree's or snapshot's log is filtered, its gaps mean nothing */
	json_add(arr, "lost_records", host_is_live(c->h) && t.have_seq ?
		 json_new_int((int64_t)(t.first_seq + t.seq_gaps)) : NULL);
	json_add(o, "totals", arr);
	evcount_free(ec);
	return o;
}

/* ---- --follow --------------------------------------------------------------- */

struct events_follow {
	struct evcount *ec;
};

struct events_follow *events_follow_new(void)
{
	struct events_follow *f = xzalloc(sizeof(*f));

	f->ec = xnonnull(evcount_new(0));
	return f;
}

void events_follow_free(struct events_follow *f)
{
	if (f)
		evcount_free(f->ec);
	free(f);
}

json_object *events_follow_record(struct events_follow *f, const char *rec, size_t len)
{
	struct kmsg_rec k;
	struct amd_event e;

	if (!text_valid(rec, len) || kmsg_parse_record(rec, len, &k))
		return NULL;
	return evcount_record(f->ec, &k, &e) == EVC_EVENT ? event_to_json(&k, &e) : NULL;
}
