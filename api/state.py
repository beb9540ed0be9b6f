"""Process-wide resources, created once in the lifespan and injected into requests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.ratelimit import RateLimiter
from core.settings import Settings
from core.temporal import StatusReader, TemporalHandle
from slipway.assistant import AssistantProvider


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    temporal: TemporalHandle
    limiter: RateLimiter
    assistant: AssistantProvider
    status: StatusReader
