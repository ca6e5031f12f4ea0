"""python-hl7 as the independent peer for HL7 batches.

parse FILE             read an acknowledgement batch (FHS/BHS ...) with hl7.parse_file and print it as JSON
send HOST PORT FILE    send FILE's bytes as one MLLP block with hl7.mllp, read the one block answered, print it as JSON
"""
import asyncio
import json
import sys

import hl7
import hl7.mllp


def field(segment, number):
    # python-hl7 numbers header fields like MSH: segment[1] is the field separator, segment[2] the encoding characters.
    try:
        return str(segment[number])
    except (IndexError, KeyError):
        return ""


def view(data):
    text = data.decode("latin-1")
    parsed = hl7.parse_file(text)
    batches = []
    for batch in parsed:
        messages = []
        for message in batch:
            msa = message.segment("MSA")
            errors = [str(s) for s in message if str(s[0]) == "ERR"]
            messages.append({
                "type": str(message.segment("MSH")[9]),
                "code": field(msa, 1),
                "controlId": field(msa, 2),
                "errors": errors,
            })
        batches.append({
            "header": [field(batch.header, n) for n in range(0, 13)] if batch.header else None,
            "trailer": [field(batch.trailer, n) for n in range(0, 3)] if batch.trailer else None,
            "messages": messages,
        })
    has_file = text.lstrip().startswith("FHS")
    return {
        "file": [field(parsed.header, n) for n in range(0, 13)] if has_file and parsed.header else None,
        "fileTrailer": [field(parsed.trailer, n) for n in range(0, 3)] if has_file and parsed.trailer else None,
        "batches": batches,
    }


async def send(host, port, data):
    reader, writer = await hl7.mllp.open_hl7_connection(host, int(port), limit=64 * 1024 * 1024)
    try:
        writer.writeblock(data)
        await writer.drain()
        return await asyncio.wait_for(reader.readblock(), 120)
    finally:
        writer.close()


def main():
    if sys.argv[1] == "parse":
        data = open(sys.argv[2], "rb").read()
    else:
        data = asyncio.run(send(sys.argv[2], sys.argv[3], open(sys.argv[4], "rb").read()))
    print(json.dumps(view(data)))


main()
