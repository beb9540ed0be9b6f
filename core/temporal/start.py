"""Starting a workflow: the one place that calls ``Client.start_workflow``.

Workflow IDs are deterministic (``blueprint:{id}``, ``validate:{id}:{n}``,
``stack-ops:{projectId}``) and the conflict policy is FAIL, so a retried request finds its own
run and Temporal itself allows one stack operation per project at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from temporalio.client import WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from core.errors import TemporalUnavailable
from core.temporal.client import TemporalHandle
from workflows.common import Progress, search_attributes

ArgT = TypeVar("ArgT", bound=BaseModel)
WorkflowRun = Callable[[Any, ArgT], Awaitable[Any]]
"""A workflow class's run method, e.g. ``DeployWorkflow.run``."""


async def start_workflow(
    temporal: TemporalHandle,
    run: WorkflowRun[ArgT],
    arg: ArgT,
    *,
    workflow_id: str,
    project_id: str,
    user_id: str,
    phase: str = "queued",
    memo: dict[str, Any] | None = None,
    reuse: WorkflowIDReusePolicy = WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
) -> WorkflowHandle[Any, Any]:
    """Start ``run`` under ``workflow_id`` with the search attributes operators filter on and a
    queued progress memo (what status reads answer until the workflow reports).

    ``WorkflowAlreadyStartedError`` propagates (a run holds the ID); an unreachable server or a
    connection lost mid-call raises ``TemporalUnavailable`` (503).
    """
    client = await temporal.get()
    try:
        return await client.start_workflow(
            run,
            arg,
            id=workflow_id,
            task_queue=temporal.settings.task_queue,
            search_attributes=search_attributes(project_id, user_id, phase),
            memo={"progress": Progress(status="queued").memo(), **(memo or {})},
            id_reuse_policy=reuse,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        )
    except WorkflowAlreadyStartedError:
        raise
    except (RPCError, RuntimeError) as exc:  # server down or connection lost mid-call
        raise TemporalUnavailable(detail=str(exc)) from exc


async def start_or_find(
    temporal: TemporalHandle,
    run: WorkflowRun[ArgT],
    arg: ArgT,
    *,
    workflow_id: str,
    project_id: str,
    user_id: str,
    phase: str = "queued",
) -> str | None:
    """Start the workflow, or find the run already holding its ID; returns that run's ID."""
    try:
        handle = await start_workflow(
            temporal,
            run,
            arg,
            workflow_id=workflow_id,
            project_id=project_id,
            user_id=user_id,
            phase=phase,
        )
    except WorkflowAlreadyStartedError as exc:
        return exc.run_id
    return handle.result_run_id
