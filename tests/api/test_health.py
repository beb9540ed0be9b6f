"""Liveness and readiness, including a dependency going down."""

from __future__ import annotations

import httpx

from tests.support import Stack, free_port


async def test_liveness(anon: httpx.AsyncClient) -> None:
    r = await anon.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


async def test_ready_reports_every_check(anon: httpx.AsyncClient) -> None:
    r = await anon.get("/health/ready")
    assert r.status_code == 200, r.text
    checks = r.json()["checks"]
    assert set(checks) == {"database", "temporal", "rateLimitStorage", "aws"}
    for check in checks.values():
        assert check["status"] == "healthy" and check["responseTime"] >= 0


async def test_ready_is_503_naming_the_failing_check(stack: Stack) -> None:
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer

    dead = free_port()  # nothing listens here
    settings = Settings(temporal_address=f"127.0.0.1:{dead}", database_url=stack.database_url)
    server = ThreadedServer(create_app(settings)).start()
    try:
        async with httpx.AsyncClient(base_url=server.url) as client:
            r = await client.get("/health/ready")
        assert r.status_code == 503
        body = r.json()
        assert body["checks"]["temporal"]["status"] == "unhealthy"
        assert body["failing"] == ["temporal"]
        assert body["checks"]["database"]["status"] == "healthy"
    finally:
        server.stop()
