// SPDX-License-Identifier: GPL-2.0-or-later
/* Host facts: pure parsers, then the reads that feed them (once per run). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "host-text.h"
#include "host.h"
#include "util.h"

/* ---- pure ------------------------------------------------------------------- */

void facts_cmdline(const struct kcmdline *k, struct cmdline_facts *cl)
{
	enum kcl_pgtable pt = kcmdline_amd_pgtable(k);

	cl->amd_iommu_off = kcmdline_amd_iommu_off(k);
	cl->pgtbl = pt == KCL_PGTABLE_V2 ? 2 : pt == KCL_PGTABLE_V1 ? 1 : 0;
	cl->passthrough = k->def_domain == KCL_DOMAIN_IDENTITY ? 1 :
			  k->def_domain == KCL_DOMAIN_TRANSLATED ? 0 : -1;
	cl->strict = kcmdline_strict(k);
}

/* ---- reads ------------------------------------------------------------------- */

#define DEBUGFS_AMD "/sys/kernel/debug/iommu/amd"

static void probe_debugfs(struct facts *f)
{
	f->debugfs_err = host_probe(f->h, DEBUGFS_AMD "/devtbl");
	if (f->debugfs_err == -ENOENT && host_probe(f->h, "/sys/kernel/debug") == -EACCES)
		f->debugfs_err = -EACCES;
	/* Under lockdown debugfs refuses writable files even for reading. */
	if (!f->debugfs_err && f->lockdown && strcmp(f->lockdown, "none"))
		f->debugfs_err = -EPERM;
}

void facts_load(struct facts *f, struct host *h)
{
	char *s = NULL;

	memset(f, 0, sizeof(*f));
	f->h = h;
	if (!host_read_line(h, "/proc/sys/kernel/osrelease", &s)) {
		if (sscanf(s, "%d.%d", &f->kmajor, &f->kminor) != 2)
			f->kmajor = f->kminor = 0;
		f->kernel_release = s;
	}
	f->cmdline_err = host_read_line(h, "/proc/cmdline", &f->cmdline);
	if (f->cmdline_err)
		f->cmdline = NULL;
	kcmdline_parse(f->cmdline ? f->cmdline : "", &f->kcl);
	facts_cmdline(&f->kcl, &f->cl);
	if (!host_read_head(h, "/proc/cpuinfo", 1 << 22, &s)) {
		f->la57 = host_text_cpu_flag(s, "la57");
		free(s);
	}
	if (!host_read_line(h, "/sys/kernel/security/lockdown", &s)) {
		char mode[32];

		if (!host_text_lockdown(s, mode, sizeof(mode)))
			f->lockdown = xstrdup(mode);
		free(s);
	}
	probe_debugfs(f);
}

void facts_free(struct facts *f)
{
	free(f->kernel_release);
	free(f->cmdline);
	free(f->lockdown);
	kcmdline_free(&f->kcl);
}

int facts_ir(struct facts *f)
{
	char *text = NULL;

	if (f->have_ir)
		return f->ir;
	f->have_ir = true;
	f->ir = -1;
	f->ir_source = NULL;
	f->ir_detail = "cannot tell";
	if (!host_read_head(f->h, "/proc/interrupts", 1 << 22, &text)) {
		struct irq_remap_view v;

		host_text_interrupts(text, &v);
		f->ir = v.in_use;
		free(text);
		if (f->ir >= 0) {
			f->ir_source = "/proc/interrupts";
			f->ir_detail = f->ir ? "interrupt chips are IR-IO-APIC/IR-PCI-MSI" :
				       "interrupt chips are IO-APIC/PCI-MSI without IR-";
			return f->ir;
		}
	}
	if (!f->debugfs_err && !host_read_head(f->h, DEBUGFS_AMD "/irqtbl", 4096, &text)) {
		bool off = strstr(text, "Interrupt remapping is disabled") != NULL;

		free(text);
		if (off) {
			f->ir = 0;
			f->ir_source = "debugfs irqtbl";
			f->ir_detail = "Interrupt remapping is disabled";
		}
	}
	return f->ir;
}

static int read_param(struct host *h, const char *path)
{
	char *s = NULL;
	int v = -1;

	if (!host_read_line(h, path, &s)) {
		v = host_text_param_bool(s);
		if (v < 0)
			v = -1;
		free(s);
	}
	return v;
}

bool facts_snp(struct facts *f)
{
	if (!f->have_snp) {
		f->have_snp = true;
		f->snp = read_param(f->h, "/sys/module/kvm_amd/parameters/sev_snp") == 1;
	}
	return f->snp;
}

int facts_unsafe_interrupts(struct facts *f)
{
	if (!f->have_unsafe) {
		f->have_unsafe = true;
		f->unsafe_interrupts = read_param(f->h, "/sys/module/iommufd/parameters/allow_unsafe_interrupts");
	}
	return f->unsafe_interrupts;
}

char *facts_vfio_cdev(struct host *h, const char *bdf)
{
	char *path = xjoin("/sys/bus/pci/devices/", bdf, "/vfio-dev", NULL), **v = NULL;
	char *cdev = NULL;
	size_t n = 0;

	if (!host_list(h, path, &v, &n))
		for (size_t i = 0; i < n && !cdev; i++)
			if (!strncmp(v[i], "vfio", 4))
				cdev = xjoin("/dev/vfio/devices/", v[i], NULL);
	strv_free(v, n);
	free(path);
	return cdev;
}
