#!/usr/bin/python3
"""Times pydicom reading one file N times in this process: prints files per second.

Usage: /usr/bin/python3 pydicom_timing.py header|full FILE N
"""
import sys
import time

import pydicom


def main():
    mode, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    header_only = mode == "header"
    for _ in range(min(count, 20)):  # warm up
        pydicom.dcmread(path, stop_before_pixels=header_only)
    start = time.perf_counter()
    for _ in range(count):
        ds = pydicom.dcmread(path, stop_before_pixels=header_only)
    elapsed = time.perf_counter() - start
    assert len(ds) > 0
    print("%.3f" % (count / elapsed))


if __name__ == "__main__":
    main()
