"""Deployments: preview, deploy (with change gates), destroy, rollback, signals, status.

Every stack operation of a project runs as the workflow ``stack-ops:{projectId}`` (conflict
policy FAIL): Temporal itself lets one run at a time, and a second request answers 409
OPERATION_IN_PROGRESS naming the deployment that holds the project. What a deploy carries and
whether it may (classification, change gates, CloudFormation limits) is ``api.deployments.gates``.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import WorkflowFailureError
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from api import offload
from api.deployments import gates
from api.deps import parse_uuid
from api.state import AppState
from core.db import release
from core.errors import (
    NotFound,
    NothingToRollBack,
    OperationInProgress,
    RollbackTargetInvalid,
    SlipwayError,
    TemporalUnavailable,
)
from core.models import Deployment, Project, utcnow
from core.repositories import deployments as repo
from core.repositories import idempotency
from core.temporal import start_workflow
from core.temporal.start import WorkflowRun
from workflows.messages import StackOpInput
from workflows.stack_ops import DeployWorkflow, DestroyWorkflow, RollbackWorkflow
from workflows.status import DeploymentKind, DeploymentStatus, is_terminal

WORKFLOW_BY_KIND: dict[str, WorkflowRun[StackOpInput]] = {
    DeploymentKind.DEPLOY: DeployWorkflow.run,
    DeploymentKind.PREVIEW: DeployWorkflow.run,
    DeploymentKind.DESTROY: DestroyWorkflow.run,
    DeploymentKind.ROLLBACK: RollbackWorkflow.run,
}
MAX_PREVIEW_WAIT_SECONDS = 30
CLOSING_WAIT_SECONDS = 5.0
NOT_STARTED = (
    "Not started: the workflow engine was unreachable. Nothing was changed; retry "
    "(the same Idempotency-Key starts a new operation)"
)


def stack_ops_id(project_id: uuid.UUID) -> str:
    return f"stack-ops:{project_id}"


# --- starting an operation ---------------------------------------------------------------------


async def _replayed(
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    kind: DeploymentKind,
    idempotency_key: str | None,
) -> Deployment | None:
    """The row an earlier request with this Idempotency-Key made, if any."""
    if not idempotency_key:
        return None
    found = await idempotency.get(session, user_id, f"{kind}:{project.id}", idempotency_key)
    return await repo.get(session, found.resource_id) if found else None


async def _create_row(
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    kind: DeploymentKind,
    idempotency_key: str | None,
    **values: Any,
) -> tuple[Deployment, bool]:
    """The deployment row (queued), or the one an earlier request with the same key made.
    Returns (row, replayed)."""
    scope = f"{kind}:{project.id}"
    if idempotency_key:
        found = await idempotency.get(session, user_id, scope, idempotency_key)
        if found is not None:
            row = await repo.get(session, found.resource_id)
            if row is None:
                raise NotFound("Deployment")
            return row, True
    row = await repo.create(
        session,
        project_id=project.id,
        owner_id=user_id,
        kind=kind,
        status=DeploymentStatus.QUEUED,
        workflow_id=stack_ops_id(project.id),
        **values,
    )
    if idempotency_key:
        idempotency.add(session, user_id, scope, idempotency_key, row.id)
    try:
        await session.commit()
    except IntegrityError:  # a concurrent twin with the same key won
        await session.rollback()
        found = await idempotency.get(session, user_id, scope, idempotency_key or "")
        twin = await repo.get(session, found.resource_id) if found else None
        if twin is None:
            raise
        return twin, True
    return row, False


async def create_and_start(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    kind: DeploymentKind,
    idempotency_key: str | None,
    **values: Any,
) -> Deployment:
    """Create the row and start the project's stack-ops workflow for it. A start refused because
    the project is busy removes the row again; one that fails because Temporal is unreachable
    marks the row failed (saying why) and frees the Idempotency-Key: either way a retry starts
    afresh."""
    row, replayed = await _create_row(session, project, user_id, kind, idempotency_key, **values)
    if replayed:
        return row
    arg = StackOpInput(
        deployment_id=str(row.id),
        project_id=str(project.id),
        user_id=str(user_id),
        kind=kind,
        failure_timeout_seconds=state.settings.deploy_failure_timeout,
    )
    try:
        try:
            handle = await _start(state, arg)
        except WorkflowAlreadyStartedError:
            # The previous operation records its final status before its workflow returns, so a
            # client that starts the next one as soon as it reads "completed" can arrive in
            # between: wait for that workflow to close, then start once more.
            if not await _closing(state, session, project.id):
                raise
            handle = await _start(state, arg)
    except TemporalUnavailable:
        await _not_started(session, row.id)
        raise
    except (WorkflowAlreadyStartedError, SlipwayError) as exc:
        running = await _running_deployment(state, project.id)
        await idempotency.forget(session, row.id)
        await repo.delete(session, row.id)
        await session.commit()
        if isinstance(exc, SlipwayError):
            raise
        raise OperationInProgress(running) from None
    await repo.set_fields(session, row.id, run_id=handle.result_run_id)
    await session.commit()
    await session.refresh(row)
    return row


async def _not_started(session: AsyncSession, deployment_id: uuid.UUID) -> None:
    """A row whose workflow could not be started: failed, with its key forgotten."""
    await idempotency.forget(session, deployment_id)
    await repo.set_fields(
        session,
        deployment_id,
        status=DeploymentStatus.FAILED,
        error=NOT_STARTED,
        current_step="Not started",
        completed_at=utcnow(),
    )
    await session.commit()


async def _start(state: AppState, arg: StackOpInput) -> Any:
    return await start_workflow(
        state.temporal,
        WORKFLOW_BY_KIND[arg.kind],
        arg,
        workflow_id=stack_ops_id(uuid.UUID(arg.project_id)),
        project_id=arg.project_id,
        user_id=arg.user_id,
        phase=arg.kind,
        memo={"deploymentId": arg.deployment_id},
        reuse=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
    )


async def _running_deployment(state: AppState, project_id: uuid.UUID) -> str | None:
    """The deployment the open stack-ops workflow of this project is working on."""
    try:
        client = await state.temporal.get()
        description = await client.get_workflow_handle(stack_ops_id(project_id)).describe(
            rpc_timeout=timedelta(seconds=2)
        )
        value = await description.memo_value("deploymentId", default=None)
        return str(value) if value else None
    except Exception:
        return None


async def _closing(state: AppState, session: AsyncSession, project_id: uuid.UUID) -> bool:
    """True once the open stack-ops workflow, whose deployment has already recorded its final
    status, has closed (waiting up to ``CLOSING_WAIT_SECONDS``)."""
    running = await _running_deployment(state, project_id)
    try:
        previous = await repo.get(session, uuid.UUID(running), fresh=True) if running else None
    except ValueError:
        return False
    if previous is None or not is_terminal(previous.status) or previous.completed_at is None:
        return False
    client = await state.temporal.get()
    handle = client.get_workflow_handle(stack_ops_id(project_id))
    try:
        await asyncio.wait_for(handle.result(), CLOSING_WAIT_SECONDS)
    except WorkflowFailureError:
        pass  # closed, whatever the outcome
    except Exception:
        return False
    return True


# --- the operations ----------------------------------------------------------------------------


async def deploy(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    blueprint_id: str | None,
    acknowledge: list[str],
    idempotency_key: str | None,
) -> Deployment:
    """Deploy a completed blueprint: classify it against what is live, apply the change gates,
    then start the ``Deploy`` workflow."""
    replayed = await _replayed(session, project, user_id, DeploymentKind.DEPLOY, idempotency_key)
    if replayed is not None:
        return replayed
    blueprint = await gates.blueprint_for(session, project, blueprint_id)
    result = await gates.classify(session, project, blueprint)
    gates.gate(result, acknowledge)
    await gates.deployable(session, project, blueprint)
    return await create_and_start(
        state,
        session,
        project,
        user_id,
        DeploymentKind.DEPLOY,
        idempotency_key,
        blueprint_id=blueprint.id,
        revision=blueprint.revision,
        acknowledge=acknowledge,
        classification=result,
    )


async def preview(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    blueprint_id: str | None,
    idempotency_key: str | None,
) -> Deployment:
    """Dry run: change sets created, never executed (``Deploy`` with kind ``preview``)."""
    replayed = await _replayed(session, project, user_id, DeploymentKind.PREVIEW, idempotency_key)
    if replayed is not None:
        return replayed
    blueprint = await gates.blueprint_for(session, project, blueprint_id)
    result = await gates.classify(session, project, blueprint)
    await gates.deployable(session, project, blueprint)
    row = await create_and_start(
        state,
        session,
        project,
        user_id,
        DeploymentKind.PREVIEW,
        idempotency_key,
        blueprint_id=blueprint.id,
        revision=blueprint.revision,
        classification=result,
    )
    preview = await offload.run(
        offload.COMPILE, "Estimating the preview", gates.preview_of, blueprint.ir or {}
    )
    await repo.set_fields(session, row.id, preview=preview)
    await session.commit()
    await session.refresh(row)
    return row


async def wait_until_ended(
    state: AppState, session: AsyncSession, row: Deployment, seconds: float
) -> bool:
    """Wait up to ``seconds`` for the operation to end (its workflow returns); True once its row
    records the end. The request's database connection is released while waiting."""
    if row.completed_at is None and seconds > 0 and row.run_id is not None:
        await release(session)
        client = await state.temporal.get()
        handle = client.get_workflow_handle(
            row.workflow_id or stack_ops_id(row.project_id), run_id=row.run_id
        )
        # still running, or ended otherwise: the row says which
        with contextlib.suppress(TimeoutError, WorkflowFailureError, RPCError):
            await asyncio.wait_for(handle.result(), seconds)
        await session.refresh(row)
    return row.completed_at is not None


async def destroy(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    idempotency_key: str | None,
) -> Deployment:
    """Delete every stack of the project (``Destroy``), in reverse dependency order."""
    return await create_and_start(
        state, session, project, user_id, DeploymentKind.DESTROY, idempotency_key
    )


async def rollback(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    target_id: str | None,
    idempotency_key: str | None,
) -> Deployment:
    """Redeploy the templates of an earlier successful deployment (``Rollback``): the named
    one, else the one before what is live (``NothingToRollBack`` when there is none)."""
    replayed = await _replayed(session, project, user_id, DeploymentKind.ROLLBACK, idempotency_key)
    if replayed is not None:  # the target may have changed since (the first request went live)
        return replayed
    target = await rollback_target(session, project, target_id)
    return await create_and_start(
        state,
        session,
        project,
        user_id,
        DeploymentKind.ROLLBACK,
        idempotency_key,
        blueprint_id=target.blueprint_id,
        revision=target.revision,
        rollback_of=target.id,
    )


async def rollback_target(
    session: AsyncSession, project: Project, target_id: str | None
) -> Deployment:
    """What a rollback redeploys: ``target_id`` (a deploy or rollback of this project that
    completed), else the deployment before the current one: the last completed deploy or
    rollback whose revision differs from the one live now."""
    if target_id is None:
        current = await repo.latest_successful(session, project.id)
        previous = await repo.previous_successful(session, project.id, current) if current else None
        if previous is None:
            raise NothingToRollBack()
        return previous
    target = await repo.get(session, parse_uuid(target_id, "Deployment"))
    if target is None or target.project_id != project.id:
        raise NotFound("Deployment")
    if (
        target.kind not in (DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK)
        or target.status != DeploymentStatus.COMPLETED
        or not target.templates
    ):
        raise RollbackTargetInvalid(
            f"Deployment {target.id} is a {target.kind} that ended {target.status}; roll back to "
            "a deploy that completed successfully",
            errors=[{"field": "body.deploymentId", "message": "not a successful deployment"}],
        )
    return target
