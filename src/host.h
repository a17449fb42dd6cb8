/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host access layer: every read of the machine goes through here.
 * Backends: the live host, a captured tree under --root DIR, a snapshot
 * file (host-snapshot.h), and a recorder that wraps another backend.
 * Paths are always absolute host paths ("/sys/...", "/proc/cmdline").
 * Functions return 0 or a negative errno and never print.  The backends
 * themselves are private (host-internal.h).
 */
#ifndef AMDIOMMUCTL_HOST_H
#define AMDIOMMUCTL_HOST_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdf.h"

struct host;

struct host *host_open_live(void);
/* 0 when @dir can be a --root tree; -ENOENT, -ENOTDIR, -EACCES... */
int host_root_check(const char *dir);
struct host *host_open_root(const char *dir);
void host_close(struct host *h);
/* The live machine (not a tree, not a snapshot): only it can be written,
 * and only its /dev/kmsg is a device. */
bool host_is_live(const struct host *h);

/*
 * Read errors besides the open(2)/read(2) ones: -EISDIR for a directory,
 * -HOST_ENOTREG for a FIFO, socket or device node in a --root tree (never
 * opened blocking), -EFBIG for a file larger than @max (host_read_max),
 * and for one-line attributes -ENODATA (empty), -EILSEQ (NUL bytes or
 * invalid UTF-8), -HOST_ETRUNC (truncated: no newline).  Links: -ENOLINK for
 * a dangling link, -ELOOP for a loop.  host_strerror() says each in words.
 */
#define HOST_ENOTREG EMEDIUMTYPE
#define HOST_ETRUNC EPROTO

/* Read a whole file of at most @max bytes, NUL-terminated; -EFBIG if larger. */
int host_read_max(struct host *h, const char *path, size_t max, char **buf,
		  size_t *len);
static inline int host_read(struct host *h, const char *path, char **buf)
{
	return host_read_max(h, path, 1 << 20, buf, NULL);
}
/* The first @max bytes of a file (the rest is not read). */
int host_read_head(struct host *h, const char *path, size_t max, char **buf);
/* Read a one-line attribute, trailing newline stripped. */
int host_read_line(struct host *h, const char *path, char **line);
/* Short words for a read error ("missing", "dangling symbolic link", ...). */
const char *host_strerror(int err);
/* The target of a symbolic link, as readlink(2) gives it. */
int host_readlink(struct host *h, const char *path, char **target);
/* Basename of a link target ("../../vfio-pci" -> "vfio-pci"). */
int host_link_name(struct host *h, const char *path, char **name);
/* Sorted names in a directory, without "." and "..". */
int host_list(struct host *h, const char *path, char ***names, size_t *n);
/* 0 when the path exists (any type, links not followed), else -errno. */
int host_probe(struct host *h, const char *path);
static inline bool host_exists(struct host *h, const char *path)
{
	return host_probe(h, path) == 0;
}
/* Write a short attribute (live only; others give -EROFS). */
int host_write(struct host *h, const char *path, const char *text);
/* Real path on disk for libraries that read by themselves (libpci). */
char *host_path(struct host *h, const char *path);

/*
 * Read the device table entry of @dev: take the cooperative lock, write
 * `devid`, read `devtbl`, and accept the row only if it names @dev;
 * retry a bounded number of times.  -EBUSY: contended (another writer
 * kept changing the selection); -ENODEV: no IOMMU handles the device;
 * -ENOENT: no debugfs files; -EPERM/-EACCES: lockdown or not root.
 * @iommu_index (the IOMMU's row index) may be NULL.
 */
int host_read_dte(struct host *h, const struct bdf *dev, uint64_t raw[4],
		  int *iommu_index);

/*
 * Read debugfs `irqtbl` for @dev with the same selection protocol; the
 * text (*text, to free) holds @dev's section or the kernel's answer for
 * it ("Interrupt remapping is disabled", "IRQ lookup table not set",
 * invalid IRT length): parse it with irqtbl_find().  Errors as above;
 * a capture without a section for @dev gives -ENOMSG.
 */
int host_read_irqtbl(struct host *h, const struct bdf *dev, char **text);
/*
 * The kernel log as /dev/kmsg records ("pri,seq,ts,flags;msg\n" plus
 * " KEY=value" lines).  Live: opened O_NONBLOCK, read until EAGAIN;
 * others: the file /dev/kmsg of the tree or snapshot.
 */
int host_read_kmsg(struct host *h, char **buf, size_t *len);
/*
 * Open the live kernel log for following it (show events --follow):
 * /dev/kmsg, O_NONBLOCK, at its first record; each read() gives one
 * record, -EAGAIN when there is none yet, -EPIPE when records were
 * overwritten before they were read.  The fd in *fd, 0; -EOPNOTSUPP for a
 * tree or a snapshot (nothing arrives there).
 */
int host_open_kmsg(struct host *h, int *fd);

#define HOST_DEBUGFS_AMD "/sys/kernel/debug/iommu/amd"
#define HOST_LOCK_FILE "/run/amdiommuctl.lock"
#define HOST_DTE_RETRIES 8

/*
 * Read a 64-bit MMIO register of IOMMU @index through debugfs
 * iommuXX/mmio, verified against the "Offset:0x%x" the kernel echoes.
 */
int host_read_mmio(struct host *h, int index, unsigned offset, uint64_t *val);

#endif
