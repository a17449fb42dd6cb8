/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backends behind host.h (as pciutils keeps struct pci_methods in
 * lib/internal.h): only host.c and host-snapshot.c include this.
 */
#ifndef AMDIOMMUCTL_HOST_INTERNAL_H
#define AMDIOMMUCTL_HOST_INTERNAL_H

#include "host.h"

struct host_ops {
	const char *name;
	/* Read a whole file (at most @max bytes), NUL-terminated. */
	int (*read)(struct host *h, const char *path, size_t max, char **buf,
		    size_t *len);
	/* Target of a symbolic link. */
	int (*readlink)(struct host *h, const char *path, char **target);
	/* Sorted names in a directory, without "." and "..". */
	int (*list)(struct host *h, const char *path, char ***names, size_t *n);
	/* 0 when the path exists (any type). */
	int (*exists)(struct host *h, const char *path);
	/* Write a short attribute (live only; others give -EROFS). */
	int (*write)(struct host *h, const char *path, const char *text);
	/*
	 * debugfs selector protocol: write @sel to @sel_path, then read
	 * @path, under the cooperative lock (live).  A replayed tree has no
	 * selector: it returns @path as captured (possibly many rows) and
	 * the caller's parser picks the row it asked for.
	 */
	int (*select_read)(struct host *h, const char *sel_path,
			   const char *sel, const char *path, char **buf);
	/*
	 * Replayed backends only (NULL live): what select_read would give,
	 * borrowed and the same pointer for the whole run, so that a
	 * caller can parse a table of many rows once.
	 */
	int (*select_view)(struct host *h, const char *sel, const char *path,
			   const char **text);
	/* The kernel log records (host_read_kmsg()). */
	int (*kmsg)(struct host *h, char **buf, size_t *len);
	void (*close)(struct host *h);
};

struct host_view; /* --root: the files select_view read, kept until close */
struct devtbl_index;

struct host {
	const struct host_ops *ops;
	char *root; /* --root DIR, or NULL */
	int lock_fd;
	bool read_only; /* a capture: nothing can be written, no race to retry */
	struct host_view *views;
	/* the devtbl text that select_view gave and its index */
	const char *dte_text;
	struct devtbl_index *dte_index;
};

#endif
