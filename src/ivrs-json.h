/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IVRS decode, the driver's view and the findings as json-c trees
 * (schema v2 vocabulary: snake_case, integers for counts/offsets/IDs,
 * fixed-width hex strings for raw words and addresses, "ssss:bb:dd.f"
 * for PCI functions, "ivhdN" under "iommu", null for absent values), and
 * the text layouts a command renders them with (render.h columns over
 * the same JSON).  Field keys and labels come from the descriptor tables
 * in acpi-ivrs.c.
 */
#ifndef AMDIOMMUCTL_IVRS_JSON_H
#define AMDIOMMUCTL_IVRS_JSON_H

#include <json-c/json.h>

#include "acpi.h"
#include "acpi-ivrs.h"
#include "ivrs-diag.h"
#include "render.h"

/*
 * {"header": {...}, "ivhds": [{..., "entries": [...]}], "ivmds": [...],
 *  "unknown_subtables": [...], "driver": {"ivhd_type", "iommu_count"}}
 */
json_object *ivrs_json_table(const struct ivrs *d);
/*
 * {"functions": [...], "absent": [...], "segments": [...],
 *  "special_map": [...], "unity_maps": [...], "efr_decision": {...},
 *  "overrides": [...], "init_fails", "fail_offset"}
 */
json_object *ivrs_json_view(const struct ivrs *d, const struct ivrs_view *v);
/* [{"rule", "severity", "offset", "evidence", "message", "driver_message",
 *   "advice", "kernel_function", "resolved_by"}] */
json_object *ivrs_json_findings(const struct ivrs_findings *f);
/* {"header": {...}, "ioapics": [{"id", "address", "gsi_base", "offset"}]} */
json_object *ivrs_json_madt(const struct madt *m);

/*
 * Text layouts over that JSON.  Records: one per structure, built from
 * its descriptor table (label, key): ivrs_desc_columns() fills @out with
 * at most @max columns and returns how many.  Tables: one row per item.
 */
size_t ivrs_desc_columns(const struct ivrs_desc *d, size_t nd,
			 struct column *out, size_t max);

extern const struct column ivrs_entry_table[];    /* ivhds[].entries[] */
extern const size_t ivrs_entry_table_n;
extern const struct column ivrs_ivmd_table[];     /* ivmds[] */
extern const size_t ivrs_ivmd_table_n;
extern const struct column ivrs_function_table[]; /* resolved.functions[] */
extern const size_t ivrs_function_table_n;
extern const struct column ivrs_finding_table[];  /* findings[] */
extern const size_t ivrs_finding_table_n;

#endif
