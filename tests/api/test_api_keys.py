"""API keys (issue 19): create (secret shown once, stored as a hash), list, revoke at once,
expiry; every endpoint declares its scope (checked over the whole app) and enforces it; keys
bound to a project; keys never manage keys; rate limits and lastUsedAt per key."""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute

from api.deps import current_principal
from api.keys.scopes import Scope, access_of, api_routes
from tests.support import Api, Stack, generated, random_ip

pytestmark = pytest.mark.db
ALL = [s.value for s in Scope]
SPEC = "# Keyed\n\n## Entities\n\n### Note\n- title: string, required\n"

# Public on purpose: authentication itself, health, documentation, templates, the dashboard,
# and a project's sandbox API (it stands for the deployed API: its own tokens, no Slipway login).
EXEMPT_PATHS = {"/auth/signup", "/auth/login", "/auth/refresh", "/blueprints/schema", "/"}
EXEMPT_PREFIXES = (
    "/health",
    "/templates",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/assets/",
    "/sandbox/",
)


def _uses(dependant: Any, call: Any) -> bool:
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


def test_every_route_of_the_app_declares_its_scope() -> None:
    from api.main import create_app
    from core.settings import Settings

    app = create_app(Settings(slipway_env="test", jwt_secret="x" * 40))
    routes = api_routes(app.router.routes)
    assert len(routes) > 40
    undeclared, public_but_guarded = [], []
    for route in routes:
        assert isinstance(route, APIRoute)
        exempt = route.path in EXEMPT_PATHS or route.path.startswith(EXEMPT_PREFIXES)
        guarded = _uses(route.dependant, current_principal)
        if exempt and guarded:
            public_but_guarded.append(route.path)
        if not exempt and access_of(route.endpoint) is None:
            undeclared.append(f"{sorted(route.methods or ())} {route.path}")
    assert not undeclared, "routes without a declared scope (@requires):\n" + "\n".join(undeclared)
    assert not public_but_guarded, public_but_guarded
    # and the document shows each declaration
    document = app.openapi()
    for path, item in document["paths"].items():
        for method, op in item.items():
            if "security" not in op:
                assert path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES), path
                continue
            assert "x-required-scope" in op, (method, path)
            scope = op["x-required-scope"]
            assert scope is None or scope in ALL, (method, path, scope)
            if op["x-api-keys"] == "allowed":
                assert {"apiKey": [scope] if scope else []} in op["security"], (method, path)
                assert ("403" in op["responses"]) == (scope is not None), (method, path)
            else:
                assert op["security"] == [{"bearerAuth": []}] and "403" in op["responses"]
    deploy = document["paths"]["/projects/{project_id}/deploy"]["post"]
    assert deploy["x-required-scope"] == "deploy"
    assert {"apiKey": ["deploy"]} in deploy["security"]
    assert document["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    assert document["paths"]["/api-keys"]["post"]["x-api-keys"] == "refused"


async def new_key(client: Api, scopes: list[str], **extra: Any) -> dict[str, Any]:
    r = await client.post("/api-keys", json={"name": "ci", "scopes": scopes, **extra})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def as_key(stack: Stack, key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=stack.url,
        timeout=30,
        headers={"Authorization": f"Bearer {key}", "X-Forwarded-For": random_ip()},
    )


@pytest.fixture
async def document(stack: Stack) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.url) as client:
        return dict((await client.get("/openapi.json")).json())


async def test_create_shows_the_secret_once_and_stores_only_its_hash(
    stack: Stack, user: Api
) -> None:
    created = await new_key(user, ["projects:read", "deploy", "projects:read"], name="CI deploy")
    key = created["key"]
    assert re.fullmatch(r"slw_[A-Za-z0-9_-]{51}", key)
    assert created["prefix"] == key[:12] and created["scopes"] == ["projects:read", "deploy"]
    assert created["lastUsedAt"] is None and created["expiresAt"] is None
    listed = (await user.get("/api-keys")).json()
    row = next(k for k in listed["data"] if k["id"] == created["id"])
    assert "key" not in row and key not in str(listed)
    assert set(row) == {
        "id",
        "name",
        "prefix",
        "scopes",
        "projectId",
        "createdAt",
        "expiresAt",
        "lastUsedAt",
    }
    engine = sa.create_engine(stack.database_url)
    with engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT * FROM api_keys WHERE prefix = :p"), {"p": created["prefix"]}
        ).one()
    engine.dispose()
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(tuple(stored))
    async with as_key(stack, key) as client:
        me = await client.get("/auth/me")
        assert me.status_code == 200 and me.json()["data"]["email"] == user.email


async def test_invalid_key_requests_are_422(user: Api) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    for body in (
        {"name": "x", "scopes": []},
        {"name": "x", "scopes": ["root"]},
        {"name": "", "scopes": ["deploy"]},
        {"name": "x", "scopes": ["deploy"], "expiresAt": past},
        {"name": "x", "scopes": ["deploy"], "expiresAt": "2099-01-01T00:00:00"},  # no zone
        {"name": "x", "scopes": ["deploy"], "projectId": "not-a-uuid"},
    ):
        r = await user.post("/api-keys", json=body)
        assert r.status_code == 422, (body, r.text)
    r = await user.post(
        "/api-keys", json={"name": "x", "scopes": ["deploy"], "projectId": str(uuid.uuid4())}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.projectId"


async def test_revoked_and_expired_keys_are_401(stack: Stack, user: Api, other_user: Api) -> None:
    created = await new_key(user, ["projects:read"])
    async with as_key(stack, created["key"]) as client:
        assert (await client.get("/projects")).status_code == 200
        assert (await other_user.delete(f"/api-keys/{created['id']}")).status_code == 404
        assert (await user.delete(f"/api-keys/{created['id']}")).status_code == 204
        r = await client.get("/projects")
        assert r.status_code == 401 and "revoked" in r.json()["error"]
        assert (await user.delete(f"/api-keys/{created['id']}")).status_code == 404
    listed = (await user.get("/api-keys")).json()["data"]
    assert created["id"] not in {k["id"] for k in listed}

    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    expiring = await new_key(user, ["projects:read"], expiresAt=soon)
    async with as_key(stack, expiring["key"]) as client:
        assert (await client.get("/projects")).status_code == 200
        deadline = time.monotonic() + 15
        while (r := await client.get("/auth/me")).status_code == 200:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.25)  # polling the condition, within the per-key limit
        assert r.status_code == 401 and "expired" in r.json()["error"]
    for token in (f"slw_{uuid.uuid4().hex}", "slw_" + "A" * 51, created["key"][:-1] + "x"):
        async with as_key(stack, token) as client:
            r = await client.get("/auth/me")
            assert r.status_code == 401 and r.json()["code"] == "UNAUTHORIZED"


async def test_a_key_never_manages_keys(stack: Stack, user: Api) -> None:
    created = await new_key(user, ALL)
    async with as_key(stack, created["key"]) as client:
        for method, url in (("POST", "/api-keys"), ("GET", "/api-keys")):
            r = await client.request(method, url, json={"name": "x", "scopes": ALL})
            assert r.status_code == 403 and r.json()["code"] == "INSUFFICIENT_SCOPE", url
        r = await client.delete(f"/api-keys/{created['id']}")
        assert r.status_code == 403
        r = await client.post("/auth/logout")
        assert r.status_code == 403
        assert (await client.get("/auth/me")).status_code == 200  # the key still works


def fill(path: str) -> str:
    """Path parameters that cannot exist: past the scope check, the endpoint answers 404."""
    return re.sub(
        r"\{[^}]+\}",
        lambda m: "1" if "version" in m.group(0) or "number" in m.group(0) else str(uuid.uuid4()),
        path,
    )


async def test_every_endpoint_enforces_its_scope(
    stack: Stack, user: Api, document: dict[str, Any]
) -> None:
    """For every operation: a key with every scope but the one required gets 403; a key with
    only that scope gets past the check (whatever the endpoint then answers)."""
    without = {s: (await new_key(user, [o for o in ALL if o != s]))["key"] for s in ALL}
    only = {s: (await new_key(user, [s]))["key"] for s in ALL}
    refused_all = (await new_key(user, ALL))["key"]
    checked = 0
    for path, item in document["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "x-required-scope" not in op:
                continue
            scope, url = op["x-required-scope"], fill(path)
            if op["x-api-keys"] == "refused":
                async with as_key(stack, refused_all) as client:
                    r = await client.request(method.upper(), url)
                assert r.status_code == 403, (method, path)
                continue
            if scope is None:
                continue
            async with as_key(stack, without[scope]) as client:
                r = await client.request(method.upper(), url)
            assert r.status_code == 403, (method, path, r.status_code, r.text)
            assert r.json() | {"requiredScope": scope} == r.json(), (method, path, r.text)
            async with as_key(stack, only[scope]) as client:
                r = await client.request(method.upper(), url)
            assert r.status_code not in (401, 403), (method, path, r.status_code, r.text)
            checked += 1
    assert checked >= 40


async def test_rate_limits_count_per_key(stack: Stack, user: Api) -> None:
    first = await new_key(user, ["projects:read"])
    second = await new_key(user, ["projects:read"])
    async with as_key(stack, first["key"]) as client:
        codes = [(await client.get("/projects")).status_code for _ in range(101)]
    assert codes.count(200) == 100 and codes[-1] == 429
    async with as_key(stack, second["key"]) as client:
        assert (await client.get("/projects")).status_code == 200
    assert (await user.get("/projects")).status_code == 200  # the user's own budget


async def test_last_used_is_recorded_at_most_once_a_minute(stack: Stack, user: Api) -> None:
    created = await new_key(user, ["projects:read"])

    async def last_used() -> str | None:
        listed = (await user.get("/api-keys")).json()["data"]
        value: str | None = next(k for k in listed if k["id"] == created["id"])["lastUsedAt"]
        return value

    assert await last_used() is None
    async with as_key(stack, created["key"]) as client:
        assert (await client.get("/projects")).status_code == 200
        first = await last_used()
        assert first is not None
        for _ in range(3):
            assert (await client.get("/projects")).status_code == 200
    assert await last_used() == first


@pytest.fixture
async def projects(stack: Stack, user: Api, other_user: Api) -> AsyncIterator[dict[str, str]]:
    ids = {}
    for name, owner in (("p", user), ("q", user), ("r", other_user)):
        r = await owner.post("/projects", json={"name": name})
        ids[name] = r.json()["data"]["id"]
    yield ids


async def test_a_project_bound_key_reaches_only_its_project(
    stack: Stack, user: Api, other_user: Api, projects: dict[str, str], worker: Any
) -> None:
    p, q, r_ = projects["p"], projects["q"], projects["r"]
    assert (
        await user.post("/api-keys", json={"name": "x", "scopes": ALL, "projectId": r_})
    ).status_code == 422  # another user's project: not one of yours
    bound_p = await new_key(user, ALL, projectId=p)
    bound_q = await new_key(user, ALL, projectId=q)
    assert bound_p["projectId"] == p
    _, blueprint = await generated(user, SPEC, q)
    async with as_key(stack, bound_p["key"]) as client:
        assert (await client.get(f"/projects/{p}")).status_code == 200
        assert (
            await client.post(f"/projects/{p}/spec/apply", json={"content": SPEC})
        ).status_code == 201
        for url in (f"/projects/{q}", f"/blueprints/{blueprint}", f"/projects/{q}/blueprints"):
            got = await client.get(url)
            assert got.status_code == 403 and got.json()["code"] == "INSUFFICIENT_SCOPE", url
        assert "another project" in got.json()["error"]
        assert (await client.get(f"/projects/{r_}")).status_code == 404  # not theirs: as ever
        assert (await client.get(f"/blueprints/{uuid.uuid4()}")).status_code == 404
        for url in ("/projects", "/usage/me"):  # account-wide
            got = await client.get(url)
            assert got.status_code == 403, url
        assert (await client.post("/projects", json={"name": "n"})).status_code == 403
        assert (await client.get("/auth/me")).status_code == 200
    async with as_key(stack, bound_q["key"]) as client:
        assert (await client.get(f"/blueprints/{blueprint}")).status_code == 200
        preview = await client.post(f"/projects/{q}/validate")
        assert preview.status_code in (200, 202), preview.text
        deployment = preview.json().get("deployment", preview.json().get("data", {}))["id"]
        assert (await client.get(f"/deployments/{deployment}")).status_code == 200
    async with as_key(stack, bound_p["key"]) as client:
        got = await client.get(f"/deployments/{deployment}")
        assert got.status_code == 403


async def test_a_project_bound_key_gets_stream_tickets_for_its_project_only(
    stack: Stack, user: Api, projects: dict[str, str]
) -> None:
    p, q = projects["p"], projects["q"]
    bound = await new_key(user, [Scope.PROJECTS_READ], projectId=p)
    async with as_key(stack, bound["key"]) as client:
        for body in ({}, {"projectId": p}):  # asked for or not, the ticket is the key's project's
            r = await client.post("/auth/stream-ticket", json=body)
            assert r.status_code == 201, r.text
            ticket = r.json()["data"]["ticket"]
            async with httpx.AsyncClient(base_url=stack.url) as anon:
                other = await anon.get(f"/projects/{q}/events?ticket={ticket}")
            assert other.status_code == 404
        r = await client.post("/auth/stream-ticket", json={"projectId": q})
        assert r.status_code == 403 and r.json()["code"] == "INSUFFICIENT_SCOPE"
    async with (
        as_key(stack, bound["key"]) as client,
        httpx.AsyncClient(base_url=stack.url, timeout=10) as anon,
    ):
        ticket = (await client.post("/auth/stream-ticket")).json()["data"]["ticket"]
        async with anon.stream("GET", f"/projects/{p}/events?ticket={ticket}") as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
