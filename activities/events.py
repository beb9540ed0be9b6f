"""Operation events: the durable progress log behind the SSE streams, and its subscribers.

Every step an operation reports is recorded here as one row of ``operation_events`` (the
workflows through the ``events.record`` activity, the API for spec applies), then handed to each
subscriber in ``EVENT_SUBSCRIBERS``.

Contract for subscribers (e.g. webhook dispatch):

- ``EVENT_SUBSCRIBERS.append(async_fn)`` at import time of the process that should react (the
  worker for workflow events, the API for spec applies); ``async_fn(event: RecordedEvent)``.
- **Subscribers must be idempotent.** Recording runs inside an activity that Temporal may retry:
  a retried recording finds its row (same ``key``) and calls every subscriber again with the
  same ``RecordedEvent.id``. Delivery to subscribers is at least once; use ``event.id`` (or
  ``event.key``) as the idempotency key.
- A subscriber that raises fails the recording activity (which retries, see above); from the
  API the error is logged and the request still succeeds (the event is already committed).
- ``event.name`` (``"{operation}.{type}"``) tells terminal events apart per operation kind:
  ``generation.completed``, ``validation.failed``, ``deploy.awaiting_decision``,
  ``deploy.started``, ``preview.completed``, ``rollback.failed``, ``destroy.completed``,
  ``spec.applied``...; ``event.terminal`` says the operation has ended.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio import activity

from activities.deps import ActivityDeps, as_uuid, not_found
from core.models import Blueprint, Deployment, Validation
from core.models_events import OperationEvent
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as deployments_repo
from core.repositories import events as repo
from workflows.status import DeploymentStatus, GenerationStatus, ValidationStatus, is_terminal

logger = logging.getLogger("slipway.events")

TERMINAL_TYPES = repo.TERMINAL_TYPES
"""Event types after which the operation will not report again."""


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as committed (what subscribers and streams receive)."""

    id: int
    project_id: uuid.UUID
    user_id: uuid.UUID
    subject_kind: str
    """blueprint | validation | deployment | spec"""
    subject_id: uuid.UUID
    type: str
    """started | progress | stack | log | awaiting_decision | completed | failed | cancelled |
    rolled_back | applied"""
    data: dict[str, Any]
    """The same JSON the subject's status endpoint answers (for a spec: the applied version)."""
    created_at: datetime
    operation: str = ""
    """generation | validation | deploy | preview | rollback | destroy | spec"""
    parent_id: uuid.UUID | None = None
    """The blueprint a validation's events belong to."""
    key: str = ""

    @property
    def name(self) -> str:
        return f"{self.operation}.{self.type}"

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL_TYPES

    @classmethod
    def of(cls, row: OperationEvent) -> RecordedEvent:
        assert row.id is not None
        return cls(
            id=row.id,
            project_id=row.project_id,
            user_id=row.user_id,
            subject_kind=row.subject_kind,
            subject_id=row.subject_id,
            type=row.type,
            data=row.data,
            created_at=row.created_at,
            operation=row.operation,
            parent_id=row.parent_id,
            key=row.key,
        )


EventSubscriber = Callable[[RecordedEvent], Awaitable[None]]
EVENT_SUBSCRIBERS: list[EventSubscriber] = []
"""Called with every recorded event, in order, after it is committed (see the module doc)."""


@dataclass(frozen=True, slots=True)
class NewEvent:
    key: str
    """Unique per event: a retried recording with the same key records nothing new."""
    project_id: uuid.UUID
    user_id: uuid.UUID
    subject_kind: str
    subject_id: uuid.UUID
    operation: str
    type: str
    data: dict[str, Any]
    parent_id: uuid.UUID | None = None


async def stage(session: AsyncSession, event: NewEvent) -> OperationEvent:
    """Insert ``event`` in the caller's transaction (nothing new if its key exists); the caller
    commits, then calls ``publish``. Lets a change and its event commit together."""
    row, _created = await repo.insert(
        session,
        key=event.key,
        project_id=event.project_id,
        user_id=event.user_id,
        subject_kind=event.subject_kind,
        subject_id=event.subject_id,
        parent_id=event.parent_id,
        operation=event.operation,
        type=event.type,
        data=event.data,
    )
    return row


async def publish(recorded: RecordedEvent, *, strict: bool = True) -> RecordedEvent:
    """Call every subscriber with a committed event. ``strict=False`` (the API) logs a failing
    subscriber instead of raising."""
    for subscriber in list(EVENT_SUBSCRIBERS):
        try:
            await subscriber(recorded)
        except Exception:
            if strict:
                raise
            logger.exception("event subscriber failed", extra={"eventId": recorded.id})
    return recorded


async def record_event(
    sessions: async_sessionmaker[AsyncSession], event: NewEvent, *, strict: bool = True
) -> RecordedEvent:
    """Record ``event`` (once per key) and call every subscriber with it."""
    async with sessions() as session:
        row = await stage(session, event)
        await session.commit()
        recorded = RecordedEvent.of(row)
    return await publish(recorded, strict=strict)


# --- the workflows' side -------------------------------------------------------------------------


class RecordEventInput(BaseModel):
    """What a workflow reports: who the subject is, the event type, and its progress."""

    key: str
    project_id: str
    user_id: str
    subject_kind: str
    subject_id: str
    operation: str
    type: str
    progress: dict[str, Any] = Field(default_factory=dict)
    """``Progress.memo()`` at this step."""
    parent_id: str | None = None


def _json(value: Any) -> Any:
    """A value as the API's JSON writes it (timestamps UTC with a ``Z``)."""
    return to_jsonable_python(value)


def run_status(
    row: Any, live: dict[str, Any] | None, public: Callable[[str], str]
) -> dict[str, Any]:
    """A generation's or validation's status members (``api.schemas.RunStatus.of``, as JSON)."""
    if live is None:
        return {
            "status": public(row.status),
            "currentStep": row.current_step,
            "progress": row.progress,
            "startedAt": _json(row.started_at),
            "completedAt": _json(row.completed_at),
            "error": row.error,
            "stale": False,
        }
    body = {
        "status": public(live.get("status", row.status)),
        "currentStep": live.get("currentStep"),
        "progress": live.get("progress", 0),
        "startedAt": live.get("startedAt"),
        "completedAt": live.get("completedAt"),
        "error": live.get("error"),
        "stale": False,
    }
    if live.get("details"):
        body["details"] = live["details"]
    return body


def blueprint_body(row: Blueprint, live: dict[str, Any] | None) -> dict[str, Any]:
    """``GET /blueprints/{id}/status``."""
    if is_terminal(row.status):
        live = None
    return {"blueprintId": str(row.id), **run_status(row, live, GenerationStatus.to_public)}


def validation_body(row: Validation, live: dict[str, Any] | None) -> dict[str, Any]:
    """``GET /blueprints/{id}/validation-status``."""
    if is_terminal(row.status):
        live = None
    return {
        "validationId": str(row.id),
        "number": row.number,
        **run_status(row, live, ValidationStatus.to_public),
        "fixedBlueprintId": str(row.fixed_blueprint_id) if row.fixed_blueprint_id else None,
        "reportUrl": f"/blueprints/{row.blueprint_id}/validation-report",
    }


def deployment_final(row: Deployment) -> bool:
    """Finished for good (a parked deploy is ``failed`` with no ``completed_at``)."""
    return is_terminal(row.status) and row.completed_at is not None


async def deployment_body(
    session: AsyncSession, row: Deployment, live: dict[str, Any] | None
) -> dict[str, Any]:
    """``GET /deployments/{id}``'s ``data`` (``api.deployments.schemas.DeploymentOut.of``)."""
    events = await deployments_repo.events(session, row.id)
    body: dict[str, Any] = {
        "id": str(row.id),
        "projectId": str(row.project_id),
        "kind": row.kind,
        "status": row.status,
        "currentStep": row.current_step,
        "progress": row.progress,
        "blueprintId": str(row.blueprint_id) if row.blueprint_id else None,
        "revision": row.revision,
        "rollbackOf": str(row.rollback_of) if row.rollback_of else None,
        "stacks": row.stacks or [],
        "outputs": row.outputs or {},
        "error": row.error,
        "classification": row.classification,
        "preview": row.preview,
        "createdAt": _json(row.created_at),
        "startedAt": _json(row.started_at),
        "completedAt": _json(row.completed_at),
        "awaitingDecision": row.status == DeploymentStatus.FAILED and row.completed_at is None,
        "events": [
            {
                "timestamp": _json(e.timestamp),
                "stack": e.stack_key,
                "stackName": e.stack_name,
                "logicalId": e.logical_id,
                "resourceType": e.resource_type,
                "status": e.status,
                "reason": e.reason,
            }
            for e in events
        ],
        "stale": False,
    }
    if live and (body["awaitingDecision"] or not is_terminal(row.status)):
        reported = live.get("status")
        body["status"] = DeploymentStatus.to_public(reported) if reported else row.status
        body["currentStep"] = live.get("currentStep") or row.current_step
        body["progress"] = live.get("progress", row.progress)
        body["stacks"] = (live.get("details") or {}).get("stacks") or body["stacks"]
        body["error"] = live.get("error") or body["error"]
        if reported:  # a decision shows at once, before the row records it
            body["awaitingDecision"] = reported == DeploymentStatus.FAILED and not live.get(
                "completedAt"
            )
    return body


class EventActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps

    async def _data(self, inp: RecordEventInput) -> dict[str, Any]:
        """The subject's status body at this step: its row, overlaid by the reported progress
        while the row says it is still running (as the status endpoint answers)."""
        subject = as_uuid(inp.subject_id, inp.subject_kind.capitalize())
        async with self.deps.session() as session:
            if inp.subject_kind == "blueprint":
                blueprint = await blueprints_repo.get(session, subject)
                if blueprint is None:
                    raise not_found("Blueprint", subject)
                return blueprint_body(blueprint, inp.progress)
            if inp.subject_kind == "validation":
                validation = await blueprints_repo.get_validation(session, subject)
                if validation is None:
                    raise not_found("Validation", subject)
                return validation_body(validation, inp.progress)
            deployment = await deployments_repo.get(session, subject)
            if deployment is None:
                raise not_found("Deployment", subject)
            return await deployment_body(session, deployment, inp.progress)

    @activity.defn(name="events.record")
    async def record(self, inp: RecordEventInput) -> int:
        """Record one progress event of a workflow (idempotent by ``inp.key``)."""
        event = NewEvent(
            key=inp.key,
            project_id=as_uuid(inp.project_id, "Project"),
            user_id=as_uuid(inp.user_id, "User"),
            subject_kind=inp.subject_kind,
            subject_id=as_uuid(inp.subject_id, "Subject"),
            operation=inp.operation,
            type=inp.type,
            data=await self._data(inp),
            parent_id=as_uuid(inp.parent_id, "Blueprint") if inp.parent_id else None,
        )
        recorded = await record_event(self.deps.sessions, event)
        return recorded.id

    def all(self) -> list[Any]:
        return [self.record]
