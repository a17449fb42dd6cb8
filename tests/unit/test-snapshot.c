// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The snapshot round trip at the host layer: record reads of a --root
 * tree (tests/fixtures/qemu73-stock) through host_open_recorder(), write
 * the snapshot, open it with host_open_snapshot() and read the same
 * files, listings and a DTE back.  Expected values are the tree's own
 * files (read here with stdio) and the DTE words written by hand from
 * the fixture's debugfs devtbl line for 0000:00:03.0.  /proc/interrupts
 * and /proc/cpuinfo are stored reduced (host-snapshot.c
 * reduce_interrupts(): no per-CPU counts), so the replay of
 * /proc/interrupts must give the same interrupt-remapping view.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bdf.h"
#include "host-snapshot.h"
#include "host-text.h"
#include "host.h"
#include "tap.h"
#include "util.h"

static char *root;

static const char *const files[] = {
	"/proc/cmdline", "/proc/sys/kernel/osrelease",
	"/sys/kernel/iommu_groups/2/type",
	"/sys/bus/pci/devices/0000:00:03.0/vendor",
};

static const char *const dirs[] = {
	"/sys/bus/pci/devices", "/sys/kernel/iommu_groups",
};

/* The file under the tree, byte for byte (config space is binary). */
static char *slurp(const char *path, size_t *len)
{
	char *full = xjoin(root, path, NULL), *buf = NULL;
	FILE *f = fopen(full, "rb"), *m;

	free(full);
	if (!f)
		return NULL;
	m = open_memstream(&buf, len);
	for (int c; (c = fgetc(f)) != EOF;)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a tree directory, sorted, "." and ".." left out. */
static char *listing(const char *path)
{
	char *full = xjoin(root, path, NULL), *names[256], *out = NULL;
	DIR *d = opendir(full);
	size_t n = 0, len;
	struct dirent *e;
	FILE *m;

	free(full);
	if (!d)
		return NULL;
	while ((e = readdir(d)) && n < 256)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = xstrdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	m = open_memstream(&out, &len);
	for (size_t i = 0; i < n; i++) {
		fprintf(m, "%s\n", names[i]);
		free(names[i]);
	}
	fclose(m);
	return out;
}

static char *host_listing(struct host *h, const char *path, int *err)
{
	char **names = NULL, *out = NULL;
	size_t n = 0, len;
	FILE *m;

	*err = host_list(h, path, &names, &n);
	if (*err)
		return NULL;
	qsort(names, n, sizeof(*names), cmp_str);
	m = open_memstream(&out, &len);
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%s\n", names[i]);
	fclose(m);
	strv_free(names, n);
	return out;
}

static void interrupts(struct host *h, bool check, const char *side)
{
	struct irq_remap_view got, want;
	char *text = NULL, *tree;
	size_t len;
	int err = host_read(h, "/proc/interrupts", &text);

	host_text_interrupts(err ? NULL : text, &got);
	tree = slurp("/proc/interrupts", &len);
	host_text_interrupts(tree, &want);
	if (check) {
		ok(!err && got.ir == want.ir && got.plain == want.plain &&
		   got.iommu_own == want.iommu_own && !strcmp(got.ir_chip, want.ir_chip) &&
		   !strcmp(got.plain_chip, want.plain_chip),
		   "%s: /proc/interrupts: the tree's chips (%u IR-, %u plain, %u AMD-Vi)", side,
		   want.ir, want.plain, want.iommu_own);
		ok(want.plain + want.ir > 0, "%s: the tree has interrupt lines to compare", side);
	}
	free(text);
	free(tree);
}

/* Every read the test makes, on @h; the replay asserts, the record only reads. */
static void reads(struct host *h, bool check, const char *side)
{
	struct bdf dev;
	uint64_t raw[4] = { 0 };
	int idx = -1, err;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *got = NULL, *want;
		size_t wlen;

		err = host_read(h, files[i], &got);
		want = slurp(files[i], &wlen);
		if (check) {
			ok(!err && want && !strcmp(got, want), "%s: %s has the tree's bytes", side,
			   files[i]);
		}
		free(got);
		free(want);
	}
	interrupts(h, check, side);
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *got = host_listing(h, dirs[i], &err), *want = listing(dirs[i]);

		if (check)
			ok(!err && got && want && !strcmp(got, want), "%s: %s lists the tree's entries",
			   side, dirs[i]);
		free(got);
		free(want);
	}
	bdf_parse("0000:00:03.0", &dev);
	err = host_read_dte(h, &dev, raw, &idx);
	if (check) {
		/* devtbl: "0000:00:03.0 0000000000000000 0000000000000000
		 * 0000000000000004 60000000003a5603 iommu0" (QWORD[3] first) */
		is_u64((uint64_t)err, 0, "DTE read");
		is_u64(raw[0], 0x60000000003a5603ULL, "DTE word 0");
		is_u64(raw[1], 0x4, "DTE word 1");
		is_u64(raw[2], 0, "DTE word 2");
		is_u64(raw[3], 0, "DTE word 3");
		is_u64((uint64_t)idx, 0, "DTE of iommu0");
	}
}

/*
 * The tree: SRCDIR/tests/fixtures/qemu73-stock, or (a dist tarball, as
 * in `make distcheck`) unpacked from SRCDIR/tests/fixtures.tar into
 * @tmp, as tests/cli/lib.sh does.
 */
static char *fixture_tree(const char *src, char *tmp)
{
	char *dir = xjoin(src, "/tests/fixtures/qemu73-stock", NULL), *tar, *cmd;
	struct stat st;

	if (!stat(dir, &st))
		return dir;
	free(dir);
	tar = xjoin(src, "/tests/fixtures.tar", NULL);
	if (stat(tar, &st) || !mkdtemp(tmp)) {
		free(tar);
		return NULL;
	}
	cmd = xasprintf("tar xf '%s' -C '%s' ./qemu73-stock", tar, tmp);
	free(tar);
	if (system(cmd) != 0) {
		free(cmd);
		return NULL;
	}
	free(cmd);
	return xjoin(tmp, "/qemu73-stock", NULL);
}

int main(void)
{
	const char *src = getenv("srcdir");
	char path[] = "/tmp/amdiommuctl-test-snapshot.XXXXXX", *msg = NULL, *got = NULL;
	struct snapshot_meta meta = { .created = "2026-01-01T00:00:00Z", .hostname = "h",
				      .kernel = "k", .tool = "test" };
	struct host *inner, *rec, *snap;
	size_t nrec = 0;
	int fd, errnum = 0;
	char tmp[] = "/tmp/amdiommuctl-test-snapshot-tree.XXXXXX";
	FILE *f;

	root = fixture_tree(src ? src : ".", tmp);
	inner = root ? host_open_root(root) : NULL;
	if (!ok(inner != NULL, "open the tree %s", root ? root : "(no tree, no tests/fixtures.tar)"))
		return done_testing();
	rec = host_open_recorder(inner);
	reads(rec, true, "recording");
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	ok(f && !snapshot_write(rec, f, &meta, &nrec), "snapshot written");
	ok(nrec > ARRAY_SIZE(files), "it holds records (%zu)", nrec);
	if (f)
		fclose(f);
	host_close(rec);
	host_close(inner);

	snap = host_open_snapshot(path, &msg, &errnum);
	if (ok(snap != NULL, "snapshot opens again: %s", msg ? msg : "")) {
		reads(snap, true, "replay");
		ok(host_read(snap, "/proc/version", &got) != 0,
		   "a file the recording never read is not in the replay");
		free(got);
		host_close(snap);
	}
	free(msg);
	unlink(path);
	free(root);
	if (strcmp(tmp + strlen(tmp) - 6, "XXXXXX")) {
		char *cmd = xasprintf("rm -rf '%s'", tmp);

		if (system(cmd) != 0)
			diag("could not remove %s", tmp);
		free(cmd);
	}
	return done_testing();
}
