"""Security suite organised by the OWASP API Security Top 10 (2023)."""

from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest

from tests.support import Stack, get_json, make_user, wait_status

pytestmark = pytest.mark.usefixtures("worker")


async def owned_resources(user: httpx.AsyncClient) -> dict[str, str]:
    """A project with a spec, a blueprint, a revision, a validation and a preview deployment."""
    pid = (
        await user.post("/projects", json={"name": "Mine", "templateId": "task-manager"})
    ).json()["data"]["id"]
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": False})
    await wait_status(user, f"/blueprints/{bid}/validation-status")
    r = await user.post(f"/projects/{pid}/validate")
    did = (r.json().get("data") or r.json()["deployment"])["id"]
    return {
        "project_id": pid,
        "blueprint_id": bid,
        "deployment_id": did,
        "number": "1",
        "version": "1",
    }


# API1:2023 Broken Object Level Authorization ------------------------------------------------


async def test_bola_every_endpoint_with_an_id_is_404_for_another_user(
    stack: Stack, user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    ids = await owned_resources(user)
    spec = (await user.get("/openapi.json")).json()
    checked = 0
    for path, item in spec["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if not params or not any(
            p in ("project_id", "blueprint_id", "deployment_id") for p in params
        ):
            continue
        url = path
        for p in params:
            url = url.replace(f"{{{p}}}", ids.get(p, "1"))
        for method in item:
            if method not in ("get", "post", "patch", "delete", "put"):
                continue
            body = {
                "name": "x",
                "content": "# X\n",
                "message": "hi",
                "role": "system",
                "deploymentId": ids["deployment_id"],
            }
            r = await other_user.request(method.upper(), url, json=body)
            if r.status_code == 429:
                await asyncio.sleep(float(r.headers.get("retry-after", "1")))
                r = await other_user.request(method.upper(), url, json=body)
            assert r.status_code in (404, 422), (method, url, r.status_code, r.text[:200])
            if r.status_code == 422:  # body validation ran first: the id must still be unknown
                r2 = await other_user.request(method.upper(), url)
                assert r2.status_code in (404, 422), (method, url)
            assert "Mine" not in r.text
            checked += 1
    assert checked >= 35, checked
    # and the owner still sees everything
    assert (await user.get(f"/projects/{ids['project_id']}")).status_code == 200


# API2:2023 Broken Authentication --------------------------------------------------------------


async def test_login_brute_force_hits_the_limit(stack: Stack) -> None:
    victim = await make_user(stack)
    async with httpx.AsyncClient(
        base_url=stack.url, headers={"X-Forwarded-For": "203.0.113.99"}
    ) as attacker:
        codes = [
            (
                await attacker.post(
                    "/auth/login", json={"email": victim.email, "password": f"guess-{i:06d}"}
                )
            ).status_code
            for i in range(12)
        ]
    # five failures, then the account's delay for new addresses (429 LOGIN_THROTTLED) and,
    # past 10 a minute from this address, the per-IP limit (429 RATE_LIMITED)
    assert codes[:5] == [401] * 5 and set(codes[5:]) <= {401, 429} and codes[10:] == [429] * 2
    await victim.aclose()


# API3:2023 Broken Object Property Level Authorization (mass assignment) -------------------------


async def test_mass_assignment_on_write_endpoints(user: httpx.AsyncClient) -> None:
    forged = {
        "id": "00000000-0000-0000-0000-000000000001",
        "ownerId": "00000000-0000-0000-0000-000000000002",
        "status": "archived",
        "version": 99,
        "createdAt": "2000-01-01T00:00:00Z",
        "userId": "x",
        "owner_id": "x",
    }
    p = (await user.post("/projects", json={"name": "MA", **forged})).json()["data"]
    assert p["status"] == "active" and p["id"] != forged["id"] and p["ownerId"] != forged["ownerId"]
    p2 = (await user.patch(f"/projects/{p['id']}", json={"name": "MA2", **forged})).json()["data"]
    assert p2["status"] == "active" and p2["ownerId"] == p["ownerId"]
    spec = "# MA\n\n## Entities\n\n### T\n- a: string\n"
    applied = (
        await user.post(f"/projects/{p['id']}/spec/apply", json={"content": spec, **forged})
    ).json()
    assert applied["spec"]["version"] == 1
    msg = (
        await user.post(
            f"/projects/{p['id']}/spec/chat/message",
            json={"role": "system", "content": "x", **forged},
        )
    ).json()
    assert msg["message"]["id"] != forged["id"]
    gen = (await user.post(f"/projects/{p['id']}/spec/generate-blueprint", json=forged)).json()
    assert gen["blueprint"]["status"] == "processing" and gen["blueprint"]["id"] != forged["id"]
    me = (await get_json(user, "/auth/me"))["data"]
    assert set(me) == {"id", "email", "createdAt"}


# API4:2023 Unrestricted Resource Consumption ----------------------------------------------------


async def test_deeply_nested_and_huge_json_is_refused_cleanly(user: httpx.AsyncClient) -> None:
    nested = "[" * 50_000 + "]" * 50_000
    r = await user.post(
        "/projects", content=nested.encode(), headers={"content-type": "application/json"}
    )
    assert r.status_code in (400, 413, 422)
    assert r.json()["code"] in ("BAD_REQUEST", "PAYLOAD_TOO_LARGE", "VALIDATION_ERROR")
    deep = '{"name": "x", "description": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    r = await user.post(
        "/projects", content=deep.encode(), headers={"content-type": "application/json"}
    )
    assert r.status_code in (400, 422) and r.json()["status"] == r.status_code
    r = await user.post(
        "/projects", content=b"x" * (3 * 1024 * 1024), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


async def test_many_concurrent_generations_per_user_are_limited(user: httpx.AsyncClient) -> None:
    pid = (await user.post("/projects", json={"name": "Flood", "templateId": "crm"})).json()[
        "data"
    ]["id"]
    responses = await asyncio.gather(
        *[user.post(f"/projects/{pid}/spec/generate-blueprint") for _ in range(25)]
    )
    codes = [r.status_code for r in responses]
    assert codes.count(202) == 10 and codes.count(429) == 15


# API5:2023 Broken Function Level Authorization --------------------------------------------------


async def test_users_cannot_post_as_the_user_role_or_reach_others_functions(
    user: httpx.AsyncClient,
) -> None:
    pid = (await user.post("/projects", json={"name": "F"})).json()["data"]["id"]
    r = await user.post(
        f"/projects/{pid}/spec/chat/message", json={"role": "user", "content": "pretend"}
    )
    assert r.status_code == 422
    for path in ("/admin", "/users", "/internal/metrics"):
        assert (await user.get(path)).status_code == 404


# API8:2023 Security Misconfiguration / sensitive data exposure -----------------------------------


async def test_no_secrets_in_responses_or_logs(stack: Stack, user: httpx.AsyncClient) -> None:
    tokens = user.tokens  # type: ignore[attr-defined]
    secrets = [stack.env["JWT_SECRET"], tokens["refreshToken"], "$argon2id$"]
    for url in ("/auth/me", "/projects", "/usage/me", "/usage/recent", "/health/ready"):
        text = (await user.get(url)).text
        for secret in secrets:
            assert secret not in text, url
    logs = "\n".join(p.read_text(errors="replace") for p in stack.log_dir.glob("*.log"))
    for secret in (*secrets, tokens["accessToken"], "SecurePass123!"):
        assert secret not in logs
    for line in logs.splitlines():
        if line.startswith("{"):
            json.loads(line)  # structured


async def test_production_refuses_weak_jwt_secret() -> None:
    from pydantic import ValidationError

    from core.settings import Settings

    for weak in ("", "secret", "short-but-not-32-characters"):
        with pytest.raises(ValidationError):
            Settings(slipway_env="production", jwt_secret=weak)
    assert Settings(slipway_env="production", jwt_secret="x" * 48).jwt_secret == "x" * 48
