"""The sandbox end to end: a project generated from a template, its sandbox started, tokens,
seeding and the generated API called over HTTP (the deployed handler code behind an API Gateway
event adapter, DynamoDB on the moto server or PostgreSQL in a schema of its own), its moves
between revisions, and who may manage it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.support import Api, Stack, random_ip, wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


async def template_project(user: Api, template: str) -> str:
    r = await user.post("/projects", json={"name": f"Try {template}", "templateId": template})
    assert r.status_code == 201, r.text
    pid = str(r.json()["data"]["id"])
    r = await user.post(f"/projects/{pid}/spec/generate-blueprint")
    assert r.status_code == 202, r.text
    bid = r.json()["blueprint"]["id"]
    assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "completed"
    return pid


async def started(user: Api, pid: str) -> dict[str, Any]:
    r = await user.post(f"/projects/{pid}/sandbox")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def token(user: Api, pid: str, **body: Any) -> str:
    r = await user.post(f"/projects/{pid}/sandbox/tokens", json=body)
    assert r.status_code == 200, r.text
    return str(r.json()["data"]["token"])


def client(stack: Stack, base: str, bearer: str | None = None) -> httpx.AsyncClient:
    headers = {"X-Forwarded-For": random_ip()}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return httpx.AsyncClient(base_url=base, headers=headers, timeout=30)


async def test_task_manager_sandbox_round_trip(stack: Stack, user: Api) -> None:
    pid = await template_project(user, "task-manager")
    box = await started(user, pid)
    assert box["revision"] == 1 and box["status"] == "ready" and box["store"] == "dynamodb"
    assert box["baseUrl"].endswith(f"/sandbox/{pid}") and box["docsUrl"].endswith("/docs")
    assert (await user.get(f"/projects/{pid}/sandbox")).json()["data"] == box
    member = await token(user, pid, sub="ann", roles=["member"])
    admin = await token(user, pid, sub="root", roles=["admin"])
    async with client(stack, box["baseUrl"], admin) as api:
        r = await api.post("/v1/members", json={"email": "ann@example.com", "name": "Ann"})
        assert r.status_code == 201, r.text
        owner = r.json()
        assert owner["role"] == "member"  # the default
        r = await api.post("/v1/members", json={"email": "ann@example.com", "name": "Twin"})
        assert r.status_code == 409 and r.json()["code"] == "CONFLICT"
    async with client(stack, box["baseUrl"], member) as api:
        r = await api.post("/v1/members", json={"email": "bo@example.com", "name": "Bo"})
        assert r.status_code == 403 and r.json()["code"] == "FORBIDDEN"  # admins only
        r = await api.post("/v1/projects", json={"name": "Launch", "owner_id": owner["id"]})
        assert r.status_code == 201, r.text
        project = r.json()
        r = await api.post("/v1/projects", json={"name": "Ghost", "owner_id": str(uuid.uuid4())})
        assert r.status_code == 422 and "owner_id" in r.json()["error"]
        r = await api.post("/v1/tasks", json={"title": "x" * 201, "project_id": project["id"]})
        assert r.status_code == 422 and "title" in r.json()["error"]
        r = await api.post("/v1/tasks", json={"title": "Ship", "project_id": project["id"]})
        assert r.status_code == 201, r.text
        task = r.json()
        r = await api.patch(f"/v1/tasks/{task['id']}", json={"status": "done"})
        assert r.status_code == 200 and r.json()["status"] == "done"
        r = await api.patch(f"/v1/tasks/{task['id']}", json={"status": "finished"})
        assert r.status_code == 422
        assert (await api.delete(f"/v1/tasks/{task['id']}")).status_code == 204
        assert (await api.get(f"/v1/tasks/{task['id']}")).status_code == 404  # soft-deleted
        r = await api.get("/v1/tasks", params={"limit": 51})
        assert r.status_code == 422
    async with client(stack, box["baseUrl"]) as anon:
        r = await anon.get("/v1/tasks")
        assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}
        assert (await anon.get("/health")).json() == {"status": "ok"}
        r = await anon.get("/v1/nowhere")
        assert r.status_code == 404 and r.json() == {"message": "Not Found"}


async def test_seed_fills_every_entity_and_respects_references(stack: Stack, user: Api) -> None:
    pid = await template_project(user, "blog")
    box = await started(user, pid)
    r = await user.post(f"/projects/{pid}/sandbox/seed", json={"count": 5})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["rows"] == {
        "Author": 5,
        "Category": 5,
        "Post": 5,
        "Tag": 5,
        "Comment": 5,
        "PostTag": 5,
    }
    async with client(stack, box["baseUrl"]) as anon:  # posts are public in the blog
        posts = (await anon.get("/v1/posts", params={"limit": 50})).json()["data"]
        categories = {c["id"] for c in (await anon.get("/v1/categories")).json()["data"]}
    assert len(posts) == 5
    assert all(p["status"] in ("draft", "published", "archived") for p in posts)
    assert {p["category_id"] for p in posts if "category_id" in p} <= categories


async def test_postgres_sandbox_isolates_tenants(stack: Stack, user: Api) -> None:
    """saas is a multi-tenant PostgreSQL blueprint: its functions run against a schema of
    their own through the Data API adapter; a tenant sees only its own rows."""
    pid = await template_project(user, "saas")
    box = await started(user, pid)
    assert box["store"] == "postgres"
    seeded = (await user.post(f"/projects/{pid}/sandbox/seed", json={"count": 6})).json()["data"]
    assert seeded["rows"]["Document"] == 6 and len(seeded["tenants"]) >= 1
    first = seeded["tenants"][0]
    mine = await token(user, pid, sub="u1", roles=["member"], tenant=first)
    other_org = str(uuid.uuid4())
    async with client(stack, box["baseUrl"], mine) as api:
        docs = (await api.get("/v1/documents", params={"limit": 50})).json()["data"]
        assert docs and all(d["organization_id"] == first for d in docs)
        projects = (await api.get("/v1/projects")).json()["data"]
        members = (await api.get("/v1/members")).json()["data"]
        body = {"title": "Plan", "project_id": projects[0]["id"], "author_id": members[0]["id"]}
        r = await api.post("/v1/documents", json=body | {"organization_id": other_org})
        assert r.status_code == 201, r.text
        created = r.json()
        assert created["organization_id"] == first  # stamped from the token, not the body
        r = await api.post("/v1/members", json={"email": members[0]["email"], "name": "Twin"})
        assert r.status_code == 409 and r.json()["code"] == "CONFLICT"
    other = next((t for t in seeded["tenants"] if t != first), None)
    theirs = await token(user, pid, sub="u2", roles=["member"], tenant=other or other_org)
    async with client(stack, box["baseUrl"], theirs) as api:
        assert (await api.get(f"/v1/documents/{created['id']}")).status_code == 404
        listed = (await api.get("/v1/documents", params={"limit": 50})).json()["data"]
        assert created["id"] not in {d["id"] for d in listed}
    no_tenant = await token(user, pid, sub="u3", roles=["member"])
    async with client(stack, box["baseUrl"], no_tenant) as api:
        r = await api.get("/v1/documents")
        assert r.status_code == 403 and r.json()["code"] == "FORBIDDEN"
