#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the libFuzzer targets tests/fuzz/fuzz-*.c with clang and run each
# for a fixed time; `make fuzz` calls this.
#
#   tests/fuzz/run.sh SRCDIR BUILDDIR [TARGET...]
#
# Environment: FUZZ_CC (clang), FUZZ_SECONDS (60 per target),
# FUZZ_CPPFLAGS / FUZZ_LIBS (the pkg-config flags of libpci, json-c,
# libnl-3 and zlib; asked from pkg-config when unset).  BUILDDIR must hold
# config.h (run ./configure first).  Everything goes to BUILDDIR/fuzz-out:
# bin/ (the targets), corpus/TARGET (what the run found, seeded from
# tests/fuzz/corpus/TARGET), crashes/TARGET (reproducers), TARGET.log.
# Reproduce a crash: BUILDDIR/fuzz-out/bin/fuzz-TARGET FILE.
# Exit: 0 no crash, 1 crashes (or a build error), 77 clang cannot
# build libFuzzer targets here (1 under CI=true: a missing prerequisite
# fails in CI).  Only the reproducers written by this run count; those of
# earlier runs stay in crashes/TARGET.
set -eu

srcdir=$(cd "$1" && pwd)
builddir=$(cd "$2" && pwd)
shift 2
cc=${FUZZ_CC:-clang}
secs=${FUZZ_SECONDS:-60}
out=$builddir/fuzz-out
san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-missing-field-initializers -I$builddir -I$srcdir/src -include config.h"
all_targets="bdf devtbl irqtbl cmdbuf mmio features kmsg uevent cli snapshot sysfs kcmdline hosttext kconfig pciacs evcount ivrs"
targets=${*:-$all_targets}

skip() {
	if [ "${CI:-}" = true ]; then
		echo "fuzz: FAIL: $* (CI=true: a missing prerequisite is a failure)"
		exit 1
	fi
	echo "fuzz: SKIP: $*"
	exit 77
}

command -v "$cc" >/dev/null 2>&1 || skip "$cc not found (install clang, or set FUZZ_CC)"
[ -f "$builddir/config.h" ] || { echo "fuzz: no $builddir/config.h: run ./configure first" >&2; exit 1; }
mkdir -p "$out/bin" "$out/obj"
probe=$out/obj/probe
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' >"$probe.c"
"$cc" $san "$probe.c" -o "$probe" >"$probe.log" 2>&1 ||
	skip "$cc cannot build with -fsanitize=fuzzer (no libFuzzer: install clang's compiler-rt, e.g. Debian's clang package)"

if [ -z "${FUZZ_LIBS+set}" ]; then
	FUZZ_CPPFLAGS=$(pkg-config --cflags libpci json-c libnl-3.0 zlib)
	FUZZ_LIBS=$(pkg-config --libs libpci json-c libnl-3.0 zlib)
fi

decoders="amd-dte amd-devtbl amd-efr amd-regs amd-irte amd-cmdbuf amd-kmsg bdf hex text"
ivrs="acpi-table acpi-dump acpi-madt acpi-ivrs ivrs-resolve ivrs-findings ivrs-json kcmdline render json util"
program=$(cd "$srcdir/src" && ls *.c uapi/*.c | sed -n 's/\.c$//; /^main$/!p')

# Compile each source once (instrumented, not linked with the fuzzer main).
obj_name() {
	echo "$out/obj/$(echo "$1" | tr / _).o"
}
for s in $program; do
	o=$(obj_name "$s")
	if [ ! -f "$o" ] || [ "$srcdir/src/$s.c" -nt "$o" ] || [ "$builddir/config.h" -nt "$o" ]; then
		"$cc" $cflags -fsanitize=fuzzer-no-link,address,undefined $FUZZ_CPPFLAGS \
			-c "$srcdir/src/$s.c" -o "$o" || { rm -f "$o"; exit 1; }
	fi
done

build() {
	t=$1
	case $t in
	uevent) srcs=uevent libs="" ;;
	kcmdline) srcs="kcmdline util" libs="" ;;
	hosttext) srcs=host-text libs="" ;;
	pciacs) srcs=pci-acs libs="" ;;
	kconfig) srcs="kconfig util" libs=$FUZZ_LIBS ;;
	evcount) srcs="evcount $decoders" libs="" ;;
	snapshot) srcs="host-snapshot host util $decoders" libs="" ;;
	cli|sysfs) srcs=$program libs=$FUZZ_LIBS ;;
	ivrs) srcs="$decoders $ivrs" libs=$FUZZ_LIBS ;;
	*) srcs=$decoders libs="" ;;
	esac
	objs=""
	for s in $srcs; do
		objs="$objs $(obj_name "$s")"
	done
	"$cc" $cflags $san $FUZZ_CPPFLAGS "$srcdir/tests/fuzz/fuzz-$t.c" $objs $libs \
		-o "$out/bin/fuzz-$t"
}

# The --root tree fuzz-sysfs writes into: a fresh copy of a captured host.
sysfs_root() {
	rm -rf "$out/sysfs-root"
	if [ -d "$srcdir/tests/fixtures/qemu73-ir" ]; then
		cp -a "$srcdir/tests/fixtures/qemu73-ir" "$out/sysfs-root"
	else
		mkdir -p "$out/fixtures" && tar xf "$srcdir/tests/fixtures.tar" -C "$out/fixtures"
		cp -a "$out/fixtures/qemu73-ir" "$out/sysfs-root"
	fi
	chmod -R u+w "$out/sysfs-root"
}

summary=""
failed=0
for t in $targets; do
	[ -f "$srcdir/tests/fuzz/fuzz-$t.c" ] || { echo "fuzz: no target $t" >&2; exit 1; }
	echo "fuzz: building fuzz-$t"
	build "$t"
done
for t in $targets; do
	mkdir -p "$out/corpus/$t" "$out/crashes/$t"
	seeds=$srcdir/tests/fuzz/corpus/$t
	[ -d "$seeds" ] || seeds=""
	extra=""
	case $t in
	uevent) extra="-max_len=9000" ;;
	sysfs|snapshot) extra="-max_len=65536" ;;
	esac
	[ "$t" != sysfs ] || sysfs_root
	echo "fuzz: running fuzz-$t for ${secs}s"
	# the reproducers of this run: the files not listed before it
	find "$out/crashes/$t" -type f | sort >"$out/crashes/$t.before"
	rc=0
	FUZZ_SYSFS_ROOT=$out/sysfs-root \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$out/bin/fuzz-$t" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$out/crashes/$t/" $extra "$out/corpus/$t" $seeds \
		>"$out/$t.log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
	cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p' "$out/$t.log" | tail -n 1)
	find "$out/crashes/$t" -type f | sort | comm -13 "$out/crashes/$t.before" - >"$out/crashes/$t.new"
	crashes=$(wc -l <"$out/crashes/$t.new" | tr -d ' ')
	line=$(printf '%-9s %10s execs  %-28s %s crashes' "$t" "${execs:-?}" "${cov:-cov ?}" "$crashes")
	summary="$summary$line
"
	if [ "$crashes" -gt 0 ] || [ "$rc" -ne 0 ]; then
		failed=1
		echo "fuzz: fuzz-$t failed (exit $rc); log: $out/$t.log"
		grep -m 5 -E 'ERROR|invariant failed|runtime error' "$out/$t.log" || true
		sed 's/^/  reproducer: /' "$out/crashes/$t.new"
	fi
	rm -f "$out/crashes/$t.before" "$out/crashes/$t.new"
done
rm -rf "$out/sysfs-root" "$out/fixtures"
echo
echo "fuzz: ${secs}s per target"
printf '%s' "$summary"
exit $failed
