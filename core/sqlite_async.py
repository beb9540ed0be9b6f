"""SQLite for SQLAlchemy's asyncio engine with one thread hop per statement at most.

aiosqlite (SQLAlchemy's ``sqlite+aiosqlite``) crosses to its connection thread for every cursor
operation: creating the cursor, executing, fetching, closing, then the pool's rollback. A read
of 20 rows took six hops, and under load each hop waits for the GIL (the event loop holds it
for up to ``sys.getswitchinterval()``) while the request keeps its pooled connection, so the
pool, not the CPU, capped throughput (py-spy: docs/architecture.md, "Status path").

Here each statement is one call on the connection's own thread (execute and fetch together),
and what needs no thread does not take one:

- reads (``SELECT``) run on the event loop itself: in WAL mode a reader never waits for a
  writer's lock, and the rows are already in the page cache or one ``read()`` away;
- writes, ``COMMIT`` and anything that may wait for the write lock (``busy_timeout``) run on the
  connection's thread, so a busy database blocks that thread, never the event loop;
- ``ROLLBACK`` of a connection with no open transaction (every read-only request, when the pool
  takes the connection back) is skipped.

The dialect is SQLAlchemy's own SQLite dialect (``SQLiteDialect_pysqlite``, async); only the
DBAPI adapter differs. ``core.db`` uses it for every SQLite URL (``sqlite+slipway://``).
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine.interfaces import AdaptedConnection
from sqlalchemy.engine.url import URL
from sqlalchemy.util import await_only

T = TypeVar("T")
DRIVER = "slipway"


def is_read(operation: str) -> bool:
    """A statement that takes no write lock: a plain ``SELECT`` (``WITH`` may write)."""
    return operation.lstrip()[:6].upper() == "SELECT"


class Executor:
    """One SQLite connection and the one thread that runs its blocking calls.

    A statement handed to the thread runs to its end even when the coroutine awaiting it is
    cancelled (a request dropped, an activity cancelled while a write waits in
    ``busy_timeout``): the write then takes the lock and opens a transaction nobody will end.
    ``pending`` tells of such calls, and ``close`` always closes the connection on its thread,
    after them, so that transaction is rolled back and the lock released at once; a connection
    dropped without closing held the database's one write lock until garbage collection, and
    every other writer, in every process, answered "database is locked" meanwhile."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._connect = connect
        self.conn: sqlite3.Connection | None = None
        self._last: concurrent.futures.Future[Any] | None = None

    async def open(self) -> sqlite3.Connection:
        return await self.run(self._open)

    def _open(self) -> sqlite3.Connection:
        self.conn = self._connect()
        return self.conn

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    @property
    def pending(self) -> bool:
        """Whether the thread still has work (it runs in order: the last call done, all are)."""
        return self._last is not None and not self._last.done()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        future = self._pool.submit(fn, *args)
        self._last = future
        return await asyncio.wrap_future(future)

    def close(self) -> concurrent.futures.Future[None]:
        """Close the connection on its thread once what it runs now is done, whatever happens
        to the caller, and let the thread go."""
        try:
            future = self._pool.submit(self._close)
        except RuntimeError:  # closed already (terminated after a close)
            future = concurrent.futures.Future()
            future.set_result(None)
        self._pool.shutdown(wait=False)
        return future


class Cursor:
    """A DBAPI cursor whose ``execute`` fetches every row at once (results here are small)."""

    server_side = False

    def __init__(self, adapter: Connection) -> None:
        self._adapter = adapter
        self._rows: collections.deque[Any] = collections.deque()
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1

    def _run(self, operation: str, parameters: Any, many: bool) -> None:
        cursor = self._adapter.conn.cursor()
        try:
            if many:
                cursor.executemany(operation, parameters)
            else:
                cursor.execute(operation, () if parameters is None else parameters)
            self.description = cursor.description
            self._rows = collections.deque(cursor.fetchall() if cursor.description else ())
            self.rowcount = cursor.rowcount
            self.lastrowid = cursor.lastrowid
        finally:
            cursor.close()

    async def _inline(self, operation: str, parameters: Any) -> None:
        """A read, here on the event loop's thread (a coroutine that never suspends: the
        greenlet bridge sees an await, the loop sees no extra iteration)."""
        self._run(operation, parameters, False)

    def execute(self, operation: str, parameters: Any = None) -> None:
        adapter = self._adapter
        if adapter.inline_reads and is_read(operation):
            await_only(self._inline(operation, parameters))
        else:
            await_only(adapter.executor.run(self._run, operation, parameters, False))

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> None:
        await_only(self._adapter.executor.run(self._run, operation, seq_of_parameters, True))

    def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        n = self.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(n, len(self._rows)))]

    def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    def __iter__(self) -> Iterator[Any]:
        while self._rows:
            yield self._rows.popleft()

    def close(self) -> None:
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        """SQLAlchemy's async results call this before buffering: rows are buffered already."""

    def setinputsizes(self, *sizes: Any) -> None:
        return None

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        return None


class Connection(AdaptedConnection):
    """The DBAPI connection SQLAlchemy sees (sync methods, awaited through its greenlet)."""

    __slots__ = ("conn", "dbapi", "executor", "inline_reads")

    def __init__(self, dbapi: Any, executor: Executor, inline_reads: bool) -> None:
        assert executor.conn is not None
        self.dbapi = dbapi
        self.executor = executor
        self.inline_reads = inline_reads
        self.conn = executor.conn
        self._connection = executor.conn  # type: ignore[assignment]  # the driver connection

    def cursor(self, server_side: bool = False) -> Cursor:
        return Cursor(self)

    def execute(self, operation: str, parameters: Any = None) -> Cursor:
        cursor = self.cursor()
        cursor.execute(operation, parameters)
        return cursor

    @property
    def isolation_level(self) -> str | None:
        return self.conn.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        def set_level() -> None:
            self.conn.isolation_level = value  # type: ignore[assignment]  # "" is DEFERRED

        await_only(self.executor.run(set_level))

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        await_only(self.executor.run(lambda: self.conn.create_function(*args, **kwargs)))

    def commit(self) -> None:
        if self.conn.in_transaction:
            await_only(self.executor.run(self.conn.commit))

    def rollback(self) -> None:
        # A write still on the thread (its caller cancelled) may be about to open a transaction.
        if self.conn.in_transaction or self.executor.pending:
            await_only(self.executor.run(self._rollback_open))

    def _rollback_open(self) -> None:
        if self.conn.in_transaction:
            self.conn.rollback()

    def close(self) -> None:
        # Shielded: a cancelled caller must not cancel the close, which releases the lock.
        await_only(asyncio.shield(asyncio.wrap_future(self.executor.close())))

    def terminate(self) -> None:
        self.executor.close()


class Dbapi:
    """The DBAPI module of the dialect: sqlite3's names, async connections."""

    paramstyle = "qmark"
    sqlite_version = sqlite3.sqlite_version
    sqlite_version_info = sqlite3.sqlite_version_info
    Binary = sqlite3.Binary
    PARSE_COLNAMES = sqlite3.PARSE_COLNAMES
    PARSE_DECLTYPES = sqlite3.PARSE_DECLTYPES
    Error = sqlite3.Error
    DatabaseError = sqlite3.DatabaseError
    IntegrityError = sqlite3.IntegrityError
    NotSupportedError = sqlite3.NotSupportedError
    OperationalError = sqlite3.OperationalError
    ProgrammingError = sqlite3.ProgrammingError
    InterfaceError = sqlite3.InterfaceError
    InternalError = sqlite3.InternalError
    DataError = sqlite3.DataError
    Warning = sqlite3.Warning

    def __init__(self, inline_reads: bool = True) -> None:
        self.inline_reads = inline_reads

    def connect(self, database: str, **kwargs: Any) -> Connection:
        kwargs["check_same_thread"] = False  # reads run on the event loop's thread
        executor = Executor(lambda: sqlite3.connect(database, **kwargs))
        try:
            await_only(executor.open())
        except BaseException:
            executor.close()  # a connection opened after its caller gave up is closed too
            raise
        return Connection(self, executor, self.inline_reads)


class SQLiteDialect_slipway(SQLiteDialect_pysqlite):
    driver = DRIVER
    is_async = True
    supports_statement_cache = True
    supports_server_side_cursors = False
    has_terminate = True

    @classmethod
    def import_dbapi(cls) -> Any:
        return Dbapi()

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        if cls._is_url_file_db(url):
            return pool.AsyncAdaptedQueuePool
        return pool.StaticPool

    def get_driver_connection(self, connection: Any) -> Any:
        return connection.conn

    def do_terminate(self, dbapi_connection: Any) -> None:
        dbapi_connection.terminate()


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect_slipway")
