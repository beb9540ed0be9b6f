"""Issue 12 item 10, the smaller findings: readiness names its checks without their internals, the
Python SDK is cached on disk by content and only a build counts as a generation, and an
oversized chunked body is 413."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api.artifacts import sdk
from api.main import create_app
from core.settings import Settings, get_settings
from tests.support import SPEC_10, Stack, ThreadedServer, free_port, generated

pytestmark = pytest.mark.db


# --- /health/ready: names and states only -------------------------------------------------------


async def test_ready_answers_names_and_states_and_logs_why(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    dead = free_port()  # nothing listens here
    settings = Settings(temporal_address=f"127.0.0.1:{dead}", database_url=stack.database_url)
    server = ThreadedServer(create_app(settings)).start()
    try:
        with caplog.at_level(logging.WARNING, logger="slipway.health"):
            async with httpx.AsyncClient(base_url=server.url) as client:
                r = await client.get("/health/ready")
    finally:
        server.stop()
    assert r.status_code == 503
    body = r.json()
    assert body["failing"] == ["temporal"]
    for check in body["checks"].values():
        assert set(check) == {"status", "responseTime"}
    assert str(dead) not in r.text and "127.0.0.1" not in r.text
    assert body["error"] == "Not ready: temporal unavailable"
    logged = [rec for rec in caplog.records if rec.getMessage() == "readiness check failed"]
    assert [getattr(rec, "check", None) for rec in logged] == ["temporal"]
    assert getattr(logged[0], "error", "")  # the reason is in the log


# --- 413 for a chunked body over the limit ------------------------------------------------------


async def test_an_oversized_chunked_body_is_413(user: httpx.AsyncClient) -> None:
    pid = (await user.post("/projects", json={"name": "Big body"})).json()["data"]["id"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        yield b'{"content": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    r = await user.post(
        f"/projects/{pid}/spec/apply",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413, r.text
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE" and "1048576 bytes" in r.json()["error"]
    assert (await user.get(f"/projects/{pid}/spec")).json()["spec"] is None


# --- the Python SDK: cached on disk by content, builds count as generations ---------------------


async def sdk_of(client: httpx.AsyncClient, pid: str) -> httpx.Response:
    r = await client.get(f"/projects/{pid}/artifacts/sdk/python")
    assert r.status_code == 200, r.text
    return r


async def test_sdk_builds_are_cached_on_disk_by_content_and_counted(
    user: httpx.AsyncClient, worker: object
) -> None:
    title = SPEC_10.splitlines()[0]
    spec = SPEC_10.replace(title, f"# Cache {uuid.uuid4().hex[:8]}", 1)  # never built before
    first, _ = await generated(user, spec)
    built = await sdk_of(user, first)
    assert built.headers["x-ratelimit-limit"] == "10"  # a build: counted as a generation
    again = await sdk_of(user, first)
    assert again.headers["x-ratelimit-limit"] == "100"  # from the cache: the project budget
    assert again.content == built.content
    second, _ = await generated(user, spec)  # another project, another revision, same content
    same = await sdk_of(user, second)
    assert same.headers["x-ratelimit-limit"] == "100" and same.content == built.content

    cache = sdk.disk_cache()
    assert cache.directory == str(get_settings().slipway_data_dir / "sdk-cache")
    assert any(cache.get(key) == built.content for key in cache.iterkeys())
    assert cache.size_limit == get_settings().sdk_cache_max_bytes
    assert cache.eviction_policy == "least-recently-used"


async def test_an_unusable_sdk_cache_costs_a_build_not_the_answer(
    user: httpx.AsyncClient, worker: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data directory the cache cannot live in (here a file): the SDK is built and served,
    the failure logged."""
    pid, _ = await generated(user, SPEC_10.replace(SPEC_10.splitlines()[0], "# Uncached", 1))
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("SLIPWAY_DATA_DIR", str(blocked))
    get_settings.cache_clear()
    try:
        first = await sdk_of(user, pid)
        second = await sdk_of(user, pid)
        assert first.content == second.content
        assert first.headers["x-ratelimit-limit"] == second.headers["x-ratelimit-limit"] == "10"
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
