#!/bin/sh
# Runs inside the test VM (busybox sh, as root, iommufd.allow_unsafe_interrupts=1,
# no driver bound to 0000:00:02.0): exercises `amdiommuctl alloc` and writes
# every output into $OUT/alloc/.  It judges nothing; the host checks the files.
#
# Usage: sh /guest-alloc.sh OUT [CFG]
# Layout of $OUT/alloc/:
#   NAME.out .err .rc        one amdiommuctl run each
#   state-NAME.txt           driver / driver_override / vfio-dev of the device
#   dte-NAME.txt             raw debugfs devtbl row of the device
#   hold-term.*              the SIGTERM-during---hold run
OUT=$1 CFG=${2:-unknown}
CTL=${AMDIOMMUCTL:-/usr/bin/amdiommuctl}
DEV=0000:00:02.0
SYS=/sys/bus/pci/devices/$DEV
DBG=/sys/kernel/debug/iommu/amd
A=$OUT/alloc
mkdir -p $A
cd /

run() {  # run NAME ARGS...
	n=$1; shift
	$CTL "$@" > $A/$n.out 2> $A/$n.err
	echo $? > $A/$n.rc
}
state() {  # state NAME: what the device is bound to now
	{
		echo "driver=$(basename "$(readlink $SYS/driver 2>/dev/null)" 2>/dev/null)"
		echo "driver_override=$(cat $SYS/driver_override 2>/dev/null)"
		echo "vfio_dev=$(ls $SYS/vfio-dev 2>/dev/null | tr '\n' ' ')"
		echo "dev_vfio_devices=$(ls /dev/vfio/devices 2>/dev/null | tr '\n' ' ')"
	} > $A/state-$1.txt
}
dte() {  # dte NAME: raw DTE row
	{ echo $DEV > $DBG/devid && cat $DBG/devtbl; } > $A/dte-$1.txt 2>&1
}
bind_vfio() {
	echo vfio-pci > $SYS/driver_override
	[ -e $SYS/driver ] && echo $DEV > $SYS/driver/unbind
	echo $DEV > /sys/bus/pci/drivers_probe
	i=0
	while [ ! -d $SYS/vfio-dev ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
unbind_vfio() {
	[ -e $SYS/driver ] && echo $DEV > $SYS/driver/unbind
	echo > $SYS/driver_override
}

echo "$CFG" > $A/cfg.txt
cat /proc/cmdline > $A/cmdline.txt
state initial
dte initial

# --- not bound to vfio-pci: an explained environment failure (exit 1) ---
run matrix-unbound -j alloc --device $DEV --matrix
run single-unbound -j alloc --device $DEV

# --- usage errors and --root refusal ---
run usage-no-device -j alloc
run usage-root -j --root / alloc --device $DEV
run usage-bad-map -j alloc --device $DEV --map 12Q
run usage-bad-flags -j alloc --device $DEV --flags zz
run usage-matrix-flags -j alloc --device $DEV --matrix --pasid

# --- --bind-vfio: dry run changes nothing; a real run binds and restores ---
run bind-dry -j alloc --device $DEV --bind-vfio --dry-run
state after-dry
run bind-dry-text alloc --device $DEV --bind-vfio --dry-run
run bind-yes -j alloc --device $DEV --bind-vfio --yes
state after-bind-yes
dte after-bind-yes
run bind-matrix -j alloc --device $DEV --matrix --bind-vfio --yes
state after-bind-matrix
# the IOMMU's own function (class 0x0806) is refused
run bind-iommu-self -j alloc --device 0000:00:01.0 --bind-vfio --yes

# --- bound to vfio-pci by hand: the matrix and single scenarios ---
bind_vfio
state bound
run matrix -j alloc --device $DEV --matrix
run matrix-text alloc --device $DEV --matrix
run none -j alloc --device $DEV
run none-text alloc --device $DEV
run pasid -j alloc --device $DEV --pasid
run pasid-text alloc --device $DEV --pasid
run dirty-map -j alloc --device $DEV --dirty-tracking --map 2M
run dirty-map-text alloc --device $DEV --dirty-tracking --map 2M
run nest -j alloc --device $DEV --nest-parent
run nest-dirty -j alloc --device $DEV --nest-parent --dirty-tracking
run pasid-dirty -j alloc --device $DEV --pasid --dirty-tracking
run flags-hex -j alloc --device $DEV --flags 0x8
run flags-undefined -j alloc --device $DEV --flags 0x10
run map-4k -j alloc --device $DEV --map 4K
run hold-timeout -j alloc --device $DEV --hold=1
# --bind-vfio on a device already on vfio-pci: nothing to bind or restore
run bind-already -j alloc --device $DEV --bind-vfio
state after-bind-already
dte bound-after-runs
unbind_vfio
state unbound-again

# --- SIGTERM in the middle of --hold=30 with --bind-vfio ---
$CTL -j alloc --device $DEV --bind-vfio --yes --hold=30 > $A/hold-term.out 2> $A/hold-term.err &
pid=$!
# wait (bounded) until it holds; TCG is slow, so do not rely on 2 s alone
i=0
sleep 2
while ! grep -q holding $A/hold-term.err 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
state hold-during
dte hold-during
t0=$(date +%s)
kill -TERM $pid
wait $pid
echo $? > $A/hold-term.rc
echo $(( $(date +%s) - t0 )) > $A/hold-term.seconds
state after-hold-term
dte after-hold-term

# --- SIGINT during the hold, device bound by hand ---
bind_vfio
$CTL -j alloc --device $DEV --hold > $A/hold-int.out 2> $A/hold-int.err &
pid=$!
i=0
while ! grep -q holding $A/hold-int.err 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
kill -INT $pid
wait $pid
echo $? > $A/hold-int.rc
state after-hold-int
dte after-hold-int
unbind_vfio
state final
echo done > $A/COMPLETE
