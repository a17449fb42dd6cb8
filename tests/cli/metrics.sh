#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# amdiommuctl metrics: the families of doc/metrics.md, promtool on every
# fixture tree, values worked out by hand from the trees' raw files, the
# kernel log counts, -o (atomic: temporary file, rename; the old file stays
# on failure), exit codes and --snapshot replay.
#
# Expected values come from the raw input and the kernel's rules, never
# from the program's output:
#   EFR (drivers/iommu/amd/amd_iommu_types.h FEATURE_*): PreF 0 PPR 1
#     X2APIC 2 NX 3 GT 4 IA 6 GA 7 HE 8 PC 9, HATS 11:10 (levels HATS + 4),
#     GATS 13:12 (0 -> 4 levels, 1 -> 5, else none)
#   control (CONTROL_*): IOMMUEn 0 HtTunEn 1 EventLogEn 2 EventIntEn 3
#     ComWaitIntEn 4 InvTimeout 7:5 Coherent 10 CmdBufEn 12 PPRLogEn 13
#     GTEn 16 GAEn 17 GALogEn 28
#   ring base (MMIO_CMD_BUF_OFFSET 0x08, MMIO_EVT_BUF_OFFSET 0x10): length
#     code 59:56, 2^code 16-byte entries; head/tail (0x2000/0x2008,
#     0x2010/0x2018) byte offsets, entry = offset / 16
#   status 0x2020 (MMIO_STATUS_*): EventOverflow 0 EventLogInt 1
#     ComWaitInt 2 EventLogRun 3 CmdBufRun 4 PPROverflow 5 PPRInt 6
#     PPRLogRun 7 GALogRun 8
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

t=$_t_tmp/m
mkdir "$t" || exit 99
S=qemu73-stock
# the value of series $1 (exact text before the value) in the last output
val() {
	printf '%s\n' "$out" | awk -v k="$1" 'substr($0, 1, length(k) + 1) == k " " { print substr($0, length(k) + 2) }'
}
# the number of series of family $1
nseries() {
	printf '%s\n' "$out" | grep -c "^$1[{ ]"
}

have_promtool=0
command -v promtool >/dev/null 2>&1 && have_promtool=1
if [ $have_promtool = 0 ] && [ "${CI:-}" = true ]; then
	echo "not ok 1 - promtool is not installed (apt-get install prometheus)"
	echo "1..1"
	exit 1
fi

doc_metrics types >"$t/doc.types"
ok "doc/metrics.md lists families" "[ -s '$t/doc.types' ]"

# ---- every fixture tree: exit code, promtool ---------------------------
for T in qemu73-stock:0 qemu73-ir:0 qemu73-v2:3 qemu73-identity:3 epyc2s:3 noamd:4 \
	nodebugfs:3 lockdown:3; do
	tree=${T%:*} want=${T#*:}
	on "$tree" metrics
	rc_is "$want" "$tree: metrics exits $want"
	printf '%s\n' "$out" >"$t/$tree.prom"
	if [ $have_promtool = 1 ]; then
		last_cmd="promtool check metrics < $tree.prom"
		lint=$(promtool check metrics <"$t/$tree.prom" 2>&1)
		is "$?:$lint" "0:" "$tree: promtool check metrics accepts it, no lint remark"
	else
		echo "ok $((_t_n + 1)) - # SKIP promtool is not installed"
		_t_n=$((_t_n + 1))
	fi
	# every family of doc/metrics.md, every time (no series when the
	# source is missing), each once
	is "$(sed -n 's/^# TYPE \([^ ]*\) .*$/\1/p' "$t/$tree.prom" | sort | uniq -d)" "" \
		"$tree: no family twice"
	is "$(prom_metrics "$t/$tree.prom" types)" "$(cat "$t/doc.types")" \
		"$tree: every family of doc/metrics.md, with its type"
done

# ---- the families, types, HELP and labels of doc/metrics.md --------------
on $S metrics
last_cmd="diff doc/metrics.md metrics (HELP)"
is "$(prom_metrics "$t/$S.prom" help)" "$(doc_metrics help)" "the HELP texts of doc/metrics.md"
# the families with series here: the label names of doc/metrics.md
doc_metrics labels >"$t/doc.labels"
last_cmd="label names of doc/metrics.md vs metrics"
is "$(prom_metrics "$t/$S.prom" labels | grep -vxFf "$t/doc.labels")" "" \
	"every series has the label names of doc/metrics.md, in order"
# EFR 0x29d3 = bits 0 1 4 6 7 8 11 13: PreFSup PPRSup GTSup IASup GASup HESup set,
# XTSup NXSup PCSup not (AMD spec 48882 names, as show iommus has them);
# HATS = 2 -> 6 host levels; GATS = 2 (reserved) -> 0
# bits_are FAMILY LABEL WHAT NAME:VALUE...: the series of ivhd0 by label
bits_are() {
	_f=$1 _l=$2 _w=$3
	shift 3
	for _b; do
		is "$(val "$_f{iommu=\"ivhd0\",$_l=\"${_b%:*}\"}")" "${_b#*:}" "stock: $_w: ${_b%:*} = ${_b#*:}"
	done
}
bits_are amdiommuctl_iommu_feature feature "EFR 0x29d3" PreFSup:1 PPRSup:1 XTSup:0 NXSup:0 GTSup:1 \
	IASup:1 GASup:1 HESup:1 PCSup:0 GIoSup:0 SNPSup:0 GCR3TRPMode:0
is "$(val 'amdiommuctl_iommu_page_table_levels{iommu="ivhd0",table="host"}')" 6 "stock: HATS 2 -> 6 host levels"
is "$(val 'amdiommuctl_iommu_page_table_levels{iommu="ivhd0",table="guest"}')" 0 "stock: GATS 2 (reserved) -> 0"
# GIoSup (48) missing: no V2 table, hence no PASID
is "$(val 'amdiommuctl_iommu_capability{iommu="ivhd0",capability="v2"}')" 0 "stock: no v2 (GIoSup 0)"
# control 0x3148f = bits 0 1 2 3 7 10 12 16 17: InvTimeout = 0b100 = 4
bits_are amdiommuctl_iommu_control_enabled bit "control 0x3148f" IOMMUEn:1 HtTunEn:1 EventLogEn:1 \
	EventIntEn:1 ComWaitIntEn:0 Coherent:1 CmdBufEn:1 PPRLogEn:0 GTEn:1 GAEn:1 GALogEn:0
is "$(val 'amdiommuctl_iommu_control_field{iommu="ivhd0",field="InvTimeout"}')" 4 "stock: InvTimeout 4 (bits 7:5)"
# rings: command base 0x09000000001a2000 (code 9: 512), head = tail = 0x1150 / 16 = 277;
# event base 0x0900000000304000, head = tail = 0; PPR and GA bases 0 (not set up)
is "$(val 'amdiommuctl_iommu_buffer_size_entries{iommu="ivhd0",buffer="command"}')" 512 "stock: command buffer 512 entries"
is "$(val 'amdiommuctl_iommu_buffer_head_index{iommu="ivhd0",buffer="command"}')" 277 "stock: command head 0x1150 / 16"
is "$(val 'amdiommuctl_iommu_buffer_used_entries{iommu="ivhd0",buffer="command"}')" 0 "stock: command buffer empty"
is "$(val 'amdiommuctl_iommu_buffer_size_entries{iommu="ivhd0",buffer="event"}')" 512 "stock: event log 512 entries"
is "$(val 'amdiommuctl_iommu_buffer_size_entries{iommu="ivhd0",buffer="ppr"}')" 0 "stock: PPR log not set up"
is "$(val 'amdiommuctl_iommu_buffer_head_index{iommu="ivhd0",buffer="ppr"}')" "" "stock: no PPR head without a ring"
is "$(val 'amdiommuctl_iommu_buffer_size_entries{iommu="ivhd0",buffer="ga"}')" "" \
	"stock: the GA registers are not in the capture: no series"
# status 0x18: EventLogRun (3) and CmdBufRun (4), nothing else
bits_are amdiommuctl_iommu_buffer_running buffer "status 0x18: running" command:1 event:1 ppr:0 ga:0
is "$(val 'amdiommuctl_iommu_buffer_overflow{iommu="ivhd0",buffer="event"}')" 0 "stock: no event log overflow"
is "$(val 'amdiommuctl_iommu_buffer_enabled{iommu="ivhd0",buffer="ppr"}')" 0 "stock: PPRLogEn 0"
is "$(nseries amdiommuctl_iommu_buffer_overflow)" 3 "stock: overflow only for the three logs"
# devices: the 7 translated functions of devtbl, v1 with Mode 3 (qemu73.sh
# works the DTEs out), all in DMA groups (iommu_groups/*/type)
is "$(nseries amdiommuctl_device_translation_info)" \
	"$(for d in "$FIXTURES/$S"/sys/bus/pci/devices/*; do [ -L "$d/iommu" ] && echo; done | wc -l)" \
	"stock: one translation series per function with an iommu link (not the IOMMU's own)"
is "$(val 'amdiommuctl_device_translation_info{device="0000:00:02.0",iommu="ivhd0",group_type="DMA",dte_class="v1",levels="3"}')" 1 \
	"stock: 00:02.0 v1, 3 levels, DMA group"
is "$(val 'amdiommuctl_devices{iommu="ivhd0",dte_class="v1",group_type="DMA"}')" 7 "stock: 7 v1 devices in DMA groups"
is "$(nseries amdiommuctl_devices)" 1 "stock: no other (class, group type)"
is "$(val 'amdiommuctl_groups{type="DMA"}')" "$(cat "$FIXTURES/$S"/sys/kernel/iommu_groups/*/type | grep -cx DMA)" \
	"stock: DMA groups as iommu_groups/*/type"
is "$(val 'amdiommuctl_groups{type="identity"}')" 0 "stock: no identity group (written as 0)"
is "$(val 'amdiommuctl_default_domain_info{type="DMA",page_table="v1",levels="3"}')" 1 "stock: default domain DMA, v1, 3 levels (as status)"
is "$(val 'amdiommuctl_kernel_parameter_info{name="iommufd.allow_unsafe_interrupts",value="1"}')" 1 \
	"stock: the IOMMU parameter of proc/cmdline"
is "$(nseries amdiommuctl_kernel_parameter_info)" 1 "stock: console=, panic=, loglevel= are not IOMMU parameters"
# dev/kmsg: 4 events (PAGE_TAB_HARDWARE_ERROR and INVALID_PPR_REQUEST of
# 00:02.0, DEV_TAB_HARDWARE_ERROR of 00:1f.2, COMMAND_HARDWARE_ERROR without
# a device)
is "$(val 'amdiommuctl_events_total{device="0000:00:02.0",type="INVALID_PPR_REQUEST"}')" 1 "stock: kmsg INVALID_PPR_REQUEST of 00:02.0"
is "$(val 'amdiommuctl_events_total{device="none",type="COMMAND_HARDWARE_ERROR"}')" 1 "stock: kmsg COMMAND_HARDWARE_ERROR, no device"
is "$(nseries amdiommuctl_events_total)" 4 "stock: 4 (device, type) series"
is "$(nseries amdiommuctl_kernel_log_lost_records)" 0 "stock: lost records only on a live host"
for s in sysfs debugfs devtbl mmio kmsg cmdline; do
	is "$(val "amdiommuctl_source_available{source=\"$s\"}")" 1 "stock: source $s available"
done
like "$(val amdiommuctl_collect_duration_seconds)" '^[0-9]+(\.[0-9]+)?(e-[0-9]+)?$' "stock: a duration in seconds"
is "$err" "" "stock: nothing on stderr"

# ---- the kernel log, counted (a copy of the stock tree, our own log) -----
cp -a "$FIXTURES/$S" "$t/tree" || exit 99
# tests/fixtures/metrics/faults.kmsg, written by hand:
# amd_iommu_report_page_fault() (drivers/iommu/amd/iommu.c): pci_err() with
# the "DRIVER BDF: " prefix for a device with a domain; the two-line
# "Device not attached" report for one without (one IO_PAGE_FAULT of
# 00:04.0); pr_err_ratelimited() with device= for a device unknown to the
# driver; lib/ratelimit.c "FUNC: N callbacks suppressed"; init.c
# amd_iommu_restart_log() "IOMMU Event log restarting"; last, a line
# written to /dev/kmsg from userspace (PRI 11: LOG_USER, which
# devkmsg_write() puts on every such write): not the kernel's, not counted.
cp "$FIXTURES/metrics/faults.kmsg" "$t/tree/dev/kmsg" || exit 99
run --root "$t/tree" metrics
rc_is 0 "kmsg: exits 0"
is "$(val 'amdiommuctl_events_total{device="0000:00:02.0",type="IO_PAGE_FAULT"}')" 2 "kmsg: two IO_PAGE_FAULTs of 00:02.0 (pci_err form)"
is "$(val 'amdiommuctl_events_total{device="0000:00:04.0",type="IO_PAGE_FAULT"}')" 1 \
	"kmsg: the Device not attached pair is one IO_PAGE_FAULT of 00:04.0"
is "$(val 'amdiommuctl_events_total{device="0000:00:03.0",type="IO_PAGE_FAULT"}')" 1 "kmsg: device= form"
is "$(val 'amdiommuctl_events_total{device="none",type="ILLEGAL_COMMAND_ERROR"}')" 1 "kmsg: an event without a device"
is "$(nseries amdiommuctl_events_total)" 4 "kmsg: 4 series, nothing else"
is "$(val amdiommuctl_events_malformed_total)" 1 "kmsg: domain=zz is malformed"
is "$(val 'amdiommuctl_ratelimit_suppressed_total{function="amd_iommu_report_page_fault"}')" 10 \
	"kmsg: 7 + 3 messages suppressed"
is "$(val 'amdiommuctl_ratelimit_suppressed_total{function="amd_iommu_report_rmp_fault"}')" 0 \
	"kmsg: every ratelimited function is written, zeros too"
is "$(val 'amdiommuctl_log_messages_total{message="event_log_restart"}')" 1 "kmsg: one event log restart"
is "$(val amdiommuctl_events_device_cap_reached)" 0 "kmsg: 3 devices, under the cap"
printf '%s\n' "$out" >"$t/kmsg.prom"

# ---- -o: atomic ------------------------------------------------------------
mkdir "$t/out"
echo "old" >"$t/out/amdiommuctl.prom"
run --root "$t/tree" metrics -o "$t/out/amdiommuctl.prom"
rc_is 0 "-o: exits 0"
is "$out$err" "" "-o: prints nothing"
is "$(grep -v '^amdiommuctl_collect_duration_seconds ' "$t/out/amdiommuctl.prom")" \
	"$(grep -v '^amdiommuctl_collect_duration_seconds ' "$t/kmsg.prom")" "-o: the file holds what stdout gets"
is "$(stat -c %a "$t/out/amdiommuctl.prom")" 644 "-o: mode 0644 (the exporter's user reads it)"
is "$(ls "$t/out")" amdiommuctl.prom "-o: no temporary file left"
(umask 077 && "$AMDIOMMUCTL" --root "$t/tree" metrics -o "$t/out/amdiommuctl.prom")
is "$(stat -c %a "$t/out/amdiommuctl.prom")" 644 "-o: mode 0644 under umask 077"
run --root "$t/tree" -j metrics -o "$t/out/amdiommuctl.prom"
rc_is 0 "-o -j: exits 0"
jq_is '[.metrics.file, .metrics.iommus, .unavailable] | tostring' "[\"$t/out/amdiommuctl.prom\",1,[]]" \
	"-o -j: the file, one IOMMU, nothing unavailable"
jq_is '.metrics.series' "$(grep -c '^amdiommuctl_' "$t/out/amdiommuctl.prom")" "-o -j: the series written"
jq_is '.metrics.families' "$(grep -c '^# TYPE ' "$t/out/amdiommuctl.prom")" "-o -j: the families written"
run --root "$t/tree" -v metrics -o "$t/out/amdiommuctl.prom"
like "$out" "^wrote .*amdiommuctl.prom: [0-9]+ families, [0-9]+ series$" "-o -v: says what it wrote"
# a failing rename: the target is a directory; it stays, the temporary goes
mkdir "$t/out/dir.prom"
run --root "$t/tree" metrics -o "$t/out/dir.prom"
rc_is 1 "-o onto a directory: exits 1"
like "$err" "cannot write .*dir.prom: rename: Is a directory; it is unchanged" "-o onto a directory: says so"
is "$(ls "$t/out" | tr '\n' ' ')" "amdiommuctl.prom dir.prom " "-o onto a directory: no temporary file left"
run --root "$t/tree" metrics -o "$t/nodir/amdiommuctl.prom"
rc_is 1 "-o into a missing directory: exits 1"
like "$err" "cannot write .*: mkstemp: No such file or directory" "-o into a missing directory: says so"
# a failing write to standard output
"$AMDIOMMUCTL" --root "$t/tree" metrics >/dev/full 2>"$t/full.err"
rc=$?
last_cmd="amdiommuctl metrics > /dev/full"
rc_is 1 "stdout /dev/full: exits 1"
like "$(cat "$t/full.err")" "writing the metrics failed|writing output failed" "stdout /dev/full: says so"
run --root "$t/tree" -j metrics
rc_is 2 "-j without -o: usage error"
run --root "$t/tree" metrics extra
rc_is 2 "an operand: usage error"

# ---- missing sources -------------------------------------------------------
on noamd metrics
is "$(val amdiommuctl_iommus)" 0 "noamd: amdiommuctl_iommus 0"
is "$(nseries amdiommuctl_device_translation_info)" 0 "noamd: no device behind an AMD IOMMU"
on nodebugfs metrics
is "$(val 'amdiommuctl_source_available{source="debugfs"}')" 0 "nodebugfs: debugfs 0"
is "$(val 'amdiommuctl_source_available{source="devtbl"}')" 0 "nodebugfs: devtbl 0"
is "$(val 'amdiommuctl_source_available{source="sysfs"}')" 1 "nodebugfs: sysfs 1"
is "$(nseries amdiommuctl_iommu_buffer_running)" 0 "nodebugfs: no ring state without debugfs"
like "$(printf '%s\n' "$out" | grep '^amdiommuctl_device_translation_info' | head -1)" 'dte_class="unknown",levels=""' \
	"nodebugfs: the DTE class is unknown"
on lockdown metrics
is "$(val 'amdiommuctl_source_available{source="devtbl"}')" 0 "lockdown: devtbl 0"

# ---- --snapshot replays it ---------------------------------------------------
run --root "$t/tree" snapshot -o "$t/tree.snap"
rc_is 0 "snapshot of the tree"
run --snapshot "$t/tree.snap" metrics
rc_is 0 "--snapshot: metrics exits 0"
is "$(printf '%s\n' "$out" | grep -v '^amdiommuctl_collect_duration_seconds ')" \
	"$(grep -v '^amdiommuctl_collect_duration_seconds ' "$t/kmsg.prom")" \
	"--snapshot: the same metrics as the tree (but the duration)"

done_testing
