// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl: parse the command line (cli.c), open the host, dispatch.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "host-snapshot.h"

int main(int argc, char **argv)
{
	struct run r;
	int rc = cli_parse(&r, &argc, &argv);

	if (rc >= 0)
		return rc;
	if (r.snapshot) {
		char *msg = NULL;
		int e = 0;

		r.h = host_open_snapshot(r.snapshot, &msg, &e);
		if (!r.h) {
			rc = cmd_fail(&r, EXIT_ERROR, e, "--snapshot %s: %s", r.snapshot, msg);
			free(msg);
			return rc;
		}
	} else {
		r.h = r.root ? host_open_root(r.root) : host_open_live();
	}
	if (r.root && !host_exists(r.h, "/")) {
		rc = cmd_fail(&r, EXIT_ERROR, -ENOENT, "--root %s: no such directory", r.root);
	} else {
		rc = r.cmd->fn(&r, argc, argv);
	}
	host_close(r.h);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "amdiommuctl: writing output failed\n");
		return EXIT_ERROR;
	}
	return rc;
}
