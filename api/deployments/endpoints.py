"""Deployment endpoints (seed 000): preview, deploy, get, history, destroy, rollback, signals."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, status
from fastapi.responses import JSONResponse
from pydantic import Field

from api.deps import DeploymentLimit, ProjectLimit, Session, State, UserId
from api.schemas import PageMeta, RequestModel, decode_cursor, encode_cursor, iso
from api.services import deployments as service
from api.services import projects as projects_service
from core.models import Deployment
from core.repositories import deployments as repo

router = APIRouter(tags=["deployments"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


class DeployBody(RequestModel):
    blueprint_id: Annotated[str | None, Field(max_length=64)] = None
    acknowledge: list[Literal["unsafe"]] = Field(default_factory=list, max_length=4)


class PreviewBody(RequestModel):
    blueprint_id: Annotated[str | None, Field(max_length=64)] = None


class RollbackBody(RequestModel):
    deployment_id: Annotated[str, Field(min_length=1, max_length=64)]


def summary(row: Deployment) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "projectId": str(row.project_id),
        "kind": row.kind,
        "status": row.status,
        "blueprintId": str(row.blueprint_id) if row.blueprint_id else None,
        "revision": row.revision,
        "createdAt": iso(row.created_at),
        "completedAt": iso(row.completed_at),
    }


def accepted(row: Deployment) -> dict[str, Any]:
    return {"deployment": summary(row), "statusUrl": f"/deployments/{row.id}"}


@router.post(
    "/projects/{project_id}/validate",
    dependencies=[DeploymentLimit],
    status_code=status.HTTP_200_OK,
    responses={202: {"description": "Preview still running: poll statusUrl"}},
)
async def preview(
    project_id: str,
    user_id: UserId,
    session: Session,
    state: State,
    body: PreviewBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    row, finished = await service.preview(
        state, session, project, user_id, body.blueprint_id if body else None, idempotency_key
    )
    if finished:
        return JSONResponse({"data": await service.status(state, session, row)}, status_code=200)
    return JSONResponse(accepted(row), status_code=202)


@router.post(
    "/projects/{project_id}/deploy",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[DeploymentLimit],
)
async def deploy(
    project_id: str,
    user_id: UserId,
    session: Session,
    state: State,
    body: DeployBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    project = await projects_service.get_writable(session, project_id, user_id)
    body = body or DeployBody()
    row = await service.deploy(
        state, session, project, user_id, body.blueprint_id, list(body.acknowledge), idempotency_key
    )
    return accepted(row)


@router.delete(
    "/projects/{project_id}/stack",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[DeploymentLimit],
)
async def destroy(
    project_id: str,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    project = await projects_service.get_owned(session, project_id, user_id)
    row, _ = await service.create_and_start(
        state, session, project, user_id, kind="destroy", idempotency_key=idempotency_key
    )
    return accepted(row)


@router.post(
    "/projects/{project_id}/rollback",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[DeploymentLimit],
)
async def rollback(
    project_id: str,
    body: RollbackBody,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    project = await projects_service.get_writable(session, project_id, user_id)
    row = await service.rollback(
        state, session, project, user_id, body.deployment_id, idempotency_key
    )
    return accepted(row)


@router.get("/deployments/{deployment_id}", dependencies=[ProjectLimit])
async def get_deployment(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    row = await service.get_owned(session, deployment_id, user_id)
    return {"data": await service.status(state, session, row)}


@router.get("/projects/{project_id}/deployments", dependencies=[ProjectLimit])
async def list_deployments(
    project_id: str,
    user_id: UserId,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> dict[str, Any]:
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
    return {
        "data": [summary(r) | {"currentStep": r.current_step, "error": r.error} for r in rows],
        "meta": PageMeta(next_cursor=next_cursor).model_dump(by_alias=True),
    }


async def _signal(
    deployment_id: str, user_id: Any, session: Any, state: Any, name: str
) -> dict[str, Any]:
    row = await service.get_owned(session, deployment_id, user_id)
    await service.signal(state, row, name)
    return {"data": {"id": str(row.id), "signal": name, "statusUrl": f"/deployments/{row.id}"}}


@router.post(
    "/deployments/{deployment_id}/continue",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[DeploymentLimit],
)
async def continue_deploy(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    return await _signal(deployment_id, user_id, session, state, "continue_deploy")


@router.post(
    "/deployments/{deployment_id}/rollback",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[DeploymentLimit],
)
async def request_rollback(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    return await _signal(deployment_id, user_id, session, state, "request_rollback")


@router.post(
    "/deployments/{deployment_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[DeploymentLimit],
)
async def cancel(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> dict[str, Any]:
    return await _signal(deployment_id, user_id, session, state, "cancel")
