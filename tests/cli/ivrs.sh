#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# show ivrs, and what status and show iommus take from the IVRS table, on
# the fixture trees (tests/fixtures/README.md).  Expected values are worked
# out by hand from the raw bytes (quoted in the comments, offsets in hex)
# and the 7.3 rules of drivers/iommu/amd/init.c; the kernel lines are the
# ones Linux 7.3.4 logged for the same tables (the samples' dmesg-iommu.txt
# and the VM tier's boots, quoted), never the program's own output.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# ---- qemu73-stock: QEMU 7.2's own table ---------------------------------------
# 0x00 "IVRS", length 70 00 00 00 = 112, revision 01, checksum ff, OEM
# "BOCHS ", table "BXPC    ", OEM revision 1, IVinfo at 0x24 00 28 00 00 =
# 0x2800: EFRSup (bit 0) 0, PAsize (14:8) 0x28 = 40, VAsize (21:15) 0.
# 0x30 IVHD: 10 d1 40 00 | 08 00 | 40 00 | 00 00 d8 fe 00 00 00 00 | 00 00 |
#   00 00 | 44 00 00 00: type 10h, flags d1, length 64, device 0x0008 =
#   00:01.0, capability offset 0x40, base 0xfed80000, segment 0, feature
#   reporting 0x44; entries 0x48..0x67: 02h select 00:00.0 01.0 02.0 03.0
#   04.0 1f.0 1f.2 1f.3 (devids 00 08 10 18 20 f8 fa fb); 0x68: 48 00 00 00 |
#   00 | a0 00 | 01: special, handle 0, device 0x00a0 = 00:14.0, IOAPIC.
on qemu73-stock -j show ivrs
rc_is 0 "stock: show ivrs exits 0"
jq_is '.ivrs.header | [.signature, .length, .revision, .checksum, .oem_id, .oem_table_id, .oem_revision, .ivinfo, .efr_sup, .pa_size, .va_size, .checksum_ok] | map(tostring) | join("|")' \
	"IVRS|112|1|0xff|BOCHS |BXPC    |1|0x00002800|false|40|0|true" "stock: header and IVinfo"
jq_is '.ivrs.ivhds | length' 1 "stock: one IVHD"
jq_is '.ivrs.ivhds[0] | [.offset, .type, .flags, .length, .bdf, .capability_offset, .base_address, .segment, .feature_reporting, .iommu, .efr_image] | map(tostring) | join("|")' \
	"48|16|0xd1|64|0000:00:01.0|64|0x00000000fed80000|0|0x00000044|ivhd0|null" "stock: the IVHD 10h fields"
jq_is '[.ivrs.ivhds[0].entries[] | "\(.offset):\(.type):\(.bdf)"] | join(" ")' \
	"72:2:0000:00:00.0 76:2:0000:00:01.0 80:2:0000:00:02.0 84:2:0000:00:03.0 88:2:0000:00:04.0 92:2:0000:00:1f.0 96:2:0000:00:1f.2 100:2:0000:00:1f.3 104:72:0000:00:14.0" \
	"stock: nine entries, offsets 0x48..0x68"
jq_is '.ivrs.ivhds[0].entries[8] | [.handle, .variety, .variety_name] | map(tostring) | join(" ")' "0 1 ioapic" \
	"stock: the special entry is IOAPIC handle 0"
jq_is '.ivrs.driver | [.ivhd_type, .iommu_count] | map(tostring) | join(" ")' "16 1" "stock: the driver uses 10h, one IOMMU"
# the MADT (QEMU's, tests/fixtures/gen-fixtures.py QEMU_APIC): IOAPIC id 0
# at 0x3c, address 0xfec00000, GSI base 0 -> the southbridge IOAPIC
jq_is '.madt.ioapics | map("\(.ioapic_id)@\(.address)/\(.gsi_base)/\(.offset)") | join(" ")' "0@0xfec00000/0/60" \
	"stock: the MADT's IOAPIC"
# check_sb_ioapic(0x00a0): no function at 00:14.0 reads 0xffff, neither
# SMBus 0x0c05 nor ISA 0x0601 -> "No southbridge IOAPIC found", IR off.
# The lines: stock-unsafe-intr/dmesg-iommu.txt (Linux 7.3.4 under QEMU 7.2).
jq_is '[.findings[] | "\(.severity) \(.rule) \(.offset)"] | join(", ")' \
	"error no_southbridge_ioapic 104, warning hpet_not_in_ivrs null" "stock: the findings"
jq_is '.findings[0].driver_message' "AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found
AMD-Vi: Disabling interrupt remapping" "stock: the kernel's two lines, as 7.3.4 logged them"
jq_is '.findings[0] | [.turns_off, .kernel_function, .evidence.ioapic_id, .evidence.bdf] | map(tostring) | join("|")' \
	"interrupt_remapping|drivers/iommu/amd/init.c check_sb_ioapic|0|0000:00:14.0" "stock: what it turns off, where, evidence"
# no parameter can help: another SMBus/ISA function panics the VM tier's
# kernel (stock-wrongdevid), the right one (00:14.0) is no function
like "$(jqo '.findings[0].advice')" "^0000:00:14.0 is no PCI function.*No kernel parameter.*iommufd.allow_unsafe_interrupts=1" \
	"stock: no parameter suggested, says why and what VFIO needs"
unlike "$(jqo '.findings[0].advice')" "Try ivrs_ioapic" "stock: no ivrs_ioapic guess"
# HPET table byte 52 (HPET number) is 0; no HPET special entry
jq_is '.findings[1].evidence.hpet_id' 0 "stock: HPET 0 has no entry"
# the driver's view: 00:01.0 is the IOMMU itself (init_iommu_one_late), the
# other seven are covered by ivhd0 through their 02h entries
jq_is '[.resolved.functions[] | "\(.bdf)=\(.cover)/\(.iommu)/\(.entry_offset)"] | join(" ")' \
	"0000:00:00.0=covered/ivhd0/72 0000:00:01.0=iommu_itself/null/76 0000:00:02.0=covered/ivhd0/80 0000:00:03.0=covered/ivhd0/84 0000:00:04.0=covered/ivhd0/88 0000:00:1f.0=covered/ivhd0/92 0000:00:1f.2=covered/ivhd0/96 0000:00:1f.3=covered/ivhd0/100" \
	"stock: every function's IOMMU and entry"
jq_is '.resolved.special_map | map("\(.variety_name) \(.handle) \(.bdf) \(.source) \(.offset)") | join(", ")' \
	"ioapic 0 0000:00:14.0 ivrs 104" "stock: ioapic_map"
# EFR: a 10h IVHD has no image, so get_global_efr() gives 0 (the kernel
# logs "Using global IVHD EFR:0x0, EFR2:0x0") and late_iommu_features_init()
# takes the MMIO EFR (iommu00/mmio Offset:0x30 0x29d3), what sysfs shows
jq_is '.resolved.efr_decision | [.early_efr, .efr, .efr_from, .iommus[0].image_used, .iommus[0].iommu_efr] | join(" ")' \
	"0x0000000000000000 0x00000000000029d3 mmio false 0x0000000000000000" "stock: the EFR decision"
jq_is '.sources | [.ivrs, .apic, .hpet, .cmdline, .machine] | map(tostring) | join(" ")' \
	"/sys/firmware/acpi/tables/IVRS /sys/firmware/acpi/tables/APIC /sys/firmware/acpi/tables/HPET /proc/cmdline true" \
	"stock: sources"

# status names the finding behind "interrupt remapping: no"
on qemu73-stock -j status
jq_is '[.interrupt_remapping.value, ([.reasons[] | select(.topic == "interrupt_remapping") | .finding] | first)] | map(tostring) | join(" ")' \
	"false no_southbridge_ioapic" "stock: status names no_southbridge_ioapic"
jq_is '[.reasons[] | select(.topic != "interrupt_remapping" and .finding != null)] | length' 0 \
	"stock: the other reasons name no finding"
on qemu73-stock status
like "$out" "interrupt_remapping: .*IVRS finding no_southbridge_ioapic" "stock: the status text names it too"

on qemu73-stock show ivrs
rc_is 0 "stock: show ivrs (text) exits 0"
like "$out" "IVHD 10h at 0x030: ivhd0, 0000:00:01.0, base 0x00000000fed80000, segment 0, 9 entries" "stock text: the IVHD line"
like "$out" "0x068 +48h special +0000:00:14.0 +0x00 +ioapic handle 0" "stock text: the special entry row"
like "$out" "error +no_southbridge_ioapic +0x068" "stock text: the finding row"
like "$out" "kernel +AMD-Vi: \[Firmware Bug\]: : No southbridge IOAPIC found" "stock text: the kernel line"
on qemu73-stock -v show ivrs
like "$out" "EFR after PCI init +0x00000000000029d3" "stock -v: the EFR decision"
like "$out" "ioapic +0 +0000:00:14.0 +ivrs +0x068" "stock -v: the IOAPIC map"
like "$out" "rule in +drivers/iommu/amd/init.c check_sb_ioapic" "stock -v: the kernel function"

# ---- ivrs-noioapic: the same table without its IOAPIC entry ---------------------
# the 8 bytes at 0x68 removed: length 0x68 = 104, IVHD length 0x38 = 56, OEM
# revision 2; checksum: the removed bytes summed 0x48 + 0xa0 + 0x01 = 0xe9,
# the two lengths lost 8 each, the revision gained 1: the sum moved by
# -0xe9 - 16 + 1 = -248 = +8 (mod 256), so ff - 8 = f7
on ivrs-noioapic -j show ivrs
jq_is '.ivrs.header | [.length, .oem_revision, .checksum, .checksum_ok] | map(tostring) | join(" ")' "104 2 0xf7 true" \
	"noioapic: length, revision, checksum"
jq_is '[.ivrs.ivhds[0].length, (.ivrs.ivhds[0].entries | length)] | map(tostring) | join(" ")' "56 8" "noioapic: 56-byte IVHD, 8 entries"
# check_ioapic_information(): IOAPIC 0 (the MADT's) has no entry, and it is
# the southbridge one; the lines the VM tier's ivrs-noioapic boot logged
jq_is '[.findings[] | "\(.severity) \(.rule) \(.turns_off)"] | join(", ")' \
	"error no_ioapic_entry interrupt_remapping, error ioapic_not_in_ivrs interrupt_remapping, error no_southbridge_ioapic interrupt_remapping, warning hpet_not_in_ivrs null" \
	"noioapic: the findings"
jq_is '.findings[1] | [.evidence.ioapic_id, .evidence.address, .evidence.gsi_base, .evidence.madt_offset] | map(tostring) | join(" ")' \
	"0 0xfec00000 0 60" "noioapic: the MADT IOAPIC as evidence"
jq_is '.findings[1].driver_message' "AMD-Vi: [Firmware Bug]: : IOAPIC[0] not in IVRS table
AMD-Vi: Disabling interrupt remapping" "noioapic: the kernel's lines"
jq_is '.findings[2].driver_message' "AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found
AMD-Vi: Disabling interrupt remapping" "noioapic: no southbridge IOAPIC"
like "$(jqo '.findings[1].advice')" "ivrs_ioapic=0@SSSS:BB:DD.F .*requester ID.*timer doesn't work through Interrupt-remapped IO-APIC" \
	"noioapic: the parameter to write, with the caveat"
jq_is '.resolved.special_map | length' 0 "noioapic: empty ioapic_map"
on ivrs-noioapic -j status
jq_is '[.reasons[] | select(.topic == "interrupt_remapping") | .finding] | join(" ")' "no_ioapic_entry" \
	"noioapic: status names the first finding that turns IR off"

# --cmdline: the override maps IOAPIC 0 (add_special_device(), cmdline_maps:
# the kernel's messages lose "[Firmware Bug]"), the IOAPIC finding is
# resolved by it, but 00:14.0 is still no SMBus/ISA function: the VM tier's
# ivrs-badhandle-param boot logged "AMD-Vi: : No southbridge IOAPIC found"
on ivrs-noioapic -j show ivrs --cmdline "console=ttyS0 ivrs_ioapic=0@0000:00:14.0"
jq_is '[.findings[] | "\(.severity) \(.rule)"] | join(", ")' \
	"warning no_ioapic_entry, info ioapic_not_in_ivrs, error no_southbridge_ioapic, warning hpet_not_in_ivrs" \
	"--cmdline: the override changes the findings"
jq_is '.findings[1].resolved_by' "ivrs_ioapic=0@0000:00:14.0" "--cmdline: resolved by the parameter"
jq_is '.findings[2].driver_message' "AMD-Vi: : No southbridge IOAPIC found
AMD-Vi: Disabling interrupt remapping" "--cmdline: the line without [Firmware Bug]"
jq_is '.resolved.special_map | map("\(.handle) \(.bdf) \(.source) \(.parameter)") | join(",")' \
	"0 0000:00:14.0 cmdline ivrs_ioapic=0@0000:00:14.0" "--cmdline: ioapic_map from the command line"
jq_is '.sources.cmdline' "--cmdline" "--cmdline: the source"

# ---- epyc2s: coherent (IR on, every IOAPIC mapped) --------------------------------
# IVHD r (0..7) at 0x30 + (r ? 0x48 + (r - 1) * 0x38 : 0): 40h, 40 bytes of
# header + 03h, 04h, 48h IOAPIC 241 + r at base:00.1; IVHD 0 also 48h IOAPIC
# 240 at 00:14.0 (DTE d7) and HPET 0 at 00:14.0: 0x48 bytes, the others
# 0x38; 48 + 0x48 + 7 * 0x38 = 512 bytes
on epyc2s -j show ivrs
rc_is 0 "epyc: show ivrs exits 0"
jq_is '[.ivrs.header.length, ([.ivrs.ivhds[].offset] | join(","))] | map(tostring) | join(" ")' \
	"512 48,120,176,232,288,344,400,456" "epyc: length and IVHD offsets"
jq_is '[.ivrs.ivhds[0].entries[] | "\(.offset):\(.type):\(.bdf):\(.handle)"] | join(" ")' \
	"88:3:0000:00:00.0:null 92:4:0000:7f:1f.7:null 96:72:0000:00:00.1:241 104:72:0000:00:14.0:240 112:72:0000:00:14.0:0" \
	"epyc: IVHD 0 entries"
jq_is '.ivrs.ivhds[7].entries[2] | [.bdf, .handle, .variety_name] | map(tostring) | join(" ")' "0003:80:00.1 248 ioapic" \
	"epyc: IVHD 7's IOAPIC on segment 3"
# the MADT's nine IOAPICs (240 at GSI 0, 241..248) all mapped; 00:14.0 is
# the FCH SMBus (class 0x0c0500): check_sb_ioapic() passes
jq_is '.findings | length' 0 "epyc: no findings"
jq_is '[.madt.ioapics[].ioapic_id] | map(tostring) | join(" ")' "240 241 242 243 244 245 246 247 248" "epyc: MADT IOAPICs"
jq_is '[.resolved.special_map[] | "\(.variety_name):\(.handle)"] | join(" ")' \
	"ioapic:241 ioapic:240 hpet:0 ioapic:242 ioapic:243 ioapic:244 ioapic:245 ioapic:246 ioapic:247 ioapic:248" \
	"epyc: the IOAPIC and HPET map in table order"
jq_is '[.resolved.functions[] | .cover] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' \
	"covered=202 iommu_itself=8" "epyc: 210 functions, 8 of them IOMMUs"
jq_is '.resolved.functions[] | select(.bdf == "0002:81:00.0") | .iommu' ivhd5 "epyc: the GPU is behind ivhd5"
# EFRSup set, 40h images with GASup: the image is iommu->features
jq_is '.resolved.efr_decision | [.efr, .efr_from, ([.iommus[].image_used] | unique | map(tostring) | join(","))] | join(" ")' \
	"0x247577efa22556fa ivhd true" "epyc: the EFR from the images"
on epyc2s -j status
jq_is '[.interrupt_remapping.value, ([.reasons[] | select(.topic == "interrupt_remapping")] | length)] | map(tostring) | join(" ")' \
	"true 0" "epyc: IR on, no reason"

# ---- qemu73-v2: the EFR image differs from MMIO ---------------------------------
# IVHD 40h at 0xc0 (after the 10h block at 0x30 and the 11h at 0x70) with
# the EFR image at 0xc0 + 0x18 = 0xd8 = 216: 0x0017000f000059d3 (GASup:
# 0xd3 bit 7), IVinfo 0x2801 (EFRSup): the image is used; MMIO EFR 0x29d3
# differs, so late_iommu_features_init() warns (the finding points at the
# image); the line efr-override-v2dirty-pgtbl_v2/dmesg-iommu.txt holds
on qemu73-v2 -j show ivrs
jq_is '[.findings[] | select(.rule == "efr_mismatch") | "\(.severity) \(.offset)"] | join(",")' "warning 216" "v2: efr_mismatch at 0xd8"
jq_is '.findings[] | select(.rule == "efr_mismatch") | .driver_message' \
	"AMD-Vi: [Firmware Warn]: EFR mismatch. Use IVHD EFR (0x29d3 : 0x17000f000059d3), EFR2 (0x0 : 0x0)." \
	"v2: the kernel's EFR mismatch line"
on qemu73-v2 -j show iommus
jq_is '.iommus[0].ivhd | [.offset, .efr_image, .image_used, .iommu_efr] | map(tostring) | join(" ")' \
	"192 0x0017000f000059d3 true 0x0017000f000059d3" "v2: show iommus has the image the driver took"
jq_is '.iommus[0] | [.efr, .debugfs.mmio_efr, .capabilities.dirty_tracking] | map(tostring) | join(" ")' \
	"0x0017000f000059d3 0x00000000000029d3 true" "v2: sysfs, MMIO, dirty tracking from the image (HDSup bit 52)"
on qemu73-v2 show iommus
like "$out" "IVHD EFR image +0x0017000f000059d3  \(used\)" "v2: the image in the table"

# ---- ivrs-efrsupoff: EFRSup clear, MMIO EFR with HDSup ---------------------------
# IVinfo 0x2800: early_iommu_features_init() takes no image, iommu->features
# stays 0, get_global_efr() gives 0 and the first IOMMU's MMIO EFR
# 0x0017000f000059d3 becomes the global EFR (sysfs).  amd_iommu_hd_support()
# reads iommu->features: dirty tracking refused though sysfs has HDSup.
on ivrs-efrsupoff -j show ivrs
jq_is '[.findings[] | select(.rule == "efr_image_unused" or .rule == "efr_mismatch") | "\(.severity) \(.rule) \(.offset)"] | join(",")' \
	"info efr_image_unused 216" "efrsupoff: the image is unused, no mismatch"
jq_is '.resolved.efr_decision | [.early_efr, .efr, .efr_from, .iommus[0].iommu_efr] | join(" ")' \
	"0x0000000000000000 0x0017000f000059d3 mmio 0x0000000000000000" "efrsupoff: the EFR decision"
on ivrs-efrsupoff -j show iommus
jq_is '.iommus[0] | [.efr, .ivhd.image_used, .ivhd.iommu_efr, .capabilities.dirty_tracking, .capabilities.pasid] | map(tostring) | join(" ")' \
	"0x0017000f000059d3 false 0x0000000000000000 false true" \
	"efrsupoff: dirty tracking off (own EFR 0), PASID on (global EFR)"
like "$(jqo '.iommus[0].capabilities.missing.dirty_tracking')" "own EFR" "efrsupoff: says why"

# ---- --file: a table from anywhere ---------------------------------------------------
cp "$FIXTURES/qemu73-stock/sys/firmware/acpi/tables/IVRS" "$_t_tmp/ivrs.bin"
run -j show ivrs --file "$_t_tmp/ivrs.bin"
rc_is 0 "--file raw: exits 0"
jq_is '[.sources.ivrs == "'"$_t_tmp/ivrs.bin"'", .sources.machine, .madt, (.resolved.functions | length)] | map(tostring) | join(" ")' \
	"true false null 0" "--file: no machine facts, no MADT"
# acpidump's text with the IVRS and the MADT: the MADT comes along
{
	echo "IVRS @ 0x00000000bffe231c"
	od -An -v -tx1 "$_t_tmp/ivrs.bin" | awk '{ sub(/^ +/, ""); printf "    %04X: %s\n", (NR - 1) * 16, toupper($0) }'
	echo
	echo "APIC @ 0x00000000bffe2000"
	od -An -v -tx1 "$FIXTURES/qemu73-stock/sys/firmware/acpi/tables/APIC" | awk '{ sub(/^ +/, ""); printf "    %04X: %s\n", (NR - 1) * 16, toupper($0) }'
} > "$_t_tmp/acpidump.txt"
run -j show ivrs --file "$_t_tmp/acpidump.txt"
rc_is 0 "--file acpidump: exits 0"
jq_is '[.ivrs.header.length, .sources.apic == "'"$_t_tmp/acpidump.txt"'", (.madt.ioapics | length)] | map(tostring) | join(" ")' \
	"112 true 1" "--file acpidump: its APIC is used"
# without the PCI functions the southbridge IOAPIC cannot be checked
jq_is '[.findings[] | .rule] | join(" ")' "hpet_not_in_ivrs" "--file: only what the table shows"
hexdump -C "$_t_tmp/ivrs.bin" > "$_t_tmp/ivrs.hexdump" 2>/dev/null && {
	run -j show ivrs --file "$_t_tmp/ivrs.hexdump" --apic "$FIXTURES/qemu73-stock/sys/firmware/acpi/tables/APIC"
	jq_is '[.ivrs.header.checksum, (.madt.ioapics | length)] | map(tostring) | join(" ")' "0xff 1" "--file hexdump -C with --apic"
}
# --on-host: the file, checked against the tree's machine
on qemu73-stock -j show ivrs --file "$_t_tmp/acpidump.txt" --on-host
jq_is '[.sources.machine, (.findings[0].rule)] | map(tostring) | join(" ")' "true no_southbridge_ioapic" "--on-host: the machine's checks"
run show ivrs --file "$_t_tmp/nonexistent"
rc_is 1 "--file missing: exit 1"
like "$err" "nonexistent: No such file or directory" "--file missing: says so"
printf 'hello\n' > "$_t_tmp/not-a-table"
run -j show ivrs --file "$_t_tmp/not-a-table"
rc_is 1 "--file without a table: exit 1"
jq_is '.error.message | test("no IVRS table in it")' true "--file without a table: the error document says so"
run show ivrs --on-host
rc_is 2 "--on-host without --file: usage error"
on noamd show ivrs
rc_is 4 "no IVRS table: exit 4"
like "$err" "IVRS does not exist: the firmware describes no AMD IOMMU" "no IVRS table: says what to do"

# ---- snapshots replay show ivrs ----------------------------------------------------
for T in epyc2s ivrs-noioapic; do
	on $T snapshot -o "$_t_tmp/$T.snap"
	on $T -j show ivrs; a=$out
	run --snapshot "$_t_tmp/$T.snap" -j show ivrs
	is "$out" "$a" "$T: show ivrs -j replayed from a snapshot"
	on $T -v show ivrs; a=$out
	run --snapshot "$_t_tmp/$T.snap" -v show ivrs
	is "$out" "$a" "$T: show ivrs -v replayed from a snapshot"
done

done_testing
