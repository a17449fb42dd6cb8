#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a synthetic host tree of N PCI functions for `make bench`.

    bench/gen-host.py N OUTDIR

The tree has the layout of tests/fixtures (see tests/fixtures/README.md) and
is built with the same helpers (config space, DTE encoding, devtbl rows,
the Tree writer), imported from tests/fixtures/gen-fixtures.py:

- 16 AMD IOMMUs (ivhd0..15), four per PCI segment 0..3, each owning a
  quarter of its segment's buses, with EPYC-like cap/EFR/EFR2 and debugfs
  mmio/capability/cmdbuf files;
- exactly N functions under sys/bus/pci/devices: per IOMMU its root
  complex and IOMMU function, then cards dealt round robin from a mix of
  root ports, NVMe drives (ATS on, PASID/PRI present), four-port NICs
  without ACS (one group of four), SR-IOV NICs (PF in an identity group,
  VFs in groups of their own), GPUs with an audio function bound to
  vfio-pci (one group, vfio cdevs, dirty-tracking V1 DTE), vfio-pci NVMe
  on a V2 (PASID) table with PASID/ATS/PRI enabled, AHCI in identity
  groups, xHCI;
- group types DMA-FQ (iommu.strict=0), DMA (VFIO) and identity;
- every function carries the attributes a real sysfs has and lspci reads
  (revision, subsystem ids, irq, numa_node, resource, ...);
- debugfs devtbl: the header, then one row per translated function, sorted
  by BDF, in the kernel's exact format.

Deterministic: the same N gives the same tree.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "gen_fixtures", os.path.join(HERE, "..", "tests", "fixtures", "gen-fixtures.py"))
gf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gf)

NIOMMU = 16


# DTE encoders gen-fixtures.py no longer has (its trees are literal hex now)
def dte_v2(gcr3, domid, levels, ppr=False, iotlb=False):
    """GV=1 GIoV=1 Mode=0; GCR3 root split into q0[60:58], q1[31:16], q1[63:43]."""
    q0 = 1 | 2 | ppr << 52 | 1 << 54 | 1 << 55 | ((gcr3 >> 12) & 7) << 58 | 1 << 61 | 1 << 62
    q1 = domid | ((gcr3 >> 15) & 0xffff) << 16 | ((gcr3 >> 31) & 0x1fffff) << 43 | iotlb << 32
    return [q0, q1, (1 if levels == 5 else 0) << 54, 0]


def dte_identity(domid=1):
    """V TV, Mode 0, IR IW."""
    return [1 | 2 | 1 << 61 | 1 << 62, domid, 0, 0]
RESERVED = gf.EPYC_RESERVED
AMD = "/sys/kernel/debug/iommu/amd"


class Host:
    def __init__(self):
        self.devs = []
        self.next_group = 0
        self.domid = 2
        self.root = 0x100000000
        self.gcr3 = 0x180000000
        self.vfio = 0

    def group(self):
        self.next_group += 1
        return self.next_group - 1

    def v1(self, mode=3, **kw):
        d = gf.dte_v1(mode, self.root, self.domid, **kw)
        self.root += 0x1000
        self.domid += 1
        return d

    def v2(self, levels, **kw):
        d = dte_v2(self.gcr3, self.domid, levels, **kw)
        self.gcr3 += 0x3000
        self.domid += 1
        return d

    def add(self, bdf, io, vid, did, klass, cfg, driver=None, grp=None, gtype="DMA-FQ",
            dte=None, vfio=False, extra=None):
        self.devs.append(dict(bdf=bdf, io=io, vendor=vid, device=did, klass=klass, cfg=cfg,
                              driver=driver, group=grp, gtype=gtype, dte=dte,
                              vfio=self.next_vfio() if vfio else None, extra=extra or {}))

    def next_vfio(self):
        self.vfio += 1
        return self.vfio - 1


def cfg(vid, did, klass, pcie=0, ext=(), subsys=None):
    return gf.config_space(vid, did, klass, pcie_type=pcie, ext=ext, subsys=subsys)


# Each card: (functions it has, builder).  A builder gets the host, the
# IOMMU tuple, the function's BDF maker, and how many functions to add
# (fewer than the card has when N runs out).

def card_port(h, io, S, n):
    h.add(S(0), io, 0x1022, 0x14ab, 0x060400,
          cfg(0x1022, 0x14ab, 0x060400, pcie=4, ext=[gf.ext_aer(), gf.ext_acs()]),
          driver="pcieport", grp=h.group(), dte=h.v1())


def card_nvme(h, io, S, n):
    c = cfg(0x144d, 0xa80a, 0x010802, subsys=(0x144d, 0xa813),
            ext=[gf.ext_aer(), gf.ext_dsn(0x3825 << 24 | len(h.devs)), gf.ext_ats(True),
                 gf.ext_pri(False), gf.ext_pasid(False)])
    h.add(S(0), io, 0x144d, 0xa80a, 0x010802, c, driver="nvme", grp=h.group(),
          dte=h.v1(mode=4 if len(h.devs) % 3 else 3, iotlb=True))


def card_nic4(h, io, S, n):
    g, d = h.group(), h.v1()
    for fn in range(n):
        h.add(S(fn), io, 0x8086, 0x1521, 0x020000,
              cfg(0x8086, 0x1521, 0x020000, subsys=(0x8086, 0x5001),
                  ext=[gf.ext_aer(), gf.ext_dsn(0xa0369fffff000000 | len(h.devs))]),
              driver="igb", grp=g, dte=list(d))


def card_sriov(h, io, S, n):
    h.add(S(0), io, 0x15b3, 0x101d, 0x020000,
          cfg(0x15b3, 0x101d, 0x020000, subsys=(0x15b3, 0x0016),
              ext=[gf.ext_aer(), gf.ext_ats(False), gf.ext_sriov(7, n - 1, 1, 1, 0x101e)]),
          driver="mlx5_core", grp=h.group(), gtype="identity", dte=dte_identity())
    for fn in range(1, n):
        h.add(S(fn), io, 0x15b3, 0x101e, 0x020000,
              cfg(0xffff, 0xffff, 0x020000, subsys=(0x15b3, 0x0016), ext=[gf.ext_ats(False)]),
              driver="mlx5_core", grp=h.group(), dte=h.v1())


def card_gpu(h, io, S, n):
    g, d = h.group(), h.v1(mode=4, had=3)
    h.add(S(0), io, 0x10de, 0x20b5, 0x030200,
          cfg(0x10de, 0x20b5, 0x030200, subsys=(0x10de, 0x1533),
              ext=[gf.ext_aer(), gf.ext_ats(False)]),
          driver="vfio-pci", grp=g, gtype="DMA", dte=list(d), vfio=True)
    if n > 1:
        h.add(S(1), io, 0x10de, 0x1aef, 0x040300, cfg(0x10de, 0x1aef, 0x040300),
              driver="vfio-pci", grp=g, gtype="DMA", dte=list(d), vfio=True)


def card_nvme_v2(h, io, S, n):
    c = cfg(0x144d, 0xa80a, 0x010802, subsys=(0x144d, 0xa813),
            ext=[gf.ext_aer(), gf.ext_ats(True), gf.ext_pri(True), gf.ext_pasid(True)])
    h.add(S(0), io, 0x144d, 0xa80a, 0x010802, c, driver="vfio-pci", grp=h.group(), gtype="DMA",
          dte=h.v2(5 if len(h.devs) % 2 else 4, ppr=True, iotlb=True), vfio=True)


def card_ahci(h, io, S, n):
    h.add(S(0), io, 0x1022, 0x7901, 0x010601, cfg(0x1022, 0x7901, 0x010601),
          driver="ahci", grp=h.group(), gtype="identity", dte=dte_identity())


def card_xhci(h, io, S, n):
    h.add(S(0), io, 0x1022, 0x149c, 0x0c0330, cfg(0x1022, 0x149c, 0x0c0330),
          driver="xhci_hcd", grp=h.group(), dte=h.v1())


CARDS = [(1, card_port), (1, card_nvme), (4, card_nic4), (1, card_nvme), (8, card_sriov),
         (2, card_gpu), (1, card_port), (1, card_nvme_v2), (1, card_ahci), (1, card_xhci)]


def iommu_of(r):
    seg, base = r // 4, 0x40 * (r % 4)
    hb = "pci%04x:%02x" % (seg, base)
    return ("ivhd%d" % r, "%04x:%02x:00.2" % (seg, base), hb), seg, base


def build(n):
    if n < 2 * NIOMMU:
        raise SystemExit("gen-host: N must be at least %d" % (2 * NIOMMU))
    h = Host()
    slots = [0] * NIOMMU
    for r in range(NIOMMU):
        io, seg, base = iommu_of(r)
        h.add("%04x:%02x:00.0" % (seg, base), io, 0x1022, 0x14a4, 0x060000,
              cfg(0x1022, 0x14a4, 0x060000, pcie=None), grp=h.group(), dte=h.v1())
        h.add(io[1], None, 0x1022, 0x1481, 0x080600, cfg(0x1022, 0x1481, 0x080600, pcie=None))
    k = 0
    while len(h.devs) < n:
        r = k % NIOMMU
        # each round of IOMMUs starts one card further: every kind shows
        # up even on a small host
        nfn, builder = CARDS[(r + k // NIOMMU) % len(CARDS)]
        io, seg, base = iommu_of(r)
        slot = slots[r]
        slots[r] += 1
        bus, dev = base + 1 + slot // 32, slot % 32
        assert bus < base + 0x40, "too many functions for the bus range"
        S = lambda fn, seg=seg, bus=bus, dev=dev: "%04x:%02x:%02x.%x" % (seg, bus, dev, fn)
        builder(h, io, S, min(nfn, n - len(h.devs)))
        k += 1
    assert len(h.devs) == n and len({d["bdf"] for d in h.devs}) == n
    # interrupt remapping on every translated entry, as on the epyc2s fixture
    for i, d in enumerate(h.devs):
        if d["dte"] and d["dte"][0] & 3 == 3:
            d["dte"][2] |= 2 << 60 | (0x200000000 + i * 0x1000) | 9 << 1 | 1
    return h


def mmio(r):
    """The registers `show iommus` and `metrics` read: control, EFR/EFR2, the
    four rings (base: address, length code 9 = 512 entries in bits 59:56;
    head/tail byte offsets) and the status register with EventLogRun,
    CmdBufRun and PPRLogRun (bits 3, 4, 7), as EPYC_CTRL enables those
    three rings and not the GA log."""
    ring = 0x0900000140000000 + 0x100000 * r
    return [(0x8, ring), (0x10, ring + 0x2000), (0x18, gf.EPYC_CTRL), (0x30, gf.EPYC_EFR),
            (0x38, ring + 0x4000), (0xe0, 0), (0x1a0, gf.EPYC_EFR2),
            (0x2000, 0x10 * r), (0x2008, 0x10 * (r + 1)), (0x2010, 0x20 * r), (0x2018, 0x20 * r),
            (0x2020, 0x98), (0x2030, 0), (0x2038, 0), (0x2040, 0), (0x2048, 0)]


def kmsg(h):
    """A kernel log as /dev/kmsg reads it: the lines a boot prints for each
    function ("Adding to iommu group"), then AMD-Vi events of every 13th
    translated function (more devices than the 256 evcount counts by name):
    two IO_PAGE_FAULTs in the pci_err() form and every third one an
    INVALID_DEVICE_REQUEST with device=, with "callbacks suppressed" lines
    in between, as a faulting host logs them."""
    recs = [(6, "Linux version 7.3.4 (gcc) #1 SMP PREEMPT_DYNAMIC", None),
            (6, "AMD-Vi: Using global IVHD EFR:0x%x, EFR2:0x%x" % (gf.EPYC_EFR, gf.EPYC_EFR2), None)]
    for d in h.devs:
        if d["group"] is not None:
            recs.append((6, "pci %s: Adding to iommu group %d" % (d["bdf"], d["group"]), d["bdf"]))
    faulting = [d for d in h.devs if d["dte"] and d["driver"]][::13]
    for i, d in enumerate(faulting):
        for k in range(2):
            recs.append((3, "%s %s: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x%04x "
                         "address=0x%x flags=0x0020]" % (d["driver"], d["bdf"], 2 + i,
                                                         0xfee00000 + 0x1000 * k), d["bdf"]))
        if i % 3 == 0:
            recs.append((4, "amd_iommu_report_page_fault: %d callbacks suppressed" % (i + 5), None))
            recs.append((3, "AMD-Vi: Event logged [INVALID_DEVICE_REQUEST device=%s pasid=0x00000 "
                         "address=0x0 flags=0x0000]" % d["bdf"], None))
    out = []
    for seq, (lvl, msg, dev) in enumerate(recs):
        out.append("%d,%d,%d,-;%s\n" % (lvl, seq, 1000000 + 1000 * seq, msg))
        if dev:
            out.append(" SUBSYSTEM=pci\n DEVICE=+pci:%s\n" % dev)
    return "".join(out)


def bdf_key(bdf):
    return tuple(int(x, 16) for x in bdf.replace(".", ":").split(":"))


def write(h, outdir):
    t = gf.Tree(os.path.abspath(outdir))
    for i, d in enumerate(h.devs):
        hb = d["io"][2] if d["io"] else "pci%s" % d["bdf"][:7]
        extra = {
            "revision": "0x00\n", "subsystem_vendor": "0x%04x\n" % d["vendor"],
            "subsystem_device": "0x0000\n", "irq": "%d\n" % (32 + i % 200),
            "numa_node": "%d\n" % (int(d["bdf"][:4], 16) // 2), "enable": "1\n",
            "local_cpulist": "0-31\n",
            "resource": "0x00000000f0000000 0x00000000f00fffff 0x0000000000140204\n" +
                        "0x0000000000000000 0x0000000000000000 0x0000000000000000\n" * 12,
        }
        extra.update(d["extra"])
        t.pci(d["bdf"], d["vendor"], d["device"], d["klass"], d["cfg"], hostbridge=hb,
              driver=d["driver"], group=d["group"], iommu=d["io"] if d["dte"] else None,
              vfio=d["vfio"], driver_override="vfio-pci" if d["driver"] == "vfio-pci" else None,
              extra=extra)
        if d["vfio"] is not None:
            t.file("/dev/vfio/devices/vfio%d" % d["vfio"], "")
    for r in range(NIOMMU):
        io, seg, base = iommu_of(r)
        members = sorted((d["bdf"], io[2]) for d in h.devs if d["io"] == io and d["dte"])
        t.iommu(io[0], io[1], io[2], gf.EPYC_CAP, "%x:%x" % (gf.EPYC_EFR, gf.EPYC_EFR2), members)
        dd = AMD + "/iommu%02d" % r
        t.file(dd + "/mmio", "".join("Offset:0x%x Value:0x%016x\n" % kv for kv in mmio(r)))
        t.file(dd + "/cmdbuf", "CMD Buffer Head Offset:0 Tail Offset:0\n" +
               "".join("%3d: 00000000 00000000 00000000 00000000\n" % i for i in range(512)))
    groups = {}
    for d in h.devs:
        if d["group"] is not None:
            groups.setdefault(d["group"], [d["gtype"], []])[1].append((d["bdf"], d["io"][2]))
    for g, (gtype, members) in sorted(groups.items()):
        t.group(g, gtype, sorted(members), RESERVED)
    rows = [gf.devtbl_row(d["bdf"], d["dte"], int(d["io"][0][4:]))
            for d in sorted(h.devs, key=lambda d: bdf_key(d["bdf"])) if d["dte"]]
    t.file(AMD + "/devid", "0000:00:00.0\n")
    t.file(AMD + "/devtbl", gf.DEVTBL_HEADER + "".join(rows))
    t.file("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n")
    t.file("/proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-7.3.4 root=/dev/mapper/vg0-root ro "
           "quiet iommu.strict=0\n")
    t.file("/proc/sys/kernel/osrelease", "7.3.4\n")
    t.file("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
           "model name\t: AMD EPYC 9354 32-Core Processor\nflags\t\t: fpu sse2 svm la57\n\n")
    t.file("/dev/kmsg", kmsg(h))
    t.file("/dev/iommu", "")
    t.file("/dev/vfio/vfio", "")
    t.finish()


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        raise SystemExit("usage: gen-host.py N OUTDIR")
    write(build(int(sys.argv[1])), sys.argv[2])


if __name__ == "__main__":
    main()
