#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The record view (show devices -v), cut names and line widths of tables,
# on epyc2s (tests/fixtures/gen-fixtures.py).  Every expected value is
# worked out from the fixture's raw files (named in the comments) with
# the layout of drivers/iommu/amd/amd_iommu_types.h and
# include/uapi/linux/pci_regs.h; nothing is copied from program output.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

E=epyc2s
T=$FIXTURES/$E
unset COLUMNS LC_ALL LC_CTYPE
LANG=C.UTF-8
export LANG

# The lines of the record of $1 in $out (header line to the blank line).
record_of() {
	printf '%s\n' "$out" | awk -v b="$1" '
		index($0, b "  ") == 1 { on = 1 } on && $0 == "" { exit } on { print }'
}
# The value of "Key: value" in the record text on stdin.
field() {
	awk -v k="$1" 'index($0, "\t" k ": ") == 1 { print substr($0, length(k) + 4); exit }'
}
# A little-endian 16-bit word of a config space file, and the offset of
# extended capability $2 (walked from 0x100: ID 15:0, next 31:20).
cfg16() {
	set -- $(od -An -tx1 -j "$2" -N2 "$1")
	echo $((0x$2$1))
}
ext_cap() {
	_o=256
	while [ "$_o" -ne 0 ]; do
		_id=$(cfg16 "$1" "$_o")
		[ "$_id" -eq "$2" ] && { echo "$_o"; return; }
		_o=$(($(cfg16 "$1" $((_o + 2))) >> 4))
	done
	echo 0
}

# ---- show devices -v: one record checked field by field ----------------------
B=0001:02:00.0
D=$T/sys/bus/pci/devices/$B
CFG=$T/sys/devices/pci0001:00/$B/config
# the raw row: "0001:02:00.0 <q3> <q2> <q1> <q0> iommu2" (highest first)
row=$(grep "^$B " "$T/sys/kernel/debug/iommu/amd/devtbl")
is "$row" "$B 0000000000000000 2040000200059013 000018010000004b 61d0000000000003 iommu2" \
	"fixture: the devtbl row the expectations below are worked out from"
grp=$(basename "$(readlink "$D/iommu_group")")
members=$(ls "$T/sys/kernel/iommu_groups/$grp/devices" | tr '\n' ' ' | sed 's/ $//')
pasid=$(ext_cap "$CFG" 27) ats=$(ext_cap "$CFG" 15) pri=$(ext_cap "$CFG" 19)
ok "fixture: $B has PASID, ATS and PRI capabilities" \
	'[ "$pasid" -ne 0 ] && [ "$ats" -ne 0 ] && [ "$pri" -ne 0 ]'
pcap=$(cfg16 "$CFG" $((pasid + 4))) pctl=$(cfg16 "$CFG" $((pasid + 6)))
actl=$(cfg16 "$CFG" $((ats + 6))) rctl=$(cfg16 "$CFG" $((pri + 4)))
yn() { [ "$1" -ne 0 ] && echo enabled || echo disabled; }

on $E -v show devices $B
rc_is 0 "-v show devices $B exits 0"
rec=$(record_of $B)
# header: BDF, two blanks, the whole name (pci.ids 144d:a80a, not cut at 32)
is "$(printf '%s\n' "$rec" | head -1)" \
	"$B  Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO" \
	"-v: header line is the BDF and the full name"
is "$(printf '%s\n' "$rec" | field ID)" "$(cut -c3- "$D/vendor"):$(cut -c3- "$D/device")" "-v: ID from vendor/device"
is "$(printf '%s\n' "$rec" | field Class)" "$(cat "$D/class")" "-v: class from the class file"
is "$(printf '%s\n' "$rec" | field Driver)" "$(basename "$(readlink "$D/driver")")" "-v: driver link"
is "$(printf '%s\n' "$rec" | field IOMMU)" "$(basename "$(readlink "$D/iommu")")" "-v: iommu link (ivhdN)"
is "$(printf '%s\n' "$rec" | field 'IOMMU group')" "$grp ($(cat "$T/sys/kernel/iommu_groups/$grp/type"))" \
	"-v: group number and type"
is "$(printf '%s\n' "$rec" | field 'Group members')" "$members" "-v: group members"
# PASID cap (PCI_PASID_CAP +4): bit 1 exec, bit 2 priv, 12:8 max width;
# control +6 bit 0 enable.  ATS control +6 bit 15; PRI control +4 bit 0.
is "$(printf '%s\n' "$rec" | field PASID)" \
	"supported, $(yn $((pctl & 1))); $(((pcap >> 8) & 31))-bit PASIDs$([ $((pcap & 2)) -ne 0 ] && echo ', exec')$([ $((pcap & 4)) -ne 0 ] && echo ', priv')" \
	"-v: PASID from config space"
is "$(printf '%s\n' "$rec" | field ATS)" "supported, $(yn $((actl & 0x8000)))" "-v: ATS from config space"
is "$(printf '%s\n' "$rec" | field PRI)" "supported, $(yn $((rctl & 1)))" "-v: PRI from config space"
# q0 0x61d0000000000003: V (0) = 1, TV (1) = 1, Mode 11:9 = 0, host PT
# root 51:12 = 0; 0x61 -> IW 62, IR 61, GLX 57:56 = 1; 0xd0 -> GV 55,
# GIoV 54, PPR 52: GV=1 GIoV=1 Mode=0 is the v2 class
is "$(printf '%s\n' "$rec" | field 'DTE class')" "v2" "-v: DTE class v2"
is "$(printf '%s\n' "$rec" | field 'DTE valid')" "V=1 TV=1" "-v: V, TV"
is "$(printf '%s\n' "$rec" | field 'DTE Mode')" "0" "-v: Mode 0"
is "$(printf '%s\n' "$rec" | field 'Host page table root')" "0x0000000000000000" "-v: host PT root"
is "$(printf '%s\n' "$rec" | field 'GV')" "yes" "-v: GV"
is "$(printf '%s\n' "$rec" | field 'GLX')" "1" "-v: GLX"
is "$(printf '%s\n' "$rec" | field 'DMA permissions')" "IR=1 IW=1" "-v: IR/IW"
is "$(printf '%s\n' "$rec" | field 'PPR')" "yes" "-v: PPR"
is "$(printf '%s\n' "$rec" | field 'HAD')" "0" "-v: HAD 8:7 = 0"
# q1 0x000018010000004b: DomainID 15:0 = 0x4b = 75, I (32) = 1,
# GCR3 31:15 from q1[31:16] = 0, 51:31 from q1[63:43] = 0x1801 >> 11 = 3
is "$(printf '%s\n' "$rec" | field 'DomainID')" "75" "-v: DomainID"
is "$(printf '%s\n' "$rec" | field 'IOTLB')" "yes" "-v: I (IOTLB)"
is "$(printf '%s\n' "$rec" | field 'GCR3 root')" "0x0000000180000000" "-v: GCR3 root 3 << 31"
# q2 0x2040000200059013: IV (0) = 1, IntTabLen 4:1 = (0x13 >> 1) & 15 = 9:
# 2^9 = 512 entries (DTE_IRQ_TABLE_LEN 9 << 1); IRT root 51:6 =
# 0x200059000; GuestPagingMode 55:54: q2 bits 55:48 = 0x40 -> 1 -> 5 levels
is "$(printf '%s\n' "$rec" | field 'IRT entries')" "512 (2^IntTabLen, IntTabLen 9)" "-v: IRT length in entries"
is "$(printf '%s\n' "$rec" | field 'IRT root')" "0x0000000200059000" "-v: IRT root"
is "$(printf '%s\n' "$rec" | field 'Guest paging')" "1" "-v: guest paging mode"
is "$(printf '%s\n' "$rec" | field 'Page table levels')" "5" "-v: 5 levels (GPM 1)"
# the raw qwords as show dte prints them: qword 0 first
is "$(printf '%s\n' "$rec" | field 'DTE raw (qword 0 first)')" \
	"$(echo "$row" | awk '{ printf "0x%s 0x%s 0x%s 0x%s", $5, $4, $3, $2 }')" "-v: raw qwords"

# a group of several functions: 0000:00:18.1 is in group 16 with 15 others
on $E -v show devices 0000:00:18.1
grp=$(basename "$(readlink "$T/sys/bus/pci/devices/0000:00:18.1/iommu_group")")
is "$(record_of 0000:00:18.1 | field 'Group members')" \
	"$(ls "$T/sys/kernel/iommu_groups/$grp/devices" | tr '\n' ' ' | sed 's/ $//')" \
	"-v: every member of a multi-function group"

# records are separated by one blank line; the IOMMU's own function
# (0000:00:00.2, no DTE) has no DTE lines
on $E -v show devices 0000:00:00.0 0000:00:00.2
is "$(printf '%s\n' "$out" | grep -c '^$')" 1 "-v: one blank line between two records"
is "$(printf '%s\n' "$out" | grep -c '^0000:00:00\.[02]  ')" 2 "-v: two header lines"
is "$(record_of 0000:00:00.2 | grep -c 'DTE')" 0 "-v: no DTE lines for a function without one"

# ---- JSON does not change with -v ---------------------------------------------
for c in "show devices" "show groups" "show domains" "show devices $B"; do
	# shellcheck disable=SC2086
	on $E -j $c
	a=$out
	# shellcheck disable=SC2086
	on $E -v -j $c
	is "$out" "$a" "-j and -v -j give the same bytes: $c"
done

# ---- cut names end in an ellipsis ---------------------------------------------
N="Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO"
on $E show devices 0000:02:00.0
is "$(printf '%s\n' "$out" | table_cell 0000:02:00.0 NAME)" "$N" \
	"no width limit (not a terminal, no COLUMNS): the whole name"
export COLUMNS=100
on $E show devices 0000:02:00.0
# the table is wider than 100 with any name: NAME gives way to its
# minimum, 16 columns: 15 characters and U+2026 (13 and "..." in C)
is "$(printf '%s\n' "$out" | table_cell 0000:02:00.0 NAME)" "Samsung Electro…" \
	"COLUMNS=100: the name is cut and ends in an ellipsis (UTF-8 locale)"
LC_ALL=C
export LC_ALL
on $E show devices 0000:02:00.0
is "$(printf '%s\n' "$out" | table_cell 0000:02:00.0 NAME)" "Samsung Elect..." \
	"COLUMNS=100, LC_ALL=C: the cut ends in three dots"
unset LC_ALL
on $E -v show devices 0000:02:00.0
is "$(printf '%s\n' "$out" | head -1)" "0000:02:00.0  $N" "COLUMNS=100: -v still has the whole name"
unset COLUMNS

# ---- show groups / show domains fit the line -----------------------------------
width() { printf '%s\n' "$1" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }
g16=$(ls "$T/sys/kernel/iommu_groups/16/devices" | tr '\n' ' ' | sed 's/ $//')
on $E show groups
rc_is 0 "show groups exits 0"
ok "show groups: rows <= 100 columns when stdout is no terminal (was 230)" '[ "$(width "$out")" -le 100 ]'
like "$(printf '%s\n' "$out" | head -1)" "^GROUP +TYPE +DEVICES +REMARK$" "show groups: REMARK header"
like "$out" "^16 +DMA +0000:00:18\.0 .* several devices" "show groups: group 16's remark on its first line"
# the members of group 16: its line and the continuation lines (blank
# GROUP column) up to the next group
is "$(printf '%s\n' "$out" | awk '/^16 / { on = 1 } on && /^[0-9]/ && !/^16 / { exit }
	on { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9a-f]+:[0-9a-f]+:[0-9a-f]+\.[0-7]$/) printf "%s%s", n++ ? " " : "", $i }')" \
	"$g16" "show groups: group 16's members on wrapped lines, in order"
export COLUMNS=80
on $E show groups
ok "show groups: COLUMNS=80 -> rows <= 80" '[ "$(width "$out")" -le 80 ]'
like "$out" "^16 +DMA +0000:00:18\.0 .* several" "show groups: COLUMNS=80, remark still on the first line"
unset COLUMNS
on $E show domains
rc_is 0 "show domains exits 0"
ok "show domains: rows <= 100 columns" '[ "$(width "$out")" -le 100 ]'
like "$(printf '%s\n' "$out" | head -1)" "^IOMMU +DOMID +CLASS +DEVICES +REMARK$" "show domains: REMARK header"

done_testing
