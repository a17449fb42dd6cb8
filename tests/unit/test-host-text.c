// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * host-text parsers.  The /proc/interrupts texts are lines of the Linux
 * 7.3 QEMU samples (sbioapic-ir: remapping on; stock-default: off); the
 * expected answers follow the chip names in ioapic_ir_chip / ioapic_chip
 * (arch/x86/kernel/apic/io_apic.c), amdvi_msi_parent_ops.prefix "IR-"
 * (drivers/iommu/amd/iommu.c) and the PCI-MSI/PCI-MSIX templates
 * (drivers/pci/msi/irqdomain.c).
 */
#include "config.h"

#include <errno.h>

#include "host-text.h"
#include "tap.h"

static const char ir_on[] =
	"            CPU0       CPU1       \n"
	"   0:         48          0  IR-IO-APIC              2-edge      timer\n"
	"   1:         13          0  IR-IO-APIC              1-edge      i8042\n"
	"  24:          0          0  PCI-MSI-0000:00:01.0    0-edge      AMD-Vi\n"
	"  25:          0        311  IR-PCI-MSIX-0000:00:02.0    0-edge      nvme0q0\n"
	" NMI:          0          0  Non-maskable interrupts\n"
	" LOC:        493        471  Local timer interrupts\n";

static const char ir_off[] =
	"            CPU0       CPU1       \n"
	"   0:         51          0  IO-APIC                 2-edge      timer\n"
	"  12:          0        125  IO-APIC                12-edge      i8042\n"
	"  24:          0          0  PCI-MSI-0000:00:01.0    0-edge      AMD-Vi\n"
	" NMI:          0          0  Non-maskable interrupts\n";

/* host-snapshot.c reduce_interrupts(): counts dropped */
static const char reduced[] = "0: IR-IO-APIC 2-edge timer\n24: PCI-MSI-0000:00:01.0 0-edge AMD-Vi";

static void test_interrupts(void)
{
	struct irq_remap_view v;

	host_text_interrupts(ir_on, &v);
	ok(v.in_use == 1 && v.ir == 3 && v.plain == 0 && v.iommu_own == 1,
	   "IR on: 3 IR- lines, the AMD-Vi MSI set apart");
	is_str(v.ir_chip, "IR-IO-APIC", "IR on: first IR chip");
	host_text_interrupts(ir_off, &v);
	ok(v.in_use == 0 && v.ir == 0 && v.plain == 2 && v.iommu_own == 1,
	   "IR off: 2 plain IO-APIC lines");
	is_str(v.plain_chip, "IO-APIC", "IR off: first plain chip");
	host_text_interrupts(reduced, &v);
	ok(v.in_use == 1 && v.ir == 1 && v.iommu_own == 1, "snapshot-reduced text");
	/* only the IOMMU's own interrupt: nothing to tell from */
	host_text_interrupts("  24:  0  PCI-MSI-0000:00:01.0  0-edge  AMD-Vi\n", &v);
	ok(v.in_use == -1 && v.iommu_own == 1, "only AMD-Vi: cannot tell");
	host_text_interrupts(NULL, &v);
	ok(v.in_use == -1 && v.ir == 0, "NULL: cannot tell");
	/* a plain PCI-MSIX of a device, no line break at the end */
	host_text_interrupts("  40:  1  2  3  PCI-MSIX-0000:03:00.0  0-edge  eth0", &v);
	ok(v.in_use == 0 && v.plain == 1, "PCI-MSIX without IR-, 3 CPUs");
	is_str(v.plain_chip, "PCI-MSIX-0000:03:00.0", "plain chip name kept whole");
	/* lines without a chip or with other chips */
	host_text_interrupts("  7:  0\n  9:  0  XT-PIC  9-edge  acpi\nERR:  0\n", &v);
	ok(v.in_use == -1 && v.ir == 0 && v.plain == 0, "no chip / XT-PIC: cannot tell");
}

static void test_cpuinfo(void)
{
	static const char ci[] =
		"processor\t: 0\nvendor_id\t: AuthenticAMD\n"
		"flags\t\t: fpu vme svm sme sev sev_es la57 sev_snp\n"
		"bugs\t\t: sysret_ss_attrs\nprocessor\t: 1\nflags\t\t: fpu\n";
	struct cpu_flags f;

	ok(host_text_cpuinfo(ci, &f) == 0 && f.found && f.la57 && f.svm && f.sme && f.sev &&
	   f.sev_es && f.sev_snp, "first flags line read");
	ok(host_text_cpu_flag(ci, "fpu") && !host_text_cpu_flag(ci, "sev_s") &&
	   !host_text_cpu_flag(ci, "sysret_ss_attrs"), "whole words of the flags line only");
	ok(host_text_cpuinfo("flags\t\t: fpu sev_snpx xla57\n", &f) == 0 && !f.la57 && !f.sev_snp,
	   "no partial matches");
	ok(host_text_cpuinfo("vendor_id\t: AuthenticAMD\nflagsx : la57\n", &f) == -ENOENT &&
	   !f.found && !f.la57, "no flags line");
	/* the snapshot keeps only "flags ... : ..." */
	ok(host_text_cpuinfo("flags : la57", &f) == 0 && f.la57, "reduced flags line");
}

static void test_lockdown(void)
{
	char b[32];

	ok(host_text_lockdown("none [integrity] confidentiality\n", b, sizeof(b)) == 0 &&
	   !strcmp(b, "integrity"), "integrity");
	ok(host_text_lockdown("[none] integrity confidentiality\n", b, sizeof(b)) == 0 &&
	   !strcmp(b, "none"), "none");
	ok(host_text_lockdown("none integrity [confidentiality]", b, sizeof(b)) == 0 &&
	   !strcmp(b, "confidentiality"), "confidentiality");
	ok(host_text_lockdown("none integrity confidentiality", b, sizeof(b)) == -EINVAL &&
	   !b[0], "no brackets");
	ok(host_text_lockdown("[none] [integrity]", b, sizeof(b)) == -EINVAL, "two brackets");
	ok(host_text_lockdown("[]", b, sizeof(b)) == -EINVAL, "empty brackets");
	ok(host_text_lockdown("none [confidentiality]", b, 8) == -EINVAL, "does not fit");
	ok(host_text_lockdown(NULL, b, sizeof(b)) == -EINVAL, "NULL");
}

static void test_param_bool(void)
{
	ok(host_text_param_bool("Y\n") == 1 && host_text_param_bool("N\n") == 0,
	   "param_get_bool Y/N");
	ok(host_text_param_bool("1") == 1 && host_text_param_bool("0\n") == 0, "bint 1/0");
	ok(host_text_param_bool("y") == -EINVAL && host_text_param_bool("") == -EINVAL &&
	   host_text_param_bool("YY") == -EINVAL && host_text_param_bool("Y\n\n") == -EINVAL &&
	   host_text_param_bool(NULL) == -EINVAL, "anything else is -EINVAL");
}

int main(void)
{
	test_interrupts();
	test_cpuinfo();
	test_lockdown();
	test_param_bool();
	return done_testing();
}
