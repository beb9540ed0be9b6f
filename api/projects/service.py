"""Project rules: ownership (404 for others), archive semantics, pagination."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import ApiError, not_found
from api.schemas import decode_cursor, encode_cursor, parse_uuid
from core.models import Project
from core.repositories import projects as repo
from core.repositories import specs as specs_repo
from slipway.templates import get_template, list_templates


async def get_owned(session: AsyncSession, project_id: str, user_id: uuid.UUID) -> Project:
    project = await repo.get_owned(session, parse_uuid(project_id, "Project"), user_id)
    if project is None:
        raise not_found("Project")
    return project


async def get_writable(session: AsyncSession, project_id: str, user_id: uuid.UUID) -> Project:
    """A project the user owns and may change (not archived)."""
    project = await get_owned(session, project_id, user_id)
    ensure_writable(project)
    return project


def ensure_writable(project: Project) -> None:
    if project.status == "archived":
        raise ApiError(
            409,
            "PROJECT_ARCHIVED",
            "This project is archived and read-only; create a new project to make changes",
        )


async def list_page(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
    include_archived: bool,
) -> tuple[list[Project], str | None]:
    after = None
    if cursor:
        created, raw_id = decode_cursor(cursor)
        after = (created, parse_cursor_id(raw_id))
    rows = await repo.list_owned(
        session, user_id, limit=limit + 1, include_archived=include_archived, after=after
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(last.created_at, last.id)
    return rows, next_cursor


def parse_cursor_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise ApiError(
            422, "INVALID_CURSOR", "Invalid cursor: pass meta.nextCursor unchanged"
        ) from exc


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
            raise ApiError(
                422,
                "UNKNOWN_TEMPLATE",
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
    ensure_writable(project)
    project = await repo.update(session, project, name=name, description=description)
    await session.commit()
    return project


async def archive(session: AsyncSession, project: Project) -> Project:
    project = await repo.archive(session, project)
    await session.commit()
    return project
