"""The demo RIS: python-hl7's asyncio MLLP server (an independent peer) that accepts what the edge agent sends back
(ORU^R01 reports, ORM^O01 order status) with AA, prints each message and appends it as one JSON line to LOGFILE.

Usage: /usr/bin/python3 ris_listener.py PORT LOGFILE
"""
import asyncio
import datetime
import json
import os
import signal
import sys

import hl7
from hl7.mllp import start_hl7_server

PORT = int(sys.argv[1])
LOG = sys.argv[2]


async def on_connection(reader, writer):
    try:
        while not writer.is_closing():
            message = await reader.readmessage()
            msh = message.segment("MSH")
            record = {
                "receivedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                "messageType": str(msh[9]),
                "controlId": str(msh[10]),
                "message": str(message),
            }
            with open(LOG, "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")
            print(f"received {record['messageType']} {record['controlId']}; answered AA", flush=True)
            writer.writemessage(message.create_ack("AA"))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    os.makedirs(os.path.dirname(os.path.abspath(LOG)), exist_ok=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with await start_hl7_server(on_connection, "127.0.0.1", PORT):
        print(f"demo RIS listening on 127.0.0.1:{PORT}; log {LOG}", flush=True)
        await stop.wait()


asyncio.run(main())
