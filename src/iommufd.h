/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Thin wrappers around the iommufd and VFIO cdev ioctls
 * (include/uapi/linux/iommufd.h, vfio.h: src/uapi/).  Each returns 0 or a negative errno and
 * never prints.  Plus iommufd_explain(): one line a person can act on for
 * an errno at a given step.
 */
#ifndef AMDIOMMUCTL_IOMMUFD_H
#define AMDIOMMUCTL_IOMMUFD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOMMUFD_DEV "/dev/iommu"

/* open(2) with O_RDWR|O_CLOEXEC; returns the fd or -errno. */
int iommufd_open(const char *path);

int iommufd_ioas_alloc(int fd, uint32_t *ioas_id);
int iommufd_destroy(int fd, uint32_t id);
int iommufd_hwpt_alloc(int fd, uint32_t dev_id, uint32_t pt_id, uint32_t flags,
		       uint32_t *hwpt_id);

struct iommufd_hw_info {
	uint32_t type;         /* IOMMU_HW_INFO_TYPE_* */
	uint32_t data_len;     /* bytes the kernel has */
	uint8_t max_pasid_log2;
	uint64_t capabilities; /* IOMMU_HW_CAP_* */
	bool have_amd;         /* type AMD with a 16-byte payload */
	uint64_t efr, efr2;
};
int iommufd_get_hw_info(int fd, uint32_t dev_id, struct iommufd_hw_info *out);
/* "none" "intel_vtd" "arm_smmuv3" "tegra241_cmdqv" "amd", NULL if unknown */
const char *iommufd_hw_info_type_name(uint32_t type);
/* Names of the set IOMMU_HW_CAP_* bits; returns the count written. */
size_t iommufd_hw_cap_names(uint64_t caps, const char **names, size_t max);

/* Map @len bytes at @va readable and writeable; the kernel picks *iova. */
int iommufd_ioas_map(int fd, uint32_t ioas_id, void *va, uint64_t len,
		     uint64_t *iova);
int iommufd_ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t len);
int iommufd_set_dirty_tracking(int fd, uint32_t hwpt_id, bool enable);
/* @bitmap holds one bit per @page_size page of [iova, iova + len). */
int iommufd_get_dirty_bitmap(int fd, uint32_t hwpt_id, uint64_t iova,
			     uint64_t len, uint64_t page_size, uint64_t *bitmap,
			     bool no_clear);

/* VFIO device cdev */
int vfio_bind_iommufd(int devfd, int iommufd, uint32_t *dev_id);
int vfio_attach_pt(int devfd, uint32_t *pt_id);
int vfio_detach_pt(int devfd);

/* HWPT allocation flags: IOMMU_HWPT_ALLOC_* of src/uapi/iommufd.h */
/* Lowercase names of the set flag bits ("pasid", "dirty_tracking", ...,
 * "0x10" for an unknown bit); returns the count written. */
size_t hwpt_flag_names(uint32_t flags, const char **names, size_t max);
/* "PASID|DIRTY_TRACKING", "none"; static buffer. */
const char *hwpt_flags_str(uint32_t flags);

/* What the explainer may use besides the errno. */
struct explain_ctx {
	int kmajor, kminor;
	const char *bdf;
	const char *driver;         /* the device's current driver, or NULL */
	const char *group_conflict; /* "0000:00:1f.2 (ahci)": a group member
				     * bound to a host DMA driver, or NULL */
	int ir_enabled;             /* 1 on, 0 off, -1 unknown */
	int unsafe_intr;            /* iommufd.allow_unsafe_interrupts: 1/0/-1 */
	bool have_efr;
	uint64_t efr, efr2;
	bool la57, snp, pgtbl_v2;
};

/*
 * One line for @err (negative) at @step ("open_iommufd", "open_cdev",
 * "bind", "get_hw_info", "ioas_alloc", "hwpt_alloc", "attach", "map",
 * "set_dirty_tracking", "get_dirty_bitmap", "read_dte", "unmap",
 * "detach", "destroy_hwpt", "destroy_ioas").  Returns a static buffer,
 * valid until the next call.
 */
const char *iommufd_explain(const char *step, uint32_t flags, int err,
			    const struct explain_ctx *c);
/*
 * The exit code for @err (negative) at @step: 4 (not supported) when the
 * kernel lacks the ioctl (ENOTTY) or the driver refuses the flag set at
 * hwpt_alloc (EOPNOTSUPP); 1 for everything else (E2BIG, EINVAL, ENODEV,
 * EOPNOTSUPP of another step, ...).
 */
int iommufd_exit_code(const char *step, int err);
/* The first kernel that has the ioctl behind @step, or NULL. */
const char *iommufd_step_since(const char *step);

#endif
