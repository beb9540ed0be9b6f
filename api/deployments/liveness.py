"""Whether a deployment's stacks still exist: where state is lost anyway (a local AWS that did
not keep it, a stack deleted by hand), Slipway says so on ``GET /deployments/{id}`` and
``GET /projects/{id}`` instead of listing stacks that are gone."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from api.state import AppState
from core.aws import live_stacks
from core.models import Deployment, Project
from core.repositories import deployments as repo
from workflows.status import DeploymentKind, DeploymentStatus


async def stacks_gone(state: AppState, session: AsyncSession, row: Deployment) -> list[str] | None:
    """The stacks of a completed deploy or rollback that no longer exist, unless a later
    destroy removed them on purpose; None when that does not apply or the AWS endpoint cannot
    tell. One cached stack listing answers every poll (``core.aws.LiveStacks``), never a
    CloudFormation call per request."""
    deployed = (DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK)
    if row.kind not in deployed or row.status != DeploymentStatus.COMPLETED:
        return None
    names = sorted(str(t["name"]) for t in (row.templates or {}).values() if t.get("name"))
    if not names:
        return None
    recent = await repo.list_for_project(session, row.project_id, limit=20, after=None)
    last = next(
        (d for d in recent if d.status == DeploymentStatus.COMPLETED and d.id != row.id), None
    )
    if (
        last is not None
        and last.kind == DeploymentKind.DESTROY
        and last.created_at > row.created_at
    ):
        return None
    ended = row.completed_at.timestamp() if row.completed_at else 0.0
    return await live_stacks(state.settings).missing(names, ended)


async def project_stacks_gone(
    state: AppState, session: AsyncSession, project: Project
) -> list[str] | None:
    """``stacks_gone`` of what the project last deployed."""
    row = await repo.latest_successful(session, project.id)
    return None if row is None else await stacks_gone(state, session, row)
