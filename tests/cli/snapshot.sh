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

for T in qemu73-stock qemu73-v2 qemu73-ir epyc2s noamd nodebugfs lockdown; do
	on "$T" snapshot -o "$S.$T"
	rc_is 0 "$T: snapshot -o exits 0"
	like "$out" "^wrote .*: [0-9]+ records, [0-9]+ bytes$" "$T: snapshot says what it wrote"
	ok "$T: snapshot file starts with the magic" "head -n 1 '$S.$T' | grep -qx 'amdiommuctl-snapshot 1'"

	on "$T" -j show devices
	bdfs="$(jqo '[.devices[].bdf] | .[0:3] | join(" ")') 0000:7f:1f.7"
	set -- "status" "show iommus" "show devices" "show groups" "show domains" \
		"show devices --iommu ivhd0" "show cmdbuf" "show events"
	for b in $bdfs 0000:00:14.0; do
		set -- "$@" "show dte $b" "show irt $b"
	done
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
			if cmp -s "$_t_tmp/a" "$_t_tmp/b"; then
				_t_result 0 "$T: '$fmt $c' replays exactly"
			else
				_t_result 1 "$T: '$fmt $c' replays exactly" "$(diff "$_t_tmp/a" "$_t_tmp/b" | head -10)"
			fi
		done
	done
done

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
run --snapshot "$S.qemu73-stock" alloc --device 0000:00:02.0 --dry-run
ok "alloc under --snapshot does not crash" "[ $rc -lt 128 ] && [ $rc != 99 ]"

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
