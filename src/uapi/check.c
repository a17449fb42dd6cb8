// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Compile-time checks of our uAPI copies against the layouts documented
 * of include/uapi/linux/iommufd.h and vfio.h (offset: field; total size).
 * A mismatch fails the build.
 */
#include "config.h"

#include <stddef.h>

#include "uapi/iommufd.h"
#include "uapi/vfio.h"

#define AT(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), #type "." #field " at " #off)
#define SIZE(type, n) _Static_assert(sizeof(struct type) == (n), #type " is " #n " bytes")

AT(iommu_destroy, id, 4);
SIZE(iommu_destroy, 8);

AT(iommu_ioas_alloc, flags, 4);
AT(iommu_ioas_alloc, out_ioas_id, 8);
SIZE(iommu_ioas_alloc, 12);

SIZE(iommu_iova_range, 16);
AT(iommu_ioas_iova_ranges, num_iovas, 8);
AT(iommu_ioas_iova_ranges, allowed_iovas, 16);
AT(iommu_ioas_iova_ranges, out_iova_alignment, 24);
SIZE(iommu_ioas_iova_ranges, 32);

AT(iommu_ioas_map, ioas_id, 8);
AT(iommu_ioas_map, user_va, 16);
AT(iommu_ioas_map, length, 24);
AT(iommu_ioas_map, iova, 32);
SIZE(iommu_ioas_map, 40);

AT(iommu_ioas_unmap, iova, 8);
AT(iommu_ioas_unmap, length, 16);
SIZE(iommu_ioas_unmap, 24);

AT(iommu_hwpt_alloc, flags, 4);
AT(iommu_hwpt_alloc, dev_id, 8);
AT(iommu_hwpt_alloc, pt_id, 12);
AT(iommu_hwpt_alloc, out_hwpt_id, 16);
AT(iommu_hwpt_alloc, data_type, 24);
AT(iommu_hwpt_alloc, data_len, 28);
AT(iommu_hwpt_alloc, data_uptr, 32);
AT(iommu_hwpt_alloc, fault_id, 40);
AT(iommu_hwpt_alloc, __reserved2, 44);
SIZE(iommu_hwpt_alloc, 48);

AT(iommu_hw_info, dev_id, 8);
AT(iommu_hw_info, data_len, 12);
AT(iommu_hw_info, data_uptr, 16);
AT(iommu_hw_info, out_data_type, 24);
AT(iommu_hw_info, out_max_pasid_log2, 28);
AT(iommu_hw_info, out_capabilities, 32);
SIZE(iommu_hw_info, 40);
SIZE(iommu_hw_info_amd, 16);

AT(iommu_hwpt_set_dirty_tracking, hwpt_id, 8);
SIZE(iommu_hwpt_set_dirty_tracking, 16);

AT(iommu_hwpt_get_dirty_bitmap, flags, 8);
AT(iommu_hwpt_get_dirty_bitmap, iova, 16);
AT(iommu_hwpt_get_dirty_bitmap, length, 24);
AT(iommu_hwpt_get_dirty_bitmap, page_size, 32);
AT(iommu_hwpt_get_dirty_bitmap, data, 40);
SIZE(iommu_hwpt_get_dirty_bitmap, 48);

AT(vfio_device_bind_iommufd, iommufd, 8);
AT(vfio_device_bind_iommufd, out_devid, 12);
AT(vfio_device_bind_iommufd, token_uuid_ptr, 16);
SIZE(vfio_device_bind_iommufd, 24);

AT(vfio_device_attach_iommufd_pt, pt_id, 8);
AT(vfio_device_attach_iommufd_pt, pasid, 12);
SIZE(vfio_device_attach_iommufd_pt, 16);

AT(vfio_device_detach_iommufd_pt, pasid, 8);
SIZE(vfio_device_detach_iommufd_pt, 12);

_Static_assert(IOMMU_HWPT_ALLOC == 0x3b89, "IOMMU_HWPT_ALLOC number");
_Static_assert(IOMMU_GET_HW_INFO == 0x3b8a, "IOMMU_GET_HW_INFO number");
_Static_assert(VFIO_DEVICE_BIND_IOMMUFD == 0x3b76, "VFIO_DEVICE_BIND_IOMMUFD number");
_Static_assert(VFIO_DEVICE_ATTACH_IOMMUFD_PT == 0x3b77, "VFIO_DEVICE_ATTACH_IOMMUFD_PT number");
_Static_assert(VFIO_DEVICE_DETACH_IOMMUFD_PT == 0x3b78, "VFIO_DEVICE_DETACH_IOMMUFD_PT number");

/* ISO C forbids an empty translation unit. */
extern int amdiommuctl_uapi_checked;
