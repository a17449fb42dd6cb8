// SPDX-License-Identifier: GPL-2.0-or-later
/* The command table, in the order of `amdiommuctl --help`. */
#include "config.h"

#include "cmd.h"
#include "util.h"

extern const struct command cmd_status, cmd_check, cmd_show_iommus, cmd_show_devices,
	cmd_show_dte, cmd_show_groups, cmd_show_domains, cmd_show_irt,
	cmd_show_cmdbuf, cmd_show_events, cmd_show_ivrs, cmd_alloc, cmd_snapshot, cmd_monitor;
extern const struct command cmd_metrics, cmd_diff;

const struct command *const commands[] = {
	&cmd_status,
	&cmd_check,
	&cmd_show_iommus,
	&cmd_show_devices,
	&cmd_show_dte,
	&cmd_show_groups,
	&cmd_show_domains,
	&cmd_show_irt,
	&cmd_show_cmdbuf,
	&cmd_show_events,
	&cmd_show_ivrs,
	&cmd_alloc,
	&cmd_snapshot,
	&cmd_monitor,
	&cmd_metrics,
	&cmd_diff,
};
const size_t ncommands = ARRAY_SIZE(commands);
