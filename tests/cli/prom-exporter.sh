#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The textfile a host would get, served by Debian's prometheus-node-exporter:
#
#   tests/cli/prom-exporter.sh [TEXTFILE]
#
# Under `make check` (AMDIOMMUCTL set, no TEXTFILE) the textfile is what
# `amdiommuctl --root tests/fixtures/qemu73-stock metrics -o DIR/amdiommuctl.prom`
# writes into the exporter's directory, as the systemd unit does, and then
# the hand-written tests/fixtures/metrics/sample.prom; otherwise TEXTFILE
# (default sample.prom), copied there as amdiommuctl.prom.  Each is checked
# with `promtool check metrics`; prometheus-node-exporter is started on
# 127.0.0.1 on a free port with only the textfile collector, pointed at
# that directory; /metrics is scraped with curl and must hold every family
# of the file with its type and node_textfile_scrape_error 0.  A copy with
# a timestamp on one sample (the collector refuses timestamps) must give
# node_textfile_scrape_error 1, so the check can fail.  The exporter is
# stopped on every way out (trap EXIT INT TERM).
#
# Needs prometheus-node-exporter, promtool (prometheus) and curl: without
# them the test is skipped (77), under CI=true it fails.  TAP output.
set -u

srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
textfile=${1:-${PROM_EXPORTER_TEXTFILE:-$srcdir/tests/fixtures/metrics/sample.prom}}
# make check: the tool's own file first (given no TEXTFILE)
tool_tree=
if [ -z "${1:-}${PROM_EXPORTER_TEXTFILE:-}" ] && [ -n "${AMDIOMMUCTL:-}" ]; then
	tool_tree=$srcdir/tests/fixtures/qemu73-stock
fi
exporter=${PROM_NODE_EXPORTER:-prometheus-node-exporter}

n=0
failed=0
result() { # STATUS DESC [DIAG]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -z "${3:-}" ] || printf '%s\n' "$3" | head -20 | sed 's/^/#   /'
	fi
}

missing=""
for tool in "$exporter" promtool curl; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - missing:$missing (apt-get install prometheus-node-exporter prometheus curl)"
		exit 1
	fi
	echo "1..0 # SKIP missing:$missing"
	exit 77
fi
if [ ! -r "$textfile" ]; then
	echo "1..1"
	echo "not ok 1 - cannot read $textfile"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/amdiommuctl-exporter.XXXXXX") || exit 99
# a release tarball carries the fixture trees as one archive (tests/cli/lib.sh)
if [ -n "$tool_tree" ] && [ ! -d "$tool_tree" ] && [ -f "$srcdir/tests/fixtures.tar" ]; then
	mkdir "$tmp/fixtures" && tar xf "$srcdir/tests/fixtures.tar" -C "$tmp/fixtures" ./qemu73-stock ||
		exit 99
	tool_tree=$tmp/fixtures/qemu73-stock
fi
pid=""
stop_exporter() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=""
	fi
}
cleanup() {
	stop_exporter
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM

# Start the exporter on a free port: a random port in 20000-59999, another
# one when that is taken (the exporter exits at once), at most 10 tries.
# Sets $pid and $port; fails when it never answers.
start_exporter() { # DIR
	tries=0
	while [ $tries -lt 10 ]; do
		tries=$((tries + 1))
		port=$(( $(od -An -N2 -tu2 /dev/urandom) % 40000 + 20000 ))
		"$exporter" --collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$1" \
			--web.listen-address="127.0.0.1:$port" --log.level=warn \
			>"$tmp/exporter.log" 2>&1 &
		pid=$!
		# up to 5 s for the first answer
		i=0
		while [ $i -lt 50 ]; do
			if ! kill -0 "$pid" 2>/dev/null; then
				wait "$pid" 2>/dev/null
				pid=""
				break
			fi
			if curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics" 2>/dev/null; then
				last_pid=$pid
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		stop_exporter
	done
	return 1
}

# A fresh directory for the exporter holding FILE as amdiommuctl.prom.
textfile_dir() { # FILE
	rm -rf "$tmp/textfile"
	mkdir "$tmp/textfile"
	cp "$1" "$tmp/textfile/amdiommuctl.prom"
	chmod 0644 "$tmp/textfile/amdiommuctl.prom"
}

# Serve $tmp/textfile and scrape it into $tmp/scrape.
serve_and_scrape() {
	start_exporter "$tmp/textfile" || return 1
	curl -fsS "http://127.0.0.1:$port/metrics" >"$tmp/scrape"
	rc=$?
	stop_exporter
	return $rc
}

# The checks of one file, served from $tmp/textfile/amdiommuctl.prom.
check_served() { # WHAT
	what=$1
	served=$tmp/served.prom
	cp "$tmp/textfile/amdiommuctl.prom" "$served"
	out=$(promtool check metrics <"$served" 2>&1)
	result $? "$what: promtool check metrics accepts it" "$out"
	[ -z "$out" ]
	result $? "$what: promtool has no lint remark" "$out"

	serve_and_scrape
	result $? "$what: node exporter served /metrics on 127.0.0.1:${port:-?}" \
		"$(cat "$tmp/exporter.log" 2>/dev/null)"
	grep -q '^node_textfile_scrape_error 0$' "$tmp/scrape"
	result $? "$what: node_textfile_scrape_error 0" \
		"$(grep -E 'node_textfile|level=' "$tmp/scrape" "$tmp/exporter.log" 2>/dev/null)"
	# every family of the file, with its type, and as many series
	sed -n 's/^# TYPE \(amdiommuctl_[^ ]*\) \(.*\)$/\1 \2/p' "$served" | sort >"$tmp/want"
	sed -n 's/^# TYPE \(amdiommuctl_[^ ]*\) \(.*\)$/\1 \2/p' "$tmp/scrape" | sort >"$tmp/got"
	[ -s "$tmp/want" ]
	result $? "$what: the file has amdiommuctl families ($(wc -l <"$tmp/want"))"
	# the exporter leaves out a family without series
	for f in $(awk '{ print $1 }' "$tmp/want"); do
		grep -q "^$f[{ ]" "$served" || sed -i "/^$f /d" "$tmp/want"
	done
	diff "$tmp/want" "$tmp/got" >"$tmp/diff"
	result $? "$what: every amdiommuctl family with series is scraped with its type" "$(cat "$tmp/diff")"
	want=$(grep -c '^amdiommuctl_' "$served")
	got=$(grep -c '^amdiommuctl_' "$tmp/scrape")
	[ "$want" = "$got" ]
	result $? "$what: every series is scraped ($got of $want)"
	grep -q "^node_textfile_mtime_seconds{file=\"[^\"]*amdiommuctl.prom\"}" "$tmp/scrape"
	result $? "$what: node_textfile_mtime_seconds names amdiommuctl.prom (for staleness alerts)" \
		"$(grep node_textfile_mtime "$tmp/scrape")"
	[ -z "$pid" ] && [ -n "${last_pid:-}" ] && ! kill -0 "$last_pid" 2>/dev/null
	result $? "$what: the exporter (pid ${last_pid:-?}) is stopped"
}

if [ -n "$tool_tree" ]; then
	rm -rf "$tmp/textfile"
	mkdir "$tmp/textfile"
	# shellcheck disable=SC2086
	${AMDIOMMUCTL_WRAPPER:-} "$AMDIOMMUCTL" --root "$tool_tree" metrics \
		-o "$tmp/textfile/amdiommuctl.prom" >"$tmp/tool.out" 2>&1
	rc=$?
	[ $rc = 0 ] && [ "$(ls "$tmp/textfile")" = amdiommuctl.prom ]
	result $? "amdiommuctl metrics -o wrote amdiommuctl.prom into the exporter's directory (exit $rc)" \
		"$(cat "$tmp/tool.out"; ls -l "$tmp/textfile")"
	# without the tool's file the served checks would pass on nothing
	if [ $rc = 0 ]; then
		check_served "amdiommuctl metrics (qemu73-stock)"
	else
		result 1 "amdiommuctl metrics (qemu73-stock): nothing to serve (the tool failed)"
	fi
fi
textfile_dir "$textfile"
check_served "$(basename "$textfile")"

# the negative control: a timestamp on the first sample line
awk '!done && /^amdiommuctl_/ { print $0 " 1700000000000"; done = 1; next } { print }' \
	"$textfile" >"$tmp/broken.prom"
textfile_dir "$tmp/broken.prom"
serve_and_scrape
result $? "node exporter served the broken file"
grep -q '^node_textfile_scrape_error 1$' "$tmp/scrape"
result $? "a sample with a timestamp gives node_textfile_scrape_error 1" \
	"$(grep node_textfile_scrape_error "$tmp/scrape")"
grep -q '^amdiommuctl_' "$tmp/scrape"
[ $? != 0 ]
result $? "and none of its families is served"

echo "1..$n"
[ "$failed" = 0 ] || { echo "# $failed of $n tests failed"; exit 1; }
exit 0
