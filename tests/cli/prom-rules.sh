#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prometheus side of issue 15, checked with promtool (Debian's `prometheus`):
#  - the alert rules of README.md: `promtool check rules`, and
#    `promtool test rules` on tests/cli/prom-rules.test.yml, where each
#    alert must fire in one scenario and stay silent in another;
#  - tests/fixtures/metrics/sample.prom: `promtool check metrics`, and the
#    same families, types and HELP texts as the tables of doc/metrics.md;
#  - the text the writer src/prom.c makes in tests/unit/test-prom
#    (PROM_OUT): `promtool check metrics`, when that binary is built here.
# Without promtool: skipped (77), but under CI=true a failure.
. "${srcdir:-.}/tests/cli/lib.sh"

if ! command -v promtool >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - promtool is not installed (apt-get install prometheus)"
		exit 1
	fi
	echo "1..0 # SKIP promtool is not installed (apt-get install prometheus)"
	exit 77
fi

t=$_t_tmp
# promtool check metrics FILE: accepted, and no lint remark
check_metrics() { # FILE WHAT
	last_cmd="promtool check metrics < $2"
	out=$(promtool check metrics <"$1" 2>&1)
	rc=$?
	err=$out
	rc_is 0 "promtool check metrics accepts $2"
	is "$out" "" "promtool has no lint remark on $2"
}

# the rules: the one ```yaml block of README.md
awk '/^```yaml$/ { f = 1; next } /^```$/ { f = 0 } f' "$srcdir/README.md" >"$t/rules.yml"
ok "README.md holds a yaml block of rules" "grep -q '^groups:' '$t/rules.yml'"
last_cmd="promtool check rules"
out=$(promtool check rules "$t/rules.yml" 2>&1)
rc=$?
err=$out
rc_is 0 "promtool check rules accepts the rules"
like "$out" "SUCCESS: 8 rules found" "8 rules"

cp "$srcdir/tests/cli/prom-rules.test.yml" "$t/"
last_cmd="promtool test rules"
out=$(cd "$t" && promtool test rules prom-rules.test.yml 2>&1)
rc=$?
err=$out
rc_is 0 "promtool test rules: every alert fires where it must and nowhere else"
[ "$rc" = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -40

sample=$srcdir/tests/fixtures/metrics/sample.prom
check_metrics "$sample" sample.prom

# "name type", "name HELP" and "name labels" of every family, from the
# sample and from the doc tables
doc_metrics types >"$t/doc.types"
prom_metrics "$sample" types >"$t/sample.types"
ok "doc/metrics.md lists families" "[ -s '$t/doc.types' ]"
last_cmd="diff doc/metrics.md sample.prom (families and types)"
is "$(diff "$t/doc.types" "$t/sample.types")" "" \
	"doc/metrics.md and sample.prom: the same families with the same types"
last_cmd="diff doc/metrics.md sample.prom (HELP)"
is "$(doc_metrics help | diff - "$(prom_metrics "$sample" help >"$t/sample.help"; echo "$t/sample.help")")" "" \
	"doc/metrics.md and sample.prom: the same HELP texts"
last_cmd="diff doc/metrics.md sample.prom (label names)"
is "$(doc_metrics labels | diff - "$(prom_metrics "$sample" labels >"$t/sample.labels"; echo "$t/sample.labels")")" "" \
	"doc/metrics.md and sample.prom: the same label names, in order, on every series"
# every family of the sample has a sample line
missing=$(while read -r name type; do
	grep -q "^$name[{ ]" "$sample" || echo "$name"
done <"$t/sample.types")
is "$missing" "" "every family of sample.prom has a series"

test_prom=$(dirname "$AMDIOMMUCTL")/tests/unit/test-prom
if [ -x "$test_prom" ]; then
	PROM_OUT=$t/writer.prom "$test_prom" >"$t/writer.tap"
	ok "tests/unit/test-prom wrote its outputs" "[ -s '$t/writer.prom' ]"
	check_metrics "$t/writer.prom" "what src/prom.c wrote"
else
	echo "ok $((_t_n + 1)) - # SKIP tests/unit/test-prom is not built here"
	_t_n=$((_t_n + 1))
fi

done_testing
