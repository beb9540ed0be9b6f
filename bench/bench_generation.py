"""Status polling and generation throughput on the real dev server.

- status polls through the API (50 concurrent pollers on running workflows) beside direct
  Temporal queries from a bare client in the same run;
- time from POST generate-blueprint to `completed` for a 10-entity spec (p50 over 20);
- completed generations per second with 50 started at once.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from bench.common import BenchStack, load
from tests.support import SPEC_10
from workflows.generate import GenerateBlueprintWorkflow
from workflows.registry import WORKFLOWS


async def new_project(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    pid = (await client.post("/projects", json={"name": "Bench"}, headers=headers)).json()["data"][
        "id"
    ]
    await client.post(f"/projects/{pid}/spec/apply", json={"content": SPEC_10}, headers=headers)
    return str(pid)


async def wait_done(client: httpx.AsyncClient, headers: dict[str, str], bid: str) -> None:
    while True:
        body = (await client.get(f"/blueprints/{bid}/status", headers=headers)).json()
        if body.get("status") in ("completed", "failed"):
            return
        await asyncio.sleep(0.02)


async def run(seconds: float = 8.0) -> list[str]:
    stack = BenchStack(worker=True).start()
    lines: list[str] = []
    try:
        limits = httpx.Limits(max_connections=60, max_keepalive_connections=60)
        async with httpx.AsyncClient(base_url=stack.url, limits=limits, timeout=60) as client:
            headers = await stack.user(client)
            # 1. latency POST -> completed, p50 over 20 (worker running)
            pid = await new_project(client, headers)
            latencies = []
            for _ in range(20):
                start = time.perf_counter()
                bid = (
                    await client.post(f"/projects/{pid}/spec/generate-blueprint", headers=headers)
                ).json()["blueprint"]["id"]
                await wait_done(client, headers, bid)
                latencies.append(time.perf_counter() - start)
            lines.append(
                f"POST -> completed, 10 entities: p50 {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms (20 runs)"
            )
            # 2. 50 started at once
            start = time.perf_counter()
            ids = [
                r.json()["blueprint"]["id"]
                for r in await asyncio.gather(
                    *[
                        client.post(f"/projects/{pid}/spec/generate-blueprint", headers=headers)
                        for _ in range(50)
                    ]
                )
            ]
            await asyncio.gather(*[wait_done(client, headers, b) for b in ids])
            elapsed = time.perf_counter() - start
            lines.append(
                f"50 generations started at once: all completed in {elapsed:.1f} s = {50 / elapsed:.1f} completed/s"
            )
            # 3. polling running workflows: stop the real worker, run a workflow-only worker so runs park
            assert stack.worker is not None
            stack.worker.stop()
            temporal = await Client.connect(
                stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
            )
            async with Worker(temporal, task_queue=stack.env["TASK_QUEUE"], workflows=WORKFLOWS):
                running = [
                    (
                        await client.post(
                            f"/projects/{pid}/spec/generate-blueprint", headers=headers
                        )
                    ).json()["blueprint"]["id"]
                    for _ in range(10)
                ]
                await asyncio.sleep(1.0)
                polls = await load(
                    "API status polls (50 pollers, 10 running runs)",
                    lambda c: c.get(
                        f"/blueprints/{running[int(time.perf_counter() * 1000) % 10]}/status",
                        headers=headers,
                    ),
                    client,
                    concurrency=50,
                    seconds=seconds,
                )
                handles = [temporal.get_workflow_handle(f"blueprint:{b}") for b in running]

                async def direct(i: int) -> None:
                    await handles[i % 10].query(GenerateBlueprintWorkflow.get_progress)

                latencies_direct: list[float] = []
                deadline = time.perf_counter() + seconds
                count = 0

                async def poller(i: int) -> None:
                    nonlocal count
                    while time.perf_counter() < deadline:
                        t0 = time.perf_counter()
                        await direct(i)
                        latencies_direct.append(time.perf_counter() - t0)
                        count += 1

                t0 = time.perf_counter()
                await asyncio.gather(*[poller(i) for i in range(50)])
                direct_rps = count / (time.perf_counter() - t0)
                ordered = sorted(latencies_direct)
                p50 = ordered[len(ordered) // 2] * 1000
                p99 = ordered[int(len(ordered) * 0.99)] * 1000
            lines.append(polls.line())
            lines.append(
                f"{'direct Temporal queries (50 pollers)':<44} {direct_rps:>9.0f} req/s   p50 {p50:>7.1f} ms   p99 {p99:>7.1f} ms"
            )
            lines.append(
                f"  ratio API polls / direct queries: {polls.rps / direct_rps:.1f}x (coalescing: one query per run per 250 ms)"
            )
    finally:
        stack.stop()
    return lines


if __name__ == "__main__":
    print("\n".join(asyncio.run(run())))
