"""Deployments on a real moto server over HTTP, through the HTTP API, on the real dev server.

Failures are injected at the boto3 transport with botocore event hooks on the worker's session
(an in-process worker for those tests), never by mocking Slipway's code.
"""

from __future__ import annotations

import asyncio
import json
import signal
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from temporalio import activity
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
    Worker,
)

from activities.deps import ActivityDeps
from activities.registry import build_activities
from core.settings import Settings
from tests.support import (
    Stack,
    boto3_events,
    cfn,
    get_json,
    project_with_spec,
    stack_names,
    wait_status,
)
from workflows.registry import WORKFLOWS

SPEC_V1 = """# Shop

## Entities

### Product
- name: string, required
- price: number, required

### Order
- product: ref Product, required
- quantity: integer, default 1
"""

SPEC_V2 = (
    SPEC_V1
    + """
### Review
- product: ref Product, required
- stars: integer, required
"""
)

SPEC_TYPE_CHANGE = SPEC_V1.replace(
    "- quantity: integer, default 1", "- quantity: string, default 1"
)
SPEC_ENTITY_REMOVED = SPEC_V1.split("### Order")[0]


class Faults(Interceptor):
    """botocore hooks on the default boto3 session the activities' clients are created from,
    and a worker interceptor that can hold an activity open after it has done its work."""

    def __init__(self) -> None:
        self.fail_stacks: set[str] = set()
        self.hold_after: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.events = boto3_events()
        self.events.register("after-call.cloudformation.DescribeStacks", self._describe_stacks)
        self.events.register("before-call.cloudformation", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[model.name] = self.calls.get(model.name, 0) + 1

    def _describe_stacks(self, parsed: dict[str, Any], **_: Any) -> None:
        for s in parsed.get("Stacks", []):
            if any(s.get("StackName", "").endswith(f"-{key}") for key in self.fail_stacks):
                s["StackStatus"] = "CREATE_FAILED"
                s["StackStatusReason"] = "Injected failure: resource limit exceeded"

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _Hold(next, self)

    def close(self) -> None:
        self.events.unregister("after-call.cloudformation.DescribeStacks", self._describe_stacks)
        self.events.unregister("before-call.cloudformation", self._count)


class _Hold(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, faults: Faults) -> None:
        super().__init__(next)
        self.faults = faults

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        result = await super().execute_activity(input)
        await asyncio.sleep(self.faults.hold_after.get(activity.info().activity_type, 0))
        return result


@pytest.fixture
async def inproc_worker(stack: Stack) -> AsyncIterator[Faults]:
    """The worker in this process, so botocore hooks reach its boto3 clients."""
    stack.stop_worker()
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    deps = ActivityDeps.create(Settings())
    faults = Faults()
    worker = Worker(
        client,
        task_queue=stack.env["TASK_QUEUE"],
        workflows=WORKFLOWS,
        activities=build_activities(deps),
        interceptors=[faults],
    )
    try:
        async with worker:
            yield faults
    finally:
        faults.close()
        await deps.engine.dispose()


async def generated(user: httpx.AsyncClient, spec: str, pid: str | None = None) -> tuple[str, str]:
    """A project (new, or ``pid`` with a new spec version) with a completed blueprint."""
    if pid is None:
        pid = await project_with_spec(user, spec)
    else:
        r = await user.post(f"/projects/{pid}/spec/apply", json={"content": spec})
        assert r.status_code == 201, r.text
    r = await user.post(f"/projects/{pid}/spec/generate-blueprint")
    assert r.status_code == 202, r.text
    bid = r.json()["blueprint"]["id"]
    assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "completed"
    return pid, bid


async def deployment(
    user: httpx.AsyncClient, did: str, statuses: tuple[str, ...], timeout: float = 90
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    body: dict[str, Any] = {}
    while loop.time() < deadline:
        r = await user.get(f"/deployments/{did}")
        if r.status_code == 429:  # a polite client waits as told
            await asyncio.sleep(min(float(r.headers.get("retry-after", "1")), 5))
            continue
        assert r.status_code == 200, r.text
        body = r.json()["data"]
        if body["status"] in statuses and not body["stale"]:
            return body
        await asyncio.sleep(min(1.0, 0.2 + (timeout - (deadline - loop.time())) / 20))
    raise AssertionError(f"deployment {did} still {body.get('status')}: {body}")


async def deploy(user: httpx.AsyncClient, pid: str, **body: Any) -> httpx.Response:
    return await user.post(f"/projects/{pid}/deploy", json=body)


def templates_live(stack: Stack, stacks: list[dict[str, Any]]) -> dict[str, Any]:
    client = cfn(stack)
    return {
        s["key"]: json.loads(json.dumps(client.get_template(StackName=s["name"])["TemplateBody"]))
        for s in stacks
    }


async def test_000_deployment_flow(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    """Preview, deploy, get deployment, rollback, destroy."""
    pid, _ = await generated(user, SPEC_V1)
    r = await user.post(f"/projects/{pid}/validate")
    assert r.status_code in (200, 202), r.text
    if r.status_code == 202:
        preview = await deployment(user, r.json()["deployment"]["id"], ("completed",))
    else:
        preview = r.json()["data"]
    assert preview["kind"] == "preview" and preview["status"] == "completed"
    assert {s["key"] for s in preview["stacks"]} >= {"data", "compute", "api"}
    data_stack = next(s for s in preview["stacks"] if s["key"] == "data")
    assert data_stack["changes"] and all(c["action"] == "add" for c in data_stack["changes"])
    assert preview["classification"]["overall"] == "safe"
    assert preview["preview"]["costEstimate"] and preview["preview"]["validation"]
    # preview never executes: no stack exists afterwards
    names = set(stack_names(stack))
    assert not any(pid.replace("-", "")[:8] in n for n in names)

    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    first = r.json()["deployment"]["id"]
    assert r.json()["statusUrl"] == f"/deployments/{first}"
    done = await deployment(user, first, ("completed", "failed"))
    assert done["status"] == "completed", done
    assert all(s["status"] == "completed" for s in done["stacks"])
    assert done["events"] and done["outputs"]
    v1_templates = templates_live(stack, done["stacks"])

    pid, _ = await generated(user, SPEC_V2, pid)
    r = await deploy(user, pid)
    second = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert second["status"] == "completed"
    assert templates_live(stack, second["stacks"]) != v1_templates

    r = await user.post(f"/projects/{pid}/rollback", json={"deploymentId": first})
    assert r.status_code == 202, r.text
    rolled = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert rolled["status"] == "completed" and rolled["kind"] == "rollback"
    assert templates_live(stack, rolled["stacks"]) == v1_templates

    history = (await get_json(user, f"/projects/{pid}/deployments"))["data"]
    assert [d["kind"] for d in history][:4] == ["rollback", "deploy", "deploy", "preview"]

    r = await user.delete(f"/projects/{pid}/stack")
    assert r.status_code == 202
    destroyed = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert destroyed["status"] == "completed"
    remaining = set(stack_names(stack))
    assert not {s["name"] for s in done["stacks"]} & remaining


async def test_rollback_to_unsuccessful_deployment_is_422(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SPEC_V1)
    r = await user.post(f"/projects/{pid}/validate")
    preview_id = (r.json().get("data") or r.json()["deployment"])["id"]
    r = await user.post(f"/projects/{pid}/rollback", json={"deploymentId": preview_id})
    assert r.status_code == 422 and r.json()["code"] == "ROLLBACK_TARGET_INVALID"


async def test_failing_stack_parks_then_continue_succeeds(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SPEC_V1)
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
    pid, _ = await generated(user, SPEC_V1)
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
    pid, _ = await generated(user, SPEC_V1)
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


async def test_two_concurrent_deploys_exactly_one_runs(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SPEC_V1)
    responses = await asyncio.gather(deploy(user, pid), deploy(user, pid))
    codes = sorted(r.status_code for r in responses)
    assert codes == [202, 409], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 202).json()["deployment"]["id"]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] == "OPERATION_IN_PROGRESS"
    await deployment(user, winner, ("completed",))
    history = (await get_json(user, f"/projects/{pid}/deployments"))["data"]
    assert [d["id"] for d in history] == [winner]


async def test_next_operation_right_after_completed_waits_for_the_closing_workflow(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    """The deployment reads "completed" once its final status is saved, a moment before its
    workflow returns; an operation started in that moment is accepted, not refused as in
    progress. The moment is stretched by holding the finishing activity open."""
    pid, _ = await generated(user, SPEC_V1)
    inproc_worker.hold_after = {"stackops.finish": 2.0}
    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    await deployment(user, r.json()["deployment"]["id"], ("completed",), timeout=60)
    r = await user.delete(f"/projects/{pid}/stack")
    assert r.status_code == 202, r.text
    inproc_worker.hold_after = {}
    destroyed = await deployment(user, r.json()["deployment"]["id"], ("completed",))
    assert destroyed["kind"] == "destroy"


async def test_change_gates(user: httpx.AsyncClient, inproc_worker: Faults) -> None:
    pid, _ = await generated(user, SPEC_V1)
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    await deployment(user, did, ("completed",))

    await generated(user, SPEC_TYPE_CHANGE, pid)
    r = await deploy(user, pid)
    assert r.status_code == 409 and r.json()["code"] == "ACKNOWLEDGEMENT_REQUIRED"
    assert r.json()["changes"]
    r = await deploy(user, pid, acknowledge=["unsafe"])
    assert r.status_code == 202
    await deployment(user, r.json()["deployment"]["id"], ("completed",))

    await generated(user, SPEC_ENTITY_REMOVED, pid)
    r = await deploy(user, pid, acknowledge=["unsafe"])
    assert r.status_code == 409 and r.json()["code"] == "CHANGE_BLOCKED"
    assert any(c["classification"] == "blocked" for c in r.json()["changes"])


async def test_idempotent_deploy_and_ownership(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SPEC_V1)
    key = uuid.uuid4().hex
    first = await user.post(f"/projects/{pid}/deploy", json={}, headers={"Idempotency-Key": key})
    again = await user.post(f"/projects/{pid}/deploy", json={}, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 202
    did = first.json()["deployment"]["id"]
    assert again.json()["deployment"]["id"] == did
    await deployment(user, did, ("completed",))
    for method, path in (
        ("GET", f"/deployments/{did}"),
        ("POST", f"/deployments/{did}/continue"),
        ("POST", f"/deployments/{did}/cancel"),
        ("GET", f"/projects/{pid}/deployments"),
        ("POST", f"/projects/{pid}/deploy"),
        ("POST", f"/projects/{pid}/validate"),
        ("DELETE", f"/projects/{pid}/stack"),
    ):
        r = await other_user.request(method, path)
        assert r.status_code == 404, (method, path, r.text)


async def test_no_blueprint_is_409(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user, SPEC_V1)
    r = await deploy(user, pid)
    assert r.status_code == 409 and r.json()["code"] == "NO_BLUEPRINT"


@pytest.mark.usefixtures("worker")
async def test_worker_sigkill_mid_deploy_no_duplicates(
    user: httpx.AsyncClient, stack: Stack
) -> None:
    pid, _ = await generated(user, SPEC_V2)
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

    pid, bid = await generated(user, SPEC_V1)
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


async def test_worker_lost_mid_activity_resumes_from_heartbeat_details(
    user: httpx.AsyncClient, stack: Stack
) -> None:
    """The worker dies while a stack is being waited on, after its change set was executed. The
    retried activity resumes from the heartbeat details: it waits for the stack and does not
    execute the change set again (one ExecuteChangeSet per stack, across attempts)."""
    import threading

    stack.ensure_worker()
    pid, _ = await generated(user, SPEC_V1)
    stack.stop_worker()
    executed: dict[str, int] = {}
    holding, release = threading.Event(), threading.Event()
    hold_data = {"armed": False}

    def stack_name(params: dict[str, Any]) -> str:
        body = params.get("body")
        return str(body.get("StackName", "")) if isinstance(body, dict) else ""

    def on_execute(params: dict[str, Any], **_: Any) -> None:
        name = stack_name(params)
        executed[name] = executed.get(name, 0) + 1
        if name.endswith("-data"):
            hold_data["armed"] = True

    def on_describe(params: dict[str, Any], **_: Any) -> None:
        # The activity's wait for the data stack blocks here (in its boto3 thread): the worker
        # is lost mid-wait.
        if hold_data["armed"] and stack_name(params).endswith("-data"):
            holding.set()
            release.wait(30)

    events = boto3_events()
    events.register("before-call.cloudformation.ExecuteChangeSet", on_execute)
    events.register("before-call.cloudformation.DescribeStacks", on_describe)
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    deps = ActivityDeps.create(Settings())
    try:
        first = Worker(
            client,
            task_queue=stack.env["TASK_QUEUE"],
            workflows=WORKFLOWS,
            activities=build_activities(deps),
            graceful_shutdown_timeout=timedelta(seconds=0),
        )
        run = asyncio.create_task(first.run())
        did = (await deploy(user, pid)).json()["deployment"]["id"]
        assert await asyncio.to_thread(holding.wait, 60), "the data stack wait never started"
        handle = client.get_workflow_handle(f"stack-ops:{pid}")
        details: list[Any] = []
        for _ in range(100):  # the "executed" heartbeat has reached the server
            pending = (await handle.describe()).raw_description.pending_activities
            if pending and pending[0].heartbeat_details.payloads:
                details = await client.data_converter.decode(pending[0].heartbeat_details.payloads)
                if details and details[0].get("executed"):
                    break
            await asyncio.sleep(0.2)
        assert details and details[0].get("executed"), details
        hold_data["armed"] = False
        shutdown = asyncio.create_task(first.shutdown())  # the worker is lost mid-activity
        release.set()
        await shutdown
        await run
        second = Worker(
            client,
            task_queue=stack.env["TASK_QUEUE"],
            workflows=WORKFLOWS,
            activities=build_activities(deps),
        )
        async with second:
            done = await deployment(user, did, ("completed", "failed"), timeout=120)
        assert done["status"] == "completed", done
        data = next(s["name"] for s in done["stacks"] if s["key"] == "data")
        # (moto registers exports only for create_stack, so importing stacks fail their first
        # execute and retry: only the data stack, which imports nothing, counts exactly once)
        assert executed[data] == 1, executed
    finally:
        release.set()
        events.unregister("before-call.cloudformation.ExecuteChangeSet", on_execute)
        events.unregister("before-call.cloudformation.DescribeStacks", on_describe)
        await deps.engine.dispose()
        stack.ensure_worker()
