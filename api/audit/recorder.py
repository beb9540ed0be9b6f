"""The audit log's one recording point: ``@audited(action)`` on an endpoint, and the middleware
that writes the entry once the response is known.

    @router.post("/projects/{project_id}/deploy", ...)
    @audited("deployment.deploy")
    async def deploy(...): ...

Every request to a declared endpoint is recorded, whatever answers it (the endpoint, a
dependency refusing it with 401/404/409/429, or an unexpected error): who (``principal.actor``,
or ``anonymous``), from where (the rate limiter's client IP, which honours ``TRUSTED_PROXIES``),
the request id, the action, its target (from the path, or the created resource's id in the
response), and the outcome from the status code: ``success`` (< 400), ``denied`` (401, 403, 404,
429) or ``failed``, with the error ``code`` of the body. The entry is committed before the
response leaves, so a client that reads ``GET /audit`` after its request finds it.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.security import decode_access_token
from core.logging import request_id_var
from core.models import Blueprint, Deployment
from core.models_ops import AuditEntry, Webhook
from core.principal import Principal
from core.repositories import audit as repo

logger = logging.getLogger("slipway.audit")
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
_ATTRIBUTE = "__slipway_audit__"
DENIED = frozenset({401, 403, 404, 429})
TARGETS: tuple[tuple[str, str], ...] = (
    ("delivery_id", "delivery"),
    ("key_id", "api_key"),
    ("webhook_id", "webhook"),
    ("deployment_id", "deployment"),
    ("blueprint_id", "blueprint"),
    ("project_id", "project"),
)
"""Path parameters naming the target, most specific first."""
OWNERS: dict[str, Any] = {
    "webhook_id": Webhook,
    "deployment_id": Deployment,
    "blueprint_id": Blueprint,
}
"""Targets whose project is looked up (their rows have ``project_id``)."""
_MAX_BUFFER = 1024 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods no audited endpoint answers (``tests/api/test_fastpath.py`` checks every route):
the middleware passes them straight through."""


@dataclass(frozen=True, slots=True)
class Audit:
    action: str
    created: str | None = None
    """``kind`` of the resource the response creates (its id at ``data.id``), e.g. project."""
    signs_in: bool = False
    """The response carries a new ``accessToken``: its user is the actor (sign-in)."""


def audited(
    action: str, *, created: str | None = None, signs_in: bool = False
) -> Callable[[Endpoint], Endpoint]:
    """Record every request to this endpoint in the audit log as ``action``."""

    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _ATTRIBUTE, Audit(action, created, signs_in))
        return endpoint

    return mark


def audit_of(endpoint: object) -> Audit | None:
    found = getattr(endpoint, _ATTRIBUTE, None)
    return found if isinstance(found, Audit) else None


def outcome(status: int) -> str:
    if status < 400:
        return "success"
    return "denied" if status in DENIED else "failed"


def _json(body: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(body) if body else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class AuditMiddleware:
    """Holds an audited endpoint's response until its entry is committed (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        held: list[Message] = []
        size = 0
        written = False

        async def hold(message: Message) -> None:
            nonlocal size, written
            spec = audit_of(scope.get("endpoint"))
            if spec is None or written:
                await send(message)
                return
            held.append(message)
            size += len(message.get("body", b""))
            more = message["type"] == "http.response.start" or message.get("more_body", False)
            if more and size <= _MAX_BUFFER:
                return
            written = True
            start = held[0]
            body = b"".join(m.get("body", b"") for m in held[1:])
            await self.record(scope, spec, int(start["status"]), body)
            for m in held:
                await send(m)

        try:
            await self.app(scope, receive, hold)
        except Exception:
            spec = audit_of(scope.get("endpoint"))
            if spec is not None and not written:
                await self.record(scope, spec, 500, b'{"code": "INTERNAL_ERROR"}')
            raise

    async def record(self, scope: Scope, spec: Audit, status: int, body: bytes) -> None:
        try:
            await self._write(scope, spec, status, body)
        except (SQLAlchemyError, OSError):
            logger.exception("audit entry not written", extra={"action": spec.action})

    async def _write(self, scope: Scope, spec: Audit, status: int, body: bytes) -> None:
        request = Request(scope)
        state = request.app.state.slipway
        principal: Principal | None = scope.get("state", {}).get("principal")
        user_id = principal.user_id if principal else scope.get("state", {}).get("user_id")
        params: dict[str, Any] = scope.get("path_params") or {}
        kind, target = next(((k, params[p]) for p, k in TARGETS if p in params), (None, None))
        parsed = _json(body)
        if spec.signs_in and status < 400 and user_id is None:
            claims = decode_access_token(
                str(parsed.get("accessToken", "")), state.settings.jwt_secret
            )
            user_id = claims.user_id if claims is not None else None
            kind, target = "user", user_id
        if spec.created and status < 400:
            kind = spec.created
            target = (parsed.get("data") or {}).get("id")
            if kind == "user" and user_id is None:  # a sign-up belongs to the new account
                user_id = _uuid(target)
        entry = AuditEntry(
            user_id=user_id,
            actor=principal.actor if principal else f"user:{user_id}" if user_id else "anonymous",
            action=spec.action,
            target_kind=kind,
            target_id=str(target)[:200] if target is not None else None,
            outcome=outcome(status),
            status_code=status,
            error_code=str(parsed.get("code"))[:64]
            if status >= 400 and parsed.get("code")
            else None,
            ip=state.limiter.client_ip(request)[:64],
            request_id=request_id_var.get(),
            method=str(scope.get("method", "")),
            path=str(scope.get("path", ""))[:500],
        )
        async with state.sessions() as session:
            entry.project_id = await self._project(session, params, kind, target)
            await repo.append(session, entry)
            await session.commit()

    @staticmethod
    async def _project(
        session: Any, params: dict[str, Any], kind: str | None, target: object
    ) -> uuid.UUID | None:
        if "project_id" in params:
            return _uuid(params["project_id"])
        if kind == "project":
            return _uuid(target)
        for param, model in OWNERS.items():
            if param in params and (key := _uuid(params[param])) is not None:
                row = await session.get(model, key)
                return row.project_id if row is not None else None
        return None
