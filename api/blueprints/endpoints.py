"""Blueprint generation and reads (seed 000): generate, status, get, list, schema."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, status
from pydantic import Field

from api.deps import GenerationLimit, ProjectLimit, Session, State, UserId, public_ip_limit
from api.errors import not_found
from api.schemas import CamelModel, Data, PageMeta, RequestModel, decode_cursor, encode_cursor
from api.services import generation as service
from api.services import projects as projects_service
from api.services import specs as specs_service
from core.models import Blueprint
from core.repositories import blueprints as repo
from slipway.ir import blueprint_json_schema

router = APIRouter(tags=["blueprints"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


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


class PromptBody(RequestModel):
    prompt: Annotated[str, Field(min_length=3, max_length=specs_service.MAX_MESSAGE_CHARS)]


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
            status="processing" if b.status in ("queued", "running") else b.status,
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


def _accepted(blueprint: Blueprint, spec_version: int) -> GenerateResponse:
    return GenerateResponse(
        blueprint=BlueprintRef(
            id=str(blueprint.id),
            project_id=str(blueprint.project_id),
            status="processing" if blueprint.status in ("queued", "running") else blueprint.status,
            created_at=blueprint.created_at,
        ),
        spec_version=spec_version,
        message="Blueprint generation started",
        status_url=f"/blueprints/{blueprint.id}/status",
    )


@router.post(
    "/projects/{project_id}/spec/generate-blueprint",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=GenerateResponse,
    dependencies=[GenerationLimit],
)
async def generate_blueprint(
    project_id: str,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> GenerateResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    blueprint, version = await service.start(state, session, project, user_id, idempotency_key)
    return _accepted(blueprint, version)


@router.post(
    "/projects/{project_id}/blueprints",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=GenerateResponse,
    dependencies=[GenerationLimit],
)
async def blueprint_from_prompt(
    project_id: str,
    body: PromptBody,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> GenerateResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    if idempotency_key:  # a replay must not create another spec version
        found = await service.replay_if_known(state, session, project, user_id, idempotency_key)
        if found is not None:
            return _accepted(*found)
    spec = await specs_service.create_from_prompt(
        session, state.assistant, project, user_id, body.prompt
    )
    blueprint, version = await service.start(
        state, session, project, user_id, idempotency_key, spec=spec
    )
    return _accepted(blueprint, version)


@router.get(
    "/projects/{project_id}/spec/generation-status/{blueprint_id}",
    dependencies=[ProjectLimit],
)
async def generation_status(
    project_id: str, blueprint_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    project = await projects_service.get_owned(session, project_id, user_id)
    blueprint = await service.get_owned(session, blueprint_id, user_id)
    if blueprint.project_id != project.id:
        raise not_found("Blueprint")
    return await service.status(state, session, blueprint)


@router.get("/blueprints/schema", dependencies=[Depends(public_ip_limit)])
async def ir_schema() -> dict[str, Any]:
    return blueprint_json_schema()


@router.get("/blueprints/{blueprint_id}/status", dependencies=[ProjectLimit])
async def blueprint_status(
    blueprint_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    blueprint = await service.get_owned(session, blueprint_id, user_id)
    body = await service.status(state, session, blueprint)
    return {"blueprintId": str(blueprint.id), **body}


@router.get(
    "/blueprints/{blueprint_id}",
    response_model=Data[BlueprintDetail],
    dependencies=[ProjectLimit],
)
async def get_blueprint(
    blueprint_id: str, user_id: UserId, session: Session
) -> Data[BlueprintDetail]:
    b = await service.get_owned(session, blueprint_id, user_id)
    return Data(
        data=BlueprintDetail(
            **BlueprintSummary.of(b).model_dump(),
            ir=b.ir,
            summary=b.summary,
            validation_summary=b.validation_summary,
        )
    )


@router.get(
    "/projects/{project_id}/blueprints",
    response_model=BlueprintPage,
    dependencies=[ProjectLimit],
)
async def list_blueprints(
    project_id: str,
    user_id: UserId,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> BlueprintPage:
    project = await projects_service.get_owned(session, project_id, user_id)
    after = None
    if cursor:
        created, raw = decode_cursor(cursor)
        after = (created, projects_service.parse_cursor_id(raw))
    rows = await repo.list_for_project(session, project.id, limit=limit + 1, after=after)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].created_at, rows[-1].id)
    return BlueprintPage(
        data=[BlueprintSummary.of(b) for b in rows], meta=PageMeta(next_cursor=next_cursor)
    )
