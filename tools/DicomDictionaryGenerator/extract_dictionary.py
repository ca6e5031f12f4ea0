#!/usr/bin/python3
"""Extracts the DICOM data dictionary facts (PS3.6) into the TSV files the C# generator reads.

Sources (Debian 12 packages, see input/PROVENANCE.md):
  * python3-pydicom 2.3.1: pydicom/_dicom_dict.py (PS3.6 data elements and repeating groups),
    pydicom/_uid_dict.py (PS3.6 Annex A UIDs), pydicom/_private_dict.py (vendor private tags).
  * dcmtk 3.6.7: /usr/share/libdcmtk17/dicom.dic (PS3.6 2022b), used for standard entries pydicom lacks.

Only facts are taken (tag, VR, VM, keyword, name, retired flag; UID, name, type, keyword): no code.
Run with Debian's python: /usr/bin/python3 tools/DicomDictionaryGenerator/extract_dictionary.py
"""
import os
import re
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary  # noqa: E402
from pydicom._private_dict import private_dictionaries  # noqa: E402
from pydicom._uid_dict import UID_dictionary  # noqa: E402

DCMTK_DICTIONARY = "/usr/share/libdcmtk17/dicom.dic"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "input")


def clean(text):
    return text.replace("\t", " ").replace("\n", " ").strip()


def vr_list(vr):
    # pydicom writes alternatives as "OB or OW" (and once "OB_OW"); the generator wants "OB/OW".
    return "/".join(part.strip() for part in re.split(r" or |_", vr) if part.strip())


def split_camel(keyword):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", keyword)


def dcmtk_entries():
    entries = {}
    with open(DCMTK_DICTIONARY, encoding="latin-1") as handle:
        for line in handle:
            if not line.startswith("("):
                continue
            fields = [f for f in line.rstrip("\n").split("\t") if f]
            tag, vr, keyword, vm, version = fields[:5]
            match = re.fullmatch(r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)", tag)
            if match and version in ("DICOM", "DICOM/retired"):
                entries[(int(match.group(1), 16) << 16) | int(match.group(2), 16)] = (vr, vm, keyword, version)
    return entries


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for tag, (vr, vm, name, retired, keyword) in DicomDictionary.items():
        rows.append(("(%04X,%04X)" % (tag >> 16, tag & 0xFFFF), vr_list(vr), vm, keyword, clean(name),
                     "Y" if retired else "N", "pydicom"))
    for mask, (vr, vm, name, retired, keyword) in RepeatersDictionary.items():
        rows.append(("(%s,%s)" % (mask[:4].upper().replace("X", "x"), mask[4:].upper().replace("X", "x")),
                     vr_list(vr), vm, keyword, clean(name), "Y" if retired else "N", "pydicom"))
    known = set(DicomDictionary)
    added = 0
    for tag, (vr, vm, keyword, version) in sorted(dcmtk_entries().items()):
        if tag in known or keyword.startswith("RETIRED_"):
            continue  # DCMTK lists the repeating groups again as single tags; pydicom's masks cover them.
        rows.append(("(%04X,%04X)" % (tag >> 16, tag & 0xFFFF), vr, vm, keyword, split_camel(keyword),
                     "Y" if version.endswith("retired") else "N", "dcmtk"))
        added += 1
    rows.sort(key=lambda r: r[0].replace("x", "0"))
    with open(os.path.join(OUT, "elements.tsv"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write("# Tag\tVR\tVM\tKeyword\tName\tRetired\tSource\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")

    with open(os.path.join(OUT, "uids.tsv"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write("# UID\tName\tType\tKeyword\tRetired\n")
        for uid, (name, kind, _info, retired, keyword) in sorted(UID_dictionary.items()):
            handle.write("\t".join((uid, clean(name), clean(kind), keyword, "Y" if retired else "N")) + "\n")

    skipped = 0
    private_rows = []
    for creator, entries in private_dictionaries.items():
        for mask, (vr, vm, name, retired) in entries.items():
            if not re.fullmatch(r"[0-9A-Fa-f]{4}xx[0-9A-Fa-f]{2}", mask):
                skipped += 1  # a handful of entries fix the block byte or wildcard the element; not representable
                continue
            private_rows.append((clean(creator), "(%s,xx%s)" % (mask[:4].upper(), mask[6:].upper()), vr_list(vr), vm,
                                 clean(name), "Y" if retired else "N"))
    private_rows.sort()
    with open(os.path.join(OUT, "private-elements.tsv"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write("# Creator\tTag\tVR\tVM\tName\tRetired\n")
        for row in private_rows:
            handle.write("\t".join(row) + "\n")
    print(f"elements: {len(rows)} ({added} from DCMTK), uids: {len(UID_dictionary)}, "
          f"private: {len(private_rows)} (skipped {skipped})")


if __name__ == "__main__":
    main()
