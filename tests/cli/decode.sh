#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# show irt, show cmdbuf, show events on the qemu73 trees.
#
# Expected values are worked out by hand from the kernel's layouts, never
# copied from program output:
#   IRTE GA (amd_iommu_types.h irte_ga_lo/hi), printed "IRT[n] HI LO":
#     lo: V 0, NoFault 1, IntType 4:2, RqEoi 5, DM 6, GuestMode 7,
#         Destination[23:0] 31:8, GATag 63:32
#     hi: Vector 7:0, GARootPtr 51:12, Destination[31:24] 63:56
#   command (iommu.c build_*): opcode word1 31:28; INVALIDATE_IOMMU_PAGES
#     DomainID word1 15:0, S/PDE/GN word2 bits 0/1/2, address words 3:2;
#     INVALIDATE_DEVTAB_ENTRY / INVALIDATE_INTERRUPT_TABLE DeviceID word0 15:0;
#     COMPLETION_WAIT store address word1 19:0 + word0 31:3, data words 3:2
#   event flags: GN 0 NX 1 US 2 I 3 PR 4 RW 5 PE 6 RZ 7 TR 8
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# ---- show irt ------------------------------------------------------------
# qemu73-ir irqtbl, section "DeviceId 0000:00:14.0" (the IOAPIC):
#   IRT[0001] 0000000000000021 0000000000000001  vector 0x21, dest 0
#   IRT[0004] 0000000000000022 0000000000000101  vector 0x22, dest 1 (lo 31:8)
#   IRT[0009] 0000000000000020 0000000000000101  vector 0x20, dest 1
on qemu73-ir -j show irt 00:14.0
rc_is 0 "ir: show irt 00:14.0 -j exits 0"
json_valid "ir: show irt -j is one JSON object"
jq_is '.schema_version' 2 "ir: schema_version 2"
jq_is '.bdf' 0000:00:14.0 "ir: bdf"
jq_is '.irt | length' 5 "ir: 5 valid entries"
jq_is '[.irt[].entry] | join(" ")' "1 2 4 9 12" "ir: entry indexes"
jq_is '[.irt[] | .format] | unique | join(" ")' remap "ir: 128-bit GA format, remapped (guest_mode 0)"
jq_is '.irt[] | select(.entry == 4) | [.vector, .destination] | join(" ")' "34 1" "ir: IRT[4] vector 0x22, destination 1"
jq_is '.irt[] | select(.entry == 1) | [.vector, .destination] | join(" ")' "33 0" "ir: IRT[1] vector 0x21, destination 0"
jq_is '.irt[] | select(.entry == 2) | .vector' 48 "ir: IRT[2] vector 0x30"
jq_is '.irt[] | select(.entry == 4) | .raw | join(" ")' "0x0000000000000101 0x0000000000000022" "ir: raw lo, hi (word 0 first)"
jq_is '.irt[] | select(.entry == 4) | [.dest_mode, .delivery_mode, .guest_mode, .no_fault] | map(tostring) | join(" ")' \
	"physical fixed false false" "ir: DM 0, IntType 0, GuestMode 0"
jq_is '.irt[] | select(.entry == 4) | [.ga_tag, .ga_root, .is_run] | map(tostring) | join(" ")' \
	"0x00000000 null null" "ir: GA tag 0, no vAPIC fields outside guest mode"
jq_is '.unavailable | length' 0 "ir: nothing unavailable"

on qemu73-ir show irt 0000:00:14.0
rc_is 0 "ir: show irt table exits 0"
like "$out" '^IRT +FORMAT +VECTOR +DEST' "ir: table header"
is "$(cell 4 VECTOR)" 0x22 "ir: table IRT 4 vector"
is "$(cell 4 DEST)" 1 "ir: table IRT 4 destination"
is "$(cell 12 VECTOR)" 0x21 "ir: table IRT 12 vector"

on qemu73-ir show irt 00:02.0
rc_is 4 "ir: 00:02.0 has no IRQ table -> exit 4"
like "$err" 'no interrupt remapping table' "ir: says the table is not set"

on qemu73-ir -j show irt 00:05.0
rc_is 1 "ir: a device that does not exist -> exit 1"
jq_is '.error.errno' ENODEV "ir: ENODEV in JSON"

on qemu73-stock show irt 00:02.0
rc_is 4 "stock: IR disabled -> exit 4"
like "$err" 'interrupt remapping is disabled' "stock: says IR is disabled"
on qemu73-stock -j show irt 00:02.0
jq_is '.error.exit_code' 4 "stock: JSON error exit_code 4"

on qemu73-ir show irt nonsense
rc_is 2 "show irt with a bad BDF -> usage"

# ---- show cmdbuf ---------------------------------------------------------
# qemu73-stock iommu00/cmdbuf: "CMD Buffer Head Offset:277 Tail Offset:277",
# every one of the 512 slots used (the ring wrapped).
on qemu73-stock -j show cmdbuf
rc_is 0 "stock: show cmdbuf -j exits 0"
json_valid "stock: show cmdbuf -j is one JSON object"
jq_is '.commands | length' 512 "stock: 512 commands"
jq_is '[.commands[] | select(.head) | .slot] | join(" ")' 277 "stock: head at 277"
jq_is '[.commands[] | select(.tail) | .slot] | join(" ")' 277 "stock: tail at 277"
#   0: 00000000 30000006 fffff003 7fffffff -> opcode 3, domain 6, S|PDE, all
jq_is '.commands[0] | [.iommu, .opcode, .command, .domain_id, .all, .pde] | map(tostring) | join(" ")' \
	"ivhd0 3 INVALIDATE_IOMMU_PAGES 6 true true" "stock: slot 0 flushes all of domain 6"
# 268: 00165001 10000000 0000000e 00000000 -> COMPLETION_WAIT store 0x165000 data 0xe
jq_is '.commands[268] | [.command, .address, .store, .store_data] | map(tostring) | join(" ")' \
	"COMPLETION_WAIT 0x0000000000165000 true 0x000000000000000e" "stock: slot 268 completion wait"
# 269: 000000fa 20000000 -> INVALIDATE_DEVTAB_ENTRY devid 0xfa = 00:1f.2
jq_is '.commands[269] | [.command, .device] | join(" ")' \
	"INVALIDATE_DEVTAB_ENTRY 0000:00:1f.2" "stock: slot 269 invalidates 00:1f.2's DTE"
# 275: 00000000 80000000 -> INVALIDATE_IOMMU_ALL
jq_is '.commands[275].command' INVALIDATE_IOMMU_ALL "stock: slot 275 invalidate all"
# 277: 00000018 50000000 -> INVALIDATE_INTERRUPT_TABLE devid 0x18 = 00:03.0
jq_is '.commands[277] | [.opcode, .command, .device] | map(tostring) | join(" ")' \
	"5 INVALIDATE_INTERRUPT_TABLE 0000:00:03.0" "stock: slot 277 invalidates 00:03.0's IRT"
jq_is '.unavailable | length' 0 "stock: nothing unavailable"

on qemu73-stock show cmdbuf ivhd0
rc_is 0 "stock: show cmdbuf ivhd0 exits 0"
is "$(cell ivhd0 MARK | head -1)" "" "stock: slot 0 unmarked"
like "$out" 'ivhd0 +277 +head,tail +INVALIDATE_INTERRUPT_TABLE +device 0000:00:03\.0' "stock: table marks head/tail at 277"
on qemu73-stock show cmdbuf 0
rc_is 0 "stock: IOMMU by index"
on qemu73-stock show cmdbuf ivhd7
# issue 12 #5: an IOMMU that does not exist is an error (1), not "not supported"
rc_is 1 "stock: no such IOMMU -> exit 1"
on qemu73-stock show cmdbuf bogus
rc_is 2 "stock: bad IOMMU name -> usage"

# ---- show events -----------------------------------------------------------
# dev/kmsg in the trees is constructed from iommu_print_event's formats.
on qemu73-ir -j show events
rc_is 0 "ir: show events -j exits 0"
json_valid "ir: show events -j is one JSON object"
jq_is '.events | length' 7 "ir: 7 AMD-Vi events (other lines skipped)"
jq_is '[.events[].type] | join(" ")' \
	"IO_PAGE_FAULT IO_PAGE_FAULT ILLEGAL_DEV_TABLE_ENTRY INVALID_DEVICE_REQUEST IOTLB_INV_TIMEOUT RMP_PAGE_FAULT RMP_HW_ERROR" \
	"ir: event types in log order"
# pci_err form: the device comes from the "vfio-pci 0000:00:03.0: " prefix
jq_is '.events[0] | [.device, .domain_id, .address, .flags, (.flag_names | join(",")), .access] | map(tostring) | join(" ")' \
	"0000:00:03.0 7 0x00000000fee01000 0x0020 RW write" "ir: IO_PAGE_FAULT (pci_err): device, domain 7, RW"
jq_is '.events[0] | [.seq, .time_usec] | map(tostring) | join(" ")' "1501 84123456" "ir: seq and time (microseconds since boot)"
jq_is '.events[1] | [.device, .domain_id, (.flag_names | join(","))] | map(tostring) | join(" ")' \
	"0000:00:04.0 8 PR" "ir: IO_PAGE_FAULT (no pdev): device=, flags 0x10 = PR"
jq_is '.events[2] | [.iommu, .device, (.flag_names | join(","))] | join(" ")' \
	"ivhd0 0000:00:02.0 RW,TR" "ir: ILLEGAL_DEV_TABLE_ENTRY flags 0x120 = RW,TR"
jq_is '.events[3] | [.pasid, (.flag_names | join(","))] | map(tostring) | join(" ")' \
	"18 GN,PE" "ir: INVALID_DEVICE_REQUEST pasid 0x12, flags 0x41 = GN,PE"
jq_is '.events[5] | [.address, .address_kind, .vmg_tag, .flags_rmp] | map(tostring) | join(" ")' \
	"0x0000000000123000 gpa 1 0x0002" "ir: RMP_PAGE_FAULT gpa, vmg_tag, flags_rmp"
jq_is '.events[6] | [.address_kind, .device] | join(" ")' "spa 0000:00:03.0" "ir: RMP_HW_ERROR spa"

on qemu73-stock show events
rc_is 0 "stock: show events exits 0"
is "$(cell 5.000100 TYPE)" COMMAND_HARDWARE_ERROR "stock: table COMMAND_HARDWARE_ERROR"
is "$(cell 5.000100 DEVICE)" - "stock: COMMAND_HARDWARE_ERROR names no device"
is "$(cell 5.000000 FLAGS)" "0x0004 (US)" "stock: PAGE_TAB_HARDWARE_ERROR flags 0x4 = US"
is "$(cell 5.000200 FLAGS)" "0x0100 (TR)" "stock: DEV_TAB_HARDWARE_ERROR flags 0x100 = TR"
on qemu73-stock -j show events
jq_is '.events[3] | [.type, .tag, .pasid, (.flag_names | join(","))] | map(tostring) | join(" ")' \
	"INVALID_PPR_REQUEST 5 1 GN,PR" "stock: INVALID_PPR_REQUEST tag 5, flags 0x11 = GN,PR"
jq_is '.unavailable | length' 0 "stock: nothing unavailable"

on noamd show events
rc_is 4 "noamd: no kernel log file -> exit 4"

done_testing
