"""Process-wide resources, created once in the lifespan and injected into requests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client

from api.ratelimit import RateLimiter
from slipway.assistant import AssistantProvider

if TYPE_CHECKING:
    from api.services.status import StatusReader
from core import temporal
from core.settings import Settings


class TemporalUnavailable(Exception):
    pass


@dataclass
class TemporalHandle:
    """One Temporal client per process, connected on first use and reused.

    Connecting lazily lets the API start (and answer /health, auth, CRUD and status reads from
    the database) while Temporal is still starting or briefly down.
    """

    settings: Settings
    _client: Client | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self) -> Client:
        if self._client is not None:
            return self._client
        async with self._lock:
            if self._client is None:
                try:
                    self._client = await asyncio.wait_for(temporal.connect(self.settings), 2)
                except Exception as exc:
                    raise TemporalUnavailable(str(exc)) from exc
            return self._client


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    temporal: TemporalHandle
    limiter: RateLimiter
    assistant: AssistantProvider
    status: StatusReader
