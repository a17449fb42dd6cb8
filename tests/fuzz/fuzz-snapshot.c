// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the snapshot reader (src/host-snapshot.c: the
 * header and record parser behind --snapshot FILE and snapshot --info).
 * A snapshot may come from another machine, so it is untrusted input.
 * The input is put in a memfd and opened through /proc/self/fd/N, the
 * way a file is; a snapshot that parses is then queried and closed.
 * Built and run by `make fuzz` (tests/fuzz/run.sh), seeded from
 * tests/fuzz/corpus/snapshot (a snapshot of tests/fixtures/qemu73-stock).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bdf.h"
#include "host-snapshot.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("snapshot", MFD_CLOEXEC);
	char path[64], *err = NULL, *buf = NULL, **names = NULL;
	struct snapshot_meta m;
	struct host *h;
	struct bdf b;
	uint64_t raw[4];
	size_t n = 0;
	int errnum = 0;

	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	if (snapshot_info(path, &m, &err) == 0)
		snapshot_meta_free(&m);
	free(err);
	err = NULL;

	h = host_open_snapshot(path, &err, &errnum);
	if (h) {
		if (!host_read(h, "/proc/cmdline", &buf))
			free(buf);
		buf = NULL;
		if (!bdf_parse("0000:00:02.0", &b))
			(void)host_read_dte(h, &b, raw, NULL);
		if (!bdf_parse("0000:00:02.0", &b) && !host_read_irqtbl(h, &b, &buf))
			free(buf);
		buf = NULL;
		if (!host_list(h, "/sys/class/iommu", &names, &n))
			strv_free(names, n);
		host_close(h);
	}
	free(err);
	close(fd);
	return 0;
}
