// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The floor for `make bench`: read exactly the files that
 * `amdiommuctl --root DIR show devices -j` reads (found with
 * `strace -f -e trace=openat,readlink,getdents64`), the same way (one
 * open/read/close per file, full paths), and do nothing with them: no
 * decoding, no model, no JSON.  Whatever the tool takes beyond this is
 * its own work.
 *
 *     floor DIR [PCI_IDS]
 *
 * Prints the number of functions and of bytes read.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[1 << 16];
static unsigned long long total;

/* Read @path to its end, or up to @max bytes (config space: the tool
 * reads one page and stops there, so the floor does too). */
static void slurp(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	ssize_t r;

	if (fd < 0)
		return;
	while (got < max && (r = read(fd, buf, sizeof(buf) < max - got ? sizeof(buf) : max - got)) > 0)
		got += (size_t)r;
	total += got;
	close(fd);
}

/* The link target in @t (PATH_MAX), "" when there is none. */
static void link_of(const char *path, char *t)
{
	ssize_t n = readlink(path, t, PATH_MAX - 1);

	t[n > 0 ? n : 0] = '\0';
	if (n > 0)
		total += (unsigned long long)n;
}

/* The names in @path (NULL: count only). */
static size_t list(const char *path, char ***names)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;

	if (names)
		*names = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (names) {
			*names = realloc(*names, (n + 1) * sizeof(**names));
			(*names)[n] = strdup(e->d_name);
		}
		n++;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	static const char *const global[] = {
		"/proc/sys/kernel/osrelease", "/proc/cmdline", "/proc/cpuinfo",
		"/sys/kernel/security/lockdown",
		"/sys/kernel/debug/iommu/amd/devtbl",
	};
	static const char *const attrs[] = { "vendor", "device", "class", "config" };
	static const char *const links[] = { "driver", "iommu", "iommu_group" };
	static unsigned char seen[1 << 16];
	const char *root;
	char path[PATH_MAX], **devs;
	size_t n;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: floor DIR [PCI_IDS]\n");
		return 2;
	}
	root = argv[1];
	for (size_t i = 0; i < sizeof(global) / sizeof(global[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, global[i]);
		slurp(path, SIZE_MAX);
	}
	slurp(argc > 2 ? argv[2] : "/usr/share/misc/pci.ids", SIZE_MAX);
	snprintf(path, sizeof(path), "%s/sys/class/iommu", root);
	list(path, NULL);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", root);
	n = list(path, &devs);
	for (size_t i = 0; i < n; i++) {
		char t[PATH_MAX], *slash;

		for (size_t k = 0; k < sizeof(links) / sizeof(links[0]); k++) {
			snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/%s", root, devs[i], links[k]);
			link_of(path, t); /* iommu_group last: t is the group */
		}
		for (size_t k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++) {
			snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/%s", root, devs[i], attrs[k]);
			slurp(path, strcmp(attrs[k], "config") ? SIZE_MAX : 4096);
		}
		snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/vfio-dev", root, devs[i]);
		list(path, NULL);
		/* each group's type once */
		if (*t) {
			long g;

			slash = strrchr(t, '/');
			g = strtol(slash ? slash + 1 : t, NULL, 10);
			if (g >= 0 && g < (long)sizeof(seen) && !seen[g]) {
				seen[g] = 1;
				snprintf(path, sizeof(path), "%s/sys/kernel/iommu_groups/%ld/type", root, g);
				slurp(path, SIZE_MAX);
			}
		}
		free(devs[i]);
	}
	free(devs);
	printf("floor: %zu functions, %llu bytes\n", n, total);
	return 0;
}
