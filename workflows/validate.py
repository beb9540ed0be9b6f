"""ValidateBlueprint: run the Well-Architected rules, apply the allowed fixes in a bounded loop,
persist the report and, if anything was fixed, a new blueprint revision."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.validation import ValidationActivities
    from workflows.common import (
        DEFAULT_RETRY,
        EventSubject,
        Progress,
        Reporter,
        failure_message,
    )
    from workflows.messages import ValidateInput, ValidationFail, ValidationRef
    from workflows.status import ValidationStatus

STEP_TIMEOUT = timedelta(seconds=120)


@workflow.defn(name="ValidateBlueprint")
class ValidateBlueprintWorkflow:
    def __init__(self) -> None:
        self._progress = Progress()

    @workflow.run
    async def run(self, inp: ValidateInput) -> str:
        subject = EventSubject(
            project_id=inp.project_id,
            user_id=inp.user_id,
            subject_kind="validation",
            subject_id=inp.validation_id,
            operation="validation",
            parent_id=inp.blueprint_id,
        )
        reporter = Reporter(self._progress, subject)
        ref = ValidationRef(validation_id=inp.validation_id)
        try:
            await reporter.advance(
                "Running Well-Architected rules and fixes...", 20, phase="validating"
            )
            result = await workflow.execute_activity_method(
                ValidationActivities.run,
                ref,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
            self._progress.details.update(
                {
                    "scoreBefore": result.score_before,
                    "scoreAfter": result.score_after,
                    "fixesApplied": result.fixes_applied,
                }
            )
            if result.changed:
                await reporter.advance("Saving the fixed revision...", 80, phase="validating")
                saved = await workflow.execute_activity_method(
                    ValidationActivities.save_fixed,
                    ref,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=DEFAULT_RETRY,
                )
                self._progress.details["fixedBlueprintId"] = saved.blueprint_id
                self._progress.details["revision"] = saved.revision
            await workflow.execute_activity_method(
                ValidationActivities.complete,
                ref,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
        except ActivityError as err:
            message = failure_message(err)
            await workflow.execute_activity_method(
                ValidationActivities.fail,
                ValidationFail(validation_id=inp.validation_id, error=message),
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
            await reporter.end(ValidationStatus.FAILED, "Validation failed", error=message)
            raise ApplicationError(message, type="ValidationFailed", non_retryable=True) from err
        await reporter.end(ValidationStatus.COMPLETED, "Validation report ready")
        return ValidationStatus.COMPLETED

    @workflow.query(name="get_progress")
    def get_progress(self) -> Progress:
        return self._progress
