"""Revoked sessions: the append-only feed every API process follows (``api.auth.revocations``)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models_auth import RevokedSession

Revocation = tuple[int, str, datetime]
"""``(id, session_id, revoked_at)``"""


async def add(session: AsyncSession, session_id: str, user_id: uuid.UUID, reason: str) -> None:
    session.add(RevokedSession(session_id=session_id, user_id=user_id, reason=reason))
    await session.flush()


async def since(
    session: AsyncSession, after_id: int, not_before: datetime, limit: int = 5000
) -> list[Revocation]:
    """Revocations with an id above ``after_id`` and still relevant, in id order."""
    result = await session.exec(
        select(RevokedSession.id, RevokedSession.session_id, RevokedSession.revoked_at)
        .where(col(RevokedSession.id) > after_id)
        .where(col(RevokedSession.revoked_at) >= not_before)
        .order_by(col(RevokedSession.id))
        .limit(limit)
    )
    return [(int(i or 0), s, at) for i, s, at in result.all()]


async def last_id(session: AsyncSession) -> int:
    result = await session.exec(select(sa.func.max(RevokedSession.id)))
    return int(result.one() or 0)


async def is_revoked(session: AsyncSession, session_id: str) -> bool:
    result = await session.exec(
        select(RevokedSession.id).where(RevokedSession.session_id == session_id).limit(1)
    )
    return result.first() is not None


async def prune(session: AsyncSession, before: datetime) -> int:
    """Forget revocations older than every access token they could still refuse."""
    result = await session.exec(
        sa.delete(RevokedSession).where(col(RevokedSession.revoked_at) < before)
    )
    return int(result.rowcount or 0)
