"""A deployment's status after a decision, and an operation whose start Temporal never got.

- After ``continue``, GET /deployments/{id} says ``awaitingDecision: false`` as soon as the live
  status says running (it read the stored row, which records the run only when it ends).
- An operation started while Temporal is unreachable answers 503 and its row ends ``failed``
  with a clear error, and the Idempotency-Key is free again: a retry with the same key starts a
  new operation (the row stayed ``queued`` and a retry returned it, never started).
- A deployment whose run has not started yet never shows the previous run's end: a rollback's
  cleanup, created by the parked run, waits under the same workflow ID while that ID's newest run
  still carries the ended run's progress memo (``slipway rollback`` saw ``rolled_back``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import sqlalchemy as sa
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from core.models import Deployment
from tests.e2e.conftest import Faults
from tests.support import (
    SHOP_SPEC,
    Stack,
    ThreadedServer,
    deploy,
    deployment,
    free_port,
    generated,
    get_json,
    wait_status,
)
from workflows.common import Progress
from workflows.messages import StackOpInput
from workflows.stack_ops import DestroyWorkflow
from workflows.status import DeploymentKind, DeploymentStatus


async def test_awaiting_decision_follows_the_live_status_after_continue(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    inproc_worker.fail_stacks = {"compute"}
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    parked = await deployment(user, did, ("failed",))
    assert parked["awaitingDecision"] is True and "compute" in parked["error"]
    inproc_worker.fail_stacks = set()
    inproc_worker.hold_after = {"stackops.deploy_stack": 3.0}  # the continued run takes a while
    assert (await user.post(f"/deployments/{did}/continue")).status_code == 202
    running = await wait_status(user, f"/deployments/{did}", ("running",), 30, data=True)
    assert running["awaitingDecision"] is False, running
    assert running["error"] is None, running  # the failure it continued from is not current
    inproc_worker.hold_after = {}
    done = await deployment(user, did, ("completed",))
    assert done["awaitingDecision"] is False and done["error"] is None


async def test_an_operation_temporal_never_started_fails_and_a_retry_starts_anew(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    from api.main import create_app
    from core.settings import Settings

    pid, _ = await generated(user, SHOP_SPEC)
    # the same database, and a Temporal address where nothing listens
    unreachable = Settings(temporal_address=f"127.0.0.1:{free_port()}")
    server = ThreadedServer(create_app(unreachable)).start()
    key = {"Idempotency-Key": uuid.uuid4().hex}
    try:
        async with httpx.AsyncClient(base_url=server.url, headers=user.headers) as cut_off:
            r = await cut_off.post(f"/projects/{pid}/deploy", json={}, headers=key)
    finally:
        server.stop()
    assert r.status_code == 503 and r.json()["code"] == "TEMPORAL_UNAVAILABLE", r.text
    (failed,) = (await get_json(user, f"/projects/{pid}/deployments"))["data"]
    assert failed["status"] == "failed" and failed["completedAt"], failed
    assert "workflow engine was unreachable" in failed["error"]
    detail = (await get_json(user, f"/deployments/{failed['id']}"))["data"]
    assert detail["awaitingDecision"] is False and detail["status"] == "failed"

    r = await user.post(f"/projects/{pid}/deploy", json={}, headers=key)  # the retry
    assert r.status_code == 202, r.text
    retried = r.json()["deployment"]["id"]
    assert retried != failed["id"]
    assert (await deployment(user, retried, ("completed", "failed")))["status"] == "completed"


async def test_a_run_not_started_yet_never_shows_the_previous_runs_end(
    user: httpx.AsyncClient, stack: Stack
) -> None:
    pid = (await user.post("/projects", json={"name": "Handover"})).json()["data"]["id"]
    owner = (await get_json(user, "/auth/me"))["data"]["id"]
    workflow_id = f"stack-ops-handover:{uuid.uuid4()}"
    engine = sa.create_engine(stack.database_url)
    row = Deployment(
        project_id=uuid.UUID(pid),
        owner_id=uuid.UUID(owner),
        kind=DeploymentKind.DESTROY,
        status=DeploymentStatus.QUEUED,
        workflow_id=workflow_id,
    )
    with engine.begin() as conn:  # as the parked run's start_rollback activity creates it
        conn.execute(sa.insert(Deployment).values(**row.model_dump(exclude_none=True)))
    engine.dispose()
    ended = Progress(status="rolled_back", current_step="Rolled back by deployment x")
    ended.completed_at = datetime.now(UTC)
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    arg = StackOpInput(
        deployment_id=str(row.id), project_id=pid, user_id=owner, kind=DeploymentKind.DESTROY
    )
    handle = await client.start_workflow(  # no worker polls this queue: the memo answers
        DestroyWorkflow.run,
        arg,
        id=workflow_id,
        task_queue=f"nobody-{uuid.uuid4().hex[:8]}",
        memo={"progress": ended.memo()},
    )
    try:
        seen = (await get_json(user, f"/deployments/{row.id}"))["data"]
        assert (seen["status"], seen["awaitingDecision"], seen["stale"]) == ("queued", False, True)
        assert seen["currentStep"] is None and seen["completedAt"] is None, seen
    finally:
        await handle.terminate("test over")
