"""Process-wide resources, created once in the lifespan and injected into requests."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth.revocations import SessionRevocations
from api.events.hub import EventHub
from api.events.view import Owners, StatusView
from api.ratelimit import RateLimiter
from api.tokens import AccessTokens
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
    tokens: AccessTokens = field(init=False)
    """Access tokens already verified (``api.tokens``)."""
    fast_status: bool = True
    """Answer status polls from memory before routing (``api.events.fastpath``)."""
    fast_answers: int = 0
    """Status polls answered that way."""

    def __post_init__(self) -> None:
        self.tokens = AccessTokens(self.settings.jwt_secret)
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


def settle_heap() -> None:
    """Freeze what is alive once the app has started (modules, routes, models: about 225,000
    objects) so the cyclic garbage collector never scans it again. A full collection of that
    heap took 280 ms on the benchmark machine, a pause of every request in flight (the p99 of
    the status figures); requests' own garbage is still collected."""
    gc.collect()
    gc.freeze()
