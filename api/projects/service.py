"""Project rules: templates, archive semantics, pagination (ownership is ``api.deps``)."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.pagination import keyset_page
from api.sandbox import service as sandbox_service
from api.state import AppState
from core import temporal_ops
from core.errors import UnknownTemplate
from core.models import Project
from core.repositories import After
from core.repositories import deployments as deployments_repo
from core.repositories import projects as repo
from core.repositories import sandboxes as sandboxes_repo
from core.repositories import specs as specs_repo
from slipway.templates import get_template, list_templates


async def list_page(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
    include_archived: bool,
) -> tuple[list[Project], str | None]:
    async def fetch(n: int, after: After | None) -> list[Project]:
        return await repo.list_owned(
            session, user_id, limit=n, include_archived=include_archived, after=after
        )

    return await keyset_page(fetch, limit, cursor)


async def create(
    session: AsyncSession,
    user_id: uuid.UUID,
    name: str,
    description: str,
    template_id: str | None = None,
) -> Project:
    """A new project; with a template it starts at spec version 1 from the template's spec."""
    template = None
    if template_id is not None:
        template = get_template(template_id)
        if template is None:
            known = ", ".join(t.id for t in list_templates())
            raise UnknownTemplate(
                f"Unknown templateId {template_id!r}; GET /templates lists them ({known})",
                errors=[{"field": "body.templateId", "message": "unknown template"}],
            )
    project = await repo.create(session, user_id, name, description, template_id)
    if template is not None:
        await specs_repo.add_version(
            session,
            project.id,
            1,
            template.spec,
            f"Created from the {template.name} template",
            user_id,
        )
    await session.commit()
    return project


async def update(
    session: AsyncSession, project: Project, name: str | None, description: str | None
) -> Project:
    project = await repo.update(session, project, name=name, description=description)
    await session.commit()
    return project


async def archive(state: AppState, session: AsyncSession, project: Project) -> Project:
    """Archive a project; an archived project runs nothing. Its drift schedule is deleted and
    its sandbox removed with its data (its tokens reach nothing) before the archive commits, so
    a failure there (503 while Temporal is unreachable) leaves it as it was and a retry
    finishes (both steps are idempotent). Only a project that has had a completed deploy or
    rollback can have a schedule, so archiving the others never needs Temporal."""
    if await deployments_repo.latest_successful(session, project.id) is not None:
        await temporal_ops.delete_drift_schedule(state.temporal, project.id)
    if await sandboxes_repo.of_project(session, project.id) is not None:
        await sandbox_service.remove(state, session, project)
    project = await repo.archive(session, project)
    await session.commit()
    return project
