"""Every template's sandbox holds to its own OpenAPI document.

Schemathesis, from the sandbox's ``/openapi.json`` (fixed seed and number of examples, no time
budget): no 5xx, every status, content type and body as documented, schema-violating input
refused. Checks: all, except
- ``unsupported_method``: like the deployed API Gateway (an HTTP API answers 404 for a method
  without a route, never 405), the sandbox answers 404;
- ``positive_data_acceptance``: a body the schema accepts can still be refused for reasons a
  schema cannot state: a reference to a row that does not exist (422), a unique value already
  taken (409), a number neither store can keep (422).

Every status each operation documents is also reached on purpose, first (the fuzzer rarely
makes a valid reference, a duplicate, a referenced delete or a throttled call).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.templates import get_template, list_templates
from tests.e2e.test_sandbox import started, template_project, token
from tests.support import Api, Stack, ThreadedServer, make_user, random_ip

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.slow, pytest.mark.db]
EXCLUDED = "unsupported_method,positive_data_acceptance"
EXAMPLES = os.environ.get("SANDBOX_SCHEMATHESIS_EXAMPLES", "5")
TEMPLATES = [t.id for t in list_templates()]


def blueprint(template: str) -> Blueprint:
    found = get_template(template)
    assert found is not None
    compiled = compile_spec(found.spec).blueprint
    assert compiled is not None
    return compiled


def server(**settings: Any) -> ThreadedServer:
    from api.main import create_app
    from core.settings import Settings

    return ThreadedServer(create_app(Settings(**settings))).start()


@pytest.fixture(scope="module")
def unlimited(stack: Stack) -> Iterator[str]:
    """The app on the same database and AWS with rate limiting off: generated requests reach
    the functions instead of stopping at 429 (reached on purpose below)."""
    running = server(rate_limit_enabled=False)
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(scope="module")
def throttled(stack: Stack) -> Iterator[str]:
    """The app with the sandbox category at 3 requests a minute."""
    from api import ratelimit

    saved = ratelimit.CATEGORIES["sandbox"]
    ratelimit.CATEGORIES["sandbox"] = "3/minute"
    try:
        running = server()
    finally:
        ratelimit.CATEGORIES["sandbox"] = saved
    try:
        yield running.url
    finally:
        running.stop()


@dataclass
class Box:
    pid: str
    bearer: str
    tenant: str | None
    bare: str
    """A valid token with no role and no tenant (a function's own checks refuse it: 403)."""


@pytest.fixture(scope="module")
async def owner(stack: Stack) -> AsyncIterator[Api]:
    client = await make_user(stack)
    try:
        yield client
    finally:
        await client.aclose()


_BOXES: dict[str, Box] = {}


async def box(owner: Api, template: str) -> Box:
    """The template's seeded sandbox (one per module) and a token with every role."""
    if template not in _BOXES:
        pid = await template_project(owner, template)
        await started(owner, pid)
        seeded = await owner.post(f"/projects/{pid}/sandbox/seed", json={"count": 3})
        tenants = seeded.json()["data"]["tenants"]
        tenant = tenants[0] if tenants else None
        roles = blueprint(template).auth.roles
        bearer = await token(owner, pid, sub="tester", roles=roles, tenant=tenant)
        bare = await token(owner, pid, sub="outsider", roles=[])
        _BOXES[template] = Box(pid, bearer, tenant, bare)
    return _BOXES[template]


# --- every documented status, on purpose ---------------------------------------------------------


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "responses" in op
    ]


def writable(document: dict[str, Any], op: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``item`` the operation's body takes."""
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    props = document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    return {k: v for k, v in item.items() if k in props}


def distinct(document: dict[str, Any], entity: str, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with its unique fields changed (within their maximum length)."""
    fields = document["components"]["schemas"][entity]["properties"]
    mark = uuid.uuid4().hex[:6]
    out = dict(body)
    for name in unique_fields(entity):
        if name in out and isinstance(out[name], str):
            limit = fields[name].get("maxLength", 200)
            value = f"{mark}.{out[name]}" if "@" in out[name] else f"{out[name]}-{mark}"
            out[name] = value[-limit:] if "@" not in value else value[:limit]
    return out


UNIQUE: dict[str, list[str]] = {}


def unique_fields(entity: str) -> list[str]:
    return UNIQUE.get(entity, [])


class Reacher:
    """Calls one sandbox to reach each documented status of each operation."""

    def __init__(self, api: httpx.AsyncClient, document: dict[str, Any], bp: Blueprint) -> None:
        self.api, self.document, self.bp = api, document, bp
        for e in bp.entities:
            UNIQUE[e.name] = [f.name for f in e.fields if f.unique and not f.managed]

    async def items(self, collection: str) -> list[dict[str, Any]]:
        r = await self.api.get(collection, params={"limit": 50})
        assert r.status_code == 200, r.text
        data: list[dict[str, Any]] = r.json()["data"]
        return data

    async def success(self, method: str, path: str, op: dict[str, Any]) -> int:
        collection = path.removesuffix("/{id}")
        entity = (op.get("tags") or [""])[0]
        if method == "GET":
            if path == collection or not entity:
                return (await self.api.get(path)).status_code
            first = (await self.items(collection))[0]
            return (await self.api.get(f"{collection}/{first['id']}")).status_code
        if method == "POST":
            return 201 if await self.fresh(collection, entity) else 0
        target = await self.fresh(collection, entity)
        if method == "PATCH":
            body = writable(self.document, op, target)
            key = next(k for k in body if k not in unique_fields(entity))
            r = await self.api.patch(f"{collection}/{target['id']}", json={key: body[key]})
            return r.status_code
        return (await self.api.delete(f"{collection}/{target['id']}")).status_code

    async def fresh(self, collection: str, entity: str) -> dict[str, Any]:
        """A new item of the collection (nothing references it), copied from an existing one
        whose references still name visible rows."""
        post = self.document["paths"][collection]["post"]
        answers = []
        for item in await self.items(collection):
            body = distinct(self.document, entity, writable(self.document, post, item))
            r = await self.api.post(collection, json=body)
            if r.status_code == 201:
                created: dict[str, Any] = r.json()
                return created
            answers.append(r.text)
        raise AssertionError(f"no item of {collection} could be copied: {answers}")

    async def give_unique(
        self, collection: str, entity: str, items: list[dict[str, Any]]
    ) -> tuple[str, Any]:
        """An optional unique field the seed left out of every listed item: set one, so another
        item can be given the same value."""
        name = unique_fields(entity)[0]
        limit = self.document["components"]["schemas"][entity]["properties"][name].get(
            "maxLength", 200
        )
        value = f"taken-{uuid.uuid4().hex[:8]}"[:limit]
        r = await self.api.patch(f"{collection}/{items[0]['id']}", json={name: value})
        assert r.status_code == 200, r.text
        return name, value

    async def conflict(self, method: str, path: str, op: dict[str, Any]) -> int:
        collection, entity = path.removesuffix("/{id}"), op["tags"][0]
        items = await self.items(collection)
        if method == "POST":
            for item in items:  # a copy as it is: its unique values are taken
                r = await self.api.post(path, json=writable(self.document, op, item))
                if r.status_code == 409:
                    return 409
            return 0
        if method == "PATCH":
            found = [(n, i[n]) for i in items for n in unique_fields(entity) if i.get(n)]
            name, taken = found[0] if found else await self.give_unique(collection, entity, items)
            target = await self.fresh(collection, entity)
            r = await self.api.patch(f"{collection}/{target['id']}", json={name: taken})
            return r.status_code
        for item in items:  # a referenced one answers 409
            r = await self.api.delete(f"{collection}/{item['id']}")
            if r.status_code == 409:
                return 409
        return 0


async def throttle(base: str, method: str, url: str, headers: dict[str, str]) -> int:
    """A fresh client IP calls until the sandbox category's limit answers 429."""
    ip = random_ip()
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(6):
            r = await client.request(method, url, headers={**headers, "X-Forwarded-For": ip})
            if r.status_code == 429:
                assert r.json()["message"] and r.headers["retry-after"]
                return 429
    return 0


@pytest.mark.parametrize("template", TEMPLATES)
async def test_every_documented_status_is_reached(
    owner: Api, unlimited: str, throttled: str, template: str
) -> None:
    b = await box(owner, template)
    base = f"{unlimited}/sandbox/{b.pid}"
    auth = {"Authorization": f"Bearer {b.bearer}"}
    forged = {"Authorization": f"Bearer {b.bearer[:-4]}AAAA"}
    # 403: a missing API key (REST API), else a valid token the function refuses (no role, no
    # tenant); 401: a missing and an invalid token alike (the JWT authorizer)
    api_key = blueprint(template).auth.strategy == "api_key"
    refused = {} if api_key else {"Authorization": f"Bearer {b.bare}"}
    missing: list[str] = []
    async with (
        httpx.AsyncClient(base_url=base, headers={**auth, "X-Forwarded-For": random_ip()}) as api,
        httpx.AsyncClient(base_url=base, headers={"X-Forwarded-For": random_ip()}) as anon,
    ):
        document = (await anon.get("/openapi.json")).json()
        reacher = Reacher(api, document, blueprint(template))
        ops = sorted(operations(document), key=lambda o: (o[0] == "DELETE", o[1], o[0]))
        for method, path, op in ops:
            collection = path.removesuffix("/{id}")
            existing = ""
            if "{id}" in path:
                existing = (await reacher.items(collection))[0]["id"]
            url = path.replace("{id}", existing)
            unknown = path.replace("{id}", str(uuid.uuid4()))
            got: set[str] = set()
            for code in sorted(op["responses"]):
                if code.startswith("2"):
                    status = await reacher.success(method, path, op)
                elif code == "400":
                    status = (await api.request(method, url, content=b"[1]")).status_code
                elif code == "401":
                    without = (await anon.request(method, url)).status_code
                    status = (await anon.request(method, url, headers=forged)).status_code
                    status = status if without == status else 0  # both 401, or neither
                elif code == "403":
                    status = (await anon.request(method, url, headers=refused)).status_code
                elif code == "404":
                    status = (await api.request(method, unknown, json={})).status_code
                elif code == "409":
                    status = await reacher.conflict(method, path, op)
                elif code == "422" and method == "GET":
                    status = (await api.get(url, params={"limit": 0})).status_code
                elif code == "422":
                    status = (await api.request(method, url, json={"no_such": 1})).status_code
                else:  # 429
                    status = await throttle(f"{throttled}/sandbox/{b.pid}", method, unknown, auth)
                if str(status) == code:
                    got.add(code)
            missing += [f"{method} {path}: {c}" for c in sorted(set(op["responses"]) - got)]
    assert not missing, missing


# --- Schemathesis (after the statuses: it changes the data) ------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
async def test_schemathesis_finds_nothing_in_the_sandbox(
    owner: Api, unlimited: str, template: str, tmp_path: Path
) -> None:
    b = await box(owner, template)
    base = f"{unlimited}/sandbox/{b.pid}"
    async with httpx.AsyncClient() as client:
        document = (await client.get(f"{base}/openapi.json")).json()
    assert document["servers"][0]["url"] == f"/sandbox/{b.pid}"
    st = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [
            *(str(st), "run", f"{base}/openapi.json", "--url", base),
            *("-H", f"Authorization: Bearer {b.bearer}", "-H", f"X-Forwarded-For: {random_ip()}"),
            *("--checks", "all", "--exclude-checks", EXCLUDED),
            *("--max-examples", EXAMPLES, "--seed", "20261129"),
            *("--phases", "examples,coverage,fuzzing", "--generation-database", "none"),
            # one worker: with threads, CPython 3.11's ast (Hypothesis describes its lambdas
            # with it) can fail with "AST constructor recursion depth mismatch"
            *("--workers", "1", "--no-color"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    out = result.stdout
    start = min(
        (i for i in (out.find("= ERRORS ="), out.find("= FAILURES =")) if i >= 0), default=0
    )
    assert result.returncode == 0, out[max(0, start - 200) :][:12000] + result.stderr[-2000:]
