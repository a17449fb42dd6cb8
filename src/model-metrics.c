// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `metrics`: the host as the Prometheus families of doc/metrics.md,
 * written through prom.c.  One pass over the PCI functions (the
 * per-device family is written as the functions come, so that a large
 * host is never held whole), the IOMMUs with their MMIO rings
 * (amd-ring.c), the groups, the status verdict (status_build(), so that
 * the default domain is the one `status` shows) and the kernel log
 * (evcount.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amd-ring.h"
#include "efr.h"
#include "evcount.h"
#include "hex.h"
#include "json.h"
#include "kcmdline.h"
#include "kmsg.h"
#include "model.h"
#include "prom.h"
#include "regs.h"
#include "status.h"
#include "util.h"

/* ---- the families (doc/metrics.md; tests/cli/metrics.sh compares) --------- */

struct family {
	const char *name;
	enum prom_type type;
	const char *help;
	const char *const *labels;
};

#define LABELS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define GAUGE(id, n, h, ...) static const struct family id = { n, PROM_GAUGE, h, __VA_ARGS__ }
#define COUNTER(id, n, h, ...) static const struct family id = { n, PROM_COUNTER, h, __VA_ARGS__ }
#define RING LABELS("iommu", "buffer")

GAUGE(F_INFO, "amdiommuctl_info",
      "amdiommuctl version and running kernel release; always 1.", LABELS("version", "kernel"));
GAUGE(F_DURATION, "amdiommuctl_collect_duration_seconds",
      "Time amdiommuctl took to read and decode the host for this file.", NULL);
GAUGE(F_SOURCE, "amdiommuctl_source_available",
      "1 when the source could be read: sysfs, debugfs, devtbl, mmio, kmsg, cmdline.",
      LABELS("source"));
GAUGE(F_IOMMUS, "amdiommuctl_iommus",
      "AMD IOMMUs the kernel registered (ivhdN in /sys/class/iommu); 0 when none.", NULL);
GAUGE(F_DEFDOM, "amdiommuctl_default_domain_info",
      "Default domain type (identity, DMA, DMA-FQ) and page table (v1, v2) with its levels; always 1.",
      LABELS("type", "page_table", "levels"));
GAUGE(F_IR, "amdiommuctl_interrupt_remapping_enabled",
      "1 when the AMD IOMMU remaps interrupts, 0 when remapping is off.", NULL);
GAUGE(F_KPARAM, "amdiommuctl_kernel_parameter_info",
      "IOMMU kernel parameters on the command line (amd_iommu, amd_iommu_intr, amd_iommu_dump, iommu, iommu.passthrough, iommu.strict, iommu.forcedac, intremap, nointremap, ivrs_ioapic, ivrs_hpet, ivrs_acpihid, iommufd.allow_unsafe_interrupts, vfio_iommu_type1.allow_unsafe_interrupts); always 1.",
      LABELS("name", "value"));
GAUGE(F_IOMMU_INFO, "amdiommuctl_iommu_info",
      "The IOMMU's PCI function and segment; always 1.",
      LABELS("iommu", "pci_function", "segment"));
GAUGE(F_FEATURE, "amdiommuctl_iommu_feature",
      "1 when the EFR/EFR2 feature bit is set (named as the AMD IOMMU specification and show iommus name them: PreFSup PPRSup XTSup NXSup GTSup ... GIoSup HDSup ... SNPSup, SNPIoSup GCR3TRPMode ...).",
      LABELS("iommu", "feature"));
GAUGE(F_CAPABILITY, "amdiommuctl_iommu_capability",
      "1 when the driver derives the capability: v2, gt_ppr, pasid, dirty_tracking, nest_parent.",
      LABELS("iommu", "capability"));
GAUGE(F_LEVELS, "amdiommuctl_iommu_page_table_levels",
      "Page-table levels the IOMMU supports: table=\"host\" (HATS), table=\"guest\" (GATS); 0 when not supported.",
      LABELS("iommu", "table"));
GAUGE(F_CTRL_BIT, "amdiommuctl_iommu_control_enabled",
      "1 when the single-bit control register field (MMIO 0x18) is set: IOMMUEn EventLogEn CmdBufEn PPRLogEn GALogEn XTEn ...",
      LABELS("iommu", "bit"));
GAUGE(F_CTRL_FIELD, "amdiommuctl_iommu_control_field",
      "Value of a multi-bit control register field: InvTimeout, GAM, NumIntRemapMode.",
      LABELS("iommu", "field"));
GAUGE(F_BUF_EN, "amdiommuctl_iommu_buffer_enabled",
      "1 when the control register enables the ring: buffer=\"command\", \"event\", \"ppr\", \"ga\".", RING);
GAUGE(F_BUF_RUN, "amdiommuctl_iommu_buffer_running",
      "1 when the status register (MMIO 0x2020) says the ring runs (CmdBufRun, EventLogRun, PPRLogRun, GALogRun).",
      RING);
GAUGE(F_BUF_OVF, "amdiommuctl_iommu_buffer_overflow",
      "1 when the status register's overflow bit of the log is set (EventOverflow, PPROverflow, GALogOverflow; event, ppr, ga only).",
      RING);
GAUGE(F_BUF_INT, "amdiommuctl_iommu_buffer_interrupt_pending",
      "1 when the status register's interrupt bit of the ring is set (ComWaitInt for the command buffer).",
      RING);
GAUGE(F_BUF_USED, "amdiommuctl_iommu_buffer_used_entries",
      "Entries between head and tail: commands not yet fetched, log entries not yet read.", RING);
GAUGE(F_BUF_SIZE, "amdiommuctl_iommu_buffer_size_entries",
      "Ring capacity from the base register's length field; 0 when the ring is not set up.", RING);
GAUGE(F_BUF_HEAD, "amdiommuctl_iommu_buffer_head_index",
      "Head pointer as an entry index (a head that does not move while entries are used is a stalled ring).",
      RING);
GAUGE(F_BUF_TAIL, "amdiommuctl_iommu_buffer_tail_index", "Tail pointer as an entry index.", RING);
GAUGE(F_DEVICES, "amdiommuctl_devices",
      "PCI functions behind the IOMMU by the class of their device table entry (untranslated, blocked, identity, v1, v2, nested, invalid, unknown) and their group's type.",
      LABELS("iommu", "dte_class", "group_type"));
GAUGE(F_GROUPS, "amdiommuctl_groups",
      "IOMMU groups by type (identity, DMA, DMA-FQ, blocked, unmanaged, unknown).", LABELS("type"));
GAUGE(F_TRANSLATION, "amdiommuctl_device_translation_info",
      "How the device's DMA is translated: its group's type, its DTE class and page-table levels; always 1.",
      LABELS("device", "iommu", "group_type", "dte_class", "levels"));
COUNTER(F_EVENTS, "amdiommuctl_events_total",
	"AMD-Vi events in the kernel log since boot by device and event type (IO_PAGE_FAULT, ...); device=\"none\" for events without one, \"other\" past the device cap. A lower bound: see amdiommuctl_ratelimit_suppressed_total.",
	LABELS("device", "type"));
COUNTER(F_MALFORMED, "amdiommuctl_events_malformed_total",
	"AMD-Vi \"Event logged\" messages amdiommuctl could not decode.", NULL);
GAUGE(F_CAP_REACHED, "amdiommuctl_events_device_cap_reached",
      "1 when more devices had events than the cap (256); their events count under device=\"other\".",
      NULL);
COUNTER(F_SUPPRESSED, "amdiommuctl_ratelimit_suppressed_total",
	"Kernel messages dropped by ratelimiting, from \"FUNC: N callbacks suppressed\", per IOMMU driver function.",
	LABELS("function"));
COUNTER(F_LOGMSG, "amdiommuctl_log_messages_total",
	"AMD IOMMU driver health messages in the kernel log: event_log_restart, ppr_log_restart, ga_log_restart, completion_wait_timeout, command_buffer_timeout, event_not_written, ga_log_notifier_failed.",
	LABELS("message"));
GAUGE(F_LOST, "amdiommuctl_kernel_log_lost_records",
      "Kernel log records overwritten before amdiommuctl read them (sequence numbers missing); events in them are not counted. Live hosts only.",
      NULL);

/* ---- writer ------------------------------------------------------------------ */

struct mw {
	struct ctx *c;
	struct prom *p;
	struct metrics_count *count;
};

static void family(struct mw *w, const struct family *f)
{
	if (!prom_family(w->p, f->name, f->type, f->help, f->labels))
		w->count->families++;
}

static void sample(struct mw *w, double v, const char *const *values)
{
	if (!prom_samplev(w->p, v, values))
		w->count->series++;
}

#define SAMPLE(w, v, ...) sample(w, v, (const char *const[]){ __VA_ARGS__, NULL })

static void sample0(struct mw *w, double v)
{
	sample(w, v, NULL);
}

static void fmt_uint(char *buf, size_t n, long long v)
{
	if (v < 0)
		buf[0] = '\0';
	else
		snprintf(buf, n, "%lld", v);
}

/* ---- IOMMUs ------------------------------------------------------------------ */

struct m_iommu {
	const char *name;          /* ivhdN, from the model */
	int index;
	const char *bdf;           /* "" when unknown */
	char segment[24];          /* "" when unknown */
	bool have_efr, have_control, have_status;
	uint64_t efr, efr2, control, status;
	bool have_ring[AMD_RING_N];
	struct amd_ring_state ring[AMD_RING_N];
};

static bool hex_at(json_object *o, const char *path, uint64_t *v)
{
	const char *s = json_path_str(o, path);

	return s && !parse_hex_u64(s, v);
}

/* One MMIO register; an offset a capture lacks (the file exists) is no error. */
static bool mmio_reg(struct ctx *c, int index, unsigned offset, uint64_t *v)
{
	int err = host_read_mmio(c->h, index, offset, v);
	char *path;

	if (!err)
		return true;
	path = xasprintf(HOST_DEBUGFS_AMD "/iommu%02d/mmio", index);
	if (err != -ENOENT || !host_exists(c->h, path))
		ctx_unreadable(c, path, err, "cannot read the MMIO registers");
	free(path);
	return false;
}

static void read_rings(struct ctx *c, struct m_iommu *m)
{
	m->have_status = mmio_reg(c, m->index, AMD_MMIO_STATUS, &m->status);
	for (int r = 0; r < AMD_RING_N; r++) {
		const struct amd_ring_desc *d = amd_ring_desc((enum amd_ring)r);
		uint64_t base, head, tail;

		m->have_ring[r] = mmio_reg(c, m->index, d->base_offset, &base) &&
				  mmio_reg(c, m->index, d->head_offset, &head) &&
				  mmio_reg(c, m->index, d->tail_offset, &tail);
		if (m->have_ring[r])
			amd_ring_decode((enum amd_ring)r, base, head, tail, &m->ring[r]);
	}
}

static struct m_iommu *read_iommus(struct ctx *c, json_object *arr, size_t *n)
{
	struct m_iommu *v;

	*n = json_object_array_length(arr);
	v = xzalloc((*n ? *n : 1) * sizeof(*v));
	for (size_t i = 0; i < *n; i++) {
		json_object *o = json_object_array_get_idx(arr, i), *seg;
		struct m_iommu *m = &v[i];
		const char *bdf = json_path_str(o, "bdf");

		m->name = json_path_str(o, "name");
		m->index = json_object_get_int(json_path(o, "iommu_index"));
		m->bdf = bdf ? bdf : "";
		seg = json_path(o, "segment");
		fmt_uint(m->segment, sizeof(m->segment), seg ? json_object_get_int(seg) : -1);
		m->have_efr = hex_at(o, "efr", &m->efr) && hex_at(o, "efr2", &m->efr2);
		m->have_control = hex_at(o, "debugfs.control", &m->control);
		if (!c->facts.debugfs_err)
			read_rings(c, m);
	}
	return v;
}

static void write_features(struct mw *w, const struct m_iommu *v, size_t n)
{
	static const struct field *const tables[] = { efr_field_table, efr2_field_table };

	family(w, &F_FEATURE);
	for (size_t i = 0; i < n; i++)
		for (size_t t = 0; v[i].have_efr && t < ARRAY_SIZE(tables); t++)
			for (const struct field *f = tables[t]; f->key; f++) {
				uint64_t reg = t ? v[i].efr2 : v[i].efr;

				if (f->kind == FIELD_FLAG)
					SAMPLE(w, (double)field_value(f, &reg), v[i].name, f->label);
			}
	family(w, &F_CAPABILITY);
	for (size_t i = 0; i < n; i++) {
		struct amd_caps k;

		if (!v[i].have_efr)
			continue;
		amd_caps_compute(v[i].efr, v[i].efr2, w->c->facts.la57, facts_snp(&w->c->facts), &k);
		SAMPLE(w, k.v2, v[i].name, "v2");
		SAMPLE(w, k.gt_ppr, v[i].name, "gt_ppr");
		SAMPLE(w, k.pasid, v[i].name, "pasid");
		SAMPLE(w, k.dirty_tracking, v[i].name, "dirty_tracking");
		SAMPLE(w, k.nest_parent, v[i].name, "nest_parent");
	}
	family(w, &F_LEVELS);
	for (size_t i = 0; i < n; i++) {
		struct efr_info e;

		if (!v[i].have_efr)
			continue;
		efr_decode(v[i].efr, v[i].efr2, &e);
		SAMPLE(w, e.host_levels, v[i].name, "host");
		SAMPLE(w, e.guest_levels, v[i].name, "guest");
	}
}

static void write_control(struct mw *w, const struct m_iommu *v, size_t n)
{
	size_t nf;
	const struct ctrl_field *cf = control_fields(&nf);

	family(w, &F_CTRL_BIT);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; v[i].have_control && k < nf; k++)
			if (cf[k].width == 1)
				SAMPLE(w, (double)field_bits(v[i].control, cf[k].lo, 1), v[i].name,
				       cf[k].names[1]);
	family(w, &F_CTRL_FIELD);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; v[i].have_control && k < nf; k++) {
			char name[32];

			if (cf[k].width == 1)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(cf[k].names[1], "="),
				 cf[k].names[1]);
			SAMPLE(w, (double)field_bits(v[i].control, cf[k].lo, cf[k].width), v[i].name,
			       name);
		}
}

enum ring_value { RV_ENABLED, RV_RUNNING, RV_OVERFLOW, RV_INT, RV_USED, RV_SIZE, RV_HEAD, RV_TAIL };

/* The value of @what for ring @r of @m; false when there is none. */
static bool ring_value(const struct m_iommu *m, enum amd_ring r, enum ring_value what, double *out)
{
	const struct amd_ring_desc *d = amd_ring_desc(r);
	const struct amd_ring_state *s = &m->ring[r];
	struct amd_ring_flags fl;

	amd_ring_flags(r, m->control, m->status, &fl);
	switch (what) {
	case RV_ENABLED:
		*out = fl.enabled;
		return m->have_control;
	case RV_RUNNING:
		*out = fl.running;
		return m->have_status;
	case RV_OVERFLOW:
		*out = fl.overflow;
		return m->have_status && d->status_overflow;
	case RV_INT:
		*out = fl.interrupt;
		return m->have_status && d->status_int;
	case RV_USED:
		*out = s->used;
		return m->have_ring[r] && s->configured && s->consistent;
	case RV_SIZE:
		*out = s->entries;
		return m->have_ring[r];
	case RV_HEAD:
		*out = s->head_index;
		return m->have_ring[r] && s->configured;
	default:
		*out = s->tail_index;
		return m->have_ring[r] && s->configured;
	}
}

static void write_rings(struct mw *w, const struct m_iommu *v, size_t n)
{
	static const struct family *const fams[] = {
		[RV_ENABLED] = &F_BUF_EN, [RV_RUNNING] = &F_BUF_RUN, [RV_OVERFLOW] = &F_BUF_OVF,
		[RV_INT] = &F_BUF_INT, [RV_USED] = &F_BUF_USED, [RV_SIZE] = &F_BUF_SIZE,
		[RV_HEAD] = &F_BUF_HEAD, [RV_TAIL] = &F_BUF_TAIL,
	};

	for (size_t f = 0; f < ARRAY_SIZE(fams); f++) {
		family(w, fams[f]);
		for (size_t i = 0; i < n; i++)
			for (int r = 0; r < AMD_RING_N; r++) {
				double x;

				if (ring_value(&v[i], (enum amd_ring)r, (enum ring_value)f, &x))
					SAMPLE(w, x, v[i].name, amd_ring_desc((enum amd_ring)r)->name);
			}
	}
}

static void write_iommus(struct mw *w, const struct m_iommu *v, size_t n)
{
	family(w, &F_IOMMUS);
	sample0(w, (double)n);
	family(w, &F_IOMMU_INFO);
	for (size_t i = 0; i < n; i++)
		SAMPLE(w, 1, v[i].name, v[i].bdf, v[i].segment);
	write_features(w, v, n);
	write_control(w, v, n);
	write_rings(w, v, n);
}

/* ---- devices and groups ------------------------------------------------------ */

#define N_CLASSES 8 /* dte_class_name(0..7): the seven classes and "unknown" */

struct dev_count {
	char iommu[16];
	unsigned n[N_CLASSES][GT_COUNT];
};

struct dev_pass {
	struct mw *w;
	struct status_in *in;
	struct dev_count *counts;
	size_t ncounts;
};

static int class_index(const char *cls)
{
	for (int k = 0; cls && k < N_CLASSES - 1; k++)
		if (!strcmp(cls, dte_class_name((enum dte_class)k)))
			return k;
	return N_CLASSES - 1;
}

static unsigned *dev_counter(struct dev_pass *dp, const char *iommu, int cls, int gt)
{
	size_t i;

	for (i = 0; i < dp->ncounts && strcmp(dp->counts[i].iommu, iommu); i++)
		;
	if (i == dp->ncounts) {
		dp->counts = xrealloc(dp->counts, (i + 1) * sizeof(*dp->counts));
		memset(&dp->counts[i], 0, sizeof(dp->counts[i]));
		snprintf(dp->counts[i].iommu, sizeof(dp->counts[i].iommu), "%s", iommu);
		dp->ncounts++;
	}
	return &dp->counts[i].n[cls][gt];
}

static void device_seen(json_object *d, void *arg)
{
	struct dev_pass *dp = arg;
	const char *iommu = json_path_str(d, "iommu"), *gts = json_path_str(d, "group_type");
	int gt = status_group_type_index(gts), cls;
	json_object *lv = json_path(d, "dte.levels");
	char levels[24];

	if (iommu && !strncmp(iommu, "ivhd", 4)) {
		gt = gt < 0 ? GT_UNKNOWN : gt;
		cls = class_index(json_path_str(d, "dte.class"));
		fmt_uint(levels, sizeof(levels), lv ? json_object_get_int(lv) : -1);
		SAMPLE(dp->w, 1, json_path_str(d, "bdf"), iommu, status_group_type_name(gt),
		       dte_class_name((enum dte_class)cls), levels);
		++*dev_counter(dp, iommu, cls, gt);
		status_scan_device(dp->in, d);
	}
	json_object_put(d);
}

static void write_devices(struct mw *w, struct status_in *in)
{
	struct dev_pass dp = { .w = w, .in = in };

	family(w, &F_TRANSLATION);
	collect_devices_each(w->c, NULL, device_seen, &dp);
	family(w, &F_DEVICES);
	for (size_t i = 0; i < dp.ncounts; i++)
		for (int k = 0; k < N_CLASSES; k++)
			for (int g = 0; g < GT_COUNT; g++)
				if (dp.counts[i].n[k][g])
					SAMPLE(w, dp.counts[i].n[k][g], dp.counts[i].iommu,
					       dte_class_name((enum dte_class)k), status_group_type_name(g));
	free(dp.counts);
}

/* ---- host ------------------------------------------------------------------- */

static const char *const kernel_params[] = {
	"amd_iommu", "amd_iommu_intr", "amd_iommu_dump", "iommu", "iommu.passthrough",
	"iommu.strict", "iommu.forcedac", "intremap", "nointremap", "ivrs_ioapic", "ivrs_hpet",
	"ivrs_acpihid", "iommufd.allow_unsafe_interrupts",
	"vfio_iommu_type1.allow_unsafe_interrupts",
};

struct kparams {
	struct mw *w;
	char **seen;
	size_t n;
};

static void kernel_param(const char *param, const char *value, void *arg)
{
	struct kparams *kp = arg;
	size_t k;
	char *key;

	for (k = 0; k < ARRAY_SIZE(kernel_params) && !kcmdline_parameq(param, kernel_params[k]); k++)
		;
	if (k == ARRAY_SIZE(kernel_params))
		return;
	/* the same word twice is one series */
	key = xasprintf("%s=%s", kernel_params[k], value ? value : "");
	for (size_t i = 0; i < kp->n; i++)
		if (!strcmp(kp->seen[i], key)) {
			free(key);
			return;
		}
	kp->seen = xrealloc(kp->seen, (kp->n + 1) * sizeof(*kp->seen));
	kp->seen[kp->n++] = key;
	SAMPLE(kp->w, 1, kernel_params[k], value ? value : "");
}

static void write_host(struct mw *w)
{
	struct facts *f = &w->c->facts;
	struct kparams kp = { .w = w };

	family(w, &F_INFO);
	SAMPLE(w, 1, PACKAGE_VERSION, f->kernel_release ? f->kernel_release : "");
	family(w, &F_KPARAM);
	if (f->cmdline)
		kcmdline_words(f->cmdline, kernel_param, &kp);
	strv_free(kp.seen, kp.n);
}

static void write_verdicts(struct mw *w, struct status_in *in, size_t n_iommus)
{
	struct ctx *c = w->c;
	json_object *st, *lv;
	const char *ddt, *pt;
	char levels[24];

	in->n_iommus = (int)n_iommus;
	in->ivrs = host_exists(c->h, "/sys/firmware/acpi/tables/IVRS");
	in->ir = facts_ir(&c->facts);
	in->ir_source = c->facts.ir_source;
	in->ir_detail = c->facts.ir_detail;
	in->debugfs_iommu_dir = host_exists(c->h, "/sys/kernel/debug/iommu");
	in->iommufd = host_exists(c->h, "/dev/iommu");
	in->vfio_devices_dir = host_exists(c->h, "/dev/vfio/devices");
	st = status_build(in);
	ddt = json_path_str(st, "default_domain_type");
	pt = json_path_str(st, "default_pgtable.value");
	lv = json_path(st, "default_pgtable.levels");
	fmt_uint(levels, sizeof(levels), lv ? json_object_get_int(lv) : -1);
	family(w, &F_DEFDOM);
	SAMPLE(w, 1, ddt ? ddt : "unknown", pt ? pt : "unknown", levels);
	json_object_put(st);
	family(w, &F_IR);
	if (in->ir >= 0)
		sample0(w, in->ir);
}

/* ---- kernel log ------------------------------------------------------------- */

static void write_events(struct mw *w)
{
	struct ctx *c = w->c;
	struct evcount *ec = xnonnull(evcount_new(0));
	const struct evc_event *ev;
	const struct evc_suppressed *sup;
	const struct evc_health *hl;
	struct evc_totals t;
	size_t n;
	char *text = NULL;
	size_t len = 0;
	int err = host_read_kmsg(c->h, &text, &len);

	if (err)
		ctx_unreadable(c, "/dev/kmsg", err, "cannot read the kernel log");
	else
		evcount_buffer(ec, text, len);
	free(text);
	evcount_totals(ec, &t);

	family(w, &F_EVENTS);
	n = evcount_events(ec, &ev);
	for (size_t i = 0; !err && i < n; i++) {
		char name[BDF_STRLEN];

		if (ev[i].dev == EVC_DEV)
			bdf_format(&ev[i].device, name);
		SAMPLE(w, (double)ev[i].count, ev[i].dev == EVC_DEV ? name :
		       ev[i].dev == EVC_DEV_NONE ? "none" : "other", ev[i].type);
	}
	family(w, &F_MALFORMED);
	if (!err)
		sample0(w, (double)t.malformed);
	family(w, &F_CAP_REACHED);
	if (!err)
		sample0(w, t.device_cap_reached);
	family(w, &F_SUPPRESSED);
	n = evcount_suppressed(ec, &sup);
	for (size_t i = 0; !err && i < n; i++)
		SAMPLE(w, (double)sup[i].callbacks, sup[i].function);
	family(w, &F_LOGMSG);
	n = evcount_health(ec, &hl);
	for (size_t i = 0; !err && i < n; i++)
		SAMPLE(w, (double)hl[i].count, hl[i].key);
	/*
	 * Live only: a tree's or snapshot's log is filtered (kmsg_keep_iommu()),
	 * its sequence gaps mean nothing.  Sequence numbers start at 0 at boot
	 * (printk_ringbuffer), so records before the first one read are lost.
	 */
	family(w, &F_LOST);
	if (!err && host_is_live(c->h) && t.have_seq)
		sample0(w, (double)(t.first_seq + t.seq_gaps));
	evcount_free(ec);
}

/* ---- sources ---------------------------------------------------------------- */

static const char *const sources[] = { "sysfs", "debugfs", "devtbl", "mmio", "kmsg", "cmdline" };

/* The source of an `unavailable` entry, by its path. */
static const char *source_of(const char *path)
{
	static const char amd[] = HOST_DEBUGFS_AMD "/";

	if (!strncmp(path, amd, sizeof(amd) - 1)) {
		const char *rest = path + sizeof(amd) - 1;

		if (!strncmp(rest, "devtbl", 6))
			return "devtbl";
		if (!strncmp(rest, "iommu", 5) && strstr(rest, "/mmio"))
			return "mmio";
		return "debugfs";
	}
	if (!strncmp(path, "/sys/kernel/debug", 17))
		return "debugfs";
	if (!strcmp(path, "/dev/kmsg"))
		return "kmsg";
	if (!strcmp(path, "/proc/cmdline"))
		return "cmdline";
	return "sysfs";
}

static void write_sources(struct mw *w)
{
	struct ctx *c = w->c;
	size_t n = ctx_unavailable_count(c);

	family(w, &F_SOURCE);
	for (size_t s = 0; s < ARRAY_SIZE(sources); s++) {
		bool ok = true;

		if (!strcmp(sources[s], "debugfs"))
			ok = !c->facts.debugfs_err;
		if (!strcmp(sources[s], "cmdline"))
			ok = !c->facts.cmdline_err;
		for (size_t i = 0; ok && i < n; i++)
			ok = strcmp(source_of(json_path_str(json_object_array_get_idx(c->unavailable, i),
							   "source")), sources[s]);
		SAMPLE(w, ok, sources[s]);
	}
}

/* ---- all of it --------------------------------------------------------------- */

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int collect_metrics(struct ctx *c, struct prom *p, struct metrics_count *count)
{
	struct metrics_count dummy;
	struct mw w = { .c = c, .p = p, .count = count ? count : &dummy };
	struct status_in in = { .f = &c->facts, .vfio_pci_cdev = -1 };
	size_t groups[GT_COUNT] = { 0 }, n;
	double t0 = now_seconds();
	json_object *arr = collect_iommus(c);
	struct m_iommu *v = read_iommus(c, arr, &n);

	memset(w.count, 0, sizeof(*w.count));
	w.count->iommus = n;
	if (c->facts.cmdline_err)
		ctx_unreadable(c, "/proc/cmdline", c->facts.cmdline_err,
			       "cannot read the kernel command line");
	write_host(&w);
	write_iommus(&w, v, n);
	if (n) {
		in.have_efr = v[0].have_efr;
		in.efr = v[0].efr;
		in.efr2 = v[0].efr2;
	}
	status_count_groups(c, &in, groups);
	write_devices(&w, &in);
	family(&w, &F_GROUPS);
	for (int g = 0; g < GT_COUNT; g++)
		SAMPLE(&w, (double)groups[g], status_group_type_name(g));
	write_verdicts(&w, &in, n);
	write_events(&w);
	write_sources(&w);
	family(&w, &F_DURATION);
	sample0(&w, now_seconds() - t0);
	free(v);
	json_object_put(arr);
	return prom_finish(p);
}
