"""The PostgreSQL schema of a ``database: postgres`` blueprint, as the DDL statements its CRUD
functions apply (one Data API call each, idempotent, on a container's first call; see
``slipway/synth/lambdas/postgres.py``) and the sandbox applies when it starts.

One table per entity (``id uuid`` primary key, typed columns, NOT NULL for required fields),
columns a later revision adds, unique and secondary indexes, enum CHECKs and foreign keys (added
``NOT VALID`` after every table exists, so cycles and self-references work and rows written
before a constraint changed are not re-checked), and the audit table of audited entities.
Identifiers are checked against a strict pattern, then quoted; enum values are SQL literals.
"""

from __future__ import annotations

import hashlib
import re

from slipway.ir import Blueprint, EntityDef, FieldDef

AUDIT_TABLE = "slipway_audit"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_TYPES = {
    "string": "text",
    "number": "double precision",
    "integer": "bigint",
    "boolean": "boolean",
    "datetime": "timestamptz",
    "date": "date",
    "enum": "text",
    "json": "jsonb",
}
_AUDIT = (
    f'CREATE TABLE IF NOT EXISTS "{AUDIT_TABLE}" ("record" text NOT NULL, "at" text NOT NULL, '
    '"entity" text NOT NULL, "item_id" text NOT NULL, "action" text NOT NULL, '
    '"actor" text NOT NULL, "request_id" text NOT NULL, "changed" jsonb NOT NULL, '
    '"before" jsonb NOT NULL, "after" jsonb NOT NULL, PRIMARY KEY ("record", "at"))'
)


def ident(name: str) -> str:
    """A quoted identifier; anything but a lower-case SQL name is refused at synthesis."""
    if not _IDENT.match(name):
        raise ValueError(f"{name!r} is not a PostgreSQL name Slipway can use ([a-z_][a-z0-9_]*)")
    return f'"{name}"'


def literal(value: str) -> str:
    if "\x00" in value:
        raise ValueError("a PostgreSQL string cannot hold NUL")
    return "'" + value.replace("'", "''") + "'"


def object_name(*parts: str) -> str:
    """A constraint or index name (at most 63 bytes), stable for the same parts."""
    name = "_".join(parts)
    if len(name) <= 63:
        return name
    return name[:54] + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]


def column_type(f: FieldDef) -> str:
    return "uuid" if f.primary or f.references else _TYPES[f.type]


def _create(e: EntityDef, stamped_tenant: bool) -> str:
    """The table; a managed field the functions do not set (a tenant key nobody stamps, when
    the strategy carries no tenant) stays nullable."""
    columns = []
    for f in e.fields:
        col = f"{ident(f.name)} {column_type(f)}"
        if f.primary:
            col += " PRIMARY KEY"
        elif f.name in ("created_at", "updated_at") or (
            f.required and (not f.managed or stamped_tenant)
        ):
            col += " NOT NULL"
        columns.append(col)
    if e.soft_delete and not e.field("deleted_at"):
        columns.append('"deleted_at" timestamptz')
    return f"CREATE TABLE IF NOT EXISTS {ident(e.table)} ({', '.join(columns)})"


def _later_columns(e: EntityDef) -> list[str]:
    """Columns of a table created by an earlier revision (nullable: rows exist already)."""
    cols = [(f.name, column_type(f)) for f in e.fields if not f.primary]
    if e.soft_delete and not e.field("deleted_at"):
        cols.append(("deleted_at", "timestamptz"))
    return [
        f"ALTER TABLE {ident(e.table)} ADD COLUMN IF NOT EXISTS {ident(name)} {kind}"
        for name, kind in cols
    ]


def _indexes(e: EntityDef) -> list[str]:
    out = []
    names = {f.name for f in e.fields}
    for f in e.fields:
        if f.unique and not f.primary:
            name = ident(object_name(e.table, f.name, "key"))
            out.append(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {ident(e.table)} ({ident(f.name)})"
            )
    for index in e.indexes:
        if not index.fields or not set(index.fields) <= names or index.fields == ["id"]:
            continue
        kind = "UNIQUE INDEX" if index.unique else "INDEX"
        name = ident(object_name(e.table, *index.fields, "idx"))
        cols = ", ".join(ident(c) for c in index.fields)
        out.append(f"CREATE {kind} IF NOT EXISTS {name} ON {ident(e.table)} ({cols})")
    return out


def _constraints(e: EntityDef, tables: dict[str, str]) -> list[str]:
    out = []
    change = "ALTER TABLE " + ident(e.table) + " DROP CONSTRAINT IF EXISTS {c}, ADD CONSTRAINT {c}"
    for f in e.fields:
        if f.type == "enum" and f.enum_values:
            values = ", ".join(literal(v) for v in f.enum_values)
            c = ident(object_name(e.table, f.name, "check"))
            out.append(change.format(c=c) + f" CHECK ({ident(f.name)} IN ({values})) NOT VALID")
        if f.references in tables:
            c = ident(object_name(e.table, f.name, "fkey"))
            target = ident(tables[f.references])
            out.append(
                change.format(c=c)
                + f" FOREIGN KEY ({ident(f.name)}) REFERENCES {target} (id) NOT VALID"
            )
    return out


def postgres_statements(bp: Blueprint, *, stamped_tenant: bool) -> list[str]:
    """The schema's DDL, one statement per item, in the order it applies. ``stamped_tenant``:
    the functions stamp tenant-scoped rows with the caller's tenant."""
    tables = {e.name: e.table for e in bp.entities}
    out = [_create(e, stamped_tenant) for e in bp.entities]
    for e in bp.entities:
        out += _later_columns(e)
    for e in bp.entities:
        out += _indexes(e)
    for e in bp.entities:
        out += _constraints(e, tables)
    if any(e.audit_log for e in bp.entities):
        out.append(_AUDIT)
    return out


def schema_source(bp: Blueprint, *, stamped_tenant: bool) -> str:
    """The line the compute stack appends to a PostgreSQL CRUD function's code: the statements
    as a Python literal (``repr``)."""
    return f"\nSCHEMA = {postgres_statements(bp, stamped_tenant=stamped_tenant)!r}\n"
