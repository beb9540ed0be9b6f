"""OpenAPI 3.1 document of a blueprint's generated backend API (pure, deterministic). Its 401
and 403 answers are what the deployed gateway and functions answer, per strategy and per
authorizer (``slipway.artifacts.gateway_answers``, with the AWS documentation it relies on).
"""

from __future__ import annotations

import copy
from typing import Any

from slipway.artifacts.gateway_answers import ERROR, GATEWAY, Authorizer, answer, auth_responses
from slipway.ir import ApiResource, Blueprint, EntityDef, FieldDef
from slipway.synth.access import RouteAccess, route_path, strategy_auth

ERROR_STATUSES = {
    "400": "Malformed request",
    "404": "Not found",
    "409": "Conflict (e.g. a unique field already exists)",
    "422": "Validation failed",
    "429": "Throttled (answered by API Gateway)",
}
SCHEMES: dict[str, tuple[str, dict[str, Any]]] = {
    "jwt": ("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
    "api_key": (
        "apiKey",
        {
            "type": "apiKey",
            "in": "header",
            "name": "x-api-key",
            "description": "The key named by the api stack's ApiKeyId output; its value comes "
            "from `aws apigateway get-api-key --api-key <ApiKeyId> --include-value`.",
        },
    ),
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


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


def _error_responses(codes: list[str]) -> dict[str, Any]:
    return {
        code: answer(ERROR_STATUSES[code], GATEWAY if code == "429" else ERROR) for code in codes
    }


def _op_id(verb: str, name: str) -> str:
    return f"{verb}{name}"


def _access(bp: Blueprint, resource: ApiResource) -> RouteAccess:
    auth = strategy_auth(bp.auth.strategy)
    if resource.public or auth == "public":
        return RouteAccess("public")
    return RouteAccess(auth, tuple(sorted(resource.roles)) if auth == "jwt" else ())


def security_requirements(access: RouteAccess) -> list[dict[str, list[str]]]:
    """An operation's ``security``: none for a public route; for a role-restricted route one
    requirement per role (any one of them grants access; OpenAPI 3.1 lets a non-OAuth scheme
    list the roles it needs)."""
    if access.auth == "public":
        return []
    name = SCHEMES[access.auth][0]
    return [{name: [role]} for role in access.roles] or [{name: []}]


class _Ops:
    """The operations of one resource: shared parts (tag, security, error statuses)."""

    def __init__(
        self,
        entity: EntityDef,
        resource: ApiResource,
        access: RouteAccess,
        referenced: bool,
        auth_errors: dict[str, Any],
    ) -> None:
        self.entity = entity
        self.resource = resource
        self.access = access
        self.auth_errors = auth_errors
        # 409 where a conflict can happen: a unique value taken (create, update), a hard
        # delete of a record others still reference
        unique = any(f.unique and not f.managed and not f.primary for f in entity.fields)
        self.taken = ["409"] if unique else []
        self.held = ["409"] if referenced and not entity.soft_delete else []
        self.ref = {"$ref": f"#/components/schemas/{entity.name}"}

    def op(self, verb: str, summary: str, responses: dict[str, Any], errors: list[str]) -> Any:
        return {
            "operationId": _op_id(verb, self.entity.name),
            "summary": summary,
            "tags": [self.entity.name],
            "security": security_requirements(self.access),
            "responses": dict(
                sorted({**responses, **self.auth_errors, **_error_responses(errors)}.items())
            ),
        }

    def body(self, suffix: str) -> dict[str, Any]:
        schema = {"$ref": f"#/components/schemas/{self.entity.name}{suffix}"}
        return {"required": True, "content": {"application/json": {"schema": schema}}}

    def found(self, description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": self.ref}}}

    def list(self) -> dict[str, Any]:
        e, limit = self.entity, self.resource.pagination_limit or 100
        page = {"$ref": f"#/components/schemas/{e.name}Page"}
        out = self.op(
            "list",
            f"List {e.plural}",
            {
                "200": {
                    "description": f"A page of {e.plural}",
                    "content": {"application/json": {"schema": page}},
                }
            },
            ["422", "429"],
        )
        limits = {"type": "integer", "minimum": 1, "maximum": limit, "default": min(20, limit)}
        out["parameters"] = [
            {"name": "limit", "in": "query", "schema": limits},
            {"name": "cursor", "in": "query", "schema": {"type": "string"}},
        ]
        return _ordered(out)

    def create(self) -> dict[str, Any]:
        out = self.op(
            "create",
            f"Create a {self.entity.name}",
            {"201": self.found("Created")},
            ["400", *self.taken, "422", "429"],
        )
        out["requestBody"] = self.body("Create")
        return _ordered(out)

    def get(self) -> dict[str, Any]:
        return self.op(
            "get", f"Get a {self.entity.name}", {"200": self.found("Found")}, ["404", "429"]
        )

    def update(self) -> dict[str, Any]:
        out = self.op(
            "update",
            f"Update a {self.entity.name}",
            {"200": self.found("Updated")},
            ["400", "404", *self.taken, "422", "429"],
        )
        out["requestBody"] = self.body("Update")
        return _ordered(out)

    def delete(self) -> dict[str, Any]:
        return self.op(
            "delete",
            f"Delete a {self.entity.name}",
            {"204": {"description": "Deleted"}},
            ["404", *self.held, "429"],
        )


_KEY_ORDER = ("operationId", "summary", "tags", "security", "parameters", "requestBody")


def _ordered(op: dict[str, Any]) -> dict[str, Any]:
    """Keys in the document's customary order (operationId … requestBody, responses)."""
    return {k: op[k] for k in (*_KEY_ORDER, "responses") if k in op}


def _resource_paths(
    bp: Blueprint,
    entity: EntityDef,
    resource: ApiResource,
    referenced: set[str],
    authorizer: Authorizer,
) -> dict[str, Any]:
    access = _access(bp, resource)
    tenant = entity.tenant_scoped and bool(bp.tenancy.tenant_key)
    errors = auth_responses(access, tenant, authorizer)
    ops = _Ops(entity, resource, access, entity.name in referenced, errors)
    wanted = set(resource.operations)
    collection = {
        m: getattr(ops, op)() for op, m in (("list", "get"), ("create", "post")) if op in wanted
    }
    item = {
        m: getattr(ops, op)()
        for op, m in (("get", "get"), ("update", "patch"), ("delete", "delete"))
        if op in wanted
    }
    paths: dict[str, Any] = {}
    if collection:
        paths[route_path(resource.base_path, "")] = collection
    if item:
        item["parameters"] = [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
            }
        ]
        paths[route_path(resource.base_path, "/{id}")] = item
    return paths


HEALTH = {
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
BASE_SCHEMAS: dict[str, Any] = {
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


def build_openapi(bp: Blueprint, authorizer: Authorizer = "jwt") -> dict[str, Any]:
    """The API of the generated backend: every resource and operation of ``bp.api``, each
    operation's ``security`` saying who may call it (see ``openapi_access``) and the 401/403 its
    gateway and function answer. ``authorizer``: ``jwt`` for Slipway's stacks (the artifact and
    the sandbox), ``lambda`` for the CDK project's own document."""
    auth = strategy_auth(bp.auth.strategy)
    schemas: dict[str, Any] = copy.deepcopy(BASE_SCHEMAS)
    paths: dict[str, Any] = {}
    entities = {e.name: e for e in bp.entities}
    referenced = {f.references for e in bp.entities for f in e.fields if f.references}
    tags = []
    for resource in sorted(bp.api.resources, key=lambda r: r.base_path):
        entity = entities.get(resource.entity)
        if entity is None:
            continue
        schemas.update(_entity_schemas(entity))
        tags.append({"name": entity.name, "description": f"{entity.name} resources"})
        paths.update(_resource_paths(bp, entity, resource, referenced, authorizer))
    if bp.api.health_endpoint:
        paths["/health"] = copy.deepcopy(HEALTH)
    components: dict[str, Any] = {"schemas": dict(sorted(schemas.items()))}
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
    if auth != "public":
        name, scheme = SCHEMES[auth]
        components["securitySchemes"] = {name: scheme}
        doc["security"] = [{name: []}]
    return doc


def openapi_access(doc: dict[str, Any]) -> dict[str, RouteAccess]:
    """Who may call each route of an OpenAPI document (``"<METHOD> <path>"`` →
    ``RouteAccess``), read from its operations' ``security`` and its security schemes."""
    kinds = {
        name: "jwt" if scheme.get("type") == "http" else "api_key"
        for name, scheme in doc.get("components", {}).get("securitySchemes", {}).items()
    }
    out: dict[str, RouteAccess] = {}
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            requirements = item[method].get("security", doc.get("security", []))
            found = {kinds[name] for req in requirements for name in req}
            if len(found) > 1:
                raise ValueError(f"{method.upper()} {path}: more than one kind of security")
            roles = tuple(sorted({r for req in requirements for v in req.values() for r in v}))
            auth = found.pop() if found else "public"
            out[f"{method.upper()} {path}"] = RouteAccess(auth, roles)  # type: ignore[arg-type]
    return out
