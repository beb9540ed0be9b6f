"""``WebhookDelivery`` and ``DriftCheck`` on Temporal's time-skipping test server, with stub
activities under the real names: the backoff schedule over the whole 24-hour window takes
milliseconds."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from workflows.drift import DriftCheckWorkflow
from workflows.ops_messages import (
    AttemptInput,
    AttemptResult,
    DeliveryGiveUp,
    DeliveryInput,
    DriftFailure,
    DriftInput,
    DriftOutcome,
    DriftRef,
    Outcome,
    RetrySchedule,
)
from workflows.registry import WORKFLOWS
from workflows.webhooks import WebhookDeliveryWorkflow

QUEUE = "ops"


@dataclass
class DeliveryStub:
    """``webhooks.attempt`` answering ``outcomes`` in turn (then retry), recording when each
    attempt was scheduled on the workflow's clock."""

    outcomes: list[Outcome] = field(default_factory=list)
    attempts: list[tuple[int, datetime]] = field(default_factory=list)
    gave_up: list[DeliveryGiveUp] = field(default_factory=list)

    @activity.defn(name="webhooks.attempt")
    async def attempt(self, inp: AttemptInput) -> AttemptResult:
        self.attempts.append((inp.attempt, activity.info().current_attempt_scheduled_time))
        outcome = (
            self.outcomes[len(self.attempts) - 1]
            if len(self.attempts) <= len(self.outcomes)
            else "retry"
        )
        return AttemptResult(outcome=outcome, response_status=503 if outcome == "retry" else 200)

    @activity.defn(name="webhooks.give_up")
    async def give_up(self, inp: DeliveryGiveUp) -> None:
        self.gave_up.append(inp)

    def gaps(self) -> list[float]:
        times = [t for _, t in self.attempts]
        return [(b - a).total_seconds() for a, b in itertools.pairwise(times)]


async def deliver(env: WorkflowEnvironment, stub: DeliveryStub, retry: RetrySchedule) -> str:
    async with Worker(
        env.client, task_queue=QUEUE, workflows=WORKFLOWS, activities=[stub.attempt, stub.give_up]
    ):
        result: str = await env.client.execute_workflow(
            WebhookDeliveryWorkflow.run,
            DeliveryInput(delivery_id="d1", webhook_id="w1", retry=retry),
            id=f"webhook:w1:{uuid.uuid4()}",
            task_queue=QUEUE,
        )
        return result


async def test_retries_with_exponential_backoff_until_delivered(env: WorkflowEnvironment) -> None:
    stub = DeliveryStub(outcomes=["retry", "retry", "retry", "delivered"])
    assert await deliver(env, stub, RetrySchedule()) == "delivered"
    assert [n for n, _ in stub.attempts] == [1, 2, 3, 4]
    assert [round(g) for g in stub.gaps()] == [10, 20, 40]
    assert stub.gave_up == []


async def test_gives_up_after_the_24_hour_window(env: WorkflowEnvironment) -> None:
    stub = DeliveryStub()
    assert await deliver(env, stub, RetrySchedule()) == "failed"
    gaps = [round(g) for g in stub.gaps()]
    assert gaps[:4] == [10, 20, 40, 80]
    assert max(gaps) == 3600  # capped at WEBHOOK_RETRY_MAX_INTERVAL
    span = (stub.attempts[-1][1] - stub.attempts[0][1]).total_seconds()
    assert 23 * 3600 < span <= 24 * 3600  # as long as the window allows, never longer
    assert stub.gave_up == [DeliveryGiveUp(delivery_id="d1", attempts=len(stub.attempts))]


async def test_gone_and_refused_end_at_once(env: WorkflowEnvironment) -> None:
    outcomes: list[Outcome] = ["gone", "refused", "disabled"]
    for outcome in outcomes:
        stub = DeliveryStub(outcomes=[outcome])
        assert await deliver(env, stub, RetrySchedule()) == outcome
        assert len(stub.attempts) == 1 and stub.gave_up == []


@dataclass
class DriftStub:
    status: str = "drifted"
    newly: bool = True
    crash: bool = False
    emitted: list[str] = field(default_factory=list)
    failed: list[DriftFailure] = field(default_factory=list)

    @activity.defn(name="drift.begin")
    async def begin(self, inp: DriftInput) -> DriftRef:
        return DriftRef(report_id=inp.report_id or "scheduled")

    @activity.defn(name="drift.check")
    async def check(self, ref: DriftRef) -> DriftOutcome:
        if self.crash:
            raise RuntimeError("AWS unreachable")
        return DriftOutcome(report_id=ref.report_id, status=self.status, newly_drifted=self.newly)

    @activity.defn(name="drift.fail")
    async def fail(self, inp: DriftFailure) -> None:
        self.failed.append(inp)

    @activity.defn(name="drift.emit")
    async def emit(self, ref: DriftRef) -> None:
        self.emitted.append(ref.report_id)


async def drift_check(env: WorkflowEnvironment, stub: DriftStub, report: str | None) -> str:
    activities: list[Callable[..., Any]] = [stub.begin, stub.check, stub.fail, stub.emit]
    async with Worker(env.client, task_queue=QUEUE, workflows=WORKFLOWS, activities=activities):
        result: str = await env.client.execute_workflow(
            DriftCheckWorkflow.run,
            DriftInput(project_id="p1", report_id=report),
            id=f"drift:{uuid.uuid4()}",
            task_queue=QUEUE,
            execution_timeout=timedelta(hours=2),
        )
        return result


async def test_drift_check_emits_only_new_drift(env: WorkflowEnvironment) -> None:
    stub = DriftStub()
    assert await drift_check(env, stub, "r1") == "drifted"
    assert stub.emitted == ["r1"]
    again = DriftStub(newly=False)
    assert await drift_check(env, again, None) == "drifted"
    assert again.emitted == []
    in_sync = DriftStub(status="in_sync", newly=False)
    assert await drift_check(env, in_sync, "r2") == "in_sync"


async def test_drift_check_that_cannot_finish_is_recorded_as_failed(
    env: WorkflowEnvironment,
) -> None:
    stub = DriftStub(crash=True)
    assert await drift_check(env, stub, "r3") == "failed"
    assert [f.report_id for f in stub.failed] == ["r3"]
    assert "AWS unreachable" in stub.failed[0].error
