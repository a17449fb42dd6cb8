// SPDX-License-Identifier: GPL-2.0-or-later
/* Output helpers shared by the commands: errors, documents, lists. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "json.h"
#include "model.h"
#include "render.h"
#include "util.h"

int cmd_fail(struct run *r, int code, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(stderr, "amdiommuctl: %s\n", msg ? msg : "error");
	if (r && r->json) {
		json_object *o = json_object_new_object(), *e = json_object_new_object();

		json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
		json_add(e, "message", json_object_new_string(msg ? msg : "error"));
		json_add(e, "errno", err ? json_object_new_string(errno_name(err)) : NULL);
		json_add(e, "exit_code", json_new_int(code));
		json_add(o, "error", e);
		render_json(stdout, o, r->pretty);
		json_object_put(o);
	}
	free(msg);
	return code;
}

static json_object *emit_frame(const char *bdf, const char *key, json_object *value,
			       json_object *unavailable)
{
	json_object *o = json_object_new_object();

	json_add(o, "schema_version", json_new_int(SCHEMA_VERSION));
	if (bdf)
		json_add(o, "bdf", json_object_new_string(bdf));
	json_object_object_add(o, key, value);
	json_add(o, "unavailable", unavailable ? json_object_get(unavailable) :
		 json_object_new_array());
	return o;
}

int cmd_emit_for(struct run *r, const char *bdf, const char *key,
		 json_object *value, json_object *unavailable)
{
	json_object *o = emit_frame(bdf, key, value, unavailable);
	int partial = unavailable && json_object_array_length(unavailable) > 0;

	render_json(stdout, o, r->pretty);
	json_object_put(o);
	return partial ? EXIT_PARTIAL : EXIT_OK;
}

int cmd_emit(struct run *r, const char *key, json_object *value,
	     json_object *unavailable)
{
	return cmd_emit_for(r, NULL, key, value, unavailable);
}

struct json_stream *cmd_emit_stream(struct run *r, const char *key,
				    json_object *unavailable)
{
	return render_json_stream_open(stdout, emit_frame(NULL, key, NULL, unavailable),
				       key, r->pretty);
}

int cmd_finish(struct run *r, struct ctx *c, int rc)
{
	size_t n = ctx_unavailable_count(c);

	(void)r;
	/* one line on stderr per problem, in JSON mode too (the document
	 * also lists them under "unavailable") */
	for (size_t i = 0; i < n; i++) {
		json_object *u = json_object_array_get_idx(c->unavailable, i);

		fprintf(stderr, "amdiommuctl: %s: %s: %s\n", json_path_str(u, "source"),
			json_path_str(u, "errno"), json_path_str(u, "hint"));
	}
	if (rc == EXIT_OK && n)
		rc = EXIT_PARTIAL;
	ctx_fini(c);
	return rc;
}

int cmd_list(struct run *r, struct ctx *c, const char *key, json_object *arr,
	     const struct column *cols, size_t ncols, const char *empty)
{
	if (r->json) {
		cmd_emit(r, key, arr, c->unavailable);
	} else {
		if (empty && !json_object_array_length(arr))
			printf("%s\n", empty);
		else
			render_table(stdout, arr, cols, ncols);
		json_object_put(arr);
	}
	return cmd_finish(r, c, EXIT_OK);
}

int cmd_no_args(struct run *r, int argc)
{
	if (!argc)
		return 0;
	return cmd_fail(r, EXIT_USAGE, 0, "%s takes no arguments: see 'amdiommuctl %s --help'",
			r->cmd->name, r->cmd->name);
}

int cmd_one_bdf(struct run *r, int argc, char **argv, struct bdf *b, char name[BDF_STRLEN])
{
	if (argc != 1)
		return cmd_fail(r, EXIT_USAGE, 0, "%s needs exactly one PCI address (SSSS:BB:DD.F)",
				r->cmd->name);
	if (bdf_parse(argv[0], b))
		return cmd_fail(r, EXIT_USAGE, -EINVAL,
				"'%s' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F", argv[0]);
	bdf_format(b, name);
	return 0;
}

int cmd_device_failed(struct run *r, struct ctx *c, const struct bdf *b, int err,
		      const char *what, const struct errno_hint *table)
{
	char name[BDF_STRLEN], *iommu = NULL;
	int rc, present;

	bdf_format(b, name);
	if (!ctx_amd_iommu_count(c))
		return cmd_fail(r, EXIT_UNSUPPORTED, err, "%s: no AMD IOMMU is active (no ivhd device in "
				"/sys/class/iommu): there is no %s to read", name, what);
	present = pci_function_iommu(c, b, &iommu);
	if ((err == -ENODEV || err == -ENOMSG) && present)
		rc = cmd_fail(r, EXIT_ERROR, -ENODEV, "%s: no such PCI device", name);
	else if (err == -ENODEV && !iommu)
		rc = cmd_fail(r, EXIT_UNSUPPORTED, err, "%s: not behind an IOMMU: sysfs has no iommu link "
			      "for it (the IOMMU's own function, or outside every IVHD range)", name);
	else if (err == -ENODEV)
		rc = cmd_fail(r, EXIT_ERROR, err, host_is_live(r->h) ?
			      "%s: the driver refused the debugfs selection although sysfs puts it behind %s" :
			      "%s: the capture has no %s for it (sysfs puts it behind %s)", name,
			      host_is_live(r->h) ? iommu : what, iommu);
	else
		rc = cmd_fail(r, errno_exit_code(table, err), err, "%s: reading the %s failed: %s: %s",
			      name, what, errno_name(err), errno_hint_text(table, err));
	free(iommu);
	return rc;
}
