"""The shared status view (``api.events.view``): one build per subject at a time; while a
running operation's answer is refreshed, other pollers get the last answer at once."""

from __future__ import annotations

import asyncio
import time
import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from api.events import view as view_module
from api.events.view import StatusView
from core.db import RequestSession, session_factory


async def test_pollers_get_the_last_answer_while_one_refreshes_it() -> None:
    view = StatusView()
    key = ("blueprint", uuid.uuid4())
    release = asyncio.Event()
    calls = 0

    async def build() -> tuple[bytes, bool]:
        nonlocal calls
        calls += 1
        if calls > 1:
            await release.wait()  # a slow refresh (a Temporal query under load)
        return f'{{"n": {calls}}}'.encode(), False

    first = await view.get(key, build)
    assert first.body == b'{"n": 1}' and view.peek(key) == first
    deadline = time.monotonic() + 5
    while view.peek(key) is not None:  # the answer ages past COALESCE_SECONDS
        assert time.monotonic() < deadline
        await asyncio.sleep(view_module.COALESCE_SECONDS / 5)
    refreshing = asyncio.create_task(view.get(key, build))
    await asyncio.sleep(0)  # the refresh has started and waits
    others = await asyncio.wait_for(asyncio.gather(*(view.get(key, build) for _ in range(50))), 5)
    assert all(e is first for e in others) and view.peek(key) is first  # no one waited
    release.set()
    fresh = await refreshing
    assert fresh.body == b'{"n": 2}' and fresh.etag != first.etag and calls == 2
    assert await view.get(key, build) is fresh


async def test_without_an_answer_every_poller_shares_one_build() -> None:
    view = StatusView()
    key = ("deployment", uuid.uuid4())
    calls = 0

    async def build() -> tuple[bytes, bool]:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return b"{}", True

    entries = await asyncio.gather(*(view.get(key, build) for _ in range(20)))
    assert calls == 1 and all(e is entries[0] for e in entries)
    view.invalidate(key[1])  # an event of the subject: the next poll rebuilds
    assert view.peek(key) is None
    await view.get(key, build)
    assert calls == 2


async def test_the_refreshing_poller_waits_a_little_then_gets_the_last_answer() -> None:
    view = StatusView()
    key = ("generation", uuid.uuid4())
    release = asyncio.Event()
    calls = 0

    async def build() -> tuple[bytes, bool]:
        nonlocal calls
        calls += 1
        if calls > 1:
            await release.wait()
        return f'{{"n": {calls}}}'.encode(), False

    first = await view.get(key, build, wait=0.01)  # no answer yet: waits for the build
    deadline = time.monotonic() + 5
    while view.peek(key) is not None:
        assert time.monotonic() < deadline
        await asyncio.sleep(view_module.COALESCE_SECONDS / 5)
    assert await asyncio.wait_for(view.get(key, build, wait=0.01), 5) is first
    release.set()
    while (latest := await view.get(key, build, wait=0.01)) is first:  # the refresh lands
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    assert latest.body == b'{"n": 2}' and calls == 2


async def test_a_lent_request_session_closes_when_given_back(database: AsyncEngine) -> None:
    session = RequestSession(session_factory(database))
    await session.execute(sa.text("SELECT 1"))  # built, a transaction open
    session.lend()
    await session.close()  # the request ends: deferred
    assert session.in_transaction()
    await session.give_back()
    assert not session.in_transaction()


async def test_after_an_event_the_rebuilding_poller_reads_the_new_answer() -> None:
    view = StatusView()
    key = ("validation", uuid.uuid4())
    release = asyncio.Event()
    calls = 0

    async def build() -> tuple[bytes, bool]:
        nonlocal calls
        calls += 1
        if calls > 1:
            await release.wait()
        return f'{{"n": {calls}}}'.encode(), calls > 1

    first = await view.get(key, build, wait=0.01)
    view.invalidate(key[1])  # the event: the next poll must not answer what came before it
    rebuilding = asyncio.create_task(view.get(key, build, wait=0.01))
    await asyncio.sleep(0.05)
    assert not rebuilding.done()  # waits past ``wait``: no answer from before the event
    others = await asyncio.wait_for(view.get(key, build, wait=0.01), 5)
    assert others.etag == first.etag  # the others: the last answer, at once
    release.set()
    new = await asyncio.wait_for(rebuilding, 5)
    assert new.body == b'{"n": 2}' and new.final and view.peek(key) is new
