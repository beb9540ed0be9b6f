"""Load: 200 concurrent pollers on status endpoints plus 20 writes/s offered
(LOAD_WRITES_PER_SECOND) for LOAD_SECONDS (default 60), then the same with the worker stopped
halfway. Reports errors (designed 503/429 shedding counted apart), p50/p99 and the RSS of the API
and worker processes. Rate limiting is off so the load reaches the code."""

from __future__ import annotations

import asyncio
import os
import time

import httpx

from bench.common import BenchStack, rss_mb
from tests.support import SPEC_10

SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WRITES_PER_SECOND = float(os.environ.get("LOAD_WRITES_PER_SECOND", "20"))


async def phase(
    stack: BenchStack,
    client: httpx.AsyncClient,
    writer_client: httpx.AsyncClient,
    headers: dict[str, str],
    pid: str,
    stop_worker_at: float | None,
) -> list[str]:
    bids = []
    for _ in range(20):
        r = await client.post(f"/projects/{pid}/spec/generate-blueprint", headers=headers)
        bids.append(r.json()["blueprint"]["id"])
    latencies: list[float] = []
    kinds: dict[str, int] = {}
    errors = {"5xx": 0, "503": 0, "429": 0, "other": 0, "transport": 0}
    writes = 0
    deadline = time.perf_counter() + SECONDS
    api_pid = next(p.proc.pid for p in stack.procs if p.name == "api" and p.proc)
    peak = {"api": 0.0, "worker": 0.0}

    def count(status: int, expected: int) -> None:
        if status == 503:  # designed load shedding (DATABASE_BUSY, Retry-After)
            errors["503"] += 1
        elif status >= 500:
            errors["5xx"] += 1
        elif status == 429:
            errors["429"] += 1
        elif status != expected:
            errors["other"] += 1

    def failed(exc: httpx.HTTPError) -> None:
        errors["transport"] += 1
        kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1

    async def poller(i: int) -> None:
        n = i
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                r = await client.get(f"/blueprints/{bids[n % len(bids)]}/status", headers=headers)
                count(r.status_code, 200)
            except httpx.HTTPError as exc:
                failed(exc)
            latencies.append(time.perf_counter() - start)
            n += 1

    write_latencies: list[float] = []
    write_codes: dict[int, int] = {}

    async def write_once() -> None:
        nonlocal writes
        start = time.perf_counter()
        try:
            r = await writer_client.post(
                f"/projects/{pid}/spec/generate-blueprint", headers=headers
            )
            write_codes[r.status_code] = write_codes.get(r.status_code, 0) + 1
            count(r.status_code, 202)
            if r.status_code == 202:
                bids.append(r.json()["blueprint"]["id"])
        except httpx.HTTPError as exc:
            failed(exc)
        write_latencies.append(time.perf_counter() - start)
        writes += 1

    async def writer() -> None:
        """Offers WRITES_PER_SECOND, each write its own task (a slow answer does not slow the
        offered rate), on its own connection pool."""
        tasks = []
        tick = time.perf_counter()
        while time.perf_counter() < deadline:
            tasks.append(asyncio.create_task(write_once()))
            tick += 1 / WRITES_PER_SECOND
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
        await asyncio.gather(*tasks)

    async def watcher() -> None:
        stopped = False
        while time.perf_counter() < deadline:
            peak["api"] = max(peak["api"], rss_mb(api_pid))
            if stack.worker and stack.worker.proc and stack.worker.alive():
                peak["worker"] = max(peak["worker"], rss_mb(stack.worker.proc.pid))
            if (
                stop_worker_at is not None
                and not stopped
                and time.perf_counter() > deadline - SECONDS + stop_worker_at
            ):
                assert stack.worker is not None
                stack.worker.stop()
                stopped = True
            await asyncio.sleep(0.5)

    await asyncio.gather(*[poller(i) for i in range(200)], writer(), watcher())
    ordered = sorted(latencies)
    wordered = sorted(write_latencies) or [0.0]
    label = "worker stopped halfway" if stop_worker_at is not None else "worker running"
    return [
        f"{label}: {len(latencies) / SECONDS:,.0f} status polls/s + {writes / SECONDS:.1f} writes/s for {SECONDS:.0f} s",
        f"  p50 {ordered[len(ordered) // 2] * 1000:.1f} ms  p99 {ordered[int(len(ordered) * 0.99)] * 1000:.1f} ms  "
        f"errors 5xx={errors['5xx']} transport={errors['transport']} other={errors['other']} (shed: 503 {errors['503']}, 429 {errors['429']})"
        + (f" transport errors: {kinds}" if kinds else ""),
        f"  writes: p50 {wordered[len(wordered) // 2] * 1000:.1f} ms  p99 {wordered[int(len(wordered) * 0.99)] * 1000:.1f} ms  "
        f"statuses {dict(sorted(write_codes.items()))}",
        f"  peak RSS: API {peak['api']:.0f} MB, worker {peak['worker']:.0f} MB",
    ]


async def run() -> list[str]:
    stack = BenchStack(worker=True).start()
    lines: list[str] = []
    try:
        limits = httpx.Limits(max_connections=210, max_keepalive_connections=210)
        async with (
            httpx.AsyncClient(base_url=stack.url, limits=limits, timeout=60) as client,
            httpx.AsyncClient(base_url=stack.url, timeout=60) as writer_client,
        ):
            headers = await stack.user(client)
            pid = (await client.post("/projects", json={"name": "Load"}, headers=headers)).json()[
                "data"
            ]["id"]
            await client.post(
                f"/projects/{pid}/spec/apply", json={"content": SPEC_10}, headers=headers
            )
            lines += await phase(stack, client, writer_client, headers, pid, None)
            lines += await phase(stack, client, writer_client, headers, pid, SECONDS / 2)
    finally:
        stack.stop()
    return lines


if __name__ == "__main__":
    print("\n".join(asyncio.run(run())))
