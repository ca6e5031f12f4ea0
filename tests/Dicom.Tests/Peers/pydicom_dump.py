#!/usr/bin/python3
"""Dumps DICOM files as pydicom reads them, as JSON on stdout, for the C# comparison test.

Usage: /usr/bin/python3 pydicom_dump.py FILE...

For each file: the transfer syntax, whether pydicom reported it broken (an exception) and the warnings it gave, and
every element of the File Meta Information and the data set: tag, VR (after pydicom's correction of ambiguous VRs),
values (decoded text, numbers as repr strings, person names with their component groups), sequences with their
items, encapsulated pixel data as fragment lengths and SHA-256 digests, other binary values as length and digest.
"""
import base64
import hashlib
import json
import logging
import struct
import sys
import warnings

import pydicom
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName

TEXT_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
NUMBER_VRS = {"US", "SS", "UL", "SL", "FL", "FD", "UV", "SV"}


class Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def digest(data):
    return {"length": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def number_text(value):
    if isinstance(value, float):
        return repr(value)
    return str(int(value))


def as_list(value):
    if value is None or value == "" or value == b"":
        return []
    if isinstance(value, (MultiValue, list, tuple)):
        return list(value)
    return [value]


def fragments(data, little_endian=True):
    """Splits an encapsulated value (items, then a sequence delimiter) into its item values."""
    items = []
    offset = 0
    while offset + 8 <= len(data):
        group, element, length = struct.unpack("<HHI", data[offset:offset + 8])
        offset += 8
        if (group, element) == (0xFFFE, 0xE0DD):
            break
        items.append(data[offset:offset + length])
        offset += length
    return items


def name_components(name):
    """The three component groups of a person name, each as its five components."""
    groups = list(name.components if isinstance(name, PersonName) else PersonName(name).components)
    groups += [""] * (3 - len(groups))
    return [(str(g).split("^") + [""] * 5)[:5] if len(str(g).split("^")) <= 5 else str(g).split("^") for g in groups[:3]]


def vr_code(vr):
    return str(getattr(vr, "value", vr))


def text_value(elem, value):
    if elem.VR in ("DS", "IS"):
        original = getattr(value, "original_string", None)
        return original if original is not None else str(value)
    return str(value)


def dump_element(elem, little_endian):
    vr = vr_code(elem.VR)
    out = {"tag": "%08X" % int(elem.tag), "vr": vr}
    value = elem.value
    if vr == "SQ":
        out["items"] = [dump_dataset(item, little_endian) for item in value]
        return out
    if elem.tag == 0x7FE00010 and getattr(elem, "is_undefined_length", False):
        items = fragments(value)
        out["offset_table"] = digest(items[0]) if items else digest(b"")
        out["fragments"] = [digest(f) for f in items[1:]]
        return out
    if vr == "PN":
        names = as_list(value)
        out["strings"] = [str(n) for n in names]
        out["pn"] = [name_components(n) for n in names]
        return out
    if vr in TEXT_VRS:
        if isinstance(value, bytes):
            out["raw"] = digest(value)
        else:
            out["strings"] = [text_value(elem, v) for v in as_list(value)]
        return out
    if vr in NUMBER_VRS:
        if isinstance(value, bytes):
            out["raw"] = digest(value)
        else:
            out["numbers"] = [number_text(v) for v in as_list(value)]
        return out
    if vr == "AT":
        out["tags"] = ["%08X" % int(v) for v in as_list(value)]
        return out
    if isinstance(value, bytes):
        out["bytes"] = digest(value)
    elif value is None:
        out["bytes"] = digest(b"")
    else:
        out["other"] = repr(value)
    return out


def dump_dataset(ds, little_endian):
    elements = []
    for tag in sorted(ds.keys()):
        try:
            elem = ds[tag]
            elements.append(dump_element(elem, little_endian))
        except Exception as exc:  # pydicom could not convert this element's value
            raw = ds.get_item(tag)
            elements.append({"tag": "%08X" % int(tag), "vr": vr_code(getattr(raw, "VR", None)), "error": "%s: %s" % (type(exc).__name__, exc)})
    return elements


def dump_file(path):
    collector = Collector()
    logger = logging.getLogger("pydicom")
    logger.addHandler(collector)
    result = {"path": path}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = pydicom.dcmread(path, force=True)
            meta = getattr(ds, "file_meta", None)
            little = ds.is_little_endian if ds.is_little_endian is not None else True
            result["transfer_syntax"] = str(meta.get("TransferSyntaxUID", "")) if meta is not None and "TransferSyntaxUID" in meta else None
            result["meta"] = dump_dataset(meta, True) if meta is not None else []
            result["dataset"] = dump_dataset(ds, little)
            result["status"] = "ok"
        except Exception as exc:
            result["status"] = "error"
            result["error"] = "%s: %s" % (type(exc).__name__, exc)
    logger.removeHandler(collector)
    result["warnings"] = [str(w.message) for w in caught] + collector.records
    return result


def main():
    print(json.dumps([dump_file(path) for path in sys.argv[1:]], indent=None))


if __name__ == "__main__":
    main()
