// SPDX-License-Identifier: GPL-2.0-or-later
/* amdiommuctl show domains: devices grouped by the DomainID of their DTEs. */
#include "config.h"

#include "cmd.h"
#include "model.h"
#include "render.h"
#include "util.h"

static const struct column cols[] = {
	{ "IOMMU", "iommu" },
	{ "DOMID", "domain_id" },
	{ "CLASS", "class" },
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
	return cmd_list(r, &c, "domains", collect_domains(&c), cols, ARRAY_SIZE(cols), NULL);
}

const struct command cmd_show_domains = {
	.name = "show domains",
	.args = "",
	.summary = "devices grouped by the DomainID in their DTEs",
	.run = run,
	.record = collect_devices_read,
};
