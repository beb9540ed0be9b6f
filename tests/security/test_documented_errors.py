"""Every error status the OpenAPI document lists for an operation is one the API really answers.

Generic, from /openapi.json, over real HTTP: 401 (no token), 404 (ids that do not exist),
400 (a body that is not UTF-8), 413 (a body over 1 MiB), 422 (an invalid body, query parameter or
header) and every operation's 409 (the archived-project guard or the operation's own conflict).
502 is reached below with the LLM provider down. The other cross-cutting statuses are proven by
their own tests: 429 in tests/api/test_ratelimit.py and the OWASP suite, 503 in tests/chaos and
test_conventions.py (pool exhausted), 500 in test_conventions.py. Schemathesis checks the
other direction: nothing undocumented is ever answered.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from api.main import ROUTERS
from api.openapi import conflicts
from tests.support import SPEC_10, Api, Stack, make_user, random_ip

pytestmark = pytest.mark.slow
CONFLICTS = conflicts(ROUTERS)
PROJECT_ARCHIVED = "PROJECT_ARCHIVED"

Op = tuple[str, str, dict[str, Any]]


def operations(document: dict[str, Any]) -> list[Op]:
    return [
        (method, path, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "responses" in op
    ]


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def minimal(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The smallest value that satisfies a (simple) request schema: its required members."""
    schema = resolve(document, schema)
    for key in ("anyOf", "oneOf"):
        if key in schema and "properties" not in schema:  # an object's oneOf: its forms
            options = [s for s in schema[key] if s.get("type") != "null"]
            return minimal(document, options[0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: minimal(document, props[name]) for name in schema.get("required", [])}
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if schema.get("format") == "email":
        return f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    text = "minimal value " * 2
    return text[: schema.get("maxLength", len(text))]


def naming_nothing(document: dict[str, Any], op: dict[str, Any], body: Any) -> Any:
    """The body with every ``...Id`` member naming something that cannot exist (an operation
    whose only way to 404 is a reference in its body, e.g. a stream ticket's project)."""
    if "requestBody" not in op or not isinstance(body, dict):
        return body
    schema = resolve(document, op["requestBody"]["content"]["application/json"]["schema"])
    for option in schema.get("anyOf", [schema]):
        names = resolve(document, option).get("properties", {})
        body = {**body, **{name: str(uuid.uuid4()) for name in names if name.endswith("Id")}}
    return body


def fill(path: str, ids: dict[str, str] | None = None) -> str:
    """Path parameters: given ids, else ones that cannot exist."""
    ids = ids or {}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ids:
            return ids[name]
        if name in ("version", "number"):
            return "987654"
        if name == "template_id":
            return "no-such-template"
        return str(uuid.uuid4())

    return re.sub(r"\{([^}]+)\}", value, path)


def body_of(document: dict[str, Any], op: dict[str, Any]) -> Any:
    if "requestBody" not in op:
        return None
    content = op["requestBody"]["content"]["application/json"]
    return minimal(document, content["schema"])


def bad_parameter(op: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]] | None:
    """A query parameter or header value FastAPI refuses before the endpoint runs."""
    for p in op.get("parameters", []):
        schema = p.get("schema", {})
        types = {s.get("type") for s in schema.get("anyOf", [schema])}
        value = None
        if types & {"integer", "number"}:
            value = "not-a-number"
        elif "boolean" in types:
            value = "maybe"
        elif schema.get("enum"):
            value = "not-one-of-them"
        elif schema.get("maxLength"):
            value = "k" * (schema["maxLength"] + 1)
        else:
            for option in schema.get("anyOf", [schema]):
                if option.get("maxLength"):
                    value = "k" * (option["maxLength"] + 1)
        if value is None:
            continue
        if p["in"] == "query":
            return {p["name"]: value}, {}
        if p["in"] == "header":
            return {}, {p["name"]: value}
    return None


async def call(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    json: Any = None,
    content: bytes | None = None,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    kwargs: dict[str, Any] = {"params": params, "headers": headers}
    if content is not None:
        kwargs["content"] = content
        kwargs["headers"] = {**(headers or {}), "content-type": "application/json"}
    elif json is not None:
        kwargs["json"] = json
    return await client.request(method.upper(), url, **kwargs)


@pytest.fixture
async def document(stack: Stack) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.url) as client:
        return dict((await client.get("/openapi.json")).json())


async def test_401_400_404_413_422_are_reachable_where_documented(
    stack: Stack, document: dict[str, Any]
) -> None:
    reached: dict[str, set[str]] = {}
    missing: list[str] = []
    for method, path, op in operations(document):
        documented = set(op["responses"])
        key = f"{method.upper()} {path}"
        got = reached.setdefault(key, set())
        body = body_of(document, op)
        client = await make_user(stack)
        try:
            if "401" in documented:
                async with httpx.AsyncClient(
                    base_url=stack.url, headers={"X-Forwarded-For": random_ip()}
                ) as anon:
                    r = await call(anon, method, fill(path), json=body)
                    got.add(str(r.status_code)) if r.status_code == 401 else None
            if "404" in documented:
                r = await call(client, method, fill(path), json=body)
                if r.status_code != 404:
                    nothing = naming_nothing(document, op, body)
                    r = await call(client, method, fill(path), json=nothing)
                got.add(str(r.status_code)) if r.status_code == 404 else None
            if "400" in documented:
                r = await call(client, method, fill(path), content=b'{"name": "\xff\xfe"}')
                got.add(str(r.status_code)) if r.status_code == 400 else None
            if "413" in documented:
                huge = b'{"name": "' + b"x" * (1024 * 1024 + 16) + b'"}'
                r = await call(client, method, fill(path), content=huge)
                got.add(str(r.status_code)) if r.status_code == 413 else None
            if "422" in documented:
                # The path's project is the client's own: the project of the path is resolved
                # (404 when it is not the caller's) before the body and query are validated.
                own = fill(path, {"project_id": await project(client, spec=None)})
                if body is not None:
                    r = await call(client, method, own, json=[])
                else:
                    bad = bad_parameter(op)
                    assert bad is not None, f"{key}: documents 422 but has nothing to refuse"
                    r = await call(client, method, own, params=bad[0], headers=bad[1])
                if r.status_code == 422:
                    assert r.json()["code"] == "VALIDATION_ERROR", (key, r.text)
                    got.add("422")
        finally:
            await client.aclose()
        for code in documented & {"400", "401", "404", "413", "422"}:
            if code not in got:
                missing.append(f"{key} documents {code} but did not answer it")
    assert not missing, "\n".join(missing)


async def test_every_documented_conflict_is_reachable(
    stack: Stack, document: dict[str, Any]
) -> None:
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer

    documented = {
        (method, path) for method, path, op in operations(document) if "409" in op["responses"]
    }
    assert documented == set(CONFLICTS), (
        "the endpoints' declared conflicts and the document disagree"
    )
    # The same database and Temporal, without rate limits: this test calls deployment operations
    # more often than their per-user limit allows (the limits have their own tests).
    server = ThreadedServer(create_app(Settings(rate_limit_enabled=False))).start()
    stack.stop_worker()  # runs stay in flight until this test lets the worker go
    client = await make_user(stack)
    client.base_url = httpx.URL(server.url)
    reached: dict[tuple[str, str], str] = {}

    async def expect(key: tuple[str, str], response: httpx.Response) -> None:
        assert response.status_code == 409, (key, response.status_code, response.text)
        code = response.json()["code"]
        assert code in CONFLICTS[key], (key, code)
        reached[key] = code

    try:
        # Every operation guarded by the archived-project check.
        archived = await project(client)
        assert (await client.delete(f"/projects/{archived}")).status_code == 200
        for key, codes in CONFLICTS.items():
            if PROJECT_ARCHIVED not in codes:
                continue
            method, path = key
            op = document["paths"][path][method]
            await expect(
                key,
                await call(
                    client,
                    method,
                    fill(path, {"project_id": archived}),
                    json=body_of(document, op),
                ),
            )
        await conflicts_of_their_own(stack, client, expect)
    finally:
        await client.aclose()
        server.stop()
        stack.ensure_worker()
    assert set(reached) == set(CONFLICTS), set(CONFLICTS) - set(reached)


async def project(client: Api, spec: str | None = SPEC_10) -> str:
    pid = str((await client.post("/projects", json={"name": "Conflicts"})).json()["data"]["id"])
    if spec:
        r = await client.post(f"/projects/{pid}/spec/apply", json={"content": spec})
        assert r.status_code == 201, r.text
    return pid


async def conflicts_of_their_own(
    stack: Stack, client: Api, expect: Callable[[tuple[str, str], httpx.Response], Awaitable[None]]
) -> None:
    email = f"dup-{uuid.uuid4().hex[:8]}@example.com"
    for _ in range(2):
        r = await client.post("/auth/signup", json={"email": email, "password": "Correct-Horse-9"})
    await expect(("post", "/auth/signup"), r)

    bare = await project(client)  # a spec, no blueprint
    await expect(
        ("get", "/projects/{project_id}/revisions/compare"),
        await client.get(f"/projects/{bare}/revisions/compare"),
    )
    await expect(
        ("post", "/projects/{project_id}/revisions/classify"),
        await client.post(f"/projects/{bare}/revisions/classify", json={}),
    )
    await expect(  # nothing deployed: NOTHING_TO_ROLL_BACK
        ("post", "/projects/{project_id}/rollback"),
        await client.post(f"/projects/{bare}/rollback"),
    )
    # The worker is stopped: the blueprint stays in processing.
    r = await client.post(f"/projects/{bare}/spec/generate-blueprint")
    assert r.status_code == 202, r.text
    bid = r.json()["blueprint"]["id"]
    await expect(
        ("post", "/blueprints/{blueprint_id}/validate"),
        await client.post(f"/blueprints/{bid}/validate", json={}),
    )
    # A destroy that no worker picks up holds the project's stack operations.
    r = await client.delete(f"/projects/{bare}/stack")
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    await expect(
        ("delete", "/projects/{project_id}/stack"), await client.delete(f"/projects/{bare}/stack")
    )
    await expect(
        ("post", "/projects/{project_id}/deploy"),
        await client.post(f"/projects/{bare}/deploy", json={}),
    )
    await expect(
        ("post", "/projects/{project_id}/validate"),
        await client.post(f"/projects/{bare}/validate", json={}),
    )
    await expect(
        ("post", "/deployments/{deployment_id}/continue"),
        await client.post(f"/deployments/{did}/continue"),
    )
    await expect(
        ("post", "/deployments/{deployment_id}/rollback"),
        await client.post(f"/deployments/{did}/rollback"),
    )
    # Cancelled, the deployment ends once a worker runs it: cancelling again is a conflict.
    r = await client.post(f"/deployments/{did}/cancel")
    assert r.status_code in (200, 202), r.text
    stack.ensure_worker()
    for _ in range(100):
        r = await client.post(f"/deployments/{did}/cancel")
        if r.status_code == 409:
            break
        await asyncio.sleep(0.1)
    await expect(("post", "/deployments/{deployment_id}/cancel"), r)


async def test_llm_provider_down_is_502_where_documented(
    stack: Stack, document: dict[str, Any]
) -> None:
    """With the OpenAI-compatible provider unreachable, every operation that documents 502
    answers it (and nothing was saved)."""
    from api.main import create_app
    from core.settings import Settings
    from tests.support import ThreadedServer, free_port

    settings = Settings(
        llm_provider="openai",
        llm_base_url=f"http://127.0.0.1:{free_port()}/v1",  # nothing listens there
        llm_api_key="sk-test-not-a-real-key",
        llm_model="gpt-test",
        llm_timeout=2,
        llm_max_retries=0,
    )
    server = ThreadedServer(create_app(settings)).start()
    client = await make_user(stack)
    client.base_url = httpx.URL(server.url)
    try:
        pid = await project(client, spec=None)
        upstream = [
            (method, path, op)
            for method, path, op in operations(document)
            if "502" in op["responses"]
        ]
        assert upstream
        for method, path, op in upstream:
            body = body_of(document, op)
            r = await call(client, method, fill(path, {"project_id": pid}), json=body)
            assert r.status_code == 502, (method, path, r.status_code, r.text)
            assert r.json()["code"].startswith("LLM_") and "sk-test" not in r.text
        spec = (await client.get(f"/projects/{pid}/spec")).json()
        assert spec["spec"] is None and spec["draft"] is None, spec  # nothing was saved
        blueprints = (await client.get(f"/projects/{pid}/blueprints")).json()["data"]
        assert blueprints == []
    finally:
        await client.aclose()
        server.stop()
