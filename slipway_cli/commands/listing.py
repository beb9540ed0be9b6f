"""The ``list`` commands of a project's collections (blueprints, deployments, spec versions):
newest first, ``--limit``, a table for people, ``{"data": [...]}`` with ``--json``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from slipway_cli.context import App, JsonOpt, ProjectOpt

LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1, max=1000)]
Rows = Callable[[list[dict[str, Any]]], list[list[Any]]]


def project_list(
    collection: str, columns: Sequence[str], rows: Rows, empty: str, doc: str
) -> Callable[..., None]:
    """A command listing ``/projects/{id}/<collection>`` as ``columns`` (``rows`` makes them)."""

    def command(
        ctx: typer.Context,
        limit: LimitOpt = 20,
        project: ProjectOpt = None,
        json_: JsonOpt = False,
    ) -> None:
        app = App.of(ctx, json_)
        found = app.client.paginate(f"/projects/{app.project_id(project)}/{collection}", limit)
        if app.json_mode:
            app.out.json({"data": found})
            return
        app.out.table(columns, rows(found), empty=empty)

    command.__doc__ = doc
    return command
