"""Login throttling: per-account failure counts and the addresses accounts logged in from."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models_auth import LoginAddress, LoginThrottle


def _insert(session: AsyncSession, table: type) -> sqlite.Insert | postgresql.Insert:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def throttle(session: AsyncSession, account: str) -> LoginThrottle | None:
    result = await session.exec(
        select(LoginThrottle)
        .where(LoginThrottle.account == account)
        .execution_options(populate_existing=True)
    )
    return result.first()


async def claim(session: AsyncSession, account: str, now: datetime, hold: datetime) -> bool:
    """Take the account's next attempt for an untrusted address: True for exactly one caller
    once ``next_attempt_at`` has passed; the next one may come at ``hold``."""
    await session.exec(
        _insert(session, LoginThrottle)
        .values(account=account, failures=0)
        .on_conflict_do_nothing(index_elements=["account"])
    )
    result = await session.exec(
        sa.update(LoginThrottle)
        .where(col(LoginThrottle.account) == account)
        .where(
            sa.or_(
                col(LoginThrottle.next_attempt_at).is_(None),
                col(LoginThrottle.next_attempt_at) <= now,
            )
        )
        .values(next_attempt_at=hold)
    )
    return bool(result.rowcount == 1)


async def failed(
    session: AsyncSession, account: str, failures: int, now: datetime, next_at: datetime
) -> None:
    await session.exec(
        sa.update(LoginThrottle)
        .where(col(LoginThrottle.account) == account)
        .values(failures=failures, last_failure_at=now, next_attempt_at=next_at)
    )


async def forget(session: AsyncSession, account: str) -> None:
    await session.exec(sa.delete(LoginThrottle).where(col(LoginThrottle.account) == account))


async def prune_throttles(session: AsyncSession, before: datetime) -> None:
    """Drop accounts whose last throttled attempt is older than the failure window."""
    await session.exec(sa.delete(LoginThrottle).where(col(LoginThrottle.next_attempt_at) < before))


async def address(session: AsyncSession, user_id: uuid.UUID, where: str) -> LoginAddress | None:
    result = await session.exec(
        select(LoginAddress).where(LoginAddress.user_id == user_id, LoginAddress.address == where)
    )
    return result.first()


async def succeeded_from(
    session: AsyncSession, user_id: uuid.UUID, where: str, now: datetime, forget_before: datetime
) -> None:
    """The account logged in from ``where``: remember it (and forget its old addresses)."""
    statement = _insert(session, LoginAddress).values(
        user_id=user_id, address=where, last_success_at=now, failures=0, last_failure_at=None
    )
    await session.exec(
        statement.on_conflict_do_update(
            index_elements=["user_id", "address"],
            set_={"last_success_at": now, "failures": 0, "last_failure_at": None},
        )
    )
    await session.exec(
        sa.delete(LoginAddress)
        .where(col(LoginAddress.user_id) == user_id)
        .where(col(LoginAddress.last_success_at) < forget_before)
    )


async def failed_from(
    session: AsyncSession, user_id: uuid.UUID, where: str, now: datetime, window_start: datetime
) -> None:
    """A wrong password from a known address: counted on that address (failures older than
    the window start over)."""
    stale = sa.or_(
        col(LoginAddress.last_failure_at).is_(None),
        col(LoginAddress.last_failure_at) < window_start,
    )
    await session.exec(
        sa.update(LoginAddress)
        .where(col(LoginAddress.user_id) == user_id)
        .where(col(LoginAddress.address) == where)
        .values(
            failures=sa.case((stale, 1), else_=col(LoginAddress.failures) + 1),
            last_failure_at=now,
        )
    )
