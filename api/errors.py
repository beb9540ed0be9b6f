"""Uniform error bodies: ``{"error", "code"}`` plus RFC 7807 members (problem+json).

The errors themselves, one class per code, are in ``core.errors``; this module renders them and
maps framework errors (validation, unknown routes, database outages) onto the same body.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from core.errors import DatabaseBusy, DatabaseUnavailable, SlipwayError

logger = logging.getLogger("slipway.api")

PROBLEM_JSON = "application/problem+json"
ERROR_TYPE_BASE = "https://slipway.dev/errors/"

_DEFAULT_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
}


def problem(
    status: int,
    code: str,
    message: str,
    instance: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "error": message,
        "code": code,
        "type": ERROR_TYPE_BASE + code.lower().replace("_", "-"),
        "title": HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else code,
        "status": status,
        "detail": message,
        "instance": instance,
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SlipwayError)
    async def _api_error(request: Request, exc: SlipwayError) -> JSONResponse:
        return problem(
            exc.status, exc.code, exc.message, request.url.path, exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            loc = list(err.get("loc", ()))
            message = str(err.get("msg", "invalid value"))
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            errors.append({"field": _field_path(loc), "message": message, "type": err.get("type")})
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return problem(
            422,
            "VALIDATION_ERROR",
            f"Invalid request: {summary}" if summary else "Invalid request",
            request.url.path,
            errors=errors,
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        logger.warning(
            "database unavailable", extra={"path": request.url.path, "error": str(exc)[:200]}
        )
        return await _api_error(request, DatabaseUnavailable())

    @app.exception_handler(PoolTimeout)
    async def _database_busy(request: Request, exc: Exception) -> JSONResponse:
        logger.warning("database pool exhausted", extra={"path": request.url.path})
        return await _api_error(request, DatabaseBusy())

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _DEFAULT_CODES.get(exc.status_code, "ERROR")
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = f"No route for {request.method} {request.url.path}"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            allowed = allowed_methods(request)
            headers["Allow"] = ", ".join(allowed)
            if request.method == "OPTIONS":  # RFC 9110 §9.3.7: the path's methods, no body
                return Response(status_code=204, headers=headers)
            message = f"Method {request.method} is not allowed on {request.url.path}"
        return problem(exc.status_code, code, message, request.url.path, headers)


METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> list[str]:
    """Every method the app routes on this path (Starlette's 405 names only the first matching
    route.s), plus OPTIONS, which every routed path answers."""

    def routed(method: str) -> bool:
        scope = {**request.scope, "method": method}
        return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)

    return [*filter(routed, METHODS), "OPTIONS"]
