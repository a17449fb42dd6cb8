/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `check`: readiness verdicts, as pure functions of what collection
 * gathered (model-check.c reads the host; tests/unit/test-check.c fills
 * the inputs by hand).  A check is {purpose, name, verdict, reason,
 * evidence, action, kernel function}; check_host() judges what does not
 * depend on a device (once per run), check_device() one PCI function.
 * Every rule cites the Linux 7.3 function it follows (amdiommuctl(8),
 * CHECKS, lists them all).
 */
#ifndef AMDIOMMUCTL_CHECK_H
#define AMDIOMMUCTL_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "bdf.h"
#include "facts.h"
#include "ivrs-diag.h"
#include "kconfig.h"
#include "pci-acs.h"
#include "pcicaps.h"

enum check_verdict { CHECK_PASS, CHECK_WARN, CHECK_FAIL, CHECK_SKIP, CHECK_NVERDICTS };

enum check_purpose {
	CHECK_HOST,        /* the host as a whole (always checked) */
	CHECK_PASSTHROUGH, /* give the device to a VM or user space (VFIO) */
	CHECK_PASID,       /* PASID / SVA */
	CHECK_DIRTY,       /* IOMMU dirty tracking (live migration) */
	CHECK_NEST,        /* nesting parent and nested HWPTs */
	CHECK_SNP,         /* SEV-SNP with the IOMMU */
	CHECK_IOMMUFD,     /* /dev/iommu, the VFIO cdev, IOMMU_GET_HW_INFO */
	CHECK_NPURPOSES,
};

#define CHECK_FOR(p) (1u << (p))
/* Every purpose a device can be checked for (all but CHECK_HOST). */
#define CHECK_FOR_ALL (((1u << CHECK_NPURPOSES) - 1) & ~1u)

const char *check_purpose_name(enum check_purpose p);  /* "passthrough" */
const char *check_verdict_name(enum check_verdict v);  /* "PASS" */
/* "passthrough,pasid" (or "all") -> CHECK_FOR() bits; 0 or -EINVAL. */
int check_parse_purposes(const char *s, unsigned *out);
/* The worse of two verdicts: FAIL > WARN > SKIP > PASS. */
enum check_verdict check_worse(enum check_verdict a, enum check_verdict b);

struct check_evidence {
	char *source; /* a file, a register ("EFR bit 52"), "kernel log" */
	char *value;
};

struct check {
	enum check_purpose purpose;
	const char *name;            /* static */
	enum check_verdict verdict;
	char *reason;                /* one sentence */
	char *action;                /* what to do, NULL when nothing */
	const char *kernel_function; /* "func() file", static, or NULL */
	struct check_evidence *ev;
	size_t nev;
};

struct check_list {
	struct check *v;
	size_t n, cap;
};

void check_list_free(struct check_list *l);
/* Add a check the rules do not make (the --probe comparisons). */
struct check *check_add(struct check_list *l, enum check_purpose p, const char *name,
			enum check_verdict v, const char *kernel_function,
			const char *action, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void check_evidence(struct check *c, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* [{purpose, name, verdict, reason, evidence, action, kernel_function}] */
json_object *check_list_json(const struct check_list *l);

/* ---- inputs ---------------------------------------------------------------- */

/* A kernel log message about the IOMMU (the text after "pri,seq,...;"). */
struct check_klog {
	const char *const *msgs;
	size_t n;
	bool read;              /* false: the log could not be read */
};

struct check_host_in {
	const struct facts *f;  /* kernel version, command line, la57, lockdown, debugfs */
	unsigned purposes;      /* CHECK_FOR() bits */
	int n_iommus;
	const char *iommu_names; /* "ivhd0 ivhd1" */
	bool ivrs;              /* /sys/firmware/acpi/tables/IVRS exists */
	/* what ivrs_findings() says about the IVRS on this machine; NULL
	 * when the table could not be read or decoded */
	const struct ivrs_findings *findings;
	/* the EFR/EFR2 the driver uses (sysfs features: amd_iommu_efr) */
	bool have_efr;
	uint64_t efr, efr2;
	const char *efr_source; /* the features file read */
	/* /sys/kernel/iommu_groups: the most common type and how many */
	const char *groups_type;
	size_t groups_of_type, n_groups;
	int ir;                 /* facts_ir() and why */
	const char *ir_source, *ir_detail;
	int unsafe_interrupts;  /* iommufd.allow_unsafe_interrupts: 1, 0, -1 */
	bool dev_iommu;         /* /dev/iommu exists */
	const struct kconfig *kconfig; /* NULL: unreadable */
	const char *kconfig_source;
	int cpu_sev_snp;        /* the sev_snp CPU flag: 1, 0, -1 unknown */
	int kvm_sev_snp;        /* kvm_amd.sev_snp: 1, 0, -1 (not loaded, unreadable) */
	struct check_klog klog;
};

/* Another function of the device's IOMMU group. */
struct check_member {
	char bdf[BDF_STRLEN];
	const char *driver;     /* NULL: none */
};

struct check_dev_in {
	char bdf[BDF_STRLEN];
	uint32_t pci_class;     /* 0xffffffff: unknown */
	const char *driver, *iommu, *group_type, *vfio_cdev;
	int group;              /* -1: none */
	const char *dte_class;  /* from debugfs devtbl, NULL when unread */
	int iommu_iotlb;        /* its IOMMU's cap IOTLBSup: 1, 0, -1 unknown */
	/* its IOMMU's own feature copy (iommu->features), as the IVRS
	 * model (ivrs-resolve.c) gives it; why it is 0, when it is */
	bool features_known;
	uint64_t features;
	const char *features_why;
	/* PCIe capabilities from config space; caps_known false when only
	 * 64 bytes (not root) or nothing could be read */
	bool caps_known;
	struct pcie_caps caps;
	const struct check_member *members;
	size_t nmembers;
	/* why the group has its members, from config space (pacs_group()) */
	bool acs_known;
	struct pacs_result acs;
	bool acs_matches;       /* pacs_group()'s group has the same members as sysfs */
	const char *acs_culprit; /* the BDF of acs.culprit, or NULL */
};

/* The host checks (purpose "host", and the host-wide checks of the
 * requested purposes), appended to @out. */
void check_host(const struct check_host_in *h, struct check_list *out);
/* The checks of one device for @h->purposes. */
void check_device(const struct check_host_in *h, const struct check_dev_in *d,
		  struct check_list *out);
/*
 * The verdict of each purpose for a device: the worst of its own checks
 * of that purpose, the host checks of that purpose, and the host checks
 * every use of the device depends on (amd_iommu; interrupt_remapping for
 * passthrough and iommufd; dev_iommu and the iommufd kconfig options for
 * iommufd).  @v has CHECK_NPURPOSES entries; unrequested ones are SKIP.
 */
void check_purpose_verdicts(const struct check_list *host, const struct check_list *dev,
			    unsigned purposes, enum check_verdict *v);

/* ---- predictions for --probe ---------------------------------------------------- */

/* What IOMMU_HWPT_ALLOC with @flags should give, as policy_predict() says
 * with the inputs the checks used; @why is empty on success. */
struct check_prediction {
	int err;               /* 0 or a negative errno */
	const char *pgtable;   /* "v1", "v2", NULL */
	const char *rule;      /* the kernel version rule of policy.c */
	char why[256];
};
void check_predict(const struct check_host_in *h, const struct check_dev_in *d,
		   uint32_t flags, struct check_prediction *out);
/* What VFIO_DEVICE_BIND_IOMMUFD should give: 0, or -EPERM without MSI
 * isolation (and no allow_unsafe_interrupts) or while another group
 * member is on a DMA-API driver (iommufd_bind_iommu()). */
int check_predict_bind(const struct check_host_in *h, const struct check_dev_in *d);

#endif
