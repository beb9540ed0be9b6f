"""Database engine and sessions (async SQLAlchemy over SQLite or PostgreSQL/psycopg 3).

SQLite goes through ``core.sqlite_async`` (``sqlite+slipway``): one thread hop per statement at
most, reads on the event loop (aiosqlite took six hops per read; docs/architecture.md, "Status
path")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from core import sqlite_async

ASYNC_SQLITE = f"sqlite+{sqlite_async.DRIVER}"


def async_url(url: str) -> str:
    """The async driver URL for a configured DATABASE_URL."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"):
        return parsed.set(drivername=ASYNC_SQLITE).render_as_string(hide_password=False)
    return url


def sync_url(url: str) -> str:
    """The sync driver URL (Alembic)."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite+aiosqlite", ASYNC_SQLITE):
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    return url


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    ensure_sqlite_dir(url)
    target = async_url(url)
    if target.startswith("sqlite"):
        # SQLite has one writer at a time: writers queue in busy_timeout holding a connection
        # (a connection is a file handle and, once it writes, a thread). Overflow room for them
        # keeps the pool from starving reads, which never wait in WAL mode: under 200 pollers and
        # 20 writes/s beside a busy worker, 10 + 10 connections answered 503 DATABASE_BUSY.
        engine = create_async_engine(
            target,
            pool_size=pool_size,
            max_overflow=pool_size * 4,
            pool_timeout=5,  # an exhausted pool answers 503 DATABASE_BUSY rather than queueing
            connect_args={"timeout": 10},
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        target,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=5,
        connect_args={"connect_timeout": 5},
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


class RequestSession(AsyncSession):
    """A request's session, built on first use: a request answered from memory (a cached
    status, a ``304``) never builds one, and closing an unbuilt one costs nothing."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        # AsyncSession.__init__ runs on the first attribute the session is asked for.
        self.__dict__["_pending"] = factory.kw
        self.__dict__["_lent"] = 0
        self.__dict__["_close_when_back"] = False

    @property
    def built(self) -> bool:
        return "_pending" not in self.__dict__

    def lend(self) -> None:
        """Someone outliving the request uses the session (a status refresh finishing in the
        background): the request's ``close`` waits for ``give_back``."""
        self.__dict__["_lent"] += 1

    async def give_back(self) -> None:
        self.__dict__["_lent"] -= 1
        if self.__dict__["_lent"] == 0 and self.__dict__["_close_when_back"]:
            self.__dict__["_close_when_back"] = False
            await self.close()

    def __getattr__(self, name: str) -> Any:
        pending = self.__dict__.pop("_pending", None)
        if pending is None or name.startswith("__"):
            if pending is not None:
                self.__dict__["_pending"] = pending
            raise AttributeError(name)
        AsyncSession.__init__(self, **pending)
        return getattr(self, name)

    async def close(self) -> None:
        if self.__dict__["_lent"]:
            self.__dict__["_close_when_back"] = True
        elif self.built:
            await super().close()


@asynccontextmanager
async def session_scope(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session that commits on success and rolls back on error."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def release(session: AsyncSession) -> None:
    """End a request's read transaction so its pooled connection goes back to the pool while
    Temporal answers (a status query can take up to STATUS_QUERY_TIMEOUT; holding a connection
    through it lets a few hundred pollers exhaust the pool). Loaded rows stay usable."""
    if isinstance(session, RequestSession) and not session.built:
        return  # nothing was read: there is no connection to give back
    await session.commit()


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(sa.text("SELECT 1"))


def run_migrations(url: str) -> None:
    """Apply Alembic migrations up to the head (idempotent)."""
    from alembic import command
    from alembic.config import Config

    ensure_sqlite_dir(url)
    root = Path(__file__).resolve().parent.parent
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "migrations"))
    cfg.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")
