"""Usage reads: per-user totals and the latest calls (written by ``api.specs.service``)."""

from __future__ import annotations

import uuid

from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import LlmUsage
from core.repositories import usage as repo


async def totals(session: AsyncSession, user_id: uuid.UUID) -> tuple[int, int, int, int]:
    """(calls, input tokens, output tokens, cost in cents)."""
    return await repo.totals(session, user_id)


async def recent(session: AsyncSession, user_id: uuid.UUID, limit: int) -> list[LlmUsage]:
    return await repo.recent(session, user_id, limit)
