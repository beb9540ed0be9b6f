"""ValidateBlueprint over HTTP on the real dev server."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support import wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


async def template_blueprint(user: httpx.AsyncClient, template: str = "booking") -> tuple[str, str]:
    pid = (await user.post("/projects", json={"name": "V", "templateId": template})).json()["data"][
        "id"
    ]
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "completed"
    return pid, bid


async def test_validate_with_autofix_raises_score_and_saves_fixed_revision(
    user: httpx.AsyncClient,
) -> None:
    pid, bid = await template_blueprint(user)
    r = await user.get(f"/blueprints/{bid}/validation-report")
    assert r.status_code == 404 and "validate" in r.json()["error"]
    r = await user.post(f"/blueprints/{bid}/validate", json={"autoFix": True})
    assert r.status_code == 202, r.text
    assert r.json()["statusUrl"] == f"/blueprints/{bid}/validation-status"
    status = await wait_status(user, f"/blueprints/{bid}/validation-status")
    assert status["status"] == "completed", status
    report = (await user.get(f"/blueprints/{bid}/validation-report")).json()["data"]
    assert report["score"]["after"] > report["score"]["before"]
    assert report["fixesApplied"] > 0 and report["summary"]
    assert {"security", "reliability", "performance", "cost", "operations"} == set(
        report["pillars"]
    )
    assert report["costEstimate"]["starter"]["totalMonthlyUsd"] > 0
    statuses = {f["status"] for f in report["findings"]}
    assert {"passed", "failed", "fixed"} <= statuses
    for finding in report["findings"]:
        assert finding["message"] and finding["ruleId"]
    revisions = (await user.get(f"/projects/{pid}/revisions")).json()["data"]
    assert [r["source"] for r in revisions] == ["validation", "generation"]
    fixed = (await user.get(f"/blueprints/{report['fixedBlueprintId']}")).json()["data"]
    assert fixed["revision"] == 2 and fixed["ir"]["infrastructure"]["alarms"] is True
    compare = (
        await user.get(f"/projects/{pid}/revisions/compare", params={"from": 1, "to": 2})
    ).json()
    assert compare["overall"] in ("safe", "unsafe") and compare["changes"]


async def test_accepting_medium_risk_fixes_more(user: httpx.AsyncClient) -> None:
    _, bid = await template_blueprint(user, "crm")
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": True})
    await wait_status(user, f"/blueprints/{bid}/validation-status")
    safe = (await user.get(f"/blueprints/{bid}/validation-report")).json()["data"]
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": True, "acceptRisk": ["medium"]})
    await wait_status(user, f"/blueprints/{bid}/validation-status")
    medium = (await user.get(f"/blueprints/{bid}/validation-report")).json()["data"]
    assert medium["number"] == 2
    assert medium["score"]["after"] > safe["score"]["after"]


async def test_without_autofix_nothing_is_saved(user: httpx.AsyncClient) -> None:
    pid, bid = await template_blueprint(user, "blog")
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": False})
    await wait_status(user, f"/blueprints/{bid}/validation-status")
    report = (await user.get(f"/blueprints/{bid}/validation-report")).json()["data"]
    assert (
        report["score"]["after"] == report["score"]["before"] and report["fixedBlueprintId"] is None
    )
    assert len((await user.get(f"/projects/{pid}/revisions")).json()["data"]) == 1


async def test_idempotency_and_ownership(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    _, bid = await template_blueprint(user, "task-manager")
    key = uuid.uuid4().hex
    a = await user.post(f"/blueprints/{bid}/validate", json={}, headers={"Idempotency-Key": key})
    b = await user.post(f"/blueprints/{bid}/validate", json={}, headers={"Idempotency-Key": key})
    assert a.json()["validation"]["id"] == b.json()["validation"]["id"]
    for method, path in (
        ("POST", f"/blueprints/{bid}/validate"),
        ("GET", f"/blueprints/{bid}/validation-report"),
        ("GET", f"/blueprints/{bid}/validation-status"),
    ):
        assert (await other_user.request(method, path, json={})).status_code == 404
    r = await user.post(f"/blueprints/{bid}/validate", json={"acceptRisk": ["everything"]})
    assert r.status_code == 422
