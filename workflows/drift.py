"""``DriftCheck``: compare what is live in AWS with what Slipway deployed for a project.

Started by ``POST /projects/{id}/drift`` (ID ``drift:{reportId}``, the report already queued)
or by the project's Temporal Schedule ``drift:{projectId}`` (its runs open their own report).
A check that finds new drift records ``drift.detected`` in the event log, which webhooks carry.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.drift import DriftActivities
    from workflows.common import DEFAULT_RETRY, Progress, Reporter, failure_message
    from workflows.ops_messages import DriftFailure, DriftInput, DriftRef

SHORT = timedelta(seconds=60)
CHECK_TIMEOUT = timedelta(minutes=30)
CHECK_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
    maximum_attempts=3,
    non_retryable_error_types=["NotFound"],
)


@workflow.defn(name="DriftCheck")
class DriftCheckWorkflow:
    def __init__(self) -> None:
        self._progress = Progress()
        self._reporter = Reporter(self._progress)

    @workflow.query(name="get_progress")
    def get_progress(self) -> Progress:
        return self._progress

    @workflow.run
    async def run(self, inp: DriftInput) -> str:
        self._reporter.step("Opening the report...", 5, phase="drift")
        ref: DriftRef = await workflow.execute_activity_method(
            DriftActivities.begin, inp, start_to_close_timeout=SHORT, retry_policy=DEFAULT_RETRY
        )
        self._progress.details["reportId"] = ref.report_id
        self._reporter.step("Comparing live stacks and resources...", 20, phase="drift")
        try:
            outcome = await workflow.execute_activity_method(
                DriftActivities.check,
                ref,
                start_to_close_timeout=CHECK_TIMEOUT,
                heartbeat_timeout=timedelta(seconds=60),
                retry_policy=CHECK_RETRY,
            )
        except ActivityError as err:
            error = failure_message(err)
            await workflow.execute_activity_method(
                DriftActivities.fail,
                DriftFailure(report_id=ref.report_id, error=error),
                start_to_close_timeout=SHORT,
                retry_policy=DEFAULT_RETRY,
            )
            self._reporter.finish("failed", "Drift check failed", error=error)
            return "failed"
        if outcome.newly_drifted:
            await workflow.execute_activity_method(
                DriftActivities.emit, ref, start_to_close_timeout=SHORT, retry_policy=DEFAULT_RETRY
            )
        self._reporter.finish("completed", f"Drift check: {outcome.status}")
        return outcome.status
