/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The VFIO device-cdev ioctls of include/uapi/linux/vfio.h (6.6+), which
 * Debian 12's 6.1 headers lack.  Layout checked in src/uapi/check.c.
 */
#ifndef AMDIOMMUCTL_UAPI_VFIO_H
#define AMDIOMMUCTL_UAPI_VFIO_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define AMDIOMMUCTL_VFIO_TYPE (';')
#define AMDIOMMUCTL_VFIO_BASE 100

#define VFIO_DEVICE_BIND_FLAG_TOKEN (1 << 0) /* 6.17 */

struct vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
	__aligned_u64 token_uuid_ptr; /* 6.17; the first 16 bytes are 6.6 */
};
#define VFIO_DEVICE_BIND_IOMMUFD _IO(AMDIOMMUCTL_VFIO_TYPE, AMDIOMMUCTL_VFIO_BASE + 18)
#define VFIO_DEVICE_BIND_IOMMUFD_MINSZ 16

#define VFIO_DEVICE_ATTACH_PASID (1 << 0)

struct vfio_device_attach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
	__u32 pasid;
};
#define VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(AMDIOMMUCTL_VFIO_TYPE, AMDIOMMUCTL_VFIO_BASE + 19)
#define VFIO_DEVICE_ATTACH_IOMMUFD_PT_MINSZ 12

#define VFIO_DEVICE_DETACH_PASID (1 << 0)

struct vfio_device_detach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pasid;
};
#define VFIO_DEVICE_DETACH_IOMMUFD_PT _IO(AMDIOMMUCTL_VFIO_TYPE, AMDIOMMUCTL_VFIO_BASE + 20)
#define VFIO_DEVICE_DETACH_IOMMUFD_PT_MINSZ 8

#endif
