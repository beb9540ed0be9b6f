"""Many open Server-Sent Events streams from one process of their own (not the API's, not the
benchmark's): ``python -m bench.sse_client HOST PORT PATH AUTHORIZATION COUNT EVENT``.

Opens COUNT streams of PATH with plain asyncio sockets (HTTP/1.1), prints ``READY`` once every
stream has answered ``200``, then waits for the first EVENT on each and prints one JSON line:
``{"opened": n, "ended_early": n, "delays_ms": [...]}``, each delay being the time the event's frame arrived minus
the ``createdAt`` written in its data (when the recorded change was made: an ``applied`` spec
version). Frames are found in the raw bytes: each SSE frame is sent as one chunk, so it is
contiguous whatever the chunked encoding puts around it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import datetime

TIMEOUT = 120.0


Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def open_stream(host: str, port: int, path: str, auth: str) -> Stream:
    """An open stream (the writer is kept: a collected writer closes the connection)."""
    reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {auth}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    if status != b"200":
        raise RuntimeError(f"stream answered {head[:200]!r}")
    return reader, writer


async def first_event(reader: asyncio.StreamReader, event: str) -> float | None:
    """Milliseconds from the event's ``createdAt`` to its arrival here (None: the stream ended
    before it came)."""
    marker = f"event: {event}\ndata: ".encode()
    buffer = b""
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return None
        buffer += chunk
        start = buffer.find(marker)
        if start >= 0 and buffer.find(b"\n", start + len(marker)) >= 0:
            arrived = time.time()
            line = buffer[start + len(marker) :].split(b"\n", 1)[0]
            created = json.loads(line)["createdAt"].replace("Z", "+00:00")
            return (arrived - datetime.fromisoformat(created).timestamp()) * 1000
        buffer = buffer[-len(marker) :] if start < 0 else buffer


async def main(host: str, port: int, path: str, auth: str, count: int, event: str) -> None:
    streams: list[Stream] = []
    for start in range(0, count, 100):  # 100 at a time: no SYN flood on the listen backlog
        batch = [open_stream(host, port, path, auth) for _ in range(min(100, count - start))]
        streams += await asyncio.gather(*batch)
    print("READY", flush=True)
    reading = (first_event(reader, event) for reader, _ in streams)
    got = await asyncio.wait_for(asyncio.gather(*reading), TIMEOUT)
    delays = sorted(d for d in got if d is not None)
    report = {"opened": len(streams), "ended_early": len(got) - len(delays), "delays_ms": delays}
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    h, p, url, authorization, n, kind = sys.argv[1:7]
    asyncio.run(main(h, int(p), url, authorization, int(n), kind))
