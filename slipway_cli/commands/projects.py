"""projects list|create|show|rename|archive, templates list|show, use."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.syntax import Syntax

from slipway_cli.context import App, JsonOpt, ProjectOpt
from slipway_cli.errors import CliError, ExitCode
from slipway_cli.output import styled, when

projects = typer.Typer(help="Your projects.", no_args_is_help=True)
templates = typer.Typer(help="Starter templates (each a spec that compiles).", no_args_is_help=True)

LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="At most N rows.")]
ProjectArg = Annotated[
    str | None, typer.Argument(help="Project id or name (default: the current project).")
]


def _project_fields(app: App, p: dict[str, Any]) -> None:
    app.out.fields(
        [
            ("project", p["name"]),
            ("id", p["id"]),
            ("status", styled(p["status"])),
            ("description", p.get("description") or ""),
            ("template", p.get("templateId") or ""),
            ("created", when(p.get("createdAt"))),
            ("updated", when(p.get("updatedAt"))),
        ]
        + ([("archived", when(p["archivedAt"]))] if p.get("archivedAt") else [])
    )


@projects.command("list")
def list_projects(
    ctx: typer.Context,
    archived: Annotated[bool, typer.Option("--archived", help="Include archived ones.")] = False,
    limit: LimitOpt = 50,
    json_: JsonOpt = False,
) -> None:
    """List your projects, newest first (* marks the current one)."""
    app = App.of(ctx, json_)
    rows = app.client.paginate("/projects", limit, includeArchived=str(archived).lower())
    if app.json_mode:
        app.out.json({"data": rows})
        return
    current = app.profile.project
    app.out.table(
        ["", "id", "name", "status", "template", "updated"],
        [
            [
                "*" if p["id"] == current else "",
                p["id"],
                p["name"],
                styled(p["status"]),
                p.get("templateId") or "",
                when(p.get("updatedAt")),
            ]
            for p in rows
        ],
        empty="No projects yet: `slipway projects create NAME`",
    )


@projects.command("create")
def create_project(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Project name (1-100 characters).")],
    description: Annotated[str, typer.Option("--description", "-d")] = "",
    template: Annotated[
        str | None, typer.Option("--template", "-t", help="Start from a template (spec v1).")
    ] = None,
    use: Annotated[bool, typer.Option("--use", help="Make it the current project.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Create a project (optionally from a template)."""
    app = App.of(ctx, json_)
    body = {"name": name, "description": description, "templateId": template}
    project = app.client.post_json("/projects", {k: v for k, v in body.items() if v is not None})
    p = project["data"]
    if use:
        _use(app, p)
    if app.json_mode:
        app.out.json(project)
        return
    app.out.success(f"Project {p['name']} created ({p['id']}).")
    if use:
        app.out.print(f"It is now the current project (profile {app.profile_name}).")
    else:
        app.out.print(f"Make it the current project: slipway use {p['id']}", style="dim")


@projects.command("show")
def show_project(ctx: typer.Context, project: ProjectArg = None, json_: JsonOpt = False) -> None:
    """Show a project."""
    app = App.of(ctx, json_)
    body = app.client.get_json(f"/projects/{app.project_id(project)}")
    if app.json_mode:
        app.out.json(body)
        return
    _project_fields(app, body["data"])


@projects.command("rename")
def rename_project(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The new name.")],
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Rename a project (and optionally change its description)."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    patch: dict[str, Any] = {"name": name}
    if description is not None:
        patch["description"] = description
    body = app.client.request("PATCH", f"/projects/{pid}", json=patch).json()
    if app.profile.project == pid:
        _use(app, body["data"])
    if app.json_mode:
        app.out.json(body)
        return
    app.out.success(f"Project {pid} is now called {body['data']['name']}.")


@projects.command("archive")
def archive_project(
    ctx: typer.Context,
    project: ProjectArg = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Archive a project: it stays readable, and nothing can change it any more."""
    app = App.of(ctx, json_)
    pid = app.project_id(project)
    confirm(app, yes, f"Archive project {pid}? It becomes read-only.")
    body = app.client.request("DELETE", f"/projects/{pid}").json()
    if app.json_mode:
        app.out.json(body)
        return
    app.out.success(f"Project {body['data']['name']} archived.")


def confirm(app: App, yes: bool, question: str) -> None:
    """Ask on a terminal; elsewhere require --yes."""
    if yes:
        return
    if not app.out.err.is_terminal:
        raise CliError(
            f"{question} Not asked: this is not a terminal",
            hint="pass --yes to confirm",
            exit_code=ExitCode.USAGE,
        )
    if not typer.confirm(question, default=False):
        raise typer.Exit(ExitCode.USAGE)


def _use(app: App, project: dict[str, Any]) -> None:
    with app.store.transaction(app.profile_name) as profile:
        profile.project = str(project["id"])
        profile.project_name = str(project["name"])
    app.forget_profile()


def use(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project id or name.")],
    json_: JsonOpt = False,
) -> None:
    """Set the current project of this profile."""
    app = App.of(ctx, json_)
    body = app.client.get_json(f"/projects/{app.project_id(project)}")
    _use(app, body["data"])
    if app.json_mode:
        app.out.json(body)
        return
    p = body["data"]
    app.out.success(f"Current project: {p['name']} ({p['id']}), profile {app.profile_name}.")


@templates.command("list")
def list_templates(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """List the starter templates."""
    app = App.of(ctx, json_)
    body = app.client.get_json("/templates", auth=False)
    if app.json_mode:
        app.out.json(body)
        return
    app.out.table(
        ["id", "name", "category", "description"],
        [
            [t["id"], t["name"], t.get("category", ""), t.get("description", "")]
            for t in body["data"]
        ],
    )


@templates.command("show")
def show_template(
    ctx: typer.Context,
    template_id: Annotated[str, typer.Argument(metavar="TEMPLATE", help="Template id.")],
    json_: JsonOpt = False,
) -> None:
    """Show a template and its spec."""
    app = App.of(ctx, json_)
    body = app.client.get_json(f"/templates/{template_id}", auth=False)
    if app.json_mode:
        app.out.json(body)
        return
    t = body["data"]
    app.out.fields([("template", t["id"]), ("name", t["name"]), ("about", t.get("description"))])
    if app.out.rich:
        app.out.print(Syntax(t["spec"], "markdown", theme="ansi_dark", word_wrap=True))
    else:
        app.out.raw(t["spec"])
