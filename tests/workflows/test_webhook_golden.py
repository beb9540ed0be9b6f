"""Records the golden histories of ``WebhookDelivery`` and ``DriftCheck`` from real runs; only
with RECORD_GOLDEN=1 (``make golden``). ``test_replay.py`` replays them."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client

from tests.e2e.ops_support import (  # noqa: F401 (fixtures)
    Ops,
    add_webhook,
    alice_fixture,
    new_project,
    ops_fixture,
)
from tests.e2e.webhook_receiver import Receiver
from tests.support import free_port, get_json

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

pytestmark = pytest.mark.skipif(
    not os.environ.get("RECORD_GOLDEN"), reason="set RECORD_GOLDEN=1 to record"
)


async def export(client: Client, workflow_id: str, name: str) -> None:
    handle = client.get_workflow_handle(workflow_id)
    await handle.result()
    history = await handle.fetch_history()
    start = history.events[0].workflow_execution_started_event_attributes
    data = {
        "workflowId": workflow_id,
        "workflowType": start.workflow_type.name,
        "history": history.to_json_dict(),
    }
    (GOLDEN / f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


async def test_record_webhook_delivery_with_a_retry(ops: Ops, alice: httpx.AsyncClient) -> None:
    receiver = Receiver(port=free_port())  # down for the first attempt
    pid = await new_project(alice)
    hook = await add_webhook(alice, pid, receiver.url(), ["drift.detected"])
    delivery = (await alice.post(f"/webhooks/{hook['id']}/ping")).json()["data"]
    for _ in range(100):
        found = (await get_json(alice, f"/webhooks/{hook['id']}/deliveries"))["data"]
        if found[0]["attempt"] >= 1:
            break
        await asyncio.sleep(0.1)
    receiver.start()
    try:
        workflow_id = f"webhook:{hook['id']}:{delivery['eventId']}"
        await export(ops.temporal, workflow_id, "webhook_delivery")
    finally:
        receiver.stop()


async def test_record_drift_check(ops: Ops, alice: httpx.AsyncClient) -> None:
    pid = await new_project(alice)
    report = (await alice.post(f"/projects/{pid}/drift")).json()
    await export(ops.temporal, f"drift:{report['id']}", "drift_check")
