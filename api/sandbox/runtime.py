"""The running sandbox behind ``/sandbox/{projectId}/...`` (``api.sandbox.serve`` is its HTTP):
the sandbox of the path's project, its loaded app, its OpenAPI document, and a call through it
as API Gateway would make it (route, authorizer, usage limit, Lambda proxy event, function).

The OpenAPI document of a large revision takes seconds to build (a 3,700-relationship blueprint
about 1.5 s) and the route is public, so it is built off the event loop (``api.offload``,
``ARTIFACTS``) and kept per revision: rendered once, answered from memory afterwards.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from api import offload
from api.state import AppState
from core.db import release
from core.models_sandbox import Sandbox
from core.repositories import blueprints as blueprints_repo
from core.repositories import sandboxes as repo
from core.sandbox import postgres, seeding, tokens
from core.sandbox.app import REGISTRY, SandboxApp
from core.sandbox.runtime import FunctionError, invoke, run_in_pool
from slipway.artifacts.openapi import build_openapi
from slipway.ir import Blueprint
from slipway.sandbox import gateway
from slipway.sandbox.template import Route

DOCUMENTS_BYTES = 64 * 1024 * 1024
"""What the rendered documents kept in memory may take together (the largest is about 21 MB)."""


async def sandbox_of(session: AsyncSession, project_id: str) -> Sandbox | None:
    """The sandbox of the path's project (``None`` for a malformed ID, as for a missing one)."""
    try:
        pid = uuid.UUID(project_id)
    except ValueError:
        return None
    return await repo.of_project(session, pid)


async def _revision_ir(session: AsyncSession, row: Sandbox) -> dict[str, Any]:
    rev = await blueprints_repo.get_revision(session, row.project_id, row.revision)
    assert rev is not None  # revisions are never deleted
    return dict(rev.ir)


async def app_of(state: AppState, session: AsyncSession, row: Sandbox) -> SandboxApp:
    """The sandbox loaded in this process (built on first use and after a move)."""

    async def ir() -> dict[str, Any]:
        return await _revision_ir(session, row)

    return await REGISTRY.get(state.settings, row, ir)


# --- the OpenAPI document ----------------------------------------------------------------------


def render_openapi(ir: dict[str, Any], project_id: str, revision: int) -> bytes:
    """The OpenAPI artifact of the revision, its server the sandbox, as JSON (blocking)."""
    document = build_openapi(Blueprint.from_json(ir))
    document["servers"] = [
        {"url": f"/sandbox/{project_id}", "description": f"Sandbox (revision {revision})"}
    ]
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode()


class Documents:
    """The rendered OpenAPI documents of this process, by revision, least recently used dropped
    past ``limit`` bytes. One build per revision: concurrent requests wait for the first."""

    def __init__(self, limit: int = DOCUMENTS_BYTES) -> None:
        self.limit = limit
        self._docs: OrderedDict[str, bytes] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self._guard = threading.Lock()

    def _cached(self, key: str) -> bytes | None:
        with self._guard:
            doc = self._docs.get(key)
            if doc is not None:
                self._docs.move_to_end(key)
            return doc

    def _lock(self, key: str) -> asyncio.Lock:
        with self._guard:
            return self._locks.setdefault(key, asyncio.Lock())

    def _keep(self, key: str, doc: bytes) -> None:
        with self._guard:
            self._docs[key] = doc
            while sum(map(len, self._docs.values())) > self.limit and len(self._docs) > 1:
                dropped, _ = self._docs.popitem(last=False)
                self._locks.pop(dropped, None)

    async def get(self, key: str, build: Callable[[], Awaitable[bytes]]) -> bytes:
        doc = self._cached(key)
        if doc is not None:
            return doc
        async with self._lock(key):
            doc = self._cached(key)
            if doc is None:
                doc = await build()  # past its deadline: 503, nothing kept, the next one builds
                self._keep(key, doc)
        return doc


DOCUMENTS = Documents()


async def openapi_of(session: AsyncSession, row: Sandbox) -> bytes:
    """The sandbox's OpenAPI document (JSON), built off the loop once per revision."""

    async def build() -> bytes:
        ir = await _revision_ir(session, row)
        await release(session)  # no connection held while it builds
        what = "Building the sandbox's OpenAPI document"
        return await offload.run(
            offload.ARTIFACTS, what, render_openapi, ir, str(row.project_id), row.revision
        )

    return await DOCUMENTS.get(str(row.revision_id), build)


# --- a call through the gateway ----------------------------------------------------------------


def authorize(
    app: SandboxApp, route: Route, headers: Mapping[str, str]
) -> tuple[Any, gateway.Response | None]:
    """What the route's authorizer passes on (claims, or the API key's identity), or the
    gateway's refusal."""
    if route.access.auth == "public":
        return (None if route.payload == "2.0" else {"apiKey": None, "apiKeyId": None}), None
    if route.access.auth == "api_key":
        key = headers.get("x-api-key") or ""
        if not tokens.verify(key, app.secret, app.project_id, app.nonce):
            return None, gateway.gateway_error(*gateway.REFUSED["1.0"])
        return {"apiKey": key, "apiKeyId": tokens.api_key_id(key)}, None
    token = tokens.bearer(headers.get("authorization"))
    if token is None:
        return None, gateway.gateway_error(*gateway.DENIED["2.0"])
    claims = tokens.verify(token, app.secret, app.project_id, app.nonce)
    if claims is None:  # invalid or expired: 401, as the JWT authorizer (and the document)
        return None, gateway.gateway_error(*gateway.REFUSED["2.0"])
    return claims, None


async def row_limit(state: AppState, app: SandboxApp, route: Route) -> gateway.Response | None:
    """A create past the sandbox's row limit is refused as API Gateway refuses a usage plan's
    exhausted quota (429 ``Limit Exceeded``)."""
    if route.method != "POST" or "{" in route.path:
        return None
    entity = app.functions[route.function].env.get("ENTITY")
    if not entity:
        return None
    url = postgres.postgres_url(state.settings)
    counts = await run_in_pool(seeding.counts, state.settings, app, url, entity)
    limit = state.settings.sandbox_rows_max
    if counts.get(entity, 0) < limit:
        return None
    message = f"Limit Exceeded: a sandbox holds at most {limit} {entity} rows; delete some first"
    return gateway.gateway_error(429, message)


async def call(
    state: AppState, app: SandboxApp, req: gateway.Request, headers: Mapping[str, str]
) -> gateway.Response:
    """What API Gateway answers ``req``: no route, refused, or the function's answer."""
    matched = gateway.match(app.routes, req.method, req.path)
    payload = app.routes[0].payload if app.routes else "2.0"
    if matched is None:
        return gateway.gateway_error(*gateway.NOT_FOUND[payload])
    route, params = matched
    granted, refusal = authorize(app, route, headers)
    refusal = refusal or await row_limit(state, app, route)
    if refusal is not None:
        return refusal
    if route.payload == "2.0":
        event = gateway.http_event(route, req, params, granted)
    else:
        event = gateway.rest_event(route, req, params, granted or {})
    try:
        result = await invoke(app.functions[route.function], event)
    except FunctionError:
        return gateway.gateway_error(*gateway.BROKEN[route.payload])
    return gateway.response(result, route.payload)
