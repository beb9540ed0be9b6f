"""API conventions (README, "Conventions"): error bodies everywhere, request IDs, body limits, logs."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from tests.support import PASSWORD, Stack, assert_timestamps

RFC7807 = {"error", "code", "type", "title", "status", "detail", "instance"}


async def test_unknown_route_405_and_422_have_uniform_body(user: httpx.AsyncClient) -> None:
    cases = [
        (await user.get("/no/such/route"), 404, "NOT_FOUND"),
        (await user.put("/projects"), 405, "METHOD_NOT_ALLOWED"),
        (
            await user.post(
                "/projects", content=b"{not json", headers={"content-type": "application/json"}
            ),
            422,
            "VALIDATION_ERROR",
        ),
    ]
    for response, status, code in cases:
        assert response.status_code == status
        body = response.json()
        assert set(body) >= RFC7807, body
        assert body["code"] == code and body["status"] == status
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_options_and_405_list_every_method_of_the_path(anon: httpx.AsyncClient) -> None:
    """Issue 20: the 405 named only the first route's methods (OPTIONS /projects/{id} said
    ``Allow: GET``). Every documented path answers OPTIONS with 204 and ``Allow`` listing its
    documented methods (and OPTIONS), and a method it lacks with 405 and the same ``Allow``."""
    document = (await anon.get("/openapi.json")).json()
    checked = 0
    for template, item in document["paths"].items():
        path = re.sub(r"\{(number|version)\}", "1", template)
        path = re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", path)
        documented = {m.upper() for m in item if m in ("get", "post", "put", "patch", "delete")}
        allow = ", ".join([*sorted(documented), "OPTIONS"])
        r = await anon.options(path)
        assert (r.status_code, r.headers.get("allow")) == (204, allow), (template, r.text)
        missing = next(m for m in ("PUT", "PATCH", "DELETE", "POST") if m not in documented)
        r = await anon.request(missing, path)
        assert (r.status_code, r.headers.get("allow")) == (405, allow), (template, missing)
        assert r.json()["code"] == "METHOD_NOT_ALLOWED"
        checked += 1
    assert checked > 40
    # a word where a revision number goes is no revision: classify is POST only
    r = await anon.get("/projects/00000000-0000-4000-8000-000000000000/revisions/classify")
    assert (r.status_code, r.headers["allow"]) == (405, "POST, OPTIONS")


async def test_request_id_echoed_or_generated(anon: httpx.AsyncClient) -> None:
    r = await anon.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = await anon.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["x-request-id"] != "bad id with spaces"
    assert len(r.headers["x-request-id"]) == 32


async def test_oversized_body_is_413(user: httpx.AsyncClient) -> None:
    r = await user.post(
        "/projects",
        content=b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_camel_case_and_utc_timestamps(user: httpx.AsyncClient) -> None:
    r = await user.post("/projects", json={"name": "x"})
    data = r.json()["data"]
    assert "createdAt" in data and "created_at" not in data
    assert_timestamps(r.json())
    assert_timestamps((await user.get("/projects")).json())
    assert_timestamps((await user.get(f"/projects/{data['id']}")).json())
    assert_timestamps((await user.get("/health/ready")).json())


async def test_logs_carry_request_id_and_no_secrets(
    stack: Stack, anon: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from core.logging import JsonFormatter

    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="slipway.access")  # the access log (ACCESS_LOG=true)
    email = "logcheck-" + PASSWORD.lower()[:4] + "@example.com"
    await anon.post("/auth/signup", json={"email": email, "password": PASSWORD})
    r = await anon.post(
        "/auth/login",
        json={"email": email, "password": PASSWORD},
        headers={"X-Request-ID": "log-check-1"},
    )
    tokens = r.json()
    joined = ""
    for _ in range(50):  # the access line is written just after the response is sent
        joined = "\n".join(JsonFormatter().format(rec) for rec in caplog.records)
        if "log-check-1" in joined:
            break
        await asyncio.sleep(0.05)
    assert "log-check-1" in joined
    for secret in (
        PASSWORD,
        tokens["accessToken"],
        tokens["refreshToken"],
        stack.env["JWT_SECRET"],
    ):
        assert secret not in joined


def test_redaction_of_free_text() -> None:
    from core.logging import redact, redact_text

    assert "hunter2" not in redact_text('password="hunter2"')
    assert "eyJhbGciOi" not in redact_text("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc")
    assert redact({"refreshToken": "x", "ok": 1}) == {"refreshToken": "[REDACTED]", "ok": 1}


async def test_unhandled_errors_are_500_without_trace(stack: Stack) -> None:
    """A route that crashes (added to a fresh app instance) answers the uniform body, no trace."""
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer

    app = create_app(Settings())

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("secret internal detail")

    server = ThreadedServer(app).start()
    try:
        async with httpx.AsyncClient(base_url=server.url) as client:
            r = await client.get("/crash")
        assert r.status_code == 500
        body = r.json()
        assert body["code"] == "INTERNAL_ERROR" and "secret internal detail" not in r.text
        assert "Traceback" not in r.text and r.headers["x-request-id"]
    finally:
        server.stop()


@pytest.mark.db
async def test_exhausted_connection_pool_is_503_database_busy(stack: Stack) -> None:
    """Overload: every pooled connection is taken, so the request gets 503 with Retry-After
    within the pool timeout instead of a 500 or an endless queue."""
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer, make_user

    app = create_app(Settings(database_url=stack.database_url))
    server = ThreadedServer(app).start()
    client = await make_user(stack)
    client.base_url = httpx.URL(server.url)
    engine = app.state.slipway.engine
    held: list[Any] = []

    async def hold() -> None:  # on the server's loop: the pool's queue belongs to one loop
        pool = engine.sync_engine.pool
        for _ in range(pool.size() + pool._max_overflow):
            held.append(await engine.connect())

    async def release() -> None:
        for conn in held:
            await conn.close()

    def on_server(make: Callable[[], Coroutine[Any, Any, None]]) -> asyncio.Future[None]:
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(make(), server.loop))

    try:
        assert (await client.get("/projects")).status_code == 200
        await on_server(hold)
        r = await client.get("/projects", timeout=30)
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "DATABASE_BUSY" and r.headers["retry-after"] == "2"
    finally:
        await on_server(release)
        await client.aclose()
        server.stop()
