// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host access layer: the live host and captured trees (--root DIR).
 * Both read files under a prefix ("" for the live host); they differ in
 * whether anything may be written and in how a debugfs DTE is selected.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dte.h"
#include "host-internal.h"
#include "irte.h"
#include "regs.h"
#include "textutil.h"
#include "util.h"

char *host_path(struct host *h, const char *path)
{
	return xjoin(h->root ? h->root : "", path, NULL);
}

/*
 * Most files (sysfs attributes, config space) fit in one page: read into
 * the stack and copy out the exact size; only longer ones grow a heap
 * buffer.
 */
static int fs_read(struct host *h, const char *path, size_t max, char **buf,
		   size_t *lenp)
{
	char *p = host_path(h, path);
	/* a FIFO in a tree must not block the open */
	int fd = open(p, O_RDONLY | O_CLOEXEC | (h->root ? O_NONBLOCK : 0));
	int err = 0;
	char page[4096];
	size_t len = 0, cap = max < sizeof(page) ? max : sizeof(page);
	struct stat st;
	char *b = page;

	free(p);
	if (fd < 0)
		return -errno;
	/* a tree holds plain files only: a FIFO or a device node there
	 * must not block or read the real machine */
	if (h->root && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -HOST_ENOTREG;
	}
	for (;;) {
		ssize_t r;

		if (len == cap) {
			if (cap >= max)
				break;
			cap = cap * 2 > max ? max : cap * 2;
			if (b == page) {
				b = xmalloc(cap + 1);
				memcpy(b, page, len);
			} else {
				b = xrealloc(b, cap + 1);
			}
		}
		r = read(fd, b + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (err) {
		if (b != page)
			free(b);
		return err;
	}
	if (b == page) {
		b = xmalloc(len + 1);
		memcpy(b, page, len);
	}
	b[len] = '\0';
	*buf = b;
	if (lenp)
		*lenp = len;
	return 0;
}

static int fs_readlink(struct host *h, const char *path, char **target)
{
	char *p = host_path(h, path);
	char buf[PATH_MAX];
	ssize_t n = readlink(p, buf, sizeof(buf) - 1);
	struct stat st;
	int err = n < 0 ? -errno : stat(p, &st) ? -errno : 0;

	free(p);
	/* the link itself is there: a missing target is a dangling link */
	if (n >= 0 && err == -ENOENT)
		err = -ENOLINK;
	if (err)
		return err;
	buf[n] = '\0';
	*target = xstrdup(buf);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

static int fs_list(struct host *h, const char *path, char ***names, size_t *n)
{
	char *p = host_path(h, path);
	DIR *d = opendir(p);
	struct dirent *e;
	char **v = NULL;
	size_t cnt = 0, cap = 0;

	free(p);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[cnt++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_str);
	*names = v;
	*n = cnt;
	return 0;
}

static int fs_exists(struct host *h, const char *path)
{
	char *p = host_path(h, path);
	struct stat st;
	int r = lstat(p, &st) ? -errno : 0;

	free(p);
	return r;
}

static int live_write(struct host *h, const char *path, const char *text)
{
	char *p = host_path(h, path);
	int fd = open(p, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);
	ssize_t r;

	free(p);
	if (fd < 0)
		return -errno;
	r = write(fd, text, len);
	if (r < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (close(fd) < 0)
		return -errno;
	return (size_t)r == len ? 0 : -EIO;
}

static int ro_write(struct host *h, const char *path, const char *text)
{
	(void)h, (void)path, (void)text;
	return -EROFS;
}

static int live_select_read(struct host *h, const char *sel_path,
			    const char *sel, const char *path, char **buf)
{
	int err;

	/*
	 * The lock only orders cooperating instances; without it (no
	 * writable /run) every read is still verified against the row.
	 * Opened on first use so that commands that never select leave
	 * nothing behind.
	 */
	if (h->lock_fd == -1) {
		h->lock_fd = open(HOST_LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (h->lock_fd < 0)
			h->lock_fd = open(HOST_LOCK_FILE, O_RDONLY | O_CLOEXEC);
		if (h->lock_fd < 0)
			h->lock_fd = -2;
	}
	if (h->lock_fd >= 0)
		while (flock(h->lock_fd, LOCK_EX) < 0 && errno == EINTR)
			;
	err = live_write(h, sel_path, sel);
	if (!err)
		err = host_read_max(h, path, 1 << 20, buf, NULL);
	if (h->lock_fd >= 0)
		flock(h->lock_fd, LOCK_UN);
	return err;
}

static int root_select_read(struct host *h, const char *sel_path,
			    const char *sel, const char *path, char **buf)
{
	size_t len = 0;
	int err = host_read_max(h, path, 64 << 20, buf, &len);

	(void)sel_path, (void)sel;
	if (err)
		return err;
	/* the kernel's debugfs texts are whole lines: a copy is cut short */
	if (!len || (*buf)[len - 1] != '\n') {
		free(*buf);
		*buf = NULL;
		return len ? -HOST_ETRUNC : -ENODATA;
	}
	return 0;
}

struct host_view {
	char *path, *text;
	int err;
	struct host_view *next;
};

/* A tree has no selector: every selection shows the whole captured file,
 * read (and checked, as root_select_read does) once per run; a failure
 * is kept too, so that a broken table is not read again per device. */
static int root_select_view(struct host *h, const char *sel, const char *path,
			    const char **text)
{
	struct host_view *v;

	for (v = h->views; v; v = v->next)
		if (!strcmp(v->path, path))
			break;
	if (!v) {
		v = xzalloc(sizeof(*v));
		v->path = xstrdup(path);
		v->err = root_select_read(h, NULL, sel, path, &v->text);
		if (v->err)
			v->text = NULL;
		v->next = h->views;
		h->views = v;
	}
	*text = v->text;
	return v->err;
}

static void fs_close(struct host *h)
{
	while (h->views) {
		struct host_view *v = h->views;

		h->views = v->next;
		free(v->path);
		free(v->text);
		free(v);
	}
	if (h->lock_fd >= 0)
		close(h->lock_fd);
	free(h->root);
	free(h);
}

static int file_kmsg(struct host *h, char **buf, size_t *len);
static int live_kmsg(struct host *h, char **buf, size_t *len);

static const struct host_ops live_ops = {
	.name = "live",
	.read = fs_read,
	.readlink = fs_readlink,
	.list = fs_list,
	.exists = fs_exists,
	.write = live_write,
	.select_read = live_select_read,
	.kmsg = live_kmsg,
	.close = fs_close,
};

static const struct host_ops root_ops = {
	.name = "root",
	.read = fs_read,
	.readlink = fs_readlink,
	.list = fs_list,
	.exists = fs_exists,
	.write = ro_write,
	.select_read = root_select_read,
	.select_view = root_select_view,
	.kmsg = file_kmsg,
	.close = fs_close,
};

struct host *host_open_live(void)
{
	struct host *h = xzalloc(sizeof(*h));

	h->ops = &live_ops;
	h->lock_fd = -1;
	return h;
}

int host_root_check(const char *dir)
{
	struct stat st;

	if (stat(dir, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

struct host *host_open_root(const char *dir)
{
	struct host *h = xzalloc(sizeof(*h));
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	h->ops = &root_ops;
	h->root = xstrndup(dir, n);
	h->lock_fd = -1;
	h->read_only = true;
	return h;
}

void host_close(struct host *h)
{
	if (!h)
		return;
	devtbl_index_free(h->dte_index);
	h->ops->close(h);
}

int host_read_max(struct host *h, const char *path, size_t max, char **buf,
		  size_t *len)
{
	size_t n = 0;
	int err = h->ops->read(h, path, max + 1, buf, &n);

	if (err)
		return err;
	if (n > max) {
		free(*buf);
		*buf = NULL;
		return -EFBIG;
	}
	if (len)
		*len = n;
	return 0;
}

int host_read_head(struct host *h, const char *path, size_t max, char **buf)
{
	return h->ops->read(h, path, max, buf, NULL);
}

int host_read_line(struct host *h, const char *path, char **line)
{
	char *b;
	size_t len;
	int err = host_read_max(h, path, 65536, &b, &len);

	if (err)
		return err;
	/* an attribute is one line of text ending in a newline */
	if (!len)
		err = -ENODATA;
	else if (!text_valid(b, len))
		err = -EILSEQ;
	else if (!memchr(b, '\n', len))
		err = -HOST_ETRUNC;
	if (err) {
		free(b);
		return err;
	}
	b[strcspn(b, "\n")] = '\0';
	*line = b;
	return 0;
}

const char *host_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case ENOENT:
		return "missing";
	case EACCES:
		return "permission denied: run as root";
	case EPERM:
		return "not permitted (kernel lockdown, or not root)";
	case EISDIR:
		return "a directory where a file is expected";
	case ENOTDIR:
		return "a file where a directory is expected";
	case HOST_ENOTREG:
		return "not a regular file (a FIFO, socket or device node): a --root tree holds plain files";
	case EFBIG:
		return "larger than the read limit";
	case ENODATA:
		return "empty";
	case EILSEQ:
		return "not text (NUL bytes or invalid UTF-8)";
	case HOST_ETRUNC:
		return "truncated (no end of line)";
	case EINVAL:
		return "malformed: not in the kernel's format";
	case ELOOP:
		return "symbolic link loop";
	case ENOLINK:
		return "dangling symbolic link (its target is missing)";
	default:
		return strerror(err < 0 ? -err : err);
	}
}

int host_readlink(struct host *h, const char *path, char **target)
{
	return h->ops->readlink(h, path, target);
}

int host_link_name(struct host *h, const char *path, char **name)
{
	char *t, *slash;
	int err = host_readlink(h, path, &t);

	if (err)
		return err;
	slash = strrchr(t, '/');
	*name = xstrdup(slash ? slash + 1 : t);
	free(t);
	return 0;
}

int host_list(struct host *h, const char *path, char ***names, size_t *n)
{
	return h->ops->list(h, path, names, n);
}

int host_probe(struct host *h, const char *path)
{
	return h->ops->exists(h, path);
}

bool host_is_live(const struct host *h)
{
	return !h->read_only;
}

int host_write(struct host *h, const char *path, const char *text)
{
	return h->ops->write(h, path, text);
}

/*
 * The debugfs selection is one global variable: another process may
 * change it (or clear it with a failed write) between our write and our
 * read.  The row names the device it shows, so a mismatch is detected
 * and retried; a replayed tree has no such race and either holds the
 * row or does not.
 */
/*
 * The selection loop shared by devtbl and irqtbl: write @dev to `devid`,
 * read @file, let @verify judge the text.  @verify returns 0 to accept,
 * -ENOENT/-ENODATA when the text is not about @dev (retried live), other
 * errors are final.  On 0 the text goes to *keep when @keep is given.
 */
static void select_text(const struct bdf *dev, char sel[BDF_STRLEN + 1])
{
	bdf_format(dev, sel);
	strcat(sel, "\n");
}

static int select_verified(struct host *h, const struct bdf *dev,
			   const char *file, int missing,
			   int (*verify)(const char *text, void *arg), void *arg,
			   char **keep)
{
	char sel[BDF_STRLEN + 1];

	select_text(dev, sel);
	for (int i = 0; i < HOST_DTE_RETRIES; i++) {
		char *buf = NULL;
		int err = h->ops->select_read(h, HOST_DEBUGFS_AMD "/devid", sel,
					      file, &buf);

		if (err)
			return err;
		err = verify(buf, arg);
		if (!err && keep) {
			*keep = buf;
			buf = NULL;
		}
		free(buf);
		/* a capture: no section for @dev means @missing */
		if (h->read_only)
			return err == -ENOENT ? missing : err;
		if (err != -ENOENT && err != -ENODATA)
			return err;
	}
	return -EBUSY;
}

struct dte_want {
	const struct bdf *dev;
	uint64_t *raw;
	int *iommu_index;
};

static int verify_dte(const char *text, void *arg)
{
	struct dte_want *w = arg;

	return devtbl_find(text, w->dev, w->raw, w->iommu_index);
}

/*
 * A replayed table holds the rows of all devices: index it once per run
 * instead of scanning it for each device (a run over N devices would parse
 * N * N rows).  Same answers as select_verified() on a read-only host.
 */
static int view_dte(struct host *h, const struct bdf *dev, uint64_t raw[4],
		    int *iommu_index)
{
	char sel[BDF_STRLEN + 1];
	const char *text;
	int err;

	select_text(dev, sel);
	err = h->ops->select_view(h, sel, HOST_DEBUGFS_AMD "/devtbl", &text);
	if (err)
		return err;
	if (text != h->dte_text) {
		devtbl_index_free(h->dte_index);
		h->dte_index = devtbl_index_build(text);
		h->dte_text = h->dte_index ? text : NULL;
		if (!h->dte_index)
			return -ENOMEM;
	}
	err = devtbl_index_find(h->dte_index, dev, raw, iommu_index);
	return err == -ENOENT ? -ENODEV : err;
}

int host_read_dte(struct host *h, const struct bdf *dev, uint64_t raw[4],
		  int *iommu_index)
{
	struct dte_want w = { dev, raw, iommu_index };

	if (h->ops->select_view)
		return view_dte(h, dev, raw, iommu_index);
	/* a captured devtbl has a row for every device whose devid write
	 * succeeded; none means the kernel refused it */
	return select_verified(h, dev, HOST_DEBUGFS_AMD "/devtbl", -ENODEV, verify_dte, &w,
			       NULL);
}

static int verify_irqtbl(const char *text, void *arg)
{
	const char *body;
	int err = irqtbl_find(text, arg, &body);

	/* the kernel's own answers about this selection are final */
	if (err == -EOPNOTSUPP || err == -ENXIO || err == -EBADMSG)
		return 0;
	return err;
}

int host_read_irqtbl(struct host *h, const struct bdf *dev, char **text)
{
	/* irqtbl sections are recorded one by one: none was recorded */
	return select_verified(h, dev, HOST_DEBUGFS_AMD "/irqtbl", -ENOMSG, verify_irqtbl,
			       (void *)dev, text);
}

/* A tree: the file /dev/kmsg holds the records. */
static int file_kmsg(struct host *h, char **buf, size_t *len)
{
	return host_read_max(h, "/dev/kmsg", 64 << 20, buf, len);
}

/* The live log: one record per read(), EAGAIN at the end, never block. */
static int live_kmsg(struct host *h, char **buf, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *b, *p = host_path(h, "/dev/kmsg");
	int fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	free(p);
	if (fd < 0)
		return -errno;
	b = xmalloc(cap + 1);
	for (;;) {
		ssize_t r;

		if (cap - n < 8192) {
			if (cap >= (64 << 20))
				break;
			cap *= 2;
			b = xrealloc(b, cap + 1);
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE) /* overwritten records: go on */
				continue;
			break; /* EAGAIN: no more records */
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}

int host_read_kmsg(struct host *h, char **buf, size_t *len)
{
	return h->ops->kmsg(h, buf, len);
}

int host_open_kmsg(struct host *h, int *fd)
{
	char *p;

	if (!host_is_live(h))
		return -EOPNOTSUPP;
	p = host_path(h, "/dev/kmsg");
	*fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	free(p);
	return *fd < 0 ? -errno : 0;
}

int host_read_mmio(struct host *h, int index, unsigned offset, uint64_t *val)
{
	char *path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/mmio", index);
	char sel[16];
	int err = -EBUSY;

	snprintf(sel, sizeof(sel), "0x%x\n", offset);
	for (int i = 0; i < HOST_DTE_RETRIES; i++) {
		char *buf = NULL;

		err = h->ops->select_read(h, path, sel, path, &buf);
		if (err)
			break;
		err = mmio_find(buf, offset, val);
		free(buf);
		if (h->read_only || err != -ENOENT)
			break;
		err = -EBUSY;
	}
	free(path);
	return err;
}
