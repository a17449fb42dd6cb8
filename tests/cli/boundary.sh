#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# CLI tests on boundary: asymmetric and boundary values (IR != IW,
# GV != GIoV, DomainID 0x8000/0xffff, GCR3 and vAPIC roots with bit 51,
# commands with domains above 255 and devices on segment 1, IR seen only
# on IR-PCI-MSI chips).  Every raw word is literal hex in
# tests/fixtures/gen-fixtures.py (BOUNDARY_*); every expected value below
# is derived by hand from that word and the macros of
# drivers/iommu/amd/amd_iommu_types.h (7.3):
#   DTE data[0]: DTE_FLAG_V 0, DTE_FLAG_TV 1, DTE_FLAG_HAD 8:7,
#     DTE_MODE_MASK 11:9, DTE_HOST_TRP 51:12, DTE_FLAG_PPR 52,
#     DTE_FLAG_GIOV 54, DTE_FLAG_GV 55, DTE_GLX 57:56, DTE_GCR3_14_12 60:58,
#     DTE_FLAG_IR 61, DTE_FLAG_IW 62
#   DTE data[1]: DTE_DOMID_MASK 15:0, DTE_GCR3_30_15 31:16, DTE_FLAG_IOTLB 32,
#     DTE_GCR3_51_31 63:43
#   DTE data[2]: DTE_IRQ_REMAP_ENABLE 0, DTE_INTTABLEN_MASK 4:1,
#     DTE_IRQ_PHYS_ADDR_MASK 51:6, DTE_GPT_LEVEL_MASK 55:54,
#     DTE_IRQ_REMAP_INTCTL_MASK 61:60
# Nibbles are counted from the right (nibble 0 = bits 3:0).
. "${srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

B=boundary

# ---- show dte: IR without IW, DomainID 0x8000 ------------------------------------
# 0000:00:01.0 q0 2000000123456883: top nibble 2 = 0010 -> bit 61 IR = 1,
#   bit 62 IW = 0; low 12 bits 0x883: V = TV = 1, HAD = (0x883 >> 7) & 3 = 1,
#   Mode = (0x883 >> 9) & 7 = 4; DTE_HOST_TRP = 0x123456000
# q1 0000000000008000: DomainID 0x8000 = 32768 (bit 15 set)
on $B -j show dte 00:01.0
rc_is 0 "boundary: show dte 00:01.0 exits 0"
jq_is '.dte | [.class, .ir, .iw, .had, .mode, .levels, .host_pt_root, .domain_id] | map(tostring) | join(" ")' \
	"v1 true false 1 4 4 0x0000000123456000 32768" "boundary: 00:01.0 IR only, HAD 1, Mode 4, DomainID 0x8000"
on $B show dte 00:01.0
is "$(record IR) $(record IW) $(record DomainID)" "1 0 32768" "boundary: 00:01.0 table IR 1, IW 0, DomainID 32768"

# ---- IW without IR, DomainID 0xffff, PPR, I, an IRT ---------------------------
# 0000:00:02.0 q0 4010000fedcba703: top nibble 4 = 0100 -> IW = 1, IR = 0;
#   nibble 13 (bits 55:52) = 1 -> DTE_FLAG_PPR; root 0xfedcba000;
#   0x703: HAD = (0x703 >> 7) & 3 = 0xe & 3 = 2, Mode = 3
# q1 000000010000ffff: DomainID 0xffff = 65535, bit 32 DTE_FLAG_IOTLB = 1
# q2 2000000087654013: IV = 1, IntTabLen = (0x13 >> 1) & 0xf = 9 (512),
#   IRT root = q2 & GENMASK(51, 6) = 0x87654000, IntCtl = (q2 >> 60) & 3 = 2
on $B -j show dte 00:02.0
jq_is '.dte | [.class, .ir, .iw, .had, .mode, .host_pt_root, .ppr, .domain_id, .iotlb] | map(tostring) | join(" ")' \
	"v1 false true 2 3 0x0000000fedcba000 true 65535 true" "boundary: 00:02.0 IW only, HAD 2, PPR, DomainID 0xffff, I"
jq_is '.dte | [.iv, .int_tab_len, .irt_root, .int_ctl, .ig] | map(tostring) | join(" ")' \
	"true 9 0x0000000087654000 2 false" "boundary: 00:02.0 IRT fields"

# ---- GV without GIoV: identity with a PASID table --------------------------------
# 0000:00:03.0 q0 6a80000000000003: top byte 0x6a = 0110 1010 -> IW, IR,
#   bits 60:58 = 010 -> GCR3[14:12] = 2, bits 57:56 = 10 -> GLX = 2;
#   byte 0x80 (bits 55:48) -> GV = 1, GIoV = 0; Mode 0
# q1 80000800123400ff: DomainID 0xff = 255; GCR3[30:15] = 0x1234;
#   GCR3[51:31] = q1 >> 43 = 0x100001 (bits 63 and 43)
# GCR3 = 2 << 12 | 0x1234 << 15 | 0x100001 << 31
#      = 0x2000 + 0x91a0000 + 0x8000080000000 = 0x80000891a2000
# class: GV with Mode 0 and no GIoV but IR/IW -> identity, PASID table
on $B -j show dte 00:03.0
jq_is '.dte | [.class, .pasid_table, .gv, .giov, .glx, .gcr3_root, .domain_id, .levels] | map(tostring) | join(" ")' \
	"identity true true false 2 0x00080000891a2000 255 null" "boundary: 00:03.0 GV without GIoV, GLX 2, GCR3 with bit 51"

# ---- GIoV without GV: a v1 entry, no GCR3 ---------------------------------------
# 0000:00:04.0 q0 6040000000abc603: byte 0x40 (bits 55:48) -> GIoV = 1, GV = 0;
#   Mode 3, root 0xabc000; q1 0000000056780100: DomainID 0x100 = 256 (the
#   GCR3 bits 31:16 = 0x5678 mean nothing without GV)
on $B -j show dte 00:04.0
jq_is '.dte | [.class, .giov, .gv, .gcr3_root, .glx, .domain_id] | map(tostring) | join(" ")' \
	"v1 true false null null 256" "boundary: 00:04.0 GIoV without GV: no GCR3, DomainID 256"

# ---- v2, 5 levels, DomainID 0x8001 -------------------------------------------------
# 0000:00:05.0 q0 75d0000000000003: top byte 0x75 = 0111 0101 -> IW IR,
#   bits 60:58 = 101 -> GCR3[14:12] = 5, GLX = 01 = 1; byte 0xd0 = 1101 0000
#   -> GV, GIoV, PPR; Mode 0
# q1 abcd8000fffe8001: DomainID 0x8001 = 32769; GCR3[30:15] = 0xfffe;
#   GCR3[51:31] = q1 >> 43 = 0xabcd8000 >> 11 = 0x1579b0
# GCR3 = 0x5000 + 0xfffe << 15 + 0x1579b0 << 31
#      = 0x5000 + 0x7fff0000 + 0xabcd800000000 = 0xabcd87fff5000
# q2 0040000000000000: DTE_GPT_LEVEL_MASK (55:54) = 1 = GUEST_PGTABLE_5_LEVEL
on $B -j show dte 00:05.0
jq_is '.dte | [.class, .levels, .guest_paging_mode, .glx, .gcr3_root, .domain_id, .ppr] | map(tostring) | join(" ")' \
	"v2 5 1 1 0x000abcd87fff5000 32769 true" "boundary: 00:05.0 v2 5 levels, GCR3 from three fields"

# ---- v2, 4 levels, DomainID 0x7fff, a 2K IRT above 4 GiB ---------------------------
# 0000:00:06.0 q0 60c0000000000003: GV GIoV, Mode 0; q1 7fff: DomainID 32767
# q2 2008123456789a57: GPM (55:54) = 0 -> 4 levels; 0x57 = 0101 0111:
#   IV = 1, IntTabLen = 1011 = 11 (DTE_INTTABLEN_VALUE_2K), IG = 0;
#   root = q2 & GENMASK(51, 6) = 0x8123456789a40 (bit 51 from nibble 12 = 8);
#   IntCtl = 2
on $B -j show dte 00:06.0
jq_is '.dte | [.class, .levels, .domain_id, .iv, .int_tab_len, .irt_root, .int_ctl] | map(tostring) | join(" ")' \
	"v2 4 32767 true 11 0x0008123456789a40 2" "boundary: 00:06.0 v2 4 levels, 2K IRT with bit 51"

# ---- nested, invalid, blocked, untranslated ---------------------------------------
# 00:07.0 q0 60c0000200000803: GV with Mode (0x803 >> 9) & 7 = 4 -> nested,
#   4 levels; q1 0000200000010042: DomainID 0x42 = 66, GCR3[30:15] = 1 -> 0x8000,
#   GCR3[51:31] = q1 >> 43 = 0x2000 >> 11 = 4 -> 0x200000000; GCR3 0x200008000
# 00:08.0 q0 6000000000000e03: Mode (0xe03 >> 9) & 7 = 7 -> invalid
# 00:09.0 q0 3: V TV Mode 0 without IR/IW -> blocked; DomainID 0x1234 = 4660
# 00:0a.0 q0 1: V without TV -> blocked
# 00:0b.0 q0 6000000000000602: V = 0 (TV, Mode 3, IR, IW set) -> untranslated
on $B -j show devices
rc_is 0 "boundary: show devices exits 0"
jq_is '.unavailable | length' 0 "boundary: nothing unavailable"
jq_is '.devices[] | select(.bdf == "0000:00:07.0") | .dte | [.class, .levels, .domain_id, .gcr3_root] | map(tostring) | join(" ")' \
	"nested 4 66 0x0000000200008000" "boundary: 00:07.0 nested, Mode 4, GCR3 0x200008000"
jq_is '[.devices[] | select(.bdf | test("^0000:00:0[89ab]")) | "\(.dte.class)/\(.dte.domain_id)"] | join(" ")' \
	"invalid/9 blocked/4660 blocked/0 untranslated/0" "boundary: Mode 7 invalid, two kinds of blocked, V=0 untranslated"
# the summary of show devices carries the same values as show dte
jq_is '[.devices[] | .dte.domain_id // "-"] | map(tostring) | join(" ")' \
	"- 32768 65535 255 256 32769 32767 66 9 4660 0 0 - 65534" "boundary: DomainIDs from q1 & DTE_DOMID_MASK"
jq_is '[.devices[] | .dte.gcr3_root // "-"] | join(" ")' \
	"- - - 0x00080000891a2000 - 0x000abcd87fff5000 0x0000000000000000 0x0000000200008000 - - - - - -" \
	"boundary: GCR3 roots only where GV = 1"
for b in 0000:00:01.0 0000:00:03.0 0000:00:05.0 0001:82:02.0; do
	jq_is ".devices[] | select(.bdf == \"$b\") | .dte.raw | join(\" \")" "$(devtbl_raw $B $b)" \
		"boundary: $b raw DTE equals the devtbl row"
done
on $B show devices
is "$(cell 0000:00:01.0 DOMID) $(cell 0000:00:02.0 DOMID) $(cell 0000:00:05.0 DOMID)" "32768 65535 32769" \
	"boundary: table DOMID column above 0x7fff"
is "$(cell 0000:00:03.0 GCR3) $(cell 0000:00:03.0 GLX)" "0x00080000891a2000 2" "boundary: table GCR3 and GLX of a GV-only entry"
is "$(cell 0000:00:04.0 GCR3)" "-" "boundary: table: no GCR3 for GIoV alone"
is "$(cell 0000:00:02.0 HAD) $(cell 0000:00:01.0 HAD)" "2 1" "boundary: table HAD 2 and 1"

# ---- segment 1 ------------------------------------------------------------------------
# 0001:82:02.0 row "... 6000000234567a03 iommu1": Mode (0xa03 >> 9) & 7 = 5,
#   root 0x234567000; q1 fffe: DomainID 65534; behind ivhd1 (index 1)
on $B -j show dte 0001:82:02.0
jq_is '.dte | [.class, .levels, .host_pt_root, .domain_id, .iommu] | map(tostring) | join(" ")' \
	"v1 5 0x0000000234567000 65534 ivhd1" "boundary: 0001:82:02.0 on iommu1, Mode 5"
on $B -j show domains
# the domains view keys by IOMMU and DomainID: 0xffff and 0x8000 are not
# folded into 0xff/0x00; sorted by DomainID, then IOMMU number
jq_is '[.domains[] | "\(.iommu)/\(.domain_id)/\(.class)"] | join(" ")' \
	"ivhd0/0/blocked ivhd0/9/invalid ivhd0/66/nested ivhd0/255/identity ivhd0/256/v1 ivhd0/4660/blocked ivhd0/32767/v2 ivhd0/32768/v1 ivhd0/32769/v2 ivhd1/65534/v1 ivhd0/65535/v1" \
	"boundary: one domain per (IOMMU, DomainID)"

# ---- show iommus ------------------------------------------------------------------------
# cap 16a3480f: id 0x0f, next 0x48, bits 23:16 = 0xa3 -> type 0xa3 & 7 = 3,
#   rev 0xa3 >> 3 = 20; bits 31:24 = 0x16 = 0001 0110 -> HtTunnel 25,
#   NpCache 26, CapExt 28; IotlbSup 24 and EFRSup 27 clear
on $B -j show iommus
rc_is 0 "boundary: show iommus exits 0"
jq_is '.iommus[1].cap | [.raw, .id, .type, .rev, .iotlb_sup, .ht_tunnel, .np_cache, .efr_sup, .cap_ext] | map(tostring) | join(" ")' \
	"0x16a3480f 15 3 20 false true true false true" "boundary: cap with the odd bits"
jq_is '[.iommus[] | "\(.name)/\(.bdf)/\(.segment)"] | join(" ")' "ivhd0/0000:00:00.2/0 ivhd1/0001:00:00.2/1" \
	"boundary: two IOMMUs on two segments"
# EFR 80150010002082d6 (FEATURE_*): low 16 bits 0x82d6 = bits 1 2 4 6 7 9 15:
#   PPR X2APIC GT IA GA PC, HATS (11:10) 0 -> 4 levels, GATS (13:12) 0 -> 4,
#   GLX (15:14) = 2; 0x2082d6 bits 23:21 GAMSup = 1; PASMAX (36:32) = 0x10 = 16 ->
#   with GTSup, init.c: (1 << (16 + 1)) - 1 = 131071 (the kernel's BUG_ON(max_pasids
#   & ~PASID_MASK) would stop it); nibble 12 (51:48) = 5 -> GIoSup 48,
#   EPHSup 50; nibble 13 = 1 -> HDSup 52; bit 63 SNPSup (AMD spec names)
# EFR2 0x810: bit 4 (GAPPIDis), bit 11 FEATURE_HT_RANGE_IGNORE
jq_is '.iommus[0] | [.efr, .efr2, .hats, .gats, .host_levels, .guest_levels, .glx_sup, .pas_max, .max_pasids] | map(tostring) | join(" ")' \
	"0x80150010002082d6 0x0000000000000810 0 0 4 4 2 16 131071" "boundary: EFR fields"
jq_is '.iommus[0] | (.efr_features | join(" ")) + " / " + (.efr2_features | join(" ")) + " / \(.gam_sup)"' \
	"PPRSup XTSup GTSup IASup GASup PCSup GIoSup EPHSup HDSup SNPSup / GAPPIDis HTRangeIgnore / 1" "boundary: feature names"
# v2 = GT && GIoSup; pasid: la57 CPU but GATS != GUEST_PGTABLE_5_LEVEL -> no
# (amd_iommu_pasid_supported); dirty = HDSup; nest needs EFR2 GCR3TRPMode (bit 3)
jq_is '.iommus[0].capabilities | [.v2, .pasid, .dirty_tracking, .nest_parent] | map(tostring) | join(" ")' \
	"true false true false" "boundary: capabilities"
like "$(jqo '.iommus[0].capabilities.missing.pasid')" "LA57.*GATS" "boundary: PASID missing names LA57 and GATS"
# control 2800100014001835: 0x835 -> bits 0 2 4 5 11; 0x1 << 12 CmdBufEn;
#   0x14000000 -> bit 26 (GAM 27:25 = 2) and 28 GALogEn; 0x1000 << 32 -> bit
#   44 (NumIntRemapMode 44:43 = 2); 0x28 << 56 -> bits 59 IRTCacheDis, 61 SNPAVICEn
#   InvTimeout (7:5) = 0x835 >> 5 & 7 = 1 -> 1ms
jq_is '.iommus[0].debugfs.control_bits | join(" ")' \
	"IOMMUEn EventLogEn ComWaitIntEn InvTimeout=1ms Isoc CmdBufEn GAM=2 GALogEn NumIntRemapMode=2 IRTCacheDis SNPAVICEn" \
	"boundary: control register bits"
jq_is '[.iommus[] | "\(.debugfs.cmdbuf_head)/\(.debugfs.cmdbuf_tail)"] | join(" ")' "3/7 0/3" \
	"boundary: command buffer head and tail of each IOMMU"

# ---- status -------------------------------------------------------------------------------
on $B -j status
rc_is 0 "boundary: status exits 0"
# IR: only IR-PCI-MSI/IR-PCI-MSIX chips (and the IOMMUs' own PCI-MSI), no IO-APIC
jq_is '[.interrupt_remapping.value, .interrupt_remapping.source] | map(tostring) | join(" ")' \
	"true /proc/interrupts" "boundary: IR on from IR-PCI-MSI alone"
# first DMA-group device without VFIO: 00:01.0, v1 Mode 4
jq_is '[.default_pgtable.value, .default_pgtable.levels, .default_pgtable.source, .strict, .iommu_count] | map(tostring) | join(" ")' \
	"v1 4 dte true 2" "boundary: default pgtable from 00:01.0 (Mode 4), iommu.strict=1, 2 IOMMUs"

# ---- show irt: guest-mode (vAPIC) and x2APIC entries ----------------------------------
# union irte_ga_lo / irte_ga_hi (amd_iommu_types.h), line "IRT[n] HI LO":
# IRT[0000] 12000000000000ef 80000001abcdef47 (remapped):
#   lo 0x47 = 0100 0111: valid, no_fault, int_type (4:2) = 001 arbitrated,
#   rq_eoi 0, dm (6) = 1 logical, guest_mode 0; destination[23:0] = 0xabcdef;
#   ga_tag (63:32) = 0x80000001
#   hi: vector 0xef = 239; destination[31:24] (63:56) = 0x12
#   -> destination 0x12abcdef = 313249263
# IRT[0005] a508123456789041 fedc0001000012c5 (fields_vapic):
#   lo 0xc5 = 1100 0101: valid, ga_log_intr (2), is_run (6), guest_mode (7);
#   destination[23:0] = 0x000012; ga_tag = 0xfedc0001
#   hi: vector 0x41 = 65; ga_root_ptr (51:12) = 0x8123456789 -> root
#   0x8123456789000 (bit 51 set); destination[31:24] = 0xa5
#   -> destination 0xa5000012 = 2768240658
on $B -j show irt 00:02.0
rc_is 0 "boundary: show irt 00:02.0 exits 0"
jq_is '[.irt[].entry] | join(" ")' "0 5" "boundary: IRT entries 0 and 5"
jq_is '.irt[] | select(.entry == 0) | [.vector, .destination, .dest_mode, .delivery_mode, .no_fault, .guest_mode, .ga_tag] | map(tostring) | join(" ")' \
	"239 313249263 logical arbitrated true false 0x80000001" "boundary: IRT[0] x2APIC destination, logical, arbitrated"
jq_is '.irt[] | select(.entry == 5) | [.guest_mode, .vector, .ga_root, .ga_tag, .is_run, .ga_log_intr, .destination] | map(tostring) | join(" ")' \
	"true 65 0x0008123456789000 0xfedc0001 true true 2768240658" "boundary: IRT[5] vAPIC root with bit 51, GA tag high bits"
jq_is '.irt[] | select(.entry == 5) | [.dest_mode, .delivery_mode, .rq_eoi] | map(tostring) | join(" ")' \
	"null null null" "boundary: IRT[5] has no remapping fields in guest mode"
on $B show irt 00:02.0
is "$(cell 5 VECTOR)" 0x41 "boundary: table IRT 5 vector"
# IRT[0511] 0000000000000030 0000000000000001: vector 0x30, the last of 512
on $B -j show irt 0001:82:02.0
jq_is '.irt[] | [.entry, .vector, .destination] | map(tostring) | join(" ")' "511 48 0" \
	"boundary: segment 1 section, IRT[511]"
on $B show irt 00:01.0
rc_is 4 "boundary: 00:01.0 'IRQ lookup table not set' -> exit 4"

# ---- show cmdbuf ----------------------------------------------------------------------
# iommu00 (segment 0), command words data[0..3] (iommu.c build_*;
#   CMD_SET_TYPE: opcode in data[1] 31:28):
#   0: 00000000 30001234 400ff003 00000000 build_inv_iommu_pages: domain
#      data[1] 15:0 = 0x1234 = 4660; data[2] bit 0 S, bit 1 PDE;
#      address 0x400ff000: bits 19:12 set, bit 20 clear -> 2^21 bytes at 0x40000000
#   1: 00000000 3000ffff fffff003 7fffffff domain 0xffff = 65535,
#      CMD_INV_IOMMU_ALL_PAGES_ADDRESS | S -> all
#   2: 0000a5f3 20000000 ... build_inv_dte devid 0xa5f3 -> 0000:a5:1e.3
#   3: 20010300 40ab0300 56789004 00001234 build_inv_iotlb_pages: devid 0x0300
#      (00:03:00.0), qdep data[0] 31:24 = 0x20 = 32, GN (data[2] bit 2):
#      pasid = data[0] 23:16 << 8 | data[1] 23:16 = 0x01ab = 427;
#      address 0x123456789000, S clear -> one page
#   4: 89abc001 1000f123 00000042 00000001 build_completion_wait: store
#      (bit 0), address data[1] 19:0 << 32 | data[0] & ~7 = 0xf12389abc000,
#      data 0x100000042
on $B -j show cmdbuf ivhd0
rc_is 0 "boundary: show cmdbuf ivhd0 exits 0"
jq_is '.commands[0] | [.command, .domain_id, .s, .pde, .all, .range_base, .size] | map(tostring) | join(" ")' \
	"INVALIDATE_IOMMU_PAGES 4660 true true false 0x0000000040000000 2097152" "boundary: slot 0 domain 0x1234, 2 MiB range"
jq_is '.commands[1] | [.domain_id, .all] | map(tostring) | join(" ")' "65535 true" "boundary: slot 1 domain 0xffff, everything"
jq_is '.commands[2].device' "0000:a5:1e.3" "boundary: slot 2 devid 0xa5f3"
jq_is '.commands[3] | [.command, .device, .queue_depth, .gn, .pasid, .address, .size] | map(tostring) | join(" ")' \
	"INVALIDATE_IOTLB_PAGES 0000:03:00.0 32 true 427 0x0000123456789000 4096" "boundary: slot 3 IOTLB, PASID 0x1ab"
jq_is '.commands[4] | [.command, .store, .address, .store_data] | map(tostring) | join(" ")' \
	"COMPLETION_WAIT true 0x0000f12389abc000 0x0000000100000042" "boundary: slot 4 store address above 4 GiB"
jq_is '[.commands[] | select(.head or .tail) | "\(.slot):\(.head):\(.tail)"] | join(" ")' \
	"3:true:false 7:false:true" "boundary: head 3, tail 7 (an unused slot)"
# iommu01 serves segment 1: a device ID there is 0001:BB:DD.F
#   0: 00008210 20000000 -> devid 0x8210 = 82:02.0 -> 0001:82:02.0
#   1: 00008210 50000000 -> INVALIDATE_INTERRUPT_TABLE of the same
#   2: 00000000 3000fffe 00fff000 -> domain 0xfffe = 65534, one page 0xfff000
on $B -j show cmdbuf ivhd1
rc_is 0 "boundary: show cmdbuf ivhd1 exits 0"
jq_is '.commands[2] | [.iommu, .domain_id, .address, .s] | map(tostring) | join(" ")' "ivhd1 65534 0x0000000000fff000 false" \
	"boundary: ivhd1 slot 2 domain 0xfffe"
jq_is '[.commands[0].device, .commands[1].device] | join(" ")' "0001:82:02.0 0001:82:02.0" \
	"boundary: ivhd1 commands name devices on segment 1"

# ---- show events ----------------------------------------------------------------------
# "Event logged [IO_PAGE_FAULT device=0001:82:02.0 domain=0xfffe address=...
#   flags=0x0070]": flags 0x70 = PR (4) RW (5) PE (6) -> write
# "vfio-pci 0000:00:05.0: ... [IO_PAGE_FAULT domain=0x8001 ... flags=0x0008]":
#   flags 0x8 = I -> an interrupt request
on $B -j show events
rc_is 0 "boundary: show events exits 0"
jq_is '[.events[] | "\(.device)/\(.domain_id)/\(.flag_names | join(","))/\(.access)"] | join(" ")' \
	"0001:82:02.0/65534/PR,RW,PE/write 0000:00:05.0/32769/I/interrupt" "boundary: events on segment 1, domains above 0x7fff"
jq_is '.events[0].address' 0xfedcba9876543000 "boundary: a 64-bit fault address"

done_testing
