"""Deployment webhooks end to end: a deploy that fails (a stack failure injected at the boto3
transport, as in test_deploy_decisions.py) sends ``deployment.started``, then
``deployment.awaiting_decision`` when it parks, and exactly one end event once decided:
``deployment.failed`` with the status that says how it ended (``cancelled``, ``rolled_back``);
the rollback it turns into sends ``rollback.completed``. Every delivery reaches a real local
receiver, signed, with ``data`` shaped as ``GET /deployments/{id}`` answers it.

The module has its own ``ops`` fixture (rate limits off); the injected failures are botocore
hooks on the default boto3 session, which the ``ops`` in-process worker's clients use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from api.main import create_app
from tests.e2e.conftest import Faults
from tests.e2e.ops_support import Ops, add_webhook, alice_fixture, ops_settings, ops_worker
from tests.e2e.webhook_receiver import Received, Receiver
from tests.support import (
    SHOP_SPEC,
    SHOP_WITH_REVIEWS,
    Stack,
    ThreadedServer,
    deploy,
    deployment,
    generated,
    get_json,
)

pytestmark = pytest.mark.db
__all__ = ["alice_fixture"]  # the ``alice`` fixture, on this module's ``ops``

DEPLOY_EVENTS = [
    "deployment.started",
    "deployment.awaiting_decision",
    "deployment.completed",
    "deployment.failed",
    "rollback.completed",
    "rollback.failed",
]


@pytest.fixture(scope="module", name="ops")
async def ops_fixture(stack: Stack) -> AsyncIterator[Ops]:
    """As ``tests.e2e.ops_support.ops_fixture``, without rate limits: each test starts more
    stack operations than the per-user limit allows in a minute."""
    settings = ops_settings(rate_limit_enabled=False)
    api = ThreadedServer(create_app(settings)).start()
    try:
        async with ops_worker(stack, settings) as client:
            yield Ops(settings=settings, url=api.url, temporal=client)
    finally:
        api.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    try:
        yield r
    finally:
        r.stop()


@pytest.fixture
def faults(ops: Ops) -> Iterator[Faults]:
    """Stack failures injected into the in-process worker's boto3 calls."""
    f = Faults()
    try:
        yield f
    finally:
        f.close()


def events(received: list[Received]) -> list[str]:
    return [r.headers["slipway-event"] for r in received]


async def deliveries(client: httpx.AsyncClient, hook: str) -> list[dict[str, Any]]:
    return list((await get_json(client, f"/webhooks/{hook}/deliveries"))["data"])


async def check_delivery(
    client: httpx.AsyncClient, got: Received, hook: dict[str, Any], event: str, did: str
) -> dict[str, Any]:
    """Signed with the webhook's secret, the event named in the header and the body, the
    deployment as the subject, and ``data`` with the keys ``GET /deployments/{id}`` answers."""
    assert got.verified(hook["secret"]), got.headers
    assert got.headers["slipway-event"] == event and got.headers["slipway-delivery"]
    body: dict[str, Any] = got.json()
    assert body["type"] == event and body["subject"] == {"kind": "deployment", "id": did}
    api = (await get_json(client, f"/deployments/{did}"))["data"]
    # ``stacksGone`` is the API's alone: a live stack listing taken when it is read, present
    # only when some stacks of a completed deployment no longer exist
    keys = set(api) - {"stacksGone"}
    assert set(body["data"]) == keys, set(body["data"]) ^ keys
    assert body["data"]["id"] == did and body["projectId"] == api["projectId"]
    return body


async def test_a_failed_deploy_parks_then_cancelled_sends_deployment_failed(
    alice: httpx.AsyncClient, receiver: Receiver, faults: Faults
) -> None:
    pid, _ = await generated(alice, SHOP_SPEC)
    hook = await add_webhook(alice, pid, receiver.url(), DEPLOY_EVENTS)
    faults.fail_stacks = {"compute"}
    r = await deploy(alice, pid)
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    parked = await deployment(alice, did, ("failed",))
    assert parked["awaitingDecision"] is True, parked

    got = await receiver.wait(2, timeout=60)
    assert events(got) == ["deployment.started", "deployment.awaiting_decision"]
    await check_delivery(alice, got[0], hook, "deployment.started", did)
    waiting = await check_delivery(alice, got[1], hook, "deployment.awaiting_decision", did)
    assert waiting["data"]["status"] == "failed" and waiting["data"]["awaitingDecision"] is True
    assert "compute" in waiting["data"]["error"]
    # parked is not ended: nothing else was dispatched (deliveries are stored as dispatched)
    assert len(await deliveries(alice, hook["id"])) == 2

    assert (await alice.post(f"/deployments/{did}/cancel")).status_code == 202
    assert (await deployment(alice, did, ("cancelled",)))["completedAt"]
    got = await receiver.wait(3, timeout=60)
    assert events(got)[2] == "deployment.failed"
    ended = await check_delivery(alice, got[2], hook, "deployment.failed", did)
    assert ended["data"]["status"] == "cancelled" and ended["data"]["awaitingDecision"] is False
    assert ended["data"]["completedAt"]
    # exactly one end event; a ping sent after it is the next (and last) thing to arrive
    assert (await alice.post(f"/webhooks/{hook['id']}/ping")).status_code == 202
    got = await receiver.wait(4)
    assert events(got) == [
        "deployment.started",
        "deployment.awaiting_decision",
        "deployment.failed",
        "ping",
    ]


async def test_a_failed_deploy_rolled_back_sends_deployment_failed_then_rollback_completed(
    alice: httpx.AsyncClient, receiver: Receiver, faults: Faults
) -> None:
    pid, _ = await generated(alice, SHOP_SPEC)
    first = (await deploy(alice, pid)).json()["deployment"]["id"]
    assert (await deployment(alice, first, ("completed", "failed")))["status"] == "completed"
    await generated(alice, SHOP_WITH_REVIEWS, pid)
    hook = await add_webhook(alice, pid, receiver.url(), DEPLOY_EVENTS)

    faults.fail_stacks = {"compute"}
    did = (await deploy(alice, pid)).json()["deployment"]["id"]
    assert (await deployment(alice, did, ("failed",)))["awaitingDecision"] is True
    await receiver.wait(2, timeout=60)
    faults.fail_stacks = set()
    assert (await alice.post(f"/deployments/{did}/rollback")).status_code == 202

    got = await receiver.wait(4, timeout=90)
    assert events(got[:3]) == [
        "deployment.started",
        "deployment.awaiting_decision",
        "deployment.failed",
    ]
    ended = await check_delivery(alice, got[2], hook, "deployment.failed", did)
    assert ended["data"]["status"] == "rolled_back"
    assert events(got[3:]) == ["rollback.completed"]
    rollback_id = got[3].json()["subject"]["id"]
    rolled = await check_delivery(alice, got[3], hook, "rollback.completed", rollback_id)
    api = await deployment(alice, rollback_id, ("completed",))
    assert rolled["data"]["kind"] == "rollback" and rolled["data"]["status"] == "completed"
    assert rolled["data"]["rollbackOf"] == api["rollbackOf"] == first
    assert rolled["data"]["stacks"] == api["stacks"]
