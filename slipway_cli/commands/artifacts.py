"""artifacts openapi|design-doc|sdk|cdk|cloudformation -o PATH, and usage."""

from __future__ import annotations

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
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Where to write it ('-' for stdout; default: the server's file name here).",
        show_default=False,
    ),
]
RevisionOpt = Annotated[int | None, typer.Option("--revision", "-r", min=1)]


def _filename(disposition: str | None, fallback: str) -> str:
    found = re.search(r'filename="([^"/\\]+)"', disposition or "")
    return found.group(1) if found else fallback


def download(
    app: App,
    project: str | None,
    path: str,
    output: Path | None,
    revision: int | None,
    fallback: str,
    **params: str,
) -> None:
    pid = app.project_id(project)
    query = {**params, **({"revision": str(revision)} if revision else {})}
    response = app.client.request("GET", f"/projects/{pid}/artifacts/{path}", params=query or None)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(response.content)
        sys.stdout.flush()
        return
    target = output or Path(_filename(response.headers.get("content-disposition"), fallback))
    if target.is_dir():
        target = target / _filename(response.headers.get("content-disposition"), fallback)
    try:
        target.write_bytes(response.content)
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror}", exit_code=ExitCode.USAGE) from exc
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
        project: ProjectOpt = None,
        json_: JsonOpt = False,
    ) -> None:
        download(App.of(ctx, json_), project, path, output, revision, fallback)

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
    project: ProjectOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The CloudFormation templates Slipway deploys (zip, or JSON)."""
    fmt = "json" if as_json else "zip"
    fallback = "cloudformation.json" if as_json else "cloudformation.zip"
    download(App.of(ctx, json_), project, "cloudformation", output, revision, fallback, format=fmt)


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
