"""Drift checks: started as ``DriftCheck`` workflows, read from their reports."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from api.drift.schemas import ProjectDrift
from api.state import AppState
from core import temporal_ops
from core.errors import TemporalUnavailable
from core.models import Project, utcnow
from core.models_ops import DriftReport
from core.repositories import drift as repo

STALE_RUNNING_SECONDS = 3600
"""A report still ``running`` after this long is not waited for (its workflow ended)."""


async def running(session: AsyncSession, project: Project) -> DriftReport | None:
    report = await repo.latest(session, project.id)
    if report is None or report.status != "running":
        return None
    if (utcnow() - report.created_at).total_seconds() > STALE_RUNNING_SECONDS:
        return None
    return report


async def start(state: AppState, session: AsyncSession, project: Project) -> DriftReport:
    """A new check, or the one already running for this project."""
    current = await running(session, project)
    if current is not None:
        return current
    report_id = uuid.uuid4()
    report = await repo.create(
        session,
        DriftReport(
            id=report_id,
            project_id=project.id,
            owner_id=project.owner_id,
            trigger="manual",
            workflow_id=f"drift:{report_id}",
        ),
    )
    await session.commit()
    try:
        await temporal_ops.start_drift_check(
            state.temporal, project.id, project.owner_id, report_id
        )
    except TemporalUnavailable:
        await repo.set_fields(
            session, report_id, status="failed", error="not started: Temporal unavailable"
        )
        await session.commit()
        raise
    return report


async def latest(
    session: AsyncSession, project: Project
) -> tuple[DriftReport | None, DriftReport | None]:
    """The newest finished report and the running check, if any."""
    return await repo.latest(session, project.id, finished=True), await running(session, project)


def _line(report: DriftReport | None) -> ProjectDrift:
    if report is None:
        return ProjectDrift(status="unknown")
    return ProjectDrift(
        status=report.status, checked_at=report.completed_at, report_id=str(report.id)
    )


async def summary(session: AsyncSession, project: Project) -> ProjectDrift:
    """The drift line of a project: the latest finished check's verdict (``unknown`` before
    any)."""
    return _line(await repo.latest(session, project.id, finished=True))


async def summaries(
    session: AsyncSession, projects: Sequence[Project]
) -> dict[uuid.UUID, ProjectDrift]:
    """The drift line of each project of a page, in one query."""
    found = await repo.latest_finished_of(session, [p.id for p in projects])
    return {p.id: _line(found.get(p.id)) for p in projects}
