"""The sandbox API: ``/sandbox/{projectId}/<the blueprint's own paths>``, its OpenAPI document
and Swagger UI. It stands where API Gateway stands in front of the deployed functions.

Like a deployed API it needs no Slipway login: its protected routes take the sandbox's tokens
(minted by the project's owner), its public routes anyone. A request is rate limited (the
``sandbox`` category, per sandbox and client IP) and size limited, matched to a route of the
revision's api stack, authorized as that route's API Gateway would (JWT authorizer, or API key),
turned into the Lambda proxy event and handed to the function, whose answer goes back as API
Gateway would send it. Every answer of the gateway itself has its ``{"message"}`` body. The
OpenAPI document and Swagger UI are public routes under the per-IP ``public`` limit. What happens
behind the HTTP (the sandbox, its app, its document, the call) is ``api.sandbox.runtime``.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.convertors import PathConvertor, register_url_convertor

from api.deps import Session, State, public_ip_limit
from api.docs_pages import swagger_page
from api.sandbox import runtime
from api.state import AppState
from core.db import release
from core.errors import RateLimited
from core.logging import request_id_var
from slipway.sandbox import gateway


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


def _no_sandbox() -> Response:
    return _answer(gateway.gateway_error(404, "Not Found"))


@router.get("/sandbox/{project_id}/openapi.json", dependencies=[Depends(public_ip_limit)])
async def sandbox_openapi(project_id: str, session: Session) -> Response:
    """The OpenAPI artifact of the sandbox's revision, its server the sandbox."""
    row = await runtime.sandbox_of(session, project_id)
    if row is None:
        return _no_sandbox()
    document = await runtime.openapi_of(session, row)
    return Response(document, media_type="application/json")


@router.get("/sandbox/{project_id}/docs", dependencies=[Depends(public_ip_limit)])
async def sandbox_docs(project_id: str, session: Session) -> Response:
    row = await runtime.sandbox_of(session, project_id)
    if row is None:
        return _no_sandbox()
    page: HTMLResponse = swagger_page(f"/sandbox/{row.project_id}/openapi.json", "Sandbox API")
    return page


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
    row = await runtime.sandbox_of(session, project_id)
    if row is None:
        return _no_sandbox()
    app = await runtime.app_of(state, session, row)
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
    return _answer(await runtime.call(state, app, req, request.headers))
