"""What activities need, built once per worker process."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.exceptions import ApplicationError

from core.db import create_engine, session_factory
from core.settings import Settings

if TYPE_CHECKING:
    from core.temporal.client import TemporalHandle


@dataclass
class ActivityDeps:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    temporal: TemporalHandle | None = None
    """A client for activities that start workflows or manage schedules (webhook deliveries,
    drift schedules); connected on first use."""

    @classmethod
    def create(cls, settings: Settings) -> ActivityDeps:
        from core.temporal.client import TemporalHandle  # core.temporal imports workflows

        engine = create_engine(settings.database_url, pool_size=5)
        return cls(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            temporal=TemporalHandle(settings),
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A fresh session per activity attempt; commits on success."""
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise


def as_uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise ApplicationError(
            f"{what} id {value!r} is not a UUID", type="NotFound", non_retryable=True
        ) from exc


def not_found(what: str, ident: object) -> ApplicationError:
    return ApplicationError(f"{what} {ident} not found", type="NotFound", non_retryable=True)
