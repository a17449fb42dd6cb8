#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# amdiommuctl check on the check-* trees (tests/fixtures/gen-check-fixtures.py)
# and the QEMU trees.  Every expected verdict below is worked out by hand
# from the tree's raw files and the Linux 7.3.4 rule named next to it,
# not copied from the tool's output.  Also: exit codes (5 a check failed,
# 0 none, 2 usage, 3 partial), --for, the text form, 64-byte config space
# (not root), and that --snapshot replays check exactly.
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

J=$_t_tmp/check.json

# check_on TREE [ARGS...]: run `check -j` once, keep the document in $J
check_on() {
	_tree=$1
	shift
	on "$_tree" -j check "$@"
	cp "$_t_tmp/out" "$J"
}

# verdict SCOPE PURPOSE NAME: the verdicts of that check, comma-joined
# (SCOPE: host or a BDF)
verdict() {
	if [ "$1" = host ]; then
		jq -r --arg p "$2" --arg n "$3" \
			'[.host[] | select(.purpose == $p and .name == $n) | .verdict] | join(",")' "$J"
	else
		jq -r --arg b "$1" --arg p "$2" --arg n "$3" \
			'[.devices[] | select(.bdf == $b) | .checks[] | select(.purpose == $p and .name == $n) | .verdict] | join(",")' "$J"
	fi
}

# want SCOPE PURPOSE NAME VERDICT WHY
want() {
	is "$(verdict "$1" "$2" "$3")" "$4" "$_tree: $1 $2/$3 $4 ($5)"
}

# reason SCOPE PURPOSE NAME ERE WHY: the reason matches
reason() {
	if [ "$1" = host ]; then
		_r=$(jq -r --arg p "$2" --arg n "$3" '.host[] | select(.purpose == $p and .name == $n) | .reason' "$J")
	else
		_r=$(jq -r --arg b "$1" --arg p "$2" --arg n "$3" \
			'.devices[] | select(.bdf == $b) | .checks[] | select(.purpose == $p and .name == $n) | .reason' "$J")
	fi
	like "$_r" "$4" "$_tree: $1 $2/$3 says $5"
}

# purposes BDF: "passthrough=V pasid=V ..." of the device
purposes() {
	jq -r --arg b "$1" '.devices[] | select(.bdf == $b) | .verdicts | to_entries | map("\(.key)=\(.value)") | join(" ")' "$J"
}

# ---- check-pass: an SNP host with SNP page mode 0 and a PASID NIC -----------
# EFR 0x8017000f000059d3: GTSup(4) PPRSup(1) GIoSup(48) EPHSup(50) HDSup(52)
# SNPSup(63), GATS 1 with LA57, PASmax 15; EFR2 0x2008: GCR3TRPMode(3), SNP
# page mode 0 (13); IVinfo 0x00203041 (EFRSup); IR-IO-APIC; config.gz full.
check_on check-pass
rc_is 5 "check-pass: exit 5: nested_hwpt fails on 7.3"
json_valid "check-pass: one JSON document"
jq_is '.schema_version' 2 "check-pass: schema_version 2"
jq_is '.unavailable | length' 0 "check-pass: nothing unavailable"
jq_is '[.devices[].bdf] | join(" ")' "0000:01:00.0" \
	"check-pass: bridges (class 0x06) and the IOMMU (0x0806) are not checked by default"
for c in amd_iommu cmdline default_domain interrupt_remapping debugfs dev_iommu amd_iommufd \
	kconfig_iommufd kconfig_vfio_device_cdev kconfig_iommu_sva kconfig_amd_iommu_debugfs; do
	want host host $c PASS "everything there"
done
want host pasid iommu_v2 PASS "GTSup and GIoSup: amd_iommu_v2_pgtbl_supported()"
want host pasid iommu_pasid PASS "GT PPR EPHSup, GATS 1 = LA57, SNP with page mode 0: amd_iommu_pasid_supported()"
reason host pasid iommu_pasid "65535 PASIDs \(PASmax 15\)" "2^(15+1)-1 PASIDs"
want host pasid hwpt_pasid PASS "7.0 rule: PASID -> v2"
want host dirty host_translation PASS "HATS 2, no HATDis"
want host nest nest_parent PASS "GT GIoSup GCR3TRPMode: is_nest_parent_supported()"
want host nest nested_hwpt FAIL "amd_viommu_ops has no alloc_domain_nested in 7.3"
reason host nest nested_hwpt "Linux 7\.3 cannot allocate a nested HWPT" "the kernel version"
for c in snp_cpu snp_sup snp_mode0 snp_passthrough snp_pgtable snp_enabled; do
	want host snp $c PASS "sev_snp, SNPSup, page mode 0, translated V1 default, kvm_amd.sev_snp=Y"
done
D=0000:01:00.0
for c in iommu group_isolation group_viable driver hwpt_default; do
	want $D passthrough $c PASS "ivhd0, alone behind a root port with ACS SV RR CR UF, vfio-pci, v1"
done
reason $D passthrough group_isolation "isolated by ACS" "pci_acs_path_enabled() passes at 00:01.1 (ACS ctrl 0x1d)"
want $D iommufd vfio_cdev PASS "vfio-dev/vfio0"
for c in pasid_cap ats_pri pasid_count sva_domain; do
	want $D pasid $c PASS "PASID 20 bits, ATS, PRI, IotlbSup, identity group"
done
reason $D pasid pasid_count "65535 PASIDs" "min(2^20, 2^16-1): dev_iommu_get_max_pasids()"
want $D dirty hd_support PASS "HDSup and IVinfo EFRSup"
want $D dirty hwpt_dirty PASS "DIRTY_TRACKING -> v1"
want $D dirty dirty_nest_parent PASS "7.0: NEST_PARENT|DIRTY_TRACKING with HDSup"
want $D dirty dirty_pasid WARN "PASID|DIRTY_TRACKING refused by design since 6.14; the NIC has PASID"
want $D snp snp_identity PASS "identity group with SNP page mode 0"
is "$(purposes $D)" "passthrough=PASS pasid=PASS dirty=WARN nest=FAIL snp=PASS iommufd=PASS" \
	"check-pass: purpose verdicts of 01:00.0"
jq_is '.summary | "\(.pass) \(.warn) \(.fail) \(.skip)"' "36 1 1 0" \
	"check-pass: summary counts (23 host + 15 device checks: 1 WARN dirty_pasid, 1 FAIL nested_hwpt)"
on check-pass check --for passthrough,pasid,snp,iommufd
rc_is 0 "check-pass: --for passthrough,pasid,snp,iommufd: no FAIL, exit 0"
like "$out" "^summary: [0-9]+ PASS, 0 WARN, 0 FAIL, 0 SKIP$" "check-pass: table summary line"
unlike "$out" "nest/|dirty/" "check-pass: --for leaves out the other purposes"
on check-pass -j check --for nest 0000:01:00.0
jq_is '.purposes | join(",")' nest "check-pass: --for nest"
jq_is '[.devices[0].checks[].purpose] | unique | join(",")' passthrough \
	"check-pass: --for nest: the device keeps only its iommu check"

# ---- check-shared: each reason for a shared group ------------------------------
# EFR 0x29d3 (no GIoSup/EPHSup/HDSup/SNPSup), IVinfo 0x00203040 (no EFRSup),
# IO-APIC (no IR), allow_unsafe_interrupts N, no debugfs, no kernel config.
check_on check-shared
rc_is 5 "check-shared: exit 5"
want host host interrupt_remapping FAIL "no IR and no allow_unsafe_interrupts: iommufd_bind_iommu() EPERM"
# the MADT's IOAPIC 33 (GSI base 0: the southbridge one, mp_find_ioapic(0))
# has no 48h entry in the IVRS: check_ioapic_information() turns IR off
reason host host interrupt_remapping "southbridge IOAPIC \(MADT id 33, GSI base 0\) has no IVRS entry" "the IVRS finding"
is "$(jq -r '.host[] | select(.name == "interrupt_remapping") | .action' "$J" | grep -o 'ivrs_ioapic=33@SSSS:BB:DD.F')" \
	"ivrs_ioapic=33@SSSS:BB:DD.F" "check-shared: the action names the ivrs_ioapic= override"
want host host debugfs WARN "no /sys/kernel/debug/iommu/amd"
want host host kconfig SKIP "no /proc/config.gz, no /boot/config-7.3.4"
want host host amd_iommufd SKIP "no kernel config"
want host pasid iommu_v2 FAIL "0x29d3 lacks GIoSup (48)"
want host pasid iommu_pasid FAIL "0x29d3 lacks GIoSup (48) and EPHSup (50)"
reason host pasid iommu_pasid "missing GIoSup \(EFR bit 48\), EPHSup \(EFR bit 50\);" "exactly the missing bits"
want host nest nest_parent FAIL "no GIoSup, no GCR3TRPMode"
want host snp snp_cpu FAIL "no sev_snp in cpuinfo"
want host snp snp_sup FAIL "no SNPSup (63)"
want host snp snp_mode0 WARN "no EFR2 bit 13"
want host snp snp_enabled SKIP "no kvm_amd"
# 02:00.0 below root port 00:02.0 whose ACS control is 0x0001 (SV only):
# pci_acs_path_enabled() fails on RR CR UF -> joined with the port
want 0000:02:00.0 passthrough group_isolation WARN "root port without ACS RR CR UF"
reason 0000:02:00.0 passthrough group_isolation "\(upstream_acs\).*0000:00:02\.0 lacks ACS RR CR UF" "the port and the missing bits"
want 0000:02:00.0 passthrough group_viable PASS "the other member is pcieport (driver_managed_dma)"
want 0000:02:00.0 passthrough driver WARN "bound to nvme"
# 00:03.0/00:03.1: header type 0x80, PCIe endpoints without ACS:
# get_pci_function_alias_group()
want 0000:00:03.0 passthrough group_isolation WARN "multifunction without ACS"
reason 0000:00:03.0 passthrough group_isolation "\(multifunction\)" "the multifunction reason"
is "$(jq -r '.devices[] | select(.bdf == "0000:00:03.0") | .checks[] | select(.name == "group_isolation") | .kernel_function' "$J")" \
	"get_pci_function_alias_group() drivers/iommu/iommu.c" "check-shared: 00:03.0 names get_pci_function_alias_group()"
want 0000:00:03.0 passthrough group_viable FAIL "00:03.1 is on tg3: iommu_device_claim_dma_owner() EPERM"
reason 0000:00:03.0 passthrough group_viable "0000:00:03\.1 \(tg3\).*EPERM" "the member, its driver and EPERM"
want 0000:00:03.1 passthrough group_viable PASS "00:03.0 has no driver"
want 0000:00:03.1 passthrough driver WARN "bound to tg3"
# 03:01.0: conventional device behind the PCIe-to-PCI bridge 00:04.0
want 0000:03:01.0 passthrough group_isolation WARN "DMA aliased to the bridge"
reason 0000:03:01.0 passthrough group_isolation "\(alias_bridge\).*requester ID of 0000:00:04\.0, a PCIe-to-PCI bridge" "the alias bridge"
want 0000:03:01.0 pasid pasid_cap FAIL "256-byte config space: no extended capabilities"
for b in 0000:00:03.0 0000:00:03.1 0000:02:00.0 0000:03:01.0; do
	want $b dirty hd_support FAIL "IVinfo without EFRSup: iommu->features stays 0"
	want $b pasid pasid_cap FAIL "no PASID capability: ENOSPC"
	want $b pasid ats_pri WARN "no ATS"
	want $b iommufd vfio_cdev SKIP "not on vfio-pci, no kernel config"
done
reason 0000:00:03.0 dirty hd_support "IVinfo EFRSup \(bit 0\) is clear" "why ivhd0's own EFR copy is 0 (ivrs-resolve.c)"
reason 0000:00:03.0 pasid pasid_cap "-ENOSPC \(-28\)" "the errno of SVA bind"
is "$(purposes 0000:00:03.1)" "passthrough=FAIL pasid=FAIL dirty=FAIL nest=FAIL snp=FAIL iommufd=FAIL" \
	"check-shared: 00:03.1 fails passthrough through interrupt_remapping"

# ---- check-cmdline: what the kernel ignores, rejects, overrides ----------------
check_on check-cmdline
rc_is 5 "check-cmdline: exit 5"
# (words count from 0, BOOT_IMAGE= is word 0, as kcmdline.c numbers them)
# parse_amd_iommu_options(): "pt" matches no strncmp() prefix and is logged
# with the rest of the list; pgtbl_v2 is then taken
is "$(jq -r '[.host[] | select(.name == "cmdline" and any(.evidence[]; .value == "word 3: amd_iommu=pt,pgtbl_v2")) | .verdict] | join(",")' "$J")" \
	WARN "check-cmdline: amd_iommu=pt,pgtbl_v2 is flagged (WARN)"
is "$(jq -r '.host[] | select(.name == "cmdline" and any(.evidence[]; .value == "word 3: amd_iommu=pt,pgtbl_v2")) | .evidence[] | select(.source == "kernel log") | .value' "$J")" \
	"AMD-Vi: Unknown option - 'pt,pgtbl_v2'" "check-cmdline: ... with the kernel's own log line"
is "$(jq -r '.host[] | select(.name == "cmdline" and any(.evidence[]; .value == "word 4: ivrs_ioapic=garbage")) | .verdict' "$J")" \
	FAIL "check-cmdline: ivrs_ioapic=garbage FAIL (parse_ivrs_ioapic(): Invalid command line)"
is "$(jq -r '.host[] | select(.name == "cmdline" and any(.evidence[]; .value | startswith("word 5: pcie_acs_override"))) | .verdict' "$J")" \
	WARN "check-cmdline: pcie_acs_override WARN (not mainline)"
is "$(jq -r '.host[] | select(.name == "cmdline" and any(.evidence[]; .value == "word 7: iommu.passthrough=0")) | .verdict' "$J")" \
	WARN "check-cmdline: iommu.passthrough=0 overrides iommu=pt: WARN (last one wins)"
want host host dev_iommu FAIL "no /dev/iommu"
want host host kconfig_iommufd FAIL "# CONFIG_IOMMUFD is not set in /boot/config-7.3.4"
want host host kconfig_vfio_device_cdev FAIL "# CONFIG_VFIO_DEVICE_CDEV is not set"
want host host amd_iommufd WARN "# CONFIG_AMD_IOMMU_IOMMUFD is not set: hw_info NULL"
want host snp snp_pgtable FAIL "pgtbl_v2 with GT+GIoSup and no SNP page mode 0"
want 0000:00:05.0 iommufd vfio_cdev FAIL "on vfio-pci without vfio-dev"
is "$(jq -r '.host[] | select(.name == "kconfig_iommufd") | .evidence[0] | "\(.source) \(.value)"' "$J")" \
	"/boot/config-7.3.4 CONFIG_IOMMUFD=n" "check-cmdline: the configuration came from /boot/config-7.3.4"

# ---- check-snp: iommu=pt without SNP page mode 0 ---------------------------------
check_on check-snp
want host snp snp_cpu PASS "sev_snp"
want host snp snp_sup PASS "EFR bit 63"
want host snp snp_mode0 WARN "EFR2 0"
want host snp snp_passthrough FAIL "iommu=pt and no page mode 0: iommu_snp_enable()"
want host snp snp_enabled FAIL "kvm_amd.sev_snp=N"
reason host snp snp_enabled "IOMMU configured in passthrough mode" "what the kernel logged"
want 0000:00:06.0 snp snp_identity WARN "identity group, SNP off"

# ---- the QEMU trees ------------------------------------------------------------
check_on qemu73-stock 0000:00:02.0
want host host interrupt_remapping WARN "IO-APIC, allow_unsafe_interrupts=1 on the command line"
want host pasid iommu_pasid FAIL "QEMU 7.2's EFR 0x29d3"
reason host pasid iommu_pasid "GIoSup \(EFR bit 48\), EPHSup \(EFR bit 50\)" "the missing EFR bits"
want 0000:00:02.0 dirty hd_support FAIL "QEMU's IVRS has a type 10h IVHD only: no EFR image"
reason 0000:00:02.0 dirty hd_support "IVHD type 10h has no EFR image" "why ivhd0's own EFR copy is 0"
check_on qemu73-v2 0000:00:02.0
want host pasid iommu_pasid PASS "EFR 0x17000f000059d3"
want host pasid hwpt_pasid PASS "v2"
want host nest nest_parent FAIL "EFR2 0: no GCR3TRPMode"
want 0000:00:02.0 dirty hd_support PASS "HDSup and the override's EFRSup"
check_on noamd
want host host amd_iommu FAIL "no IVRS"
want 0000:00:02.0 passthrough iommu FAIL "dmar0 is not an AMD IOMMU"

# ---- exit codes and usage --------------------------------------------------------
on check-pass check --bind-vfio 0000:01:00.0
rc_is 2 "--bind-vfio without --probe: usage"
on check-pass check --probe --yes 0000:01:00.0
rc_is 2 "--yes without --bind-vfio: usage"
on check-pass check --probe
rc_is 2 "--probe with --root: usage (it needs the live host)"
on check-pass check --for pasid,bogus
rc_is 2 "--for with an unknown purpose: usage"
on check-pass check 0000:zz:00.0
rc_is 2 "a bad BDF: usage"
on check-pass -j check --for passthrough 0000:07:00.0
rc_is 3 "an unknown BDF: partial (exit 3), no FAIL"
jq_is '.unavailable[0].source' 0000:07:00.0 "... listed under unavailable"

# ---- not root: 64 bytes of config space ------------------------------------------
cp -R "$FIXTURES/check-pass" "$_t_tmp/nonroot"
for f in "$_t_tmp"/nonroot/sys/devices/pci0000:00/*/config "$_t_tmp"/nonroot/sys/devices/pci0000:00/*/*/config; do
	head -c 64 "$f" >"$f.64" && mv "$f.64" "$f"
done
run --root "$_t_tmp/nonroot" -j check --for passthrough,pasid
cp "$_t_tmp/out" "$J"
_tree=nonroot
rc_is 3 "64-byte config space: exit 3 (no FAIL, a source missing)"
want 0000:01:00.0 pasid pasid_cap SKIP "PASID needs the extended config space"
reason 0000:01:00.0 passthrough group_isolation "^alone in IOMMU group 2$" "no ACS reason without config space"
jq_is '[.unavailable[].source] | join(" ")' "/sys/bus/pci/devices/*/config" "... unavailable: config space"

# ---- the output follows doc/schema/check.json (when python3 has jsonschema) -----
# (tests/cli/schema.sh validates every tree and command; the schema's $refs
# into doc/schema/defs.json resolve through tests/cli/schema-check.py)
if python3 -c 'import jsonschema' 2>/dev/null; then
	mkdir "$_t_tmp/docs"
	for T in check-pass check-shared check-cmdline check-snp qemu73-stock epyc2s noamd; do
		on "$T" -j check
		cp "$_t_tmp/out" "$_t_tmp/docs/1.json"
		printf '1.json\tcheck\t%s\n' "$T" >"$_t_tmp/docs/MANIFEST"
		ok "$T: check -j validates against doc/schema/check.json" \
			"python3 '$srcdir/tests/cli/schema-check.py' '$srcdir/doc/schema' '$_t_tmp/docs' | grep -qx '1.json	ok'"
	done
else
	echo "# python3 jsonschema is not installed: the schema is not checked"
fi

# ---- snapshot replays check exactly ------------------------------------------------
for T in check-pass check-shared check-cmdline check-snp qemu73-stock; do
	on "$T" snapshot -o "$_t_tmp/snap.$T"
	for fmt in -j -v; do
		on "$T" $fmt check
		a="$rc $out $err"
		run --snapshot "$_t_tmp/snap.$T" $fmt check
		is "$rc $out $err" "$a" "$T: --snapshot replays check $fmt (output and exit code)"
	done
done

done_testing
