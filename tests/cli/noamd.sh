#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests on noamd: an Intel VT-d host (dmar0/dmar1 in /sys/class/iommu, no
# IVRS, no AMD debugfs).  Devices are still listed; AMD-only commands say
# "not supported" (exit 4) with a reason.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

N=noamd

on $N -j show devices
rc_is 0 "noamd: show devices exits 0"
json_valid "noamd: show devices -j prints JSON"
jq_is '.devices | length' 10 "noamd: 10 PCI functions listed"
like "$err" "no AMD IOMMU" "noamd: stderr says there is no AMD IOMMU"
jq_is '[.devices[].dte] | unique | map(tostring) | join(" ")' null "noamd: no DTEs"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.iommu, .group, .group_type, .driver] | map(tostring) | join(" ")' \
	"dmar0 1 DMA-FQ i915" "noamd: the Intel IOMMU link and group are still shown"
jq_is '.devices[] | select(.bdf == "0000:01:00.0") | [.pasid.supported, .ats.supported, .pri.supported] | map(tostring) | join(" ")' \
	"true true true" "noamd: PCIe capabilities are still decoded"
jq_is '.unavailable | length' 0 "noamd: nothing unavailable"
on $N show devices
rc_is 0 "noamd: show devices (table) exits 0"
is "$(cell 0000:01:00.0 IOMMU)" dmar1 "noamd: table IOMMU column"
is "$(cell 0000:01:00.0 DTE)" "-" "noamd: table DTE column empty"

on $N -j status
rc_is 4 "noamd: status exits 4 (not supported)"
json_valid "noamd: status -j still prints JSON"
jq_is '[.amd_iommu, .iommu_count, .ivrs] | map(tostring) | join(" ")' "false 0 false" "noamd: no AMD IOMMU, no IVRS"
# every group's sysfs type is DMA-FQ (the default of an Intel host, no
# iommu.passthrough on the command line): the default domain type
jq_is '[.default_domain_type, .default_domain_type_source] | join(" ")' "DMA-FQ groups" \
	"noamd: default domain type DMA-FQ, from the groups"
jq_is '.reasons[0].topic' amd_iommu "noamd: first reason is about the AMD IOMMU"
like "$(jqo '.reasons[0].reason')" "IVRS" "noamd: the reason names the missing IVRS table"
jq_is '.reasons[0].action | type' string "noamd: the reason has an action"
on $N status
rc_is 4 "noamd: status (table) exits 4"
is "$(record 'AMD IOMMU')" no "noamd: status table AMD IOMMU no"
like "$out" "notes: amd_iommu: no ACPI IVRS table" "noamd: status table note"

on $N -j show iommus
rc_is 4 "noamd: show iommus exits 4"
jq_is '.iommus | length' 0 "noamd: no AMD IOMMUs (dmarN are skipped)"
like "$err" "no AMD IOMMU" "noamd: show iommus says why"
on $N show dte 0000:00:02.0
rc_is 4 "noamd: show dte exits 4"
on $N -j show groups
rc_is 0 "noamd: show groups works on any IOMMU"
jq_is '.groups | length' 7 "noamd: 7 groups"
on $N -j show domains
rc_is 0 "noamd: show domains exits 0"
jq_is '.domains | length' 0 "noamd: no AMD domains"

done_testing
