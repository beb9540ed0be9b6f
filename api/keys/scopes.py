"""What an endpoint requires of an API key, declared next to the route like ``@raises``:

    @router.post("/projects/{project_id}/deploy", ...)
    @requires(Scope.DEPLOY)
    @raises(OperationInProgress)
    async def deploy(project: WritableProject, ...) -> ...

A login session (a JWT) may call every authenticated endpoint on what its user owns. An API key
may call an endpoint only when the endpoint declares a scope the key holds; an endpoint with no
declaration refuses every key (fail closed) and ``tests/api/test_api_keys.py`` fails on it.
``api.deps.current_principal`` enforces the declaration; ``document_access`` writes it into the
OpenAPI document (per-operation ``security`` and ``x-required-scope``).

A key bound to a project may reach only that project: the project is read from the path
(``project_id``, or a resource of ``PROJECT_RESOURCES`` such as ``blueprint_id``). Endpoints
without a project in the path are account-wide and refuse bound keys, unless they declare
``bound_keys=True`` because they narrow their answer to ``principal.project_id`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import APIRouter
from fastapi.routing import APIRoute

from core.models import Blueprint, Deployment
from core.models_ops import Webhook


class Scope(StrEnum):
    PROJECTS_READ = "projects:read"
    PROJECTS_WRITE = "projects:write"
    SPEC_WRITE = "spec:write"
    GENERATE = "generate"
    VALIDATE = "validate"
    DEPLOY = "deploy"
    ARTIFACTS_READ = "artifacts:read"
    USAGE_READ = "usage:read"
    WEBHOOKS_MANAGE = "webhooks:manage"
    AUDIT_READ = "audit:read"


@dataclass(frozen=True, slots=True)
class Access:
    """An endpoint's declaration. ``scope=None, keys=True``: any credential (``/auth/me``);
    ``keys=False``: login sessions only (managing API keys)."""

    scope: Scope | None
    keys: bool = True
    bound_keys: bool = False

    @property
    def label(self) -> str | None:
        return self.scope.value if self.scope else None


Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
_ATTRIBUTE = "__slipway_access__"


def _declare(access: Access) -> Callable[[Endpoint], Endpoint]:
    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, _ATTRIBUTE, access)
        return endpoint

    return mark


def requires(scope: Scope | str, *, bound_keys: bool = False) -> Callable[[Endpoint], Endpoint]:
    """The scope an API key needs for this endpoint (sessions need none).

    ``bound_keys=True`` on an account-wide endpoint (no project in its path) lets a key bound to
    one project call it: the endpoint then answers with that project's data only."""
    return _declare(Access(Scope(scope), bound_keys=bound_keys))


def session_only() -> Callable[[Endpoint], Endpoint]:
    """Login sessions only: every API key gets 403 (a key can never create or list keys)."""
    return _declare(Access(None, keys=False))


def any_credential() -> Callable[[Endpoint], Endpoint]:
    """Any authenticated caller, every API key included (``GET /auth/me``)."""
    return _declare(Access(None, bound_keys=True))


def access_of(endpoint: object) -> Access | None:
    found = getattr(endpoint, _ATTRIBUTE, None)
    return found if isinstance(found, Access) else None


PROJECT_RESOURCES: dict[str, Any] = {
    "blueprint_id": Blueprint,
    "deployment_id": Deployment,
    "webhook_id": Webhook,
}
"""Path parameters naming a resource of one project: the table, whose rows have ``project_id``
and ``id``. Add yours here so that project-bound keys can reach it."""


Operation = tuple[str, str]


def api_routes(routes: Iterable[Any]) -> list[APIRoute]:
    """Every ``APIRoute`` under ``routes``, through included routers."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif (included := getattr(route, "original_router", None)) is not None:
            found.extend(api_routes(included.routes))
        elif (children := getattr(route, "routes", None)) is not None:
            found.extend(api_routes(children))
    return found


def declared_access(routers: Iterable[APIRouter]) -> dict[Operation, Access | None]:
    """Every operation's declaration (None when it has none), by the document's path (without
    convertors: ``{number:int}`` is ``{number}`` there)."""
    return {
        (method.lower(), route.path_format): access_of(route.endpoint)
        for router in routers
        for route in api_routes(router.routes)
        for method in route.methods or ()
    }


INSUFFICIENT_SCOPE_RESPONSE = {
    "description": "Forbidden: the API key lacks the operation's scope, is bound to another "
    "project, or API keys may not call this operation (INSUFFICIENT_SCOPE)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}
API_KEY_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "slw_ API key",
    "description": "An API key (Authorization: Bearer slw_…). Each operation lists the scope "
    "it requires (x-required-scope); keys bound to a project reach only that project.",
}


def document_access(schema: dict[str, Any], routers: Iterable[APIRouter]) -> None:
    """Write each authenticated operation's declaration into the OpenAPI document."""
    schema.setdefault("components", {}).setdefault("securitySchemes", {})["apiKey"] = API_KEY_SCHEME
    declared = declared_access(routers)
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "security" not in op or (method, path) not in declared:
                continue
            access = declared[(method, path)]
            if access is None:
                continue
            op["x-required-scope"] = access.label
            op["x-api-keys"] = "refused" if not access.keys else "allowed"
            security: list[dict[str, list[str]]] = [{"bearerAuth": []}]
            if access.keys:
                security.append({"apiKey": [access.label] if access.label else []})
            op["security"] = security
            if access.label or not access.keys:
                op.setdefault("responses", {})["403"] = INSUFFICIENT_SCOPE_RESPONSE
