"""OpenAPI 3.1 document of a blueprint's generated backend API (pure, deterministic)."""

from __future__ import annotations

from typing import Any

from slipway.ir import Blueprint, EntityDef, FieldDef

ERROR_STATUSES = {
    "400": "Malformed request",
    "401": "Missing bearer token (answered by API Gateway)",
    "403": "Invalid or expired token, a role that may not do this, or no tenant in the token "
    "(API Gateway's authorizer answers with a GatewayError; a handler's own check with an Error)",
    "404": "Not found",
    "409": "Conflict (e.g. a unique field already exists)",
    "422": "Validation failed",
    "429": "Throttled (answered by API Gateway)",
}
# API Gateway answers these itself, before any handler runs, with a ``{"message": ...}`` body.
GATEWAY_STATUSES = ("401", "403", "429")


def field_schema(f: FieldDef) -> dict[str, Any]:
    schema: dict[str, Any]
    if f.type == "string":
        schema = {"type": "string"}
        if f.references or f.primary:
            schema["format"] = "uuid"
        if f.max_length:
            schema["maxLength"] = f.max_length
    elif f.type == "number":
        schema = {"type": "number"}
    elif f.type == "integer":
        schema = {"type": "integer"}
    elif f.type == "boolean":
        schema = {"type": "boolean"}
    elif f.type == "datetime":
        schema = {"type": "string", "format": "date-time"}
    elif f.type == "date":
        schema = {"type": "string", "format": "date"}
    elif f.type == "enum":
        schema = {"type": "string", "enum": list(f.enum_values)}
    else:  # json
        schema = {"type": "object", "additionalProperties": True}
    if f.default is not None:
        schema["default"] = f.default
    if f.description:
        schema["description"] = f.description
    if f.references:
        schema["description"] = (f.description + " " if f.description else "") + (
            f"ID of the referenced {f.references}."
        )
    if f.managed:
        schema["readOnly"] = True
    return schema


def _entity_schemas(e: EntityDef) -> dict[str, dict[str, Any]]:
    props = {f.name: field_schema(f) for f in e.fields}
    writable = [f for f in e.fields if not f.managed and not f.primary]
    full_required = sorted(f.name for f in e.fields if f.required or f.primary or f.managed)
    create_props = {
        f.name: {k: v for k, v in field_schema(f).items() if k != "readOnly"} for f in writable
    }
    create_required = sorted(f.name for f in writable if f.required and f.default is None)
    create: dict[str, Any] = {
        "type": "object",
        "properties": create_props,
        "additionalProperties": False,
    }
    if create_required:
        create["required"] = create_required
    return {
        e.name: {
            "type": "object",
            "properties": props,
            "required": full_required,
            "additionalProperties": False,
        },
        f"{e.name}Create": create,
        f"{e.name}Update": {
            "type": "object",
            "properties": create_props,
            "additionalProperties": False,
            "minProperties": 1,
        },
        f"{e.name}Page": {
            "type": "object",
            "properties": {
                "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{e.name}"}},
                "meta": {"$ref": "#/components/schemas/PageMeta"},
            },
            "required": ["data", "meta"],
        },
    }


def _error_schema(code: str) -> dict[str, Any]:
    error = {"$ref": "#/components/schemas/Error"}
    gateway = {"$ref": "#/components/schemas/GatewayError"}
    if code == "403":  # the authorizer, or the handler's own role/tenant check
        return {"anyOf": [gateway, error]}
    return gateway if code in GATEWAY_STATUSES else error


def _error_responses(codes: list[str]) -> dict[str, Any]:
    return {
        code: {
            "description": ERROR_STATUSES[code],
            "content": {"application/json": {"schema": _error_schema(code)}},
        }
        for code in codes
    }


def _op_id(verb: str, name: str) -> str:
    return f"{verb}{name}"


def build_openapi(bp: Blueprint) -> dict[str, Any]:
    """The API of the generated backend: every resource and operation of ``bp.api``."""
    secured = bp.auth.strategy != "none"
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {"error": {"type": "string"}, "code": {"type": "string"}},
            "required": ["error", "code"],
        },
        "GatewayError": {
            "type": "object",
            "properties": {"message": {"type": "string"}},
            "required": ["message"],
        },
        "PageMeta": {
            "type": "object",
            "properties": {"nextCursor": {"type": ["string", "null"]}},
            "required": ["nextCursor"],
        },
    }
    paths: dict[str, Any] = {}
    entities = {e.name: e for e in bp.entities}
    tags = []
    for resource in sorted(bp.api.resources, key=lambda r: r.base_path):
        entity = entities.get(resource.entity)
        if entity is None:
            continue
        schemas.update(_entity_schemas(entity))
        tags.append({"name": entity.name, "description": f"{entity.name} resources"})
        security: list[dict[str, list[str]]] = (
            [] if resource.public or not secured else [{"bearerAuth": []}]
        )
        auth_errors = [] if resource.public or not secured else ["401", "403"]
        ref = {"$ref": f"#/components/schemas/{entity.name}"}
        id_param = {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "format": "uuid"},
        }
        collection: dict[str, Any] = {}
        item: dict[str, Any] = {}
        ops = set(resource.operations)
        if "list" in ops:
            limit = resource.pagination_limit or 100
            collection["get"] = {
                "operationId": _op_id("list", entity.name),
                "summary": f"List {entity.plural}",
                "tags": [entity.name],
                "security": security,
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": limit,
                            "default": min(20, limit),
                        },
                    },
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": f"A page of {entity.plural}",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{entity.name}Page"}
                            }
                        },
                    },
                    **_error_responses([*auth_errors, "422", "429"]),
                },
            }
        if "create" in ops:
            collection["post"] = {
                "operationId": _op_id("create", entity.name),
                "summary": f"Create a {entity.name}",
                "tags": [entity.name],
                "security": security,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{entity.name}Create"}
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {"application/json": {"schema": ref}},
                    },
                    **_error_responses([*auth_errors, "409", "422", "429"]),
                },
            }
        if "get" in ops:
            item["get"] = {
                "operationId": _op_id("get", entity.name),
                "summary": f"Get a {entity.name}",
                "tags": [entity.name],
                "security": security,
                "responses": {
                    "200": {
                        "description": "Found",
                        "content": {"application/json": {"schema": ref}},
                    },
                    **_error_responses([*auth_errors, "404", "429"]),
                },
            }
        if "update" in ops:
            item["patch"] = {
                "operationId": _op_id("update", entity.name),
                "summary": f"Update a {entity.name}",
                "tags": [entity.name],
                "security": security,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{entity.name}Update"}
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Updated",
                        "content": {"application/json": {"schema": ref}},
                    },
                    **_error_responses([*auth_errors, "404", "409", "422", "429"]),
                },
            }
        if "delete" in ops:
            item["delete"] = {
                "operationId": _op_id("delete", entity.name),
                "summary": f"Delete a {entity.name}",
                "tags": [entity.name],
                "security": security,
                "responses": {
                    "204": {"description": "Deleted"},
                    # 409: other records still reference it (stores with foreign keys)
                    **_error_responses([*auth_errors, "404", "409", "429"]),
                },
            }
        if collection:
            paths[resource.base_path] = collection
        if item:
            item["parameters"] = [id_param]
            paths[f"{resource.base_path}/{{id}}"] = item
    if bp.api.health_endpoint:
        paths["/health"] = {
            "get": {
                "operationId": "health",
                "summary": "Liveness",
                "security": [],
                "responses": {
                    "200": {
                        "description": "Healthy",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"status": {"type": "string"}},
                                    "required": ["status"],
                                }
                            }
                        },
                    }
                },
            }
        }
    components: dict[str, Any] = {"schemas": dict(sorted(schemas.items()))}
    if secured:
        components["securitySchemes"] = {
            "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        }
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": bp.project.name,
            "version": "1.0.0",
            "description": bp.project.description or f"API of {bp.project.name}",
        },
        "servers": [{"url": "/"}],
        "tags": sorted(tags, key=lambda t: t["name"]),
        "paths": paths,
        "components": components,
    }
    if secured:
        doc["security"] = [{"bearerAuth": []}]
    return doc
