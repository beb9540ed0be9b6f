"""Generation from a prompt, the generation rate limit, candidate classification, IR schema."""

from __future__ import annotations

import httpx
import pytest

from tests.support import SPEC_10, get_json, project_with_spec, wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


async def test_blueprint_from_prompt(user: httpx.AsyncClient) -> None:
    pid = (await user.post("/projects", json={"name": "Prompted"})).json()["data"]["id"]
    r = await user.post(
        f"/projects/{pid}/blueprints",
        json={"prompt": "A task management app with projects, tasks, and team members"},
    )
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["specVersion"] == 1
    final = await wait_status(user, body["statusUrl"])
    assert final["status"] == "completed"
    spec = (await get_json(user, f"/projects/{pid}/spec"))["spec"]
    assert spec["version"] == 1 and "### Task" in spec["content"]
    assert spec["lastUserMessage"].startswith("A task management app")
    usage = (await get_json(user, "/usage/recent"))["data"]
    assert usage[0]["purpose"] == "create"


async def test_generation_rate_limit(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    codes = [
        (await user.post(f"/projects/{pid}/spec/generate-blueprint")).status_code for _ in range(11)
    ]
    assert codes[:10] == [202] * 10 and codes[10] == 429


async def test_classify_candidate_and_compare(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    candidate = SPEC_10.split("### Notification")[0]  # drops an entity
    r = await user.post(f"/projects/{pid}/revisions/classify", json={"spec": candidate})
    assert r.status_code == 200, r.text
    assert r.json()["overall"] == "blocked" and r.json()["from"] == 1
    assert any(c["reason"].startswith("entity deleted") for c in r.json()["changes"])
    r = await user.post(f"/projects/{pid}/revisions/classify", json={"spec": SPEC_10})
    assert r.json()["overall"] == "none"
    r = await user.post(
        f"/projects/{pid}/revisions/classify",
        json={"spec": "# Broken\n## Entities\n### T\n- a: strng\n"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["line"] == 4
    assert (await user.get(f"/projects/{pid}/revisions")).json()["data"][0][
        "number"
    ] == 1  # nothing saved
    r = await user.get(f"/projects/{pid}/revisions/compare", params={"from": 1, "to": 1})
    assert r.json()["overall"] == "none"
    assert (
        await user.get(f"/projects/{pid}/revisions/compare", params={"from": 1, "to": 7})
    ).status_code == 404
    detail = (await user.get(f"/projects/{pid}/revisions/1")).json()
    assert detail["ir"]["project"]["name"] == "Ten Entities" and detail["changeClass"] == "safe"


async def test_ir_json_schema_is_published(anon: httpx.AsyncClient) -> None:
    r = await anon.get("/blueprints/schema")
    assert r.status_code == 200
    schema = r.json()
    assert schema["title"].startswith("Slipway Blueprint IR")
    assert {"project", "entities", "api", "infrastructure"} <= set(schema["properties"])
