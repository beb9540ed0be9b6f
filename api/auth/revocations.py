"""Which sessions have ended, known to every API process within a poll interval.

Logging out, or presenting a spent refresh token (reuse), ends a session: its refresh-token
family is revoked and a row is appended to ``revoked_sessions``. Access tokens carry their
session id (``sid``), so ``api.deps.current_principal`` refuses a revoked session's access
tokens at once, with a set lookup in memory: the process that revoked adds the id itself, and
every process follows the table by id with one small query per ``POLL_INTERVAL`` (one task per
process, started in the app's lifespan).

PostgreSQL hands out sequence values in insert order but transactions commit in any order, so
an id below the highest one seen may appear later: ids skipped over are re-read until they show
up or ``GAP_TIMEOUT`` passes (a rolled-back insert leaves a hole for ever). If polling stops
working for ``STALE_AFTER`` seconds (database down), each check asks the database directly
instead of trusting an old picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import utcnow
from core.repositories import sessions as repo

logger = logging.getLogger("slipway.auth")

POLL_INTERVAL = 0.5
STALE_AFTER = 5.0
GAP_TIMEOUT = 10.0
MAX_GAP = 1000
PRUNE_EVERY = 600.0
SKEW = 300
"""Seconds of clock difference between processes tolerated when forgetting old revocations."""


class SessionRevocations:
    """The revoked sessions whose access tokens could still be presented."""

    def __init__(self, access_token_ttl: int) -> None:
        self.retention = timedelta(seconds=access_token_ttl + SKEW)
        self._revoked: dict[str, datetime] = {}
        self._cursor: int | None = None
        self._pending: dict[int, float] = {}
        self._fresh_at = float("-inf")
        self._pruned_at = float("-inf")

    @property
    def fresh(self) -> bool:
        return time.monotonic() - self._fresh_at <= STALE_AFTER

    def add(self, session_id: str) -> None:
        """A revocation this process just committed: effective here before the next poll."""
        self._revoked[session_id] = utcnow()

    def known(self, session_id: str) -> bool | None:
        """Revoked or not as far as memory can tell; None when only the database can."""
        if session_id in self._revoked:
            return True
        return False if self.fresh else None

    async def is_revoked(self, session: AsyncSession, session_id: str) -> bool:
        if session_id in self._revoked:
            return True
        if self.fresh:
            return False
        return await repo.is_revoked(session, session_id)

    async def poll(self, session: AsyncSession) -> None:
        """Read the revocations committed since the last poll."""
        cutoff = utcnow() - self.retention
        if self._cursor is None:
            await self._load(session, cutoff)
        else:
            floor = min([*self._pending, self._cursor + 1]) - 1
            while True:
                rows = await repo.since(session, floor, cutoff)
                for row_id, session_id, revoked_at in rows:
                    self._see(row_id, session_id, revoked_at)
                if len(rows) < 5000:
                    break
                floor = rows[-1][0]
        now = time.monotonic()
        self._pending = {i: t for i, t in self._pending.items() if now - t < GAP_TIMEOUT}
        self._fresh_at = now

    async def _load(self, session: AsyncSession, cutoff: datetime) -> None:
        top = await repo.last_id(session)
        rows = await repo.since(session, 0, cutoff, limit=1_000_000)
        seen = {row_id for row_id, _, _ in rows}
        for _, session_id, revoked_at in rows:
            self._revoked[session_id] = revoked_at
        self._cursor = max([top, *seen])
        # Ids just below the top may belong to transactions that have not committed yet.
        now = time.monotonic()
        for row_id in range(max(1, self._cursor - 100), self._cursor):
            if row_id not in seen:
                self._pending[row_id] = now

    def _see(self, row_id: int, session_id: str, revoked_at: datetime) -> None:
        self._revoked[session_id] = revoked_at
        self._pending.pop(row_id, None)
        assert self._cursor is not None
        if row_id > self._cursor:
            now = time.monotonic()
            for missing in range(max(self._cursor + 1, row_id - MAX_GAP), row_id):
                self._pending[missing] = now
            self._cursor = row_id

    def forget_expired(self) -> None:
        cutoff = utcnow() - self.retention
        self._revoked = {s: at for s, at in self._revoked.items() if at >= cutoff}

    async def prune(self, session: AsyncSession) -> None:
        """Forget, here and in the database, revocations no access token can need any more."""
        self.forget_expired()
        await repo.prune(session, utcnow() - self.retention)
        await session.commit()

    async def run(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Follow the table until cancelled (the app's lifespan owns this task)."""
        while True:
            try:
                async with sessions() as session:
                    await self.poll(session)
                    if time.monotonic() - self._pruned_at >= PRUNE_EVERY:
                        self._pruned_at = time.monotonic()
                        await self.prune(session)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is down: checks fall back to it when stale
                logger.warning("session revocations poll failed", extra={"error": str(exc)[:200]})
            await asyncio.sleep(POLL_INTERVAL)

    def start(self, sessions: async_sessionmaker[AsyncSession]) -> asyncio.Task[None]:
        return asyncio.create_task(self.run(sessions), name="session-revocations")

    @staticmethod
    async def stop(task: asyncio.Task[None]) -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
