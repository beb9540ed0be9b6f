"""Artifact endpoints over HTTP for every template of the gallery: all five artifacts are
produced, valid, cacheable, and 404 with a hint before any blueprint exists."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest
from openapi_spec_validator import validate

from tests.support import Stack, make_user, wait_status

pytestmark = pytest.mark.usefixtures("worker")

KINDS = {
    "openapi": "application/json",
    "design-doc": "text/markdown",
    "sdk/python": "application/zip",
    "cdk": "application/zip",
    "cloudformation": "application/zip",
}


async def test_no_blueprint_is_404_with_hint(user: httpx.AsyncClient) -> None:
    pid = (await user.post("/projects", json={"name": "Empty"})).json()["data"]["id"]
    for kind in KINDS:
        r = await user.get(f"/projects/{pid}/artifacts/{kind}")
        assert r.status_code == 404, kind
        assert r.json()["code"] == "NO_BLUEPRINT" and "generate-blueprint" in r.json()["error"]


async def test_every_template_produces_every_artifact(
    stack: Stack, user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    templates = (await user.get("/templates")).json()["data"]
    assert len(templates) >= 6
    for template in templates:
        # one user per template: its generation and its SDK build (a cache miss) both count in
        # the generation limit (10/min per user)
        user = await make_user(stack)
        r = await user.post(
            "/projects", json={"name": template["name"], "templateId": template["id"]}
        )
        pid = r.json()["data"]["id"]
        r = await user.post(f"/projects/{pid}/spec/generate-blueprint")
        assert r.status_code == 202, r.text
        bid = r.json()["blueprint"]["id"]
        assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "completed"
        for kind, media in KINDS.items():
            r = await user.get(f"/projects/{pid}/artifacts/{kind}")
            assert r.status_code == 200, (template["id"], kind, r.text[:300])
            assert r.headers["content-type"].startswith(media), (kind, r.headers["content-type"])
            assert r.headers["etag"]
            assert "attachment; filename=" in r.headers.get("content-disposition", ""), kind
            again = await user.get(
                f"/projects/{pid}/artifacts/{kind}", headers={"If-None-Match": r.headers["etag"]}
            )
            assert again.status_code == 304
            if media == "application/zip":
                names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
                assert names, kind
                if kind == "cdk":
                    assert {"app.py", "cdk.json", "requirements.txt", "handlers/crud.py"} <= set(
                        names
                    )
                if kind == "sdk/python":
                    assert any(n.endswith("client.py") for n in names)
            if kind == "openapi":
                validate(r.json())
            if kind == "design-doc":
                assert "```mermaid" in r.text
            assert (await other_user.get(f"/projects/{pid}/artifacts/{kind}")).status_code == 404
        r = await user.get(f"/projects/{pid}/artifacts/cloudformation", params={"format": "json"})
        stacks = r.json()["data"]
        assert "data" in stacks and all("Resources" in s["template"] for s in stacks.values())
        assert (
            await user.get(f"/projects/{pid}/artifacts/openapi", params={"revision": 99})
        ).status_code == 404
        await user.aclose()


async def test_artifacts_are_deterministic(user: httpx.AsyncClient) -> None:
    templates = (await user.get("/templates")).json()["data"]
    pid = (
        await user.post("/projects", json={"name": "D", "templateId": templates[0]["id"]})
    ).json()["data"]["id"]
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    for kind in ("openapi", "cdk", "cloudformation", "design-doc"):
        first = await user.get(f"/projects/{pid}/artifacts/{kind}")
        second = await user.get(f"/projects/{pid}/artifacts/{kind}")
        assert first.content == second.content, kind
    assert (
        json.loads((await user.get(f"/projects/{pid}/artifacts/openapi")).content)["openapi"]
        == "3.1.0"
    )
