"""Records golden histories from real runs; only with RECORD_GOLDEN=1 (``make golden``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from tests.support import BROKEN_SPEC, Stack, corrupt_spec, project_with_spec, wait_status

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

pytestmark = [
    pytest.mark.skipif(not os.environ.get("RECORD_GOLDEN"), reason="set RECORD_GOLDEN=1 to record"),
    pytest.mark.usefixtures("worker"),
]


async def export(stack: Stack, workflow_id: str, name: str) -> None:
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    start = history.events[0].workflow_execution_started_event_attributes
    data = {
        "workflowId": workflow_id,
        "workflowType": start.workflow_type.name,
        "history": history.to_json_dict(),
    }
    GOLDEN.mkdir(exist_ok=True)
    (GOLDEN / f"{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


async def test_record_generate_blueprint(stack: Stack, user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "completed"
    await export(stack, f"blueprint:{bid}", "generate_blueprint_completed")


async def test_record_generate_blueprint_failed(stack: Stack, user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    corrupt_spec(stack.database_url, pid, BROKEN_SPEC)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "failed"
    await export(stack, f"blueprint:{bid}", "generate_blueprint_failed")


async def test_record_validation_and_stack_operations(
    stack: Stack, user: httpx.AsyncClient
) -> None:
    import asyncio

    pid = (
        await user.post("/projects", json={"name": "Golden", "templateId": "task-manager"})
    ).json()["data"]["id"]
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": True})
    assert (await wait_status(user, f"/blueprints/{bid}/validation-status"))[
        "status"
    ] == "completed"
    await export(stack, f"validate:{bid}:1", "validate_blueprint_fixed")

    async def finished(did: str) -> None:
        for _ in range(300):
            body = (await user.get(f"/deployments/{did}")).json()["data"]
            if body["status"] in ("completed", "failed", "cancelled") and not body["stale"]:
                return
            await asyncio.sleep(0.3)
        raise AssertionError(did)

    r = await user.post(f"/projects/{pid}/validate")
    await finished((r.json().get("data") or r.json()["deployment"])["id"])
    first = (await user.post(f"/projects/{pid}/deploy", json={})).json()["deployment"]["id"]
    await finished(first)
    r = await user.post(f"/projects/{pid}/rollback", json={"deploymentId": first})
    await finished(r.json()["deployment"]["id"])
    r = await user.delete(f"/projects/{pid}/stack")
    await finished(r.json()["deployment"]["id"])
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    names = {"Deploy": [], "Destroy": [], "Rollback": []}
    async for wf in client.list_workflows(f"WorkflowId='stack-ops:{pid}'"):
        names[wf.workflow_type].append(wf.run_id)
    for workflow_type, runs in names.items():
        for i, run_id in enumerate(sorted(runs)):
            history = await client.get_workflow_handle(
                f"stack-ops:{pid}", run_id=run_id
            ).fetch_history()
            data = {
                "workflowId": f"stack-ops:{pid}",
                "workflowType": workflow_type,
                "history": history.to_json_dict(),
            }
            (GOLDEN / f"{workflow_type.lower()}_{i}.json").write_text(
                json.dumps(data, indent=1, sort_keys=True) + "\n"
            )
