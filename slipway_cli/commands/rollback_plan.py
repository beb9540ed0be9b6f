"""What a rollback changes, shown before it starts (as the dashboard does): the deployment it
redeploys, and the change class from the revision live now to that deployment's revision
(``GET /projects/{id}/revisions/compare``). Unsafe or blocked changes need an acknowledgement."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import typer

from slipway_cli.context import App
from slipway_cli.errors import HINTS, CliError, ExitCode
from slipway_cli.render import render_classification

GATED = ("unsafe", "blocked")


@dataclass
class RollbackPlan:
    current: dict[str, Any] | None  # the deploy or rollback live now
    target: dict[str, Any]  # the deployment the rollback redeploys
    comparison: dict[str, Any] | None  # current revision -> target revision


def _successful(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Completed deploys and rollbacks, the latest completed first."""
    done = [
        d
        for d in history
        if d.get("kind") in ("deploy", "rollback") and d.get("status") == "completed"
    ]
    return sorted(done, key=lambda d: str(d.get("completedAt") or ""), reverse=True)


def _previous(done: list[dict[str, Any]], current: dict[str, Any]) -> dict[str, Any] | None:
    """The API's choice without a target: the last completed deploy or rollback before the
    current one that deployed another revision."""
    for d in done:
        if d["id"] == current["id"] or str(d.get("completedAt") or "") > str(
            current.get("completedAt") or ""
        ):
            continue
        if current.get("revision") is None or d.get("revision") != current.get("revision"):
            return d
    return None


def rollback_plan(
    app: App, pid: str, history: list[dict[str, Any]], target_id: str | None
) -> RollbackPlan:
    done = _successful(history)
    current = done[0] if done else None
    if target_id is not None:
        target = next((d for d in history if d["id"] == target_id), None)
        if target is None:
            target = dict(app.client.get_json(f"/deployments/{target_id}")["data"])
    else:
        target = _previous(done, current) if current else None
        if target is None:
            raise CliError(
                "Nothing to roll back to: no earlier successful deployment of another revision",
                code="NOTHING_TO_ROLL_BACK",
                hint=HINTS["NOTHING_TO_ROLL_BACK"],
                exit_code=ExitCode.CONFLICT,
            )
    comparison = None
    if current and target and current.get("revision") and target.get("revision"):
        comparison = dict(
            app.client.get_json(
                f"/projects/{pid}/revisions/compare",
                **{"from": current["revision"], "to": target["revision"]},
            )
        )
    return RollbackPlan(current, target, comparison)


def show_rollback(app: App, plan: RollbackPlan, acknowledged: bool) -> None:
    """Print what the rollback changes; stop unless unsafe changes are acknowledged (the flag,
    or a yes on a terminal)."""
    target, current, comparison = plan.target, plan.current, plan.comparison
    if current is None:
        app.out.notice(
            f"Nothing is deployed now: the rollback deploys revision {target.get('revision')} "
            "again.",
            style="",
        )
        return
    heading = (
        f"What the rollback changes (revision {current.get('revision')} -> "
        f"revision {target.get('revision')})"
    )
    if comparison is None:
        app.out.notice(f"{heading}: unknown (no revision recorded)", style="yellow")
        return
    if not app.json_mode:
        render_classification(app.out, comparison, heading)
    overall = str(comparison.get("overall"))
    if overall not in GATED or acknowledged:
        return
    question = f"The rollback makes {overall} changes. Roll back anyway?"
    if sys.stdin.isatty() and app.out.err.is_terminal and not app.json_mode:
        if typer.confirm(question, default=False, err=True):
            return
        raise typer.Exit(ExitCode.CONFLICT)
    raise CliError(
        f"The rollback makes {overall} changes ({comparison.get('summary')}); nothing was started",
        code="ACKNOWLEDGEMENT_REQUIRED",
        hint=HINTS["ACKNOWLEDGEMENT_REQUIRED"],
        exit_code=ExitCode.CONFLICT,
        body={"changes": comparison.get("changes") or []},
    )
