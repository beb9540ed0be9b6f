"""LLM usage accounting (seed 000): totals and recent calls of the current user."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ProjectLimit, Session, UserId
from api.errors import not_found
from api.schemas import CamelModel
from core.repositories import usage as repo
from core.repositories import users
from slipway.assistant.pricing import format_cents

router = APIRouter(prefix="/usage", tags=["usage"], dependencies=[ProjectLimit])


class UsageUser(CamelModel):
    id: str
    email: str


class UsageTotals(CamelModel):
    total_calls: int
    input_tokens: int
    output_tokens: int
    total_cost_cents: int
    total_cost_formatted: str


class UsageMe(CamelModel):
    user: UsageUser
    usage: UsageTotals


class UsageCall(CamelModel):
    id: str
    project_id: str | None
    provider: str
    model: str
    purpose: str
    input_tokens: int
    output_tokens: int
    cost_cents: int
    latency_ms: int
    outcome: str
    created_at: datetime


class UsageRecent(CamelModel):
    data: list[UsageCall]


@router.get("/me", response_model=UsageMe)
async def usage_me(user_id: UserId, session: Session) -> UsageMe:
    user = await users.get_by_id(session, user_id)
    if user is None:
        raise not_found("User")
    calls, inp, out, cost = await repo.totals(session, user_id)
    return UsageMe(
        user=UsageUser(id=str(user.id), email=user.email),
        usage=UsageTotals(
            total_calls=calls,
            input_tokens=inp,
            output_tokens=out,
            total_cost_cents=cost,
            total_cost_formatted=format_cents(cost),
        ),
    )


@router.get("/recent", response_model=UsageRecent)
async def usage_recent(
    user_id: UserId, session: Session, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> UsageRecent:
    rows = await repo.recent(session, user_id, limit)
    return UsageRecent(
        data=[
            UsageCall(
                id=str(r.id),
                project_id=str(r.project_id) if r.project_id else None,
                provider=r.provider,
                model=r.model,
                purpose=r.purpose,
                input_tokens=r.input_tokens,
                output_tokens=r.output_tokens,
                cost_cents=r.cost_cents,
                latency_ms=r.latency_ms,
                outcome=r.outcome,
                created_at=r.created_at,
            )
            for r in rows
        ]
    )
