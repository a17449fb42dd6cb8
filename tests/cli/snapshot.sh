#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# snapshot / --snapshot FILE: a capture of each fixture tree replays every
# status and show command exactly (output and exit code, table and JSON);
# --info; the size target; damaged files are refused with exit 1.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

S=$_t_tmp/snap

# run ARGS and keep "exit code + stdout + stderr" in $1's file
capture_run() {
	_f=$1
	shift
	run "$@"
	{ echo "rc=$rc"; printf '%s\n' "$out"; printf '%s\n' "$err"; } >"$_f"
}

# The commands come from the binary (`-j help`): each one it says is
# replayed runs on the capture, so a command the snapshot does not
# record fails here.  "NAME<TAB>ARGS" per line.
run -j help
replayed=$(jqo '.commands[] | select(.replayed) | "\(.name)\t\(.args)"')
ok "help -j lists replayed commands" "[ -n \"\$replayed\" ] && [ \"\$replayed\" != '<jq error>' ]"
for must in status "show devices" "show dte" "show irt"; do
	ok "help -j: '$must' is replayed" "printf '%s\\n' \"\$replayed\" | cut -f1 | grep -qx '$must'"
done

for T in qemu73-stock qemu73-v2 qemu73-ir epyc2s noamd nodebugfs lockdown boundary; do
	# exit 3 when the capture lacks something (issue 12 #13): the tree has
	# no dev/kmsg, or no readable AMD debugfs (nodebugfs: absent,
	# lockdown: the lockdown file says integrity)
	want=0
	[ -e "$FIXTURES/$T/dev/kmsg" ] || want=3
	case $T in nodebugfs | lockdown) want=3 ;; esac
	on "$T" snapshot -o "$S.$T"
	rc_is "$want" "$T: snapshot -o exits $want"
	like "$out" "^wrote .*: [0-9]+ records, [0-9]+ bytes$" "$T: snapshot says what it wrote"
	ok "$T: snapshot file starts with the magic" "head -n 1 '$S.$T' | grep -qx 'amdiommuctl-snapshot 1'"

	on "$T" -j show devices
	bdfs="$(jqo '[.devices[].bdf] | .[0:3] | join(" ")') 0000:7f:1f.7"
	# a command whose argument is a BDF runs once per BDF, the others
	# without arguments ([...] is optional)
	set -- "show devices --iommu ivhd0"
	tab=$(printf '\t')
	while IFS=$tab read -r name args; do
		case $args in
		BDF) for b in $bdfs 0000:00:14.0; do set -- "$@" "$name $b"; done ;;
		"" | \[*\]) set -- "$@" "$name" ;;
		*) _t_result 1 "$T: '$name $args': the test knows no value for these arguments" ;;
		esac
	done <<EOF
$replayed
EOF
	for c in "$@"; do
		for fmt in table -j -v; do
			# verbose only changes the tables of status and show devices
			case "$fmt $c" in
			"-v status" | "-v show devices" | "-v show cmdbuf") ;;
			-v*) continue ;;
			table*) fmt= ;;
			esac
			# shellcheck disable=SC2086
			capture_run "$_t_tmp/a" --root "$FIXTURES/$T" $fmt $c
			# shellcheck disable=SC2086
			capture_run "$_t_tmp/b" --snapshot "$S.$T" $fmt $c
			# metrics times its own collection: the one value a replay changes
			sed -i 's/^\(amdiommuctl_collect_duration_seconds\) [0-9.e+-]*$/\1 T/' \
				"$_t_tmp/a" "$_t_tmp/b"
			if cmp -s "$_t_tmp/a" "$_t_tmp/b"; then
				_t_result 0 "$T: '$fmt $c' replays exactly"
			else
				_t_result 1 "$T: '$fmt $c' replays exactly" "$(diff "$_t_tmp/a" "$_t_tmp/b" | head -10)"
			fi
		done
	done
done

# ---- replayed values, derived by hand ------------------------------------------
# Equality with the live run above cannot see a decoder that is wrong on
# both sides: these are the values the raw words give (derivations as in
# qemu73.sh, epyc.sh and decode.sh; macros from amd_iommu_types.h).
replay() { # replay TREE ARGS...: run on the snapshot of TREE
	_r=$1
	shift
	run --snapshot "$S.$_r" "$@"
}
# qemu73-stock 00:02.0: q0 0x60000000003a1603 -> Mode (DTE_MODE_MASK 11:9)
#   (0x603 >> 9) & 7 = 3, DTE_HOST_TRP 0x3a1000, DTE_FLAG_IR/IW (61, 62) set;
#   q1 3 -> DTE_DOMID_MASK 3
replay qemu73-stock -j show dte 00:02.0
rc_is 0 "replay stock: show dte exits 0"
jq_is '.dte | [.class, .mode, .levels, .host_pt_root, .domain_id, .ir, .iw, .gv] | map(tostring) | join(" ")' \
	"v1 3 3 0x00000000003a1000 3 true true false" "replay stock: show dte 00:02.0 decoded"
replay qemu73-stock show dte 00:02.0
is "$(record 'host PT root') $(record DomainID)" "0x00000000003a1000 3" "replay stock: show dte table"
# status: a DMA-group device's DTE is v1 with 3 levels; IO-APIC without IR-
replay qemu73-stock -j status
jq_is '[.default_pgtable.value, .default_pgtable.levels, .default_pgtable.source, .interrupt_remapping.value] | map(tostring) | join(" ")' \
	"v1 3 dte false" "replay stock: status default pgtable and IR"
# cmdbuf slot 269 "000000fa 20000000 ...": opcode word1 31:28 = 2
#   (CMD_INV_DEV_ENTRY), devid word0 15:0 = 0xfa = 00:1f.2
replay qemu73-stock -j show cmdbuf
jq_is '.commands[] | select(.slot == 269) | [.command, .device] | join(" ")' \
	"INVALIDATE_DEVTAB_ENTRY 0000:00:1f.2" "replay stock: cmdbuf slot 269"
# features 29d3:0 -> HATS (0x29d3 >> 10) & 3 = 2 -> 6 levels
replay qemu73-stock -j show iommus
jq_is '.iommus[0] | [.efr, .host_levels, (.efr_features | join(","))] | map(tostring) | join(" ")' \
	"0x00000000000029d3 6 PreFSup,PPRSup,GTSup,IASup,GASup,HESup" "replay stock: show iommus EFR"
# qemu73-v2 00:1f.3: q0 0x6cc0000000000003 GV GIoV Mode 0, q0[60:58] 3 ->
#   0x3000; q1 0x7f000d: 0x7f << 15 = 0x3f8000 -> 0x3fb000, DomainID 13;
#   q2 DTE_GPT_LEVEL_MASK 1 -> 5 levels
replay qemu73-v2 -j show dte 00:1f.3
jq_is '.dte | [.class, .levels, .gcr3_root, .domain_id] | map(tostring) | join(" ")' \
	"v2 5 0x00000000003fb000 13" "replay v2: show dte 00:1f.3 decoded"
# qemu73-ir 00:14.0 IRT[0004] 0000000000000022 0000000000000101: vector hi
#   7:0 = 0x22, destination lo 31:8 = 1
replay qemu73-ir -j show irt 00:14.0
jq_is '.irt[] | select(.entry == 4) | [.vector, .destination] | map(tostring) | join(" ")' "34 1" \
	"replay ir: IRT[4] vector 0x22, destination 1"
replay qemu73-ir -j show events
jq_is '[(.events | length), .events[0].type, .events[0].domain_id] | map(tostring) | join(" ")' \
	"7 IO_PAGE_FAULT 7" "replay ir: 7 events, the first an IO_PAGE_FAULT of domain 7"
# epyc2s GPU 0002:81:00.0: q0 0x6000000100080983 -> HAD (0x983 >> 7) & 3 = 3,
#   Mode (0x983 >> 9) & 7 = 4, root 0x100080000; q1 0x88 -> DomainID 136
replay epyc2s -j show dte 0002:81:00.0
jq_is '.dte | [.class, .mode, .had, .host_pt_root, .domain_id] | map(tostring) | join(" ")' \
	"v1 4 3 0x0000000100080000 136" "replay epyc: GPU DTE decoded"
replay epyc2s -j show devices
jq_is '[(.devices | length), ([.devices[] | select(.dte == null)] | length)] | map(tostring) | join(" ")' \
	"210 8" "replay epyc: 210 functions, the 8 IOMMU functions without a DTE"
# boundary 0000:00:03.0 (derivation in boundary.sh): q0 6a80000000000003 GV
#   without GIoV, GLX 2; GCR3 2 << 12 | 0x1234 << 15 | 0x100001 << 31
replay boundary -j show dte 00:03.0
jq_is '.dte | [.class, .glx, .gcr3_root, .domain_id] | map(tostring) | join(" ")' \
	"identity 2 0x00080000891a2000 255" "replay boundary: GV-only DTE decoded"
# IRT[0005] a508123456789041 ...: ga_root_ptr (51:12) 0x8123456789
replay boundary -j show irt 00:02.0
jq_is '.irt[] | select(.entry == 5) | .ga_root' 0x0008123456789000 "replay boundary: vAPIC root with bit 51"
replay boundary -j status
jq_is '.interrupt_remapping.value' true "replay boundary: IR from IR-PCI-MSI alone"
replay noamd -j status
rc_is 4 "replay noamd: status exits 4"
jq_is '[.amd_iommu, .ivrs] | map(tostring) | join(" ")' "false false" "replay noamd: no AMD IOMMU, no IVRS"
replay nodebugfs -j status
rc_is 3 "replay nodebugfs: status exits 3"
jq_is '[.default_pgtable.value, .default_pgtable.source, .debugfs.error] | join(" ")' "v1 cmdline+efr ENOENT" \
	"replay nodebugfs: pgtable predicted, debugfs ENOENT"
replay lockdown -j show dte 00:02.0
rc_is 4 "replay lockdown: show dte exits 4"
jq_is '.error.errno' EPERM "replay lockdown: show dte EPERM"

# ---- --info ---------------------------------------------------------------
run snapshot --info "$S.epyc2s"
rc_is 0 "--info exits 0"
is "$(record kernel)" "7.3.4" "--info: kernel release"
like "$(record created)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' "--info: capture time (UTC)"
like "$(record hostname)" '.' "--info: host name"
is "$(record format)" "amdiommuctl-snapshot 1" "--info: format version"
run -j snapshot --info "$S.epyc2s"
json_valid "--info -j prints JSON"
jq_is '[.snapshot.format_version, .snapshot.kernel] | join(" ")' "1 7.3.4" "--info -j: version and kernel"
jq_is '.snapshot.bytes' "$(wc -c <"$S.epyc2s" | tr -d ' ')" "--info -j: size"

# ---- size: 2 MB per 1000 functions -----------------------------------------
bytes=$(wc -c <"$S.epyc2s" | tr -d ' ')
nfn=$(ls "$FIXTURES/epyc2s/sys/bus/pci/devices" | wc -l | tr -d ' ')
echo "# epyc2s: $nfn functions, $bytes bytes, $((bytes / nfn)) bytes/function"
ok "epyc2s: under 2 MB per 1000 functions ($bytes bytes for $nfn)" "[ $bytes -le $((nfn * 2097)) ]"

# ---- capture variants ------------------------------------------------------
on qemu73-stock -j snapshot -o "$S.j"
rc_is 0 "snapshot -j -o exits 0"
jq_is '.snapshot.records > 0' true "snapshot -j reports the record count"
on qemu73-stock snapshot
cp "$_t_tmp/out" "$S.stdout"
ok "snapshot without -o writes standard output" \
	"[ \"\$(grep -av '^created: ' '$S.stdout')\" = \"\$(grep -av '^created: ' '$S.qemu73-stock')\" ]"
run --snapshot "$S.qemu73-stock" snapshot -o "$S.again"
rc_is 0 "a snapshot can be re-captured from a snapshot"
capture_run "$_t_tmp/a" --snapshot "$S.qemu73-stock" -j status
capture_run "$_t_tmp/b" --snapshot "$S.again" -j status
ok "the re-capture replays the same status" "cmp -s '$_t_tmp/a' '$_t_tmp/b'"
on qemu73-stock snapshot -o "$_t_tmp/no/such/dir/f"
rc_is 1 "unwritable output: exit 1"
run --root "$FIXTURES/qemu73-stock" --snapshot "$S.qemu73-stock" status
rc_is 2 "--root with --snapshot: usage error"
on qemu73-stock snapshot extra
rc_is 2 "snapshot takes no arguments"
# alloc allocates iommufd objects: like --root (cmd-alloc.c, exit 2 "alloc
# needs a live kernel ... (--root)") and like monitor under --snapshot, a
# replayed file must be refused as a usage error, not searched for a device
# (0000:00:02.0 is in the snapshot, so "no such PCI device" is wrong too)
run --snapshot "$S.qemu73-stock" alloc --device 0000:00:02.0
rc_is 2 "alloc under --snapshot: usage error (exit 2), as with --root"
like "$err" "^amdiommuctl: alloc needs a live kernel.*--snapshot" "alloc under --snapshot: says it needs a live kernel"

# ---- damaged files -----------------------------------------------------------
G=$S.qemu73-stock
size=$(wc -c <"$G" | tr -d ' ')
: >"$_t_tmp/bad.empty"
sed '1s/.*/amdiommuctl-snapshop 1/' "$G" >"$_t_tmp/bad.magic"
sed '1s/.*/amdiommuctl-snapshot 2/' "$G" >"$_t_tmp/bad.version"
for n in 10 23 60 100 200 1000 $((size / 2)) $((size - 5)) $((size - 1)); do
	head -c "$n" "$G" >"$_t_tmp/bad.trunc$n"
done
sed 's|^F [0-9]* \([0-9]*\) 0 /proc/sys/kernel/osrelease$|F 99999999 \1 0 /proc/sys/kernel/osrelease|' "$G" >"$_t_tmp/bad.len"
sed 's|^F [0-9]* \([0-9]*\) 0 /proc/sys/kernel/osrelease$|F 6000 \1 0 /proc/sys/kernel/osrelease|' "$G" >"$_t_tmp/bad.len2"
sed 's|^\(F [0-9]* [0-9]* 0\) /proc/cmdline$|\1 /sys/../proc/cmdline|' "$G" >"$_t_tmp/bad.dotdot"
sed 's|^\(F [0-9]* [0-9]* 0\) /proc/cmdline$|\1 proc/cmdline|' "$G" >"$_t_tmp/bad.relpath"
sed 's/^records: .*/records: 99999999999999999999/' "$G" >"$_t_tmp/bad.count"
sed 's/^records: .*/records: 5/' "$G" >"$_t_tmp/bad.fewer"
sed 's/^records: \([0-9]*\)/records: 1\1/' "$G" >"$_t_tmp/bad.more"
sed 's|^F \([0-9]*\) [0-9]* 0 /proc/cmdline$|F \1 0 0 /proc/cmdline|' "$G" >"$_t_tmp/bad.full"
sed 's|^F \([0-9]*\) \([0-9]*\) 0 /proc/cmdline$|Q \1 \2 0 /proc/cmdline|' "$G" >"$_t_tmp/bad.kind"
{ cat "$G"; echo junk; } >"$_t_tmp/bad.trailing"
{ head -n 7 "$G"; printf 'F 3 3 0 /a\0b\nabc\nend\n'; } | sed '6s/.*/records: 1/' >"$_t_tmp/bad.nul"
{ head -n 7 "$G" | sed 's/^records: .*/records: 2/'; printf 'X 0 0 0 /a\n\nX 0 0 0 /a\n\nend\n'; } >"$_t_tmp/bad.dup"
{ head -n 7 "$G" | sed 's/^records: .*/records: 1/'; printf 'r 0 0 0 /a\n\nend\n'; } >"$_t_tmp/bad.errno"
printf 'amdiommuctl-snapshot 1\nrecords: 1\n\nF 18446744073709551617 1 0 /x\n' >"$_t_tmp/bad.huge"
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000\001\000\000\000\360\024\000\000\000\000\000\000@\000\000\000\000\000\000\000\377\376\375\n\n\n\000\033[2J%%s%%n' >"$_t_tmp/bad.garbage"
head -c 3000 "$srcdir/tests/fixtures/epyc2s/sys/bus/pci/devices/0000:00:00.0/config" >"$_t_tmp/bad.binary" 2>/dev/null ||
	printf '\001\002\003' >"$_t_tmp/bad.binary"
for f in "$_t_tmp"/bad.*; do
	name=${f##*/bad.}
	run --snapshot "$f" status
	rc_is 1 "damaged file ($name): exit 1"
	is "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1 "damaged file ($name): one line on stderr"
	like "$err" "^amdiommuctl: --snapshot .*: " "damaged file ($name): the message names the option and file"
	run snapshot --info "$f"
	rc_is 1 "damaged file ($name): --info exits 1"
done
run --snapshot "$_t_tmp/absent" status
rc_is 1 "missing file: exit 1"
like "$err" "No such file" "missing file: says so"
run -j --snapshot "$_t_tmp/bad.magic" status
jq_is '.error.exit_code' 1 "damaged file with -j: JSON error object"

done_testing
