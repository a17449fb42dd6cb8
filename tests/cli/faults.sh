#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fault matrix (amdiommuctl(8), DIAGNOSTICS): every file the program
# reads, broken one way at a time in a copy of a committed tree made at test
# time.  Each row checks the exit code, a bounded stderr naming the file and
# the errno, and the JSON error object or `unavailable` entry; every run is
# also checked for a crash, a hang (timeout) or a sanitizer report by
# lib.sh's run, and one check at the end shows that no command writes into
# a --root tree.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# a hang fails the row instead of hanging `make check`
TMO=10
[ -n "${AMDIOMMUCTL_WRAPPER:-}" ] && TMO=120
# the trees live outside lib.sh's private (0700) directory so that an
# unprivileged user can read them
W=$(mktemp -d "${TMPDIR:-/tmp}/amdiommuctl-faults.XXXXXX") || exit 99
chmod 755 "$W"
trap 'rm -rf "$_t_tmp" "$W"' EXIT
T=$W/tree

NOBODY=
if command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$W" 2>/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$AMDIOMMUCTL" 2>/dev/null; then
	NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

D=sys/devices/pci0000:00/0000:00:02.0
C=sys/devices/pci0000:00/0000:00:01.0/iommu/ivhd0/amd-iommu
A=sys/kernel/debug/iommu/amd

# fresh TREE [BASE]: a writable copy of a committed fixture tree
fresh() {
	rm -rf "$T"
	cp -a "$FIXTURES/${1:-qemu73-stock}" "$T" || exit 99
	chmod -R a+rX "$T"
}

# break KIND FILE: one fault at FILE (relative to the tree)
break_file() {
	_p=$T/$2
	case $1 in
	empty) : >"$_p" ;;
	trunc) # cut mid-line: half the file plus one byte
		head -c $(($(wc -c <"$_p") / 2 + 1)) "$_p" >"$_p.cut" && mv "$_p.cut" "$_p" ;;
	huge) # sparse: past every read limit (64 KiB lines, 4 KiB config, 64 MiB tables)
		rm -f "$_p" && truncate -s 65M "$_p" ;;
	nul) printf '0x1\000\001\002\n' >"$_p" ;;
	utf8) printf '\377\376 \300\200\n' >"$_p" ;;
	longline) # text, within the limit, but one very long line
		head -c 60000 /dev/zero | tr '\0' 7 >"$_p" && echo >>"$_p" ;;
	dir) rm -rf "$_p" && mkdir "$_p" ;;
	fifo) rm -rf "$_p" && mkfifo "$_p" ;;
	missing) rm -rf "$_p" ;;
	dangling) rm -rf "$_p" && ln -s ../no/such/target "$_p" ;;
	loop) rm -rf "$_p" && ln -s "$(basename "$_p")" "$_p" ;;
	unreadable) chmod 000 "$_p" ;;
	*) echo "Bail out! unknown fault $1"; exit 99 ;;
	esac
}

# frun [nobody] ARGS...: run on the tree under the timeout (lib.sh's run:
# a hang, crash or sanitizer report is a failed check)
frun() {
	_t_pre="timeout $TMO"
	if [ "$1" = nobody ]; then
		_t_pre="$NOBODY $_t_pre"
		shift
	fi
	run --root "$T" "$@"
	_t_pre=
}

# row NAME RC SOURCE ERRNO MAXLINES [nobody] -- CMD...
#   RC: the exit code (table and JSON mode); SOURCE: the path the
#   message must name (an ERE); ERRNO: the errno name in the message and
#   in the JSON error or `unavailable` entry; MAXLINES: the most stderr
#   lines allowed.  The fault is already in $T.  Seven checks: no crash,
#   hang or sanitizer report is checked by lib.sh's run at every run; one
#   JSON object is implied by the last check (jq reads it); the tree is
#   never written in --root mode (the host layer's write is ro_write,
#   -EROFS), which one check at the end covers for every command.
row() {
	_n=$1 _rc=$2 _src=$3 _en=$4 _max=$5
	shift 5
	_who=
	if [ "$1" = nobody ]; then
		_who=nobody
		shift
	fi
	[ "$1" = -- ] && shift
	frun $_who "$@"
	rc_is "$_rc" "$_n: exit $_rc"
	_lines=$(printf '%s' "$err" | grep -c '^')
	ok "$_n: stderr has 1..$_max lines ($_lines)" "[ $_lines -ge 1 ] && [ $_lines -le $_max ]"
	like "$err" "^amdiommuctl: " "$_n: stderr lines start with amdiommuctl:"
	like "$err" "$_src" "$_n: stderr names $_src"
	like "$err" "$_en" "$_n: stderr names $_en"
	frun $_who -j "$@"
	rc_is "$_rc" "$_n: -j exits $_rc"
	is "$(jqo --arg s "$_src" --arg e "$_en" '
		if .error then [.error.errno, (.error.exit_code | tostring),
				 (.error.message | test($s))] | map(tostring) | join(" ")
		else ([.unavailable[] | select((.source | test($s)) and .errno == $e)] | length > 0
		      | if . then "\($e) \('"$_rc"') true" else "no entry" end) end')" \
		"$_en $_rc true" "$_n: -j error object or unavailable entry names $_src, $_en"
}

# one fault per row; the table below is amdiommuctl(8) DIAGNOSTICS
# matrix FILE CMD... : the content faults on a one-line attribute
line_faults() {
	_f=$1 _what=$2
	shift 2
	for _k in empty:ENODATA trunc:EPROTO huge:EFBIG nul:EILSEQ utf8:EILSEQ \
		dir:EISDIR fifo:EMEDIUMTYPE missing:ENOENT; do
		fresh
		break_file "${_k%%:*}" "$_f"
		row "$_what ${_k%%:*}" 3 "$_what" "${_k#*:}" 2 -- "$@"
	done
}

# ---- sysfs one-line attributes (exit 3, one unavailable entry) -----------------
line_faults "$C/cap" /sys/class/iommu/ivhd0/amd-iommu/cap show iommus
line_faults "$C/features" /sys/class/iommu/ivhd0/amd-iommu/features show iommus
line_faults "$D/vendor" /sys/bus/pci/devices/0000:00:02.0/vendor show devices
line_faults "$D/class" /sys/bus/pci/devices/0000:00:02.0/class show devices
line_faults sys/kernel/iommu_groups/1/type /sys/kernel/iommu_groups/1/type show groups
line_faults proc/cmdline /proc/cmdline status
# well-formed text that is not what the kernel prints
fresh; break_file longline "$C/cap"
row "cap long line" 3 /sys/class/iommu/ivhd0/amd-iommu/cap EINVAL 1 -- show iommus
fresh; break_file longline "$D/device"
row "device long line" 3 /sys/bus/pci/devices/0000:00:02.0/device EINVAL 1 -- show devices
fresh; break_file longline "$C/features"
row "features long line" 3 /sys/class/iommu/ivhd0/amd-iommu/features EINVAL 1 -- show iommus
# an empty vendor once read past the string in the table renderer
fresh; printf '\n' >"$T/$D/vendor"
row "vendor blank line" 3 /sys/bus/pci/devices/0000:00:02.0/vendor EINVAL 1 -- show devices
frun show devices
is "$(cell 0000:00:02.0 ID)" "-" "vendor blank line: table ID column is -"

# ---- config space --------------------------------------------------------------
CF=/sys/bus/pci/devices/0000:00:02.0/config
for k in empty:ENODATA trunc:EPROTO huge:EFBIG dir:EISDIR fifo:EMEDIUMTYPE missing:ENOENT; do
	fresh
	break_file "${k%%:*}" "$D/config"
	row "config ${k%%:*}" 3 "$CF" "${k#*:}" 1 -- show devices
	jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.pasid, .vendor_id] | map(tostring) | join(" ")' \
		"null 0x8086" "config ${k%%:*}: PASID unknown, the rest still read"
done

# ---- links -----------------------------------------------------------------------
for l in iommu iommu_group driver; do
	for k in dangling:ENOLINK loop:ELOOP; do
		fresh
		break_file "${k%%:*}" "$D/$l"
		row "$l link ${k%%:*}" 3 "/sys/bus/pci/devices/0000:00:02.0/$l" "${k#*:}" 1 -- show devices
		jq_is ".devices[] | select(.bdf == \"0000:00:02.0\") | .$l" null "$l link ${k%%:*}: $l is null"
	done
done
# a loop once read as group 0 (atoi of the link name)
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | .group' 1 "driver link loop: group still read"
fresh; break_file loop "$D/iommu_group"
frun -j show devices
jq_is '.devices[] | select(.bdf == "0000:00:02.0") | [.group, .group_type, .dte.class] | map(tostring) | join(" ")' \
	"null null v1" "iommu_group loop: no group 0 made up; DTE still read"
# missing links are not faults: an unbound device, no IOMMU, no group
for l in iommu iommu_group; do
	fresh
	break_file missing "$D/$l"
	frun -j show devices
	rc_is 0 "$l link missing: exit 0"
	jq_is ".devices[] | select(.bdf == \"0000:00:02.0\") | .$l" null "$l link missing: $l is null"
done
fresh; break_file dangling sys/class/iommu/ivhd0
row "ivhd0 link dangling" 3 /sys/class/iommu/ivhd0/amd-iommu/features ENOENT 2 -- show iommus
fresh; break_file loop sys/class/iommu/ivhd0
row "ivhd0 link loop" 3 /sys/class/iommu/ivhd0/ ELOOP 3 -- show iommus

# ---- debugfs ---------------------------------------------------------------------
for k in empty:ENODATA trunc:EPROTO huge:EFBIG dir:EISDIR fifo:EMEDIUMTYPE; do
	fresh
	break_file "${k%%:*}" "$A/devtbl"
	row "devtbl ${k%%:*}" 3 /sys/kernel/debug/iommu/amd/devtbl "${k#*:}" 7 -- show devices
	row "devtbl ${k%%:*}, show dte" 1 "devtbl|device table" "${k#*:}" 1 -- show dte 00:02.0
done
fresh; break_file nul "$A/devtbl"
row "devtbl garbage" 3 /sys/kernel/debug/iommu/amd/devtbl EINVAL 7 -- show devices
fresh; break_file missing "$A/devtbl"
row "devtbl missing" 4 "device table" ENOENT 1 -- show dte 00:02.0
# --root never writes: devid is not read, so no fault there matters
fresh; break_file fifo "$A/devid"
frun -j show dte 00:02.0
rc_is 0 "devid FIFO: --root never touches the selector (exit 0)"

for k in empty:ENODATA trunc:EPROTO nul:EINVAL dir:EISDIR fifo:EMEDIUMTYPE missing:ENOENT; do
	fresh
	break_file "${k%%:*}" "$A/iommu00/mmio"
	row "mmio ${k%%:*}" 3 /sys/kernel/debug/iommu/amd/iommu00/mmio "${k#*:}" 1 -- show iommus
done

IR=/sys/kernel/debug/iommu/amd/irqtbl
for k in empty:ENODATA:1 trunc:EPROTO:1 nul:EINVAL:1 dir:EISDIR:1 fifo:EMEDIUMTYPE:1 missing:ENOENT:4; do
	fresh qemu73-ir
	f=${k%%:*} rest=${k#*:}
	break_file "$f" "$A/irqtbl"
	row "irqtbl $f" "${rest#*:}" "$IR" "${rest%%:*}" 1 -- show irt 00:02.0
done

CB=/sys/kernel/debug/iommu/amd/iommu00/cmdbuf
for k in empty:EINVAL trunc:EINVAL nul:EINVAL dir:EISDIR fifo:EMEDIUMTYPE missing:ENOENT; do
	fresh
	break_file "${k%%:*}" "$A/iommu00/cmdbuf"
	row "cmdbuf ${k%%:*}" 3 "$CB" "${k#*:}" 1 -- show cmdbuf
done
fresh; break_file dir "$A/iommu00/cmdbuf"
row "cmdbuf dir, show iommus" 3 "$CB" EISDIR 1 -- show iommus

# ---- /dev/kmsg ----------------------------------------------------------------------
for k in trunc:EINVAL:3 nul:EINVAL:3 utf8:EINVAL:3 huge:EFBIG:1 dir:EISDIR:1 fifo:EMEDIUMTYPE:1 missing:ENOENT:4; do
	fresh qemu73-ir
	f=${k%%:*} rest=${k#*:}
	break_file "$f" dev/kmsg
	row "kmsg $f" "${rest#*:}" /dev/kmsg "${rest%%:*}" 1 -- show events
done
# a message with raw bytes is dropped, so the JSON stays valid UTF-8
fresh qemu73-ir
printf '3,900,9000000,-;iommu ivhd0: AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:02.0 domain=0x0003 address=0x1000 flags=0x0020] \377\n' >>"$T/dev/kmsg"
frun -j show events
rc_is 3 "kmsg raw byte: exit 3"
ok "kmsg raw byte: output is valid UTF-8" "iconv -f UTF-8 -t UTF-8 '$_t_tmp/out' >/dev/null 2>&1"
jq_is '[.events[] | select(.address == "0x1000")] | length' 0 "kmsg raw byte: the record is skipped"
fresh; : >"$T/dev/kmsg"
frun show events
rc_is 0 "kmsg empty: exit 0 (an empty log has no events)"
is "$out" "no AMD-Vi events in the kernel log" "kmsg empty: says so"

# ---- environment rows ------------------------------------------------------------------
fresh; rm -rf "$T/sys/kernel/debug"
row "debugfs absent" 3 /sys/kernel/debug/iommu/amd/devtbl ENOENT 1 -- show devices
row "debugfs absent, show dte" 4 "device table" ENOENT 1 -- show dte 00:02.0
row "debugfs absent, show cmdbuf" 4 cmdbuf ENOENT 1 -- show cmdbuf
for mode in integrity confidentiality; do
	fresh
	mkdir -p "$T/sys/kernel/security"
	case $mode in
	integrity) echo "none [integrity] confidentiality" ;;
	*) echo "none integrity [confidentiality]" ;;
	esac >"$T/sys/kernel/security/lockdown"
	row "lockdown $mode" 3 /sys/kernel/debug/iommu/amd/devtbl EPERM 1 -- show devices
	row "lockdown $mode, show dte" 4 "device table" EPERM 1 -- show dte 00:02.0
	frun -j status
	jq_is '[.lockdown, .debugfs.error] | join(" ")' "$mode EPERM" "lockdown $mode: status says so"
done
fresh; rm -f "$T/dev/iommu"
frun -j status
rc_is 0 "/dev/iommu absent: status exits 0"
jq_is '[.iommufd.value, ([.reasons[] | select(.topic == "iommufd")] | length)] | map(tostring) | join(" ")' \
	"false 1" "/dev/iommu absent: iommufd false, with a reason"
frun alloc --device 00:02.0
rc_is 2 "alloc on a tree: exit 2 (needs the live kernel)"

# ---- --root never writes ---------------------------------------------------------------
# every command that reads a tree, on one copy (a fault in it too): nothing
# in the tree changes (names, links, contents, modes; diff cannot compare
# FIFOs, so none here)
fresh qemu73-ir
break_file dir "$A/iommu00/cmdbuf"
cp -a "$T" "$W/orig"
for c in status "show devices" "show iommus" "show groups" "show domains" "show dte 00:02.0" \
	"show irt 00:14.0" "show cmdbuf" "show events" "snapshot -o $W/snap"; do
	# shellcheck disable=SC2086
	frun $c
	# shellcheck disable=SC2086
	frun -j $c
done
ok "--root: no command wrote into the tree" "diff -r --no-dereference '$W/orig' '$T' >/dev/null && \
	[ \"\$(cd '$W/orig' && find . -printf '%m %p\n' | LC_ALL=C sort)\" = \"\$(cd '$T' && find . -printf '%m %p\n' | LC_ALL=C sort)\" ]"
rm -rf "$W/orig"

# ---- not root: EACCES ---------------------------------------------------------------------
if [ -z "$NOBODY" ] && [ "${CI:-}" = true ]; then
	_t_result 1 "prerequisite: root and setpriv for the EACCES rows (CI=true: a missing prerequisite is a failure)"
elif [ -z "$NOBODY" ]; then
	echo "ok $((_t_n + 1)) # SKIP not root, or setpriv missing: no EACCES rows"
	_t_n=$((_t_n + 1))
else
	fresh; chmod 700 "$T/sys/kernel/debug"
	row "debugfs not root" 3 /sys/kernel/debug/iommu/amd/devtbl EACCES 1 nobody -- show devices
	row "debugfs not root, show dte" 4 "device table" EACCES 1 nobody -- show dte 00:02.0
	for f in "$C/cap|/sys/class/iommu/ivhd0/amd-iommu/cap|show iommus" \
		"$C/features|/sys/class/iommu/ivhd0/amd-iommu/features|show iommus" \
		"$D/vendor|/sys/bus/pci/devices/0000:00:02.0/vendor|show devices" \
		"$D/config|/sys/bus/pci/devices/0000:00:02.0/config|show devices" \
		"sys/kernel/iommu_groups/1/type|/sys/kernel/iommu_groups/1/type|show groups" \
		"$A/iommu00/mmio|/sys/kernel/debug/iommu/amd/iommu00/mmio|show iommus" \
		"$A/iommu00/cmdbuf|/sys/kernel/debug/iommu/amd/iommu00/cmdbuf|show cmdbuf" \
		"proc/cmdline|/proc/cmdline|status"; do
		file=${f%%|*} rest=${f#*|}
		fresh
		break_file unreadable "$file"
		# shellcheck disable=SC2086
		row "${rest%%|*} unreadable" 3 "${rest%%|*}" EACCES 1 nobody -- ${rest#*|}
	done
	fresh; break_file unreadable "$A/devtbl"
	row "devtbl unreadable, show dte" 4 "device table" EACCES 1 nobody -- show dte 00:02.0
	fresh qemu73-ir; break_file unreadable "$A/irqtbl"
	row "irqtbl unreadable" 4 "$IR" EACCES 1 nobody -- show irt 00:02.0
	fresh; break_file unreadable dev/kmsg
	row "kmsg unreadable" 4 /dev/kmsg EACCES 1 nobody -- show events
fi

done_testing
