"""Session fixtures: one real Temporal dev server, moto server, database, worker and API.

DATABASE_URL selects the database (SQLite by default; a PostgreSQL URL gets a fresh database per
test session). RATE_LIMIT_STORAGE selects memory or Redis (keys prefixed per session).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests import support
from tests.support import (
    Api,
    Proc,
    Stack,
    ThreadedServer,
    free_port,
    listening_socket,
    make_user,
    random_ip,
)


def _fresh_postgres(url: str) -> tuple[str, str]:
    parsed = make_url(url)
    name = f"slipway_t_{uuid.uuid4().hex[:10]}"
    admin = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres(url: str, name: str) -> None:
    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(
    data_dir: Path, database_url: str, temporal_port: int, moto_port: int, api_port: int
) -> dict[str, str]:
    """The processes' environment: every setting pointing at this session's servers."""
    return {
        **os.environ,
        "SLIPWAY_ENV": "test",
        "SLIPWAY_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "TEMPORAL_ADDRESS": f"127.0.0.1:{temporal_port}",
        "TASK_QUEUE": f"slipway-test-{uuid.uuid4().hex[:8]}",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "AWS_REGION": "us-east-1",
        "JWT_SECRET": uuid.uuid4().hex * 2,
        "RATE_LIMIT_STORAGE": os.environ.get("RATE_LIMIT_STORAGE", "memory://"),
        "RATE_LIMIT_KEY_PREFIX": f"slipway-test-{uuid.uuid4().hex[:8]}",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LLM_PROVIDER": "offline",
        "PORT": str(api_port),
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from core.db import run_migrations

    base = tmp_path_factory.mktemp("stack")
    data_dir, log_dir = base / "data", base / "logs"
    data_dir.mkdir()
    log_dir.mkdir()
    configured = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if configured.startswith("postgres"):
        database_url, pg_name = _fresh_postgres(
            configured.replace("postgres://", "postgresql+psycopg://", 1)
        )
    else:
        database_url = f"sqlite:///{data_dir / 'slipway.db'}"
    api_socket = listening_socket()  # held from now on: no server started meanwhile takes it
    api_port = int(api_socket.getsockname()[1])
    temporal_port, moto_port = free_port(), free_port()
    env = _environment(data_dir, database_url, temporal_port, moto_port, api_port)
    os.environ.update(env)
    from core.settings import Settings, get_settings

    get_settings.cache_clear()
    run_migrations(database_url)
    # whatever has started is stopped, even when a later part fails to start
    with contextlib.ExitStack() as started:
        started.callback(api_socket.close)
        if pg_name:
            admin = configured.replace("postgres://", "postgresql+psycopg://", 1)
            started.callback(_drop_postgres, admin, pg_name)
        servers: list[Stack] = []
        temporal = support.temporal_server(temporal_port, log_dir)
        # a test may restart Temporal: the one to stop is the stack's current one
        started.callback(lambda: (servers[0].temporal if servers else temporal).stop())
        moto = support.moto_server(moto_port, log_dir)
        started.callback(moto.stop)
        from api.main import create_app

        api = ThreadedServer(create_app(Settings()), sock=api_socket).start()
        started.callback(api.stop)
        s = Stack(
            env=env,
            data_dir=data_dir,
            log_dir=log_dir,
            temporal=temporal,
            temporal_port=temporal_port,
            moto=moto,
            moto_url=f"http://127.0.0.1:{moto_port}",
            api=api,
            database_url=database_url,
        )
        servers.append(s)
        started.callback(s.stop_worker)
        yield s


@pytest.fixture
def worker(stack: Stack) -> Proc:
    """A running worker process (restarted if a previous test stopped it)."""
    return stack.ensure_worker()


@pytest.fixture
async def user(stack: Stack) -> AsyncIterator[Api]:
    client = await make_user(stack)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def other_user(stack: Stack) -> AsyncIterator[Api]:
    client = await make_user(stack)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def anon(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        base_url=stack.url, timeout=30, headers={"X-Forwarded-For": random_ip()}
    ) as client:
        yield client


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "e2e: runs against the full stack (real servers over HTTP); set by the stack fixture",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The layers: a test that uses the full stack is end-to-end (``-m "not e2e"`` runs the unit,
    service and workflow layers alone, in seconds)."""
    for item in items:
        if "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
