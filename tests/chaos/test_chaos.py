"""Chaos at the boundaries: the Temporal server stopped and restarted mid-generation and
mid-deploy (with the worker frozen mid-activity), the API
killed mid-POST and retried with the same Idempotency-Key, the database unreachable."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests import support
from tests.support import (
    SPEC_10,
    Proc,
    Stack,
    free_port,
    make_user,
    stack_names,
    wait_for,
    wait_status,
)

pytestmark = pytest.mark.slow


@dataclass
class Mini:
    """Its own Temporal (persistent file), API process and worker: safe to break."""

    env: dict[str, str]
    temporal_port: int
    api_port: int
    db_file: Path
    log_dir: Path
    temporal: Proc
    api: Proc
    worker: Proc | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def start_api(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.api_port),
            "--no-proxy-headers",
        ]
        self.api = Proc("mini-api", cmd, self.env, self.log_dir).start()
        wait_for(
            lambda: httpx.get(f"{self.url}/health", timeout=1).status_code == 200, 30, "mini api"
        )

    def start_temporal(self) -> None:
        self.temporal = support.temporal_server(
            self.temporal_port, self.log_dir, db_file=self.db_file
        )


@pytest.fixture
def mini(stack: Stack, tmp_path: Path) -> Iterator[Mini]:
    temporal_port, api_port = free_port(), free_port()
    env = {
        **stack.env,
        "TEMPORAL_ADDRESS": f"127.0.0.1:{temporal_port}",
        "TASK_QUEUE": f"chaos-{uuid.uuid4().hex[:6]}",
        "PORT": str(api_port),
    }
    db_file = tmp_path / "temporal.db"
    m = Mini(
        env,
        temporal_port,
        api_port,
        db_file,
        stack.log_dir,
        support.temporal_server(temporal_port, stack.log_dir, db_file=db_file),
        None,
    )  # type: ignore[arg-type]
    m.start_api()
    try:
        yield m
    finally:
        for proc in (m.worker, m.api, m.temporal):
            if proc is not None:
                proc.stop()


@pytest.fixture
async def mini_user(mini: Mini, stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    client = await make_user(stack)  # same database: the user exists for the mini API too
    client.base_url = httpx.URL(mini.url)
    try:
        yield client
    finally:
        await client.aclose()


async def new_project(client: httpx.AsyncClient) -> str:
    pid = (await client.post("/projects", json={"name": "Chaos"})).json()["data"]["id"]
    assert (
        await client.post(f"/projects/{pid}/spec/apply", json={"content": SPEC_10})
    ).status_code == 201
    return str(pid)


async def test_temporal_restarted_mid_generation(mini: Mini, mini_user: httpx.AsyncClient) -> None:
    pid = await new_project(mini_user)
    bid = (await mini_user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"][
        "id"
    ]  # no worker yet: stays running
    mini.temporal.stop()
    start = time.monotonic()
    r = await mini_user.get(f"/blueprints/{bid}/status")
    assert r.status_code == 200 and r.json()["stale"] is True and r.json()["status"] == "processing"
    assert time.monotonic() - start < 5  # design target 2 s; generous on a shared machine
    ready = await mini_user.get("/health/ready")
    assert ready.status_code == 503 and "temporal" in ready.json()["failing"]
    r = await mini_user.post(f"/projects/{pid}/spec/generate-blueprint")
    assert r.status_code == 503 and r.json()["code"] == "TEMPORAL_UNAVAILABLE"
    mini.start_temporal()
    mini.worker = support.worker(mini.env, mini.log_dir)
    final = await wait_status(mini_user, f"/blueprints/{bid}/status", timeout=120)
    assert final["status"] == "completed"
    wait_for(
        lambda: httpx.get(f"{mini.url}/health/ready", timeout=5).status_code == 200,
        30,
        "ready again",
    )


async def test_temporal_restarted_mid_deploy_with_worker_frozen(
    mini: Mini, mini_user: httpx.AsyncClient, stack: Stack
) -> None:
    """A deploy with a stack done and others in flight: the worker is frozen mid-activity and
    the Temporal server restarted under it. Status answers (stale) meanwhile; once both are back,
    the activity heartbeats again and the run completes with every stack created once."""
    mini.worker = support.worker(mini.env, mini.log_dir)
    pid = await new_project(mini_user)
    r = await mini_user.post(f"/projects/{pid}/spec/generate-blueprint")
    assert (await wait_status(mini_user, r.json()["statusUrl"], timeout=120))[
        "status"
    ] == "completed"
    r = await mini_user.post(f"/projects/{pid}/deploy", json={})
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    body: dict[str, object] = {}
    for _ in range(600):
        body = (await mini_user.get(f"/deployments/{did}")).json()["data"]
        stacks = body["stacks"]
        assert isinstance(stacks, list)
        if any(s.get("status") == "completed" for s in stacks):
            break
        await asyncio.sleep(0.05)
    assert body["status"] not in ("completed", "failed"), body
    worker = mini.worker
    assert worker is not None and worker.proc is not None
    os.killpg(worker.proc.pid, signal.SIGSTOP)
    try:
        mini.temporal.stop()
        start = time.monotonic()
        while True:  # the view may answer its last live status for up to its refresh period
            r = await mini_user.get(f"/deployments/{did}")
            assert r.status_code == 200, r.text
            if r.json()["data"]["stale"] is True or time.monotonic() - start > 5:
                break
            await asyncio.sleep(0.05)
        assert r.json()["data"]["stale"] is True
        assert r.json()["data"]["status"] not in ("completed", "failed")
        assert time.monotonic() - start < 5
        assert (await mini_user.get("/health/ready")).status_code == 503
        mini.start_temporal()
    finally:
        os.killpg(worker.proc.pid, signal.SIGCONT)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 180
    while loop.time() < deadline:
        body = (await mini_user.get(f"/deployments/{did}")).json()["data"]
        if body["status"] in ("completed", "failed") and not body["stale"]:
            break
        await asyncio.sleep(0.5)
    assert body["status"] == "completed", body
    names = stack_names(stack)
    stacks = body["stacks"]
    assert isinstance(stacks, list) and stacks
    for s in stacks:
        assert names.count(s["name"]) == 1


async def test_retry_with_same_key_after_temporal_outage_runs_once(
    mini: Mini, mini_user: httpx.AsyncClient
) -> None:
    pid = await new_project(mini_user)
    key = uuid.uuid4().hex
    mini.temporal.stop()
    r = await mini_user.post(
        f"/projects/{pid}/spec/generate-blueprint", headers={"Idempotency-Key": key}
    )
    assert r.status_code == 503  # the row is saved, nothing started
    mini.start_temporal()
    mini.worker = support.worker(mini.env, mini.log_dir)
    first = await mini_user.post(
        f"/projects/{pid}/spec/generate-blueprint", headers={"Idempotency-Key": key}
    )
    again = await mini_user.post(
        f"/projects/{pid}/spec/generate-blueprint", headers={"Idempotency-Key": key}
    )
    assert first.status_code == again.status_code == 202
    assert first.json()["blueprint"]["id"] == again.json()["blueprint"]["id"]
    await wait_status(mini_user, first.json()["statusUrl"], timeout=120)
    assert len((await mini_user.get(f"/projects/{pid}/blueprints")).json()["data"]) == 1


async def test_api_killed_mid_post_then_retry_runs_once(
    mini: Mini, mini_user: httpx.AsyncClient
) -> None:
    mini.worker = support.worker(mini.env, mini.log_dir)
    pid = await new_project(mini_user)
    key = uuid.uuid4().hex
    assert mini.api.proc is not None
    os.kill(mini.api.proc.pid, signal.SIGSTOP)  # the request reaches a frozen server...
    pending = asyncio.create_task(
        mini_user.post(
            f"/projects/{pid}/spec/generate-blueprint", headers={"Idempotency-Key": key}, timeout=30
        )
    )
    await asyncio.sleep(0.5)
    mini.api.kill()  # ...which dies before answering
    with pytest.raises(httpx.HTTPError):
        await pending
    mini.start_api()
    responses = [
        await mini_user.post(
            f"/projects/{pid}/spec/generate-blueprint", headers={"Idempotency-Key": key}
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [202, 202]
    assert responses[0].json()["blueprint"]["id"] == responses[1].json()["blueprint"]["id"]
    await wait_status(mini_user, responses[0].json()["statusUrl"], timeout=120)
    assert len((await mini_user.get(f"/projects/{pid}/blueprints")).json()["data"]) == 1


class Proxy:
    """A TCP proxy in front of PostgreSQL that can be switched off and on."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.up = True
        self.server: asyncio.base_events.Server | None = None
        self.pipes: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.port)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.pipes |= {writer, up_writer}

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))

    def cut(self) -> None:
        self.up = False
        for w in list(self.pipes):
            w.close()
        self.pipes.clear()


@pytest.mark.db
async def test_database_unreachable_is_503_and_recovers(stack: Stack) -> None:
    if not stack.database_url.startswith("postgresql"):
        pytest.skip("needs a networked database (runs in the PostgreSQL pass of CI)")
    from sqlalchemy.engine import make_url

    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer

    url = make_url(stack.database_url)
    proxy = Proxy(url.port or 5432)
    await proxy.start()
    settings = Settings(database_url=url.set(port=proxy.port).render_as_string(hide_password=False))
    server = ThreadedServer(create_app(settings)).start()
    client = await make_user(stack)
    client.base_url = httpx.URL(server.url)
    try:
        assert (await client.get("/projects")).status_code == 200
        proxy.cut()
        r = await client.post("/projects", json={"name": "During outage"})
        assert r.status_code == 503 and r.json()["code"] == "DATABASE_UNAVAILABLE"
        ready = await client.get("/health/ready")
        assert ready.status_code == 503 and "database" in ready.json()["failing"]
        proxy.up = True
        for _ in range(50):
            r = await client.get("/projects")
            if r.status_code == 200:
                break
            await asyncio.sleep(0.2)
        assert r.status_code == 200
        assert "During outage" not in r.text  # no partial write
    finally:
        await client.aclose()
        server.stop()
