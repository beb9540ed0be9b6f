"""What a deploy or preview carries, and whether it may: the blueprint to deploy, its changes
classified against what is live, the change gates (blocked never, unsafe only acknowledged), the
CloudFormation limits, and the preview's estimate. The CPU work runs off the event loop
(``api.offload``)."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from api import offload
from api.deps import parse_uuid
from api.revisions import service as revisions
from core.errors import (
    AcknowledgementRequired,
    BlueprintNotReady,
    BlueprintTooLarge,
    ChangeBlocked,
    NoBlueprint,
    NotFound,
)
from core.models import Blueprint as BlueprintRow
from core.models import Project
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as repo
from slipway.cost import estimate
from slipway.ir import Blueprint
from slipway.rules import summarize
from slipway.synth import TooLarge, synthesize
from workflows.status import GenerationStatus


async def blueprint_for(
    session: AsyncSession, project: Project, blueprint_id: str | None
) -> BlueprintRow:
    """The named blueprint (it must be completed), else the latest completed one."""
    if blueprint_id is not None:
        row = await blueprints_repo.get(session, parse_uuid(blueprint_id, "Blueprint"))
        if row is None or row.project_id != project.id:
            raise NotFound("Blueprint")
        if row.status != GenerationStatus.COMPLETED or row.ir is None:
            raise BlueprintNotReady(row.id, row.status, "deploy")
        return row
    row = await blueprints_repo.latest_completed(session, project.id)
    if row is None:
        raise NoBlueprint()
    return row


async def classify(
    session: AsyncSession, project: Project, blueprint: BlueprintRow
) -> dict[str, Any]:
    """The blueprint's changes against the IR that is live now (the blueprint of the last
    successful deploy or rollback)."""
    live, live_revision = None, None
    last = await repo.latest_successful(session, project.id)
    source = (
        await blueprints_repo.get(session, last.blueprint_id)
        if last and last.blueprint_id
        else None
    )
    if source is not None and source.ir is not None:
        live, live_revision = source.ir, source.revision
    result = await offload.run(
        offload.COMPILE, "Classifying the changes", revisions.changes, live, blueprint.ir or {}
    )
    result["fromRevision"] = live_revision
    result["toRevision"] = blueprint.revision
    return result


def preview_of(ir: dict[str, Any]) -> dict[str, Any]:
    """The preview's cost estimate and validation summary (off the event loop)."""
    bp = Blueprint.from_json(ir)
    return {"costEstimate": estimate(bp), "validation": summarize(bp)}


def gate(result: dict[str, Any], acknowledge: list[str]) -> None:
    """Blocked changes never deploy; unsafe ones need ``"acknowledge": ["unsafe"]``."""
    changes = result.get("changes", [])
    if result["overall"] == "blocked":
        raise ChangeBlocked([c for c in changes if c.get("classification") == "blocked"])
    if result["overall"] == "unsafe" and "unsafe" not in acknowledge:
        raise AcknowledgementRequired([c for c in changes if c.get("classification") == "unsafe"])


def within_limits(ir: dict[str, Any], project_id: str, names: dict[str, str]) -> None:
    try:
        synthesize(Blueprint.from_json(ir), project_id=project_id, names=names)
    except TooLarge as exc:
        raise BlueprintTooLarge(str(exc), limit=exc.as_dict()) from None


async def deployable(session: AsyncSession, project: Project, blueprint: BlueprintRow) -> None:
    """422 ``BLUEPRINT_TOO_LARGE`` before anything starts when the blueprint's stacks (under
    the names they are deployed under) would break a CloudFormation limit."""
    latest = await repo.latest_with_templates(session, project.id)
    names = {k: str(t["name"]) for k, t in ((latest and latest.templates) or {}).items()}
    what = "Checking CloudFormation's limits"
    await offload.run(
        offload.COMPILE, what, within_limits, blueprint.ir or {}, str(project.id), names
    )
