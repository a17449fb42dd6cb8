// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for everything the collectors parse from sysfs,
 * procfs and debugfs, read the real way: through the --root backend
 * (host_open_root()) from a copy of a captured tree.  $FUZZ_SYSFS_ROOT
 * names a writable copy of tests/fixtures/qemu73-ir (run.sh makes it).
 * The input is split at NUL bytes; field i replaces the file paths[i]
 * (the last field, config space, is the rest of the input, NULs and
 * all; absent fields: the captured text), then status, show iommus/devices/
 * groups/domains/dte/irt/cmdbuf/events are collected.  Invariants: every
 * model is a JSON object or array that prints and parses back.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <unistd.h>

#include "fuzz.h"
#include "host.h"
#include "model.h"
#include "util.h"

static const char *const paths[] = {
	"/proc/sys/kernel/osrelease",
	"/proc/cmdline",
	"/sys/kernel/security/lockdown",
	"/sys/class/iommu/ivhd0/amd-iommu/features",
	"/sys/class/iommu/ivhd0/amd-iommu/cap",
	"/sys/kernel/iommu_groups/1/type",
	"/sys/bus/pci/devices/0000:00:02.0/vendor",
	"/sys/bus/pci/devices/0000:00:02.0/device",
	"/sys/bus/pci/devices/0000:00:02.0/class",
	HOST_DEBUGFS_AMD "/devtbl",
	HOST_DEBUGFS_AMD "/irqtbl",
	HOST_DEBUGFS_AMD "/iommu00/mmio",
	HOST_DEBUGFS_AMD "/iommu00/cmdbuf",
	"/dev/kmsg",
	"/proc/interrupts",
	"/proc/cpuinfo",
	"/sys/bus/pci/devices/0000:00:02.0/config", /* last: binary, may hold NULs */
};
#define NPATHS (sizeof(paths) / sizeof(paths[0]))

static const char *root;
static char *orig[NPATHS];
static size_t orig_len[NPATHS];

static char *full(const char *p)
{
	return xasprintf("%s%s", root, p);
}

static void put(const char *path, const char *data, size_t len)
{
	char *f = full(path);
	int fd = open(f, O_WRONLY | O_TRUNC);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		fprintf(stderr, "fuzz-sysfs: cannot write %s\n", f);
		abort();
	}
	close(fd);
	free(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct host *h;

	(void)argc, (void)argv;
	root = getenv("FUZZ_SYSFS_ROOT");
	if (!root) {
		fprintf(stderr, "fuzz-sysfs: set FUZZ_SYSFS_ROOT to a writable copy of tests/fixtures/qemu73-ir\n");
		exit(1);
	}
	h = host_open_root(root);
	for (size_t i = 0; i < NPATHS; i++)
		if (host_read_max(h, paths[i], 1 << 22, &orig[i], &orig_len[i])) {
			fprintf(stderr, "fuzz-sysfs: %s%s is missing\n", root, paths[i]);
			exit(1);
		}
	host_close(h);
	return 0;
}

static void check(json_object *o)
{
	json_object *back;

	if (!o)
		return;
	back = json_tokener_parse(json_object_to_json_string(o));
	FUZZ_CHECK(back != NULL);
	FUZZ_CHECK(json_object_get_type(back) == json_object_get_type(o));
	json_object_put(back);
	json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct bdf dev = { 0, 0, 2, 0 };
	struct host *h;
	struct ctx c;
	int err;

	for (size_t i = 0; i < NPATHS; i++) {
		const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;

		if (p < end) {
			size_t n = nul && i < NPATHS - 1 ? (size_t)(nul - p) : (size_t)(end - p);

			put(paths[i], p, n);
			p += n + 1;
		} else {
			put(paths[i], orig[i], orig_len[i]);
		}
	}
	h = host_open_root(root);
	ctx_init(&c, h);
	check(collect_status(&c));
	check(collect_domains(&c));
	check(collect_dte(&c, &dev, &err));
	check(collect_irt(&c, &dev, &err));
	check(collect_cmdbuf(&c, NULL, true, &err));
	check(collect_events(&c, &err));
	FUZZ_CHECK(json_object_is_type(c.unavailable, json_type_array));
	ctx_fini(&c);
	host_close(h);
	return 0;
}
