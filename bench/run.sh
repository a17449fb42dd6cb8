#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench`: time `amdiommuctl --root DIR show devices -j` and
# `amdiommuctl --root DIR metrics` against lspci and against the floor
# (bench/floor.c: the same file reads, no work) on synthetic hosts of N
# PCI functions (bench/gen-host.py), and the peak RSS of every list
# command at the largest N in each output form.  A benchmark, not
# a test: it exits non-zero only when something fails to run or gives the
# wrong device count, and prints PASS/MISS for each target.
#
#   bench/run.sh [BUILDDIR]
#
# Environment: BENCH_SIZES ("256 1024 4096"), BENCH_RUNS (7 timed runs
# after one warm-up), BENCH_CACHE (where the generated hosts are kept,
# ${TMPDIR:-/tmp}/amdiommuctl-bench; regenerated when the generator changes).
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC}" && pwd)
TOOL=$BUILD/amdiommuctl
FLOOR=$BUILD/bench/floor
SIZES=${BENCH_SIZES:-256 1024 4096}
RUNS=${BENCH_RUNS:-7}
CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/amdiommuctl-bench}
PCI_IDS=/usr/share/misc/pci.ids
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

die() { echo "bench: $*" >&2; exit 1; }

for need in "$TOOL" "$FLOOR"; do
	[ -x "$need" ] || die "$need is not built (run make bench)"
done
command -v lspci >/dev/null || die "lspci not found: apt-get install pciutils"
command -v strace >/dev/null || die "strace not found: apt-get install strace"
[ -x /usr/bin/time ] || die "/usr/bin/time not found: apt-get install time"
command -v python3 >/dev/null || die "python3 not found"

# ---- hosts -----------------------------------------------------------------

stamp=$(cat "$SRC/bench/gen-host.py" "$SRC/tests/fixtures/gen-fixtures.py" | sha256sum | cut -c1-16)
host_dir() {
	local n=$1 dir=$CACHE/host-$1
	if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$dir" "$dir.stamp"
		mkdir -p "$CACHE"
		python3 "$SRC/bench/gen-host.py" "$n" "$dir" >&2 || die "gen-host.py $n failed"
		echo "$stamp" >"$dir.stamp"
	fi
	echo "$dir"
}

# ---- measuring ---------------------------------------------------------------

syscalls() {
	strace -c -f -o "$TMP/strace" "$@" >/dev/null 2>&1 || return 1
	awk '$NF == "total" { print $4 }' "$TMP/strace"
}

rss_kib() {
	/usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>&1 || return 1
	tail -n1 "$TMP/rss"
}

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }

# ---- run -----------------------------------------------------------------------

echo "amdiommuctl bench: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
	"median of $RUNS interleaved runs after a warm-up"
echo "wall time in ms; CPU (user+sys, ms), syscalls (strace -c -f) and peak RSS (KiB) as tool/lspci/floor"
row() { printf '%6s %9s %9s %9s %10s %10s %20s %22s %20s\n' "$@"; }
row N tool lspci floor tool/lspci tool/floor CPU syscalls "peak RSS"
declare -A T_TOOL T_LSPCI T_FLOOR RSS_TOOL T_MET RSS_MET MROWS
for n in $SIZES; do
	dir=$(host_dir "$n")
	tool=("$TOOL" --root "$dir" show devices -j)
	met=("$TOOL" --root "$dir" metrics)
	lsp=(lspci -A linux-sysfs -O "sysfs.path=$dir/sys/bus/pci" -vmm)
	flr=("$FLOOR" "$dir" "$PCI_IDS")

	# the three must really see the N functions
	"${tool[@]}" >"$TMP/tool.json" 2>"$TMP/tool.err" || die "N=$n: amdiommuctl failed: $(cat "$TMP/tool.err")"
	got=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["devices"]))' "$TMP/tool.json") ||
		die "N=$n: amdiommuctl printed no JSON device list"
	[ "$got" = "$n" ] || die "N=$n: amdiommuctl listed $got devices"
	got=$("${lsp[@]}" 2>/dev/null | grep -c '^Slot:') || true
	[ "$got" = "$n" ] || die "N=$n: lspci listed $got devices (sysfs.path wrong?)"
	got=$("${flr[@]}" | awk '{ print $2 }')
	[ "$got" = "$n" ] || die "N=$n: floor read $got functions"
	# metrics: one translation series per function behind an IOMMU
	"${met[@]}" >"$TMP/met.prom" 2>"$TMP/met.err" || die "N=$n: metrics failed: $(cat "$TMP/met.err")"
	series=$(grep -c '^amdiommuctl_' "$TMP/met.prom")
	got=$(grep -c '^amdiommuctl_device_translation_info{' "$TMP/met.prom")
	[ "$got" = "$((n - 16))" ] || die "N=$n: metrics wrote $got translation series, want $((n - 16))"

	python3 "$SRC/bench/measure.py" "$RUNS" "${tool[@]}" -- "${lsp[@]}" -- "${flr[@]}" \
		-- "${met[@]}" >"$TMP/m" || die "N=$n: measuring failed"
	{ read -r tw tc; read -r lw lc; read -r fw fc; read -r mw mc; } <"$TMP/m"
	if ! { tr=$(rss_kib "${tool[@]}") && lr=$(rss_kib "${lsp[@]}") && fr=$(rss_kib "${flr[@]}") &&
		mr=$(rss_kib "${met[@]}"); }; then
		die "N=$n: /usr/bin/time failed"
	fi
	T_TOOL[$n]=$tw T_LSPCI[$n]=$lw T_FLOOR[$n]=$fw RSS_TOOL[$n]=$tr T_MET[$n]=$mw RSS_MET[$n]=$mr
	MROWS[$n]=$(printf '%6s %9s %9s %10s %10s %20s %10s %9s' "$n" "$(ms "$mw")" "$(ms "$mc")" \
		"$(ratio "$mw" "$lw")" "$(ratio "$mw" "$fw")" "$(syscalls "${met[@]}")" "$mr" "$series")
	sc="$(syscalls "${tool[@]}")/$(syscalls "${lsp[@]}")/$(syscalls "${flr[@]}")" || die "N=$n: strace failed"
	row "$n" "$(ms "$tw")" "$(ms "$lw")" "$(ms "$fw")" "$(ratio "$tw" "$lw")" "$(ratio "$tw" "$fw")" \
		"$(ms "$tc")/$(ms "$lc")/$(ms "$fc")" "$sc" "$tr/$lr/$fr"
done
echo
echo "metrics (amdiommuctl --root DIR metrics; wall and CPU ms, syscalls, peak RSS KiB, series):"
printf '%6s %9s %9s %10s %10s %20s %10s %9s\n' N wall CPU met/lspci met/floor syscalls "peak RSS" series
for n in $SIZES; do echo "${MROWS[$n]}"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- targets (at the largest N, scaling from the one a quarter its size) -----------

big=${SIZES##* }
verdict() { # verdict WHAT VALUE LIMIT
	if awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }'; then r=PASS; else r=MISS; fi
	printf '%-4s %-36s %8s (target <= %s)\n' "$r" "$1" "$2" "$3"
}
echo
verdict "tool/lspci at N=$big" "$(ratio "${T_TOOL[$big]}" "${T_LSPCI[$big]}")" 1.0
verdict "tool/floor at N=$big" "$(ratio "${T_TOOL[$big]}" "${T_FLOOR[$big]}")" 2.0
quarter=$((big / 4))
if [ -n "${T_TOOL[$quarter]:-}" ]; then
	verdict "t($big)/t($quarter)" "$(ratio "${T_TOOL[$big]}" "${T_TOOL[$quarter]}")" 4.5
fi
verdict "peak RSS at N=$big (MiB)" "$(awk -v k="${RSS_TOOL[$big]}" 'BEGIN { printf "%.1f", k / 1024 }')" 16
verdict "metrics/lspci at N=$big" "$(ratio "${T_MET[$big]}" "${T_LSPCI[$big]}")" 1.0
verdict "metrics/floor at N=$big" "$(ratio "${T_MET[$big]}" "${T_FLOOR[$big]}")" 2.0
if [ -n "${T_MET[$quarter]:-}" ]; then
	verdict "metrics t($big)/t($quarter)" "$(ratio "${T_MET[$big]}" "${T_MET[$quarter]}")" 4.5
fi
verdict "metrics peak RSS at N=$big (MiB)" "$(awk -v k="${RSS_MET[$big]}" 'BEGIN { printf "%.1f", k / 1024 }')" 16

# ---- peak RSS of every list command at the largest N, each output form --------
# (issue 11: every list streams, so each stays under 16 MiB, -p included)
echo
echo "peak RSS (MiB) at N=$big: table, -j, -p"
dir=$(host_dir "$big")
for c in "status" "show iommus" "show devices" "show groups" "show domains" "show events" \
	"show cmdbuf" "show ivrs" "check" "metrics"; do
	for fmt in "" -j -p; do
		# shellcheck disable=SC2086
		k=$(/usr/bin/time -f %M -o "$TMP/rss" "$TOOL" --root "$dir" $fmt $c >/dev/null 2>&1; tail -n1 "$TMP/rss")
		verdict "$c ${fmt:-table}" "$(awk -v k="$k" 'BEGIN { printf "%.1f", k / 1024 }')" 16
	done
done
