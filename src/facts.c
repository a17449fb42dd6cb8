// SPDX-License-Identifier: GPL-2.0-or-later
/* Host facts: pure parsers, then the reads that feed them (once per run). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "host.h"
#include "util.h"

/* ---- pure parsers ---------------------------------------------------------- */

int kstrtobool_text(const char *s)
{
	switch (s ? s[0] : 0) {
	case 'e': case 'E': case 'y': case 'Y': case 't': case 'T': case '1':
		return 1;
	case 'd': case 'D': case 'n': case 'N': case 'f': case 'F': case '0':
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N')
			return 1;
		if (s[1] == 'f' || s[1] == 'F')
			return 0;
		return -1;
	default:
		return -1;
	}
}

/* init/main.c parameq(): '-' and '_' are the same in parameter names */
static bool param_is(const char *p, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n && name[i]; i++) {
		char a = p[i] == '-' ? '_' : p[i], b = name[i] == '-' ? '_' : name[i];

		if (a != b)
			return false;
	}
	return i == n && !name[i];
}

/* parse_amd_iommu_options(): each comma word, compared by prefix */
static void amd_iommu_words(const char *v, struct cmdline_facts *o)
{
	while (*v) {
		if (!strncmp(v, "fullflush", 9))
			o->strict = 1;
		else if (!strncmp(v, "off", 3))
			o->amd_iommu_off = true;
		else if (!strncmp(v, "pgtbl_v1", 8))
			o->pgtbl = 1;
		else if (!strncmp(v, "pgtbl_v2", 8))
			o->pgtbl = 2;
		v += strcspn(v, ",");
		while (*v == ',')
			v++;
	}
}

/* arch/x86/kernel/pci-dma.c iommu_setup(): each comma word by prefix */
static void iommu_words(const char *v, struct cmdline_facts *o)
{
	while (*v) {
		if (!strncmp(v, "pt", 2)) {
			o->passthrough = 1;
			o->passthrough_param = "iommu=pt";
		}
		if (!strncmp(v, "nopt", 4)) {
			o->passthrough = 0;
			o->passthrough_param = "iommu=nopt";
		}
		v += strcspn(v, ",");
		if (*v == ',')
			v++;
	}
}

static void one_param(const char *p, size_t pn, const char *v, struct cmdline_facts *o)
{
	int b;

	if (!v)
		return;
	if (param_is(p, pn, "amd_iommu")) {
		amd_iommu_words(v, o);
	} else if (param_is(p, pn, "iommu")) {
		iommu_words(v, o);
	} else if (param_is(p, pn, "iommu.passthrough")) {
		if ((b = kstrtobool_text(v)) >= 0) {
			o->passthrough = b;
			o->passthrough_param = "iommu.passthrough";
		}
	} else if (param_is(p, pn, "iommu.strict")) {
		if ((b = kstrtobool_text(v)) >= 0)
			o->strict = b;
	}
}

void cmdline_facts_parse(const char *cmdline, struct cmdline_facts *o)
{
	char *copy = xstrdup(cmdline ? cmdline : ""), *args = copy;

	memset(o, 0, sizeof(*o));
	o->passthrough = o->strict = -1;
	/* lib/cmdline.c next_arg(), without the kernel's in-place edits */
	while (*args) {
		int in_quote = 0;
		size_t i, equals = 0;
		char *param, *val = NULL;

		while (isspace((unsigned char)*args))
			args++;
		if (!*args)
			break;
		if (*args == '"') {
			args++;
			in_quote = 1;
		}
		for (i = 0; args[i]; i++) {
			if (isspace((unsigned char)args[i]) && !in_quote)
				break;
			if (!equals && args[i] == '=')
				equals = i;
			if (args[i] == '"')
				in_quote = !in_quote;
		}
		param = args;
		if (equals) {
			val = args + equals + 1;
			if (*val == '"') {
				val++;
				if (args[i - 1] == '"')
					args[i - 1] = '\0';
			}
		} else if (i > 0 && args[i - 1] == '"') {
			args[i - 1] = '\0';
		}
		args += i;
		if (*args)
			*args++ = '\0';
		/* init/main.c: "--" ends the kernel's parameters */
		if (!strcmp(param, "--"))
			break;
		one_param(param, equals ? equals : strlen(param), val, o);
	}
	free(copy);
}

int interrupts_remapped(const char *text)
{
	bool plain = false;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t n = strcspn(p, "\n");

		/* a chip name is a word of the line: "IR-" starts a remapped one */
		for (size_t i = 0; i + 3 <= n; i++) {
			if ((i == 0 || p[i - 1] == ' ') && !strncmp(p + i, "IR-", 3))
				return 1;
			if ((i == 0 || p[i - 1] == ' ') &&
			    (!strncmp(p + i, "IO-APIC", 7) || !strncmp(p + i, "PCI-MSI", 7)))
				plain = true;
		}
	}
	return plain ? 0 : -1;
}

bool cpuinfo_has_flag(const char *text, const char *flag)
{
	const char *f = strstr(text, "\nflags");
	size_t fl = strlen(flag);

	if (!f)
		return false;
	f += 1;
	for (const char *end = f + strcspn(f, "\n"), *p = f; p < end;) {
		size_t n;

		p += strspn(p, " \t:");
		n = strcspn(p, " \t\n");
		if (p + n > end)
			n = (size_t)(end - p);
		if (n == fl && !strncmp(p, flag, fl))
			return true;
		p += n;
	}
	return false;
}

char *lockdown_mode(const char *text)
{
	const char *l = strchr(text, '['), *r = l ? strchr(l, ']') : NULL;

	return l && r ? xstrndup(l + 1, (size_t)(r - l - 1)) : NULL;
}

int param_bool(const char *text)
{
	if (!strcmp(text, "Y") || !strcmp(text, "1"))
		return 1;
	if (!strcmp(text, "N") || !strcmp(text, "0"))
		return 0;
	return -1;
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
	cmdline_facts_parse(f->cmdline, &f->cl);
	if (!host_read_head(h, "/proc/cpuinfo", 1 << 22, &s)) {
		f->la57 = cpuinfo_has_flag(s, "la57");
		free(s);
	}
	if (!host_read_line(h, "/sys/kernel/security/lockdown", &s)) {
		f->lockdown = lockdown_mode(s);
		free(s);
	}
	probe_debugfs(f);
}

void facts_free(struct facts *f)
{
	free(f->kernel_release);
	free(f->cmdline);
	free(f->lockdown);
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
		f->ir = interrupts_remapped(text);
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
		v = param_bool(s);
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
