#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests on qemu73-stock without debugfs (nodebugfs: no
# /sys/kernel/debug at all) and under kernel lockdown (lockdown: integrity),
# where debugfs refuses the AMD files with EPERM.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# ---- nodebugfs --------------------------------------------------------------------
N=nodebugfs
on $N -j show devices
rc_is 3 "nodebugfs: show devices exits 3 (partial)"
jq_is '.devices | length' 8 "nodebugfs: devices still listed"
jq_is '[.devices[].dte] | unique | map(tostring) | join(" ")' null "nodebugfs: every dte is null"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.iommu, .group] | map(tostring) | join(" ")' "ivhd0 1" \
	"nodebugfs: sysfs data still there"
jq_is '.unavailable | length' 1 "nodebugfs: one unavailable entry (merged)"
jq_is '.unavailable[0] | [.source, .errno] | join(" ")' "/sys/kernel/debug/iommu/amd/devtbl ENOENT" \
	"nodebugfs: unavailable names devtbl with ENOENT"
like "$(jqo '.unavailable[0].hint')" "debugfs" "nodebugfs: the hint says how to get debugfs"
on $N show devices
rc_is 3 "nodebugfs: show devices (table) exits 3"
like "$err" "devtbl: ENOENT" "nodebugfs: stderr names devtbl and ENOENT"
is "$(cell 0000:00:02.0 DTE)" "-" "nodebugfs: table DTE column empty"

on $N show dte 0000:00:02.0
rc_is 4 "nodebugfs: show dte exits 4"
like "$err" "ENOENT" "nodebugfs: show dte says ENOENT"
on $N -j show dte 0000:00:02.0
rc_is 4 "nodebugfs: show dte -j exits 4"
jq_is '[.error.errno, .error.exit_code] | map(tostring) | join(" ")' "ENOENT 4" "nodebugfs: show dte -j error object"

on $N -j show iommus
rc_is 0 "nodebugfs: show iommus exits 0 (sysfs is enough)"
jq_is '.iommus[0] | [.efr, (.debugfs | tostring)] | join(" ")' "0x00000000000029d3 null" \
	"nodebugfs: EFR from sysfs, no debugfs block"

on $N -j status
rc_is 3 "nodebugfs: status exits 3 (devtbl unavailable)"
jq_is '.debugfs | [.mounted, .amd_files, .readable, .error] | map(tostring) | join(" ")' \
	"false false false ENOENT" "nodebugfs: status debugfs"
jq_is '[.reasons[].topic] | index("debugfs") != null' true "nodebugfs: status gives a debugfs reason"
# no DTE: predicted from cmdline + EFR (no pgtbl_v2, no v2 support) -> v1
jq_is '.default_pgtable | [.value, .source] | join(" ")' "v1 cmdline+efr" "nodebugfs: default pgtable predicted"

# ---- v2nodebugfs: amd_iommu=pgtbl_v2, a v2-capable EFR, no debugfs, no la57 --------
# No DTE to read: the prediction follows init.c early_amd_iommu_init():
#   amd_iommu_pgtable = PD_MODE_V2 from "amd_iommu=pgtbl_v2" (parse_amd_iommu_options),
#   kept because amd_iommu_v2_pgtbl_supported(): EFR 0x17000f000059d3 has
#   FEATURE_GT (bit 4: 0x59d3 = 0101 1001 1101 0011 -> bit 4 set) and
#   FEATURE_GIOSUP (bit 48: 0x17 << 48 -> bit 48 set);
#   amd_iommu_gpt_level: 5 only with X86_FEATURE_LA57 and GATS = 1; the CPU
#   has no la57 -> PAGE_MODE_4_LEVEL -> 4 levels (GATS = (0x59d3 >> 12) & 3 = 1
#   alone is not enough)
V=v2nodebugfs
on $V -j status
rc_is 3 "v2nodebugfs: status exits 3 (devtbl unavailable)"
jq_is '.default_pgtable | [.value, .levels, .source] | map(tostring) | join(" ")' "v2 4 cmdline+efr" \
	"v2nodebugfs: default pgtable v2, 4 levels, predicted from cmdline and EFR"
jq_is '[.reasons[] | select(.topic == "default_pgtable")] | length' 0 "v2nodebugfs: no fallback reason"
on $V status
like "$(record 'default pgtable')" "^v2, 4 levels +\(source: cmdline\+efr" "v2nodebugfs: status table default pgtable"
# amd_iommu_pasid_supported(): without LA57 the GATS test does not apply;
# gt_ppr = v2 && FEATURE_PPR (bit 1 of 0x59d3) && FEATURE_EPHSUP (bit 50: 0x17 -> bit 50)
on $V -j show iommus
jq_is '.iommus[0].capabilities | [.v2, .pasid] | map(tostring) | join(" ")' "true true" \
	"v2nodebugfs: v2 and PASID (no la57, so GATS does not matter)"
on $V -j show devices
rc_is 3 "v2nodebugfs: show devices exits 3"
jq_is '[.devices[].dte] | unique | map(tostring) | join(" ")' null "v2nodebugfs: no DTE read"

# ---- lockdown ---------------------------------------------------------------------
L=lockdown
on $L -j show devices
rc_is 3 "lockdown: show devices exits 3"
jq_is '[.devices[].dte] | unique | map(tostring) | join(" ")' null "lockdown: every dte is null"
jq_is '.unavailable[0] | [.source, .errno] | join(" ")' "/sys/kernel/debug/iommu/amd/devtbl EPERM" \
	"lockdown: unavailable names devtbl with EPERM"
like "$(jqo '.unavailable[0].hint')" "lockdown" "lockdown: the hint names lockdown"
on $L show dte 00:02.0
rc_is 4 "lockdown: show dte exits 4"
like "$err" "EPERM" "lockdown: show dte says EPERM"
on $L -j status
rc_is 3 "lockdown: status exits 3"
jq_is '[.lockdown, .debugfs.error, .debugfs.readable] | map(tostring) | join(" ")' "integrity EPERM false" \
	"lockdown: status lockdown integrity, debugfs EPERM"

done_testing
