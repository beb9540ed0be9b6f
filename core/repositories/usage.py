"""LLM usage records and per-user totals."""

from __future__ import annotations

import uuid

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


async def recent(session: AsyncSession, user_id: uuid.UUID, limit: int) -> list[LlmUsage]:
    result = await session.exec(
        select(LlmUsage)
        .where(LlmUsage.user_id == user_id)
        .order_by(col(LlmUsage.created_at).desc(), col(LlmUsage.id).desc())
        .limit(limit)
    )
    return list(result.all())
