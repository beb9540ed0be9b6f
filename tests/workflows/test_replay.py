"""Determinism: every workflow's own histories replay with the current code.

Golden histories under tests/golden/ are recorded from real runs (``make golden``) and checked
in; replaying them proves that a code change did not
alter the commands an in-flight workflow expects (changes must go behind ``workflow.patched``).
Histories recorded before a patch stay in a folder named after it (``before-events/``: before
the progress events of ``workflows.common.EVENTS_PATCH``), so both paths keep replaying.
``before-prepare-failure/`` holds a Deploy whose ``prepare`` failed before
``workflows.stack_ops.PREPARE_FAILURE_PATCH`` (recorded on the time-skipping server with the
stub activities of test_orchestration.py: no real run reaches that path on demand); the patched
path's history is replayed by ``test_a_failed_prepare_finishes_the_run_as_failed``.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.support import Stack, project_with_spec, wait_status
from workflows.common import EVENTS_PATCH
from workflows.registry import WORKFLOWS

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def replayer() -> Replayer:
    return Replayer(workflows=WORKFLOWS, data_converter=pydantic_data_converter)


def golden_files() -> list[Path]:
    return sorted(GOLDEN.rglob("*.json"))


def test_every_workflow_has_a_golden_history() -> None:
    recorded = {json.loads(p.read_text())["workflowType"] for p in golden_files()}
    names = {getattr(w, "__temporal_workflow_definition").name for w in WORKFLOWS}
    assert names <= recorded, f"record golden histories for {sorted(names - recorded)}"


def test_the_current_code_path_has_golden_histories() -> None:
    """``make golden`` recorded the patched path too (histories that record progress events)."""
    reporting = {"GenerateBlueprint", "ValidateBlueprint", "Deploy", "Destroy", "Rollback"}
    current = {
        p: json.loads(p.read_text())["workflowType"] for p in golden_files() if p.parent == GOLDEN
    }
    assert set(current.values()) >= reporting
    for path, workflow_type in current.items():
        if workflow_type in reporting:
            assert '"events.record"' in path.read_text(), f"{path.name} predates {EVENTS_PATCH}"


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
async def test_golden_history_replays(path: Path) -> None:
    data = json.loads(path.read_text())
    history = WorkflowHistory.from_json(data["workflowId"], data["history"])
    await replayer().replay_workflow(history)


@pytest.mark.usefixtures("worker")
async def test_live_histories_replay(stack: Stack, user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    handle = client.get_workflow_handle(f"blueprint:{bid}")
    await handle.result()  # the whole history, including the final memo and completion
    await replayer().replay_workflow(await handle.fetch_history())
