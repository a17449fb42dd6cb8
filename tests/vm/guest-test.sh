#!/bin/sh
# Runs inside the test VM (busybox sh) as root: collects amdiommuctl output
# and the raw kernel data it must agree with into $1.  It judges nothing:
# tests/vm/run.sh checks the files on the host.
# Layout of $OUT:
#   bdfs.txt                        PCI functions (from /sys/bus/pci/devices)
#   cmd/NAME.out .err .rc           one amdiommuctl run each
#   raw/devtbl-BDF.txt .rc          echo BDF > devid; cat devtbl
#   ivrs.bin                        /sys/firmware/acpi/tables/IVRS
OUT=$1 CFG=$2
CTL=/usr/bin/amdiommuctl
T="timeout 60"   # one hung command must not cost the whole boot's results
DBG=/sys/kernel/debug/iommu/amd
mkdir -p $OUT/cmd $OUT/raw $OUT/sys
cd /

# run NAME ARGS...: amdiommuctl ARGS > cmd/NAME.out, stderr, exit code
run() {
	n=$1; shift
	$T $CTL "$@" > $OUT/cmd/$n.out 2> $OUT/cmd/$n.err
	echo $? > $OUT/cmd/$n.rc
}
# raw_dte BDF [SUFFIX]: the DTE as debugfs shows it
raw_dte() {
	f=$OUT/raw/devtbl-$1$2
	if echo "$1" > $DBG/devid 2> $f.err; then
		cat $DBG/devtbl > $f.txt 2>> $f.err
		echo $? > $f.rc
	else
		echo 99 > $f.rc   # the devid write itself failed
	fi
}

cat /proc/cmdline > $OUT/sys/cmdline.txt
grep -m1 '^flags' /proc/cpuinfo > $OUT/sys/cpuflags.txt
uname -a > $OUT/sys/uname.txt
cp /sys/firmware/acpi/tables/IVRS $OUT/ivrs.bin
cat /sys/class/iommu/*/amd-iommu/features > $OUT/sys/features.txt 2>&1
ls /sys/bus/pci/devices > $OUT/bdfs.txt
for d in /sys/kernel/iommu_groups/*; do
	echo "${d##*/} $(cat $d/type) $(ls $d/devices | tr '\n' ' ')"
done > $OUT/sys/groups.txt 2>&1
[ -x $CTL ] || { echo "no $CTL in the initramfs" > $OUT/NO-AMDIOMMUCTL; }

# --- raw DTEs first (nothing else writes devid now) ---
for b in $(cat $OUT/bdfs.txt); do raw_dte $b; done

# --- JSON and table forms ---
run status-json -j status
run status-pretty -j -p status
run iommus-json -j show iommus
run devices-json -j show devices
run groups-json -j show groups
run domains-json -j show domains
run status-text status
run iommus-text show iommus
run devices-text show devices
run groups-text show groups
run domains-text show domains
run verbose-status -v status
for b in $(cat $OUT/bdfs.txt); do
	run dte-json-$b -j show dte $b
	run dte-text-$b show dte $b
done
run devices-json-sel -j show devices 0000:00:02.0 0000:00:04.0

# --- snapshot: capture now, then every command live and replayed ---
run snapshot-capture snapshot -o /tmp/host.snap
run snapshot-info -j snapshot --info /tmp/host.snap
for c in status:"status" iommus:"show iommus" devices:"show devices" groups:"show groups" \
	 domains:"show domains" dte:"show dte 0000:00:02.0" irt:"show irt 0000:00:1f.2" \
	 cmdbuf:"show cmdbuf" events:"show events"; do
	run "replay-live-${c%%:*}-json" -j ${c#*:}
	run "replay-snap-${c%%:*}-json" -j --snapshot /tmp/host.snap ${c#*:}
	run "replay-live-${c%%:*}-text" ${c#*:}
	run "replay-snap-${c%%:*}-text" --snapshot /tmp/host.snap ${c#*:}
done
ls -l /tmp/host.snap > $OUT/cmd/snapshot-size.txt 2>&1

# --- the IOMMU's own function: the devid write gives ENODEV ---
run iommu-self-dte -j show dte 0000:00:01.0
echo 0000:00:01.0 > $DBG/devid 2> $OUT/raw/iommu-self-devid.err
echo $? > $OUT/raw/iommu-self-devid.rc

# --- usage error ---
run usage-bad-cmd frobnicate

# --- concurrency: 4 parallel runs vs the serial run above ---
for i in 1 2 3 4; do
	( $T $CTL -j show devices > $OUT/cmd/conc-$i.out 2> $OUT/cmd/conc-$i.err; echo $? > $OUT/cmd/conc-$i.rc ) &
done
wait

# --- contention: a background writer keeps changing devid ---
( while :; do echo 0000:00:02.0 > $DBG/devid; echo 0000:00:1f.2 > $DBG/devid; done ) 2>/dev/null &
writer=$!
for i in 1 2 3 4 5; do
	run contend-$i -j show devices
	run contend-dte-$i -j show dte 0000:00:04.0
done
kill $writer; wait $writer 2>/dev/null

# --- non-root (nobody) ---
$T /usr/bin/runas 65534 65534 $CTL -j show devices > $OUT/cmd/nonroot-devices.out 2> $OUT/cmd/nonroot-devices.err
echo $? > $OUT/cmd/nonroot-devices.rc
$T /usr/bin/runas 65534 65534 $CTL -j status > $OUT/cmd/nonroot-status.out 2> $OUT/cmd/nonroot-status.err
echo $? > $OUT/cmd/nonroot-status.rc
/usr/bin/runas 65534 65534 id > $OUT/cmd/nonroot-id.out 2>&1

# --- group type switch to identity (00:03.0 is in group 2, no driver) ---
case "$CFG" in
stock-default|full-default)
	g=$(basename "$(readlink /sys/bus/pci/devices/0000:00:03.0/iommu_group)")
	echo "$g" > $OUT/sys/identity-group.txt
	if echo identity > /sys/kernel/iommu_groups/$g/type 2> $OUT/sys/identity-switch.err; then
		echo 0 > $OUT/sys/identity-switch.rc
	else
		echo 1 > $OUT/sys/identity-switch.rc
	fi
	cat /sys/kernel/iommu_groups/$g/type > $OUT/sys/identity-type.txt
	raw_dte 0000:00:03.0 -identity
	run identity-dte -j show dte 0000:00:03.0
	run identity-devices -j show devices
	run identity-groups -j show groups
	run identity-status -j status
	;;
esac
# --- monitor --timeout 1 ends by itself; /proc/uptime times it (10 ms) ---
t0=$(cut -d' ' -f1 /proc/uptime)
$T $CTL -j monitor --timeout 1 > $OUT/cmd/monitor-timeout.out 2> $OUT/cmd/monitor-timeout.err
echo $? > $OUT/cmd/monitor-timeout.rc
echo "$t0 $(cut -d' ' -f1 /proc/uptime)" > $OUT/cmd/monitor-timeout.uptime
# --- monitor: uevents of binding 00:04.0 to vfio-pci and back ---
$CTL -j monitor --timeout 20 --count 40 > $OUT/cmd/monitor.out 2> $OUT/cmd/monitor.err &
mon=$!
sleep 1
echo vfio-pci > /sys/bus/pci/devices/0000:00:04.0/driver_override
echo 0000:00:04.0 > /sys/bus/pci/drivers_probe
sleep 1
echo 0000:00:04.0 > /sys/bus/pci/drivers/vfio-pci/unbind
echo > /sys/bus/pci/devices/0000:00:04.0/driver_override
sleep 1
kill -INT $mon
wait $mon
echo $? > $OUT/cmd/monitor.rc
# --- alloc: iommufd domains on 00:02.0 (the identity switch above used 00:03.0) ---
AMDIOMMUCTL=$CTL timeout 300 sh /guest-alloc.sh "$OUT" "$CFG" > $OUT/alloc-log.txt 2>&1
echo done > $OUT/COMPLETE
