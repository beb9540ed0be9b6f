"""HTTP figures driven by ``wrk`` (a C load generator in its own process), each as a ratio to a
bare FastAPI JSON endpoint measured in the same run, served by the same uvicorn flags
(``bench.common.UVICORN_FLAGS``: uvloop, httptools, ``--no-proxy-headers``).

- ``GET /projects``, status of a running and of a finished operation, ``304`` answers (50 conns);
- 200 pollers (wrk; each polls every ``POLL_EVERY_MS``, and a flood back to back) plus 20 writes/s
  for ``LOAD_SECONDS``: poll p99 and errors;
- ``SSE_STREAMS`` open project streams held by a process of their own (``bench.sse_client``):
  API RSS, and the delay from an event's recorded ``createdAt`` to its arrival on each stream;
- ``PROFILE=<label>``: py-spy profiles of the API under ``GET /projects``, a status read and a
  ``304`` (``bench/profiles/<label>-<figure>.svg`` flamegraphs and ``.txt`` summaries).

Without wrk it says how to install it and skips those figures.
"""

from __future__ import annotations

import asyncio
import json
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
import sqlalchemy as sa
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from bench.bench_api import BARE_APP
from bench.common import BenchStack, rss_mb, uvicorn
from tests import support
from tests.support import SPEC_10
from workflows.registry import WORKFLOWS

SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
SSE_STREAMS = int(os.environ.get("SSE_STREAMS", "1000"))
PROFILES = Path(__file__).resolve().parent / "profiles"
PARTS = os.environ.get("HTTP_PARTS", "http,load,flood,sse").split(",")
"""Which figures to measure: ``http`` (wrk at 50 connections), ``load`` (paced pollers),
``flood`` (the same load, pollers back to back), ``sse``."""
ROUND_ROBIN = """
paths = {%s}
n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""
PACED = """
delay = function()
  return %d
end
"""
"""A poller waits this many ms after each answer before its next poll (a dashboard's timer)."""
POLL_EVERY_MS = int(os.environ.get("POLL_EVERY_MS", "100"))
"""200 pollers each polling every 100 ms: 2,000 polls/s offered, ten times dashboards polling
once a second. ``0``: back-to-back (a flood: each connection polls again as soon as answered)."""


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
    cmd = uvicorn("bare_app:app", port, "--app-dir", str(stack.dir))
    proc = support.Proc("bare", cmd, stack.env, stack.dir).start()
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
    """``SSE_STREAMS`` streams of a new project held by ``bench.sse_client`` (its own
    process), then one spec apply: RSS of the API with every stream open, and each stream's
    delay from the event's ``createdAt`` to its arrival. (A new project: the load's project
    still has the worker's backlog of generations to stream.)"""
    auth = {"Authorization": f["Authorization"]}
    async with httpx.AsyncClient(base_url=stack.url, timeout=60, headers=auth) as http:
        pid = (await http.post("/projects", json={"name": "Streams"})).json()["data"]["id"]
    f = {**f, "pid": pid}
    port = stack.url.rsplit(":", 1)[1]
    engine = sa.create_engine(stack.env["DATABASE_URL"])
    with engine.connect() as conn:  # resume after the last event: no replay, only what is new
        last = conn.execute(sa.text("SELECT max(id) FROM operation_events")).scalar() or 0
    engine.dispose()
    path = f"/projects/{f['pid']}/events?lastEventId={last}"
    client = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.sse_client",
        "127.0.0.1",
        port,
        path,
        f["Authorization"],
        str(SSE_STREAMS),
        "applied",
        stdout=asyncio.subprocess.PIPE,
    )
    assert client.stdout is not None
    ready = await asyncio.wait_for(client.stdout.readline(), 180)
    if ready.strip() != b"READY":
        raise RuntimeError(f"SSE client: {ready!r}")
    rss = rss_mb(api_pid)
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        r = await http.post(
            f"/projects/{f['pid']}/spec/apply",
            json={"content": SPEC_10},
            headers={"Authorization": f["Authorization"]},
        )
        assert r.status_code < 300, r.text
    result = json.loads((await asyncio.wait_for(client.stdout.readline(), 180)).decode())
    await client.wait()
    delays = result["delays_ms"] or [float("nan")]
    return [
        f"{result['opened']} open SSE streams (a client process of their own): API RSS "
        f"{rss:.0f} MB; the event reached {len(result['delays_ms'])} streams within "
        f"{delays[-1]:.0f} ms of its createdAt (p50 {delays[len(delays) // 2]:.0f} ms); "
        f"{result['ended_early']} streams ended before it"
    ]


async def load(stack: BenchStack, f: dict[str, str], every_ms: int) -> list[str]:
    """200 pollers (wrk) of 20 operations plus 20 writes/s (generations) for LOAD_SECONDS."""
    auth = {"Authorization": f["Authorization"]}
    async with httpx.AsyncClient(base_url=stack.url, timeout=60, headers=auth) as client:
        bids = []
        for _ in range(20):
            r = await client.post(f"/projects/{f['pid']}/spec/generate-blueprint")
            bids.append(r.json()["blueprint"]["id"])
        script = ROUND_ROBIN % ", ".join(f'"/blueprints/{b}/status"' for b in bids)
        script += PACED % every_ms if every_ms else ""
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
    pacing = f"each every {every_ms} ms" if every_ms else "back to back"
    return [
        f"200 pollers (wrk, {pacing}) + 20 writes/s for {LOAD_SECONDS:.0f} s: "
        f"{polled['rps']:.0f} polls/s, p50 {polled['p50']:.1f} ms, p99 {polled['p99']:.1f} ms, "
        f"poll errors {polled['errors']:.0f}; writes {dict(codes)}"
    ]


async def profile(api_pid: int, label: str, name: str, url: str, headers: dict[str, str]) -> None:
    """py-spy on the API while wrk drives ``url``: a flamegraph and a text summary."""
    spy = str(Path(sys.executable).parent / "py-spy")
    PROFILES.mkdir(exist_ok=True)
    raw = Path(tempfile.mkstemp(suffix=".txt")[1])
    base = ["record", "--pid", str(api_pid), "--duration", f"{SECONDS - 2:.0f}", "--nonblocking"]
    spies = [
        await asyncio.create_subprocess_exec(
            spy,
            *base,
            "--format",
            fmt,
            "--output",
            str(out),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for fmt, out in (("raw", raw), ("flamegraph", PROFILES / f"{label}-{name}.svg"))
    ]
    await wrk(url, headers, 50, SECONDS)
    for spy_proc in spies:
        await spy_proc.wait()
    (PROFILES / f"{label}-{name}.txt").write_text(summary(raw.read_text()))


ENTRY_FRAMES: tuple[str, ...] = ("click/", "<frozen runpy>", "uvicorn/main.py", "threading.py")
ENTRY_FRAMES += ("uvicorn/__main__.py", "uvicorn/server.py", "uvicorn/_compat.py", "runners.py")
"""Process and thread entry frames, under every sample of their thread: left out of the
inclusive ranking."""


def summary(raw: str, top: int = 25) -> str:
    """py-spy's collapsed stacks (every thread, idle ones included) summed by function: own
    time, then time including callees."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for row in raw.splitlines():
        stack, _, count = row.rpartition(" ")
        frames = stack.split(";")
        total += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    lines = [f"{total} samples (py-spy, every thread)", "", "own time:"]
    lines += [f"  {n * 100 / max(total, 1):5.1f}%  {f}" for f, n in own.most_common(top)]
    lines += ["", "including callees:"]
    ranked = [(f, n) for f, n in inclusive.most_common() if not any(e in f for e in ENTRY_FRAMES)]
    lines += [f"  {n * 100 / max(total, 1):5.1f}%  {f}" for f, n in ranked[: top * 2]]
    return "\n".join(lines) + "\n"


class Lines(list[str]):
    """Figures printed as soon as they are measured (a later failure keeps the earlier ones)."""

    def append(self, text: str) -> None:
        print(text, flush=True)
        super().append(text)

    def extend(self, more: Iterable[str]) -> None:
        for text in more:
            self.append(text)


async def http_figures(
    stack: BenchStack, client: httpx.AsyncClient, f: dict[str, str], bare_url: str, lines: Lines
) -> None:
    auth = {"Authorization": f["Authorization"]}
    api_pid = next(p.proc.pid for p in stack.procs if p.name == "api" and p.proc)
    label = os.environ.get("PROFILE", "")
    base = await wrk(f"{bare_url}/projects", {}, 50, SECONDS)
    lines.append(line("bare FastAPI JSON (same uvicorn flags)", base, base["rps"]))
    status_url = f"{stack.url}/blueprints/{f['done']}/status"
    figures = {
        "projects": ("GET /projects (page of 20)", f"{stack.url}/projects?limit=20", auth),
        "status": ("status of a finished operation", status_url, auth),
        "304": (
            "304 (If-None-Match, finished operation)",
            status_url,
            {**auth, "If-None-Match": f["etag"]},
        ),
    }
    for key, (name, url, headers) in figures.items():
        lines.append(line(name, await wrk(url, headers, 50, SECONDS), base["rps"]))
        if label:
            await profile(api_pid, label, key, url, headers)
    bid, worker = await running_operation(stack, client, f)
    async with worker:
        url = f"{stack.url}/blueprints/{bid}/status"
        while (await client.get(url, headers=auth)).json().get("stale", True):
            await asyncio.sleep(0.1)
        running = await wrk(url, auth, 50, SECONDS)
        lines.append(line("status of a running operation", running, base["rps"]))
        if label:
            await profile(api_pid, label, "running", url, auth)
    stack.worker = support.worker(stack.worker_env, stack.dir)


async def run() -> None:
    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install -y wrk` (Debian); skipping")
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # inherited by the stream client
    stack = BenchStack(worker=True).start()
    bare, bare_url = bare_server(stack)
    lines = Lines()
    api_pid = next(p.proc.pid for p in stack.procs if p.name == "api" and p.proc)
    try:
        async with httpx.AsyncClient(base_url=stack.url, timeout=60) as client:
            f = await fixtures(stack, client)
            if "http" in PARTS:
                await http_figures(stack, client, f, bare_url, lines)
        if "load" in PARTS:
            lines.extend(await load(stack, f, POLL_EVERY_MS))
        if "flood" in PARTS:
            lines.extend(await load(stack, f, 0))
        if "sse" in PARTS:
            lines.extend(await sse_figures(stack, f, api_pid))
    finally:
        bare.stop()
        stack.stop()


if __name__ == "__main__":
    asyncio.run(run())
