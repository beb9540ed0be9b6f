"""GenerateBlueprint: spec version → Blueprint IR → summaries → validation → new revision."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.common import DEFAULT_RETRY, Progress, Reporter
    from workflows.messages import (
        BlueprintRef,
        FailInput,
        GenerateInput,
        GenerateResult,
        SaveRevisionResult,
        StepResult,
    )

# Steps take milliseconds; a short timeout lets a crashed worker's attempt be retried quickly.
STEP_TIMEOUT = timedelta(seconds=20)
STEPS: list[tuple[str, str, int]] = [
    ("generation.load_spec", "Loading spec...", 5),
    ("generation.parse", "Parsing spec...", 15),
    ("generation.data_model", "Generating data model...", 30),
    ("generation.api", "Generating API...", 50),
    ("generation.infrastructure", "Generating infrastructure...", 65),
    ("generation.validate", "Running validation summary...", 80),
]


def failure_message(err: BaseException) -> str:
    """The most specific readable message of an activity failure chain."""
    cause: BaseException | None = err
    message = str(err)
    while cause is not None:
        if isinstance(cause, ApplicationError) and cause.message:
            message = cause.message
        cause = cause.__cause__
    return message


@workflow.defn(name="GenerateBlueprint")
class GenerateBlueprintWorkflow:
    def __init__(self) -> None:
        self._progress = Progress()

    @workflow.run
    async def run(self, inp: GenerateInput) -> GenerateResult:
        reporter = Reporter(self._progress)
        ref = BlueprintRef(blueprint_id=inp.blueprint_id)
        try:
            for activity_name, label, percent in STEPS:
                reporter.step(label, percent, phase="generating")
                result = await workflow.execute_activity(
                    activity_name,
                    ref,
                    result_type=StepResult,
                    start_to_close_timeout=STEP_TIMEOUT,
                    retry_policy=DEFAULT_RETRY,
                )
                self._progress.details.update(result.summary)
            reporter.step("Saving revision...", 95, phase="generating")
            saved = await workflow.execute_activity(
                "generation.save_revision",
                ref,
                result_type=SaveRevisionResult,
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
        except ActivityError as err:
            message = failure_message(err)
            await workflow.execute_activity(
                "generation.fail",
                FailInput(blueprint_id=inp.blueprint_id, error=message),
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
            reporter.finish("failed", "Generation failed", error=message)
            raise ApplicationError(message, type="GenerationFailed", non_retryable=True) from err
        self._progress.details["revision"] = saved.revision
        self._progress.details["changeClass"] = saved.classification
        reporter.finish("completed", "Blueprint ready")
        return GenerateResult(
            blueprint_id=inp.blueprint_id, status="completed", revision=saved.revision
        )

    @workflow.query(name="get_progress")
    def get_progress(self) -> Progress:
        return self._progress
