"""HTTP figures driven by ``wrk`` (a C load generator in its own process), each as a ratio to a
bare FastAPI JSON endpoint measured in the same run, served by the same uvicorn settings.

- ``GET /projects``, status of a running and of a finished operation, ``304`` answers (50 conns);
- 200 pollers (wrk) plus 20 writes/s for ``LOAD_SECONDS``: poll p99 and errors;
- ``SSE_STREAMS`` open project streams: API RSS, and the delay from recording an event to its
  delivery on every stream;
- a py-spy profile of the API under ``GET /projects`` (``PROFILE=1``; top functions by own time).

Without wrk it says how to install it and skips those figures.
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import httpx
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from bench.bench_api import BARE_APP
from bench.common import BenchStack, rss_mb
from tests import support
from tests.support import SPEC_10
from workflows.registry import WORKFLOWS

SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
SSE_STREAMS = int(os.environ.get("SSE_STREAMS", "1000"))
UVICORN = ["--loop", "uvloop", "--http", "httptools", "--no-access-log", "--no-proxy-headers"]
UVICORN += ["--log-level", "warning"]  # as the API is served (bench/common.py)
ROUND_ROBIN = """
paths = {%s}
n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


async def wrk(
    url: str, headers: dict[str, str], conns: int, seconds: float, script: str = ""
) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{conns}", f"-d{seconds:.0f}s", "--latency", "--timeout", "10s"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    if script:
        path = Path(tempfile.mkstemp(suffix=".lua")[1])
        path.write_text(script)
        args += ["-s", str(path)]
    proc = await asyncio.create_subprocess_exec(*args, url, stdout=asyncio.subprocess.PIPE)
    out = (await proc.communicate())[0].decode()
    return parse(out)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse(out: str) -> dict[str, float]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    found = {"rps": rps, "errors": 0.0}
    for pct in ("50", "99"):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s|m)", out)
        found[f"p{pct}"] = _ms(*m.groups()) if m else 0.0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    ):
        m = re.search(pattern, out)
        if m:
            found["errors"] += sum(int(g) for g in m.groups())
    return found


def line(name: str, r: dict[str, float], bare: float) -> str:
    return (
        f"{name:<46} {r['rps']:>8.0f} req/s  {r['rps'] / bare:>5.2f}x bare  "
        f"p50 {r['p50']:>6.1f} ms  p99 {r['p99']:>7.1f} ms  errors {r['errors']:.0f}"
    )


def bare_server(stack: BenchStack) -> tuple[support.Proc, str]:
    port = support.free_port()
    (stack.dir / "bare_app.py").write_text(BARE_APP)
    cmd = [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(stack.dir)]
    proc = support.Proc("bare", [*cmd, "--port", str(port), *UVICORN], stack.env, stack.dir).start()
    support.wait_for(lambda: support.port_open(port), 30, "bare app")
    return proc, f"http://127.0.0.1:{port}"


async def fixtures(stack: BenchStack, client: httpx.AsyncClient) -> dict[str, str]:
    headers = await stack.user(client)
    for i in range(25):
        await client.post("/projects", json={"name": f"P{i}"}, headers=headers)
    pid = (await client.post("/projects", json={"name": "Bench"}, headers=headers)).json()["data"][
        "id"
    ]
    await client.post(f"/projects/{pid}/spec/apply", json={"content": SPEC_10}, headers=headers)
    bid = (await client.post(f"/projects/{pid}/spec/generate-blueprint", headers=headers)).json()[
        "blueprint"
    ]["id"]
    while (await client.get(f"/blueprints/{bid}/status", headers=headers)).json()[
        "status"
    ] != "completed":
        await asyncio.sleep(0.05)
    etag = (await client.get(f"/blueprints/{bid}/status", headers=headers)).headers["etag"]
    return {**headers, "pid": pid, "done": bid, "etag": etag}


async def running_operation(
    stack: BenchStack, client: httpx.AsyncClient, f: dict[str, str]
) -> tuple[str, Worker]:
    """A generation that stays running: the activity worker is stopped and a workflow-only
    worker (this process) answers its queries, as a long step would."""
    assert stack.worker is not None
    stack.worker.stop()
    auth = {"Authorization": f["Authorization"]}
    bid = (await client.post(f"/projects/{f['pid']}/spec/generate-blueprint", headers=auth)).json()[
        "blueprint"
    ]["id"]
    temporal = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    worker = Worker(temporal, task_queue=stack.env["TASK_QUEUE"], workflows=WORKFLOWS)
    return bid, worker


async def sse_figures(stack: BenchStack, f: dict[str, str], api_pid: int) -> list[str]:
    auth = {"Authorization": f["Authorization"]}
    limits = httpx.Limits(max_connections=SSE_STREAMS + 10)
    async with httpx.AsyncClient(
        base_url=stack.url, limits=limits, timeout=120, headers=auth
    ) as client:
        ready = asyncio.Event()
        opened = 0
        arrived: list[float] = []

        async def one() -> None:
            nonlocal opened
            url = f"/projects/{f['pid']}/events?lastEventId=999999999"
            async with client.stream("GET", url) as response:
                opened += 1
                if opened == SSE_STREAMS:
                    ready.set()
                async for text in response.aiter_lines():
                    if text.startswith("event: applied"):
                        arrived.append(time.perf_counter())
                        return

        tasks = [asyncio.create_task(one()) for _ in range(SSE_STREAMS)]
        await asyncio.wait_for(ready.wait(), 120)
        rss = rss_mb(api_pid)
        start = time.perf_counter()
        await client.post(f"/projects/{f['pid']}/spec/apply", json={"content": SPEC_10})
        await asyncio.wait_for(asyncio.gather(*tasks), 120)
    delays = sorted((t - start) * 1000 for t in arrived)
    return [
        f"{SSE_STREAMS} open SSE streams: API RSS {rss:.0f} MB; event delivered to all in "
        f"p50 {delays[len(delays) // 2]:.0f} ms, max {delays[-1]:.0f} ms (apply request included)"
    ]


async def load(stack: BenchStack, f: dict[str, str]) -> list[str]:
    auth = {"Authorization": f["Authorization"]}
    async with httpx.AsyncClient(base_url=stack.url, timeout=60, headers=auth) as client:
        bids = []
        for _ in range(20):
            r = await client.post(f"/projects/{f['pid']}/spec/generate-blueprint")
            bids.append(r.json()["blueprint"]["id"])
        script = ROUND_ROBIN % ", ".join(f'"/blueprints/{b}/status"' for b in bids)
        codes: Counter[int] = Counter()

        async def writer() -> None:
            deadline, tick = time.perf_counter() + LOAD_SECONDS, time.perf_counter()
            pending = []
            while time.perf_counter() < deadline:
                pending.append(
                    asyncio.create_task(
                        client.post(f"/projects/{f['pid']}/spec/generate-blueprint")
                    )
                )
                tick += 1 / 20
                await asyncio.sleep(max(0.0, tick - time.perf_counter()))
            for r in await asyncio.gather(*pending, return_exceptions=True):
                codes[getattr(r, "status_code", 0)] += 1

        polled, _ = await asyncio.gather(wrk(stack.url, auth, 200, LOAD_SECONDS, script), writer())
    return [
        f"200 pollers (wrk) + 20 writes/s for {LOAD_SECONDS:.0f} s: {polled['rps']:.0f} polls/s, "
        f"p50 {polled['p50']:.1f} ms, p99 {polled['p99']:.1f} ms, poll errors {polled['errors']:.0f}; "
        f"writes {dict(codes)}"
    ]


async def profile(api_pid: int, seconds: float) -> list[str]:
    """py-spy's samples of the API process, summed by function (own time)."""
    spy = Path(sys.executable).parent / "py-spy"
    out = Path(tempfile.mkstemp(suffix=".txt")[1])
    proc = await asyncio.create_subprocess_exec(
        str(spy),
        "record",
        "--pid",
        str(api_pid),
        "--duration",
        f"{seconds:.0f}",
        "--format",
        "raw",
        "--output",
        str(out),
        "--nonblocking",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await proc.wait()
    own: Counter[str] = Counter()
    total = 0
    for row in out.read_text().splitlines():
        stack_, _, count = row.rpartition(" ")
        total += int(count)
        own[stack_.split(";")[-1]] += int(count)
    return [f"  {n * 100 / max(total, 1):5.1f}%  {frame[:110]}" for frame, n in own.most_common(12)]


class Lines(list[str]):
    """Figures printed as soon as they are measured (a later failure keeps the earlier ones)."""

    def append(self, text: str) -> None:
        print(text, flush=True)
        super().append(text)

    def extend(self, more: Iterable[str]) -> None:
        for text in more:
            self.append(text)


async def run() -> None:
    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install -y wrk` (Debian); skipping")
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    stack = BenchStack(worker=True).start()
    bare, bare_url = bare_server(stack)
    lines = Lines()
    api_pid = next(p.proc.pid for p in stack.procs if p.name == "api" and p.proc)
    try:
        async with httpx.AsyncClient(base_url=stack.url, timeout=60) as client:
            f = await fixtures(stack, client)
            auth = {"Authorization": f["Authorization"]}
            base = await wrk(f"{bare_url}/projects", {}, 50, SECONDS)
            lines.append(line("bare FastAPI JSON (same uvicorn settings)", base, base["rps"]))
            bare_rps = base["rps"]
            figures = {
                "GET /projects (page of 20)": (f"{stack.url}/projects?limit=20", auth),
                "status of a finished operation": (
                    f"{stack.url}/blueprints/{f['done']}/status",
                    auth,
                ),
                "304 (If-None-Match, finished operation)": (
                    f"{stack.url}/blueprints/{f['done']}/status",
                    {**auth, "If-None-Match": f["etag"]},
                ),
            }
            for name, (url, headers) in figures.items():
                lines.append(line(name, await wrk(url, headers, 50, SECONDS), bare_rps))
            if os.environ.get("PROFILE"):
                task = asyncio.create_task(wrk(f"{stack.url}/projects?limit=20", auth, 50, SECONDS))
                lines.extend(
                    [
                        "py-spy, API under GET /projects (own time):",
                        *await profile(api_pid, SECONDS - 1),
                    ]
                )
                await task
            bid, worker = await running_operation(stack, client, f)
            async with worker:
                url = f"{stack.url}/blueprints/{bid}/status"
                while (await client.get(url, headers=auth)).json().get("stale", True):
                    await asyncio.sleep(0.1)
                lines.append(
                    line(
                        "status of a running operation", await wrk(url, auth, 50, SECONDS), bare_rps
                    )
                )
            stack.worker = support.worker(stack.worker_env, stack.dir)
        lines.extend(await load(stack, f))
        lines.extend(await sse_figures(stack, f, api_pid))
    finally:
        bare.stop()
        stack.stop()


if __name__ == "__main__":
    asyncio.run(run())
