// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Counting AMD-Vi events, ratelimit drops and event-log health messages
 * in kernel log records (see evcount.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "amd.h"
#include "evcount.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* The event types drivers/iommu/amd/iommu.c prints (iommu_print_event(),
 * amd_iommu_report_page_fault(), _rmp_fault(), _rmp_hw_error(),
 * amd_iommu_report_ppr_err()). */
static const char *const known_types[] = {
	"ILLEGAL_DEV_TABLE_ENTRY", "IO_PAGE_FAULT", "DEV_TAB_HARDWARE_ERROR",
	"PAGE_TAB_HARDWARE_ERROR", "ILLEGAL_COMMAND_ERROR", "COMMAND_HARDWARE_ERROR",
	"IOTLB_INV_TIMEOUT", "INVALID_DEVICE_REQUEST", "RMP_PAGE_FAULT", "RMP_HW_ERROR",
	"INVALID_PPR_REQUEST", "UNKNOWN",
};

/*
 * Functions of drivers/iommu whose messages go through a ratelimit state,
 * so that ___ratelimit() names them in "FUNC: N callbacks suppressed"
 * (__ratelimit() passes the caller's __func__; the *_ratelimited()
 * macros expand in the function that uses them).
 */
static const char *const ratelimited[] = {
	"amd_iommu_report_page_fault",   /* IO_PAGE_FAULT: dev_data->rs, pr_err_ratelimited */
	"amd_iommu_report_rmp_fault",    /* RMP_PAGE_FAULT */
	"amd_iommu_report_rmp_hw_error", /* RMP_HW_ERROR */
	"amd_iommu_report_ppr_err",      /* INVALID_PPR_REQUEST, dev_err_ratelimited */
	"amd_iommu_restart_log",         /* "IOMMU %s log restarting" (init.c) */
	"iommu_call_iopf_notifier",      /* ppr.c: unknown PPR request, invalid PASID */
	"iommu_report_device_fault",     /* io-pgfault.c: iopf aborted */
};

/* Event-log health messages of the AMD IOMMU driver (pr_fmt "AMD-Vi: "). */
static const struct {
	const char *key, *text;
} health_table[] = {
	{ "event_log_restart", "IOMMU Event log restarting" },    /* init.c amd_iommu_restart_log() */
	{ "ppr_log_restart", "IOMMU PPR log restarting" },
	{ "ga_log_restart", "IOMMU GA log restarting" },
	{ "completion_wait_timeout", "Completion-Wait loop timed out" }, /* iommu.c wait_on_sem() */
	{ "command_buffer_timeout", "Command buffer timeout" },   /* __iommu_queue_command_sync() */
	{ "event_not_written", "No event written to event log" }, /* iommu_print_event() */
	{ "ga_log_notifier_failed", "GA log notifier failed." },  /* iommu_poll_ga_log() */
};

struct evcount {
	struct evc_event *ev;
	size_t nev, cap;
	size_t last_hit;               /* index of the last entry counted */
	bool sorted;
	size_t max_devices, devices;
	char extra[EVC_MAX_EXTRA_TYPES][32];
	size_t nextra;
	struct evc_suppressed sup[N_(ratelimited)];
	struct evc_health health[N_(health_table)];
	struct evc_totals t;
	/* a "Device not attached" line waiting for its device line */
	bool pending;
	uint64_t pending_usec;
};

struct evcount *evcount_new(size_t max_devices)
{
	struct evcount *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->max_devices = max_devices ? max_devices : EVC_DEFAULT_MAX_DEVICES;
	for (size_t i = 0; i < N_(ratelimited); i++)
		c->sup[i].function = ratelimited[i];
	for (size_t i = 0; i < N_(health_table); i++) {
		c->health[i].key = health_table[i].key;
		c->health[i].text = health_table[i].text;
	}
	return c;
}

void evcount_free(struct evcount *c)
{
	if (c)
		free(c->ev);
	free(c);
}

const char *const *evcount_ratelimited_functions(size_t *n)
{
	*n = N_(ratelimited);
	return ratelimited;
}

/* ---- small text helpers (the message is not terminated) -------------- */

static const char *mem_find(const char *h, size_t hl, const char *needle)
{
	return memmem(h, hl, needle, strlen(needle)); /* _GNU_SOURCE: config.h */
}

/* The text after "AMD-Vi: " (or NULL), with its length in *n. */
static const char *after_amdvi(const char *msg, size_t len, size_t *n)
{
	const char *p = mem_find(msg, len, "AMD-Vi: ");

	if (!p)
		return NULL;
	p += 8;
	*n = len - (size_t)(p - msg);
	return p;
}

/* ---- counting ---------------------------------------------------------- */

static void stamp(uint64_t *count, uint64_t *first, uint64_t *last, uint64_t usec)
{
	if (!*count || usec < *first)
		*first = usec;
	if (!*count || usec > *last)
		*last = usec;
	++*count;
}

static const char *intern_type(struct evcount *c, const char *type)
{
	for (size_t i = 0; i < N_(known_types); i++)
		if (!strcmp(type, known_types[i]))
			return known_types[i];
	for (size_t i = 0; i < c->nextra; i++)
		if (!strcmp(type, c->extra[i]))
			return c->extra[i];
	if (c->nextra == EVC_MAX_EXTRA_TYPES || strlen(type) >= sizeof(c->extra[0]))
		return "OTHER";
	strcpy(c->extra[c->nextra], type);
	return c->extra[c->nextra++];
}

static bool entry_is(const struct evc_event *e, enum evc_dev dev, const struct bdf *b,
		     const char *type)
{
	return e->dev == dev && e->type == type && (dev != EVC_DEV || bdf_equal(&e->device, b));
}

static bool device_known(const struct evcount *c, const struct bdf *b)
{
	for (size_t i = 0; i < c->nev; i++)
		if (c->ev[i].dev == EVC_DEV && bdf_equal(&c->ev[i].device, b))
			return true;
	return false;
}

/* Count one event; false when out of memory (then it is not counted). */
static bool count_event(struct evcount *c, bool has_device, const struct bdf *b,
			const char *type_text, uint64_t usec)
{
	enum evc_dev dev = has_device ? EVC_DEV : EVC_DEV_NONE;
	const char *type = intern_type(c, type_text);
	struct evc_event *e = NULL;

	if (c->nev && entry_is(&c->ev[c->last_hit], dev, b, type))
		e = &c->ev[c->last_hit];
	for (size_t i = 0; !e && i < c->nev; i++)
		if (entry_is(&c->ev[i], dev, b, type))
			e = &c->ev[c->last_hit = i];
	if (!e && dev == EVC_DEV && !device_known(c, b)) {
		if (c->devices == c->max_devices) {
			dev = EVC_DEV_OTHER;
			c->t.device_cap_reached = true;
			c->t.other_device_events++;
			for (size_t i = 0; !e && i < c->nev; i++)
				if (entry_is(&c->ev[i], dev, b, type))
					e = &c->ev[c->last_hit = i];
		} else {
			c->devices++;
		}
	}
	if (!e) {
		if (c->nev == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			struct evc_event *n = realloc(c->ev, cap * sizeof(*n));

			if (!n)
				return false;
			c->ev = n;
			c->cap = cap;
		}
		e = &c->ev[c->last_hit = c->nev++];
		memset(e, 0, sizeof(*e));
		e->dev = dev;
		if (dev == EVC_DEV)
			e->device = *b;
		e->type = type;
		c->sorted = false;
	}
	stamp(&e->count, &e->first_usec, &e->last_usec, usec);
	c->t.events++;
	return true;
}

void evcount_flush(struct evcount *c)
{
	if (!c->pending)
		return;
	c->pending = false;
	count_event(c, false, NULL, "IO_PAGE_FAULT", c->pending_usec);
}

/* "FUNC: N callbacks suppressed" for one of the functions: its index. */
static int suppressed_line(const char *m, size_t n, uint64_t *count)
{
	static const char tail[] = " callbacks suppressed";
	const size_t tl = sizeof(tail) - 1;
	size_t f, d;
	uint64_t v = 0;

	if (n <= tl || memcmp(m + n - tl, tail, tl))
		return -1;
	for (f = 0; f < n && m[f] != ':'; f++)
		;
	if (f + 2 >= n - tl || m[f + 1] != ' ')
		return -1;
	for (d = f + 2; d < n - tl; d++) {
		if (m[d] < '0' || m[d] > '9' || v > UINT64_MAX / 10)
			return -1;
		v = v * 10 + (uint64_t)(m[d] - '0');
	}
	for (size_t i = 0; i < N_(ratelimited); i++)
		if (strlen(ratelimited[i]) == f && !memcmp(m, ratelimited[i], f)) {
			*count = v;
			return (int)i;
		}
	return -1;
}

enum evc_kind evcount_record(struct evcount *c, const struct kmsg_rec *k, struct amd_event *ev)
{
	const char *m = k->msg, *t;
	size_t n = k->msg_len, tn = 0;
	struct amd_event local;
	uint64_t v;
	int i;

	if (!ev)
		ev = &local;
	if (c->t.have_seq) {
		if (k->seq > c->t.last_seq + 1)
			c->t.seq_gaps += k->seq - c->t.last_seq - 1;
		if (k->seq > c->t.last_seq)
			c->t.last_seq = k->seq;
	} else {
		c->t.have_seq = true;
		c->t.first_seq = c->t.last_seq = k->seq;
	}
	c->t.records++;
	/*
	 * Only the kernel's own records: a write to /dev/kmsg is logged with
	 * facility LOG_USER (1) or the one given, never LOG_KERN (0)
	 * (kernel/printk/printk.c devkmsg_write(): "to be able to reliably
	 * distinguish kernel-generated messages from userspace-injected
	 * ones"), so a forged "Event logged" line is no event.
	 */
	if (k->facility != 0)
		return EVC_OTHER;

	/* before the pending check: the drop report of the "device=" line's
	 * own ratelimit state comes between the two lines */
	i = suppressed_line(m, n, &v);
	if (i >= 0) {
		struct evc_suppressed *s = &c->sup[i];

		stamp(&s->lines, &s->first_usec, &s->last_usec, k->ts_usec);
		s->callbacks += v;
		return EVC_SUPPRESSED;
	}
	if (c->pending) {
		struct amd_event d = { .type = "IO_PAGE_FAULT", .address_kind = "address",
				       .not_attached = true };

		if (!amd_event_detached_parse(m, n, &d)) {
			c->pending = false;
			*ev = d;
			count_event(c, true, &ev->device, "IO_PAGE_FAULT", c->pending_usec);
			return EVC_EVENT;
		}
		evcount_flush(c);
	}
	switch (amd_event_parse(m, n, ev)) {
	case 0:
		if (ev->not_attached) {
			/* counted with the device of the next message */
			c->pending = true;
			c->pending_usec = k->ts_usec;
			return EVC_OTHER;
		}
		count_event(c, ev->has_device, &ev->device, ev->type, k->ts_usec);
		return EVC_EVENT;
	case -ENOENT:
		break;
	default:
		c->t.malformed++;
		return EVC_MALFORMED;
	}
	t = after_amdvi(m, n, &tn);
	for (size_t h = 0; t && h < N_(health_table); h++)
		if (mem_find(t, tn, health_table[h].text)) {
			struct evc_health *e = &c->health[h];

			stamp(&e->count, &e->first_usec, &e->last_usec, k->ts_usec);
			return EVC_HEALTH;
		}
	return EVC_OTHER;
}

void evcount_buffer(struct evcount *c, const char *buf, size_t len)
{
	size_t in = 0;

	while (in < len) {
		size_t end = kmsg_record_end(buf, len, in);
		struct kmsg_rec k;

		if (kmsg_parse_record(buf + in, end - in, &k) == 0)
			evcount_record(c, &k, NULL);
		else if (end - in > 1)
			c->t.unparsed++;
		in = end;
	}
	evcount_flush(c);
}

static int cmp_event(const void *a, const void *b)
{
	const struct evc_event *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->dev == EVC_DEV) {
		uint32_t kx = (uint32_t)x->device.seg << 16 | bdf_devid(&x->device);
		uint32_t ky = (uint32_t)y->device.seg << 16 | bdf_devid(&y->device);

		if (kx != ky)
			return kx < ky ? -1 : 1;
	}
	return strcmp(x->type, y->type);
}

size_t evcount_events(struct evcount *c, const struct evc_event **out)
{
	if (!c->sorted && c->nev) {
		qsort(c->ev, c->nev, sizeof(c->ev[0]), cmp_event);
		c->last_hit = 0;
	}
	c->sorted = true;
	*out = c->ev;
	return c->nev;
}

size_t evcount_suppressed(struct evcount *c, const struct evc_suppressed **out)
{
	*out = c->sup;
	return N_(ratelimited);
}

size_t evcount_health(struct evcount *c, const struct evc_health **out)
{
	*out = c->health;
	return N_(health_table);
}

void evcount_totals(const struct evcount *c, struct evc_totals *out)
{
	*out = c->t;
	out->devices = c->devices;
	out->max_devices = c->max_devices;
}
