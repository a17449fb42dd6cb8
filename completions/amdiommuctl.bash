# bash completion for amdiommuctl(8)                       -*- shell-script -*-
# Commands and options must match `amdiommuctl --help` and the man page:
# tests/cli/docs-sync.sh checks all three.  BDFs, groups and IOMMU names
# are completed from the tool's own JSON output.

_amdiommuctl_globals="--json --pretty --root --snapshot --verbose --help --version -j -p -v -h -V"

# The options of one command ("show devices", "alloc", ...).
_amdiommuctl_opts()
{
	case "$1" in
	status) echo "" ;;
	check) echo "--for --probe --bind-vfio --yes" ;;
	"show iommus") echo "" ;;
	"show devices") echo "--iommu --group --driver" ;;
	"show dte") echo "" ;;
	"show groups") echo "" ;;
	"show domains") echo "" ;;
	"show irt") echo "" ;;
	"show cmdbuf") echo "" ;;
	"show events") echo "--follow --summary" ;;
	"show ivrs") echo "--file --on-host --apic --cmdline" ;;
	snapshot) echo "--output --info" ;;
	alloc) echo "--device --pasid --dirty-tracking --nest-parent --flags --map --hold --bind-vfio --yes --dry-run --matrix" ;;
	monitor) echo "--count --timeout" ;;
	metrics) echo "--output" ;;
	diff) echo "--domain-ids" ;;
	esac
}

_amdiommuctl_commands="status check show alloc snapshot monitor metrics diff help"
_amdiommuctl_show_objects="iommus devices dte groups domains irt cmdbuf events ivrs"

# Values from the tool itself: $1 = devices|groups|iommus, $2.. = global args.
_amdiommuctl_values()
{
	local what=$1
	shift
	command -v jq >/dev/null 2>&1 || return
	case $what in
	devices) amdiommuctl "$@" -j show devices 2>/dev/null | jq -r '.devices[].bdf' ;;
	groups) amdiommuctl "$@" -j show groups 2>/dev/null | jq -r '.groups[].group' ;;
	iommus) amdiommuctl "$@" -j show iommus 2>/dev/null | jq -r '.iommus[].name' ;;
	drivers) amdiommuctl "$@" -j show devices 2>/dev/null | jq -r '.devices[].driver // empty' | sort -u ;;
	esac
}

_amdiommuctl()
{
	local cur prev words cword
	_init_completion || return

	local i cmd="" obj="" root=()
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--root | --snapshot) root=("${words[i]}" "${words[i + 1]}"); ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${words[i]}
			elif [[ $cmd == show && -z $obj ]]; then
				obj=${words[i]}
			fi
			;;
		esac
	done

	case $prev in
	--root) _filedir -d; return ;;
	--snapshot | --output | -o | --info | --file | -f | --apic) _filedir; return ;;
	--iommu) COMPREPLY=($(compgen -W "$(_amdiommuctl_values iommus "${root[@]}")" -- "$cur")); return ;;
	--group) COMPREPLY=($(compgen -W "$(_amdiommuctl_values groups "${root[@]}")" -- "$cur")); return ;;
	--driver) COMPREPLY=($(compgen -W "$(_amdiommuctl_values drivers "${root[@]}")" -- "$cur")); return ;;
	--device | -d) COMPREPLY=($(compgen -W "$(_amdiommuctl_values devices "${root[@]}")" -- "$cur")); return ;;
	--for)
		local p=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$p" -W "all passthrough pasid dirty nest snp iommufd" -- "${cur##*,}"))
		return ;;
	--flags | --map | --hold | --count | --timeout | --cmdline) return ;;
	esac

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$_amdiommuctl_commands $_amdiommuctl_globals" -- "$cur"))
		return
	fi
	if [[ $cmd == show && -z $obj ]]; then
		COMPREPLY=($(compgen -W "$_amdiommuctl_show_objects" -- "$cur"))
		return
	fi
	local full=$cmd
	[[ $cmd == show ]] && full="show $obj"
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_amdiommuctl_opts "$full") $_amdiommuctl_globals" -- "$cur"))
		return
	fi
	case $full in
	check | "show devices" | "show dte" | "show irt")
		COMPREPLY=($(compgen -W "$(_amdiommuctl_values devices "${root[@]}")" -- "$cur")) ;;
	"show cmdbuf")
		COMPREPLY=($(compgen -W "$(_amdiommuctl_values iommus "${root[@]}")" -- "$cur")) ;;
	diff)
		_filedir
		COMPREPLY+=($(compgen -W "live" -- "$cur")) ;;
	help)
		COMPREPLY=($(compgen -W "$_amdiommuctl_commands" -- "$cur")) ;;
	esac
} &&
	complete -F _amdiommuctl amdiommuctl
