#!/bin/sh
# Command-line grammar, exit codes and JSON errors: bad input never
# crashes, hangs or prints non-JSON in JSON mode.
set -u
: "${AMDIOMMUCTL:=./amdiommuctl}"
n=0 fail=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
run() { # run EXPECTED-RC NAME ARGS...: check the exit code
	want=$1 name=$2; shift 2
	# shellcheck disable=SC2086
	timeout 20 ${AMDIOMMUCTL_WRAPPER:-} "$AMDIOMMUCTL" "$@" >"$out" 2>"$err"
	rc=$?
	n=$((n + 1))
	if [ "$rc" = "$want" ]; then echo "ok $n - $name (exit $rc)"
	else echo "not ok $n - $name: exit $rc, want $want"; sed 's/^/# /' "$err"; fail=$((fail + 1)); fi
}
json_error() { # the last run printed a JSON error object with this exit code
	n=$((n + 1))
	if jq -e --argjson c "$1" '.schema_version == 1 and .error.exit_code == $c and (.error.message | length > 0)' "$out" >/dev/null 2>&1 &&
		[ "$(wc -l <"$err")" = 1 ]; then
		echo "ok $n - JSON error object and one stderr line"
	else
		echo "not ok $n - JSON error object"; sed 's/^/# out: /' "$out"; sed 's/^/# err: /' "$err"; fail=$((fail + 1))
	fi
}

run 0 "--help" --help
run 0 "--version" --version
run 0 "help show devices" help show devices
run 2 "no command" 
run 2 "unknown command" frobnicate
run 2 "unknown command, JSON" -j frobnicate
json_error 2
run 2 "show without object" show
run 2 "show with a bad object" show things
run 2 "unknown global option" --bogus status
run 2 "unknown command option" show devices --bogus
run 2 "missing option argument" show devices --group
run 2 "bad group number" show devices --group x1
run 2 "bad BDF for show dte" show dte zz
run 2 "bad BDF for show dte, JSON" -j show dte 0000:00:20.0
json_error 2
run 2 "show dte without BDF" show dte
run 2 "show dte with two BDFs" show dte 00:01.0 00:02.0
run 2 "bad BDF for show devices" show devices 0000:00:02.8
run 2 "status takes no arguments" status extra
run 1 "--root that does not exist" --root /nonexistent/tree status
run 1 "--root that does not exist, JSON" -j --root /nonexistent/tree show devices
json_error 1
run 0 "command --help" show dte --help
grep -q 'show dte' "$out" && n=$((n + 1)) && echo "ok $n - command help names the command"
run 0 "global options after the command" show groups --root / -j --help

echo "1..$n"
[ "$fail" = 0 ]
