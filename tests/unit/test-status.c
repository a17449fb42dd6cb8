// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status_build() as a pure function: the inputs are set by hand, the
 * command line goes through kcmdline_parse() and facts_cmdline() as in a
 * run.  Expected values follow the kernel's rules:
 *  - default page table: drivers/iommu/amd/init.c decides
 *    amd_iommu_pgtable; amd_iommu=pgtbl_v2 exists from 6.1 (older
 *    kernels warn about an unknown word and keep V1), and V2 needs
 *    GTSup (EFR bit 4) and GIoSup (EFR bit 48), else the driver falls
 *    back to V1; V2 uses 5 levels when the CPU runs LA57 and EFR GATS
 *    (bits 13:12) is 1 (amd_iommu_gpt_level);
 *  - the command line: each occurrence runs its __setup()/early_param
 *    handler again, so the last one wins (init/main.c, parse_args());
 *  - interrupt remapping: any chip named IR-* in /proc/interrupts
 *    (kernel/irq/proc.c show_interrupts() prints irq_chip.name, which
 *    the IR domains prefix with "IR-").
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "efr.h"
#include "host-text.h"
#include "json.h"
#include "status.h"
#include "tap.h"

#define EFR_V2 (EFR_GT_SUP | EFR_GIO_SUP)

struct vec {
	const char *name;
	int kmajor, kminor;
	const char *cmdline;
	uint64_t efr;
	bool la57;
	const char *pgtable;   /* expected default_pgtable.value, NULL: null */
	int levels;            /* expected default_pgtable.levels, 0: null */
};

static const struct vec pgtable_vecs[] = {
	{ "5.19 + pgtbl_v2: unknown word, V1", 5, 19, "amd_iommu=pgtbl_v2", EFR_V2, false, "v1", 0 },
	{ "6.0 + pgtbl_v2: V1", 6, 0, "quiet amd_iommu=pgtbl_v2", EFR_V2, false, "v1", 0 },
	{ "6.1 + pgtbl_v2 + GT/GIoSup: V2, 4 levels", 6, 1, "amd_iommu=pgtbl_v2", EFR_V2, false, "v2", 4 },
	{ "6.8 + pgtbl_v2 without GIoSup: falls back to V1", 6, 8, "amd_iommu=pgtbl_v2",
	  EFR_GT_SUP, false, "v1", 0 },
	{ "6.8 + pgtbl_v2 without GTSup: V1", 6, 8, "amd_iommu=pgtbl_v2", EFR_GIO_SUP, false, "v1", 0 },
	{ "6.8, no pgtbl word: V1", 6, 8, "root=/dev/sda1", EFR_V2, false, "v1", 0 },
	{ "6.8 + la57 + GATS=1: V2, 5 levels", 6, 8, "amd_iommu=pgtbl_v2",
	  EFR_V2 | (1ULL << 12), true, "v2", 5 },
	{ "6.8 + la57 + GATS=0: V2, 4 levels", 6, 8, "amd_iommu=pgtbl_v2", EFR_V2, true, "v2", 4 },
	{ "last one wins: pgtbl_v2 then pgtbl_v1", 6, 8, "amd_iommu=pgtbl_v2 amd_iommu=pgtbl_v1",
	  EFR_V2, false, "v1", 0 },
	{ "last one wins: pgtbl_v1 then pgtbl_v2", 6, 8, "amd_iommu=pgtbl_v1 amd_iommu=pgtbl_v2",
	  EFR_V2, false, "v2", 4 },
	{ "comma list: amd_iommu=force_isolation,pgtbl_v2", 6, 8,
	  "amd_iommu=force_isolation,pgtbl_v2", EFR_V2, false, "v2", 4 },
};

/* A facts struct as facts_load() leaves it, from a command line. */
static void facts_from(struct facts *f, int kmajor, int kminor, const char *cmdline, bool la57)
{
	memset(f, 0, sizeof(*f));
	f->kmajor = kmajor;
	f->kminor = kminor;
	f->kernel_release = NULL;
	f->cmdline = (char *)cmdline;
	kcmdline_parse(cmdline, &f->kcl);
	facts_cmdline(&f->kcl, &f->cl);
	f->la57 = la57;
	f->lockdown = NULL;
}

static void in_from(struct status_in *in, const struct facts *f, uint64_t efr)
{
	memset(in, 0, sizeof(*in));
	in->f = f;
	in->n_iommus = 1;
	in->have_efr = true;
	in->efr = efr;
	in->ivrs = true;
	in->ir = -1;
	in->iommufd = true;
	in->vfio_pci_cdev = -1;
}

/* Whether the reasons array has one with topic @topic. */
static bool has_reason(json_object *o, const char *topic)
{
	json_object *r = json_path(o, "reasons");

	for (size_t i = 0; i < json_object_array_length(r); i++)
		if (!strcmp(json_path_str(json_object_array_get_idx(r, i), "topic"), topic))
			return true;
	return false;
}

static void test_pgtable(void)
{
	for (size_t i = 0; i < sizeof(pgtable_vecs) / sizeof(pgtable_vecs[0]); i++) {
		const struct vec *v = &pgtable_vecs[i];
		struct facts f;
		struct status_in in;
		json_object *o, *lv;

		facts_from(&f, v->kmajor, v->kminor, v->cmdline, v->la57);
		in_from(&in, &f, v->efr);
		o = status_build(&in);
		is_str(json_path_str(o, "default_pgtable.value"), v->pgtable, v->name);
		lv = json_path(o, "default_pgtable.levels");
		is_u64(lv ? (uint64_t)json_object_get_int(lv) : 0, (uint64_t)v->levels, v->name);
		is_str(json_path_str(o, "default_pgtable.source"), "cmdline+efr", v->name);
		json_object_put(o);
		kcmdline_free(&f.kcl);
	}
}

/* A DTE that shows V1 although pgtbl_v2 was asked: the driver fell back. */
static void test_dte_fallback(void)
{
	struct facts f;
	struct status_in in;
	json_object *o;

	facts_from(&f, 6, 8, "amd_iommu=pgtbl_v2", false);
	in_from(&in, &f, EFR_GT_SUP);
	in.dte_found = true;
	strcpy(in.dte_bdf, "0000:00:03.0");
	in.dte_group_type = "DMA";
	in.dte_class = "v1";
	in.dte_levels = 3;
	o = status_build(&in);
	is_str(json_path_str(o, "default_pgtable.value"), "v1", "DTE: value from the DTE");
	is_u64((uint64_t)json_object_get_int(json_path(o, "default_pgtable.levels")), 3,
	       "DTE: levels from the DTE");
	is_str(json_path_str(o, "default_pgtable.source"), "dte", "DTE: source dte");
	ok(has_reason(o, "default_pgtable"), "DTE v1 with pgtbl_v2 asked: a reason says why");
	json_object_put(o);
	kcmdline_free(&f.kcl);

	facts_from(&f, 6, 8, "", false);
	in_from(&in, &f, EFR_V2);
	in.dte_found = true;
	strcpy(in.dte_bdf, "0000:00:03.0");
	in.dte_group_type = "DMA";
	in.dte_class = "v1";
	in.dte_levels = 4;
	o = status_build(&in);
	ok(!has_reason(o, "default_pgtable"), "DTE v1 without pgtbl_v2: no reason");
	json_object_put(o);
	kcmdline_free(&f.kcl);
}

struct cl_vec {
	const char *cmdline;
	const char *ddt, *ddt_src;  /* default_domain_type and its source */
	int strict;                 /* -1: null */
	bool off;
};

/* group counts below: 3 DMA-FQ, 1 identity, so "groups" says DMA-FQ */
static const struct cl_vec cl_vecs[] = {
	{ "", "DMA-FQ", "groups", -1, false },
	{ "iommu=pt", "identity", "cmdline", -1, false },
	{ "iommu=pt iommu=nopt", "DMA-FQ", "groups", -1, false },
	{ "iommu=nopt iommu=pt", "identity", "cmdline", -1, false },
	{ "iommu.passthrough=1 iommu.passthrough=0", "DMA-FQ", "groups", -1, false },
	{ "iommu.passthrough=0 iommu.passthrough=1", "identity", "cmdline", -1, false },
	{ "iommu.strict=1", "DMA-FQ", "groups", 1, false },
	{ "iommu.strict=1 iommu.strict=0", "DMA-FQ", "groups", 0, false },
	{ "iommu.strict=0 iommu.strict=1", "DMA-FQ", "groups", 1, false },
	{ "amd_iommu=off", "DMA-FQ", "groups", -1, true },
};

static void test_cmdline(void)
{
	for (size_t i = 0; i < sizeof(cl_vecs) / sizeof(cl_vecs[0]); i++) {
		const struct cl_vec *v = &cl_vecs[i];
		struct facts f;
		struct status_in in;
		json_object *o, *s;
		char name[160];

		facts_from(&f, 6, 8, v->cmdline, false);
		in_from(&in, &f, 0);
		in.group_types[GT_DMA_FQ] = 3;
		in.group_types[GT_IDENTITY] = 1;
		o = status_build(&in);
		snprintf(name, sizeof(name), "'%s': default_domain_type", v->cmdline);
		is_str(json_path_str(o, "default_domain_type"), v->ddt, name);
		snprintf(name, sizeof(name), "'%s': its source", v->cmdline);
		is_str(json_path_str(o, "default_domain_type_source"), v->ddt_src, name);
		s = json_path(o, "strict");
		snprintf(name, sizeof(name), "'%s': strict", v->cmdline);
		is_u64(s ? (uint64_t)json_object_get_boolean(s) : (uint64_t)-1, (uint64_t)(int64_t)v->strict,
		       name);
		snprintf(name, sizeof(name), "'%s': amd_iommu_off", v->cmdline);
		ok(json_object_get_boolean(json_path(o, "amd_iommu_off")) == v->off, "%s", name);
		json_object_put(o);
		kcmdline_free(&f.kcl);
	}
}

struct ir_vec {
	const char *name, *interrupts;
	int ir;   /* the verdict's value: 1, 0, -1 null */
};

static const struct ir_vec ir_vecs[] = {
	{ "one IR-PCI-MSI line among plain ones",
	  "            CPU0       CPU1\n"
	  "   0:         44          0   IO-APIC    2-edge      timer\n"
	  "  24:          0          0  IR-PCI-MSI-0000:00:02.0  0-edge  nvme0q0\n"
	  "  25:          5          0   PCI-MSI-0000:00:03.0   0-edge  eth0\n", 1 },
	{ "only IR-IO-APIC",
	  "   1:          9          0  IR-IO-APIC    1-edge      i8042\n", 1 },
	{ "plain IO-APIC and PCI-MSI only",
	  "   0:         44          0   IO-APIC    2-edge      timer\n"
	  "  25:          5          0   PCI-MSI-0000:00:03.0   0-edge  eth0\n", 0 },
	{ "the IOMMU's own MSI does not count",
	  "  24:          0          0   PCI-MSI-0000:00:00.2   0-edge  AMD-Vi\n", -1 },
	{ "no numbered lines", " NMI:          0          0  Non-maskable interrupts\n", -1 },
};

static void test_ir(void)
{
	for (size_t i = 0; i < sizeof(ir_vecs) / sizeof(ir_vecs[0]); i++) {
		const struct ir_vec *v = &ir_vecs[i];
		struct irq_remap_view rv;
		struct facts f;
		struct status_in in;
		json_object *o, *val;
		char name[160];

		host_text_interrupts(v->interrupts, &rv);
		facts_from(&f, 6, 8, "", false);
		in_from(&in, &f, 0);
		in.ir = rv.in_use;
		in.ir_source = "/proc/interrupts";
		o = status_build(&in);
		val = json_path(o, "interrupt_remapping.value");
		snprintf(name, sizeof(name), "IR: %s", v->name);
		is_u64(val ? (uint64_t)json_object_get_boolean(val) : (uint64_t)-1,
		       (uint64_t)(int64_t)v->ir, name);
		snprintf(name, sizeof(name), "IR: %s: a reason exactly when off", v->name);
		ok(has_reason(o, "interrupt_remapping") == (v->ir == 0), "%s", name);
		json_object_put(o);
		kcmdline_free(&f.kcl);
	}
}

static void test_group_type_index(void)
{
	is_u64((uint64_t)status_group_type_index("DMA"), GT_DMA, "group type DMA");
	is_u64((uint64_t)status_group_type_index("DMA-FQ"), GT_DMA_FQ, "group type DMA-FQ");
	is_u64((uint64_t)status_group_type_index("identity"), GT_IDENTITY, "group type identity");
	ok(status_group_type_index("dma") < 0, "group type names are case-sensitive");
	ok(status_group_type_index(NULL) < 0, "no group type");
}

int main(void)
{
	test_pgtable();
	test_dte_fallback();
	test_cmdline();
	test_ir();
	test_group_type_index();
	return done_testing();
}
