"""CloudFormation activities of the stack-operation workflows (deploy, preview, destroy, rollback).

Idempotency: change-set names and client tokens are derived from the deployment ID, the stack
key and the attempt number, so a retried activity finds the operation it already started instead
of starting another. Long waits poll ``describe_stacks`` / ``describe_change_set`` and heartbeat;
no boto3 waiter is used (they block for up to an hour without heartbeats). A stack that stays
``*_IN_PROGRESS`` past ``STACK_TIMEOUT`` and responses that cannot be parsed are reported as
failures, never waited on forever (moto has no rollback model).
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.deps import ActivityDeps, as_uuid, not_found
from core import aws
from core.models import Deployment, DeploymentEvent, utcnow
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as repo
from core.repositories import projects as projects_repo
from slipway.ir import Blueprint
from slipway.spec import slugify
from slipway.synth import stack_name, stack_tags, synthesize
from workflows.messages import (
    DeploymentRef,
    FinishInput,
    PlanResult,
    RecordInput,
    RollbackStart,
    StackPlan,
    StackStepInput,
    StackStepResult,
)

POLL_FIRST, POLL_MAX = 0.2, 5.0


class Backoff:
    """Poll quickly at first (moto and small stacks finish in milliseconds), then back off."""

    def __init__(self) -> None:
        self.delay = POLL_FIRST

    async def sleep(self) -> None:
        await asyncio.sleep(self.delay)
        self.delay = min(POLL_MAX, self.delay * 1.5)


ROLLBACK_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f5b-9d0e-5a1b2c3d4e5f")
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


async def call(fn: Any, **kwargs: Any) -> Any:
    """A blocking boto3 call in a thread, so the activity keeps heartbeating on the loop."""
    return await asyncio.to_thread(functools.partial(fn, **kwargs))


def stack_failed(message: str) -> ApplicationError:
    return ApplicationError(message, type="StackFailed", non_retryable=True)


def token(deployment_id: str, key: str, attempt: int, action: str) -> str:
    """Deterministic change-set name / client token: [A-Za-z][-A-Za-z0-9]*, <= 128 chars."""
    return f"slipway-{deployment_id.replace('-', '')[:20]}-{key}-{action}-a{attempt}"


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _error_message(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        return f"{err.get('Code', 'Error')}: {err.get('Message', str(exc))}"
    return str(exc) or type(exc).__name__


class StackOpsActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps

    def _cfn(self) -> Any:
        return aws.client("cloudformation", self.deps.settings, read_timeout=20, max_attempts=2)

    async def _deployment(self, deployment_id: str) -> Deployment:
        async with self.deps.session() as session:
            row = await repo.get(session, as_uuid(deployment_id, "Deployment"))
        if row is None:
            raise not_found("Deployment", deployment_id)
        return row

    # --- planning ----------------------------------------------------------------------------

    @activity.defn(name="stackops.prepare")
    async def prepare(self, ref: DeploymentRef) -> PlanResult:
        """Synthesize (or copy, for rollback) the templates and the stack plan; idempotent."""
        row = await self._deployment(ref.deployment_id)
        if row.templates:  # a retried attempt: the plan is already stored
            return _plan(row.templates)
        async with self.deps.session() as session:
            project = await projects_repo.get_owned(session, row.project_id, row.owner_id)
            if project is None:
                raise not_found("Project", row.project_id)
            templates: dict[str, Any]
            if row.kind == "rollback":
                source = await repo.get(session, row.rollback_of) if row.rollback_of else None
                if source is None or not source.templates:
                    raise ApplicationError(
                        "The rollback target has no templates", type="NotFound", non_retryable=True
                    )
                templates = source.templates
            elif row.kind == "destroy":
                templates = await self._destroy_plan(session, row, project.name)
            else:
                blueprint = (
                    await blueprints_repo.get(session, row.blueprint_id)
                    if row.blueprint_id
                    else None
                )
                if blueprint is None or blueprint.ir is None:
                    raise ApplicationError(
                        "The deployment's blueprint has no IR", type="NotFound", non_retryable=True
                    )
                bp = Blueprint.from_json(blueprint.ir)
                templates = {
                    s.key: {
                        "name": s.name,
                        "body": s.body,
                        "dependsOn": list(s.depends_on),
                        "resourceTypes": list(s.resource_types),
                    }
                    for s in synthesize(
                        bp, project_id=str(row.project_id), deployment_id=str(row.id)
                    )
                }
            stacks = [
                {"key": k, "name": t["name"], "dependsOn": t["dependsOn"], "status": "pending"}
                for k, t in templates.items()
            ]
            await repo.set_fields(
                session,
                row.id,
                templates=templates,
                stacks=stacks,
                status="running",
                started_at=row.started_at or utcnow(),
            )
        return _plan(templates)

    async def _destroy_plan(
        self, session: Any, row: Deployment, project_name: str
    ) -> dict[str, Any]:
        """Every stack the project may have: from the newest deployment that had templates."""
        source = await repo.latest_with_templates(session, row.project_id, exclude=row.id)
        if source is not None and source.templates:
            return {
                k: {
                    "name": t["name"],
                    "body": None,
                    "dependsOn": t["dependsOn"],
                    "resourceTypes": [],
                }
                for k, t in source.templates.items()
            }
        slug = slugify(project_name)
        keys = ["data", "auth", "compute", "api", "ops"]
        deps = {
            "data": [],
            "auth": [],
            "compute": ["data"],
            "api": ["compute", "auth"],
            "ops": ["compute"],
        }
        return {
            k: {
                "name": stack_name(slug, str(row.project_id), k),
                "body": None,
                "dependsOn": deps[k],
                "resourceTypes": [],
            }
            for k in keys
        }

    # --- per-stack work ----------------------------------------------------------------------

    @activity.defn(name="stackops.deploy_stack")
    async def deploy_stack(self, inp: StackStepInput) -> StackStepResult:
        row = await self._deployment(inp.deployment_id)
        template = (row.templates or {}).get(inp.key)
        if template is None:
            raise not_found("Stack", inp.key)
        return await self._deploy(row, inp, template)

    async def _deploy(
        self, row: Deployment, inp: StackStepInput, template: dict[str, Any]
    ) -> StackStepResult:
        cfn = self._cfn()
        name = template["name"]
        change_set = token(inp.deployment_id, inp.key, inp.attempt, "deploy")
        details = activity.info().heartbeat_details
        executed = bool(details and isinstance(details[0], dict) and details[0].get("executed"))
        started = time.monotonic()
        if not executed:
            status = await self._stack_status(cfn, name)
            if status == "ROLLBACK_COMPLETE":  # a failed create must be deleted before retrying
                await self._delete_and_wait(
                    cfn, name, token(inp.deployment_id, inp.key, inp.attempt, "clean")
                )
                status = None
            described = await self._ensure_change_set(
                cfn,
                row,
                inp,
                name,
                change_set,
                template["body"],
                create=status in (None, "REVIEW_IN_PROGRESS"),
            )
            if described is None:
                return StackStepResult(key=inp.key, status="unchanged")
            try:
                await call(
                    cfn.execute_change_set,
                    StackName=name,
                    ChangeSetName=change_set,
                    ClientRequestToken=change_set,
                )
            except ClientError as exc:
                if _error_code(exc) not in (
                    "InvalidChangeSetStatus",
                    "InvalidChangeSetStatusException",
                ):
                    raise
            activity.heartbeat({"executed": True, "changeSet": change_set})
        outputs = await self._wait_stack(cfn, row, inp.key, name, started, deleting=False)
        return StackStepResult(key=inp.key, status="completed", changes=[{"outputs": outputs}])

    async def _ensure_change_set(
        self,
        cfn: Any,
        row: Deployment,
        inp: StackStepInput,
        name: str,
        change_set: str,
        body: str,
        *,
        create: bool,
    ) -> dict[str, Any] | None:
        """Create the change set once (found again by name on retry) and wait until it is ready.

        Returns the description, or None when the template contains no changes.
        """
        try:
            described = await call(
                cfn.describe_change_set, StackName=name, ChangeSetName=change_set
            )
        except ClientError as exc:
            if _error_code(exc) not in (
                "ChangeSetNotFound",
                "ChangeSetNotFoundException",
                "ValidationError",
            ):
                raise
            await call(
                cfn.create_change_set,
                StackName=name,
                ChangeSetName=change_set,
                ClientToken=change_set,
                ChangeSetType="CREATE" if create else "UPDATE",
                TemplateBody=body,
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                Tags=stack_tags(str(row.project_id), str(row.id), inp.key),
            )
            described = await call(
                cfn.describe_change_set, StackName=name, ChangeSetName=change_set
            )
        deadline = time.monotonic() + self.deps.settings.stack_timeout
        backoff = Backoff()
        while described.get("Status") in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
            if time.monotonic() > deadline:
                raise stack_failed(f"Change set {change_set} stuck in {described.get('Status')}")
            activity.heartbeat({"changeSet": change_set})
            await backoff.sleep()
            described = await call(
                cfn.describe_change_set, StackName=name, ChangeSetName=change_set
            )
        if described.get("Status") == "FAILED":
            reason = str(described.get("StatusReason") or "")
            if any(marker in reason for marker in NO_CHANGES):
                return None
            raise stack_failed(f"Change set for {name} failed: {reason or 'no reason given'}")
        return dict(described)

    async def _stack_status(self, cfn: Any, name: str) -> str | None:
        try:
            stacks = (await call(cfn.describe_stacks, StackName=name)).get("Stacks") or []
        except ClientError as exc:
            if "does not exist" in _error_message(exc):
                return None
            raise
        if not stacks:
            return None
        status = stacks[0].get("StackStatus")
        if not isinstance(status, str):
            raise stack_failed(f"Unparseable describe_stacks answer for {name}")
        return status

    async def _wait_stack(
        self, cfn: Any, row: Deployment, key: str, name: str, started: float, *, deleting: bool
    ) -> dict[str, str]:
        """Poll until the stack is terminal, recording its events; heartbeat every poll."""
        deadline = started + self.deps.settings.stack_timeout
        backoff = Backoff()
        while True:
            activity.heartbeat({"executed": True, "polling": name})
            try:
                stacks = (await call(cfn.describe_stacks, StackName=name)).get("Stacks") or []
            except ClientError as exc:
                if deleting and "does not exist" in _error_message(exc):
                    return {}
                raise
            stack = stacks[0] if stacks else None
            status = stack.get("StackStatus") if isinstance(stack, dict) else None
            if deleting and (stack is None or status == "DELETE_COMPLETE"):
                await self._record_events(cfn, row, key, name)
                return {}
            if not isinstance(status, str):
                raise stack_failed(f"Unparseable describe_stacks answer for {name}")
            if status in OK_STATES and not deleting:
                await self._record_events(cfn, row, key, name)
                return {
                    str(o.get("OutputKey")): str(o.get("OutputValue"))
                    for o in stack.get("Outputs") or []  # type: ignore[union-attr]
                }
            if status in FAILED_STATES:
                reasons = await self._record_events(cfn, row, key, name)
                reason = stack.get("StackStatusReason") or (reasons[0] if reasons else None)  # type: ignore[union-attr]
                raise stack_failed(f"{name}: {status}" + (f" — {reason}" if reason else ""))
            if time.monotonic() > deadline:
                await self._record_events(cfn, row, key, name)
                raise stack_failed(
                    f"{name} stuck in {status} for more than {self.deps.settings.stack_timeout} s"
                )
            await backoff.sleep()

    async def _record_events(self, cfn: Any, row: Deployment, key: str, name: str) -> list[str]:
        """Store the stack's new CloudFormation events; return failure reasons, oldest first."""
        try:
            raw = (await call(cfn.describe_stack_events, StackName=name)).get("StackEvents") or []
        except (ClientError, BotoCoreError):
            return []
        return await self._store_events(row, key, name, raw)

    async def _store_events(
        self, row: Deployment, key: str, name: str, raw: list[dict[str, Any]]
    ) -> list[str]:
        reasons: list[str] = []
        async with self.deps.session() as session:
            known = await repo.known_event_ids(session, row.id)
            fresh = []
            for e in raw:
                event_id = str(e.get("EventId", ""))
                status = str(e.get("ResourceStatus", ""))
                reason = e.get("ResourceStatusReason")
                if "FAILED" in status and reason:
                    reasons.append(str(reason))
                if not event_id or event_id in known:
                    continue
                known.add(event_id)
                ts = e.get("Timestamp")
                fresh.append(
                    DeploymentEvent(
                        deployment_id=row.id,
                        event_id=event_id[:200],
                        stack_key=key,
                        stack_name=name,
                        logical_id=str(e.get("LogicalResourceId", ""))[:255],
                        resource_type=str(e.get("ResourceType", ""))[:255],
                        status=status[:64],
                        reason=str(reason) if reason else None,
                        timestamp=ts if isinstance(ts, datetime) else datetime.now(UTC),
                    )
                )
            await repo.add_events(session, fresh)
        return list(reversed(reasons))

    async def _delete_and_wait(self, cfn: Any, name: str, request_token: str) -> None:
        await call(cfn.delete_stack, StackName=name, ClientRequestToken=request_token)
        deadline = time.monotonic() + self.deps.settings.stack_timeout
        backoff = Backoff()
        while await self._stack_status(cfn, name) not in (None, "DELETE_COMPLETE"):
            if time.monotonic() > deadline:
                raise stack_failed(f"{name} did not finish deleting")
            activity.heartbeat({"deleting": name})
            await backoff.sleep()

    @activity.defn(name="stackops.preview_stack")
    async def preview_stack(self, inp: StackStepInput) -> StackStepResult:
        row = await self._deployment(inp.deployment_id)
        template = (row.templates or {}).get(inp.key)
        if template is None:
            raise not_found("Stack", inp.key)
        return await self._preview(row, inp, template)

    async def _preview(
        self, row: Deployment, inp: StackStepInput, template: dict[str, Any]
    ) -> StackStepResult:
        """Create the change set, describe it, delete it: never executed."""
        cfn = self._cfn()
        name = template["name"]
        change_set = token(inp.deployment_id, inp.key, inp.attempt, "preview")
        status = await self._stack_status(cfn, name)
        new_stack = status in (None, "REVIEW_IN_PROGRESS")
        try:
            described = await self._ensure_change_set(
                cfn, row, inp, name, change_set, template["body"], create=new_stack
            )
        except ApplicationError as err:
            if not new_stack:
                raise
            # e.g. imports of stacks that do not exist yet: every resource of the template is new.
            body = json.loads(template["body"])
            added = [
                {
                    "action": "add",
                    "logicalId": k,
                    "resourceType": v.get("Type"),
                    "replacement": False,
                }
                for k, v in sorted(body.get("Resources", {}).items())
            ]
            await self._cleanup_preview(cfn, name, change_set, new_stack)
            return StackStepResult(
                key=inp.key, status="previewed", reason=err.message, changes=added
            )
        changes: list[dict[str, Any]] = []
        if described is not None:
            for c in described.get("Changes") or []:
                rc = c.get("ResourceChange") or {}
                changes.append(
                    {
                        "action": {"Add": "add", "Modify": "modify", "Remove": "remove"}.get(
                            str(rc.get("Action")), str(rc.get("Action", "")).lower()
                        ),
                        "logicalId": rc.get("LogicalResourceId"),
                        "resourceType": rc.get("ResourceType"),
                        "replacement": str(rc.get("Replacement", "False"))
                        in ("True", "Conditional"),
                    }
                )
        await self._cleanup_preview(cfn, name, change_set, new_stack)
        return StackStepResult(key=inp.key, status="previewed", changes=changes)

    async def _cleanup_preview(self, cfn: Any, name: str, change_set: str, new_stack: bool) -> None:
        try:
            await call(cfn.delete_change_set, StackName=name, ChangeSetName=change_set)
            # CREATE change sets leave an empty REVIEW_IN_PROGRESS stack behind
            if new_stack and await self._stack_status(cfn, name) == "REVIEW_IN_PROGRESS":
                await call(cfn.delete_stack, StackName=name)
        except ClientError as exc:
            activity.logger.warning(
                "preview cleanup failed", extra={"stack": name, "error": _error_message(exc)}
            )

    @activity.defn(name="stackops.destroy_stack")
    async def destroy_stack(self, inp: StackStepInput) -> StackStepResult:
        row = await self._deployment(inp.deployment_id)
        template = (row.templates or {}).get(inp.key)
        if template is None:
            raise not_found("Stack", inp.key)
        return await self._destroy(row, inp, template["name"])

    async def _destroy(self, row: Deployment, inp: StackStepInput, name: str) -> StackStepResult:
        cfn = self._cfn()
        started = time.monotonic()
        if await self._stack_status(cfn, name) is None:
            return StackStepResult(key=inp.key, status="deleted", reason="stack did not exist")
        await call(
            cfn.delete_stack,
            StackName=name,
            ClientRequestToken=token(inp.deployment_id, inp.key, inp.attempt, "delete"),
        )
        await self._wait_stack(cfn, row, inp.key, name, started, deleting=True)
        return StackStepResult(key=inp.key, status="deleted")

    @activity.defn(name="stackops.start_rollback")
    async def start_rollback(self, ref: DeploymentRef) -> RollbackStart:
        """Create the deployment a parked, failed deploy continues as (idempotent: its ID is
        derived from the failed deployment's ID)."""
        failed = await self._deployment(ref.deployment_id)
        new_id = uuid.uuid5(ROLLBACK_NAMESPACE, str(failed.id))
        async with self.deps.session() as session:
            existing = await repo.get(session, new_id)
            if existing is not None:
                return RollbackStart(deployment_id=str(existing.id), kind=existing.kind)
            target = await repo.latest_successful(session, failed.project_id, exclude=failed.id)
            if target is not None:
                await repo.create(
                    session,
                    id=new_id,
                    project_id=failed.project_id,
                    owner_id=failed.owner_id,
                    kind="rollback",
                    status="queued",
                    blueprint_id=target.blueprint_id,
                    revision=target.revision,
                    rollback_of=target.id,
                    workflow_id=failed.workflow_id,
                    current_step=f"Rolling back deployment {failed.id}",
                )
                return RollbackStart(deployment_id=str(new_id), kind="rollback")
            # Nothing ever succeeded: rolling back means removing what this deploy created.
            await repo.create(
                session,
                id=new_id,
                project_id=failed.project_id,
                owner_id=failed.owner_id,
                kind="destroy",
                status="queued",
                templates={k: {**t, "body": None} for k, t in (failed.templates or {}).items()},
                workflow_id=failed.workflow_id,
                current_step=f"Removing the stacks of failed deployment {failed.id}",
            )
        return RollbackStart(deployment_id=str(new_id), kind="destroy")

    # --- bookkeeping -------------------------------------------------------------------------

    @activity.defn(name="stackops.record")
    async def record(self, inp: RecordInput) -> None:
        values: dict[str, Any] = {"stacks": inp.stacks, "progress": inp.progress}
        if inp.outputs is not None:
            values["outputs"] = inp.outputs
        if inp.status is not None:
            values["status"] = inp.status
        if inp.current_step is not None:
            values["current_step"] = inp.current_step
        if inp.error is not None:
            values["error"] = inp.error[:4000]
        if inp.preview is not None:
            values["preview"] = inp.preview
        async with self.deps.session() as session:
            await repo.set_fields(session, as_uuid(inp.deployment_id, "Deployment"), **values)

    @activity.defn(name="stackops.finish")
    async def finish(self, inp: FinishInput) -> None:
        values: dict[str, Any] = {
            "status": inp.status,
            "error": inp.error[:4000] if inp.error else None,
            "current_step": inp.current_step,
            "completed_at": utcnow(),
        }
        if inp.status == "completed":
            values["progress"] = 100
        async with self.deps.session() as session:
            await repo.set_fields(session, as_uuid(inp.deployment_id, "Deployment"), **values)

    def all(self) -> list[Any]:
        return [
            self.prepare,
            self.deploy_stack,
            self.preview_stack,
            self.destroy_stack,
            self.record,
            self.finish,
            self.start_rollback,
        ]


def _plan(templates: dict[str, Any]) -> PlanResult:
    return PlanResult(
        stacks=[
            StackPlan(key=k, name=t["name"], depends_on=list(t.get("dependsOn") or []))
            for k, t in templates.items()
        ]
    )
