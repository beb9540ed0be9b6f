"""spec show|edit|apply|diff|history|undo|discard."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.syntax import Syntax

from slipway_cli.commands.listing import project_list
from slipway_cli.context import App, JsonOpt, ProjectOpt
from slipway_cli.errors import CliError, ExitCode
from slipway_cli.output import when
from slipway_cli.render import (
    diff_lines,
    render_classification,
    render_compile_errors,
    render_diff,
)

spec = typer.Typer(help="The project's Markdown spec: show, edit, apply, diff, history.")

DraftOpt = Annotated[bool, typer.Option("--draft", help="Use the chat draft.")]
MessageOpt = Annotated[
    str | None, typer.Option("--message", "-m", help="What changed (kept in the history).")
]


def get_spec(app: App, pid: str) -> dict[str, Any]:
    return dict(app.client.get_json(f"/projects/{pid}/spec"))


def _draft_text(body: dict[str, Any]) -> str:
    if not body.get("draft"):
        raise CliError(
            "There is no draft",
            code="NO_DRAFT",
            hint="start one with `slipway chat`",
            exit_code=ExitCode.NOT_FOUND,
        )
    return str(body["draft"]["content"])


def apply_spec(
    app: App, pid: str, content: str, message: str | None, base: int | None
) -> dict[str, Any]:
    """Apply a spec; compile errors are shown at their lines before the error is raised."""
    body: dict[str, Any] = {"content": content}
    if message:
        body["lastUserMessage"] = message
    if base is not None:
        body["baseVersion"] = base
    try:
        return dict(app.client.post_json(f"/projects/{pid}/spec/apply", body))
    except CliError as err:
        if err.code == "SPEC_INVALID" and not app.json_mode:
            render_compile_errors(app.out, content, err.body.get("errors") or [])
        raise


def classify_candidate(app: App, pid: str, content: str) -> dict[str, Any] | None:
    """The change class of a candidate spec against the latest revision (nothing saved)."""
    try:
        return dict(app.client.post_json(f"/projects/{pid}/revisions/classify", {"spec": content}))
    except CliError as err:
        if err.code != "SPEC_INVALID":
            raise
        app.out.notice(f"The candidate does not compile: {err.message}", style="yellow")
        return None


def classification_heading(result: dict[str, Any]) -> str:
    """The classify call measures a candidate against the latest blueprint revision (what
    deploying it would change), not against the applied spec version the diff shows."""
    if result.get("from"):
        return f"What deploying this would change (against revision {result['from']})"
    return "What deploying this would change (nothing generated yet: every resource is new)"


def show_classification(app: App, result: dict[str, Any] | None) -> None:
    if result is None:
        return
    render_classification(app.out, result, classification_heading(result))


@spec.command("show")
def show(
    ctx: typer.Context,
    version: Annotated[int | None, typer.Option("--version", "-v", min=1)] = None,
    draft: DraftOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Print the latest applied spec (or a version, or the draft)."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    if version is not None:
        body = app.client.get_json(f"/projects/{pid}/spec/versions/{version}")
        text = body["content"]
    else:
        body = get_spec(app, pid)
        if draft:
            text = _draft_text(body)
        elif body.get("spec") is None:
            raise CliError(
                "This project has no spec yet",
                code="NO_SPEC",
                hint="write one: `slipway chat`, `slipway spec edit` or `slipway spec apply FILE`",
                exit_code=ExitCode.NOT_FOUND,
            )
        else:
            text = body["spec"]["content"]
    if app.json_mode:
        app.out.json(body)
    elif app.out.rich:
        app.out.print(Syntax(text, "markdown", theme="ansi_dark", word_wrap=True))
    else:
        app.out.raw(text)


@spec.command("apply")
def apply(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="Markdown file ('-' reads stdin).", show_default=False)
    ] = None,
    draft: DraftOpt = False,
    message: MessageOpt = None,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Apply a spec file (or the chat draft) as the next version."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    if (file is None) == (not draft):
        raise CliError("Pass either FILE or --draft", exit_code=ExitCode.USAGE)
    if file is None:
        content = _draft_text(get_spec(app, pid))
    elif str(file) == "-":
        content = sys.stdin.read()
    else:
        try:
            content = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"Cannot read {file}: {exc.strerror}", exit_code=ExitCode.USAGE) from exc
    body = apply_spec(app, pid, content, message, None)
    if app.json_mode:
        app.out.json(body)
        return
    app.out.success(body["message"])
    app.out.print("Next: slipway generate", style="dim")


def _editor_loop(app: App, pid: str, text: str, base: int | None, message: str | None) -> None:
    original = text
    while True:
        edited = click.edit(text, extension=".md", require_save=True)
        if edited is None or edited.strip() == original.strip():
            app.out.notice("No changes: nothing applied.")
            return
        try:
            body = apply_spec(app, pid, edited, message or "Edited with `slipway spec edit`", base)
        except CliError as err:
            if err.code != "SPEC_INVALID":
                raise
            app.out.error(err)
            if not typer.confirm("Edit again?", default=True, err=True):
                raise
            text = edited
            continue
        if app.json_mode:
            app.out.json(body)
        else:
            app.out.success(body["message"])
        return


@spec.command("edit")
def edit(
    ctx: typer.Context,
    draft: DraftOpt = False,
    message: MessageOpt = None,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Open the spec in $EDITOR and apply it on save; compile errors reopen it."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    body = get_spec(app, pid)
    current = body.get("spec")
    if draft:
        text = _draft_text(body)
    elif current is not None:
        text = current["content"]
    else:
        text = f"# {body['project']['name']}\n\n## Entities\n\n"
    _editor_loop(app, pid, text, current["version"] if current else None, message)


@spec.command("diff")
def diff(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="Compare this file instead.")] = None,
    from_: Annotated[int | None, typer.Option("--from", min=1, help="Older version.")] = None,
    to: Annotated[int | None, typer.Option("--to", min=1, help="Newer version.")] = None,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Show what changes: the draft (or FILE) against the latest version, or two versions."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    body = get_spec(app, pid)
    latest = body.get("spec")
    latest_text, latest_label = (latest["content"], f"v{latest['version']}") if latest else ("", "")
    candidate = None
    if from_ is not None or to is not None:
        newest = latest["version"] if latest else 0
        to = to or newest
        from_ = from_ or max(1, to - 1)
        before = app.client.get_json(f"/projects/{pid}/spec/versions/{from_}")["content"]
        after = app.client.get_json(f"/projects/{pid}/spec/versions/{to}")["content"]
        labels = (f"v{from_}", f"v{to}")
    elif file is not None:
        candidate = after = file.read_text(encoding="utf-8")
        before, labels = latest_text, (latest_label or "(no spec)", str(file))
    elif body.get("draft"):
        candidate = after = body["draft"]["content"]
        before, labels = latest_text, (latest_label or "(no spec)", "draft")
    else:
        raise CliError(
            "Nothing to compare: no draft",
            hint="pass a FILE, or --from/--to versions, or start a draft with `slipway chat`",
            exit_code=ExitCode.USAGE,
        )
    classification = classify_candidate(app, pid, candidate) if candidate is not None else None
    if app.json_mode:
        app.out.json(
            {
                "data": {
                    "from": labels[0],
                    "to": labels[1],
                    "diff": "\n".join(diff_lines(before, after, *labels)),
                    "classification": classification,
                }
            }
        )
        return
    render_diff(app.out, before, after, *labels)
    show_classification(app, classification)


spec.command("history")(
    project_list(
        "spec/versions",
        ["version", "size", "created", "message"],
        lambda rows: [
            [v["version"], v["size"], when(v["createdAt"]), v.get("lastUserMessage") or ""]
            for v in rows
        ],
        "No versions yet",
        "List the applied versions, newest first.",
    )
)


@spec.command("undo")
def undo(ctx: typer.Context, project: ProjectOpt = None, json_: JsonOpt = False) -> None:
    """Revert the chat draft one step."""
    app = App.of(ctx, json_)
    body = app.client.post_json(f"/projects/{app.project_id(project)}/spec/undo")
    if app.json_mode:
        app.out.json(body)
        return
    app.out.success(f"Draft reverted one step; {body['undoSteps']} step(s) left to undo.")


@spec.command("discard")
def discard(ctx: typer.Context, project: ProjectOpt = None, json_: JsonOpt = False) -> None:
    """Throw the chat draft away."""
    app = App.of(ctx, json_)
    discarded = discard_draft(app, app.project_id(project))
    if app.json_mode:
        app.out.json({"data": {"discarded": discarded}})
    elif discarded:
        app.out.success("Draft discarded.")
    else:
        app.out.notice("There is no draft: nothing to discard.", style="yellow")


def discard_draft(app: App, pid: str) -> bool:
    """Drop the chat draft; False when there was none (the API answers 204 either way)."""
    if not get_spec(app, pid).get("draft"):
        return False
    app.client.request("DELETE", f"/projects/{pid}/spec/draft")
    return True
