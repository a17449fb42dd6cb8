#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Mutation testing: does the test suite catch single-line bugs?
#
#   tests/mutation/run.sh SRCDIR [LIST]        (`make mutation` runs this)
#
# LIST (default SRCDIR/tests/mutation/mutations.txt, format described at
# its top) names each mutation by a file and an exact text fragment of one
# line of it.  The script copies the source tree (the files git tracks
# plus untracked, not ignored ones) to a scratch directory, builds it once,
# checks that every fragment is found exactly once (a fragment that no
# longer matches fails the run before anything else: re-target it), runs
# the whole suite unmutated (it must pass), then for each mutation: puts
# it in, rebuilds incrementally, runs the tests in a fixed order (unit
# tests first, the slow fault matrix last) and stops at the first failed
# check, puts the original back.  It prints each mutation with the first
# check that caught it (test file and check name) or SURVIVED, then
# `caught N/M` and the time taken.  A TODO check (a known bug) never
# counts as a catch.  Exit 0 when every mutation was caught, 1 when some
# survived, 2 when the run itself failed (anchor, build, unmutated suite).
#
# Environment: MUTATIONS="id id ..." runs only those; MUTATION_DIR is the
# scratch directory (default ${TMPDIR:-/tmp}/amdiommuctl-mutation, removed
# and made again each run; kept afterwards for a look); MUTATION_JOBS the
# make -j (2); MUTATION_TIMEOUT seconds per test program (600).
set -u

[ $# -ge 1 ] || { echo "usage: $0 SRCDIR [LIST]" >&2; exit 2; }
src=$(cd "$1" && pwd) || exit 2
list=${2:-$src/tests/mutation/mutations.txt}
[ -f "$list" ] || { echo "mutation: no list $list" >&2; exit 2; }
work=${MUTATION_DIR:-${TMPDIR:-/tmp}/amdiommuctl-mutation}
jobs=${MUTATION_JOBS:-2}
tmo=${MUTATION_TIMEOUT:-600}
only=${MUTATIONS:-}
tree=$work/tree
t_start=$(date +%s)

die() {
	echo "mutation: $*" >&2
	exit 2
}

# ---- the list: one directory per mutation (id, file, from, to, why) ------------
rm -rf "$work"
mkdir -p "$work/list" "$work/logs" || die "cannot make $work"
# paragraph mode: a mutation is a block of "key: value" lines; a value is
# everything after "key: " (tabs and blanks kept, no escapes)
awk -v out="$work/list" '
	BEGIN { RS = ""; FS = "\n"; n = 0 }
	{
		id = ""; file = ""; from = ""; to = ""; why = ""; has_from = 0; has_to = 0; bad = ""
		for (i = 1; i <= NF; i++) {
			line = $i
			if (line ~ /^#/) continue
			k = line; sub(/:.*/, "", k)
			v = substr(line, length(k) + 3)
			if (substr(line, length(k) + 1, 2) != ": ") { bad = line; continue }
			if (k == "id") id = v
			else if (k == "file") file = v
			else if (k == "from") { from = v; has_from = 1 }
			else if (k == "to") { to = v; has_to = 1 }
			else if (k == "why") why = v
			else bad = line
		}
		if (id == "" && file == "" && !has_from && !has_to && bad == "") next
		if (id == "" || file == "" || !has_from || !has_to || bad != "") {
			printf "mutation: bad block (need id, file, from, to; got \"%s\")\n", bad != "" ? bad : $1 > "/dev/stderr"
			err = 1; next
		}
		n++; d = sprintf("%s/%03d", out, n)
		system("mkdir -p \"" d "\"")
		printf "%s", id > (d "/id"); printf "%s", file > (d "/file")
		printf "%s", from > (d "/from"); printf "%s", to > (d "/to"); printf "%s", why > (d "/why")
		close(d "/id"); close(d "/file"); close(d "/from"); close(d "/to"); close(d "/why")
	}
	END { exit err }' "$list" || die "cannot read $list"
dup=$(cat "$work"/list/*/id | sort | uniq -d)
[ -z "$dup" ] || die "duplicate ids in $list: $dup"

# ---- a scratch copy of the source, built once -----------------------------------
echo "mutation: copying $src to $tree"
mkdir -p "$tree"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files --cached --others --exclude-standard -z) |
		(cd "$src" && tar --null -T - -cf -) | tar -C "$tree" -xf - || die "cannot copy the tree"
else
	(cd "$src" && tar --exclude=./fuzz-out --exclude='*.o' -cf - .) | tar -C "$tree" -xf - ||
		die "cannot copy the tree"
fi
echo "mutation: building (log: $work/logs/build.log)"
(cd "$tree" && ./bootstrap && ./configure CFLAGS="-O0 -g" && make -j"$jobs" && make -j"$jobs" check TESTS=) \
	>"$work/logs/build.log" 2>&1 || { tail -20 "$work/logs/build.log"; die "the unmutated tree does not build"; }
test_sh=$(sed -n 's/^SHELL = //p' "$tree/Makefile")
: "${test_sh:=/bin/sh}"

# ---- the tests, fastest first ------------------------------------------------------
order_unit="dte efr decode bdf policy iommufd optval uevent"
order_cli="boundary qemu73 epyc decode nodebugfs noamd usage monitor docs-sync snapshot faults"
tests=""
for t in $order_unit; do
	[ -x "$tree/tests/unit/test-$t" ] && tests="$tests tests/unit/test-$t"
done
for f in "$tree"/tests/unit/test-*.c; do
	t=${f%.c}
	t=tests/unit/${t##*/}
	case " $tests " in *" $t "*) ;; *) [ -x "$tree/$t" ] && tests="$tests $t" ;; esac
done
for t in $order_cli; do
	[ -f "$tree/tests/cli/$t.sh" ] && tests="$tests tests/cli/$t.sh"
done
for f in "$tree"/tests/cli/*.sh; do
	t=tests/cli/${f##*/}
	case "${f##*/}" in lib.sh | table.sh) continue ;; esac
	case " $tests " in *" $t "*) ;; *) tests="$tests $t" ;; esac
done

# run_one TEST LOG: run one test program; prints "CHECK" of the first
# failed check (or "exit N"), nothing when it passed
run_one() {
	case $1 in
	*.sh) (cd "$tree" && AMDIOMMUCTL=$tree/amdiommuctl srcdir=$tree top_srcdir=$tree \
		timeout "$tmo" "$test_sh" "$1") >"$2" 2>&1 ;;
	*) (cd "$tree" && timeout "$tmo" "./$1") >"$2" 2>&1 ;;
	esac
	_rc=$?
	_first=$(grep -E '^not ok' "$2" | grep -v -E '# TODO' | head -n 1 | sed -E 's/^not ok [0-9]+ (- )?//')
	if [ -n "$_first" ]; then
		printf '%s\n' "$_first"
	elif [ "$_rc" = 124 ]; then
		echo "timed out after ${tmo}s"
	elif [ "$_rc" != 0 ] && [ "$_rc" != 77 ]; then
		echo "exit $_rc"
	fi
}

# suite [all]: the tests in order, stopping at the first failure unless
# "all"; prints "TEST: CHECK" of the first failure
suite() {
	for t in $tests; do
		r=$(run_one "$t" "$work/logs/current.log")
		if [ -n "$r" ]; then
			printf '%s: %s\n' "$t" "$r"
			[ "${1:-}" = all ] || return 0
		fi
	done
}

# ---- every anchor matches exactly once -----------------------------------------------
# count FILE: occurrences of $FROM (environment, no escapes) in FILE
count() {
	FROM=$(cat "$2") awk 'BEGIN { f = ENVIRON["FROM"]; n = 0 }
		{ s = $0; while ((i = index(s, f)) > 0) { n++; s = substr(s, i + length(f)) } }
		END { print n }' "$1"
}
bad=0
for d in "$work"/list/*/; do
	id=$(cat "$d/id") file=$(cat "$d/file")
	if [ ! -f "$tree/$file" ]; then
		echo "mutation: $id: no file $file" >&2
		bad=1
		continue
	fi
	n=$(count "$tree/$file" "$d/from")
	if [ "$n" != 1 ]; then
		echo "mutation: $id: the fragment is found $n times in $file (want exactly once): re-target it" >&2
		printf '  from: %s\n' "$(cat "$d/from")" >&2
		bad=1
	fi
done
[ $bad = 0 ] || die "anchors do not match $src (see above)"

# ---- the unmutated suite passes ----------------------------------------------------------
echo "mutation: the unmutated suite ($(echo $tests | wc -w) test programs)"
t0=$(date +%s)
r=$(suite all)
[ -z "$r" ] || { printf '%s\n' "$r"; die "the suite fails without any mutation"; }
echo "mutation: unmutated suite passed in $(($(date +%s) - t0))s"

# ---- one mutation at a time ----------------------------------------------------------
# apply FILE DIR: replace the fragment of DIR in FILE
apply() {
	FROM=$(cat "$2/from") TO=$(cat "$2/to") awk 'BEGIN { f = ENVIRON["FROM"]; t = ENVIRON["TO"] }
		{ i = index($0, f); if (i) $0 = substr($0, 1, i - 1) t substr($0, i + length(f)); print }' \
		"$1" >"$1.mut" && mv "$1.mut" "$1"
}
total=0 caught=0 survived="" invalid=""
m_all=$(ls -d "$work"/list/*/ | wc -l)
for d in "$work"/list/*/; do
	id=$(cat "$d/id") file=$(cat "$d/file")
	if [ -n "$only" ]; then
		case " $only " in *" $id "*) ;; *) continue ;; esac
	fi
	total=$((total + 1))
	cp -p "$tree/$file" "$work/pristine"
	apply "$tree/$file" "$d"
	t0=$(date +%s)
	if ! (cd "$tree" && make -j"$jobs" check TESTS=) >"$work/logs/$id.build.log" 2>&1; then
		res="INVALID  (does not build: $work/logs/$id.build.log)"
		invalid="$invalid $id"
	else
		r=$(suite)
		if [ -n "$r" ]; then
			res="caught   by $r"
			caught=$((caught + 1))
		else
			res="SURVIVED $(cat "$d/why")"
			survived="$survived $id"
		fi
	fi
	printf '[%2d/%d] %-28s %s (%ss)\n' "$total" "$m_all" "$id" "$res" "$(($(date +%s) - t0))"
	cp "$work/pristine" "$tree/$file"
	touch "$tree/$file"
done
# leave the scratch tree built as the source is
(cd "$tree" && make -j"$jobs" check TESTS=) >"$work/logs/restore.log" 2>&1

echo
[ -z "$survived" ] || echo "survived:$survived"
[ -z "$invalid" ] || echo "invalid (do not build):$invalid"
echo "caught $caught/$total"
echo "mutation: $(($(date +%s) - t_start))s in all (scratch: $work)"
[ -z "$invalid" ] || exit 2
[ -z "$survived" ] || exit 1
exit 0
