// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show events [--summary | --follow]: AMD-Vi events of the kernel log. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "signals.h"
#include "util.h"

static const char *fmt_hex(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	if (!v)
		return "-";
	snprintf(buf, n, "0x%x", (unsigned)json_object_get_int(v));
	return buf;
}

static const char *fmt_flags(json_object *row, json_object *v, char *buf, size_t n)
{
	char tmp[128];

	if (!v)
		return "-";
	snprintf(buf, n, "%s (%s)", json_object_get_string(v),
		 render_value(json_path(row, "flag_names"), tmp, sizeof(tmp)));
	return buf;
}

/* kmsg's microseconds since boot, as dmesg prints them */
static const char *fmt_time(json_object *row, json_object *v, char *buf, size_t n)
{
	unsigned long long us = v ? (unsigned long long)json_object_get_int64(v) : 0;

	(void)row;
	snprintf(buf, n, "%llu.%06llu", us / 1000000, us % 1000000);
	return buf;
}

static const struct column cols[] = {
	{ "TIME", "time_usec", fmt_time },
	{ "TYPE", "type" },
	{ "DEVICE", "device" },
	{ "DOMAIN", "domain_id" },
	{ "PASID", "pasid", fmt_hex },
	{ "ADDRESS", "address" },
	{ "FLAGS", "flags", fmt_flags },
};

/* ---- --summary ---------------------------------------------------------------- */

static const char *fmt_device(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)buf;
	(void)n;
	if (v)
		return json_object_get_string(v);
	return json_object_get_boolean(json_path(row, "past_device_cap")) ? "(other)" : "(none)";
}

static const struct column summary_cols[] = {
	{ "DEVICE", "device", fmt_device },
	{ "TYPE", "type" },
	{ "COUNT", "count" },
	{ "FIRST", "first_time_usec", fmt_time },
	{ "LAST", "last_time_usec", fmt_time },
};

static void print_summary(json_object *s)
{
	json_object *ev = json_path(s, "events"), *t = json_path(s, "totals");
	const char *const lists[] = { "suppressed", "health" };
	int64_t dropped = 0;

	if (json_object_array_length(ev))
		render_table(stdout, ev, summary_cols, ARRAY_SIZE(summary_cols));
	else
		printf("no AMD-Vi events in the kernel log\n");
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		json_object *arr = json_path(s, lists[l]);

		for (size_t i = 0; i < json_object_array_length(arr); i++) {
			json_object *e = json_object_array_get_idx(arr, i);
			int64_t n = json_object_get_int64(json_path(e, "count"));
			char first[32], last[32];

			if (!n)
				continue;
			fmt_time(e, json_path(e, "first_time_usec"), first, sizeof(first));
			fmt_time(e, json_path(e, "last_time_usec"), last, sizeof(last));
			if (l == 0) {
				dropped += n;
				printf("%s: %" PRId64 " messages suppressed by ratelimiting (%s to %s)\n",
				       json_path_str(e, "function"), n, first, last);
			} else {
				printf("\"%s\": %" PRId64 " time%s (%s to %s)\n", json_path_str(e, "text"), n,
				       n == 1 ? "" : "s", first, last);
			}
		}
	}
	printf("%s events of %s devices%s%s%s\n", json_path_str(t, "events"), json_path_str(t, "devices"),
	       json_object_get_boolean(json_path(t, "device_cap_reached")) ?
	       " (more devices than the cap: the rest as (other))" : "",
	       json_object_get_int64(json_path(t, "malformed")) ? ", some malformed" : "",
	       dropped ? "; messages were dropped: the counts are lower bounds" : "");
}

/* ---- --follow ------------------------------------------------------------------ */

static void print_event_line(json_object *e)
{
	char t[32], flags[160] = "";

	fmt_time(e, json_path(e, "time_usec"), t, sizeof(t));
	if (json_path(e, "flags"))
		fmt_flags(e, json_path(e, "flags"), flags, sizeof(flags));
	printf("[%12s] %s device %s", t, json_path_str(e, "type"),
	       json_path_str(e, "device") ? json_path_str(e, "device") : "-");
	if (json_path(e, "domain_id"))
		printf(" domain %d", json_object_get_int(json_path(e, "domain_id")));
	if (json_path(e, "address"))
		printf(" %s %s", json_path_str(e, "address_kind"), json_path_str(e, "address"));
	if (*flags)
		printf(" flags %s", flags);
	printf("\n");
}

/* Follow /dev/kmsg until a signal: each event as it arrives, on one line. */
static int follow(struct run *r)
{
	struct events_follow *f;
	char *buf = xmalloc(8192 + 1);
	uint64_t lost = 0;
	int fd, err = host_open_kmsg(r->h, &fd), rc = EXIT_OK;

	if (err) {
		free(buf);
		return cmd_fail(r, errno_exit_code(source_errors, err), err,
				"cannot follow the kernel log (/dev/kmsg): %s: %s", errno_name(err),
				host_strerror(err));
	}
	f = events_follow_new();
	signals_install();
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (signals_received())
			break;
		n = read(fd, buf, 8192);
		if (n < 0 && errno == EPIPE) {
			lost++; /* overwritten before we read it: go on */
			continue;
		}
		if (n < 0 && errno == EAGAIN) {
			if (signals_poll(&pfd, 1, -1) < 0 && errno != EINTR) {
				rc = cmd_fail(r, EXIT_ERROR, -errno, "poll on /dev/kmsg failed: %s",
					      strerror(errno));
				break;
			}
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = cmd_fail(r, EXIT_ERROR, n ? -errno : -EIO, "reading /dev/kmsg failed: %s",
				      n ? strerror(errno) : "end of file");
			break;
		}
		buf[n] = '\0';
		{
			json_object *e = events_follow_record(f, buf, (size_t)n);

			if (!e)
				continue;
			if (r->json) {
				json_object *o = json_object_new_object();

				json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
				json_object_object_foreach(e, k, v)
					json_object_object_add(o, k, json_object_get(v));
				render_json(stdout, o, false);
				json_object_put(o);
			} else {
				print_event_line(e);
			}
			json_object_put(e);
			fflush(stdout);
		}
	}
	signals_restore();
	if (lost)
		fprintf(stderr, "amdiommuctl: %" PRIu64 " kernel log record%s overwritten before %s read\n",
			lost, lost == 1 ? " was" : "s were", lost == 1 ? "it was" : "they were");
	events_follow_free(f);
	close(fd);
	free(buf);
	return rc;
}

struct events_opts {
	bool follow, summary;
};

static const struct cmd_opt opts[] = {
	CMD_OPT_FLAG("follow", 'f', struct events_opts, follow,
		     "print events as they arrive, until SIGINT or SIGTERM (live only)"),
	CMD_OPT_FLAG("summary", 's', struct events_opts, summary,
		     "count events per device and type, with the ratelimit drops"),
	CMD_OPT_END
};

static int run(struct run *r, int argc, char **argv)
{
	const struct events_opts *o = r->opts;
	struct ctx c;
	json_object *arr;
	int err;

	(void)argv;
	if ((err = cmd_no_args(r, argc)))
		return err;
	if (o->follow && o->summary)
		return cmd_fail(r, EXIT_USAGE, 0, "show events: --follow and --summary exclude each other");
	if (o->follow && !host_is_live(r->h))
		return cmd_fail(r, EXIT_USAGE, 0, "show events --follow needs a live kernel: drop %s",
				r->root ? "--root" : "--snapshot");
	if (o->follow)
		return follow(r);
	ctx_init(&c, r->h);
	arr = o->summary ? collect_events_summary(&c, &err) : collect_events(&c, &err);
	if (!arr)
		return cmd_finish(r, &c, cmd_fail(r, errno_exit_code(source_errors, err), err,
					    "the kernel log (/dev/kmsg) cannot be read: %s: %s",
					    errno_name(err), host_strerror(err)));
	if (!o->summary)
		return cmd_list(r, &c, "events", arr, cols, ARRAY_SIZE(cols),
				"no AMD-Vi events in the kernel log");
	if (r->json) {
		cmd_emit(r, "summary", arr, c.unavailable);
	} else {
		print_summary(arr);
		json_object_put(arr);
	}
	return cmd_finish(r, &c, EXIT_OK);
}

static void record(struct ctx *c)
{
	int err;

	json_object_put(collect_events(c, &err));
}

const struct command cmd_show_events = {
	.name = "show events",
	.args = "",
	.summary = "AMD-Vi event-log messages from the kernel log, flags decoded",
	.opts = opts,
	.opts_size = sizeof(struct events_opts),
	.run = run,
	.record = record,
};
