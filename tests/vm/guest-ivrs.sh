#!/bin/sh
# Runs inside the test VM (busybox sh, as root): what `show ivrs` says and
# what the kernel did with the IVRS table, into $1/ivrs/.  It judges
# nothing: tests/vm/run.sh checks the files on the host.
# Layout of $OUT/ivrs/:
#   cmd/NAME.out .err .rc     one amdiommuctl run each (show ivrs -j, text,
#                             -v; status -j; show iommus -j; snapshot and
#                             the replay of show ivrs)
#   ivrs.bin apic.bin hpet.bin  /sys/firmware/acpi/tables/{IVRS,APIC,HPET}
#   interrupts.txt cmdline.txt features.txt
#   groups.txt                "N TYPE BDF..." per IOMMU group
#   resv-N.txt                /sys/kernel/iommu_groups/N/reserved_regions
#   devtbl.txt                the debugfs devtbl row of every function
OUT=$1/ivrs
CTL=/usr/bin/amdiommuctl
T="timeout 60"
DBG=/sys/kernel/debug/iommu/amd
mkdir -p $OUT/cmd
cd /

run() {
	n=$1; shift
	$T $CTL "$@" > $OUT/cmd/$n.out 2> $OUT/cmd/$n.err
	echo $? > $OUT/cmd/$n.rc
}

for t in IVRS APIC HPET; do
	cp /sys/firmware/acpi/tables/$t $OUT/$(echo $t | tr A-Z a-z).bin 2>/dev/null
done
cp /proc/interrupts $OUT/interrupts.txt
cp /proc/cmdline $OUT/cmdline.txt
cat /sys/class/iommu/*/amd-iommu/features > $OUT/features.txt 2>&1
for d in /sys/kernel/iommu_groups/*; do
	g=${d##*/}
	echo "$g $(cat $d/type) $(ls $d/devices | tr '\n' ' ')"
	cat $d/reserved_regions > $OUT/resv-$g.txt 2>&1
done > $OUT/groups.txt 2>&1
for b in $(ls /sys/bus/pci/devices); do
	echo $b > $DBG/devid 2>/dev/null && cat $DBG/devtbl 2>/dev/null | grep "^$b"
done > $OUT/devtbl.txt

run ivrs-json -j show ivrs
run ivrs-text show ivrs
run ivrs-verbose -v show ivrs
run status-json -j status
run iommus-json -j show iommus
run snapshot snapshot -o /tmp/ivrs.snap
run replay-json -j --snapshot /tmp/ivrs.snap show ivrs
run replay-text --snapshot /tmp/ivrs.snap show ivrs
rm -f /tmp/ivrs.snap
echo done > $OUT/COMPLETE
