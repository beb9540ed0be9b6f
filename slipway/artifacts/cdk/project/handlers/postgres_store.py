"""The PostgreSQL store of the CRUD handler (imported only with ``STORE=postgres``; the function
then ships psycopg, see the README).

Connection: ``DATABASE_URL`` (local runs), or ``DATABASE_HOST``, ``DATABASE_PORT`` (5432),
``DATABASE_NAME``, ``DATABASE_SSLMODE`` (require) and ``DATABASE_SECRET_ARN`` (the RDS-managed
secret holding username and password). On its first connection the handler applies
``schema.sql`` (idempotent, under an advisory lock). Audit records go to ``slipway_audit_log``
in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from common import HERE, MAC_PREFIX, Conflict, Invalid
from psycopg import errors, sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

AUDIT = sql.SQL(
    "INSERT INTO slipway_audit_log (id, entity, record_id, action, actor, tenant, at, fields) "
    "VALUES (%(id)s, %(entity)s, %(record_id)s, %(action)s, %(actor)s, %(tenant)s, %(at)s, "
    "%(fields)s)"
)


def conninfo() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    import boto3

    secret = boto3.client("secretsmanager").get_secret_value(
        SecretId=os.environ["DATABASE_SECRET_ARN"]
    )
    creds = json.loads(secret["SecretString"])
    return make_conninfo(
        host=os.environ["DATABASE_HOST"],
        port=os.environ.get("DATABASE_PORT", "5432"),
        dbname=os.environ["DATABASE_NAME"],
        user=creds["username"],
        password=creds["password"],
        sslmode=os.environ.get("DATABASE_SSLMODE", "require"),
        connect_timeout=5,
    )


def _key_column(exc: psycopg.Error) -> str | None:
    detail = str(exc.diag.message_detail or "")
    if detail.startswith("Key (") and ")=" in detail:
        column = detail[5 : detail.index(")=")]
        return column.removeprefix(MAC_PREFIX)
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _from_row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value is None:
            continue  # absent, as in DynamoDB: optional fields are omitted, never null
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        elif isinstance(value, date | uuid.UUID):
            value = str(value)
        out[key] = value
    return out


class PostgresStore:
    def __init__(self, resource: dict[str, Any]) -> None:
        self.fields: dict[str, Any] = resource["fields"]
        self.soft_delete = bool(resource.get("softDelete"))
        self.table = sql.Identifier(os.environ["TABLE_NAME"])
        self.conn = psycopg.connect(conninfo(), autocommit=True, row_factory=dict_row)
        self._apply_schema()

    @property
    def closed(self) -> bool:
        return bool(self.conn.closed)

    def _apply_schema(self) -> None:
        with open(os.path.join(HERE, "schema.sql"), encoding="utf-8") as f:
            ddl = f.read()
        digest = hashlib.sha256(ddl.encode()).hexdigest()
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('slipway-schema'))")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS slipway_schema "
                "(digest text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            known = "SELECT 1 FROM slipway_schema WHERE digest = %s"
            if self.conn.execute(known, (digest,)).fetchone():
                return
            self.conn.execute(ddl.encode())
            self.conn.execute("INSERT INTO slipway_schema (digest) VALUES (%s)", (digest,))

    def _run(self, query: sql.SQL | sql.Composed, params: Any = ()) -> list[dict[str, Any]]:
        try:
            cursor = self.conn.execute(query, params)
            return [_from_row(row) for row in cursor.fetchall()] if cursor.description else []
        except errors.UniqueViolation as exc:
            raise Conflict(_key_column(exc) or "value") from None
        except errors.ForeignKeyViolation as exc:
            column = _key_column(exc)
            if "still referenced" in str(exc.diag.message_detail or ""):
                raise Conflict("reference") from None
            raise Invalid(f"{column or 'a reference'} refers to a missing row") from None
        except (errors.DataError, errors.IntegrityError) as exc:
            raise Invalid(str(exc.diag.message_primary or "invalid value")) from None

    def _write(
        self, query: sql.SQL | sql.Composed, params: Any, audit: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        with self.conn.transaction():
            rows = self._run(query, params)
            if audit is not None:
                self._run(AUDIT, {"tenant": None, **audit, "fields": Jsonb(audit["fields"])})
        return rows

    def _value(self, name: str, value: Any) -> Any:
        spec = self.fields.get(name, {})
        if spec.get("type") == "json" and not spec.get("encrypted") and value is not None:
            return Jsonb(value)
        return value

    def get(self, item_id: str) -> dict[str, Any] | None:
        if not _is_uuid(item_id):
            return None
        rows = self._run(sql.SQL("SELECT * FROM {} WHERE id = %s").format(self.table), (item_id,))
        return rows[0] if rows else None

    def page(
        self, limit: int, after: str | None, match: dict[str, str]
    ) -> tuple[list[dict[str, Any]], str | None]:
        where: sql.SQL | sql.Composed = sql.SQL(
            "deleted_at IS NULL" if self.soft_delete else "TRUE"
        )
        params: list[Any] = []
        for name, value in match.items():
            where = sql.SQL("{} AND {}::text = %s").format(where, sql.Identifier(name))
            params.append(value)
        if after:
            if not _is_uuid(after):
                raise Invalid("invalid cursor")
            where = sql.SQL("{} AND id > %s").format(where)
            params.append(after)
        params.append(limit + 1)
        query = sql.SQL("SELECT * FROM {} WHERE {} ORDER BY id LIMIT %s")
        rows = self._run(query.format(self.table, where), params)
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (rows[-1]["id"] if more and rows else None)

    def insert(self, item: dict[str, Any], audit: dict[str, Any] | None) -> dict[str, Any]:
        names = list(item)
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING *").format(
            self.table,
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(sql.Placeholder() * len(names)),
        )
        return self._write(query, [self._value(n, item[n]) for n in names], audit)[0]

    def replace(self, item: dict[str, Any], audit: dict[str, Any] | None) -> dict[str, Any]:
        names = [n for n in item if n not in ("id", "created_at")]
        query = sql.SQL("UPDATE {} SET {} WHERE id = %s RETURNING *").format(
            self.table,
            sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(n)) for n in names),
        )
        params = [self._value(n, item.get(n)) for n in names] + [item["id"]]
        return self._write(query, params, audit)[0]

    def delete(self, item_id: str, audit: dict[str, Any] | None) -> None:
        query = sql.SQL("DELETE FROM {} WHERE id = %s").format(self.table)
        self._write(query, (item_id,), audit)
