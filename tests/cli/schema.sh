#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The JSON contract (doc/json.md): every JSON document the commands print on
# the fixture trees, -j and -p, validates against doc/schema/COMMAND.json
# (draft 2020-12, $refs into doc/schema/defs.json), an error document
# against doc/schema/error.json, and no key name carries two JSON types
# (null is compatible with every type) anywhere in all of them.
#
# One python3 process validates every document (tests/cli/schema-check.py).
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 || need_prereq "python3 is not installed"
python3 -c 'import jsonschema' 2>/dev/null || need_prereq "python3-jsonschema is not installed"

D=$_t_tmp/docs
mkdir "$D" || exit 99
: >"$D/MANIFEST"
_n=0

# doc SCHEMA DESC ARGS...: run the program with -j and with -p, keep both
# documents.  A document with an "error" key is checked against error.json.
doc() {
	_s=$1
	_d=$2
	shift 2
	for _f in -j -p; do
		run "$_f" "$@"
		if [ ! -s "$_t_tmp/out" ]; then
			_t_result 1 "$_d $_f: prints a document" "stdout is empty" "$(printf '%s' "$err" | head -3)"
			continue
		fi
		_n=$((_n + 1))
		cp "$_t_tmp/out" "$D/$_n.json"
		printf '%s\t%s\t%s\n' "$_n.json" "$_s" "$_d $_f (rc=$rc)" >>"$D/MANIFEST"
	done
}

# the trees lib.sh knows: every directory of tests/fixtures (ivrs holds
# tables for show ivrs --file, not a host tree)
trees=
for t in "$FIXTURES"/*/; do
	t=$(basename "$t")
	[ -d "$FIXTURES/$t/sys" ] || [ -d "$FIXTURES/$t/proc" ] || continue
	trees="$trees $t"
done
is "$(echo $trees | wc -w)" "$(echo $trees | wc -w | awk '$1 >= 15 { print $1 }')" "at least 15 fixture trees"

for t in $trees; do
	R="--root $FIXTURES/$t"
	doc status "$t: status" $R status
	doc check "$t: check" $R check
	doc show-iommus "$t: show iommus" $R show iommus
	doc show-devices "$t: show devices" $R show devices
	doc show-groups "$t: show groups" $R show groups
	doc show-domains "$t: show domains" $R show domains
	doc show-cmdbuf "$t: show cmdbuf" $R show cmdbuf
	doc show-events "$t: show events" $R show events
	doc show-events "$t: show events --summary" $R show events --summary
	doc show-ivrs "$t: show ivrs" $R show ivrs
	doc metrics "$t: metrics -o" $R metrics -o "$_t_tmp/metrics.prom"
	# show dte and show irt of the first devices that have a DTE
	run --root "$FIXTURES/$t" -j show devices
	bdfs=$(jqo '[.devices[]? | select(.dte != null) | .bdf] | .[0:3] | .[]')
	for b in $bdfs; do
		doc show-dte "$t: show dte $b" $R show dte "$b"
		doc show-irt "$t: show irt $b" $R show irt "$b"
	done
done

# diff: two trees, a tree against itself; snapshot -o and --info; replay
S=$_t_tmp/stock.snap
doc diff "diff qemu73-stock qemu73-v2" diff "$FIXTURES/qemu73-stock" "$FIXTURES/qemu73-v2"
doc diff "diff epyc2s epyc2s" diff "$FIXTURES/epyc2s" "$FIXTURES/epyc2s"
doc snapshot "snapshot -o" --root "$FIXTURES/qemu73-stock" snapshot -o "$S"
doc snapshot "snapshot --info" snapshot --info "$S"
doc diff "diff snapshot tree" diff "$S" "$FIXTURES/qemu73-ir"
for c in status check "show iommus" "show devices" "show groups" "show domains" \
	"show cmdbuf" "show events" "show ivrs"; do
	# shellcheck disable=SC2086
	doc "$(echo "$c" | tr ' ' -)" "--snapshot: $c" --snapshot "$S" $c
done
doc help "help" help
doc alloc "alloc --bind-vfio --dry-run" --root "$FIXTURES/qemu73-stock" alloc -d 0000:00:02.0 --bind-vfio --dry-run

# error documents: a usage error, a missing device, no JSON (metrics),
# the live-only commands under --root
doc error "error: bad BDF" --root "$FIXTURES/qemu73-stock" show dte nonsense
doc error "error: no such device" --root "$FIXTURES/qemu73-stock" show dte 0000:7f:1f.7
doc error "error: metrics -j" --root "$FIXTURES/qemu73-stock" metrics
doc error "error: alloc --root" --root "$FIXTURES/qemu73-stock" alloc -d 0000:00:02.0
doc error "error: monitor --root" --root "$FIXTURES/qemu73-stock" monitor
doc error "error: diff one arg" diff "$FIXTURES/qemu73-stock"

# SCHEMA_KEEP=DIR keeps the documents (to look at a failure)
[ -n "${SCHEMA_KEEP:-}" ] && rm -rf "$SCHEMA_KEEP" && cp -R "$D" "$SCHEMA_KEEP"
# one python3 process: "FILE\tok" / "FILE\tnot ok\tWHY" per document, then
# "keys ok" or "keys not ok\tWHY..." for the key-type check
python3 "$srcdir/tests/cli/schema-check.py" "$srcdir/doc/schema" "$D" >"$_t_tmp/py" 2>"$_t_tmp/pyerr"
prc=$?
is "$prc" 0 "the validator ran (python3 tests/cli/schema-check.py)"
[ -s "$_t_tmp/pyerr" ] && sed 's/^/# python: /' "$_t_tmp/pyerr" | head -20
last_cmd="python3 tests/cli/schema-check.py"
rc=$prc
while IFS="	" read -r f s desc; do
	line=$(grep "^$f	" "$_t_tmp/py" | head -1)
	case $line in
	"$f	ok") _t_result 0 "$desc: valid against $s.json" ;;
	"$f	not ok	"*) _t_result 1 "$desc: valid against $s.json" "$(printf '%s\n' "$line" | cut -f3- | tr '\t' '\n' | head -15)" ;;
	*) _t_result 1 "$desc: valid against $s.json" "the validator said nothing about $f" ;;
	esac
done <"$D/MANIFEST"
is "$(grep -c . "$D/MANIFEST")" "$_n" "$_n documents validated"
keys=$(grep '^keys' "$_t_tmp/py")
case $keys in
"keys ok"*) _t_result 0 "one key name, one JSON type, in all $_n documents" ;;
*) _t_result 1 "one key name, one JSON type, in all $_n documents" "$(printf '%s\n' "$keys" | cut -f2- | tr '\t' '\n' | head -30)" ;;
esac
echo "# $_n documents validated"

done_testing
