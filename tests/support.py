"""The shared test helpers, in one module.

- processes: the Temporal dev server, the moto server, the worker, the API in a thread (``Proc``,
  ``ThreadedServer``);
- the full stack the end-to-end tests share (``Stack``) and signed-up users (``make_user``);
- API flows: a project with a spec, polling a status, a polite GET, fault injection in the DB;
- AWS: the moto server's CloudFormation client, its stacks, boto3's event hooks.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import sqlalchemy as sa
import uvicorn
from botocore.hooks import HierarchicalEmitter

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "SecurePass123!"


UTC_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def assert_timestamps(body: Any, where: str = "$") -> None:
    """Every timestamp in a response (keys ending in ``At``, or ``timestamp``) is UTC with a
    ``Z`` suffix: one format across DB rows, workflow queries and memos."""
    if isinstance(body, dict):
        for key, value in body.items():
            if isinstance(value, str) and (key.endswith("At") or key == "timestamp"):
                assert UTC_Z.fullmatch(value), f"{where}.{key} = {value!r}"
            else:
                assert_timestamps(value, f"{where}.{key}")
    elif isinstance(body, list):
        for n, value in enumerate(body):
            assert_timestamps(value, f"{where}[{n}]")


class GaveUp(RuntimeError):
    """What ``wait_for`` waits for can no longer happen."""


_GIVEN: set[int] = set()
"""Ports ``free_port`` has handed out: never the same one twice in a test session (the OS may
offer a just-closed port again, and two servers of one stack then race for it)."""


def _ephemeral_floor() -> int:
    """The lowest port the OS hands out for a bind to port 0 (32768 unless configured)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A port nothing listens on, chosen below the range the OS hands out for port 0: a server
    started later that binds port 0 (the Temporal dev server does, for its internal services)
    can never be given it. A port from that range once went to Temporal between being chosen
    and moto binding it, and moto failed to start ("Port … is in use by another program")."""
    floor = _ephemeral_floor()
    low = 10000 if floor > 12000 else 1024
    while True:
        port = low + secrets.randbelow(max(floor - low, 1))
        if port in _GIVEN:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # something listens there (or is about to): another one
        _GIVEN.add(port)
        return port


def listening_socket(port: int = 0) -> socket.socket:
    """A socket bound now (``0``: any free port), for a server started later: nothing else can
    take its port meanwhile."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    _GIVEN.add(int(sock.getsockname()[1]))
    return sock


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except GaveUp:
            raise  # what was waited for is gone: it will never be ready
        except Exception as exc:
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout}s (last error: {last})")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Proc:
    """A child process in its own process group, with its output captured to a file."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.cmd = cmd
        self.env = env
        self.log_path = log_dir / f"{name}-{uuid.uuid4().hex[:6]}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Proc:
        self.log_path = self.log_path.with_name(f"{self.name}-{uuid.uuid4().hex[:6]}.log")
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            self.cmd,
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


def temporal_server(port: int, log_dir: Path, db_file: Path | None = None) -> Proc:
    """The dev server, with the search attributes Slipway's workflows set (and a persistent
    SQLite file when ``db_file`` is given)."""
    cmd = [str(BIN / "temporal"), *["server", "start-dev", "--ip", "127.0.0.1", "--headless"]]
    cmd += ["--port", str(port), "--log-level", "error"]
    for name in ("ProjectId", "UserId", "Phase"):
        cmd += ["--search-attribute", f"{name}=Keyword"]
    if db_file is not None:
        cmd += ["--db-filename", str(db_file)]
        cmd += ["--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal"]
    proc = Proc("temporal", cmd, dict(os.environ), log_dir).start()
    wait_for(lambda: port_open(port), 60, "Temporal dev server")
    return proc


def moto_server(port: int, log_dir: Path) -> Proc:
    cmd = [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    proc = Proc("moto", cmd, dict(os.environ), log_dir).start()
    wait_for(
        lambda: httpx.get(f"http://127.0.0.1:{port}/moto-api/", timeout=1).status_code < 500,
        60,
        "moto server",
    )
    return proc


def worker(env: dict[str, str], log_dir: Path) -> Proc:
    """A started worker process. One that dies while starting, before any of Slipway's code
    runs (seen once in CI: no traceback, right after the previous worker was SIGKILLed, inside
    the Temporal SDK's native worker start), is started once more; a second death is an error
    with both outputs and exit codes."""
    deaths: list[str] = []
    for _ in range(2):
        proc = Proc("worker", [sys.executable, "worker.py"], env, log_dir).start()
        try:
            wait_for(lambda p=proc: "worker started" in p.output() or not p.alive(), 60, "worker")
        except TimeoutError:
            proc.stop()  # never leave a half-started worker behind
            raise
        if proc.alive():
            return proc
        code = proc.proc.returncode if proc.proc is not None else None
        deaths.append(f"exit code {code}:\n{proc.output()[-3000:]}")
    raise RuntimeError("worker died twice while starting:\n" + "\n---\n".join(deaths))


class ThreadedServer:
    """The real app over real HTTP, served by uvicorn in a background thread."""

    def __init__(self, app: Any, port: int = 0, sock: socket.socket | None = None) -> None:
        self.sock = sock or listening_socket(port)
        self.port = int(self.sock.getsockname()[1])
        self.server = uvicorn.Server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=self.port,
                log_config=None,
                lifespan="on",
                proxy_headers=False,  # TRUSTED_PROXIES alone decides the client address
            )
        )
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self) -> ThreadedServer:
        self.thread.start()
        wait_for(self._started, 30, "API server")
        return self

    def _started(self) -> bool:
        if not self.server.started and not self.thread.is_alive():
            raise GaveUp("the API server stopped while starting (see its log above)")
        return bool(self.server.started)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The server's event loop (to run what must happen on it, e.g. holding the app's pooled
        connections: an asyncio pool's queue belongs to the loop that first waits on it)."""
        return self.server.servers[0].get_loop()


def random_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


# --- the full stack ------------------------------------------------------------------------------


@dataclass
class Stack:
    env: dict[str, str]
    data_dir: Path
    log_dir: Path
    temporal: Proc
    temporal_port: int
    moto: Proc
    moto_url: str
    api: ThreadedServer
    database_url: str
    worker: Proc | None = None

    @property
    def url(self) -> str:
        return self.api.url

    def ensure_worker(self) -> Proc:
        if self.worker is None or not self.worker.alive():
            self.worker = worker(self.env, self.log_dir)
        return self.worker

    def stop_worker(self, sig: int = signal.SIGTERM) -> None:
        if self.worker is not None:
            self.worker.stop(sig)


class Api(httpx.AsyncClient):
    """An HTTP client for one signed-up user, with its own client IP (via a trusted proxy)."""

    email: str
    tokens: dict[str, Any]


async def make_user(stack: Stack, email: str | None = None) -> Api:
    email = email or f"user-{uuid.uuid4().hex[:12]}@example.com"
    client = Api(base_url=stack.url, timeout=30, headers={"X-Forwarded-For": random_ip()})
    r = await client.post("/auth/signup", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    r = await client.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.email = email
    client.tokens = r.json()
    client.headers["Authorization"] = f"Bearer {client.tokens['accessToken']}"
    return client


# --- API flows -----------------------------------------------------------------------------------


SPEC_10 = (ROOT / "tests" / "specs" / "ten_entities.md").read_text()
"""Ten entities with relationships (the generation tests' and benchmarks' spec)."""


async def project_with_spec(client: httpx.AsyncClient, spec: str = SPEC_10) -> str:
    r = await client.post("/projects", json={"name": "Gen"})
    assert r.status_code == 201, r.text
    pid = str(r.json()["data"]["id"])
    r = await client.post(f"/projects/{pid}/spec/apply", json={"content": spec})
    assert r.status_code == 201, r.text
    return pid


async def wait_status(
    client: httpx.AsyncClient,
    url: str,
    statuses: tuple[str, ...] = ("completed", "failed"),
    timeout: float = 60,
    *,
    data: bool = False,
) -> dict[str, Any]:
    """Poll a status URL until its status is one of ``statuses`` (and, for a ``data``-wrapped
    body such as a deployment's, until it is no longer stale)."""
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        answer = await get_json(client, url)
        body = answer["data"] if data else answer
        if body["status"] in statuses and not (data and body["stale"]):
            return body
        # quick at first, then gentle (the project-operations limit is 100/min per user)
        await asyncio.sleep(min(1.0, 0.1 + (time.monotonic() - deadline + timeout) / 10))
    raise AssertionError(f"{url} still {body} after {timeout}s")


def corrupt_spec(database_url: str, project_id: str, content: str) -> None:
    """Fault injection at the database boundary: overwrite a project's stored spec versions."""
    engine = sa.create_engine(database_url)
    key = uuid.UUID(project_id).hex if database_url.startswith("sqlite") else project_id
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE spec_versions SET content = :c WHERE project_id = :p"),
            {"c": content, "p": key},
        )
    engine.dispose()


BROKEN_SPEC = "# Broken\n\n## Entities\n\n### Task\n- title: strng\n"


async def get_json(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    """GET that waits out a 429 as a polite client does (long tests poll a lot)."""
    for _ in range(30):
        r = await client.get(url, params=params or None)
        if r.status_code != 429:
            assert r.status_code == 200, r.text
            assert_timestamps(r.json())
            return r.json()
        await asyncio.sleep(min(float(r.headers.get("retry-after", "1")), 5))
    raise AssertionError(f"{url} stayed rate limited")


# --- deployments ---------------------------------------------------------------------------------

SHOP_SPEC = (ROOT / "tests" / "specs" / "shop.md").read_text()
SHOP_WITH_REVIEWS = (
    SHOP_SPEC + "\n### Review\n- product: ref Product, required\n- stars: integer, required\n"
)
SHOP_TYPE_CHANGED = SHOP_SPEC.replace(
    "- quantity: integer, default 1", "- quantity: string, default 1"
)
SHOP_ORDER_REMOVED = SHOP_SPEC.split("### Order")[0]


async def generated(
    client: httpx.AsyncClient, spec: str, pid: str | None = None
) -> tuple[str, str]:
    """A project (new, or ``pid`` with a new spec version) with a completed blueprint."""
    if pid is None:
        pid = await project_with_spec(client, spec)
    else:
        r = await client.post(f"/projects/{pid}/spec/apply", json={"content": spec})
        assert r.status_code == 201, r.text
    r = await client.post(f"/projects/{pid}/spec/generate-blueprint")
    assert r.status_code == 202, r.text
    bid = r.json()["blueprint"]["id"]
    assert (await wait_status(client, f"/blueprints/{bid}/status"))["status"] == "completed"
    return pid, bid


async def deployment(
    client: httpx.AsyncClient, did: str, statuses: tuple[str, ...], timeout: float = 90
) -> dict[str, Any]:
    """A deployment's status once it reads one of ``statuses`` and is not stale."""
    return await wait_status(client, f"/deployments/{did}", statuses, timeout, data=True)


async def deploy(client: httpx.AsyncClient, pid: str, **body: Any) -> httpx.Response:
    return await client.post(f"/projects/{pid}/deploy", json=body)


# --- AWS (the moto server) -----------------------------------------------------------------------


def cfn(stack: Stack) -> Any:
    return boto3.client(
        "cloudformation",
        endpoint_url=stack.moto_url,
        region_name="us-east-1",
        aws_access_key_id="slipway-local",
        aws_secret_access_key="slipway-local",
    )


def stack_names(stack: Stack) -> list[str]:
    """Every stack on the moto server (DescribeStacks pages; the session deploys many)."""
    pages = cfn(stack).get_paginator("describe_stacks").paginate()
    return [s["StackName"] for page in pages for s in page["Stacks"]]


def templates_live(stack: Stack, stacks: list[dict[str, Any]]) -> dict[str, Any]:
    """The templates the moto server holds for these stacks, by stack key."""
    client = cfn(stack)
    return {s["key"]: client.get_template(StackName=s["name"])["TemplateBody"] for s in stacks}


def boto3_events() -> HierarchicalEmitter:
    """The event hooks of boto3's default session, which the activities' clients come from
    (fault injection at the AWS boundary of an in-process worker)."""
    if boto3.DEFAULT_SESSION is None:
        boto3.setup_default_session()
    assert boto3.DEFAULT_SESSION is not None
    events: HierarchicalEmitter = boto3.DEFAULT_SESSION.events
    return events
