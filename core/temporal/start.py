"""Starting a workflow: the one place that calls ``Client.start_workflow``.

Workflow IDs are deterministic (``blueprint:{id}``, ``validate:{id}:{n}``,
``stack-ops:{projectId}``) and the conflict policy is FAIL, so a retried request finds its own
run and Temporal itself allows one stack operation per project at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Required, TypedDict, TypeVar, Unpack

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


class StartOptions(TypedDict, total=False):
    workflow_id: Required[str]
    project_id: Required[str]
    user_id: Required[str]
    phase: str
    """The initial ``Phase`` search attribute (default ``queued``)."""
    memo: dict[str, Any]
    """Memo fields beside the queued ``progress``."""
    reuse: WorkflowIDReusePolicy
    """Default: a new run only after a failed one (a retried request finds its own run)."""


async def start_workflow(
    temporal: TemporalHandle, run: WorkflowRun[ArgT], arg: ArgT, **options: Unpack[StartOptions]
) -> WorkflowHandle[Any, Any]:
    """Start ``run`` under ``workflow_id`` with the search attributes operators filter on and a
    queued progress memo (what status reads answer until the workflow reports).

    ``WorkflowAlreadyStartedError`` propagates (a run holds the ID); an unreachable server or a
    connection lost mid-call raises ``TemporalUnavailable`` (503).
    """
    client = await temporal.get()
    phase = options.get("phase", "queued")
    try:
        return await client.start_workflow(
            run,
            arg,
            id=options["workflow_id"],
            task_queue=temporal.settings.task_queue,
            search_attributes=search_attributes(options["project_id"], options["user_id"], phase),
            memo={"progress": Progress(status="queued").memo(), **options.get("memo", {})},
            id_reuse_policy=options.get("reuse", WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY),
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        )
    except WorkflowAlreadyStartedError:
        raise
    except (RPCError, RuntimeError) as exc:  # server down or connection lost mid-call
        raise TemporalUnavailable(detail=str(exc)) from exc


async def start_or_find(
    temporal: TemporalHandle, run: WorkflowRun[ArgT], arg: ArgT, **options: Unpack[StartOptions]
) -> str | None:
    """Start the workflow, or find the run already holding its ID; returns that run's ID."""
    try:
        handle = await start_workflow(temporal, run, arg, **options)
    except WorkflowAlreadyStartedError as exc:
        return exc.run_id
    return handle.result_run_id
