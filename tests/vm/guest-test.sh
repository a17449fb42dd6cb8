#!/bin/sh
# Runs inside the test VM (busybox sh) as root: collects amdiommuctl output
# and the raw kernel data it must agree with into $1.  It judges nothing:
# tests/vm/run.sh checks the files on the host.
# Layout of $OUT:
#   bdfs.txt                        PCI functions (from /sys/bus/pci/devices)
#   cmd/NAME.out .err .rc           one amdiommuctl run each
#   raw/devtbl-BDF.txt .rc          echo BDF > devid; cat devtbl
#   ivrs.bin                        /sys/firmware/acpi/tables/IVRS
#   host.snap                       the snapshot (for diff between boots)
#   raw/kmsg.txt                    /dev/kmsg at the end
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

# --- check-*: a boot for `amdiommuctl check` alone (guest-check.sh) ---
case "$CFG" in
check-*)
	AMDIOMMUCTL=$CTL timeout 300 sh /guest-check.sh "$OUT" "$CFG" > $OUT/check-log.txt 2>&1
	echo done > $OUT/COMPLETE
	exit 0 ;;
esac

# --- raw DTEs first (nothing else writes devid now) ---
for b in $(cat $OUT/bdfs.txt); do raw_dte $b; done

# --- the IVRS table and what the kernel did with it (ivrs/) ---
sh /guest-ivrs.sh $OUT > $OUT/guest-ivrs.log 2>&1

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
cp /tmp/host.snap $OUT/host.snap
# metrics live and replayed, right after the capture (the ring pointers
# have not moved: nothing has sent the IOMMU a command since)
run replay-live-metrics metrics
run replay-snap-metrics --snapshot /tmp/host.snap metrics

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
# --- check: verdicts, replay, --probe (00:02.0 is unbound again) ---
AMDIOMMUCTL=$CTL timeout 300 sh /guest-check.sh "$OUT" "$CFG" > $OUT/check-log.txt 2>&1
# --- fleet: metrics, the kernel log, a real IOMMU event ---
run metrics metrics
mkdir -p /tmp/textfile
run metrics-o -j metrics -o /tmp/textfile/amdiommuctl.prom
cp /tmp/textfile/amdiommuctl.prom $OUT/cmd/metrics-file.prom 2>/dev/null
ls -l /tmp/textfile > $OUT/cmd/metrics-dir.txt 2>&1
$CTL -j show events --follow > $OUT/cmd/follow.out 2> $OUT/cmd/follow.err &
fol=$!
sleep 1
# records a process writes to /dev/kmsg get facility LOG_USER: never events
echo "<3>AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:03.0 domain=0x0002 address=0x1000 flags=0x0000]" > /dev/kmsg
echo "<4>amd_iommu_report_page_fault: 5 callbacks suppressed" > /dev/kmsg
# the NVMe controller, bound to vfio-pci, DMAs through a DTE with DomainID
# bit 8 set, which QEMU 7.2 takes for a reserved bit (tests/vm/dmafault.c)
nvme=$(for d in /sys/bus/pci/devices/*; do [ "$(cat $d/class)" = 0x010802 ] && echo ${d##*/}; done | head -n 1)
echo "$nvme" > $OUT/sys/nvme.txt
if [ "$CFG" = full-pgtbl_v2 ]; then
	# iommufd's domain is V2 here, and QEMU 7.2 does not walk V2 tables: it
	# would pass the IOVA through as a guest physical address
	echo "the domain is V2 (GV), which QEMU does not walk: the DMA would reach guest memory untranslated" > $OUT/cmd/dmafault.skip
elif [ -n "$nvme" ]; then
	echo vfio-pci > /sys/bus/pci/devices/$nvme/driver_override
	echo $nvme > /sys/bus/pci/drivers_probe
	i=0
	while [ ! -d /sys/bus/pci/devices/$nvme/vfio-dev ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	$T /usr/bin/dmafault $nvme 300 > $OUT/cmd/dmafault.out 2>&1
	echo $? > $OUT/cmd/dmafault.rc
	# dirty tracking needs HDSup: the full profile's EFR has it
	case "$CFG" in full-*)
		$T /usr/bin/dmafault $nvme 1 dirty > $OUT/cmd/dmafault-dirty.out 2>&1
		echo $? > $OUT/cmd/dmafault-dirty.rc ;;
	esac
	echo $nvme > /sys/bus/pci/drivers/vfio-pci/unbind
	echo > /sys/bus/pci/devices/$nvme/driver_override
fi
sleep 1
kill -INT $fol
wait $fol
echo $? > $OUT/cmd/follow.rc
run events-json -j show events
run events-summary -j show events --summary
run events-summary-text show events --summary
run metrics-after metrics
# the whole log as the kernel has it, for the host to count by itself
timeout 2 cat /dev/kmsg > $OUT/raw/kmsg.txt
echo done > $OUT/COMPLETE
