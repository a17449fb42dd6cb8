// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "cmd.h"

int cmd_alloc(struct run *r, int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_fail(r, EXIT_UNSUPPORTED, 0, "alloc: not implemented yet");
}
