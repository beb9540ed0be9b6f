"""Starting workflows: deterministic IDs, search attributes, idempotent (re)starts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from api.errors import ApiError
from api.schemas import iso
from api.state import AppState, TemporalUnavailable
from workflows.common import Progress, search_attributes


def temporal_unavailable() -> ApiError:
    return ApiError(
        503,
        "TEMPORAL_UNAVAILABLE",
        "The workflow engine is unavailable; nothing was started. Retry shortly "
        "(with the same Idempotency-Key to avoid duplicates).",
        headers={"Retry-After": "5"},
    )


async def client_or_503(state: AppState) -> Client:
    try:
        return await state.temporal.get()
    except TemporalUnavailable as exc:
        raise temporal_unavailable() from exc


async def start(
    state: AppState,
    *,
    workflow: str,
    workflow_id: str,
    arg: BaseModel,
    project_id: str,
    user_id: str,
    phase: str = "queued",
    reuse: WorkflowIDReusePolicy = WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
) -> tuple[str | None, bool]:
    """Start the workflow, or find the one already running under this ID.

    Returns (run_id, started_now). Deterministic IDs make a retried request find its own run.
    """
    client = await client_or_503(state)
    try:
        handle = await client.start_workflow(
            workflow,
            arg,
            id=workflow_id,
            task_queue=state.settings.task_queue,
            search_attributes=search_attributes(project_id, user_id, phase),
            memo={"progress": Progress(status="queued").memo()},
            id_reuse_policy=reuse,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        )
        return handle.result_run_id, True
    except WorkflowAlreadyStartedError as exc:
        return exc.run_id, False
    except (RPCError, RuntimeError) as exc:  # server down or connection lost mid-call
        raise temporal_unavailable() from exc


def status_body(row: Any, live: dict[str, Any] | None) -> dict[str, Any]:
    """The generation-status body of seed 000 from a DB row and optional live progress."""
    if live is not None:
        body = {
            "status": _public_status(live.get("status", row.status)),
            "currentStep": live.get("currentStep"),
            "progress": live.get("progress", 0),
            "startedAt": live.get("startedAt"),
            "completedAt": live.get("completedAt"),
            "error": live.get("error"),
            "stale": bool(live.get("stale", False)),
        }
        if live.get("details"):
            body["details"] = live["details"]
        return body
    return {
        "status": _public_status(row.status),
        "currentStep": row.current_step,
        "progress": row.progress,
        "startedAt": iso(row.started_at),
        "completedAt": iso(row.completed_at),
        "error": row.error,
        "stale": False,
    }


def _public_status(status: str) -> str:
    return "processing" if status in ("queued", "running") else status


async def release(session: AsyncSession) -> None:
    """End the request's read transaction so its pooled connection goes back to the pool while
    Temporal answers (a status query can take up to STATUS_QUERY_TIMEOUT; holding a connection
    through it lets a few hundred pollers exhaust the pool). Loaded rows stay usable."""
    await session.commit()
