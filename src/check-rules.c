// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rules of `check` (see check.h): pure functions of the gathered
 * inputs.  Each rule follows a Linux 7.3 function, named in its
 * kernel_function; the rules of IOMMU_HWPT_ALLOC come from policy.c and
 * the EFR-derived capabilities from amd_caps_compute(), not from copies.
 * Checked in tests/unit/test-check.c.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "efr.h"
#include "errors.h"
#include "iommufd.h"
#include "json.h"
#include "kcmdline.h"
#include "policy.h"
#include "uapi/iommufd.h"
#include "util.h"

/* ---- names ------------------------------------------------------------------- */

static const char *const purpose_names[CHECK_NPURPOSES] = {
	"host", "passthrough", "pasid", "dirty", "nest", "snp", "iommufd",
};

static const char *const verdict_names[CHECK_NVERDICTS] = { "PASS", "WARN", "FAIL", "SKIP" };

const char *check_purpose_name(enum check_purpose p)
{
	return (unsigned)p < CHECK_NPURPOSES ? purpose_names[p] : "unknown";
}

const char *check_verdict_name(enum check_verdict v)
{
	return (unsigned)v < CHECK_NVERDICTS ? verdict_names[v] : "SKIP";
}

int check_parse_purposes(const char *s, unsigned *out)
{
	unsigned bits = 0;

	if (!s || !*s)
		return -EINVAL;
	while (*s) {
		size_t n = strcspn(s, ",");
		bool hit = false;

		if (n == 3 && !strncmp(s, "all", 3)) {
			bits |= CHECK_FOR_ALL;
			hit = true;
		}
		for (int p = CHECK_PASSTHROUGH; p < CHECK_NPURPOSES && !hit; p++)
			if (strlen(purpose_names[p]) == n && !strncmp(s, purpose_names[p], n)) {
				bits |= CHECK_FOR(p);
				hit = true;
			}
		if (!hit)
			return -EINVAL;
		s += n;
		if (*s == ',' && !*++s)
			return -EINVAL; /* a trailing comma */
	}
	*out = bits;
	return 0;
}

static int verdict_rank(enum check_verdict v)
{
	static const int rank[CHECK_NVERDICTS] = { 0, 2, 3, 1 };

	return (unsigned)v < CHECK_NVERDICTS ? rank[v] : 1;
}

enum check_verdict check_worse(enum check_verdict a, enum check_verdict b)
{
	return verdict_rank(b) > verdict_rank(a) ? b : a;
}

/* ---- the list ---------------------------------------------------------------------- */

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0) {
		fputs("amdiommuctl: out of memory\n", stderr);
		exit(EXIT_ERROR);
	}
	return s;
}

static struct check *vadd(struct check_list *l, enum check_purpose p, const char *name,
			  enum check_verdict v, const char *kfunc, const char *action,
			  const char *fmt, va_list ap)
{
	struct check *c;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	c->purpose = p;
	c->name = name;
	c->verdict = v;
	c->kernel_function = kfunc;
	c->action = action ? xstrdup(action) : NULL;
	c->reason = vformat(fmt, ap);
	return c;
}

struct check *check_add(struct check_list *l, enum check_purpose p, const char *name,
			enum check_verdict v, const char *kfunc, const char *action,
			const char *fmt, ...)
{
	struct check *c;
	va_list ap;

	va_start(ap, fmt);
	c = vadd(l, p, name, v, kfunc, action, fmt, ap);
	va_end(ap);
	return c;
}

void check_evidence(struct check *c, const char *source, const char *fmt, ...)
{
	va_list ap;

	c->ev = xrealloc(c->ev, (c->nev + 1) * sizeof(*c->ev));
	c->ev[c->nev].source = xstrdup(source);
	va_start(ap, fmt);
	c->ev[c->nev].value = vformat(fmt, ap);
	va_end(ap);
	c->nev++;
}

void check_list_free(struct check_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct check *c = &l->v[i];

		free(c->reason);
		free(c->action);
		for (size_t k = 0; k < c->nev; k++) {
			free(c->ev[k].source);
			free(c->ev[k].value);
		}
		free(c->ev);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

json_object *check_list_json(const struct check_list *l)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < l->n; i++) {
		const struct check *c = &l->v[i];
		json_object *o = json_object_new_object(), *ev = json_object_new_array();

		json_add(o, "purpose", json_object_new_string(check_purpose_name(c->purpose)));
		json_add(o, "name", json_object_new_string(c->name));
		json_add(o, "verdict", json_object_new_string(check_verdict_name(c->verdict)));
		json_add(o, "reason", json_object_new_string(c->reason));
		for (size_t k = 0; k < c->nev; k++) {
			json_object *e = json_object_new_object();

			json_add(e, "source", json_object_new_string(c->ev[k].source));
			json_add(e, "value", json_object_new_string(c->ev[k].value));
			json_object_array_add(ev, e);
		}
		json_add(o, "evidence", ev);
		json_add(o, "action", json_str_or_null(c->action));
		json_add(o, "kernel_function", json_str_or_null(c->kernel_function));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* ---- shared facts ------------------------------------------------------------------- */

#define F_INIT "drivers/iommu/amd/init.c"
#define F_IOMMU "drivers/iommu/amd/iommu.c"
#define F_CORE "drivers/iommu/iommu.c"

#define EFR2_SNP_MODE0 (1ULL << 13) /* FEATURE_SNP_PAGE_MODE0_SUP */
#define EFR_HATS_DISABLED 3u
#define CAP_IOTLB_SUP (1u << 24)

static bool wants(const struct check_host_in *h, enum check_purpose p)
{
	return h->purposes & CHECK_FOR(p);
}

/* The first kernel log message that contains @needle, or NULL. */
static const char *klog_find(const struct check_host_in *h, const char *needle)
{
	for (size_t i = 0; i < h->klog.n; i++)
		if (strstr(h->klog.msgs[i], needle))
			return h->klog.msgs[i];
	return NULL;
}

/* A finding of ivrs_findings() with @rule and at least @sev, or NULL. */
static const struct ivrs_finding *ivrs_rule(const struct check_host_in *h, const char *rule,
					    enum ivrs_severity sev)
{
	for (size_t i = 0; h->findings && i < h->findings->n; i++)
		if (!strcmp(h->findings->v[i].rule, rule) && h->findings->v[i].severity >= sev)
			return &h->findings->v[i];
	return NULL;
}

static void finding_evidence(struct check *c, const struct ivrs_finding *f)
{
	char logged[sizeof(f->driver_message)];

	/* the kernel's lines, one " / " between them */
	snprintf(logged, sizeof(logged), "%s", f->driver_message);
	for (char *p = logged; (p = strchr(p, '\n')) && p[1]; p++)
		*p = '/';
	check_evidence(c, "IVRS", "%s: %s%s%s", f->rule, f->message,
		       f->driver_message[0] ? "; the kernel logs: " : "", logged);
}

static void klog_evidence(struct check *c, const struct check_host_in *h, const char *needle)
{
	const char *m = klog_find(h, needle);

	if (m)
		check_evidence(c, "kernel log", "%s", m);
}

static bool kernel_known(const struct check_host_in *h)
{
	return h->f->kmajor > 0;
}

static int kver(const struct check_host_in *h)
{
	return h->f->kmajor * 1000 + h->f->kminor;
}

/* HATDis: the IVHD attribute (logged, init_iommu_one()) or EFR HATS = 3
 * (early_amd_iommu_init()); either sets amd_iommu_hatdis. */
static bool hatdis(const struct check_host_in *h)
{
	return (h->have_efr && EFR_HATS(h->efr) == EFR_HATS_DISABLED) ||
	       klog_find(h, "Host Address Translation is not supported") ||
	       ivrs_rule(h, "host_translation_disabled", IVRS_INFO);
}

static bool snp_mode0(const struct check_host_in *h)
{
	return h->have_efr && (h->efr2 & EFR2_SNP_MODE0);
}

/* amd_iommu_snp_en: kvm_amd's sev_snp reads Y exactly when
 * iommu_snp_enable() kept the host's SNP (see facts.h). */
static bool snp_on(const struct check_host_in *h)
{
	return h->kvm_sev_snp == 1;
}

/*
 * What amd_iommu_pasid_supported() (init.c) calls SNP's veto: SNP on and
 * no SNP page mode 0.  amd_caps_compute()'s snp_enabled argument is that
 * veto (it does not know about page mode 0).
 */
static bool snp_vetoes_v2(const struct check_host_in *h)
{
	return snp_on(h) && !snp_mode0(h);
}

static void efr_evidence(struct check *c, const struct check_host_in *h)
{
	check_evidence(c, h->efr_source ? h->efr_source : "EFR", "EFR 0x%016llx, EFR2 0x%016llx",
		       (unsigned long long)h->efr, (unsigned long long)h->efr2);
}

static void efr_bit_evidence(struct check *c, const struct check_host_in *h, const char *name,
			     unsigned bit, bool efr2)
{
	char src[48];

	snprintf(src, sizeof(src), "%s bit %u (%s)", efr2 ? "EFR2" : "EFR", bit, name);
	check_evidence(c, src, "%u", (unsigned)(((efr2 ? h->efr2 : h->efr) >> bit) & 1));
}

static struct check *no_efr(struct check_list *out, enum check_purpose p, const char *name,
			    const char *kfunc)
{
	return check_add(out, p, name, CHECK_SKIP, kfunc,
			 "read it on a host with an AMD IOMMU registered (sysfs amd-iommu/features)",
			 "no EFR could be read, so the IOMMU's features are unknown");
}

static void policy_inputs(const struct check_host_in *h, const struct check_dev_in *d,
			  uint32_t flags, struct policy_in *in)
{
	memset(in, 0, sizeof(*in));
	in->kmajor = h->f->kmajor;
	in->kminor = h->f->kminor;
	in->efr = h->efr;
	in->efr2 = h->efr2;
	/*
	 * Linux 7.3 amd_iommu_hd_support() reads the device's IOMMU's own
	 * copy, iommu->features (early_iommu_features_init(): the IVHD image,
	 * or 0), not the global EFR.
	 */
	if ((flags & IOMMU_HWPT_ALLOC_DIRTY_TRACKING) && d && d->features_known)
		in->efr = (in->efr & ~EFR_HD_SUP) | (d->features & EFR_HD_SUP);
	in->la57 = h->f->la57;
	in->snp = snp_vetoes_v2(h);
	in->pgtbl_v2 = h->f->cl.pgtbl == 2;
	in->hatdis = hatdis(h);
}

void check_predict(const struct check_host_in *h, const struct check_dev_in *d,
		   uint32_t flags, struct check_prediction *out)
{
	struct policy_in in;
	struct policy_out p;

	policy_inputs(h, d, flags, &in);
	policy_predict(&in, flags, &p);
	out->err = p.err;
	out->pgtable = policy_pgtable_name(p.pgtable);
	out->rule = p.rule;
	snprintf(out->why, sizeof(out->why), "%s", p.why);
}

/* IOMMU_HWPT_ALLOC with @flags as a check. */
static struct check *hwpt_check(const struct check_host_in *h, const struct check_dev_in *d,
				struct check_list *out, enum check_purpose purpose, const char *name,
				uint32_t flags, const char *action)
{
	struct check_prediction p;
	struct check *c;

	check_predict(h, d, flags, &p);
	if (!p.err)
		c = check_add(out, purpose, name, CHECK_PASS,
			      "amd_iommu_domain_alloc_paging_flags() " F_IOMMU, NULL,
			      "IOMMU_HWPT_ALLOC with %s gives a %s domain (the %s rules; Linux %d.%d)",
			      hwpt_flags_str(flags), p.pgtable ? p.pgtable : "paging",
			      p.rule, h->f->kmajor, h->f->kminor);
	else
		c = check_add(out, purpose, name, CHECK_FAIL,
			      "amd_iommu_domain_alloc_paging_flags() " F_IOMMU, action,
			      "IOMMU_HWPT_ALLOC with %s fails with %s: %s", hwpt_flags_str(flags),
			      errno_name(p.err), p.why);
	check_evidence(c, "/proc/sys/kernel/osrelease", "%s",
		       h->f->kernel_release ? h->f->kernel_release : "unknown");
	if (h->have_efr)
		efr_evidence(c, h);
	return c;
}

/* ---- host ------------------------------------------------------------------------- */

static void host_amd_iommu(const struct check_host_in *h, struct check_list *out)
{
	const char *kf = "amd_iommu_detect() " F_INIT;
	struct check *c;

	if (h->n_iommus > 0) {
		c = check_add(out, CHECK_HOST, "amd_iommu", CHECK_PASS, kf, NULL,
			      "%d AMD IOMMU%s registered: %s", h->n_iommus,
			      h->n_iommus == 1 ? " is" : "s are", h->iommu_names);
		check_evidence(c, "/sys/class/iommu", "%s", h->iommu_names);
		return;
	}
	if (kcmdline_amd_iommu_off(&h->f->kcl)) {
		const char *w = h->f->kcl.amd_off ? "amd_iommu=off" : "iommu=off";

		c = check_add(out, CHECK_HOST, "amd_iommu", CHECK_FAIL, kf,
			      "remove it from the kernel command line and reboot",
			      "%s on the kernel command line turns the AMD IOMMU driver off", w);
		check_evidence(c, "/proc/cmdline", "%s", w);
	} else if (!h->ivrs) {
		c = check_add(out, CHECK_HOST, "amd_iommu", CHECK_FAIL, kf,
			      "enable the IOMMU (\"IOMMU\", \"AMD-Vi\" or \"SVM/IOMMU\") in the firmware setup",
			      "there is no ACPI IVRS table: the firmware describes no AMD IOMMU");
		check_evidence(c, "/sys/firmware/acpi/tables/IVRS", "missing");
	} else {
		c = check_add(out, CHECK_HOST, "amd_iommu", CHECK_FAIL, kf,
			      "read the kernel log (AMD-Vi lines) for why initialisation stopped; check CONFIG_AMD_IOMMU",
			      "an IVRS table exists but no ivhd IOMMU is registered");
		check_evidence(c, "/sys/firmware/acpi/tables/IVRS", "present");
		for (size_t i = 0; h->findings && i < h->findings->n; i++)
			if (h->findings->v[i].severity == IVRS_ERROR)
				finding_evidence(c, &h->findings->v[i]);
		klog_evidence(c, h, "AMD-Vi");
	}
	check_evidence(c, "/sys/class/iommu", "no ivhd entry");
}

static void host_cmdline(const struct check_host_in *h, struct check_list *out)
{
	const struct kcmdline *k = &h->f->kcl;
	size_t n = kcmdline_note_count(k);
	struct check *c;

	if (!h->f->cmdline) {
		check_add(out, CHECK_HOST, "cmdline", CHECK_SKIP, NULL, NULL,
			  "the kernel command line cannot be read");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct kcl_note *note = kcmdline_note(k, i);
		enum check_verdict v = note->severity == KCL_ERROR ? CHECK_FAIL :
				       note->severity == KCL_WARN ? CHECK_WARN : CHECK_PASS;
		char *action = NULL;

		if (v != CHECK_PASS)
			action = xasprintf("correct or remove '%s%s%s' on the kernel command line and reboot",
					   note->param, note->value ? "=" : "",
					   note->value ? note->value : "");
		c = check_add(out, CHECK_HOST, "cmdline", v, note->kernel_function, action, "%s",
			      note->message);
		free(action);
		check_evidence(c, "/proc/cmdline", "word %d: %s%s%s", note->word, note->param,
			       note->value ? "=" : "", note->value ? note->value : "");
		if (note->log) {
			const char *m = klog_find(h, note->log);

			if (m)
				check_evidence(c, "kernel log", "%s", m);
		}
	}
	if (!n) {
		c = check_add(out, CHECK_HOST, "cmdline", CHECK_PASS, NULL, NULL,
			      "no word of the kernel command line changes what the IOMMU drivers do");
		check_evidence(c, "/proc/cmdline", "%s", h->f->cmdline);
	}
}

static enum kconfig_state kcfg(const struct check_host_in *h, const char *name)
{
	return h->kconfig ? kconfig_get(h->kconfig, name, NULL) : KCONFIG_UNSET;
}

static void host_default_domain(const struct check_host_in *h, struct check_list *out)
{
	/* kcmdline_default_domain() only fills its reason buffer */
	struct kcmdline *k = (struct kcmdline *)&h->f->kcl;
	const char *why = NULL, *type, *src, *strict;
	enum kcl_domain d = kcmdline_default_domain(k, &why);
	int s = kcmdline_strict(k);
	struct check *c;

	if (d == KCL_DOMAIN_IDENTITY) {
		type = "identity";
		src = "the command line";
	} else if (h->groups_type) {
		type = h->groups_type;
		src = "the IOMMU groups";
	} else if (kcfg(h, "IOMMU_DEFAULT_PASSTHROUGH") == KCONFIG_YES) {
		type = "identity";
		src = "CONFIG_IOMMU_DEFAULT_PASSTHROUGH";
	} else {
		type = d == KCL_DOMAIN_TRANSLATED ? "translated" : "unknown";
		src = d == KCL_DOMAIN_TRANSLATED ? "the command line" : "nothing readable";
	}
	if (s == 1)
		strict = "strict invalidation (command line)";
	else if (s == 0)
		strict = "lazy invalidation (command line)";
	else if (klog_find(h, "Using strict mode due to virtualization"))
		strict = "strict invalidation (the IOMMU caches non-present entries: a virtual IOMMU)";
	else if (h->groups_type && !strcmp(h->groups_type, "DMA-FQ"))
		strict = "lazy invalidation (flush queue)";
	else if (h->groups_type && !strcmp(h->groups_type, "DMA"))
		strict = "strict invalidation";
	else
		strict = "invalidation mode unknown";
	c = check_add(out, CHECK_HOST, "default_domain", CHECK_PASS, "iommu_subsys_init() " F_CORE,
		      NULL, "the default domain is %s, from %s; %s", type, src, strict);
	if (why)
		check_evidence(c, "/proc/cmdline", "%s", why);
	if (h->groups_type)
		check_evidence(c, "/sys/kernel/iommu_groups/*/type", "%zu of %zu groups are %s",
			       h->groups_of_type, h->n_groups, h->groups_type);
	klog_evidence(c, h, "Using strict mode due to virtualization");
}

/* The IVRS findings that turn interrupt remapping off
 * (check_ioapic_information(), check_sb_ioapic()). */
static const char *const ir_rules[] = {
	"no_southbridge_ioapic", "ioapic_not_in_ivrs", "no_ioapic_entry", "ioapic_handle_not_in_madt",
};

static const struct ivrs_finding *ir_finding(const struct check_host_in *h)
{
	const struct ivrs_finding *f = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(ir_rules) && !f; i++)
		f = ivrs_rule(h, ir_rules[i], IVRS_ERROR);
	return f;
}

/* Why interrupt remapping is off, as far as the inputs tell. */
static const char *ir_off_why(const struct check_host_in *h)
{
	if (h->f->kcl.irq_remap_disabled)
		return "intremap=off or nointremap is on the command line";
	if (ir_finding(h))
		return ir_finding(h)->message;
	if (klog_find(h, "No southbridge IOAPIC found"))
		return "the IVRS has no usable southbridge IOAPIC entry (check_ioapic_information())";
	if (klog_find(h, "Disabling interrupt remapping"))
		return "the driver disabled it at boot";
	return "the interrupt chips are not IR-";
}

static int unsafe_interrupts(const struct check_host_in *h)
{
	return h->unsafe_interrupts >= 0 ? h->unsafe_interrupts :
	       h->f->kcl.iommufd_unsafe_interrupts;
}

static void host_interrupt_remapping(const struct check_host_in *h, struct check_list *out)
{
	const char *kf = "iommufd_bind_iommu() drivers/iommu/iommufd/device.c";
	const struct ivrs_finding *f = ir_finding(h);
	char fix[3072];
	struct check *c;

	/* the IVRS model's advice and the parameter that resolves it, if any */
	snprintf(fix, sizeof(fix), "make interrupt remapping work (%s%s%s)",
		 f && f->advice[0] ? f->advice : "firmware IVRS IOAPIC entries, no intremap=off",
		 f && f->resolved_by[0] ? "; the command line can: " : "",
		 f && f->resolved_by[0] ? f->resolved_by : "");
	if (h->ir == 1) {
		c = check_add(out, CHECK_HOST, "interrupt_remapping", CHECK_PASS, kf, NULL,
			      "interrupt remapping is on, so MSIs are isolated (iommu_group_has_isolated_msi())");
	} else if (h->ir == 0 && unsafe_interrupts(h) == 1) {
		strncat(fix, ", then drop allow_unsafe_interrupts", sizeof(fix) - strlen(fix) - 1);
		c = check_add(out, CHECK_HOST, "interrupt_remapping", CHECK_WARN, kf, fix,
			      "interrupt remapping is off (%s); iommufd.allow_unsafe_interrupts=1 lets VFIO bind anyway, so a device can raise any MSI",
			      ir_off_why(h));
	} else if (h->ir == 0) {
		strncat(fix, ", or accept the risk with iommufd.allow_unsafe_interrupts=1",
			sizeof(fix) - strlen(fix) - 1);
		c = check_add(out, CHECK_HOST, "interrupt_remapping", CHECK_FAIL, kf, fix,
			      "interrupt remapping is off (%s): VFIO_DEVICE_BIND_IOMMUFD fails with EPERM",
			      ir_off_why(h));
	} else {
		c = check_add(out, CHECK_HOST, "interrupt_remapping", CHECK_SKIP, kf,
			      "read /proc/interrupts on the host (IR-IO-APIC means on)",
			      "whether interrupt remapping is on cannot be told here");
	}
	if (h->ir_source)
		check_evidence(c, h->ir_source, "%s", h->ir_detail);
	if (h->ir == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(ir_rules); i++)
			if (ivrs_rule(h, ir_rules[i], IVRS_ERROR))
				finding_evidence(c, ivrs_rule(h, ir_rules[i], IVRS_ERROR));
		klog_evidence(c, h, "No southbridge IOAPIC found");
		klog_evidence(c, h, "Disabling interrupt remapping");
		if (unsafe_interrupts(h) >= 0)
			check_evidence(c, "/sys/module/iommufd/parameters/allow_unsafe_interrupts",
				       "%s", unsafe_interrupts(h) ? "Y" : "N");
	}
}

static void host_debugfs(const struct check_host_in *h, struct check_list *out)
{
	const char *kf = "amd_iommu_debugfs_setup() drivers/iommu/amd/debugfs.c";
	int e = h->f->debugfs_err;
	struct check *c;

	if (!e) {
		check_add(out, CHECK_HOST, "debugfs", CHECK_PASS, kf, NULL,
			  "the AMD IOMMU debugfs is readable: device table entries are part of the evidence");
		return;
	}
	c = check_add(out, CHECK_HOST, "debugfs", CHECK_WARN, kf, errno_hint_text(devtbl_errors, e),
		      "the device table cannot be read (%s), so the DTE evidence is missing",
		      errno_name(e));
	check_evidence(c, "/sys/kernel/debug/iommu/amd/devtbl", "%s", errno_name(e));
}

static void kconfig_evidence(struct check *c, const struct check_host_in *h, const char *name)
{
	const char *v = NULL;
	enum kconfig_state s;

	if (!h->kconfig)
		return;
	s = kconfig_get(h->kconfig, name, &v);
	check_evidence(c, h->kconfig_source, "CONFIG_%s=%s", name,
		       s == KCONFIG_VALUE && v ? v : kconfig_state_name(s));
}

static void host_dev_iommu(const struct check_host_in *h, struct check_list *out)
{
	struct check *c;

	if (h->dev_iommu)
		c = check_add(out, CHECK_HOST, "dev_iommu", CHECK_PASS,
			      "iommufd_init() drivers/iommu/iommufd/main.c", NULL,
			      "/dev/iommu exists: iommufd is there");
	else
		c = check_add(out, CHECK_HOST, "dev_iommu", CHECK_FAIL,
			      "iommufd_init() drivers/iommu/iommufd/main.c",
			      "use a kernel with CONFIG_IOMMUFD (6.2+) and load the iommufd module",
			      "/dev/iommu is missing: the VFIO cdev path, alloc and --probe cannot run");
	check_evidence(c, "/dev/iommu", "%s", h->dev_iommu ? "present" : "missing");
	kconfig_evidence(c, h, "IOMMUFD");
}

static void host_amd_iommufd(const struct check_host_in *h, struct check_list *out)
{
	const char *kf = "amd_iommufd_hw_info() drivers/iommu/amd/iommufd.c";
	enum kconfig_state s = kcfg(h, "AMD_IOMMU_IOMMUFD");
	struct check *c;

	if (!h->kconfig)
		c = check_add(out, CHECK_HOST, "amd_iommufd", CHECK_SKIP, kf, NULL,
			      "whether the driver's iommufd support (CONFIG_AMD_IOMMU_IOMMUFD) is built cannot be read here");
	else if (s == KCONFIG_YES)
		c = check_add(out, CHECK_HOST, "amd_iommufd", CHECK_PASS, kf, NULL,
			      "CONFIG_AMD_IOMMU_IOMMUFD=y: IOMMU_GET_HW_INFO answers type AMD with the EFR and EFR2, and vIOMMUs can be allocated");
	else
		c = check_add(out, CHECK_HOST, "amd_iommufd", CHECK_WARN, kf,
			      "build the kernel with CONFIG_AMD_IOMMU_IOMMUFD=y",
			      "CONFIG_AMD_IOMMU_IOMMUFD is off: amd_iommu_ops.hw_info is NULL, so IOMMU_GET_HW_INFO answers type NONE without the EFR, and no vIOMMU can be allocated");
	kconfig_evidence(c, h, "AMD_IOMMU_IOMMUFD");
}

/* The options the brief of `check` names: what is missing without each. */
static const struct {
	const char *option, *name, *without;
	enum check_verdict verdict_off;
} kconfig_rules[] = {
	{ "IOMMUFD", "kconfig_iommufd", "there is no /dev/iommu", CHECK_FAIL },
	{ "VFIO_DEVICE_CDEV", "kconfig_vfio_device_cdev",
	  "vfio-pci devices get no /dev/vfio/devices/vfioN, so iommufd cannot bind them", CHECK_FAIL },
	{ "IOMMU_SVA", "kconfig_iommu_sva", "iommu_sva_bind_device() does not exist (SVA)", CHECK_FAIL },
	{ "AMD_IOMMU_DEBUGFS", "kconfig_amd_iommu_debugfs",
	  "the device table cannot be read, so DTE evidence is missing", CHECK_WARN },
};

static const struct kconfig_option *kconfig_option(const char *name)
{
	for (size_t i = 0; i < kconfig_check_option_count; i++)
		if (!strcmp(kconfig_check_options[i].name, name))
			return &kconfig_check_options[i];
	return NULL;
}

static void host_kconfig(const struct check_host_in *h, struct check_list *out)
{
	struct check *c;

	if (!h->kconfig) {
		check_add(out, CHECK_HOST, "kconfig", CHECK_SKIP, NULL,
			  "boot a kernel with CONFIG_IKCONFIG_PROC=y, or install its configuration as /boot/config-RELEASE",
			  "the kernel configuration cannot be read (neither /proc/config.gz nor /boot/config-%s)",
			  h->f->kernel_release ? h->f->kernel_release : "RELEASE");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(kconfig_rules); i++) {
		const struct kconfig_option *o = kconfig_option(kconfig_rules[i].option);
		enum kconfig_state s = kconfig_get(h->kconfig, kconfig_rules[i].option, NULL);
		bool on = s == KCONFIG_YES || s == KCONFIG_MODULE;
		char *action = NULL;

		if (!on)
			action = xasprintf("build the kernel with CONFIG_%s", kconfig_rules[i].option);
		c = check_add(out, CHECK_HOST, kconfig_rules[i].name,
			      on ? CHECK_PASS : kconfig_rules[i].verdict_off,
			      o ? o->kconfig : NULL, action, on ? "CONFIG_%s=%s: %s" : "CONFIG_%s is %s: %s",
			      kconfig_rules[i].option, kconfig_state_name(s),
			      on ? (o ? o->enables : "on") : kconfig_rules[i].without);
		free(action);
		kconfig_evidence(c, h, kconfig_rules[i].option);
	}
}

/* ---- host-wide checks of a purpose ----------------------------------------------------- */

static const struct {
	uint64_t bit;
	const char *name;
	unsigned shift;
} pasid_bits[] = {
	{ EFR_GT_SUP, "GTSup", 4 },
	{ EFR_GIO_SUP, "GIoSup", 48 },
	{ EFR_PPR_SUP, "PPRSup", 1 },
	{ EFR_EPH_SUP, "EPHSup", 50 },
};

static void host_pasid(const struct check_host_in *h, struct check_list *out)
{
	const char *kf_v2 = "amd_iommu_v2_pgtbl_supported() drivers/iommu/amd/amd_iommu.h";
	const char *kf = "amd_iommu_pasid_supported() " F_INIT;
	struct amd_caps k;
	struct check *c;
	char missing[160] = "";
	size_t n = 0;

	if (!h->have_efr) {
		no_efr(out, CHECK_PASID, "iommu_v2", kf_v2);
		no_efr(out, CHECK_PASID, "iommu_pasid", kf);
		return;
	}
	amd_caps_compute(h->efr, h->efr2, h->f->la57, snp_vetoes_v2(h), &k);
	c = check_add(out, CHECK_PASID, "iommu_v2", k.v2 ? CHECK_PASS : CHECK_FAIL, kf_v2,
		      k.v2 ? NULL : "V2 tables need an IOMMU with GTSup and GIoSup: nothing on the kernel side turns them on",
		      k.v2 ? "GTSup and GIoSup are set: V2 (guest) page tables are usable" :
		      "no V2 (guest) page tables: %s", k.why_not_v2);
	efr_evidence(c, h);
	efr_bit_evidence(c, h, "GTSup", 4, false);
	efr_bit_evidence(c, h, "GIoSup", 48, false);

	for (size_t i = 0; i < ARRAY_SIZE(pasid_bits); i++)
		if (!(h->efr & pasid_bits[i].bit))
			n += (size_t)snprintf(missing + n, sizeof(missing) - n, "%s%s (EFR bit %u)",
					      n ? ", " : "", pasid_bits[i].name, pasid_bits[i].shift);
	if (k.pasid) {
		c = check_add(out, CHECK_PASID, "iommu_pasid", CHECK_PASS, kf, NULL,
			      "the IOMMU supports PASID: GTSup, GIoSup, PPRSup and EPHSup are set%s; up to %u PASIDs (PASmax %u)",
			      h->f->la57 ? " and the guest table has 5 levels like the CPU's" : "",
			      (1u << (((h->efr >> 32) & 0x1f) + 1)) - 1, (unsigned)((h->efr >> 32) & 0x1f));
	} else if (!(h->efr & EFR_GT_SUP)) {
		c = check_add(out, CHECK_PASID, "iommu_pasid", CHECK_FAIL, kf,
			      "PASID needs an IOMMU with GTSup, GIoSup, PPRSup and EPHSup: check the firmware's IOMMU options; the kernel cannot add them",
			      "no PASID: missing %s; without GTSup the IOMMU reports no PASIDs, so iommu_sva_bind_device() fails with -ENOSPC (-28) and IOMMU_HWPT_ALLOC with PASID with EOPNOTSUPP",
			      missing);
	} else {
		c = check_add(out, CHECK_PASID, "iommu_pasid", CHECK_FAIL, kf,
			      *missing ? "PASID needs an IOMMU with GTSup, GIoSup, PPRSup and EPHSup: check the firmware's IOMMU options; the kernel cannot add them" :
			      snp_vetoes_v2(h) ? "SNP without SNP page mode 0 (EFR2 bit 13) excludes PASID: choose one" :
			      "the IOMMU's guest table (EFR GATS) must have 5 levels when the CPU runs LA57; boot with no5lvl to match",
			      "no PASID: %s%s%s; a device's PASID count stays 0, so SVA binds fail with -EINVAL (-22) and IOMMU_HWPT_ALLOC with PASID with EOPNOTSUPP",
			      *missing ? "missing " : "", *missing ? missing : "",
			      *missing ? "" : k.why_not_pasid);
	}
	efr_evidence(c, h);
	for (size_t i = 0; i < ARRAY_SIZE(pasid_bits); i++)
		efr_bit_evidence(c, h, pasid_bits[i].name, pasid_bits[i].shift, false);
	check_evidence(c, "EFR bits 13:12 (GATS)", "%u", EFR_GATS(h->efr));
	check_evidence(c, "/proc/cpuinfo", "la57 %s", h->f->la57 ? "yes" : "no");
	hwpt_check(h, NULL, out, CHECK_PASID, "hwpt_pasid", IOMMU_HWPT_ALLOC_PASID, NULL);
}

static void host_translation(const struct check_host_in *h, struct check_list *out,
			     enum check_purpose p)
{
	const char *kf = "amd_iommu_hd_support() " F_IOMMU;
	struct check *c;

	if (!hatdis(h)) {
		c = check_add(out, p, "host_translation", h->have_efr ? CHECK_PASS : CHECK_SKIP, kf, NULL,
			      h->have_efr ? "host (V1) translation is available (no HATDis, EFR HATS is not 3)" :
			      "no EFR: whether host translation is disabled cannot be told");
	} else {
		c = check_add(out, p, "host_translation", CHECK_FAIL, kf,
			      "nothing in the kernel can turn host translation back on: it is the platform's (firmware's) choice",
			      "host (V1) translation is disabled (HATDis or EFR HATS = 3): no dirty tracking and no nesting parent, which both need V1 tables");
		klog_evidence(c, h, "Host Address Translation is not supported");
		if (ivrs_rule(h, "host_translation_disabled", IVRS_INFO))
			finding_evidence(c, ivrs_rule(h, "host_translation_disabled", IVRS_INFO));
	}
	if (h->have_efr)
		check_evidence(c, "EFR bits 11:10 (HATS)", "%u", EFR_HATS(h->efr));
}

static void host_nest(const struct check_host_in *h, struct check_list *out)
{
	const char *kf = "iommufd_viommu_alloc_hwpt_nested() drivers/iommu/iommufd/hw_pagetable.c";
	struct check *c;
	int v = kver(h);

	if (h->have_efr) {
		c = hwpt_check(h, NULL, out, CHECK_NEST, "nest_parent", IOMMU_HWPT_ALLOC_NEST_PARENT,
			       "a nesting parent needs GTSup, GIoSup and EFR2 GCR3TRPMode (and Linux 7.0): the platform decides the bits");
		c->kernel_function = "is_nest_parent_supported() " F_IOMMU;
		efr_bit_evidence(c, h, "GTSup", 4, false);
		efr_bit_evidence(c, h, "GIoSup", 48, false);
		efr_bit_evidence(c, h, "GCR3TRPMode", 3, true);
	} else {
		no_efr(out, CHECK_NEST, "nest_parent", "is_nest_parent_supported() " F_IOMMU);
	}
	if (!kernel_known(h))
		c = check_add(out, CHECK_NEST, "nested_hwpt", CHECK_SKIP, kf, NULL,
			      "the kernel version is unknown, and whether it can allocate a nested HWPT depends on it");
	else if (v < 7000)
		c = check_add(out, CHECK_NEST, "nested_hwpt", CHECK_FAIL, kf,
			      "AMD nesting needs Linux 7.0 or newer",
			      "Linux %d.%d has no AMD nesting: NEST_PARENT and nested HWPTs came with 7.0",
			      h->f->kmajor, h->f->kminor);
	else if (v <= 7003)
		c = check_add(out, CHECK_NEST, "nested_hwpt", CHECK_FAIL, kf,
			      "nothing to configure: a kernel that hooks nested.c into amd_viommu_ops is needed; re-run check after a kernel update",
			      "Linux %d.%d cannot allocate a nested HWPT: amd_viommu_ops has only .destroy (no .alloc_domain_nested, drivers/iommu/amd/iommufd.c) and amd_iommu_ops has no .domain_alloc_nested, so IOMMU_HWPT_ALLOC with IOMMU_HWPT_DATA_AMD_GUEST fails with EOPNOTSUPP (read in the 7.3.4 source)",
			      h->f->kmajor, h->f->kminor);
	else
		c = check_add(out, CHECK_NEST, "nested_hwpt", CHECK_SKIP, kf,
			      "try it: amdiommuctl's rule covers Linux up to 7.3",
			      "Linux %d.%d is newer than the rules amdiommuctl knows (7.3 has no nested HWPT on AMD)",
			      h->f->kmajor, h->f->kminor);
	check_evidence(c, "/proc/sys/kernel/osrelease", "%s",
		       h->f->kernel_release ? h->f->kernel_release : "unknown");
}

/* The default domain is identity: iommu_default_passthrough(). */
static bool default_passthrough(const struct check_host_in *h)
{
	if (h->f->kcl.def_domain == KCL_DOMAIN_IDENTITY)
		return true;
	if (h->f->kcl.def_domain == KCL_DOMAIN_TRANSLATED)
		return false;
	return kcfg(h, "IOMMU_DEFAULT_PASSTHROUGH") == KCONFIG_YES;
}

static void host_snp(const struct check_host_in *h, struct check_list *out)
{
	const char *kf = "iommu_snp_enable() " F_INIT;
	struct check *c;
	struct policy_in in;

	if (h->cpu_sev_snp < 0)
		c = check_add(out, CHECK_SNP, "snp_cpu", CHECK_SKIP, kf, NULL,
			      "the CPU flags cannot be read");
	else
		c = check_add(out, CHECK_SNP, "snp_cpu", h->cpu_sev_snp ? CHECK_PASS : CHECK_FAIL, kf,
			      h->cpu_sev_snp ? NULL : "SEV-SNP needs an SNP-capable EPYC with SNP (and SEV) enabled in the firmware setup",
			      h->cpu_sev_snp ? "the CPU reports sev_snp" :
			      "the CPU does not report sev_snp, so the host has no SEV-SNP (CC_ATTR_HOST_SEV_SNP)");
	if (h->cpu_sev_snp >= 0)
		check_evidence(c, "/proc/cpuinfo", "sev_snp %s", h->cpu_sev_snp ? "yes" : "no");

	if (!h->have_efr) {
		no_efr(out, CHECK_SNP, "snp_sup", kf);
		no_efr(out, CHECK_SNP, "snp_mode0", kf);
	} else {
		bool sup = h->efr & EFR_SNP_SUP;

		c = check_add(out, CHECK_SNP, "snp_sup", sup ? CHECK_PASS : CHECK_FAIL, kf,
			      sup ? NULL : "SEV-SNP needs an IOMMU with SNPSup: check the firmware's SNP and IOMMU options",
			      sup ? "the IOMMU has SNPSup" :
			      "the IOMMU lacks SNPSup (EFR bit 63): \"SNP: IOMMU SNP feature not enabled, SNP cannot be supported.\"");
		efr_bit_evidence(c, h, "SNPSup", 63, false);
		c = check_add(out, CHECK_SNP, "snp_mode0", snp_mode0(h) ? CHECK_PASS : CHECK_WARN, kf,
			      snp_mode0(h) ? NULL : "with SNP keep every DMA domain V1: no iommu=pt, no amd_iommu=pgtbl_v2, no identity groups",
			      snp_mode0(h) ? "the IOMMU supports SNP page mode 0: identity and V2 domains stay possible with SNP" :
			      "no SNP page mode 0 (EFR2 bit 13): with SNP on, DTE Mode 0 is forbidden, so no identity domains, no V2 default domain and no PASID");
		efr_bit_evidence(c, h, "SNP page mode 0", 13, true);
	}

	if (default_passthrough(h) && h->have_efr && !snp_mode0(h))
		c = check_add(out, CHECK_SNP, "snp_passthrough", CHECK_FAIL, kf,
			      "drop iommu=pt / iommu.passthrough=1 (or CONFIG_IOMMU_DEFAULT_PASSTHROUGH) to use SEV-SNP",
			      "the default domain is identity and the IOMMU has no SNP page mode 0: \"SNP: IOMMU configured in passthrough mode, SNP cannot be supported.\"");
	else
		c = check_add(out, CHECK_SNP, "snp_passthrough", h->have_efr ? CHECK_PASS : CHECK_SKIP, kf, NULL,
			      default_passthrough(h) ? "the default domain is identity, which SNP page mode 0 allows" :
			      "the default domain is not identity (no iommu=pt)");
	check_evidence(c, "/proc/cmdline", "default domain %s", kcl_domain_name(h->f->kcl.def_domain));
	kconfig_evidence(c, h, "IOMMU_DEFAULT_PASSTHROUGH");
	klog_evidence(c, h, "SNP: IOMMU configured in passthrough mode");

	policy_inputs(h, NULL, 0, &in);
	if (h->have_efr && policy_default_pgtable(&in) == POLICY_PT_V2 && !snp_mode0(h))
		c = check_add(out, CHECK_SNP, "snp_pgtable", CHECK_FAIL, kf,
			      "drop amd_iommu=pgtbl_v2 to use SEV-SNP",
			      "the DMA domains use V2 tables and the IOMMU has no SNP page mode 0: \"SNP: IOMMU is configured with V2 page table mode, SNP cannot be supported.\"");
	else
		c = check_add(out, CHECK_SNP, "snp_pgtable", h->have_efr ? CHECK_PASS : CHECK_SKIP, kf, NULL,
			      "the DMA domains use V1 tables, or SNP page mode 0 allows V2");
	check_evidence(c, "/proc/cmdline", "amd_iommu page table %s", kcl_pgtable_name(h->f->kcl.amd_pgtable));
	klog_evidence(c, h, "SNP: IOMMU is configured with V2 page table mode");

	if (h->kvm_sev_snp == 1)
		c = check_add(out, CHECK_SNP, "snp_enabled", CHECK_PASS, kf, NULL,
			      "kvm_amd.sev_snp is Y: the IOMMU enabled SEV-SNP");
	else if (h->kvm_sev_snp == 0)
		c = check_add(out, CHECK_SNP, "snp_enabled", CHECK_FAIL, kf,
			      "fix what the checks above and the kernel log name, then reboot",
			      "kvm_amd.sev_snp is N: SEV-SNP is off on this host%s%s",
			      klog_find(h, "SNP:") ? "; the kernel logged: " : "",
			      klog_find(h, "SNP:") ? klog_find(h, "SNP:") : "");
	else
		c = check_add(out, CHECK_SNP, "snp_enabled", CHECK_SKIP, kf,
			      "load kvm_amd to see whether SEV-SNP is enabled",
			      "kvm_amd is not loaded (no sev_snp parameter), so whether SEV-SNP is on cannot be told");
	if (h->kvm_sev_snp >= 0)
		check_evidence(c, "/sys/module/kvm_amd/parameters/sev_snp", "%s",
			       h->kvm_sev_snp ? "Y" : "N");
	klog_evidence(c, h, "SNP:");
}

void check_host(const struct check_host_in *h, struct check_list *out)
{
	host_amd_iommu(h, out);
	host_cmdline(h, out);
	if (h->n_iommus) {
		host_default_domain(h, out);
		host_interrupt_remapping(h, out);
		host_debugfs(h, out);
	}
	host_dev_iommu(h, out);
	host_amd_iommufd(h, out);
	host_kconfig(h, out);
	if (!h->n_iommus)
		return;
	if (wants(h, CHECK_PASID))
		host_pasid(h, out);
	if (wants(h, CHECK_DIRTY))
		host_translation(h, out, CHECK_DIRTY);
	if (wants(h, CHECK_NEST))
		host_nest(h, out);
	if (wants(h, CHECK_SNP))
		host_snp(h, out);
}

/* ---- one device ------------------------------------------------------------------- */

/* Drivers that leave DMA ownership free for VFIO (driver_managed_dma). */
static bool vfio_safe_driver(const char *drv)
{
	return !drv || !strncmp(drv, "vfio", 4) || !strcmp(drv, "pci-stub") || !strcmp(drv, "pcieport");
}

static bool amd_iommu_name(const char *iommu)
{
	return iommu && !strncmp(iommu, "ivhd", 4);
}

static void dev_iommu_link(const struct check_host_in *h, const struct check_dev_in *d,
			   struct check_list *out)
{
	const char *kf = "amd_iommu_probe_device() " F_IOMMU;
	struct check *c;

	(void)h;
	if (amd_iommu_name(d->iommu)) {
		c = check_add(out, CHECK_PASSTHROUGH, "iommu", CHECK_PASS, kf, NULL,
			      "translated by %s", d->iommu);
		check_evidence(c, "iommu", "%s", d->iommu);
	} else if (d->iommu) {
		c = check_add(out, CHECK_PASSTHROUGH, "iommu", CHECK_FAIL, kf, NULL,
			      "translated by %s, which is not an AMD IOMMU (ivhdN): these checks do not apply",
			      d->iommu);
		check_evidence(c, "iommu", "%s", d->iommu);
	} else if (d->pci_class >> 8 == 0x0806) {
		c = check_add(out, CHECK_PASSTHROUGH, "iommu", CHECK_FAIL, kf, NULL,
			      "this function is an IOMMU itself: no IOMMU translates it and it cannot be assigned");
	} else {
		c = check_add(out, CHECK_PASSTHROUGH, "iommu", CHECK_FAIL, kf,
			      "check that the IVRS covers this device (kernel log: AMD-Vi lines at boot)",
			      "no AMD IOMMU translates this function (no iommu link, no group): it cannot be assigned");
		check_evidence(c, "iommu", "no link");
	}
}

static void members_text(const struct check_dev_in *d, char *buf, size_t len, bool drivers_only)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->nmembers && n < len; i++) {
		const struct check_member *m = &d->members[i];

		if (drivers_only && vfio_safe_driver(m->driver))
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s%s%s%s", n ? ", " : "", m->bdf,
				      m->driver ? " (" : "", m->driver ? m->driver : "",
				      m->driver ? ")" : "");
	}
}

static const char *acs_function(enum pacs_reason r)
{
	switch (r) {
	case PACS_ALIAS_BRIDGE:
		return "pci_for_each_dma_alias() drivers/pci/search.c";
	case PACS_UPSTREAM_ACS:
		return "pci_acs_path_enabled() drivers/pci/pci.c";
	case PACS_MULTIFUNCTION:
		return "get_pci_function_alias_group() " F_CORE;
	case PACS_DMA_ALIAS:
		return "get_pci_alias_group() " F_CORE;
	default:
		return "pci_device_group() " F_CORE;
	}
}

static void dev_group(const struct check_host_in *h, const struct check_dev_in *d,
		      struct check_list *out)
{
	char members[512], flags[32], src[64];
	struct check *c;

	(void)h;
	if (d->group < 0) {
		check_add(out, CHECK_PASSTHROUGH, "group_isolation", CHECK_SKIP, NULL, NULL,
			  "the device has no IOMMU group");
		return;
	}
	snprintf(src, sizeof(src), "/sys/kernel/iommu_groups/%d/devices", d->group);
	members_text(d, members, sizeof(members), false);
	if (!d->nmembers) {
		c = check_add(out, CHECK_PASSTHROUGH, "group_isolation", CHECK_PASS,
			      "pci_device_group() " F_CORE, NULL,
			      "alone in IOMMU group %d%s%s", d->group,
			      d->acs_known && d->acs_matches ? ": " : "",
			      d->acs_known && d->acs_matches ? d->acs.why : "");
		check_evidence(c, src, "%s", d->bdf);
	} else if (d->acs_known && d->acs_matches) {
		c = check_add(out, CHECK_PASSTHROUGH, "group_isolation", CHECK_WARN,
			      acs_function(d->acs.reason),
			      "assign every member of the group together, or move the device to a slot whose upstream ports have ACS (SV RR CR UF); pcie_acs_override is not in mainline",
			      "IOMMU group %d also holds %s (%s): %s; VFIO takes the whole group", d->group,
			      members, pacs_reason_name(d->acs.reason), d->acs.why);
		check_evidence(c, src, "%s, %s", d->bdf, members);
		if (d->acs_culprit) {
			pacs_flag_names(d->acs.missing, flags, sizeof(flags));
			check_evidence(c, d->acs_culprit, "%s%s%s%s",
				       d->acs.quirk ? "ACS by quirk " : d->acs.missing ? "lacks ACS " :
				       "no ACS by its type", d->acs.quirk ? d->acs.quirk : "",
				       d->acs.missing && !d->acs.quirk ? flags : "",
				       d->acs.reason == PACS_ALIAS_BRIDGE ? " (DMA alias bridge)" : "");
		}
	} else {
		c = check_add(out, CHECK_PASSTHROUGH, "group_isolation", CHECK_WARN,
			      "pci_device_group() " F_CORE,
			      "assign every member of the group together",
			      "IOMMU group %d also holds %s; VFIO takes the whole group%s", d->group, members,
			      d->acs_known ? " (config space predicts a different grouping: an IVRS alias or a quirk amdiommuctl does not model decides)" :
			      " (config space was not readable, so the reason is unknown)");
		check_evidence(c, src, "%s, %s", d->bdf, members);
	}

	members_text(d, members, sizeof(members), true);
	if (*members) {
		c = check_add(out, CHECK_PASSTHROUGH, "group_viable", CHECK_FAIL,
			      "iommu_device_claim_dma_owner() " F_CORE,
			      "unbind those drivers (or bind them to vfio-pci as well) before assigning the device",
			      "%s in the same group %s a kernel driver, so VFIO_DEVICE_BIND_IOMMUFD fails with EPERM (the group is owned by the DMA API)",
			      members, strchr(members, ',') ? "use" : "uses");
		check_evidence(c, src, "%s", members);
	} else {
		check_add(out, CHECK_PASSTHROUGH, "group_viable", CHECK_PASS,
			  "iommu_device_claim_dma_owner() " F_CORE, NULL,
			  d->nmembers ? "every other member of the group is unbound or on a VFIO-safe driver (vfio-pci, pci-stub, pcieport)" :
			  "no other device shares the group");
	}
}

static void dev_driver(const struct check_host_in *h, const struct check_dev_in *d,
		       struct check_list *out)
{
	const char *kf = "vfio_pci_probe() drivers/vfio/pci/vfio_pci.c";
	struct check *c;

	(void)h;
	if (!d->driver)
		c = check_add(out, CHECK_PASSTHROUGH, "driver", CHECK_PASS, kf, NULL,
			      "no driver is bound: vfio-pci can take the device");
	else if (!strncmp(d->driver, "vfio", 4))
		c = check_add(out, CHECK_PASSTHROUGH, "driver", CHECK_PASS, kf, NULL,
			      "bound to %s", d->driver);
	else
		c = check_add(out, CHECK_PASSTHROUGH, "driver", CHECK_WARN, kf,
			      "unbind it and bind vfio-pci (driver_override), or let `amdiommuctl check --probe --bind-vfio` do it for the probe",
			      "bound to %s, a host driver: it must be unbound before the device can be assigned",
			      d->driver);
	check_evidence(c, "driver", "%s", d->driver ? d->driver : "none");
}

static void dev_vfio_cdev(const struct check_host_in *h, const struct check_dev_in *d,
			  struct check_list *out)
{
	const char *kf = "vfio_init_device_cdev() drivers/vfio/device_cdev.c";
	bool on_vfio = d->driver && !strcmp(d->driver, "vfio-pci");
	enum kconfig_state s = kcfg(h, "VFIO_DEVICE_CDEV");
	struct check *c;

	if (d->vfio_cdev)
		c = check_add(out, CHECK_IOMMUFD, "vfio_cdev", CHECK_PASS, kf, NULL,
			      "the device has the VFIO cdev %s", d->vfio_cdev);
	else if (on_vfio)
		c = check_add(out, CHECK_IOMMUFD, "vfio_cdev", CHECK_FAIL, kf,
			      "use a kernel with CONFIG_VFIO_DEVICE_CDEV=y (6.6+)",
			      "bound to vfio-pci but without vfio-dev/vfioN: CONFIG_VFIO_DEVICE_CDEV is off, so iommufd cannot bind it");
	else if (s == KCONFIG_YES)
		c = check_add(out, CHECK_IOMMUFD, "vfio_cdev", CHECK_PASS, kf, NULL,
			      "not on vfio-pci now; bound to it, the device gets /dev/vfio/devices/vfioN (CONFIG_VFIO_DEVICE_CDEV=y)");
	else if (h->kconfig)
		c = check_add(out, CHECK_IOMMUFD, "vfio_cdev", CHECK_FAIL, kf,
			      "use a kernel with CONFIG_VFIO_DEVICE_CDEV=y (6.6+)",
			      "CONFIG_VFIO_DEVICE_CDEV is %s: vfio-pci devices get no cdev, so iommufd cannot bind them",
			      kconfig_state_name(s));
	else
		c = check_add(out, CHECK_IOMMUFD, "vfio_cdev", CHECK_SKIP, kf,
			      "bind the device to vfio-pci and look for vfio-dev/vfioN",
			      "the device is not on vfio-pci and the kernel configuration is unreadable: whether it would get a cdev cannot be told");
	check_evidence(c, "vfio-dev", "%s", d->vfio_cdev ? d->vfio_cdev : "none");
	kconfig_evidence(c, h, "VFIO_DEVICE_CDEV");
}

static void caps_unknown(struct check_list *out, enum check_purpose p, const char *name,
			 const char *kf)
{
	check_add(out, p, name, CHECK_SKIP, kf, "run as root: sysfs shows 64 bytes of config space to others",
		  "the PCIe extended capabilities cannot be read (config space beyond 64 bytes needs root)");
}

static void dev_pasid(const struct check_host_in *h, const struct check_dev_in *d,
		      struct check_list *out)
{
	const char *kf_caps = "pdev_get_caps() " F_IOMMU;
	const struct pcie_caps *k = &d->caps;
	struct check *c;
	unsigned pasmax = (unsigned)((h->efr >> 32) & 0x1f);

	if (!d->caps_known) {
		caps_unknown(out, CHECK_PASID, "pasid_cap", kf_caps);
		caps_unknown(out, CHECK_PASID, "ats_pri", "pdev_enable_caps() " F_IOMMU);
		return;
	}
	if (!k->pasid.supported) {
		c = check_add(out, CHECK_PASID, "pasid_cap", CHECK_FAIL, kf_caps,
			      "PASID/SVA needs a device with the PASID capability",
			      "the device has no PASID capability: its PASID count is 0, so iommu_sva_bind_device() fails with -ENOSPC (-28)");
		check_evidence(c, "config space", "no PASID extended capability (0x1b)");
	} else {
		c = check_add(out, CHECK_PASID, "pasid_cap", CHECK_PASS, kf_caps, NULL,
			      "PASID capability: %u-bit PASIDs%s%s, %s", k->pasid_width,
			      k->pasid_exec ? ", execute" : "", k->pasid_priv ? ", privileged" : "",
			      k->pasid.enabled ? "enabled" :
			      "not enabled yet (the driver enables it when an identity or V2 domain is attached: pdev_enable_caps())");
		check_evidence(c, "config space PASID capability (0x1b)", "width %u exec %d priv %d, %s",
			       k->pasid_width, k->pasid_exec, k->pasid_priv,
			       k->pasid.enabled ? "enabled" : "disabled");
	}

	if (k->ats.supported && k->pri.supported && d->iommu_iotlb != 0)
		c = check_add(out, CHECK_PASID, "ats_pri", CHECK_PASS, "pdev_enable_caps() " F_IOMMU, NULL,
			      "ATS and PRI are there (%s, %s): device TLB and I/O page faults work",
			      k->ats.enabled ? "ATS on" : "ATS off", k->pri.enabled ? "PRI on" : "PRI off");
	else if (!k->ats.supported || d->iommu_iotlb == 0)
		c = check_add(out, CHECK_PASID, "ats_pri", CHECK_WARN, "pdev_enable_cap_ats() " F_IOMMU,
			      "SVA without ATS/PRI needs memory that is pinned or faulted in beforehand",
			      "%s: the driver does not enable ATS, and PRI needs ATS (pdev_enable_cap_pri()), so the device cannot fault pages in",
			      !k->ats.supported ? "the device has no ATS capability" :
			      "the IOMMU has no IOTLB support (cap IOTLBSup, bit 24)");
	else
		c = check_add(out, CHECK_PASID, "ats_pri", CHECK_WARN, "pdev_enable_cap_pri() " F_IOMMU,
			      "SVA without PRI needs memory that is pinned or faulted in beforehand",
			      "the device has no PRI capability: it cannot fault pages in (no I/O page faults)");
	check_evidence(c, "config space", "ATS %s, PRI %s",
		       k->ats.supported ? (k->ats.enabled ? "enabled" : "present") : "absent",
		       k->pri.supported ? (k->pri.enabled ? "enabled" : "present") : "absent");
	if (d->iommu_iotlb >= 0)
		check_evidence(c, "IOMMU cap bit 24 (IOTLBSup)", "%d", d->iommu_iotlb);

	if (k->pasid.supported && h->have_efr && (h->efr & EFR_GT_SUP)) {
		uint64_t dev_max = 1ULL << k->pasid_width, iommu_max = (1ULL << (pasmax + 1)) - 1;
		uint64_t n = dev_max < iommu_max ? dev_max : iommu_max;

		c = check_add(out, CHECK_PASID, "pasid_count", n > 1 ? CHECK_PASS : CHECK_FAIL,
			      "dev_iommu_get_max_pasids() " F_CORE,
			      n > 1 ? NULL : "a usable PASID needs the IOMMU's PASmax and the device's width both above 0",
			      "the device can use %llu PASIDs (the smaller of its 2^%u and the IOMMU's 2^(PASmax %u + 1) - 1)",
			      (unsigned long long)n, k->pasid_width, pasmax);
		check_evidence(c, "EFR bits 36:32 (PASmax)", "%u", pasmax);
	}

	if (!k->pasid.supported) {
		check_add(out, CHECK_PASID, "sva_domain", CHECK_SKIP, "pdom_is_sva_capable() " F_IOMMU, NULL,
			  "without a PASID capability the device's domain does not matter for SVA");
		return;
	}
	if (!d->group_type) {
		c = check_add(out, CHECK_PASID, "sva_domain", CHECK_SKIP, "pdom_is_sva_capable() " F_IOMMU, NULL,
			      "the group type is unknown");
	} else if (!strcmp(d->group_type, "identity") ||
		   ((!strcmp(d->group_type, "DMA") || !strcmp(d->group_type, "DMA-FQ")) &&
		    d->dte_class && !strcmp(d->dte_class, "v2"))) {
		c = check_add(out, CHECK_PASID, "sva_domain", CHECK_PASS, "pdom_is_sva_capable() " F_IOMMU, NULL,
			      "the default domain is %s, which can carry PASIDs: the driver enabled PASID on attach",
			      !strcmp(d->group_type, "identity") ? "identity" : "a V2 DMA domain");
	} else if (!strcmp(d->group_type, "DMA") || !strcmp(d->group_type, "DMA-FQ")) {
		char action[160];

		snprintf(action, sizeof(action),
			 "with no driver bound: echo identity > /sys/kernel/iommu_groups/%d/type; or boot with amd_iommu=pgtbl_v2",
			 d->group);
		c = check_add(out, CHECK_PASID, "sva_domain", CHECK_FAIL, "pdom_is_sva_capable() " F_IOMMU, action,
			      "the default domain is a %s DMA domain, which never enables PASID on the device, so SVA binds fail with -EINVAL (-22); amd_iommu_def_domain_type() gives PASID devices identity unless memory encryption or SNP is on, so one of them is, or the type was changed",
			      d->dte_class ? d->dte_class : "V1");
	} else {
		c = check_add(out, CHECK_PASID, "sva_domain", CHECK_SKIP, "pdom_is_sva_capable() " F_IOMMU, NULL,
			      "the group is %s (owned by a user-space driver): kernel SVA does not apply; an iommufd user asks for a PASID HWPT instead",
			      d->group_type);
	}
	check_evidence(c, "group type", "%s", d->group_type ? d->group_type : "unknown");
	if (d->dte_class)
		check_evidence(c, "DTE class", "%s", d->dte_class);
}

static void dev_dirty(const struct check_host_in *h, const struct check_dev_in *d,
		      struct check_list *out)
{
	const char *kf = "amd_iommu_hd_support() " F_IOMMU;
	struct check_prediction p;
	struct check *c;

	if (!d->features_known) {
		c = check_add(out, CHECK_DIRTY, "hd_support", CHECK_SKIP, kf,
			      "run as root: the IVRS table is readable by root only",
			      "the IVRS cannot be read or decoded, so %s's own feature copy (iommu->features) is unknown",
			      d->iommu ? d->iommu : "the IOMMU");
	} else if (d->features & EFR_HD_SUP) {
		c = check_add(out, CHECK_DIRTY, "hd_support", CHECK_PASS, kf, NULL,
			      "HDSup (EFR bit 52) is set in %s's own EFR, the IVHD image the driver took",
			      d->iommu ? d->iommu : "the IOMMU");
	} else if (d->features_why) {
		c = check_add(out, CHECK_DIRTY, "hd_support", CHECK_FAIL, kf,
			      "the firmware's IVRS must give the IOMMU an EFR image with GASup, in an IVHD of type 11h or 40h, and set IVinfo EFRSup",
			      "in Linux 7.3 %s's own feature copy stays 0, so it has no HDSup whatever the MMIO EFR says: %s",
			      d->iommu ? d->iommu : "the IOMMU", d->features_why);
	} else {
		c = check_add(out, CHECK_DIRTY, "hd_support", CHECK_FAIL, kf,
			      "dirty tracking needs an IOMMU with HDSup: the platform decides",
			      "%s lacks HDSup (EFR bit 52 of its IVHD image): no dirty tracking",
			      d->iommu ? d->iommu : "the IOMMU");
	}
	if (d->features_known)
		check_evidence(c, "IVHD EFR image (iommu->features)", "0x%016llx, HDSup %u",
			       (unsigned long long)d->features, (unsigned)((d->features >> 52) & 1));

	hwpt_check(h, d, out, CHECK_DIRTY, "hwpt_dirty", IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
		   "dirty tracking needs HDSup on the device's IOMMU and host (V1) translation");
	hwpt_check(h, d, out, CHECK_DIRTY, "dirty_nest_parent",
		       IOMMU_HWPT_ALLOC_NEST_PARENT | IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
		   "a dirty-tracking nesting parent needs both HDSup and GTSup, GIoSup, EFR2 GCR3TRPMode (Linux 7.0)");

	check_predict(h, d, IOMMU_HWPT_ALLOC_PASID | IOMMU_HWPT_ALLOC_DIRTY_TRACKING, &p);
	if (!d->caps_known)
		c = check_add(out, CHECK_DIRTY, "dirty_pasid", CHECK_SKIP,
			      "amd_iommu_domain_alloc_paging_flags() " F_IOMMU, NULL,
			      "whether the device has PASID cannot be read, so whether PASID|DIRTY_TRACKING matters is unknown");
	else if (!p.err)
		c = check_add(out, CHECK_DIRTY, "dirty_pasid", CHECK_PASS,
			      "amd_iommu_domain_alloc_paging_flags() " F_IOMMU, NULL,
			      "IOMMU_HWPT_ALLOC accepts PASID|DIRTY_TRACKING on Linux %d.%d (as a %s domain)",
			      h->f->kmajor, h->f->kminor, p.pgtable ? p.pgtable : "paging");
	else if (d->caps.pasid.supported)
		c = check_add(out, CHECK_DIRTY, "dirty_pasid", CHECK_WARN,
			      "amd_iommu_domain_alloc_paging_flags() " F_IOMMU,
			      "a VMM that migrates this device cannot also give it PASIDs through the same HWPT: choose per VM",
			      "IOMMU_HWPT_ALLOC refuses PASID|DIRTY_TRACKING with %s: %s", errno_name(p.err), p.why);
	else
		c = check_add(out, CHECK_DIRTY, "dirty_pasid", CHECK_PASS,
			      "amd_iommu_domain_alloc_paging_flags() " F_IOMMU, NULL,
			      "the device has no PASID capability, so the refused PASID|DIRTY_TRACKING combination does not matter");
}

static void dev_snp(const struct check_host_in *h, const struct check_dev_in *d,
		    struct check_list *out)
{
	const char *kf = "amd_iommu_identity_attach() " F_IOMMU;
	bool identity = d->group_type && !strcmp(d->group_type, "identity");
	struct check *c;

	if (!h->have_efr || !d->group_type)
		c = check_add(out, CHECK_SNP, "snp_identity", CHECK_SKIP, kf, NULL,
			      "the EFR2 or the group type is unknown");
	else if (!identity || snp_mode0(h))
		c = check_add(out, CHECK_SNP, "snp_identity", CHECK_PASS, kf, NULL,
			      identity ? "the group is identity, which SNP page mode 0 allows" :
			      "the group is %s, not identity", d->group_type);
	else if (snp_on(h))
		c = check_add(out, CHECK_SNP, "snp_identity", CHECK_FAIL, kf,
			      "with no driver bound, switch the group to DMA",
			      "the group is identity while SNP is on and the IOMMU has no SNP page mode 0: attaching the identity domain fails with -EINVAL");
	else
		c = check_add(out, CHECK_SNP, "snp_identity", CHECK_WARN, kf,
			      "keep the group translated (DMA) on an SNP host",
			      "the group is identity: once SNP is on, without SNP page mode 0, attaching an identity domain fails with -EINVAL");
	check_evidence(c, "group type", "%s", d->group_type ? d->group_type : "unknown");
}

void check_device(const struct check_host_in *h, const struct check_dev_in *d,
		  struct check_list *out)
{
	dev_iommu_link(h, d, out);
	if (!amd_iommu_name(d->iommu) || !h->n_iommus)
		return;
	if (wants(h, CHECK_PASSTHROUGH)) {
		dev_group(h, d, out);
		dev_driver(h, d, out);
		hwpt_check(h, d, out, CHECK_PASSTHROUGH, "hwpt_default", 0,
			   "the driver has no usable page table for DMA: see the host checks");
	}
	if (wants(h, CHECK_IOMMUFD))
		dev_vfio_cdev(h, d, out);
	if (wants(h, CHECK_PASID))
		dev_pasid(h, d, out);
	if (wants(h, CHECK_DIRTY))
		dev_dirty(h, d, out);
	if (wants(h, CHECK_SNP))
		dev_snp(h, d, out);
}

int check_predict_bind(const struct check_host_in *h, const struct check_dev_in *d)
{
	if (h->ir == 0 && unsafe_interrupts(h) != 1)
		return -EPERM;
	for (size_t i = 0; i < d->nmembers; i++)
		if (!vfio_safe_driver(d->members[i].driver))
			return -EPERM;
	return 0;
}

/* ---- purpose verdicts --------------------------------------------------------------- */

/* Host checks of purpose "host" that purpose @p depends on. */
static bool depends(enum check_purpose p, const char *name)
{
	if (!strcmp(name, "amd_iommu"))
		return true;
	switch (p) {
	case CHECK_PASSTHROUGH:
		return !strcmp(name, "interrupt_remapping");
	case CHECK_IOMMUFD:
		return !strcmp(name, "interrupt_remapping") || !strcmp(name, "dev_iommu") ||
		       !strcmp(name, "kconfig_iommufd") || !strcmp(name, "kconfig_vfio_device_cdev");
	case CHECK_PASID:
		return !strcmp(name, "kconfig_iommu_sva");
	default:
		return false;
	}
}

void check_purpose_verdicts(const struct check_list *host, const struct check_list *dev,
			    unsigned purposes, enum check_verdict *v)
{
	for (int p = 0; p < CHECK_NPURPOSES; p++) {
		enum check_verdict w = CHECK_PASS;

		if (p == CHECK_HOST || !(purposes & CHECK_FOR(p))) {
			v[p] = CHECK_SKIP;
			continue;
		}
		for (size_t i = 0; host && i < host->n; i++)
			if ((int)host->v[i].purpose == p ||
			    (host->v[i].purpose == CHECK_HOST && depends(p, host->v[i].name)))
				w = check_worse(w, host->v[i].verdict);
		for (size_t i = 0; dev && i < dev->n; i++)
			if ((int)dev->v[i].purpose == p || !strcmp(dev->v[i].name, "iommu"))
				w = check_worse(w, dev->v[i].verdict);
		v[p] = w;
	}
}
