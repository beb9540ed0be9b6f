"""Shared benchmark plumbing: a throwaway stack, a load loop, percentiles."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests import support

PASSWORD = "SecurePass123!"
UVICORN_FLAGS = [
    "--host",
    "127.0.0.1",
    "--loop",
    "uvloop",
    "--http",
    "httptools",
    "--no-access-log",
    "--no-proxy-headers",  # TRUSTED_PROXIES alone decides the client address
    # Longer than clients' keep-alive (httpx: 5 s), so the server never closes a connection a
    # client is about to reuse (a "server disconnected" race).
    "--timeout-keep-alive",
    "75",
    "--log-level",
    "warning",
]
"""How the API is served in benchmarks (as ``make run`` serves it), and every bare FastAPI
baseline with it: ratios compare the apps, not the servers."""


def uvicorn(app: str, port: int, *extra: str) -> list[str]:
    """The command serving ``app`` (``module:attribute``) on ``port`` with ``UVICORN_FLAGS``."""
    return [sys.executable, "-m", "uvicorn", app, "--port", str(port), *UVICORN_FLAGS, *extra]


@dataclass
class LoadResult:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<44} {self.rps:>9.0f} req/s   p50 {self.pct(50):>7.1f} ms   "
            f"p99 {self.pct(99):>7.1f} ms   errors {self.errors}"
        )


async def load(
    name: str,
    call: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]],
    client: httpx.AsyncClient,
    *,
    concurrency: int,
    seconds: float,
    ok: Callable[[httpx.Response], bool] = lambda r: r.status_code < 400,
) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                r = await call(client)
                if not ok(r):
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*[one() for _ in range(concurrency)])
    return LoadResult(name, len(latencies), errors, time.perf_counter() - start, latencies)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


class BenchStack:
    """Temporal dev server + moto + worker + API (uvicorn with uvloop/httptools, as make run)."""

    def __init__(self, *, worker: bool = True, extra_env: dict[str, str] | None = None) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="slipway-bench-"))
        self.temporal_port = support.free_port()
        self.moto_port = support.free_port()
        self.api_port = support.free_port()
        self.env = {
            **os.environ,
            "SLIPWAY_ENV": "test",
            "SLIPWAY_DATA_DIR": str(self.dir / "data"),
            "TEMPORAL_ADDRESS": f"127.0.0.1:{self.temporal_port}",
            "TASK_QUEUE": f"bench-{uuid.uuid4().hex[:6]}",
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{self.moto_port}",
            "JWT_SECRET": uuid.uuid4().hex * 2,
            "RATE_LIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "PORT": str(self.api_port),
            **(extra_env or {}),
        }
        self.with_worker = worker
        self.procs: list[support.Proc] = []
        self.worker: support.Proc | None = None

    @property
    def worker_env(self) -> dict[str, str]:
        """The worker logs at INFO: its "worker started" line is how readiness is detected."""
        return {**self.env, "LOG_LEVEL": "INFO"}

    def start(self) -> BenchStack:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> BenchStack:
        from core.db import run_migrations
        from core.settings import Settings

        (self.dir / "data").mkdir(parents=True, exist_ok=True)
        os.environ.update({k: v for k, v in self.env.items() if k in ("SLIPWAY_DATA_DIR",)})
        settings = Settings(slipway_data_dir=self.dir / "data", jwt_secret=self.env["JWT_SECRET"])
        run_migrations(settings.database_url)
        self.env["DATABASE_URL"] = settings.database_url
        self.procs.append(support.temporal_server(self.temporal_port, self.dir))
        self.procs.append(support.moto_server(self.moto_port, self.dir))
        if self.with_worker:
            self.worker = support.worker(self.worker_env, self.dir)
        api = support.Proc("api", uvicorn("api.main:app", self.api_port), self.env, self.dir)
        api.start()
        self.procs.append(api)
        support.wait_for(
            lambda: httpx.get(f"{self.url}/health", timeout=1).status_code == 200, 60, "api"
        )
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        for proc in reversed(self.procs):
            proc.stop()

    async def user(self, client: httpx.AsyncClient) -> dict[str, str]:
        email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
        await client.post("/auth/signup", json={"email": email, "password": PASSWORD})
        r = await client.post("/auth/login", json={"email": email, "password": PASSWORD})
        return {"Authorization": f"Bearer {r.json()['accessToken']}"}


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0
