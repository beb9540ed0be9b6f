"""Deployments that fail and recover, on the real stack: a failed stack parks the deploy until
continue / rollback / cancel, its decision timeout, a worker killed or lost mid-deploy.

Failures are injected at the boto3 transport (``Faults``, an in-process worker) or by killing the
worker process.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from activities.deps import ActivityDeps
from activities.registry import build_activities
from core.settings import Settings
from tests.e2e.conftest import Faults
from tests.support import (
    SHOP_SPEC,
    SHOP_WITH_REVIEWS,
    Stack,
    boto3_events,
    cfn,
    deploy,
    deployment,
    generated,
    get_json,
    stack_names,
)
from workflows.registry import WORKFLOWS


async def test_failing_stack_parks_then_continue_succeeds(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    inproc_worker.fail_stacks = {"compute"}
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    parked = await deployment(user, did, ("failed",))
    by_key = {s["key"]: s for s in parked["stacks"]}
    assert by_key["compute"]["status"] == "failed"
    assert "Injected failure" in by_key["compute"]["reason"]
    assert by_key["data"]["status"] == "completed"  # independent of the failure
    assert by_key["api"]["status"] == "blocked"  # depends on compute
    assert parked["awaitingDecision"] is True and "Injected failure" in parked["error"]
    # the project is held: a second operation is refused, naming this one
    r = await deploy(user, pid)
    assert r.status_code == 409 and r.json()["code"] == "OPERATION_IN_PROGRESS"
    assert r.json()["runningDeploymentId"] == did

    inproc_worker.fail_stacks = set()
    r = await user.post(f"/deployments/{did}/continue")
    assert r.status_code == 202, r.text
    done = await deployment(user, did, ("completed",))
    assert all(s["status"] in ("completed", "unchanged") for s in done["stacks"])
    assert {s["key"]: s["status"] for s in done["stacks"]}["data"] == "completed"


async def test_cancel_a_parked_deployment(user: httpx.AsyncClient, inproc_worker: Faults) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    inproc_worker.fail_stacks = {"data"}
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    await deployment(user, did, ("failed",))
    r = await user.post(f"/deployments/{did}/cancel")
    assert r.status_code == 202
    done = await deployment(user, did, ("cancelled",))
    assert done["completedAt"]
    r = await user.post(f"/deployments/{did}/continue")
    assert r.status_code == 409
    inproc_worker.fail_stacks = set()


async def test_request_rollback_without_earlier_success_removes_stacks(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    inproc_worker.fail_stacks = {"api"}
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    parked = await deployment(user, did, ("failed",))
    inproc_worker.fail_stacks = set()
    assert (await user.post(f"/deployments/{did}/rollback")).status_code == 202
    rolled = await deployment(user, did, ("rolled_back",))
    assert "Rolled back by deployment" in rolled["currentStep"]
    history = (await get_json(user, f"/projects/{pid}/deployments"))["data"]
    cleanup = await deployment(user, history[0]["id"], ("completed", "failed"))
    assert cleanup["kind"] == "destroy" and cleanup["status"] == "completed"
    remaining = set(stack_names(stack))
    assert not {s["name"] for s in parked["stacks"]} & remaining


@pytest.mark.usefixtures("worker")
async def test_worker_sigkill_mid_deploy_no_duplicates(
    user: httpx.AsyncClient, stack: Stack
) -> None:
    pid, _ = await generated(user, SHOP_WITH_REVIEWS)
    stack.stop_worker()
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    worker = stack.ensure_worker()
    await asyncio.sleep(1.0)
    worker.stop(signal.SIGKILL)
    stack.ensure_worker()
    done = await deployment(user, did, ("completed", "failed"), timeout=180)
    assert done["status"] == "completed", done
    client = cfn(stack)
    names = stack_names(stack)
    for s in done["stacks"]:
        assert names.count(s["name"]) == 1
        sets = client.list_change_sets(StackName=s["name"])["Summaries"]
        assert len({c["ChangeSetName"] for c in sets}) == len(sets)


async def test_parked_deployment_times_out_as_failed(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    """The failure timeout is configurable (DEPLOY_FAILURE_TIMEOUT); here a run started with 2 s."""
    from core.db import create_engine, session_factory
    from core.repositories import deployments as repo
    from workflows.common import search_attributes
    from workflows.messages import StackOpInput
    from workflows.stack_ops import DeployWorkflow

    pid, bid = await generated(user, SHOP_SPEC)
    me = (await user.get("/auth/me")).json()["data"]["id"]
    engine = create_engine(stack.database_url)
    async with session_factory(engine)() as session:
        row = await repo.create(
            session,
            project_id=uuid.UUID(pid),
            owner_id=uuid.UUID(me),
            kind="deploy",
            status="queued",
            blueprint_id=uuid.UUID(bid),
            workflow_id=f"stack-ops:{pid}",
        )
        await session.commit()
        did = str(row.id)
    await engine.dispose()
    inproc_worker.fail_stacks = {"data"}
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    handle = await client.start_workflow(
        DeployWorkflow.run,
        StackOpInput(
            deployment_id=did, project_id=pid, user_id=me, kind="deploy", failure_timeout_seconds=2
        ),
        id=f"stack-ops:{pid}",
        task_queue=stack.env["TASK_QUEUE"],
        search_attributes=search_attributes(pid, me, "deploy"),
    )
    assert await handle.result() == "failed"
    inproc_worker.fail_stacks = set()
    done = await deployment(user, did, ("failed",))
    assert done["completedAt"] and done["awaitingDecision"] is False
    assert "no decision before the timeout" in done["currentStep"]


class DataStackWait:
    """botocore hooks: count ExecuteChangeSet per stack, and once the data stack's change set was
    executed, block the activity's wait for that stack (in its boto3 thread) until released."""

    def __init__(self) -> None:
        self.executed: dict[str, int] = {}
        self.holding, self.release = threading.Event(), threading.Event()
        self.armed = False
        self.events = boto3_events()
        self.events.register("before-call.cloudformation.ExecuteChangeSet", self.on_execute)
        self.events.register("before-call.cloudformation.DescribeStacks", self.on_describe)

    @staticmethod
    def stack_name(params: dict[str, Any]) -> str:
        body = params.get("body")
        return str(body.get("StackName", "")) if isinstance(body, dict) else ""

    def on_execute(self, params: dict[str, Any], **_: Any) -> None:
        name = self.stack_name(params)
        self.executed[name] = self.executed.get(name, 0) + 1
        self.armed = self.armed or name.endswith("-data")

    def on_describe(self, params: dict[str, Any], **_: Any) -> None:
        if self.armed and self.stack_name(params).endswith("-data"):
            self.holding.set()
            self.release.wait(30)

    def close(self) -> None:
        self.release.set()
        self.events.unregister("before-call.cloudformation.ExecuteChangeSet", self.on_execute)
        self.events.unregister("before-call.cloudformation.DescribeStacks", self.on_describe)


async def executed_heartbeat(client: Client, workflow_id: str) -> list[Any]:
    """The pending activity's heartbeat details, once they say the change set was executed."""
    handle = client.get_workflow_handle(workflow_id)
    details: list[Any] = []
    for _ in range(100):
        pending = (await handle.describe()).raw_description.pending_activities
        if pending and pending[0].heartbeat_details.payloads:
            details = await client.data_converter.decode(pending[0].heartbeat_details.payloads)
            if details and details[0].get("executed"):
                break
        await asyncio.sleep(0.2)
    return details


async def test_worker_lost_mid_activity_resumes_from_heartbeat_details(
    user: httpx.AsyncClient, stack: Stack
) -> None:
    """The worker dies while a stack is being waited on, after its change set was executed. The
    retried activity resumes from the heartbeat details: it waits for the stack and does not
    execute the change set again (one ExecuteChangeSet per stack, across attempts)."""
    stack.ensure_worker()
    pid, _ = await generated(user, SHOP_SPEC)
    stack.stop_worker()
    hooks = DataStackWait()
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    deps = ActivityDeps.create(Settings())
    queue = stack.env["TASK_QUEUE"]
    try:
        first = Worker(
            client,
            task_queue=queue,
            workflows=WORKFLOWS,
            activities=build_activities(deps),
            graceful_shutdown_timeout=timedelta(seconds=0),
        )
        run = asyncio.create_task(first.run())
        did = (await deploy(user, pid)).json()["deployment"]["id"]
        assert await asyncio.to_thread(hooks.holding.wait, 60), "the data stack wait never began"
        details = await executed_heartbeat(client, f"stack-ops:{pid}")
        assert details and details[0].get("executed"), details
        hooks.armed = False
        shutdown = asyncio.create_task(first.shutdown())  # the worker is lost mid-activity
        hooks.release.set()
        await shutdown
        await run
        async with Worker(
            client, task_queue=queue, workflows=WORKFLOWS, activities=build_activities(deps)
        ):
            done = await deployment(user, did, ("completed", "failed"), timeout=120)
        assert done["status"] == "completed", done
        data = next(s["name"] for s in done["stacks"] if s["key"] == "data")
        # (moto registers exports only for create_stack, so importing stacks fail their first
        # execute and retry: only the data stack, which imports nothing, counts exactly once)
        assert hooks.executed[data] == 1, hooks.executed
    finally:
        hooks.close()
        await deps.engine.dispose()
        stack.ensure_worker()
