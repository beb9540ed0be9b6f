"""Blueprint request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from api.schemas import CamelModel, OpenModel, PageMeta, RequestModel, RunStatus
from api.specs.service import MAX_MESSAGE_CHARS
from core.models import Blueprint
from workflows.status import GenerationStatus


class BlueprintRef(CamelModel):
    id: str
    project_id: str
    status: str
    created_at: datetime


class GenerateResponse(CamelModel):
    blueprint: BlueprintRef
    spec_version: int
    message: str
    status_url: str

    @classmethod
    def accepted(cls, blueprint: Blueprint, spec_version: int) -> GenerateResponse:
        return cls(
            blueprint=BlueprintRef(
                id=str(blueprint.id),
                project_id=str(blueprint.project_id),
                status=GenerationStatus.to_public(blueprint.status),
                created_at=blueprint.created_at,
            ),
            spec_version=spec_version,
            message="Blueprint generation started",
            status_url=f"/blueprints/{blueprint.id}/status",
        )


class PromptBody(RequestModel):
    prompt: Annotated[str, Field(min_length=3, max_length=MAX_MESSAGE_CHARS)]


class BlueprintSummary(CamelModel):
    id: str
    project_id: str
    status: str
    spec_version: int
    revision: int | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def of(cls, b: Blueprint) -> BlueprintSummary:
        return cls(
            id=str(b.id),
            project_id=str(b.project_id),
            status=GenerationStatus.to_public(b.status),
            spec_version=b.spec_version,
            revision=b.revision,
            error=b.error,
            created_at=b.created_at,
            started_at=b.started_at,
            completed_at=b.completed_at,
        )


class BlueprintDetail(BlueprintSummary):
    ir: dict[str, Any] | None = None
    summary: dict[str, Any] | None = None
    validation_summary: dict[str, Any] | None = None


class BlueprintPage(CamelModel):
    data: list[BlueprintSummary]
    meta: PageMeta


class BlueprintStatus(RunStatus):
    blueprint_id: str


class IrSchema(OpenModel):
    """The Blueprint IR's JSON Schema (draft 2020-12), as ``slipway.ir`` publishes it."""

    title: str
    type: str
    properties: dict[str, Any]
