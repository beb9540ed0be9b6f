"""generate, validate, preview, deploy, deployments, artifacts, rollback, destroy, against the real
stack (Temporal, worker process, moto). Each test is its own user: the deployment operations
limit is 5/min per user."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import SPEC_SHOP_REVIEWS, SPEC_SHOP_UNSAFE, Cli
from tests.support import Proc

pytestmark = pytest.mark.slow


def test_generate_validate_preview_deploy_artifacts_destroy(
    cli: Cli, worker: Proc, tmp_path: Path
) -> None:
    cli.project(SPEC_SHOP_REVIEWS)
    r = cli("generate")
    assert "Blueprint ready" in r.stderr  # the step, as a plain line when not on a terminal
    assert "[100%]" in r.stderr and "completed" in r.stdout
    blueprints = cli.json("blueprints", "list")["data"]
    assert len(blueprints) == 1 and blueprints[0]["status"] == "completed"
    bid = blueprints[0]["id"]
    assert cli.json("blueprints", "show", bid)["data"]["summary"]["dataModel"]["entities"] == 3

    r = cli("validate", "--accept-risk", "medium")
    assert "score:" in r.stdout and "security" in r.stdout
    report = cli.json("blueprints", "report", bid)["data"]
    assert (
        report["acceptRisk"] == ["medium"] and report["score"]["after"] >= report["score"]["before"]
    )
    assert report["fixedBlueprintId"]  # the fixed blueprint is what deploy takes next

    r = cli("preview")
    assert "change(s)" in r.stdout and "AWS::" in r.stdout and "slipway deploy" in r.stdout

    r = cli("deploy")
    assert "Deploy completed" in r.stdout
    assert "stack data" in r.stderr and "event " in r.stderr  # per-stack lines and events
    history = cli.json("deployments", "list")["data"]
    assert [d["kind"] for d in history] == ["deploy", "preview"]
    assert history[0]["status"] == "completed"
    did = history[0]["id"]
    r = cli("deployments", "show", did[:8])
    assert did in r.stdout and "Stacks" in r.stdout and "CREATE_COMPLETE" in r.stdout
    body = cli.json("deployments", "show", did)["data"]
    assert {s["status"] for s in body["stacks"]} == {"completed"}
    rows = cli("deployments", "list").stdout.splitlines()
    assert rows[1].split("\t")[:3] == [did[:8], "deploy", "completed"]

    _artifacts(cli, tmp_path)

    r = cli("destroy", "--yes")
    assert "Destroy completed" in r.stdout
    assert cli.json("deployments", "list")["data"][0]["kind"] == "destroy"


def _artifacts(cli: Cli, tmp_path: Path) -> None:
    cli("artifacts", "openapi", "-o", str(tmp_path / "api.json"))
    assert json.loads((tmp_path / "api.json").read_text())["openapi"].startswith("3.1")
    spec = json.loads(cli("artifacts", "openapi", "-o", "-").stdout)
    assert "/v1/reviews" in spec["paths"]
    cli("artifacts", "design-doc", "-o", str(tmp_path / "design.md"))
    assert (tmp_path / "design.md").read_text().startswith("# ")
    for kind, name in (("sdk", "sdk.zip"), ("cdk", "cdk.zip"), ("cloudformation", "cfn.zip")):
        info = cli.json("artifacts", kind, "-o", str(tmp_path / name))["data"]
        assert info["bytes"] > 0 and info["etag"]
        assert zipfile.is_zipfile(tmp_path / name)
    names = zipfile.ZipFile(io.BytesIO((tmp_path / "cfn.zip").read_bytes())).namelist()
    assert "stacks.json" in names and "data.template.json" in names
    cli("artifacts", "cloudformation", "--as-json", "-o", str(tmp_path / "cfn.json"))
    assert "data" in json.loads((tmp_path / "cfn.json").read_text())["data"]
    # the server's file name when -o is a directory; an older revision by number
    info = cli.json("artifacts", "design-doc", "-o", str(tmp_path), "--revision", "1")["data"]
    assert Path(info["path"]).parent == tmp_path and info["path"].endswith(".md")
    r = cli("artifacts", "openapi", "--revision", "99", "-o", str(tmp_path / "x.json"), code=4)
    assert "Revision 99 not found" in r.stderr


def test_unsafe_changes_need_acknowledgement_and_rollback_goes_back(cli: Cli, worker: Proc) -> None:
    cli.project()
    cli("generate")
    cli("deploy")
    cli("spec", "apply", cli.write_spec(SPEC_SHOP_UNSAFE))
    cli("generate")
    r = cli("deploy", code=5)
    assert "unsafe" in r.stdout and "entities.Order.fields.quantity" in r.stdout
    assert "[ACKNOWLEDGEMENT_REQUIRED]" in r.stderr and "--acknowledge unsafe" in r.stderr
    cli("deploy", "--acknowledge", "unsafe")
    history = cli.json("deployments", "list")["data"]
    assert [d["kind"] for d in history] == ["deploy", "deploy"]

    # no argument, nothing parked: back to the one before the current, shown first; going
    # back changes quantity's type again, which is unsafe: nothing starts without --acknowledge
    r = cli("rollback", code=5)
    assert "What the rollback changes (revision 2 -> revision 1): unsafe" in r.stdout
    assert "entities.Order.fields.quantity" in r.stdout
    assert "[ACKNOWLEDGEMENT_REQUIRED]" in r.stderr and "--acknowledge unsafe" in r.stderr
    assert len(cli.json("deployments", "list")["data"]) == 2  # nothing started
    body = json.loads(cli("rollback", "--json", code=5).stdout)
    assert body["code"] == "ACKNOWLEDGEMENT_REQUIRED" and body["changes"]
    r = cli("rollback", "--acknowledge", "unsafe")
    assert "Rollback completed" in r.stdout
    latest = cli.json("deployments", "list")["data"][0]
    assert latest["kind"] == "rollback" and latest["status"] == "completed"
    assert cli.json("deployments", "show", latest["id"])["data"]["rollbackOf"] == history[1]["id"]
    r = cli("rollback", history[0]["id"][:8], code=5)  # an explicit target: unsafe again
    assert "(revision 1 -> revision 2): unsafe" in r.stdout
    r = cli("rollback", history[0]["id"][:8], "--acknowledge", "unsafe")
    assert "Rollback completed" in r.stdout
    # revision 2 is live again: a plain rollback (to revision 1) needs the acknowledgement again
    assert "Rollback completed" not in cli("rollback", code=5).stdout


def test_no_wait_then_reattach(cli: Cli, worker: Proc) -> None:
    cli.project()
    started = cli.json("generate", "--no-wait")
    bid = started["blueprint"]["id"]
    r = cli("blueprints", "show", bid, "--follow")
    assert "Blueprint ready" in r.stdout
    r = cli("validate", "--no-wait", "--blueprint", bid)
    assert f"slipway blueprints report {bid} --follow" in r.stdout
    r = cli("blueprints", "report", bid, "--follow")
    assert "score:" in r.stdout

    r = cli("deploy", "--no-wait")
    assert "started" in r.stdout and "--follow" in r.stdout
    did = cli.json("deployments", "list")["data"][0]["id"]
    assert f"slipway deployments show {did} --follow" in r.stdout
    final = cli.json("deployments", "show", did, "--follow")["data"]
    assert final["status"] == "completed"
    r = cli("cancel", did, code=5)  # it ended: nothing to cancel
    assert "NOT_RUNNING" in r.stderr
    r = cli("continue", code=5)
    assert "waiting for a decision" in r.stderr

    # the assistant writes the spec from a description, then generation runs
    r = cli("generate", "--prompt", "A blog with posts, authors and comments")
    assert "Blueprint ready" in r.stdout
    assert "### Post" in cli("spec", "show").stdout
