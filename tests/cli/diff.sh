#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# amdiommuctl diff A B: snapshots, trees and exit codes (0 the same, 1
# different, 2 trouble, 3 the same as far as both sides could be read).
#
# The expected changes are worked out from the trees' raw files:
#   DTE (devtbl rows print QWORD[3] first): q0 Mode 11:9, GV 55 (a GCR3
#   table); q1 DomainID 15:0; q2 GuestPagingMode 55:54 (0 -> 4 levels,
#   1 -> 5).  Class v1: GV 0 and Mode 1..6 (Mode levels); v2: GV 1, Mode 0.
#   EFR from sysfs features ("EFR:EFR2"), control from debugfs mmio 0x18,
#   the command line from proc/cmdline, group types from iommu_groups/N/type.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

t=$_t_tmp/d
mkdir "$t" || exit 99
S=$FIXTURES/qemu73-stock
V=$FIXTURES/qemu73-v2

# "bdf class levels gcr3 domain_id" of every row of a devtbl
dtes() {
	grep '^[0-9a-f]\{4\}:' "$1/sys/kernel/debug/iommu/amd/devtbl" |
	while read -r bdf q3 q2 q1 q0 rest; do
		mode=$(( (0x$q0 >> 9) & 7 )) gv=$(( (0x$q0 >> 55) & 1 ))
		if [ $gv = 1 ] && [ $mode = 0 ]; then
			echo "$bdf v2 $(( ((0x$q2 >> 54) & 3) + 4 )) yes $(( 0x$q1 & 0xffff ))"
		else
			echo "$bdf v1 $mode no $(( 0x$q1 & 0xffff ))"
		fi
	done
}
# the changes of the last -j run as "scope object field a b counted" lines
changes() {
	jqo '.diff.changes[] | [.scope, (.iommu // .group // .bdf // "-"), .field, .a // "-", .b // "-",
		(if .counted then "counted" else "not-counted" end)] | map(tostring) | join(" ")'
}

# ---- a snapshot and itself; a tree and itself ------------------------------
run --root "$S" snapshot -o "$t/stock.snap"
rc_is 0 "snapshot of qemu73-stock"
run diff "$t/stock.snap" "$t/stock.snap"
rc_is 0 "a snapshot and itself: exit 0"
is "$out" "no differences" "a snapshot and itself: no differences"
run -j diff "$t/stock.snap" "$t/stock.snap"
rc_is 0 "-j: a snapshot and itself: exit 0"
jq_is '[.schema_version > 0, .diff.differences, .diff.not_counted, (.diff.changes | length), .unavailable] | tostring' \
	'[true,0,0,0,[]]' "-j: no change, nothing unavailable"
run diff "$S" "$t/stock.snap"
rc_is 0 "a tree and its snapshot: exit 0"

# ---- qemu73-stock -> qemu73-v2: amd_iommu=pgtbl_v2 and an EFR with GT/GIoSup --
run -j diff "$S" "$V"
rc_is 1 "stock -> v2: exit 1 (different)"
{
	echo "host - cmdline - amd_iommu=pgtbl_v2 counted"
	echo "iommu ivhd0 efr 0x$(printf '%016x' 0x$(cut -d: -f1 "$S/sys/class/iommu/ivhd0/amd-iommu/features")) 0x$(printf '%016x' 0x$(cut -d: -f1 "$V/sys/class/iommu/ivhd0/amd-iommu/features")) counted"
	echo "iommu ivhd0 control $(sed -n 's/^Offset:0x18 Value:\(.*\)$/\1/p' "$S/sys/kernel/debug/iommu/amd/iommu00/mmio") $(sed -n 's/^Offset:0x18 Value:\(.*\)$/\1/p' "$V/sys/kernel/debug/iommu/amd/iommu00/mmio") counted"
	# devices with a DTE in both trees and a PCI function (00:14.0 is an IOAPIC id)
	dtes "$S" >"$t/s.dte"
	dtes "$V" >"$t/v.dte"
	join "$t/s.dte" "$t/v.dte" | while read -r b c1 l1 g1 d1 c2 l2 g2 d2; do
		[ -e "$S/sys/bus/pci/devices/$b" ] || continue
		[ "$c1" = "$c2" ] || echo "device $b dte_class $c1 $c2 counted"
		[ "$l1" = "$l2" ] || echo "device $b levels $l1 $l2 counted"
		[ "$g1" = "$g2" ] || echo "device $b gcr3 $g1 $g2 counted"
		[ "$d1" = "$d2" ] || echo "device $b domain_id $d1 $d2 not-counted"
	done
} >"$t/want"
ok "stock -> v2: the raw files differ in 7 DTEs" "[ \$(grep -c dte_class '$t/want') = 7 ]"
is "$(changes)" "$(cat "$t/want")" "stock -> v2: exactly the command line, EFR, control and V1 -> V2 of every device"
jq_is '[.diff.differences, .diff.not_counted] | tostring' \
	"[$(grep -c ' counted$' "$t/want"),$(grep -c 'not-counted$' "$t/want")]" \
	"stock -> v2: counted and not counted"

# ---- the table ---------------------------------------------------------------
run diff "$S" "$V"
rc_is 1 "table: exit 1"
is "$(printf '%s\n' "$out" | head -1 | tr -s ' ')" "SCOPE OBJECT FIELD A B NOTE" "table: header"
is "$(cell device FIELD)" "dte_class" "table: the first device row is its class"
like "$out" "0000:00:02\.0 +domain_id +3 +5 +not counted" "table: a DomainID change is marked not counted"
is "$(printf '%s\n' "$out" | tail -1)" \
	"$(grep -c ' counted$' "$t/want") differences; $(grep -c 'not-counted$' "$t/want") DomainID changes not counted (--domain-ids counts them)" \
	"table: the summary line"

# ---- a group type switched to identity -----------------------------------------
run -j diff "$S" "$FIXTURES/qemu73-identity"
rc_is 1 "stock -> identity: exit 1"
g=$(basename "$(readlink "$S/sys/bus/pci/devices/0000:00:03.0/iommu_group")")
is "$(changes)" "group $g type $(cat "$S/sys/kernel/iommu_groups/$g/type") $(cat "$FIXTURES/qemu73-identity/sys/kernel/iommu_groups/$g/type") counted
device 0000:00:03.0 dte_class v1 identity counted
device 0000:00:03.0 levels 3 - counted
device 0000:00:03.0 domain_id $(grep '^0000:00:03.0' "$t/s.dte" | cut -d' ' -f5) $(( 0x$(awk '$1 == "0000:00:03.0" { print $4 }' "$FIXTURES/qemu73-identity/sys/kernel/debug/iommu/amd/devtbl") & 0xffff )) not-counted" \
	"stock -> identity: 00:03.0's group is identity, its DTE too, no levels"

# ---- DomainIDs only: listed, counted only with --domain-ids ----------------------
cp -a "$S" "$t/renum" || exit 99
# 00:02.0: DomainID 3 -> 0x42 in q1
sed -i 's/^\(0000:00:02\.0 [0-9a-f]* [0-9a-f]* 000000000000\)0003/\10042/' \
	"$t/renum/sys/kernel/debug/iommu/amd/devtbl"
ok "renumbered copy: 00:02.0 has DomainID 0x42" \
	"grep -q '^0000:00:02.0 [0-9a-f]* [0-9a-f]* 0000000000000042 ' '$t/renum/sys/kernel/debug/iommu/amd/devtbl'"
run diff "$S" "$t/renum"
rc_is 0 "DomainID only: exit 0"
like "$out" "no differences; 1 DomainID change not counted" "DomainID only: shown, not counted"
run -j diff --domain-ids "$S" "$t/renum"
rc_is 1 "--domain-ids: exit 1"
is "$(changes)" "device 0000:00:02.0 domain_id 3 66 counted" "--domain-ids: the change counts"

# ---- partial: a side without the device table --------------------------------
cp -a "$S" "$t/nodtb" || exit 99
rm "$t/nodtb/sys/kernel/debug/iommu/amd/devtbl"
run -j diff "$S" "$t/nodtb"
rc_is 3 "no devtbl on one side: exit 3 (the same as far as it could be read)"
jq_is '[.diff.differences, .diff.not_compared] | tostring' "[0,$(for d in "$S"/sys/bus/pci/devices/*; do [ -L "$d/iommu" ] && echo; done | wc -l)]" \
	"no devtbl: nothing different, every translated device not compared"
jq_is '[.unavailable[].source | startswith("b: ")] | all' true "no devtbl: unavailable names side b"
run diff "$t/nodtb" "$V"
rc_is 1 "no devtbl and differences: exit 1"
like "$err" "^amdiommuctl: a: /sys/kernel/debug/iommu/amd/devtbl" "no devtbl: stderr names side a"

# ---- trouble: exit 2 ----------------------------------------------------------------
run diff "$t/stock.snap"
rc_is 2 "one side: exit 2"
run diff "$t/stock.snap" "$t/none.snap"
rc_is 2 "a missing side: exit 2"
like "$err" "none.snap" "a missing side: named"
printf 'amdiommuctl-snapshot 1\ngarbage\n' >"$t/bad.snap"
run -j diff "$t/bad.snap" "$t/stock.snap"
rc_is 2 "a damaged snapshot: exit 2"
jq_is '.error.exit_code' 2 "a damaged snapshot: the JSON error says 2"
run --root "$S" diff "$t/stock.snap" live
rc_is 2 "--root: exit 2"
run diff --bogus "$S" "$S"
rc_is 2 "an unknown option: exit 2"
# the live host against itself: nothing changes in between (any host)
run diff live live
ok "live against live: exit 0 or 3 (no AMD IOMMU, not root), never a difference ($rc)" \
	"[ $rc = 0 ] || [ $rc = 3 ]"

done_testing
