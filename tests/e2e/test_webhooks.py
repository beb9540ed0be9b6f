"""Webhooks end to end: the API, real deliveries by the real workflow and activities to a real
local HTTP receiver, verified as a receiver would; retries while it is down, 410, redelivery,
events from real operations; the SSRF refusals at creation."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.e2e.ops_support import (  # noqa: F401 (fixtures)
    add_webhook,
    alice_fixture,
    bob_fixture,
    new_project,
    ops_fixture,
)
from tests.e2e.webhook_receiver import Receiver
from tests.support import Stack, free_port, generated, get_json

pytestmark = pytest.mark.db


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    try:
        yield r
    finally:
        r.stop()


async def deliveries(client: httpx.AsyncClient, hook: str) -> list[dict[str, Any]]:
    body = await get_json(client, f"/webhooks/{hook}/deliveries")
    return list(body["data"])


async def wait_delivery(
    client: httpx.AsyncClient, hook: str, done: tuple[str, ...], timeout: float = 30
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        found = await deliveries(client, hook)
        if found and found[0]["status"] in done:
            return found[0]
        await asyncio.sleep(0.2)
    raise AssertionError(f"no delivery reached {done}: {found}")


async def test_create_list_delete_secret_shown_once(
    stack: Stack, alice: httpx.AsyncClient, bob: httpx.AsyncClient, receiver: Receiver
) -> None:
    pid = await new_project(alice)
    created = await add_webhook(
        alice,
        pid,
        receiver.url(),
        ["deployment.completed", "deployment.completed", "drift.detected"],
    )
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert created["secretHint"] == secret[:10]
    assert created["events"] == ["deployment.completed", "drift.detected"]
    listed = await alice.get(f"/projects/{pid}/webhooks")
    assert listed.status_code == 200
    assert [w["id"] for w in listed.json()["data"]] == [created["id"]]
    assert secret not in listed.text and "secret" not in listed.json()["data"][0]
    engine = sa.create_engine(stack.database_url)  # at rest: only ciphertext
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT secret_ciphertext FROM webhooks")).scalars().all()
    engine.dispose()
    assert stored and not any(secret in s or secret[6:] in s for s in stored)
    # another user sees nothing of it
    assert (await bob.get(f"/projects/{pid}/webhooks")).status_code == 404
    for method, path in (
        ("DELETE", f"/webhooks/{created['id']}"),
        ("POST", f"/webhooks/{created['id']}/ping"),
        ("GET", f"/webhooks/{created['id']}/deliveries"),
    ):
        assert (await bob.request(method, path)).status_code == 404
    assert (await alice.delete(f"/webhooks/{created['id']}")).status_code == 204
    assert (await alice.get(f"/projects/{pid}/webhooks")).json()["data"] == []
    assert (await alice.get(f"/webhooks/{created['id']}/deliveries")).status_code == 404
    assert (await alice.delete(f"/webhooks/{created['id']}")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook",
        "http://0.0.0.0/",
        "ftp://example.com/hook",
        "http://user:pw@example.com/hook",
    ],
)
async def test_refused_urls(user: httpx.AsyncClient, url: str) -> None:
    """The stack's own API (WEBHOOK_ALLOW_PRIVATE unset) refuses internal addresses."""
    pid = await new_project(user)
    r = await user.post(
        f"/projects/{pid}/webhooks", json={"url": url, "events": ["drift.detected"]}
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "WEBHOOK_URL_REFUSED"
    assert r.json()["errors"][0]["field"] == "body.url"


async def test_bad_bodies(alice: httpx.AsyncClient) -> None:
    pid = await new_project(alice)
    for body in (
        {"url": "https://example.com/h", "events": []},
        {"url": "https://example.com/h", "events": ["deployment.exploded"]},
        {"url": "https://example.com/h"},
        {"url": "x" * 3000, "events": ["drift.detected"]},
    ):
        r = await alice.post(f"/projects/{pid}/webhooks", json=body)
        assert r.status_code == 422, (body, r.text)


async def test_ping_is_signed_and_recorded(alice: httpx.AsyncClient, receiver: Receiver) -> None:
    pid = await new_project(alice)
    hook = await add_webhook(alice, pid, receiver.url("/in?source=slipway"), ["drift.detected"])
    r = await alice.post(f"/webhooks/{hook['id']}/ping")
    assert r.status_code == 202, r.text
    delivery_id = r.json()["data"]["id"]
    got = (await receiver.wait(1))[0]
    assert got.path == "/in?source=slipway"
    assert got.headers["slipway-event"] == "ping"
    assert got.headers["slipway-delivery"] == delivery_id
    assert got.headers["content-type"] == "application/json"
    assert got.verified(hook["secret"])
    assert not got.verified("whsec_wrong")
    stamp = int(got.headers["slipway-signature"].split(",")[0][2:])
    assert abs(stamp - time.time()) < 60
    assert not got.verified(hook["secret"], now=stamp + 301)  # replayed too late
    body = got.json()
    assert body["type"] == "ping" and body["projectId"] == pid and body["webhookId"] == hook["id"]
    done = await wait_delivery(alice, hook["id"], ("delivered",))
    assert done["id"] == delivery_id and done["attempt"] == 1 and done["responseStatus"] == 200
    assert done["durationMs"] is not None and done["deliveredAt"]
    assert done["request"]["headers"]["Slipway-Signature"] == got.headers["slipway-signature"]
    assert done["request"]["body"] == body
    assert done["attempts"][0]["responseStatus"] == 200


async def test_retries_while_the_receiver_is_down_then_delivers(
    alice: httpx.AsyncClient,
) -> None:
    port = free_port()
    receiver = Receiver(port=port)  # not started yet: connections are refused
    pid = await new_project(alice)
    hook = await add_webhook(alice, pid, receiver.url(), ["drift.detected"])
    assert (await alice.post(f"/webhooks/{hook['id']}/ping")).status_code == 202
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = await deliveries(alice, hook["id"])
        if found and found[0]["attempt"] >= 3:
            break
        await asyncio.sleep(0.2)
    pending = (await deliveries(alice, hook["id"]))[0]
    assert pending["status"] == "pending" and pending["attempt"] >= 3
    assert all(a["responseStatus"] is None and a["error"] for a in pending["attempts"])
    receiver.start()
    try:
        done = await wait_delivery(alice, hook["id"], ("delivered",))
        assert done["attempt"] > pending["attempt"]
        assert done["attempts"][-1]["responseStatus"] == 200
        got = await receiver.wait(1)
        assert len(got) == 1 and got[0].verified(hook["secret"])
    finally:
        receiver.stop()


async def test_non_2xx_is_retried_410_disables_and_a_ping_enables(
    alice: httpx.AsyncClient, receiver: Receiver
) -> None:
    pid = await new_project(alice)
    hook = await add_webhook(alice, pid, receiver.url(), ["drift.detected"])
    receiver.status = 500
    await alice.post(f"/webhooks/{hook['id']}/ping")
    await receiver.wait(2)  # retried after the 500
    receiver.status = 410
    done = await wait_delivery(alice, hook["id"], ("gone",))
    assert done["responseStatus"] == 410
    listed = (await alice.get(f"/projects/{pid}/webhooks")).json()["data"][0]
    assert listed["active"] is False and "410" in listed["disabledReason"]
    # while disabled, events are not sent; a ping still is, and a 2xx enables it again
    receiver.status = 200
    r = await alice.post(f"/webhooks/{hook['id']}/ping")
    assert r.status_code == 202
    await wait_delivery(alice, hook["id"], ("delivered",))
    listed = (await alice.get(f"/projects/{pid}/webhooks")).json()["data"][0]
    assert listed["active"] is True and listed["disabledReason"] is None


async def test_redeliver_sends_the_same_event_again(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient, receiver: Receiver
) -> None:
    pid = await new_project(alice)
    hook = await add_webhook(alice, pid, receiver.url(), ["drift.detected"])
    first = (await alice.post(f"/webhooks/{hook['id']}/ping")).json()["data"]
    await wait_delivery(alice, hook["id"], ("delivered",))
    path = f"/webhooks/{hook['id']}/deliveries/{first['id']}/redeliver"
    assert (await bob.post(path)).status_code == 404
    missing = f"/webhooks/{hook['id']}/deliveries/{uuid.uuid4()}/redeliver"
    assert (await alice.post(missing)).status_code == 404
    r = await alice.post(path)
    assert r.status_code == 202, r.text
    again = r.json()["data"]
    assert again["redeliveryOf"] == first["id"] and again["eventId"] == first["eventId"]
    got = await receiver.wait(2)
    assert got[0].body == got[1].body  # the same event
    assert got[1].headers["slipway-delivery"] == again["id"] != first["id"]
    assert got[1].verified(hook["secret"])


async def test_events_of_real_operations_are_delivered(
    alice: httpx.AsyncClient, receiver: Receiver
) -> None:
    """A blueprint generation's terminal event reaches a subscribed webhook, with the body
    ``GET /blueprints/{id}/status`` answers; unsubscribed events are not sent."""
    pid = await new_project(alice, "Events")
    hook = await add_webhook(alice, pid, receiver.url(), ["generation.completed"])
    _, bid = await generated(alice, "# Notes\n\n## Entities\n\n### Note\n- title: string\n", pid)
    got = (await receiver.wait(1))[0]
    assert got.verified(hook["secret"])
    assert got.headers["slipway-event"] == "generation.completed"
    body = got.json()
    assert body["type"] == "generation.completed" and body["projectId"] == pid
    assert body["subject"] == {"kind": "blueprint", "id": bid}
    status = await get_json(alice, f"/blueprints/{bid}/status")
    assert body["data"]["blueprintId"] == bid and body["data"]["status"] == status["status"]
    (done,) = await deliveries(alice, hook["id"])  # stored when dispatched: nothing else was
    assert done["event"] == "generation.completed" and done["eventId"] == body["id"]
    # a later marker: once the ping arrives, nothing else had arrived before it
    assert (await alice.post(f"/webhooks/{hook['id']}/ping")).status_code == 202
    got = await receiver.wait(2)
    assert [r.headers["slipway-event"] for r in got] == ["generation.completed", "ping"]
