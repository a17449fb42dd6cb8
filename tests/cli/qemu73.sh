#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests on the trees built from the real Linux 7.3.4 / QEMU 7.2 captures:
# qemu73-stock, qemu73-v2, qemu73-ir, qemu73-identity.
#
# Expected values are worked out by hand from the DTE/EFR bit layouts
# (drivers/iommu/amd/amd_iommu_types.h), never copied from program output:
#   DTE q0: V 0, TV 1, HAD 8:7, Mode 11:9, HostPTRoot 51:12, PPR 52, GIoV 54,
#           GV 55, GLX 57:56, GCR3[14:12] 60:58, IR 61, IW 62
#   DTE q1: DomainID 15:0, GCR3[30:15] 31:16, I 32, GCR3[51:31] 63:43
#   DTE q2: IV 0, IntTabLen 4:1, IRT root 51:6, GuestPagingMode 55:54, IntCtl 61:60
#   EFR:    PreF 0 PPR 1 GT 4 IA 6 GA 7 HE 8 HATS 11:10 GATS 13:12 GLX 15:14
#           PASmax 36:32 GIoSup 48 HASup 49 EPHSup 50 HDSup 52
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

S=qemu73-stock

# ---- show devices, JSON ---------------------------------------------------
on $S -j show devices
rc_is 0 "stock: show devices -j exits 0"
json_valid "stock: show devices -j prints one JSON object"
jq_is '.schema_version' 2 "stock: schema_version 2"
jq_is '.devices | length' 8 "stock: 8 PCI functions"
jq_is '[.devices[].bdf] | join(" ")' \
	"0000:00:00.0 0000:00:01.0 0000:00:02.0 0000:00:03.0 0000:00:04.0 0000:00:1f.0 0000:00:1f.2 0000:00:1f.3" \
	"stock: devices in BDF order"
jq_is '.unavailable | length' 0 "stock: nothing unavailable"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.vendor_id, .device_id, .pci_class] | join(" ")' \
	"0x8086 0x10d3 0x020000" "stock: 00:02.0 ids and class"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | .name | type' string "stock: 00:02.0 has a name"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.driver, .vfio_cdev] | map(tostring) | join(" ")' \
	"null null" "stock: 00:02.0 unbound, no vfio cdev"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.iommu, .group, .group_type] | map(tostring) | join(" ")' \
	"ivhd0 1 DMA" "stock: 00:02.0 behind ivhd0, group 1 (DMA)"
jq_is '[.devices[] | select(.bdf == "0000:00:1f.0" or .bdf == "0000:00:1f.2" or .bdf == "0000:00:1f.3") | .group] | join(" ")' \
	"4 4 4" "stock: ICH9 functions share group 4"
# the IOMMU's own function: no group, no iommu link, so no DTE
jq_is '.devices[] | select(.bdf == "0000:00:01.0") | [.iommu, .group, .group_type, .dte] | map(tostring) | join(" ")' \
	"null null null null" "stock: 00:01.0 (the IOMMU) has no iommu, group or DTE"
# QEMU's devices have no PASID/ATS/PRI capability (PCIe ones are walked too)
for b in 0000:00:00.0 0000:00:02.0 0000:00:04.0; do
	jq_is ".devices[] | select(.bdf == \"$b\") | [.pasid.supported, .pasid.enabled, .ats.supported, .ats.enabled, .pri.supported, .pri.enabled] | map(tostring) | join(\" \")" \
		"false false false false false false" "stock: $b: no PASID, ATS, PRI"
done
# 00:02.0: QWORD[1..0] = 0000000000000003 60000000003a1603
#   Mode = (0x603 >> 9) & 7 = 3; V = TV = 1; GV = 0 -> class v1, levels 3
#   DomainID = q1 & 0xffff = 3; no GCR3 (GV = 0) -> gcr3_root, glx null
#   HAD = (0x603 >> 7) & 3 = 0; PPR = bit 52 = 0; I = q1 bit 32 = 0
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | .dte | [.class, .levels, .domain_id, .gcr3_root, .glx, .had, .ppr, .iotlb, .iommu] | map(tostring) | join(" ")' \
	"v1 3 3 null null 0 false false ivhd0" "stock: 00:02.0 DTE summary (v1, 3 levels, DomainID 3)"
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | .dte.raw | join(" ")' \
	"0x60000000003a1603 0x0000000000000003 0x0000000000000000 0x0000000000000000" \
	"stock: 00:02.0 raw DTE, qword 0 first"
# 00:00.0: q1 = 2 -> DomainID 2; 00:03.0: 4; 00:04.0: 5; ICH9 group: 6 (one domain)
jq_is '[.devices[] | .dte.domain_id // "-"] | map(tostring) | join(" ")' \
	"2 - 3 4 5 6 6 6" "stock: DomainIDs from q1 & 0xffff"
jq_is '[.devices[] | .dte.class // "-"] | join(" ")' \
	"v1 - v1 v1 v1 v1 v1 v1" "stock: every translated device is v1"
# every raw DTE equals its devtbl row
for b in 0000:00:00.0 0000:00:02.0 0000:00:03.0 0000:00:04.0 0000:00:1f.0 0000:00:1f.2 0000:00:1f.3; do
	jq_is ".devices[] | select(.bdf == \"$b\") | .dte.raw | join(\" \")" "$(devtbl_raw $S $b)" \
		"stock: $b raw DTE equals the devtbl row"
done

# ---- show devices, table --------------------------------------------------
on $S show devices
rc_is 0 "stock: show devices exits 0"
is "$(printf '%s\n' "$out" | head -1 | awk '{print $1, $2}')" "BDF ID" "stock: table header"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 9 "stock: table has header + 8 rows"
is "$(cell 0000:00:02.0 ID)" "8086:10d3" "stock: table ID column"
is "$(cell 0000:00:02.0 IOMMU)" "ivhd0" "stock: table IOMMU column"
is "$(cell 0000:00:02.0 DTE)" "v1" "stock: table DTE column"
is "$(cell 0000:00:02.0 LVL)" "3" "stock: table LVL column"
is "$(cell 0000:00:02.0 DOMID)" "3" "stock: table DOMID column"
is "$(cell 0000:00:1f.3 GROUP)" "4" "stock: table GROUP column"
is "$(cell 0000:00:01.0 DTE)" "-" "stock: table: no DTE for the IOMMU function"
is "$(cell 0000:00:04.0 PASID)" "no" "stock: table PASID column"
is "$err" "" "stock: show devices prints nothing on stderr"

# ---- BDF arguments ---------------------------------------------------------
on $S -j show devices 00:03.0
rc_is 0 "stock: short BDF 00:03.0 accepted"
jq_is '[.devices[].bdf] | join(" ")' "0000:00:03.0" "stock: short BDF selects 0000:00:03.0"
on $S -j show devices 0000:00:1F.2 0000:00:00.0
jq_is '[.devices[].bdf] | join(" ")' "0000:00:00.0 0000:00:1f.2" "stock: two BDFs, upper-case hex"
on $S -j show devices --group 4
jq_is '[.devices[].bdf] | join(" ")' "0000:00:1f.0 0000:00:1f.2 0000:00:1f.3" "stock: --group 4"
on $S -j show devices --iommu ivhd0
jq_is '.devices | length' 7 "stock: --iommu ivhd0 (all but the IOMMU function)"

# ---- show dte ---------------------------------------------------------------
on $S -j show dte 0000:00:02.0
rc_is 0 "stock: show dte -j exits 0"
jq_is '.bdf' 0000:00:02.0 "stock: show dte bdf"
# q0 = 0x60000000003a1603: V=bit0=1 TV=bit1=1 HAD=(0x603>>7)&3=0 Mode=(0x603>>9)&7=3
#   HostPTRoot = q0 & 0x000ffffffffff000 = 0x3a1000; PPR=GPRP=GIoV=GV=0; GLX=0
#   IR = bit61 = 1, IW = bit62 = 1 (0x6 in the top nibble)
# q1 = 3: DomainID 3, I SE SA Cache SD EX = 0, IoCtl = SysMgt = 0
# q2 = 0: IV 0, IntTabLen 0, IG 0, IRT root 0, guest paging 0, IntCtl 0, passes 0
jq_is '.dte | [.class, .levels, .v, .tv, .had, .mode, .host_pt_root, .ppr, .gprp, .giov, .gv, .ir, .iw] | map(tostring) | join(" ")' \
	"v1 3 true true 0 3 0x00000000003a1000 false false false false true true" "stock: show dte qword 0 fields"
jq_is '.dte | [.domain_id, .gcr3_root, .glx, .iotlb, .se, .sa, .ioctl, .cache, .sd, .ex, .sysmgt] | map(tostring) | join(" ")' \
	"3 null null false false false 0 false false false 0" "stock: show dte qword 1 fields"
jq_is '.dte | [.iv, .int_tab_len, .ig, .irt_root, .guest_paging_mode, .init_pass, .eint_pass, .nmi_pass, .int_ctl, .lint0_pass, .lint1_pass] | map(tostring) | join(" ")' \
	"false 0 false 0x0000000000000000 0 false false false 0 false false" "stock: show dte qword 2 fields"
jq_is '.dte | [.iommu, .pasid_table, (.explanation | type)] | map(tostring) | join(" ")' \
	"ivhd0 false string" "stock: show dte iommu, pasid_table, explanation"
jq_is '.dte.raw | join(" ")' "$(devtbl_raw $S 0000:00:02.0)" "stock: show dte raw equals the devtbl row"
jq_is '.unavailable | length' 0 "stock: show dte: nothing unavailable"

on $S show dte 00:02.0
rc_is 0 "stock: show dte (table) exits 0"
is "$(printf '%s\n' "$out" | head -1)" "0000:00:02.0" "stock: show dte table starts with the BDF"
is "$(record class)" "v1" "stock: show dte table class"
is "$(record Mode)" "3" "stock: show dte table Mode"
is "$(record 'host PT root')" "0x00000000003a1000" "stock: show dte table host PT root"
is "$(record DomainID)" "3" "stock: show dte table DomainID"
is "$(record IR)" "1" "stock: show dte table IR"
is "$(record IW)" "1" "stock: show dte table IW"
is "$(record GV)" "0" "stock: show dte table GV"
is "$(record levels)" "3" "stock: show dte table levels"
like "$(record raw)" "^0x60000000003a1603 0x0000000000000003 0x0000000000000000 0x0000000000000000$" \
	"stock: show dte table raw"

# 00:1f.2 shares the ICH9 domain: q0 0x60000000003ab603 -> root 0x3ab000, q1 6
on $S -j show dte 00:1f.2
jq_is '.dte | [.mode, .host_pt_root, .domain_id] | map(tostring) | join(" ")' "3 0x00000000003ab000 6" \
	"stock: show dte 00:1f.2 (root 0x3ab000, DomainID 6)"

# ---- show iommus ------------------------------------------------------------
on $S -j show iommus
rc_is 0 "stock: show iommus -j exits 0"
jq_is '.iommus | length' 1 "stock: one IOMMU"
jq_is '.iommus[0] | [.name, .iommu_index, .bdf, .segment] | map(tostring) | join(" ")' \
	"ivhd0 0 0000:00:01.0 0" "stock: ivhd0 identity"
# cap 0x1f03000f: id 0x0f, type (>>16)&7 = 3, IotlbSup bit24, EFRSup bit27, CapExt bit28
jq_is '.iommus[0].cap | [.raw, .id, .type, .iotlb_sup, .efr_sup, .cap_ext] | map(tostring) | join(" ")' \
	"0x1f03000f 15 3 true true true" "stock: cap decoded"
jq_is '.iommus[0] | [.efr, .efr2] | join(" ")' "0x00000000000029d3 0x0000000000000000" \
	"stock: EFR 0x29d3, EFR2 0 (sysfs features 29d3:0)"
# 0x29d3 = bits 0 1 4 6 7 8 11 13: PreF PPR GT IA GA HE; HATS=(0x29d3>>10)&3=2 -> 6 levels
# GATS=(0x29d3>>12)&3=2 (reserved) -> no guest levels; PASmax 0
# 0x29d3: bits 0 1 4 6 7 8 (11 and 13 are HATS/GATS), named as the AMD spec does
jq_is '.iommus[0] | [(.efr_features | join(" ")), (.efr2_features | length)] | map(tostring) | join(" / ")' "PreFSup PPRSup GTSup IASup GASup HESup / 0" "stock: EFR feature names"
jq_is '.iommus[0] | [.host_levels, .guest_levels, .max_pasids] | map(tostring) | join(" ")' \
	"6 null 1" "stock: host 6 levels, guest levels reserved, GTSup so (1 << (0 + 1)) - 1 = 1 PASID (init.c iommu_init_pci)"
jq_is '.iommus[0].capabilities | [.v2, .pasid, .dirty_tracking, .nest_parent] | map(tostring) | join(" ")' \
	"false false false false" "stock: no v2/pasid/dirty/nest"
like "$(jqo '.iommus[0].capabilities.missing.v2')" "GIoSup" "stock: v2 missing names GIoSup"
like "$(jqo '.iommus[0].capabilities.missing.dirty_tracking')" "HDSup" "stock: dirty missing names HDSup"
# debugfs mmio: 0x18 control 0x3148f, 0x30 EFR 0x29d3; cmdbuf head/tail 277
jq_is '.iommus[0].debugfs | [.control, .mmio_efr, .cmdbuf_head, .cmdbuf_tail] | map(tostring) | join(" ")' \
	"0x000000000003148f 0x00000000000029d3 277 277" "stock: debugfs control, MMIO EFR, cmdbuf"
# 0x3148f: bits 0 1 2 3, 7:5=4 (1 s), 10, 12, 16, 17
jq_is '.iommus[0].debugfs.control_bits | join(" ")' \
	"IOMMUEn HtTunEn EventLogEn EventIntEn InvTimeout=1s Coherent CmdBufEn GTEn GAEn" "stock: control bits"

on $S show iommus
rc_is 0 "stock: show iommus (table) exits 0"
is "$(printf '%s\n' "$out" | head -1)" "ivhd0 (index 0)" "stock: show iommus table title"
is "$(record 'PCI function')" "0000:00:01.0" "stock: show iommus table PCI function"
is "$(record EFR)" "0x00000000000029d3" "stock: show iommus table EFR"
is "$(record 'EFR features')" "PreFSup PPRSup GTSup IASup GASup HESup" "stock: show iommus table features"
like "$(record 'V2 table')" "^no: .*GIoSup" "stock: show iommus table V2 table: no + reason"

# ---- show groups --------------------------------------------------------------
on $S -j show groups
rc_is 0 "stock: show groups -j exits 0"
jq_is '[.groups[].group] | join(" ")' "0 1 2 3 4" "stock: groups 0-4"
jq_is '[.groups[].type] | join(" ")' "DMA DMA DMA DMA DMA" "stock: all groups DMA"
jq_is '.groups[] | select(.group == 4) | .devices | join(" ")' \
	"0000:00:1f.0 0000:00:1f.2 0000:00:1f.3" "stock: group 4 members"
jq_is '[.groups[] | .remark != null] | map(tostring) | join(" ")' "false false false false true" \
	"stock: only the 3-device group has a remark"
on $S show groups
rc_is 0 "stock: show groups (table) exits 0"
like "$out" "^4 +DMA +0000:00:1f.0 0000:00:1f.2 0000:00:1f.3 +several devices" "stock: groups table row 4"

# ---- show domains -------------------------------------------------------------
on $S -j show domains
rc_is 0 "stock: show domains -j exits 0"
jq_is '[.domains[] | "\(.iommu)/\(.domain_id)/\(.class)"] | join(" ")' "ivhd0/2/v1 ivhd0/3/v1 ivhd0/4/v1 ivhd0/5/v1 ivhd0/6/v1" \
	"stock: five v1 domains, by DomainID"
jq_is '.domains[] | select(.domain_id == 6) | .devices | join(" ")' \
	"0000:00:1f.0 0000:00:1f.2 0000:00:1f.3" "stock: domain 6 holds the ICH9 group"
on $S show domains
rc_is 0 "stock: show domains (table) exits 0"
like "$out" "^ivhd0 +6 +v1 +0000:00:1f.0 0000:00:1f.2 0000:00:1f.3" "stock: domains table row"

# ---- status -------------------------------------------------------------------
on $S -j status
rc_is 0 "stock: status -j exits 0"
jq_is '[.amd_iommu, .iommu_count, .kernel, .ivrs] | map(tostring) | join(" ")' "true 1 7.3.4 true" \
	"stock: status amd_iommu, count, kernel, IVRS"
jq_is '.default_domain_type' DMA "stock: default domain type DMA"
jq_is '.default_pgtable | [.value, .levels, .source] | map(tostring) | join(" ")' "v1 3 dte" \
	"stock: default pgtable v1, 3 levels, from a DTE"
jq_is '.debugfs | [.mounted, .amd_files, .readable, .error] | map(tostring) | join(" ")' \
	"true true true null" "stock: debugfs usable"
jq_is '[.lockdown, .iommufd.value, .iommufd.source] | map(tostring) | join(" ")' "none true /dev/iommu" "stock: lockdown none, /dev/iommu present"
jq_is '.vfio_cdev_support.value' null "stock: vfio cdev unknown (nothing bound)"
jq_is '.interrupt_remapping.value' false "stock: IR off (IO-APIC in /proc/interrupts)"
jq_is '[.reasons[].topic] | join(" ")' "interrupt_remapping" "stock: the only reason is IR"
on $S status
rc_is 0 "stock: status (table) exits 0"
is "$(record 'AMD IOMMU')" yes "stock: status table AMD IOMMU"
like "$(record 'default pgtable')" "^v1, 3 levels +\(source: dte" "stock: status table default pgtable"
like "$out" "notes: interrupt_remapping" "stock: status table notes"

# ---- command-line spellings ------------------------------------------------------
# iommu.strict= and iommu.passthrough= go through kstrtobool()
# (drivers/iommu/iommu.c iommu_dma_setup(), iommu_set_def_domain_type();
# lib/kstrtox.c: 'y' 'Y' 't' 'T' '1' and "on" are true, 'n' 'N' 'f' 'F' '0'
# and "off" false); amd_iommu= items are compared by prefix, one by one
# between commas (init.c parse_amd_iommu_options: strncmp(str, "pgtbl_v2", 8)).
C=$_t_tmp/cmdline-tree
cp -a "$FIXTURES/$S" "$C"
cmdline() { printf 'BOOT_IMAGE=/vmlinuz root=/dev/vda %s\n' "$1" >"$C/proc/cmdline"; }
cmdline "iommu.strict=0"
run --root "$C" -j status
jq_is '.strict' false "cmdline: iommu.strict=0 is not strict"
cmdline "iommu.strict=Y"
run --root "$C" -j status
jq_is '.strict' true "cmdline: iommu.strict=Y is strict (kstrtobool)"
cmdline "iommu.strict=off"
run --root "$C" -j status
jq_is '.strict' false "cmdline: iommu.strict=off is not strict (kstrtobool: 'o' then 'f')"
cmdline "iommu.passthrough=T"
run --root "$C" -j status
jq_is '[.default_domain_type, .default_domain_type_source] | join(" ")' "identity cmdline" \
	"cmdline: iommu.passthrough=T makes identity the default (kstrtobool)"
cmdline "iommu.passthrough=1 iommu.strict=1"
run --root "$C" -j status
jq_is '[.default_domain_type, .default_domain_type_source, .strict] | map(tostring) | join(" ")' \
	"identity cmdline true" "cmdline: iommu.passthrough=1 and iommu.strict=1"

# ---- bad input ----------------------------------------------------------------
on $S show dte zz
rc_is 2 "show dte zz: usage error (2)"
like "$err" "not a PCI address" "show dte zz: message"
on $S -j show dte zz
rc_is 2 "show dte zz -j: exit 2"
jq_is '.error.exit_code' 2 "show dte zz -j: JSON error object with exit_code"
on $S show dte
rc_is 2 "show dte without BDF: exit 2"
# the IOMMU function has no devtbl row (its devid write gave ENODEV) and no
# iommu link in sysfs: not behind an IOMMU, nothing to show (exit 4)
on $S show dte 0000:00:01.0
rc_is 4 "show dte 0000:00:01.0 (no devtbl row, no iommu link): exit 4"
like "$err" "not behind an IOMMU" "show dte 0000:00:01.0: says it is not behind an IOMMU"
like "$err" "0000:00:01.0" "show dte 0000:00:01.0: message names the device"
unlike "$err" "CONFIG_AMD_IOMMU_DEBUGFS|mount -t debugfs" \
	"show dte 0000:00:01.0: does not blame a missing debugfs (the file is there)"
on $S -j show dte 0000:00:01.0
rc_is 4 "show dte 0000:00:01.0 -j: exit 4"
jq_is '.error.exit_code' 4 "show dte 0000:00:01.0 -j: error.exit_code 4"
jq_is '.error.message | type' string "show dte 0000:00:01.0 -j: error.message"
# a function that does not exist: an error, exit 1, one line
on $S show dte 0000:00:15.0
rc_is 1 "show dte of an absent function: exit 1"
is "$err" "amdiommuctl: 0000:00:15.0: no such PCI device" "show dte of an absent function: one line naming it"
run --root /nonexistent show devices
rc_is 1 "--root /nonexistent: exit 1"
like "$err" "/nonexistent" "--root /nonexistent: message names the directory"
run --root /nonexistent -j status
rc_is 1 "--root /nonexistent -j: exit 1"
json_valid "--root /nonexistent -j: JSON on stdout"
jq_is '[.error.errno, .error.exit_code] | map(tostring) | join(" ")' "ENOENT 1" \
	"--root /nonexistent -j: error object with errno ENOENT"
on $S show bogus
rc_is 2 "unknown object: exit 2"
on $S show devices --group x
rc_is 2 "--group x: exit 2"
# a named function that does not exist is an error (as in show dte), not
# an empty list: exit 1, one line naming it; the JSON error is ENODEV
on $S -j show devices 0000:00:05.0
rc_is 1 "show devices of a missing BDF -j: exit 1"
jq_is '[.error.errno, .error.exit_code] | map(tostring) | join(" ")' "ENODEV 1" \
	"show devices of a missing BDF -j: error ENODEV, exit_code 1"
on $S show devices 0000:00:05.0 0000:00:01.0 0000:00:06.0
rc_is 1 "show devices of two missing BDFs and a present one: exit 1"
is "$err" "amdiommuctl: 0000:00:05.0, 0000:00:06.0: no such PCI device" \
	"show devices of missing BDFs: one line naming both"
# filters matching nothing: no rows, a note on stderr, exit 0
on $S show devices --group 999
rc_is 0 "show devices --group 999: exit 0"
is "$out" "" "show devices --group 999: no table"
like "$err" "no PCI function matches" "show devices --group 999: says nothing matched"
on $S -j show devices --group 999
jq_is '.devices | length' 0 "show devices -j --group 999: an empty list"

# ---- qemu73-v2: amd_iommu=pgtbl_v2 with EFR 0x17000f000059d3 ------------------
V=qemu73-v2
# issue 12 #9: sysfs features 17000f000059d3 (the IVHD image the driver
# uses) vs debugfs mmio Offset:0x30 0x29d3: status flags the mismatch
on $V -j status
jq_is '[.reasons[] | select(.topic == "efr") | .finding] | join(" ")' efr_mismatch \
	"v2: status reasons flag the EFR mismatch"
jq_is '.reasons[] | select(.topic == "efr") | .reason | test("0x00000000000029d3.*0x0017000f000059d3")' true \
	"v2: the EFR mismatch names the MMIO value and the one used"
on $V status
like "$out" "efr: ivhd0's MMIO EFR 0x00000000000029d3" "v2: status table notes the EFR mismatch"
on $S -j status
jq_is '[.reasons[] | select(.topic == "efr")] | length' 0 "stock: no EFR mismatch (mmio 0x30 equals the sysfs EFR)"
on $V -j show devices
rc_is 0 "v2: show devices -j exits 0"
# 00:00.0: q0 0x60c0000000000003: GV bit55 = 1, GIoV bit54 = 1, Mode 0 -> v2
#   q2 0x0040000000000000: GuestPagingMode (55:54) = 1 -> 5 levels
#   GCR3: q0[60:58] = 0, q1[31:16] = 0x7d -> 0x7d << 15 = 0x3e8000; GLX q0[57:56] = 0
#   DomainID = 0x7d0003 & 0xffff = 3
jq_is '.devices[] | select(.bdf == "0000:00:00.0") | .dte | [.class, .levels, .domain_id, .gcr3_root, .glx] | map(tostring) | join(" ")' \
	"v2 5 3 0x00000000003e8000 0" "v2: 00:00.0 v2, 5 levels, DomainID 3, GCR3 0x3e8000"
# 00:02.0: q0 0x74c0000000000003: q0[60:58] = (0x74 >> 2) & 7 = 5 -> 0x5000;
#   q1 0x7d0005 -> 0x3e8000; GCR3 = 0x3ed000; DomainID 5
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | .dte | [.class, .levels, .domain_id, .gcr3_root] | map(tostring) | join(" ")' \
	"v2 5 5 0x00000000003ed000" "v2: 00:02.0 GCR3 0x3ed000, DomainID 5"
# 00:03.0: q0 0x64c0...: q0[60:58] = 1 -> 0x1000; q1 0x7e0007: 0x7e << 15 = 0x3f0000 -> 0x3f1000
jq_is '.devices[] | select(.bdf == "0000:00:03.0") | .dte | [.gcr3_root, .domain_id] | map(tostring) | join(" ")' \
	"0x00000000003f1000 7" "v2: 00:03.0 GCR3 0x3f1000, DomainID 7"
for b in 0000:00:00.0 0000:00:02.0 0000:00:03.0 0000:00:04.0 0000:00:1f.0 0000:00:1f.2 0000:00:1f.3; do
	jq_is ".devices[] | select(.bdf == \"$b\") | .dte.raw | join(\" \")" "$(devtbl_raw $V $b)" \
		"v2: $b raw DTE equals the devtbl row"
done
on $V -j show dte 00:1f.3
# q0 0x6cc0000000000003: GV GIoV IR IW, Mode 0, q0[60:58] = (0x6c >> 2) & 7 = 3 -> 0x3000
# q1 0x7f000d: 0x7f << 15 = 0x3f8000 -> GCR3 0x3fb000; DomainID 0xd = 13; q2 GPM 1
jq_is '.dte | [.class, .mode, .gv, .giov, .ir, .iw, .gcr3_root, .domain_id, .guest_paging_mode, .levels] | map(tostring) | join(" ")' \
	"v2 0 true true true true 0x00000000003fb000 13 1 5" "v2: show dte 00:1f.3 every v2 field"
on $V -j status
rc_is 0 "v2: status exits 0"
jq_is '.default_pgtable | [.value, .levels, .source] | map(tostring) | join(" ")' "v2 5 dte" \
	"v2: default pgtable v2, 5 levels, from a DTE"
jq_is '[.reasons[] | select(.topic == "default_pgtable")] | length' 0 "v2: no pgtbl_v2 fallback reason"
on $V -j show iommus
# 0x17000f000059d3: low 0x59d3 = bits 0 1 4 6 7 8 11 12 14 -> PreF PPR GT IA GA HE
#   HATS=(0x59d3>>10)&3=2 -> 6; GATS=(0x59d3>>12)&3=1 -> 5; GLX=(0x59d3>>14)&3=1
#   PASmax = 0xf -> 2^16-1 = 65535; 0x17 << 48: GIoSup 48, HASup 49, EPHSup 50, HDSup 52
jq_is '.iommus[0] | [.efr, .efr2] | join(" ")' "0x0017000f000059d3 0x0000000000000000" "v2: EFR from features 17000f000059d3:0"
jq_is '.iommus[0].efr_features | join(" ")' "PreFSup PPRSup GTSup IASup GASup HESup GIoSup HASup EPHSup HDSup" "v2: feature names"
jq_is '.iommus[0] | [.host_levels, .guest_levels, .glx_sup, .max_pasids] | map(tostring) | join(" ")' \
	"6 5 1 65535" "v2: levels, GLX, max PASIDs"
# v2 = GT && GIoSup; pasid = v2 && PPR && EPHSup && (la57 -> GATS == 1); dirty = HDSup;
# nest = ... && EFR2 GCR3TRPMode (EFR2 = 0)
jq_is '.iommus[0].capabilities | [.v2, .pasid, .dirty_tracking, .nest_parent] | map(tostring) | join(" ")' \
	"true true true false" "v2: capabilities"
like "$(jqo '.iommus[0].capabilities.missing.nest_parent')" "GCR3TRPMode" "v2: nest parent missing GCR3TRPMode"
# MMIO still reads QEMU's 0x29d3; control 0x000020000003f48f adds PPR bits 13-15 and EPHEn 45
jq_is '.iommus[0].debugfs | [.mmio_efr, .control] | join(" ")' "0x00000000000029d3 0x000020000003f48f" \
	"v2: MMIO EFR differs from the global EFR; control register"
on $V -j show domains
# v2 domains give each device its own DomainID (00:1f.x share a group but not an id)
jq_is '[.domains[].domain_id] | map(tostring) | join(" ")' "3 5 7 9 11 12 13" "v2: one domain entry per device"
jq_is '[.domains[] | .remark | type] | unique | join(" ")' "string" "v2: every v2 domain carries the per-device remark"

# ---- qemu73-ir: interrupt remapping on ------------------------------------------
I=qemu73-ir
on $I -j status
rc_is 0 "ir: status exits 0"
jq_is '.interrupt_remapping.value' true "ir: IR on (IR-IO-APIC)"
jq_is '[.reasons[] | select(.topic == "interrupt_remapping")] | length' 0 "ir: no IR reason"
on $I -j show devices 00:02.0
# q2 = 1: IV only, no IRT yet; q0 0x6000000000182603 -> Mode 3, q1 3
jq_is '.devices[0].dte | [.class, .domain_id] | map(tostring) | join(" ")' "v1 3" "ir: 00:02.0 v1 DomainID 3"
jq_is '.devices[0].dte.raw | join(" ")' "$(devtbl_raw $I 0000:00:02.0)" "ir: 00:02.0 raw equals the devtbl row"
on $I -j show dte 00:02.0
jq_is '.dte | [.iv, .int_tab_len, .int_ctl, .irt_root, .host_pt_root] | map(tostring) | join(" ")' \
	"true 0 0 0x0000000000000000 0x0000000000182000" "ir: 00:02.0 IV=1 without a table; root 0x182000"
# the southbridge IOAPIC 00:14.0 (IVRS special device, no PCI function):
#   q2 0x20000000001a4013: IV 1, IntTabLen (0x13>>1)&0xf = 9, IRT root 0x1a4000,
#   IntCtl (q2>>60)&3 = 2; q0 = 3: V TV Mode 0 without IR/IW -> blocked
on $I -j show dte 0000:00:14.0
rc_is 0 "ir: show dte 00:14.0 (row without a PCI function) exits 0"
jq_is '.dte | [.class, .iv, .int_tab_len, .irt_root, .int_ctl, .mode, .ir, .iw] | map(tostring) | join(" ")' \
	"blocked true 9 0x00000000001a4000 2 0 false false" "ir: IOAPIC DTE interrupt fields"

# ---- qemu73-identity: group 2 switched to identity ------------------------------
D=qemu73-identity
on $D -j show devices
rc_is 0 "identity: show devices exits 0"
# row after `echo identity > .../2/type`: q1 1, q0 0x6000000000000003
#   Mode 0, IR IW, GV 0 -> identity; DomainID 1; no levels
jq_is '.devices[] | select(.bdf == "0000:00:03.0") | [.group_type, .dte.class, .dte.levels, .dte.domain_id] | map(tostring) | join(" ")' \
	"identity identity null 1" "identity: 00:03.0 identity DTE, DomainID 1"
jq_is '.devices[] | select(.bdf == "0000:00:03.0") | .dte.raw | join(" ")' \
	"0x6000000000000003 0x0000000000000001 0x0000000000000000 0x0000000000000000" "identity: 00:03.0 raw"
on $D -j show dte 00:03.0
jq_is '.dte | [.class, .mode, .ir, .iw, .host_pt_root, .domain_id] | map(tostring) | join(" ")' \
	"identity 0 true true 0x0000000000000000 1" "identity: show dte fields"
on $D -j show groups
jq_is '.groups[] | select(.group == 2) | .type' identity "identity: group 2 type"
on $D -j status
jq_is '.default_domain_type' DMA "identity: default domain type still DMA (4 of 5 groups)"
jq_is '.default_pgtable | [.value, .source] | join(" ")' "v1 dte" "identity: default pgtable from a DMA device"
on $D -j show domains
jq_is '.domains[] | select(.domain_id == 1) | [.class, (.devices | join(","))] | join(" ")' \
	"identity 0000:00:03.0" "identity: domains view has the identity domain"

done_testing
