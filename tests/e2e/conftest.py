"""End-to-end fixtures: an in-process worker whose AWS calls and activities can be faulted.

Failures are injected at the boto3 transport with botocore event hooks on the worker's session,
never by mocking Slipway's code.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest
from temporalio import activity
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
    Worker,
)

from activities.deps import ActivityDeps
from activities.registry import build_activities
from core.settings import Settings
from tests.support import Stack, boto3_events
from workflows.registry import WORKFLOWS


class Faults(Interceptor):
    """botocore hooks on the default boto3 session the activities' clients are created from,
    and a worker interceptor that can hold an activity open after it has done its work."""

    def __init__(self) -> None:
        self.fail_stacks: set[str] = set()
        self.hold_after: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.events = boto3_events()
        self.events.register("after-call.cloudformation.DescribeStacks", self._describe_stacks)
        self.events.register("before-call.cloudformation", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[model.name] = self.calls.get(model.name, 0) + 1

    def _describe_stacks(self, parsed: dict[str, Any], **_: Any) -> None:
        for s in parsed.get("Stacks", []):
            if any(s.get("StackName", "").endswith(f"-{key}") for key in self.fail_stacks):
                s["StackStatus"] = "CREATE_FAILED"
                s["StackStatusReason"] = "Injected failure: resource limit exceeded"

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return HoldAfter(next, self)

    def close(self) -> None:
        self.events.unregister("after-call.cloudformation.DescribeStacks", self._describe_stacks)
        self.events.unregister("before-call.cloudformation", self._count)


class HoldAfter(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, faults: Faults) -> None:
        super().__init__(next)
        self.faults = faults

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        result = await super().execute_activity(input)
        await asyncio.sleep(self.faults.hold_after.get(activity.info().activity_type, 0))
        return result


@asynccontextmanager
async def in_process_worker(
    stack: Stack, interceptors: Sequence[Interceptor] = ()
) -> AsyncIterator[None]:
    """The worker in this process instead of the subprocess one, so botocore hooks and
    interceptors reach its activities."""
    stack.stop_worker()
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    deps = ActivityDeps.create(Settings())
    worker = Worker(
        client,
        task_queue=stack.env["TASK_QUEUE"],
        workflows=WORKFLOWS,
        activities=build_activities(deps),
        interceptors=interceptors,
    )
    try:
        async with worker:
            yield
    finally:
        await deps.engine.dispose()


@pytest.fixture
async def inproc_worker(stack: Stack) -> AsyncIterator[Faults]:
    """The worker in this process, so botocore hooks reach its boto3 clients."""
    faults = Faults()
    try:
        async with in_process_worker(stack, [faults]):
            yield faults
    finally:
        faults.close()
