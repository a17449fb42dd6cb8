/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replace a file atomically, the way node_exporter's textfile collector
 * wants it (it may read the directory at any moment): write a temporary
 * file "PATH.XXXXXX" in the same directory, fsync it, rename() it over
 * PATH, fsync the directory.  A reader sees the old file or the new one,
 * never a part; on any failure the temporary file is removed and PATH is
 * left as it was.
 */
#ifndef AMDIOMMUCTL_ATOMIC_FILE_H
#define AMDIOMMUCTL_ATOMIC_FILE_H

#include <stdio.h>
#include <sys/types.h>

struct atomic_file {
	char *path;  /* the file to replace */
	char *tmp;   /* the temporary file, NULL once renamed or removed */
	FILE *f;     /* write here */
	const char *failed; /* the step that failed: "mkstemp", "write", "fsync", ... */
};

/*
 * Create the temporary file with @mode (not changed by the umask: the
 * file is for another user, the exporter's).  0 or -errno (*a->failed
 * says which step).
 */
int atomic_file_open(struct atomic_file *a, const char *path, mode_t mode);
/*
 * Flush, fsync and close the temporary file and rename it over the path.
 * 0, or -errno with the temporary file removed.  Frees @a either way.
 */
int atomic_file_commit(struct atomic_file *a);
/* Close and remove the temporary file; the path is untouched. */
void atomic_file_abort(struct atomic_file *a);

#endif
