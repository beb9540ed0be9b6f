"""Process-wide resources, created once in the lifespan and injected into requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth.revocations import SessionRevocations
from api.events.hub import EventHub
from api.events.view import Owners, StatusView
from api.ratelimit import RateLimiter
from core.db import release
from core.settings import Settings
from core.temporal import ProgressQuery, StatusReader, TemporalHandle
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
    view: StatusView = field(default_factory=StatusView)
    """Status answers, rendered once per refresh and shared by every poller (ETags)."""
    owners: Owners = field(default_factory=Owners)
    """Who owns each operation (it never changes)."""
    events: EventHub = field(init=False)
    """The fan-out of operation events to every open stream (started by the lifespan)."""
    revocations: SessionRevocations = field(default_factory=lambda: SessionRevocations(86400))
    """Ended sessions (``api.auth.revocations``), followed by a task the lifespan starts."""

    def __post_init__(self) -> None:
        self.events = EventHub(
            self.sessions,
            self.settings.database_url,
            self.view,
            self.settings.events_poll_interval,
        )

    async def live(
        self, session: AsyncSession, query: ProgressQuery, workflow_id: str, run_id: str | None
    ) -> dict[str, Any] | None:
        """A running workflow's progress (``core.temporal.status``); the request's database
        connection goes back to the pool first."""
        await release(session)
        return await self.status.live(query, workflow_id, run_id)
