// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for evcount.c: the input is a /dev/kmsg read given to
 * evcount_buffer() with a device cap of 4.  Invariants: the entries add
 * up to the event total; at most 4 devices by name and every excess event
 * under "other"; at most (4 + 2) x 21 entries, sorted, each with a named
 * type and first <= last; every record is classified once, so events,
 * malformed, suppressed lines and health messages together are at most
 * the records.
 */
#include "amd.h"
#include "evcount.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_mem(data, size);
	struct evcount *c = evcount_new(4);
	const struct evc_event *e;
	const struct evc_suppressed *s;
	const struct evc_health *h;
	struct evc_totals t;
	uint64_t sum = 0, other = 0, classified;
	size_t n, ns, nh, named = 0;

	FUZZ_CHECK(c);
	evcount_buffer(c, buf, size);
	n = evcount_events(c, &e);
	evcount_totals(c, &t);
	FUZZ_CHECK(n <= 6 * 21);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(e[i].count > 0 && e[i].first_usec <= e[i].last_usec);
		FUZZ_CHECK(e[i].type && e[i].type[0]);
		FUZZ_CHECK(e[i].dev != EVC_DEV || (e[i].device.dev <= 0x1f && e[i].device.fn <= 7));
		FUZZ_CHECK(i == 0 || e[i - 1].dev <= e[i].dev);
		if (e[i].dev == EVC_DEV && (i == 0 || e[i - 1].dev != EVC_DEV ||
					    !bdf_equal(&e[i - 1].device, &e[i].device)))
			named++;
		if (e[i].dev == EVC_DEV_OTHER)
			other += e[i].count;
		sum += e[i].count;
	}
	FUZZ_CHECK(sum == t.events);
	FUZZ_CHECK(named == t.devices && t.devices <= 4);
	FUZZ_CHECK(other == t.other_device_events);
	FUZZ_CHECK(!other || t.device_cap_reached);
	classified = t.events + t.malformed;
	ns = evcount_suppressed(c, &s);
	for (size_t i = 0; i < ns; i++) {
		FUZZ_CHECK(!s[i].lines || s[i].first_usec <= s[i].last_usec);
		classified += s[i].lines;
	}
	nh = evcount_health(c, &h);
	for (size_t i = 0; i < nh; i++)
		classified += h[i].count;
	FUZZ_CHECK(classified <= t.records);
	FUZZ_CHECK(!t.have_seq || t.first_seq <= t.last_seq);
	evcount_free(c);
	free(buf);
	return 0;
}
