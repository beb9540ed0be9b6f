"""Test helpers that start real processes: Temporal dev server, moto server, worker, API."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
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
    cmd = [
        str(BIN / "temporal"),
        "server",
        "start-dev",
        "--ip",
        "127.0.0.1",
        "--port",
        str(port),
        "--headless",
        "--log-level",
        "error",
        "--search-attribute",
        "ProjectId=Keyword",
        "--search-attribute",
        "UserId=Keyword",
        "--search-attribute",
        "Phase=Keyword",
    ]
    if db_file is not None:
        cmd += [
            "--db-filename",
            str(db_file),
            "--sqlite-pragma",
            "journal_mode=wal",
            "--sqlite-pragma",
            "synchronous=normal",
        ]
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
    proc = Proc("worker", [sys.executable, "worker.py"], env, log_dir).start()
    try:
        wait_for(lambda: "worker started" in proc.output() or not proc.alive(), 60, "worker")
    except TimeoutError:
        proc.stop()  # never leave a half-started worker behind
        raise
    if not proc.alive():
        raise RuntimeError(f"worker died:\n{proc.output()[-3000:]}")
    return proc


class ThreadedServer:
    """The real app over real HTTP, served by uvicorn in a background thread."""

    def __init__(self, app: Any, port: int) -> None:
        self.port = port
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ThreadedServer:
        self.thread.start()
        wait_for(lambda: self.server.started, 30, "API server")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def random_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"
