"""generate, validate, preview, and blueprints list|show|report."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated, Any

import typer

from slipway_cli.commands.listing import project_list
from slipway_cli.context import App, JsonOpt, NoWaitOpt, ProjectOpt
from slipway_cli.errors import CliError, ExitCode
from slipway_cli.operations import (
    blueprint_watch,
    deployment_watch,
    finish_deployment,
    follow,
    reattach_deployment,
    validation_watch,
)
from slipway_cli.output import short, styled, when
from slipway_cli.progress import DeployView, StepView
from slipway_cli.render import render_preview, render_validation

blueprints = typer.Typer(help="Generated blueprints and their validation reports.")

FollowOpt = Annotated[bool, typer.Option("--follow", "-f", help="Follow it until it ends.")]
BlueprintOpt = Annotated[
    str | None, typer.Option("--blueprint", "-b", help="Blueprint id (default: the latest).")
]


class Risk(StrEnum):
    medium = "medium"
    high = "high"


def idempotency() -> dict[str, str]:
    """One key per command run: a retried POST finds the run it started instead of a second."""
    return {"Idempotency-Key": f"cli-{uuid.uuid4()}"}


def _summary_fields(app: App, b: dict[str, Any]) -> None:
    summary = b.get("summary") or {}
    model, api, infra = (summary.get(k) or {} for k in ("dataModel", "api", "infrastructure"))
    score = (b.get("validationSummary") or {}).get("score")
    app.out.fields(
        [
            ("blueprint", b["id"]),
            ("status", styled(b["status"])),
            ("revision", b.get("revision")),
            ("spec version", b.get("specVersion")),
            ("entities", model.get("entities")),
            ("endpoints", f"{api.get('resources')} resources, {api.get('operations')} operations"),
            ("stacks", ", ".join(infra.get("stacks") or [])),
            ("validation score", score),
        ]
        + ([("error", b["error"])] if b.get("error") else [])
    )


# A generated revision is built from the spec alone: the fixes of an earlier validation are
# not in it, and deploying it as it is would undo them (unsafe changes at deploy).
GENERATED_NEXT = (
    "Next: slipway validate before deploying: a new revision does not carry the fixes of an "
    "earlier validation, and validating applies them again. Then slipway preview, slipway deploy."
)


def _follow_generation(app: App, bid: str) -> None:
    body = follow(
        app,
        blueprint_watch(bid),
        StepView(app.out, "Generating"),
        f"slipway blueprints show {bid} --follow",
    )
    detail = app.client.get_json(f"/blueprints/{bid}")
    if app.json_mode:
        app.out.json(detail)
    else:
        _summary_fields(app, detail["data"])
    if body.get("status") != "completed":
        if not app.json_mode:
            app.out.notice(f"Generation failed: {body.get('error')}", style="bold red")
        raise typer.Exit(ExitCode.FAILED)
    if not app.json_mode:
        revision = detail["data"].get("revision")
        app.out.success(f"Blueprint ready (revision {revision}).")
        app.out.print(GENERATED_NEXT, style="dim")


def generate(
    ctx: typer.Context,
    prompt: Annotated[
        str | None,
        typer.Option("--prompt", help="Let the assistant write the spec from a description first."),
    ] = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Generate the blueprint from the latest spec (progress bar with the current step)."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    if prompt is not None:
        started = app.client.post_json(
            f"/projects/{pid}/blueprints", {"prompt": prompt}, headers=idempotency()
        )
    else:
        started = app.client.post_json(
            f"/projects/{pid}/spec/generate-blueprint", headers=idempotency()
        )
    bid = started["blueprint"]["id"]
    if no_wait:
        if app.json_mode:
            app.out.json(started)
        else:
            app.out.success(
                f"Generation started: blueprint {bid} (spec v{started['specVersion']})."
            )
            app.out.print(f"Follow it: slipway blueprints show {bid} --follow", style="dim")
        return
    _follow_generation(app, bid)


def latest_blueprint(app: App, pid: str) -> str:
    rows = app.client.paginate(f"/projects/{pid}/blueprints", 100)
    for row in rows:
        if row["status"] == "completed":
            return str(row["id"])
    raise CliError(
        "This project has no completed blueprint",
        code="NO_BLUEPRINT",
        hint="generate one: `slipway generate`",
        exit_code=ExitCode.CONFLICT,
    )


def _report(app: App, bid: str) -> None:
    report = app.client.get_json(f"/blueprints/{bid}/validation-report")
    if app.json_mode:
        app.out.json(report)
    else:
        render_validation(app.out, report["data"])


def validate(
    ctx: typer.Context,
    accept_risk: Annotated[
        list[Risk] | None,
        typer.Option("--accept-risk", help="Also apply fixes of this risk (repeatable)."),
    ] = None,
    no_fix: Annotated[bool, typer.Option("--no-fix", help="Report only; change nothing.")] = False,
    blueprint: BlueprintOpt = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Check the blueprint against the Well-Architected rules and apply the safe fixes."""
    app = App.of(ctx, json_)
    bid = blueprint or latest_blueprint(app, app.project_id(project))
    body = {"autoFix": not no_fix, "acceptRisk": [r.value for r in accept_risk or []]}
    started = app.client.post_json(f"/blueprints/{bid}/validate", body, headers=idempotency())
    if no_wait:
        if app.json_mode:
            app.out.json(started)
        else:
            app.out.success(f"Validation {started['validation']['number']} of {bid} started.")
            app.out.print(f"Follow it: slipway blueprints report {bid} --follow", style="dim")
        return
    final = follow(
        app,
        validation_watch(bid),
        StepView(app.out, "Validating"),
        f"slipway blueprints report {bid} --follow",
    )
    if final.get("status") != "completed":
        app.out.notice(f"Validation failed: {final.get('error')}", style="bold red")
        raise typer.Exit(ExitCode.FAILED)
    _report(app, bid)


def preview(
    ctx: typer.Context,
    blueprint: BlueprintOpt = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """What a deploy would change, per stack (change sets created, never executed)."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    body = {"blueprintId": blueprint} if blueprint else {}
    response = app.client.request(
        "POST", f"/projects/{pid}/validate", json=body, headers=idempotency()
    ).json()
    if "data" in response:
        result = response["data"]
    else:
        did = response["deployment"]["id"]
        if no_wait:
            if app.json_mode:
                app.out.json(response)
            else:
                app.out.success(f"Preview {did} started.")
                app.out.print(f"Follow it: {reattach_deployment(did)}", style="dim")
            return
        view = DeployView(app.out, "Previewing")
        result = follow(app, deployment_watch(did), view, reattach_deployment(did))
    if result.get("status") != "completed":
        finish_deployment(app, result)
    if app.json_mode:
        app.out.json({"data": result})
        return
    render_preview(app.out, result)
    app.out.print("Deploy it: slipway deploy", style="dim")


def _blueprint_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            short(b["id"]),
            styled(b["status"]),
            b.get("revision"),
            b["specVersion"],
            when(b["createdAt"]),
            b.get("error") or "",
        ]
        for b in rows
    ]


blueprints.command("list")(
    project_list(
        "blueprints",
        ["id", "status", "revision", "spec", "created", "error"],
        _blueprint_rows,
        "No blueprints yet: `slipway generate`",
        "List the project's blueprints, newest first.",
    )
)


@blueprints.command("show")
def show_blueprint(
    ctx: typer.Context,
    blueprint_id: Annotated[str, typer.Argument(metavar="BLUEPRINT")],
    follow_: FollowOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Show a blueprint's summary; --follow waits for its generation to end."""
    app = App.of(ctx, json_)
    if follow_:
        _follow_generation(app, blueprint_id)
        return
    detail = app.client.get_json(f"/blueprints/{blueprint_id}")
    if app.json_mode:
        app.out.json(detail)
        return
    _summary_fields(app, detail["data"])


@blueprints.command("report")
def report(
    ctx: typer.Context,
    blueprint_id: Annotated[str, typer.Argument(metavar="BLUEPRINT")],
    follow_: FollowOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Show the latest validation report of a blueprint; --follow waits for it first."""
    app = App.of(ctx, json_)
    if follow_:
        follow(
            app,
            validation_watch(blueprint_id),
            StepView(app.out, "Validating"),
            f"slipway blueprints report {blueprint_id} --follow",
        )
    _report(app, blueprint_id)
