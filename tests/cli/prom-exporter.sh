#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The textfile a host would get, served by Debian's prometheus-node-exporter:
#
#   tests/cli/prom-exporter.sh [TEXTFILE]
#
# TEXTFILE (default tests/fixtures/metrics/sample.prom) is checked with
# `promtool check metrics`, then copied as amdiommuctl.prom into a fresh
# directory; prometheus-node-exporter is started on 127.0.0.1 on a free
# port with only the textfile collector, pointed at that directory; /metrics
# is scraped with curl and must hold every family of TEXTFILE with its type
# and node_textfile_scrape_error 0.  A copy of TEXTFILE with a timestamp on
# one sample (the collector refuses timestamps) must give
# node_textfile_scrape_error 1, so the check can fail.  The exporter is
# stopped on every way out (trap EXIT INT TERM).
#
# Needs prometheus-node-exporter, promtool (prometheus) and curl: without
# them the test is skipped (77), under CI=true it fails.  TAP output.
set -u

srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
textfile=${1:-${PROM_EXPORTER_TEXTFILE:-$srcdir/tests/fixtures/metrics/sample.prom}}
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

# Serve FILE as amdiommuctl.prom and scrape it into $tmp/scrape.
serve_and_scrape() { # FILE
	rm -rf "$tmp/textfile"
	mkdir "$tmp/textfile"
	cp "$1" "$tmp/textfile/amdiommuctl.prom"
	chmod 0644 "$tmp/textfile/amdiommuctl.prom"
	start_exporter "$tmp/textfile" || return 1
	curl -fsS "http://127.0.0.1:$port/metrics" >"$tmp/scrape"
	rc=$?
	stop_exporter
	return $rc
}

out=$(promtool check metrics <"$textfile" 2>&1)
result $? "promtool check metrics accepts $(basename "$textfile")" "$out"
[ -z "$out" ]
result $? "promtool has no lint remark" "$out"

serve_and_scrape "$textfile"
result $? "node exporter served /metrics on 127.0.0.1:${port:-?}" "$(cat "$tmp/exporter.log" 2>/dev/null)"
grep -q '^node_textfile_scrape_error 0$' "$tmp/scrape"
result $? "node_textfile_scrape_error 0" "$(grep -E 'node_textfile|level=' "$tmp/scrape" "$tmp/exporter.log" 2>/dev/null)"
# every family of the file, with its type, and as many series
sed -n 's/^# TYPE \(amdiommuctl_[^ ]*\) \(.*\)$/\1 \2/p' "$textfile" | sort >"$tmp/want"
sed -n 's/^# TYPE \(amdiommuctl_[^ ]*\) \(.*\)$/\1 \2/p' "$tmp/scrape" | sort >"$tmp/got"
[ -s "$tmp/want" ]
result $? "the file has amdiommuctl families ($(wc -l <"$tmp/want"))"
diff "$tmp/want" "$tmp/got" >"$tmp/diff"
result $? "every amdiommuctl family is scraped with its type" "$(cat "$tmp/diff")"
want=$(grep -c '^amdiommuctl_' "$textfile")
got=$(grep -c '^amdiommuctl_' "$tmp/scrape")
[ "$want" = "$got" ]
result $? "every series is scraped ($got of $want)"
grep -q "^node_textfile_mtime_seconds{file=\"[^\"]*amdiommuctl.prom\"}" "$tmp/scrape"
result $? "node_textfile_mtime_seconds names amdiommuctl.prom (for staleness alerts)" \
	"$(grep node_textfile_mtime "$tmp/scrape")"
[ -z "$pid" ] && [ -n "${last_pid:-}" ] && ! kill -0 "$last_pid" 2>/dev/null
result $? "the exporter (pid ${last_pid:-?}) is stopped"

# the negative control: a timestamp on the first sample line
awk '!done && /^amdiommuctl_/ { print $0 " 1700000000000"; done = 1; next } { print }' \
	"$textfile" >"$tmp/broken.prom"
serve_and_scrape "$tmp/broken.prom"
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
