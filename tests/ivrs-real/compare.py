#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The real-data tier: decode each table of the IVRS corpus with DUMP (a
program printing the decoder's JSON, see run.sh) and compare

  1. every field the decoder produces with the field iasl 20260408 prints
     for it (regen/NAME.iasl20260408.dsl, an independent decoder: its text
     is parsed here, its values are hex);
  2. the IOAPIC findings with the same machine's MADT (madt-ioapic-ids.json:
     a MADT is built from it and given to DUMP) and with an independent
     computation from the iasl text, INDEX.tsv's notes and the README's list
     of known defects;
  3. the other known defects the README lists.

Prints TAP, and the field counts at the end.

    compare.py DUMP DATA_DIR
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

DUMP, DATA = sys.argv[1], sys.argv[2]
WRAP = os.environ.get("AMDIOMMUCTL_WRAPPER", "").split()

n_test = 0
n_fail = 0


def ok(cond, name, diag=()):
    global n_test, n_fail
    n_test += 1
    if not cond:
        n_fail += 1
    print("%sok %d - %s" % ("" if cond else "not ", n_test, name))
    for d in diag:
        print("#   " + d)


# ---- iasl text ---------------------------------------------------------------

FIELD = re.compile(r"^\[([0-9A-F]+)h (\d+) +([0-9A-F]+)h\] +(.*?) : (.*)$")
BIT = re.compile(r"^ {20,}(\S.*?) : (\S+)\s*$")


def value(text):
    m = re.match(r'^"(.*?)"', text)
    return m.group(1) if m else text.split()[0]


def parse_dsl(path):
    """[(offset, size, label, value, [(bit label, value)], kind)], stopped (bool)."""
    fields = []
    stopped = False
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("Raw Table Data"):
                break
            if "****" in line:
                stopped = True
                continue
            m = FIELD.match(line.rstrip("\n"))
            if m:
                off, size = int(m.group(1), 16), int(m.group(3), 16)
                fields.append([off, size, m.group(4).strip(), value(m.group(5)), [], m.group(5)])
                continue
            m = BIT.match(line.rstrip("\n"))
            if m and fields:
                fields[-1][4].append((m.group(1), m.group(2)))
    return fields, stopped


# ---- the decoder's JSON, by structure offset ---------------------------------

def index(doc):
    """offset -> (kind, object, segment)."""
    ivrs = doc["ivrs"]
    idx = {0: ("header", ivrs["header"], 0)}
    for h in ivrs["ivhds"]:
        idx[h["offset"]] = ("ivhd", h, h["segment"] or 0)
        for e in h["entries"]:
            idx[e["offset"]] = ("entry", e, h["segment"] or 0)
    for m in ivrs["ivmds"]:
        idx[m["offset"]] = ("ivmd", m, m["segment"] or 0)
    for o in ivrs["unknown_subtables"]:
        idx[o["offset"]] = ("unknown", o, 0)
    return idx


HEADER = {"Signature": ("signature", "str"), "Table Length": ("length", "int"),
          "Revision": ("revision", "int"), "Checksum": ("checksum", "hex"),
          "Oem ID": ("oem_id", "str"), "Oem Table ID": ("oem_table_id", "str"),
          "Oem Revision": ("oem_revision", "int"), "Asl Compiler ID": ("creator_id", "str"),
          "Asl Compiler Revision": ("creator_revision", "int"),
          "Virtualization Info": ("ivinfo", "hex"), "Reserved": ("reserved", "hex")}
IVHD = {"Subtable Type": ("type", "int"), "Flags (decoded below)": ("flags", "hex"),
        "Length": ("length", "int"), "DeviceId": ("bdf", "bdf"),
        "Capability Offset": ("capability_offset", "int"), "Base Address": ("base_address", "hex"),
        "PCI Segment Group": ("segment", "int"), "Virtualization Info": ("info", "hex"),
        "Feature Reporting": ("feature_reporting", "hex"), "Attributes": ("attributes", "hex"),
        "EFR Image": ("efr_image", "hex"), "Reserved": ("efr2_image", "hex")}
IVHD_BITS = {"HtTunEn": "ht_tun_en", "PassPW": "pass_pw", "ResPassPW": "res_pass_pw",
             "Isoc Control": "isoc", "Iotlb Support": "iotlb_sup", "Coherent": "coherent",
             "Prefetch Support": "pref_sup", "PPR Support": "ppr_sup"}
ENTRY = {"Subtable Type": ("type", "int"), "Device ID": ("bdf", "bdf"),
         "Data Setting (decoded below)": ("dte_setting", "hex"), "Handle": ("handle", "int"),
         "Variety": ("variety", "int"), "ACPI HID": ("hid", "str"), "ACPI CID": ("cid_raw", "hex"),
         "UID Format": ("uid_format", "int"), "UID Length": ("uid_length", "int"),
         "UID": ("uid", "str"), "Extended Data": ("ext_setting", "hex")}
DTE_BITS = {"INITPass": "init_pass", "EIntPass": "eint_pass", "NMIPass": "nmi_pass",
            "System MGMT": "sysmgt", "LINT0 Pass": "lint0_pass", "LINT1 Pass": "lint1_pass"}
IVMD = {"Subtable Type": ("type", "int"), "Flags (decoded below)": ("flags", "hex"),
        "Length": ("length", "int"), "DeviceId": ("bdf", "bdf"),
        "Auxiliary Data": ("aux_data", "hex"), "Start Address": ("start_address", "hex"),
        "Memory Length": ("memory_length", "int")}
IVMD_BITS = {"Unity": "unity", "Readable": "read", "Writeable": "write",
             "Exclusion Range": "exclusion_range"}


def same(mine, kind, theirs, seg):
    if mine is None:
        return False
    if kind == "str":
        return mine == theirs
    v = int(theirs, 16)
    if kind == "bdf":
        return mine == "%04x:%02x:%02x.%x" % (seg, v >> 8, v >> 3 & 31, v & 7)
    if kind == "hex":
        return int(mine, 16) == v
    return int(mine) == v


def mapping(kind, obj, label, rel):
    """(json key, compare kind) or (None, why not)."""
    if kind == "header":
        return HEADER.get(label, (None, "unmapped"))
    if kind == "ivhd":
        if label == "Reserved" and rel != 0x20:
            return None, "reserved"
        return IVHD.get(label, (None, "unmapped"))
    if kind == "entry":
        t = obj["type"]
        if label == "Device ID" and t == 0x48:
            return None, "reserved"          # bytes 1-2 of a special entry
        if label == "Source Used Device ID":
            return ("bdf", "bdf") if t == 0x48 else ("alias_bdf", "bdf")
        if label == "Reserved":
            return None, "reserved"
        return ENTRY.get(label, (None, "unmapped"))
    if kind == "ivmd":
        if label == "DeviceId" and obj["type"] == 0x20:
            return None, "reserved"          # IVMD 20h: no device
        if label == "Reserved":
            return "reserved8", "ivmd_reserved"
        return IVMD.get(label, (None, "unmapped"))
    return None, "unmapped"


def compare_fields(name, doc, dsl):
    fields, stopped = parse_dsl(dsl)
    idx = index(doc)
    start, kind, obj, seg = 0, "header", idx[0][1], 0
    counts = dict(compared=0, equal=0, skipped=0, unmapped=0)
    diffs, seen = [], {0}
    for off, size, label, val, bits, raw in fields:
        if label == "Subtable Type":
            if off not in idx:
                diffs.append("iasl has a structure at 0x%x, the decoder has none" % off)
                kind = None
                continue
            start, (kind, obj, seg) = off, idx[off]
            seen.add(off)
        if kind is None:
            continue
        key, how = mapping(kind, obj, label, off - start)
        if key is None:
            counts["skipped" if how == "reserved" else "unmapped"] += 1
            if how != "reserved":
                diffs.append("0x%x %s: no decoder field" % (off, label))
        elif how == "ivmd_reserved":
            counts["compared"] += 1
            mine = (obj["segment"] or 0) | int(obj["reserved"], 16) << 16
            if mine == int(val, 16):
                counts["equal"] += 1
            else:
                diffs.append("0x%x %s: iasl %s, decoder segment %s reserved %s" %
                             (off, label, val, obj["segment"], obj["reserved"]))
        else:
            counts["compared"] += 1
            if same(obj.get(key), how, val, seg):
                counts["equal"] += 1
            else:
                diffs.append("0x%x %s: iasl %s, decoder %s=%r" % (off, label, val, key, obj.get(key)))
        bitmap = IVHD_BITS if kind == "ivhd" else DTE_BITS if kind == "entry" else \
            IVMD_BITS if kind == "ivmd" else {}
        for blabel, bval in bits:
            bkey = bitmap.get(blabel)
            if bkey is None:
                counts["skipped"] += 1      # the reserved DTE bit 3
                continue
            counts["compared"] += 1
            if obj.get(bkey) is not None and int(obj[bkey]) == int(bval, 16):
                counts["equal"] += 1
            else:
                diffs.append("0x%x %s.%s: iasl %s, decoder %s=%r" % (off, label, blabel, bval, bkey, obj.get(bkey)))
    last = max(seen)
    beyond = sorted(o for o in idx if o not in seen)
    missing = [o for o in beyond if o < last or not stopped]
    for o in missing:
        diffs.append("the decoder has a structure at 0x%x that iasl does not print" % o)
    counts["not_in_iasl"] = len(beyond) - len(missing)
    counts["structures"] = len(seen)
    return counts, diffs


# ---- the decoder's own values iasl does not show --------------------------

def decoded_only(doc):
    """Fields of the decoder iasl has no line for (bit fields, derived forms)."""
    n = 0
    extra_ivhd = ("msi_number", "unit_id", "xt_sup", "nx_sup", "gt_sup", "glx_sup", "ia_sup",
                  "ga_sup", "he_sup", "pas_max", "pn_counters", "pn_banks", "msi_num_ppr",
                  "gats", "hats", "hat_dis")
    h = doc["ivrs"]["header"]
    n += sum(h[k] is not None for k in ("efr_sup", "dma_remap_sup", "gva_size", "pa_size",
                                        "va_size", "ht_ats_reserved"))
    for v in doc["ivrs"]["ivhds"]:
        n += sum(v[k] is not None for k in extra_ivhd)
        for e in v["entries"]:
            n += sum(e[k] is not None for k in ("hid_raw", "cid", "uid_int", "uid_kernel",
                                                "ats_disabled", "variety_name"))
    for m in doc["ivrs"]["ivmds"]:
        n += m["bdf_last"] is not None
    return n


# ---- IOAPIC expectations ---------------------------------------------------

def madt_bytes(ioapics):
    body = struct.pack("<II", 0xfee00000, 1) + b"".join(
        struct.pack("<BBBBII", 1, 12, io["id"], 0, io["addr"], io["gsi"]) for io in ioapics)
    t = bytearray(b"APIC" + struct.pack("<IBB6s8sI4sI", 36 + len(body), 4, 0, b"TESTOE",
                                        b"TESTTABL", 1, b"TEST", 1) + body)
    t[9] = (-sum(t)) & 0xff
    return bytes(t)


def iasl_specials(dsl):
    """The IOAPIC special entries of the IVHDs 7.3 uses, from the iasl text:
    get_highest_supported_ivhd_type() over the subtables iasl prints."""
    fields, _ = parse_dsl(dsl)
    subs, cur = [], None
    for off, size, label, val, bits, raw in fields:
        if label == "Subtable Type" and ("Definition Block" in raw or "Unknown IVRS" in raw):
            cur = {"off": off, "type": int(val, 16), "devid": None, "entries": []}
            subs.append(cur)
        elif label == "Subtable Type" and cur is not None:
            cur["entries"].append({"type": int(val, 16)})
        elif cur is not None and label == "DeviceId" and cur["devid"] is None:
            cur["devid"] = int(val, 16)
        elif cur is not None and cur["entries"]:
            cur["entries"][-1][label] = int(val, 16) if re.fullmatch(r"[0-9A-Fa-f]+", val) else val
    last = subs[0]["type"]
    for s in subs:
        if s["type"] > 0x40:
            break
        if s["devid"] == subs[0]["devid"]:
            last = s["type"]
    out = []
    for s in subs:
        if s["type"] != last:
            continue
        for e in s["entries"]:
            if e["type"] == 0x48 and e.get("Variety") == 1:
                out.append((e["Handle"], e["Source Used Device ID"]))
    return out


def index_notes():
    notes = {}
    with open(os.path.join(DATA, "INDEX.tsv")) as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(head, line.rstrip("\n").split("\t")))
            notes[row["name"]] = row["notes"]
    return notes


def ids(text, pattern):
    m = re.search(pattern, text)
    return set(int(x) for x in m.group(1).split(",")) if m else set()


# The README's known defects (IOAPIC part): name -> (missing MADT ids, orphan
# handles, duplicated handles, no IOAPIC entry at all).
README = {
    "acer_aspire_a315_41": ({4, 5}, {33, 34}, set(), False),
    "asus_sabertooth_990fx": ({9, 10}, {0, 255}, set(), False),
    "gigabyte_a320m_s2h": ({1}, set(), {0}, False),
    "lenovo_ideapad_s145_15ast": ({4, 5}, set(), set(), True),
    "msi_ms7793": ({0}, set(), set(), True),
}


def run_dump(args):
    r = subprocess.run(WRAP + [DUMP] + args, capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr.strip()
    return json.loads(r.stdout), ""


def main():
    names = sorted(f[:-4] for f in os.listdir(DATA) if f.endswith(".bin"))
    madts = json.load(open(os.path.join(DATA, "madt-ioapic-ids.json")))
    notes = index_notes()
    total = dict(compared=0, equal=0, skipped=0, unmapped=0, not_in_iasl=0, structures=0)
    decoded = 0
    ioapic_checked = 0
    tmp = tempfile.mkdtemp(prefix="ivrs-real.")
    docs = {}
    for name in names:
        args = []
        ioapics = (madts.get(name) or {}).get("ioapics")
        if ioapics:
            p = os.path.join(tmp, name + ".apic")
            with open(p, "wb") as f:
                f.write(madt_bytes(ioapics))
            args = ["--madt", p]
        doc, err = run_dump(args + [os.path.join(DATA, name + ".bin")])
        ok(doc is not None, "%s: decodes" % name, [err] if err else [])
        if doc is None:
            continue
        docs[name] = doc
        dsl = os.path.join(DATA, "regen", name + ".iasl20260408.dsl")
        counts, diffs = compare_fields(name, doc, dsl)
        for k in total:
            total[k] += counts[k]
        decoded += decoded_only(doc)
        ok(not diffs and counts["compared"] == counts["equal"],
           "%s: %d fields equal iasl 20260408 (%d structures, %d reserved not compared, %d not printed by iasl)" %
           (name, counts["equal"], counts["structures"], counts["skipped"], counts["not_in_iasl"]),
           diffs[:10])
        # IOAPIC findings
        f = doc["findings"]
        mine_missing = {x["evidence"]["ioapic_id"] for x in f if x["rule"] == "ioapic_not_in_ivrs"}
        mine_orphan = {x["evidence"]["handle"] for x in f if x["rule"] == "ioapic_handle_not_in_madt"}
        mine_dup = {x["evidence"]["handle"] for x in f if x["rule"] == "special_handle_duplicate"
                    and x["evidence"].get("variety_name") == "ioapic"}
        mine_none = any(x["rule"] == "no_ioapic_entry" for x in f)
        specials = iasl_specials(dsl)
        handles = {h for h, d in specials}
        dup = {h for h in handles if len({d for hh, d in specials if hh == h}) > 1}
        if ioapics:
            madt_ids = {io["id"] for io in ioapics}
            exp = (madt_ids - handles, handles - madt_ids, dup, not handles)
            ioapic_checked += 1
        else:
            exp = (set(), set(), dup, not handles)
        got = (mine_missing, mine_orphan, mine_dup, mine_none)
        ok(got == exp, "%s: IOAPIC findings: MADT ids missing %s, handles not in MADT %s, duplicated %s, no entry %s" %
           (name, sorted(got[0]), sorted(got[1]), sorted(got[2]), got[3]),
           ["expected %s" % (exp,)] if got != exp else [])
        note = notes.get(name, "")
        if ioapics:
            idx_exp = (ids(note, r"MADT IOAPIC id\(s\) ([\d,]+) have no"),
                       ids(note, r"IVRS IOAPIC handle\(s\) ([\d,]+) not in MADT"),
                       ids(note, r"IOAPIC handle (\d+) used for"),
                       "no IOAPIC special entry" in note)
            ok(got == idx_exp, "%s: IOAPIC findings agree with INDEX.tsv notes" % name,
               ["INDEX: %s" % (idx_exp,)] if got != idx_exp else [])
        if name in README:
            ok(got == README[name], "%s: the README's known IOAPIC defect" % name)
    # acpidump's text of a table decodes as the table itself
    for name in names:
        txt = os.path.join(DATA, name + ".acpidump.txt")
        if not os.path.exists(txt):
            continue
        a, _ = run_dump([txt])
        b, _ = run_dump([os.path.join(DATA, name + ".bin")])
        ok(a is not None and a == b, "%s: the acpidump text decodes as the raw table" % name)
    # the README's other known defects
    t14 = [n for n in ("lenovo_thinkpad_l14_gen3", "lenovo_thinkpad_t14_gen3",
                       "lenovo_thinkpad_z16_gen1", "lenovo_yoga_slim7_14apu8") if n in docs]
    for n in t14:
        f = [x for x in docs[n]["findings"] if x["rule"] == "subtable_unknown"]
        ok(len(f) == 1 and f[0]["offset"] == 0x1c4 and f[0]["evidence"] == {"type": 0x51, "length": 0x20},
           "%s: type 51h subtable at 0x1c4 (32 bytes) reported and skipped" % n)
    if "lenovo_thinkpad_e495" in docs:
        hids = [e["hid"] for h in docs["lenovo_thinkpad_e495"]["ivrs"]["ivhds"]
                for e in h["entries"] if e["hid"]]
        ok("PNPD0040" in hids, "lenovo_thinkpad_e495: the F0h HID \"PNPD0040\" decoded as written")
    if "mechrevo_wujie14xa" in docs:
        d = docs["mechrevo_wujie14xa"]
        ones = [m for m in d["ivrs"]["ivmds"] if m["memory_length"] == 1]
        sub = [x for x in d["findings"] if x["rule"] == "ivmd_sub_page"]
        ok(ones and len(sub) == len(ones) and {x["offset"] for x in sub} == {m["offset"] for m in ones},
           "mechrevo_wujie14xa: %d IVMDs of length 1, each an ivmd_sub_page finding" % len(ones))
    if "asus_zenbook_s16_um5606wa" in docs:
        e = [e for h in docs["asus_zenbook_s16_um5606wa"]["ivrs"]["ivhds"] for e in h["entries"]
             if e["hid"] == "MSFT0201"]
        ok(e and e[-1]["uid_format"] == 1 and e[-1]["uid_length"] == 2 and e[-1]["uid_int"] == 1
           and e[-1]["uid_kernel"] == "1",
           "asus_zenbook_s16_um5606wa: the 2-byte integer UID iasl cannot decode is 1")
    if "dell_myrtle_efr_mismatch" in docs:
        d = docs["dell_myrtle_efr_mismatch"]
        used = [h for h in d["ivrs"]["ivhds"] if h["used"]]
        img = int(used[0]["efr_image"], 16) if used and used[0]["efr_image"] else 0
        ok(img >> 62 & 1, "dell_myrtle_efr_mismatch: the used EFR image has bit 62 set")
        hw = img & ~(1 << 62)
        doc, err = run_dump(["--mmio", "%x" % hw, "0", os.path.join(DATA, "dell_myrtle_efr_mismatch.bin")])
        want = "AMD-Vi: [Firmware Warn]: EFR mismatch. Use IVHD EFR (%#x : %#x), EFR2 (0x0 : 0x0)." % (hw, img)
        got = [x["driver_message"] for x in (doc or {}).get("findings", []) if x["rule"] == "efr_mismatch"]
        ok(got == [want], "dell_myrtle_efr_mismatch: with the MMIO EFR lacking bit 62 the driver logs \"EFR mismatch\"",
           ["got %s" % got, "want %s" % want] if got != [want] else [])
    print("# tables: %d, structures compared: %d" % (len(docs), total["structures"]))
    print("# fields compared with iasl: %d, equal: %d, reserved fields not compared: %d, unmapped: %d" %
          (total["compared"], total["equal"], total["skipped"], total["unmapped"]))
    print("# structures iasl does not print (after an unknown subtable or its early stop): %d" % total["not_in_iasl"])
    print("# decoded values iasl has no line for (bit fields, UID/HID forms): %d" % decoded)
    print("# tables with a MADT for the IOAPIC checks: %d" % ioapic_checked)
    print("1..%d" % n_test)
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
