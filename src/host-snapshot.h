/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots: a recording host that wraps another backend and remembers
 * the result of every operation, and a replay backend that answers from
 * a snapshot file (read only, like --root).  Format: amdiommuctl(8),
 * SNAPSHOT FORMAT, and src/host-snapshot.c.
 */
#ifndef AMDIOMMUCTL_HOST_SNAPSHOT_H
#define AMDIOMMUCTL_HOST_SNAPSHOT_H

#include <stdio.h>
#include "host.h"

#define SNAPSHOT_MAGIC "amdiommuctl-snapshot"
#define SNAPSHOT_VERSION 1

/* Header fields of a snapshot ("key: value" lines). */
struct snapshot_meta {
	char *created, *hostname, *kernel, *tool;
	size_t records;
	size_t bytes; /* file size */
};

/*
 * Open FILE for replay.  On failure returns NULL and sets *err to a
 * one-line message (to free) and *errnum to a negative errno.
 */
struct host *host_open_snapshot(const char *file, char **err, int *errnum);
/* Only parse and validate FILE, for `snapshot --info`. */
int snapshot_info(const char *file, struct snapshot_meta *m, char **err);
void snapshot_meta_free(struct snapshot_meta *m);

/* A host forwarding every operation to @inner (not owned) and recording it. */
struct host *host_open_recorder(struct host *inner);
/* Write everything @rec recorded; 0 or -errno. */
int snapshot_write(struct host *rec, FILE *f, const struct snapshot_meta *m,
		   size_t *nrecords);

#endif
