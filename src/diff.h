/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `diff A B`: what changed between two hosts (two snapshots, a snapshot
 * and the live host, two captured trees).  Pure: two descriptions of a
 * host in, a list of changes out; cmd-diff.c fills the descriptions from
 * the model.
 *
 * Compared: the kernel release and the command line (word by word, as
 * next_arg() splits it: a parameter whose value changed is one change);
 * per IOMMU (by name): present, EFR, EFR2, control register; per group
 * (by number): present, type, members; per PCI function (by BDF):
 * present, driver, IOMMU, group, and of its device table entry the class,
 * the page-table levels, the DomainID and whether it has a GCR3 table.
 *
 * DomainIDs are allocated as domains are created (an IDA,
 * drivers/iommu/amd/iommu.c amd_iommu_pdom_id_alloc(): the lowest free
 * ID), so they follow the order of probing and attaching and differ
 * between boots for no reason that matters: a DomainID change is listed
 * but not counted unless asked.  A DTE that one side could not read is not
 * compared (and counted in not_compared): an unreadable value is not a
 * difference.
 */
#ifndef AMDIOMMUCTL_DIFF_H
#define AMDIOMMUCTL_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct diff_iommu {
	const char *name;              /* "ivhdN" */
	bool have_efr, have_control;
	uint64_t efr, efr2, control;
};

struct diff_group {
	int group;
	const char *type;              /* NULL: unreadable */
	const char *const *members;    /* BDFs, sorted */
	size_t nmembers;
};

struct diff_device {
	const char *bdf;               /* "ssss:bb:dd.f" */
	const char *driver, *iommu;    /* NULL: none */
	int group;                     /* -1: none */
	bool have_dte;                 /* the DTE could be read */
	const char *dte_class;         /* "v1", ... */
	unsigned levels;               /* 0: none */
	unsigned domain_id;
	bool gcr3;                     /* a GCR3 table root is set (GV) */
};

/* One host.  Each array sorted by its key (name, group, BDF), no key twice. */
struct diff_side {
	const char *kernel;            /* release; NULL unknown */
	const char *cmdline;           /* NULL unknown */
	const struct diff_iommu *iommus;
	size_t niommus;
	const struct diff_group *groups;
	size_t ngroups;
	const struct diff_device *devices;
	size_t ndevices;
};

enum diff_scope { DIFF_HOST, DIFF_IOMMU, DIFF_GROUP, DIFF_DEVICE };

struct diff_change {
	enum diff_scope scope;
	const char *object;            /* IOMMU name, BDF; NULL for host and group */
	int group;                     /* DIFF_GROUP */
	/* "kernel", "cmdline"; "present", "efr", "efr2", "control"; "type",
	 * "members"; "driver", "iommu", "group", "dte_class", "levels",
	 * "domain_id", "gcr3" */
	const char *field;
	char *a, *b;                   /* the values as text; NULL: none */
	bool counted;                  /* false: a DomainID, not asked for */
};

struct diff_result {
	struct diff_change *v;
	size_t n;
	size_t counted;                /* changes counted */
	size_t not_compared;           /* devices whose DTE one side lacks */
};

/* Compare @a and @b into @out (free with diff_result_free()). */
void diff_hosts(const struct diff_side *a, const struct diff_side *b, bool count_domain_ids,
		struct diff_result *out);
void diff_result_free(struct diff_result *r);

const char *diff_scope_name(enum diff_scope s);  /* "host", "iommu", "group", "device" */

#endif
