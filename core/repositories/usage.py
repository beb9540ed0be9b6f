"""LLM usage records and per-user totals."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import LlmUsage


async def record(session: AsyncSession, usage: LlmUsage) -> None:
    session.add(usage)
    await session.flush()


async def totals(session: AsyncSession, user_id: uuid.UUID) -> tuple[int, int, int, int]:
    result = await session.exec(
        select(
            func.count(col(LlmUsage.id)),
            func.coalesce(func.sum(LlmUsage.input_tokens), 0),
            func.coalesce(func.sum(LlmUsage.output_tokens), 0),
            func.coalesce(func.sum(LlmUsage.cost_cents), 0),
        ).where(LlmUsage.user_id == user_id)
    )
    calls, inp, out, cost = result.one()
    return int(calls), int(inp), int(out), int(cost)


async def tokens_since(session: AsyncSession, user_id: uuid.UUID, since: datetime) -> int:
    """Input plus output tokens of the user's assistant calls since ``since`` (every provider,
    failed calls included: they record what they used)."""
    result = await session.exec(
        select(func.coalesce(func.sum(LlmUsage.input_tokens + LlmUsage.output_tokens), 0)).where(
            LlmUsage.user_id == user_id, col(LlmUsage.created_at) >= since
        )
    )
    return int(result.one())


async def recent(session: AsyncSession, user_id: uuid.UUID, limit: int) -> list[LlmUsage]:
    result = await session.exec(
        select(LlmUsage)
        .where(LlmUsage.user_id == user_id)
        .order_by(col(LlmUsage.created_at).desc(), col(LlmUsage.id).desc())
        .limit(limit)
    )
    return list(result.all())
