"""`make run`'s launcher: a busy port is one clear line; the whole stack starts, serves the 000
flow, survives a restart with a workflow still running and the local AWS's state kept, restarts
a crashed worker or API, stops everything when moto dies, and stops without leftovers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import httpx
import pytest

from tests.support import PASSWORD, ROOT, free_port, wait_for


def dynamodb(port: int) -> object:
    return boto3.client(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def make_table(port: int, name: str) -> None:
    client = dynamodb(port)
    client.create_table(  # type: ignore[attr-defined]
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName=name, Item={"id": {"S": "kept"}})  # type: ignore[attr-defined]
    client.scan(TableName=name)  # type: ignore[attr-defined]  # read-only: compacted away


def launcher_env(data: Path, api: int, temporal: int, ui: int, moto: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "RATE_LIMIT_STORAGE", "JWT_SECRET")
    }
    env.update(
        SLIPWAY_DATA_DIR=str(data),
        PORT=str(api),
        TEMPORAL_ADDRESS=f"127.0.0.1:{temporal}",
        TEMPORAL_UI_PORT=str(ui),
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{moto}",
        TASK_QUEUE=f"launcher-{api}",
        SLIPWAY_ENV="development",
    )
    return env


def start(env: dict[str, str], log: Path, cmd: list[str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd or [sys.executable, "-m", "scripts.run_stack"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = launcher_env(tmp_path, port, free_port(), free_port(), free_port())
        result = subprocess.run(
            [sys.executable, "-m", "scripts.run_stack"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"error: port {port} is already in use (set PORT to use another port)"]


def descendants_alive(marker: str) -> list[str]:
    out = subprocess.run(
        ["pgrep", "-af", marker], capture_output=True, text=True, check=False
    ).stdout
    return [line for line in out.splitlines() if "pgrep" not in line]


def worker_pid(task_queue: str) -> int:
    """The worker process of this launcher (found by its TASK_QUEUE)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"worker.py" in cmdline and f"TASK_QUEUE={task_queue}".encode() in environ.split(b"\0"):
            return int(entry.name)
    raise AssertionError("worker process not found")


@pytest.mark.slow
def test_stack_serves_survives_restart_and_stops_clean(tmp_path: Path) -> None:
    api, temporal, ui, moto = free_port(), free_port(), free_port(), free_port()
    env = launcher_env(tmp_path / "data", api, temporal, ui, moto)
    log = tmp_path / "launcher.log"
    base = f"http://127.0.0.1:{api}"
    proc = start(env, log)
    try:
        wait_for(lambda: httpx.get(f"{base}/health", timeout=1).status_code == 200, 120, "stack")
        assert httpx.get(f"{base}/health/ready", timeout=5).status_code == 200
        client = httpx.Client(base_url=base, timeout=30)
        assert (
            client.post(
                "/auth/signup", json={"email": "you@example.com", "password": PASSWORD}
            ).status_code
            == 201
        )
        token = client.post(
            "/auth/login", json={"email": "you@example.com", "password": PASSWORD}
        ).json()["accessToken"]
        client.headers["Authorization"] = f"Bearer {token}"
        pid = client.post(
            "/projects", json={"name": "My App", "templateId": "task-manager"}
        ).json()["data"]["id"]
        make_table(moto, "kept-across-restarts")
        # Freeze the worker (fault injection at the process boundary), start a generation, and
        # stop the whole stack while that workflow is still running.
        worker = worker_pid(f"launcher-{api}")
        os.kill(worker, signal.SIGSTOP)
        bid = client.post(f"/projects/{pid}/spec/generate-blueprint").json()["blueprint"]["id"]
        assert client.get(f"/blueprints/{bid}/status").json()["status"] == "processing"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    assert proc.returncode == 0, log.read_text()[-2000:]
    time.sleep(1)
    assert not descendants_alive(str(temporal)), "a child survived the launcher"

    proc = start(env, log)
    try:
        wait_for(
            lambda: httpx.get(f"{base}/health", timeout=1).status_code == 200,
            120,
            "stack after restart",
        )
        client = httpx.Client(base_url=base, timeout=30)
        token = client.post(
            "/auth/login", json={"email": "you@example.com", "password": PASSWORD}
        ).json()["accessToken"]
        client.headers["Authorization"] = f"Bearer {token}"
        wait_for(
            lambda: client.get(f"/blueprints/{bid}/status").json()["status"] == "completed",
            60,
            "generation after restart",
        )
        assert [p["id"] for p in client.get("/projects").json()["data"]] == [pid]
        # the local AWS replayed its recording: the table and its item are back
        item = dynamodb(moto).get_item(  # type: ignore[attr-defined]
            TableName="kept-across-restarts", Key={"id": {"S": "kept"}}
        )
        assert item["Item"]["id"]["S"] == "kept"
        assert "local AWS: replayed" in log.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    assert proc.returncode == 0
    time.sleep(1)
    assert not descendants_alive(str(temporal))


def test_sigterm_to_make_run_stops_everything(tmp_path: Path) -> None:
    """A SIGTERM sent to the make process only (a supervisor, `timeout make run`) reaches the
    launcher (the recipe execs it) and nothing is left behind."""
    api, temporal, ui, moto = free_port(), free_port(), free_port(), free_port()
    env = launcher_env(tmp_path / "data", api, temporal, ui, moto)
    env.pop("MAKEFLAGS", None)
    log = tmp_path / "make-run.log"
    proc = start(env, log, ["make", "--no-print-directory", "run", f"PY={sys.executable}"])
    try:
        wait_for(
            lambda: httpx.get(f"http://127.0.0.1:{api}/health", timeout=1).status_code == 200,
            120,
            "stack via make run",
        )
    finally:
        proc.send_signal(signal.SIGTERM)  # the make process only, not its process group
        proc.wait(60)
    time.sleep(1)
    for marker in (f"--port {temporal}", f"--port {api}", f"-p {moto}"):
        assert not descendants_alive(marker), (marker, log.read_text()[-2000:])
    assert "stopped" in log.read_text()


def pid_of(*markers: str) -> int:
    """The process whose command line holds every marker."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if all(m in cmdline for m in markers) and "pytest" not in cmdline:
            return int(entry.name)
    raise AssertionError(f"no process with {markers}")


@pytest.mark.slow
def test_crashed_worker_and_api_restart_and_moto_dying_stops_everything(tmp_path: Path) -> None:
    api, temporal, ui, moto = free_port(), free_port(), free_port(), free_port()
    env = launcher_env(tmp_path / "data", api, temporal, ui, moto)
    log = tmp_path / "launcher.log"
    base = f"http://127.0.0.1:{api}"
    proc = start(env, log)
    try:
        wait_for(lambda: httpx.get(f"{base}/health", timeout=1).status_code == 200, 120, "stack")
        first = worker_pid(f"launcher-{api}")
        os.kill(first, signal.SIGKILL)  # a crash, at the process boundary
        wait_for(lambda: "worker restarted" in log.read_text(), 30, "worker restart")
        assert "worker killed by signal SIGKILL" in log.read_text()
        wait_for(lambda: worker_pid(f"launcher-{api}") != first, 30, "a new worker")
        os.kill(pid_of("uvicorn", f"--port {api}"), signal.SIGKILL)
        wait_for(lambda: "api restarted" in log.read_text(), 30, "api restart")
        wait_for(lambda: httpx.get(f"{base}/health", timeout=1).status_code == 200, 60, "api")
        assert proc.poll() is None  # the launcher is still up
        os.kill(pid_of("moto_server", f"-p {moto}"), signal.SIGKILL)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
    text = log.read_text()
    assert proc.returncode == 1, text[-2000:]
    assert "moto killed by signal SIGKILL (the local AWS is gone" in text
    assert "stopping the other services" in text
    time.sleep(1)
    for marker in (f"--port {temporal}", f"--port {api}", f"-p {moto}"):
        assert not descendants_alive(marker), marker


def test_embedded_postgres_serves_sandboxes_where_there_is_none(tmp_path: Path) -> None:
    """make run's fallback: no PostgreSQL configured nor listening (here: a port nothing listens
    on) starts the embedded one, which takes a sandbox schema, and stops it."""
    import psycopg

    from core.settings import Settings
    from scripts import embedded_pg

    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/x.db", jwt_secret="s" * 40, slipway_data_dir=tmp_path
    )
    assert embedded_pg.needed(settings, local_port=free_port())
    assert not embedded_pg.needed(settings.model_copy(update={"sandbox_database_url": "x"}))
    # not under pytest's basetemp: pytest makes /tmp/pytest-of-<user> private (0700) whenever a
    # session starts, and the server runs as its own system user when we are root
    folder = Path(tempfile.mkdtemp(prefix="slipway-pg-"))
    server = embedded_pg.start(folder / "postgres")
    try:
        with psycopg.connect(server.url, autocommit=True) as conn:
            conn.execute(b'CREATE SCHEMA "sbx_probe"')
            conn.execute(b'CREATE TABLE "sbx_probe".t (id int)')
            assert conn.execute(b"SELECT count(*) FROM sbx_probe.t").fetchone() == (0,)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url, connect_timeout=2)
