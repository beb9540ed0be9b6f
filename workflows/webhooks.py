"""``WebhookDelivery``: one event sent to one webhook, retried with exponential backoff.

ID ``webhook:{webhookId}:{eventId}`` (a recorded event is delivered once per webhook, however
often its recording is retried). Each attempt is one activity (``webhooks.attempt``: sign,
send through the SSRF guard, record); between attempts the workflow sleeps on a durable timer,
so a delivery survives worker and server restarts. A 2xx ends it as delivered; 410 disables the
webhook; anything else retries until ``retry.window_seconds`` (24 h by default) have passed.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.webhooks import WebhookActivities
    from workflows.common import DEFAULT_RETRY, Progress, Reporter, failure_message
    from workflows.ops_messages import (
        AttemptInput,
        AttemptResult,
        DeliveryGiveUp,
        DeliveryInput,
    )

ATTEMPT_TIMEOUT = timedelta(seconds=90)


@workflow.defn(name="WebhookDelivery")
class WebhookDeliveryWorkflow:
    def __init__(self) -> None:
        self._progress = Progress()
        self._reporter = Reporter(self._progress)

    @workflow.query(name="get_progress")
    def get_progress(self) -> Progress:
        return self._progress

    async def _attempt(self, inp: DeliveryInput, attempt: int) -> AttemptResult:
        try:
            return await workflow.execute_activity_method(
                WebhookActivities.attempt,
                AttemptInput(delivery_id=inp.delivery_id, attempt=attempt),
                start_to_close_timeout=ATTEMPT_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
        except ActivityError as err:  # e.g. the database was down through every activity retry
            return AttemptResult(outcome="retry", error=failure_message(err))

    @workflow.run
    async def run(self, inp: DeliveryInput) -> str:
        deadline = workflow.now() + timedelta(seconds=inp.retry.window_seconds)
        delay = inp.retry.initial_seconds
        attempt = 0
        while True:
            attempt += 1
            self._reporter.step(f"Attempt {attempt}", 0, phase="delivering")
            result = await self._attempt(inp, attempt)
            if result.outcome != "retry":
                self._reporter.finish(
                    result.outcome, f"{result.outcome} after {attempt} attempt(s)"
                )
                return result.outcome
            if workflow.now() + timedelta(seconds=delay) > deadline:
                break
            self._reporter.step(
                f"Attempt {attempt} failed ({result.response_status or result.error}); "
                f"next in {delay:g} s",
                0,
                phase="retrying",
            )
            await workflow.sleep(timedelta(seconds=delay))
            delay = min(delay * 2, inp.retry.max_interval_seconds)
        await workflow.execute_activity_method(
            WebhookActivities.give_up,
            DeliveryGiveUp(delivery_id=inp.delivery_id, attempts=attempt),
            start_to_close_timeout=ATTEMPT_TIMEOUT,
            retry_policy=DEFAULT_RETRY,
        )
        self._reporter.finish("failed", f"Gave up after {attempt} attempt(s)")
        return "failed"
