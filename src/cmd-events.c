// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show events: AMD-Vi events of the kernel log. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
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

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	json_object *arr;
	int err;

	(void)argv;
	if ((err = cmd_no_args(r, argc)))
		return err;
	ctx_init(&c, r->h);
	arr = collect_events(&c, &err);
	if (!arr)
		return cmd_finish(r, &c, cmd_fail(r, errno_exit_code(source_errors, err), err,
					    "the kernel log (/dev/kmsg) cannot be read: %s: %s",
					    errno_name(err), host_strerror(err)));
	return cmd_list(r, &c, "events", arr, cols, ARRAY_SIZE(cols),
			"no AMD-Vi events in the kernel log");
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
	.run = run,
	.record = record,
};
