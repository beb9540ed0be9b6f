"""Drift detection end to end on the moto server: a deploy creates the project's Temporal
Schedule; a check right after is in sync; out-of-band changes made with boto3 (a deleted
DynamoDB table, a stack updated with another template, a deleted stack) are found, the project
says so, ``drift.detected`` reaches a webhook; a destroy removes the schedule."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import boto3
import httpx
import pytest
from temporalio.service import RPCError

from core.temporal_ops import schedule_id
from tests.e2e.ops_support import (  # noqa: F401 (fixtures)
    Ops,
    add_webhook,
    alice_fixture,
    bob_fixture,
    ops_fixture,
)
from tests.e2e.webhook_receiver import Receiver
from tests.support import SHOP_SPEC, Stack, cfn, deploy, deployment, generated, get_json

pytestmark = pytest.mark.db


def aws(stack: Stack, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=stack.moto_url,
        region_name="us-east-1",
        aws_access_key_id="slipway-local",
        aws_secret_access_key="slipway-local",
    )


async def check(client: httpx.AsyncClient, pid: str, timeout: float = 60) -> dict[str, Any]:
    """Start a drift check and wait for its report."""
    r = await client.post(f"/projects/{pid}/drift")
    assert r.status_code == 202, r.text
    started = r.json()
    assert started["statusUrl"] == f"/projects/{pid}/drift"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = (await get_json(client, f"/projects/{pid}/drift"))["data"]
        if body["runningCheckId"] is None and body["id"] == started["id"]:
            return dict(body)
        await asyncio.sleep(0.3)
    raise AssertionError(f"drift check {started} did not finish")


async def schedule_exists(ops: Ops, pid: str) -> bool:
    try:
        await ops.temporal.get_schedule_handle(schedule_id(pid)).describe()
    except RPCError:
        return False
    return True


async def eventually(condition: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await condition():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("condition not reached")


def findings(report: dict[str, Any], key: str) -> set[tuple[str, str]]:
    stack = next(s for s in report["stacks"] if s["key"] == key)
    return {(r["logicalId"], r["drift"]) for r in stack["resources"]}


async def test_drift_after_out_of_band_changes(
    stack: Stack, ops: Ops, alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    pid, _ = await generated(alice, SHOP_SPEC)
    before = (await get_json(alice, f"/projects/{pid}/drift"))["data"]
    assert before["status"] == "unknown" and before["stacks"] == []
    assert not await schedule_exists(ops, pid)
    r = await deploy(alice, pid)
    done = await deployment(alice, r.json()["deployment"]["id"], ("completed", "failed"))
    assert done["status"] == "completed", done
    await eventually(lambda: schedule_exists(ops, pid))
    described = await ops.temporal.get_schedule_handle(schedule_id(pid)).describe()
    interval = described.schedule.spec.intervals[0].every.total_seconds()
    assert interval == ops.settings.drift_check_interval

    assert (await bob.post(f"/projects/{pid}/drift")).status_code == 404
    assert (await bob.get(f"/projects/{pid}/drift")).status_code == 404
    in_sync = await check(alice, pid)
    assert in_sync["status"] == "in_sync", json.dumps(in_sync, indent=1)
    assert in_sync["method"] == "compare"  # moto implements no DetectStackDrift
    assert {s["key"] for s in in_sync["stacks"]} == {s["key"] for s in done["stacks"]}
    project = (await get_json(alice, f"/projects/{pid}"))["data"]
    assert project["drift"] == {
        "status": "in_sync",
        "checkedAt": in_sync["checkedAt"],
        "reportId": in_sync["id"],
    }

    receiver = Receiver().start()
    try:
        hook = await add_webhook(alice, pid, receiver.url(), ["drift.detected"])
        names = {s["key"]: s["name"] for s in done["stacks"]}
        data = cfn(stack).describe_stack_resources(StackName=names["data"])["StackResources"]
        table = next(r for r in data if r["ResourceType"] == "AWS::DynamoDB::Table")
        aws(stack, "dynamodb").delete_table(TableName=table["PhysicalResourceId"])

        drifted = await check(alice, pid)
        assert drifted["status"] == "drifted"
        assert (table["LogicalResourceId"], "missing") in findings(drifted, "data")
        assert next(s for s in drifted["stacks"] if s["key"] == "data")["status"] == "drifted"
        got = (await receiver.wait(1))[0]
        assert got.verified(hook["secret"])
        assert got.headers["slipway-event"] == "drift.detected"
        event = got.json()
        assert event["data"]["id"] == drifted["id"] and event["data"]["status"] == "drifted"
        project = (await get_json(alice, f"/projects/{pid}"))["data"]
        assert project["drift"]["status"] == "drifted"

        again = await check(alice, pid)  # the same drift again: no new event
        assert again["status"] == "drifted"
        await ops.temporal.get_workflow_handle(f"drift:{again['id']}").result()  # all emitted
        # a later marker: once the ping arrives, nothing else had arrived before it
        assert (await alice.post(f"/webhooks/{hook['id']}/ping")).status_code == 202
        got = await receiver.wait(2)
        assert [r.headers["slipway-event"] for r in got] == ["drift.detected", "ping"]
    finally:
        receiver.stop()

    changed_key, deleted_key = "api", "compute"
    live = cfn(stack).get_template(StackName=names[changed_key])["TemplateBody"]
    template = live if isinstance(live, dict) else json.loads(live)
    template["Resources"]["OutOfBandQueue"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    cfn(stack).update_stack(StackName=names[changed_key], TemplateBody=json.dumps(template))
    cfn(stack).delete_stack(StackName=names[deleted_key])
    report = await check(alice, pid)
    assert report["status"] == "drifted"
    changed = next(s for s in report["stacks"] if s["key"] == changed_key)
    assert changed["templateChanged"] is True
    assert ("OutOfBandQueue", "extra") in findings(report, changed_key)
    gone = next(s for s in report["stacks"] if s["key"] == deleted_key)
    assert gone["status"] == "missing" and gone["resources"]
    assert {r["drift"] for r in gone["resources"]} == {"missing"}

    r = await alice.delete(f"/projects/{pid}/stack")
    assert r.status_code == 202
    await deployment(alice, r.json()["deployment"]["id"], ("completed", "failed"))
    await eventually(lambda: _not(schedule_exists(ops, pid)))
    after = await check(alice, pid)
    assert after["status"] == "unknown" and after["error"] == "nothing is deployed"


async def _not(value: Any) -> bool:
    return not await value


async def test_drift_of_a_project_never_deployed(alice: httpx.AsyncClient) -> None:
    r = await alice.post("/projects", json={"name": "Idle"})
    pid = r.json()["data"]["id"]
    report = await check(alice, pid)
    assert report["status"] == "unknown" and report["trigger"] == "manual"
    project = (await get_json(alice, f"/projects/{pid}"))["data"]
    assert project["drift"]["status"] == "unknown"
