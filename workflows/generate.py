"""GenerateBlueprint: spec version → Blueprint IR → summaries → validation → new revision."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.generation import GenerationActivities
    from workflows.common import (
        DEFAULT_RETRY,
        EventSubject,
        Progress,
        Reporter,
        failure_message,
    )
    from workflows.messages import BlueprintRef, FailInput, GenerateInput, GenerateResult
    from workflows.status import GenerationStatus

# Steps take milliseconds; a short timeout lets a crashed worker's attempt be retried quickly.
STEP_TIMEOUT = timedelta(seconds=20)
STEPS = [
    (GenerationActivities.load_spec, "Loading spec...", 5),
    (GenerationActivities.parse, "Parsing spec...", 15),
    (GenerationActivities.data_model, "Generating data model...", 30),
    (GenerationActivities.api, "Generating API...", 50),
    (GenerationActivities.infrastructure, "Generating infrastructure...", 65),
    (GenerationActivities.validate, "Running validation summary...", 80),
]


@workflow.defn(name="GenerateBlueprint")
class GenerateBlueprintWorkflow:
    def __init__(self) -> None:
        self._progress = Progress()

    @workflow.run
    async def run(self, inp: GenerateInput) -> GenerateResult:
        subject = EventSubject(
            project_id=inp.project_id,
            user_id=inp.user_id,
            subject_kind="blueprint",
            subject_id=inp.blueprint_id,
            operation="generation",
        )
        reporter = Reporter(self._progress, subject)
        ref = BlueprintRef(blueprint_id=inp.blueprint_id)
        try:
            for step, label, percent in STEPS:
                await reporter.advance(label, percent, phase="generating")
                result = await workflow.execute_activity_method(
                    step,
                    ref,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=DEFAULT_RETRY,
                )
                self._progress.details.update(result.summary)
            await reporter.advance("Saving revision...", 95, phase="generating")
            saved = await workflow.execute_activity_method(
                GenerationActivities.save_revision,
                ref,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
        except ActivityError as err:
            message = failure_message(err)
            await workflow.execute_activity_method(
                GenerationActivities.fail,
                FailInput(blueprint_id=inp.blueprint_id, error=message),
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
            await reporter.end(GenerationStatus.FAILED, "Generation failed", error=message)
            raise ApplicationError(message, type="GenerationFailed", non_retryable=True) from err
        self._progress.details["revision"] = saved.revision
        self._progress.details["changeClass"] = saved.classification
        await reporter.end(GenerationStatus.COMPLETED, "Blueprint ready")
        return GenerateResult(
            blueprint_id=inp.blueprint_id,
            status=GenerationStatus.COMPLETED,
            revision=saved.revision,
        )

    @workflow.query(name="get_progress")
    def get_progress(self) -> Progress:
        return self._progress
