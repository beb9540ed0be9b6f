"""Workflow layer: the real workflows on Temporal's time-skipping test server, with stub
activities registered under the real activities' names.

Each test drives one orchestration decision (parking a failed deploy, its decision timeout, the
continue / rollback / cancel signals, a failed generation) without a database, AWS or a worker
process; timers such as the parked deployment's 24-hour decision timeout take milliseconds.
Activities themselves are covered by the end-to-end tests (tests/e2e).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from temporalio import activity
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, Worker

from activities.events import RecordEventInput
from workflows.common import Progress
from workflows.generate import GenerateBlueprintWorkflow
from workflows.messages import (
    BlueprintRef,
    DeploymentRef,
    FailInput,
    FinishInput,
    GenerateInput,
    PlanResult,
    RecordInput,
    RollbackStart,
    SaveRevisionResult,
    SignalInput,
    StackOpInput,
    StackPlan,
    StackStepInput,
    StackStepResult,
    StepResult,
)
from workflows.registry import WORKFLOWS
from workflows.stack_ops import DeployWorkflow, DestroyWorkflow
from workflows.status import DeploymentKind, DeploymentStatus, GenerationStatus

PLAN = [
    StackPlan(key="data", name="app-data"),
    StackPlan(key="compute", name="app-compute", depends_on=["data"]),
    StackPlan(key="api", name="app-api", depends_on=["compute"]),
]


@dataclass
class StackOpsStub:
    """The stack-operation activities, recording their calls; ``fail`` names the stacks whose
    first attempt in deployment d1 fails permanently."""

    fail: set[str] = field(default_factory=set)
    prepare_error: str | None = None
    """``prepare`` fails permanently with this message."""
    rollback_kind: DeploymentKind = DeploymentKind.ROLLBACK
    steps: list[tuple[str, str, int]] = field(default_factory=list)
    finished: list[FinishInput] = field(default_factory=list)
    records: list[RecordInput] = field(default_factory=list)

    @activity.defn(name="stackops.prepare")
    async def prepare(self, ref: DeploymentRef) -> PlanResult:
        if self.prepare_error:
            raise ApplicationError(self.prepare_error, type="NotFound", non_retryable=True)
        return PlanResult(stacks=PLAN)

    async def _step(self, action: str, inp: StackStepInput, done: str) -> StackStepResult:
        self.steps.append((action, inp.key, inp.attempt))
        if inp.key in self.fail and inp.attempt == 1 and inp.deployment_id == "d1":
            raise ApplicationError(
                f"app-{inp.key}: CREATE_FAILED", type="StackFailed", non_retryable=True
            )
        return StackStepResult(key=inp.key, status=done)

    @activity.defn(name="stackops.deploy_stack")
    async def deploy_stack(self, inp: StackStepInput) -> StackStepResult:
        return await self._step("deploy", inp, "completed")

    @activity.defn(name="stackops.preview_stack")
    async def preview_stack(self, inp: StackStepInput) -> StackStepResult:
        return await self._step("preview", inp, "previewed")

    @activity.defn(name="stackops.destroy_stack")
    async def destroy_stack(self, inp: StackStepInput) -> StackStepResult:
        return await self._step("destroy", inp, "deleted")

    @activity.defn(name="stackops.record")
    async def record(self, inp: RecordInput) -> None:
        self.records.append(inp)

    @activity.defn(name="stackops.finish")
    async def finish(self, inp: FinishInput) -> None:
        self.finished.append(inp)

    @activity.defn(name="stackops.start_rollback")
    async def start_rollback(self, ref: DeploymentRef) -> RollbackStart:
        return RollbackStart(deployment_id=f"{ref.deployment_id}-rb", kind=self.rollback_kind)

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.prepare,
            self.deploy_stack,
            self.preview_stack,
            self.destroy_stack,
            self.record,
            self.finish,
            self.start_rollback,
        ]


@dataclass
class GenerationStub:
    """The generation activities; ``parse`` fails permanently when ``broken`` is set."""

    broken: str | None = None
    failed: list[FailInput] = field(default_factory=list)

    async def _ok(self, ref: BlueprintRef) -> StepResult:
        return StepResult(summary={})

    @activity.defn(name="generation.load_spec")
    async def load_spec(self, ref: BlueprintRef) -> StepResult:
        return await self._ok(ref)

    @activity.defn(name="generation.parse")
    async def parse(self, ref: BlueprintRef) -> StepResult:
        if self.broken:
            raise ApplicationError(self.broken, type="SpecInvalid", non_retryable=True)
        return await self._ok(ref)

    @activity.defn(name="generation.data_model")
    async def data_model(self, ref: BlueprintRef) -> StepResult:
        return StepResult(summary={"dataModel": {"entities": 3}})

    @activity.defn(name="generation.api")
    async def api(self, ref: BlueprintRef) -> StepResult:
        return await self._ok(ref)

    @activity.defn(name="generation.infrastructure")
    async def infrastructure(self, ref: BlueprintRef) -> StepResult:
        return await self._ok(ref)

    @activity.defn(name="generation.validate")
    async def validate(self, ref: BlueprintRef) -> StepResult:
        return await self._ok(ref)

    @activity.defn(name="generation.save_revision")
    async def save_revision(self, ref: BlueprintRef) -> SaveRevisionResult:
        return SaveRevisionResult(revision=1, classification="safe")

    @activity.defn(name="generation.fail")
    async def fail(self, inp: FailInput) -> None:
        self.failed.append(inp)

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.load_spec,
            self.parse,
            self.data_model,
            self.api,
            self.infrastructure,
            self.validate,
            self.save_revision,
            self.fail,
        ]


@dataclass
class EventsStub:
    """``events.record``: the progress events the workflows report, in order."""

    events: list[RecordEventInput] = field(default_factory=list)

    @activity.defn(name="events.record")
    async def record(self, inp: RecordEventInput) -> int:
        self.events.append(inp)
        return len(self.events)

    def types(self) -> list[str]:
        return [e.type for e in self.events]


def worker(
    env: WorkflowEnvironment,
    activities: list[Callable[..., Any]],
    events: EventsStub | None = None,
) -> Worker:
    return Worker(
        env.client,
        task_queue="orchestration",
        workflows=WORKFLOWS,
        activities=[*activities, (events or EventsStub()).record],
    )


async def start_deploy(
    env: WorkflowEnvironment, kind: DeploymentKind = DeploymentKind.DEPLOY
) -> WorkflowHandle[Any, Any]:
    inp = StackOpInput(deployment_id="d1", project_id="p1", user_id="u1", kind=kind)
    return await env.client.start_workflow(
        DeployWorkflow.run, inp, id=f"stack-ops:{uuid.uuid4()}", task_queue="orchestration"
    )


async def parked(env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any]) -> Progress:
    """Wait (in workflow time, without skipping past the timeout) until the deploy parks."""
    for _ in range(200):
        progress: Progress = await handle.query(DeployWorkflow.get_progress)
        if progress.status == DeploymentStatus.FAILED:
            return progress
        await env.sleep(timedelta(milliseconds=50))
    raise AssertionError(f"never parked: {progress}")


async def test_parked_deploy_times_out_after_a_day_in_milliseconds(
    env: WorkflowEnvironment,
) -> None:
    stub = StackOpsStub(fail={"compute"})
    async with worker(env, stub.all()):
        handle = await start_deploy(env)
        progress = await parked(env, handle)
        assert progress.error and "app-compute: CREATE_FAILED" in progress.error
        stacks = {s["key"]: s["status"] for s in progress.details["stacks"]}
        assert stacks == {"data": "completed", "compute": "failed", "api": "blocked"}
        before, wall = await env.get_current_time(), time.monotonic()
        assert await handle.result() == DeploymentStatus.FAILED
        assert await env.get_current_time() - before >= timedelta(hours=24)
        assert time.monotonic() - wall < 30  # a day of workflow time, in (milli)seconds
    assert [f.status for f in stub.finished] == [DeploymentStatus.FAILED]
    assert stub.finished[0].current_step == "Failed (no decision before the timeout)"
    parked_record = next(r for r in stub.records if r.status == DeploymentStatus.FAILED)
    assert (
        parked_record.current_step and "waiting for continue_deploy" in parked_record.current_step
    )


async def test_continue_retries_only_unfinished_stacks_with_a_new_attempt(
    env: WorkflowEnvironment,
) -> None:
    stub = StackOpsStub(fail={"compute"})
    async with worker(env, stub.all()):
        handle = await start_deploy(env)
        await parked(env, handle)
        await handle.signal(DeployWorkflow.continue_deploy, SignalInput(reason="test"))
        assert await handle.result() == DeploymentStatus.COMPLETED
    assert stub.steps == [
        ("deploy", "data", 1),
        ("deploy", "compute", 1),
        ("deploy", "compute", 2),
        ("deploy", "api", 2),
    ]
    assert [f.status for f in stub.finished] == [DeploymentStatus.COMPLETED]


@pytest.mark.parametrize(
    ("kind", "then"), [(DeploymentKind.ROLLBACK, "deploy"), (DeploymentKind.DESTROY, "destroy")]
)
async def test_request_rollback_continues_as_the_rollback_or_destroy(
    env: WorkflowEnvironment, kind: DeploymentKind, then: str
) -> None:
    stub = StackOpsStub(fail={"api"}, rollback_kind=kind)
    async with worker(env, stub.all()):
        handle = await start_deploy(env)
        await parked(env, handle)
        await handle.signal(DeployWorkflow.request_rollback, SignalInput(reason="test"))
        assert await handle.result() == DeploymentStatus.COMPLETED  # the follow-up run's result
    assert [(f.deployment_id, f.status) for f in stub.finished] == [
        ("d1", DeploymentStatus.ROLLED_BACK),
        ("d1-rb", DeploymentStatus.COMPLETED),
    ]
    follow_up = stub.steps[3:]
    assert {action for action, _, _ in follow_up} == {then}
    assert {key for _, key, _ in follow_up} == {"data", "compute", "api"}


async def test_cancel_ends_a_parked_deploy(env: WorkflowEnvironment) -> None:
    stub = StackOpsStub(fail={"data"})
    async with worker(env, stub.all()):
        handle = await start_deploy(env)
        await parked(env, handle)
        await handle.signal(DeployWorkflow.cancel, SignalInput(reason="test"))
        assert await handle.result() == DeploymentStatus.CANCELLED
    assert [f.current_step for f in stub.finished] == ["Cancelled after failure"]
    assert ("deploy", "compute", 1) not in stub.steps  # blocked behind the failed stack


async def test_preview_never_deploys(env: WorkflowEnvironment) -> None:
    stub = StackOpsStub()
    async with worker(env, stub.all()):
        handle = await start_deploy(env, DeploymentKind.PREVIEW)
        assert await handle.result() == DeploymentStatus.COMPLETED
    assert {action for action, _, _ in stub.steps} == {"preview"}
    assert [f.current_step for f in stub.finished] == ["Preview ready"]


async def test_failed_generation_records_the_readable_message(env: WorkflowEnvironment) -> None:
    message = "Spec version 1 does not compile: line 6: unknown type 'strng' (1 error(s))"
    stub = GenerationStub(broken=message)
    async with worker(env, stub.all()):
        handle = await env.client.start_workflow(
            GenerateBlueprintWorkflow.run,
            GenerateInput(blueprint_id="b1", project_id="p1", user_id="u1"),
            id=f"blueprint:{uuid.uuid4()}",
            task_queue="orchestration",
        )
        with pytest.raises(WorkflowFailureError) as failure:
            await handle.result()
        progress = await handle.query(GenerateBlueprintWorkflow.get_progress)
    assert isinstance(failure.value.cause, ApplicationError)
    assert failure.value.cause.type == "GenerationFailed" and failure.value.cause.message == message
    assert [(f.blueprint_id, f.error) for f in stub.failed] == [("b1", message)]
    assert progress.status == GenerationStatus.FAILED and progress.error == message


async def test_generation_reports_each_step(env: WorkflowEnvironment) -> None:
    stub = GenerationStub()
    async with worker(env, stub.all()):
        result = await env.client.execute_workflow(
            GenerateBlueprintWorkflow.run,
            GenerateInput(blueprint_id="b1", project_id="p1", user_id="u1"),
            id=f"blueprint:{uuid.uuid4()}",
            task_queue="orchestration",
        )
    assert result.status == GenerationStatus.COMPLETED and result.revision == 1
    assert stub.failed == []


async def test_generation_records_each_step_as_an_event(env: WorkflowEnvironment) -> None:
    """One event per reported step, keyed by run and step (a retry records nothing new), the
    first ``started`` and the last the terminal status."""
    stub, events = GenerationStub(), EventsStub()
    async with worker(env, stub.all(), events):
        await env.client.execute_workflow(
            GenerateBlueprintWorkflow.run,
            GenerateInput(blueprint_id="b1", project_id="p1", user_id="u1"),
            id="blueprint:b1",
            task_queue="orchestration",
        )
    assert events.types() == ["started", *["progress"] * 6, "completed"]
    assert len({e.key for e in events.events}) == 8
    assert all(e.key.startswith("blueprint:b1/") for e in events.events)
    first, last = events.events[0], events.events[-1]
    assert (first.subject_kind, first.subject_id, first.operation) == (
        "blueprint",
        "b1",
        "generation",
    )
    assert first.progress["currentStep"] == "Loading spec..." and last.progress["progress"] == 100


async def test_a_parked_deploy_records_stacks_awaiting_decision_and_its_end(
    env: WorkflowEnvironment,
) -> None:
    stub, events = StackOpsStub(fail={"compute"}), EventsStub()
    async with worker(env, stub.all(), events):
        handle = await start_deploy(env)
        await parked(env, handle)
        await handle.signal(DeployWorkflow.continue_deploy, SignalInput(reason="test"))
        assert await handle.result() == DeploymentStatus.COMPLETED
    types = events.types()
    assert types[0] == "started" and types[-1] == "completed"
    parked_at = types.index("awaiting_decision")
    assert "stack" in types[:parked_at] and "stack" in types[parked_at:]
    assert {(e.subject_kind, e.subject_id, e.operation) for e in events.events} == {
        ("deployment", "d1", "deploy")
    }
    stacks = events.events[parked_at].progress["details"]["stacks"]
    assert {s["key"]: s["status"] for s in stacks}["compute"] == "failed"


@pytest.mark.parametrize(
    ("run", "kind"),
    [
        (DeployWorkflow.run, DeploymentKind.DEPLOY),
        (DeployWorkflow.run, DeploymentKind.PREVIEW),
        (DestroyWorkflow.run, DeploymentKind.DESTROY),
    ],
)
async def test_a_failed_prepare_finishes_the_run_as_failed(
    env: WorkflowEnvironment, run: Any, kind: DeploymentKind
) -> None:
    """``prepare`` out of retries: the run records its failure (row, terminal event, so the
    ``*.failed`` webhook) and returns ``failed`` instead of failing with nothing recorded; its
    history replays (histories from before the patch: tests/golden/before-prepare-failure/)."""
    stub, events = StackOpsStub(prepare_error="Deployment d1 not found"), EventsStub()
    async with worker(env, stub.all(), events):
        handle = await env.client.start_workflow(
            run,
            StackOpInput(deployment_id="d1", project_id="p1", user_id="u1", kind=kind),
            id=f"stack-ops:{uuid.uuid4()}",
            task_queue="orchestration",
        )
        assert await handle.result() == DeploymentStatus.FAILED
        progress: Progress = await handle.query(DeployWorkflow.get_progress)
        history = await handle.fetch_history()
    (finished,) = stub.finished
    assert (finished.deployment_id, finished.status) == ("d1", DeploymentStatus.FAILED)
    assert finished.current_step == "Preparation failed"
    assert finished.error and "Deployment d1 not found" in finished.error
    assert stub.steps == []
    assert events.types() == ["started", "failed"]
    assert events.events[-1].operation == kind
    assert progress.status == DeploymentStatus.FAILED and progress.completed_at is not None
    await Replayer(workflows=WORKFLOWS, data_converter=env.client.data_converter).replay_workflow(
        history
    )
