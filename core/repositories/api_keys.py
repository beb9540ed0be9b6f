"""API keys, and the project a path's resource belongs to (for keys bound to one project)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import Project, utcnow
from core.models_auth import ApiKey
from core.repositories import After, newest_first


class PrefixTaken(Exception):
    pass


async def create(session: AsyncSession, key: ApiKey) -> ApiKey:
    session.add(key)
    try:
        await session.flush()
    except IntegrityError as exc:
        await session.rollback()
        raise PrefixTaken(key.prefix) from exc
    return key


async def by_prefix(session: AsyncSession, prefix: str) -> ApiKey | None:
    result = await session.exec(select(ApiKey).where(ApiKey.prefix == prefix))
    return result.first()


async def list_active(
    session: AsyncSession, user_id: uuid.UUID, now: datetime, limit: int, after: After | None
) -> list[ApiKey]:
    """The user's keys that still work (not revoked, not expired), newest first."""
    query = (
        select(ApiKey)
        .where(ApiKey.user_id == user_id)
        .where(col(ApiKey.revoked_at).is_(None))
        .where(sa.or_(col(ApiKey.expires_at).is_(None), col(ApiKey.expires_at) > now))
    )
    result = await session.exec(newest_first(query, ApiKey, after, limit))
    return list(result.all())


async def revoke(session: AsyncSession, key_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Revoke one of the user's keys; False when it is not theirs or already revoked."""
    result = await session.exec(
        sa.update(ApiKey)
        .where(col(ApiKey.id) == key_id)
        .where(col(ApiKey.user_id) == user_id)
        .where(col(ApiKey.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(result.rowcount == 1)


async def touch(session: AsyncSession, key_id: uuid.UUID, now: datetime, every: float) -> bool:
    """Record a use, at most once per ``every`` seconds per key (the condition makes
    concurrent requests, in any process, write once)."""
    result = await session.exec(
        sa.update(ApiKey)
        .where(col(ApiKey.id) == key_id)
        .where(
            sa.or_(
                col(ApiKey.last_used_at).is_(None),
                col(ApiKey.last_used_at) <= now - timedelta(seconds=every),
            )
        )
        .values(last_used_at=now)
    )
    return bool(result.rowcount == 1)


async def owned_project_of(
    session: AsyncSession, table: Any, row_id: uuid.UUID, user_id: uuid.UUID
) -> uuid.UUID | None:
    """The project of a row of ``table`` (``Project`` itself, or a table with ``project_id``),
    when the user owns that project; None otherwise (the endpoint then answers 404)."""
    if table is Project:
        query = select(Project.id).where(Project.id == row_id, Project.owner_id == user_id)
    else:
        query = (
            select(table.project_id)
            .join(Project, col(Project.id) == table.project_id)
            .where(table.id == row_id, Project.owner_id == user_id)
        )
    result = await session.exec(query)
    found = result.first()
    return found if isinstance(found, uuid.UUID) else None
