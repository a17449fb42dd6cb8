#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# amdiommuctl monitor: what it refuses, and that it refuses at once.
# It needs the live kernel's uevent netlink socket, which this tier must
# not depend on: the live run (bind/unbind events, --timeout timing) is in
# the real-kernel tier (tests/vm/guest-test.sh, chk_monitor and
# chk_monitor_timeout in tests/vm/run.sh).
. "${srcdir:-.}/tests/cli/lib.sh"

# a refusal that waited for events would hang: the timeout fails it
_t_pre="timeout 60"
S=$_t_tmp/snap
on qemu73-stock snapshot -o "$S"
rc_is 0 "a snapshot to replay"

# wall time of a run in milliseconds (GNU date %N)
ms_run() {
	_t0=$(date +%s%N)
	run "$@"
	elapsed=$((($(date +%s%N) - _t0) / 1000000))
}

# monitor --timeout 30 on a tree would wait 30 s if it opened a socket: the
# refusal comes before that (10 s leaves room for valgrind's start-up)
ms_run monitor --root "$FIXTURES/qemu73-stock" --timeout 30
rc_is 2 "--root is refused"
like "$err" "^amdiommuctl: monitor needs a live kernel.*--root" "--root: says why, naming the option"
ok "--root: refused at once, not after --timeout 30 ($elapsed ms)" "[ $elapsed -lt 10000 ]"
run -j monitor --root "$FIXTURES/qemu73-stock"
rc_is 2 "-j --root is refused"
jq_is '[.error.exit_code, (.error.message | test("live kernel"))] | map(tostring) | join(" ")' "2 true" \
	"-j --root: JSON error object says why"
ms_run --snapshot "$S" monitor --timeout 30
rc_is 2 "--snapshot is refused"
like "$err" "^amdiommuctl: monitor needs a live kernel.*--snapshot" "--snapshot: says why, naming the option"
ok "--snapshot: refused at once ($elapsed ms)" "[ $elapsed -lt 10000 ]"

for bad in 0 -1 x 1x ""; do
	run monitor --count "$bad"
	rc_is 2 "--count '$bad' is a usage error"
	like "$err" "^amdiommuctl: --count '$bad': " "--count '$bad': the message names the option and value"
	run monitor --timeout "$bad"
	rc_is 2 "--timeout '$bad' is a usage error"
	like "$err" "^amdiommuctl: --timeout '$bad': " "--timeout '$bad': the message names the option and value"
done
run monitor extra
rc_is 2 "a positional argument is a usage error"

done_testing
