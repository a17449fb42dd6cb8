// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The iommufd errno -> exit code and message mapping of `alloc`
 * (amdiommuctl(8), DIAGNOSTICS), as pure functions: what ENOTTY, E2BIG,
 * EOPNOTSUPP, EINVAL and ENODEV from each step turn into.  The live path
 * is the real-kernel tier (make check-vm).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"
#include "iommufd.h"
#include "tap.h"

#define DIRTY 2u
#define PASID 8u

static const struct explain_ctx k73 = {
	.kmajor = 7, .kminor = 3, .bdf = "0000:00:02.0", .ir_enabled = -1,
	.unsafe_intr = -1, .have_efr = true, .efr = 0x29d3, .la57 = true,
};

static const struct explain_ctx k65 = {
	.kmajor = 6, .kminor = 5, .bdf = "0000:00:02.0", .ir_enabled = -1,
	.unsafe_intr = -1,
};

static void code(const char *step, int err, int want, const char *en)
{
	ok(iommufd_exit_code(step, err) == want, "%s %s: exit %d", step ? step : "(no step)", en, want);
}

/* The explanation for @err at @step contains @want (NULL: there is none). */
static void says(const char *step, uint32_t flags, int err,
		 const struct explain_ctx *c, const char *want, const char *name)
{
	const char *s = iommufd_explain(step, flags, err, c);

	if (!want) {
		ok(s == NULL, "%s: no explanation (%s)", name, s ? s : "null");
		return;
	}
	if (!ok(s && strstr(s, want), "%s: says \"%s\"", name, want))
		printf("#   got: %s\n", s ? s : "(null)");
	if (s)
		ok(!strchr(s, '\n'), "%s: one line", name);
}

int main(void)
{
	static const char *steps[] = {
		"open_iommufd", "open_cdev", "bind", "get_hw_info", "ioas_alloc",
		"hwpt_alloc", "attach", "map", "set_dirty_tracking",
		"get_dirty_bitmap", "read_dte", "unmap", "detach",
		"destroy_hwpt", "destroy_ioas",
	};

	/* exit codes: ENOTTY anywhere and EOPNOTSUPP at hwpt_alloc are "not
	 * supported" (4); every other errno is an error (1) */
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const char *s = steps[i];
		int hw = !strcmp(s, "hwpt_alloc");

		code(s, -ENOTTY, EXIT_UNSUPPORTED, "ENOTTY");
		code(s, -EOPNOTSUPP, hw ? EXIT_UNSUPPORTED : EXIT_ERROR, "EOPNOTSUPP");
		code(s, -E2BIG, EXIT_ERROR, "E2BIG");
		code(s, -EINVAL, EXIT_ERROR, "EINVAL");
		code(s, -ENODEV, EXIT_ERROR, "ENODEV");
	}
	code(NULL, -EOPNOTSUPP, EXIT_ERROR, "no step, EOPNOTSUPP");

	/* ENOTTY: the kernel predates the ioctl, with the version it came in */
	says("hwpt_alloc", 0, -ENOTTY, &k65, "first appeared in Linux 6.6", "hwpt_alloc ENOTTY");
	says("set_dirty_tracking", 0, -ENOTTY, &k65, "first appeared in Linux 6.7",
	     "set_dirty_tracking ENOTTY");
	says("bind", 0, -ENOTTY, &k65, "this kernel (6.5)", "bind ENOTTY");
	/* EOPNOTSUPP at hwpt_alloc: which flag the IOMMU lacks */
	says("hwpt_alloc", PASID, -EOPNOTSUPP, &k73, "EOPNOTSUPP", "hwpt_alloc PASID EOPNOTSUPP");
	says("hwpt_alloc", DIRTY, -EOPNOTSUPP, &k73, "DIRTY_TRACKING", "hwpt_alloc DIRTY EOPNOTSUPP");
	says("hwpt_alloc", PASID | DIRTY, -EOPNOTSUPP, &k65, "refused by design",
	     "hwpt_alloc PASID|DIRTY EOPNOTSUPP without EFR");
	says("set_dirty_tracking", 0, -EOPNOTSUPP, &k73, "not allocated with DIRTY_TRACKING",
	     "set_dirty_tracking EOPNOTSUPP");
	/* EINVAL */
	says("attach", DIRTY, -EINVAL, &k73, "HDSup", "attach DIRTY EINVAL");
	says("bind", 0, -EINVAL, &k73, "already bound to an iommufd", "bind EINVAL");
	says("get_dirty_bitmap", 0, -EINVAL, &k73, "not mapped", "get_dirty_bitmap EINVAL");
	/* ENODEV */
	says("open_iommufd", 0, -ENODEV, &k73, "CONFIG_IOMMUFD", "open_iommufd ENODEV");
	says("open_iommufd", 0, -ENOENT, &k73, "/dev/iommu", "open_iommufd ENOENT");
	says("read_dte", 0, -ENODEV, &k73, "no AMD IOMMU handles 0000:00:02.0", "read_dte ENODEV");
	/* E2BIG: the wrapper retries with the 6.6 size; a second E2BIG has
	 * no special meaning, the caller prints the errno name */
	says("hwpt_alloc", 0, -E2BIG, &k73, NULL, "hwpt_alloc E2BIG");
	says("get_hw_info", 0, -E2BIG, &k73, NULL, "get_hw_info E2BIG");
	says("attach", 0, -ENODEV, &k73, NULL, "attach ENODEV");
	ok(iommufd_explain("hwpt_alloc", 0, 0, &k73) == NULL, "no error, no explanation");
	return done_testing();
}
