"""Performance rules: indexes where queries filter, bounded pages and strings, index budgets."""

from __future__ import annotations

from slipway.ir import Blueprint, EntityDef
from slipway.rules.model import Pillar, Risk, Severity
from slipway.rules.paths import Locator, entity_path, field_path, locate, resource_path
from slipway.rules.registry import rule

MAX_PAGE = 100
DYNAMODB_INDEXES = 20


def index_heads(e: EntityDef) -> set[str]:
    """The fields the entity's indexes lead with (a lookup on any of them uses an index)."""
    return {i.fields[0] for i in e.indexes if i.fields}


# --- fixes ----------------------------------------------------------------------------------


def fix_add_index(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    at = locate(bp, at)
    e = at.entity(path)
    f = at.field(path)
    if e is not None and f is not None:
        at.add_index(e, f.name, f"idx_{e.table}_{f.name}")


def fix_pagination(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    for r in locate(bp, at).resources(path):
        r.pagination_limit = 50


def fix_string_length(bp: Blueprint, path: str, at: Locator | None = None) -> None:
    f = locate(bp, at).field(path)
    if f is not None and f.max_length is None:
        f.max_length = 255


# --- checks ---------------------------------------------------------------------------------


@rule(
    "PERF-001",
    Pillar.PERFORMANCE,
    Severity.HIGH,
    title="Foreign keys are indexed",
    fix=fix_add_index,
    risk=Risk.SAFE,
    fix_description="add an index on the foreign key",
)
def check_fk_indexes(bp: Blueprint) -> list[tuple[str, str]]:
    out = []
    for e in bp.entities:
        heads = index_heads(e)
        for f in e.fields:
            if f.references and not f.managed and f.name not in heads:
                out.append(
                    (
                        field_path(e, f),
                        f"foreign key {e.name}.{f.name} has no index: lookups scan the table",
                    )
                )
    return out


@rule(
    "PERF-002",
    Pillar.PERFORMANCE,
    Severity.HIGH,
    title="Tenant keys are indexed",
    fix=fix_add_index,
    risk=Risk.SAFE,
    fix_description="add an index on the tenant key",
)
def check_tenant_indexes(bp: Blueprint) -> list[tuple[str, str]]:
    key = bp.tenancy.tenant_key
    if bp.tenancy.mode != "multi" or not key:
        return []
    out = []
    for e in bp.entities:
        f = e.field(key)
        if e.tenant_scoped and f is not None and key not in index_heads(e):
            out.append(
                (
                    field_path(e, f),
                    f"tenant key {e.name}.{key} has no index: every query filters on it",
                )
            )
    return out


@rule(
    "PERF-003",
    Pillar.PERFORMANCE,
    Severity.MEDIUM,
    title="List endpoints are paginated (≤ 100)",
    fix=fix_pagination,
    risk=Risk.SAFE,
    fix_description="limit pages to 50 items",
)
def check_pagination(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (resource_path(r), f"{r.base_path} lists without a page-size limit of at most 100")
        for r in bp.api.resources
        if "list" in r.operations and (r.pagination_limit is None or r.pagination_limit > MAX_PAGE)
    ]


@rule(
    "PERF-004",
    Pillar.PERFORMANCE,
    Severity.LOW,
    title="Unique strings are bounded",
    fix=fix_string_length,
    risk=Risk.MEDIUM,
    fix_description="limit the field to 255 characters",
)
def check_string_lengths(bp: Blueprint) -> list[tuple[str, str]]:
    return [
        (
            field_path(e, f),
            f"{e.name}.{f.name} is unique but unbounded: long values bloat the index",
        )
        for e in bp.entities
        for f in e.fields
        if f.type == "string"
        and f.unique
        and not f.primary
        and not f.references
        and f.max_length is None
    ]


@rule(
    "PERF-005",
    Pillar.PERFORMANCE,
    Severity.MEDIUM,
    title="Index count within DynamoDB limits",
)
def check_index_budget(bp: Blueprint) -> list[tuple[str, str]]:
    if bp.infrastructure.database != "dynamodb":
        return []
    return [
        (
            entity_path(e),
            f"{e.name} has {len(e.indexes)} indexes; DynamoDB allows 20 per table",
        )
        for e in bp.entities
        if len(e.indexes) > DYNAMODB_INDEXES
    ]
