"""Deployment endpoints: preview, deploy, get, history, destroy, rollback, decision signals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import JSONResponse

from api.deployments import runs, service
from api.deployments.schemas import (
    DeployBody,
    DeploymentAccepted,
    DeploymentListItem,
    DeploymentOut,
    DeploymentPage,
    DeploymentSummary,
    PreviewBody,
    RollbackBody,
    SignalAccepted,
)
from api.deps import (
    DeploymentLimit,
    IdempotencyKey,
    OwnedProject,
    ProjectLimit,
    Session,
    State,
    UserId,
    WritableProject,
)
from api.openapi import raises
from api.schemas import Data, PageMeta
from core.errors import (
    AcknowledgementRequired,
    BlueprintNotReady,
    ChangeBlocked,
    NoBlueprint,
    NotParked,
    NotRunning,
    OperationInProgress,
)

router = APIRouter(tags=["deployments"])
STILL_RUNNING = {
    202: {"model": DeploymentAccepted, "description": "Preview still running: poll statusUrl"}
}


@router.post(
    "/projects/{project_id}/validate",
    dependencies=[DeploymentLimit],
    response_model=Data[DeploymentOut],
    responses={
        202: {"model": DeploymentAccepted, "description": "Preview still running: poll statusUrl"}
    },
)
@raises(NoBlueprint, BlueprintNotReady, OperationInProgress)
async def preview(
    project: WritableProject,
    user_id: UserId,
    session: Session,
    state: State,
    body: PreviewBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    row, finished = await service.preview(
        state, session, project, user_id, body.blueprint_id if body else None, idempotency_key
    )
    if finished:
        events, live, stale = await runs.status(state, session, row)
        body_: Data[DeploymentOut] = Data(data=DeploymentOut.of(row, events, live, stale))
        return JSONResponse(body_.model_dump(mode="json", by_alias=True), status_code=200)
    accepted = DeploymentAccepted.of(row).model_dump(mode="json", by_alias=True)
    return JSONResponse(accepted, status_code=202)


@router.post(
    "/projects/{project_id}/deploy",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentAccepted,
    dependencies=[DeploymentLimit],
)
@raises(NoBlueprint, BlueprintNotReady, OperationInProgress, ChangeBlocked, AcknowledgementRequired)
async def deploy(
    project: WritableProject,
    user_id: UserId,
    session: Session,
    state: State,
    body: DeployBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> DeploymentAccepted:
    body = body or DeployBody()
    row = await service.deploy(
        state, session, project, user_id, body.blueprint_id, list(body.acknowledge), idempotency_key
    )
    return DeploymentAccepted.of(row)


@router.delete(
    "/projects/{project_id}/stack",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentAccepted,
    dependencies=[DeploymentLimit],
)
@raises(OperationInProgress)
async def destroy(
    project: OwnedProject,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> DeploymentAccepted:
    row = await service.destroy(state, session, project, user_id, idempotency_key)
    return DeploymentAccepted.of(row)


@router.post(
    "/projects/{project_id}/rollback",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentAccepted,
    dependencies=[DeploymentLimit],
)
@raises(OperationInProgress)
async def rollback(
    project: WritableProject,
    body: RollbackBody,
    user_id: UserId,
    session: Session,
    state: State,
    idempotency_key: IdempotencyKey = None,
) -> DeploymentAccepted:
    row = await service.rollback(
        state, session, project, user_id, body.deployment_id, idempotency_key
    )
    return DeploymentAccepted.of(row)


@router.get(
    "/deployments/{deployment_id}",
    response_model=Data[DeploymentOut],
    dependencies=[ProjectLimit],
)
async def get_deployment(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> Data[DeploymentOut]:
    row = await runs.get_owned(session, deployment_id, user_id)
    events, live, stale = await runs.status(state, session, row)
    return Data(data=DeploymentOut.of(row, events, live, stale))


@router.get(
    "/projects/{project_id}/deployments",
    response_model=DeploymentPage,
    dependencies=[ProjectLimit],
)
async def list_deployments(
    project: OwnedProject,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> DeploymentPage:
    rows, next_cursor = await runs.list_page(session, project, limit, cursor)
    return DeploymentPage(
        data=[
            DeploymentListItem(
                **DeploymentSummary.of(r).model_dump(), current_step=r.current_step, error=r.error
            )
            for r in rows
        ],
        meta=PageMeta(next_cursor=next_cursor),
    )


async def _signal(
    deployment_id: str, user_id: UserId, session: Session, state: State, name: str
) -> Data[SignalAccepted]:
    row = await runs.get_owned(session, deployment_id, user_id)
    await runs.signal(state, row, name)
    return Data(
        data=SignalAccepted(id=str(row.id), signal=name, status_url=f"/deployments/{row.id}")
    )


SIGNAL_ROUTE = {
    "status_code": status.HTTP_202_ACCEPTED,
    "response_model": Data[SignalAccepted],
    "dependencies": [DeploymentLimit],
}


@router.post("/deployments/{deployment_id}/continue", **SIGNAL_ROUTE)  # type: ignore[arg-type]
@raises(NotParked)
async def continue_deploy(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> Data[SignalAccepted]:
    return await _signal(deployment_id, user_id, session, state, "continue_deploy")


@router.post("/deployments/{deployment_id}/rollback", **SIGNAL_ROUTE)  # type: ignore[arg-type]
@raises(NotParked)
async def request_rollback(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> Data[SignalAccepted]:
    return await _signal(deployment_id, user_id, session, state, "request_rollback")


@router.post("/deployments/{deployment_id}/cancel", **SIGNAL_ROUTE)  # type: ignore[arg-type]
@raises(NotRunning)
async def cancel(
    deployment_id: str, user_id: UserId, session: Session, state: State
) -> Data[SignalAccepted]:
    return await _signal(deployment_id, user_id, session, state, "cancel")
