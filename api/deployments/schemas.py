"""Deployment request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from api.schemas import CamelModel, PageMeta, RequestModel
from core.models import Deployment, DeploymentEvent
from workflows.status import DeploymentStatus


class DeployBody(RequestModel):
    blueprint_id: Annotated[str | None, Field(max_length=64)] = None
    acknowledge: list[Literal["unsafe"]] = Field(default_factory=list, max_length=4)


class PreviewBody(RequestModel):
    blueprint_id: Annotated[str | None, Field(max_length=64)] = None


class RollbackBody(RequestModel):
    deployment_id: Annotated[str | None, Field(min_length=1, max_length=64)] = None
    """The deployment to go back to; without it, the one before the current one."""


class DeploymentSummary(CamelModel):
    id: str
    project_id: str
    kind: str
    status: str
    blueprint_id: str | None
    revision: int | None
    created_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, row: Deployment) -> DeploymentSummary:
        return cls(
            id=str(row.id),
            project_id=str(row.project_id),
            kind=row.kind,
            status=row.status,
            blueprint_id=str(row.blueprint_id) if row.blueprint_id else None,
            revision=row.revision,
            created_at=row.created_at,
            completed_at=row.completed_at,
        )


class DeploymentAccepted(CamelModel):
    deployment: DeploymentSummary
    status_url: str

    @classmethod
    def of(cls, row: Deployment) -> DeploymentAccepted:
        return cls(deployment=DeploymentSummary.of(row), status_url=f"/deployments/{row.id}")


class DeploymentListItem(DeploymentSummary):
    current_step: str | None
    error: str | None


class DeploymentPage(CamelModel):
    data: list[DeploymentListItem]
    meta: PageMeta


class StackEvent(CamelModel):
    timestamp: datetime
    stack: str
    stack_name: str
    logical_id: str
    resource_type: str
    status: str
    reason: str | None

    @classmethod
    def of(cls, e: DeploymentEvent) -> StackEvent:
        return cls(
            timestamp=e.timestamp,
            stack=e.stack_key,
            stack_name=e.stack_name,
            logical_id=e.logical_id,
            resource_type=e.resource_type,
            status=e.status,
            reason=e.reason,
        )


class DeploymentOut(CamelModel):
    """A deployment's status: the row, overlaid while it runs by what its workflow reports."""

    id: str
    project_id: str
    kind: str
    status: str
    current_step: str | None
    progress: int
    blueprint_id: str | None
    revision: int | None
    rollback_of: str | None
    stacks: list[dict[str, Any]]
    outputs: dict[str, Any]
    error: str | None
    classification: dict[str, Any] | None
    preview: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    awaiting_decision: bool
    """A failed deploy parked until continue_deploy, request_rollback or cancel."""
    events: list[StackEvent]
    stale: bool
    stacks_gone: list[str] | None = None
    """Set on a completed deploy or rollback still current: its stacks that no longer exist
    (e.g. the local AWS lost its state); deploy again to recreate them."""

    @classmethod
    def of(
        cls,
        row: Deployment,
        events: list[DeploymentEvent],
        live: dict[str, Any] | None,
        stale: bool,
    ) -> DeploymentOut:
        out = cls(
            id=str(row.id),
            project_id=str(row.project_id),
            kind=row.kind,
            status=row.status,
            current_step=row.current_step,
            progress=row.progress,
            blueprint_id=str(row.blueprint_id) if row.blueprint_id else None,
            revision=row.revision,
            rollback_of=str(row.rollback_of) if row.rollback_of else None,
            stacks=row.stacks or [],
            outputs=row.outputs or {},
            error=row.error,
            classification=row.classification,
            preview=row.preview,
            created_at=row.created_at,
            started_at=row.started_at,
            completed_at=row.completed_at,
            awaiting_decision=row.status == DeploymentStatus.FAILED and row.completed_at is None,
            events=[StackEvent.of(e) for e in events],
            stale=stale,
        )
        if live:
            reported = live.get("status")
            out.status = DeploymentStatus.to_public(reported) if reported else row.status
            out.current_step = live.get("currentStep") or row.current_step
            out.progress = live.get("progress", row.progress)
            out.stacks = (live.get("details") or {}).get("stacks") or out.stacks
            if reported:  # a decision shows at once, before the row records it
                out.error = live.get("error")  # continued: the earlier failure is no longer so
                parked = reported == DeploymentStatus.FAILED and not live.get("completedAt")
                out.awaiting_decision = parked
        return out


class SignalAccepted(CamelModel):
    id: str
    signal: str
    status_url: str
