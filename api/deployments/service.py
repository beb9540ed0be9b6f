"""Deployments: preview, deploy (with change gates), destroy, rollback, signals, status."""

from __future__ import annotations

import asyncio
import functools
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import WorkflowFailureError
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from api.errors import ApiError, not_found
from api.schemas import iso, parse_uuid
from api.services import workflows as wf
from api.state import AppState
from core.models import Blueprint as BlueprintRow
from core.models import Deployment, Project
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as repo
from core.repositories import idempotency
from slipway.cost import estimate
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.rules import summarize
from workflows.common import Progress, search_attributes
from workflows.messages import SignalInput, StackOpInput
from workflows.status import TERMINAL

WORKFLOW_BY_KIND = {
    "deploy": "Deploy",
    "preview": "Deploy",
    "destroy": "Destroy",
    "rollback": "Rollback",
}
PREVIEW_WAIT_SECONDS = 10.0


def stack_ops_id(project_id: uuid.UUID) -> str:
    return f"stack-ops:{project_id}"


async def _blueprint_for(
    session: AsyncSession, project: Project, blueprint_id: str | None
) -> BlueprintRow:
    if blueprint_id is not None:
        row = await blueprints_repo.get(session, parse_uuid(blueprint_id, "Blueprint"))
        if row is None or row.project_id != project.id:
            raise not_found("Blueprint")
        if row.status != "completed" or row.ir is None:
            raise ApiError(
                409,
                "BLUEPRINT_NOT_READY",
                f"Blueprint {row.id} is {row.status}; deploy a completed blueprint",
            )
        return row
    row = await blueprints_repo.latest_completed(session, project.id)
    if row is None:
        raise ApiError(
            409,
            "NO_BLUEPRINT",
            "The project has no completed blueprint: POST /projects/{id}/spec/generate-blueprint",
        )
    return row


async def deployed_ir(
    session: AsyncSession, project_id: uuid.UUID
) -> tuple[Blueprint | None, int | None]:
    """The IR that is live now: the blueprint of the last successful deploy/rollback."""
    live = await repo.latest_successful(session, project_id)
    if live is None or live.blueprint_id is None:
        return None, None
    row = await blueprints_repo.get(session, live.blueprint_id)
    if row is None or row.ir is None:
        return None, None
    return Blueprint.from_json(row.ir), row.revision


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


CLOSING_WAIT_SECONDS = 5.0


async def _closing(state: AppState, session: AsyncSession, project_id: uuid.UUID) -> bool:
    """True once the open stack-ops workflow, whose deployment has already recorded its final
    status, has closed (waiting up to ``CLOSING_WAIT_SECONDS``)."""
    running = await _running_deployment(state, project_id)
    try:
        previous = await repo.get(session, uuid.UUID(running), fresh=True) if running else None
    except ValueError:
        return False
    if previous is None or previous.status not in TERMINAL or previous.completed_at is None:
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


async def create_and_start(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    *,
    kind: str,
    idempotency_key: str | None,
    blueprint: BlueprintRow | None = None,
    rollback_of: Deployment | None = None,
    acknowledge: list[str] | None = None,
    classification: dict[str, Any] | None = None,
) -> tuple[Deployment, bool]:
    """Create the row and start the project's stack-ops workflow. Returns (row, replayed)."""
    scope = f"{kind}:{project.id}"
    if idempotency_key:
        found = await idempotency.get(session, user_id, scope, idempotency_key)
        if found is not None:
            row = await repo.get(session, found.resource_id)
            if row is None:
                raise not_found("Deployment")
            return row, True
    row = await repo.create(
        session,
        project_id=project.id,
        owner_id=user_id,
        kind=kind,
        status="queued",
        blueprint_id=blueprint.id
        if blueprint
        else (rollback_of.blueprint_id if rollback_of else None),
        revision=blueprint.revision
        if blueprint
        else (rollback_of.revision if rollback_of else None),
        rollback_of=rollback_of.id if rollback_of else None,
        acknowledge=acknowledge,
        classification=classification,
        workflow_id=stack_ops_id(project.id),
    )
    if idempotency_key:
        idempotency.add(session, user_id, scope, idempotency_key, row.id)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        found = await idempotency.get(session, user_id, scope, idempotency_key or "")
        row2 = await repo.get(session, found.resource_id) if found else None
        if row2 is None:
            raise
        return row2, True
    client = await wf.client_or_503(state)
    start = functools.partial(
        client.start_workflow,
        WORKFLOW_BY_KIND[kind],
        StackOpInput(
            deployment_id=str(row.id),
            project_id=str(project.id),
            user_id=str(user_id),
            kind=kind,
            failure_timeout_seconds=state.settings.deploy_failure_timeout,
        ),
        id=stack_ops_id(project.id),
        task_queue=state.settings.task_queue,
        search_attributes=search_attributes(str(project.id), str(user_id), kind),
        memo={"deploymentId": str(row.id), "progress": Progress(status="queued").memo()},
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
    )
    try:
        try:
            handle = await start()
        except WorkflowAlreadyStartedError:
            # The previous operation records its final status before its workflow returns, so a
            # client that starts the next one as soon as it reads "completed" can arrive in
            # between: wait for that workflow to close, then start once more.
            if not await _closing(state, session, project.id):
                raise
            handle = await start()
    except WorkflowAlreadyStartedError:
        running = await _running_deployment(state, project.id)
        await idempotency.forget(session, row.id)
        await repo.delete(session, row.id)
        await session.commit()
        raise ApiError(
            409,
            "OPERATION_IN_PROGRESS",
            f"Deployment {running or '(unknown)'} is still in progress for this project; wait for "
            "it, or continue/cancel it (POST /deployments/{id}/continue or /cancel)",
            runningDeploymentId=running,
        ) from None
    except (RPCError, RuntimeError) as exc:
        await idempotency.forget(session, row.id)
        await repo.delete(session, row.id)
        await session.commit()
        raise wf.temporal_unavailable() from exc
    await repo.set_fields(session, row.id, run_id=handle.result_run_id)
    await session.commit()
    await session.refresh(row)
    return row, False


async def deploy(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    blueprint_id: str | None,
    acknowledge: list[str],
    idempotency_key: str | None,
) -> Deployment:
    if idempotency_key:
        found = await idempotency.get(session, user_id, f"deploy:{project.id}", idempotency_key)
        if found is not None:
            row = await repo.get(session, found.resource_id)
            if row is not None:
                return row
    blueprint = await _blueprint_for(session, project, blueprint_id)
    live, live_revision = await deployed_ir(session, project.id)
    result = classify(live, Blueprint.from_json(blueprint.ir or {})).to_dict()
    result["fromRevision"] = live_revision
    result["toRevision"] = blueprint.revision
    changes = result.get("changes", [])
    if result["overall"] == "blocked":
        blocked = [c for c in changes if c.get("classification") == "blocked"]
        raise ApiError(
            409,
            "CHANGE_BLOCKED",
            f"{len(blocked)} change(s) against the deployed revision are blocked "
            "(they would break data or clients); change the spec instead",
            changes=blocked,
        )
    if result["overall"] == "unsafe" and "unsafe" not in acknowledge:
        unsafe = [c for c in changes if c.get("classification") == "unsafe"]
        raise ApiError(
            409,
            "ACKNOWLEDGEMENT_REQUIRED",
            f"{len(unsafe)} unsafe change(s) against the deployed revision; send "
            '"acknowledge": ["unsafe"] to deploy them',
            changes=unsafe,
        )
    row, _ = await create_and_start(
        state,
        session,
        project,
        user_id,
        kind="deploy",
        idempotency_key=idempotency_key,
        blueprint=blueprint,
        acknowledge=acknowledge,
        classification=result,
    )
    return row


async def preview(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    blueprint_id: str | None,
    idempotency_key: str | None,
) -> tuple[Deployment, bool]:
    """Dry run. Returns (row, finished): waits briefly so small previews answer inline."""
    blueprint = await _blueprint_for(session, project, blueprint_id)
    bp = Blueprint.from_json(blueprint.ir or {})
    live, live_revision = await deployed_ir(session, project.id)
    result = classify(live, bp).to_dict()
    result["fromRevision"] = live_revision
    result["toRevision"] = blueprint.revision
    row, _ = await create_and_start(
        state,
        session,
        project,
        user_id,
        kind="preview",
        idempotency_key=idempotency_key,
        blueprint=blueprint,
        classification=result,
    )
    await repo.set_fields(
        session,
        row.id,
        preview={"costEstimate": estimate(bp), "validation": summarize(bp)},
    )
    await session.commit()
    finished = await _wait_briefly(state, project.id, row)
    await session.refresh(row)
    return row, finished


async def _wait_briefly(state: AppState, project_id: uuid.UUID, row: Deployment) -> bool:
    client = await wf.client_or_503(state)
    handle = client.get_workflow_handle(stack_ops_id(project_id), run_id=row.run_id)
    try:
        await asyncio.wait_for(handle.result(), PREVIEW_WAIT_SECONDS)
        return True
    except (TimeoutError, WorkflowFailureError, RPCError):
        return False


async def rollback(
    state: AppState,
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    target_id: str,
    idempotency_key: str | None,
) -> Deployment:
    target = await repo.get(session, parse_uuid(target_id, "Deployment"))
    if target is None or target.project_id != project.id:
        raise not_found("Deployment")
    if (
        target.kind not in ("deploy", "rollback")
        or target.status != "completed"
        or not target.templates
    ):
        raise ApiError(
            422,
            "ROLLBACK_TARGET_INVALID",
            f"Deployment {target.id} is a {target.kind} that ended {target.status}; roll back to "
            "a deploy that completed successfully",
            errors=[{"field": "body.deploymentId", "message": "not a successful deployment"}],
        )
    row, _ = await create_and_start(
        state,
        session,
        project,
        user_id,
        kind="rollback",
        idempotency_key=idempotency_key,
        rollback_of=target,
    )
    return row


async def get_owned(session: AsyncSession, deployment_id: str, user_id: uuid.UUID) -> Deployment:
    row = await repo.get_owned(session, parse_uuid(deployment_id, "Deployment"), user_id)
    if row is None:
        raise not_found("Deployment")
    return row


async def signal(state: AppState, row: Deployment, name: str) -> None:
    """Send continue_deploy / request_rollback / cancel to the workflow running this row."""
    parked = row.status == "failed" and row.completed_at is None
    running = row.status not in TERMINAL
    if name in ("continue_deploy", "request_rollback") and not parked:
        raise ApiError(
            409,
            "NOT_PARKED",
            f"Deployment {row.id} is {row.status}: only a failed deployment that is waiting for a "
            "decision can be continued or rolled back",
        )
    if name == "cancel" and not (parked or running):
        raise ApiError(409, "NOT_RUNNING", f"Deployment {row.id} already ended ({row.status})")
    client = await wf.client_or_503(state)
    handle = client.get_workflow_handle(
        row.workflow_id or stack_ops_id(row.project_id), run_id=row.run_id
    )
    try:
        await handle.signal(name, SignalInput(reason="api"))
    except RPCError as exc:
        raise ApiError(
            409, "NOT_RUNNING", f"Deployment {row.id} is no longer running: {exc.message}"
        ) from exc


async def status(state: AppState, session: AsyncSession, row: Deployment) -> dict[str, Any]:
    live = None
    stale = False
    events = await repo.events(session, row.id)
    if row.status not in TERMINAL and row.workflow_id:
        await wf.release(session)
        live = await state.status.live(row.workflow_id, row.run_id)
        stale = live is None or bool(live.get("stale"))
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
        "createdAt": iso(row.created_at),
        "startedAt": iso(row.started_at),
        "completedAt": iso(row.completed_at),
        "awaitingDecision": row.status == "failed" and row.completed_at is None,
        "events": [
            {
                "timestamp": iso(e.timestamp),
                "stack": e.stack_key,
                "stackName": e.stack_name,
                "logicalId": e.logical_id,
                "resourceType": e.resource_type,
                "status": e.status,
                "reason": e.reason,
            }
            for e in events
        ],
        "stale": stale,
    }
    if live:
        body["status"] = (
            "running"
            if live.get("status") in ("processing", "queued")
            else live.get("status", row.status)
        )
        body["currentStep"] = live.get("currentStep") or row.current_step
        body["progress"] = live.get("progress", row.progress)
        stacks = (live.get("details") or {}).get("stacks")
        if stacks:
            body["stacks"] = stacks
        if live.get("error"):
            body["error"] = live["error"]
    return body
