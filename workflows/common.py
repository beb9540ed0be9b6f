"""Shared workflow plumbing: the progress object every workflow exposes (query, memo, details)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from temporalio import workflow
from temporalio.common import (
    RetryPolicy,
    SearchAttributeKey,
    SearchAttributePair,
    TypedSearchAttributes,
)
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.events import EventActivities, RecordEventInput
    from workflows.status import GenerationStatus

RunStatus = GenerationStatus
"""The statuses ``Progress`` and ``Reporter`` name themselves (queued, processing, completed):
every run kind reports through them, and each kind's StrEnum (``workflows.status``) holds these
values as the same strings."""

PROJECT_ID = SearchAttributeKey.for_keyword("ProjectId")
USER_ID = SearchAttributeKey.for_keyword("UserId")
PHASE = SearchAttributeKey.for_keyword("Phase")

DEFAULT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=8,
)
SHORT_TIMEOUT = timedelta(seconds=60)
EVENTS_PATCH = "operation-events"
"""``workflow.patched`` id of the progress events (``events.record``): histories recorded
before it replay without them (``tests/golden/before-events/``)."""


class Progress(BaseModel):
    """What status endpoints serve while a workflow runs (query ``get_progress``, memo)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    status: str = RunStatus.QUEUED
    current_step: str | None = None
    progress: int = 0
    started_at: datetime | None = None
    completed_at: datetime | None = None
    error: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)

    def memo(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def search_attributes(project_id: str, user_id: str, phase: str) -> TypedSearchAttributes:
    """Initial search attributes, set by the API when it starts a workflow."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(PROJECT_ID, project_id),
            SearchAttributePair(USER_ID, user_id),
            SearchAttributePair(PHASE, phase),
        ]
    )


class EventSubject(BaseModel):
    """Whose progress a workflow reports, for its operation events."""

    project_id: str
    user_id: str
    subject_kind: str
    """blueprint | validation | deployment"""
    subject_id: str
    operation: str
    """generation | validation | deploy | preview | rollback | destroy"""
    parent_id: str | None = None


class Reporter:
    """Updates the progress object, memo, current details and the ``Phase`` search attribute,
    and records each reported step as an operation event (``activities.events``)."""

    def __init__(self, progress: Progress, subject: EventSubject | None = None) -> None:
        self.progress = progress
        self.subject = subject
        self._recorded = 0

    def step(
        self,
        step: str,
        percent: int,
        *,
        phase: str | None = None,
        status: str = RunStatus.PROCESSING,
    ) -> None:
        p = self.progress
        p.status = status
        p.current_step = step
        p.progress = max(p.progress, min(100, percent))
        if p.started_at is None:
            p.started_at = workflow.now()
        self.publish(phase or status)

    def finish(self, status: str, step: str, *, error: str | None = None) -> None:
        p = self.progress
        p.status = status
        p.current_step = step
        p.error = error
        if status == RunStatus.COMPLETED:
            p.progress = 100
        p.completed_at = workflow.now()
        self.publish(status)

    async def advance(
        self,
        step: str,
        percent: int,
        *,
        phase: str | None = None,
        status: str = RunStatus.PROCESSING,
    ) -> None:
        """``step``, then record it: ``started`` the first time, else ``progress``."""
        self.step(step, percent, phase=phase, status=status)
        await self.record("started" if self._recorded == 0 else "progress")

    async def end(self, status: str, step: str, *, error: str | None = None) -> None:
        """``finish``, then record it as the terminal event named after the status."""
        self.finish(status, step, error=error)
        await self.record(str(status))

    async def record(self, type_: str) -> None:
        """Record the current progress as an event of type ``type_`` (once per step: the key is
        the run and the step's number). Recording never fails the operation: after its retries
        a lost event is logged, and the status endpoints still answer from the row."""
        if self.subject is None or not workflow.patched(EVENTS_PATCH):
            return
        self._recorded += 1
        info = workflow.info()
        try:
            await workflow.execute_activity_method(
                EventActivities.record,
                RecordEventInput(
                    key=f"{info.workflow_id}/{info.run_id}/{self._recorded}",
                    type=type_,
                    progress=self.progress.memo(),
                    **self.subject.model_dump(),
                ),
                start_to_close_timeout=SHORT_TIMEOUT,
                retry_policy=DEFAULT_RETRY,
            )
        except ActivityError as err:
            workflow.logger.warning("progress event not recorded: %s", failure_message(err))

    def publish(self, phase: str) -> None:
        workflow.upsert_memo({"progress": self.progress.memo()})
        p = self.progress
        workflow.set_current_details(f"{p.status}: {p.current_step or ''} ({p.progress}%)")
        workflow.upsert_search_attributes([PHASE.value_set(phase)])


def failure_message(err: BaseException) -> str:
    """The most specific readable message of an activity failure chain."""
    cause: BaseException | None = err
    message = str(err)
    while cause is not None:
        if isinstance(cause, ApplicationError) and cause.message:
            message = cause.message
        cause = cause.__cause__
    return message
