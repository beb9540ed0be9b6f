"""The audit log: appended to, listed by its owner; never updated nor deleted (the migration's
triggers refuse UPDATE and DELETE on ``audit_log``)."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models_ops import AuditEntry
from core.repositories import After, newest_first


async def append(session: AsyncSession, entry: AuditEntry) -> AuditEntry:
    session.add(entry)
    await session.flush()
    return entry


async def list_for_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    project_id: uuid.UUID | None,
    action: str | None,
    limit: int,
    after: After | None,
) -> list[AuditEntry]:
    """A user's entries, newest first; ``action`` matches exactly, or a whole family when it
    has no dot (``deployment`` matches ``deployment.deploy``, ``deployment.cancel``, ...)."""
    query = select(AuditEntry).where(AuditEntry.user_id == user_id)
    if project_id is not None:
        query = query.where(AuditEntry.project_id == project_id)
    if action:
        if "." in action:
            query = query.where(AuditEntry.action == action)
        else:
            query = query.where(col(AuditEntry.action).startswith(f"{action}.", autoescape=True))
    return list((await session.exec(newest_first(query, AuditEntry, after, limit))).all())
