"""One shared, coalesced view of status answers per API process, and the owners of operations.

``StatusView`` keeps each status answer already rendered (JSON bytes) with its ``ETag``:

- a running operation's answer is rebuilt at most once per ``COALESCE_SECONDS`` whatever the
  number of pollers (single flight: the first poller after that rebuilds it, the others get the
  last answer meanwhile, or share the build when there is none);
- a finished one (its row is final) is kept until evicted or until an event of the subject
  arrives (``invalidate``, called by the event hub: the next poll waits for the new answer);
- the ``ETag`` is computed once per build (a digest of the bytes the view holds), so a
  conditional read that matches costs a dictionary lookup and a string compare: no database,
  no Temporal, no rendering.

``Owners`` caches who owns an operation and in which project: that never changes after the row
is created, so ownership checks on hot paths need no query after the first (bounded LRU).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

COALESCE_SECONDS = 0.25
MAX_ENTRIES = 20_000

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A bounded mapping that forgets the least recently used key first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def pop(self, key: K) -> None:
        self._items.pop(key, None)

    def items(self) -> list[tuple[K, V]]:
        return list(self._items.items())

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class Entry:
    body: bytes
    etag: str
    final: bool
    built_at: float
    superseded: bool = False
    """An event of the subject came after it: the next poll waits for the new answer."""

    def fresh(self, now: float) -> bool:
        return not self.superseded and (self.final or now - self.built_at < COALESCE_SECONDS)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` (a list, ``W/`` prefixes, ``*``)."""
    if not if_none_match:
        return False
    bare = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == bare:
            return True
    return False


Build = Callable[[], Awaitable[tuple[bytes, bool]]]
"""Renders one status answer: (JSON bytes, final)."""
ViewKey = tuple[str, uuid.UUID]
"""(answer kind, subject id): ``("blueprint", id)``, ``("deployment", id)``..."""


class StatusView:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self._entries: Lru[ViewKey, Entry] = Lru(size)
        self._inflight: dict[ViewKey, asyncio.Future[Entry]] = {}
        self.builds = 0

    async def get(self, key: ViewKey, build: Build, wait: float | None = None) -> Entry:
        """The subject's answer. With ``wait``, a refresh of an answer that has aged runs as a
        task: its poller waits that long for it, then gets the last answer (the refresh goes on
        and serves the next polls)."""
        entry = self.peek(key)
        if entry is not None:
            return entry
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        last = self._entries.get(key)
        if last is not None and last.superseded:
            last = None  # after an event, whoever rebuilds reads the new state
        task = asyncio.ensure_future(self._build(key, build, future))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())  # logged by its poller
        if last is None or wait is None:
            return await asyncio.shield(task)
        done, _ = await asyncio.wait([task], timeout=wait)
        return task.result() if done else last

    async def _build(self, key: ViewKey, build: Build, future: asyncio.Future[Entry]) -> Entry:
        try:
            body, final = await build()
            self.builds += 1
            entry = Entry(body, etag_of(body), final, time.monotonic())
            self._entries.put(key, entry)
            future.set_result(entry)
            return entry
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: readers that shared it re-raise it themselves
            raise
        finally:
            self._inflight.pop(key, None)

    def peek(self, key: ViewKey) -> Entry | None:
        """The entry ``get`` answers without waiting, if there is one: a fresh one, or the last
        one while a refresh of it is in flight (one poller rebuilds, the others are answered
        at once instead of queueing behind a Temporal query)."""
        entry = self._entries.get(key)
        if entry is None or not (entry.fresh(time.monotonic()) or key in self._inflight):
            return None
        return entry

    def invalidate(self, subject_id: uuid.UUID) -> None:
        """An event of ``subject_id`` was recorded: its answers are superseded. The next poll
        rebuilds and waits for the new answer; polls while that rebuild is in flight get the
        last one (as they would have a moment before the event)."""
        for kind in KINDS:
            entry = self._entries.get((kind, subject_id))
            if entry is not None:
                self._entries.put((kind, subject_id), replace(entry, superseded=True))


KINDS = ("blueprint", "generation", "validation", "deployment")


@dataclass(frozen=True, slots=True)
class Owner:
    user_id: uuid.UUID
    project_id: uuid.UUID


class Owners:
    """Who owns an operation (bounded LRU; an owner never changes)."""

    def __init__(self, size: int = 100_000) -> None:
        self._owners: Lru[tuple[str, uuid.UUID], Owner] = Lru(size)
        self.queries = 0

    def peek(self, kind: str, subject_id: uuid.UUID) -> Owner | None:
        return self._owners.get((kind, subject_id))

    async def get(
        self, kind: str, subject_id: uuid.UUID, load: Callable[[], Awaitable[Owner | None]]
    ) -> Owner | None:
        key = (kind, subject_id)
        owner = self._owners.get(key)
        if owner is None:
            self.queries += 1
            owner = await load()
            if owner is not None:
                self._owners.put(key, owner)
        return owner
