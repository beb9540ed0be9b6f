"""chat: one message, or an interactive session; every change shows its diff and change class."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markdown import Markdown
from rich.text import Text

from slipway_cli.commands.spec import (
    apply_spec,
    classify_candidate,
    discard_draft,
    get_spec,
    show_classification,
)
from slipway_cli.context import App, JsonOpt, ProjectOpt
from slipway_cli.errors import CliError
from slipway_cli.render import render_diff

HELP = (
    "Type what to change. Commands: /apply [message] saves the draft as the next version, "
    "/diff shows the draft against it, /undo reverts the last change, /discard drops the "
    "draft, /show prints it, /quit (or Ctrl-D) ends."
)


def turn(app: App, pid: str, message: str) -> dict[str, Any]:
    """Send one message; show the answer, the coloured diff and the change class."""
    answer = dict(app.client.post_json(f"/projects/{pid}/spec/chat", {"message": message}))
    classification = classify_candidate(app, pid, answer["spec"]) if answer["changed"] else None
    if app.json_mode:
        app.out.json({**answer, "classification": classification})
        return answer
    if app.out.rich:
        app.out.print(Text.assemble(("assistant> ", "bold magenta")))
        app.out.print(Markdown(answer["assistantMessage"]))
    else:  # piped: the answer starts on the prompt's line, with no line of its own
        app.out.raw(f"assistant> {answer['assistantMessage']}")
    if answer["changed"]:
        render_diff(app.out, answer["previousSpec"], answer["spec"], "draft before", "draft after")
        show_classification(app, classification)
    return answer


def _command(app: App, pid: str, line: str, last_message: str | None) -> bool:
    """Run a /command; False ends the session."""
    name, _, rest = line[1:].partition(" ")
    if name in ("quit", "exit", "q"):
        return False
    if name == "apply":
        draft = (get_spec(app, pid).get("draft") or {}).get("content")
        if draft is None:
            app.out.notice("No draft to apply.", style="yellow")
            return True
        body = apply_spec(app, pid, draft, rest.strip() or last_message, None)
        app.out.success(f"{body['message']}. Next: slipway generate")
    elif name == "undo":
        body = app.client.post_json(f"/projects/{pid}/spec/undo")
        app.out.success(f"Reverted one step; {body['undoSteps']} left.")
    elif name in ("diff", "show"):
        spec = get_spec(app, pid)
        if not spec.get("draft"):
            app.out.notice("No draft.", style="yellow")
        elif name == "show":
            app.out.raw(spec["draft"]["content"])
        else:
            latest = spec.get("spec") or {}
            label = f"v{latest['version']}" if latest else "(no spec)"
            render_diff(
                app.out, latest.get("content", ""), spec["draft"]["content"], label, "draft"
            )
    elif name == "discard":
        if discard_draft(app, pid):
            app.out.success("Draft discarded.")
        else:
            app.out.notice("There is no draft: nothing to discard.", style="yellow")
    else:
        app.out.notice(HELP, style="")
    return True


def _session(app: App, pid: str) -> None:
    app.out.notice(HELP, style="dim")
    last: str | None = None
    while True:
        try:
            line = app.out.err.input(Text("you> ", style="bold cyan")).strip()
        except EOFError:
            app.out.notice("")
            return
        if not line:
            continue
        try:
            if line.startswith("/"):
                if not _command(app, pid, line, last):
                    return
                continue
            turn(app, pid, line)
            last = line
        except CliError as err:  # show it and keep the session going
            app.out.error(err)


def chat(
    ctx: typer.Context,
    message: Annotated[
        str | None, typer.Argument(help="One message; without it, an interactive session.")
    ] = None,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Refine the spec with the assistant: the draft grows until you apply it."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    if message is not None:
        turn(app, pid, message)
        if not app.json_mode:
            app.out.print(
                "Apply the draft: slipway spec apply --draft   (undo: slipway spec undo)",
                style="dim",
            )
        return
    _session(app, pid)
