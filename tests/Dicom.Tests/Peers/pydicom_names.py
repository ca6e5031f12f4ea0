#!/usr/bin/python3
"""Prints, as JSON, how pydicom decodes the Patient's Name and Study Description of each file: {path: [name, description]}."""
import json
import sys
import warnings

import pydicom


def main():
    warnings.simplefilter("error")  # an unknown charset or undecodable byte must show up as a failure
    out = {}
    for path in sys.argv[1:]:
        ds = pydicom.dcmread(path)
        out[path] = [str(ds.PatientName), str(ds.get("StudyDescription", ""))]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
