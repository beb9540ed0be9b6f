"""Artifacts: each derives from a blueprint revision (the latest, or ``?revision=``), is
deterministic, and carries an ETag of the revision so clients can cache it.

Builds are CPU work on a revision of any size: each runs off the event loop, within the
artifact time bound (``api.offload``); the revision's IR is parsed there too, and only when
something is built (a ``304`` never parses it).

The CloudFormation templates, the design document's stacks and the CDK project carry the stack
names the project's stacks were deployed under (from its latest deployment that synthesized
templates, as deploys and previews use them: ``activities.plans.templates_for``), else fresh
ones. A revision whose stacks would break a CloudFormation limit answers 422
``BLUEPRINT_TOO_LARGE`` naming the stack and the limit (``slipway.synth.limits``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from api import offload
from api.artifacts import sdk
from api.schemas import iso
from core.errors import BlueprintTooLarge, NoBlueprintYet, NotFound
from core.models import Project, Revision
from core.repositories import blueprints as repo
from core.repositories import deployments as deployments_repo
from slipway.artifacts.archive import deterministic_zip
from slipway.artifacts.cdk import build_cdk_project
from slipway.artifacts.design_doc import build_design_doc
from slipway.artifacts.openapi import build_openapi
from slipway.cost import estimate
from slipway.ir import Blueprint
from slipway.rules import summarize
from slipway.spec import slugify
from slipway.synth import (
    TEMPLATE_BODY_MAX,
    TEMPLATE_URL_MAX,
    StackTemplate,
    TooLarge,
    stack_name,
    synthesize,
)


@dataclass(frozen=True)
class Source:
    """What an artifact is made from."""

    project: Project
    revision: Revision
    names: Mapping[str, str] = field(default_factory=dict)
    """Stack key → the name the project's stack was deployed under (none before a deploy)."""

    @cached_property
    def blueprint(self) -> Blueprint:
        """The revision's IR (parsed on first use, by the build: off the event loop)."""
        return Blueprint.from_json(self.revision.ir)

    @property
    def slug(self) -> str:
        return slugify(self.project.name)

    def etag(self, kind: str) -> str:
        names = json.dumps(dict(self.names), sort_keys=True)
        digest = hashlib.sha256(
            f"{kind}:{self.project.id}:{self.revision.id}:{self.project.name}:{names}".encode()
        ).hexdigest()
        return f'"{kind}-r{self.revision.number}-{digest[:16]}"'


@dataclass(frozen=True)
class Artifact:
    body: str | bytes
    media_type: str
    filename: str | None = None
    """Served as an attachment under this name; None serves it inline."""


async def load(session: AsyncSession, project: Project, revision: int | None) -> Source:
    if revision is None:
        row = await repo.latest_revision(session, project.id)
        if row is None:
            raise NoBlueprintYet()
    else:
        row = await repo.get_revision(session, project.id, revision)
        if row is None:
            raise NotFound(f"Revision {revision}")
    return Source(project, row, await recorded_names(session, project))


async def recorded_names(session: AsyncSession, project: Project) -> dict[str, str]:
    """Stack key → the name the project's stack was deployed under, from its newest deploy or
    rollback that synthesized templates (what deploys and previews synthesize with)."""
    latest = await deployments_repo.latest_with_templates(session, project.id)
    if latest is None or not latest.templates:
        return {}
    return {key: str(t["name"]) for key, t in latest.templates.items()}


async def built(what: str, build: Callable[..., Artifact], *args: Any) -> Artifact:
    """``build(*args)`` off the event loop, within the artifact time bound."""
    return await offload.run(offload.ARTIFACTS, what, build, *args)


def openapi_document(source: Source) -> Artifact:
    body = json.dumps(build_openapi(source.blueprint), indent=2, sort_keys=False)
    return Artifact(body, "application/json", f"{source.slug}-openapi.json")


def _stacks(source: Source, body_max: int = TEMPLATE_BODY_MAX) -> list[StackTemplate]:
    """The project's templates under its recorded stack names; ``BlueprintTooLarge`` when one
    would break a CloudFormation limit (``body_max``: the body size to fit, inline by
    default)."""
    try:
        return synthesize(
            source.blueprint,
            project_id=str(source.project.id),
            names=source.names,
            body_max=body_max,
        )
    except TooLarge as exc:
        raise BlueprintTooLarge(str(exc), limit=exc.as_dict()) from None


async def design_doc(session: AsyncSession, source: Source) -> Artifact:
    """The revision history (database), then the document (off the event loop)."""
    revisions = await repo.list_revisions(
        session, source.project.id, limit=100, before=source.revision.number + 1
    )
    history = [
        {
            "number": r.number,
            "specVersion": r.spec_version,
            "changeClass": (r.classification or {}).get("overall"),
            "createdAt": iso(r.created_at),
        }
        for r in reversed(revisions)
    ]
    return await built("Building the design document", _design_doc, source, history)


def _design_doc(source: Source, history: list[dict[str, Any]]) -> Artifact:
    stacks = [
        {
            "key": s.key,
            "name": s.name,
            "dependsOn": list(s.depends_on),
            "resourceTypes": list(s.resource_types),
        }
        for s in _stacks(source)
    ]
    bp = source.blueprint
    text = build_design_doc(
        bp,
        revision=source.revision.number,
        stacks=stacks,
        validation=summarize(bp),
        cost=estimate(bp),
        history=history,
    )
    return Artifact(text, "text/markdown; charset=utf-8", f"{source.slug}-design.md")


def cloudformation(source: Source, format: str) -> Artifact:
    stacks = _stacks(source)
    if format == "json":
        document = {
            "data": {
                s.key: {
                    "stackName": s.name,
                    "dependsOn": list(s.depends_on),
                    "template": json.loads(s.body),
                }
                for s in stacks
            }
        }
        # rendered as Starlette's JSONResponse renders
        text = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return Artifact(text, "application/json")
    files: dict[str, str | bytes] = {f"{s.key}.template.json": s.body for s in stacks}
    files["stacks.json"] = json.dumps(
        [{"key": s.key, "stackName": s.name, "dependsOn": list(s.depends_on)} for s in stacks],
        indent=2,
    )
    return Artifact(
        deterministic_zip(files), "application/zip", f"{source.slug}-cloudformation.zip"
    )


def _sdk_input(source: Source) -> tuple[dict[str, Any], str, str]:
    """The OpenAPI document, the package name and the SDK's cache key (content address)."""
    package = source.slug.replace("-", "_") + "_client"
    if not package[0].isalpha():
        package = "app_" + package
    document = build_openapi(source.blueprint)
    return document, package, sdk.cache_key(document, package)


async def python_sdk(source: Source, on_build: Callable[[], Awaitable[object]]) -> Artifact:
    """The Python SDK: from the on-disk cache, else generated after ``on_build()`` (which
    counts the build in the caller's generation rate limit)."""
    what = "Building the OpenAPI document"
    document, package, key = await offload.run(offload.ARTIFACTS, what, _sdk_input, source)
    archive = await sdk.python_sdk_zip(key, document, package, on_build)
    return Artifact(archive, "application/zip", f"{package}-sdk.zip")


def cdk_project(source: Source) -> Artifact:
    """The CDK project, its stacks named as the project's deployed stacks. Its templates reach
    CloudFormation through S3 (``cdk deploy``): they must fit CloudFormation's other limits and
    1 MB, not the inline body size."""
    _stacks(source, body_max=TEMPLATE_URL_MAX)
    project = source.project
    prefix = stack_name(source.slug, str(project.id), "x").rsplit("-", 1)[0]
    files = build_cdk_project(source.blueprint, stack_prefix=prefix, names=source.names)
    return Artifact(
        deterministic_zip(dict(files.items())), "application/zip", f"{source.slug}-cdk.zip"
    )
