#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line as people and scripts use it: issue 12's defects, one
# block per defect number (#N in each comment).  Expected values come from
# the fixture trees (sysfs links, the debugfs devtbl/irqtbl/cmdbuf text),
# never from the program's output.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

E=$FIXTURES/epyc2s
N=$FIXTURES/noamd
DBG=sys/kernel/debug/iommu/amd

# the DomainID of BDF in TREE's devtbl: QWORD[1] bits 15:0 (column 4)
devtbl_domid() {
	q1=$(awk -v b="$2" '$1 == b { print $4 }' "$1/$DBG/devtbl")
	echo $((0x$q1 & 0xffff))
}
nlines() { [ -z "$1" ] && echo 0 || printf '%s\n' "$1" | wc -l | tr -d ' '; }

# ---- #1 options after operands, global options after the command, -- -------
vendor=$(cat "$E/sys/bus/pci/devices/0001:02:00.0/vendor")
on epyc2s show devices 0001:02:00.0 -j
rc_is 0 "#1: show devices BDF -j: exit 0"
json_valid "#1: show devices BDF -j: -j after the operand gives JSON"
jq_is '[.devices[].bdf] | join(" ")' 0001:02:00.0 "#1: show devices BDF -j: just that device"
jq_is '.devices[0].vendor_id' "$vendor" "#1: show devices BDF -j: vendor as in sysfs ($vendor)"

domid=$(devtbl_domid "$E" 0000:00:02.0)
on epyc2s show dte 0000:00:02.0 -j
rc_is 0 "#1: show dte BDF -j: exit 0"
jq_is '.dte.domain_id' "$domid" "#1: show dte BDF -j: DomainID of the devtbl row ($domid)"
run show dte 0000:00:02.0 -j --root "$E"
rc_is 0 "#1: --root after the command and its operand: exit 0"
jq_is '.dte.domain_id' "$domid" "#1: --root after the operand reads that tree"
run show --root "$E" dte 0000:00:02.0 -j
rc_is 0 "#1: --root between 'show' and its object: exit 0"
jq_is '.bdf' 0000:00:02.0 "#1: --root between 'show' and its object: the same document"
run show -j --root "$E" -- dte 0000:00:02.0
rc_is 0 "#1: 'show -j --root T -- dte BDF': exit 0"
on epyc2s show dte -- -j
rc_is 2 "#1: 'show dte -- -j': -- ends the options, -j is an operand (exit 2)"
like "$err" "'-j' is not a PCI address" "#1: 'show dte -- -j' names '-j' as a bad address"

# ---- #2 command targets carry their IOMMU's segment -------------------------
# ivhd6 is the IOMMU function the class device links to: its segment
seg=$(basename "$(readlink "$E/sys/class/iommu/ivhd6/device")" | cut -c1-4)
on epyc2s -j show cmdbuf ivhd6
rc_is 0 "#2: show cmdbuf ivhd6: exit 0"
jq_is '[.commands[] | select(.device)] | length > 0' true "#2: ivhd6's buffer has device commands"
jq_is '[.commands[].device // empty | .[0:4]] | unique | join(" ")' "$seg" \
	"#2: every ivhd6 device target is on segment $seg (its IOMMU's segment)"

# ---- #3 --root/--snapshot: empty, the wrong kind, given twice: exit 2 ------
run --root "" status
rc_is 2 "#3: --root '': exit 2"
like "$err" "empty" "#3: --root '': says it is empty"
# a plain file (the dist tarball has no tests/fixtures/README.md: make one)
printf 'not a tree\n' > "$_t_tmp/plainfile"
run --root "$_t_tmp/plainfile" status
rc_is 2 "#3: --root FILE: exit 2"
like "$err" "not a directory" "#3: --root FILE: not a directory"
run --root "$E" --root "$N" status
rc_is 2 "#3: --root A --root B: exit 2"
like "$err" "given twice" "#3: --root twice: says so"
run --root "$E" status --root "$N"
rc_is 2 "#3: --root before and after the command: exit 2"
run --snapshot "" status
rc_is 2 "#3: --snapshot '': exit 2"
run --snapshot "$E" status
rc_is 2 "#3: --snapshot DIR: exit 2 (a tree goes to --root)"
like "$err" "--root" "#3: --snapshot DIR: points to --root"
run --snapshot a --snapshot b status
rc_is 2 "#3: --snapshot A --snapshot B: exit 2"

# ---- #4 numeric BDF order; show domains by DomainID ------------------------
# fixed-width lowercase hex: byte order (LC_ALL=C) is numeric order
want=$(ls "$N/sys/bus/pci/devices" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
on noamd -j show devices
jq_is '[.devices[].bdf] | join(" ")' "$want" "#4: noamd show devices: numeric BDF order"
jq_is '[.devices[].bdf] | index("0000:00:14.0") < index("0000:00:1f.0")' true \
	"#4: noamd show devices: 00:14.0 before 00:1f.0"
on noamd show devices
is "$(printf '%s\n' "$out" | awk 'NR > 1 { printf "%s%s", s, $1; s = " " }')" "$want" \
	"#4: noamd show devices table: numeric BDF order"
want=
for g in $(ls "$N/sys/kernel/iommu_groups" | sort -n); do
	want="$want${want:+;}$(ls "$N/sys/kernel/iommu_groups/$g/devices" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
done
on noamd -j show groups
jq_is '[.groups[] | .devices | join(" ")] | join(";")' "$want" \
	"#4: noamd show groups: groups by number, members in numeric BDF order"
for T in epyc2s qemu73-stock qemu73-v2; do
	on "$T" -j show domains
	jq_is '[.domains[].domain_id] | . == sort' true "#4: $T show domains: sorted by DomainID"
done

# ---- #5 each message names the real cause -----------------------------------
ok "#5: epyc2s has no 0000:00:15.0" "[ ! -e '$E/sys/bus/pci/devices/0000:00:15.0' ]"
on epyc2s show dte 0000:00:15.0
rc_is 1 "#5: show dte of a function that does not exist: exit 1"
is "$err" "amdiommuctl: 0000:00:15.0: no such PCI device" "#5: show dte: 'no such PCI device'"

# a device behind ivhd0 (its iommu link) whose devtbl row is missing
cp -a "$FIXTURES/qemu73-stock" "$_t_tmp/norow"
sed -i '/^0000:00:03\.0 /d' "$_t_tmp/norow/$DBG/devtbl"
iommu=$(basename "$(readlink "$_t_tmp/norow/sys/bus/pci/devices/0000:00:03.0/iommu")")
run --root "$_t_tmp/norow" show dte 0000:00:03.0
rc_is 1 "#5: show dte without a devtbl row: exit 1"
like "$err" "no device table entry.*$iommu" "#5: show dte without a devtbl row: says so and names $iommu"
run --root "$_t_tmp/norow" show devices 0000:00:03.0
rc_is 3 "#5: show devices without a devtbl row: exit 3 (partial)"
like "$err" "devtbl \(0000:00:03\.0\).*no device table entry" "#5: show devices: the missing row is named"
unlike "$err" "no IOMMU translates" "#5: show devices: not 'no IOMMU translates' for a device behind $iommu"

# epyc2s's irqtbl holds one section (00:00.0); 00:01.0 is behind ivhd0
ok "#5: epyc2s irqtbl has no section for 0000:00:01.0" \
	"! grep -q 'DeviceId 0000:00:01.0' '$E/$DBG/irqtbl'"
on epyc2s show irt 0000:00:01.0
like "$err" "no irqtbl section" "#5: show irt: the capture has no irqtbl section for it"
unlike "$err" "no IOMMU handles" "#5: show irt: not 'no IOMMU handles the device'"

names=$(ls "$E/sys/class/iommu" | grep '^ivhd' | sort -V | tr '\n' ',' | sed 's/,$//; s/,/, /g')
on epyc2s show cmdbuf ivhd9
rc_is 1 "#5: show cmdbuf ivhd9: exit 1"
is "$err" "amdiommuctl: ivhd9: no such IOMMU (there are $names)" "#5: show cmdbuf ivhd9: no such IOMMU, the names listed"
on epyc2s -j show cmdbuf ivhd9
jq_is '.error.exit_code' 1 "#5: show cmdbuf ivhd9 -j: the error object"

ok "#5: noamd has no ivhd class device" "! ls '$N/sys/class/iommu' | grep -q ivhd"
on noamd show dte 0000:00:14.0
rc_is 4 "#5: noamd show dte: exit 4"
like "$err" "no AMD IOMMU" "#5: noamd show dte: says there is no AMD IOMMU"
unlike "$err" "debugfs|DEBUGFS" "#5: noamd show dte: no debugfs advice"
for a in "" ivhd0; do
	on noamd show cmdbuf $a
	rc_is 4 "#5: noamd show cmdbuf $a: exit 4"
	like "$err" "no AMD IOMMU" "#5: noamd show cmdbuf $a: says there is no AMD IOMMU"
	unlike "$err" "debugfs|DEBUGFS" "#5: noamd show cmdbuf $a: no debugfs advice"
done

# ---- #6 unknown BDF: error; empty filter: nothing, exit 0 ------------------
on epyc2s show devices 0000:00:15.0
rc_is 1 "#6: show devices of a BDF that does not exist: exit 1"
is "$out" "" "#6: ... no table"
is "$err" "amdiommuctl: 0000:00:15.0: no such PCI device" "#6: ... one line, 'no such PCI device'"
ok "#6: epyc2s has no ivhd9 and no group 999" \
	"[ ! -e '$E/sys/class/iommu/ivhd9' ] && [ ! -e '$E/sys/kernel/iommu_groups/999' ]"
for f in "--iommu ivhd9" "--group 999"; do
	# shellcheck disable=SC2086
	on epyc2s show devices $f
	rc_is 0 "#6: show devices $f: exit 0"
	is "$out" "" "#6: show devices $f: no output"
	is "$(nlines "$err")" 1 "#6: show devices $f: one stderr line"
	like "$err" "matches" "#6: show devices $f: stderr says nothing matches"
	# shellcheck disable=SC2086
	on epyc2s -j show devices $f
	rc_is 0 "#6: -j show devices $f: exit 0"
	jq_is '.devices | length' 0 "#6: -j show devices $f: an empty list"
	is "$err" "" "#6: -j show devices $f: stderr quiet"
done
iommu=$(basename "$(readlink "$E/sys/bus/pci/devices/0000:00:02.0/iommu")")
ok "#6: 0000:00:02.0 is not behind ivhd2 ($iommu)" "[ '$iommu' != ivhd2 ]"
on epyc2s show devices --iommu ivhd2 0000:00:02.0
rc_is 0 "#6: a device excluded by --iommu: exit 0"
unlike "$err" "no such PCI device" "#6: a device excluded by a filter is not 'no such PCI device'"

# ---- #7 alloc: /dev/iommu first (exit 4, CONFIG_IOMMUFD) ------------------
cp -a "$FIXTURES/qemu73-stock" "$_t_tmp/nofd"
rm -f "$_t_tmp/nofd/dev/iommu"
run --root "$_t_tmp/nofd" alloc --device 0000:00:03.0 --bind-vfio --dry-run
rc_is 4 "#7: alloc without /dev/iommu: exit 4"
like "$err" "CONFIG_IOMMUFD" "#7: alloc without /dev/iommu: names CONFIG_IOMMUFD"
unlike "$err" "vfio-dev" "#7: alloc without /dev/iommu: not the cdev message"
run --root "$_t_tmp/nofd" alloc --device 0000:00:15.0 --bind-vfio --dry-run
rc_is 4 "#7: alloc without /dev/iommu, unknown device: /dev/iommu is checked first (exit 4)"
on qemu73-stock alloc --device 0000:00:15.0 --bind-vfio --dry-run
rc_is 1 "#7: alloc of a device that does not exist: exit 1"
is "$err" "amdiommuctl: 0000:00:15.0: no such PCI device" "#7: ... 'no such PCI device'"

# ---- #12 help for show, iommuNN, '-1:00.0', alloc under --root ------------
run -j help
objs=$(jqo '[.commands[].name | select(startswith("show ")) | ltrimstr("show ")] | join(" ")')
for h in "show --help" "show -h" "help show"; do
	# shellcheck disable=SC2086
	run $h
	rc_is 0 "#12: '$h': exit 0"
	miss=
	for o in $objs; do
		printf '%s\n' "$out" | grep -Eq "^  $o( |$)" || miss="$miss $o"
	done
	is "$miss" "" "#12: '$h' lists every show object ($objs)"
done
on epyc2s -j show cmdbuf ivhd6
a=$out
for n in iommu06 6; do
	on epyc2s -j show cmdbuf "$n"
	rc_is 0 "#12: show cmdbuf $n: exit 0"
	is "$out" "$a" "#12: show cmdbuf $n is show cmdbuf ivhd6"
done
on epyc2s show dte -1:00.0
rc_is 2 "#12: show dte -1:00.0: exit 2"
like "$err" "'-1:00\.0'" "#12: show dte -1:00.0 names '-1:00.0'"

# 0000:00:03.0 of qemu73-stock: no driver link, no vfio-pci driver directory
ok "#12: qemu73-stock 00:03.0 is unbound" "[ ! -e '$FIXTURES/qemu73-stock/sys/bus/pci/devices/0000:00:03.0/driver' ]"
on qemu73-stock alloc --device 0000:00:03.0 --bind-vfio --dry-run
rc_is 0 "#12: alloc --bind-vfio --dry-run under --root: exit 0"
like "$out" "^dry run: nothing is changed" "#12: ... prints the plan"
like "$out" "echo vfio-pci > /sys/bus/pci/devices/0000:00:03\.0/driver_override" "#12: ... sets driver_override"
like "$out" "leave 0000:00:03\.0 unbound, as it was" "#12: ... leaves it unbound as it was"
on qemu73-stock -j alloc --device 0000:00:03.0 --bind-vfio --dry-run
jq_is '[.device, .dry_run, .original_driver] | map(tostring) | join(" ")' "0000:00:03.0 true null" \
	"#12: alloc dry run -j: device, dry_run, no original driver"
jq_is '.unavailable | type' array "alloc -j: an 'unavailable' array like every command"
on qemu73-stock alloc --device 0000:00:03.0
rc_is 2 "#12: a real alloc under --root: exit 2"
like "$err" "drop --root" "#12: a real alloc under --root: says drop --root"
run --snapshot "$_t_tmp/none" alloc --device 0000:00:03.0 --bind-vfio --dry-run
rc_is 2 "#12: alloc under --snapshot: exit 2"
like "$err" "drop --snapshot" "#12: alloc under --snapshot: says drop --snapshot"
for src in "--root $E" ""; do
	# shellcheck disable=SC2086
	run $src alloc --device zz
	rc_is 2 "#12: alloc --device zz${src:+ under --root}: exit 2"
	is "$err" "amdiommuctl: 'zz' is not a PCI address: use SSSS:BB:DD.F or BB:DD.F" \
		"#12: alloc --device zz${src:+ under --root}: a bad address, before any live-kernel check"
done

# ---- #13 snapshot without debugfs / under lockdown: warn, exit 3 ------------
ok "#13: nodebugfs has no AMD debugfs" "[ ! -e '$FIXTURES/nodebugfs/$DBG/devtbl' ]"
ok "#13: lockdown is in integrity mode" "grep -q '\[integrity\]' '$FIXTURES/lockdown/sys/kernel/security/lockdown'"
for x in nodebugfs:ENOENT lockdown:EPERM; do
	T=${x%%:*} e=${x#*:}
	on "$T" snapshot -o "$_t_tmp/$T.snap"
	rc_is 3 "#13: $T snapshot: exit 3 (partial)"
	like "$out" "^wrote " "#13: $T snapshot: the file is written"
	like "$err" "devtbl: $e" "#13: $T snapshot: stderr says the devtbl ($e) is missing"
	like "$err" "irqtbl: $e: .*no device table entries and no interrupt remapping tables" \
		"#13: $T snapshot: stderr says DTEs and IRTs are missing"
	on "$T" -j snapshot -o "$_t_tmp/$T.j.snap"
	rc_is 3 "#13: $T snapshot -j: exit 3"
	json_valid "#13: $T snapshot -j: one JSON document"
	jq_is "[.unavailable[] | select(.errno == \"$e\") | .source | select(startswith(\"/sys/kernel/debug/\")) | split(\"/\") | last] | sort | join(\" \")" \
		"devtbl irqtbl" "#13: $T snapshot -j: unavailable lists devtbl and irqtbl"
	like "$err" "devtbl: $e" "#13: $T snapshot -j: the warnings are on stderr too"
done
on qemu73-stock snapshot -o "$_t_tmp/stock.snap"
rc_is 0 "#13: a complete capture (qemu73-stock): exit 0"
is "$err" "" "#13: a complete capture: stderr quiet"

done_testing
