// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rules of `check` (src/check-rules.c) on inputs written by hand.
 * Every expected verdict is worked out from the Linux 7.3 source, cited
 * next to the case, and from the raw register values:
 *   EFR 0x29d3 (QEMU 7.2's amd-iommu): bits 0 1 4 6 7 8 11 13 -> PreFSup,
 *     PPRSup, GTSup, ... but no GIoSup (48), no EPHSup (50), no HDSup (52);
 *   EFR 0x0017000f000059d3 (the "full" override): 0x17 << 48 = bits 48
 *     GIoSup, 49 HASup, 50 EPHSup, 52 HDSup; PASmax (36:32) 0xf; GATS
 *     (13:12) = (0x59d3 >> 12) & 3 = 1 (5-level); HATS (11:10) = 2;
 *   EFR2 0x8: bit 3 GCR3TRPMode; EFR2 bit 13: SNP page mode 0.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tap.h"
#include "uapi/iommufd.h"

#define EFR_STOCK 0x29d3ULL
#define EFR_FULL 0x0017000f000059d3ULL
#define EFR2_NEST 0x8ULL
#define EFR_SNP (1ULL << 63)
#define EFR2_MODE0 (1ULL << 13)

static struct facts F;

static void set_facts(int maj, int min, const char *cmdline, bool la57)
{
	static char rel[32];

	kcmdline_free(&F.kcl);
	memset(&F, 0, sizeof(F));
	F.kmajor = maj;
	F.kminor = min;
	snprintf(rel, sizeof(rel), "%d.%d.4", maj, min);
	F.kernel_release = maj ? rel : NULL;
	F.cmdline = (char *)cmdline;
	kcmdline_parse(cmdline, &F.kcl);
	F.cl.pgtbl = kcmdline_amd_pgtable(&F.kcl) == KCL_PGTABLE_V2 ? 2 :
		     kcmdline_amd_pgtable(&F.kcl) == KCL_PGTABLE_V1 ? 1 : 0;
	F.la57 = la57;
}

/* One IOMMU, everything readable and on, the given EFR. */
static struct check_host_in host(uint64_t efr, uint64_t efr2)
{
	struct check_host_in h = {
		.f = &F, .purposes = CHECK_FOR_ALL, .n_iommus = 1, .iommu_names = "ivhd0",
		.ivrs = true,
		.have_efr = true, .efr = efr, .efr2 = efr2, .efr_source = "features",
		.groups_type = "DMA", .groups_of_type = 5, .n_groups = 5,
		.ir = 1, .ir_source = "/proc/interrupts", .ir_detail = "IR-IO-APIC",
		.unsafe_interrupts = 0, .dev_iommu = true, .cpu_sev_snp = 1, .kvm_sev_snp = -1,
	};
	return h;
}

static struct check_dev_in device(void)
{
	struct check_dev_in d = {
		.bdf = "0000:00:02.0", .pci_class = 0x020000, .iommu = "ivhd0", .group = 1,
		.group_type = "DMA", .dte_class = "v1", .iommu_iotlb = 1, .caps_known = true,
		/* the IVHD image the driver took: the full EFR (HDSup) */
		.features_known = true, .features = EFR_FULL,
	};
	return d;
}

static const struct check *find(const struct check_list *l, enum check_purpose p, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].purpose == p && !strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

/* The verdict of @name, "MISSING" when the rules made no such check. */
static const char *verdict(const struct check_list *l, enum check_purpose p, const char *name)
{
	const struct check *c = find(l, p, name);

	return c ? check_verdict_name(c->verdict) : "MISSING";
}

static bool reason_has(const struct check_list *l, enum check_purpose p, const char *name,
		       const char *text)
{
	const struct check *c = find(l, p, name);

	if (c && strstr(c->reason, text))
		return true;
	diag("%s reason: %s (want \"%s\")", name, c ? c->reason : "(no check)", text);
	return false;
}

static bool evidence_has(const struct check_list *l, enum check_purpose p, const char *name,
			 const char *source, const char *value)
{
	const struct check *c = find(l, p, name);

	for (size_t i = 0; c && i < c->nev; i++)
		if (!strcmp(c->ev[i].source, source) && strstr(c->ev[i].value, value))
			return true;
	diag("%s: no evidence %s = %s", name, source, value);
	return false;
}

static void run_host(const struct check_host_in *h, struct check_list *l)
{
	check_list_free(l);
	check_host(h, l);
}

static void run_dev(const struct check_host_in *h, const struct check_dev_in *d, struct check_list *l)
{
	check_list_free(l);
	check_device(h, d, l);
}

static void test_purposes(void)
{
	unsigned b = 0;

	ok(!check_parse_purposes("passthrough,pasid", &b) &&
	   b == (CHECK_FOR(CHECK_PASSTHROUGH) | CHECK_FOR(CHECK_PASID)), "--for passthrough,pasid");
	ok(!check_parse_purposes("all", &b) && b == CHECK_FOR_ALL && !(b & CHECK_FOR(CHECK_HOST)),
	   "--for all is every purpose but host");
	ok(!check_parse_purposes("snp,iommufd,nest,dirty", &b) &&
	   b == (CHECK_FOR(CHECK_SNP) | CHECK_FOR(CHECK_IOMMUFD) | CHECK_FOR(CHECK_NEST) | CHECK_FOR(CHECK_DIRTY)),
	   "--for snp,iommufd,nest,dirty");
	ok(check_parse_purposes("", &b) == -EINVAL, "--for '' is refused");
	ok(check_parse_purposes("pasid,", &b) == -EINVAL, "a trailing comma is refused");
	ok(check_parse_purposes("host", &b) == -EINVAL, "host is not a purpose to ask for");
	ok(check_parse_purposes("pass", &b) == -EINVAL, "a prefix is not a purpose");
	ok(check_worse(CHECK_WARN, CHECK_FAIL) == CHECK_FAIL && check_worse(CHECK_SKIP, CHECK_WARN) == CHECK_WARN &&
	   check_worse(CHECK_PASS, CHECK_SKIP) == CHECK_SKIP && check_worse(CHECK_FAIL, CHECK_PASS) == CHECK_FAIL,
	   "FAIL > WARN > SKIP > PASS");
}

static void test_amd_iommu(void)
{
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_STOCK, 0);

	set_facts(7, 3, "quiet", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "amd_iommu"), "PASS", "one ivhd: amd_iommu PASS");
	h.n_iommus = 0;
	set_facts(7, 3, "quiet amd_iommu=off", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "amd_iommu"), "FAIL", "amd_iommu=off: FAIL (parse_amd_iommu_options() amd_iommu_disabled)");
	ok(reason_has(&l, CHECK_HOST, "amd_iommu", "amd_iommu=off"), "... and it names amd_iommu=off");
	ok(!find(&l, CHECK_PASID, "iommu_pasid"), "no purpose checks without an AMD IOMMU");
	set_facts(7, 3, "iommu=off", true);
	run_host(&h, &l);
	ok(reason_has(&l, CHECK_HOST, "amd_iommu", "iommu=off"), "iommu=off (no_iommu, amd_iommu_detect()) named");
	set_facts(7, 3, "quiet", true);
	h.ivrs = false;
	run_host(&h, &l);
	ok(reason_has(&l, CHECK_HOST, "amd_iommu", "no ACPI IVRS"), "no IVRS table: the firmware describes no IOMMU");
	h.ivrs = true;
	run_host(&h, &l);
	ok(reason_has(&l, CHECK_HOST, "amd_iommu", "no ivhd IOMMU is registered"), "IVRS but no ivhd");
	check_list_free(&l);
}

static void test_cmdline(void)
{
	const char *msgs[] = { "AMD-Vi: Unknown option - 'pt,pgtbl_v2'" };
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_STOCK, 0);
	const struct check *c = NULL;

	/* parse_amd_iommu_options(): "pt" matches no strncmp() prefix, so the
	 * kernel prints the rest of the list, then takes pgtbl_v2 */
	set_facts(7, 3, "root=/dev/sda amd_iommu=pt,pgtbl_v2", true);
	h.klog = (struct check_klog){ msgs, 1, true };
	run_host(&h, &l);
	for (size_t i = 0; i < l.n && !c; i++)
		if (!strcmp(l.v[i].name, "cmdline") && l.v[i].verdict == CHECK_WARN)
			c = &l.v[i];
	ok(c != NULL, "amd_iommu=pt,pgtbl_v2: a WARN cmdline check");
	ok(c && c->nev >= 2 && !strcmp(c->ev[0].value, "word 1: amd_iommu=pt,pgtbl_v2") &&
	   !strcmp(c->ev[1].source, "kernel log") && !strcmp(c->ev[1].value, msgs[0]),
	   "... naming the word and the kernel's own log line");
	ok(c && c->kernel_function && strstr(c->kernel_function, "parse_amd_iommu_options()") &&
	   c->action && strstr(c->action, "amd_iommu=pt,pgtbl_v2"), "... with its parser and the word to fix");
	set_facts(7, 3, "ivrs_ioapic=garbage", true);
	h.klog = (struct check_klog){ 0 };
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "cmdline"), "FAIL",
	       "ivrs_ioapic=garbage: FAIL (parse_ivrs_ioapic(): \"Invalid command line\")");
	set_facts(7, 3, "quiet splash", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "cmdline"), "PASS", "no IOMMU word: one PASS");
	check_list_free(&l);
}

static void test_ir(void)
{
	const char *msgs[] = { "AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found" };
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_STOCK, 0);

	set_facts(7, 3, "quiet", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "interrupt_remapping"), "PASS", "IR on: PASS");
	/* iommufd_bind_iommu(): no isolated MSI and !allow_unsafe_interrupts -> EPERM */
	h.ir = 0;
	h.klog = (struct check_klog){ msgs, 1, true };
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "interrupt_remapping"), "FAIL", "IR off, unsafe off: FAIL");
	ok(reason_has(&l, CHECK_HOST, "interrupt_remapping", "EPERM") &&
	   reason_has(&l, CHECK_HOST, "interrupt_remapping", "check_ioapic_information()"),
	   "... EPERM, and why IR is off (the southbridge IOAPIC)");
	h.unsafe_interrupts = 1;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "interrupt_remapping"), "WARN", "IR off, allow_unsafe_interrupts=Y: WARN");
	h.unsafe_interrupts = -1;
	set_facts(7, 3, "iommufd.allow_unsafe_interrupts=1", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "interrupt_remapping"), "WARN",
	       "IR off, parameter unreadable but on the command line: WARN");
	h.ir = -1;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "interrupt_remapping"), "SKIP", "IR unknown: SKIP");
	{
		/* check_ioapic_information(): the MADT's southbridge IOAPIC is
		 * not in the IVRS; the finding's advice names the override */
		struct ivrs_finding f = { .rule = "no_southbridge_ioapic", .severity = IVRS_ERROR };
		struct ivrs_finding g = { .rule = "no_southbridge_ioapic", .severity = IVRS_INFO };
		struct ivrs_findings fs = { &f, 1, 1 }, gs = { &g, 1, 1 };

		snprintf(f.message, sizeof(f.message), "the southbridge IOAPIC (MADT id 33) has no IVRS entry");
		snprintf(f.resolved_by, sizeof(f.resolved_by), "ivrs_ioapic=33@0000:00:14.0");
		h.ir = 0;
		h.unsafe_interrupts = 0;
		h.klog = (struct check_klog){ 0 };
		set_facts(7, 3, "quiet", true);
		h.findings = &fs;
		run_host(&h, &l);
		ok(reason_has(&l, CHECK_HOST, "interrupt_remapping", "MADT id 33"), "IR off: the IVRS finding says why");
		ok(find(&l, CHECK_HOST, "interrupt_remapping")->action &&
		   strstr(find(&l, CHECK_HOST, "interrupt_remapping")->action, "ivrs_ioapic=33@0000:00:14.0"),
		   "... and the action names the override that resolves it");
		h.findings = &gs;
		run_host(&h, &l);
		ok(!strstr(find(&l, CHECK_HOST, "interrupt_remapping")->reason, "MADT"),
		   "an info-level finding is not the reason");
		h.findings = NULL;
	}
	check_list_free(&l);
}

static void test_kconfig(void)
{
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_STOCK, 0);
	struct kconfig k;

	set_facts(7, 3, "quiet", true);
	kconfig_parse("CONFIG_IOMMUFD=y\n# CONFIG_VFIO_DEVICE_CDEV is not set\nCONFIG_IOMMU_SVA=y\n"
		      "CONFIG_AMD_IOMMU_DEBUGFS=n\n", &k);
	h.kconfig = &k;
	h.kconfig_source = "/proc/config.gz";
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "kconfig_iommufd"), "PASS", "CONFIG_IOMMUFD=y: PASS");
	is_str(verdict(&l, CHECK_HOST, "kconfig_vfio_device_cdev"), "FAIL", "VFIO_DEVICE_CDEV not set: FAIL");
	is_str(verdict(&l, CHECK_HOST, "kconfig_iommu_sva"), "PASS", "IOMMU_SVA=y: PASS");
	is_str(verdict(&l, CHECK_HOST, "kconfig_amd_iommu_debugfs"), "WARN", "AMD_IOMMU_DEBUGFS=n: WARN (evidence only)");
	is_str(verdict(&l, CHECK_HOST, "amd_iommufd"), "WARN",
	       "AMD_IOMMU_IOMMUFD absent: WARN (amd_iommufd_hw_info is NULL: hw_info type NONE)");
	ok(evidence_has(&l, CHECK_HOST, "kconfig_vfio_device_cdev", "/proc/config.gz", "CONFIG_VFIO_DEVICE_CDEV=n"),
	   "... with the configuration line as evidence");
	kconfig_free(&k);
	kconfig_parse("CONFIG_AMD_IOMMU_IOMMUFD=y\n", &k);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "amd_iommufd"), "PASS", "AMD_IOMMU_IOMMUFD=y: PASS");
	is_str(verdict(&l, CHECK_HOST, "kconfig_iommufd"), "FAIL", "IOMMUFD missing from the file: FAIL");
	kconfig_free(&k);
	h.kconfig = NULL;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_HOST, "kconfig"), "SKIP", "no configuration: one SKIP");
	is_str(verdict(&l, CHECK_HOST, "amd_iommufd"), "SKIP", "... and amd_iommufd SKIP");
	check_list_free(&l);
}

static void test_pasid_host(void)
{
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_STOCK, 0);

	set_facts(7, 3, "quiet", true);
	run_host(&h, &l);
	/* amd_iommu_pasid_supported(): amd_iommu_gt_ppr_supported() needs
	 * GT, GIoSup (v2), PPR and EPHSup; 0x29d3 has GT (4) and PPR (1) */
	is_str(verdict(&l, CHECK_PASID, "iommu_v2"), "FAIL", "stock EFR: no V2 tables");
	is_str(verdict(&l, CHECK_PASID, "iommu_pasid"), "FAIL", "stock EFR: no PASID");
	ok(reason_has(&l, CHECK_PASID, "iommu_pasid", "GIoSup (EFR bit 48), EPHSup (EFR bit 50)"),
	   "... naming exactly the missing bits GIoSup and EPHSup");
	ok(find(&l, CHECK_PASID, "iommu_pasid") &&
	   !strstr(find(&l, CHECK_PASID, "iommu_pasid")->reason, "GTSup (EFR bit 4)") &&
	   !strstr(find(&l, CHECK_PASID, "iommu_pasid")->reason, "PPRSup (EFR bit 1)"),
	   "... and not GTSup or PPRSup, which 0x29d3 has");
	is_str(verdict(&l, CHECK_PASID, "hwpt_pasid"), "FAIL", "stock: IOMMU_HWPT_ALLOC PASID refused");
	ok(reason_has(&l, CHECK_PASID, "hwpt_pasid", "EOPNOTSUPP"), "... with EOPNOTSUPP");

	h = host(EFR_FULL, EFR2_NEST);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_PASID, "iommu_pasid"), "PASS", "full EFR, LA57 and GATS 1: PASID");
	ok(reason_has(&l, CHECK_PASID, "iommu_pasid", "65535 PASIDs (PASmax 15)"),
	   "2^(15+1) - 1 = 65535 PASIDs (init.c iommu_init_pci())");
	is_str(verdict(&l, CHECK_PASID, "hwpt_pasid"), "PASS", "full: PASID HWPT");
	ok(reason_has(&l, CHECK_PASID, "hwpt_pasid", "a v2 domain"), "... a v2 domain");

	/* GATS 2 with LA57: amd_iommu_gpt_level != PAGE_MODE_5_LEVEL */
	h = host(0x0017000f000069d3ULL, EFR2_NEST);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_PASID, "iommu_pasid"), "FAIL", "LA57 CPU, GATS 2: no PASID");
	ok(reason_has(&l, CHECK_PASID, "iommu_pasid", "LA57"), "... because of LA57/GATS");
	set_facts(7, 3, "quiet", false);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_PASID, "iommu_pasid"), "PASS", "4-level CPU, GATS 2: PASID");

	/* SNP on: PASID only with SNP page mode 0 (amd_iommu_pasid_supported()) */
	set_facts(7, 3, "quiet", true);
	h = host(EFR_FULL | EFR_SNP, EFR2_NEST);
	h.kvm_sev_snp = 1;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_PASID, "iommu_pasid"), "FAIL", "SNP on without page mode 0: no PASID");
	h.efr2 |= EFR2_MODE0;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_PASID, "iommu_pasid"), "PASS", "SNP on with page mode 0: PASID (the 7.3 rule)");
	is_str(verdict(&l, CHECK_PASID, "hwpt_pasid"), "PASS", "... and the PASID HWPT too");
	check_list_free(&l);
}

static void test_nest(void)
{
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_FULL, EFR2_NEST);

	set_facts(7, 3, "quiet", true);
	run_host(&h, &l);
	/* is_nest_parent_supported(): GT, GIoSup, EFR2 GCR3TRPMode */
	is_str(verdict(&l, CHECK_NEST, "nest_parent"), "PASS", "full EFR + EFR2 0x8 on 7.3: NEST_PARENT");
	is_str(verdict(&l, CHECK_NEST, "nested_hwpt"), "FAIL", "7.3: no nested HWPT (amd_viommu_ops has no alloc_domain_nested)");
	ok(reason_has(&l, CHECK_NEST, "nested_hwpt", "Linux 7.3") &&
	   reason_has(&l, CHECK_NEST, "nested_hwpt", "amd_viommu_ops"), "... saying the version and why");
	h.efr2 = 0;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_NEST, "nest_parent"), "FAIL", "no GCR3TRPMode: no NEST_PARENT");
	ok(reason_has(&l, CHECK_NEST, "nest_parent", "GCR3TRPMode"), "... naming GCR3TRPMode");
	h.efr2 = EFR2_NEST;
	set_facts(6, 12, "quiet", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_NEST, "nest_parent"), "FAIL", "6.12: NEST_PARENT refused (domain_alloc_user accepts DIRTY only)");
	ok(reason_has(&l, CHECK_NEST, "nested_hwpt", "came with 7.0"), "6.12: no AMD nesting before 7.0");
	set_facts(7, 4, "quiet", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_NEST, "nested_hwpt"), "SKIP", "7.4: newer than the known rules: SKIP");
	set_facts(0, 0, "quiet", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_NEST, "nested_hwpt"), "SKIP", "unknown kernel: SKIP");
	check_list_free(&l);
}

static void test_dirty(void)
{
	const char *hatdis_msg[] = { "AMD-Vi: Host Address Translation is not supported." };
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_FULL, EFR2_NEST);
	struct check_dev_in d = device();

	set_facts(7, 3, "quiet", true);
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "hd_support"), "PASS", "the IOMMU's own EFR copy has HDSup: PASS");
	is_str(verdict(&l, CHECK_DIRTY, "hwpt_dirty"), "PASS", "DIRTY_TRACKING HWPT: PASS");
	ok(reason_has(&l, CHECK_DIRTY, "hwpt_dirty", "a v1 domain"), "... v1");
	is_str(verdict(&l, CHECK_DIRTY, "dirty_nest_parent"), "PASS", "NEST_PARENT|DIRTY_TRACKING: PASS on 7.3");
	/* amd_iommu_hd_support() reads iommu->features: 0 when
	 * early_iommu_features_init() did not take the IVHD image, even
	 * though the global EFR (sysfs) has HDSup */
	d.features = 0;
	d.features_why = "IVinfo EFRSup (bit 0) is clear: early_iommu_features_init() does not take the image";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "hd_support"), "FAIL", "own copy 0 (no EFRSup), global HDSup: FAIL");
	ok(reason_has(&l, CHECK_DIRTY, "hd_support", "EFRSup"), "... saying why the copy is 0");
	is_str(verdict(&l, CHECK_DIRTY, "hwpt_dirty"), "FAIL", "... and the DIRTY HWPT is refused");
	is_str(verdict(&l, CHECK_DIRTY, "dirty_nest_parent"), "FAIL", "... NEST_PARENT|DIRTY too");
	is_str(verdict(&l, CHECK_NEST, "nest_parent"), "MISSING", "(nest_parent is a host check)");
	d.features_known = false;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "hd_support"), "SKIP", "IVRS unreadable: SKIP");
	is_str(verdict(&l, CHECK_DIRTY, "hwpt_dirty"), "PASS",
	       "... the DIRTY HWPT is then predicted from the global EFR");
	d.features_known = true;
	d.features = EFR_STOCK;
	d.features_why = NULL;
	h = host(EFR_FULL, EFR2_NEST);
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "hd_support"), "FAIL",
	       "this IOMMU's image lacks HDSup while the global EFR has it: FAIL");
	ok(reason_has(&l, CHECK_DIRTY, "hd_support", "its IVHD image"), "... naming its IVHD image");
	d.features = EFR_FULL;
	h = host(EFR_STOCK, 0);
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "hd_support"), "PASS",
	       "own image with HDSup, global EFR without (another IOMMU lacks it): PASS");
	/* HATDis: init_iommu_one() sets amd_iommu_hatdis from the IVHD attribute */
	h = host(EFR_FULL, EFR2_NEST);
	h.klog = (struct check_klog){ hatdis_msg, 1, true };
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_DIRTY, "host_translation"), "FAIL", "HATDis logged: host translation FAIL");
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "hwpt_dirty"), "FAIL", "... DIRTY HWPT refused");
	h = host(EFR_FULL | (3ULL << 10), EFR2_NEST);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_DIRTY, "host_translation"), "FAIL", "EFR HATS = 3: host translation FAIL");
	{
		struct ivrs_finding f = { .rule = "host_translation_disabled", .severity = IVRS_WARNING };
		struct ivrs_findings fs = { &f, 1, 1 };

		h = host(EFR_FULL, EFR2_NEST);
		h.findings = &fs;
		snprintf(f.message, sizeof(f.message), "IVHD attribute HATDis is set");
		run_host(&h, &l);
		is_str(verdict(&l, CHECK_DIRTY, "host_translation"), "FAIL",
		       "the IVRS model finds HATDis (init_iommu_one()): FAIL");
		ok(evidence_has(&l, CHECK_DIRTY, "host_translation", "IVRS", "host_translation_disabled"),
		   "... with the finding as evidence");
	}

	/* PASID|DIRTY_TRACKING: refused by design from 6.14, PASID wins in 6.13 */
	h = host(EFR_FULL, EFR2_NEST);
	d.caps.pasid.supported = true;
	d.caps.pasid_width = 20;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "dirty_pasid"), "WARN", "PASID device on 7.3: PASID|DIRTY refused: WARN");
	set_facts(6, 13, "quiet", true);
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "dirty_pasid"), "PASS", "6.13: PASID|DIRTY allocates as PASID (v2)");
	set_facts(7, 3, "quiet", true);
	d.caps.pasid.supported = false;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "dirty_pasid"), "PASS", "no PASID capability: the combination does not matter");
	d.caps_known = false;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_DIRTY, "dirty_pasid"), "SKIP", "capabilities unknown: SKIP");
	check_list_free(&l);
}

static void test_snp(void)
{
	const char *pt_msg[] = { "AMD-Vi: SNP: IOMMU configured in passthrough mode, SNP cannot be supported." };
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_FULL | EFR_SNP, EFR2_NEST);
	struct check_dev_in d = device();
	struct kconfig k;

	/* iommu_snp_enable(): without page mode 0, passthrough or V2 refuse SNP */
	set_facts(7, 3, "iommu=pt", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_cpu"), "PASS", "sev_snp CPU flag: PASS");
	is_str(verdict(&l, CHECK_SNP, "snp_sup"), "PASS", "SNPSup: PASS");
	is_str(verdict(&l, CHECK_SNP, "snp_mode0"), "WARN", "no page mode 0: WARN");
	is_str(verdict(&l, CHECK_SNP, "snp_passthrough"), "FAIL", "iommu=pt without page mode 0: FAIL");
	h.efr2 |= EFR2_MODE0;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_passthrough"), "PASS", "iommu=pt with page mode 0: PASS");
	h.efr2 = EFR2_NEST;
	set_facts(7, 3, "amd_iommu=pgtbl_v2", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_pgtable"), "FAIL", "pgtbl_v2 with GT+GIoSup, no page mode 0: FAIL");
	h.efr = EFR_STOCK | EFR_SNP;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_pgtable"), "PASS", "pgtbl_v2 falls back to v1 without GIoSup: PASS");
	is_str(verdict(&l, CHECK_SNP, "snp_passthrough"), "PASS", "translated default: PASS");
	kconfig_parse("CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y\n", &k);
	h.kconfig = &k;
	h.kconfig_source = "/proc/config.gz";
	set_facts(7, 3, "quiet", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_passthrough"), "FAIL", "CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y: FAIL");
	set_facts(7, 3, "iommu.passthrough=0", true);
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_passthrough"), "PASS", "... iommu.passthrough=0 overrides it: PASS");
	kconfig_free(&k);
	h.kconfig = NULL;
	h.efr &= ~EFR_SNP;
	h.cpu_sev_snp = 0;
	h.kvm_sev_snp = 0;
	h.klog = (struct check_klog){ pt_msg, 1, true };
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_cpu"), "FAIL", "no sev_snp flag: FAIL");
	is_str(verdict(&l, CHECK_SNP, "snp_sup"), "FAIL", "no SNPSup: FAIL");
	is_str(verdict(&l, CHECK_SNP, "snp_enabled"), "FAIL", "kvm_amd.sev_snp=N: FAIL");
	ok(reason_has(&l, CHECK_SNP, "snp_enabled", "passthrough mode"), "... quoting what the kernel logged");
	h.kvm_sev_snp = -1;
	run_host(&h, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_enabled"), "SKIP", "kvm_amd not loaded: SKIP");

	/* amd_iommu_identity_attach(): EINVAL with SNP on and no page mode 0 */
	h = host(EFR_FULL | EFR_SNP, 0);
	h.kvm_sev_snp = 1;
	d.group_type = "identity";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_identity"), "FAIL", "identity group, SNP on, no page mode 0: FAIL");
	h.kvm_sev_snp = 0;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_identity"), "WARN", "identity group, SNP off: WARN");
	h.efr2 = EFR2_MODE0;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_identity"), "PASS", "identity group with page mode 0: PASS");
	d.group_type = "DMA";
	h.efr2 = 0;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_SNP, "snp_identity"), "PASS", "DMA group: PASS");
	check_list_free(&l);
}

static void test_passthrough(void)
{
	struct check_member ahci[] = { { "0000:00:1f.0", NULL }, { "0000:00:1f.2", "ahci" } };
	struct check_member safe[] = { { "0000:01:00.1", "vfio-pci" }, { "0000:00:1c.0", "pcieport" } };
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_STOCK, 0);
	struct check_dev_in d = device();

	set_facts(7, 3, "quiet", true);
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASSTHROUGH, "iommu"), "PASS", "behind ivhd0: PASS");
	is_str(verdict(&l, CHECK_PASSTHROUGH, "group_isolation"), "PASS", "alone in its group: PASS");
	is_str(verdict(&l, CHECK_PASSTHROUGH, "group_viable"), "PASS", "no other member: PASS");
	is_str(verdict(&l, CHECK_PASSTHROUGH, "driver"), "PASS", "no driver: PASS");
	is_str(verdict(&l, CHECK_PASSTHROUGH, "hwpt_default"), "PASS", "flags 0 HWPT: PASS");
	ok(reason_has(&l, CHECK_PASSTHROUGH, "hwpt_default", "a v1 domain"), "... v1 (amd_iommu_pgtable PD_MODE_V1)");
	d.driver = "e1000e";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASSTHROUGH, "driver"), "WARN", "bound to e1000e: WARN");
	d.driver = "vfio-pci";
	d.members = ahci;
	d.nmembers = 2;
	d.acs_known = true;
	d.acs_matches = true;
	d.acs.reason = PACS_MULTIFUNCTION;
	d.acs.culprit = -1;
	snprintf(d.acs.why, sizeof(d.acs.why), "multifunction device whose functions lack ACS");
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASSTHROUGH, "driver"), "PASS", "on vfio-pci: PASS");
	is_str(verdict(&l, CHECK_PASSTHROUGH, "group_isolation"), "WARN", "shares the group: WARN");
	ok(reason_has(&l, CHECK_PASSTHROUGH, "group_isolation", "multifunction") &&
	   !strcmp(find(&l, CHECK_PASSTHROUGH, "group_isolation")->kernel_function,
		   "get_pci_function_alias_group() drivers/iommu/iommu.c"),
	   "... names the multifunction reason and get_pci_function_alias_group()");
	/* iommu_device_claim_dma_owner(): a DMA-API driver in the group -> EPERM */
	is_str(verdict(&l, CHECK_PASSTHROUGH, "group_viable"), "FAIL", "ahci in the group: FAIL");
	ok(reason_has(&l, CHECK_PASSTHROUGH, "group_viable", "0000:00:1f.2 (ahci)") &&
	   reason_has(&l, CHECK_PASSTHROUGH, "group_viable", "EPERM"), "... naming 00:1f.2 (ahci) and EPERM");
	ok(check_predict_bind(&h, &d) == -EPERM, "bind predicted EPERM");
	d.members = safe;
	d.acs_matches = false;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASSTHROUGH, "group_viable"), "PASS", "vfio-pci and pcieport members: PASS");
	ok(reason_has(&l, CHECK_PASSTHROUGH, "group_isolation", "predicts a different grouping"),
	   "sysfs and config space disagree: said so");
	ok(check_predict_bind(&h, &d) == 0, "bind predicted to work");
	h.ir = 0;
	ok(check_predict_bind(&h, &d) == -EPERM, "IR off, no allow_unsafe_interrupts: bind EPERM");
	h.ir = 1;
	d.iommu = NULL;
	d.pci_class = 0x080600;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASSTHROUGH, "iommu"), "FAIL", "the IOMMU function: FAIL");
	ok(l.n == 1, "... and nothing else is checked");
	d.iommu = "dmar0";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASSTHROUGH, "iommu"), "FAIL", "an Intel dmar0: not an AMD IOMMU: FAIL");
	check_list_free(&l);
}

static void test_pasid_device(void)
{
	struct check_list l = { 0 };
	struct check_host_in h = host(EFR_FULL, EFR2_NEST);
	struct check_dev_in d = device();
	const struct check *c;

	set_facts(7, 3, "quiet", true);
	d.caps_known = false;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "pasid_cap"), "SKIP", "64-byte config space: SKIP");
	d.caps_known = true;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "pasid_cap"), "FAIL", "no PASID capability: FAIL");
	ok(reason_has(&l, CHECK_PASID, "pasid_cap", "-ENOSPC (-28)"),
	   "... iommu_alloc_global_pasid() with max_pasids 0: ENOSPC");
	d.caps.pasid.supported = true;
	d.caps.pasid_width = 20;
	d.caps.ats.supported = d.caps.pri.supported = true;
	d.group_type = "identity";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "pasid_cap"), "PASS", "PASID capability: PASS");
	is_str(verdict(&l, CHECK_PASID, "ats_pri"), "PASS", "ATS and PRI with IOTLBSup: PASS");
	/* dev_iommu_get_max_pasids(): min(1 << 20, 2^16 - 1) */
	is_str(verdict(&l, CHECK_PASID, "pasid_count"), "PASS", "PASID count: PASS");
	ok(reason_has(&l, CHECK_PASID, "pasid_count", "65535 PASIDs"), "... min(2^20, 65535) = 65535");
	is_str(verdict(&l, CHECK_PASID, "sva_domain"), "PASS", "identity: pdom_is_sva_capable()");
	d.caps.pasid_width = 0;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "pasid_count"), "FAIL", "width 0: one PASID (PASID 0 only): FAIL");
	d.caps.pasid_width = 20;
	d.group_type = "DMA-FQ";
	d.group = 7;
	d.dte_class = "v1";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "sva_domain"), "FAIL", "V1 DMA domain: no SVA");
	c = find(&l, CHECK_PASID, "sva_domain");
	ok(c && strstr(c->reason, "-EINVAL (-22)") && c->action &&
	   strstr(c->action, "/sys/kernel/iommu_groups/7/type"), "... EINVAL, and how to switch group 7");
	d.dte_class = "v2";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "sva_domain"), "PASS", "V2 DMA domain: PASS");
	d.group_type = "unmanaged";
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "sva_domain"), "SKIP", "unmanaged (VFIO-owned): SKIP");
	d.iommu_iotlb = 0;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "ats_pri"), "WARN", "IOMMU without IOTLBSup: ATS never enabled: WARN");
	d.iommu_iotlb = 1;
	d.caps.pri.supported = false;
	run_dev(&h, &d, &l);
	is_str(verdict(&l, CHECK_PASID, "ats_pri"), "WARN", "no PRI: WARN");
	check_list_free(&l);
}

static void test_verdicts_and_json(void)
{
	struct check_list hl = { 0 }, dl = { 0 };
	struct check_host_in h = host(EFR_FULL, EFR2_NEST);
	struct check_dev_in d = device();
	enum check_verdict v[CHECK_NPURPOSES];
	json_object *j;

	set_facts(7, 3, "quiet", true);
	h.purposes = CHECK_FOR(CHECK_PASSTHROUGH) | CHECK_FOR(CHECK_NEST);
	h.ir = 0; /* interrupt_remapping FAIL */
	run_host(&h, &hl);
	run_dev(&h, &d, &dl);
	ok(!find(&dl, CHECK_PASID, "pasid_cap") && !find(&hl, CHECK_SNP, "snp_cpu"),
	   "unrequested purposes are not checked");
	check_purpose_verdicts(&hl, &dl, h.purposes, v);
	is_str(check_verdict_name(v[CHECK_PASSTHROUGH]), "FAIL", "passthrough inherits interrupt_remapping FAIL");
	is_str(check_verdict_name(v[CHECK_NEST]), "FAIL", "nest: nested_hwpt FAIL on 7.3");
	is_str(check_verdict_name(v[CHECK_PASID]), "SKIP", "unrequested pasid: SKIP");
	h.ir = 1;
	run_host(&h, &hl);
	check_purpose_verdicts(&hl, &dl, h.purposes, v);
	is_str(check_verdict_name(v[CHECK_PASSTHROUGH]), "PASS", "IR on: passthrough PASS");

	j = check_list_json(&dl);
	ok(json_object_array_length(j) == dl.n, "one JSON object per check");
	{
		json_object *o = json_object_array_get_idx(j, 0), *x;

		ok(json_object_object_get_ex(o, "purpose", &x) && !strcmp(json_object_get_string(x), "passthrough") &&
		   json_object_object_get_ex(o, "name", &x) && !strcmp(json_object_get_string(x), "iommu") &&
		   json_object_object_get_ex(o, "verdict", &x) && !strcmp(json_object_get_string(x), "PASS") &&
		   json_object_object_get_ex(o, "action", &x) && x == NULL &&
		   json_object_object_get_ex(o, "evidence", &x) && json_object_is_type(x, json_type_array) &&
		   json_object_object_get_ex(o, "kernel_function", &x) &&
		   !strcmp(json_object_get_string(x), "amd_iommu_probe_device() drivers/iommu/amd/iommu.c"),
		   "keys: purpose, name, verdict, reason, evidence, action (null), kernel_function");
	}
	json_object_put(j);
	check_list_free(&hl);
	check_list_free(&dl);
}

int main(void)
{
	test_purposes();
	test_amd_iommu();
	test_cmdline();
	test_ir();
	test_kconfig();
	test_pasid_host();
	test_nest();
	test_dirty();
	test_snp();
	test_passthrough();
	test_pasid_device();
	test_verdicts_and_json();
	kcmdline_free(&F.kcl);
	return done_testing();
}
