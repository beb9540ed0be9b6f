"""Activities of ``DriftCheck``: open a report, compare what is live with what was deployed,
store the findings, and record ``drift.detected`` when they are new."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from temporalio import activity

from activities.deps import ActivityDeps, as_uuid, not_found
from activities.drift_inspect import Inspector, StackReport
from activities.events import NewEvent, RecordedEvent, record_event
from core.models import utcnow
from core.models_ops import DriftReport, drift_json
from core.repositories import audit as audit_repo
from core.repositories import drift as repo
from workflows.ops_messages import DriftFailure, DriftInput, DriftOutcome, DriftRef

SCHEDULED_NAMESPACE = uuid.UUID("0b5e7d3c-4a61-4f0e-9c7d-2f1e8a9b6c54")
HEARTBEAT_SECONDS = 10


def overall(stacks: list[StackReport]) -> str:
    if any(s.status in ("drifted", "missing") for s in stacks):
        return "drifted"
    if any(s.status == "unknown" for s in stacks):
        return "unknown"
    return "in_sync"


def fingerprint(stacks: list[dict[str, Any]] | None) -> set[tuple[str, str, str]]:
    """What a report found, comparable across reports (which resource drifted how)."""
    found: set[tuple[str, str, str]] = set()
    for s in stacks or []:
        if s.get("status") == "missing":
            found.add((str(s.get("key")), "*", "missing"))
        for r in s.get("resources") or []:
            found.add((str(s.get("key")), str(r.get("logicalId")), str(r.get("drift"))))
    return found


class DriftActivities:
    def __init__(self, deps: ActivityDeps) -> None:
        self.deps = deps

    async def _report(self, report_id: str) -> DriftReport:
        async with self.deps.session() as session:
            report = await repo.get(session, as_uuid(report_id, "Drift report"))
        if report is None:
            raise not_found("Drift report", report_id)
        return report

    @activity.defn(name="drift.begin")
    async def begin(self, inp: DriftInput) -> DriftRef:
        """The report this run fills: the manual check's, or a new one for a scheduled run
        (its id derived from the run, so a retried activity finds it), audited as the
        schedule's ``drift.check``."""
        if inp.report_id is not None:
            return DriftRef(report_id=str((await self._report(inp.report_id)).id))
        info = activity.info()
        report_id = uuid.uuid5(SCHEDULED_NAMESPACE, str(info.workflow_run_id))
        async with self.deps.session() as session:
            if await repo.get(session, report_id) is None:
                project_id = as_uuid(inp.project_id, "Project")
                project = await repo.project(session, project_id)
                if project is None:
                    raise not_found("Project", inp.project_id)
                await repo.create(
                    session,
                    DriftReport(
                        id=report_id,
                        project_id=project.id,
                        owner_id=project.owner_id,
                        trigger="schedule",
                        workflow_id=info.workflow_id,
                    ),
                )
                await audit_repo.append_system(  # committed with the report: once per run
                    session,
                    actor=audit_repo.SCHEDULE_ACTOR,
                    action="drift.check",
                    user_id=project.owner_id,
                    project_id=project.id,
                    target=("project", project.id),
                    method="SCHEDULE",
                    path=info.workflow_id or "",
                    request_id=info.workflow_run_id or "",
                    status_code=202,
                )
        return DriftRef(report_id=str(report_id))

    @activity.defn(name="drift.check")
    async def check(self, ref: DriftRef) -> DriftOutcome:
        report = await self._report(ref.report_id)
        if report.status in repo.FINISHED:  # a retried activity: already stored
            return DriftOutcome(report_id=ref.report_id, status=report.status)
        async with self.deps.session() as session:
            deployment = await repo.live_deployment(session, report.project_id)
            previous = await repo.latest(
                session, report.project_id, finished=True, exclude=report.id
            )
            busy = await repo.operation_running(session, report.project_id)
        if busy:  # stacks mid-change would all look drifted
            await self._store(report.id, status="unknown", error="a stack operation is running")
            return DriftOutcome(report_id=ref.report_id, status="unknown")
        if deployment is None or not deployment.templates:
            await self._store(report.id, status="unknown", error="nothing is deployed")
            return DriftOutcome(report_id=ref.report_id, status="unknown")
        stacks, method = await self._inspect(deployment.templates)
        status = overall(stacks)
        found = [s.json() for s in stacks]
        await self._store(
            report.id, status=status, method=method, stacks=found, deployment_id=deployment.id
        )
        was = fingerprint(previous.stacks) if previous and previous.status == "drifted" else set()
        newly = status == "drifted" and fingerprint(found) != was
        return DriftOutcome(report_id=ref.report_id, status=status, newly_drifted=newly)

    async def _inspect(self, templates: dict[str, Any]) -> tuple[list[StackReport], str]:
        """Every stack, in a thread (boto3 blocks), heartbeating meanwhile."""
        inspector = Inspector(self.deps.settings, lambda _: None)

        def run() -> list[StackReport]:
            return [
                inspector.stack(key, str(t["name"]), str(t["body"]))
                for key, t in sorted(templates.items())
                if t.get("body")
            ]

        task = asyncio.ensure_future(asyncio.to_thread(run))
        while True:
            done, _ = await asyncio.wait({task}, timeout=HEARTBEAT_SECONDS)
            if done:
                return task.result(), inspector.method
            activity.heartbeat("inspecting stacks")

    async def _store(self, report_id: uuid.UUID, **values: Any) -> None:
        async with self.deps.session() as session:
            await repo.set_fields(session, report_id, completed_at=utcnow(), **values)

    @activity.defn(name="drift.fail")
    async def fail(self, inp: DriftFailure) -> None:
        report = await self._report(inp.report_id)
        if report.status not in repo.FINISHED:
            await self._store(report.id, status="failed", error=inp.error[:4000])

    @activity.defn(name="drift.emit")
    async def emit(self, ref: DriftRef) -> None:
        """Record ``drift.detected`` in the event log (webhooks fire from there)."""
        report = await self._report(ref.report_id)
        await record_drift_detected(self.deps, report)

    def all(self) -> list[Any]:
        return [self.begin, self.check, self.fail, self.emit]


async def record_drift_detected(deps: ActivityDeps, report: DriftReport) -> RecordedEvent:
    """``drift.detected`` in the event log, once per report (its subscribers fire webhooks)."""
    return await record_event(
        deps.sessions,
        NewEvent(
            key=f"drift:{report.id}:detected",
            project_id=report.project_id,
            user_id=report.owner_id,
            subject_kind="drift",
            subject_id=report.id,
            operation="drift",
            type="detected",
            data=drift_json(report),
        ),
    )
