#!/usr/bin/python3
"""Writes pydicom's DICOM JSON (PS3.18 Annex F, Dataset.to_json_dict) of each file: {path: json or {"error": ...}}.

Usage: /usr/bin/python3 pydicom_json.py FILE...
"""
import json
import sys
import warnings

import pydicom


def main():
    warnings.simplefilter("ignore")
    result = {}
    for path in sys.argv[1:]:
        try:
            ds = pydicom.dcmread(path, force=True)
            result[path] = {"meta": ds.file_meta.to_json_dict() if getattr(ds, "file_meta", None) is not None else {},
                            "dataset": ds.to_json_dict()}
        except Exception as exc:
            result[path] = {"error": "%s: %s" % (type(exc).__name__, exc)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
