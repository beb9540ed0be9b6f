"""Readiness: every dependency checked at once (database, Temporal, rate-limit storage, AWS
endpoint), each within ``CHECK_TIMEOUT``.

Readiness is public, so the result names checks and states only: why a check failed (addresses,
transport errors) goes to the log, never into the response.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio

from api.schemas import iso
from api.state import AppState
from core import aws
from core.db import ping

logger = logging.getLogger("slipway.health")
CHECK_TIMEOUT = 2.0


async def _timed(name: str, check: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT)
        status = "healthy"
    except Exception as exc:  # any failure makes the check unhealthy; why is logged only
        status = "unhealthy"
        reason = str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__
        logger.warning(
            "readiness check failed",
            extra={"check": name, "error": reason, "errorType": type(exc).__name__},
        )
    return {"status": status, "responseTime": round((time.perf_counter() - start) * 1000, 1)}


def _aws_check(state: AppState) -> None:
    sts = aws.client("sts", state.settings, connect_timeout=1, read_timeout=1, max_attempts=1)
    sts.get_caller_identity()


async def run_checks(state: AppState) -> dict[str, dict[str, Any]]:
    async def temporal() -> None:
        client = await state.temporal.get()
        await client.service_client.check_health(timeout=timedelta(seconds=1))

    async def aws() -> None:
        await anyio.to_thread.run_sync(_aws_check, state, abandon_on_cancel=True)

    checks: dict[str, Callable[[], Awaitable[Any]]] = {
        "database": lambda: ping(state.engine),
        "temporal": temporal,
        "rateLimitStorage": state.limiter.check,
        "aws": aws,
    }
    results = await asyncio.gather(*(_timed(name, check) for name, check in checks.items()))
    return dict(zip(checks, results, strict=True))


async def readiness(state: AppState) -> tuple[dict[str, Any], bool]:
    """The readiness body, and whether every check is healthy. When one fails the body also
    says ``failing``, ``error`` and ``code`` (``NOT_READY``)."""
    start = time.perf_counter()
    checks = await run_checks(state)
    failing = [name for name, c in checks.items() if c["status"] != "healthy"]
    body: dict[str, Any] = {
        "status": "unhealthy" if failing else "healthy",
        "timestamp": iso(datetime.now(UTC)),
        "responseTime": round((time.perf_counter() - start) * 1000, 1),
        "checks": checks,
    }
    if failing:
        body["failing"] = failing
        body["error"] = f"Not ready: {', '.join(failing)} unavailable"
        body["code"] = "NOT_READY"
    return body, not failing
