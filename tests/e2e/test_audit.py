"""The audit log end to end: an entry for each state-changing action (actor, IP through the
trusted proxy, request id, target, outcome with code), only the caller's own entries, filters
and cursor pages, and no way to change or delete an entry (no API; the database refuses too)."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from core.temporal.client import TemporalHandle
from core.temporal_ops import ensure_drift_schedule, schedule_id
from tests.e2e.ops_support import (  # noqa: F401 (fixtures)
    Ops,
    add_webhook,
    alice_fixture,
    bob_fixture,
    new_project,
    ops_fixture,
)
from tests.e2e.webhook_receiver import Receiver
from tests.support import PASSWORD, Stack, get_json, random_ip

pytestmark = pytest.mark.db
SPEC = "# Notes\n\n## Entities\n\n### Note\n- title: string\n"


async def entries(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    body = await get_json(client, "/audit", **params)
    return list(body["data"])


def one(found: list[dict[str, Any]], action: str) -> dict[str, Any]:
    matching = [e for e in found if e["action"] == action]
    assert matching, f"no {action} in {[e['action'] for e in found]}"
    return matching[0]


async def recorded(
    client: httpx.AsyncClient, actor: str, timeout: float = 30, **params: Any
) -> dict[str, Any]:
    """The newest entry of ``actor`` matching ``params``, once a worker has written it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [e for e in await entries(client, **params) if e["actor"] == actor]
        if found:
            return found[0]
        await asyncio.sleep(0.2)
    raise AssertionError(f"no entry by {actor} for {params}")


async def test_each_action_is_recorded_with_who_where_and_outcome(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    me = (await alice.get("/auth/me")).json()["data"]["id"]
    ip = alice.headers["X-Forwarded-For"]
    r = await alice.post("/projects", json={"name": "Audited"}, headers={"X-Request-ID": "req-1"})
    pid = r.json()["data"]["id"]
    assert (await alice.patch(f"/projects/{pid}", json={"name": "Renamed"})).status_code == 200
    assert (await alice.post(f"/projects/{pid}/spec/apply", json={"content": SPEC})).status_code
    assert (await alice.post(f"/projects/{pid}/spec/undo")).status_code in (200, 409)
    r = await alice.post(f"/projects/{pid}/spec/generate-blueprint")
    assert r.status_code == 202
    bid = r.json()["blueprint"]["id"]
    assert (await alice.post(f"/blueprints/{bid}/validate", json={})).status_code
    hook = await add_webhook(alice, pid, "http://127.0.0.1:9/hook", ["drift.detected"])
    r = await alice.post(f"/webhooks/{hook['id']}/ping")
    assert r.status_code == 202
    redeliver = f"/webhooks/{hook['id']}/deliveries/{r.json()['data']['id']}/redeliver"
    assert (await alice.post(redeliver)).status_code == 202
    assert (await alice.delete(f"/webhooks/{hook['id']}")).status_code == 204
    assert (await alice.post(f"/projects/{pid}/drift")).status_code == 202
    assert (await alice.post(f"/projects/{pid}/deploy")).status_code in (202, 409)
    assert (await alice.post(f"/projects/{pid}/validate", json={})).status_code  # a preview
    assert (await alice.post(f"/projects/{pid}/rollback")).status_code
    assert (await alice.delete(f"/projects/{pid}/stack")).status_code
    assert (await alice.post(f"/projects/{pid}/sandbox/tokens", json={})).status_code
    # a request made with an API key is the key's
    r = await alice.post("/api-keys", json={"name": "ci", "scopes": ["projects:write"]})
    assert r.status_code == 201, r.text
    key_id, secret = r.json()["data"]["id"], r.json()["data"]["key"]
    with_key = {"Authorization": f"Bearer {secret}", "X-Request-ID": "req-key"}
    r = await alice.patch(f"/projects/{pid}", json={"description": "by CI"}, headers=with_key)
    assert r.status_code == 200, r.text
    assert (await alice.delete(f"/projects/{pid}")).status_code == 200
    # refused: bob on alice's project (404), a conflict (archived: 409)
    assert (await bob.patch(f"/projects/{pid}", json={"name": "x"})).status_code == 404
    r = await alice.post(f"/projects/{pid}/spec/apply", json={"content": SPEC})
    assert r.status_code == 409

    found = await entries(alice, limit=100)
    created = one(found, "project.create")
    assert created["actor"] == f"user:{me}" and created["ip"] == ip
    assert created["requestId"] == "req-1" and created["outcome"] == "success"
    assert created["targetKind"] == "project" and created["targetId"] == pid
    assert created["projectId"] == pid and created["statusCode"] == 201
    for action in (
        "project.update",
        "spec.apply",
        "spec.undo",
        "generation.start",
        "validation.start",
        "webhook.create",
        "webhook.ping",
        "webhook.redeliver",
        "webhook.delete",
        "drift.check",
        "deployment.deploy",
        "deployment.preview",
        "deployment.rollback",
        "deployment.destroy",
        "sandbox.token",
        "project.archive",
    ):
        entry = one(found, action)
        assert entry["projectId"] == pid, entry
        assert entry["requestId"] and entry["ip"] == ip
    assert one(found, "webhook.ping")["targetKind"] == "webhook"
    assert one(found, "webhook.ping")["targetId"] == hook["id"]
    assert one(found, "webhook.redeliver")["targetKind"] == "delivery"
    assert one(found, "validation.start")["targetKind"] == "blueprint"
    by_key = [e for e in found if e["requestId"] == "req-key"]
    assert len(by_key) == 1 and by_key[0]["action"] == "project.update", by_key
    assert by_key[0]["actor"] == f"api_key:{key_id}" and by_key[0]["outcome"] == "success"
    conflict = [e for e in found if e["action"] == "spec.apply" and e["outcome"] != "success"]
    assert conflict[0]["outcome"] == "failed" and conflict[0]["errorCode"] == "PROJECT_ARCHIVED"
    # bob's refused attempt is in bob's log, not alice's
    assert not [e for e in found if e["actor"] not in (f"user:{me}", f"api_key:{key_id}")]
    theirs = one(await entries(bob), "project.update")
    assert theirs["outcome"] == "denied" and theirs["errorCode"] == "NOT_FOUND"
    assert theirs["targetId"] == pid and theirs["statusCode"] == 404
    # reads are not audited
    assert not [e for e in found if e["method"] == "GET"]


async def test_deployment_decisions_are_recorded(alice: httpx.AsyncClient) -> None:
    missing = str(uuid.uuid4())
    for path, action in (
        ("continue", "deployment.continue_deploy"),
        ("rollback", "deployment.request_rollback"),
        ("cancel", "deployment.cancel"),
    ):
        assert (await alice.post(f"/deployments/{missing}/{path}")).status_code == 404
        entry = one(await entries(alice, action=action), action)
        assert entry["targetKind"] == "deployment" and entry["targetId"] == missing
        assert entry["outcome"] == "denied" and entry["projectId"] is None


async def test_filters_pages_and_isolation(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    first, second = await new_project(alice, "One"), await new_project(alice, "Two")
    for pid in (first, second):
        await alice.patch(f"/projects/{pid}", json={"description": "d"})
    only = await entries(alice, projectId=first)
    assert only and {e["projectId"] for e in only} == {first}
    updates = await entries(alice, action="project.update")
    assert {e["projectId"] for e in updates} >= {first, second}
    family = await entries(alice, action="project")
    assert {e["action"] for e in family} >= {"project.create", "project.update"}
    page = await get_json(alice, "/audit", limit=1)
    assert len(page["data"]) == 1 and page["meta"]["nextCursor"]
    rest = await get_json(alice, "/audit", limit=100, cursor=page["meta"]["nextCursor"])
    assert page["data"][0]["id"] not in {e["id"] for e in rest["data"]}
    assert await entries(bob, projectId=first) == []
    assert (await alice.get("/audit", params={"cursor": "garbage"})).status_code == 422
    assert (await alice.get("/audit", params={"action": "DROP TABLE"})).status_code == 422


async def test_sign_in_out_and_api_keys_are_recorded(
    stack: Stack, alice: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    email = f"audit-{uuid.uuid4().hex[:8]}@example.com"
    client = httpx.AsyncClient(base_url=str(alice.base_url), timeout=30)
    client.headers["X-Forwarded-For"] = random_ip()
    try:
        assert (
            await client.post("/auth/signup", json={"email": email, "password": PASSWORD})
        ).status_code == 201
        bad = await client.post("/auth/login", json={"email": email, "password": "wrong" * 3})
        assert bad.status_code == 401
        r = await client.post("/auth/login", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200
        tokens = r.json()
        client.headers["Authorization"] = f"Bearer {tokens['accessToken']}"
        key = await client.post("/api-keys", json={"name": "ci", "scopes": ["audit:read"]})
        assert key.status_code == 201, key.text
        key_id = key.json()["data"]["id"]
        assert (await client.delete(f"/api-keys/{key_id}")).status_code == 204
        found = await entries(client, limit=100)
        login = one(found, "auth.login")
        assert login["outcome"] == "success" and login["actor"].startswith("user:")
        assert one(found, "auth.signup")["outcome"] == "success"
        assert one(found, "api_key.create")["targetId"] == key_id
        assert one(found, "api_key.revoke")["targetKind"] == "api_key"
        r = await client.post("/auth/logout", json={"refreshToken": tokens["refreshToken"]})
        assert r.status_code == 204
    finally:
        await client.aclose()
    engine = sa.create_engine(stack.database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT action, outcome, actor FROM audit_log WHERE action LIKE 'auth.%'")
        ).all()
    engine.dispose()
    assert ("auth.logout", "success") in {(a, o) for a, o, _ in rows}
    assert ("auth.login", "denied", "anonymous") in set(rows)  # the wrong password


async def test_the_log_is_append_only(stack: Stack, alice: httpx.AsyncClient) -> None:
    await new_project(alice)
    entry = (await entries(alice))[0]
    for method in ("PUT", "PATCH", "DELETE"):
        r = await alice.request(method, "/audit")
        assert r.status_code == 405
        assert (await alice.request(method, f"/audit/{entry['id']}")).status_code in (404, 405)
    engine = sa.create_engine(stack.database_url)
    key = uuid.UUID(entry["id"]).hex if stack.database_url.startswith("sqlite") else entry["id"]
    for statement in (
        "UPDATE audit_log SET outcome = 'success' WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(sa.text(statement), {"id": key})
    engine.dispose()
    assert (await entries(alice))[0] == entry


async def test_a_scheduled_drift_check_is_recorded_as_the_schedule(
    ops: Ops, alice: httpx.AsyncClient
) -> None:
    """The project's Temporal Schedule (as a completed deploy creates it) runs a check: the
    owner's log says the schedule did it."""
    pid = await new_project(alice, "Scheduled")
    me = (await get_json(alice, "/auth/me"))["data"]["id"]
    await ensure_drift_schedule(
        TemporalHandle(ops.settings, ops.temporal), uuid.UUID(pid), uuid.UUID(me)
    )
    schedule = ops.temporal.get_schedule_handle(schedule_id(pid))
    try:
        await schedule.trigger()
        entry = await recorded(alice, "system:schedule", projectId=pid, action="drift.check")
    finally:
        await schedule.delete()
    assert (entry["targetKind"], entry["targetId"]) == ("project", pid)
    assert entry["outcome"] == "success" and entry["method"] == "SCHEDULE"
    assert entry["path"].startswith(f"drift-scheduled:{pid}") and entry["requestId"]
    report = (await get_json(alice, f"/projects/{pid}/drift"))["data"]
    assert report["trigger"] == "schedule"


async def test_a_webhook_disabled_after_a_410_is_recorded(alice: httpx.AsyncClient) -> None:
    receiver = Receiver().start()
    receiver.status = 410
    try:
        pid = await new_project(alice, "Gone")
        hook = await add_webhook(alice, pid, receiver.url(), ["drift.detected"])
        r = await alice.post(f"/webhooks/{hook['id']}/ping")
        delivery = r.json()["data"]["id"]
        entry = await recorded(alice, "system:webhooks", projectId=pid, action="webhook.disable")
    finally:
        receiver.stop()
    assert (entry["targetKind"], entry["targetId"]) == ("webhook", hook["id"])
    assert entry["statusCode"] == 410 and entry["outcome"] == "success"
    assert entry["path"] == f"/webhooks/{hook['id']}/deliveries/{delivery}"
    listed = (await get_json(alice, f"/projects/{pid}/webhooks"))["data"][0]
    assert listed["active"] is False
    assert len(await entries(alice, projectId=pid, action="webhook.disable")) == 1
