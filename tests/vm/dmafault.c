// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dmafault BDF N [dirty]: try to make QEMU's AMD IOMMU log a real event
 * for an NVMe controller bound to vfio-pci (built statically by run.sh
 * for the guest).
 *
 * QEMU's amd_iommu.c checks the reserved bits of a DTE each time it
 * reads one for a DMA (amdvi_validate_dte()) and logs
 * ILLEGAL_DEV_TABLE_ENTRY when one is set; older versions had
 * AMDVI_DTE_MIDDLE_QUAD_RESERVED 0x100, bit 72 of the entry, which the AMD
 * spec and Linux use as DomainID bit 8.  (Its page walk logs
 * IO_PAGE_FAULT only for a non-zero entry without the present bit or the
 * permissions above the leaf, which Linux's tables never have: an
 * unmapped IOVA is a silent failure there.)  So:
 * allocate N iommufd paging domains for the device (each takes the next
 * free DomainID, amd_iommu_pdom_id_alloc()), attach the last one (a
 * DomainID of 256 or more when N is large enough), map a page, point the
 * NVMe admin queues at it, enable the controller and ring the admin
 * submission doorbell: the controller's DMA read makes QEMU read the DTE,
 * log the event and raise the event interrupt; Linux prints
 * "Event logged [ILLEGAL_DEV_TABLE_ENTRY device=BDF ...]".
 *
 * With "dirty", the last domain is allocated with dirty tracking and has
 * it enabled, so that its DTE carries HAD (bits 8:7), of which old QEMU
 * takes bit 7 for reserved too (AMDVI_DTE_LOWER_QUAD_RESERVED 0xfc).
 *
 * Prints what it did, the DTE row debugfs shows while attached, whether
 * the controller's DMA went through (its admin completion queue entry
 * arrived in the mapped page: the IOMMU translated, no event), and exits
 * (closing the files detaches the device).  Exit 0 when every step worked
 * (whether QEMU logged anything is for the kernel log to say).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uapi/iommufd.h"
#include "uapi/vfio.h"

static int die(const char *what)
{
	printf("FAIL %s: %s\n", what, strerror(errno));
	return 1;
}

static int cdev_of(const char *bdf, char *path, size_t n)
{
	char dir[128];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	dp = opendir(dir);
	if (!dp)
		return -1;
	while ((d = readdir(dp)))
		if (!strncmp(d->d_name, "vfio", 4)) {
			snprintf(path, n, "/dev/vfio/devices/%s", d->d_name);
			closedir(dp);
			return 0;
		}
	closedir(dp);
	errno = ENOENT;
	return -1;
}

static int reg32(int fd, uint64_t base, unsigned off, uint32_t *v, int write)
{
	ssize_t r = write ? pwrite(fd, v, 4, (off_t)(base + off)) : pread(fd, v, 4, (off_t)(base + off));

	return r == 4 ? 0 : -1;
}

static void show_dte(const char *bdf)
{
	char line[256];
	FILE *f = fopen("/sys/kernel/debug/iommu/amd/devid", "w");

	if (!f)
		return;
	fprintf(f, "%s\n", bdf);
	fclose(f);
	f = fopen("/sys/kernel/debug/iommu/amd/devtbl", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, bdf, strlen(bdf)))
			printf("DTE %s", line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	struct vfio_device_bind_iommufd bind = { .argsz = VFIO_DEVICE_BIND_IOMMUFD_MINSZ };
	struct vfio_device_attach_iommufd_pt att = { .argsz = VFIO_DEVICE_ATTACH_IOMMUFD_PT_MINSZ };
	struct vfio_region_info cfg = { .argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	struct vfio_region_info bar = { .argsz = sizeof(bar), .index = VFIO_PCI_BAR0_REGION_INDEX };
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommu_ioas_map map = { .size = sizeof(map) };
	const uint64_t iova = 0x100000;
	char path[300];
	int n, dev, ifd, i;
	uint32_t v, hwpt = 0;
	uint16_t cmd;
	void *buf;

	if (argc < 3 || (argc == 4 && strcmp(argv[3], "dirty")) || argc > 4)
		return fprintf(stderr, "usage: dmafault BDF NDOMAINS [dirty]\n"), 2;
	n = atoi(argv[2]);
	if (cdev_of(argv[1], path, sizeof(path)))
		return die("no vfio-dev cdev (bind the device to vfio-pci)");
	dev = open(path, O_RDWR | O_CLOEXEC);
	ifd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (dev < 0 || ifd < 0)
		return die("open the cdev or /dev/iommu");
	bind.iommufd = ifd;
	if (ioctl(dev, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		return die("VFIO_DEVICE_BIND_IOMMUFD");
	if (ioctl(ifd, IOMMU_IOAS_ALLOC, &ioas))
		return die("IOMMU_IOAS_ALLOC");
	for (i = 0; i < n; i++) {
		struct iommu_hwpt_alloc h = { .size = sizeof(h), .dev_id = bind.out_devid,
					      .pt_id = ioas.out_ioas_id };

		if (argc == 4 && i == n - 1)
			h.flags = IOMMU_HWPT_ALLOC_DIRTY_TRACKING;

		if (ioctl(ifd, IOMMU_HWPT_ALLOC, &h))
			return die("IOMMU_HWPT_ALLOC");
		hwpt = h.out_hwpt_id;
	}
	if (argc == 4) {
		struct iommu_hwpt_set_dirty_tracking d = { .size = sizeof(d),
			.flags = IOMMU_HWPT_DIRTY_TRACKING_ENABLE, .hwpt_id = hwpt };

		if (ioctl(ifd, IOMMU_HWPT_SET_DIRTY_TRACKING, &d))
			return die("IOMMU_HWPT_SET_DIRTY_TRACKING");
	}
	att.pt_id = hwpt;
	if (ioctl(dev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &att))
		return die("VFIO_DEVICE_ATTACH_IOMMUFD_PT");
	printf("allocated %d domains, attached hwpt %u\n", n, hwpt);
	show_dte(argv[1]);

	/* a page for the admin queues, mapped at a fixed IOVA */
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return die("mmap");
	memset(buf, 0, 8192);
	map.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE | IOMMU_IOAS_MAP_WRITEABLE;
	map.ioas_id = ioas.out_ioas_id;
	map.user_va = (uintptr_t)buf;
	map.length = 8192;
	map.iova = iova;
	if (ioctl(ifd, IOMMU_IOAS_MAP, &map))
		return die("IOMMU_IOAS_MAP");

	/* memory space and bus master on */
	if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &cfg) || ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &bar))
		return die("VFIO_DEVICE_GET_REGION_INFO");
	if (pread(dev, &cmd, 2, (off_t)(cfg.offset + 4)) != 2)
		return die("read the command register");
	cmd |= 0x6;
	if (pwrite(dev, &cmd, 2, (off_t)(cfg.offset + 4)) != 2)
		return die("write the command register");

	/* NVMe: disable, admin queues of 2 entries at iova, enable (NVMe 1.4
	 * 3.1: CC 0x14, CSTS 0x1c, AQA 0x24, ASQ 0x28, ACQ 0x30, SQ0TDBL 0x1000) */
	v = 0;
	if (reg32(dev, bar.offset, 0x14, &v, 1))
		return die("write CC");
	for (i = 0; i < 100 && !reg32(dev, bar.offset, 0x1c, &v, 0) && (v & 1); i++)
		usleep(10000);
	v = 0x00010001;
	reg32(dev, bar.offset, 0x24, &v, 1);
	v = (uint32_t)iova;
	reg32(dev, bar.offset, 0x28, &v, 1);
	v = 0;
	reg32(dev, bar.offset, 0x2c, &v, 1);
	v = (uint32_t)(iova + 4096);
	reg32(dev, bar.offset, 0x30, &v, 1);
	v = 0;
	reg32(dev, bar.offset, 0x34, &v, 1);
	v = 0x00460001; /* EN, IOSQES 6 (64 bytes), IOCQES 4 (16 bytes) */
	if (reg32(dev, bar.offset, 0x14, &v, 1))
		return die("enable the controller");
	for (i = 0; i < 100 && !reg32(dev, bar.offset, 0x1c, &v, 0) && !(v & 1); i++)
		usleep(10000);
	printf("CSTS 0x%08x after enable\n", v);
	v = 1; /* one command in the admin submission queue: the controller reads it */
	if (reg32(dev, bar.offset, 0x1000, &v, 1))
		return die("ring the doorbell");
	printf("doorbell rung: the controller reads IOVA 0x%llx\n", (unsigned long long)iova);
	/* the completion queue entry (16 bytes at iova + 4096): its phase
	 * bit (DW3 bit 16) is 1 once the controller wrote it */
	for (i = 0; i < 100; i++) {
		volatile uint32_t *cqe = (volatile uint32_t *)((char *)buf + 4096);

		if (cqe[3] & 0x10000) {
			printf("completion arrived (status 0x%04x): the DMA was translated, no fault\n",
			       cqe[3] >> 17);
			return 0;
		}
		usleep(10000);
	}
	printf("no completion within 1 s: the DMA did not go through\n");
	return 0;
}
