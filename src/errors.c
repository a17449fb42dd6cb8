// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>

#include "errors.h"
#include "host.h"

const struct errno_hint devtbl_errors[] = {
	{ -ENOENT, EXIT_UNSUPPORTED, "no AMD IOMMU debugfs: use a 6.17+ kernel with CONFIG_AMD_IOMMU_DEBUGFS=y and mount debugfs (mount -t debugfs none /sys/kernel/debug)" },
	{ -EACCES, EXIT_UNSUPPORTED, "debugfs is readable by root only: run as root" },
	{ -EPERM, EXIT_UNSUPPORTED, "kernel lockdown forbids debugfs files that can be written: the DTE cannot be read while lockdown is on" },
	{ -EBUSY, EXIT_ERROR, "another process kept changing the debugfs devid selection: try again" },
	{ -ENODEV, EXIT_ERROR, "no IOMMU translates this device (the IOMMU's own function, or not behind an IOMMU)" },
	{ -ENODATA, EXIT_ERROR, "devtbl is empty, or holds the kernel's \"Enter a valid device ID\" answer" },
	{ -EINVAL, EXIT_ERROR, "the devtbl row is not in the kernel's format" },
	{ 0, EXIT_ERROR, NULL },
};

const struct errno_hint irqtbl_errors[] = {
	{ -EOPNOTSUPP, EXIT_UNSUPPORTED, "interrupt remapping is disabled" },
	{ -ENXIO, EXIT_UNSUPPORTED, "the device has no interrupt remapping table (IRQ lookup table not set)" },
	{ -EBADMSG, EXIT_ERROR, "the device's DTE contains an invalid IRT length value" },
	{ -ENODEV, EXIT_UNSUPPORTED, "no IOMMU handles the device (no irqtbl section for it)" },
	{ -ENOENT, EXIT_UNSUPPORTED, "no debugfs irqtbl (needs CONFIG_AMD_IOMMU_DEBUGFS and debugfs mounted)" },
	{ -EPERM, EXIT_UNSUPPORTED, "debugfs is not readable (not root, or kernel lockdown)" },
	{ -EACCES, EXIT_UNSUPPORTED, "debugfs is not readable (not root, or kernel lockdown)" },
	{ -EBUSY, EXIT_ERROR, "the debugfs selection kept changing (another writer); try again" },
	{ 0, EXIT_ERROR, NULL },
};

const struct errno_hint source_errors[] = {
	{ -ENOENT, EXIT_UNSUPPORTED, NULL },
	{ -EPERM, EXIT_UNSUPPORTED, NULL },
	{ -EACCES, EXIT_UNSUPPORTED, NULL },
	{ 0, EXIT_ERROR, NULL },
};

const struct errno_hint *errno_hint_find(const struct errno_hint *table, int err)
{
	if (err > 0)
		err = -err;
	while (table->err && table->err != err)
		table++;
	return table;
}

const char *errno_hint_text(const struct errno_hint *table, int err)
{
	const struct errno_hint *e = errno_hint_find(table, err);

	return e->hint ? e->hint : host_strerror(err);
}

int errno_exit_code(const struct errno_hint *table, int err)
{
	return errno_hint_find(table, err)->exit_code;
}
