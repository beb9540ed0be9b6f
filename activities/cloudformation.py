"""A typed CloudFormation driver: change sets, waits, events and deletes, nothing else.

The stack-operation activities (``activities.stackops``) load a deployment, drive its stacks
through this class and persist what it reports. The driver holds no database and no Temporal
state: it is given the boto3 client, the stack timeout and a heartbeat callback.

Idempotency: change-set names and client tokens come from ``token`` (deployment ID, stack key,
attempt), so a retried activity finds the operation it already started instead of starting
another. Long waits poll ``describe_stacks`` / ``describe_change_set`` and heartbeat; no boto3
waiter is used (they block for up to an hour without heartbeats). A stack that stays
``*_IN_PROGRESS`` past the timeout and answers that cannot be parsed are failures, never waited
on forever (moto has no rollback model).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError
from temporalio.exceptions import ApplicationError

if TYPE_CHECKING:
    from mypy_boto3_cloudformation.client import CloudFormationClient
    from mypy_boto3_cloudformation.type_defs import (
        DescribeChangeSetOutputTypeDef,
        StackEventTypeDef,
        TagTypeDef,
    )

POLL_FIRST, POLL_MAX = 0.2, 5.0
OK_STATES = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"}
FAILED_STATES = {
    "CREATE_FAILED",
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
    "UPDATE_FAILED",
    "UPDATE_ROLLBACK_COMPLETE",
    "UPDATE_ROLLBACK_FAILED",
    "DELETE_FAILED",
    "IMPORT_ROLLBACK_COMPLETE",
    "IMPORT_ROLLBACK_FAILED",
}
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
CHANGE_SET_MISSING = ("ChangeSetNotFound", "ChangeSetNotFoundException", "ValidationError")
ALREADY_EXECUTING = ("InvalidChangeSetStatus", "InvalidChangeSetStatusException")
Heartbeat = Callable[..., None]


class Backoff:
    """Poll quickly at first (moto and small stacks finish in milliseconds), then back off."""

    def __init__(self) -> None:
        self.delay = POLL_FIRST

    async def sleep(self) -> None:
        await asyncio.sleep(self.delay)
        self.delay = min(POLL_MAX, self.delay * 1.5)


def stack_failed(message: str) -> ApplicationError:
    """A permanent stack failure: the workflow records it and parks the deploy."""
    return ApplicationError(message, type="StackFailed", non_retryable=True)


def token(deployment_id: str, key: str, attempt: int, action: str) -> str:
    """Deterministic change-set name / client token: [A-Za-z][-A-Za-z0-9]*, <= 128 chars."""
    return f"slipway-{deployment_id.replace('-', '')[:20]}-{key}-{action}-a{attempt}"


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def error_message(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        return f"{err.get('Code', 'Error')}: {err.get('Message', str(exc))}"
    return str(exc) or type(exc).__name__


EVENT_CLOCK_SKEW = timedelta(seconds=5)
"""How far CloudFormation's clock may trail ours: events this much before an operation started
still count as its own."""


def earlier_than(event: StackEventTypeDef, since: datetime) -> bool:
    """Whether the event happened before ``since`` (an aware time): an earlier operation's."""
    ts = event.get("Timestamp")
    return isinstance(ts, datetime) and ts.astimezone(UTC) < since


@dataclass(frozen=True)
class Window:
    """Which of a stack's events belong to the operation at hand (``DescribeStackEvents``
    answers the stack's whole history, newest first): those newer than the event that was the
    newest when the operation began (``after``, exact); without it, those from ``since`` on
    (less the clock skew); with neither, all (a stack the operation created)."""

    after: str | None = None
    since: datetime | None = None

    def select(self, events: Sequence[StackEventTypeDef]) -> list[StackEventTypeDef]:
        if self.after is not None:
            mine: list[StackEventTypeDef] = []
            for event in events:
                if event.get("EventId") == self.after:
                    break
                mine.append(event)
            return mine
        if self.since is not None:
            return [e for e in events if not earlier_than(e, self.since - EVENT_CLOCK_SKEW)]
        return list(events)


def failure_reasons(events: Sequence[StackEventTypeDef]) -> list[str]:
    """The reasons of failed resources, oldest first (CloudFormation lists newest first)."""
    reasons = [
        str(e["ResourceStatusReason"])
        for e in events
        if "FAILED" in str(e.get("ResourceStatus", "")) and e.get("ResourceStatusReason")
    ]
    return list(reversed(reasons))


def _tag(tag: Mapping[str, str]) -> TagTypeDef:
    return {"Key": tag["Key"], "Value": tag["Value"]}


@dataclass
class Settled:
    """How a wait ended: the stack's outputs, the events read at the end (None when the stack
    was already gone), and the failure, if it failed."""

    outputs: dict[str, str] = field(default_factory=dict)
    events: list[StackEventTypeDef] | None = None
    failure: str | None = None


class CloudFormation:
    def __init__(
        self, client: CloudFormationClient, timeout_seconds: float, heartbeat: Heartbeat
    ) -> None:
        self.client = client
        self.timeout = timeout_seconds
        self.heartbeat = heartbeat

    async def status(self, name: str) -> str | None:
        """The stack's status, or None when it does not exist."""
        try:
            answer = await asyncio.to_thread(self.client.describe_stacks, StackName=name)
        except ClientError as exc:
            if "does not exist" in error_message(exc):
                return None
            raise
        stacks = answer.get("Stacks") or []
        if not stacks:
            return None
        status = stacks[0].get("StackStatus")
        if not isinstance(status, str):
            raise stack_failed(f"Unparseable describe_stacks answer for {name}")
        return status

    async def _describe_change_set(
        self, name: str, change_set: str
    ) -> DescribeChangeSetOutputTypeDef:
        return await asyncio.to_thread(
            self.client.describe_change_set, StackName=name, ChangeSetName=change_set
        )

    async def ensure_change_set(
        self,
        name: str,
        change_set: str,
        body: str,
        *,
        create: bool,
        tags: Sequence[Mapping[str, str]],
    ) -> DescribeChangeSetOutputTypeDef | None:
        """Create the change set once (found again by name on retry) and wait until it is ready.

        Returns its description, or None when the template contains no changes.
        """
        try:
            described = await self._describe_change_set(name, change_set)
        except ClientError as exc:
            if error_code(exc) not in CHANGE_SET_MISSING:
                raise
            await asyncio.to_thread(
                self.client.create_change_set,
                StackName=name,
                ChangeSetName=change_set,
                ClientToken=change_set,
                ChangeSetType="CREATE" if create else "UPDATE",
                TemplateBody=body,
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                Tags=[_tag(t) for t in tags],
            )
            described = await self._describe_change_set(name, change_set)
        deadline = time.monotonic() + self.timeout
        backoff = Backoff()
        while described.get("Status") in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
            if time.monotonic() > deadline:
                raise stack_failed(f"Change set {change_set} stuck in {described.get('Status')}")
            self.heartbeat({"changeSet": change_set})
            await backoff.sleep()
            described = await self._describe_change_set(name, change_set)
        if described.get("Status") == "FAILED":
            reason = str(described.get("StatusReason") or "")
            if any(marker in reason for marker in NO_CHANGES):
                return None
            raise stack_failed(f"Change set for {name} failed: {reason or 'no reason given'}")
        return described

    async def execute(self, name: str, change_set: str) -> None:
        """Execute the change set; one already executing (a retried attempt) is fine."""
        try:
            await asyncio.to_thread(
                self.client.execute_change_set,
                StackName=name,
                ChangeSetName=change_set,
                ClientRequestToken=change_set,
            )
        except ClientError as exc:
            if error_code(exc) not in ALREADY_EXECUTING:
                raise

    async def events(self, name: str, window: Window | None = None) -> list[StackEventTypeDef]:
        """The stack's events in ``window`` (all by default), newest first; none when they
        cannot be read."""
        try:
            answer = await asyncio.to_thread(self.client.describe_stack_events, StackName=name)
        except (ClientError, BotoCoreError):
            return []
        return (window or Window()).select(answer.get("StackEvents") or [])

    async def newest_event(self, name: str) -> str | None:
        """The id of the stack's newest event (None when there is no such stack): the mark an
        operation's own events come after."""
        found = await self.events(name)
        return str(found[0].get("EventId")) if found else None

    async def wait(
        self, name: str, started: float, *, deleting: bool, window: Window | None = None
    ) -> Settled:
        """Poll until the stack is terminal (or gone, when ``deleting``); heartbeat every poll
        (with the window's mark, so a retried attempt keeps it). The events it returns are the
        operation's own (``window``)."""
        deadline = started + self.timeout
        backoff = Backoff()
        mark = window.after if window else None
        while True:
            self.heartbeat({"executed": True, "polling": name, "mark": mark})
            try:
                answer = await asyncio.to_thread(self.client.describe_stacks, StackName=name)
            except ClientError as exc:
                if deleting and "does not exist" in error_message(exc):
                    return Settled()
                raise
            stacks = answer.get("Stacks") or []
            stack: Any = stacks[0] if stacks else None
            status = stack.get("StackStatus") if isinstance(stack, dict) else None
            if deleting and (stack is None or status == "DELETE_COMPLETE"):
                return Settled(events=await self.events(name, window))
            if not isinstance(status, str):
                raise stack_failed(f"Unparseable describe_stacks answer for {name}")
            if status in OK_STATES and not deleting:
                outputs = {
                    str(o.get("OutputKey")): str(o.get("OutputValue"))
                    for o in stack.get("Outputs") or []
                }
                return Settled(outputs=outputs, events=await self.events(name, window))
            if status in FAILED_STATES:
                events = await self.events(name, window)
                reasons = failure_reasons(events)
                reason = stack.get("StackStatusReason") or (reasons[0] if reasons else None)
                failure = f"{name}: {status}" + (f" — {reason}" if reason else "")
                return Settled(events=events, failure=failure)
            if time.monotonic() > deadline:
                failure = f"{name} stuck in {status} for more than {self.timeout:g} s"
                return Settled(events=await self.events(name, window), failure=failure)
            await backoff.sleep()

    async def delete(self, name: str, request_token: str) -> None:
        await asyncio.to_thread(
            self.client.delete_stack, StackName=name, ClientRequestToken=request_token
        )

    async def delete_and_wait(self, name: str, request_token: str) -> None:
        """Delete the stack and wait until it is gone (no events recorded)."""
        await self.delete(name, request_token)
        deadline = time.monotonic() + self.timeout
        backoff = Backoff()
        while await self.status(name) not in (None, "DELETE_COMPLETE"):
            if time.monotonic() > deadline:
                raise stack_failed(f"{name} did not finish deleting")
            self.heartbeat({"deleting": name})
            await backoff.sleep()

    async def discard_preview(self, name: str, change_set: str, new_stack: bool) -> str | None:
        """Delete a preview's change set (and the empty stack a CREATE change set leaves).

        Returns the error when cleaning up failed (a preview still stands)."""
        try:
            await asyncio.to_thread(
                self.client.delete_change_set, StackName=name, ChangeSetName=change_set
            )
            if new_stack and await self.status(name) == "REVIEW_IN_PROGRESS":
                await asyncio.to_thread(self.client.delete_stack, StackName=name)
        except ClientError as exc:
            return error_message(exc)
        return None
