"""Activities of the stack-operation workflows (deploy, preview, destroy, rollback).

Each reads load → drive → persist: load the deployment row, drive its stacks through the
CloudFormation driver (``activities.cloudformation``: change sets, waits, events, deletes and
the idempotency tokens), then store what it reported. The workflow is the single writer of the
per-stack state (``record``).
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.cloudformation import CloudFormation, Settled, Window, stack_failed, token
from activities.deps import ActivityDeps, as_uuid, not_found
from activities.plans import plan_of, templates_for
from core import aws
from core.models import Deployment, DeploymentEvent, utcnow
from core.repositories import deployments as repo
from slipway.synth import stack_tags
from workflows.messages import (
    DeploymentRef,
    FinishInput,
    PlanResult,
    RecordInput,
    RollbackStart,
    StackStepInput,
    StackStepResult,
)
from workflows.status import DeploymentKind, DeploymentStatus

if TYPE_CHECKING:
    from mypy_boto3_cloudformation.type_defs import (
        DescribeChangeSetOutputTypeDef,
        StackEventTypeDef,
    )

ROLLBACK_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f5b-9d0e-5a1b2c3d4e5f")
ACTIONS = {"Add": "add", "Modify": "modify", "Remove": "remove"}


def operation_start(row: Deployment) -> datetime:
    """When the deployment's stack work began: its CloudFormation events are those after."""
    return row.started_at or row.created_at


class StackOpsActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps

    def _driver(self) -> CloudFormation:
        client = aws.cloudformation(self.deps.settings, read_timeout=20, max_attempts=2)
        return CloudFormation(client, self.deps.settings.stack_timeout, activity.heartbeat)

    async def _deployment(self, deployment_id: str) -> Deployment:
        async with self.deps.session() as session:
            row = await repo.get(session, as_uuid(deployment_id, "Deployment"))
        if row is None:
            raise not_found("Deployment", deployment_id)
        return row

    async def _stack(self, inp: StackStepInput) -> tuple[Deployment, dict[str, Any]]:
        row = await self._deployment(inp.deployment_id)
        template = (row.templates or {}).get(inp.key)
        if template is None:
            raise not_found("Stack", inp.key)
        return row, template

    @activity.defn(name="stackops.prepare")
    async def prepare(self, ref: DeploymentRef) -> PlanResult:
        """Synthesize (or copy, for rollback) the templates and the stack plan; idempotent."""
        row = await self._deployment(ref.deployment_id)
        if row.templates:  # a retried attempt: the plan is already stored
            return plan_of(row.templates)
        async with self.deps.session() as session:
            templates = await templates_for(session, row)
            stacks = [
                {"key": k, "name": t["name"], "dependsOn": t["dependsOn"], "status": "pending"}
                for k, t in templates.items()
            ]
            await repo.set_fields(
                session,
                row.id,
                templates=templates,
                stacks=stacks,
                status=DeploymentStatus.RUNNING,
                started_at=row.started_at or utcnow(),
            )
        return plan_of(templates)

    # --- per-stack work ----------------------------------------------------------------------

    @activity.defn(name="stackops.deploy_stack")
    async def deploy_stack(self, inp: StackStepInput) -> StackStepResult:
        """Create or update one stack through a change set and wait for it."""
        row, template = await self._stack(inp)
        cfn, name = self._driver(), template["name"]
        change_set = token(inp.deployment_id, inp.key, inp.attempt, "deploy")
        details = activity.info().heartbeat_details
        last: dict[str, Any] = details[0] if details and isinstance(details[0], dict) else {}
        executed = bool(last.get("executed"))
        started = time.monotonic()
        # a retried attempt keeps its mark; one recorded before marks were kept goes by time
        window = Window(after=last.get("mark"), since=operation_start(row))
        if not executed:  # else a retried attempt resumes waiting for what it executed
            status = await cfn.status(name)
            if status == "ROLLBACK_COMPLETE":  # a failed create must be deleted before retrying
                clean = token(inp.deployment_id, inp.key, inp.attempt, "clean")
                await cfn.delete_and_wait(name, clean)
                status = None
            described = await cfn.ensure_change_set(
                name,
                change_set,
                template["body"],
                create=status in (None, "REVIEW_IN_PROGRESS"),
                tags=stack_tags(str(row.project_id), str(row.id), inp.key),
            )
            if described is None:
                return StackStepResult(key=inp.key, status="unchanged")
            window = Window(after=await cfn.newest_event(name))  # None: all events are ours
            await cfn.execute(name, change_set)
            activity.heartbeat({"executed": True, "changeSet": change_set, "mark": window.after})
        settled = await cfn.wait(name, started, deleting=False, window=window)
        await self._settle(row, inp.key, name, settled)
        return StackStepResult(
            key=inp.key, status="completed", changes=[{"outputs": settled.outputs}]
        )

    @activity.defn(name="stackops.preview_stack")
    async def preview_stack(self, inp: StackStepInput) -> StackStepResult:
        """Create the change set, describe it, delete it: never executed."""
        row, template = await self._stack(inp)
        cfn, name = self._driver(), template["name"]
        change_set = token(inp.deployment_id, inp.key, inp.attempt, "preview")
        new_stack = await cfn.status(name) in (None, "REVIEW_IN_PROGRESS")
        tags = stack_tags(str(row.project_id), str(row.id), inp.key)
        try:
            described = await cfn.ensure_change_set(
                name, change_set, template["body"], create=new_stack, tags=tags
            )
        except ApplicationError as err:
            if not new_stack:
                raise
            # e.g. imports of stacks that do not exist yet: every resource of the template is new.
            await self._discard(cfn, name, change_set, new_stack)
            return StackStepResult(
                key=inp.key,
                status="previewed",
                reason=err.message,
                changes=_all_added(template["body"]),
            )
        await self._discard(cfn, name, change_set, new_stack)
        return StackStepResult(key=inp.key, status="previewed", changes=_changes(described))

    async def _discard(self, cfn: CloudFormation, name: str, change_set: str, new: bool) -> None:
        error = await cfn.discard_preview(name, change_set, new)
        if error is not None:
            activity.logger.warning("preview cleanup failed", extra={"stack": name, "error": error})

    @activity.defn(name="stackops.destroy_stack")
    async def destroy_stack(self, inp: StackStepInput) -> StackStepResult:
        """Delete one stack and wait until it is gone."""
        row, template = await self._stack(inp)
        cfn, name = self._driver(), template["name"]
        started = time.monotonic()
        if await cfn.status(name) is None:
            return StackStepResult(key=inp.key, status="deleted", reason="stack did not exist")
        window = Window(after=await cfn.newest_event(name))
        await cfn.delete(name, token(inp.deployment_id, inp.key, inp.attempt, "delete"))
        settled = await cfn.wait(name, started, deleting=True, window=window)
        await self._settle(row, inp.key, name, settled)
        return StackStepResult(key=inp.key, status="deleted")

    async def _settle(self, row: Deployment, key: str, name: str, settled: Settled) -> None:
        """Persist the events a wait read, then fail the activity if the stack failed."""
        if settled.events is not None:
            await self._store_events(row, key, name, settled.events)
        if settled.failure is not None:
            raise stack_failed(settled.failure)

    async def _store_events(
        self, row: Deployment, key: str, name: str, raw: list[StackEventTypeDef]
    ) -> None:
        """Store the operation's CloudFormation events (``Window``) not stored yet."""
        async with self.deps.session() as session:
            known = await repo.known_event_ids(session, row.id)
            fresh = []
            for e in raw:
                event_id = str(e.get("EventId", ""))
                if not event_id or event_id in known:
                    continue
                known.add(event_id)
                reason = e.get("ResourceStatusReason")
                ts = e.get("Timestamp")
                fresh.append(
                    DeploymentEvent(
                        deployment_id=row.id,
                        event_id=event_id[:200],
                        stack_key=key,
                        stack_name=name,
                        logical_id=str(e.get("LogicalResourceId", ""))[:255],
                        resource_type=str(e.get("ResourceType", ""))[:255],
                        status=str(e.get("ResourceStatus", ""))[:64],
                        reason=str(reason) if reason else None,
                        timestamp=ts if isinstance(ts, datetime) else datetime.now(UTC),
                    )
                )
            await repo.add_events(session, fresh)

    # --- decisions and bookkeeping -----------------------------------------------------------

    @activity.defn(name="stackops.start_rollback")
    async def start_rollback(self, ref: DeploymentRef) -> RollbackStart:
        """Create the deployment a parked, failed deploy continues as (idempotent: its ID is
        derived from the failed deployment's ID)."""
        failed = await self._deployment(ref.deployment_id)
        new_id = uuid.uuid5(ROLLBACK_NAMESPACE, str(failed.id))
        common = {
            "id": new_id,
            "project_id": failed.project_id,
            "owner_id": failed.owner_id,
            "status": DeploymentStatus.QUEUED,
            "workflow_id": failed.workflow_id,
        }
        async with self.deps.session() as session:
            existing = await repo.get(session, new_id)
            if existing is not None:
                return RollbackStart(deployment_id=str(existing.id), kind=existing.kind)
            target = await repo.latest_successful(session, failed.project_id, exclude=failed.id)
            if target is not None:
                await repo.create(
                    session,
                    **common,
                    kind=DeploymentKind.ROLLBACK,
                    blueprint_id=target.blueprint_id,
                    revision=target.revision,
                    rollback_of=target.id,
                    current_step=f"Rolling back deployment {failed.id}",
                )
                return RollbackStart(deployment_id=str(new_id), kind=DeploymentKind.ROLLBACK)
            # Nothing ever succeeded: rolling back means removing what this deploy created.
            await repo.create(
                session,
                **common,
                kind=DeploymentKind.DESTROY,
                templates={k: {**t, "body": None} for k, t in (failed.templates or {}).items()},
                current_step=f"Removing the stacks of failed deployment {failed.id}",
            )
        return RollbackStart(deployment_id=str(new_id), kind=DeploymentKind.DESTROY)

    @activity.defn(name="stackops.record")
    async def record(self, inp: RecordInput) -> None:
        values: dict[str, Any] = {"stacks": inp.stacks, "progress": inp.progress}
        optional = {
            "outputs": inp.outputs,
            "status": inp.status,
            "current_step": inp.current_step,
            "error": inp.error[:4000] if inp.error is not None else None,
            "preview": inp.preview,
        }
        values.update({k: v for k, v in optional.items() if v is not None})
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
        if inp.status == DeploymentStatus.COMPLETED:
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


def _changes(described: DescribeChangeSetOutputTypeDef | None) -> list[dict[str, Any]]:
    """A change set's resource changes as the preview reports them."""
    changes: list[dict[str, Any]] = []
    for c in (described.get("Changes") if described else None) or []:
        rc: Any = c.get("ResourceChange") or {}
        action = str(rc.get("Action", ""))
        changes.append(
            {
                "action": ACTIONS.get(action, action.lower()),
                "logicalId": rc.get("LogicalResourceId"),
                "resourceType": rc.get("ResourceType"),
                "replacement": str(rc.get("Replacement", "False")) in ("True", "Conditional"),
            }
        )
    return changes


def _all_added(body: str) -> list[dict[str, Any]]:
    """Every resource of a template, as added (a stack that cannot be previewed yet)."""
    resources = json.loads(body).get("Resources", {})
    return [
        {"action": "add", "logicalId": k, "resourceType": v.get("Type"), "replacement": False}
        for k, v in sorted(resources.items())
    ]
