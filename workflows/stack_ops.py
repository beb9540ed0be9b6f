"""Stack operations: Deploy (and Preview), Destroy, Rollback. All share the workflow ID
``stack-ops:{projectId}`` (conflict policy FAIL), so Temporal itself allows one at a time.

A failed deploy parks in ``failed`` awaiting ``continue_deploy`` (skip completed stacks, retry
failed and remaining ones), ``request_rollback`` or ``cancel``; after ``failure_timeout_seconds``
it ends as failed. An operation whose ``prepare`` fails (after its retries) ends as failed too,
recorded like any other end (``PREPARE_FAILURE_PATCH``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.stackops import StackOpsActivities
    from workflows.common import (
        DEFAULT_RETRY,
        EventSubject,
        Progress,
        Reporter,
        failure_message,
    )
    from workflows.messages import (
        DeploymentRef,
        FinishInput,
        RecordInput,
        SignalInput,
        StackOpInput,
        StackPlan,
        StackStepInput,
        StackStepResult,
    )
    from workflows.status import DeploymentKind, DeploymentStatus

SHORT = timedelta(seconds=60)
STACK_ACTIVITY_TIMEOUT = timedelta(hours=2)
HEARTBEAT = timedelta(seconds=30)
STACK_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=4,
    non_retryable_error_types=["StackFailed", "NotFound"],
)
PREPARE_FAILURE_PATCH = "stack-ops-prepare-failure"
"""``workflow.patched`` id: a failed ``prepare`` finishes the run as failed (row, event, webhook)
instead of failing the workflow with nothing recorded. Histories from before it replay the old
path (``tests/golden/before-prepare-failure/``)."""
DONE = (DeploymentStatus.COMPLETED, "unchanged", "deleted", "previewed")
"""Stack step results that count as done: a stack deployed (the run vocabulary's
``completed``), left unchanged, deleted or previewed."""
StackStep = Callable[[StackOpsActivities, StackStepInput], Awaitable[StackStepResult]]
"""One of the per-stack activities: deploy, preview or destroy one stack."""


class StackOpsBase:
    """State, signals and the query shared by every stack-operation workflow."""

    def __init__(self) -> None:
        self._progress = Progress()
        self._reporter = Reporter(self._progress)
        self._plan: list[StackPlan] = []
        self._stacks: dict[str, dict[str, Any]] = {}
        self._outputs: dict[str, Any] = {}
        self._signal: str | None = None
        self._inp: StackOpInput | None = None

    # --- messages ----------------------------------------------------------------------------

    @workflow.query(name="get_progress")
    def get_progress(self) -> Progress:
        return self._progress

    @workflow.signal(name="continue_deploy")
    def continue_deploy(self, _: SignalInput) -> None:
        self._signal = "continue"

    @workflow.signal(name="request_rollback")
    def request_rollback(self, _: SignalInput) -> None:
        self._signal = "rollback"

    @workflow.signal(name="cancel")
    def cancel(self, _: SignalInput) -> None:
        self._signal = "cancel"

    # --- helpers -----------------------------------------------------------------------------

    @property
    def inp(self) -> StackOpInput:
        assert self._inp is not None
        return self._inp

    def _publish_stacks(self) -> None:
        self._progress.details["stacks"] = [dict(s) for s in self._stacks.values()]

    def _percent(self, start: int = 10, span: int = 85) -> int:
        total = max(1, len(self._stacks))
        done = sum(1 for s in self._stacks.values() if s["status"] in DONE)
        return start + span * done // total

    async def _record(self, **extra: Any) -> None:
        self._publish_stacks()
        await workflow.execute_activity_method(
            StackOpsActivities.record,
            RecordInput(
                deployment_id=self.inp.deployment_id,
                stacks=list(self._stacks.values()),
                progress=self._progress.progress,
                outputs=self._outputs or None,
                **extra,
            ),
            start_to_close_timeout=SHORT,
            retry_policy=DEFAULT_RETRY,
        )

    async def _prepare(self, label: str) -> bool:
        """Plan the stacks; False when planning failed (the run is then finished as failed)."""
        self._reporter.subject = EventSubject(
            project_id=self.inp.project_id,
            user_id=self.inp.user_id,
            subject_kind="deployment",
            subject_id=self.inp.deployment_id,
            operation=self.inp.kind,
        )
        await self._reporter.advance(label, 5, phase=self.inp.kind)
        try:
            plan = await workflow.execute_activity_method(
                StackOpsActivities.prepare,
                DeploymentRef(deployment_id=self.inp.deployment_id),
                start_to_close_timeout=SHORT,
                retry_policy=DEFAULT_RETRY,
            )
        except ActivityError as err:
            if not workflow.patched(PREPARE_FAILURE_PATCH):
                raise
            await self._finish(DeploymentStatus.FAILED, "Preparation failed", failure_message(err))
            return False
        self._plan = plan.stacks
        self._stacks = {
            s.key: {"key": s.key, "name": s.name, "dependsOn": s.depends_on, "status": "pending"}
            for s in plan.stacks
        }
        self._publish_stacks()
        return True

    async def _finish(self, status: DeploymentStatus, step: str, error: str | None = None) -> None:
        await self._record()
        await workflow.execute_activity_method(
            StackOpsActivities.finish,
            FinishInput(
                deployment_id=self.inp.deployment_id, status=status, error=error, current_step=step
            ),
            start_to_close_timeout=SHORT,
            retry_policy=DEFAULT_RETRY,
        )
        await self._reporter.end(status, step, error=error)

    async def _step(self, step: StackStep, key: str, attempt: int) -> StackStepResult:
        try:
            return await workflow.execute_activity_method(
                step,
                StackStepInput(deployment_id=self.inp.deployment_id, key=key, attempt=attempt),
                start_to_close_timeout=STACK_ACTIVITY_TIMEOUT,
                heartbeat_timeout=HEARTBEAT,
                retry_policy=STACK_RETRY,
            )
        except ActivityError as err:
            return StackStepResult(key=key, status="failed", reason=failure_message(err))

    async def _run_dag(self, step: StackStep, attempt: int, label: str, *, reverse: bool) -> None:
        """Run every unfinished stack once its dependencies are done; independent stacks run in
        parallel. A failed stack blocks its dependents and nothing else."""
        deps: dict[str, set[str]] = {
            s.key: set(s.depends_on) & set(self._stacks) for s in self._plan
        }
        if reverse:  # destroy: a stack goes after every stack that depends on it
            deps = {k: {o for o, d in deps.items() if k in d} for k in deps}
        pending = [k for k, s in self._stacks.items() if s["status"] not in DONE]
        for key in pending:
            self._stacks[key]["status"] = "pending"
            self._stacks[key].pop("reason", None)
        while pending:
            blocked = [
                k
                for k in pending
                if any(self._stacks[d]["status"] in ("failed", "blocked") for d in deps[k])
            ]
            for key in blocked:
                self._stacks[key]["status"] = "blocked"
                self._stacks[key]["reason"] = "a stack it depends on failed"
            pending = [k for k in pending if k not in blocked]
            ready = [k for k in pending if all(self._stacks[d]["status"] in DONE for d in deps[k])]
            if not ready or self._signal == "cancel":
                break
            for key in ready:
                self._stacks[key]["status"] = "in_progress"
            self._reporter.step(
                f"{label} {', '.join(ready)}...", self._percent(), phase=self.inp.kind
            )
            self._publish_stacks()
            await self._reporter.record("progress")
            results = await asyncio.gather(*(self._step(step, k, attempt) for k in ready))
            for result in results:
                stack = self._stacks[result.key]
                stack["status"] = result.status
                if result.reason:
                    stack["reason"] = result.reason
                for change in result.changes:
                    if "outputs" in change:
                        self._outputs[result.key] = change["outputs"]
                if result.status == "previewed":
                    stack["changes"] = result.changes
                    if result.reason:
                        stack["note"] = stack.pop("reason")
            pending = [k for k in pending if k not in ready]
            self._reporter.step(f"{label}...", self._percent(), phase=self.inp.kind)
            await self._record()
            await self._reporter.record("stack")

    def _failures(self) -> list[str]:
        return [
            f"{s['name']}: {s.get('reason', s['status'])}"
            for s in self._stacks.values()
            if s["status"] in ("failed", "blocked")
        ]


@workflow.defn(name="Deploy")
class DeployWorkflow(StackOpsBase):
    """Deploy a blueprint's stacks, or only preview them (``kind="preview"``)."""

    @workflow.run
    async def run(self, inp: StackOpInput) -> str:
        self._inp = inp
        if not await self._prepare("Synthesizing templates..."):
            return DeploymentStatus.FAILED
        if inp.kind == DeploymentKind.PREVIEW:
            await self._run_dag(StackOpsActivities.preview_stack, 1, "Previewing", reverse=False)
            failures = self._failures()
            if failures:
                await self._finish(DeploymentStatus.FAILED, "Preview failed", "; ".join(failures))
                return DeploymentStatus.FAILED
            await self._finish(DeploymentStatus.COMPLETED, "Preview ready")
            return DeploymentStatus.COMPLETED
        return await self._deploy_loop("Deploying")

    async def _deploy_loop(self, label: str) -> str:
        attempt = 1
        while True:
            await self._run_dag(StackOpsActivities.deploy_stack, attempt, label, reverse=False)
            if self._signal == "cancel":
                await self._finish(DeploymentStatus.CANCELLED, "Cancelled", "cancelled by request")
                return DeploymentStatus.CANCELLED
            failures = self._failures()
            if not failures:
                await self._finish(DeploymentStatus.COMPLETED, "Deployment complete")
                return DeploymentStatus.COMPLETED
            error = "; ".join(failures)
            step = "Failed: waiting for continue_deploy, request_rollback or cancel"
            self._reporter.step(
                step, self._progress.progress, phase="failed", status=DeploymentStatus.FAILED
            )
            self._progress.error = error
            await self._record(status=DeploymentStatus.FAILED, current_step=step, error=error)
            await self._reporter.record("awaiting_decision")
            # A decision may already have arrived with the activity result: never reset it here.
            try:
                await workflow.wait_condition(
                    lambda: self._signal is not None,
                    timeout=timedelta(seconds=self.inp.failure_timeout_seconds),
                )
            except TimeoutError:
                await self._finish(
                    DeploymentStatus.FAILED, "Failed (no decision before the timeout)", error
                )
                return DeploymentStatus.FAILED
            decision, self._signal = self._signal, None
            self._progress.error = None
            if decision == "continue":
                attempt += 1
                continue
            if decision == "cancel":
                await self._finish(DeploymentStatus.CANCELLED, "Cancelled after failure", error)
                return DeploymentStatus.CANCELLED
            start = await workflow.execute_activity_method(
                StackOpsActivities.start_rollback,
                DeploymentRef(deployment_id=self.inp.deployment_id),
                start_to_close_timeout=SHORT,
                retry_policy=DEFAULT_RETRY,
            )
            await self._finish(
                DeploymentStatus.ROLLED_BACK,
                f"Rolled back by deployment {start.deployment_id}",
                error,
            )
            follow_up = StackOpInput(
                deployment_id=start.deployment_id,
                project_id=self.inp.project_id,
                user_id=self.inp.user_id,
                kind=start.kind,
                failure_timeout_seconds=self.inp.failure_timeout_seconds,
            )
            if start.kind == DeploymentKind.ROLLBACK:
                workflow.continue_as_new(follow_up, workflow=RollbackWorkflow.run)
            workflow.continue_as_new(follow_up, workflow=DestroyWorkflow.run)


@workflow.defn(name="Destroy")
class DestroyWorkflow(StackOpsBase):
    """Delete every stack of the project in reverse dependency order."""

    @workflow.run
    async def run(self, inp: StackOpInput) -> str:
        self._inp = inp
        if not await self._prepare("Planning destroy..."):
            return DeploymentStatus.FAILED
        await self._run_dag(StackOpsActivities.destroy_stack, 1, "Deleting", reverse=True)
        if self._signal == "cancel":
            await self._finish(
                DeploymentStatus.CANCELLED, "Destroy cancelled", "cancelled by request"
            )
            return DeploymentStatus.CANCELLED
        failures = self._failures()
        if failures:
            await self._finish(DeploymentStatus.FAILED, "Destroy failed", "; ".join(failures))
            return DeploymentStatus.FAILED
        await self._finish(DeploymentStatus.COMPLETED, "All stacks deleted")
        return DeploymentStatus.COMPLETED


@workflow.defn(name="Rollback")
class RollbackWorkflow(DeployWorkflow):
    """Redeploy the templates of an earlier successful deployment."""

    @workflow.run
    async def run(self, inp: StackOpInput) -> str:
        self._inp = inp
        if not await self._prepare("Loading the earlier templates..."):
            return DeploymentStatus.FAILED
        return await self._deploy_loop("Redeploying")
