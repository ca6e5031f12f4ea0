"""Sends HL7 messages over MLLP inside TLS with python-hl7's asyncio client (an independent peer for secure MLLP).

Usage: mllp_tls_send.py HOST PORT CAFILE MESSAGEFILE [CLIENTCERT CLIENTKEY]
MESSAGEFILE holds one message per line, segments separated by '\\r' written literally as the two characters \\r.
The server's certificate must chain to CAFILE and name HOST. Each ACK is printed on one line with segments
separated by '|CR|'. Exit code 0 when every message was acknowledged, 2 when TLS or the connection failed.
"""
import asyncio
import ssl
import sys

import hl7
from hl7.mllp import open_hl7_connection

HOST, PORT, CAFILE, MESSAGES = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
CLIENT = sys.argv[5:7]


async def main():
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=CAFILE)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if CLIENT:
        context.load_cert_chain(CLIENT[0], CLIENT[1])
    with open(MESSAGES, encoding="utf-8") as source:
        messages = [line.rstrip("\n").replace("\\r", "\r") for line in source if line.strip()]
    try:
        reader, writer = await open_hl7_connection(HOST, PORT, ssl=context)
    except (ssl.SSLError, ConnectionError, OSError) as failure:
        print(f"TLS/connection failed: {failure}", file=sys.stderr)
        return 2
    try:
        for text in messages:
            writer.writemessage(hl7.parse(text))
            await writer.drain()
            ack = await asyncio.wait_for(reader.readmessage(), 30)
            print(str(ack).replace("\r", "|CR|"), flush=True)
    except (ssl.SSLError, ConnectionError, asyncio.IncompleteReadError) as failure:
        print(f"TLS/connection failed: {failure}", file=sys.stderr)
        return 2
    finally:
        writer.close()
    return 0


sys.exit(asyncio.run(main()))
