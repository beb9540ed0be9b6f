"""Deployments: what a rollback goes back to (``rollback_target``), on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from api.deployments import service
from api.projects import service as projects
from core.errors import NothingToRollBack, RollbackTargetInvalid
from core.models import Deployment, Project, utcnow
from core.repositories import deployments as repo
from tests.service.conftest import new_user
from workflows.status import DeploymentKind, DeploymentStatus

START = utcnow()


async def run(
    session: AsyncSession,
    project: Project,
    minute: int,
    revision: int,
    kind: DeploymentKind = DeploymentKind.DEPLOY,
    status: DeploymentStatus = DeploymentStatus.COMPLETED,
) -> Deployment:
    """A stack operation of ``project`` that ended ``minute`` minutes into the test's history."""
    at = START + timedelta(minutes=minute)
    row = await repo.create(
        session,
        project_id=project.id,
        owner_id=project.owner_id,
        kind=kind,
        status=status,
        revision=revision,
        templates={"data": {"Resources": {}}} if kind != DeploymentKind.PREVIEW else None,
        created_at=at,
        completed_at=at,
    )
    await session.commit()
    return row


async def test_without_a_target_the_one_before_the_current_revision(
    session: AsyncSession,
) -> None:
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "Rollbacks", "")
    with pytest.raises(NothingToRollBack) as nothing:
        await service.rollback_target(session, project, None)
    assert nothing.value.status == 409 and nothing.value.code == "NOTHING_TO_ROLL_BACK"

    first = await run(session, project, 1, revision=1)
    with pytest.raises(NothingToRollBack):  # only what is live
        await service.rollback_target(session, project, None)
    second = await run(session, project, 2, revision=2)
    again = await run(session, project, 3, revision=2)  # the same revision deployed again
    await run(session, project, 4, revision=3, status=DeploymentStatus.FAILED)
    await run(session, project, 5, revision=3, kind=DeploymentKind.PREVIEW)
    assert (await service.rollback_target(session, project, None)).id == first.id

    # revision 1 live again (a rollback): the one before it is the last deploy of revision 2
    await run(session, project, 6, revision=1, kind=DeploymentKind.ROLLBACK)
    assert (await service.rollback_target(session, project, None)).id == again.id
    assert (await service.rollback_target(session, project, str(second.id))).id == second.id


async def test_a_named_target_must_have_completed(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "Named", "")
    failed = await run(session, project, 1, revision=1, status=DeploymentStatus.FAILED)
    with pytest.raises(RollbackTargetInvalid):
        await service.rollback_target(session, project, str(failed.id))
