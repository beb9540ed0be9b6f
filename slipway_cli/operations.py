"""Long operations: follow with a live view, detach on Ctrl-C, end with a meaningful exit code."""

from __future__ import annotations

from typing import Any

import typer
from rich.text import Text

from slipway_cli.context import App
from slipway_cli.errors import ExitCode
from slipway_cli.follow import Watch, make_source, settled
from slipway_cli.progress import View
from slipway_cli.render import render_deployment


def follow(app: App, watch: Watch, view: View, reattach: str) -> dict[str, Any]:
    """Feed the view until the watch is done. Ctrl-C detaches: nothing is cancelled."""
    source = make_source(app.client)
    last: dict[str, Any] = {}
    try:
        with view:
            for body in source.updates(watch):
                view.update(body)
                last = body
    except KeyboardInterrupt:
        app.out.notice("Detached: the operation goes on (nothing was cancelled).", style="yellow")
        app.out.notice(f"Reattach with: {reattach}", style="bold")
        raise typer.Exit(ExitCode.DETACHED) from None
    return last


def settled_fresh(body: dict[str, Any]) -> bool:
    return settled(body) and not body.get("stale")


def blueprint_watch(blueprint_id: str) -> Watch:
    return Watch(
        f"/blueprints/{blueprint_id}/status",
        f"/blueprints/{blueprint_id}/events",
        done=settled_fresh,
    )


def validation_watch(blueprint_id: str) -> Watch:
    return Watch(
        f"/blueprints/{blueprint_id}/validation-status",
        f"/blueprints/{blueprint_id}/events",
        done=settled_fresh,
    )


def deployment_watch(deployment_id: str, done: Any = settled_fresh) -> Watch:
    return Watch(
        f"/deployments/{deployment_id}",
        f"/deployments/{deployment_id}/events",
        done=done,
        unwrap=lambda body: dict(body["data"]),
    )


def reattach_deployment(deployment_id: str) -> str:
    return f"slipway deployments show {deployment_id} --follow"


def parked(body: dict[str, Any]) -> bool:
    """Failed and waiting for a decision. ``awaitingDecision`` comes from the stored row, which
    still says so for a moment after a decision, while the live status already reads running."""
    return bool(body.get("awaitingDecision")) and body.get("status") == "failed"


def deployment_exit(body: dict[str, Any], expected: tuple[str, ...] = ("completed",)) -> ExitCode:
    if body.get("status") in expected and not parked(body):
        return ExitCode.OK
    return ExitCode.PARKED if parked(body) else ExitCode.FAILED


def finish_deployment(
    app: App, body: dict[str, Any], expected: tuple[str, ...] = ("completed",)
) -> None:
    """Print how the deployment ended and exit with its code (0 only when as expected)."""
    code = deployment_exit(body, expected)
    if app.json_mode:
        app.out.json({"data": body})
    else:
        render_deployment(app.out, body, compact=True)
        if code == ExitCode.OK:
            app.out.success(f"{str(body.get('kind')).capitalize()} {body.get('status')}.")
        elif code == ExitCode.PARKED:
            app.out.notice(
                f"Deployment {body['id']} failed and waits for a decision:", style="bold red"
            )
            for verb, what in (
                ("continue", "retry the failed and blocked stacks"),
                ("rollback", "go back to the last successful deployment"),
                ("cancel", "stop here"),
            ):
                app.out.err.print(Text.assemble("  ", (f"slipway {verb}", "bold"), f"  {what}"))
        else:
            app.out.notice(
                f"Deployment {body.get('id')} ended {body.get('status')}: "
                f"{body.get('error') or body.get('currentStep')}",
                style="bold red",
            )
    raise typer.Exit(code)
