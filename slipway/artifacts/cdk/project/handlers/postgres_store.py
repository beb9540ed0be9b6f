"""The PostgreSQL store of the CRUD handler (``STORE=postgres``): Aurora Serverless v2 through the
RDS Data API, as Slipway's own functions reach it (HTTPS and IAM: no driver in the function, no
VPC around it, no connection to pool).

Environment: ``DB_CLUSTER_ARN``, ``DB_SECRET_ARN`` (the cluster's credentials), ``DB_NAME``,
``TABLE_NAME``. On its first call a container applies ``schema.json`` (Slipway's DDL, one Data
API call per statement, idempotent) under an advisory lock, once per schema digest. Values
travel as text parameters cast in SQL and rows come back as one JSON text column
(``row_to_json``), so nothing depends on the Data API's type mapping. Audit records go to
``slipway_audit`` in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from typing import Any

import boto3
from botocore.exceptions import ClientError
from common import HERE, MAC_PREFIX, Conflict, Invalid, json_default

AUDIT_TABLE = "slipway_audit"
SQLSTATE = re.compile(r"SQLState: (\w{5})")
KEY = re.compile(r"Key \(([^)]+)\)=")
IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ROW = "row_to_json(t)::text"
RECORD = " FROM json_populate_record(NULL::{t}, CAST(:row AS json))"
UPDATE = (
    "UPDATE {t} AS t SET ({cols}) = (SELECT {cols} FROM json_populate_record(NULL::{t}, "
    "CAST(:row AS json))) WHERE t.id = CAST(:id AS uuid) RETURNING {row}"
)
DATED = ("created_at", "updated_at", "deleted_at")


def quoted(name: str) -> str:
    """A quoted SQL identifier; names come from the function's environment, checked first."""
    if not IDENT.match(name):
        raise ValueError(f"invalid SQL identifier {name!r}")
    return f'"{name}"'


def statement(text: str, cols: tuple[str, ...] = (), **names: str) -> str:
    """A statement with its identifiers in place (checked and quoted): every value travels as
    a parameter (``:name``), never in the text."""
    idents = {k: quoted(v) for k, v in names.items()}
    return text.format(row=ROW, cols=", ".join(map(quoted, cols)), **idents)


def refusal(exc: ClientError) -> Exception:
    """What a Data API error means: Conflict (409), Invalid (422), else the error itself."""
    message = str(exc.response.get("Error", {}).get("Message", ""))
    state = SQLSTATE.search(message)
    code = state.group(1) if state else ""
    key = KEY.search(message)
    column = key.group(1).removeprefix(MAC_PREFIX) if key else None
    if code == "23505":
        return Conflict(column or "value")
    if code == "23503" and "still referenced" in message:
        return Conflict("reference")
    if code == "23503":
        return Invalid(f"{column or 'a reference'} refers to a missing row")
    if code in ("23502", "23514") or code.startswith("22"):
        return Invalid(f"{column or 'a value'} is not valid for this field (SQLSTATE {code})")
    unexpected: Exception = exc  # answered 500 by the caller: not the client's mistake
    return unexpected


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def audit_row(audit: dict[str, Any]) -> dict[str, Any]:
    """An audit record (``audit.record``) as a row of Slipway's audit table."""
    return {
        "record": f"{audit['entity']}#{audit['record_id']}",
        "at": f"{audit['at']}#{audit['id']}",
        "entity": audit["entity"],
        "item_id": audit["record_id"],
        "action": audit["action"],
        "actor": audit["actor"],
        "request_id": str(audit.get("request_id") or ""),
        "changed": audit["fields"],
        "before": {},
        "after": {},
        "tenant": audit.get("tenant"),
    }


class PostgresStore:
    def __init__(self, resource: dict[str, Any]) -> None:
        self.fields: dict[str, Any] = resource["fields"]
        self.soft_delete = bool(resource.get("softDelete"))
        self.table = os.environ["TABLE_NAME"]
        self.client: Any = boto3.client("rds-data")
        self.target = {
            "resourceArn": os.environ["DB_CLUSTER_ARN"],
            "secretArn": os.environ["DB_SECRET_ARN"],
        }
        self._apply_schema()

    def _run(self, text: str, params: dict[str, Any] | None = None, tx: str = "") -> list[Any]:
        """One statement; the rows of its single JSON text column."""
        args: dict[str, Any] = {**self.target, "database": os.environ["DB_NAME"], "sql": text}
        if params:
            args["parameters"] = [
                {"name": k, "value": {"longValue": v} if isinstance(v, int) else {"stringValue": v}}
                for k, v in params.items()
            ]
        if tx:
            args["transactionId"] = tx
        try:
            out = self.client.execute_statement(**args)
        except ClientError as exc:
            raise refusal(exc) from None
        rows = [rec[0]["stringValue"] for rec in out.get("records", []) if "stringValue" in rec[0]]
        return [self._item(json.loads(row)) for row in rows]

    def _item(self, row: Any) -> Any:
        """A row as the API serves it: no nulls (absent, as in DynamoDB), UTC as ``Z``."""
        if not isinstance(row, dict):
            return row
        dated = {*DATED, *(k for k, v in self.fields.items() if v.get("type") == "datetime")}
        return {
            k: v[:-6] + "Z" if k in dated and isinstance(v, str) and v.endswith("+00:00") else v
            for k, v in row.items()
            if v is not None
        }

    def _transaction(self, statements: list[tuple[str, dict[str, Any]]]) -> list[Any]:
        """Statements in one transaction; the rows of the first."""
        begun = self.client.begin_transaction(**self.target, database=os.environ["DB_NAME"])
        tx = str(begun["transactionId"])
        try:
            rows = [self._run(text, params, tx) for text, params in statements]
        except BaseException:
            self.client.rollback_transaction(**self.target, transactionId=tx)
            raise
        self.client.commit_transaction(**self.target, transactionId=tx)
        return rows[0]

    def _apply_schema(self) -> None:
        """``schema.json`` applied once per digest, under an advisory lock (every container)."""
        with open(os.path.join(HERE, "schema.json"), encoding="utf-8") as f:
            ddl: list[str] = json.load(f)["statements"]
        digest = hashlib.sha256("\n".join(ddl).encode()).hexdigest()
        lock = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('slipway-schema'))) AS l"
        table = (
            "CREATE TABLE IF NOT EXISTS slipway_schema "
            "(digest text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        known = "SELECT to_json(digest)::text FROM slipway_schema WHERE digest = :d"
        steps: list[tuple[str, dict[str, Any]]] = [(lock, {}), (table, {}), (known, {"d": digest})]
        begun = self.client.begin_transaction(**self.target, database=os.environ["DB_NAME"])
        tx = str(begun["transactionId"])
        try:
            found = [self._run(text, params, tx) for text, params in steps][-1]
            if not found:
                for text in ddl:
                    self._run(text, None, tx)
                self._run("INSERT INTO slipway_schema (digest) VALUES (:d)", {"d": digest}, tx)
        except BaseException:
            self.client.rollback_transaction(**self.target, transactionId=tx)
            raise
        self.client.commit_transaction(**self.target, transactionId=tx)

    def _audit(self, audit: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
        if audit is None:
            return []
        row = json.dumps(audit_row(audit), default=json_default)
        return [(statement("INSERT INTO {t} SELECT *" + RECORD, t=AUDIT_TABLE), {"row": row})]

    def get(self, item_id: str) -> dict[str, Any] | None:
        if not _is_uuid(item_id):
            return None
        text = statement("SELECT {row} FROM {t} AS t WHERE t.id = CAST(:id AS uuid)", t=self.table)
        rows = self._run(text, {"id": item_id})
        return rows[0] if rows else None

    def page(
        self, limit: int, after: str | None, match: dict[str, str]
    ) -> tuple[list[dict[str, Any]], str | None]:
        where = ["TRUE"]
        params: dict[str, Any] = {"n": limit + 1}
        if self.soft_delete:
            where.append("t.deleted_at IS NULL")
        for n, (name, value) in enumerate(match.items()):
            where.append(statement("t.{c}::text = ", c=name) + f":m{n}")
            params[f"m{n}"] = value
        if after:
            if not _is_uuid(after):
                raise Invalid("invalid cursor")
            where.append("t.id > CAST(:after AS uuid)")
            params["after"] = after
        text = statement("SELECT {row} FROM {t} AS t WHERE ", t=self.table) + " AND ".join(where)
        rows = self._run(text + " ORDER BY t.id LIMIT :n", params)
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (rows[-1]["id"] if more and rows else None)

    def insert(self, item: dict[str, Any], audit: dict[str, Any] | None) -> dict[str, Any]:
        insert = "INSERT INTO {t} AS t SELECT *" + RECORD + " RETURNING {row}"
        text = statement(insert, t=self.table)
        row = {"row": json.dumps(item, default=json_default)}
        saved: dict[str, Any] = self._transaction([(text, row), *self._audit(audit)])[0]
        return saved

    def replace(self, item: dict[str, Any], audit: dict[str, Any] | None) -> dict[str, Any]:
        """The row's columns named in ``item`` (all but ``id`` and ``created_at``) set to its
        values, in one statement."""
        cols = tuple(n for n in item if n not in ("id", "created_at"))
        text = statement(UPDATE, cols, t=self.table)
        params = {"row": json.dumps(item, default=json_default), "id": str(item["id"])}
        saved: dict[str, Any] = self._transaction([(text, params), *self._audit(audit)])[0]
        return saved

    def delete(self, item_id: str, audit: dict[str, Any] | None) -> None:
        text = statement("DELETE FROM {t} AS t WHERE t.id = CAST(:id AS uuid)", t=self.table)
        self._transaction([(text, {"id": item_id}), *self._audit(audit)])
