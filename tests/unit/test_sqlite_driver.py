"""The SQLite driver (``core.sqlite_async``) never leaves the database's write lock behind.

A write whose caller is cancelled (a dropped request, an activity cancelled while its write waits
for the lock) still runs to its end on the connection's thread and opens a transaction. CI saw
the consequence: a cancelled in-process activity's connection, dropped without closing, held the
lock until garbage collection, and every signup of the next tests answered 503 "database is
locked". These tests hold such a write mid-statement with a SQL function that waits on an event,
cancel its caller, then let it finish.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db import create_engine


class Gate:
    """``gate()`` in SQL: tells that a statement is running, then waits to be let through."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> int:
        self.entered.set()
        self.release.wait(30)
        return 1


@pytest.fixture
async def gated(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, Gate, Path]]:
    path = tmp_path / "driver.db"
    engine = create_engine(f"sqlite:///{path}", pool_size=2)
    gate = Gate()

    def register(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("gate", 0, gate)

    event.listen(engine.sync_engine, "connect", register)
    async with engine.begin() as conn:
        await conn.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    yield engine, gate, path
    gate.release.set()
    await engine.dispose()


def write_from_another_process_view(path: Path) -> None:
    """A plain writer on its own connection, as the API or the worker would be: it waits at
    most 5 s for the lock."""
    other = sqlite3.connect(path, timeout=5)
    try:
        other.execute("INSERT INTO t VALUES (2)")
        other.commit()
    finally:
        other.close()


async def cancel_mid_write(engine: AsyncEngine, gate: Gate, *, commit: bool) -> None:
    async def writer() -> None:
        async with engine.connect() as conn:
            await conn.execute(sa.text("INSERT INTO t VALUES (gate())"))
            if commit:
                await conn.commit()

    task = asyncio.create_task(writer())
    await asyncio.to_thread(gate.entered.wait, 10)
    assert gate.entered.is_set()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    gate.release.set()  # the statement ends on its thread: it now holds the write lock


async def test_a_cancelled_write_does_not_keep_the_lock(
    gated: tuple[AsyncEngine, Gate, Path],
) -> None:
    engine, gate, path = gated
    await cancel_mid_write(engine, gate, commit=True)
    await asyncio.to_thread(write_from_another_process_view, path)
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT x FROM t ORDER BY x"))).scalars().all()
    assert rows == [2], "the cancelled write was rolled back, the other one landed"


async def test_the_engine_writes_again_after_a_cancelled_write(
    gated: tuple[AsyncEngine, Gate, Path],
) -> None:
    engine, gate, _ = gated
    await cancel_mid_write(engine, gate, commit=False)
    async with engine.begin() as conn:
        await conn.execute(sa.text("INSERT INTO t VALUES (3)"))
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT x FROM t"))).scalars().all()
    assert rows == [3]


async def test_a_connection_closed_twice_is_harmless(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'twice.db'}", pool_size=1)
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        adapted = raw.dbapi_connection
        assert adapted is not None
    await engine.dispose()
    adapted.terminate()  # already closed by dispose: nothing to do, nothing raised
