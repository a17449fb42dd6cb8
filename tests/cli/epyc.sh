#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests on epyc2s, the synthetic two-socket EPYC host built by
# tests/fixtures/gen-fixtures.py (8 IOMMUs, 4 segments, 209 functions).
# Expected DTE values are worked out by hand from the raw rows in
# epyc2s/sys/kernel/debug/iommu/amd/devtbl (quoted in the comments) and the
# macros of drivers/iommu/amd/amd_iommu_types.h (DTE_MODE_MASK 11:9,
# DTE_FLAG_HAD 8:7, DTE_GCR3_14_12 60:58, DTE_GCR3_30_15 31:16,
# DTE_GCR3_51_31 63:43, DTE_GLX 57:56, DTE_GPT_LEVEL_MASK 55:54, ...; see
# the comment at the top of qemu73.sh).  The rows decoded here are literal
# hex in gen-fixtures.py (EPYC_NVME_V2, EPYC_GPU_DTE, EPYC_IDENTITY_DTE),
# not encoded from a bit layout.  Counts and links follow the design in
# tests/fixtures/README.md; nothing is copied from program output.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

E=epyc2s

# ---- show iommus ---------------------------------------------------------------
on $E -j show iommus
rc_is 0 "epyc: show iommus exits 0"
jq_is '.iommus | length' 8 "epyc: 8 IOMMUs"
jq_is '[.iommus[].name] | join(" ")' "ivhd0 ivhd1 ivhd2 ivhd3 ivhd4 ivhd5 ivhd6 ivhd7" "epyc: ivhd0..ivhd7"
jq_is '[.iommus[].segment] | map(tostring) | join(" ")' "0 0 1 1 2 2 3 3" "epyc: two IOMMUs per segment"
jq_is '[.iommus[].bdf] | join(" ")' \
	"0000:00:00.2 0000:80:00.2 0001:00:00.2 0001:80:00.2 0002:00:00.2 0002:80:00.2 0003:00:00.2 0003:80:00.2" \
	"epyc: IOMMU functions at SSSS:BB:00.2"
jq_is '[.iommus[].efr] | unique | join(" ")' "0x247577efa22556fa" "epyc: EFR (features 247577efa22556fa:10a)"
jq_is '[.iommus[].efr2] | unique | join(" ")' "0x000000000000010a" "epyc: EFR2 0x10a"
# EFR 0x247577efa22556fa:
#   low 16 0x56fa = bits 1 3 4 5 6 7 9 10 12 14: PPR NX GT [5] IA GA PC;
#   HATS = (0x56fa>>10)&3 = 1 -> 5 levels; GATS = (0x56fa>>12)&3 = 1 -> 5; GLX = 1
#   bit 21 (0xa22556fa >> 21 & 1 = 1) GA_vAPIC; bit 63 clear (no SNP)
#   high 0x247577ef: PASmax = 0xef & 0x1f = 15 -> 65535 PASIDs; bit 37 USSup;
#   bit 46 MsiCapMmioSup; 0x2475 << 48: bits 48 GIoSup, 50 EPHSup, 52 HDSup,
#   53, 54 InvIotlbTypeSup, 58, 61; bit 49 HASup clear
# EFR2 0x10a: bit 1 SNPIoSup, bit 3 GCR3TRPMode, bit 8 (NumIntRemapSup = 1)
# names in bit order, EFR then EFR2
#   names of the AMD spec; bit 21 is GAMSup = 1 (a field), 38-39 DevTblSegSup = 3,
#   42-43 MARCSup = 1 (fields); 0x77 << 40: 40 PprOvrflwEarlySup, 41 PPRAutoRspSup,
#   44 BlkStopMrkSup, 45 PerfOptSup, 46 MsiCapMmioSup; 61 GAUpdateDisSup; 53 and 58
#   are reserved (no name)
jq_is '.iommus[0] | (.efr_features | join(" ")) + " / " + (.efr2_features | join(" "))' \
	"PPRSup NXSup GTSup GAPPISup IASup GASup PCSup USSup PprOvrflwEarlySup PPRAutoRspSup BlkStopMrkSup PerfOptSup MsiCapMmioSup GIoSup EPHSup HDSup InvIotlbTypeSup GAUpdateDisSup / SNPIoSup GCR3TRPMode" \
	"epyc: feature names"
jq_is '.iommus[0] | [.hats, .gats, .host_levels, .guest_levels, .glx_sup, .pas_max, .max_pasids] | map(tostring) | join(" ")' \
	"1 1 5 5 1 15 65535" "epyc: HATS/GATS/levels/GLX/PASmax"
# v2 = GT && GIoSup; pasid = v2 && PPR && EPHSup (la57 CPU, GATS 1); dirty = HDSup;
# nest = GT && GIoSup && GCR3TRPMode
jq_is '[.iommus[].capabilities | [.v2, .pasid, .dirty_tracking, .nest_parent] | map(tostring) | join(",")] | unique | join(" ")' \
	"true,true,true,true" "epyc: every capability on every IOMMU"
# cap 0x1903640f: id 0x0f, next 0x64, type 3, IotlbSup (24), EFRSup (27), CapExt (28)
jq_is '.iommus[3].cap | [.raw, .iotlb_sup, .ht_tunnel, .np_cache, .efr_sup, .cap_ext] | map(tostring) | join(" ")' \
	"0x1903640f true false false true true" "epyc: cap decoded"
# control 0x040c20000003f48f: low 0x3f48f + EPHEn 45, XTEn 50, IntCapXTEn 51, GCR3TRPMode 58
jq_is '.iommus[7].debugfs.control_bits | join(" ")' \
	"IOMMUEn HtTunEn EventLogEn EventIntEn InvTimeout=1s Coherent CmdBufEn PPRLogEn PPRIntEn PPREn GTEn GAEn EPHEn XTEn IntCapXTEn GCR3TRPMode" \
	"epyc: control bits of iommu07"
jq_is '.iommus[7].debugfs | [.mmio_efr, .mmio_efr2] | join(" ")' "0x247577efa22556fa 0x000000000000010a" \
	"epyc: iommu07 MMIO EFR/EFR2"
on $E show iommus
rc_is 0 "epyc: show iommus (table) exits 0"
is "$(printf '%s\n' "$out" | grep -c '^ivhd[0-7] (index [0-7])$')" 8 "epyc: 8 IOMMU records"

# ---- show devices ------------------------------------------------------------------
on $E -j show devices
rc_is 0 "epyc: show devices exits 0"
jq_is '.unavailable | length' 0 "epyc: nothing unavailable"
jq_is '.devices | length >= 200' true "epyc: at least 200 PCI functions"
jq_is '.devices | length' 209 "epyc: 209 PCI functions"
jq_is '[.devices[].bdf | .[0:4]] | unique | join(" ")' "0000 0001 0002 0003" "epyc: four segments"
# SR-IOV: PF0 16 VFs + PF1 8 VFs of 15b3:101d
jq_is '[.devices[] | select(.vendor_id == "0x15b3" and .device_id == "0x101e")] | length' 24 "epyc: 24 Mellanox VFs"
jq_is '[.devices[] | select(.device_id == "0x101d")] | length' 2 "epyc: 2 Mellanox PFs"
jq_is '[.devices[] | select(.dte == null) | .bdf] | length' 8 "epyc: only the 8 IOMMU functions lack a DTE"
jq_is '[.devices[] | .dte.class // empty] | unique | join(" ")' "blocked identity untranslated v1 v2" \
	"epyc: every DTE class is present"
for b in 0000:00:00.0 0000:00:18.3 0000:01:00.0 0000:01:02.2 0000:04:00.0 0001:02:00.0 0001:82:00.0 0002:81:00.0 0003:80:00.3; do
	jq_is ".devices[] | select(.bdf == \"$b\") | .dte.raw | join(\" \")" "$(devtbl_raw $E $b)" \
		"epyc: $b raw DTE equals the devtbl row"
done
# NVMe 0000:04:00.0 (nvme driver): q0 0x6000000100013803 -> Mode (0x803>>9)&7 = 4,
#   root 0x100013000; q1 0x0000000100000015 -> I (bit 32) = 1, DomainID 0x15 = 21
#   config: ATS enabled, PASID and PRI present but off
jq_is '.devices[] | select(.bdf == "0000:04:00.0") | [.driver, .dte.class, .dte.levels, .dte.domain_id, .dte.iotlb, .ats.enabled, .pasid.supported, .pasid.enabled, .pri.supported, .pri.enabled] | map(tostring) | join(" ")' \
	"nvme v1 4 21 true true true false true false" "epyc: 0000:04:00.0 v1 Mode 4, ATS on, PASID/PRI off"
# NVMe 0001:02:00.0 (vfio-pci, v2 5-level): q0 0x61d0000000000003:
#   0x61 -> IW IR, GLX q0[57:56] = 1; 0xd0 -> GV 55, GIoV 54, PPR 52; q0[60:58] = 0
#   q1 0x000018010000004b: DomainID 0x4b = 75, I = 1, q1[31:16] = 0,
#   q1[63:43] = 0x1801 >> 11 = 3 -> 3 << 31 = 0x180000000 = GCR3 root
#   q2 0x2040000200059013: GPM (55:54) = 1 -> 5 levels
jq_is '.devices[] | select(.bdf == "0001:02:00.0") | [.driver, .vfio_cdev, .dte.class, .dte.levels, .dte.domain_id, .dte.gcr3_root, .dte.glx, .dte.ppr, .dte.iotlb] | map(tostring) | join(" ")' \
	"vfio-pci /dev/vfio/devices/vfio9 v2 5 75 0x0000000180000000 1 true true" "epyc: 0001:02:00.0 v2 5-level, GLX 1"
jq_is '.devices[] | select(.bdf == "0001:02:00.0") | [.pasid.supported, .pasid.enabled, .pasid.exec, .pasid.priv, .pasid.max_width, .ats.enabled, .pri.enabled] | map(tostring) | join(" ")' \
	"true true true true 20 true true" "epyc: 0001:02:00.0 PASID (20 bits, exec, priv), ATS, PRI enabled"
# NVMe 0001:82:00.0 (v2 4-level): q0 0x64d0...: q0[60:58] = 1 -> 0x1000;
#   q1 0x000018010001005e: q1[31:16] = 1 -> 0x8000, q1[63:43] = 3 -> 0x180000000;
#   GCR3 = 0x180009000, DomainID 0x5e = 94; q2 0x200000020006c013: GPM 0 -> 4 levels
jq_is '.devices[] | select(.bdf == "0001:82:00.0") | .dte | [.class, .levels, .domain_id, .gcr3_root, .glx] | map(tostring) | join(" ")' \
	"v2 4 94 0x0000000180009000 0" "epyc: 0001:82:00.0 v2 4-level"
# GPU 0002:81:00.0 (vfio0): q0 0x6000000100080983: HAD (0x983>>7)&3 = 3,
#   Mode (0x983>>9)&7 = 4, root 0x100080000; q1 0x88 = DomainID 136
jq_is '.devices[] | select(.bdf == "0002:81:00.0") | [.vfio_cdev, .dte.class, .dte.levels, .dte.had, .dte.domain_id] | map(tostring) | join(" ")' \
	"/dev/vfio/devices/vfio0 v1 4 3 136" "epyc: GPU vfio0, v1 Mode 4, dirty tracking on (HAD 3)"
# Mellanox PF0 0000:01:00.0: group type identity; q0 0x6000000000000003, q1 1
jq_is '.devices[] | select(.bdf == "0000:01:00.0") | [.group_type, .dte.class, .dte.domain_id, .dte.levels, .ats.supported, .ats.enabled] | map(tostring) | join(" ")' \
	"identity identity 1 null true false" "epyc: Mellanox PF0 identity"
# PF1's VFs are bound to vfio-pci but not attached: q0 = 1 -> V=1 TV=0 -> blocked
jq_is '.devices[] | select(.bdf == "0000:01:02.2") | [.driver, .vfio_cdev, .dte.class, .dte.domain_id] | map(tostring) | join(" ")' \
	"vfio-pci /dev/vfio/devices/vfio1 blocked 0" "epyc: VF 0000:01:02.2 blocked"
# 0003:80:00.3: all-zero DTE, V = 0
jq_is '.devices[] | select(.bdf == "0003:80:00.3") | .dte.class' untranslated "epyc: 0003:80:00.3 untranslated (V=0)"
# data fabric: 16 functions, one group, one domain (q1 0x12 = 18)
jq_is '[.devices[] | select(.bdf | startswith("0000:00:18.") or startswith("0000:00:19.")) | "\(.group)/\(.dte.domain_id)"] | unique | join(" ")' \
	"16/18" "epyc: data fabric shares group 16 and DomainID 18"

on $E show devices
rc_is 0 "epyc: show devices (table) exits 0"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 210 "epyc: table header + 209 rows"
is "$(cell 0001:02:00.0 GCR3)" "0x0000000180000000" "epyc: table GCR3 column"
is "$(cell 0001:02:00.0 PASID)" "on" "epyc: table PASID on"
is "$(cell 0000:02:00.0 PASID)" "yes" "epyc: table PASID present, off"
is "$(cell 0002:81:00.0 HAD)" "3" "epyc: table HAD"
is "$(cell 0002:81:00.0 VFIO)" "/dev/vfio/devices/vfio0" "epyc: table VFIO column"

# ---- filters and BDF arguments ---------------------------------------------------------
on $E -j show devices --iommu ivhd5
rc_is 0 "epyc: --iommu ivhd5 exits 0"
jq_is '.devices | length' 20 "epyc: --iommu ivhd5 lists its 20 devices"
jq_is '[.devices[].iommu] | unique | join(" ")' ivhd5 "epyc: --iommu ivhd5 only ivhd5"
jq_is '[.devices[].bdf | .[0:7]] | unique | join(" ")' "0002:80 0002:81 0002:82 0002:83 0002:84 0002:85" \
	"epyc: ivhd5 covers segment 2 buses 0x80-0x85"
on $E -j show devices --group 16
jq_is '.devices | length' 16 "epyc: --group 16 (data fabric)"
on $E -j show devices --driver vfio-pci
# GPU + 8 PF1 VFs + 3 + 3 NVMe
jq_is '.devices | length' 15 "epyc: --driver vfio-pci: 15 devices"
jq_is '[.devices[].vfio_cdev | ltrimstr("/dev/vfio/devices/vfio") | tonumber] | sort | map(tostring) | join(" ")' \
	"0 1 2 3 4 5 6 7 8 9 10 11 12 13 14" "epyc: vfio0..vfio14"
on $E -j show devices --driver nvme
jq_is '.devices | length' 18 "epyc: --driver nvme: 18 drives"
on $E -j show devices --driver nvme --iommu ivhd0
jq_is '[.devices[].bdf] | join(" ")' "0000:02:00.0 0000:03:00.0 0000:04:00.0" "epyc: --driver and --iommu combine"
on $E -j show devices 00:18.3
rc_is 0 "epyc: short BDF on segment 0"
jq_is '[.devices[].bdf] | join(" ")' "0000:00:18.3" "epyc: 00:18.3 is 0000:00:18.3"
on $E -j show devices 0003:80:00.3 0001:02:00.0
jq_is '[.devices[].bdf] | join(" ")' "0001:02:00.0 0003:80:00.3" "epyc: BDFs on other segments"
on $E -j show dte 0002:81:00.0
rc_is 0 "epyc: show dte on segment 2"
jq_is '.dte | [.class, .mode, .had, .host_pt_root, .domain_id, .iommu, .iv, .int_ctl, .int_tab_len, .irt_root] | map(tostring) | join(" ")' \
	"v1 4 3 0x0000000100080000 136 ivhd5 true 2 9 0x0000000200094000" "epyc: show dte GPU (IRT: q2 0x2000000200094013)"
on $E -j show dte 0001:03:00.0
# q0 0x6cd0...: q0[60:58] = (0x6c>>2)&7 = 3 -> 0x3000; q1 0x000018010000004c -> GCR3 0x180003000, id 76
jq_is '.dte | [.class, .gv, .giov, .glx, .gcr3_root, .domain_id, .guest_paging_mode, .ppr, .iotlb] | map(tostring) | join(" ")' \
	"v2 true true 0 0x0000000180003000 76 1 true true" "epyc: show dte 0001:03:00.0"
on $E show dte 01:00.0
is "$(record class)" identity "epyc: show dte 01:00.0 (short form) table"

# ---- groups -----------------------------------------------------------------------------
on $E -j show groups
rc_is 0 "epyc: show groups exits 0"
jq_is '[.groups[] | select((.devices | length) > 1) | "\(.group):\(.devices | length)"] | join(" ")' \
	"16:16 65:4 123:2" "epyc: multi-device groups (data fabric, I350, ASPEED)"
jq_is '[.groups[] | select((.devices | length) > 1) | .remark | type] | unique | join(" ")' string \
	"epyc: every multi-device group has a remark"
jq_is '[.groups[] | select((.devices | length) == 1) | .remark] | unique | map(tostring) | join(" ")' null \
	"epyc: single-device groups have none"
jq_is '[.groups[] | .type] | unique | join(" ")' "DMA identity" "epyc: group types"

# ---- domains -----------------------------------------------------------------------------
on $E -j show domains
rc_is 0 "epyc: show domains exits 0"
jq_is '.domains[] | select(.iommu == "ivhd0" and .domain_id == 18) | .devices | length' 16 \
	"epyc: the data fabric domain holds 16 devices"
jq_is '[.domains[] | select(.class == "blocked") | "\(.iommu)/\(.domain_id)/\(.devices | length)"] | join(" ")' \
	"ivhd0/0/8" "epyc: blocked VFs grouped under DomainID 0"
jq_is '[.domains[] | select(.class == "v2")] | length' 6 "epyc: six v2 entries (one per device)"
jq_is '[.domains[] | select(.class == "v2") | .remark] | unique | length' 1 "epyc: v2 entries share one remark"
like "$(jqo '[.domains[] | select(.class == "v2")][0].remark')" "own DomainID" "epyc: v2 remark explains per-device ids"
jq_is '[.domains[] | select(.class == "untranslated")] | length' 0 "epyc: untranslated devices have no domain"
jq_is '.domains[] | select(.class == "identity") | "\(.domain_id) \(.devices | join(","))"' "1 0000:01:00.0" \
	"epyc: identity domain"

# ---- status -------------------------------------------------------------------------------
on $E -j status
rc_is 0 "epyc: status exits 0"
jq_is '[.amd_iommu, .iommu_count, .kernel, .ivrs, .strict] | map(tostring) | join(" ")' "true 8 7.3.4 true false" \
	"epyc: status basics (iommu.strict=0)"
jq_is '.default_pgtable | [.value, .levels, .source] | map(tostring) | join(" ")' "v1 3 dte" \
	"epyc: default pgtable v1 (no pgtbl_v2)"
jq_is '[.interrupt_remapping.value, .vfio_cdev_support.value, .iommufd.value] | map(tostring) | join(" ")' "true true true" \
	"epyc: IR on, VFIO cdevs, /dev/iommu"
jq_is '.reasons | length' 0 "epyc: no reasons"

done_testing
