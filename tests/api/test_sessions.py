"""Sessions: access tokens carry their session (``sid``) and die with it, at once, in every API
process (logout, refresh-token reuse); every refresh rotates the refresh token; the dashboard's
cookie session (HttpOnly refresh cookie, CSRF header)."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from http.cookies import SimpleCookie

import httpx
import jwt
import pytest

from tests.support import PASSWORD, Api, Proc, Stack, free_port, make_user, random_ip, wait_for

pytestmark = pytest.mark.db
CSRF = {"X-Slipway-CSRF": "1"}


def claims(token: str) -> dict[str, object]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_access_tokens_carry_their_session_id(user: Api) -> None:
    first = claims(user.tokens["accessToken"])
    assert uuid.UUID(str(first["sid"]))
    r = await user.post("/auth/refresh", json={"refreshToken": user.tokens["refreshToken"]})
    assert r.status_code == 200
    assert claims(r.json()["accessToken"])["sid"] == first["sid"]  # same session, rotated
    r = await user.post("/auth/login", json={"email": user.email, "password": PASSWORD})
    assert claims(r.json()["accessToken"])["sid"] != first["sid"]  # a new login, a new session


async def test_logout_ends_the_session_and_its_access_tokens_at_once(stack: Stack) -> None:
    client = await make_user(stack)
    other = await client.post("/auth/login", json={"email": client.email, "password": PASSWORD})
    assert (await client.get("/auth/me")).status_code == 200
    r = await client.post("/auth/logout")  # the access token alone names the session
    assert r.status_code == 204, r.text
    r = await client.get("/auth/me")
    assert r.status_code == 401 and "session has ended" in r.json()["error"]
    r = await client.post("/auth/refresh", json={"refreshToken": client.tokens["refreshToken"]})
    assert r.status_code == 401
    # the user's other session is untouched
    r = await client.get("/auth/me", headers=bearer(other.json()["accessToken"]))
    assert r.status_code == 200
    await client.aclose()


async def test_refresh_reuse_ends_the_session_and_its_access_tokens(stack: Stack) -> None:
    client = await make_user(stack)
    first = client.tokens
    r = await client.post("/auth/refresh", json={"refreshToken": first["refreshToken"]})
    second = r.json()
    assert (await client.get("/auth/me", headers=bearer(second["accessToken"]))).status_code == 200
    r = await client.post("/auth/refresh", json={"refreshToken": first["refreshToken"]})
    assert r.json()["code"] == "TOKEN_REUSED"
    for token in (first["accessToken"], second["accessToken"]):
        assert (await client.get("/auth/me", headers=bearer(token))).status_code == 401
    await client.aclose()


async def test_every_refresh_returns_a_new_refresh_token(user: Api) -> None:
    """Seed 000 shows no refresh response: each one carries a new refresh token, and the one
    presented is spent (clients must store the new one every time)."""
    seen = {user.tokens["refreshToken"]}
    token = user.tokens["refreshToken"]
    for _ in range(3):
        r = await user.post("/auth/refresh", json={"refreshToken": token})
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"accessToken", "refreshToken", "expiresIn", "tokenType"}
        assert body["refreshToken"] not in seen and body["expiresIn"] == 3600
        assert (await user.get("/auth/me", headers=bearer(body["accessToken"]))).status_code == 200
        seen.add(body["refreshToken"])
        token = body["refreshToken"]
    assert len(seen) == 4


@pytest.fixture
def second_api(stack: Stack) -> Iterator[str]:
    """Another API process on the same database (its own in-process revocation cache)."""
    port = free_port()
    env = {**stack.env, "PORT": str(port)}
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--no-proxy-headers"]
    cmd += ["--host", "127.0.0.1", "--port", str(port)]
    proc = Proc("api-second", cmd, env, stack.log_dir).start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{url}/health").status_code == 200, 30, "second API")
        yield url
    finally:
        proc.stop()


async def test_a_revocation_reaches_another_api_process_within_a_second(
    stack: Stack, second_api: str
) -> None:
    client = await make_user(stack)
    async with httpx.AsyncClient(base_url=second_api, headers=dict(client.headers)) as there:
        assert (await there.get("/auth/me")).status_code == 200
        assert (await client.post("/auth/logout")).status_code == 204
        ended = time.monotonic()
        while (await there.get("/auth/me")).status_code != 401:
            assert time.monotonic() - ended < 1.5, "the other process still accepts the token"
        assert time.monotonic() - ended < 1.5
    await client.aclose()


def cookie_of(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """The slipway_refresh cookie a response sets: its value and attributes."""
    headers = [h for h in response.headers.get_list("set-cookie") if "slipway_refresh=" in h]
    assert len(headers) == 1, response.headers
    jar: SimpleCookie = SimpleCookie()
    jar.load(headers[0])
    morsel = jar["slipway_refresh"]
    flags = {k: str(v) for k, v in morsel.items() if v}
    lowered = headers[0].lower()
    flags |= {f: "yes" for f in ("httponly", "secure") if f"; {f}" in lowered}
    return morsel.value, flags


async def cookie_login(stack: Stack) -> tuple[httpx.AsyncClient, str, str]:
    client = await make_user(stack)
    r = await client.post(
        "/auth/login", json={"email": client.email, "password": PASSWORD, "session": "cookie"}
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"accessToken", "expiresIn", "tokenType"}  # no refreshToken
    value, flags = cookie_of(r)
    assert flags["httponly"] == flags["secure"] == "yes"
    assert flags["samesite"].lower() == "strict" and flags["path"] == "/auth"
    assert flags["max-age"] == "2592000"
    client.headers.pop("Authorization")
    return client, value, r.json()["accessToken"]


async def test_cookie_session_refresh_needs_the_csrf_header_and_rotates(stack: Stack) -> None:
    client, cookie, access = await cookie_login(stack)
    sent = {"Cookie": f"slipway_refresh={cookie}"}
    r = await client.post("/auth/refresh", headers=sent)
    assert r.status_code == 403 and r.json()["code"] == "CSRF_HEADER_REQUIRED"
    r = await client.post("/auth/refresh", headers=sent | {"X-Slipway-CSRF": "yes"})
    assert r.status_code == 403
    r = await client.post("/auth/refresh", headers=sent | CSRF)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"accessToken", "expiresIn", "tokenType"}
    new_cookie, _ = cookie_of(r)
    assert new_cookie != cookie
    assert claims(r.json()["accessToken"])["sid"] == claims(access)["sid"]
    # the old cookie is spent: presenting it again ends the session and clears the cookie
    r = await client.post("/auth/refresh", headers=sent | CSRF)
    assert r.status_code == 401 and r.json()["code"] == "TOKEN_REUSED"
    _, flags = cookie_of(r)
    assert flags["max-age"] == "0"
    assert (await client.get("/auth/me", headers=bearer(access))).status_code == 401
    await client.aclose()


async def test_cookie_session_logout_clears_the_cookie_and_ends_the_session(stack: Stack) -> None:
    client, cookie, access = await cookie_login(stack)
    sent = {"Cookie": f"slipway_refresh={cookie}"}
    assert (await client.post("/auth/logout", headers=sent)).status_code == 403  # no CSRF header
    r = await client.post("/auth/logout", headers=sent | CSRF)
    assert r.status_code == 204, r.text
    _, flags = cookie_of(r)
    assert flags["max-age"] == "0" and flags["path"] == "/auth"
    assert (await client.get("/auth/me", headers=bearer(access))).status_code == 401
    r = await client.post("/auth/refresh", headers=sent | CSRF)
    assert r.status_code == 401
    # logout with the access token alone also clears the cookie
    client2, _, access2 = await cookie_login(stack)
    r = await client2.post("/auth/logout", headers=bearer(access2))
    assert r.status_code == 204 and cookie_of(r)[1]["max-age"] == "0"
    assert (await client2.get("/auth/me", headers=bearer(access2))).status_code == 401
    await client.aclose()
    await client2.aclose()


async def test_body_token_clients_are_unchanged(anon: httpx.AsyncClient) -> None:
    email = f"body-{uuid.uuid4().hex[:8]}@example.com"
    await anon.post("/auth/signup", json={"email": email, "password": PASSWORD})
    r = await anon.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert set(r.json()) == {"accessToken", "refreshToken", "expiresIn", "tokenType"}
    assert "set-cookie" not in r.headers
    r = await anon.post("/auth/refresh", json={"refreshToken": r.json()["refreshToken"]})
    assert set(r.json()) == {"accessToken", "refreshToken", "expiresIn", "tokenType"}
    assert "set-cookie" not in r.headers
    # logout as the CLI does it: the access token and the refresh token in the body
    pair = r.json()
    r = await anon.post(
        "/auth/logout",
        json={"refreshToken": pair["refreshToken"]},
        headers=bearer(pair["accessToken"]),
    )
    assert r.status_code == 204
    r = await anon.post("/auth/refresh", json={"refreshToken": pair["refreshToken"]})
    assert r.status_code == 401


async def test_logout_and_refresh_without_credentials_are_401(stack: Stack) -> None:
    async with httpx.AsyncClient(
        base_url=stack.url, headers={"X-Forwarded-For": random_ip()}
    ) as anon:
        assert (await anon.post("/auth/logout")).status_code == 401
        # a refresh token in the body counts only beside the access token of its owner
        r = await anon.post("/auth/logout", json={"refreshToken": "whatever-token"})
        assert r.status_code == 401
        r = await anon.post("/auth/refresh")
        assert r.status_code == 401 and r.json()["code"] == "UNAUTHORIZED"
        r = await anon.post("/auth/refresh", json={})
        assert r.status_code == 401
