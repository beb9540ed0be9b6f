"""Live progress of a running workflow: a coalesced ``get_progress`` query, else describe + memo
marked stale. Never hangs and never fails because workers or Temporal are down.

This is the Temporal half of every status read (docs/architecture.md, "Status path"); the
services answer finished runs from the database without calling it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from core.temporal.client import TemporalHandle
from workflows.common import Progress

logger = logging.getLogger("slipway.status")
COALESCE_SECONDS = 0.25
_MAX_CACHE = 10_000
ProgressQuery = Callable[[Any], Progress]
"""A workflow class's ``get_progress`` query, e.g. ``GenerateBlueprintWorkflow.get_progress``."""


class StatusReader:
    def __init__(self, temporal: TemporalHandle, query_timeout: float = 1.0) -> None:
        self.temporal = temporal
        self.query_timeout = timedelta(seconds=query_timeout)
        self._inflight: dict[str, asyncio.Task[dict[str, Any] | None]] = {}
        self._cache: dict[str, tuple[float, dict[str, Any] | None]] = {}
        self.temporal_calls = 0

    async def live(
        self, query: ProgressQuery, workflow_id: str, run_id: str | None = None
    ) -> dict[str, Any] | None:
        """Progress of a running workflow, or None when Temporal cannot tell at all.

        Single-flight: concurrent pollers of one workflow share one in-flight query and its
        result for ``COALESCE_SECONDS``.
        """
        key = f"{workflow_id}/{run_id or ''}"
        cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < COALESCE_SECONDS:
            return cached[1]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._fetch(query, workflow_id, run_id))
            self._inflight[key] = task
            task.add_done_callback(functools.partial(self._settle, key))
        return await asyncio.shield(task)

    def _settle(self, key: str, task: asyncio.Task[dict[str, Any] | None]) -> None:
        self._inflight.pop(key, None)
        if task.cancelled() or task.exception() is not None:
            return
        if len(self._cache) > _MAX_CACHE:
            horizon = time.monotonic() - COALESCE_SECONDS
            self._cache = {k: v for k, v in self._cache.items() if v[0] >= horizon}
        self._cache[key] = (time.monotonic(), task.result())

    async def _fetch(
        self, query: ProgressQuery, workflow_id: str, run_id: str | None
    ) -> dict[str, Any] | None:
        try:
            client = await self.temporal.get()
        except Exception:
            return None
        handle = client.get_workflow_handle(workflow_id, run_id=run_id)
        self.temporal_calls += 1
        # Hard client-side deadlines too: with the server unreachable the SDK's own connection
        # retries can outlast rpc_timeout, and a status read must never hang.
        budget = self.query_timeout.total_seconds()
        try:
            progress = await asyncio.wait_for(
                handle.query(query, rpc_timeout=self.query_timeout),
                budget + 0.25,
            )
            return {**progress.memo(), "stale": False}
        except Exception as exc:  # no worker polling, or the query failed: use the memo
            logger.debug(
                "query failed, falling back to memo",
                extra={"workflowId": workflow_id, "error": str(exc)},
            )
        try:
            self.temporal_calls += 1
            description = await asyncio.wait_for(
                handle.describe(rpc_timeout=self.query_timeout), budget / 2 + 0.25
            )
            memo = await description.memo_value("progress", default=None)
        except Exception:
            return None
        body: dict[str, Any] = dict(memo) if isinstance(memo, dict) else {}
        body["stale"] = True
        body["workflowStatus"] = description.status.name.lower() if description.status else None
        return body
