/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Between the collector of `check` (model-check.c) and its live probe
 * (model-check-probe.c).
 */
#ifndef AMDIOMMUCTL_MODEL_CHECK_H
#define AMDIOMMUCTL_MODEL_CHECK_H

#include <stdbool.h>
#include <json-c/json.h>

#include "check.h"
#include "model.h"

/*
 * --probe: for each purpose the alloc scenario can confirm
 * (passthrough, pasid, dirty, nest, iommufd), allocate with its flags on
 * @d, compare with the prediction and append one "probe" check per
 * purpose to @out (FAIL when they disagree).  Returns the per-purpose
 * JSON ([{purpose, flags, predicted, observed, agrees}]), or NULL when
 * nothing ran (then a SKIP check says why).  *tool_err gets EXIT_ERROR
 * when the tool itself failed (a restore after --bind-vfio, a signal).
 */
json_object *check_probe(struct ctx *c, const struct check_host_in *h,
			 const struct check_dev_in *d, const struct check_opts *o,
			 struct check_list *out, int *tool_err);

#endif
