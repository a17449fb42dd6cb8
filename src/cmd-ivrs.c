// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl show ivrs [--file FILE]: the ACPI IVRS table decoded, the
 * driver's view of it on this machine and the firmware findings
 * (model-ivrs.c), as text or JSON.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ivrs-json.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

struct ivrs_cmd_opts {
	const char *file, *apic, *cmdline;
	bool on_host;
};

static const struct cmd_opt opts[] = {
	CMD_OPT_STRING("file", 'f', "FILE", struct ivrs_cmd_opts, file,
		       "decode FILE (a raw table, acpidump's text, xxd or hexdump -C) instead of the host's table"),
	CMD_OPT_STRING("apic", 0, "FILE", struct ivrs_cmd_opts, apic,
		       "the MADT (APIC table, raw or text) for the IOAPIC checks"),
	CMD_OPT_STRING("cmdline", 0, "TEXT", struct ivrs_cmd_opts, cmdline,
		       "apply this kernel command line (its ivrs_* overrides) instead of /proc/cmdline"),
	CMD_OPT_FLAG("on-host", 0, struct ivrs_cmd_opts, on_host,
		     "with --file: check the table against this host's devices and IOMMUs"),
	CMD_OPT_END
};

/* ---- text ------------------------------------------------------------------ */

static void heading(const char *title)
{
	printf("\n%s\n", title);
}

static void print_header(json_object *doc, int verbose)
{
	json_object *h = json_path(doc, "ivrs.header"), *drv = json_path(doc, "ivrs.driver");
	struct column cols[IVRS_H_NFIELDS + 3];
	size_t n = ivrs_desc_columns(ivrs_header_desc, IVRS_H_NFIELDS, cols, IVRS_H_NFIELDS);
	json_object *type = json_path(drv, "ivhd_type");

	printf("IVRS from %s (%s bytes)\n", json_path_str(doc, "sources.ivrs"),
	       json_object_get_string(json_path(h, "size")));
	if (!verbose) {
		/* the reserved 8 bytes only with -v */
		for (size_t i = 0; i < n; i++)
			if (!strcmp(cols[i].path, "reserved"))
				memmove(&cols[i], &cols[i + 1], (--n - i) * sizeof(*cols));
	}
	cols[n++] = (struct column){ "  sum of the bytes", "sum" };
	cols[n++] = (struct column){ "  checksum valid", "checksum_ok" };
	render_record(stdout, h, cols, n, "  ");
	if (type)
		printf("  the driver uses IVHD type %02xh: %s IOMMU(s)\n", json_object_get_int(type),
		       json_object_get_string(json_path(drv, "iommu_count")));
	else
		printf("  the driver finds no IVHD\n");
}

static void print_ivhd(json_object *h, int verbose)
{
	json_object *e = json_path(h, "entries");
	const char *iommu = json_path_str(h, "iommu");

	printf("\nIVHD %02xh at 0x%03llx: %s, %s, base %s, segment %s, %zu entries\n",
	       json_object_get_int(json_path(h, "type")),
	       (unsigned long long)json_object_get_uint64(json_path(h, "offset")),
	       iommu ? iommu : "not used by the driver", json_path_str(h, "bdf"),
	       json_path_str(h, "base_address"), json_object_get_string(json_path(h, "segment")),
	       e ? json_object_array_length(e) : 0);
	if (verbose) {
		struct column cols[IVRS_V_NFIELDS + 2];
		size_t n = ivrs_desc_columns(ivrs_ivhd_desc, IVRS_V_NFIELDS, cols, IVRS_V_NFIELDS);
		json_object *dec = json_path(h, "efr_image_decoded");

		render_record(stdout, h, cols, n, "  ");
		if (dec) {
			cols[0] = (struct column){ "  EFR image features", "efr_features" };
			cols[1] = (struct column){ "  EFR2 image features", "efr2_features" };
			render_record(stdout, dec, cols, 2, "  ");
		}
	} else if (json_path(h, "efr_image")) {
		printf("  EFR image %s, EFR2 image %s\n", json_path_str(h, "efr_image"),
		       json_path_str(h, "efr2_image"));
	}
	if (e && json_object_array_length(e)) {
		printf("\n");
		render_table(stdout, e, ivrs_entry_table, ivrs_entry_table_n);
	}
}

static const struct column special_cols[] = {
	{ "KIND", "variety_name" },
	{ "HANDLE", "handle" },
	{ "DEVICE", "bdf" },
	{ "FROM", "source" },
	{ "OFFSET", "offset", ivrs_fmt_offset },
	{ "PARAMETER", "parameter" },
};

static const struct column efr_cols[] = {
	{ "IOMMU", "iommu" },
	{ "IVHD", "offset", ivrs_fmt_offset },
	{ "IMAGE USED", "image_used" },
	{ "OWN EFR", "iommu_efr" },
	{ "OWN EFR2", "iommu_efr2" },
	{ "MMIO DIFFERS", "mismatch" },
	{ "WHY NOT USED", "why_unused" },
};

static const struct column efr_fields[] = {
	{ "EFR before PCI init", "early_efr" },
	{ "EFR2 before PCI init", "early_efr2" },
	{ "  used for", "early_used_for" },
	{ "EFR after PCI init", "efr" },
	{ "EFR2 after PCI init", "efr2" },
	{ "  from", "efr_from" },
	{ "  used for", "used_for" },
	{ "IOMMU EFR used for", "iommu_efr_used_for" },
	{ "images inconsistent", "inconsistent" },
};

static void print_resolved(json_object *res)
{
	json_object *a = json_path(res, "functions");

	heading("The driver's view, per PCI function:");
	if (a && json_object_array_length(a))
		render_table(stdout, a, ivrs_function_table, ivrs_function_table_n);
	else
		printf("  (the machine's PCI functions are unknown)\n");
	a = json_path(res, "special_map");
	heading("IOAPIC and HPET map (ioapic_map, hpet_map):");
	if (a && json_object_array_length(a))
		render_table(stdout, a, special_cols, ARRAY_SIZE(special_cols));
	else
		printf("  (empty)\n");
	heading("EFR the driver uses:");
	render_table(stdout, json_path(res, "efr_decision.iommus"), efr_cols, ARRAY_SIZE(efr_cols));
	render_record(stdout, json_path(res, "efr_decision"), efr_fields, ARRAY_SIZE(efr_fields), "  ");
	if (json_path(res, "init_fails"))
		printf("  the driver stops: %s\n", json_path_str(res, "init_fails"));
}

/* "  label: text" with the text's own lines indented under it. */
static void block(const char *label, const char *text)
{
	const char *p = text;

	if (!text)
		return;
	printf("    %-8s", label);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		printf("%.*s\n", (int)len, p);
		p += len + (nl != NULL);
		if (*p)
			printf("    %-8s", "");
	}
}

static void print_findings(json_object *f, int verbose)
{
	size_t n = f ? json_object_array_length(f) : 0, shown = 0;

	heading("Findings:");
	if (!n) {
		printf("  none\n");
		return;
	}
	render_table(stdout, f, ivrs_finding_table, ivrs_finding_table_n);
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(f, i), *ev;
		const char *sev = json_path_str(x, "severity");

		if (!verbose && !strcmp(sev, "info"))
			continue;
		if (!shown++)
			printf("\n");
		printf("  %s %s%s%s\n", sev, json_path_str(x, "rule"),
		       json_path(x, "offset") ? " at " : "",
		       json_path(x, "offset") ? ivrs_fmt_offset(x, json_path(x, "offset"), (char[16]){0}, 16) : "");
		block("what", json_path_str(x, "message"));
		block("kernel", json_path_str(x, "driver_message"));
		block("do", json_path_str(x, "advice"));
		block("fixed by", json_path_str(x, "resolved_by"));
		if (verbose) {
			ev = json_path(x, "evidence");
			json_object_object_foreach(ev, k, v) {
				char buf[320], lab[48];

				snprintf(lab, sizeof(lab), "%s", k);
				printf("    %-8s%s = %s\n", "evidence", lab, render_value(v, buf, sizeof(buf)));
			}
			block("rule in", json_path_str(x, "kernel_function"));
		}
	}
}

static void print_text(json_object *doc, int verbose)
{
	json_object *ivhds = json_path(doc, "ivrs.ivhds"), *a;

	print_header(doc, verbose);
	for (size_t i = 0; i < json_object_array_length(ivhds); i++)
		print_ivhd(json_object_array_get_idx(ivhds, i), verbose);
	a = json_path(doc, "ivrs.ivmds");
	if (a && json_object_array_length(a)) {
		heading("IVMDs:");
		render_table(stdout, a, ivrs_ivmd_table, ivrs_ivmd_table_n);
	}
	a = json_path(doc, "ivrs.unknown_subtables");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *x = json_object_array_get_idx(a, i);

		printf("\nsubtable of unknown type %02xh at 0x%03llx (%s bytes), skipped\n",
		       json_object_get_int(json_path(x, "type")),
		       (unsigned long long)json_object_get_uint64(json_path(x, "offset")),
		       json_object_get_string(json_path(x, "length")));
	}
	if (verbose)
		print_resolved(json_path(doc, "resolved"));
	print_findings(json_path(doc, "findings"), verbose);
}

/* ---- the command -------------------------------------------------------------- */

static json_object *document(const struct ivrs_report *rep)
{
	json_object *o = json_object_new_object();

	json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
	json_add(o, "sources", ivrs_report_sources(rep));
	json_add(o, "ivrs", ivrs_json_table(rep->d));
	json_add(o, "madt", rep->madt ? ivrs_json_madt(rep->madt) : NULL);
	json_add(o, "resolved", ivrs_json_view(rep->d, rep->v));
	json_add(o, "findings", ivrs_json_findings(&rep->f));
	return o;
}

static int run(struct run *r, int argc, char **argv)
{
	const struct ivrs_cmd_opts *o = r->opts;
	struct ivrs_opts io = { o->file, o->apic, o->cmdline, o->on_host };
	struct ivrs_report *rep;
	struct ctx c;
	json_object *doc;
	char *msg;
	int rc, err;

	(void)argv;
	if ((rc = cmd_no_args(r, argc)))
		return rc;
	if (o->on_host && !o->file)
		return cmd_fail(r, EXIT_USAGE, 0, "show ivrs: --on-host goes with --file (without it the host's own table is checked)");
	ctx_init(&c, r->h);
	err = collect_ivrs(&c, &io, &rep, &msg);
	if (err) {
		rc = err == -ENOENT && !o->file ? EXIT_UNSUPPORTED :
		     err == -ENOMEM ? EXIT_ERROR : o->file || o->apic ? EXIT_ERROR :
		     errno_exit_code(source_errors, err);
		rc = cmd_fail(r, rc, err, "show ivrs: %s", msg);
		free(msg);
		ctx_fini(&c);
		return rc;
	}
	doc = document(rep);
	if (r->json) {
		json_add(doc, "unavailable", json_object_get(c.unavailable));
		render_json(stdout, doc, r->pretty);
	} else {
		print_text(doc, r->verbose);
	}
	json_object_put(doc);
	ivrs_report_free(rep);
	return cmd_finish(r, &c, EXIT_OK);
}

/* What `show ivrs` reads on this host, for a snapshot: the raw IVRS, APIC
 * and HPET tables and the machine facts the findings use. */
static void record(struct ctx *c)
{
	struct ivrs_report *rep;
	char *msg;

	if (!collect_ivrs(c, NULL, &rep, &msg))
		ivrs_report_free(rep);
	else
		free(msg);
}

const struct command cmd_show_ivrs = {
	.name = "show ivrs",
	.args = "",
	.summary = "the ACPI IVRS table decoded, the driver's view of it and firmware findings",
	.opts = opts,
	.opts_size = sizeof(struct ivrs_cmd_opts),
	.run = run,
	.record = record,
};
