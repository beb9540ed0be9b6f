"""Projects: CRUD, pagination, archive semantics, ownership, mass assignment."""

from __future__ import annotations

import uuid

import httpx
import pytest
import sqlalchemy as sa

from tests.support import Stack

pytestmark = pytest.mark.db


async def create(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    r = await client.post("/projects", json={"name": "My App", **body})
    assert r.status_code == 201, r.text
    data: dict[str, object] = r.json()["data"]
    return data


async def test_000_flow_create_list_get(user: httpx.AsyncClient) -> None:
    project = await create(user, description="A task management application")
    assert project["name"] == "My App"
    assert project["status"] == "active"
    listed = (await user.get("/projects")).json()
    assert [p["id"] for p in listed["data"]] == [project["id"]]
    assert listed["meta"] == {"nextCursor": None}
    got = await user.get(f"/projects/{project['id']}")
    assert got.json()["data"] == project


async def test_mass_assignment_is_ignored(user: httpx.AsyncClient) -> None:
    forged = str(uuid.uuid4())
    project = await create(
        user, id=forged, ownerId=forged, status="archived", createdAt="2000-01-01T00:00:00Z"
    )
    assert project["id"] != forged
    assert project["ownerId"] != forged
    assert project["status"] == "active"
    assert not str(project["createdAt"]).startswith("2000")


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "ok", "description": "d" * 2001},
        {},
    ],
)
async def test_invalid_bodies_are_422(user: httpx.AsyncClient, body: dict[str, object]) -> None:
    r = await user.post("/projects", json=body)
    assert r.status_code == 422
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert r.json()["errors"][0]["field"].startswith("body")


async def test_pagination_walks_every_project_once(user: httpx.AsyncClient) -> None:
    ids = {str((await create(user, name=f"P{i}"))["id"]) for i in range(7)}
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = (await user.get("/projects", params=params)).json()
        seen += [p["id"] for p in page["data"]]
        cursor = page["meta"]["nextCursor"]
        if not cursor:
            break
    assert len(seen) == len(ids) and set(seen) == ids


async def test_bad_cursor_and_limit(user: httpx.AsyncClient) -> None:
    assert (await user.get("/projects", params={"cursor": "%%%"})).status_code == 422
    assert (await user.get("/projects", params={"limit": 0})).status_code == 422
    assert (await user.get("/projects", params={"limit": 101})).status_code == 422


async def test_patch_and_archive(user: httpx.AsyncClient) -> None:
    project = await create(user)
    r = await user.patch(f"/projects/{project['id']}", json={"name": "Renamed", "ownerId": "x"})
    assert r.status_code == 200 and r.json()["data"]["name"] == "Renamed"
    for _ in range(2):  # idempotent
        r = await user.delete(f"/projects/{project['id']}")
        assert r.status_code == 200 and r.json()["data"]["status"] == "archived"
    r = await user.patch(f"/projects/{project['id']}", json={"name": "Again"})
    assert r.status_code == 409 and r.json()["code"] == "PROJECT_ARCHIVED"
    assert (await user.get(f"/projects/{project['id']}")).status_code == 200
    assert project["id"] not in [p["id"] for p in (await user.get("/projects")).json()["data"]]
    archived = (await user.get("/projects", params={"includeArchived": "true"})).json()["data"]
    assert project["id"] in [p["id"] for p in archived]


async def test_other_users_project_is_404(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    project = await create(user)
    for method, body in (("GET", None), ("PATCH", {"name": "x"}), ("DELETE", None)):
        r = await other_user.request(method, f"/projects/{project['id']}", json=body)
        assert r.status_code == 404, method
        assert r.json()["code"] == "NOT_FOUND"
    assert (await other_user.get("/projects")).json()["data"] == []


@pytest.mark.parametrize("pid", ["abc", "123", str(uuid.uuid4()), "' OR 1=1 --"])
async def test_malformed_or_unknown_id_is_404(user: httpx.AsyncClient, pid: str) -> None:
    r = await user.get(f"/projects/{pid}")
    assert r.status_code == 404
    assert r.json()["code"] == "NOT_FOUND"


async def test_requires_auth(anon: httpx.AsyncClient) -> None:
    r = await anon.get("/projects")
    assert r.status_code == 401 and r.json()["code"] == "UNAUTHORIZED"


async def test_every_project_answer_carries_the_latest_drift_verdict(
    user: httpx.AsyncClient, stack: Stack
) -> None:
    """The list, the project and its updates say the same: the newest finished check per
    project (one query for a page), ``unknown`` before any."""
    first, second = await create(user, name="A"), await create(user, name="B")
    listed = {p["id"]: p["drift"] for p in (await user.get("/projects")).json()["data"]}
    assert listed == {first["id"]: first["drift"], second["id"]: second["drift"]}
    assert first["drift"] == {"status": "unknown", "checkedAt": None, "reportId": None}
    sqlite = stack.database_url.startswith("sqlite")

    def key(value: object) -> str:  # how each database stores a UUID
        return uuid.UUID(str(value)).hex if sqlite else str(value)

    newest = uuid.uuid4()
    engine = sa.create_engine(stack.database_url)  # finished checks, as the workflow records
    with engine.begin() as conn:
        for rid, status, day in (
            (uuid.uuid4(), "in_sync", 1),
            (newest, "drifted", 2),
            (uuid.uuid4(), "running", 3),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO drift_reports (id, project_id, owner_id, trigger, status, "
                    "created_at, completed_at) VALUES (:id, :p, :o, 'manual', :s, :c, :c)"
                ),
                {
                    "id": key(rid),
                    "p": key(first["id"]),
                    "o": key(first["ownerId"]),
                    "s": status,
                    "c": f"2026-01-0{day} 00:00:00",
                },
            )
    engine.dispose()
    listed = {p["id"]: p["drift"] for p in (await user.get("/projects")).json()["data"]}
    got = (await user.get(f"/projects/{first['id']}")).json()["data"]["drift"]
    renamed = await user.patch(f"/projects/{first['id']}", json={"name": "A2"})
    assert listed[first["id"]] == got == renamed.json()["data"]["drift"]
    assert got["status"] == "drifted" and got["reportId"] == str(newest)
    assert listed[second["id"]]["status"] == "unknown"
