"""Managing a sandbox: only its owner (anyone else: 404), tokens signed with the sandbox's own
secret (never the API's, never another sandbox's), moves to a new revision (data kept when the
change is safe, reset with the reason otherwise), its Swagger UI offline, the api_key strategy,
and its limits."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import jwt
import pytest

from tests.e2e.test_sandbox import client, started, template_project, token
from tests.support import Api, Stack, ThreadedServer, free_port, random_ip, wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]

MANAGE = [
    ("POST", ""),
    ("GET", ""),
    ("DELETE", ""),
    ("POST", "/tokens"),
    ("POST", "/seed"),
]


async def new_revision(user: Api, pid: str, spec: str) -> None:
    r = await user.post(f"/projects/{pid}/spec/apply", json={"content": spec})
    assert r.status_code == 201, r.text
    r = await user.post(f"/projects/{pid}/spec/generate-blueprint")
    assert r.status_code == 202, r.text
    bid = r.json()["blueprint"]["id"]
    assert (await wait_status(user, f"/blueprints/{bid}/status"))["status"] == "completed"


async def test_only_the_owner_manages_the_sandbox(
    stack: Stack, user: Api, other_user: Api, anon: httpx.AsyncClient
) -> None:
    pid = await template_project(user, "blog")
    await started(user, pid)
    for method, suffix in MANAGE:
        url = f"/projects/{pid}/sandbox{suffix}"
        r = await other_user.request(method, url, json={"count": 1})
        assert r.status_code == 404 and r.json()["code"] == "NOT_FOUND", (method, url, r.text)
        r = await anon.request(method, url, json={"count": 1})
        assert r.status_code == 401, (method, url)
    assert (await user.get(f"/projects/{pid}/sandbox")).status_code == 200  # still there


async def test_tokens_are_the_sandboxs_own(stack: Stack, user: Api) -> None:
    pid = await template_project(user, "task-manager")
    other = await template_project(user, "task-manager")
    box = await started(user, pid)
    await started(user, other)
    good = await token(user, pid, sub="ann", roles=["member"])
    foreign = await token(user, other, sub="ann", roles=["member"])
    claims = jwt.decode(good, options={"verify_signature": False})
    assert claims["sub"] == "ann" and claims["cognito:groups"] == ["member"]
    assert claims["exp"] - claims["iat"] == 3600
    api_secret = stack.env["JWT_SECRET"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(good, api_secret, algorithms=["HS256"], audience=claims["aud"])
    expired = jwt.encode({**claims, "exp": int(time.time()) - 5}, "x" * 40, algorithm="HS256")
    async with client(stack, box["baseUrl"]) as api:
        assert (await api.get("/v1/tasks", headers=bearer(good))).status_code == 200
        for wrong in (foreign, expired, user.tokens["accessToken"], good + "x"):
            # as an HTTP API's JWT authorizer answers an invalid or expired token (and the
            # OpenAPI document says): 401, never 403 (regression: the sandbox answered 403)
            r = await api.get("/v1/tasks", headers=bearer(wrong))
            assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}
    r = await httpx.AsyncClient(base_url=stack.url).get("/projects", headers=bearer(good))
    assert r.status_code == 401  # a sandbox token is nothing to the API
    r = await user.post(f"/projects/{pid}/sandbox/tokens", json={"roles": ["root"]})
    assert r.status_code == 422 and "root" in r.json()["error"]


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


SHOP = """# Shop
## Entities
### Product
- name: string, required
- price: number
"""


async def test_a_safe_revision_keeps_the_data_an_unsafe_one_resets_it(
    stack: Stack, user: Api
) -> None:
    r = await user.post("/projects", json={"name": "Moves"})
    pid = r.json()["data"]["id"]
    await new_revision(user, pid, SHOP)
    box = await started(user, pid)
    first = await token(user, pid, sub="a", roles=["user"])
    async with client(stack, box["baseUrl"], first) as api:
        r = await api.post("/v1/products", json={"name": "Kept", "price": 3})
        assert r.status_code == 201, r.text
        kept = r.json()
    await new_revision(user, pid, SHOP + "- stock: integer\n")  # a new optional field: safe
    moved = await started(user, pid)
    assert moved["revision"] == 2 and moved["notice"]["kept"] is True
    assert moved["notice"]["changeClass"] == "safe"
    async with client(stack, box["baseUrl"], first) as api:  # same generation: same tokens
        r = await api.get(f"/v1/products/{kept['id']}")
        assert r.status_code == 200 and r.json()["name"] == "Kept"
        r = await api.patch(f"/v1/products/{kept['id']}", json={"stock": 4})
        assert r.status_code == 200 and r.json()["stock"] == 4
    await new_revision(user, pid, SHOP.replace("price: number", "price: string"))  # unsafe
    reset = await started(user, pid)
    notice: dict[str, Any] = reset["notice"]
    assert reset["revision"] == 3 and notice["kept"] is False and notice["reset"] == ["Product"]
    assert any(c["path"].startswith("entities.Product") for c in notice["changes"])
    assert notice["changeClass"] in ("unsafe", "blocked") and notice["reason"]
    async with client(stack, box["baseUrl"], first) as api:
        assert (await api.get("/v1/products")).status_code == 401  # the old generation's token
    fresh = await token(user, pid, sub="a", roles=["user"])
    async with client(stack, box["baseUrl"], fresh) as api:
        assert (await api.get("/v1/products")).json()["data"] == []


async def test_swagger_ui_and_openapi_of_the_sandbox(stack: Stack, user: Api) -> None:
    pid = await template_project(user, "booking")
    box = await started(user, pid)
    async with httpx.AsyncClient() as anon:
        page = await anon.get(box["docsUrl"])
        document = (await anon.get(box["openapiUrl"])).json()
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert f'data-openapi-url="/sandbox/{pid}/openapi.json"' in page.text
        assets = [a for a in page.text.split('"') if a.startswith("/docs-assets/")]
        assert assets and "cdn" not in page.text.lower()
        for asset in assets:  # served from the installed package: works offline
            assert (await anon.get(f"{stack.url}{asset}")).status_code == 200
    assert document["servers"] == [
        {"url": f"/sandbox/{pid}", "description": "Sandbox (revision 1)"}
    ]
    assert "/v1/bookings/{id}" in document["paths"]


API_KEY = """# Keys
## Entities
### Note
- text: string, required, max 50
## Auth
- strategy: api_key
"""


async def test_api_key_strategy_takes_the_token_as_x_api_key(stack: Stack, user: Api) -> None:
    r = await user.post("/projects", json={"name": "Keys"})
    pid = r.json()["data"]["id"]
    await new_revision(user, pid, API_KEY)
    box = await started(user, pid)
    key = await token(user, pid, sub="service")
    async with client(stack, box["baseUrl"]) as api:
        r = await api.post("/v1/notes", json={"text": "hi"})
        assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
        r = await api.post("/v1/notes", json={"text": "hi"}, headers={"x-api-key": key})
        assert r.status_code == 201, r.text
        r = await api.get("/v1/nowhere", headers={"x-api-key": key})  # REST API: no route
        assert r.status_code == 403 and r.json() == {"message": "Missing Authentication Token"}


@pytest.fixture
def small(stack: Stack) -> Any:
    """The app with small sandbox limits: 3 rows per entity, 2 KiB bodies."""
    from api.main import create_app
    from core.settings import Settings

    server = ThreadedServer(
        create_app(Settings(sandbox_rows_max=3, sandbox_body_max=2048)), free_port()
    ).start()
    try:
        yield server.url
    finally:
        server.stop()


async def test_row_and_body_limits(stack: Stack, user: Api, small: str) -> None:
    r = await user.post("/projects", json={"name": "Limits"})
    pid = r.json()["data"]["id"]
    await new_revision(user, pid, SHOP)
    await started(user, pid)
    owner = httpx.AsyncClient(
        base_url=small, headers={**user.headers, "X-Forwarded-For": random_ip()}, timeout=30
    )
    async with owner:
        assert (await owner.post(f"/projects/{pid}/sandbox/seed", json={"count": 2})).is_success
        r = await owner.post(f"/projects/{pid}/sandbox/seed", json={"count": 2})
        assert r.status_code == 422 and r.json()["code"] == "SANDBOX_ROW_LIMIT"
        r = await owner.post(f"/projects/{pid}/sandbox/tokens", json={"roles": ["user"]})
        key = r.json()["data"]["token"]
    async with client(stack, f"{small}/sandbox/{pid}", key) as api:
        assert (await api.post("/v1/products", json={"name": "third"})).status_code == 201
        r = await api.post("/v1/products", json={"name": "fourth"})
        assert r.status_code == 429 and "at most 3" in r.json()["message"]
        r = await api.post("/v1/products", json={"name": "x" * 4096})
        assert r.status_code == 413 and r.json() == {"message": "Request Entity Too Large"}
        assert (await api.get(f"/v1/products/{uuid.uuid4()}")).status_code == 404
