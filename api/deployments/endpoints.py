"""Deployment endpoints: preview, deploy, get, history, destroy, rollback, decision signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from api.audit.recorder import audited
from api.deployments import liveness, runs, service
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
from api.events.status import Built, StatusLimit, answer, owned
from api.keys.scopes import Scope, requires
from api.openapi import raises
from api.pagination import Paging
from api.schemas import Data, PageMeta
from core.errors import (
    AcknowledgementRequired,
    BlueprintNotReady,
    ChangeBlocked,
    NoBlueprint,
    NothingToRollBack,
    NotParked,
    NotRunning,
    OperationInProgress,
    SlipwayError,
)

router = APIRouter(tags=["deployments"])
PREVIEW_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": Data[DeploymentOut],
        "description": "The preview ended within ?wait= seconds: its result",
    },
    202: {"description": "The preview runs (still, after ?wait=): poll statusUrl"},
}


@router.post(
    "/projects/{project_id}/validate",
    dependencies=[DeploymentLimit],
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentAccepted,
    responses=PREVIEW_RESPONSES,
)
@raises(NoBlueprint, BlueprintNotReady, OperationInProgress)
@requires(Scope.DEPLOY)
@audited("deployment.preview")
async def preview(
    project: WritableProject,
    user_id: UserId,
    session: Session,
    state: State,
    body: PreviewBody | None = None,
    wait: Annotated[
        int,
        Query(
            ge=0,
            le=service.MAX_PREVIEW_WAIT_SECONDS,
            description="Seconds to wait for the result (0 to 30): 200 with it once the preview "
            "has ended, else 202 as without waiting",
        ),
    ] = 0,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Preview a deployment (dry run). It runs in the background: 202 with ``statusUrl``;
    ``?wait=N`` blocks up to N seconds and answers 200 with the result once it has ended."""
    row = await service.preview(
        state, session, project, user_id, body.blueprint_id if body else None, idempotency_key
    )
    if await service.wait_until_ended(state, session, row, wait):
        events, live, stale = await runs.status(state, session, row)
        result: Data[DeploymentOut] = Data(data=DeploymentOut.of(row, events, live, stale))
        return JSONResponse(result.model_dump(mode="json", by_alias=True), status_code=200)
    accepted = DeploymentAccepted.of(row).model_dump(mode="json", by_alias=True)
    return JSONResponse(accepted, status_code=202)


@router.post(
    "/projects/{project_id}/deploy",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeploymentAccepted,
    dependencies=[DeploymentLimit],
)
@raises(NoBlueprint, BlueprintNotReady, OperationInProgress, ChangeBlocked, AcknowledgementRequired)
@requires(Scope.DEPLOY)
@audited("deployment.deploy")
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
@requires(Scope.DEPLOY)
@audited("deployment.destroy")
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
@raises(NothingToRollBack, OperationInProgress)
@requires(Scope.DEPLOY)
@audited("deployment.rollback")
async def rollback(
    project: WritableProject,
    user_id: UserId,
    session: Session,
    state: State,
    body: RollbackBody | None = None,
    idempotency_key: IdempotencyKey = None,
) -> DeploymentAccepted:
    """Redeploy an earlier successful deployment: ``deploymentId``, or without it the one
    before the current one (the last completed deploy or rollback of another revision)."""
    target = body.deployment_id if body else None
    row = await service.rollback(state, session, project, user_id, target, idempotency_key)
    return DeploymentAccepted.of(row)


@router.get(
    "/deployments/{deployment_id}",
    response_model=Data[DeploymentOut],
    dependencies=[StatusLimit],
)
@requires(Scope.PROJECTS_READ)
async def get_deployment(
    deployment_id: str, request: Request, user_id: UserId, session: Session, state: State
) -> Response:
    """The deployment's status; ``ETag`` / ``If-None-Match`` answer ``304`` when unchanged."""
    did, _ = await owned(state.owners, session, "deployment", deployment_id, user_id)

    async def build() -> Built:
        row = await runs.get_owned(session, deployment_id, user_id)
        events, live, stale = await runs.status(state, session, row)
        out = DeploymentOut.of(row, events, live, stale)
        gone = await liveness.stacks_gone(state, session, row)
        if gone is not None:  # its stacks can still disappear: never a final answer
            out.stacks_gone = gone
        return Data(data=out), runs.finished(row) and gone is None

    return await answer(request, state, "deployment", did, build)


@router.get(
    "/projects/{project_id}/deployments",
    response_model=DeploymentPage,
    dependencies=[ProjectLimit],
)
@requires(Scope.PROJECTS_READ)
async def list_deployments(project: OwnedProject, session: Session, page: Paging) -> DeploymentPage:
    rows, next_cursor = await runs.list_page(session, project, page.limit, page.cursor)
    return DeploymentPage(
        data=[
            DeploymentListItem(
                **DeploymentSummary.of(r).model_dump(), current_step=r.current_step, error=r.error
            )
            for r in rows
        ],
        meta=PageMeta(next_cursor=next_cursor),
    )


def _signal(name: str, refused: type[SlipwayError]) -> Callable[..., Any]:
    """The endpoint that sends ``name`` to the workflow running a deployment."""

    @raises(refused)
    @requires(Scope.DEPLOY)
    @audited(f"deployment.{name}")
    async def send(
        deployment_id: str, user_id: UserId, session: Session, state: State
    ) -> Data[SignalAccepted]:
        row = await runs.get_owned(session, deployment_id, user_id)
        await runs.signal(state, row, name)
        return Data(
            data=SignalAccepted(id=str(row.id), signal=name, status_url=f"/deployments/{row.id}")
        )

    send.__name__ = name
    return send


for path, name, refused in (
    ("continue", "continue_deploy", NotParked),
    ("rollback", "request_rollback", NotParked),
    ("cancel", "cancel", NotRunning),
):
    router.post(
        f"/deployments/{{deployment_id}}/{path}",
        status_code=status.HTTP_202_ACCEPTED,
        response_model=Data[SignalAccepted],
        dependencies=[DeploymentLimit],
    )(_signal(name, refused))
