"""What a stack operation works on: the templates and the stack plan of a deployment.

A deploy or preview synthesizes its blueprint under the stack names the project's stacks already
have (recorded with its newest deploy or rollback); a rollback copies an earlier deployment's
templates; a destroy lists every stack the project may have.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.exceptions import ApplicationError

from activities.deps import not_found
from core.models import Deployment
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as repo
from core.repositories import projects as projects_repo
from slipway.ir import Blueprint
from slipway.spec import slugify
from slipway.synth import TooLarge, stack_name, synthesize
from workflows.messages import PlanResult, StackPlan
from workflows.status import DeploymentKind

DESTROY_FALLBACK = {
    "data": [],
    "auth": [],
    "compute": ["data"],
    "api": ["compute", "auth"],
    "ops": ["compute"],
}
"""A project's possible stacks and their dependencies, when no deployment recorded any."""


def missing(message: str) -> ApplicationError:
    return ApplicationError(message, type="NotFound", non_retryable=True)


async def templates_for(session: AsyncSession, row: Deployment) -> dict[str, Any]:
    """The templates (by stack key: name, body, dependsOn, resourceTypes) of a deployment."""
    project = await projects_repo.get_owned(session, row.project_id, row.owner_id)
    if project is None:
        raise not_found("Project", row.project_id)
    if row.kind == DeploymentKind.ROLLBACK:
        source = await repo.get(session, row.rollback_of) if row.rollback_of else None
        if source is None or not source.templates:
            raise missing("The rollback target has no templates")
        return source.templates
    if row.kind == DeploymentKind.DESTROY:
        return await _destroy_plan(session, row, project.name)
    blueprint = await blueprints_repo.get(session, row.blueprint_id) if row.blueprint_id else None
    if blueprint is None or blueprint.ir is None:
        raise missing("The deployment's blueprint has no IR")
    try:
        stacks = synthesize(
            Blueprint.from_json(blueprint.ir),
            project_id=str(row.project_id),
            deployment_id=str(row.id),
            names=await recorded_names(session, row),
        )
    except TooLarge as exc:  # a CloudFormation limit: permanent, refused before any stack
        raise ApplicationError(str(exc), type="BlueprintTooLarge", non_retryable=True) from None
    return {
        s.key: {
            "name": s.name,
            "body": s.body,
            "dependsOn": list(s.depends_on),
            "resourceTypes": list(s.resource_types),
        }
        for s in stacks
    }


async def recorded_names(session: AsyncSession, row: Deployment) -> dict[str, str]:
    """Stack key → the name the project's stack was deployed under, from its newest deploy or
    rollback that synthesized templates: a project first deployed under an older naming scheme
    keeps updating those stacks (and their exports) instead of creating a second set."""
    source = await repo.latest_with_templates(session, row.project_id, exclude=row.id)
    if source is None or not source.templates:
        return {}
    return {key: str(t["name"]) for key, t in source.templates.items()}


async def _destroy_plan(
    session: AsyncSession, row: Deployment, project_name: str
) -> dict[str, Any]:
    """Every stack the project may have: from the newest deployment that had templates."""
    source = await repo.latest_with_templates(session, row.project_id, exclude=row.id)
    if source is not None and source.templates:
        return {
            k: {"name": t["name"], "body": None, "dependsOn": t["dependsOn"], "resourceTypes": []}
            for k, t in source.templates.items()
        }
    slug = slugify(project_name)
    return {
        k: {
            "name": stack_name(slug, str(row.project_id), k),
            "body": None,
            "dependsOn": depends_on,
            "resourceTypes": [],
        }
        for k, depends_on in DESTROY_FALLBACK.items()
    }


def plan_of(templates: dict[str, Any]) -> PlanResult:
    return PlanResult(
        stacks=[
            StackPlan(key=k, name=t["name"], depends_on=list(t.get("dependsOn") or []))
            for k, t in templates.items()
        ]
    )
