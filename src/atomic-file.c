// SPDX-License-Identifier: GPL-2.0-or-later
/* Atomic replacement of a file: temporary file, fsync, rename (see the header). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic-file.h"

static void release(struct atomic_file *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

int atomic_file_open(struct atomic_file *a, const char *path, mode_t mode)
{
	size_t n = strlen(path);
	int fd, err;

	memset(a, 0, sizeof(*a));
	a->path = strdup(path);
	a->tmp = malloc(n + 8);
	if (!a->path || !a->tmp) {
		release(a);
		a->failed = "malloc";
		return -ENOMEM;
	}
	memcpy(a->tmp, path, n);
	memcpy(a->tmp + n, ".XXXXXX", 8);
	fd = mkostemp(a->tmp, O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		release(a);
		a->failed = "mkstemp";
		return err;
	}
	/* mkstemp() makes 0600; the textfile collector runs as another user */
	if (fchmod(fd, mode) < 0 || !(a->f = fdopen(fd, "w"))) {
		err = -errno;
		a->failed = a->f ? "fdopen" : "fchmod";
		close(fd);
		unlink(a->tmp);
		release(a);
		return err;
	}
	return 0;
}

void atomic_file_abort(struct atomic_file *a)
{
	if (a->f)
		fclose(a->f);
	if (a->tmp)
		unlink(a->tmp);
	release(a);
}

/* fsync the directory of @path, so that the rename survives a crash. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd;

	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int atomic_file_commit(struct atomic_file *a)
{
	int err = 0;

	errno = 0;
	if (fflush(a->f) || ferror(a->f)) {
		err = errno ? -errno : -EIO;
		a->failed = "write";
	} else if (fsync(fileno(a->f)) < 0) {
		err = -errno;
		a->failed = "fsync";
	}
	if (fclose(a->f) && !err) {
		err = errno ? -errno : -EIO;
		a->failed = "close";
	}
	a->f = NULL;
	if (!err && rename(a->tmp, a->path) < 0) {
		err = -errno;
		a->failed = "rename";
	}
	if (err) {
		unlink(a->tmp);
		release(a);
		return err;
	}
	/* the new file is in place: a directory that cannot be synced only
	 * makes the rename less durable, it is no failure */
	sync_dir(a->path);
	release(a);
	return 0;
}
