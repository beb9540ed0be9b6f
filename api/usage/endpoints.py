"""LLM usage accounting: totals and recent calls of the current user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth.service import current_user
from api.deps import ProjectLimit, Session, UserId
from api.keys.scopes import Scope, requires
from api.usage import service
from api.usage.schemas import UsageCall, UsageMe, UsageRecent, UsageTotals, UsageUser
from slipway.assistant.pricing import format_cents

router = APIRouter(prefix="/usage", tags=["usage"], dependencies=[ProjectLimit])


@router.get("/me", response_model=UsageMe)
@requires(Scope.USAGE_READ)
async def usage_me(user_id: UserId, session: Session) -> UsageMe:
    user = await current_user(session, user_id)
    calls, inp, out, cost = await service.totals(session, user_id)
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
@requires(Scope.USAGE_READ)
async def usage_recent(
    user_id: UserId, session: Session, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> UsageRecent:
    rows = await service.recent(session, user_id, limit)
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
