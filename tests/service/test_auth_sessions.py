"""Revoked sessions (api/auth/revocations.py) on a real database: another process's cache
learns a revocation at its next poll, ids committed out of order (PostgreSQL sequences) are
not skipped, a cache that has not polled recently asks the database, old rows are pruned."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth import service as auth
from api.auth.revocations import SessionRevocations
from core.db import session_factory
from core.models import utcnow
from core.models_auth import RevokedSession
from core.repositories import sessions
from core.settings import Settings
from tests.service.conftest import new_user


async def test_another_process_learns_a_revocation_at_its_next_poll(
    database: AsyncEngine, session: AsyncSession
) -> None:
    here, there = SessionRevocations(3600), SessionRevocations(3600)
    async with session_factory(database)() as s:
        await there.poll(s)
    user = await new_user(session)
    settings = Settings(slipway_env="test", jwt_secret="x" * 40)
    pair = await auth.login(session, settings, user.email, "SecurePass123!", "192.0.2.1")
    stored = await auth.refresh_token_row(session, pair.refresh_token)
    assert stored is not None
    sid = str(stored.family_id)
    await auth.logout(session, here, user.id, sid, [])
    assert await here.is_revoked(session, sid)  # at once where it happened
    async with session_factory(database)() as s:
        assert not await there.is_revoked(s, sid)  # fresh picture, not polled yet
        await there.poll(s)
        assert await there.is_revoked(s, sid)


async def test_ids_committed_out_of_order_are_not_skipped(
    database: AsyncEngine, session: AsyncSession
) -> None:
    cache = SessionRevocations(3600)
    await cache.poll(session)
    top = await sessions.last_id(session)
    late, early = str(uuid.uuid4()), str(uuid.uuid4())
    user = await new_user(session)
    # id top+2 commits first; top+1 (an earlier transaction) commits after the poll saw top+2
    session.add(RevokedSession(id=top + 2, session_id=early, user_id=user.id, reason="logout"))
    await session.commit()
    await cache.poll(session)
    assert await cache.is_revoked(session, early) and not await cache.is_revoked(session, late)
    session.add(RevokedSession(id=top + 1, session_id=late, user_id=user.id, reason="logout"))
    await session.commit()
    await cache.poll(session)
    assert await cache.is_revoked(session, late)


async def test_a_stale_cache_asks_the_database(session: AsyncSession) -> None:
    user = await new_user(session)
    sid = str(uuid.uuid4())
    await auth.end_session(session, SessionRevocations(3600), uuid.UUID(sid), user.id, "logout")
    never_polled = SessionRevocations(3600)
    assert not never_polled.fresh
    assert await never_polled.is_revoked(session, sid)
    assert not await never_polled.is_revoked(session, str(uuid.uuid4()))


async def test_revocations_older_than_any_access_token_are_pruned(session: AsyncSession) -> None:
    user = await new_user(session)
    old, recent = str(uuid.uuid4()), str(uuid.uuid4())
    cache = SessionRevocations(60)
    long_ago = utcnow() - timedelta(seconds=60 + 3600)
    session.add(
        RevokedSession(session_id=old, user_id=user.id, reason="logout", revoked_at=long_ago)
    )
    session.add(RevokedSession(session_id=recent, user_id=user.id, reason="reuse"))
    await session.commit()
    await cache.poll(session)
    assert await cache.is_revoked(session, recent) and not await cache.is_revoked(session, old)
    await cache.prune(session)
    fresh = SessionRevocations(86400)  # a longer retention would see the old row if it were left
    assert not await fresh.is_revoked(session, old)
    assert await fresh.is_revoked(session, recent)
