"""Projects, owned by one user; archived projects stay readable."""

from __future__ import annotations

import uuid

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Project, utcnow
from core.repositories import After, newest_first


async def create(
    session: AsyncSession,
    owner_id: uuid.UUID,
    name: str,
    description: str,
    template_id: str | None = None,
) -> Project:
    project = Project(
        owner_id=owner_id, name=name, description=description, template_id=template_id
    )
    session.add(project)
    await session.flush()
    return project


async def get_owned(
    session: AsyncSession, project_id: uuid.UUID, owner_id: uuid.UUID
) -> Project | None:
    result = await session.exec(
        select(Project).where(Project.id == project_id, Project.owner_id == owner_id)
    )
    return result.first()


async def owner(session: AsyncSession, project_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(owner id, project id) of a project: its owner never changes (ownership caches)."""
    row = (
        await session.exec(select(Project.owner_id, Project.id).where(Project.id == project_id))
    ).first()
    return (row[0], row[1]) if row is not None else None


async def list_owned(
    session: AsyncSession,
    owner_id: uuid.UUID,
    *,
    limit: int,
    include_archived: bool,
    after: After | None,
) -> list[Project]:
    """Newest first, keyset-paginated on (created_at, id)."""
    query = select(Project).where(Project.owner_id == owner_id)
    if not include_archived:
        query = query.where(Project.status == "active")
    query = newest_first(query, Project, after, limit)
    result = await session.exec(query)
    return list(result.all())


async def update(
    session: AsyncSession, project: Project, *, name: str | None, description: str | None
) -> Project:
    if name is not None:
        project.name = name
    if description is not None:
        project.description = description
    project.updated_at = utcnow()
    session.add(project)
    await session.flush()
    return project


async def archive(session: AsyncSession, project: Project) -> Project:
    if project.status != "archived":
        project.status = "archived"
        project.archived_at = utcnow()
        project.updated_at = project.archived_at
        session.add(project)
        await session.flush()
    return project
