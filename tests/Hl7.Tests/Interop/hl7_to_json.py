#!/usr/bin/python3
"""Parses HL7 files with python-hl7 (the independent implementation) and prints their structure as JSON.

Usage: hl7_to_json.py FILE...  ->  {"FILE": [[field, ...] per segment]} where every field is a list of repetitions,
every repetition a list of components and every component a list of subcomponent strings (raw, escapes kept).
python-hl7 splits segments on CR only, so LF and CRLF terminators are turned into CR first; the bytes are decoded
with the charset MSH-18 names (python-hl7 itself takes the encoding as an argument).
"""
import json
import sys

import hl7


def encoding_of(data):
    header = data.split(b"\r")[0].split(b"\n")[0]
    if b"8859/1" in header:
        return "latin-1"
    return "utf-8"


def nested(value, depth):
    """python-hl7 returns a plain string where a part has no separators; expand to `depth` list levels."""
    if depth == 0:
        return str(value)
    if isinstance(value, str):
        result = value
        for _ in range(depth):
            result = [result]
        return result
    return [nested(child, depth - 1) for child in value]


def convert(path):
    data = open(path, "rb").read()
    text = data.decode(encoding_of(data)).replace("\r\n", "\r").replace("\n", "\r")
    message = hl7.parse(text)
    return [[nested(field, 3) for field in segment] for segment in message]


def main(paths):
    json.dump({path: convert(path) for path in paths}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main(sys.argv[1:])
