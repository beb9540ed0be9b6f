"""A deployment once started: ownership, history, status reads and the decision signals."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.service import RPCError

from api.deployments.service import stack_ops_id
from api.deps import parse_uuid
from api.pagination import keyset_page
from api.state import AppState
from core.errors import NotFound, NotParked, NotRunning
from core.models import Deployment, DeploymentEvent, Project
from core.repositories import After
from core.repositories import deployments as repo
from workflows.messages import SignalInput
from workflows.stack_ops import DeployWorkflow
from workflows.status import DeploymentStatus, is_terminal

SIGNALS = {
    "continue_deploy": DeployWorkflow.continue_deploy,
    "request_rollback": DeployWorkflow.request_rollback,
    "cancel": DeployWorkflow.cancel,
}


async def get_owned(session: AsyncSession, deployment_id: str, user_id: uuid.UUID) -> Deployment:
    row = await repo.get_owned(session, parse_uuid(deployment_id, "Deployment"), user_id)
    if row is None:
        raise NotFound("Deployment")
    return row


async def list_page(
    session: AsyncSession, project: Project, limit: int, cursor: str | None
) -> tuple[list[Deployment], str | None]:
    async def fetch(n: int, after: After | None) -> list[Deployment]:
        return await repo.list_for_project(session, project.id, limit=n, after=after)

    return await keyset_page(fetch, limit, cursor)


async def signal(state: AppState, row: Deployment, name: str) -> None:
    """Send continue_deploy / request_rollback / cancel to the workflow running this row."""
    parked = row.status == DeploymentStatus.FAILED and row.completed_at is None
    if name in ("continue_deploy", "request_rollback") and not parked:
        raise NotParked(row.id, row.status)
    if name == "cancel" and not (parked or not is_terminal(row.status)):
        raise NotRunning(f"Deployment {row.id} already ended ({row.status})")
    client = await state.temporal.get()
    handle = client.get_workflow_handle(
        row.workflow_id or stack_ops_id(row.project_id), run_id=row.run_id
    )
    try:
        await handle.signal(SIGNALS[name], SignalInput(reason="api"))
    except RPCError as exc:
        raise NotRunning(f"Deployment {row.id} is no longer running: {exc.message}") from exc


async def status(
    state: AppState, session: AsyncSession, row: Deployment
) -> tuple[list[DeploymentEvent], dict[str, Any] | None, bool]:
    """What a status read needs: the row's events, and while it runs (or is parked awaiting a
    decision) the workflow's progress (``None`` and stale when the workflow cannot tell)."""
    live, stale = None, False
    events = await repo.events(session, row.id)
    parked = row.status == DeploymentStatus.FAILED and row.completed_at is None
    if (parked or not is_terminal(row.status)) and row.workflow_id:
        live = await state.live(session, DeployWorkflow.get_progress, row.workflow_id, row.run_id)
        stale = live is None or bool(live.get("stale"))
        if live is not None and live.get("completedAt"):
            # A run reports its end only after its row records it, so the row (read again, in
            # place) answers. Still open, the row is the next operation, started by that run (a
            # rollback's cleanup) and waiting for its own run under the same workflow ID.
            await repo.get(session, row.id, fresh=True)
            live, stale = None, row.completed_at is None
    return events, live, stale


def finished(row: Deployment) -> bool:
    """Ended for good: its status no longer changes (a parked deploy has not ended)."""
    return is_terminal(row.status) and row.completed_at is not None
