"""OpenAPI document: every route documents the uniform error body."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from api.deps import writable_project
from api.keys.scopes import document_access
from api.schemas import ErrorBody
from core.errors import AssistantFailed, Conflict, ProjectArchived, SlipwayError

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "model": ErrorBody,
        "description": description,
        "content": {"application/problem+json": {}},
    }
    for status, description in {
        400: "The body could not be read (e.g. not UTF-8)",
        401: "Missing or invalid credentials",
        404: "Not found (also another user's resource)",
        409: "Conflict with the current state",
        413: "Request body too large",
        422: "Invalid request",
        429: "Rate limited (see Retry-After)",
        500: "Internal error",
        502: "The assistant's LLM provider failed or timed out",
        503: "A dependency is unavailable (database, Temporal) or every DB connection is busy",
    }.items()
}

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Operation = tuple[str, str]
"""``(method, path)`` as the document spells them: ``("post", "/projects/{project_id}/deploy")``."""


def raises(*errors: type[SlipwayError]) -> Callable[[Endpoint], Endpoint]:
    """Declare the conflicts (409) and upstream failures (502) an endpoint can answer, beside it:

    ``@router.post(...)`` over ``@raises(VersionConflict)`` over ``async def apply(...)``.
    Operations taking ``WritableProject`` answer ``PROJECT_ARCHIVED`` without saying so.
    """

    def mark(endpoint: Endpoint) -> Endpoint:
        endpoint.__slipway_errors__ = errors  # type: ignore[attr-defined]
        return endpoint

    return mark


def _uses(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


Declared = dict[Operation, tuple[type[SlipwayError], ...]]


def declared_errors(routers: Iterable[APIRouter]) -> Declared:
    """Every operation's declared errors (``raises``), including the archived-project guard."""
    found: Declared = {}
    for route in (r for router in routers for r in router.routes):
        if not isinstance(route, APIRoute):
            continue
        errors: tuple[type[SlipwayError], ...] = getattr(route.endpoint, "__slipway_errors__", ())
        if _uses(route.dependant, writable_project):
            errors = (ProjectArchived, *errors)
        for method in route.methods or ():
            found[(method.lower(), route.path_format)] = errors  # {number:int} is {number}
    return found


def conflicts(routers: Iterable[APIRouter]) -> dict[Operation, tuple[str, ...]]:
    """The 409 codes each operation can answer (documented in its 409 description, and each one
    reached by tests/security/test_documented_errors.py)."""
    table = {
        op: tuple(dict.fromkeys(e.code for e in errors if issubclass(e, Conflict)))
        for op, errors in declared_errors(routers).items()
    }
    return {op: codes for op, codes in table.items() if codes}


def upstream(routers: Iterable[APIRouter]) -> set[Operation]:
    """Operations that call the assistant's LLM provider (502 when it fails)."""
    return {
        op
        for op, errors in declared_errors(routers).items()
        if any(issubclass(e, AssistantFailed) for e in errors)
    }


PUBLIC_PATHS = ("/auth/signup", "/auth/login", "/auth/refresh", "/blueprints/schema")
# Public operations that still answer 401: wrong credentials, an invalid refresh token.
CREDENTIAL_CHECKS = {("post", "/auth/login"), ("post", "/auth/refresh")}


def is_public(path: str) -> bool:
    return path.startswith(("/health", "/templates")) or path in PUBLIC_PATHS


# Where a created resource's id is in a success body: the OpenAPI links that let clients (and
# Schemathesis's stateful phase) follow a create to every operation on what it created.
LINK_SOURCES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("post", "/projects", "201"): ("project_id", "$response.body#/data/id"),
    ("post", "/projects/{project_id}/spec/generate-blueprint", "202"): (
        "blueprint_id",
        "$response.body#/blueprint/id",
    ),
    ("post", "/projects/{project_id}/blueprints", "202"): (
        "blueprint_id",
        "$response.body#/blueprint/id",
    ),
    ("post", "/projects/{project_id}/deploy", "202"): (
        "deployment_id",
        "$response.body#/deployment/id",
    ),
    ("delete", "/projects/{project_id}/stack", "202"): (
        "deployment_id",
        "$response.body#/deployment/id",
    ),
}


def add_links(schema: dict[str, Any]) -> None:
    paths = schema.get("paths", {})
    for (method, path, status), (param, expression) in LINK_SOURCES.items():
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if response is None:
            continue
        links = response.setdefault("links", {})
        for target_path, item in paths.items():
            if "{" + param + "}" not in target_path:
                continue
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    links[op["operationId"]] = {
                        "operationId": op["operationId"],
                        "parameters": {param: expression},
                    }


def documented_errors(
    method: str,
    path: str,
    op: dict[str, Any],
    conflicting: dict[Operation, tuple[str, ...]],
    calling_llm: set[Operation],
    declared: Iterable[str] = (),
) -> set[str]:
    """The error statuses an operation can really answer, from what the route takes and the
    errors it declares (``raises``)."""
    params = op.get("parameters", [])
    codes = {"429", "500", *declared}
    if path != "/health":
        codes.add("503")
    if not is_public(path) or (method, path) in CREDENTIAL_CHECKS:
        codes.add("401")
    if any(p.get("in") == "path" for p in params):
        codes.add("404")
    if "requestBody" in op:
        codes |= {"400", "413", "422"}
    if any(p.get("in") in ("query", "header") for p in params):
        codes.add("422")
    if (method, path) in conflicting:
        codes.add("409")
    if (method, path) in calling_llm:
        codes.add("502")
    return codes


def customize_openapi(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearerAuth"] = {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
        }
        error_codes = {str(code) for code in ERROR_RESPONSES}
        conflicting, calling_llm = conflicts(routers), upstream(routers)
        statuses = {
            op: {str(e.status) for e in errors} for op, errors in declared_errors(routers).items()
        }
        for path, item in schema.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict):
                    continue
                if not is_public(path):
                    op["security"] = [{"bearerAuth": []}]
                responses = op.get("responses", {})
                declared = statuses.get((method, path), set())
                documented = documented_errors(method, path, op, conflicting, calling_llm, declared)
                for code in error_codes - documented:
                    responses.pop(code, None)
                # FastAPI's default 422 body is replaced by ours.
                if "422" in responses:
                    responses["422"] = {
                        "description": "Invalid request",
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/ErrorBody"}
                            }
                        },
                    }
                if "409" in responses:
                    codes = ", ".join(conflicting[(method, path)])
                    responses["409"] = {
                        **responses["409"],
                        "description": f"Conflict with the current state: {codes}",
                    }
        document_access(schema, routers)  # API-key scopes: security, x-required-scope, 403
        add_links(schema)
        schemas = schema.get("components", {}).get("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
