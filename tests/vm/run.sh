#!/bin/bash
# Real-kernel tests for amdiommuctl: boot Linux 7.x with QEMU's emulated AMD
# IOMMU and compare amdiommuctl's output with what the kernel shows.
#
# Usage: tests/vm/run.sh [BUILD_DIR]          run all boots, print TAP
#        tests/vm/run.sh --shell [CFG] [BUILD_DIR]
#                                             boot CFG (default stock-default)
#                                             to an interactive busybox shell
# BUILD_DIR holds the built amdiommuctl (default: the repository top).
# CFG: stock-default stock-pgtbl_v2 full-default full-pgtbl_v2, check-layout
#      (a boot for check alone), and the short IVRS override boots
#      ivrs-noioapic ivrs-badhandle ivrs-ivmd ivrs-alias ivrs-efrsup-off (each
#      followed by a boot with the kernel parameter its findings suggest,
#      CFG-param, as stock-default is), and stock-wrongdevid (a wrong
#      ivrs_ioapic: the kernel panics)
#
# Environment:
#   AMDIOMMUCTL_VM_CACHE   cache (kernel, IVRS dump, apt), default
#                          ${XDG_CACHE_HOME:-$HOME/.cache}/amdiommuctl-vm
#   AMDIOMMUCTL_VM_KERNEL  use this bzImage instead of building one
#   AMDIOMMUCTL_VM_CONFIGS space separated subset of the configurations
#   AMDIOMMUCTL_VM_KEEP=1  keep the scratch dir (it is kept on failure anyway)
#   AMDIOMMUCTL_VM_SHELL=1 same as --shell
#   AMDIOMMUCTL_VM_TIMEOUT seconds per boot (default 600; IVRS boots: 120)
#   AMDIOMMUCTL_VM_PARAM_BOOTS=0  no boots with the suggested parameters
#   AMDIOMMUCTL_VM_ALLOW_MISSING=1  boot even without an amdiommuctl binary
#   --recheck DIR          only the host checks, on a kept scratch dir
# "make check-vm" runs this with $(SHELL): re-run under bash
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
CACHE=${AMDIOMMUCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/amdiommuctl-vm}
export AMDIOMMUCTL_VM_CACHE=$CACHE
TIMEOUT=${AMDIOMMUCTL_VM_TIMEOUT:-600}
IVRS_CONFIGS="ivrs-noioapic ivrs-badhandle ivrs-ivmd ivrs-alias ivrs-efrsup-off"
ALL_CONFIGS="stock-default stock-pgtbl_v2 full-default full-pgtbl_v2 check-layout $IVRS_CONFIGS stock-wrongdevid"
# stock-wrongdevid: QEMU's table with the IOAPIC mapped to the ICH9 SMBus
# function, which check_sb_ioapic() accepts; the IOAPIC's interrupts keep
# their own requester ID (00:14.0), so the timer fails and the kernel
# panics.  Why show ivrs never suggests another SMBus/ISA function.
WRONG_DEVID_PARAM="ivrs_ioapic=0@0000:00:1f.3"
IVRS_TIMEOUT=${AMDIOMMUCTL_VM_TIMEOUT:-120}
CONFIGS=${AMDIOMMUCTL_VM_CONFIGS:-$ALL_CONFIGS}
# EFR/EFR2 images of the "full" profile (see README.md)
STOCK_EFR=0x29d3      # QEMU 7.2's amd-iommu (sysfs features 29d3:0)
FULL_EFR=0x0017000f000059d3
FULL_EFR2=0x8
FULL_CHECKSUM=0xf5     # checksum byte of that table built from QEMU 7.2's IVRS

SHELL_MODE=${AMDIOMMUCTL_VM_SHELL:-0}
SHELL_CFG=stock-default
RECHECK=
case "${1:-}" in -h|--help) sed -n '2,/^#   --recheck/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
if [ "${1:-}" = --recheck ]; then   # --recheck DIR: only the host checks, on a kept scratch dir
    RECHECK=$(cd "${2:?--recheck DIR}" && pwd) || exit 2; shift 2
fi
if [ "${1:-}" = --shell ]; then
    SHELL_MODE=1; shift
    case "${1:-}" in stock-*|full-*|check-*|ivrs-*) SHELL_CFG=$1; shift ;; esac
fi
BUILD_DIR=$(cd "${1:-$TOP}" && pwd) || { echo "run.sh: no such dir ${1:-}" >&2; exit 2; }

# table_record, table_cell (shared with the CLI tests)
. "$TOP/tests/cli/table.sh"

log() { printf '# %s\n' "$*"; }
die() { printf 'Bail out! %s\n' "$*"; exit 1; }

# ---------------------------------------------------------------- packages
ensure_packages() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' \
        || missing+=(busybox-static)
    command -v file >/dev/null || missing+=(file)
    command -v cpio >/dev/null || missing+=(cpio)
    command -v jq >/dev/null || missing+=(jq)
    command -v gzip >/dev/null || missing+=(gzip)
    command -v cc >/dev/null || missing+=(gcc)
    [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || missing+=(libc6-dev)
    [ -e /usr/share/misc/pci.ids ] || [ -e /usr/share/hwdata/pci.ids ] || missing+=(pci.ids)
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]}"
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
        { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; } ||
        die "cannot install ${missing[*]}"
}

# ----------------------------------------------------------------- helpers
find_amdiommuctl() {
    local b=$BUILD_DIR/amdiommuctl
    [ -f "$b" ] || { echo ""; return; }
    # a libtool wrapper script: take the real binary
    if [ "$(head -c2 "$b")" = '#!' ]; then
        for c in "$BUILD_DIR/.libs/amdiommuctl" "$BUILD_DIR/.libs/lt-amdiommuctl"; do
            [ -f "$c" ] && { echo "$c"; return; }
        done
    fi
    echo "$b"
}

# copy FILE (and, for ELF files, its shared libraries) into the staging root
stage_elf() {
    local f=$1 dest=$2 lib
    install -D -m 0755 "$f" "$ROOT$dest"
    if ldd "$f" >/dev/null 2>&1; then
        for lib in $(ldd "$f" | awk '/=> \// {print $3} /^[ \t]*\// {print $1}'); do
            [ -e "$ROOT$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$ROOT$lib"
        done
    fi
}

build_initramfs() {
    ROOT=$TMP/root
    rm -rf "$ROOT"
    mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root}
    cp /bin/busybox "$ROOT/bin/busybox"
    local a
    for a in sh mount mkdir; do ln -sf busybox "$ROOT/bin/$a"; done
    install -m 0755 "$HERE/guest-init.sh" "$ROOT/init"
    install -m 0644 "$HERE/guest-test.sh" "$ROOT/guest-test.sh"
    install -m 0644 "$HERE/guest-alloc.sh" "$ROOT/guest-alloc.sh"
    install -m 0644 "$HERE/guest-check.sh" "$ROOT/guest-check.sh"
    install -m 0644 "$HERE/guest-ivrs.sh" "$ROOT/guest-ivrs.sh"
    install -m 0755 "$TMP/runas" "$ROOT/usr/bin/runas"
    install -m 0755 "$TMP/dmafault" "$ROOT/usr/bin/dmafault"
    [ -n "$CTL" ] && stage_elf "$CTL" /usr/bin/amdiommuctl
    for a in /usr/share/misc/pci.ids /usr/share/hwdata/pci.ids; do
        [ -e "$a" ] && install -D -m 0644 "$(readlink -f "$a")" "$ROOT$a"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$ROOT/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$ROOT/etc/group"
    (cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n) > "$TMP/initramfs.cpio.gz" ||
        die "cannot build the initramfs"
}

# The base configuration of a boot: full-pgtbl_v2 -> full, ivrs-alias-param -> ivrs-alias.
base_cfg() {
    case "$1" in
    full-*) echo full ;;
    stock-*) echo stock ;;
    *-param) echo "${1%-param}" ;;
    *) echo "$1" ;;
    esac
}

# The ivrs-override mode and arguments of a base configuration (README.md).
ivrs_mode() {
    case "$1" in
    stock) echo copy ;;
    full) echo "efr $FULL_EFR $FULL_EFR2" ;;
    ivrs-noioapic) echo no-ioapic ;;
    ivrs-badhandle) echo "ioapic-handle 7" ;;      # no MADT IOAPIC has id 7
    ivrs-ivmd) echo "ivmd 0x20 0xfd000000 0x20000" ;;  # 00:04.0 (NVMe), 128 KiB
    ivrs-alias) echo "alias 0x18 0x20 0x10" ;;    # 00:03.0..00:04.0 -> 00:02.0
    ivrs-efrsup-off) echo "efrsup-off $FULL_EFR $FULL_EFR2" ;;
    *) return 1 ;;
    esac
}

# The table of base configuration $2 built from QEMU's $1 into
# $TMP/ovr-BASE.bin (+ .expect.json), and for an override the initrd
# $TMP/initrd-BASE: an uncompressed cpio with kernel/firmware/acpi/IVRS.aml
# in front of the gzip initramfs.
build_acpi_override() {
    local orig=$1 base=$2 ovr=$TMP/acpi-$2
    # shellcheck disable=SC2046
    "$TMP/ivrs-override" "$orig" "$TMP/ovr-$base.bin" $(ivrs_mode "$base") > "$TMP/ivrs-override-$base.log" 2>&1 ||
        die "ivrs-override $(ivrs_mode "$base") failed: $(cat "$TMP/ivrs-override-$base.log")"
    [ "$base" = stock ] && return
    rm -rf "$ovr"; mkdir -p "$ovr/kernel/firmware/acpi"
    cp "$TMP/ovr-$base.bin" "$ovr/kernel/firmware/acpi/IVRS.aml"
    (cd "$ovr" && find kernel | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$TMP/acpi-override-$base.cpio"
    cat "$TMP/acpi-override-$base.cpio" "$TMP/initramfs.cpio.gz" > "$TMP/initrd-$base"
}

# hexdump -C text -> binary
hex2bin() {
    printf "$(awk 'length($1)==8 && $1 ~ /^[0-9a-f]+$/ { for (i=2;i<=NF && $i !~ /^\|/;i++) printf "\\x%s", $i }' "$1")"
}

qemu_cmd() {  # CFG MODE -> QEMU_ARGV
    local cfg=$1 mode=$2 initrd=$TMP/initramfs.cpio.gz extra="" base layout=()
    base=$(base_cfg "$cfg")
    [ -e "$TMP/initrd-$base" ] && initrd=$TMP/initrd-$base
    case "$cfg" in *-pgtbl_v2) extra=" amd_iommu=pgtbl_v2" ;; esac
    case "$cfg" in ivrs-*|*-param|stock-wrongdevid) [ "$mode" = run ] && mode=ivrs ;; esac
    case "$cfg" in stock-wrongdevid) extra=" $WRONG_DEVID_PARAM" ;; esac
    case "$cfg" in *-param) extra="$extra $(cat "$TMP/param-$base.txt")" ;; esac
    # check-layout: an amd_iommu= value the 7.3 parser does not know, and a
    # conventional device behind a PCIe-to-PCI bridge below a root port
    case "$cfg" in check-layout) extra=" amd_iommu=pt,pgtbl_v2"
        layout=(-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1,addr=0x6
                -device pcie-pci-bridge,id=br1,bus=rp1,addr=0x0
                -device pci-testdev,bus=br1,addr=0x1) ;;
    esac
    local dir=$TMP/boot-$cfg
    mkdir -p "$dir"
    rm -f "$dir/nvme.img"; truncate -s 16M "$dir/nvme.img"
    local console=(-serial "file:$dir/console.txt")
    [ "$mode" = shell ] && console=(-serial stdio)
    QEMU_ARGV=(qemu-system-x86_64 -M q35 -accel tcg -cpu max -smp 2 -m 1G -nodefaults -display none
        -no-reboot -monitor none
        -device amd-iommu,intremap=on
        -device e1000e,id=nic0,romfile= -device virtio-net-pci,disable-legacy=on,id=nic1,romfile=
        -drive "file=$dir/nvme.img,if=none,id=nvm,format=raw" -device nvme,serial=amdiommu0,drive=nvm,id=nvme0
        "${layout[@]}" "${console[@]}" -serial "file:$dir/ttyS1.raw"
        -kernel "$KERNEL" -initrd "$initrd"
        -append "console=ttyS0 panic=-1 loglevel=7 iommufd.allow_unsafe_interrupts=1 vmtest=$mode vmcfg=$cfg$extra")
}

boot() {  # CFG: boot, wait, unpack the results into $TMP/res/CFG
    # (bash expands every word of `local` before assigning: use $1, not $cfg)
    local cfg=$1 dir=$TMP/boot-$1 res=$TMP/res/$1 t0 t1 rc limit=$TIMEOUT
    case "$cfg" in ivrs-*|*-param|stock-wrongdevid) limit=$IVRS_TIMEOUT ;; esac
    qemu_cmd "$cfg" run
    printf '%q ' "${QEMU_ARGV[@]}" > "$dir/qemu-cmdline.txt"
    t0=$(date +%s)
    timeout "$limit" "${QEMU_ARGV[@]}" > "$dir/qemu.log" 2>&1
    rc=$?
    t1=$(date +%s)
    log "boot $cfg: qemu exit $rc after $((t1 - t0))s"
    echo $((t1 - t0)) > "$dir/seconds"
    mkdir -p "$res"
    if sed -n '/=====BEGIN-RESULTS=====/,/=====END-RESULTS=====/p' "$dir/ttyS1.raw" 2>/dev/null |
        grep -v '=====' | tr -d '\r' | base64 -d 2>/dev/null | gunzip -c 2>/dev/null | tar -C "$res" -xf - 2>/dev/null; then
        :
    fi
    [ $rc = 124 ] && echo "qemu killed by timeout ${limit}s" > "$res/TIMEOUT"
}

# ------------------------------------------------------------------ TAP
N=0 PASS=0 FAIL=0
ok() { N=$((N + 1)); PASS=$((PASS + 1)); echo "ok $N - $*"; }
notok() { N=$((N + 1)); FAIL=$((FAIL + 1)); echo "not ok $N - $*"; }
diag() { cut -c1-600 | sed -e 's/^/#   /' | head -n "${1:-40}"; }
show() {  # FILE...: print guest files as diagnostics
    local f
    for f in "$@"; do
        [ -e "$f" ] || { echo "#   ($f: missing)"; continue; }
        echo "#   --- ${f#$TMP/}"
        diag < "$f"
    done
}
# check NAME CMD...: ok if CMD succeeds; CMD's output is the diagnostic
check() {
    local name=$1 out; shift
    if out=$("$@" 2>&1); then ok "$name"; else notok "$name"; [ -n "$out" ] && printf '%s\n' "$out" | diag; fi
}

# The raw DTE as a JSON array in amdiommuctl's order (QWORD[0] first).
# devtbl prints "BDF QWORD[3] QWORD[2] QWORD[1] QWORD[0] iommuN".
raw_json() {  # FILE BDF
    awk -v b="$2" '$1 == b { printf "[\"0x%s\",\"0x%s\",\"0x%s\",\"0x%s\"]\n", $5, $4, $3, $2 }' "$1" 2>/dev/null
}
qword0() { awk -v b="$2" '$1 == b { print $5 }' "$1" 2>/dev/null; }

# ------------------------------------------------------------------ checks
# shellcheck source=tests/vm/check-vm.sh
. "$HERE/check-vm.sh"
chk_json_cmd() {  # R NAME : rc 0, valid JSON with schema_version 2
    local R=$1 n=$2 rc
    rc=$(cat "$R/cmd/$n.rc" 2>/dev/null)
    [ "$rc" = 0 ] || { echo "exit code ${rc:-missing}, expected 0"; show "$R/cmd/$n.err" "$R/cmd/$n.out"; return 1; }
    jq -e '.schema_version == 2' "$R/cmd/$n.out" >/dev/null 2>&1 ||
        { echo "not JSON with schema_version 2"; show "$R/cmd/$n.out" "$R/cmd/$n.err"; return 1; }
}

chk_text_forms() {
    local R=$1 n bad=0
    for n in status-text iommus-text devices-text groups-text domains-text verbose-status $(cd "$R/cmd" && ls dte-text-*.rc | sed 's/\.rc$//'); do
        case "$n" in dte-text-0000:00:01.0) continue ;; esac
        if [ "$(cat "$R/cmd/$n.rc")" != 0 ] || [ ! -s "$R/cmd/$n.out" ]; then
            echo "$n: exit $(cat "$R/cmd/$n.rc"), $(wc -c < "$R/cmd/$n.out") bytes"; show "$R/cmd/$n.err"; bad=1
        fi
    done
    return $bad
}

chk_dev_dte() {  # R JSONFILE BDF JQPATH: JSON raw == devtbl row
    local R=$1 js=$2 b=$3 path=$4 want got
    want=$(raw_json "$R/raw/devtbl-$b.txt" "$b")
    [ -n "$want" ] || { echo "no devtbl row"; show "$R/raw/devtbl-$b.txt" "$R/raw/devtbl-$b.err"; return 1; }
    got=$(jq -c "$path" "$js" 2>&1)
    [ "$got" = "$want" ] || { echo "amdiommuctl: $got"; echo "devtbl:      $want"; show "$R/raw/devtbl-$b.txt"; return 1; }
}

chk_classes() {  # R CLASS: every device in a DMA group has DTE class CLASS
    local R=$1 cls=$2 b q0 bad=0 mode gv v2levels
    # v2: the levels the driver chose (pgtable_expect, from the full EFR)
    v2levels=$(pgtable_expect "$R" "$FULL_EFR" | awk '{ print $2 }')
    for b in $(cat "$R/bdfs.txt"); do
        [ "$(cat "$R/raw/devtbl-$b.rc")" = 0 ] || continue
        local dj
        dj=$(jq -c --arg b "$b" '.devices[] | select(.bdf == $b) | .dte | {class, levels}' "$R/cmd/devices-json.out" 2>&1)
        q0=$(qword0 "$R/raw/devtbl-$b.txt" "$b")
        mode=$(( (0x$q0 >> 9) & 7 ))
        gv=$(( (0x$q0 >> 54) & 3 ))
        case "$cls" in
        v1)
            [ "$dj" = '{"class":"v1","levels":3}' ] && [ $mode = 3 ] && [ $gv = 0 ] ||
                { echo "$b: amdiommuctl $dj, raw QWORD[0] $q0 (Mode=$mode GV/GIoV=$gv), want v1 levels 3, Mode=3"; bad=1; } ;;
        v2)
            [ "$dj" = "{\"class\":\"v2\",\"levels\":$v2levels}" ] && [ $mode = 0 ] && [ $gv = 3 ] ||
                { echo "$b: amdiommuctl $dj, raw QWORD[0] $q0 (Mode=$mode GV/GIoV=$gv), want v2 levels $v2levels: Mode=0, bits 55,54 set"; bad=1; } ;;
        esac
    done
    return $bad
}

chk_status_pgtable() {  # R EFR: value, levels and source of the DTE-based answer
    local R=$1 want got
    want=$(pgtable_expect "$R" "$2" | awk '{ printf "[\"%s\",%s,\"dte\"]", $1, ($2 == "" ? 3 : $2) }')
    got=$(jq -c '.default_pgtable | [.value, .levels, .source]' "$R/cmd/status-json.out" 2>&1)
    [ "$got" = "$want" ] || { echo "default_pgtable [value, levels, source] $got, want $want (v1: Mode 3)"; return 1; }
    echo "default_pgtable: $got"
}

chk_iommus() {  # R EFR EFR2 PASID
    local R=$1 got
    got=$(jq -c '.iommus[0] | {efr, efr2, pasid: .capabilities.pasid}' "$R/cmd/iommus-json.out" 2>&1)
    jq -e --arg e "$2" --arg e2 "$3" --argjson p "$4" \
        '.iommus[0] | .efr == $e and .efr2 == $e2 and .capabilities.pasid == $p' "$R/cmd/iommus-json.out" >/dev/null 2>&1 ||
        { echo "got $got, want efr $2 efr2 $3 pasid $4"; show "$R/sys/features.txt"; return 1; }
}

# issue 12 #8: the kernel's own EFR (IOMMU_GET_HW_INFO, amd_iommufd_hw_info()
# returns amd_iommu_efr) against show iommus, and max_pasids recomputed from
# it as init.c does: GTSup (EFR bit 4) ? (1 << (PASmax (bits 36:32) + 1)) - 1
# : 0; the device's max_pasid_log2 (iommufd: ilog2 of the device's PASIDs,
# capped by the IOMMU's) can be no larger than ilog2(max_pasids).
chk_max_pasids() {  # R
    local R=$1
    python3 - "$R/alloc/none.out" "$R/cmd/iommus-json.out" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2]))["iommus"][0]
hw = a["hw_info"]; efr = int(hw["efr"], 16)
want = (1 << (((efr >> 32) & 0x1f) + 1)) - 1 if efr & (1 << 4) else 0
ok = int(m["efr"], 16) == efr and m["max_pasids"] == want and \
     hw["max_pasid_log2"] <= (want.bit_length() - 1 if want else 0)
print("hw_info efr %s max_pasid_log2 %d; show iommus efr %s max_pasids %s; want max_pasids %d"
      % (hw["efr"], hw["max_pasid_log2"], m["efr"], m["max_pasids"], want))
sys.exit(0 if ok else 1)
PY
}

chk_dmesg() {  # R PATTERN
    grep -q -- "$2" "$1/dmesg.txt" || { echo "dmesg lacks: $2"; grep -E 'AMD-Vi|iommu' "$1/dmesg.txt" | diag; return 1; }
}

chk_concurrency() {
    local R=$1 i bad=0 ref
    ref=$(jq -S . "$R/cmd/devices-json.out" 2>/dev/null) || { echo "serial run not JSON"; return 1; }
    for i in 1 2 3 4; do
        [ "$(cat "$R/cmd/conc-$i.rc")" = 0 ] || { echo "run $i: exit $(cat "$R/cmd/conc-$i.rc")"; show "$R/cmd/conc-$i.err"; bad=1; continue; }
        [ "$(jq -S . "$R/cmd/conc-$i.out" 2>/dev/null)" = "$ref" ] ||
            { echo "run $i differs from the serial run:"; diff <(echo "$ref") <(jq -S . "$R/cmd/conc-$i.out" 2>&1) | diag; bad=1; }
    done
    return $bad
}

named_busy() {  # BASE: a failed -j read under contention says so (EBUSY)
    # partial data (3): the unavailable list; an error (1): the error object
    jq -e '[.unavailable[]?, .error? // empty] | any(.errno == "EBUSY" and
        ((.hint // .message) | test("kept changing the debugfs devid")))' "$1.out" >/dev/null &&
        return 0
    echo "${1##*/}: the result does not name the contention:"; show "$1.out" "$1.err"; return 1
}

chk_contention() {  # correct DTEs or a contention error, never a wrong DTE
    local R=$1 i b rc bad=0 want got errs=0
    for i in 1 2 3 4 5; do
        rc=$(cat "$R/cmd/contend-$i.rc")
        case "$rc" in 0|1|3) ;; *) echo "contend-$i: exit $rc"; show "$R/cmd/contend-$i.err"; bad=1 ;; esac
        [ "$rc" = 0 ] || { errs=$((errs + 1)); named_busy "$R/cmd/contend-$i" || bad=1; }
        for b in $(cat "$R/bdfs.txt"); do
            want=$(raw_json "$R/raw/devtbl-$b.txt" "$b")
            got=$(jq -c --arg b "$b" '.devices[]? | select(.bdf == $b) | .dte.raw // empty' "$R/cmd/contend-$i.out" 2>/dev/null)
            [ -z "$got" ] || [ "$got" = "$want" ] || { echo "contend-$i: $b WRONG DTE $got, devtbl $want"; bad=1; }
            [ "$rc" = 0 ] && [ -n "$want" ] && [ -z "$got" ] && { echo "contend-$i: exit 0 but no DTE for $b"; bad=1; }
        done
        rc=$(cat "$R/cmd/contend-dte-$i.rc")
        want=$(raw_json "$R/raw/devtbl-0000:00:04.0.txt" 0000:00:04.0)
        got=$(jq -c '.dte.raw // empty' "$R/cmd/contend-dte-$i.out" 2>/dev/null)
        if [ "$rc" = 0 ]; then
            [ "$got" = "$want" ] || { echo "contend-dte-$i: exit 0, DTE $got, devtbl $want"; bad=1; }
        else
            errs=$((errs + 1))
            [ -z "$got" ] || [ "$got" = "$want" ] || { echo "contend-dte-$i: WRONG DTE $got"; bad=1; }
            case "$rc" in 1|3) ;; *) echo "contend-dte-$i: exit $rc"; bad=1 ;; esac
            named_busy "$R/cmd/contend-dte-$i" || bad=1
        fi
    done
    echo "$errs of 10 runs reported contention"
    [ $errs -gt 0 ] && show "$R/cmd/contend-1.err" "$R/cmd/contend-dte-1.err"
    return $bad
}

chk_iommu_self() {
    local R=$1 rc
    rc=$(cat "$R/cmd/iommu-self-dte.rc")
    grep -q 'No such device' "$R/raw/iommu-self-devid.err" ||
        { echo "raw devid write of 00:01.0 did not give ENODEV"; show "$R/raw/iommu-self-devid.err"; return 1; }
    case "$rc" in 1|3|4) ;; *) echo "show dte 0000:00:01.0: exit $rc, want 1, 3 or 4"; show "$R/cmd/iommu-self-dte.out" "$R/cmd/iommu-self-dte.err"; return 1 ;; esac
    if jq -e '.dte.raw' "$R/cmd/iommu-self-dte.out" >/dev/null 2>&1; then
        echo "a DTE was printed for the IOMMU itself"; show "$R/cmd/iommu-self-dte.out"; return 1
    fi
    echo "exit $rc; stderr: $(head -c 300 "$R/cmd/iommu-self-dte.err")"
}

# The default page table the driver picks, from what the guest shows
# (init.c early_amd_iommu_init()): PD_MODE_V2 when amd_iommu=pgtbl_v2 and
# amd_iommu_v2_pgtbl_supported() (FEATURE_GT bit 4 and FEATURE_GIOSUP bit
# 48 of the EFR), else V1; a v2 table has 5 levels when the CPU runs LA57
# and FEATURE_GATS (13:12) is GUEST_PGTABLE_5_LEVEL (1), else 4.
pgtable_expect() {  # R EFR: "v1" or "v2 LEVELS"
    local R=$1 efr=$(($2))
    if grep -qw 'amd_iommu=pgtbl_v2' "$R/sys/cmdline.txt" && [ $(((efr >> 4) & 1)) = 1 ] &&
        [ $(((efr >> 48) & 1)) = 1 ]; then
        if grep -qw la57 "$R/sys/cpuflags.txt" && [ $(((efr >> 12) & 3)) = 1 ]; then echo "v2 5"; else echo "v2 4"; fi
    else
        echo v1
    fi
}

chk_nonroot() {  # R EFR
    local R=$1 rc want got
    rc=$(cat "$R/cmd/nonroot-devices.rc")
    grep -q 'uid=65534' "$R/cmd/nonroot-id.out" || { echo "runas did not drop privileges"; show "$R/cmd/nonroot-id.out"; return 1; }
    # debugfs is mode 0700 (root only): the device table is EACCES for
    # every device, nothing else is missing a DTE for another reason
    got=$(jq -c '[([.devices[].dte] | unique), [.unavailable[] | select(.source | endswith("/devtbl")) | .errno]]' \
        "$R/cmd/nonroot-devices.out" 2>&1)
    [ "$rc" = 3 ] && [ "$got" = '[[null],["EACCES"]]' ] ||
        { echo "exit $rc, [DTEs, devtbl errno] $got; want 3, [[null],[\"EACCES\"]]"; show "$R/cmd/nonroot-devices.out" "$R/cmd/nonroot-devices.err"; return 1; }
    # status without debugfs: partial, says so, and predicts the default
    # page table from the command line and the EFR: exactly
    rc=$(cat "$R/cmd/nonroot-status.rc")
    want=$(pgtable_expect "$R" "$2" | awk '{ printf "[false,\"%s\",%s,\"cmdline+efr\"]", $1, ($2 == "" ? "null" : $2) }')
    got=$(jq -c '[.debugfs.readable, .default_pgtable.value, .default_pgtable.levels, .default_pgtable.source]' \
        "$R/cmd/nonroot-status.out" 2>&1)
    [ "$rc" = 3 ] && [ "$got" = "$want" ] ||
        { echo "non-root status: exit $rc, [debugfs.readable, default_pgtable value, levels, source] $got; want 3, $want"
          show "$R/cmd/nonroot-status.out" "$R/cmd/nonroot-status.err"; return 1; }
    echo "non-root status: $got"
}

chk_monitor_timeout() {  # R: monitor --timeout 1 ends by itself after 1 s
    local R=$1 rc ms
    rc=$(cat "$R/cmd/monitor-timeout.rc" 2>/dev/null)
    ms=$(awk '{ printf "%d", ($2 - $1) * 1000 + 0.5 }' "$R/cmd/monitor-timeout.uptime" 2>/dev/null)
    [ "$rc" = 0 ] || { echo "exit ${rc:-missing}, want 0"; show "$R/cmd/monitor-timeout.err"; return 1; }
    # /proc/uptime has 10 ms steps; TCG is slow to start a process, not to wait
    [ -n "$ms" ] && [ "$ms" -ge 990 ] && [ "$ms" -le 10000 ] ||
        { echo "took ${ms:-?} ms, want 1000 ms (990..10000)"; return 1; }
    if [ -s "$R/cmd/monitor-timeout.out" ]; then
        jq -e -s 'all(.[]; type == "object" and .schema_version == 2)' "$R/cmd/monitor-timeout.out" >/dev/null 2>&1 ||
            { echo "output is not one JSON object per event"; show "$R/cmd/monitor-timeout.out"; return 1; }
    fi
    echo "--timeout 1: exit 0 after $ms ms, $(grep -c . "$R/cmd/monitor-timeout.out") events"
}

chk_identity() {
    local R=$1 b=0000:00:03.0 q0 mode f
    f=$R/raw/devtbl-$b-identity.txt
    [ "$(cat "$R/sys/identity-switch.rc" 2>/dev/null)" = 0 ] && [ "$(cat "$R/sys/identity-type.txt")" = identity ] ||
        { echo "group switch failed"; show "$R/sys/identity-switch.err" "$R/sys/identity-type.txt"; return 1; }
    q0=$(qword0 "$f" "$b"); mode=$(( (0x${q0:-0} >> 9) & 7 ))
    [ -n "$q0" ] && [ $mode = 0 ] && [ $(( 0x$q0 & 3 )) = 3 ] || { echo "raw DTE not identity (V TV Mode=0)"; show "$f"; return 1; }
    [ "$(cat "$R/cmd/identity-dte.rc")" = 0 ] || { echo "show dte: exit $(cat "$R/cmd/identity-dte.rc")"; show "$R/cmd/identity-dte.err"; return 1; }
    local want got
    want=$(raw_json "$f" "$b"); got=$(jq -c '.dte.raw' "$R/cmd/identity-dte.out")
    [ "$got" = "$want" ] || { echo "raw $got != devtbl $want"; return 1; }
    jq -e '.dte.class == "identity"' "$R/cmd/identity-dte.out" >/dev/null ||
        { echo "class $(jq -c .dte.class "$R/cmd/identity-dte.out"), want identity"; show "$R/cmd/identity-dte.out"; return 1; }
    jq -e --arg b "$b" '.devices[] | select(.bdf == $b) | .dte.class == "identity" and (.group_type | ascii_downcase) == "identity"' \
        "$R/cmd/identity-devices.out" >/dev/null 2>&1 ||
        { echo "show devices: $(jq -c --arg b "$b" '.devices[] | select(.bdf == $b) | {group_type, dte: .dte.class}' "$R/cmd/identity-devices.out")"; return 1; }
}

# An independent decoder of one devtbl row for the checks: bash arithmetic
# on the raw qwords (every field masked, so bit 63 is harmless), bit
# positions from drivers/iommu/amd/amd_iommu_types.h (DTE_FLAG_V/TV/HAD/PPR/
# GIOV/GV/IR/IW, DTE_MODE_MASK, DTE_HOST_TRP, DTE_GLX, DTE_DOMID_MASK,
# DTE_FLAG_IOTLB, DTE_GCR3_14_12/30_15/51_31, DEV_ENTRY_SYSMGT1/2,
# DEV_ENTRY_IRQ_TBL_EN, DTE_INTTABLEN_MASK, DTE_IRQ_PHYS_ADDR_MASK,
# DTE_GPT_LEVEL_MASK, DEV_ENTRY_INIT/EINT/NMI_PASS, DTE_IRQ_REMAP_INTCTL_MASK,
# DEV_ENTRY_LINT0/1_PASS; SE 33, SA 34, IoCtl 36:35, Cache 37, SD 38, EX 39
# from the AMD IOMMU specification) and the classes of kernel-interfaces.md
# §3.4.  Prints the JSON object of every field of `show dte -j` that the row
# determines.
dte_expect() {  # Q0 Q1 Q2 (16 hex digits each) IOMMU-INDEX
    local q0=$((16#$1)) q1=$((16#$2)) q2=$((16#$3)) idx=$4
    local v=$((q0 & 1)) tv=$(((q0 >> 1) & 1)) had=$(((q0 >> 7) & 3)) mode=$(((q0 >> 9) & 7))
    local root=$((q0 & 0x000ffffffffff000)) ppr=$(((q0 >> 52) & 1)) gprp=$(((q0 >> 53) & 1))
    local giov=$(((q0 >> 54) & 1)) gv=$(((q0 >> 55) & 1)) glx=$(((q0 >> 56) & 3))
    local ir=$(((q0 >> 61) & 1)) iw=$(((q0 >> 62) & 1))
    local gcr3=$(( (((q0 >> 58) & 7) << 12) | (((q1 >> 16) & 0xffff) << 15) | (((q1 >> 43) & 0x1fffff) << 31) ))
    local gpm=$(((q2 >> 54) & 3)) cls levels=0 pasid_table=0
    if [ $v = 0 ]; then cls=untranslated
    elif [ $tv = 0 ]; then cls=blocked
    elif [ $mode = 7 ]; then cls=invalid
    elif [ $gv = 0 ]; then
        if [ $mode = 0 ]; then
            if [ $ir = 1 ] || [ $iw = 1 ]; then cls=identity; else cls=blocked; fi
        else cls=v1 levels=$mode; fi
    elif [ $mode != 0 ]; then cls=nested levels=$mode
    elif [ $giov = 1 ]; then
        if [ $gpm -gt 1 ]; then cls=invalid; else cls=v2 levels=$((gpm ? 5 : 4)); fi
    elif [ $ir = 1 ] || [ $iw = 1 ]; then cls=identity pasid_table=1
    else cls=invalid; fi
    printf '{"class":"%s","levels":%s,"pasid_table":%s,"iommu":"ivhd%d",' \
        $cls "$( [ $levels = 0 ] && echo null || echo $levels )" "$(tf $pasid_table)" "$idx"
    printf '"v":%s,"tv":%s,"had":%d,"mode":%d,"host_pt_root":"0x%016x","ppr":%s,"gprp":%s,' \
        "$(tf $v)" "$(tf $tv)" $had $mode $root "$(tf $ppr)" "$(tf $gprp)"
    printf '"giov":%s,"gv":%s,"glx":%s,"ir":%s,"iw":%s,' \
        "$(tf $giov)" "$(tf $gv)" "$( [ $gv = 1 ] && echo $glx || echo null )" "$(tf $ir)" "$(tf $iw)"
    printf '"domain_id":%d,"gcr3_root":%s,"iotlb":%s,"se":%s,"sa":%s,"ioctl":%d,' \
        $((q1 & 0xffff)) "$( [ $gv = 1 ] && printf '"0x%016x"' $gcr3 || echo null )" \
        "$(tf $(((q1 >> 32) & 1)))" "$(tf $(((q1 >> 33) & 1)))" "$(tf $(((q1 >> 34) & 1)))" $(((q1 >> 35) & 3))
    printf '"cache":%s,"sd":%s,"ex":%s,"sysmgt":%d,' \
        "$(tf $(((q1 >> 37) & 1)))" "$(tf $(((q1 >> 38) & 1)))" "$(tf $(((q1 >> 39) & 1)))" $(((q1 >> 40) & 3))
    printf '"iv":%s,"int_tab_len":%d,"ig":%s,"irt_root":"0x%016x","guest_paging_mode":%d,' \
        "$(tf $((q2 & 1)))" $(((q2 >> 1) & 0xf)) "$(tf $(((q2 >> 5) & 1)))" $((q2 & 0x000fffffffffffc0)) $gpm
    printf '"init_pass":%s,"eint_pass":%s,"nmi_pass":%s,"int_ctl":%d,"lint0_pass":%s,"lint1_pass":%s}\n' \
        "$(tf $(((q2 >> 56) & 1)))" "$(tf $(((q2 >> 57) & 1)))" "$(tf $(((q2 >> 58) & 1)))" \
        $(((q2 >> 60) & 3)) "$(tf $(((q2 >> 62) & 1)))" "$(tf $(((q2 >> 63) & 1)))"
}
tf() { [ "$1" = 1 ] && echo true || echo false; }

# dte_raw FILE BDF: "Q0 Q1 Q2 IOMMU-INDEX" of the row (devtbl prints QWORD[3] first)
dte_raw() { awk -v b="$2" '$1 == b { sub(/^iommu/, "", $6); print $5, $4, $3, $6; exit }' "$1" 2>/dev/null; }

chk_decode() {  # every field of show dte -j that the raw devtbl row determines
    local R=$1 b got want bad=0 n=0
    for b in $(cat "$R/bdfs.txt"); do
        [ "$(cat "$R/raw/devtbl-$b.rc")" = 0 ] || continue
        # shellcheck disable=SC2046
        want=$(dte_expect $(dte_raw "$R/raw/devtbl-$b.txt" "$b"))
        got=$(jq -c --argjson w "$want" '.dte | with_entries(select(.key as $k | $w | has($k)))' "$R/cmd/dte-json-$b.out" 2>&1)
        if [ "$(jq -S -c . <<< "$got" 2>&1)" != "$(jq -S -c . <<< "$want" 2>&1)" ]; then
            echo "$b: $(jq -rn --argjson w "$want" --argjson g "$got" \
                '[$w | keys[] as $k | select($g[$k] != $w[$k]) | "\($k) \($g[$k]), want \($w[$k])"] | join("; ")' 2>&1 ||
                echo "not a DTE object: $got")"
            bad=1
        fi
        n=$((n + 1))
    done
    [ $n -gt 0 ] || { echo "no devices"; return 1; }
    echo "$n DTEs, $(jq -r 'keys | length' <<< "$want") fields each"
    return $bad
}

# table form: `show dte BDF` records and the DTE columns of `show devices`,
# for every device with a row, against the same independent decoding
chk_tables() {
    local R=$1 b w got want bad=0 n=0
    for b in $(cat "$R/bdfs.txt"); do
        [ "$(cat "$R/raw/devtbl-$b.rc")" = 0 ] || continue
        # shellcheck disable=SC2046
        w=$(dte_expect $(dte_raw "$R/raw/devtbl-$b.txt" "$b"))
        # null -> "-", booleans -> 1/0, as the tables print them
        want=$(jq -r '[.class, .mode, .host_pt_root, .domain_id, .ir, .iw, .gv, .giov, .ppr, .had,
                .glx, .gcr3_root, .iv, .int_tab_len, .irt_root, .int_ctl, .guest_paging_mode, .levels]
                | map(if . == null then "-" elif . == true then 1 elif . == false then 0 else . end)
                | map(tostring) | join("|")' <<< "$w")
        got=$(for k in class Mode "host PT root" DomainID IR IW GV GIoV PPR HAD GLX "GCR3 root" IV \
                IntTabLen "IRT root" IntCtl "guest paging" levels; do
                table_record "$k" < "$R/cmd/dte-text-$b.out"; done | paste -sd'|')
        [ "$got" = "$want" ] || { echo "$b show dte (table): $got"; echo "$b expected:          $want"; bad=1; }
        want=$(jq -r '[.class, .levels, .domain_id, .gcr3_root, .glx, .had, .ppr, .iotlb]
                | map(if . == null then "-" elif . == true then 1 elif . == false then 0 else . end)
                | map(tostring) | join("|")' <<< "$w")
        got=$(for k in DTE LVL DOMID GCR3 GLX HAD PPR IOTLB; do
                table_cell "$b" "$k" < "$R/cmd/devices-text.out"; done | paste -sd'|')
        [ "$got" = "$want" ] || { echo "$b show devices (table): $got"; echo "$b expected:              $want"; bad=1; }
        n=$((n + 1))
    done
    [ $n -gt 0 ] || { echo "no devices"; return 1; }
    echo "$n devices, show dte and show devices tables"
    return $bad
}

chk_groups() {  # show groups -j == /sys/kernel/iommu_groups
    local R=$1 js=${2:-groups-json} want got
    want=$(sort -n "$R/sys/groups.txt" | sed 's/ *$//')
    got=$(jq -r '.groups[] | "\(.group) \(.type) \(.devices | join(" "))"' "$R/cmd/$js.out" 2>&1 | sort -n)
    [ "$got" = "$want" ] || { echo "amdiommuctl:"; diag <<< "$got"; echo "sysfs:"; diag <<< "$want"; return 1; }
}

# ---- the IVRS table: show ivrs against the generator and the kernel ----
# (guest-ivrs.sh writes $R/ivrs/; J is its `show ivrs -j`)
IVRS_FW_RE='\[Firmware (Bug|Warn|Info)\]|IVRS|IOAPIC|southbridge|Disabling interrupt remapping|EFR mismatch|inconsistent EFR|Command-line override|Invalid (HID|UID|IVHD)|Host Address Translation|Stoney|Enabling fixed DMA alias'

klog() {  # R: the kernel log without timestamps
    sed 's/^\[[^]]*\] //' "$1/dmesg.txt" 2>/dev/null
}
# The kernel's firmware-related lines: AMD-Vi lines naming the table, the
# IOAPICs, the EFR or an override, and the PCI DMA alias lines.
fw_lines() {  # R
    klog "$1" | grep -E 'AMD-Vi|Enabling fixed DMA alias' | grep -E "$IVRS_FW_RE"
}
finding_lines() {  # J: every line of every finding's driver_message
    jq -r '.findings[].driver_message // empty' "$1"
}

# The kernel parameters the findings suggest ("Try ivrs_...=... on the kernel command line").
suggested_params() {  # R
    jq -r '.findings[].advice // empty' "$1/ivrs/cmd/ivrs-json.out" 2>/dev/null |
        grep -oE 'Try ivrs_(ioapic|hpet|acpihid)=[^ ]+ on the kernel' | awk '{ print $2 }' | sort -u | paste -sd' ' | grep .
}

chk_ivrs_json() {  # R
    local R=$1 rc
    rc=$(cat "$R/ivrs/cmd/ivrs-json.rc" 2>/dev/null)
    [ "$rc" = 0 ] && jq -e '.schema_version == 2 and (.findings | type == "array")' "$R/ivrs/cmd/ivrs-json.out" >/dev/null 2>&1 ||
        { echo "show ivrs -j: exit ${rc:-missing}"; show "$R/ivrs/cmd/ivrs-json.err" "$R/ivrs/cmd/ivrs-json.out"; return 1; }
    for n in ivrs-text ivrs-verbose; do
        [ "$(cat "$R/ivrs/cmd/$n.rc")" = 0 ] && [ -s "$R/ivrs/cmd/$n.out" ] ||
            { echo "$n: exit $(cat "$R/ivrs/cmd/$n.rc")"; show "$R/ivrs/cmd/$n.err"; return 1; }
    done
    echo "$(jq -r '[.findings[] | "\(.severity) \(.rule)"] | join(", ")' "$R/ivrs/cmd/ivrs-json.out")"
}

# The table the guest saw is the one built, and show ivrs decodes it as the
# generator built it (ivrs-override.c writes OUT.expect.json from its own model).
chk_ivrs_decode() {  # R BASE
    local R=$1 b=$2 want got
    cmp -s "$R/ivrs/ivrs.bin" "$TMP/ovr-$b.bin" ||
        { echo "the guest's IVRS is not the table built for $b"; return 1; }
    want=$(jq -S -c . "$TMP/ovr-$b.bin.expect.json" 2>&1)
    got=$(jq -S -c '{length: .ivrs.header.length, checksum: .ivrs.header.checksum,
        oem_revision: .ivrs.header.oem_revision, ivinfo: .ivrs.header.ivinfo,
        ivhds: [.ivrs.ivhds[] | {offset, type, length, bdf, efr_image, efr2_image,
            entries: [.entries[] | {offset, type, bdf, handle, variety, alias_bdf}]}],
        ivmds: [.ivrs.ivmds[] | {offset, type, flags, bdf, start_address, memory_length}]}' \
        "$R/ivrs/cmd/ivrs-json.out" 2>&1)
    [ "$got" = "$want" ] || { echo "show ivrs: $got"; echo "generator: $want"; return 1; }
    echo "$(jq '[.ivhds[].entries[]] | length' <<< "$want") entries, $(jq '.ivmds | length' <<< "$want") IVMDs, $(jq .length <<< "$want") bytes"
}

# Every firmware line of the kernel log is a line some finding predicts.
chk_ivrs_explained() {  # R
    local R=$1 J=$1/ivrs/cmd/ivrs-json.out l bad=0 n=0 known
    known=$(finding_lines "$J")
    while IFS= read -r l; do
        n=$((n + 1))
        grep -qxF -- "$l" <<< "$known" || { echo "unexplained: $l"; bad=1; }
    done < <(fw_lines "$R")
    [ $bad = 0 ] || { echo "the findings predict:"; diag <<< "$known"; return 1; }
    echo "$n firmware lines in the kernel log, all explained"
}

# Every kernel line a finding predicts is in the kernel log.
chk_ivrs_predicted() {  # R
    local R=$1 l bad=0 n=0 log
    log=$(klog "$R")
    while IFS= read -r l; do
        [ -n "$l" ] || continue
        n=$((n + 1))
        grep -qxF -- "$l" <<< "$log" || { echo "predicted, not logged: $l"; bad=1; }
    done < <(finding_lines "$R/ivrs/cmd/ivrs-json.out")
    [ $bad = 0 ] || { grep -E 'AMD-Vi' <<< "$log" | diag; return 1; }
    echo "$n predicted lines, all logged"
}

# Interrupt remapping is off exactly when an error finding turns it off.
chk_ivrs_ir() {  # R
    local R=$1 J=$1/ivrs/cmd/ivrs-json.out off rule got
    off=$(jq -r '[.findings[] | select(.severity == "error" and .turns_off == "interrupt_remapping") | .rule] | first // empty' "$J")
    if [ -n "$off" ]; then
        klog "$R" | grep -x >/dev/null 'AMD-Vi: Disabling interrupt remapping' && ! grep -q 'IR-IO-APIC' "$R/ivrs/interrupts.txt" ||
            { echo "finding $off says IR is off; the kernel:"; klog "$R" | grep -i 'remapping' | diag; grep -m3 IO-APIC "$R/ivrs/interrupts.txt" | diag; return 1; }
        # status names the finding behind its "no"
        got=$(jq -c '[.interrupt_remapping.value, ([.reasons[] | select(.topic == "interrupt_remapping") | .finding] | first)]' \
            "$R/ivrs/cmd/status-json.out" 2>&1)
        [ "$got" = "[false,\"$off\"]" ] || { echo "status [interrupt_remapping, finding] $got, want [false,\"$off\"]"; return 1; }
        echo "IR off ($off), status names it"
    else
        klog "$R" | grep -x >/dev/null 'AMD-Vi: Interrupt remapping enabled' && grep -q 'IR-IO-APIC' "$R/ivrs/interrupts.txt" ||
            { echo "no finding turns IR off; the kernel:"; klog "$R" | grep -i 'remapping' | diag; return 1; }
        echo "IR on, no finding turns it off"
    fi
}

# Each IVMD unity range of a function is a "direct" reserved region of its
# group, and each direct region comes from one.
chk_ivrs_resv() {  # R
    local R=$1 J=$1/ivrs/cmd/ivrs-json.out g devs want got bad=0 n=0
    while read -r g _ devs; do
        want=$(for b in $devs; do
                jq -r --arg b "$b" '.resolved.functions[] | select(.bdf == $b) | .ivmds[] | "\(.start) \(.end)"' "$J"
               done | sort -u)
        got=$(awk '$3 == "direct" { print $1, $2 }' "$R/ivrs/resv-$g.txt" | sort -u)
        [ "$got" = "$want" ] || { echo "group $g ($devs): show ivrs [$want], reserved_regions [$got]"; bad=1; }
        n=$((n + $(grep -c . <<< "$want")))
    done < "$R/ivrs/groups.txt"
    [ $bad = 0 ] && echo "$n unity ranges == direct regions"
}

# The EFR: sysfs features is the global EFR show ivrs computes, and the
# kernel's "Using global IVHD EFR" line is its EFR before PCI init.
chk_ivrs_efr() {  # R
    local R=$1 J=$1/ivrs/cmd/ivrs-json.out e e2 want got
    read -r e e2 < <(jq -r '.resolved.efr_decision | "\(.efr) \(.efr2)"' "$J")
    got=$(tr ':' ' ' < "$R/ivrs/features.txt" | head -n 1)
    want=$(printf '%x %x' $((e)) $((e2)))
    [ "$got" = "$want" ] || { echo "sysfs features $got, show ivrs efr/efr2 $want"; return 1; }
    read -r e e2 < <(jq -r '.resolved.efr_decision | "\(.early_efr) \(.early_efr2)"' "$J")
    want=$(printf 'AMD-Vi: Using global IVHD EFR:0x%x, EFR2:0x%x' $((e)) $((e2)))
    klog "$R" | grep -xF >/dev/null "$want" || { echo "want: $want"; klog "$R" | grep 'global IVHD EFR' | diag; return 1; }
    echo "features $got; $want"
}

# A function the table aliases on its own bus shares the alias's IOMMU group.
chk_ivrs_alias() {  # R
    local R=$1 J=$1/ivrs/cmd/ivrs-json.out b a n=0
    while read -r b a; do
        n=$((n + 1))
        grep -E " $b( |$)" "$R/ivrs/groups.txt" | grep -E " $a( |$)" >/dev/null ||
            { echo "$b (alias $a): groups"; diag < "$R/ivrs/groups.txt"; return 1; }
    done < <(jq -r '.resolved.functions[] | select(.alias_bdf != null and .alias_bdf[0:7] == .bdf[0:7]) | "\(.bdf) \(.alias_bdf)"' "$J")
    echo "$n aliased functions"
}

chk_ivrs_replay() {  # R
    local R=$1 f
    for f in json text; do
        cmp -s "$R/ivrs/cmd/ivrs-$f.out" "$R/ivrs/cmd/replay-$f.out" &&
            [ "$(cat "$R/ivrs/cmd/replay-$f.rc")" = "$(cat "$R/ivrs/cmd/ivrs-$f.rc")" ] ||
            { diff "$R/ivrs/cmd/ivrs-$f.out" "$R/ivrs/cmd/replay-$f.out" | diag 20; return 1; }
    done
}

# What the suggested parameter did: the lines of the findings that
# suggested it, gone from the kernel log or not (recorded, not judged:
# the checks above judge whether show ivrs predicted it).
param_outcome() {  # CFG (a -param boot)
    local cfg=$1 b base R=$TMP/res/$1 l gone=0 stay=0
    b=$(base_cfg "$cfg"); base=$b; [ "$b" = stock ] && base=stock-default
    while IFS= read -r l; do
        [ -n "$l" ] || continue
        if klog "$R" | grep -xF >/dev/null -- "$l"; then stay=$((stay + 1)); log "  still logged: $l"
        else gone=$((gone + 1)); log "  gone: $l"; fi
    done < <(jq -r --arg p "$(cat "$TMP/param-$b.txt")" \
        '.findings[] | select((.advice // "") | contains($p)) | .driver_message // empty' \
        "$TMP/res/$base/ivrs/cmd/ivrs-json.out" 2>/dev/null)
    log "$cfg: $(cat "$TMP/param-$b.txt"): $gone kernel line(s) of the findings gone, $stay still logged; IR $(grep -q IR-IO-APIC "$R/ivrs/interrupts.txt" 2>/dev/null && echo on || echo off)"
}

check_ivrs() {
    local cfg=$1 R=$TMP/res/$1 b
    b=$(base_cfg "$cfg")
    if [ ! -e "$R/ivrs/COMPLETE" ]; then
        notok "$cfg: IVRS guest script completed"; show "$R/guest-ivrs.log" "$R/guest-test.log"; return
    fi
    check "$cfg: show ivrs exits 0 (JSON, text, -v)" chk_ivrs_json "$R"
    check "$cfg: show ivrs decodes the table exactly as ivrs-override built it" chk_ivrs_decode "$R" "$b"
    check "$cfg: every AMD-Vi firmware line of the kernel log is explained by a finding" chk_ivrs_explained "$R"
    check "$cfg: every kernel line a finding predicts was logged" chk_ivrs_predicted "$R"
    check "$cfg: interrupt remapping on/off as the findings say (status names the finding)" chk_ivrs_ir "$R"
    check "$cfg: IVMD unity ranges == the groups' direct reserved regions" chk_ivrs_resv "$R"
    check "$cfg: sysfs features and the kernel's global EFR line == show ivrs' EFR decision" chk_ivrs_efr "$R"
    check "$cfg: aliased functions share the alias's IOMMU group" chk_ivrs_alias "$R"
    check "$cfg: show ivrs replayed from a snapshot equals the live run" chk_ivrs_replay "$R"
    case "$cfg" in *-param) param_outcome "$cfg" ;; esac
}

seconds_summary() {
    local d
    for d in "$TMP"/boot-*/seconds; do
        [ -e "$d" ] && log "boot seconds: $(basename "$(dirname "$d")" | sed 's/^boot-//') $(cat "$d")"
    done
}

# issue 12: every JSON document the guest printed validates against its
# schema in doc/schema (tests/cli/schema-check.py, the validator of
# tests/cli/schema.sh) and no key name has two JSON types.  Files whose name
# says the command; monitor and show events --follow print one object per
# line (monitor has a schema, each line is checked).
schema_of() {  # FILE NAME (without .out): the schema, or nothing
    case $1 in
    status-json|status-pretty|identity-status|nonroot-status|replay-*-status-json) echo status ;;
    iommus-json|replay-*-iommus-json) echo show-iommus ;;
    devices-json|devices-json-sel|identity-devices|nonroot-devices|contend-[0-9]*|conc-[0-9]*|replay-*-devices-json) echo show-devices ;;
    groups-json|identity-groups|replay-*-groups-json) echo show-groups ;;
    domains-json|replay-*-domains-json) echo show-domains ;;
    dte-json-*|identity-dte|iommu-self-dte|contend-dte-*|replay-*-dte-json) echo show-dte ;;
    replay-*-irt-json) echo show-irt ;;
    replay-*-cmdbuf-json) echo show-cmdbuf ;;
    events-json|events-summary|replay-*-events-json) echo show-events ;;
    snapshot-info) echo snapshot ;;
    metrics-o) echo metrics ;;
    esac
}
chk_schema() {  # R
    local R=$1 d f n s i=0 out
    command -v python3 >/dev/null && python3 -c 'import jsonschema' 2>/dev/null ||
        { echo "python3-jsonschema is missing"; return 1; }
    d=$(mktemp -d)
    for f in "$R"/cmd/*.out; do
        n=$(basename "$f" .out)
        s=$(schema_of "$n")
        [ -n "$s" ] && [ -s "$f" ] || continue
        i=$((i + 1)); cp "$f" "$d/$i.json"
        printf '%s\t%s\t%s\n' "$i.json" "$s" "cmd/$n" >> "$d/MANIFEST"
    done
    for f in "$R"/alloc/*.out "$R"/check/*.out; do
        [ -s "$f" ] && head -c 1 "$f" | grep -q '{' || continue
        n=${f#"$R"/}
        case $n in alloc/*) s=alloc ;; *) s=check ;; esac
        # one document per file (alloc --matrix -j prints one object)
        jq -e . "$f" >/dev/null 2>&1 && [ "$(jq -s length "$f")" = 1 ] || continue
        i=$((i + 1)); cp "$f" "$d/$i.json"
        printf '%s\t%s\t%s\n' "$i.json" "$s" "$n" >> "$d/MANIFEST"
    done
    if [ -s "$R/cmd/monitor.out" ]; then
        while IFS= read -r line; do
            i=$((i + 1)); printf '%s\n' "$line" > "$d/$i.json"
            printf '%s\t%s\t%s\n' "$i.json" monitor "cmd/monitor.out line" >> "$d/MANIFEST"
        done < "$R/cmd/monitor.out"
    fi
    out=$(python3 "$TOP/tests/cli/schema-check.py" "$TOP/doc/schema" "$d" 2>&1)
    rm -rf "$d"
    echo "$i documents"
    if printf '%s\n' "$out" | grep -q 'not ok' || ! printf '%s\n' "$out" | grep -qx 'keys ok'; then
        printf '%s\n' "$out" | grep -v '	ok$' | head -20
        return 1
    fi
}

check_config() {
    local cfg=$1 R=$TMP/res/$1 n b
    local console=$TMP/boot-$cfg/console.txt
    if [ "$cfg" = stock-wrongdevid ]; then
        check "$cfg: $WRONG_DEVID_PARAM: interrupt remapping on, the timer fails, the kernel panics" \
            grep -q "Kernel panic - not syncing: timer doesn't work through Interrupt-remapped IO-APIC" "$console"
        return
    fi
    if [ ! -e "$R/COMPLETE" ]; then
        notok "$cfg: boot and guest tests completed"
        show "$R/TIMEOUT" "$R/guest-test.log"
        echo "#   --- console (tail)"; tail -n 40 "$console" 2>/dev/null | diag
        return
    fi
    ok "$cfg: boot and guest tests completed"
    if [ -e "$R/NO-AMDIOMMUCTL" ]; then notok "$cfg: amdiommuctl present in the guest"; return; fi
    # check-*: a boot for `check` alone (tests/vm/check-vm.sh)
    case "$cfg" in check-*) check_check "$cfg"; return ;; esac
    case "$cfg" in ivrs-*|*-param) check_ivrs "$cfg"; return ;; esac
    for n in status-json:"status -j" status-pretty:"status -j -p" iommus-json:"show iommus -j" \
             devices-json:"show devices -j" groups-json:"show groups -j" domains-json:"show domains -j" \
             devices-json-sel:"show devices -j BDF BDF"; do
        check "$cfg: ${n#*:} exits 0 with schema_version 2" chk_json_cmd "$R" "${n%%:*}"
    done
    check "$cfg: every JSON document validates against doc/schema, one type per key" chk_schema "$R"
    check "$cfg: show devices -j BDF BDF lists just those" \
        test "$(jq -c '[.devices[].bdf]' "$R/cmd/devices-json-sel.out" 2>&1)" = '["0000:00:02.0","0000:00:04.0"]'
    check "$cfg: table forms exit 0 with output" chk_text_forms "$R"
    check "$cfg: show groups == /sys/kernel/iommu_groups" chk_groups "$R"
    check "$cfg: show dte -j: every field == an independent decoding of the devtbl row" chk_decode "$R"
    check "$cfg: show dte and show devices tables == the same decoding" chk_tables "$R"
    for b in $(cat "$R/bdfs.txt"); do
        if [ "$(cat "$R/raw/devtbl-$b.rc")" != 0 ]; then
            check "$cfg: $b has no DTE in show devices (devid ENODEV)" \
                bash -c "! jq -e --arg b $b '.devices[] | select(.bdf == \$b) | .dte.raw | arrays' '$R/cmd/devices-json.out' >/dev/null 2>&1"
            continue
        fi
        check "$cfg: $b show devices DTE == debugfs devtbl" chk_dev_dte "$R" "$R/cmd/devices-json.out" "$b" \
            ".devices[] | select(.bdf == \"$b\") | .dte.raw"
        check "$cfg: $b show dte -j DTE == debugfs devtbl" chk_dev_dte "$R" "$R/cmd/dte-json-$b.out" "$b" '.dte.raw'
    done
    case "$cfg" in
    stock-*)
        check "$cfg: DTE class v1, 3 levels (Mode=3)" chk_classes "$R" v1
        check "$cfg: status default_pgtable v1, 3 levels, from a DTE" chk_status_pgtable "$R" "$STOCK_EFR"
        check "$cfg: show iommus efr/efr2/pasid" chk_iommus "$R" 0x00000000000029d3 0x0000000000000000 false ;;
    full-default)
        check "$cfg: DTE class v1, 3 levels (Mode=3)" chk_classes "$R" v1
        check "$cfg: status default_pgtable v1, 3 levels, from a DTE" chk_status_pgtable "$R" "$FULL_EFR" ;;
    full-pgtbl_v2)
        check "$cfg: DTE class v2 (GV GIoV, Mode=0), levels from LA57 and GATS" chk_classes "$R" v2
        check "$cfg: status default_pgtable v2, levels from LA57 and GATS, from a DTE" chk_status_pgtable "$R" "$FULL_EFR" ;;
    esac
    case "$cfg" in
    full-*)
        check "$cfg: show iommus efr/efr2/pasid" chk_iommus "$R" "$FULL_EFR" 0x0000000000000008 true
        check "$cfg: kernel used the IVRS override" chk_dmesg "$R" "Using global IVHD EFR:0x17000f000059d3, EFR2:0x8"
        check "$cfg: guest IVRS is the override table" cmp "$R/ivrs.bin" "$TMP/ovr-full.bin" ;;
    esac
    case "$cfg" in
    stock-pgtbl_v2) check "$cfg: kernel fell back to v1" chk_dmesg "$R" "Fallback to v1" ;;
    full-pgtbl_v2) check "$cfg: kernel enabled the v2 page table" chk_dmesg "$R" "V2 page table enabled" ;;
    esac
    check "$cfg: 4 concurrent show devices == serial run" chk_concurrency "$R"
    check "$cfg: devid contention gives correct DTEs or an error" chk_contention "$R"
    check "$cfg: show dte 0000:00:01.0 (IOMMU, ENODEV) fails cleanly" chk_iommu_self "$R"
    check "$cfg: non-root: devtbl EACCES (exit 3), status predicts the exact default page table" chk_nonroot "$R" \
        "$(case $cfg in stock-*) echo "$STOCK_EFR" ;; *) echo "$FULL_EFR" ;; esac)"
    check "$cfg: usage error exits 2" test "$(cat "$R/cmd/usage-bad-cmd.rc")" = 2
    if [ -e "$R/sys/identity-switch.rc" ]; then
        check "$cfg: group of 00:03.0 switched to identity, DTE identity" chk_identity "$R"
    fi
    check "$cfg: snapshot captured (exit 0) and --info names the kernel" chk_snapinfo "$R"
    check "$cfg: monitor --timeout 1 ends by itself after 1 s (exit 0)" chk_monitor_timeout "$R"
    check "$cfg: monitor -j saw bind (vfio-pci) and unbind of 00:04.0, each with the group type and DTE class/DomainID, exit 0" chk_monitor "$R"
    check "$cfg: metrics exits 0 (live, -o, after the fault) and promtool check metrics accepts each" chk_metrics "$R"
    check "$cfg: metrics replayed from the snapshot == live (but duration and lost records)" chk_metrics_replay "$R"
    check "$cfg: diff of the boot's snapshot with itself: exit 0, no change" chk_diff_self "$R"
    check "$cfg: show events --follow printed the log's events one JSON object a line, SIGINT: exit 0" chk_follow "$R"
    check "$cfg: AMD-Vi events per device and type in metrics and show events --summary == the kernel log counted here" chk_event_counts "$R"
    real_event "$cfg" "$R"
    for n in status iommus devices groups domains dte irt cmdbuf events; do
        check "$cfg: replay of $n equals the live run (JSON, table, exit code)" chk_replay "$R" "$n"
    done
    check_alloc "$cfg"
    check_check "$cfg"
    check_ivrs "$cfg"
}

chk_monitor() {  # R: cmd/monitor.{out,err,rc} from guest-test.sh
    local R=$1 f=$1/cmd/monitor.out rc want got a
    rc=$(cat "$R/cmd/monitor.rc" 2>/dev/null)
    [ "$rc" = 0 ] || { echo "monitor exit ${rc:-missing}, want 0"; show "$R/cmd/monitor.err" "$f"; return 1; }
    [ -s "$f" ] || { echo "monitor printed nothing"; show "$R/cmd/monitor.err"; return 1; }
    jq -e . "$f" >/dev/null 2>&1 && [ "$(jq -c . "$f" | wc -l)" = "$(wc -l < "$f")" ] ||
        { echo "not one valid JSON object per line"; show "$f"; return 1; }
    jq -se 'any(.[]; .schema_version == 2 and .action == "bind" and .bdf == "0000:00:04.0" and
            .driver == "vfio-pci" and (.dte | type == "object") and (.dte.class | type == "string"))' "$f" >/dev/null ||
        { echo "no bind event for 0000:00:04.0 with driver vfio-pci and a dte object"; show "$f" "$R/cmd/monitor.err"; return 1; }
    jq -se 'any(.[]; .action == "unbind" and .bdf == "0000:00:04.0")' "$f" >/dev/null ||
        { echo "no unbind event for 0000:00:04.0"; show "$f"; return 1; }
    # after bind and after unbind: the group type and the DTE (class,
    # DomainID) that show devices read for 00:04.0 before (vfio-pci binding
    # alone does not change the domain)
    want=$(jq -c '.devices[] | select(.bdf == "0000:00:04.0") | [.group_type, .dte.class, .dte.domain_id]' \
        "$R/cmd/devices-json.out")
    for a in bind unbind; do
        got=$(jq -c --arg a "$a" 'select(.action == $a and .subsystem == "pci" and .bdf == "0000:00:04.0") |
            [.group_type, .dte.class, .dte.domain_id]' "$f" | head -n 1)
        [ -n "$want" ] && [ "$got" = "$want" ] ||
            { echo "$a event: [group_type, class, domain_id] $got, show devices $want"; show "$f"; return 1; }
    done
    echo "$(wc -l < "$f") events: $(jq -r '"\(.action)/\(.subsystem)"' "$f" | tr '\n' ' ')"
}

# ---- fleet: metrics, diff, events ----
strip_volatile() { grep -v -e '^amdiommuctl_collect_duration_seconds ' -e '^amdiommuctl_kernel_log_lost_records ' "$1"; }

chk_metrics() {  # R
    local R=$1 f bad=0 n want
    command -v promtool >/dev/null || { echo "promtool is not installed (apt-get install prometheus)"; return 1; }
    for f in metrics metrics-after replay-live-metrics; do
        [ "$(cat "$R/cmd/$f.rc" 2>/dev/null)" = 0 ] || { echo "$f: exit $(cat "$R/cmd/$f.rc" 2>/dev/null)"; show "$R/cmd/$f.err"; bad=1; }
    done
    for f in "$R/cmd/metrics.out" "$R/cmd/metrics-after.out" "$R/cmd/metrics-file.prom"; do
        out=$(promtool check metrics < "$f" 2>&1) && [ -z "$out" ] || { echo "promtool on ${f##*/}:"; echo "$out" | diag 10; bad=1; }
    done
    [ "$(cat "$R/cmd/metrics-o.rc")" = 0 ] && jq -e '.metrics.series > 0' "$R/cmd/metrics-o.out" >/dev/null 2>&1 ||
        { echo "metrics -o -j: exit $(cat "$R/cmd/metrics-o.rc")"; show "$R/cmd/metrics-o.out" "$R/cmd/metrics-o.err"; bad=1; }
    grep -q '^-rw-r--r-- .* amdiommuctl.prom$' "$R/cmd/metrics-dir.txt" && [ "$(grep -c . "$R/cmd/metrics-dir.txt")" -le 2 ] ||
        { echo "-o: not one file of mode 0644:"; show "$R/cmd/metrics-dir.txt"; bad=1; }
    grep -q '^amdiommuctl_kernel_log_lost_records [0-9]' "$R/cmd/metrics.out" || { echo "no lost-records gauge on a live host"; bad=1; }
    ! grep -q '^amdiommuctl_source_available{source="[a-z]*"} 0' "$R/cmd/metrics.out" ||
        { echo "a source unavailable:"; grep source_available "$R/cmd/metrics.out" | diag; bad=1; }
    # one translation series per function whose devtbl row could be read
    want=0
    for b in $(cat "$R/bdfs.txt"); do [ "$(cat "$R/raw/devtbl-$b.rc")" = 0 ] && want=$((want + 1)); done
    n=$(grep -c '^amdiommuctl_device_translation_info{' "$R/cmd/metrics.out")
    [ "$n" = "$want" ] || { echo "$n translation series, $want functions with a DTE"; bad=1; }
    echo "$(grep -c '^amdiommuctl_' "$R/cmd/metrics.out") series, $n devices"
    return $bad
}

chk_metrics_replay() {  # R
    local R=$1
    diff <(strip_volatile "$R/cmd/replay-live-metrics.out") <(strip_volatile "$R/cmd/replay-snap-metrics.out") | diag 20
    [ "${PIPESTATUS[0]}" = 0 ] && cmp -s "$R/cmd/replay-live-metrics.rc" "$R/cmd/replay-snap-metrics.rc"
}

chk_diff_self() {  # R
    local out rc
    out=$("$CTL" diff "$1/host.snap" "$1/host.snap" 2>&1); rc=$?
    [ $rc = 0 ] && [ "$out" = "no differences" ] || { echo "exit $rc: $out" | diag; return 1; }
}

# "device type count" of the AMD-Vi events in a raw /dev/kmsg dump, counted
# by the kernel's rules (iommu.c): the kernel's own records only (facility 0,
# PRI < 8: devkmsg_write() gives what processes write another facility);
# the device is device= or the "DRIVER BDF: " prefix of dev_err()/pci_err(),
# "none" without one; a "Device not attached" line and its "device=" line
# are one IO_PAGE_FAULT.
kmsg_events() {  # FILE
    awk '
    /^[^ ]/ {
        semi = index($0, ";"); if (!semi) next
        split(substr($0, 1, semi - 1), h, ","); msg = substr($0, semi + 1)
        if (h[1] + 0 >= 8) next
        if (pend && match(msg, /AMD-Vi: +device=[0-9a-f:.]+/)) {
            d = substr(msg, RSTART, RLENGTH); sub(/.*device=/, "", d)
            n[d " IO_PAGE_FAULT"]++; pend = 0; next
        }
        if (pend) { n["none IO_PAGE_FAULT"]++; pend = 0 }
        p = index(msg, "AMD-Vi: Event logged ["); if (!p) next
        rest = substr(msg, p + 22)
        if (rest ~ /^Device not attached/) { pend = 1; next }
        t = rest; sub(/[ \]].*/, "", t)
        if (match(rest, /device=[0-9a-f:.]+/)) { d = substr(rest, RSTART + 7, RLENGTH - 7) }
        else { pre = substr(msg, 1, p - 1); sub(/: $/, "", pre); sub(/.* /, "", pre)
               d = (pre ~ /^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]\.[0-7]$/) ? pre : "none" }
        n[d " " t]++
    }
    END { if (pend) n["none IO_PAGE_FAULT"]++; for (k in n) print k, n[k] }' "$1" | sort
}

chk_event_counts() {  # R
    local R=$1 want got sum bad=0
    want=$(kmsg_events "$R/raw/kmsg.txt")
    got=$(sed -n 's/^amdiommuctl_events_total{device="\([^"]*\)",type="\([^"]*\)"} \([0-9]*\)$/\1 \2 \3/p' \
        "$R/cmd/metrics-after.out" | sort)
    [ "$got" = "$want" ] || { echo "metrics:"; echo "$got" | diag; echo "kernel log:"; echo "$want" | diag; bad=1; }
    got=$(jq -r '.summary.events[] | "\(.device // "none") \(.type) \(.count)"' "$R/cmd/events-summary.out" | sort)
    [ "$got" = "$want" ] || { echo "show events --summary:"; echo "$got" | diag; bad=1; }
    # the lines a process wrote are in the log (PRI 11, 12), and not counted
    grep -q '^11,[0-9]*,[0-9]*,[^;]*;AMD-Vi: Event logged \[IO_PAGE_FAULT device=0000:00:03.0' "$R/raw/kmsg.txt" ||
        { echo "the injected event line is not in the log"; bad=1; }
    sum=$(awk -F';' '$1 ~ /^[0-7],/ && $2 ~ /^amd_iommu_report_page_fault: [0-9]+ callbacks suppressed$/ { split($2, w, " "); s += w[2] } END { print s + 0 }' "$R/raw/kmsg.txt")
    grep -qx "amdiommuctl_ratelimit_suppressed_total{function=\"amd_iommu_report_page_fault\"} $sum" "$R/cmd/metrics-after.out" ||
        { echo "suppressed: kernel log $sum, metrics: $(grep 'function="amd_iommu_report_page_fault"' "$R/cmd/metrics-after.out")"; bad=1; }
    echo "events: $(echo "$want" | tr '\n' ';')"
    return $bad
}

chk_follow() {  # R
    local R=$1 f=$1/cmd/follow.out want got
    [ "$(cat "$R/cmd/follow.rc")" = 0 ] || { echo "exit $(cat "$R/cmd/follow.rc")"; show "$R/cmd/follow.err"; return 1; }
    [ ! -s "$R/cmd/follow.err" ] || { show "$R/cmd/follow.err"; return 1; }
    [ ! -s "$f" ] || { jq -e . "$f" >/dev/null 2>&1 && [ "$(jq -c . "$f" | wc -l)" = "$(wc -l < "$f")" ]; } ||
        { echo "not one JSON object a line"; show "$f"; return 1; }
    want=$(jq -r '.events[] | "\(.seq) \(.type) \(.device)"' "$R/cmd/events-json.out")
    got=$(jq -r 'select(.schema_version == 2) | "\(.seq) \(.type) \(.device)"' "$f")
    [ "$got" = "$want" ] || { echo "--follow:"; echo "$got" | diag; echo "show events:"; echo "$want" | diag; return 1; }
    echo "$(echo "$got" | grep -c .) events followed"
}

# A real IOMMU event: the NVMe controller DMAs through a DTE whose DomainID
# bit 8 (and, full profile, HAD bit 7) older QEMU amd_iommu.c took for
# reserved bits (tests/vm/dmafault.c).  When QEMU translates the DMA (the
# completion arrives) it logs nothing: skipped, said why.
real_event() {  # CFG R
    local cfg=$1 R=$2 nvme n desc
    desc="$cfg: a real IOMMU event (ILLEGAL_DEV_TABLE_ENTRY) from an NVMe DMA through a DTE QEMU may call reserved"
    nvme=$(cat "$R/sys/nvme.txt")
    n=$(grep -c "^[0-7],[0-9]*,[0-9]*,[^;]*;.*AMD-Vi: Event logged \[ILLEGAL_DEV_TABLE_ENTRY device=$nvme" "$R/raw/kmsg.txt")
    if [ -e "$R/cmd/dmafault.skip" ]; then
        N=$((N + 1)); PASS=$((PASS + 1))
        echo "ok $N - $desc # SKIP $(cat "$R/cmd/dmafault.skip")"
    elif [ -n "$nvme" ] && [ "$n" -gt 0 ]; then
        ok "$desc"; echo "#   $n event(s) of $nvme; $(grep '^DTE' "$R/cmd/dmafault.out" | head -1)"
    elif [ "$(cat "$R/cmd/dmafault.rc" 2>/dev/null)" = 0 ] && grep -q '^completion arrived' "$R/cmd/dmafault.out" &&
         ! grep -q '^FAIL' "$R/cmd/dmafault-dirty.out" 2>/dev/null; then
        N=$((N + 1)); PASS=$((PASS + 1))
        echo "ok $N - $desc # SKIP QEMU $QEMU_VER translated the DMA (DTE $(grep '^DTE' "$R/cmd/dmafault.out" | head -1 | awk '{print $4, $5}')) and logged nothing"
    else
        notok "$desc"; show "$R/cmd/dmafault.out" "$R/cmd/dmafault-dirty.out"
    fi
}

# diff between the full profile's default and pgtbl_v2 boots: exactly the
# V1 -> V2 change of every device (from the raw devtbl rows: v2 = GV (q0
# bit 55) with Mode 0, levels from q2 55:54; v1 = Mode) and the command line
# words that differ; DomainIDs listed, not counted; nothing else.
dte_of() {  # FILE BDF -> "class levels gcr3"
    awk -v b="$2" '$1 == b { print $3, $5 }' "$1" | while read -r q2 q0; do
        local mode=$(( (0x$q0 >> 9) & 7 )) gv=$(( (0x$q0 >> 55) & 1 ))
        if [ $gv = 1 ] && [ $mode = 0 ]; then echo "v2 $(( ((0x$q2 >> 54) & 3) + 4 )) yes"; else echo "v1 $mode no"; fi
    done
}
chk_diff_boots() {
    local A=$TMP/res/full-default B=$TMP/res/full-pgtbl_v2 rc b da db want got
    "$CTL" -j diff "$A/host.snap" "$B/host.snap" > "$TMP/diff-boots.json" 2> "$TMP/diff-boots.err"; rc=$?
    [ $rc = 1 ] || { echo "exit $rc, want 1"; show "$TMP/diff-boots.err" "$TMP/diff-boots.json"; return 1; }
    want=$(
        # command line: words only on one side; the same parameter, another value: one change
        awk 'NR == FNR { for (i = 1; i <= NF; i++) a[$i]++; next }
             { for (i = 1; i <= NF; i++) if (a[$i]) a[$i]--; else bo[++nb] = $i }
             END { for (w in a) if (a[w]) ao[++na] = w
                   for (i = 1; i <= na; i++) { p = ao[i]; sub(/=.*/, "", p); m = "-"
                       for (j = 1; j <= nb; j++) { q = bo[j]; sub(/=.*/, "", q)
                           if (q == p && bo[j] != "") { m = bo[j]; bo[j] = ""; break } }
                       print "host - cmdline " ao[i] " " m }
                   for (j = 1; j <= nb; j++) if (bo[j] != "") print "host - cmdline - " bo[j] }' \
            "$A/sys/cmdline.txt" "$B/sys/cmdline.txt"
        for b in $(cat "$A/bdfs.txt"); do
            [ "$(cat "$A/raw/devtbl-$b.rc")" = 0 ] && [ "$(cat "$B/raw/devtbl-$b.rc" 2>/dev/null)" = 0 ] || continue
            da=($(dte_of "$A/raw/devtbl-$b.txt" "$b")) db=($(dte_of "$B/raw/devtbl-$b.txt" "$b"))
            [ "${da[0]}" = "${db[0]}" ] || echo "device $b dte_class ${da[0]} ${db[0]}"
            [ "${da[1]}" = "${db[1]}" ] || echo "device $b levels ${da[1]} ${db[1]}"
            [ "${da[2]}" = "${db[2]}" ] || echo "device $b gcr3 ${da[2]} ${db[2]}"
        done)
    got=$(jq -r '.diff.changes[] | select(.counted) | "\(.scope) \(.iommu // .group // .bdf // "-") \(.field) \(.a // "-") \(.b // "-")"' \
        "$TMP/diff-boots.json")
    [ "$(sort <<< "$got")" = "$(sort <<< "$want")" ] ||
        { echo "amdiommuctl diff:"; echo "$got" | diag; echo "expected from the raw files:"; echo "$want" | diag; return 1; }
    [ -z "$(jq -r '.diff.changes[] | select(.counted | not) | select(.field != "domain_id") | .field' "$TMP/diff-boots.json")" ] ||
        { echo "a change not counted other than a DomainID"; return 1; }
    grep -q 'device .* dte_class v1 v2' <<< "$want" || { echo "the raw files show no V1 -> V2 change"; return 1; }
    echo "$(grep -c . <<< "$got") changes counted ($(grep -c dte_class <<< "$got") devices V1 -> V2), $(jq '.diff.not_counted' "$TMP/diff-boots.json") DomainID changes not counted"
}

chk_snapinfo() {  # R
    [ "$(cat "$1/cmd/snapshot-capture.rc")" = 0 ] &&
        jq -e '.snapshot.kernel | startswith("7.")' "$1/cmd/snapshot-info.out" >/dev/null
}

chk_replay() {  # R NAME: live and --snapshot outputs identical
    local R=$1 n=$2 f
    for f in json text; do
        if ! cmp -s "$R/cmd/replay-live-$n-$f.out" "$R/cmd/replay-snap-$n-$f.out" ||
           ! cmp -s "$R/cmd/replay-live-$n-$f.rc" "$R/cmd/replay-snap-$n-$f.rc"; then
            diff "$R/cmd/replay-live-$n-$f.out" "$R/cmd/replay-snap-$n-$f.out" | diag 20
            return 1
        fi
    done
}

# ---- alloc (guest-alloc.sh writes $R/alloc/NAME.{out,err,rc}) ----
arc() { cat "$R/alloc/$1.rc" 2>/dev/null; }
ajq() { jq -e "$2" "$R/alloc/$1.out" >/dev/null 2>&1; }
unbound() {  # state-NAME.txt: no driver, no override, no vfio-dev
    grep -qx 'driver=' "$R/alloc/state-$1.txt" && grep -qx 'driver_override=(null)' "$R/alloc/state-$1.txt" &&
        grep -qx 'vfio_dev=' "$R/alloc/state-$1.txt"
}
chk_alloc_show() {  # NAME: show the run's output on failure
    echo "#   --- alloc/$1 (rc $(arc "$1"))"
    cat "$R/alloc/$1.out" "$R/alloc/$1.err" 2>/dev/null | diag 30
}
acheck() {  # acheck DESC NAME COMMAND...
    local desc=$1 name=$2
    shift 2
    if "$@"; then ok "$desc"; else notok "$desc"; chk_alloc_show "$name"; fi
}
check_alloc() {
    local cfg=$1 R=$TMP/res/$1
    if [ ! -e "$R/alloc/COMPLETE" ]; then
        notok "$cfg: alloc guest script completed"
        show "$R/alloc-log.txt"
        return
    fi
    ok "$cfg: alloc guest script completed"
    acheck "$cfg: alloc --matrix: every row as the driver's rules predict (exit 0)" matrix \
        eval '[ "$(arc matrix)" = 0 ] && ajq matrix "(.rows | length == 6) and ([.rows[].as_expected] | all)"'
    acheck "$cfg: alloc --matrix (table) exits 0" matrix-text test "$(arc matrix-text)" = 0
    acheck "$cfg: alloc without a vfio cdev: explained error, exit 1" matrix-unbound \
        eval '[ "$(arc matrix-unbound)" = 1 ] && ajq matrix-unbound ".error.message | length > 0"'
    acheck "$cfg: alloc usage errors and --root exit 2" usage-no-device \
        eval '[ "$(arc usage-no-device)$(arc usage-root)$(arc usage-bad-map)$(arc usage-bad-flags)" = 2222 ]'
    acheck "$cfg: alloc --bind-vfio --dry-run changes nothing" bind-dry \
        eval '[ "$(arc bind-dry)" = 0 ] && unbound after-dry'
    acheck "$cfg: alloc --bind-vfio --yes runs, then restores the device (unbound)" bind-yes \
        eval '[ "$(arc bind-yes)" = 0 ] && unbound after-bind-yes && unbound after-bind-matrix && [ "$(arc bind-matrix)" = 0 ]'
    acheck "$cfg: alloc --bind-vfio refuses the IOMMU's own function" bind-iommu-self \
        test "$(arc bind-iommu-self)" = 1
    acheck "$cfg: SIGTERM during --hold: cleaned up, driver restored" hold-term \
        eval '[ "$(arc hold-term)" = 0 ] && ajq hold-term ".hold.released_by == \"SIGTERM\"" && unbound after-hold-term'
    acheck "$cfg: SIGINT during --hold: cleaned up" hold-int \
        eval '[ "$(arc hold-int)" = 0 ] && unbound final'
    acheck "$cfg: alloc (no flags) attaches and reads a DTE back" none \
        eval '[ "$(arc none)" = 0 ] && ajq none ".hwpt_id > 0 and (.dte.raw | length == 4) and (.steps | map(.errno) | all(. == null))"'
    acheck "$cfg: GET_HW_INFO EFR = show iommus EFR; max_pasids = GTSup ? 2^(PASmax+1)-1 : 0 (init.c); max_pasid_log2 within it" none \
        chk_max_pasids "$R"
    acheck "$cfg: PASID|DIRTY_TRACKING refused by design (EOPNOTSUPP, exit 4)" pasid-dirty \
        eval '[ "$(arc pasid-dirty)" = 4 ] && ajq pasid-dirty "[.steps[] | select(.name == \"hwpt_alloc\") | .errno] == [\"EOPNOTSUPP\"]"'
    case $cfg in
    stock-*)
        acheck "$cfg: stock: only flags 0 succeeds (v1)" matrix \
            ajq matrix '[.rows[] | .class // .errno] == ["v1","EOPNOTSUPP","EOPNOTSUPP","EOPNOTSUPP","EOPNOTSUPP","EOPNOTSUPP"]'
        acheck "$cfg: stock: --pasid refused (exit 4)" pasid test "$(arc pasid)" = 4 ;;
    full-*)
        acheck "$cfg: full: --pasid gives a v2 DTE with GV, GIoV and a GCR3 root" pasid \
            eval '[ "$(arc pasid)" = 0 ] && ajq pasid ".class == \"v2\" and .dte.class == \"v2\" and .dte.gcr3_root != null"'
        acheck "$cfg: full: --dirty-tracking gives v1 with HAD=3 once enabled" dirty-map \
            eval '[ "$(arc dirty-map)" = 0 ] && ajq dirty-map ".class == \"v1\" and .dte.had == 3 and .dirty.enabled"'
        acheck "$cfg: full: --nest-parent succeeds (EFR2 GCR3TRPMode)" nest \
            eval '[ "$(arc nest)" = 0 ] && [ "$(arc nest-dirty)" = 0 ]' ;;
    esac
}

report() {
    echo "1..$N"
    [ -n "${T_START:-}" ] && log "total time $(( $(date +%s) - T_START ))s (boots and checks)"
    if [ $FAIL -gt 0 ] || [ "${AMDIOMMUCTL_VM_KEEP:-0}" = 1 ] || [ -n "$RECHECK" ]; then
        log "guest results kept in $TMP (res/CFG/, boot-CFG/console.txt); re-check: $0 --recheck $TMP"
    else
        rm -rf "$TMP"
    fi
    echo "$PASS passed, $FAIL failed"
    [ $FAIL = 0 ]
}

# ------------------------------------------------------------------- main
if [ -n "$RECHECK" ]; then
    TMP=$RECHECK
    echo "TAP version 13"
    CTL=$(find_amdiommuctl)
    QEMU_VER=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
    for cfg in $ALL_CONFIGS $(cd "$TMP/res" && ls -d -- *-param 2>/dev/null); do
        [ -d "$TMP/res/$cfg" ] && check_config "$cfg"
    done
    [ -e "$TMP/res/full-default/COMPLETE" ] && [ -e "$TMP/res/full-pgtbl_v2/COMPLETE" ] &&
        check "diff full-default full-pgtbl_v2 snapshots: exactly V1 -> V2 per device and the command line, DomainIDs not counted" chk_diff_boots
    report; exit
fi
ensure_packages
CTL=$(find_amdiommuctl)
if [ -z "$CTL" ]; then
    [ "$SHELL_MODE" = 1 ] || [ "${AMDIOMMUCTL_VM_ALLOW_MISSING:-0}" = 1 ] ||
        die "no amdiommuctl in $BUILD_DIR (build it first)"
    log "no amdiommuctl in $BUILD_DIR: the guest runs without it"
fi

if [ -n "${AMDIOMMUCTL_VM_KERNEL:-}" ]; then
    KERNEL=$AMDIOMMUCTL_VM_KERNEL
else
    log "kernel: $HERE/build-kernel.sh (cold: ~11+ min; cached in $CACHE/kernel)"
    mkdir -p "$CACHE"
    # full log in the cache dir; only build-kernel's own progress lines here
    KERNEL=$("$HERE/build-kernel.sh" 2> >(tee "$CACHE/build-kernel.log" | grep --line-buffered '^# build-kernel' >&2)) ||
        { tail -n 40 "$CACHE/build-kernel.log" | diag; die "kernel build failed (log: $CACHE/build-kernel.log)"; }
fi
[ -s "$KERNEL" ] || die "no kernel image $KERNEL"
log "kernel: $KERNEL"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/amdiommuctl-vm.XXXXXX")
cc -O2 -Wall -o "$TMP/ivrs-override" "$HERE/ivrs-override.c" || die "cannot compile ivrs-override.c"
cc -O2 -Wall -static -o "$TMP/runas" "$HERE/runas.c" || die "cannot compile runas.c"
cc -O2 -Wall -static -I "$TOP/src" -o "$TMP/dmafault" "$HERE/dmafault.c" || die "cannot compile dmafault.c"
build_initramfs

QEMU_VER=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
case "$QEMU_VER" in
7.2*) ;;
*) log "WARNING: QEMU $QEMU_VER; only 7.2 (Debian bookworm) is known to work with amd-iommu" ;;
esac
IVRS_CACHE=$CACHE/ivrs/qemu-$QEMU_VER-IVRS.bin

if [ "$SHELL_MODE" = 1 ]; then
    case "$SHELL_CFG" in
    full-*|ivrs-*) [ -s "$IVRS_CACHE" ] || die "no cached IVRS dump yet ($IVRS_CACHE): run the tests once"
            build_acpi_override "$IVRS_CACHE" "$(base_cfg "$SHELL_CFG")" ;;
    esac
    qemu_cmd "$SHELL_CFG" shell
    log "booting $SHELL_CFG to a shell on this terminal; 'poweroff -f' ends it"
    "${QEMU_ARGV[@]}"
    rc=$?
    rm -rf "$TMP"
    exit $rc
fi

T_START=$(date +%s)
echo "TAP version 13"
# the EFR override table generator, against the reference table bytes
hex2bin "$HERE/ivrs-qemu-7.2.hexdump" > "$TMP/ivrs-qemu-7.2.bin"
hex2bin "$HERE/ivrs-expected-efr-0x0017000f000059d3-efr2-0x8.hexdump" > "$TMP/ivrs-expected.bin"
check "ivrs-override: QEMU 7.2 IVRS -> reference override table (checksum $FULL_CHECKSUM)" \
    bash -c "'$TMP/ivrs-override' '$TMP/ivrs-qemu-7.2.bin' '$TMP/ivrs-selftest.bin' efr $FULL_EFR $FULL_EFR2 >/dev/null &&
             cmp '$TMP/ivrs-selftest.bin' '$TMP/ivrs-expected.bin' &&
             test \$(od -An -tx1 -j9 -N1 '$TMP/ivrs-selftest.bin' | tr -d ' ') = ${FULL_CHECKSUM#0x}"

# stock boots first: stock-default dumps QEMU's own IVRS, the base of the overrides
NEED_OVR=0
for cfg in $CONFIGS; do case "$cfg" in full-*|ivrs-*) NEED_OVR=1 ;; esac; done
for cfg in $CONFIGS; do
    case "$cfg" in stock-*|check-*) boot "$cfg" ;; esac
done
mkdir -p "$CACHE/ivrs"
if [ -s "$TMP/res/stock-default/ivrs.bin" ]; then
    cp "$TMP/res/stock-default/ivrs.bin" "$IVRS_CACHE.tmp" && chmod 0644 "$IVRS_CACHE.tmp" &&
        mv -f "$IVRS_CACHE.tmp" "$IVRS_CACHE"
elif [ $NEED_OVR = 1 ] && [ ! -s "$IVRS_CACHE" ]; then
    # no stock-default boot in this run and nothing cached: a dump-only boot
    boot stock-default
    cp "$TMP/res/stock-default/ivrs.bin" "$IVRS_CACHE" 2>/dev/null
fi
if [ -s "$IVRS_CACHE" ]; then
    build_acpi_override "$IVRS_CACHE" stock
    if [ $NEED_OVR = 1 ]; then
        for cfg in $CONFIGS; do
            case "$cfg" in full-*|ivrs-*) ;; *) continue ;; esac
            b=$(base_cfg "$cfg")
            [ -e "$TMP/ovr-$b.bin" ] && continue
            build_acpi_override "$IVRS_CACHE" "$b"
            log "IVRS override $b: $(cat "$TMP/ivrs-override-$b.log")"
        done
        if [ -e "$TMP/ovr-full.bin" ]; then
            if cmp -s "$IVRS_CACHE" "$TMP/ivrs-qemu-7.2.bin"; then
                check "IVRS from the guest == QEMU 7.2 reference; override == reference table" \
                    cmp "$TMP/ovr-full.bin" "$TMP/ivrs-expected.bin"
            else
                log "QEMU's IVRS differs from the 7.2 reference table; override built from it anyway"
            fi
        fi
        for cfg in $CONFIGS; do
            case "$cfg" in full-*|ivrs-*) boot "$cfg" ;; esac
        done
    fi
elif [ $NEED_OVR = 1 ]; then
    notok "IVRS dumped from the guest"
fi

# one more boot with the parameters the findings suggest (stock-default, ivrs-*)
if [ "${AMDIOMMUCTL_VM_PARAM_BOOTS:-1}" = 1 ]; then
    for cfg in $CONFIGS; do
        case "$cfg" in stock-default|ivrs-*) ;; *) continue ;; esac
        b=$(base_cfg "$cfg")
        suggested_params "$TMP/res/$cfg" > "$TMP/param-$b.txt"
        if grep -q . "$TMP/param-$b.txt"; then
            log "$cfg: its findings suggest: $(cat "$TMP/param-$b.txt")"
            boot "$b-param"
            PARAM_CONFIGS="${PARAM_CONFIGS:-} $b-param"
        fi
    done
fi

for cfg in $CONFIGS ${PARAM_CONFIGS:-}; do
    check_config "$cfg"
done
if [ -e "$TMP/res/full-default/COMPLETE" ] && [ -e "$TMP/res/full-pgtbl_v2/COMPLETE" ]; then
    check "diff full-default full-pgtbl_v2 snapshots: exactly V1 -> V2 per device and the command line, DomainIDs not counted" chk_diff_boots
fi
seconds_summary

report
