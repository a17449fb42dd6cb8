// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show groups: IOMMU groups, their type and members. */
#include "config.h"

#include "cmd.h"
#include "model.h"
#include "render.h"
#include "util.h"

static const struct column cols[] = {
	{ "GROUP", "group" },
	{ "TYPE", "type" },
	{ "DEVICES", "devices", NULL, COL_WRAP },
	{ "REMARK", "remark", NULL, COL_WRAP },
};

static int run(struct run *r, int argc, char **argv)
{
	struct ctx c;
	int rc;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	ctx_init(&c, r->h);
	return cmd_list(r, &c, "groups", collect_groups(&c), cols, ARRAY_SIZE(cols), NULL);
}

static void record(struct ctx *c)
{
	json_object_put(collect_groups(c));
}

const struct command cmd_show_groups = {
	.name = "show groups",
	.args = "",
	.summary = "IOMMU groups: type and members",
	.run = run,
	.record = record,
};
