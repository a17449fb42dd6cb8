#!/bin/busybox sh
# /init of the amdiommuctl test VM (busybox, in the initramfs).
# Kernel command line: vmtest=run|ivrs|shell, vmcfg=NAME (a label for the
# run).  In "run" mode it executes /guest-test.sh ("ivrs": only
# /guest-ivrs.sh, for the short IVRS override boots), then sends the
# results back to the host over the second serial port (ttyS1) as a
# base64 tar between marker lines, and powers off.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /root
/bin/busybox --install -s
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1

mode=run cfg=unknown
for a in $(cat /proc/cmdline); do
	case "$a" in
	vmtest=*) mode=${a#vmtest=} ;;
	vmcfg=*) cfg=${a#vmcfg=} ;;
	esac
done
echo "### guest-init: mode=$mode cfg=$cfg kernel=$(uname -r)"

if [ "$mode" = shell ]; then
	echo "### guest-init: interactive shell; 'poweroff -f' (or exit) ends the VM"
	echo "### try: amdiommuctl -j -p status ; amdiommuctl show devices"
	setsid cttyhack sh -l
	poweroff -f
fi

OUT=/tmp/out
mkdir -p $OUT
if [ "$mode" = ivrs ]; then
	sh /guest-ivrs.sh "$OUT" > $OUT/guest-test.log 2>&1
	echo "guest-ivrs exit $?" >> $OUT/guest-test.log
	echo done > $OUT/COMPLETE
else
	sh /guest-test.sh "$OUT" "$cfg" > $OUT/guest-test.log 2>&1
	echo "guest-test exit $?" >> $OUT/guest-test.log
fi
dmesg > $OUT/dmesg.txt
echo "### guest-init: tests done, sending results over ttyS1"
stty -F /dev/ttyS1 raw -echo 115200 2>/dev/null
{
	echo "=====BEGIN-RESULTS====="
	tar -C $OUT -cf - . | gzip -c | base64
	echo "=====END-RESULTS====="
} > /dev/ttyS1
sync
sleep 1
echo "### guest-init: poweroff"
poweroff -f
