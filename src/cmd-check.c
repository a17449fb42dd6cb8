// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * amdiommuctl check: readiness verdicts for the host and per device and
 * purpose (model-check.c gathers, check-rules.c judges), as text or JSON.
 *
 * Exit status: 0 no check failed (PASS, WARN, SKIP), 5 at least one check
 * failed (the tool worked: the answer is "no"), 3 no check failed but a
 * source could not be read (listed under unavailable), 1 the tool failed
 * (a --bind-vfio restore, a signal during --probe), 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

struct check_cmd_opts {
	unsigned purposes;
	bool probe, bind, yes;
};

static int parse_for(const char *s, void *v)
{
	return check_parse_purposes(s, v);
}

static const struct check_cmd_opts defaults = { .purposes = CHECK_FOR_ALL };

#define T struct check_cmd_opts
static const struct cmd_opt opts[] = {
	CMD_OPT_VALUE("for", 0, "LIST", T, purposes, parse_for,
		      "a comma list of passthrough, pasid, dirty, nest, snp, iommufd, or all",
		      "check only these purposes: passthrough,pasid,dirty,nest,snp,iommufd (default: all)"),
	CMD_OPT_FLAG("probe", 0, T, probe,
		     "confirm the predictions live with the alloc scenario (device on vfio-pci, or --bind-vfio)"),
	CMD_OPT_FLAG("bind-vfio", 0, T, bind,
		     "with --probe: bind each named device to vfio-pci for the probe, restore its driver after"),
	CMD_OPT_FLAG("yes", 'y', T, yes, "with --bind-vfio: allow unbinding a device that has a driver"),
	CMD_OPT_END
};
#undef T

/* ---- text ---------------------------------------------------------------------- */

static void print_check(json_object *c, bool with_purpose, int verbose)
{
	json_object *ev = json_path(c, "evidence");
	const char *action = json_path_str(c, "action"), *kf = json_path_str(c, "kernel_function");
	char name[64];

	snprintf(name, sizeof(name), "%s%s%s", with_purpose ? json_path_str(c, "purpose") : "",
		 with_purpose ? "/" : "", json_path_str(c, "name"));
	printf("  %-4s  %-30s %s\n", json_path_str(c, "verdict"), name, json_path_str(c, "reason"));
	if (action && strcmp(json_path_str(c, "verdict"), "PASS"))
		printf("  %-4s  %-30s fix: %s\n", "", "", action);
	if (!verbose)
		return;
	for (size_t i = 0; ev && i < json_object_array_length(ev); i++) {
		json_object *e = json_object_array_get_idx(ev, i);

		printf("  %-4s  %-30s evidence: %s: %s\n", "", "", json_path_str(e, "source"),
		       json_path_str(e, "value"));
	}
	if (kf)
		printf("  %-4s  %-30s kernel: %s\n", "", "", kf);
}

static void print_device(json_object *d, int verbose)
{
	json_object *checks = json_path(d, "checks"), *probe = json_path(d, "probe");
	const char *drv = json_path_str(d, "driver"), *gt = json_path_str(d, "group_type");
	json_object *grp = json_path(d, "group");
	size_t shown = 0;

	printf("\n%s  driver %s, %s, group %s%s%s%s\n", json_path_str(d, "bdf"), drv ? drv : "none",
	       json_path_str(d, "iommu") ? json_path_str(d, "iommu") : "no IOMMU",
	       grp ? json_object_get_string(grp) : "none", gt ? " (" : "", gt ? gt : "", gt ? ")" : "");
	json_object *verdicts = json_path(d, "verdicts");

	printf(" ");
	json_object_object_foreach(verdicts, k, v)
		printf(" %s %s", k, json_object_get_string(v));
	printf("\n");
	for (size_t i = 0; checks && i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);

		if (!verbose && !strcmp(json_path_str(c, "verdict"), "PASS"))
			continue;
		print_check(c, true, verbose);
		shown++;
	}
	if (!shown)
		printf("  no device check failed or warned (-v lists them); the verdicts include the host checks\n");
	for (size_t i = 0; probe && verbose && i < json_object_array_length(probe); i++) {
		json_object *p = json_object_array_get_idx(probe, i);

		printf("  probe %-12s predicted %s, observed %s\n", json_path_str(p, "purpose"),
		       json_object_to_json_string_ext(json_path(p, "predicted"), JSON_C_TO_STRING_PLAIN),
		       json_object_to_json_string_ext(json_path(p, "observed"), JSON_C_TO_STRING_PLAIN));
	}
}

static void print_host(json_object *head, int verbose)
{
	json_object *host = json_path(head, "host");
	const char *k = json_path_str(head, "kernel");

	printf("host (Linux %s)\n", k ? k : "unknown");
	for (size_t i = 0; host && i < json_object_array_length(host); i++) {
		json_object *c = json_object_array_get_idx(host, i);

		print_check(c, strcmp(json_path_str(c, "purpose"), "host") != 0, verbose);
	}
}

static void print_summary(json_object *sum)
{
	printf("\nsummary: %s PASS, %s WARN, %s FAIL, %s SKIP\n",
	       json_object_get_string(json_path(sum, "pass")),
	       json_object_get_string(json_path(sum, "warn")),
	       json_object_get_string(json_path(sum, "fail")),
	       json_object_get_string(json_path(sum, "skip")));
}

/*
 * Device by device (check_next()): a device is printed, or streamed into
 * the JSON list, and freed before the next is checked.
 */
static int emit(struct run *r, struct ctx *c, const struct check_opts *co)
{
	size_t counts[CHECK_NVERDICTS];
	json_object *head, *d, *sum, *top = NULL;
	struct check_run *cr = check_begin(c, co, &head);
	struct json_stream *js = NULL;
	int tool_err;

	if (r->json) {
		top = json_object_new_object();
		json_add(top, "schema_version", json_new_int(SCHEMA_VERSION));
		json_object_object_foreach(head, k, v)
			json_object_object_add(top, k, json_object_get(v));
		js = render_json_stream_open(stdout, top, "devices", r->pretty);
	} else {
		print_host(head, r->verbose);
	}
	while ((d = check_next(cr))) {
		if (js) {
			render_json_stream_item(js, d);
		} else {
			print_device(d, r->verbose);
			json_object_put(d);
		}
	}
	sum = check_end(cr, counts, &tool_err);
	if (js) {
		json_add(top, "summary", sum);
		json_add(top, "unavailable", json_object_get(c->unavailable));
		render_json_stream_close(js);
	} else {
		print_summary(sum);
		json_object_put(sum);
	}
	json_object_put(head);
	return tool_err ? tool_err : counts[CHECK_FAIL] ? EXIT_CHECK_FAILED : EXIT_OK;
}

/* ---- the command ------------------------------------------------------------------ */

static int check_usage(struct run *r, const struct check_cmd_opts *o, int argc)
{
	if (o->bind && !o->probe)
		return cmd_fail(r, EXIT_USAGE, 0, "--bind-vfio goes with --probe");
	if (o->yes && !o->bind)
		return cmd_fail(r, EXIT_USAGE, 0, "--yes goes with --bind-vfio");
	if (o->bind && !argc)
		return cmd_fail(r, EXIT_USAGE, 0, "--bind-vfio needs the devices named: check --probe --bind-vfio BDF...");
	if (o->probe && !host_is_live(r->h))
		return cmd_fail(r, EXIT_USAGE, 0, "--probe needs the live host: it cannot run with --root or --snapshot");
	return 0;
}

static int run(struct run *r, int argc, char **argv)
{
	const struct check_cmd_opts *o = r->opts;
	struct check_opts co = { .purposes = o->purposes, .probe = o->probe,
				 .bind_vfio = o->bind, .yes = o->yes };
	struct ctx c;
	int rc;

	if ((rc = check_usage(r, o, argc)))
		return rc;
	co.bdfs = xzalloc(((size_t)argc + 1) * sizeof(*co.bdfs));
	for (int i = 0; i < argc; i++) {
		struct bdf b;

		if (bdf_parse(argv[i], &b)) {
			strv_free(co.bdfs, (size_t)i);
			return cmd_fail(r, EXIT_USAGE, -EINVAL,
					"'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", argv[i]);
		}
		co.bdfs[i] = xmalloc(BDF_STRLEN);
		bdf_format(&b, co.bdfs[i]);
	}
	co.nbdfs = argc;
	ctx_init(&c, r->h);
	rc = emit(r, &c, &co);
	strv_free(co.bdfs, (size_t)co.nbdfs);
	return cmd_finish(r, &c, rc);
}

/* Read what `check` reads, for every device and purpose (a snapshot). */
static void record(struct ctx *c)
{
	struct check_opts co = { .purposes = CHECK_FOR_ALL };
	size_t counts[CHECK_NVERDICTS];
	int tool_err;

	json_object_put(collect_check(c, &co, counts, &tool_err));
}

const struct command cmd_check = {
	.name = "check",
	.args = "[BDF...]",
	.summary = "readiness verdicts: host, then per device passthrough, PASID/SVA, dirty, nest, SNP, iommufd",
	.opts = opts,
	.opts_default = &defaults,
	.opts_size = sizeof(defaults),
	.run = run,
	.record = record,
};
