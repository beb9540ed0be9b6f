"""A real HTTP receiver for webhook tests: a stdlib server in a thread that records every
request and answers a status the test sets (it can be stopped and started again on its port)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from core.webhook_crypto import verify


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def verified(self, secret: str, tolerance: int = 300, now: float | None = None) -> bool:
        """What a receiver does: check ``Slipway-Signature`` over the raw body."""
        return verify(
            secret,
            self.headers.get("slipway-signature", ""),
            self.body,
            tolerance=tolerance,
            now=now,
        )


class Receiver:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.status = 200
        self.headers_out: dict[str, str] = {}
        self.received: list[Received] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append(Received(self.path, headers, body))
                self.send_response(receiver.status)
                for key, value in receiver.headers_out.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_: Any) -> None:
                return

        return Handler

    def start(self) -> Receiver:
        self._server = ThreadingHTTPServer((self.host, self.port), self._handler())
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path: str = "/hook", host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    async def wait(self, count: int = 1, timeout: float = 30) -> list[Received]:
        """Never blocks the event loop (an in-process worker may share it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return self.received
            await asyncio.sleep(0.05)
        raise AssertionError(f"{len(self.received)} request(s) received, {count} expected")
