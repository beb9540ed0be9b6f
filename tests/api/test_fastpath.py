"""The fast request path (issue 15): status polls answered from memory before routing
(``api.events.fastpath``) answer what the endpoints answer, and the in-process caches behind
the request path (verified access tokens, API keys, owners) never outlive what they cache:
a logged-out session, a revoked key and an archived project take effect at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from api.audit.recorder import SAFE_METHODS, audit_of
from api.keys import service as api_keys
from api.keys.scopes import api_routes
from api.main import create_app
from api.state import AppState
from core.settings import Settings
from tests.support import Api, Stack, make_user, project_with_spec, wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]
SAME = ("etag", "cache-control", "content-type", "content-length", "x-ratelimit-limit")


def app_state(stack: Stack) -> AppState:
    app: Any = stack.api.server.config.app
    state: AppState = app.state.slipway
    return state


async def both_ways(stack: Stack, client: httpx.AsyncClient, url: str, **kw: Any) -> list[Any]:
    """The same request answered by the endpoint (fast path off), then by the fast path."""
    state = app_state(stack)
    answers = []
    for fast in (False, True):
        state.fast_status = fast
        before = state.fast_answers
        try:
            r = await client.get(url, **kw)
        finally:
            state.fast_status = True
        answers.append((r, state.fast_answers - before))
    return answers


async def test_fast_answers_are_the_endpoints_answers(stack: Stack, user: Api) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": False})
    await wait_status(user, f"/blueprints/{bid}/validation-status")
    for url in (f"/blueprints/{bid}/status", f"/blueprints/{bid}/validation-status"):
        (slow, n_slow), (fast, n_fast) = await both_ways(stack, user, url)
        assert (n_slow, n_fast) == (0, 1), url  # the second was answered before routing
        assert fast.status_code == slow.status_code == 200 and fast.content == slow.content
        assert {h: fast.headers[h] for h in SAME} == {h: slow.headers[h] for h in SAME}
        remaining = int(slow.headers["x-ratelimit-remaining"])
        assert int(fast.headers["x-ratelimit-remaining"]) == remaining - 1  # counted once
        assert (
            fast.headers["x-request-id"]
            and fast.headers["x-request-id"] != slow.headers["x-request-id"]
        )
        tag = {"If-None-Match": fast.headers["etag"]}
        (slow, n_slow), (fast, n_fast) = await both_ways(stack, user, url, headers=tag)
        assert (n_slow, n_fast) == (0, 1)
        assert fast.status_code == slow.status_code == 304 and fast.content == slow.content == b""
        assert sorted(fast.headers.keys()) == sorted(slow.headers.keys())


async def test_what_memory_cannot_answer_goes_to_the_endpoint(
    stack: Stack, user: Api, other_user: Api
) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    url = f"/blueprints/{bid}/status"
    await wait_status(user, url)
    assert (await user.get(url)).status_code == 200  # cached now
    state = app_state(stack)
    before = state.fast_answers
    assert (await other_user.get(url)).status_code == 404  # not the owner
    assert (await user.get(url, headers={"Authorization": "Bearer nope"})).status_code == 401
    assert (await user.get(f"/blueprints/{bid[:-1]}x/status")).status_code == 404
    assert state.fast_answers == before
    # A logged-out session is refused at once, though its token is cached as verified.
    assert (await user.post("/auth/logout")).status_code == 204
    r = await user.get(url)
    assert r.status_code == 401 and "ended" in r.json()["error"]
    assert state.fast_answers == before


async def test_a_revoked_key_is_refused_at_once(stack: Stack, user: Api) -> None:
    r = await user.post("/api-keys", json={"name": "dash", "scopes": ["projects:read"]})
    created = r.json()["data"]
    headers = {"Authorization": f"Bearer {created['key']}"}
    async with httpx.AsyncClient(base_url=stack.url, headers=headers) as key:
        for _ in range(3):
            assert (await key.get("/projects")).status_code == 200  # known: no lookup
        assert any(k.key_id and str(k.key_id) == created["id"] for _, k in api_keys.KNOWN.items())
        assert (await user.delete(f"/api-keys/{created['id']}")).status_code == 204
        r = await key.get("/projects")
        assert r.status_code == 401 and "revoked" in r.json()["error"]


async def test_an_archived_project_refuses_changes_at_once(stack: Stack, user: Api) -> None:
    pid = (await user.post("/projects", json={"name": "gone"})).json()["data"]["id"]
    for _ in range(3):
        assert (await user.patch(f"/projects/{pid}", json={"name": "still"})).status_code == 200
    assert (await user.delete(f"/projects/{pid}")).status_code == 200
    r = await user.patch(f"/projects/{pid}", json={"name": "no"})
    assert r.status_code == 409 and r.json()["code"] == "PROJECT_ARCHIVED"


async def test_a_bound_key_reaches_cached_operations_of_its_project_only(
    stack: Stack, user: Api
) -> None:
    mine = await project_with_spec(user)
    other = (await user.post("/projects", json={"name": "other"})).json()["data"]["id"]
    bid = (await user.post(f"/projects/{mine}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")  # its owner is cached now
    for project, expected in ((mine, 200), (other, 403)):
        body = {"name": "bound", "scopes": ["projects:read"], "projectId": project}
        key = (await user.post("/api-keys", json=body)).json()["data"]["key"]
        async with httpx.AsyncClient(
            base_url=stack.url, headers={"Authorization": f"Bearer {key}"}
        ) as client:
            for _ in range(2):
                r = await client.get(f"/blueprints/{bid}/status")
                assert r.status_code == expected, r.text


def test_no_safe_method_is_audited() -> None:
    """The audit middleware passes GET, HEAD and OPTIONS straight through: none is audited."""
    app = create_app(Settings(slipway_env="test", jwt_secret="x" * 40))
    routes = [r for r in api_routes(app.router.routes) if isinstance(r, APIRoute)]
    assert routes
    for route in routes:
        if set(route.methods or ()) & SAFE_METHODS:
            assert audit_of(route.endpoint) is None, route.path


async def test_a_new_user_sees_none_of_the_cached_answers(stack: Stack, user: Api) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    stranger = await make_user(stack)
    try:
        tag = (await user.get(f"/blueprints/{bid}/status")).headers["etag"]
        r = await stranger.get(f"/blueprints/{bid}/status", headers={"If-None-Match": tag})
        assert r.status_code == 404
    finally:
        await stranger.aclose()
