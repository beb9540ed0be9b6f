"""Records golden histories from real runs; only with RECORD_GOLDEN=1 (``make golden``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from tests.conftest import Stack
from tests.workflows.helpers import BROKEN_SPEC, corrupt_spec, project_with_spec, wait_status

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
