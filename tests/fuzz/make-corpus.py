#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Regenerate the seed corpora tests/fuzz/corpus/TARGET/ from real kernel
output: the fixture trees under tests/fixtures/ (Linux 7.3 under QEMU's
AMD IOMMU) and, when given, the captured samples directory
(qemu-amd-iommu-linux-7.3).  Run by hand; tests never read the samples.

    tests/fuzz/make-corpus.py [SAMPLES_DIR]
"""
import os
import re
import shutil
import struct
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fix = os.path.join(top, "tests", "fixtures")
out = os.path.join(top, "tests", "fuzz", "corpus")
samples = sys.argv[1] if len(sys.argv) > 1 else None
DBG = "sys/kernel/debug/iommu/amd"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def devid(bdf):
    """The 4-byte prefix the devtbl/irqtbl targets read: segment, devid."""
    seg, bus, rest = bdf.split(":")
    dev, fn = rest.split(".")
    return struct.pack("<HH", int(seg, 16), int(bus, 16) << 8 | int(dev, 16) << 3 | int(fn, 16))


def sample_files(name):
    if not samples:
        return []
    return sorted(os.path.join(samples, d, name) for d in os.listdir(samples)
                  if os.path.exists(os.path.join(samples, d, name)))


def sample_sections(path):
    """The "### devid=BDF" sections of debugfs-amd-devtbl-irqtbl-all-devices.txt."""
    text = read(path).decode()
    for m in re.finditer(r"### devid=(\S+)\n(.*?)(?=^### |\Z)", text, re.S | re.M):
        yield m.group(1), m.group(2).encode()


shutil.rmtree(out, ignore_errors=True)
trees = ["qemu73-stock", "qemu73-ir", "qemu73-v2", "qemu73-identity"]

for t in trees:
    d = os.path.join(fix, t, DBG)
    put("devtbl", t, devid("0000:00:02.0") + read(os.path.join(d, "devtbl")))
    put("mmio", t, struct.pack("<H", 0x18) + read(os.path.join(d, "iommu00/mmio")))
    put("features", t, b"\x07\x03" + read(os.path.join(fix, t, "sys/class/iommu/ivhd0/amd-iommu/features")))
    put("features", t + "-cap", b"\x07\x03" + read(os.path.join(fix, t, "sys/class/iommu/ivhd0/amd-iommu/cap")))
    if os.path.exists(os.path.join(d, "irqtbl")):
        put("irqtbl", t, devid("0000:00:02.0") + read(os.path.join(d, "irqtbl")))
    kmsg = os.path.join(fix, t, "dev/kmsg")
    if os.path.exists(kmsg):
        put("kmsg", t, read(kmsg))
    for dev in sorted(os.listdir(os.path.join(fix, t, "sys/bus/pci/devices"))):
        put("bdf", dev, dev.encode() + b"\n")
# The command buffer is 21 KB: keep the head/tail line and 40 commands.
cmdbuf = read(os.path.join(fix, "qemu73-ir", DBG, "iommu00/cmdbuf")).split(b"\n")
put("cmdbuf", "qemu73-ir", b"\n".join(cmdbuf[:41]) + b"\n")
put("cmdbuf", "qemu73-ir-tail", b"\n".join(cmdbuf[:1] + cmdbuf[-40:]))
# The historical `features` formats: EFR only (3.17-5.19), EFR2:EFR (6.0-6.x).
put("features", "efr-5.15", b"\x05\x0f" + b"17000f000069d3\n")
put("features", "efr2-efr-6.5", b"\x06\x05" + b"8:17000f000059d3\n")
put("bdf", "short", b"00:1f.2")

for i, f in enumerate(sample_files("debugfs-amd-devtbl-irqtbl-all-devices.txt")[:3]):
    for bdf, sec in sample_sections(f):
        put("irqtbl", "sample%d-%s" % (i, bdf.replace(":", "_")), devid(bdf) + sec)
for i, f in enumerate(sample_files("debugfs-amd-mmio.txt")[:2]):
    put("mmio", "sample%d" % i, struct.pack("<H", 0x18) + read(f))
for i, f in enumerate(sample_files("debugfs-amd-iommu00-cmdbuf.txt")[:1]):
    put("cmdbuf", "sample%d" % i, b"\n".join(read(f).split(b"\n")[:41]))
for f in sample_files("sysfs-ivhd0-amd-iommu-features.txt")[:4]:
    put("features", "sample-" + os.path.basename(os.path.dirname(f)), b"\x07\x03" + read(f))
if samples:
    # uevents.txt is one "UEVENT: K=V ..." line per event: rebuild the
    # kernel's "action@devpath\0KEY=value\0..." messages.
    ue = os.path.join(samples, "uevent-vfio-bind", "uevents.txt")
    for i, line in enumerate(read(ue).decode().splitlines()):
        kv = dict(w.split("=", 1) for w in line.split()[1:] if "=" in w)
        if "ACTION" in kv and "DEVPATH" in kv:
            body = "%s@%s\0" % (kv["ACTION"], kv["DEVPATH"])
            body += "".join("%s=%s\0" % (k, v) for k, v in kv.items() if v)
            put("uevent", "vfio-bind-%d" % i, body.encode() + b"SEQNUM=%d\0" % (1000 + i))

# The command line: the examples of the README and the man page.
for i, args in enumerate([
        ["status"], ["-p", "status"], ["--root", "tests/fixtures/qemu73-stock", "show", "devices"],
        ["show", "devices", "0000:00:02.0", "--iommu", "ivhd0", "--group", "1", "--driver", "vfio-pci"],
        ["-j", "show", "dte", "00:02.0"], ["show", "irt", "0000:00:02.0"], ["show", "cmdbuf", "ivhd0", "-v"],
        ["alloc", "--device", "0000:00:02.0", "--pasid", "--dirty-tracking", "--map", "2M", "--hold=10"],
        ["alloc", "-d", "00:02.0", "--flags", "0x3", "--bind-vfio", "-y", "-n", "--matrix"],
        ["snapshot", "-o", "snap"], ["snapshot", "--info", "snap"], ["--snapshot", "snap", "show", "events"],
        ["monitor", "--count", "3", "--timeout", "60"], ["help", "show", "devices"], ["show", "--help"]]):
    put("cli", "args%02d" % i, "\n".join(args).encode())

# A real snapshot (the tool writes it from a fixture tree).
exe = os.path.join(top, "amdiommuctl")
if os.access(exe, os.X_OK):
    snap = subprocess.run([exe, "--root", os.path.join(fix, "qemu73-stock"), "snapshot"],
                          check=True, stdout=subprocess.PIPE).stdout
    put("snapshot", "qemu73-stock", snap)

# fuzz-sysfs: the files it replaces, in its order, NUL-separated (config last).
SYSFS = ["proc/sys/kernel/osrelease", "proc/cmdline", "sys/kernel/security/lockdown",
         "sys/class/iommu/ivhd0/amd-iommu/features", "sys/class/iommu/ivhd0/amd-iommu/cap",
         "sys/kernel/iommu_groups/1/type", "sys/bus/pci/devices/0000:00:02.0/vendor",
         "sys/bus/pci/devices/0000:00:02.0/device", "sys/bus/pci/devices/0000:00:02.0/class",
         DBG + "/devtbl", DBG + "/irqtbl", DBG + "/iommu00/mmio", DBG + "/iommu00/cmdbuf",
         "dev/kmsg", "proc/interrupts", "proc/cpuinfo", "sys/bus/pci/devices/0000:00:02.0/config"]
for t in ["qemu73-ir", "qemu73-v2"]:
    fields = []
    for p in SYSFS:
        f = os.path.join(fix, t, p)
        data = read(f) if os.path.exists(f) else b""
        if p.endswith("cmdbuf"):
            data = b"\n".join(data.split(b"\n")[:20]) + b"\n"
        fields.append(data)
    put("sysfs", t, b"\0".join(fields))

# fuzz-ivrs: the synthetic tables of tests/fixtures/ivrs (gen-ivrs.py; the
# real corpus never goes into the repository), one as acpidump text, and a
# command line with each ivrs_* form.
ivrs_dir = os.path.join(fix, "ivrs")
for name in sorted(os.listdir(ivrs_dir)):
    put("ivrs", name, read(os.path.join(ivrs_dir, name)))
table = read(os.path.join(ivrs_dir, "laptop-all.bin"))
lines = ["IVRS @ 0x00000000bbf6e000"]
for off in range(0, len(table), 16):
    chunk = table[off:off + 16]
    lines.append("    %04X: %-47s  %s" % (off, " ".join("%02X" % b for b in chunk),
                                        "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)))
put("ivrs", "laptop-all.acpidump.txt", ("\n".join(lines) + "\n\n").encode())
put("ivrs", "cmdline.txt", b"ro ivrs_ioapic=4@0000:00:14.0 ivrs_ioapic[5]=00:00.1 "
    b"ivrs_hpet=0@00:14.0 ivrs_acpihid=AMDI0020:0@0000:00:14.5 ivrs_acpihid[00:14.7]=AMDI0095:01 -- init")
