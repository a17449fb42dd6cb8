#!/bin/sh
# Runs inside the test VM (busybox sh, as root) after guest-alloc.sh:
# `amdiommuctl check` in its forms, a snapshot replay of it, and --probe
# with --bind-vfio on 0000:00:02.0 (no driver bound).  It judges nothing:
# tests/vm/check-vm.sh checks the files on the host.
#
# Usage: sh /guest-check.sh OUT [CFG]
# Layout of $OUT/check/:
#   NAME.out .err .rc      one amdiommuctl run each
#   groups.txt             "N TYPE BDF..." per IOMMU group, now
#   paths.txt              "BDF VENDOR DEVICE CLASS HEADER-TYPE sysfs-path" per function
#   driver-*.txt           00:02.0's driver before and after the probe
#   kmsg.txt               the kernel log (dmesg)
OUT=$1 CFG=${2:-unknown}
CTL=${AMDIOMMUCTL:-/usr/bin/amdiommuctl}
C=$OUT/check
DEV=0000:00:02.0
mkdir -p $C
cd /

run() {  # run NAME ARGS...
	n=$1; shift
	timeout 120 $CTL "$@" > $C/$n.out 2> $C/$n.err
	echo $? > $C/$n.rc
}
driver() {  # driver NAME: 00:02.0's driver and override now
	{
		echo "driver=$(basename "$(readlink /sys/bus/pci/devices/$DEV/driver 2>/dev/null)" 2>/dev/null)"
		echo "driver_override=$(cat /sys/bus/pci/devices/$DEV/driver_override 2>/dev/null)"
	} > $C/driver-$1.txt
}

for d in /sys/kernel/iommu_groups/*; do
	echo "${d##*/} $(cat $d/type) $(ls $d/devices | tr '\n' ' ')"
done > $C/groups.txt 2>&1
for d in /sys/bus/pci/devices/*; do
	echo "${d##*/} $(cat $d/vendor) $(cat $d/device) $(cat $d/class)" \
	     "0x$(od -An -tx1 -j14 -N1 $d/config | tr -d ' ') $(readlink -f $d)"
done > $C/paths.txt
dmesg > $C/kmsg.txt 2>&1

t0=$(date +%s)
# a snapshot, then check live (JSON, table) and replayed from it
run snap-capture snapshot -o /tmp/check.snap
run json -j check
run replay -j --snapshot /tmp/check.snap check
run text check
run replay-text --snapshot /tmp/check.snap check
rm -f /tmp/check.snap
run verbose -v check --for passthrough,pasid

case "$CFG" in
check-*) ;;
*)
	driver before-probe
	run probe -j check --probe --bind-vfio --yes $DEV
	driver after-probe
	run probe-unbound -j check --probe --for iommufd $DEV
	;;
esac
echo $(( $(date +%s) - t0 )) > $C/seconds.txt
echo done > $C/COMPLETE
