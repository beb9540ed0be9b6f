"""``handlers/schema.sql`` of a PostgreSQL blueprint: idempotent DDL the CRUD handler applies on
its first connection. Every name goes through ``render.sql_identifier`` (checked, then quoted),
every enum value through ``render.sql_literal``."""

from __future__ import annotations

import hashlib

from slipway.artifacts.cdk.data import field_encrypted
from slipway.artifacts.cdk.render import sql_identifier as q
from slipway.artifacts.cdk.render import sql_literal
from slipway.ir import Blueprint, EntityDef, FieldDef

MAC_PREFIX = "_mac_"  # the handlers' blind-index columns (handlers/common.py)
_SQL_TYPES = {
    "string": "text",
    "number": "double precision",
    "integer": "bigint",
    "boolean": "boolean",
    "datetime": "timestamptz",
    "date": "date",
    "enum": "text",
    "json": "jsonb",
}
_ALWAYS_SET = ("id", "created_at", "updated_at")
AUDIT_TABLE = """CREATE TABLE IF NOT EXISTS "slipway_audit_log" (
  "id" uuid PRIMARY KEY,
  "entity" text NOT NULL,
  "record_id" text NOT NULL,
  "action" text NOT NULL,
  "actor" text NOT NULL,
  "tenant" text,
  "at" timestamptz NOT NULL,
  "fields" jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS "slipway_audit_log_record"
  ON "slipway_audit_log" ("entity", "record_id");"""


def _pg_name(*parts: str) -> str:
    """A PostgreSQL object name (at most 63 bytes), stable for the same parts."""
    name = "_".join(parts)
    if len(name) <= 63:
        return name
    return name[:54] + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]


def _column_type(f: FieldDef) -> str:
    if field_encrypted(f):
        return "text"  # ciphertext
    if f.primary or f.references:
        return "uuid"
    if f.type == "string" and f.max_length:
        return f"varchar({int(f.max_length)})"
    return _SQL_TYPES[f.type]


def _column(f: FieldDef) -> str:
    col = f"{q(f.name)} {_column_type(f)}"
    if f.primary:
        col += " PRIMARY KEY"
    elif (f.required and not f.managed) or f.name in _ALWAYS_SET:
        col += " NOT NULL"
    if f.type == "enum" and f.enum_values and not field_encrypted(f):
        values = ", ".join(sql_literal(v) for v in f.enum_values)
        col += f" CHECK ({q(f.name)} IN ({values}))"
    return col


def _encrypted_migration(e: EntityDef, f: FieldDef) -> list[str]:
    """A field that became encrypted: its column holds text, its old unique index and enum
    check go, and its blind-index column (unique) comes."""
    table = q(e.table)
    out = [
        f"ALTER TABLE {table} ALTER COLUMN {q(f.name)} TYPE text USING {q(f.name)}::text;",
        f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {q(_pg_name(e.table, f.name, 'check'))};",
        f"DROP INDEX IF EXISTS {q(_pg_name(e.table, f.name, 'key'))};",
    ]
    if f.unique:
        mac = MAC_PREFIX + f.name
        out += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {q(mac)} text;",
            f"CREATE UNIQUE INDEX IF NOT EXISTS {q(_pg_name(e.table, mac, 'key'))} "
            f"ON {table} ({q(mac)});",
        ]
    return out


def _table(e: EntityDef, later: list[str]) -> str:
    names = {f.name for f in e.fields}
    columns = [_column(f) for f in e.fields]
    for f in e.fields:
        if not f.primary:
            later.append(
                f"ALTER TABLE {q(e.table)} ADD COLUMN IF NOT EXISTS {q(f.name)} {_column_type(f)};"
            )
        if field_encrypted(f):
            later += _encrypted_migration(e, f)
    if e.soft_delete and "deleted_at" not in names:
        columns.append('"deleted_at" timestamptz')
        later.append(f'ALTER TABLE {q(e.table)} ADD COLUMN IF NOT EXISTS "deleted_at" timestamptz;')
    return f"CREATE TABLE IF NOT EXISTS {q(e.table)} (\n  " + ",\n  ".join(columns) + "\n);"


def _indexes(e: EntityDef) -> list[str]:
    out = []
    names = {f.name for f in e.fields}
    for f in e.fields:
        if f.unique and not f.primary and not field_encrypted(f):
            out.append(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {q(_pg_name(e.table, f.name, 'key'))} "
                f"ON {q(e.table)} ({q(f.name)});"
            )
    encrypted = {f.name for f in e.fields if field_encrypted(f)}
    for index in e.indexes:
        if not index.fields or not set(index.fields) <= names or index.fields == ["id"]:
            continue
        if set(index.fields) & encrypted:  # ciphertexts are not comparable
            continue
        unique = "UNIQUE " if index.unique else ""
        name = _pg_name(index.name if e.table in index.name else _pg_name(e.table, index.name))
        cols = ", ".join(q(c) for c in index.fields)
        out.append(f"CREATE {unique}INDEX IF NOT EXISTS {q(name)} ON {q(e.table)} ({cols});")
    return out


def postgres_schema(bp: Blueprint) -> str:
    """Tables (typed columns, NOT NULL for required fields, CHECK for enums), columns added by
    later revisions, unique and secondary indexes, then foreign keys (after every table exists,
    so cycles and self-references work), and the audit table when an entity is audited."""
    tables = {e.name: e.table for e in bp.entities}
    out = ["-- Generated by Slipway; applied by handlers/crud.py on its first connection."]
    later: list[str] = []
    out += [_table(e, later) for e in bp.entities]
    out += later
    for e in bp.entities:
        out += _indexes(e)
    for e in bp.entities:
        for f in e.fields:
            if f.references and f.references in tables and not field_encrypted(f):
                fk = q(_pg_name(e.table, f.name, "fkey"))
                out.append(
                    f"ALTER TABLE {q(e.table)} DROP CONSTRAINT IF EXISTS {fk}, ADD CONSTRAINT "
                    f"{fk} FOREIGN KEY ({q(f.name)}) REFERENCES {q(tables[f.references])} (id);"
                )
    if any(e.audit_log for e in bp.entities):
        out.append(AUDIT_TABLE)
    return "\n".join(out) + "\n"
