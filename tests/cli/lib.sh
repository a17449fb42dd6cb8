# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the CLI tests (POSIX sh; sourced, not run).
#
# Environment (set by `make check`): AMDIOMMUCTL=<binary>, srcdir=<repo top>.
# AMDIOMMUCTL_WRAPPER (optional) is put in front of the binary, e.g.
# "valgrind -q --error-exitcode=99".  Output is TAP; the script exits non-zero
# when any test failed.  CI=true (.ci/run exports it): a missing prerequisite
# fails the script instead of skipping it.
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
#   todo REASON        the next check is a known bug: "# TODO REASON" (a
#                      failure does not fail the script; a pass is an XPASS,
#                      which automake counts as a failure: remove the todo)
#   need_prereq WHAT   skip the script (exit 77), or fail it under CI=true
#   doc_metrics, prom_metrics   the families of doc/metrics.md or a .prom file
#   done_testing       print the plan and exit
#
# Every run is checked before the test looks at it: an exit code outside
# 0..4 (a signal, the wrapper's --error-exitcode=99, a timeout's 124, a
# wrapper that cannot run: 126/127) or a sanitizer report on stderr is a
# failed check at that run, and every check of that run fails too, whatever
# it asserts (a crash must never pass a check that only looks at stderr).
# Set _t_pre to a command put before the wrapper (timeout, setpriv).

: "${AMDIOMMUCTL:?AMDIOMMUCTL must name the amdiommuctl binary}"
if [ -z "${srcdir:-}" ]; then
	srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
FIXTURES=$srcdir/tests/fixtures
# tables fit $COLUMNS when it is set (src/render.c): tests set it themselves
unset COLUMNS

need_prereq() {
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - prerequisite: $* (CI=true: a missing prerequisite is a failure)"
		exit 1
	fi
	echo "1..0 # SKIP $*"
	exit 77
}
[ "${LIB_NO_JQ:-}" = 1 ] || command -v jq >/dev/null 2>&1 || need_prereq "jq is not installed"

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
_t_todo=
_t_pre=
_t_bad=0     # a run since the last check crashed: the checks of it fail
_t_checked=1 # a check was recorded since the last run
rc=0
out=
err=
last_cmd=

# _t_sane: judge the run that just ended ($rc, $_t_tmp/err)
_t_sane() {
	_t_why=
	case $rc in
	0 | 1 | 2 | 3 | 4) ;;
	5) case $last_cmd in *" check"*) ;; *) _t_why="exit 5 is for check only (a check failed)" ;; esac ;;
	124) _t_why="timed out (exit 124)" ;;
	126 | 127) _t_why="the wrapper or the program could not be run (exit $rc)" ;;
	99) _t_why="the wrapper reported errors (exit 99, valgrind --error-exitcode)" ;;
	*) if [ "$rc" -ge 128 ]; then _t_why="killed by signal $((rc - 128)) (exit $rc)"
	   else _t_why="exit $rc is no exit code of amdiommuctl (0-5)"; fi ;;
	esac
	if grep -Eq 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|MemorySanitizer|ThreadSanitizer|runtime error:' \
		"$_t_tmp/err" 2>/dev/null; then
		_t_why="${_t_why:+$_t_why; }a sanitizer report on stderr"
	fi
	[ -z "$_t_why" ] && return 0
	_t_bad=1
	_t_keep=$_t_todo
	_t_todo=
	_t_result 1 "clean run (no crash, sanitizer report or wrapper error): $last_cmd" \
		"$_t_why" "$(head -20 "$_t_tmp/err")"
	_t_todo=$_t_keep
	# the checks that follow still belong to this run
	_t_checked=0
}

run() {
	last_cmd="amdiommuctl $*"
	[ "$_t_checked" = 1 ] && _t_bad=0
	_t_checked=0
	# shellcheck disable=SC2086
	$_t_pre ${AMDIOMMUCTL_WRAPPER:-} "$AMDIOMMUCTL" "$@" >"$_t_tmp/out" 2>"$_t_tmp/err"
	rc=$?
	out=$(cat "$_t_tmp/out")
	err=$(cat "$_t_tmp/err")
	_t_sane
}

on() {
	_t_tree=$1
	shift
	run --root "$FIXTURES/$_t_tree" "$@"
}

todo() { _t_todo=$*; }

_t_result() { # PASS DESC [diag...]
	_t_n=$((_t_n + 1))
	_t_checked=1
	_t_pass=$1
	_t_d=$2
	shift 2
	if [ "$_t_bad" = 1 ] && [ "$_t_pass" = 0 ]; then
		_t_pass=1
		set -- "the run crashed or the wrapper failed (see the check above): nothing of it can pass" "$@"
	fi
	_t_dir=
	if [ -n "$_t_todo" ]; then
		_t_dir=" # TODO $_t_todo"
		_t_todo=
	fi
	if [ "$_t_pass" = 0 ]; then
		echo "ok $_t_n - $_t_d$_t_dir"
	else
		echo "not ok $_t_n - $_t_d$_t_dir"
		[ -n "$_t_dir" ] || _t_failed=$((_t_failed + 1))
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

# Table output (tests/cli/table.sh): the value of record $1, the cell of
# row $1 in column $2, of the last stdout.
. "$srcdir/tests/cli/table.sh"
record() { printf '%s\n' "$out" | table_record "$1"; }
cell() { printf '%s\n' "$out" | table_cell "$1" "$2"; }

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
