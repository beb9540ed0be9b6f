"""The per-process fan-out of operation events: one reader of the event log serves every open
stream (1,000 streams are not 1,000 database pollers).

- PostgreSQL: a ``LISTEN`` connection (psycopg, async) wakes the reader on every committed
  event (``core.repositories.events.NOTIFY_CHANNEL``); a slow poll backs it up, and a lost
  connection is re-opened and caught up by id.
- SQLite: one shared poller reads ``id > last`` every ``EVENTS_POLL_INTERVAL`` seconds.

The reader hands each event, in id order, to the subscriptions of its keys (``keys_of``) and
tells the status view to forget the subject's answers. A subscription that falls behind by
``QUEUE_SIZE`` events is marked ``lagged``: its stream re-reads the log from its last id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict

import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from activities.events import RecordedEvent
from api.events.view import StatusView
from core.repositories import events as repo

logger = logging.getLogger("slipway.events")
QUEUE_SIZE = 1024
PAGE = 500
PG_BACKUP_POLL = 5.0
REPLAY_CONCURRENCY = 4


def keys_of(event: RecordedEvent) -> list[str]:
    """The streams an event belongs to."""
    keys = [f"project:{event.project_id}"]
    if event.subject_kind in ("blueprint", "deployment"):
        keys.append(f"{event.subject_kind}:{event.subject_id}")
    if event.parent_id is not None:
        keys.append(f"blueprint:{event.parent_id}")
    return keys


class Subscription:
    def __init__(self, key: str) -> None:
        self.key = key
        self.queue: asyncio.Queue[RecordedEvent] = asyncio.Queue(QUEUE_SIZE)
        self.lagged = False

    def put(self, event: RecordedEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lagged = True

    def reset(self) -> None:
        """Drop what is queued; the stream re-reads the log from its last id."""
        self.lagged = False
        while not self.queue.empty():
            self.queue.get_nowait()


class EventHub:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        database_url: str,
        view: StatusView,
        poll_interval: float = 0.2,
    ) -> None:
        self.sessions = sessions
        self.view = view
        self.postgres = make_url(database_url).get_backend_name() == "postgresql"
        self._conninfo = (
            make_url(database_url).set(drivername="postgresql").render_as_string(False)
            if self.postgres
            else ""
        )
        self.poll_interval = PG_BACKUP_POLL if self.postgres else poll_interval
        self.last_id: int | None = None
        self._subs: dict[str, set[Subscription]] = defaultdict(set)
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.reads = 0
        """Reads of the event log by the fan-out (one reader per process)."""
        self.replays = asyncio.Semaphore(REPLAY_CONCURRENCY)
        """Streams catching up share a few connections (1,000 opening at once queue here
        rather than exhaust the pool)."""
        self.listening = False

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self._tasks.append(asyncio.create_task(self._run(), name="events-fanout"))
        if self.postgres:
            self._tasks.append(asyncio.create_task(self._listen(), name="events-listen"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    # --- subscriptions -----------------------------------------------------------------------

    def subscribe(self, key: str) -> Subscription:
        sub = Subscription(key)
        self._subs[key].add(sub)
        self._wake.set()
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.key)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.key]

    @property
    def subscriptions(self) -> int:
        return sum(len(s) for s in self._subs.values())

    def poke(self) -> None:
        """Read the log now (an event was just recorded by this process)."""
        self._wake.set()

    # --- the reader --------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            self._wake.clear()
            try:
                await self._read()
            except Exception as exc:  # database briefly unavailable: try again next round
                logger.debug("event log read failed", extra={"error": str(exc)})
                await asyncio.sleep(self.poll_interval)

    async def _read(self) -> None:
        async with self.sessions() as session:
            if self.last_id is None:
                self.last_id = await repo.last_id(session)
                self.reads += 1
                return
            while True:
                rows = await repo.after(session, self.last_id, limit=PAGE)
                self.reads += 1
                for row in rows:
                    self._dispatch(RecordedEvent.of(row))
                if len(rows) < PAGE:
                    return

    def _dispatch(self, event: RecordedEvent) -> None:
        self.last_id = event.id
        self.view.invalidate(event.subject_id)
        if event.parent_id is not None:
            self.view.invalidate(event.parent_id)
        for key in keys_of(event):
            for sub in self._subs.get(key, ()):
                sub.put(event)

    async def _listen(self) -> None:
        """PostgreSQL: wake the reader on every NOTIFY; reconnect (and catch up) when the
        connection is lost."""
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
                async with conn:
                    await conn.execute(f"LISTEN {repo.NOTIFY_CHANNEL}")
                    self.listening = True
                    self._wake.set()  # catch up on what was committed while not listening
                    async for _ in conn.notifies():
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.debug("LISTEN connection lost", extra={"error": str(exc)})
            self.listening = False
            await asyncio.sleep(1.0)


def subject_key(kind: str, subject_id: uuid.UUID) -> str:
    return f"{kind}:{subject_id}"
