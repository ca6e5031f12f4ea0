#!/usr/bin/python3
"""Times python-hl7 on the benchmark messages with the same reads TypedAccess does; prints JSON rates.

Usage: python_parse_rate.py SECONDS ORM_FILE ORU_FILE
"""
import json
import sys
import time

import hl7


def read_orm(text):
    m = hl7.parse(text)
    pid = m.segment("PID")
    work = len(str(pid[3][0][0])) + len(str(pid[5][0][0])) + int(str(pid[7])[6:8])
    for orc in m.segments("ORC"):
        work += len(str(orc[2][0][0]))
    for obr in m.segments("OBR"):
        work += len(str(obr[4][0][0])) + len(str(obr[18]))
    for zds in m.segments("ZDS"):
        work += len(str(zds[1][0][0]))
    return work


def read_oru(text):
    m = hl7.parse(text)
    work = len(str(m.segment("PID")[3][0][0]))
    for obr in m.segments("OBR"):
        work += len(str(obr[18]))
    for obx in m.segments("OBX"):
        work += len(m.unescape(str(obx[5]))) + len(str(obx[11]))
    return work


def rate(function, text, seconds):
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(10):
            function(text)
        count += 10
    return count / (time.perf_counter() - start)


def main():
    seconds = float(sys.argv[1])
    orm = open(sys.argv[2], "rb").read().decode("latin-1")
    oru = open(sys.argv[3], "rb").read().decode("utf-8")
    print(json.dumps({"orm": rate(read_orm, orm, seconds), "oru": rate(read_oru, oru, seconds)}))


if __name__ == "__main__":
    main()
