"""Auth: signup, login, refresh rotation and reuse detection, me, logout, JWT attacks."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid

import httpx
import jwt
import pytest

from tests.support import PASSWORD, Api, Stack, make_user, random_ip

pytestmark = pytest.mark.db


def email() -> str:
    return f"u-{uuid.uuid4().hex[:10]}@Example.COM"


async def test_signup_normalises_email_and_hides_hash(anon: httpx.AsyncClient) -> None:
    address = email()
    r = await anon.post("/auth/signup", json={"email": address, "password": PASSWORD})
    assert r.status_code == 201
    body = r.json()["data"]
    assert body["email"] == address.lower()
    assert set(body) == {"id", "email", "createdAt"}
    assert "argon2" not in r.text and PASSWORD not in r.text


async def test_duplicate_email_is_409(anon: httpx.AsyncClient) -> None:
    address = email()
    assert (
        await anon.post("/auth/signup", json={"email": address, "password": PASSWORD})
    ).status_code == 201
    r = await anon.post("/auth/signup", json={"email": address.upper(), "password": PASSWORD})
    assert r.status_code == 409
    assert r.json()["code"] == "EMAIL_TAKEN"
    assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("password", "why"),
    [("short", "at least 10"), (None, "same as the email")],
)
async def test_weak_passwords_are_422_with_reason(
    anon: httpx.AsyncClient, password: str | None, why: str
) -> None:
    address = email()
    r = await anon.post("/auth/signup", json={"email": address, "password": password or address})
    assert r.status_code == 422
    assert why in r.json()["error"]


async def test_invalid_email_is_422_with_field(anon: httpx.AsyncClient) -> None:
    r = await anon.post("/auth/signup", json={"email": "not-an-email", "password": PASSWORD})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "body.email"


async def test_login_unknown_and_wrong_password_look_the_same(anon: httpx.AsyncClient) -> None:
    address = email()
    await anon.post("/auth/signup", json={"email": address, "password": PASSWORD})
    timings: dict[str, float] = {}
    bodies = {}
    for case, payload in {
        "unknown": {"email": email(), "password": PASSWORD},
        "wrong": {"email": address, "password": "WrongPass123!"},
    }.items():
        anon.headers["X-Forwarded-For"] = f"10.9.{len(timings)}.{uuid.uuid4().int % 250 + 1}"
        start = time.perf_counter()
        r = await anon.post("/auth/login", json=payload)
        timings[case] = time.perf_counter() - start
        assert r.status_code == 401
        bodies[case] = {k: v for k, v in r.json().items() if k != "instance"}
    assert bodies["unknown"] == bodies["wrong"]
    assert bodies["wrong"]["code"] == "INVALID_CREDENTIALS"


async def test_login_returns_000_shape(anon: httpx.AsyncClient) -> None:
    address = email()
    await anon.post("/auth/signup", json={"email": address, "password": PASSWORD})
    r = await anon.post("/auth/login", json={"email": address.lower(), "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["expiresIn"] == 3600
    assert body["accessToken"].startswith("eyJ")
    assert body["refreshToken"]


async def test_me(user: Api) -> None:
    r = await user.get("/auth/me")
    assert r.status_code == 200
    assert r.json()["data"]["email"] == user.email


async def test_refresh_rotates_and_reuse_revokes_family(stack: Stack) -> None:
    client = await make_user(stack)
    first = client.tokens["refreshToken"]
    r = await client.post("/auth/refresh", json={"refreshToken": first})
    assert r.status_code == 200
    second = r.json()["refreshToken"]
    assert second != first
    me = await client.get(
        "/auth/me", headers={"Authorization": f"Bearer {r.json()['accessToken']}"}
    )
    assert me.status_code == 200
    # Reusing the rotated token: whole family revoked.
    r = await client.post("/auth/refresh", json={"refreshToken": first})
    assert r.status_code == 401
    assert r.json()["code"] == "TOKEN_REUSED"
    r = await client.post("/auth/refresh", json={"refreshToken": second})
    assert r.status_code == 401
    await client.aclose()


async def test_concurrent_refresh_only_one_wins(stack: Stack) -> None:
    client = await make_user(stack)
    token = client.tokens["refreshToken"]
    results = await asyncio.gather(
        *[client.post("/auth/refresh", json={"refreshToken": token}) for _ in range(4)]
    )
    assert sorted(r.status_code for r in results).count(200) <= 1
    assert all(r.status_code in (200, 401) for r in results)
    await client.aclose()


async def test_logout_revokes_family(stack: Stack) -> None:
    client = await make_user(stack)
    token = client.tokens["refreshToken"]
    r = await client.post("/auth/logout", json={"refreshToken": token})
    assert r.status_code == 204
    r = await client.post("/auth/refresh", json={"refreshToken": token})
    assert r.status_code == 401
    await client.aclose()


async def test_unknown_refresh_token(anon: httpx.AsyncClient) -> None:
    r = await anon.post("/auth/refresh", json={"refreshToken": "nope"})
    assert r.status_code == 401
    assert r.json()["code"] == "UNAUTHORIZED"


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def test_jwt_attacks_are_401(stack: Stack, user: Api) -> None:
    secret = stack.env["JWT_SECRET"]
    sub = (await user.get("/auth/me")).json()["data"]["id"]
    now = int(time.time())
    good = {
        "sub": sub,
        "iat": now,
        "exp": now + 600,
        "jti": "x",
        "sid": str(uuid.uuid4()),
        "typ": "access",
    }
    tokens = {
        "alg none": _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(good) + ".",
        "forged signature": jwt.encode(good, "not-the-secret-" * 4, algorithm="HS256"),
        "expired": jwt.encode({**good, "exp": now - 10}, secret, algorithm="HS256"),
        "missing exp": jwt.encode(
            {k: v for k, v in good.items() if k != "exp"}, secret, algorithm="HS256"
        ),
        "missing jti": jwt.encode(
            {k: v for k, v in good.items() if k != "jti"}, secret, algorithm="HS256"
        ),
        "missing sid (no session)": jwt.encode(
            {k: v for k, v in good.items() if k != "sid"}, secret, algorithm="HS256"
        ),
        "refresh token as access": user.tokens["refreshToken"],
        "garbage": "abc.def.ghi",
    }
    for name, token in tokens.items():
        r = await user.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, name
        assert r.json()["code"] == "UNAUTHORIZED", name
    assert (await user.get("/auth/me", headers={"Authorization": ""})).status_code == 401
    control = jwt.encode(good, secret, algorithm="HS256")
    assert (
        await user.get("/auth/me", headers={"Authorization": f"Bearer {control}"})
    ).status_code == 200


# Issue 12 item 7: nobody can lock a user out (OWASP Authentication Cheat Sheet) ----------------


async def test_brute_force_from_one_address_hits_the_per_ip_limit(stack: Stack) -> None:
    async with httpx.AsyncClient(
        base_url=stack.url, headers={"X-Forwarded-For": "198.51.100.77"}
    ) as attacker:
        responses = [
            await attacker.post("/auth/login", json={"email": email(), "password": "guess-0001"})
            for _ in range(11)
        ]
    assert [r.status_code for r in responses[:10]] == [401] * 10
    assert responses[10].status_code == 429 and responses[10].json()["code"] == "RATE_LIMITED"


async def test_spread_failures_slow_the_account_but_never_its_owners_address(
    stack: Stack,
) -> None:
    owner = await make_user(stack)  # signed up and logged in from its own address
    codes = []
    async with httpx.AsyncClient(base_url=stack.url) as botnet:
        for _ in range(12):
            r = await botnet.post(
                "/auth/login",
                json={"email": owner.email, "password": "guess-guess-1"},
                headers={"X-Forwarded-For": random_ip()},
            )
            codes.append(r.status_code)
            if r.status_code == 429:
                assert r.json()["code"] == "LOGIN_THROTTLED"
                assert 1 <= int(r.headers["retry-after"]) <= 60  # bounded (LOGIN_MAX_DELAY)
    assert codes[:5] == [401] * 5 and 429 in codes[5:]
    # the owner, from the address they logged in from, is not delayed at all
    r = await owner.post("/auth/login", json={"email": owner.email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    # from a new address the right password only waits out the (bounded) delay
    async with httpx.AsyncClient(
        base_url=stack.url, headers={"X-Forwarded-For": random_ip()}
    ) as travelling:
        deadline = time.monotonic() + 70
        while True:
            r = await travelling.post(
                "/auth/login", json={"email": owner.email, "password": PASSWORD}
            )
            if r.status_code == 200:
                break
            assert r.status_code == 429 and r.json()["code"] == "LOGIN_THROTTLED", r.text
            assert time.monotonic() < deadline
            await asyncio.sleep(float(r.headers["retry-after"]))
    await owner.aclose()
