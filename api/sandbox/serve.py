"""The sandbox API: ``/sandbox/{projectId}/<the blueprint's own paths>``, its OpenAPI document
and Swagger UI. It stands where API Gateway stands in front of the deployed functions.

Like a deployed API it needs no Slipway login: its protected routes take the sandbox's tokens
(minted by the project's owner), its public routes anyone. A request is rate limited (the
``sandbox`` category, per sandbox and client IP) and size limited, matched to a route of the
revision's api stack, authorized as that route's API Gateway would (JWT authorizer, or API key),
turned into the Lambda proxy event and handed to the function, whose answer goes back as API
Gateway would send it. Every answer of the gateway itself has its ``{"message"}`` body.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.convertors import PathConvertor, register_url_convertor

from api.deps import Session, State
from api.docs_pages import swagger_page
from api.state import AppState
from core.db import release
from core.errors import RateLimited
from core.logging import request_id_var
from core.models_sandbox import Sandbox
from core.repositories import blueprints as blueprints_repo
from core.repositories import sandboxes as repo
from core.sandbox import postgres, seeding, tokens
from core.sandbox.app import REGISTRY, SandboxApp
from core.sandbox.runtime import FunctionError, invoke, run_in_pool
from slipway.artifacts.openapi import build_openapi
from slipway.sandbox import gateway
from slipway.sandbox.template import Route


class AnyPath(PathConvertor):
    """Every path, control characters included (Starlette's ``path`` stops at a newline): the
    gateway, not the router, decides that a path has no route."""

    regex = "[\\s\\S]*"


register_url_convertor("anypath", AnyPath())
router = APIRouter(include_in_schema=False)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}


def _answer(r: gateway.Response, extra: dict[str, str] | None = None) -> Response:
    response = Response(r.body, status_code=r.status)
    for name, value in r.headers:
        if name.lower() not in _HOP:
            response.headers.append(name, value)
    for name, value in (extra or {}).items():
        response.headers[name] = value
    return response


async def _sandbox(session: Any, project_id: str) -> Sandbox | None:
    try:
        pid = uuid.UUID(project_id)
    except ValueError:
        return None
    return await repo.of_project(session, pid)


async def _app(state: AppState, session: Any, row: Sandbox) -> SandboxApp:
    async def ir() -> dict[str, Any]:
        rev = await blueprints_repo.get_revision(session, row.project_id, row.revision)
        assert rev is not None
        return dict(rev.ir)

    return await REGISTRY.get(state.settings, row, ir)


@router.get("/sandbox/{project_id}/openapi.json")
async def sandbox_openapi(project_id: str, session: Session, state: State) -> Response:
    """The OpenAPI artifact of the sandbox's revision, its server the sandbox."""
    row = await _sandbox(session, project_id)
    if row is None:
        return _answer(gateway.gateway_error(404, "Not Found"))
    app = await _app(state, session, row)
    document = build_openapi(app.blueprint)
    document["servers"] = [
        {"url": f"/sandbox/{row.project_id}", "description": f"Sandbox (revision {row.revision})"}
    ]
    return JSONResponse(document)


@router.get("/sandbox/{project_id}/docs")
async def sandbox_docs(project_id: str, session: Session) -> Response:
    row = await _sandbox(session, project_id)
    if row is None:
        return _answer(gateway.gateway_error(404, "Not Found"))
    page: HTMLResponse = swagger_page(f"/sandbox/{row.project_id}/openapi.json", "Sandbox API")
    return page


def _authorize(
    app: SandboxApp, route: Route, request: Request
) -> tuple[Any, gateway.Response | None]:
    """What the route's authorizer passes on (claims, or the API key's identity), or the
    gateway's refusal."""
    if route.access.auth == "public":
        return (None if route.payload == "2.0" else {"apiKey": None, "apiKeyId": None}), None
    if route.access.auth == "api_key":
        key = request.headers.get("x-api-key") or ""
        if not tokens.verify(key, app.secret, app.project_id, app.nonce):
            return None, gateway.gateway_error(*gateway.REFUSED["1.0"])
        return {"apiKey": key, "apiKeyId": tokens.api_key_id(key)}, None
    token = tokens.bearer(request.headers.get("authorization"))
    if token is None:
        return None, gateway.gateway_error(*gateway.DENIED["2.0"])
    claims = tokens.verify(token, app.secret, app.project_id, app.nonce)
    if claims is None:  # invalid or expired: 401, as the JWT authorizer (and the document)
        return None, gateway.gateway_error(*gateway.REFUSED["2.0"])
    return claims, None


async def _row_limit(state: AppState, app: SandboxApp, route: Route) -> gateway.Response | None:
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


async def _limited(state: AppState, request: Request, project_id: str) -> Response | None:
    ip = state.limiter.client_ip(request)
    try:
        await state.limiter.hit(request, "sandbox", f"{project_id}:{ip}")
    except RateLimited as exc:
        return _answer(gateway.gateway_error(429, "Too Many Requests"), exc.headers)
    return None


@router.api_route("/sandbox/{project_id}/{path:anypath}", methods=METHODS)
async def sandbox_call(
    project_id: str, path: str, request: Request, session: Session, state: State
) -> Response:
    limited = await _limited(state, request, project_id)
    if limited is not None:
        return limited
    row = await _sandbox(session, project_id)
    if row is None:
        return _answer(gateway.gateway_error(404, "Not Found"))
    app = await _app(state, session, row)
    await release(session)
    body = await request.body()
    if len(body) > state.settings.sandbox_body_max:
        return _answer(gateway.gateway_error(413, "Request Entity Too Large"))
    req = gateway.Request(
        method=request.method,
        path="/" + path,
        query=request.url.query,
        headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
        body=body,
        source_ip=state.limiter.client_ip(request),
        host=request.url.hostname or "localhost",
        request_id=request_id_var.get() or uuid.uuid4().hex,
    )
    matched = gateway.match(app.routes, req.method, req.path)
    payload = app.routes[0].payload if app.routes else "2.0"
    if matched is None:
        return _answer(gateway.gateway_error(*gateway.NOT_FOUND[payload]))
    route, params = matched
    granted, refusal = _authorize(app, route, request)
    refusal = refusal or await _row_limit(state, app, route)
    if refusal is not None:
        return _answer(refusal)
    if route.payload == "2.0":
        event = gateway.http_event(route, req, params, granted)
    else:
        event = gateway.rest_event(route, req, params, granted or {})
    try:
        result = await invoke(app.functions[route.function], event)
    except FunctionError:
        return _answer(gateway.gateway_error(*gateway.BROKEN[route.payload]))
    return _answer(gateway.response(result, route.payload))
