"""Liveness and readiness (database, Temporal, rate-limit storage, AWS endpoint: the checks are
``api.health.service``).

Readiness is public, so it answers check names and states only: why a check failed (addresses,
transport errors) goes to the log, never into the response.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.deps import State, public_ip_limit
from api.health import service
from api.schemas import CamelModel, OpenModel

router = APIRouter(tags=["health"], dependencies=[Depends(public_ip_limit)])


class Liveness(CamelModel):
    status: str


class Check(OpenModel):
    status: str
    """healthy | unhealthy (the reason is logged, not answered)"""
    response_time: float
    """milliseconds"""


class Readiness(OpenModel):
    """Every check; when one fails (503) also ``failing``, ``error`` and ``code``."""

    status: str
    timestamp: datetime
    response_time: float
    checks: dict[str, Check]


@router.get("/health", response_model=Liveness)
async def health() -> Liveness:
    return Liveness(status="ok")


@router.get("/health/ready", response_model=Readiness)
async def ready(state: State) -> JSONResponse:
    body, healthy = await service.readiness(state)
    return JSONResponse(body, status_code=200 if healthy else 503)
