"""Usage response bodies."""

from __future__ import annotations

from datetime import datetime

from api.schemas import CamelModel


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
