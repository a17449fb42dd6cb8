// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * iommufd and VFIO cdev ioctl wrappers, and the errno explainer.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "efr.h"
#include "errors.h"
#include "iommufd.h"
#include "policy.h"
#include "uapi/iommufd.h"
#include "uapi/vfio.h"

static int xioctl(int fd, unsigned long req, void *arg)
{
	int rc;

	do
		rc = ioctl(fd, req, arg);
	while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : 0;
}

int iommufd_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int iommufd_ioas_alloc(int fd, uint32_t *ioas_id)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };
	int rc = xioctl(fd, IOMMU_IOAS_ALLOC, &a);

	if (!rc)
		*ioas_id = a.out_ioas_id;
	return rc;
}

int iommufd_destroy(int fd, uint32_t id)
{
	struct iommu_destroy d = { .size = sizeof(d), .id = id };

	return xioctl(fd, IOMMU_DESTROY, &d);
}

int iommufd_hwpt_alloc(int fd, uint32_t dev_id, uint32_t pt_id, uint32_t flags,
		       uint32_t *hwpt_id)
{
	struct iommu_hwpt_alloc a = {
		.size = sizeof(a), .flags = flags, .dev_id = dev_id, .pt_id = pt_id,
	};
	int rc = xioctl(fd, IOMMU_HWPT_ALLOC, &a);

	if (rc == -E2BIG || rc == -EINVAL) {
		/* 6.6 knows only the first 24 bytes; the tail is zero anyway */
		a.size = 24;
		if (xioctl(fd, IOMMU_HWPT_ALLOC, &a) == 0)
			rc = 0;
	}
	if (!rc)
		*hwpt_id = a.out_hwpt_id;
	return rc;
}

int iommufd_get_hw_info(int fd, uint32_t dev_id, struct iommufd_hw_info *out)
{
	struct iommu_hw_info_amd amd = { 0 };
	struct iommu_hw_info h = {
		.size = sizeof(h), .dev_id = dev_id, .data_len = sizeof(amd),
		.data_uptr = (uintptr_t)&amd,
	};
	int rc = xioctl(fd, IOMMU_GET_HW_INFO, &h);

	if (rc == -EINVAL || rc == -E2BIG) {
		/* 6.6 has no out_capabilities: retry with its 32-byte layout */
		h.size = 32;
		rc = xioctl(fd, IOMMU_GET_HW_INFO, &h);
	}
	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	out->type = h.out_data_type;
	out->data_len = h.data_len;
	out->max_pasid_log2 = h.out_max_pasid_log2;
	out->capabilities = h.size >= sizeof(h) ? h.out_capabilities : 0;
	if (h.out_data_type == IOMMU_HW_INFO_TYPE_AMD && h.data_len >= sizeof(amd)) {
		out->have_amd = true;
		out->efr = amd.efr;
		out->efr2 = amd.efr2;
	}
	return 0;
}

const char *iommufd_hw_info_type_name(uint32_t type)
{
	static const char *const n[] = { "none", "intel_vtd", "arm_smmuv3",
					 "tegra241_cmdqv", "amd" };

	return type < sizeof(n) / sizeof(n[0]) ? n[type] : NULL;
}

size_t iommufd_hw_cap_names(uint64_t caps, const char **names, size_t max)
{
	static const char *const n[] = { "dirty_tracking", "pci_pasid_exec",
					 "pci_pasid_priv", "pci_ats_not_supported" };
	size_t k = 0;

	for (unsigned i = 0; i < 4 && k < max; i++)
		if (caps & (1ULL << i))
			names[k++] = n[i];
	return k;
}

int iommufd_ioas_map(int fd, uint32_t ioas_id, void *va, uint64_t len,
		     uint64_t *iova)
{
	struct iommu_ioas_map m = {
		.size = sizeof(m), .ioas_id = ioas_id,
		.flags = IOMMU_IOAS_MAP_READABLE | IOMMU_IOAS_MAP_WRITEABLE,
		.user_va = (uintptr_t)va, .length = len,
	};
	int rc = xioctl(fd, IOMMU_IOAS_MAP, &m);

	if (!rc)
		*iova = m.iova;
	return rc;
}

int iommufd_ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t len)
{
	struct iommu_ioas_unmap u = {
		.size = sizeof(u), .ioas_id = ioas_id, .iova = iova, .length = len,
	};

	return xioctl(fd, IOMMU_IOAS_UNMAP, &u);
}

int iommufd_set_dirty_tracking(int fd, uint32_t hwpt_id, bool enable)
{
	struct iommu_hwpt_set_dirty_tracking s = {
		.size = sizeof(s), .hwpt_id = hwpt_id,
		.flags = enable ? IOMMU_HWPT_DIRTY_TRACKING_ENABLE : 0,
	};

	return xioctl(fd, IOMMU_HWPT_SET_DIRTY_TRACKING, &s);
}

int iommufd_get_dirty_bitmap(int fd, uint32_t hwpt_id, uint64_t iova,
			     uint64_t len, uint64_t page_size, uint64_t *bitmap,
			     bool no_clear)
{
	struct iommu_hwpt_get_dirty_bitmap g = {
		.size = sizeof(g), .hwpt_id = hwpt_id, .iova = iova,
		.length = len, .page_size = page_size, .data = (uintptr_t)bitmap,
		.flags = no_clear ? IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR : 0,
	};

	return xioctl(fd, IOMMU_HWPT_GET_DIRTY_BITMAP, &g);
}

int vfio_bind_iommufd(int devfd, int iommufd, uint32_t *dev_id)
{
	/* argsz 16: the 6.6 layout; 6.17+ accepts it (no token). */
	struct vfio_device_bind_iommufd b = {
		.argsz = VFIO_DEVICE_BIND_IOMMUFD_MINSZ, .iommufd = iommufd,
	};
	int rc = xioctl(devfd, VFIO_DEVICE_BIND_IOMMUFD, &b);

	if (!rc)
		*dev_id = b.out_devid;
	return rc;
}

int vfio_attach_pt(int devfd, uint32_t *pt_id)
{
	struct vfio_device_attach_iommufd_pt a = {
		.argsz = VFIO_DEVICE_ATTACH_IOMMUFD_PT_MINSZ, .pt_id = *pt_id,
	};
	int rc = xioctl(devfd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a);

	if (!rc)
		*pt_id = a.pt_id;
	return rc;
}

int vfio_detach_pt(int devfd)
{
	struct vfio_device_detach_iommufd_pt d = {
		.argsz = VFIO_DEVICE_DETACH_IOMMUFD_PT_MINSZ,
	};

	return xioctl(devfd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &d);
}

/* ---- flags ------------------------------------------------------------ */

size_t hwpt_flag_names(uint32_t flags, const char **names, size_t max)
{
	static const char *const n[] = { "nest_parent", "dirty_tracking",
					 "fault_id_valid", "pasid" };
	static char unknown[32][12];
	size_t k = 0;

	for (unsigned i = 0; i < 32 && k < max; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (i < 4) {
			names[k++] = n[i];
		} else {
			snprintf(unknown[i], sizeof(unknown[i]), "0x%x", 1u << i);
			names[k++] = unknown[i];
		}
	}
	return k;
}

const char *hwpt_flags_str(uint32_t flags)
{
	static const char *const n[] = { "NEST_PARENT", "DIRTY_TRACKING",
					 "FAULT_ID_VALID", "PASID" };
	/* the order people write them in */
	static const unsigned order[] = { 3, 0, 1, 2 };
	static char buf[128];
	size_t len = 0;

	buf[0] = '\0';
	if (!flags)
		return "none";
	for (unsigned j = 0; j < 4; j++)
		if (flags & (1u << order[j]))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
						len ? "|" : "", n[order[j]]);
	if (flags & ~0xfu)
		snprintf(buf + len, sizeof(buf) - len, "%s0x%x", len ? "|" : "",
			 flags & ~0xfu);
	return buf;
}

/* ---- explanations ------------------------------------------------------ */

static const struct {
	const char *step, *since;
} step_since[] = {
	{ "open_iommufd", "6.2" }, { "ioas_alloc", "6.2" }, { "map", "6.2" },
	{ "unmap", "6.2" }, { "destroy_hwpt", "6.2" }, { "destroy_ioas", "6.2" },
	{ "bind", "6.6" }, { "attach", "6.6" }, { "detach", "6.6" },
	{ "get_hw_info", "6.6" }, { "hwpt_alloc", "6.6" },
	{ "set_dirty_tracking", "6.7" }, { "get_dirty_bitmap", "6.7" },
};

const char *iommufd_step_since(const char *step)
{
	for (size_t i = 0; i < sizeof(step_since) / sizeof(step_since[0]); i++)
		if (!strcmp(step, step_since[i].step))
			return step_since[i].since;
	return NULL;
}

static char xbuf[640];

#define SAY(...) (snprintf(xbuf, sizeof(xbuf), __VA_ARGS__), xbuf)

static const char *explain_bind(int err, const struct explain_ctx *c)
{
	switch (-err) {
	case EPERM:
		if (c->group_conflict)
			return SAY("EPERM: %s is in the same IOMMU group and is bound "
				   "to a host driver: VFIO needs every device of the "
				   "group unbound or on vfio-pci (or pci-stub/pcieport); "
				   "unbind it first", c->group_conflict);
		if (c->ir_enabled != 1 && c->unsafe_intr != 1)
			return SAY("EPERM: interrupt remapping is %s and "
				   "iommufd.allow_unsafe_interrupts is off, so iommufd "
				   "refuses devices whose MSIs are not isolated. Booting "
				   "with iommufd.allow_unsafe_interrupts=1 allows it, at "
				   "the risk that the device (or a guest owning it) can "
				   "forge MSIs and inject interrupts into the host: use "
				   "it only on test machines",
				   c->ir_enabled == 0 ? "off" : "not known to be on");
		return SAY("EPERM: the IOMMU group is not viable for VFIO (another "
			   "member is bound to a host driver, or the group is owned "
			   "by another iommufd/container), or interrupt remapping is "
			   "off (see iommufd.allow_unsafe_interrupts)");
	case EBUSY:
		return SAY("EBUSY: the device or its group is already open (legacy "
			   "/dev/vfio/N group, or another process)");
	case EINVAL:
		return SAY("EINVAL: the device is already bound to an iommufd, or "
			   "was opened through the legacy group interface");
	default:
		return NULL;
	}
}

static const char *explain_hwpt(uint32_t flags, int err,
				const struct explain_ctx *c)
{
	struct policy_in in = {
		.kmajor = c->kmajor, .kminor = c->kminor, .efr = c->efr,
		.efr2 = c->efr2, .la57 = c->la57, .snp = c->snp,
		.pgtbl_v2 = c->pgtbl_v2,
	};
	struct policy_out o;

	if (c->have_efr) {
		policy_predict(&in, flags, &o);
		if (o.err == err && o.why[0])
			return SAY("%s: %s", err == -ENOTTY ? "ENOTTY" :
				   err == -ENOENT ? "ENOENT" : "EOPNOTSUPP", o.why);
	}
	if (err == -EOPNOTSUPP) {
		if (c->have_efr) {
			struct amd_caps k;

			amd_caps_compute(c->efr, c->efr2, c->la57, c->snp, &k);
			if ((flags & IOMMU_HWPT_ALLOC_PASID) && !k.pasid)
				return SAY("EOPNOTSUPP: PASID needs a V2 page table "
					   "with PASID support: %s", k.why_not_pasid);
			if ((flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) && !k.dirty_tracking)
				return SAY("EOPNOTSUPP: DIRTY_TRACKING: %s", k.why_not_dirty);
			if ((flags & IOMMU_HWPT_ALLOC_NEST_PARENT) && !k.nest_parent)
				return SAY("EOPNOTSUPP: NEST_PARENT: %s", k.why_not_nest);
		}
		if ((flags & IOMMU_HWPT_ALLOC_PASID) && (flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING))
			return SAY("EOPNOTSUPP: PASID with DIRTY_TRACKING is refused by "
				   "design: V2 tables cannot track dirty pages and V1 "
				   "tables cannot do PASID");
		if ((flags & IOMMU_HWPT_ALLOC_NEST_PARENT) &&
		    (c->kmajor && c->kmajor < 7))
			return SAY("EOPNOTSUPP: NEST_PARENT on AMD needs Linux 7.0 "
				   "(this kernel is %d.%d) and EFR2 GCR3TRPMode",
				   c->kmajor, c->kminor);
		return SAY("EOPNOTSUPP: the driver does not support the flag set %s "
			   "on this IOMMU/kernel", hwpt_flags_str(flags));
	}
	if (err == -ENOENT && (flags & IOMMU_HWPT_FAULT_ID_VALID))
		return SAY("ENOENT: FAULT_ID_VALID without a fault queue "
			   "(fault_id 0 does not exist)");
	return NULL;
}

const char *iommufd_explain(const char *step, uint32_t flags, int err,
			    const struct explain_ctx *c)
{
	const char *s = NULL, *since;
	const char *bdf = c && c->bdf ? c->bdf : "the device";

	if (!err)
		return NULL;
	if (err == -ENOTTY && (since = iommufd_step_since(step)) &&
	    strcmp(step, "open_iommufd"))
		return SAY("ENOTTY: this kernel (%d.%d) does not know the %s ioctl; "
			   "it first appeared in Linux %s", c ? c->kmajor : 0,
			   c ? c->kminor : 0, step, since);
	if (!strcmp(step, "open_iommufd")) {
		if (err == -ENOENT || err == -ENODEV || err == -ENXIO)
			return SAY("no %s: the kernel has no iommufd (CONFIG_IOMMUFD, "
				   "Linux 6.2+), or devtmpfs is not mounted", IOMMUFD_DEV);
		if (err == -EACCES || err == -EPERM)
			return SAY("%s: permission denied (root:root 0660 by "
				   "default): run as root", IOMMUFD_DEV);
	} else if (!strcmp(step, "open_cdev")) {
		if (err == -ENOENT)
			return SAY("%s has no vfio-dev/: it is not bound to vfio-pci%s%s%s "
				   "(use --bind-vfio), or the kernel lacks "
				   "CONFIG_VFIO_DEVICE_CDEV (Linux 6.6+)", bdf,
				   c && c->driver ? " (driver: " : "",
				   c && c->driver ? c->driver : "",
				   c && c->driver ? ")" : "");
		if (err == -EBUSY)
			return SAY("EBUSY: the VFIO cdev of %s is in use (its group is "
				   "open through /dev/vfio/N, or another process holds it)", bdf);
		if (err == -EACCES || err == -EPERM)
			return SAY("%s: permission denied opening the VFIO cdev: run as root", err == -EACCES ? "EACCES" : "EPERM");
	} else if (!strcmp(step, "bind")) {
		s = explain_bind(err, c);
	} else if (!strcmp(step, "hwpt_alloc")) {
		s = c ? explain_hwpt(flags, err, c) : NULL;
	} else if (!strcmp(step, "attach")) {
		if (err == -EINVAL && (flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING))
			return SAY("EINVAL: a dirty-tracking HWPT cannot be attached to "
				   "a device whose IOMMU lacks HDSup");
		if (err == -EBUSY)
			return SAY("EBUSY: the device is being reset, retry");
	} else if (!strcmp(step, "map")) {
		if (err == -ENOMEM)
			return SAY("ENOMEM: pinning the buffer exceeds RLIMIT_MEMLOCK "
				   "(raise it with ulimit -l, or run with CAP_IPC_LOCK)");
		if (err == -ENOSPC)
			return SAY("ENOSPC: no free IOVA range of that size in the IOAS");
	} else if (!strcmp(step, "set_dirty_tracking") ||
		   !strcmp(step, "get_dirty_bitmap")) {
		if (err == -EOPNOTSUPP)
			return SAY("EOPNOTSUPP: the HWPT was not allocated with "
				   "DIRTY_TRACKING");
		if (err == -EINVAL)
			return SAY("EINVAL: the range is not mapped or not page aligned");
	} else if (!strcmp(step, "read_dte")) {
		if (err == -ENOENT)
			return SAY("no AMD IOMMU debugfs devid/devtbl: needs Linux 6.17+ "
				   "with CONFIG_AMD_IOMMU_DEBUGFS and debugfs mounted");
		if (err == -EPERM || err == -EACCES)
			return SAY("debugfs refused the read: not root, or kernel lockdown");
		if (err == -EBUSY)
			return SAY("EBUSY: another writer kept changing the debugfs devid selection");
		if (err == -ENODEV)
			return SAY("ENODEV: no AMD IOMMU handles %s", bdf);
	} else if (!strcmp(step, "destroy_hwpt") || !strcmp(step, "destroy_ioas")) {
		if (err == -EBUSY)
			return SAY("EBUSY: the object is still in use (attached or mapped)");
	}
	return s;
}

int iommufd_exit_code(const char *step, int err)
{
	if (err == -ENOTTY)
		return EXIT_UNSUPPORTED;
	if (err == -EOPNOTSUPP && step && !strcmp(step, "hwpt_alloc"))
		return EXIT_UNSUPPORTED;
	return EXIT_ERROR;
}
