#!/bin/sh
# --help, the man page, the bash and zsh completions and the README must
# name the same commands and the same options.
# Every program run goes through lib.sh's run: a crash or sanitizer report
# fails a check even where the diff would not notice.
LIB_NO_JQ=1
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
tmp=$_t_tmp
check() { # check NAME FILE-A FILE-B
	if diff -u "$2" "$3" >"$tmp/diff"; then
		_t_result 0 "$1"
	else
		_t_result 1 "$1" "$(cat "$tmp/diff")"
	fi
}
# help [ARGS...]: the --help text of ARGS in $tmp/help.txt (the run is
# judged by lib.sh; a failed --help leaves an empty file, so the diffs fail)
help() {
	run "$@" --help
	if [ "$rc" = 0 ]; then printf '%s\n' "$out"; fi >"$tmp/help.txt"
}
man=$srcdir/man/amdiommuctl.8
bash_c=$srcdir/completions/amdiommuctl.bash
zsh_c=$srcdir/completions/_amdiommuctl

# Commands: --help lists them under "Commands:", one a line: a word, or
# "show" and the object (the column is as wide as the longest name).
help
awk '/^Commands:/{on=1; next} on && /^$/{exit}
	on {n=$1; if (n == "show") n=n " " $2; print n}' "$tmp/help.txt" | sort >"$tmp/help.cmds"
awk '/^\.Sh COMMANDS/{on=1; next} /^\.Sh /{on=0} on && /^\.Ss /{sub(/^\.Ss /,""); print}' "$man" |
	sort >"$tmp/man.cmds"
check "man page commands match --help" "$tmp/help.cmds" "$tmp/man.cmds"
bash -c '. "$1"; for c in $_amdiommuctl_commands; do
		[ "$c" = help ] && continue
		if [ "$c" = show ]; then for o in $_amdiommuctl_show_objects; do echo "show $o"; done
		else echo "$c"; fi; done' _ "$bash_c" | sort >"$tmp/bash.cmds"
check "bash completion commands match --help" "$tmp/help.cmds" "$tmp/bash.cmds"
sed -n 's/^[[:space:]]*# cmd: //p' "$zsh_c" | sort >"$tmp/zsh.cmds"
check "zsh completion commands match --help" "$tmp/help.cmds" "$tmp/zsh.cmds"
missing=$(while read -r c; do grep -q "$c" "$srcdir/README.md" || echo "$c"; done <"$tmp/help.cmds")
is "$missing" "" "README names every command"

# Options of each command.
while read -r c; do
	# shellcheck disable=SC2086
	help $c
	awk '/^Options:/{on=1; next} on && /^$/{exit}
		on {if (match($0, /--[a-z][a-z-]*/)) print substr($0, RSTART, RLENGTH)}' "$tmp/help.txt" |
		sort >"$tmp/help.opts"
	awk -v c="$c" '/^\.Ss /{cur=substr($0,5)} /^\.S[hs] / && substr($0,5)!=c {on=0}
		/^\.Ss / && substr($0,5)==c {on=1}
		on && /^\.It Fl/ {gsub(/\\-/,"-"); if (match($0, / -[a-z][a-z-]+/)) print "-" substr($0, RSTART + 1, RLENGTH - 1)}' "$man" |
		sort >"$tmp/man.opts"
	check "man page options of '$c' match --help" "$tmp/help.opts" "$tmp/man.opts"
	bash -c '. "$1"; for o in $(_amdiommuctl_opts "$2"); do echo "$o"; done' _ "$bash_c" "$c" |
		sort >"$tmp/bash.opts"
	check "bash completion options of '$c' match --help" "$tmp/help.opts" "$tmp/bash.opts"
	awk -v c="# cmd: $c" '{t=$0; sub(/^[[:space:]]*/,"",t)} t==c {on=1; next}
		t ~ /^# (cmd|end)/ {on=0} on {while (match($0, /--[a-z][a-z-]*/)) {
		print substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH)}}' "$zsh_c" |
		sort -u >"$tmp/zsh.opts"
	check "zsh completion options of '$c' match --help" "$tmp/help.opts" "$tmp/zsh.opts"
done <"$tmp/help.cmds"

# Global options.
help
awk '/^Global options:/{on=1; next} on && /^$/{exit}
	on {if (match($0, /--[a-z][a-z-]*/)) print substr($0, RSTART, RLENGTH)}' "$tmp/help.txt" | sort >"$tmp/help.glob"
awk '/^\.Sh GLOBAL OPTIONS/{on=1; next} /^\.Sh /{on=0}
	on && /^\.It Fl/ {gsub(/\\-/,"-"); if (match($0, / -[a-z][a-z-]+/)) print "-" substr($0, RSTART + 1, RLENGTH - 1)}' "$man" |
	sort >"$tmp/man.glob"
check "man page global options match --help" "$tmp/help.glob" "$tmp/man.glob"
bash -c '. "$1"; for o in $_amdiommuctl_globals; do case $o in --*) echo "$o";; esac; done' _ "$bash_c" |
	sort >"$tmp/bash.glob"
check "bash completion global options match --help" "$tmp/help.glob" "$tmp/bash.glob"
awk '/^[[:space:]]*globals=\(/{on=1; next} on && /^[[:space:]]*\)/{exit}
	on {while (match($0, /--[a-z][a-z-]*/)) {print substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH)}}' "$zsh_c" |
	sort -u >"$tmp/zsh.glob"
check "zsh completion global options match --help" "$tmp/help.glob" "$tmp/zsh.glob"

# JSON Schemas: every command of `-j help` (all print JSON: metrics with -o,
# the others always) has doc/schema/NAME.json, spaces as '-', titled
# "amdiommuctl NAME -j..." and pinning schema_version to 2 (doc/json.md).
run -j help
printf '%s\n' "$out" | tr '{' '\n' | sed -n 's/^"name":"\([a-z ]*\)","args".*/\1/p' | sort >"$tmp/json.cmds"
check "-j help lists the commands of --help" "$tmp/help.cmds" "$tmp/json.cmds"
for c in $(tr ' ' - <"$tmp/json.cmds") help error; do
	f=$srcdir/doc/schema/$c.json
	n=$(echo "$c" | tr - ' ')
	ok "doc/schema/$c.json exists" "[ -f '$f' ]"
	like "$(grep -m1 '"title"' "$f" 2>/dev/null)" "\"title\": \"amdiommuctl ${n}( -j| document)" "$c.json: title names the command"
	tr -d ' \t\n' <"$f" >"$tmp/schema.flat" 2>/dev/null
	is "$(grep -o '"schema_version":{"const":2}' "$tmp/schema.flat" | wc -l)" \
		"$(grep -o '"schema_version":' "$tmp/schema.flat" | wc -l | awk '$1 > 0')" "$c.json: every schema_version is const 2"
	grep -q "doc/schema/$c.json" "$srcdir/Makefile.am" || echo "$c" >>"$tmp/notinstalled"
done
is "$(cat "$tmp/notinstalled" 2>/dev/null)" "" "Makefile.am installs every schema"

done_testing
