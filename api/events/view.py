"""One shared, coalesced view of status answers per API process, and the owners of operations.

``StatusView`` keeps each status answer already rendered (JSON bytes) with its ``ETag``:

- a running operation's answer is rebuilt at most once per ``COALESCE_SECONDS`` whatever the
  number of pollers (single flight: concurrent readers share the one build in progress);
- a finished one (its row is final) is kept until evicted or until an event of the subject
  arrives (``invalidate``, called by the event hub);
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
from dataclasses import dataclass
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

    def fresh(self, now: float) -> bool:
        return self.final or now - self.built_at < COALESCE_SECONDS


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

    async def get(self, key: ViewKey, build: Build) -> Entry:
        entry = self._entries.get(key)
        if entry is not None and entry.fresh(time.monotonic()):
            return entry
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
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
        """The entry ``get`` would answer without building, if there is one."""
        entry = self._entries.get(key)
        return entry if entry is not None and entry.fresh(time.monotonic()) else None

    def invalidate(self, subject_id: uuid.UUID) -> None:
        """Forget every answer about ``subject_id`` (an event of it was recorded)."""
        for kind in KINDS:
            self._entries.pop((kind, subject_id))


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
