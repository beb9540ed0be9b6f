"""Drift reports, and what a project has live (the deployment a check compares against)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Deployment, Project
from core.models_ops import DriftReport
from workflows.status import DeploymentKind, DeploymentStatus

FINISHED = ("in_sync", "drifted", "unknown", "failed")


async def create(session: AsyncSession, report: DriftReport) -> DriftReport:
    session.add(report)
    await session.flush()
    return report


async def get(session: AsyncSession, report_id: uuid.UUID) -> DriftReport | None:
    return await session.get(DriftReport, report_id, populate_existing=True)


async def set_fields(session: AsyncSession, report_id: uuid.UUID, **values: Any) -> None:
    await session.exec(
        sa.update(DriftReport).where(col(DriftReport.id) == report_id).values(**values)
    )


async def latest(
    session: AsyncSession,
    project_id: uuid.UUID,
    *,
    finished: bool = False,
    exclude: uuid.UUID | None = None,
) -> DriftReport | None:
    """The newest report of a project (``finished``: the newest with a result)."""
    query = select(DriftReport).where(DriftReport.project_id == project_id)
    if finished:
        query = query.where(col(DriftReport.status).in_(FINISHED))
    if exclude is not None:
        query = query.where(col(DriftReport.id) != exclude)
    query = query.order_by(col(DriftReport.created_at).desc(), col(DriftReport.id).desc())
    return (await session.exec(query.limit(1))).first()


async def latest_finished_of(
    session: AsyncSession, project_ids: list[uuid.UUID]
) -> dict[uuid.UUID, DriftReport]:
    """The newest finished report of each of these projects, in one query (a page of the
    project list)."""
    if not project_ids:
        return {}
    rank = (
        sa.func.row_number()
        .over(
            partition_by=col(DriftReport.project_id),
            order_by=(col(DriftReport.created_at).desc(), col(DriftReport.id).desc()),
        )
        .label("rank")
    )
    ranked = (
        select(col(DriftReport.id).label("id"), rank)
        .where(col(DriftReport.project_id).in_(project_ids))
        .where(col(DriftReport.status).in_(FINISHED))
        .subquery()
    )
    query = select(DriftReport).join(ranked, col(DriftReport.id) == ranked.c.id)
    rows = (await session.exec(query.where(ranked.c.rank == 1))).all()
    return {row.project_id: row for row in rows}


async def live_deployment(session: AsyncSession, project_id: uuid.UUID) -> Deployment | None:
    """The deployment whose templates should be live: the last completed deploy or rollback,
    unless a destroy completed after it (then nothing is deployed)."""
    query = (
        select(Deployment)
        .where(
            Deployment.project_id == project_id,
            col(Deployment.kind).in_(
                [DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK, DeploymentKind.DESTROY]
            ),
            Deployment.status == DeploymentStatus.COMPLETED,
        )
        .order_by(col(Deployment.completed_at).desc())
        .limit(1)
    )
    last = (await session.exec(query)).first()
    return last if last is not None and last.kind != DeploymentKind.DESTROY else None


async def project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id)


async def operation_running(session: AsyncSession, project_id: uuid.UUID) -> bool:
    """A deploy, rollback or destroy of the project has not ended (stacks are changing)."""
    query = select(Deployment.id).where(
        Deployment.project_id == project_id,
        col(Deployment.kind).in_(
            [DeploymentKind.DEPLOY, DeploymentKind.ROLLBACK, DeploymentKind.DESTROY]
        ),
        col(Deployment.completed_at).is_(None),
        col(Deployment.status).in_(
            [
                DeploymentStatus.QUEUED,
                DeploymentStatus.RUNNING,
                DeploymentStatus.PROCESSING,
                DeploymentStatus.FAILED,
            ]
        ),
    )
    return (await session.exec(query.limit(1))).first() is not None
