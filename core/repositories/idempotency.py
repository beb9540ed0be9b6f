"""Idempotency keys: same user + scope + key → the same resource and response."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import IdempotencyKey


async def get(
    session: AsyncSession, user_id: uuid.UUID, scope: str, key: str
) -> IdempotencyKey | None:
    result = await session.exec(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.scope == scope,
            IdempotencyKey.key == key,
        )
    )
    return result.first()


def add(
    session: AsyncSession,
    user_id: uuid.UUID,
    scope: str,
    key: str,
    resource_id: uuid.UUID,
    response: dict[str, Any] | None = None,
) -> None:
    """Record the key in the caller's transaction; a concurrent twin fails the commit."""
    session.add(
        IdempotencyKey(
            user_id=user_id, scope=scope, key=key, resource_id=resource_id, response=response
        )
    )


async def forget(session: AsyncSession, resource_id: uuid.UUID) -> None:
    """Drop the keys of a resource that was rolled back (so a retry starts afresh)."""
    await session.exec(
        sa.delete(IdempotencyKey).where(col(IdempotencyKey.resource_id) == resource_id)
    )
