"""A project through two revisions against the real stack (Temporal, the worker process, moto):
what `status` says to do next, the hint after `generate`, `validate` naming the risk flag,
`preview`'s actions, artifacts written into a directory, and a second deploy's event log
holding this deployment's events only."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import SPEC_SHOP_REVIEWS, Cli
from tests.support import Proc

pytestmark = pytest.mark.slow

HEADER = ["action", "logical id", "type", "replacement"]


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _preview_actions(stdout: str) -> list[str]:
    """The action cell of every row of the piped preview tables."""
    lines, actions = stdout.splitlines(), []
    for i, line in enumerate(lines):
        if line.split("\t") == HEADER:
            for row in lines[i + 1 :]:
                cells = row.split("\t")
                if len(cells) != len(HEADER):
                    break
                actions.append(cells[0])
    return actions


def _artifacts_into_a_directory(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    first = cli.json("artifacts", "openapi", "-o", f"{out}/")["data"]
    second = cli.json("artifacts", "design-doc", "-o", f"{out}/")["data"]
    assert out.is_dir() and {Path(first["path"]).parent, Path(second["path"]).parent} == {out}
    assert first["path"] != second["path"]
    assert json.loads(Path(first["path"]).read_text())["openapi"].startswith("3.1")
    assert Path(second["path"]).read_text().startswith("# ")
    r = cli("artifacts", "openapi", "-o", f"{out}/", code=2)
    assert "already exists" in r.stderr and "--force" in r.stderr
    r = cli("artifacts", "openapi", "-o", first["path"], code=2)  # a file named explicitly
    assert "already exists" in r.stderr
    cli("artifacts", "openapi", "-o", f"{out}/", "--force")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        Path(p).name for p in (first["path"], second["path"])
    )


def _next(cli: Cli) -> dict[str, Any]:
    return dict(cli.json("status")["data"])


def test_two_revisions_status_preview_and_the_event_log(
    cli: Cli, worker: Proc, tmp_path: Path
) -> None:
    cli.project()
    r = cli("generate")
    assert "Blueprint ready (revision 1)" in r.stdout
    assert "slipway validate before deploying" in r.stdout
    assert "does not carry the fixes of an earlier validation" in r.stdout
    status = _next(cli)
    assert "slipway validate" in status["next"] and "slipway deploy" in status["next"]
    # the chat's change class is measured against the latest revision
    r = cli("chat", "Add a comments feature to products")
    assert "What deploying this would change (against revision 1)" in r.stdout
    cli("spec", "discard")

    _artifacts_into_a_directory(cli, tmp_path)

    cli("deploy")
    status = _next(cli)
    assert status["deployedRevision"] == 1 and status["next"].startswith("up to date")

    cli("spec", "apply", cli.write_spec(SPEC_SHOP_REVIEWS))
    cli("generate")
    status = _next(cli)
    assert status["revision"]["number"] == 2 and status["deployedRevision"] == 1
    assert "deploy revision 2 (revision 1 is deployed)" in status["next"], status["next"]
    assert "slipway validate" in status["next"] and "slipway deploy" in status["next"]

    r = cli("validate")  # safe fixes only: the medium-risk ones name the flag
    assert "--accept-risk medium" in r.stdout, r.stdout
    status = _next(cli)
    latest = status["revision"]["number"]
    assert status["validated"] and "slipway validate" not in status["next"]
    assert f"deploy revision {latest} (revision 1 is deployed)" in status["next"]

    r = cli("preview")
    actions = _preview_actions(r.stdout)
    assert "add" in actions and set(actions) <= {"add", "modify", "remove"}, r.stdout

    r = cli("deploy", "--acknowledge", "unsafe")
    assert "Deploy completed" in r.stdout
    did = cli.json("deployments", "list")["data"][0]["id"]
    body = cli.json("deployments", "show", did)["data"]
    created = _at(body["createdAt"])
    own = [e for e in body["events"] if _at(e["timestamp"]) >= created]
    assert own == body["events"], "the API lists events of the first deployment under this one"
    printed = [line for line in r.stderr.splitlines() if line.startswith("  event ")]
    assert own and len(printed) == len(own), r.stderr
    shown = cli("deployments", "show", did).stdout
    assert f"Events (last {min(10, len(own))})" in shown
    assert _next(cli)["next"] == f"up to date (revision {latest} is deployed)"
