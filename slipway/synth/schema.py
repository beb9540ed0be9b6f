"""The PostgreSQL schema of a ``database: postgres`` blueprint, as the DDL statements its CRUD
functions apply (one Data API call each, idempotent, on a container's first call; see
``slipway/synth/lambdas/postgres.py``) and the sandbox applies when it starts. The CDK project's
handlers apply the same statements (``handlers/schema.json``).

One table per entity (``id uuid`` primary key, typed columns, NOT NULL for required fields),
columns a later revision adds, unique and secondary indexes, enum CHECKs and foreign keys (added
``NOT VALID`` after every table exists, so cycles and self-references work and rows written
before a constraint changed are not re-checked), and the audit table of audited entities.
Identifiers are checked against a strict pattern, then quoted; enum values are SQL literals.

``sealed`` names, per entity, the fields stored as ciphertext (the CDK project's field-level
encryption; Slipway's own PostgreSQL functions encrypt nothing): their column is ``text``, with
no enum check and no index of its own (ciphertexts of equal values differ); a unique one gets a
blind-index column ``_mac_<field>`` that is unique instead. A column that held plain values is
converted to ``text`` when its field becomes encrypted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping

from slipway.ir import Blueprint, EntityDef, FieldDef

AUDIT_TABLE = "slipway_audit"
MAC_PREFIX = "_mac_"
"""The blind-index column of a unique encrypted field (field names never start with ``_``)."""
Sealed = Mapping[str, Collection[str]]
"""Entity name → the names of its fields stored as ciphertext."""
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
    '"before" jsonb NOT NULL, "after" jsonb NOT NULL, "tenant" text, PRIMARY KEY ("record", "at"))'
)
_AUDIT_TENANT = f'ALTER TABLE "{AUDIT_TABLE}" ADD COLUMN IF NOT EXISTS "tenant" text'
"""The caller's tenant (nullable, filled where the functions know it), for audit tables created
before the column."""


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


def column_type(f: FieldDef, sealed: Collection[str] = ()) -> str:
    if f.name in sealed:
        return "text"  # ciphertext
    return "uuid" if f.primary or f.references else _TYPES[f.type]


def _create(e: EntityDef, stamped_tenant: bool, sealed: Collection[str]) -> str:
    """The table; a managed field the functions do not set (a tenant key nobody stamps, when
    the strategy carries no tenant) stays nullable."""
    columns = []
    for f in e.fields:
        col = f"{ident(f.name)} {column_type(f, sealed)}"
        if f.primary:
            col += " PRIMARY KEY"
        elif f.name in ("created_at", "updated_at") or (
            f.required and (not f.managed or stamped_tenant)
        ):
            col += " NOT NULL"
        columns.append(col)
    if e.soft_delete and not e.field("deleted_at"):
        columns.append('"deleted_at" timestamptz')
    columns += [f"{ident(MAC_PREFIX + f.name)} text" for f in _blind(e, sealed)]
    return f"CREATE TABLE IF NOT EXISTS {ident(e.table)} ({', '.join(columns)})"


def _blind(e: EntityDef, sealed: Collection[str]) -> list[FieldDef]:
    """The unique encrypted fields: each has a blind-index column."""
    return [f for f in e.fields if f.name in sealed and f.unique and not f.primary]


def _later_columns(e: EntityDef, sealed: Collection[str]) -> list[str]:
    """Columns of a table created by an earlier revision (nullable: rows exist already), and
    the conversion of a column whose field became encrypted."""
    cols = [(f.name, column_type(f, sealed)) for f in e.fields if not f.primary]
    if e.soft_delete and not e.field("deleted_at"):
        cols.append(("deleted_at", "timestamptz"))
    cols += [(MAC_PREFIX + f.name, "text") for f in _blind(e, sealed)]
    table = ident(e.table)
    out = [f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {ident(n)} {kind}" for n, kind in cols]
    for f in e.fields:
        if f.name in sealed:
            col = ident(f.name)
            check = ident(object_name(e.table, f.name, "check"))
            out += [
                f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check}",
                f"DROP INDEX IF EXISTS {ident(object_name(e.table, f.name, 'key'))}",
                f"ALTER TABLE {table} ALTER COLUMN {col} TYPE text USING {col}::text",
            ]
    return out


def _indexes(e: EntityDef, sealed: Collection[str]) -> list[str]:
    out = []
    names = {f.name for f in e.fields}
    for f in e.fields:
        if f.unique and not f.primary:
            column = MAC_PREFIX + f.name if f.name in sealed else f.name
            name = ident(object_name(e.table, column, "key"))
            out.append(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {ident(e.table)} ({ident(column)})"
            )
    for index in e.indexes:
        if not index.fields or not set(index.fields) <= names or index.fields == ["id"]:
            continue
        if set(index.fields) & set(sealed):  # ciphertexts are not comparable
            continue
        kind = "UNIQUE INDEX" if index.unique else "INDEX"
        name = ident(object_name(e.table, *index.fields, "idx"))
        cols = ", ".join(ident(c) for c in index.fields)
        out.append(f"CREATE {kind} IF NOT EXISTS {name} ON {ident(e.table)} ({cols})")
    return out


def _constraints(e: EntityDef, tables: dict[str, str], sealed: Collection[str]) -> list[str]:
    out = []
    change = "ALTER TABLE " + ident(e.table) + " DROP CONSTRAINT IF EXISTS {c}, ADD CONSTRAINT {c}"
    for f in e.fields:
        if f.name in sealed:
            continue  # ciphertext: neither an enum value nor a reference
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


def postgres_statements(
    bp: Blueprint, *, stamped_tenant: bool, sealed: Sealed | None = None
) -> list[str]:
    """The schema's DDL, one statement per item, in the order it applies. ``stamped_tenant``:
    the functions stamp tenant-scoped rows with the caller's tenant; ``sealed``: the encrypted
    fields of each entity (see the module docstring)."""
    tables = {e.name: e.table for e in bp.entities}
    of = {e.name: set((sealed or {}).get(e.name, ())) for e in bp.entities}
    out = [_create(e, stamped_tenant, of[e.name]) for e in bp.entities]
    for e in bp.entities:
        out += _later_columns(e, of[e.name])
    for e in bp.entities:
        out += _indexes(e, of[e.name])
    for e in bp.entities:
        out += _constraints(e, tables, of[e.name])
    if any(e.audit_log for e in bp.entities):
        out += [_AUDIT, _AUDIT_TENANT]
    return out


def schema_source(bp: Blueprint, *, stamped_tenant: bool) -> str:
    """The line the compute stack appends to a PostgreSQL CRUD function's code: the statements
    as a Python literal (``repr``)."""
    return f"\nSCHEMA = {postgres_statements(bp, stamped_tenant=stamped_tenant)!r}\n"
