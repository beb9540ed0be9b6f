"""artifacts openapi|design-doc|sdk|cdk|cloudformation -o PATH, and usage."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from slipway_cli.context import App, JsonOpt, ProjectOpt
from slipway_cli.errors import CliError, ExitCode
from slipway_cli.output import when

artifacts = typer.Typer(
    help="Download what a blueprint revision produces (latest revision unless --revision).",
    no_args_is_help=True,
)

OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Where to write it: a file, a directory (an existing one, or a path ending with "
        "'/', created if missing) for the server's file name in it, or '-' for stdout "
        "(default: the server's file name here).",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
RevisionOpt = Annotated[int | None, typer.Option("--revision", "-r", min=1)]


def _filename(disposition: str | None, fallback: str) -> str:
    found = re.search(r'filename="([^"/\\]+)"', disposition or "")
    return found.group(1) if found else fallback


def target_path(output: str | None, filename: str) -> Path:
    """Where ``-o`` writes: a directory (existing, or a path ending with a separator: created)
    gets the artifact's own file name inside; anything else is the file itself."""
    if output is None:
        return Path(filename)
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        directory = Path(output)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(
                f"Cannot create the directory {directory}: {exc.strerror}",
                hint="choose another directory with -o",
                exit_code=ExitCode.USAGE,
            ) from exc
        return directory / filename
    return Path(output)


def write(target: Path, content: bytes, force: bool) -> None:
    """Write ``content`` to ``target``; an existing file only with ``force``."""
    try:
        with target.open("wb" if force else "xb") as handle:
            handle.write(content)
    except FileExistsError as exc:
        raise CliError(
            f"{target} already exists: nothing was written",
            hint="pass --force to overwrite it, or choose another path with -o "
            "(a directory, ending with '/', keeps each artifact's own file name)",
            exit_code=ExitCode.USAGE,
        ) from exc
    except OSError as exc:
        raise CliError(
            f"Cannot write {target}: {exc.strerror}",
            hint="end -o with '/' to write into a directory (created if missing)"
            if not target.parent.exists()
            else None,
            exit_code=ExitCode.USAGE,
        ) from exc


def download(
    app: App,
    project: str | None,
    path: str,
    output: str | None,
    revision: int | None,
    fallback: str,
    force: bool = False,
    **params: str,
) -> None:
    pid = app.project_id(project)
    query = {**params, **({"revision": str(revision)} if revision else {})}
    response = app.client.request("GET", f"/projects/{pid}/artifacts/{path}", params=query or None)
    if output == "-":
        sys.stdout.buffer.write(response.content)
        sys.stdout.flush()
        return
    filename = _filename(response.headers.get("content-disposition"), fallback)
    target = target_path(output, filename)
    write(target, response.content, force)
    if app.json_mode:
        app.out.json(
            {
                "data": {
                    "path": str(target),
                    "bytes": len(response.content),
                    "etag": response.headers.get("etag"),
                    "contentType": response.headers.get("content-type"),
                }
            }
        )
        return
    app.out.success(f"Wrote {target} ({len(response.content):,} bytes).")


# name: (endpoint under /artifacts, file name when the server gives none, help)
SIMPLE = {
    "openapi": ("openapi", "openapi.json", "OpenAPI 3.1 document of the generated API (JSON)."),
    "design-doc": (
        "design-doc",
        "design.md",
        "Markdown design document (ER diagram, API, stacks, validation, cost, history).",
    ),
    "sdk": ("sdk/python", "sdk.zip", "Typed Python client package (zip)."),
    "cdk": ("cdk", "cdk.zip", "Python CDK project (zip)."),
}


def _simple(path: str, fallback: str, doc: str) -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        output: OutputOpt = None,
        revision: RevisionOpt = None,
        force: ForceOpt = False,
        project: ProjectOpt = None,
        json_: JsonOpt = False,
    ) -> None:
        download(App.of(ctx, json_), project, path, output, revision, fallback, force)

    command.__doc__ = doc
    return command


for _name, (_path, _fallback, _doc) in SIMPLE.items():
    artifacts.command(_name)(_simple(_path, _fallback, _doc))


@artifacts.command("cloudformation")
def cloudformation(
    ctx: typer.Context,
    output: OutputOpt = None,
    revision: RevisionOpt = None,
    as_json: Annotated[
        bool, typer.Option("--as-json", help="One JSON document instead of a zip.")
    ] = False,
    force: ForceOpt = False,
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The CloudFormation templates Slipway deploys (zip, or JSON)."""
    fmt = "json" if as_json else "zip"
    fallback = "cloudformation.json" if as_json else "cloudformation.zip"
    app = App.of(ctx, json_)
    download(app, project, "cloudformation", output, revision, fallback, force, format=fmt)


def usage(
    ctx: typer.Context,
    recent: Annotated[
        int, typer.Option("--recent", "-n", min=0, max=100, help="Also list the last N calls.")
    ] = 10,
    json_: JsonOpt = False,
) -> None:
    """LLM usage of your account: totals and the latest calls."""
    app = App.of(ctx, json_)
    me = app.client.get_json("/usage/me")
    calls = app.client.get_json("/usage/recent", limit=recent)["data"] if recent else []
    if app.json_mode:
        app.out.json({"data": {**me, "recent": calls}})
        return
    u = me["usage"]
    app.out.fields(
        [
            ("account", me["user"]["email"]),
            ("calls", u["totalCalls"]),
            ("tokens", f"{u['inputTokens']:,} in / {u['outputTokens']:,} out"),
            ("cost", u["totalCostFormatted"]),
        ]
    )
    if recent:
        app.out.table(
            ["when", "purpose", "provider", "model", "tokens in/out", "cost", "ms", "outcome"],
            [
                [
                    when(c["createdAt"]),
                    c["purpose"],
                    c["provider"],
                    c["model"],
                    f"{c['inputTokens']}/{c['outputTokens']}",
                    f"{c['costCents']}c",
                    c["latencyMs"],
                    c["outcome"],
                ]
                for c in calls
            ],
            title="Recent calls",
        )
