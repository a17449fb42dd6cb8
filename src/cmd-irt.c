// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show irt BDF: a device's interrupt remapping table. */
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

static const char *fmt_hex2(json_object *row, json_object *v, char *buf, size_t n)
{
	(void)row;
	if (!v)
		return "-";
	snprintf(buf, n, "0x%02x", (unsigned)json_object_get_int(v));
	return buf;
}

static const struct column cols[] = {
	{ "IRT", "entry" },
	{ "FORMAT", "format" },
	{ "VECTOR", "vector", fmt_hex2 },
	{ "DEST", "destination" },
	{ "DESTMODE", "dest_mode" },
	{ "DELIVERY", "delivery_mode" },
	{ "GUEST", "guest_mode" },
	{ "GA_TAG", "ga_tag" },
	{ "GA_ROOT", "ga_root" },
	{ "ISRUN", "is_run" },
	{ "GALOG", "ga_log_intr" },
};

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	struct bdf b;
	char name[BDF_STRLEN];
	json_object *arr;
	int err, rc;

	if ((rc = cmd_one_bdf(r, argc, argv, &b, name)))
		return rc;
	ctx_init(&c, r->h);
	arr = collect_irt(&c, &b, &err);
	if (!arr)
		return cmd_finish(r, &c, cmd_fail(r, errno_exit_code(irqtbl_errors, err), err,
			"%s: " HOST_DEBUGFS_AMD "/irqtbl: %s: %s", name, errno_name(err),
			errno_hint_text(irqtbl_errors, err)));
	if (r->json) {
		cmd_emit_for(r, name, "irt", arr, c.unavailable);
	} else {
		if (json_object_array_length(arr))
			render_table(stdout, arr, cols, ARRAY_SIZE(cols));
		else
			printf("%s: no valid interrupt remapping table entries\n", name);
		json_object_put(arr);
	}
	return cmd_finish(r, &c, EXIT_OK);
}

/* Every PCI function's irqtbl answer. */
static void record(struct ctx *c)
{
	char **names = NULL;
	size_t n = 0;
	int err;

	if (!host_list(c->h, "/sys/bus/pci/devices", &names, &n))
		for (size_t i = 0; i < n; i++) {
			struct bdf dev;

			if (!bdf_parse(names[i], &dev))
				json_object_put(collect_irt(c, &dev, &err));
		}
	strv_free(names, n);
}

const struct command cmd_show_irt = {
	.name = "show irt",
	.args = "BDF",
	.summary = "interrupt remapping table entries of one device, decoded (debugfs irqtbl)",
	.run = run,
	.record = record,
};
