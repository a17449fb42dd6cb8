// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl: parse the command line (cli.c), open the host the command
 * reads (live, --root DIR, --snapshot FILE), run the command.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "host-snapshot.h"

static int open_host(struct run *r, int argc, char **argv)
{
	char *msg = NULL;
	int e = 0, rc;

	if (r->cmd->check && (rc = r->cmd->check(r, argc, argv)))
		return rc;
	if ((r->cmd->flags & CMD_LIVE_ONLY) && (r->root || r->snapshot) && !r->offline_ok)
		return cmd_fail(r, EXIT_USAGE, 0, "%s needs a live kernel: drop %s", r->cmd->name,
				r->root ? "--root" : "--snapshot");
	if (r->snapshot) {
		r->h = host_open_snapshot(r->snapshot, &msg, &e);
		if (!r->h) {
			/* a tree given to --snapshot is a usage error, like a
			 * file given to --root */
			rc = cmd_fail(r, e == -EISDIR ? EXIT_USAGE : EXIT_ERROR, e, "--snapshot %s: %s",
				      r->snapshot, msg);
			free(msg);
			return rc;
		}
		return 0;
	}
	if (r->root) {
		int err = host_root_check(r->root);

		if (err == -ENOTDIR)
			return cmd_fail(r, EXIT_USAGE, err, "--root %s: not a directory: --root takes a captured host tree (a snapshot file goes to --snapshot)", r->root);
		if (err)
			return cmd_fail(r, EXIT_ERROR, err, "--root %s: %s", r->root,
					err == -ENOENT ? "no such directory" : strerror(-err));
	}
	r->h = r->root ? host_open_root(r->root) : host_open_live();
	return 0;
}

int main(int argc, char **argv)
{
	struct run r;
	int rc = cli_parse(&r, &argc, &argv);

	if (rc >= 0) {
		cli_free(&r);
		return rc;
	}
	rc = open_host(&r, argc, argv);
	if (!rc)
		rc = r.cmd->run(&r, argc, argv);
	host_close(r.h);
	cli_free(&r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "amdiommuctl: writing output failed\n");
		return EXIT_ERROR;
	}
	return rc;
}
