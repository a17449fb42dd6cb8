#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# show events, --summary and --follow on tests/fixtures/metrics/faults.kmsg
# (in a copy of qemu73-stock), a kernel log written by hand:
#   seq 10, 11  pci_err() form: two IO_PAGE_FAULTs of 00:02.0, domain 3,
#               flags 0x0020 (RW: a write), at 2.000000 and 2.000100
#   seq 12, 19  "amd_iommu_report_page_fault: 7 / 3 callbacks suppressed"
#   seq 13, 14  amd_iommu_report_page_fault()'s "Device not attached to
#               domain properly" and "  device=0000:00:04.0 domain=0x0005":
#               one IO_PAGE_FAULT of 00:04.0, domain 5, at 7.000100
#   seq 15      device= form: IO_PAGE_FAULT of 00:03.0, domain 4, at 8.000000
#   seq 16      ILLEGAL_COMMAND_ERROR, no device, at 9.000000
#   seq 17      "IOMMU Event log restarting" (init.c amd_iommu_restart_log())
#   seq 18      domain=zz: malformed
#   seq 20      PRI 11 (LOG_USER): written to /dev/kmsg by a process, which
#               devkmsg_write() never logs as the kernel's: not an event
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

t=$_t_tmp/e
mkdir "$t" || exit 99
cp -a "$FIXTURES/qemu73-stock" "$t/tree" || exit 99
cp "$FIXTURES/metrics/faults.kmsg" "$t/tree/dev/kmsg" || exit 99

# ---- the list ----------------------------------------------------------------
run --root "$t/tree" -j show events
rc_is 3 "list: exit 3 (one message could not be parsed)"
jq_is '[.events[] | [.seq, .type, .device // "-", .domain_id] | map(tostring) | join(" ")] | join(", ")' \
	"10 IO_PAGE_FAULT 0000:00:02.0 3, 11 IO_PAGE_FAULT 0000:00:02.0 3, 14 IO_PAGE_FAULT 0000:00:04.0 5, 15 IO_PAGE_FAULT 0000:00:03.0 4, 16 ILLEGAL_COMMAND_ERROR - null" \
	"list: the kernel's events, the Device not attached pair as one (at its device line), not the injected one"
jq_is '[.events[] | .not_attached] | map(tostring) | join(" ")' "false false true false false" \
	"list: not_attached marks the pair"
jq_is '.events[0] | [.access, (.flag_names | join(","))] | join(" ")' "write RW" "list: flags 0x0020 = RW, a write"
jq_is '.unavailable[0].hint' "an AMD-Vi event message could not be parsed; skipped" "list: the malformed one is said"

# ---- --summary ---------------------------------------------------------------------
run --root "$t/tree" -j show events --summary
rc_is 3 "summary: exit 3"
jq_is '[.summary.events[] | [.device // (if .past_device_cap then "other" else "none" end), .type, .count, .first_time_usec, .last_time_usec] | map(tostring) | join(" ")] | join(", ")' \
	"0000:00:02.0 IO_PAGE_FAULT 2 2000000 2000100, 0000:00:03.0 IO_PAGE_FAULT 1 8000000 8000000, 0000:00:04.0 IO_PAGE_FAULT 1 7000100 7000100, none ILLEGAL_COMMAND_ERROR 1 9000000 9000000" \
	"summary: per device (BDF order) and type, with the first and last time"
jq_is '.summary.suppressed[] | select(.function == "amd_iommu_report_page_fault") | [.lines, .count, .first_time_usec, .last_time_usec] | map(tostring) | join(" ")' \
	"2 10 7000000 9700000" "summary: two suppressed lines, 7 + 3 messages dropped"
jq_is '[.summary.suppressed[] | select(.function != "amd_iommu_report_page_fault") | .count, .first_time_usec] | map(tostring) | join(" ")' \
	"0 null 0 null 0 null 0 null 0 null 0 null" "summary: the other functions, 0 and no time"
jq_is '.summary.health[] | select(.message == "event_log_restart") | [.count, .first_time_usec] | map(tostring) | join(" ")' \
	"1 9500000" "summary: one event log restart"
jq_is '.summary.totals | [.events, .malformed, .devices, .max_devices, .device_cap_reached, .records, .lost_records] | map(tostring) | join(" ")' \
	"5 1 3 256 false 12 null" "summary: totals (lost records: live only)"
run --root "$t/tree" show events --summary
rc_is 3 "summary table: exit 3"
is "$(cell 0000:00:02.0 COUNT)" 2 "summary table: 00:02.0 has 2"
is "$(cell 0000:00:02.0 LAST)" 2.000100 "summary table: the last at 2.000100"
like "$out" "^amd_iommu_report_page_fault: 10 messages suppressed by ratelimiting \(7\.000000 to 9\.700000\)$" \
	"summary table: the drops"
like "$out" '^"IOMMU Event log restarting": 1 time \(9\.500000 to 9\.500000\)$' "summary table: the restart"
like "$out" "^5 events of 3 devices, some malformed; messages were dropped: the counts are lower bounds$" \
	"summary table: totals, and that the counts are lower bounds"
on qemu73-stock show events --summary
rc_is 0 "summary of the stock tree: exit 0"
like "$out" "^4 events of 2 devices$" "summary of the stock tree: 4 events, nothing dropped"
run --root "$t/tree" snapshot -o "$t/s.snap"
run --snapshot "$t/s.snap" -j show events --summary
jq_is '.summary.totals.events' 5 "summary: replayed from a snapshot"

# ---- --follow ------------------------------------------------------------------------
run --root "$t/tree" show events --follow
rc_is 2 "--follow with --root: exit 2"
like "$err" "needs a live kernel" "--follow with --root: says why"
run --snapshot "$t/s.snap" show events --follow
rc_is 2 "--follow with --snapshot: exit 2"
run show events --follow --summary
rc_is 2 "--follow with --summary: exit 2"
# the live log of this machine: it starts, and a signal ends it with 0
if [ -r /dev/kmsg ] && dd if=/dev/kmsg of=/dev/null bs=8192 count=1 iflag=nonblock 2>/dev/null; then
	for sig in INT TERM; do
		# shellcheck disable=SC2086
		${AMDIOMMUCTL_WRAPPER:-} "$AMDIOMMUCTL" -j show events --follow >"$t/f.out" 2>"$t/f.err" &
		pid=$!
		sleep 2
		kill -$sig $pid
		wait $pid
		rc=$?
		last_cmd="amdiommuctl -j show events --follow (SIG$sig)"
		rc_is 0 "--follow: SIG$sig ends it, exit 0"
		is "$(jq -c 'select(.schema_version != 2 or (.type | type) != "string")' "$t/f.out" 2>&1)" "" \
			"--follow: whatever it printed is one event object per line"
		is "$(cat "$t/f.err")" "" "--follow: nothing on stderr"
	done
else
	echo "ok $((_t_n + 1)) - # SKIP /dev/kmsg is not readable here: --follow not run"
	_t_n=$((_t_n + 1))
fi

done_testing
