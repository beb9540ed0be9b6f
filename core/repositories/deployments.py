"""Deployments (deploy / preview / destroy / rollback) and their CloudFormation events."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Deployment, DeploymentEvent
from core.repositories import After, newest_first
from workflows.status import DeploymentKind, DeploymentStatus


async def create(session: AsyncSession, **values: Any) -> Deployment:
    deployment = Deployment(**values)
    session.add(deployment)
    await session.flush()
    return deployment


async def get(
    session: AsyncSession, deployment_id: uuid.UUID, *, fresh: bool = False
) -> Deployment | None:
    """``fresh`` reads the row again even when this session already holds it."""
    return await session.get(Deployment, deployment_id, populate_existing=fresh)


async def get_owned(
    session: AsyncSession, deployment_id: uuid.UUID, owner_id: uuid.UUID
) -> Deployment | None:
    result = await session.exec(
        select(Deployment).where(Deployment.id == deployment_id, Deployment.owner_id == owner_id)
    )
    return result.first()


async def set_fields(session: AsyncSession, deployment_id: uuid.UUID, **values: Any) -> None:
    await session.exec(
        sa.update(Deployment).where(col(Deployment.id) == deployment_id).values(**values)
    )


async def list_for_project(
    session: AsyncSession,
    project_id: uuid.UUID,
    *,
    limit: int,
    after: After | None,
) -> list[Deployment]:
    query = newest_first(
        select(Deployment).where(Deployment.project_id == project_id), Deployment, after, limit
    )
    return list((await session.exec(query)).all())


async def latest_successful(
    session: AsyncSession, project_id: uuid.UUID, *, exclude: uuid.UUID | None = None
) -> Deployment | None:
    """The last deploy/rollback that completed: what is live now."""
    query = select(Deployment).where(
        Deployment.project_id == project_id,
        col(Deployment.kind).in_([DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK]),
        Deployment.status == DeploymentStatus.COMPLETED,
    )
    if exclude is not None:
        query = query.where(col(Deployment.id) != exclude)
    query = query.order_by(col(Deployment.completed_at).desc()).limit(1)
    return (await session.exec(query)).first()


async def previous_successful(
    session: AsyncSession, project_id: uuid.UUID, current: Deployment
) -> Deployment | None:
    """What a rollback without a target goes back to: the last deploy/rollback that completed
    with templates before ``current`` (what is live) and deployed another revision."""
    query = select(Deployment).where(
        Deployment.project_id == project_id,
        col(Deployment.kind).in_([DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK]),
        Deployment.status == DeploymentStatus.COMPLETED,
        col(Deployment.templates).is_not(None),
        col(Deployment.id) != current.id,
    )
    if current.revision is not None:
        query = query.where(
            sa.or_(col(Deployment.revision).is_(None), col(Deployment.revision) != current.revision)
        )
    if current.completed_at is not None:
        query = query.where(col(Deployment.completed_at) <= current.completed_at)
    query = query.order_by(col(Deployment.completed_at).desc()).limit(1)
    return (await session.exec(query)).first()


async def latest_with_templates(
    session: AsyncSession, project_id: uuid.UUID, *, exclude: uuid.UUID | None = None
) -> Deployment | None:
    """The newest deploy/rollback that got as far as synthesizing templates (stacks may exist)."""
    query = select(Deployment).where(
        Deployment.project_id == project_id,
        col(Deployment.kind).in_([DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK]),
        col(Deployment.templates).is_not(None),
    )
    if exclude is not None:
        query = query.where(col(Deployment.id) != exclude)
    query = query.order_by(col(Deployment.created_at).desc()).limit(1)
    return (await session.exec(query)).first()


async def known_event_ids(session: AsyncSession, deployment_id: uuid.UUID) -> set[str]:
    result = await session.exec(
        select(DeploymentEvent.event_id).where(DeploymentEvent.deployment_id == deployment_id)
    )
    return set(result.all())


async def add_events(session: AsyncSession, events: list[DeploymentEvent]) -> None:
    for event in events:
        session.add(event)
    await session.flush()


async def events(
    session: AsyncSession, deployment_id: uuid.UUID, limit: int = 500
) -> list[DeploymentEvent]:
    result = await session.exec(
        select(DeploymentEvent)
        .where(DeploymentEvent.deployment_id == deployment_id)
        .order_by(col(DeploymentEvent.timestamp), col(DeploymentEvent.event_id))
        .limit(limit)
    )
    return list(result.all())


async def delete(session: AsyncSession, deployment_id: uuid.UUID) -> None:
    """Remove a row whose workflow never started (e.g. another operation held the project)."""
    await session.exec(sa.delete(Deployment).where(col(Deployment.id) == deployment_id))
