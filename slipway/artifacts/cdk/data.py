"""The blueprint-specific data of the CDK project: ``blueprint.json`` (what the stacks build,
including the route table: who may call what) and ``handlers/resources.json`` (what the handlers
enforce). Plain dicts; ``render.json_document`` turns them into text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slipway.artifacts.cdk.render import (
    API_PATH,
    NAME,
    UnsafeValue,
    checked,
    construct_id,
    identifier,
)
from slipway.ir import ApiResource, Blueprint, EntityDef, FieldDef
from slipway.synth import STACK_KEYS, database_name, planned_access
from slipway.synth.data import (
    AURORA_CAPACITY,
    AURORA_ENGINE_VERSION,
    cluster_identifier_for,
    secret_name_for,
)
from slipway.synth.naming import STACK_NAME

ROUTES = {
    "list": ("GET", ""),
    "create": ("POST", ""),
    "get": ("GET", "/{id}"),
    "update": ("PATCH", "/{id}"),
    "delete": ("DELETE", "/{id}"),
}
WRITES = {"create", "update", "delete"}
RESERVED_IDS = {"AuditLog", "Health", "Authorizer"}
"""Construct ids the stacks use themselves (AuditLogTable, HealthHandler, AuthorizerHandler)."""


def field_encrypted(f: FieldDef) -> bool:
    """Field-level encryption applies to values; ids, timestamps, tenant keys and references
    stay readable (they are keys, and the database checks them)."""
    return f.encrypted and not (f.managed or f.primary or f.references)


def entity_schema(
    e: EntityDef, page_size: int | None, tenant_key: str | None = None
) -> dict[str, Any]:
    """The field rules the CRUD handler validates against."""
    fields: dict[str, Any] = {}
    for f in e.fields:
        spec: dict[str, Any] = {"type": f.type}
        if f.required:
            spec["required"] = True
        if f.managed or f.primary:
            spec["managed"] = True
        if f.unique and not f.primary:
            spec["unique"] = True
        if f.enum_values:
            spec["enum"] = list(f.enum_values)
        if f.max_length:
            spec["maxLength"] = f.max_length
        if f.default is not None:
            spec["default"] = f.default
        if field_encrypted(f):
            spec["encrypted"] = True
        fields[f.name] = spec
    return {
        "fields": fields,
        "pageSize": page_size or 50,
        "softDelete": e.soft_delete,
        "tenantField": tenant_key if e.tenant_scoped else None,
    }


def _resources(bp: Blueprint) -> list[tuple[ApiResource, EntityDef]]:
    """API resources with their entities (one function per entity: one resource each)."""
    entities = {e.name: e for e in bp.entities}
    found = [
        (r, entities[r.entity])
        for r in sorted(bp.api.resources, key=lambda r: r.base_path)
        if r.entity in entities
    ]
    if len({e.name for _, e in found}) != len(found):
        raise UnsafeValue("an entity is served by two API resources")
    return found


def _tenant(bp: Blueprint, e: EntityDef) -> bool:
    return e.tenant_scoped and bool(bp.tenancy.tenant_key)


def resource_config(bp: Blueprint, r: ApiResource, e: EntityDef) -> dict[str, Any]:
    """One entry of resources.json: field rules, the roles the handler checks too (behind the
    JWT authorizer: defence in depth; API keys and ``none`` carry no roles, as in Slipway's own
    stacks) and the audit log switch."""
    jwt = bp.auth.strategy in ("jwt", "cognito") and not r.public
    return {
        "entity": e.name,
        **entity_schema(e, r.pagination_limit, bp.tenancy.tenant_key),
        "roles": list(r.roles) if jwt else [],
        "auditLog": e.audit_log,
    }


def route_rules(bp: Blueprint) -> dict[str, dict[str, Any]]:
    """What the JWT authorizer checks per protected base path: the roles a resource is
    restricted to, and whether its entity needs the token's tenant."""
    rules: dict[str, dict[str, Any]] = {}
    for r, e in _resources(bp):
        if r.public:
            continue
        rule: dict[str, Any] = {}
        if r.roles:
            rule["roles"] = list(r.roles)
        if _tenant(bp, e):
            rule["tenant"] = True
        if rule:
            rules[checked(r.base_path, API_PATH, "API path")] = rule
    return rules


def route_path(base: str, suffix: str) -> str:
    """A base path joined with an operation's suffix (``/`` + ``/{id}`` = ``/{id}``), as in
    Slipway's stacks and the OpenAPI document."""
    return (checked(base, API_PATH, "API path").rstrip("/") + suffix) or "/"


def routes(bp: Blueprint, ids: dict[str, str]) -> list[dict[str, Any]]:
    """The route table: one row per method and path, with who may call it (``auth``: ``public``,
    ``jwt`` with ``roles``, or ``api_key``: Slipway's ``planned_access``, so the CDK project
    agrees with the stacks Slipway deploys and with the OpenAPI document)."""
    access = planned_access(bp)
    table: list[dict[str, Any]] = []
    for r, e in _resources(bp):
        for op in r.operations:
            method, suffix = ROUTES[op]
            path = route_path(r.base_path, suffix)
            allowed = access[f"{method} {path}"]
            table.append(
                {
                    "method": method,
                    "path": path,
                    "operation": op,
                    "entity": e.name,
                    "function": ids[e.name],
                    "auth": allowed.auth,
                    "roles": list(allowed.roles),
                    "tenant": _tenant(bp, e),
                }
            )
    if bp.api.health_endpoint:
        table.append(
            {
                "method": "GET",
                "path": "/health",
                "operation": "health",
                "entity": None,
                "function": "Health",
                "auth": access["GET /health"].auth,
                "roles": [],
                "tenant": False,
            }
        )
    return table


def schedule(expression: str) -> str:
    """Whitespace normalized (``rate( 1 day )`` → ``rate(1 day)``); otherwise verbatim: the
    stacks refuse what is not an EventBridge expression."""
    text = re.sub(r"\s+", " ", expression.strip())
    return re.sub(r"\(\s*(.*?)\s*\)$", r"(\1)", text)


def _named(names: list[str], taken: set[str] | None = None) -> list[dict[str, str]]:
    taken = set() if taken is None else taken
    return [{"name": n, "id": construct_id(n, taken)} for n in names]


def _entities(bp: Blueprint, ids: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for e in bp.entities:
        encrypted = [f for f in e.fields if field_encrypted(f)]
        out.append(
            {
                "name": e.name,
                "id": ids[e.name],
                "table": identifier(e.table),
                "fieldKey": bool(encrypted),
                "macKey": any(f.unique for f in encrypted),
                "auditLog": e.audit_log,
            }
        )
    return out


def entity_ids(bp: Blueprint) -> dict[str, str]:
    taken = set(RESERVED_IDS)
    return {e.name: construct_id(checked(e.name, NAME, "entity name"), taken) for e in bp.entities}


def stack_names(stack_prefix: str, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Stack key → the stack's name: ``<prefix>-<key>``, unless the project's stacks were
    deployed under recorded ``names`` (as Slipway's own deploys keep them)."""
    out = {}
    for key in STACK_KEYS:
        name = (names or {}).get(key) or f"{checked(stack_prefix, NAME, 'stack prefix')}-{key}"
        out[key] = checked(name, STACK_NAME, "stack name")
    return out


def _database(bp: Blueprint, data_stack: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    """The store's settings; for PostgreSQL, the Aurora Serverless v2 cluster of Slipway's own
    data stack (same identifier, secret name, engine version and capacity range)."""
    infra = bp.infrastructure
    return {
        "engine": infra.database,
        "name": checked(database_name(bp), NAME, "database name"),
        "billingMode": infra.billing_mode,
        "pointInTimeRecovery": infra.point_in_time_recovery,
        "backupRetentionDays": 7 if infra.backups else 1,
        "customerManagedKey": infra.database == "postgres" and any(e["fieldKey"] for e in entities),
        "clusterIdentifier": checked(cluster_identifier_for(data_stack), NAME, "cluster id"),
        "secretName": checked(secret_name_for(data_stack), NAME, "secret name"),
        "engineVersion": AURORA_ENGINE_VERSION,
        "minCapacity": AURORA_CAPACITY[0],
        "maxCapacity": AURORA_CAPACITY[1],
    }


def blueprint_data(
    bp: Blueprint, stack_prefix: str, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Everything the stacks need, as data (``blueprint.json``). ``names``: the stack names the
    project's stacks were deployed under, if any (else ``<stack_prefix>-<key>``)."""
    infra = bp.infrastructure
    ids = entity_ids(bp)
    entities = _entities(bp, ids)
    postgres = infra.database == "postgres"
    stacks = stack_names(stack_prefix, names)
    return {
        "format": 1,
        "project": {"name": bp.project.name, "slug": checked(bp.project.slug, NAME, "slug")},
        "stackPrefix": checked(stack_prefix, NAME, "stack prefix"),
        "stackNames": stacks,
        "region": checked(infra.region, NAME, "region"),
        "auth": {
            "strategy": bp.auth.strategy,
            "roles": _named([checked(r, NAME, "role") for r in bp.auth.roles]),
        },
        "database": _database(bp, stacks["data"], entities),
        "entities": entities,
        "auditTable": not postgres and any(e.audit_log for e in bp.entities),
        "functions": [
            {
                "id": ids[e.name],
                "entity": e.name,
                "basePath": checked(r.base_path, API_PATH, "API path"),
                "writes": bool(WRITES & set(r.operations)),
            }
            for r, e in _resources(bp)
        ],
        "routes": routes(bp, ids),
        "jobs": [
            {**named, "schedule": schedule(job.schedule)}
            for job, named in zip(
                bp.workflows.jobs, _named([j.name for j in bp.workflows.jobs]), strict=True
            )
        ],
        "queues": [
            {
                **named,
                "fifo": q.fifo,
                "deadLetter": q.dead_letter,
                "visibilityTimeoutSeconds": q.visibility_timeout_seconds,
            }
            for q, named in zip(
                bp.workflows.queues, _named([q.name for q in bp.workflows.queues]), strict=True
            )
        ],
        "buckets": _named(list(infra.buckets)),
        "ops": {
            "logRetentionDays": infra.log_retention_days or 14,
            "alarms": infra.alarms,
            "tracing": infra.tracing,
        },
    }


def handler_config(bp: Blueprint) -> dict[str, Any]:
    """What the handlers enforce (``handlers/resources.json``): per function, its resource's
    rules; for the authorizer, the per-route rules."""
    ids = entity_ids(bp)
    return {
        "resources": {ids[e.name]: resource_config(bp, r, e) for r, e in _resources(bp)},
        "routeRules": route_rules(bp),
    }
