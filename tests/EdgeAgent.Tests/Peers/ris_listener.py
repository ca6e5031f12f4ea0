"""A scripted RIS listener on python-hl7's asyncio MLLP server (an independent peer for the agent's outbound delivery).

Usage: ris_listener.py PORT LOGFILE SCRIPT [CERT KEY [CAFILE]]
With CERT and KEY the listener speaks MLLP inside TLS (secure MLLP); with CAFILE it also requires a client certificate
that chains to it.
SCRIPT is a comma-separated list of answers used one per received message, the last one repeating:
  AA, AE, AR, CA, CE, CR  answer with that acknowledgment code (MSA-2 = the message's MSH-10)
  timeout                 do not answer (hold the connection open)
  wrongid                 answer AA with a wrong MSA-2
  A+B                     answer with A, then with B (CA+AA: the commit ACK, then the application ACK)
  close                   (as a part: AA+close) close the connection
  conformant              answer as HL7 v2.5 2.9 asks: in enhanced mode (MSH-15/16 valued) CA when MSH-15 is AL, SU
                          or empty, nothing for NE/ER; in original mode AA, except that an ACK is never answered
Every received message is logged as one JSON line: {"n": ..., "answer": ..., "message": ...}.
"""
import asyncio
import json
import ssl
import sys

import hl7
from hl7.mllp import start_hl7_server

PORT = int(sys.argv[1])
LOG = sys.argv[2]
SCRIPT = sys.argv[3].split(",")
TLS = sys.argv[4:7]
received = 0


async def on_connection(reader, writer):
    global received
    try:
        while not writer.is_closing():
            message = await reader.readmessage()
            answer = SCRIPT[min(received, len(SCRIPT) - 1)]
            if answer == "conformant":
                answer = conformant_answer(message)
            received += 1
            with open(LOG, "a", encoding="utf-8") as log:
                log.write(json.dumps({"n": received, "answer": answer, "message": str(message)}) + "\n")
            if answer == "timeout":
                await asyncio.sleep(3600)
                continue
            if answer == "none":
                continue
            for part in answer.split("+"):
                if part == "close":
                    return
                if part == "wrongid":
                    ack = message.create_ack("AA")
                    ack.segment("MSA")[2] = "NOT-" + str(message.segment("MSH")[10])
                else:
                    ack = message.create_ack(part)
                writer.writemessage(ack)
                await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def conformant_answer(message):
    msh = message.segment("MSH")
    accept = str(msh[15]) if len(msh) > 15 else ""
    application = str(msh[16]) if len(msh) > 16 else ""
    if accept or application:
        return "CA" if accept in ("AL", "SU", "") else "none"
    return "none" if str(msh[9]).startswith("ACK") else "AA"


def tls_context():
    if not TLS:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(TLS[0], TLS[1])
    if len(TLS) > 2:
        context.load_verify_locations(cafile=TLS[2])
        context.verify_mode = ssl.CERT_REQUIRED
    return context


async def main():
    async with await start_hl7_server(on_connection, "127.0.0.1", PORT, ssl=tls_context()) as server:
        print("listening", flush=True)
        await server.serve_forever()


asyncio.run(main())
