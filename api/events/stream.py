"""A Server-Sent Events stream of operation events: replay after the client's last id, then
follow the process's fan-out (``api.events.hub``), with a heartbeat comment when quiet.

Each event is ``id: <event id>``, ``event: <type>``, ``data: <the status JSON>``. The
subscription is taken before the replay, and anything at or below the last id sent is skipped,
so a resumed stream (``Last-Event-ID``) loses nothing and repeats nothing.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from activities.events import RecordedEvent
from api.events.hub import EventHub
from core.repositories import events as repo

HEARTBEAT = b": heartbeat\n\n"


@dataclass(frozen=True)
class StreamScope:
    key: str
    """The hub key: ``project:{id}``, ``blueprint:{id}`` or ``deployment:{id}``."""
    project_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    parents: bool = False
    """The subject's own events and those it is the parent of (a blueprint's validations)."""
    ended: Callable[[], Awaitable[bool]] | None = None
    """True once every operation of the stream has ended (None: the stream never ends)."""


def frame(event: RecordedEvent) -> bytes:
    data = json.dumps(event.data, separators=(",", ":"))
    return f"id: {event.id}\nevent: {event.type}\ndata: {data}\n\n".encode()


PAGE = 500


async def _catch_up(
    hub: EventHub, sessions: async_sessionmaker[AsyncSession], scope: StreamScope, after_id: int
) -> AsyncIterator[RecordedEvent]:
    """Every stored event of the scope above ``after_id``, oldest first, page by page."""
    while True:
        async with hub.replays, sessions() as session:
            rows = await repo.after(
                session,
                after_id,
                project_id=scope.project_id,
                subject_id=scope.subject_id,
                parents=scope.parents,
                limit=PAGE,
            )
        for row in rows:
            event = RecordedEvent.of(row)
            after_id = event.id
            yield event
        if len(rows) < PAGE:
            return


async def events(
    hub: EventHub,
    sessions: async_sessionmaker[AsyncSession],
    scope: StreamScope,
    after_id: int,
    heartbeat: float,
) -> AsyncIterator[bytes]:
    sub = hub.subscribe(scope.key)
    try:
        last = after_id
        async for stored in _catch_up(hub, sessions, scope, last):
            yield frame(stored)
            last = stored.id
        if scope.ended is not None and await scope.ended():
            # what was recorded between the catch-up and that answer (its terminal event)
            async for stored in _catch_up(hub, sessions, scope, last):
                yield frame(stored)
            return
        while True:
            if sub.lagged:
                sub.reset()
                async for stored in _catch_up(hub, sessions, scope, last):
                    yield frame(stored)
                    last = stored.id
            try:
                event = await asyncio.wait_for(sub.queue.get(), heartbeat)
            except TimeoutError:
                yield HEARTBEAT
                continue
            if event.id <= last:
                continue
            yield frame(event)
            last = event.id
            if event.terminal and scope.ended is not None and await scope.ended():
                return
    finally:
        hub.unsubscribe(sub)
