"""Blueprint endpoints: generate (from the applied spec or a prompt), status, get, list, schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status

from api.audit.recorder import audited
from api.blueprints import service
from api.blueprints.schemas import (
    BlueprintDetail,
    BlueprintPage,
    BlueprintStatus,
    BlueprintSummary,
    GenerateResponse,
    IrSchema,
    PromptBody,
)
from api.deps import (
    AssistantLimit,
    GenerationLimit,
    IdempotencyKey,
    OwnedProject,
    ProjectLimit,
    Session,
    State,
    UserId,
    WritableProject,
    public_ip_limit,
)
from api.events.status import Built, StatusLimit, answer, owned
from api.keys.scopes import Scope, requires
from api.openapi import raises
from api.pagination import Paging
from api.schemas import Data, PageMeta, RunStatus
from core.errors import AssistantFailed, NoSpec, NotFound
from slipway.ir import blueprint_json_schema

router = APIRouter(tags=["blueprints"])


@router.post(
    "/projects/{project_id}/spec/generate-blueprint",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=GenerateResponse,
    dependencies=[GenerationLimit],
)
@raises(NoSpec)
@requires(Scope.GENERATE)
@audited("generation.start")
async def generate_blueprint(
    project: WritableProject,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> GenerateResponse:
    blueprint, version = await service.start(state, session, project, user_id, idempotency_key)
    return GenerateResponse.accepted(blueprint, version)


@router.post(
    "/projects/{project_id}/blueprints",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=GenerateResponse,
    dependencies=[GenerationLimit, AssistantLimit],  # a generation that asks the assistant
)
@raises(AssistantFailed)
@requires(Scope.GENERATE)
@audited("generation.start_from_prompt")
async def blueprint_from_prompt(
    project: WritableProject,
    body: PromptBody,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> GenerateResponse:
    blueprint, version = await service.start_from_prompt(
        state, session, project, user_id, body.prompt, idempotency_key
    )
    return GenerateResponse.accepted(blueprint, version)


@router.get(
    "/projects/{project_id}/spec/generation-status/{blueprint_id}",
    response_model=RunStatus,
    response_model_exclude_unset=True,
    dependencies=[StatusLimit],
)
@requires(Scope.PROJECTS_READ)
async def generation_status(
    project: OwnedProject,
    blueprint_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    state: State,
) -> Response:
    bid, owner = await owned(state.owners, session, "blueprint", blueprint_id, user_id)
    if owner.project_id != project.id:
        raise NotFound("Blueprint")

    async def build() -> Built:
        blueprint = await service.get_in_project(session, project, blueprint_id, user_id)
        body = RunStatus(**await service.status(state, session, blueprint))
        return body, service.finished(blueprint)

    return await answer(request, state, "generation", bid, build)


@router.get("/blueprints/schema", response_model=IrSchema, dependencies=[Depends(public_ip_limit)])
async def ir_schema() -> dict[str, Any]:
    return blueprint_json_schema()


@router.get(
    "/blueprints/{blueprint_id}/status",
    response_model=BlueprintStatus,
    response_model_exclude_unset=True,
    dependencies=[StatusLimit],
)
@requires(Scope.PROJECTS_READ)
async def blueprint_status(
    blueprint_id: str, request: Request, user_id: UserId, session: Session, state: State
) -> Response:
    """The generation's status; ``ETag`` / ``If-None-Match`` answer ``304`` when unchanged."""
    bid, _ = await owned(state.owners, session, "blueprint", blueprint_id, user_id)

    async def build() -> Built:
        blueprint = await service.get_owned(session, blueprint_id, user_id)
        body = await service.status(state, session, blueprint)
        return BlueprintStatus(blueprint_id=str(blueprint.id), **body), service.finished(blueprint)

    return await answer(request, state, "blueprint", bid, build)


@router.get(
    "/blueprints/{blueprint_id}",
    response_model=Data[BlueprintDetail],
    dependencies=[ProjectLimit],
)
@requires(Scope.PROJECTS_READ)
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
@requires(Scope.PROJECTS_READ)
async def list_blueprints(project: OwnedProject, session: Session, page: Paging) -> BlueprintPage:
    rows, next_cursor = await service.list_page(session, project, page.limit, page.cursor)
    return BlueprintPage(
        data=[BlueprintSummary.of(b) for b in rows], meta=PageMeta(next_cursor=next_cursor)
    )
