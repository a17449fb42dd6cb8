/* SPDX-License-Identifier: GPL-2.0-or-later */
/* EFR/EFR2 in the model's JSON: `show iommus` and `show ivrs` (the EFR
 * images of the IVRS table) say them the same way. */
#ifndef AMDIOMMUCTL_EFR_JSON_H
#define AMDIOMMUCTL_EFR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

/*
 * Add to @o: efr, efr2, efr_features, efr2_features, every multi-bit
 * field of the EFR and EFR2 tables under its key, host_levels,
 * guest_levels, max_pasids, irte_count.  @have false: the same keys, null
 * (empty name lists).
 */
void efr_json_add(json_object *o, bool have, uint64_t efr, uint64_t efr2);

#endif
