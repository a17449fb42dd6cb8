#!/bin/sh
# --help, the man page, the bash and zsh completions and the README must
# name the same commands and the same options.
set -u
: "${AMDIOMMUCTL:=./amdiommuctl}" "${srcdir:=.}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
check() { # check NAME FILE-A FILE-B
	n=$((n + 1))
	if diff -u "$2" "$3" >"$tmp/diff"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"; sed 's/^/# /' "$tmp/diff"; fail=$((fail + 1))
	fi
}
man=$srcdir/man/amdiommuctl.8
bash_c=$srcdir/completions/amdiommuctl.bash
zsh_c=$srcdir/completions/_amdiommuctl

# Commands: --help lists them under "Commands:" in a 14-column field.
"$AMDIOMMUCTL" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit}
	on {s=substr($0,3,14); sub(/ +$/,"",s); print s}' | sort >"$tmp/help.cmds"
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
n=$((n + 1))
missing=$(while read -r c; do grep -q "$c" "$srcdir/README.md" || echo "$c"; done <"$tmp/help.cmds")
if [ -z "$missing" ]; then echo "ok $n - README names every command"
else echo "not ok $n - README lacks: $missing"; fail=$((fail + 1)); fi

# Options of each command.
while read -r c; do
	# shellcheck disable=SC2086
	"$AMDIOMMUCTL" $c --help | awk '/^Options:/{on=1; next} on && /^$/{exit}
		on {if (match($0, /--[a-z][a-z-]*/)) print substr($0, RSTART, RLENGTH)}' |
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
"$AMDIOMMUCTL" --help | awk '/^Global options:/{on=1; next} on && /^$/{exit}
	on {if (match($0, /--[a-z][a-z-]*/)) print substr($0, RSTART, RLENGTH)}' | sort >"$tmp/help.glob"
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

echo "1..$n"
[ "$fail" = 0 ]
