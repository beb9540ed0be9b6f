"""Pure ASGI middleware: request IDs, rate-limit headers, body-size limit, access log."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ERROR_TYPE_BASE, PROBLEM_JSON
from core.logging import ACCESS_LOGGER, request_id_var

logger = logging.getLogger(ACCESS_LOGGER)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
MAX_BODY_BYTES = 1024 * 1024  # 1 MiB: a 200 KB spec JSON-escaped fits comfortably


class BodyTooLarge(HTTPException):
    """A body past the limit, noticed while it is read (chunked uploads declare no length).

    An ``HTTPException``, so FastAPI's body parsing passes it on (it turns any other error into
    ``400``) and the app's handler answers ``413 PAYLOAD_TOO_LARGE``; raised outside the app's
    handlers, the middleware answers it the same way."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body too large (limit {limit} bytes)")


class SlipwayMiddleware:
    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})
        start = time.perf_counter()
        status_holder: dict[str, int] = {"status": 500}
        send_wrapper = self._stamping(scope, send, request_id, status_holder)

        try:
            declared = headers.get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_body:
                await self._too_large(scope, send_wrapper)
                return
            received = 0

            async def receive_wrapper() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body:
                        raise BodyTooLarge(self.max_body)
                return message

            try:
                await self.app(scope, receive_wrapper, send_wrapper)
            except BodyTooLarge:
                await self._too_large(scope, send_wrapper)
            except Exception:
                # Answered here (not by Starlette's outer error middleware) so the 500 carries
                # the request ID and the uniform body; the trace goes to the log only.
                logger.exception("unhandled error", extra={"path": scope.get("path")})
                if status_holder.get("started"):
                    raise
                await self._send(
                    send_wrapper,
                    500,
                    "INTERNAL_ERROR",
                    "Internal Server Error",
                    "Internal server error; X-Request-ID identifies it in the logs",
                    scope.get("path", ""),
                )
        finally:
            if logger.isEnabledFor(logging.INFO):  # the access log (ACCESS_LOG=true)
                elapsed = (time.perf_counter() - start) * 1000
                logger.info(
                    "request",
                    extra={
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status_holder["status"],
                        "durationMs": round(elapsed, 2),
                    },
                )
            request_id_var.reset(token)

    @staticmethod
    def _stamping(scope: Scope, send: Send, request_id: str, status_holder: dict[str, int]) -> Send:
        """``send`` that records the status and adds the request ID and rate-limit headers."""

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = 1
                mh = MutableHeaders(scope=message)
                mh["X-Request-ID"] = request_id
                state = scope["state"].get("rate_limit")
                if state is not None and "x-ratelimit-limit" not in mh:
                    for key, value in state.headers().items():
                        mh[key] = value
            await send(message)

        return send_wrapper

    async def _too_large(self, scope: Scope, send: Send) -> None:
        message = f"Request body too large (limit {self.max_body} bytes)"
        await self._send(
            send, 413, "PAYLOAD_TOO_LARGE", "Content Too Large", message, scope.get("path", "")
        )

    @staticmethod
    async def _send(
        send: Send, status: int, code: str, title: str, message: str, path: str
    ) -> None:
        body: dict[str, Any] = {
            "error": message,
            "code": code,
            "type": ERROR_TYPE_BASE + code.lower().replace("_", "-"),
            "title": title,
            "status": status,
            "detail": message,
            "instance": path,
        }
        raw = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM_JSON.encode()),
                    (b"content-length", str(len(raw)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": raw})
