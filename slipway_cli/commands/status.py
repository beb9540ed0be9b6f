"""status: where the project stands (spec, draft, blueprint, revisions, deployment) and what to
do next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import typer

from slipway_cli.context import App, JsonOpt, ProjectOpt
from slipway_cli.errors import CliError
from slipway_cli.output import short, styled


@dataclass
class Standing:
    """What the next step depends on."""

    spec: dict[str, Any]
    blueprint: dict[str, Any] | None  # the newest blueprint row (may still be running)
    deployment: dict[str, Any] | None  # the newest deployment (any kind)
    revision: dict[str, Any] | None  # the latest blueprint revision (what deploy takes)
    deployed: int | None  # the revision live now (None: nothing deployed)
    validated: bool  # validation ran on the latest revision (or produced it)


def deployed_revision(history: list[dict[str, Any]]) -> int | None:
    """The revision live now: the newest completed deploy or rollback, unless a destroy that
    completed came after it (``history`` newest first)."""
    for d in history:
        if d.get("status") != "completed":
            continue
        if d.get("kind") == "destroy":
            return None
        if d.get("kind") in ("deploy", "rollback"):
            revision = d.get("revision")
            return int(revision) if revision is not None else None
    return None


def _validated(app: App, revision: dict[str, Any] | None) -> bool:
    if revision is None or revision.get("source") == "validation":
        return revision is not None  # a revision validation produced carries its fixes
    try:
        app.client.get_json(f"/blueprints/{revision['blueprintId']}/validation-status")
    except CliError as err:
        if err.code == "NO_VALIDATION":
            return False
        raise
    return True


def next_step(s: Standing) -> str:
    spec, blueprint, deployment = s.spec, s.blueprint, s.deployment
    if spec.get("draft"):
        return "a draft is waiting: `slipway spec diff`, then `slipway spec apply --draft`"
    if spec.get("spec") is None:
        return "write a spec: `slipway chat` or `slipway spec edit`"
    if deployment and deployment.get("status") == "failed" and not deployment.get("completedAt"):
        return "decide: `slipway continue`, `slipway rollback` or `slipway cancel`"
    if blueprint is None or blueprint.get("specVersion") != spec["spec"]["version"]:
        return "generate the blueprint: `slipway generate`"
    if blueprint.get("status") == "processing":
        return f"the blueprint is being generated: `slipway blueprints show {blueprint['id']} -f`"
    if blueprint.get("status") == "failed" or s.revision is None:
        return "the generation failed: fix the spec if needed, then `slipway generate`"
    number = s.revision["number"]
    validate = (
        f"`slipway validate` (revision {number} was not validated: it applies the fixes), then "
        if not s.validated
        else ""
    )
    if s.deployed is None:
        return f"deploy revision {number}: {validate}`slipway preview`, then `slipway deploy`"
    if number != s.deployed:
        return (
            f"deploy revision {number} (revision {s.deployed} is deployed): "
            f"{validate}`slipway preview`, then `slipway deploy`"
        )
    if not s.validated:
        return f"up to date (revision {number} is deployed; `slipway validate` has not run on it)"
    return f"up to date (revision {number} is deployed)"


def status(ctx: typer.Context, project: ProjectOpt = None, json_: JsonOpt = False) -> None:
    """Where the project stands: spec, draft, blueprint, deployment, and what to do next."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    p = app.client.get_json(f"/projects/{pid}")["data"]
    history = app.client.paginate(f"/projects/{pid}/deployments", 100)
    revision = app.latest(f"/projects/{pid}/revisions")
    standing = Standing(
        spec=app.client.get_json(f"/projects/{pid}/spec"),
        blueprint=app.latest(f"/projects/{pid}/blueprints"),
        deployment=history[0] if history else None,
        revision=revision,
        deployed=deployed_revision(history),
        validated=_validated(app, revision),
    )
    nxt = next_step(standing)
    if app.json_mode:
        app.out.json(
            {
                "data": {
                    "project": p,
                    "spec": standing.spec.get("spec"),
                    "draft": standing.spec.get("draft"),
                    "blueprint": standing.blueprint,
                    "revision": revision,
                    "validated": standing.validated,
                    "deployment": standing.deployment,
                    "deployedRevision": standing.deployed,
                    "next": nxt,
                }
            }
        )
        return
    _fields(app, p, standing, nxt)


def _fields(app: App, p: dict[str, Any], s: Standing, nxt: str) -> None:
    spec, draft = s.spec.get("spec"), s.spec.get("draft")
    blueprint, deployment = s.blueprint, s.deployment
    app.out.fields(
        [
            ("project", f"{p['name']} ({p['id']})"),
            ("status", styled(p["status"])),
            ("spec", f"version {spec['version']}" if spec else "none yet"),
            (
                "draft",
                f"{draft['undoSteps']} change(s) since version {draft['baseVersion']}"
                if draft
                else "",
            ),
            (
                "blueprint",
                f"{short(blueprint['id'])} {blueprint['status']} (revision "
                f"{blueprint.get('revision')}, spec v{blueprint['specVersion']})"
                if blueprint
                else "none yet",
            ),
            (
                "revision",
                f"{s.revision['number']} (latest, {s.revision['source']}"
                f"{'' if s.validated else ', not validated'}); deployed: "
                f"{s.deployed if s.deployed is not None else 'none'}"
                if s.revision
                else "",
            ),
            (
                "deployment",
                f"{short(deployment['id'])} {deployment['kind']} {deployment['status']}"
                f" - {deployment.get('currentStep') or ''}"
                if deployment
                else "none yet",
            ),
            ("next", nxt),
        ]
    )
