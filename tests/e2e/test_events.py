"""SSE streams of operation events against the real stack: order, terminal end, resume with
Last-Event-ID (header and ?lastEventId=) without loss or duplicates, stream tickets (single use,
expiry, project), another user's streams, and the per-process fan-out."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from httpx_sse import aconnect_sse

from tests.support import SHOP_SPEC, Stack, deployment, generated, project_with_spec, wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


@dataclass
class Event:
    id: int
    type: str
    data: dict[str, Any]


async def collect(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    until: Callable[[list[Event]], bool] | None = None,
    timeout: float = 90,
) -> list[Event]:
    """Read a stream until it ends (or ``until`` holds), within ``timeout`` seconds."""
    received: list[Event] = []

    async def read() -> None:
        async with aconnect_sse(client, "GET", url, headers=dict(headers or {})) as source:
            assert source.response.status_code == 200, await source.response.aread()
            assert source.response.headers["content-type"].startswith("text/event-stream")
            async for sse in source.aiter_sse():
                received.append(Event(int(sse.id), sse.event, json.loads(sse.data)))
                if until is not None and until(received):
                    return

    await asyncio.wait_for(read(), timeout)
    return received


def app_state(stack: Stack) -> Any:
    return stack.api.server.config.app.state.slipway


async def test_blueprint_stream_replays_follows_ends_and_resumes(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    r = await user.post(f"/projects/{pid}/spec/generate-blueprint")
    bid = r.json()["blueprint"]["id"]
    events = await collect(user, f"/blueprints/{bid}/events")  # ends by itself
    ids = [e.id for e in events]
    assert ids == sorted(set(ids)), ids
    assert events[0].type == "started" and events[-1].type == "completed"
    assert {e.type for e in events[1:-1]} == {"progress"}
    status = (await user.get(f"/blueprints/{bid}/status")).json()
    assert events[-1].data == status  # the same JSON the status endpoint answers
    assert events[1].data["blueprintId"] == bid and events[1].data["status"] == "processing"
    # resume after the third event: exactly the rest, no duplicates, then the end
    rest = await collect(user, f"/blueprints/{bid}/events", headers={"Last-Event-ID": str(ids[2])})
    assert [e.id for e in rest] == ids[3:]
    query = await collect(user, f"/blueprints/{bid}/events?lastEventId={ids[-2]}")
    assert [e.id for e in query] == ids[-1:]
    assert await collect(user, f"/blueprints/{bid}/events?lastEventId={ids[-1]}") == []


async def test_blueprint_stream_carries_its_validations(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    generation = await collect(user, f"/blueprints/{bid}/events")
    r = await user.post(f"/blueprints/{bid}/validate", json={"autoFix": True})
    assert r.status_code == 202, r.text
    after = str(generation[-1].id)
    validation = await collect(user, f"/blueprints/{bid}/events", headers={"Last-Event-ID": after})
    assert validation[0].type == "started" and validation[-1].type == "completed"
    final = (await user.get(f"/blueprints/{bid}/validation-status")).json()
    assert validation[-1].data == final and final["status"] == "completed"


async def test_deployment_stream_from_start_to_end(user: httpx.AsyncClient) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    r = await user.post(f"/projects/{pid}/deploy", json={})
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    events = await collect(user, f"/deployments/{did}/events", timeout=180)
    types = [e.type for e in events]
    assert types[0] == "started" and types[-1] == "completed" and "stack" in types
    assert [e.id for e in events] == sorted({e.id for e in events})
    body = await deployment(user, did, ("completed",))
    # stacksGone is asked of the AWS endpoint at read time (no event carries it); a listing
    # taken before the deploy ended must not call the stacks it just created gone.
    assert body.pop("stacksGone") == []
    assert events[-1].data == body


async def test_project_stream_with_a_ticket_sees_spec_applies_and_operations(
    user: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    pid = await project_with_spec(user)
    r = await user.post("/auth/stream-ticket", json={"projectId": pid})
    assert r.status_code == 201, r.text
    ticket = r.json()["data"]["ticket"]
    received: list[Event] = []

    async def follow() -> None:
        received.extend(
            await collect(
                anon,  # no Authorization header: the ticket is the credential
                f"/projects/{pid}/events?ticket={ticket}",
                until=lambda got: any(e.type == "completed" for e in got),
            )
        )

    reader = asyncio.create_task(follow())
    r = await user.post(f"/projects/{pid}/spec/apply", json={"content": SHOP_SPEC})
    assert r.status_code == 201, r.text
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await reader
    applied = [e for e in received if e.type == "applied"]
    assert applied[0].data["version"] == 1  # replayed: the spec applied before the stream opened
    assert applied[-1].data["version"] == 2
    assert received[-1].data["blueprintId"] == bid
    # single use: the same ticket is refused
    again = await anon.get(f"/projects/{pid}/events?ticket={ticket}")
    assert again.status_code == 401 and again.json()["code"] == "UNAUTHORIZED"


async def test_tickets_expire_and_stay_in_their_project(
    stack: Stack, user: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    pid, other_pid = await project_with_spec(user), await project_with_spec(user)
    bound = (await user.post("/auth/stream-ticket", json={"projectId": pid})).json()["data"]
    assert (
        await anon.get(f"/projects/{other_pid}/events?ticket={bound['ticket']}")
    ).status_code == 404
    late = (await user.post("/auth/stream-ticket", json={})).json()["data"]
    # fault injection at the database boundary: the ticket's minute has passed
    engine = sa.create_engine(stack.database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE stream_tickets SET expires_at = '2000-01-01 00:00:00'"))
    engine.dispose()
    assert (await anon.get(f"/projects/{pid}/events?ticket={late['ticket']}")).status_code == 401
    assert (await anon.get(f"/projects/{pid}/events?ticket=sst_forged")).status_code == 401
    assert (await anon.get(f"/projects/{pid}/events")).status_code == 401
    r = await user.post("/auth/stream-ticket", json={"projectId": str(uuid.uuid4())})
    assert r.status_code == 404


async def test_another_users_streams_are_404(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    pid, bid = await generated(user, SHOP_SPEC)
    for path in (f"/projects/{pid}/events", f"/blueprints/{bid}/events"):
        assert (await other_user.get(path)).status_code == 404, path
    assert (await other_user.get(f"/deployments/{uuid.uuid4()}/events")).status_code == 404
    assert (await other_user.get("/blueprints/not-a-uuid/events")).status_code == 404
    r = await other_user.post("/auth/stream-ticket", json={"projectId": pid})
    assert r.status_code == 404


async def test_many_streams_share_one_reader_and_get_heartbeats(
    stack: Stack, user: httpx.AsyncClient
) -> None:
    """50 open project streams: each sees the event, the process reads the log as often as
    with one stream (no reader per stream), and quiet streams get heartbeat comments."""
    state = app_state(stack)
    pid = await project_with_spec(user)
    settings, heartbeat = state.settings, state.settings.sse_heartbeat_seconds
    settings.sse_heartbeat_seconds = 0.3
    limits = httpx.Limits(max_connections=60)
    try:
        async with httpx.AsyncClient(
            base_url=stack.url, headers=dict(user.headers), limits=limits, timeout=60
        ) as client:
            opened = asyncio.Event()
            count = 50
            beats: list[int] = []

            async def one() -> list[str]:
                kinds: list[str] = []
                async with client.stream("GET", f"/projects/{pid}/events") as response:
                    assert response.status_code == 200
                    async for line in response.aiter_lines():
                        kinds.append(line)
                        if line == ": heartbeat":
                            beats.append(1)
                            if len(beats) >= count:
                                opened.set()
                        if line == "event: applied" and kinds.count(line) == 2:
                            return kinds
                return kinds

            readers = [asyncio.create_task(one()) for _ in range(count)]
            await asyncio.wait_for(opened.wait(), 30)  # every stream is open and heartbeating
            reads = state.events.reads
            assert state.events.subscriptions >= count
            r = await user.post(f"/projects/{pid}/spec/apply", json={"content": SHOP_SPEC})
            assert r.status_code == 201, r.text
            results = await asyncio.wait_for(asyncio.gather(*readers), 30)
            assert all(kinds.count("event: applied") == 2 for kinds in results)
            assert state.events.reads - reads < count  # one shared reader, not one per stream
    finally:
        settings.sse_heartbeat_seconds = heartbeat


async def test_status_reads_after_stream_end_agree(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    events = await collect(user, f"/blueprints/{bid}/events")
    assert events and events[-1].type == "completed"
