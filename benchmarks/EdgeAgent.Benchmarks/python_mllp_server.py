"""python-hl7's own asyncio MLLP server, answering every message with AA (create_ack) without storing anything.

Usage: python_mllp_server.py PORT   (prints "listening" once ready)
"""
import asyncio
import sys

from hl7.mllp import start_hl7_server


async def on_connection(reader, writer):
    try:
        while not writer.is_closing():
            message = await reader.readmessage()
            writer.writemessage(message.create_ack())
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    async with await start_hl7_server(on_connection, "127.0.0.1", int(sys.argv[1])) as server:
        print("listening", flush=True)
        await server.serve_forever()


asyncio.run(main())
