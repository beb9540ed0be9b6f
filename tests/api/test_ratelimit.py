"""Rate limits (README, "Rate limits"), headers, trusted proxies, shared Redis storage."""

from __future__ import annotations

import socket
import sys
import uuid

import httpx
import pytest
from starlette.requests import Request

from api.ratelimit import RateLimiter
from core.settings import Settings
from tests.support import PASSWORD, Proc, Stack, free_port, random_ip, wait_for

pytestmark = pytest.mark.db


async def test_headers_on_every_response(user: httpx.AsyncClient) -> None:
    r = await user.get("/projects")
    assert int(r.headers["x-ratelimit-limit"]) == 100
    assert int(r.headers["x-ratelimit-remaining"]) <= 99
    assert int(r.headers["x-ratelimit-reset"]) > 0
    r = await user.get("/health")
    assert "x-ratelimit-limit" in r.headers


async def test_auth_limit_per_ip(anon: httpx.AsyncClient) -> None:
    statuses = []
    for i in range(11):
        r = await anon.post(
            "/auth/login", json={"email": f"nobody{i}@example.com", "password": PASSWORD}
        )
        statuses.append(r.status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    body = r.json()
    assert body["code"] == "RATE_LIMITED" and body["resetIn"] >= 1
    assert int(r.headers["retry-after"]) >= 1
    assert r.headers["x-ratelimit-remaining"] == "0"


async def test_failed_logins_across_ips_slow_the_account_down(stack: Stack) -> None:
    """No per-email lockout (issue 12): failures from many addresses delay the account's next
    attempt from a new address (tests/api/test_auth.py has the owner's side)."""
    email = f"victim-{uuid.uuid4().hex[:8]}@example.com"
    responses = []
    async with httpx.AsyncClient(base_url=stack.url) as client:
        for _ in range(11):
            r = await client.post(
                "/auth/login",
                json={"email": email, "password": "guess-guess-1"},
                headers={"X-Forwarded-For": random_ip()},
            )
            responses.append(r)
    statuses = [r.status_code for r in responses]
    assert statuses[:5] == [401] * 5 and 429 in statuses[5:]
    assert {r.json()["code"] for r in responses if r.status_code == 429} == {"LOGIN_THROTTLED"}


async def test_project_operations_limit(user: httpx.AsyncClient) -> None:
    codes = [(await user.get("/projects")).status_code for _ in range(101)]
    assert codes.count(200) == 100 and codes[-1] == 429


def _request(peer: str, xff: str | None) -> Request:
    headers = [(b"x-forwarded-for", xff.encode())] if xff else []
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


def test_forwarded_for_only_from_trusted_proxies() -> None:
    limiter = RateLimiter(Settings(trusted_proxies="10.0.0.0/8,127.0.0.1"))
    assert limiter.client_ip(_request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert limiter.client_ip(_request("127.0.0.1", "203.0.113.7, 10.1.1.1")) == "203.0.113.7"
    assert limiter.client_ip(_request("198.51.100.1", "203.0.113.7")) == "198.51.100.1"
    untrusting = RateLimiter(Settings(trusted_proxies=""))
    assert untrusting.client_ip(_request("127.0.0.1", "203.0.113.7")) == "127.0.0.1"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
async def test_two_api_processes_share_one_redis_limit(stack: Stack) -> None:
    prefix = f"shared-{uuid.uuid4().hex[:8]}"
    procs = []
    ports = []
    for _ in range(2):
        port = free_port()
        env = {
            **stack.env,
            "RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379",
            "RATE_LIMIT_KEY_PREFIX": prefix,
            "PORT": str(port),
        }
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-proxy-headers",
        ]
        procs.append(Proc("api-redis", cmd, env, stack.log_dir).start())
        ports.append(port)
    try:
        for port in ports:
            wait_for(
                lambda port=port: httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200,
                30,
                "api",
            )
        ip = random_ip()
        codes = []
        for i in range(11):
            port = ports[i % 2]
            r = httpx.post(
                f"http://127.0.0.1:{port}/auth/login",
                json={"email": f"n{i}@example.com", "password": PASSWORD},
                headers={"X-Forwarded-For": ip},
            )
            codes.append(r.status_code)
        assert codes[:10] == [401] * 10
        assert codes[10] == 429
    finally:
        for p in procs:
            p.stop()
