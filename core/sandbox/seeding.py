"""Seeding a sandbox: the rows of ``slipway.sandbox.seed`` written to its tables, and the row
counts its limits read. Seeded rows go straight to the store (join entities have no function to
go through), in the form the CRUD functions write and read: ids, ``Z`` timestamps, numbers as
DynamoDB numbers, JSON columns as JSON (plain values of encrypted fields, which the function
reads as values written before encryption)."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

import psycopg
from boto3.dynamodb.types import TypeSerializer
from psycopg import sql

from core import aws
from core.sandbox.app import SandboxApp
from core.settings import Settings
from slipway.sandbox.seed import Row
from slipway.synth.naming import logical


def _dynamo(value: Any) -> Any:
    return json.loads(json.dumps(value), parse_float=Decimal)


def table_of(app: SandboxApp, entity: str) -> str:
    """The entity's table: DynamoDB, the sandbox's table; PostgreSQL, its table name."""
    e = app.blueprint.entity(entity)
    if e is None:
        raise KeyError(entity)
    if app.resources.store == "postgres":
        return e.table
    return app.resources.tables[logical(entity, "Table")]


def counts(
    settings: Settings, app: SandboxApp, url: str | None, only: str | None = None
) -> dict[str, int]:
    """Rows per entity, or of entity ``only`` (soft-deleted ones too: they still hold their
    place)."""
    out = {}
    entities = [e for e in app.blueprint.entities if only is None or e.name == only]
    if app.resources.store == "postgres":
        assert url is not None and app.resources.schema
        with psycopg.connect(url) as conn:
            for e in entities:
                query = sql.SQL("SELECT count(*) FROM {}.{}").format(
                    sql.Identifier(app.resources.schema), sql.Identifier(e.table)
                )
                try:
                    out[e.name] = int(conn.execute(query).fetchone()[0])  # type: ignore[index]
                except psycopg.errors.UndefinedTable:
                    conn.rollback()
                    out[e.name] = 0
        return out
    dynamodb = aws.shared_client("dynamodb", settings)
    for e in entities:  # the local AWS counts live (AWS itself refreshes ItemCount every ~6 h)
        table = dynamodb.describe_table(TableName=table_of(app, e.name))["Table"]
        out[e.name] = int(table.get("ItemCount", 0))
    return out


def write(settings: Settings, app: SandboxApp, url: str | None, rows: list[Row]) -> Counter[str]:
    """Store the rows (in plan order: references first); the count per entity."""
    written: Counter[str] = Counter()
    if app.resources.store == "postgres":
        assert url is not None and app.resources.schema
        with psycopg.connect(url) as conn, conn.transaction():
            conn.execute(
                sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(app.resources.schema))
            )
            for row in rows:
                name = sql.Identifier(table_of(app, row.entity))
                conn.execute(
                    sql.SQL(
                        "INSERT INTO {} SELECT * FROM json_populate_record(NULL::{}, %s::json)"
                    ).format(name, name),
                    (json.dumps(row.values),),
                )
                written[row.entity] += 1
        return written
    dynamodb = aws.shared_client("dynamodb", settings)
    ser = TypeSerializer().serialize
    puts = [
        (
            table_of(app, row.entity),
            {"PutRequest": {"Item": {k: ser(_dynamo(v)) for k, v in row.values.items()}}},
        )
        for row in rows
    ]
    for start in range(0, len(puts), 25):  # BatchWriteItem takes 25 items
        pending: dict[str, list[Any]] = {}
        for table, put in puts[start : start + 25]:
            pending.setdefault(table, []).append(put)
        while pending:
            pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    written.update(row.entity for row in rows)
    return written
