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
        400: "Malformed request (e.g. a body that is not JSON)",
        401: "Missing or invalid credentials",
        404: "Not found (also another user's resource)",
        409: "Conflict with the current state",
        413: "Request body too large",
        422: "Invalid request",
        429: "Rate limited (see Retry-After)",
        500: "Internal error",
        503: "A dependency is unavailable",
    }.items()
}


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
        for path, item in schema.get("paths", {}).items():
            for op in item.values():
                if not isinstance(op, dict):
                    continue
                public = (
                    path.startswith("/health")
                    or path
                    in (
                        "/auth/signup",
                        "/auth/login",
                        "/auth/refresh",
                    )
                    or path.startswith("/templates")
                    or path == "/blueprints/schema"
                )
                if not public:
                    op["security"] = [{"bearerAuth": []}]
                # FastAPI's default 422 body is replaced by ours.
                responses = op.get("responses", {})
                if "422" in responses:
                    responses["422"] = {
                        "description": "Invalid request",
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/ErrorBody"}
                            }
                        },
                    }
        schemas = schema.get("components", {}).get("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
