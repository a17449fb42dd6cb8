# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the CLI tests (POSIX sh; sourced, not run).
#
# Environment (set by `make check`): AMDIOMMUCTL=<binary>, srcdir=<repo top>.
# AMDIOMMUCTL_WRAPPER (optional) is put in front of the binary, e.g.
# "valgrind -q --error-exitcode=99".  Output is TAP; the script exits non-zero
# when any test failed.
#
#   run ARGS...        run the program; sets $rc, $out (stdout), $err (stderr)
#   on TREE ARGS...    run --root $FIXTURES/TREE ARGS...
#   is GOT WANT DESC   string equality
#   ok DESC CMD...     CMD (a shell command) succeeds
#   rc_is WANT DESC    exit code of the last run
#   jq_is FILTER WANT DESC   jq -r FILTER on the last stdout equals WANT
#   like TEXT ERE DESC       TEXT matches the extended regular expression
#   unlike TEXT ERE DESC
#   json_valid DESC    the last stdout is one JSON document
#   doc_metrics, prom_metrics   the families of doc/metrics.md or a .prom file
#   done_testing       print the plan and exit

: "${AMDIOMMUCTL:?AMDIOMMUCTL must name the amdiommuctl binary}"
if [ -z "${srcdir:-}" ]; then
	srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
FIXTURES=$srcdir/tests/fixtures
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 77; }

_t_tmp=$(mktemp -d "${TMPDIR:-/tmp}/amdiommuctl-cli.XXXXXX") || exit 99
trap 'rm -rf "$_t_tmp"' EXIT
# A release tarball cannot hold the trees' symlink cycles (automake's dist
# runs `tar ch`), so a dist may ship them as one plain archive instead.
if [ ! -d "$FIXTURES/qemu73-stock" ] && [ -f "$srcdir/tests/fixtures.tar" ]; then
	mkdir "$_t_tmp/fixtures" && tar xf "$srcdir/tests/fixtures.tar" -C "$_t_tmp/fixtures" || exit 99
	FIXTURES=$_t_tmp/fixtures
fi
_t_n=0
_t_failed=0
rc=0
out=
err=
last_cmd=

run() {
	last_cmd="amdiommuctl $*"
	# shellcheck disable=SC2086
	${AMDIOMMUCTL_WRAPPER:-} "$AMDIOMMUCTL" "$@" >"$_t_tmp/out" 2>"$_t_tmp/err"
	rc=$?
	out=$(cat "$_t_tmp/out")
	err=$(cat "$_t_tmp/err")
	if [ "$rc" -ge 128 ] || [ "$rc" = 99 ]; then
		echo "# CRASH or wrapper error (rc=$rc): $last_cmd"
		sed 's/^/#   stderr: /' "$_t_tmp/err" | head -20
	fi
}

on() {
	_t_tree=$1
	shift
	run --root "$FIXTURES/$_t_tree" "$@"
}

_t_result() { # PASS DESC [diag...]
	_t_n=$((_t_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_t_n - $2"
	else
		echo "not ok $_t_n - $2"
		_t_failed=$((_t_failed + 1))
		shift 2
		echo "#   command: $last_cmd (rc=$rc)"
		for _t_l in "$@"; do
			printf '%s\n' "$_t_l" | sed 's/^/#   /'
		done
	fi
}

is() {
	if [ "$1" = "$2" ]; then
		_t_result 0 "$3"
	else
		_t_result 1 "$3" "got:  '$1'" "want: '$2'"
	fi
}

ok() {
	_t_desc=$1
	shift
	if eval "$*"; then
		_t_result 0 "$_t_desc"
	else
		_t_result 1 "$_t_desc" "failed: $*"
	fi
}

rc_is() {
	if [ "$rc" = "$1" ]; then
		_t_result 0 "$2"
	else
		_t_result 1 "$2" "exit code $rc, want $1" "stderr: $(printf '%s' "$err" | head -5)"
	fi
}

# jq -r FILTER on the last stdout; "<jq error>" when it is not JSON
jqo() {
	jq -r "$@" "$_t_tmp/out" 2>/dev/null || echo "<jq error>"
}

jq_is() {
	is "$(jqo "$1")" "$2" "$3"
}

like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_t_result 0 "$3"
	else
		_t_result 1 "$3" "text does not match /$2/:" "$(printf '%s\n' "$1" | head -10)"
	fi
}

unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_t_result 1 "$3" "text matches /$2/:" "$(printf '%s\n' "$1" | grep -E -- "$2" | head -5)"
	else
		_t_result 0 "$3"
	fi
}

json_valid() {
	if [ -s "$_t_tmp/out" ] && jq -e 'type == "object"' "$_t_tmp/out" >/dev/null 2>&1; then
		_t_result 0 "$1"
	else
		_t_result 1 "$1" "stdout is not a JSON object:" "$(head -c 300 "$_t_tmp/out")"
	fi
}

# The line of a `key  value` record (table output) whose key is $1 (leading
# blanks ignored), value only.
record() {
	printf '%s\n' "$out" | awk -v k="$1" '
		{ line = $0; sub(/^ +/, "", line)
		  if (index(line, k) == 1 && substr(line, length(k) + 1, 2) == "  ") {
			v = substr(line, length(k) + 1); sub(/^ +/, "", v); print v; exit } }'
}

# Table output: the value in column $2 (header name) of the row whose first
# column is $1.  Columns are found by their start offset in the header line
# (cells are padded to the column width and may contain blanks).
cell() {
	printf '%s\n' "$out" | awk -v row="$1" -v col="$2" '
		NR == 1 {
			h = $0 "  "; n = 0
			for (i = 1; i <= length(h); i++)
				if (substr(h, i, 1) != " " && (i == 1 || substr(h, i - 2, 2) == "  ")) {
					n++; start[n] = i
					name = substr(h, i); sub(/  .*/, "", name); names[n] = name
				}
			for (k = 1; k <= n; k++) if (names[k] == col) c = k
			next
		}
		{ split($0, f, " ") }
		f[1] == row && c {
			v = (c < n) ? substr($0, start[c], start[c + 1] - start[c]) : substr($0, start[c])
			sub(/ +$/, "", v); print v; exit
		}'
}

# The devtbl row of BDF in tree TREE as the JSON raw array would print it:
# "0xQ0 0xQ1 0xQ2 0xQ3" (the file prints QWORD[3] first).
devtbl_raw() {
	awk -v b="$2" '$1 == b { print "0x" $5 " 0x" $4 " 0x" $3 " 0x" $2; exit }' \
		"$FIXTURES/$1/sys/kernel/debug/iommu/amd/devtbl"
}

# The families of doc/metrics.md's tables, or of a Prometheus text file,
# one per line and sorted, as "name type", "name HELP text" or "name label
# names in order" (the file: the label names of every series; its label
# values must hold no '"').
doc_metrics() { # types|help|labels
	case $1 in
	types) sed -n 's/^| `\(amdiommuctl_[a-z_]*\)` | \([a-z]*\) | .*$/\1 \2/p' ;;
	help) sed -n 's/^| `\(amdiommuctl_[a-z_]*\)` | [a-z]* |[^|]*| \(.*\) |$/\1 \2/p' ;;
	labels) sed -n 's/^| `\(amdiommuctl_[a-z_]*\)` | [a-z]* |\([^|]*\)|.*$/\1 \2/p' |
		tr -d '*`,' | tr -s ' ' | sed 's/ *$//' ;;
	esac <"$srcdir/doc/metrics.md" | sort
}
prom_metrics() { # FILE types|help|labels
	case $2 in
	types) sed -n 's/^# TYPE \([^ ]*\) \(.*\)$/\1 \2/p' ;;
	help) sed -n 's/^# HELP \([^ ]*\) \(.*\)$/\1 \2/p' ;;
	labels) sed -n 's/^\(amdiommuctl_[a-z_]*\)\({[^}]*}\)\{0,1\} .*$/\1 \2/p' |
		sed 's/="[^"]*"//g; s/[{},]/ /g' | tr -s ' ' | sed 's/ *$//' ;;
	esac <"$1" | sort -u
}

done_testing() {
	echo "1..$_t_n"
	if [ "$_t_failed" -ne 0 ]; then
		echo "# $_t_failed of $_t_n tests failed"
		exit 1
	fi
	exit 0
}
