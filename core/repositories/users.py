"""Users and refresh-token families."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import RefreshToken, User, utcnow


class EmailTaken(Exception):
    pass


async def create_user(session: AsyncSession, email: str, password_hash: str) -> User:
    user = User(email=email, password_hash=password_hash)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        await session.rollback()
        raise EmailTaken(email) from exc
    return user


async def get_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.exec(select(User).where(User.email == email))
    return result.first()


async def get_by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def add_refresh_token(
    session: AsyncSession,
    user_id: uuid.UUID,
    family_id: uuid.UUID,
    token_hash: str,
    expires_at: datetime,
) -> RefreshToken:
    token = RefreshToken(
        user_id=user_id, family_id=family_id, token_hash=token_hash, expires_at=expires_at
    )
    session.add(token)
    await session.flush()
    return token


async def get_refresh_token(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    result = await session.exec(select(RefreshToken).where(RefreshToken.token_hash == token_hash))
    return result.first()


async def mark_rotated(session: AsyncSession, token_id: uuid.UUID) -> bool:
    """Atomically mark a token as used. False when another request used it first."""
    result = await session.exec(
        sa.update(RefreshToken)
        .where(col(RefreshToken.id) == token_id)
        .where(col(RefreshToken.rotated_at).is_(None))
        .where(col(RefreshToken.revoked_at).is_(None))
        .values(rotated_at=utcnow())
    )
    return bool(result.rowcount == 1)


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.exec(
        sa.update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id)
        .where(col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
