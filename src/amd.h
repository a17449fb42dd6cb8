/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure decoders of what the AMD IOMMU driver exports, in one include
 * for the tests and fuzz targets.  No I/O: every function maps bytes or
 * text to values.
 */
#ifndef AMDIOMMUCTL_AMD_H
#define AMDIOMMUCTL_AMD_H

#include "bdf.h"
#include "dte.h"
#include "efr.h"
#include "hex.h"
#include "iommu-cmd.h"
#include "irte.h"
#include "kmsg.h"
#include "regs.h"

#endif
