# Host-side checks of `amdiommuctl check` in the test VM (sourced by
# tests/vm/run.sh; guest-check.sh wrote $R/check/).  The expected verdicts
# are derived here from what the guest's kernel shows (sysfs features,
# the IVRS bytes, dmesg, config space header types, the groups), not taken
# from amdiommuctl's output.
# shellcheck shell=bash

cjq() {  # cjq NAME [JQ OPTIONS] FILTER: jq -r on check/NAME.out
	local n=$1
	shift
	jq -r "$@" "$R/check/$n.out" 2>/dev/null
}
crc() { cat "$R/check/$1.rc" 2>/dev/null; }

# cv NAME SCOPE PURPOSE CHECK: the verdicts of one check (SCOPE host or a BDF)
cv() {
	if [ "$2" = host ]; then
		cjq "$1" "[.host[] | select(.purpose == \"$3\" and .name == \"$4\") | .verdict] | join(\",\")"
	else
		cjq "$1" "[.devices[] | select(.bdf == \"$2\") | .checks[] | select(.purpose == \"$3\" and .name == \"$4\") | .verdict] | join(\",\")"
	fi
}
creason() {  # NAME SCOPE PURPOSE CHECK
	if [ "$2" = host ]; then
		cjq "$1" ".host[] | select(.purpose == \"$3\" and .name == \"$4\") | .reason"
	else
		cjq "$1" ".devices[] | select(.bdf == \"$2\") | .checks[] | select(.purpose == \"$3\" and .name == \"$4\") | .reason"
	fi
}
cwant() {  # cwant DESC NAME SCOPE PURPOSE CHECK VERDICT [ERE the reason matches]
	local desc=$1 got r
	shift
	got=$(cv "$1" "$2" "$3" "$4")
	r=$(creason "$1" "$2" "$3" "$4")
	if [ "$got" = "$5" ] && { [ -z "${6:-}" ] || grep -Eq -- "$6" <<< "$r"; }; then
		ok "$desc"
	else
		notok "$desc"
		echo "#   $2 $3/$4: verdict '$got' (want '$5'); reason: $r" | diag
		[ -n "${6:-}" ] && echo "#   the reason should match /$6/"
	fi
}

# The EFR and EFR2 the guest's sysfs shows ("29d3:0"): global variables
efr_of() {
	local f
	f=$(head -n 1 "$R/sys/features.txt" 2>/dev/null)
	EFR=$((0x${f%%:*})) EFR2=$((0x${f##*:}))
}

# The EFR bits amd_iommu_pasid_supported() needs that $EFR lacks, named
# as check names them (init.c: GT, GIoSup via v2; PPR, EPHSup via gt_ppr)
missing_pasid_bits() {
	local out="" n b
	for n in GTSup:4 GIoSup:48 PPRSup:1 EPHSup:50; do
		b=${n#*:}
		(( (EFR >> b) & 1 )) || out="$out${out:+, }${n%%:*} (EFR bit $b)"
	done
	echo "$out"
}

chk_check_forms() {  # R: exit codes, schema, replay
	local n bad=0
	for n in json text verbose replay replay-text; do
		[ "$(crc $n)" = 5 ] || { echo "check $n: exit $(crc $n), want 5 (a check fails on every profile: nested_hwpt, snp_cpu)"; bad=1; }
	done
	[ "$(cjq json '.schema_version')" = 2 ] || { echo "schema_version $(cjq json .schema_version)"; bad=1; }
	[ "$(cjq json '.unavailable | length')" = 0 ] || { echo "unavailable: $(cjq json -c .unavailable)"; bad=1; }
	grep -Eq '^summary: [0-9]+ PASS, [0-9]+ WARN, [1-9][0-9]* FAIL, [0-9]+ SKIP$' "$R/check/text.out" ||
		{ echo "no summary line in the table"; bad=1; }
	grep -q 'evidence: ' "$R/check/verbose.out" || { echo "-v printed no evidence"; bad=1; }
	[ "$(crc snap-capture)" = 0 ] || { echo "snapshot exit $(crc snap-capture)"; bad=1; }
	cmp -s "$R/check/json.out" "$R/check/replay.out" || { echo "JSON replay differs"; diff "$R/check/json.out" "$R/check/replay.out" | head -5; bad=1; }
	cmp -s "$R/check/text.out" "$R/check/replay-text.out" || { echo "table replay differs"; bad=1; }
	return $bad
}

chk_check_groups() {  # R: each checked device's group and members are sysfs's
	local b g bad=0 want got n=0
	for b in $(cjq json '.devices[] | select(.group != null) | .bdf'); do
		g=$(cjq json ".devices[] | select(.bdf == \"$b\") | .group")
		want=$(awk -v g="$g" '$1 == g { for (i = 3; i <= NF; i++) print $i }' "$R/check/groups.txt" | sort | tr '\n' ' ')
		[[ " $want" == *" $b "* ]] || { echo "$b: group $g does not list it in sysfs ($want)"; bad=1; }
		got=$(cjq json ".devices[] | select(.bdf == \"$b\") | .checks[] | select(.name == \"group_viable\" or .name == \"group_isolation\") | .evidence[] | select(.source | endswith(\"/devices\")) | .value" |
		      head -n 1 | tr -d ',' | tr ' ' '\n' | grep -E '^[0-9a-f]{4}:' | sort | tr '\n' ' ')
		[ -z "$got" ] || [ "$got" = "$want" ] || { echo "$b: check lists $got, sysfs $want"; bad=1; }
		n=$((n + 1))
	done
	[ $n -gt 0 ] || { echo "no device with a group"; bad=1; }
	echo "$n devices, groups as in sysfs"
	return $bad
}

# The ICH9 functions 00:1f.x: multifunction (header type bit 7 of 00:1f.0),
# conventional PCI, no ACS: get_pci_function_alias_group() puts them in one
# group, and check must say so for 00:1f.2.
chk_check_multifunction() {
	local ht members r
	ht=$(awk '$1 == "0000:00:1f.0" { print $5 }' "$R/check/paths.txt")
	(( ht & 0x80 )) || { echo "00:1f.0 header type $ht has no multifunction bit: the layout changed"; return 1; }
	members=$(awk '{ for (i = 3; i <= NF; i++) if ($i == "0000:00:1f.2") print NF - 2 }' "$R/check/groups.txt")
	[ "${members:-0}" -gt 1 ] || { echo "00:1f.2 is alone in its group"; return 1; }
	r=$(creason json 0000:00:1f.2 passthrough group_isolation)
	[ "$(cv json 0000:00:1f.2 passthrough group_isolation)" = WARN ] && grep -q '(multifunction)' <<< "$r" ||
		{ echo "00:1f.2: $(cv json 0000:00:1f.2 passthrough group_isolation): $r"; return 1; }
	echo "$r"
}

chk_check_sb_ioapic() {  # R
	grep -q 'AMD-Vi: .*No southbridge IOAPIC found' "$R/check/kmsg.txt" ||
		{ echo "dmesg has no 'No southbridge IOAPIC found'"; return 1; }
	cjq json -e '.host[] | select(.name == "interrupt_remapping") | any(.evidence[]; .source == "IVRS" and (.value | startswith("no_southbridge_ioapic: ")))' >/dev/null ||
		{ echo "no IVRS no_southbridge_ioapic evidence:"; cjq json -c '.host[] | select(.name == "interrupt_remapping") | .evidence'; return 1; }
	creason json host host interrupt_remapping
}

chk_check_probe() {  # R: every probe row agrees; the device is unbound again
	local rows
	[ "$(crc probe)" = 5 ] || { echo "check --probe exit $(crc probe) (want 5: other checks fail, the tool worked)"; show "$R/check/probe.err"; return 1; }
	rows=$(cjq probe '.devices[0].probe | length')
	[ "${rows:-0}" = 5 ] || { echo "probe rows: ${rows:-none} (want passthrough pasid dirty nest iommufd)"; cjq probe -c '.devices[0].probe' | diag; return 1; }
	[ "$(cjq probe '[.devices[0].probe[].agrees] | all')" = true ] ||
		{ echo "a probe disagrees:"; cjq probe -c '.devices[0].probe[] | select(.agrees != true)' | diag; return 1; }
	[ "$(cjq probe '[.devices[0].checks[] | select(.name == "probe") | .verdict] | unique | join(",")')" = PASS ] ||
		{ echo "probe checks are not all PASS"; return 1; }
	grep -qx 'driver=' "$R/check/driver-after-probe.txt" && grep -qx 'driver_override=(null)' "$R/check/driver-after-probe.txt" ||
		{ echo "00:02.0 was not restored:"; diag < "$R/check/driver-after-probe.txt"; return 1; }
	[ "$(cjq probe-unbound '[.devices[0].checks[] | select(.name == "probe") | .verdict] | join(",")')" = SKIP ] ||
		{ echo "--probe on an unbound device without --bind-vfio should be one SKIP"; return 1; }
	cjq probe -c '[.devices[0].probe[] | {purpose, o: (.observed.errno // .observed.pgtable // .observed.hw_info_type)}]'
}

probe_observed() {  # PURPOSE: errno or pgtable observed
	cjq probe ".devices[0].probe[] | select(.purpose == \"$1\") | .observed.errno // .observed.pgtable // .observed.hw_info_type"
}

chk_check_layout() {  # R: the check-layout boot
	local msg tdev br r
	msg=$(sed -n "s/^\[ *[0-9.]*\] \(AMD-Vi: Unknown option - .*\)$/\1/p" "$R/check/kmsg.txt" | head -n 1)
	[ "$msg" = "AMD-Vi: Unknown option - 'pt,pgtbl_v2'" ] ||
		{ echo "the kernel did not log the unknown option: '$msg'"; return 1; }
	r=$(cjq json ".host[] | select(.name == \"cmdline\" and .verdict == \"WARN\" and any(.evidence[]; .value | endswith(\": amd_iommu=pt,pgtbl_v2\"))) | .evidence[] | select(.source == \"kernel log\") | .value")
	[ "$r" = "$msg" ] || { echo "check's evidence for amd_iommu=pt,pgtbl_v2: '$r', the kernel logged '$msg'"; return 1; }
	echo "flagged with the kernel's line: $r"
}

chk_check_alias() {  # R: pci-testdev behind the pcie-pci-bridge
	local tdev br r
	tdev=$(awk '$2 == "0x1b36" && $3 == "0x0005" { print $1 }' "$R/check/paths.txt")
	br=$(awk -v d="$tdev" '$1 == d { n = split($6, p, "/"); print p[n - 1] }' "$R/check/paths.txt")
	[ -n "$tdev" ] && [ "$(awk -v b="$br" '$1 == b { print $2 ":" $3 }' "$R/check/paths.txt")" = 0x1b36:0x000e ] ||
		{ echo "no pci-testdev below a pcie-pci-bridge: $tdev under $br"; return 1; }
	grep -Eq "( |^)$br .*$tdev|$tdev .*$br" "$R/check/groups.txt" ||
		{ echo "the kernel did not group $tdev with $br:"; diag < "$R/check/groups.txt"; return 1; }
	r=$(creason json "$tdev" passthrough group_isolation)
	[ "$(cv json "$tdev" passthrough group_isolation)" = WARN ] && grep -q "(alias_bridge).*requester ID of $br" <<< "$r" ||
		{ echo "$tdev: $(cv json "$tdev" passthrough group_isolation): $r"; return 1; }
	echo "$r"
}

check_check() {
	local cfg=$1 R=$TMP/res/$1 ivinfo missing
	if [ ! -e "$R/check/COMPLETE" ]; then
		notok "$cfg: check guest script completed"
		show "$R/check-log.txt"
		return
	fi
	ok "$cfg: check guest script completed"
	log "$cfg: guest-check.sh took $(cat "$R/check/seconds.txt" 2>/dev/null) s"
	check "$cfg: check exits 5 in every form, schema_version 2, nothing unavailable, --snapshot replays it" chk_check_forms "$R"
	check "$cfg: check's groups and members are sysfs's" chk_check_groups "$R"
	check "$cfg: 00:1f.2 shares its group for the multifunction reason (00:1f.0 header type 0x80)" chk_check_multifunction "$R"
	# QEMU: no southbridge IOAPIC, so IR is off; iommufd.allow_unsafe_interrupts=1
	cwant "$cfg: interrupt_remapping WARN: off, allowed unsafe" json host host interrupt_remapping WARN
	check "$cfg: the kernel logged 'No southbridge IOAPIC found' and check's IVRS evidence says no_southbridge_ioapic" chk_check_sb_ioapic "$R"
	for n in kconfig_iommufd kconfig_vfio_device_cdev kconfig_iommu_sva kconfig_amd_iommu_debugfs amd_iommufd; do
		cwant "$cfg: $n PASS (kconfig-fragment.txt, /proc/config.gz)" json host host $n PASS
	done
	cwant "$cfg: nested_hwpt FAIL on Linux 7.3.4" json host nest nested_hwpt FAIL "Linux 7\.3 cannot allocate a nested HWPT"
	cwant "$cfg: snp_cpu FAIL (TCG has no sev_snp)" json host snp snp_cpu FAIL
	efr_of
	ivinfo=$(od -An -tu1 -j36 -N1 "$R/ivrs.bin" | tr -d ' ')
	missing=$(missing_pasid_bits)
	if [ -n "$missing" ]; then
		cwant "$cfg: iommu_pasid FAIL naming the missing EFR bits ($missing)" json host pasid iommu_pasid FAIL \
			"missing $(sed 's/[()]/\\&/g' <<< "$missing");"
		cwant "$cfg: hwpt_pasid FAIL (EOPNOTSUPP)" json host pasid hwpt_pasid FAIL EOPNOTSUPP
	else
		cwant "$cfg: iommu_pasid PASS (EFR $(printf '%#x' $EFR))" json host pasid iommu_pasid PASS
		cwant "$cfg: hwpt_pasid PASS: a v2 domain" json host pasid hwpt_pasid PASS "a v2 domain"
	fi
	if (( (EFR >> 4) & (EFR >> 48) & (EFR2 >> 3) & 1 )); then
		cwant "$cfg: nest_parent PASS (GTSup, GIoSup, GCR3TRPMode)" json host nest nest_parent PASS
	else
		cwant "$cfg: nest_parent FAIL" json host nest nest_parent FAIL
	fi
	if (( (ivinfo & 1) && ((EFR >> 52) & 1) )); then
		cwant "$cfg: 00:02.0 hd_support PASS (IVinfo EFRSup, HDSup)" json 0000:00:02.0 dirty hd_support PASS
	else
		cwant "$cfg: 00:02.0 hd_support FAIL (IVinfo $ivinfo, EFR bit 52 $(( (EFR >> 52) & 1 )))" json 0000:00:02.0 dirty hd_support FAIL
	fi
	if [ -e "$R/sys/identity-switch.rc" ]; then
		cwant "$cfg: the group switched to identity: 00:03.0 snp_identity WARN" json 0000:00:03.0 snp snp_identity WARN
		check "$cfg: check shows 00:03.0's group as identity" \
			test "$(cjq json '.devices[] | select(.bdf == "0000:00:03.0") | .group_type')" = "$(cat "$R/sys/identity-type.txt")"
	fi
	case $cfg in
	check-*)
		check "$cfg: the kernel logs Unknown option - 'pt,pgtbl_v2' and check flags exactly that value" chk_check_layout "$R"
		check "$cfg: a device behind a PCIe-to-PCI bridge shares its group, check names the alias bridge" chk_check_alias "$R"
		return ;;
	esac
	check "$cfg: check --probe --bind-vfio: every purpose agrees with its prediction, driver restored" chk_check_probe "$R"
	if [ -z "$missing" ]; then
		check "$cfg: --probe confirms V2 for PASID" test "$(probe_observed pasid)" = v2
		check "$cfg: --probe confirms NEST_PARENT (v1) while nested_hwpt stays FAIL" test "$(probe_observed nest)" = v1
		check "$cfg: --probe: IOMMU_GET_HW_INFO type amd" test "$(probe_observed iommufd)" = amd
	else
		check "$cfg: --probe: PASID refused with EOPNOTSUPP" test "$(probe_observed pasid)" = EOPNOTSUPP
	fi
}
