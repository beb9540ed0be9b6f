"""OpenAPI document: every route documents the uniform error body."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.schemas import ErrorBody

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

PROJECT_ARCHIVED = "PROJECT_ARCHIVED"
# The 409 codes each operation can answer (documented in its 409 description, and each one
# reached by tests/security/test_documented_errors.py).
CONFLICTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("post", "/auth/signup"): ("EMAIL_TAKEN",),
    ("patch", "/projects/{project_id}"): (PROJECT_ARCHIVED,),
    ("post", "/projects/{project_id}/spec/chat"): (PROJECT_ARCHIVED,),
    ("post", "/projects/{project_id}/spec/apply"): (PROJECT_ARCHIVED, "VERSION_CONFLICT"),
    ("post", "/projects/{project_id}/spec/undo"): (PROJECT_ARCHIVED, "NOTHING_TO_UNDO"),
    ("delete", "/projects/{project_id}/spec/draft"): (PROJECT_ARCHIVED,),
    ("post", "/projects/{project_id}/spec/chat/message"): (PROJECT_ARCHIVED,),
    ("post", "/projects/{project_id}/spec/generate-blueprint"): (PROJECT_ARCHIVED, "NO_SPEC"),
    ("post", "/projects/{project_id}/blueprints"): (PROJECT_ARCHIVED,),
    ("get", "/projects/{project_id}/revisions/compare"): ("NO_REVISIONS",),
    ("post", "/projects/{project_id}/revisions/classify"): ("NO_REVISIONS",),
    ("post", "/blueprints/{blueprint_id}/validate"): ("BLUEPRINT_NOT_READY", "CONFLICT"),
    ("post", "/projects/{project_id}/validate"): (
        PROJECT_ARCHIVED,
        "NO_BLUEPRINT",
        "BLUEPRINT_NOT_READY",
        "OPERATION_IN_PROGRESS",
    ),
    ("post", "/projects/{project_id}/deploy"): (
        PROJECT_ARCHIVED,
        "NO_BLUEPRINT",
        "BLUEPRINT_NOT_READY",
        "OPERATION_IN_PROGRESS",
        "CHANGE_BLOCKED",
        "ACKNOWLEDGEMENT_REQUIRED",
    ),
    ("delete", "/projects/{project_id}/stack"): ("OPERATION_IN_PROGRESS",),
    ("post", "/projects/{project_id}/rollback"): (PROJECT_ARCHIVED, "OPERATION_IN_PROGRESS"),
    ("post", "/deployments/{deployment_id}/continue"): ("NOT_PARKED",),
    ("post", "/deployments/{deployment_id}/rollback"): ("NOT_PARKED",),
    ("post", "/deployments/{deployment_id}/cancel"): ("NOT_RUNNING",),
}
# Operations that call the assistant's LLM provider.
UPSTREAM = {
    ("post", "/projects/{project_id}/spec/chat"),
    ("post", "/projects/{project_id}/blueprints"),
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


def documented_errors(method: str, path: str, op: dict[str, Any]) -> set[str]:
    """The error statuses an operation can really answer, from what the route takes."""
    params = op.get("parameters", [])
    codes = {"429", "500"}
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
    if (method, path) in CONFLICTS:
        codes.add("409")
    if (method, path) in UPSTREAM:
        codes.add("502")
    return codes


def customize_openapi(app: FastAPI) -> None:
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
        for path, item in schema.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict):
                    continue
                if not is_public(path):
                    op["security"] = [{"bearerAuth": []}]
                responses = op.get("responses", {})
                for code in error_codes - documented_errors(method, path, op):
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
                    codes = ", ".join(CONFLICTS[(method, path)])
                    responses["409"] = {
                        **responses["409"],
                        "description": f"Conflict with the current state: {codes}",
                    }
        add_links(schema)
        schemas = schema.get("components", {}).get("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
