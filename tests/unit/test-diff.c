// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The diff engine (diff.c) on hosts described by hand: each expected
 * change is written out below from the two descriptions.
 */
#include "config.h"

#include <stdlib.h>

#include "diff.h"
#include "tap.h"

/* "scope object field a -> b [not counted]" of every change, one per line */
static char *render(const struct diff_result *r)
{
	static char buf[4096];

	buf[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		const struct diff_change *c = &r->v[i];
		char obj[32];
		size_t l = strlen(buf);

		if (c->scope == DIFF_GROUP)
			snprintf(obj, sizeof(obj), "%d", c->group);
		else
			snprintf(obj, sizeof(obj), "%s", c->object ? c->object : "-");
		snprintf(buf + l, sizeof(buf) - l, "%s %s %s %s -> %s%s\n", diff_scope_name(c->scope),
			 obj, c->field, c->a ? c->a : "(none)", c->b ? c->b : "(none)",
			 c->counted ? "" : " [not counted]");
	}
	return buf;
}

static const char *const g1[] = { "0000:00:02.0" };
static const char *const g4[] = { "0000:00:1f.0", "0000:00:1f.2", "0000:00:1f.3" };
static const char *const g4b[] = { "0000:00:1f.0", "0000:00:1f.2" };

static const struct diff_iommu io_a[] = {
	{ "ivhd0", true, true, 0x29d3, 0, 0x3148f },
};
static const struct diff_group gr_a[] = {
	{ 1, "DMA", g1, 1 },
	{ 4, "DMA", g4, 3 },
};
static const struct diff_device dev_a[] = {
	{ "0000:00:02.0", "e1000e", "ivhd0", 1, true, "v1", 3, 3, false },
	{ "0000:00:1f.0", NULL, "ivhd0", 4, true, "v1", 3, 6, false },
	{ "0000:00:1f.3", NULL, "ivhd0", 4, true, "v1", 3, 6, false },
};

static void test_same(void)
{
	struct diff_side a = { "7.3.4", "console=ttyS0 amd_iommu=pgtbl_v1", io_a, 1, gr_a, 2, dev_a, 3 };
	struct diff_result r;

	diff_hosts(&a, &a, true, &r);
	ok(r.n == 0 && r.counted == 0 && r.not_compared == 0, "a host and itself: no change");
	diff_result_free(&r);
}

/* the VM's default and pgtbl_v2 boots, in small: V1 -> V2 tables */
static void test_v1_to_v2(void)
{
	static const struct diff_iommu io_b[] = {
		{ "ivhd0", true, true, 0x29d3, 0, 0x3148f },
	};
	static const struct diff_device dev_b[] = {
		/* V2: Mode 0, GV set (GCR3), 4 levels (guest paging mode 0) */
		{ "0000:00:02.0", "e1000e", "ivhd0", 1, true, "v2", 4, 5, true },
		{ "0000:00:1f.0", NULL, "ivhd0", 4, true, "v2", 4, 7, true },
		{ "0000:00:1f.3", NULL, "ivhd0", 4, true, "v2", 4, 7, true },
	};
	struct diff_side a = { "7.3.4", "console=ttyS0 vmcfg=full-default", io_a, 1, gr_a, 2, dev_a, 3 };
	struct diff_side b = { "7.3.4", "console=ttyS0 vmcfg=full-pgtbl_v2 amd_iommu=pgtbl_v2",
			       io_b, 1, gr_a, 2, dev_b, 3 };
	struct diff_result r;

	diff_hosts(&a, &b, false, &r);
	is_str(render(&r),
	       "host - cmdline vmcfg=full-default -> vmcfg=full-pgtbl_v2\n"
	       "host - cmdline (none) -> amd_iommu=pgtbl_v2\n"
	       "device 0000:00:02.0 dte_class v1 -> v2\n"
	       "device 0000:00:02.0 levels 3 -> 4\n"
	       "device 0000:00:02.0 gcr3 no -> yes\n"
	       "device 0000:00:02.0 domain_id 3 -> 5 [not counted]\n"
	       "device 0000:00:1f.0 dte_class v1 -> v2\n"
	       "device 0000:00:1f.0 levels 3 -> 4\n"
	       "device 0000:00:1f.0 gcr3 no -> yes\n"
	       "device 0000:00:1f.0 domain_id 6 -> 7 [not counted]\n"
	       "device 0000:00:1f.3 dte_class v1 -> v2\n"
	       "device 0000:00:1f.3 levels 3 -> 4\n"
	       "device 0000:00:1f.3 gcr3 no -> yes\n"
	       "device 0000:00:1f.3 domain_id 6 -> 7 [not counted]\n",
	       "V1 -> V2: class, levels, GCR3 per device; DomainIDs listed, not counted");
	is_u64(r.counted, 11, "V1 -> V2: 11 counted (2 command-line words, 3 x 3 device fields)");
	diff_result_free(&r);
	diff_hosts(&a, &b, true, &r);
	is_u64(r.counted, 14, "--domain-ids: the 3 DomainID changes count too");
	diff_result_free(&r);
}

/* everything else that can change */
static void test_all_fields(void)
{
	static const struct diff_iommu io_b[] = {
		{ "ivhd0", true, true, 0x29d3 | 1ull << 48, 0x8, 0x3148f | 1ull << 28 },
		{ "ivhd1", true, false, 0x29d3, 0, 0 },
	};
	static const struct diff_group gr_b[] = {
		{ 1, "identity", g1, 1 },
		{ 4, "DMA", g4b, 2 },
		{ 5, "DMA", NULL, 0 },
	};
	static const struct diff_device dev_b[] = {
		/* vfio-pci, identity: no levels */
		{ "0000:00:02.0", "vfio-pci", "ivhd0", 1, true, "identity", 0, 3, false },
		/* gone: 00:1f.0; new: 00:1f.2 with an unreadable DTE */
		{ "0000:00:1f.2", NULL, "ivhd0", 4, false, NULL, 0, 0, false },
		/* DTE unreadable: not compared; moved to group 5 */
		{ "0000:00:1f.3", NULL, "ivhd1", 5, false, NULL, 0, 0, false },
	};
	struct diff_side a = { "7.3.4", "quiet iommu=pt", io_a, 1, gr_a, 2, dev_a, 3 };
	struct diff_side b = { "7.4.0", "quiet", io_b, 2, gr_b, 3, dev_b, 3 };
	struct diff_result r;

	diff_hosts(&a, &b, false, &r);
	is_str(render(&r),
	       "host - kernel 7.3.4 -> 7.4.0\n"
	       "host - cmdline iommu=pt -> (none)\n"
	       "iommu ivhd0 efr 0x00000000000029d3 -> 0x00010000000029d3\n"
	       "iommu ivhd0 efr2 0x0000000000000000 -> 0x0000000000000008\n"
	       "iommu ivhd0 control 0x000000000003148f -> 0x000000001003148f\n"
	       "iommu ivhd1 present no -> yes\n"
	       "group 1 type DMA -> identity\n"
	       "group 4 members 0000:00:1f.0 0000:00:1f.2 0000:00:1f.3 -> 0000:00:1f.0 0000:00:1f.2\n"
	       "group 5 present no -> yes\n"
	       "device 0000:00:02.0 driver e1000e -> vfio-pci\n"
	       "device 0000:00:02.0 dte_class v1 -> identity\n"
	       "device 0000:00:02.0 levels 3 -> (none)\n"
	       "device 0000:00:1f.0 present yes -> no\n"
	       "device 0000:00:1f.2 present no -> yes\n"
	       "device 0000:00:1f.3 iommu ivhd0 -> ivhd1\n"
	       "device 0000:00:1f.3 group 4 -> 5\n",
	       "every kind of change, in order: host, IOMMUs, groups, devices");
	is_u64(r.counted, r.n, "all counted (no DomainID changed)");
	is_u64(r.not_compared, 1, "00:1f.3's DTE is not compared (unreadable in B)");
	diff_result_free(&r);

	/* a side that knows neither kernel nor command line compares neither */
	a.kernel = a.cmdline = NULL;
	diff_hosts(&a, &b, false, &r);
	ok(r.n == 14 && strcmp(r.v[0].field, "kernel") && strcmp(r.v[0].field, "cmdline"),
	   "unknown kernel and command line: not compared");
	diff_result_free(&r);
}

/* command lines: order does not count, repeated words, parameq() */
static void test_cmdline(void)
{
	struct diff_side a = { 0 }, b = { 0 };
	struct diff_result r;

	a.cmdline = "ro quiet iommu.strict=0 amd_iommu=pgtbl_v2 amd_iommu=pgtbl_v2";
	b.cmdline = "quiet ro amd-iommu=pgtbl_v2 iommu.strict=1 \"amd_iommu=pgtbl_v2\"";
	diff_hosts(&a, &b, false, &r);
	is_str(render(&r), "host - cmdline iommu.strict=0 -> iommu.strict=1\n",
	       "cmdline: reordered words, amd-iommu for amd_iommu and quotes are the same; "
	       "a value change is one change");
	diff_result_free(&r);
	b.cmdline = "ro quiet iommu.strict=0 amd_iommu=pgtbl_v2 amd_iommu=pgtbl_v2 -- init=/bin/sh";
	diff_hosts(&a, &b, false, &r);
	ok(r.n == 0, "cmdline: words after -- are init's, not compared");
	diff_result_free(&r);
	b.cmdline = "ro quiet iommu.strict=0 amd_iommu=pgtbl_v2";
	diff_hosts(&a, &b, false, &r);
	is_str(render(&r), "host - cmdline amd_iommu=pgtbl_v2 -> (none)\n",
	       "cmdline: a word given twice and then once is a change (each occurrence runs its handler)");
	diff_result_free(&r);
}

int main(void)
{
	test_same();
	test_v1_to_v2();
	test_all_fields();
	test_cmdline();
	ok(!strcmp(diff_scope_name(DIFF_DEVICE), "device") && !strcmp(diff_scope_name(DIFF_HOST), "host"),
	   "scope names");
	return done_testing();
}
