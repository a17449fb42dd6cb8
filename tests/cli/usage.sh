#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line grammar, exit codes and JSON errors: bad input never
# crashes, hangs or prints non-JSON in JSON mode.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# a hang fails the run (exit 124) instead of hanging `make check`
_t_pre="timeout 60"

exits() { # exits EXPECTED-RC NAME ARGS...: run, check the exit code
	_want=$1 _name=$2
	shift 2
	run "$@"
	rc_is "$_want" "$_name (exit $_want)"
}
json_error() { # the last run printed a JSON error object with this exit code
	is "$(jqo --argjson c "$1" '.schema_version == 2 and .error.exit_code == $c and (.error.message | length > 0)')" \
		true "JSON error object with exit_code $1"
	is "$(printf '%s\n' "$err" | grep -c '^')" 1 "one stderr line"
}

exits 0 "--help" --help
# the schema version -j prints is the one --help names
like "$out" "print JSON \\(schema_version 2\\)" "--help names schema_version 2"
exits 0 "--version" --version
exits 0 "help show devices" help show devices
exits 2 "no command"
exits 2 "unknown command" frobnicate
exits 2 "unknown command, JSON" -j frobnicate
json_error 2
exits 2 "show without object" show
exits 2 "show with a bad object" show things
exits 2 "unknown global option" --bogus status
exits 2 "unknown command option" show devices --bogus
exits 2 "missing option argument" show devices --group
exits 2 "bad group number" show devices --group x1
exits 2 "bad BDF for show dte" show dte zz
exits 2 "bad BDF for show dte, JSON" -j show dte 0000:00:20.0
json_error 2
exits 2 "show dte without BDF" show dte
exits 2 "show dte with two BDFs" show dte 00:01.0 00:02.0
exits 2 "bad BDF for show devices" show devices 0000:00:02.8
exits 2 "status takes no arguments" status extra
exits 1 "--root that does not exist" --root /nonexistent/tree status
exits 1 "--root that does not exist, JSON" -j --root /nonexistent/tree show devices
json_error 1
exits 0 "command --help" show dte --help
like "$out" '^Usage: amdiommuctl .*show dte' "command help names the command"
exits 0 "global options after the command" show groups --root / -j --help

done_testing
