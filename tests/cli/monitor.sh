#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# amdiommuctl monitor: refusals and a short live run.
. "${srcdir:-.}/tests/cli/lib.sh"

run monitor --root "$FIXTURES/qemu73-stock"
rc_is 2 "--root is refused"
like "$err" "monitor needs a live kernel" "--root: says why"
run -j monitor --root "$FIXTURES/qemu73-stock"
rc_is 2 "-j --root is refused"
jq_is '.error.exit_code' 2 "-j --root: JSON error object"

for bad in 0 -1 x 1x ""; do
	run monitor --count "$bad"
	rc_is 2 "--count '$bad' is a usage error"
	run monitor --timeout "$bad"
	rc_is 2 "--timeout '$bad' is a usage error"
done
run monitor extra
rc_is 2 "a positional argument is a usage error"

# On the live machine: a one-second run ends by itself with status 0 (no
# event is fine).  Where the sandbox forbids the netlink socket, the
# documented failure is status 1 naming the socket and the errno.
start=$(date +%s)
run -j monitor --timeout 1
elapsed=$(( $(date +%s) - start ))
if [ "$rc" = 1 ]; then
	like "$err" "uevent netlink socket.*\\(E[A-Z0-9]+\\)" "socket refused: message names the socket and errno"
	jq_is '.error.errno | test("^E")' true "socket refused: JSON error names the errno"
else
	rc_is 0 "--timeout 1 exits 0"
	if [ -n "$out" ]; then
		ok "every line is a JSON object" "jq -e 'type == \"object\" and .schema_version == 1' \"\$_t_tmp/out\" >/dev/null"
	else
		ok "no event, no output" true
	fi
fi
ok "--timeout 1 returns within a few seconds ($elapsed s)" "[ $elapsed -le 4 ]"

done_testing
