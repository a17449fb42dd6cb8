// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kcmdline_parse() against vectors worked out by hand from the Linux 7.3
 * sources: lib/cmdline.c next_arg(), kernel/params.c parse_args(),
 * init/main.c (do_early_param, unknown_bootoption, obsolete_checksetup)
 * and each handler named in the test's comment.  Log texts are the
 * kernel's format strings filled in by hand, with their pr_fmt() prefix.
 */
#include "config.h"

#include <stdlib.h>

#include "kcmdline.h"
#include "tap.h"

static struct kcmdline k;

static void parse(const char *text)
{
	kcmdline_free(&k);
	kcmdline_parse(text, &k);
}

/* The first note whose log (or, with @in_msg, message) contains @s. */
static const struct kcl_note *find(const char *s, bool in_msg)
{
	for (size_t i = 0; i < kcmdline_note_count(&k); i++) {
		const struct kcl_note *n = kcmdline_note(&k, i);
		const char *t = in_msg ? n->message : n->log;

		if (t && strstr(t, s))
			return n;
	}
	return NULL;
}

static size_t count(enum kcl_severity sev)
{
	size_t c = 0;

	for (size_t i = 0; i < kcmdline_note_count(&k); i++)
		c += kcmdline_note(&k, i)->severity == sev;
	return c;
}

static void dump_notes(void)
{
	for (size_t i = 0; i < kcmdline_note_count(&k); i++) {
		const struct kcl_note *n = kcmdline_note(&k, i);

		diag("note %zu word %d %s=%s [%s] %s | log: %s | %s", i, n->word, n->param,
		     n->value ? n->value : "(none)", kcl_severity_name(n->severity),
		     n->kernel_function, n->log ? n->log : "-", n->message);
	}
}

/* A note with exactly this log line, at this severity, on this word. */
static void has_log(const char *log, enum kcl_severity sev, int word, const char *name)
{
	const struct kcl_note *n = find(log, false);

	if (!ok(n && !strcmp(n->log, log) && n->severity == sev && n->word == word, "%s", name))
		dump_notes();
}

static void test_split(void)
{
	/* next_arg(): quotes group spaces, "--" ends the kernel's part */
	parse("  a=1   b  \"c=x y\" d=\"p q\" --  amd_iommu=off");
	is_u64((uint64_t)k.words, 4, "split: four words before --");
	ok(!k.amd_off, "split: amd_iommu=off after -- goes to init, not the driver");
	parse(NULL);
	ok(k.words == 0 && kcmdline_note_count(&k) == 0, "NULL: no words, no notes");
	parse("");
	ok(k.words == 0 && k.strict == -1 && k.def_domain == KCL_DOMAIN_DEFAULT,
	   "empty: defaults");

	/* next_arg(): value quotes dropped, the handler sees pt,pgtbl_v2 */
	parse("amd_iommu=\"pt,pgtbl_v2\"");
	has_log("AMD-Vi: Unknown option - 'pt,pgtbl_v2'", KCL_WARN, 0,
		"quoted value: unknown 'pt' logged with the rest of the list");
	ok(k.amd_pgtable == KCL_PGTABLE_V2, "quoted value: pgtbl_v2 still applied");

	/* an unbalanced quote swallows the rest of the line into one value,
	 * and parse_amd_iommu_options() then matches "off" as a prefix */
	parse("amd_iommu=\"off iommu=pt");
	ok(k.words == 1 && k.amd_off && k.def_domain == KCL_DOMAIN_DEFAULT,
	   "unbalanced quote: one word, off, no iommu=pt");

	/* lib/ctype.c: 0xa0 is white space for the kernel */
	parse("iommu=pt\xa0" "amd_iommu=off");
	ok(k.words == 2 && k.amd_off && k.def_domain == KCL_DOMAIN_IDENTITY,
	   "0xa0 separates words");

	/* a fully quoted word loses both quotes */
	parse("\"iommu.strict=0\"");
	is_u64((uint64_t)k.strict, 0, "quoted word: iommu.strict=0");

	/* BOOT_IMAGE and plain unrelated words give no notes */
	parse("BOOT_IMAGE=/boot/vmlinuz-7.3 root=/dev/sda1 ro quiet console=ttyS0");
	is_u64(kcmdline_note_count(&k), 0, "unrelated words: no notes");
}

static void test_amd_iommu(void)
{
	/* parse_amd_iommu_options(): the issue's example */
	parse("amd_iommu=pt,pgtbl_v2");
	has_log("AMD-Vi: Unknown option - 'pt,pgtbl_v2'", KCL_WARN, 0, "pt,pgtbl_v2: unknown pt");
	ok(find("iommu=pt or iommu.passthrough=1", true) != NULL, "pt: hint names iommu=pt");
	ok(kcmdline_amd_pgtable(&k) == KCL_PGTABLE_V2 && k.amd_pgtable_from.word == 0,
	   "pt,pgtbl_v2: pgtable v2 from word 0");
	ok(!kcmdline_identity_by_cmdline(&k), "amd_iommu=pt is not passthrough");

	parse("amd_iommu=pgtbl_v2 amd_iommu=pgtbl_v1");
	ok(k.amd_pgtable == KCL_PGTABLE_V1 && k.amd_pgtable_from.word == 1,
	   "pgtbl: the last word wins");
	ok(find("overrides the earlier pgtbl_v2", true) != NULL, "pgtbl: override noted");

	parse("amd_iommu=nohugepages,v2_pgsizes_only");
	ok(k.amd_pgsizes == KCL_PGSIZES_V2, "page sizes: the last one wins");
	has_log("AMD-Vi: Restricting V1 page-sizes to 4KiB", KCL_INFO, 0, "nohugepages log");
	has_log("AMD-Vi: Restricting V1 page-sizes to 4KiB/2MiB/1GiB", KCL_INFO, 0,
		"v2_pgsizes_only log");

	/* strncmp(str, "off", 3): "offline" is off */
	parse("amd_iommu=offline");
	ok(k.amd_off && kcmdline_amd_iommu_off(&k), "offline is off");
	ok(find("'offline' is taken as 'off'", true) != NULL, "offline: prefix noted");

	/* flags add up across words, and "force_isolation,,irtcachedis"
	 * skips the empty element (while (*str == ',') str++) */
	parse("amd_iommu=force_enable amd-iommu=force_isolation,,irtcachedis");
	ok(k.amd_force_enable && k.amd_force_isolation && k.amd_irtcachedis && !k.amd_off,
	   "flags accumulate; '-' equals '_' in the name (parameqn)");
	is_u64(count(KCL_WARN) + count(KCL_ERROR), 0, "flags: no warnings");

	/* fullflush -> iommu_set_dma_strict(), after the early iommu.strict=0 */
	parse("iommu.strict=0 amd_iommu=fullflush");
	ok(k.strict == 0 && kcmdline_strict(&k) == 1, "fullflush wins over iommu.strict=0");
	has_log("AMD-Vi: amd_iommu=fullflush deprecated; use iommu.strict=1 instead", KCL_WARN, 1,
		"fullflush: deprecation log");

	parse("amd_iommu=");
	ok(find("empty value", true) && !k.amd_off, "empty amd_iommu=: nothing");

	/* "amd_iommu" without '=' matches no __setup(): handed to init */
	parse("amd_iommu");
	has_log("Unknown kernel command line parameters \"amd_iommu\", will be passed to user space.",
		KCL_WARN, 0, "bare amd_iommu is unknown");
	parse("amd_iommu_foo=1");
	has_log("Unknown kernel command line parameters \"amd_iommu_foo=1\", will be passed to user space.",
		KCL_WARN, 0, "amd_iommu_foo is unknown");
}

static void test_amd_intr_dump(void)
{
	/* parse_amd_iommu_intr() */
	parse("amd_iommu_intr=legacy");
	ok(k.amd_guest_ir == KCL_GUEST_IR_LEGACY_GA, "intr=legacy is LEGACY_GA");
	parse("amd_iommu_intr=vapic");
	ok(k.amd_guest_ir == KCL_GUEST_IR_VAPIC && count(KCL_INFO) == 0, "intr=vapic, no notes");
	parse("amd_iommu_intr=legacy_ga");
	ok(k.amd_guest_ir == KCL_GUEST_IR_LEGACY_GA && find("read as legacy", true),
	   "intr=legacy_ga matches legacy at 0");
	parse("amd_iommu_intr=xxvapicyy");
	ok(k.amd_guest_ir == KCL_GUEST_IR_VAPIC, "intr: vapic found inside the value");
	parse("amd_iommu_intr=foo");
	ok(k.amd_guest_ir == KCL_GUEST_IR_DEFAULT && find("neither legacy nor vapic", true),
	   "intr=foo ignored silently");
	parse("amd_iommu_intr=legacy amd_iommu_intr=bogus amd_iommu_intr=vapic");
	ok(k.amd_guest_ir == KCL_GUEST_IR_VAPIC && k.amd_guest_ir_from.word == 2 &&
	   find("overrides amd_iommu_intr= of word 0", true), "intr: last match wins");

	/* parse_amd_iommu_dump() ignores what follows the name */
	parse("amd_iommu_dump=0");
	ok(k.amd_dump && find("IVRS dump is on", true), "amd_iommu_dump=0 still dumps");
	parse("amd_iommu_dump");
	ok(k.amd_dump && kcmdline_note_count(&k) == 0, "amd_iommu_dump: on, no note");
}

static void test_ivrs(void)
{
	const struct kcl_ivrs *e;

	/* parse_ivrs_ioapic(): "=%d@%x:%x.%x" */
	parse("ivrs_ioapic=10@00:14.0");
	e = k.ivrs;
	ok(k.n_ivrs == 1 && e->type == KCL_IVRS_IOAPIC && e->id == 10 && e->sbdf == 0xa0 &&
	   e->effective && !e->deprecated_form, "ioapic 10 @ 00:14.0 = devid 0x00a0");
	is_u64(kcmdline_note_count(&k), 0, "ioapic: no notes");

	/* "=%d@%x:%x.%x" stops at ':' (3), "=%d@%x:%x:%x.%x" takes 5 */
	parse("ivrs_ioapic=33@0001:00:14.2");
	ok(k.n_ivrs == 1 && k.ivrs[0].sbdf == 0x100a2, "ioapic with segment: 0x000100a2");

	/* deprecated "[%d]=%x:%x.%x" */
	parse("ivrs_ioapic[32]=00:14.0");
	has_log("AMD-Vi: ivrs_ioapic[32]=00:14.0 option format deprecated; use ivrs_ioapic=32@0000:00:14.0 instead",
		KCL_WARN, 0, "ioapic old form: deprecation log");
	ok(k.n_ivrs == 1 && k.ivrs[0].id == 32 && k.ivrs[0].deprecated_form, "ioapic old form kept");

	parse("ivrs_ioapic=zz");
	has_log("AMD-Vi: Invalid command line: ivrs_ioapic=zz", KCL_ERROR, 0, "ioapic invalid");
	ok(k.n_ivrs == 0, "ioapic invalid: no entry");

	/* %x skips 0x; sscanf stops after the 4th conversion (junk ignored) */
	parse("ivrs_hpet=0@0x00:0x14.0junk");
	ok(k.n_ivrs == 1 && k.ivrs[0].type == KCL_IVRS_HPET && k.ivrs[0].sbdf == 0xa0,
	   "hpet: 0x prefixes and trailing junk");

	/* struct devid_map.id is u8: 300 -> 44, -1 -> 255 */
	parse("ivrs_ioapic=300@00:14.0 ivrs_ioapic=-1@00:14.1");
	ok(k.n_ivrs == 2 && k.ivrs[0].id == 44 && k.ivrs[1].id == 255 &&
	   find("it becomes 44", true), "ioapic id truncated to u8");

	/* add_special_device(): the first command-line entry of an id wins */
	parse("ivrs_ioapic=10@00:14.0 ivrs_ioapic=10@00:00.1");
	ok(k.n_ivrs == 2 && k.ivrs[0].effective && !k.ivrs[1].effective,
	   "duplicate ioapic id: first wins");
	has_log("AMD-Vi: Command-line override present for IOAPIC id 10 - ignoring", KCL_WARN, 1,
		"duplicate ioapic log");

	/* EARLY_MAP_SIZE 4 */
	parse("ivrs_hpet=0@0:1.0 ivrs_hpet=1@0:1.1 ivrs_hpet=2@0:1.2 ivrs_hpet=3@0:1.3 ivrs_hpet=4@0:1.4");
	ok(k.n_ivrs == 4, "hpet: 4 kept");
	has_log("AMD-Vi: Early HPET map overflow - ignoring ivrs_hpet=4@0:1.4", KCL_ERROR, 4,
		"hpet: 5th overflows");

	/* parse_ivrs_acpihid() new form */
	parse("ivrs_acpihid=AMDI0020:0@00:14.5");
	e = k.ivrs;
	ok(k.n_ivrs == 1 && e->type == KCL_IVRS_ACPIHID && !strcmp(e->hid, "AMDI0020") &&
	   !strcmp(e->uid, "0") && e->sbdf == 0xa5, "acpihid AMDI0020:0 @ 00:14.5");
	parse("ivrs_acpihid=AMDI0095:007@0001:00:14.5");
	ok(k.n_ivrs == 1 && !strcmp(k.ivrs[0].uid, "7") && k.ivrs[0].sbdf == 0x100a5,
	   "acpihid: leading zeros of the UID dropped, segment kept");
	parse("ivrs_acpihid=AMDI0095:00@00:14.5");
	ok(k.n_ivrs == 1 && !strcmp(k.ivrs[0].uid, "0"), "acpihid: UID 00 is 0");

	/* strsep() leaves an empty UID after a final ':', and the driver takes
	 * it; add_acpi_hid_device() then treats it as matching any UID */
	parse("ivrs_acpihid=AMDI0020:@00:14.5 ivrs_acpihid=AMDI0020:3@00:14.6");
	ok(k.n_ivrs == 2 && !strcmp(k.ivrs[0].uid, "") && !k.ivrs[1].effective,
	   "acpihid: empty UID accepted and matches any UID");

	/* old form "[%x:%x.%x]=%s" */
	parse("ivrs_acpihid[00:14.5]=AMD0020:0");
	has_log("AMD-Vi: ivrs_acpihid[00:14.5]=AMD0020:0 option format deprecated; use ivrs_acpihid=AMD0020:0@0000:00:14.5 instead",
		KCL_WARN, 0, "acpihid old form log");
	ok(k.n_ivrs == 1 && k.ivrs[0].deprecated_form && !strcmp(k.ivrs[0].hid, "AMD0020"),
	   "acpihid old form kept");

	/* the new form cuts at '@' before logging */
	parse("ivrs_acpihid=AMDI0020:0@zz");
	has_log("AMD-Vi: Invalid command line: ivrs_acpihid=AMDI0020:0", KCL_ERROR, 0,
		"acpihid bad address: message shows the part before @");
	parse("ivrs_acpihid=AMDI0020@00:14.5");
	has_log("AMD-Vi: Invalid command line: hid or uid", KCL_ERROR, 0, "acpihid without UID");
	parse("ivrs_acpihid=ABCDEFGHI:0@00:14.5");
	has_log("AMD-Vi: Invalid command line: hid is too long", KCL_ERROR, 0,
		"acpihid HID of 9 characters");
	ok(k.n_ivrs == 0, "acpihid too long: no entry");

	/* add_acpi_hid_device(): same HID, UID equal: the first wins */
	parse("ivrs_acpihid=AMDI0020:0@00:14.5 ivrs_acpihid=AMDI0020:0@00:14.6");
	ok(k.n_ivrs == 2 && !k.ivrs[1].effective, "duplicate acpihid: first wins");
	has_log("AMD-Vi: Command-line override for hid:AMDI0020 uid:0", KCL_WARN, 1,
		"duplicate acpihid log");
}

static void test_core(void)
{
	const char *why = NULL;

	/* iommu_setup(): pt -> iommu_set_default_passthrough(true) */
	parse("iommu=pt");
	ok(kcmdline_default_domain(&k, &why) == KCL_DOMAIN_IDENTITY &&
	   kcmdline_identity_by_cmdline(&k), "iommu=pt: identity by command line");
	ok(why && strstr(why, "iommu=pt (word 0)") && strstr(why, "iommu_setup()"),
	   "iommu=pt: why names the word and iommu_setup()");
	ok(find("SNP cannot be supported", true) != NULL, "iommu=pt: SNP consequence noted");

	parse("iommu=pt iommu.passthrough=0");
	ok(k.def_domain == KCL_DOMAIN_TRANSLATED && k.def_domain_from.word == 1 &&
	   find("overriding word 0", true), "iommu.passthrough=0 after iommu=pt: translated");
	parse("iommu.passthrough=1 iommu=nopt");
	ok(k.def_domain == KCL_DOMAIN_TRANSLATED, "iommu=nopt after passthrough=1");
	parse("iommu=pt,nopt");
	ok(k.def_domain == KCL_DOMAIN_TRANSLATED, "pt,nopt in one word: nopt last");
	parse("iommu.passthrough=on");
	ok(k.def_domain == KCL_DOMAIN_IDENTITY, "passthrough=on (kstrtobool o[nN])");
	parse("iommu.passthrough=maybe iommu.passthrough");
	has_log("Malformed early option 'iommu.passthrough'", KCL_ERROR, 0,
		"passthrough=maybe: malformed");
	ok(count(KCL_ERROR) == 2 && k.def_domain == KCL_DOMAIN_DEFAULT,
	   "passthrough without a value: malformed too, nothing set");
	parse("");
	kcmdline_default_domain(&k, &why);
	ok(why && strstr(why, "CONFIG_IOMMU_DEFAULT_PASSTHROUGH"), "default: why names Kconfig");

	/* iommu=off: no_iommu */
	parse("iommu=off");
	ok(k.no_iommu && kcmdline_amd_iommu_off(&k), "iommu=off: no AMD IOMMU");
	/* usedac returns 1: Malformed, and pt after it is not read */
	parse("iommu=usedac,pt");
	has_log("Malformed early option 'iommu'", KCL_ERROR, 0, "usedac: malformed");
	ok(k.def_domain == KCL_DOMAIN_DEFAULT, "usedac: pt after it unread");
	parse("iommu=fullflush");
	ok(k.gart_fullflush && kcmdline_strict(&k) == -1 && find("GART option", true),
	   "iommu=fullflush is the GART's");
	parse("iommu=forcesac,foo,soft");
	has_log("forcesac option ignored.", KCL_INFO, 0, "forcesac log");
	ok(find("'foo' is not an option", true) && k.swiotlb_forced, "iommu=foo ignored, soft set");
	parse("iommu");
	has_log("Malformed early option 'iommu'", KCL_ERROR, 0, "bare iommu: malformed");

	/* iommu_dma_setup(): kstrtobool, last wins */
	parse("iommu.strict=1 iommu.strict=0");
	ok(k.strict == 0 && k.strict_from.word == 1 && find("overrides word 0", true),
	   "strict: last wins");
	parse("iommu.strict=enabled");
	ok(k.strict == 1, "strict=enabled (kstrtobool 'e')");
	parse("iommu.strict=Disabled");
	ok(k.strict == 0, "strict=Disabled (kstrtobool 'D')");
	parse("iommu.strict=x");
	ok(k.strict == -1 && find("Malformed early option 'iommu.strict'", false),
	   "strict=x: malformed, unchanged");
	parse("iommu.strictx=1");
	ok(k.strict == -1 && find("not an IOMMU core parameter", true), "iommu.strictx: unknown");

	parse("iommu.forcedac=1");
	has_log("Forcing DAC for PCI devices", KCL_INFO, 0, "forcedac log");
	ok(k.forcedac == 1, "forcedac on");
}

static void test_intremap_pci(void)
{
	/* setup_irqremap() / setup_nointremap() */
	parse("intremap=off");
	ok(k.irq_remap_disabled && k.irq_post_disabled, "intremap=off");
	parse("nointremap intremap=on");
	ok(!k.irq_remap_disabled && k.irq_remap_from.word == 1, "intremap=on after nointremap");
	parse("intremap=nopost");
	ok(!k.irq_remap_disabled && k.irq_post_disabled, "intremap=nopost");
	parse("intremap");
	has_log("Malformed early option 'intremap'", KCL_ERROR, 0, "bare intremap: malformed");
	parse("intremap=foo,nosid");
	ok(find("'foo' is not an option", true) && !find("'nosid'", true),
	   "intremap: foo ignored, nosid known");

	/* pci_setup(): elements cut at ',' */
	parse("pci=noats,disable_acs_redir=0000:00:01.0;0000:00:02.0");
	ok(k.pci_noats && k.pci_disable_acs_redir &&
	   !strcmp(k.pci_disable_acs_redir, "0000:00:01.0;0000:00:02.0"), "pci=noats,disable_acs_redir");
	has_log("PCIe: ATS is disabled", KCL_INFO, 0, "noats log");
	parse("pci=config_acs=1x@0000:00:01.0,noats pci=config_acs=0@0000:00:03.0");
	ok(k.pci_noats && !strcmp(k.pci_config_acs, "0@0000:00:03.0") &&
	   find("replaces the earlier value", true), "pci=config_acs: cut at ',' and last wins");
}

static void test_modules_misc(void)
{
	/* param_set_bool(): kstrtobool, no value = 1, '-' = '_' */
	parse("iommufd.allow_unsafe_interrupts=1");
	is_u64((uint64_t)k.iommufd_unsafe_interrupts, 1, "iommufd unsafe=1");
	parse("iommufd.allow-unsafe-interrupts");
	is_u64((uint64_t)k.iommufd_unsafe_interrupts, 1, "iommufd unsafe without value");
	parse("vfio_iommu_type1.allow_unsafe_interrupts=N kvm_amd.sev_snp=0");
	ok(k.vfio_type1_unsafe_interrupts == 0 && k.kvm_amd_sev_snp == 0, "type1=N, sev_snp=0");
	parse("kvm-amd.sev_snp=maybe");
	has_log("Booting kernel: `maybe' invalid for parameter `kvm-amd.sev_snp'", KCL_ERROR, 0,
		"sev_snp=maybe invalid");
	ok(k.kvm_amd_sev_snp == -1, "sev_snp invalid: unchanged");
	parse("iommufd.allow_unsafe_interrupt=1");
	ok(k.iommufd_unsafe_interrupts == -1 && find("not a parameter of that module", true),
	   "misspelled iommufd parameter");

	/* not mainline: unknown_bootoption() hands it to init */
	parse("pcie_acs_override=downstream,multifunction");
	ok(k.pcie_acs_override, "pcie_acs_override seen");
	has_log("Unknown kernel command line parameters \"pcie_acs_override=downstream,multifunction\", will be passed to user space.",
		KCL_WARN, 0, "pcie_acs_override unknown");

	/* parse_mem_encrypt(): first positions compared; efi_parse_options():
	 * last word wins */
	parse("mem_encrypt=on");
	ok(k.mem_encrypt_decompressor == 1 && k.mem_encrypt_efi_stub == 1 &&
	   kcmdline_mem_encrypt(&k) == 1, "mem_encrypt=on");
	parse("mem_encrypt=off");
	ok(k.mem_encrypt_decompressor == 0 && kcmdline_mem_encrypt(&k) == 0, "mem_encrypt=off");
	parse("mem_encrypt=on mem_encrypt=off");
	ok(kcmdline_mem_encrypt(&k) == 0, "on then off: off on both paths");
	parse("mem_encrypt=off mem_encrypt=on mem_encrypt=off");
	ok(k.mem_encrypt_decompressor == 1 && k.mem_encrypt_efi_stub == 0 &&
	   kcmdline_mem_encrypt(&k) == 2 && find("boot paths disagree", true),
	   "off on off: decompressor on (first on after first off), EFI stub off");
	parse("mem_encrypt=yes");
	ok(kcmdline_mem_encrypt(&k) == -1 && find("exact words", true), "mem_encrypt=yes unread");

	/* a real line from the QEMU samples (stock-unsafe-intr) */
	parse("console=ttyS0 panic=-1 loglevel=7 iommufd.allow_unsafe_interrupts=1\n");
	ok(k.iommufd_unsafe_interrupts == 1 && count(KCL_WARN) + count(KCL_ERROR) == 0,
	   "sample line: unsafe interrupts, no warnings");
}

/* kcmdline_words(): the words as next_arg() splits them */
static char found[256];

static void collect(const char *param, const char *value, void *arg)
{
	size_t l = strlen(found);

	(void)arg;
	snprintf(found + l, sizeof(found) - l, "%s[%s|%s]", l ? " " : "", param,
		 value ? value : "(null)");
}

static void test_words(void)
{
	found[0] = '\0';
	kcmdline_words("  root=/dev/sda amd-iommu=\"pgtbl_v2\" \"iommu.strict=0\" nointremap a=b=c "
		       "-- amd_iommu=force", collect, NULL);
	/* value quotes and a quoted word's quotes dropped, a word without '='
	 * has no value, the first '=' splits, nothing after "--" */
	is_str(found, "[root|/dev/sda] [amd-iommu|pgtbl_v2] [iommu.strict|0] [nointremap|(null)] [a|b=c]",
	       "words: split as next_arg() does, up to --");
	found[0] = '\0';
	kcmdline_words(NULL, collect, NULL);
	is_str(found, "", "words: a NULL line has none");
	ok(kcmdline_parameq("amd-iommu", "amd_iommu") && kcmdline_parameq("amd_iommu", "amd_iommu") &&
	   !kcmdline_parameq("amd_iommu_intr", "amd_iommu") && !kcmdline_parameq("iommu", "iommu.strict"),
	   "parameq: '-' and '_' are the same, nothing else");
}

int main(void)
{
	test_words();
	test_split();
	test_amd_iommu();
	test_amd_intr_dump();
	test_ivrs();
	test_core();
	test_intremap_pci();
	test_modules_misc();
	ok(!strcmp(kcl_severity_name(KCL_WARN), "warn") && !strcmp(kcl_pgtable_name(KCL_PGTABLE_V2), "v2") &&
	   !strcmp(kcl_domain_name(KCL_DOMAIN_IDENTITY), "identity") &&
	   !strcmp(kcl_ivrs_type_name(KCL_IVRS_ACPIHID), "acpihid"), "names");
	kcmdline_free(&k);
	return done_testing();
}
