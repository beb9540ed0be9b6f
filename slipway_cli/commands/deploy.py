"""deploy, continue, rollback, cancel, destroy, deployments list|show."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer

from slipway_cli.commands.build import FollowOpt, idempotency
from slipway_cli.commands.listing import project_list
from slipway_cli.commands.projects import confirm
from slipway_cli.commands.rollback_plan import rollback_plan, show_rollback
from slipway_cli.context import App, JsonOpt, NoWaitOpt, ProjectOpt
from slipway_cli.errors import CliError, ExitCode
from slipway_cli.follow import ended
from slipway_cli.operations import (
    deployment_watch,
    finish_deployment,
    follow,
    parked,
    reattach_deployment,
    settled_fresh,
)
from slipway_cli.progress import DeployView
from slipway_cli.render import deployment_rows, render_classification, render_deployment

deployments = typer.Typer(help="Deployment history and details.", no_args_is_help=True)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DeploymentArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[DEPLOYMENT]", help="Deployment id or its first characters.", show_default=False
    ),
]


class Acknowledge(StrEnum):
    unsafe = "unsafe"


AcknowledgeOpt = Annotated[
    list[Acknowledge] | None,
    typer.Option("--acknowledge", help="Go ahead with unsafe changes (after reading them)."),
]


def _run(
    app: App,
    did: str,
    title: str,
    no_wait: bool,
    expected: tuple[str, ...] = ("completed",),
    done: Callable[[dict[str, Any]], bool] = settled_fresh,
) -> None:
    if no_wait:
        if app.json_mode:
            app.out.json({"data": {"id": did, "statusUrl": f"/deployments/{did}"}})
        else:
            app.out.success(f"{title}: deployment {did} started.")
            app.out.print(f"Follow it: {reattach_deployment(did)}", style="dim")
        return
    view = DeployView(app.out, title)
    body = follow(app, deployment_watch(did, done), view, reattach_deployment(did))
    finish_deployment(app, body, expected)


def _history(app: App, pid: str) -> list[dict[str, Any]]:
    return app.client.paginate(f"/projects/{pid}/deployments", 100)


def _waiting(app: App, pid: str, running_too: bool = False) -> str:
    """The deployment waiting for a decision (or, for cancel, still running)."""
    for d in _history(app, pid):
        if d["status"] == "failed" and not d.get("completedAt"):
            return str(d["id"])
        if running_too and d["status"] not in ("completed", "failed", "cancelled", "rolled_back"):
            return str(d["id"])
    raise CliError(
        "No deployment of this project is "
        + ("running or " if running_too else "")
        + "waiting for a decision",
        code="NOT_PARKED",
        hint="see `slipway deployments list`",
        exit_code=ExitCode.CONFLICT,
    )


def _deployment(app: App, did: str) -> dict[str, Any]:
    return dict(app.client.get_json(f"/deployments/{did}")["data"])


def deploy(
    ctx: typer.Context,
    acknowledge: AcknowledgeOpt = None,
    blueprint: Annotated[str | None, typer.Option("--blueprint", "-b")] = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Deploy the latest blueprint: one live bar per stack, plus the event log."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    body: dict[str, Any] = {"acknowledge": [a.value for a in acknowledge or []]}
    if blueprint:
        body["blueprintId"] = blueprint
    try:
        started = app.client.post_json(f"/projects/{pid}/deploy", body, headers=idempotency())
    except CliError as err:
        if err.code in ("ACKNOWLEDGEMENT_REQUIRED", "CHANGE_BLOCKED") and not app.json_mode:
            render_classification(
                app.out,
                {
                    "overall": "blocked" if err.code == "CHANGE_BLOCKED" else "unsafe",
                    "changes": err.body.get("changes") or [],
                },
                "Change class (against the deployed revision)",
            )
        raise
    _run(app, started["deployment"]["id"], "Deploying", no_wait)


def _fingerprint(body: dict[str, Any]) -> tuple[Any, ...]:
    stacks = tuple((s.get("key"), s.get("status")) for s in body.get("stacks") or [])
    return (len(body.get("events") or []), body.get("currentStep"), stacks)


def _moved_on(before: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """Done once the parked deployment reacted to the decision: it ended, or it ran again and
    parked again. A parked body identical to the one before the signal is no answer, nor is one
    with stacks still pending or in progress (the workflow is between the two)."""
    seen_running = False

    def done(body: dict[str, Any]) -> bool:
        nonlocal seen_running
        if body.get("stale"):
            return False
        seen_running = seen_running or body.get("status") != "failed"
        if ended(body):
            return True
        busy = any(s.get("status") in ("pending", "in_progress") for s in body.get("stacks") or [])
        moved = seen_running or _fingerprint(body) != _fingerprint(before)
        return parked(body) and moved and not busy

    return done


def continue_(
    ctx: typer.Context,
    deployment: DeploymentArg = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Retry the failed and blocked stacks of a parked deployment."""
    app = App.of(ctx, json_)
    did = (
        app.deployment_id(deployment, project)
        if deployment
        else _waiting(app, app.project_id(project))
    )
    before = _deployment(app, did)
    app.client.post_json(f"/deployments/{did}/continue")
    _run(app, did, "Continuing", no_wait, done=_moved_on(before))


def cancel(
    ctx: typer.Context,
    deployment: DeploymentArg = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Cancel a running or parked deployment."""
    app = App.of(ctx, json_)
    did = (
        app.deployment_id(deployment, project)
        if deployment
        else _waiting(app, app.project_id(project), running_too=True)
    )
    app.client.post_json(f"/deployments/{did}/cancel")
    _run(app, did, "Cancelling", no_wait, expected=("cancelled",), done=ended)


def _rollback_parked(app: App, pid: str, did: str, no_wait: bool) -> None:
    app.client.post_json(f"/deployments/{did}/rollback")
    if no_wait:
        _run(app, did, "Rolling back", True)
        return
    body = follow(
        app,
        deployment_watch(did, lambda b: ended(b) and not b.get("stale")),
        DeployView(app.out, "Rolling back"),
        reattach_deployment(did),
    )
    found = _UUID.search(str(body.get("currentStep") or ""))
    if body.get("status") != "rolled_back" or found is None:
        finish_deployment(app, body, ("rolled_back",))
    assert found is not None
    app.out.notice(f"Deployment {did} rolled back by deployment {found.group(0)}.", style="")
    _run(app, found.group(0), "Rolling back", False)


def rollback(
    ctx: typer.Context,
    deployment: DeploymentArg = None,
    acknowledge: AcknowledgeOpt = None,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Redeploy DEPLOYMENT's templates. Without it: roll back the parked deployment, or else go
    back to the successful deployment before the current one. What the rollback changes is
    shown first; unsafe changes need --acknowledge unsafe (or a yes on a terminal)."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    history = _history(app, pid)
    if deployment is None:
        waiting = [d for d in history if d["status"] == "failed" and not d.get("completedAt")]
        if waiting:
            _rollback_parked(app, pid, str(waiting[0]["id"]), no_wait)
            return
    explicit = app.deployment_id(deployment, pid) if deployment else None
    plan = rollback_plan(app, pid, history, explicit)
    show_rollback(app, plan, Acknowledge.unsafe in (acknowledge or []))
    target = str(plan.target["id"])  # the one shown (without DEPLOYMENT, the API's own pick)
    started = app.client.post_json(
        f"/projects/{pid}/rollback", {"deploymentId": target}, headers=idempotency()
    )
    title = f"Rolling back to {target[:8]}" if explicit else "Rolling back"
    _run(app, started["deployment"]["id"], title, no_wait)


def destroy(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    no_wait: NoWaitOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Delete every stack of the project (reverse dependency order). Data is lost."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    confirm(app, yes, f"Destroy every stack of project {pid}? Its data is deleted.")
    started = app.client.request("DELETE", f"/projects/{pid}/stack", headers=idempotency()).json()
    _run(app, started["deployment"]["id"], "Destroying", no_wait)


deployments.command("list")(
    project_list(
        "deployments",
        ["id", "kind", "status", "revision", "created", "step"],
        deployment_rows,
        "No deployments yet: `slipway preview`, `slipway deploy`",
        "List the project's deployments, newest first.",
    )
)


@deployments.command("show")
def show_deployment(
    ctx: typer.Context,
    deployment: Annotated[str, typer.Argument(metavar="DEPLOYMENT")],
    follow_: FollowOpt = False,
    events: Annotated[int, typer.Option("--events", min=0, help="Show the last N events.")] = 10,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Show a deployment (stacks, outputs, events); --follow it live until it settles."""
    app = App.of(ctx, json_)
    did = app.deployment_id(deployment, project)
    if follow_:
        _run(app, did, "Following", False)
        return
    body = _deployment(app, did)
    if app.json_mode:
        app.out.json({"data": body})
        return
    render_deployment(app.out, body, max_events=events)
