"""The PostgreSQL store of the CRUD handler: Aurora Serverless v2 through the RDS Data API (HTTPS
and IAM: no driver in the function, no VPC around it, no connection to pool).

The compute stack appends this piece to the CRUD code (one ``index.py``, see
``slipway.synth.handlers``), then the schema's DDL (``SCHEMA``), for the functions of a
``database: postgres`` blueprint (``STORE=postgres``). Environment: ``DB_CLUSTER_ARN``,
``DB_SECRET_NAME`` (the credentials' secret: its ARN is looked up once per container),
``DB_NAME``, ``TABLE_NAME`` (the entity's table); ``AUDIT_TABLE``: the change's audit row goes
in the same transaction.

On its first call a container applies ``SCHEMA`` (idempotent) under an advisory lock, once per
schema digest. Every statement is one Data API call; values travel as text parameters cast in
SQL (``CAST(:id AS uuid)``) and rows come back as one JSON text column (``row_to_json``), so
what the handler sees does not depend on the Data API's type mapping. Constraint violations
(SQLSTATE 23505, 23503, 23502, 23514, class 22) are answered 409 / 422 like the DynamoDB store.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from botocore.exceptions import ClientError

from slipway.synth.lambdas.audit import audit_row
from slipway.synth.lambdas.common import SCHEMA, STORES, E, Item, Refused, client, num, rules
from slipway.synth.lambdas.validation import UUID

SQLSTATE = re.compile(r"SQLState: (\w{5})")
KEY = re.compile(r"Key \(([^)]+)\)=")
IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ROW = "row_to_json(t)::text"


def q(name: str) -> str:
    """A quoted SQL identifier; names come from the function's environment, checked first."""
    if not IDENT.match(name):
        raise ValueError(f"invalid SQL identifier {name!r}")
    return f'"{name}"'


def sql(text: str, cols: tuple[str, ...] = (), **names: str) -> str:
    """A statement with its identifiers (checked and quoted by ``q``) in place: every value
    travels as a parameter (``:name``), never in the text."""
    quoted = {k: q(v) for k, v in names.items()}
    return text.format(row=ROW, cols=", ".join(map(q, cols)), **quoted)


def refusal(exc: ClientError) -> Exception:
    """What a Data API error means for the caller: 409 / 422, else the error itself (500)."""
    message = str(exc.response.get("Error", {}).get("Message", ""))
    state = SQLSTATE.search(message)
    code = state.group(1) if state else ""
    key = KEY.search(message)
    column = key.group(1) if key else "a value"
    if code == "23505":
        return Refused(409, f"A {E('ENTITY')} with this {column} already exists", "CONFLICT")
    if code == "23503" and "still referenced" in message:
        return Refused(409, f"This {E('ENTITY')} is still referenced", "CONFLICT")
    if code == "23503":
        return Refused(422, f"{column} refers to a missing row")
    if code in ("23502", "23514") or code.startswith("22"):
        return Refused(422, f"{column} is not valid for this field (SQLSTATE {code})")
    return exc


class Postgres:
    """The PostgreSQL store: one table per entity (``id uuid`` primary key)."""

    def __init__(self) -> None:
        self.ready = ""
        self.secret = ""

    def _target(self) -> Item:
        if not self.secret:
            found = client("secretsmanager").describe_secret(SecretId=E("DB_SECRET_NAME"))
            self.secret = str(found["ARN"])
        return {"resourceArn": E("DB_CLUSTER_ARN"), "secretArn": self.secret}

    def run(self, text: str, params: Item | None = None, tx: str = "") -> list[Item]:
        """One statement; the rows of its single JSON text column."""
        args: Item = {**self._target(), "database": E("DB_NAME"), "sql": text}
        if params:
            args["parameters"] = [
                {"name": k, "value": {"longValue": v} if isinstance(v, int) else {"stringValue": v}}
                for k, v in params.items()
            ]
        if tx:
            args["transactionId"] = tx
        try:
            out = client("rds-data").execute_statement(**args)
        except ClientError as exc:
            raise refusal(exc) from None
        rows = [rec[0]["stringValue"] for rec in out.get("records", []) if "stringValue" in rec[0]]
        return [self._item(json.loads(row)) for row in rows]

    @staticmethod
    def _item(row: Any) -> Any:
        """A row as the API serves it: no nulls (absent, as in DynamoDB), UTC as ``Z``."""
        if not isinstance(row, dict):
            return row
        dated = {"created_at", "updated_at", "deleted_at"}
        dated |= {k for k, v in rules().items() if v.get("type") == "datetime"}
        return {
            k: v[:-6] + "Z" if k in dated and isinstance(v, str) and v.endswith("+00:00") else v
            for k, v in row.items()
            if v is not None
        }

    def _transaction(self, statements: list[tuple[str, Item]]) -> list[Item]:
        """Statements in one transaction; the rows of the first."""
        tx = client("rds-data").begin_transaction(**self._target(), database=E("DB_NAME"))
        tx_id = str(tx["transactionId"])
        try:
            rows = [self.run(text, params, tx_id) for text, params in statements][0]  # noqa: RUF015
        except BaseException:
            client("rds-data").rollback_transaction(**self._target(), transactionId=tx_id)
            raise
        client("rds-data").commit_transaction(**self._target(), transactionId=tx_id)
        return rows

    def ensure_schema(self) -> None:
        """``SCHEMA`` applied once per digest, under an advisory lock (every container)."""
        digest = hashlib.sha256("\n".join(SCHEMA).encode()).hexdigest()
        if not SCHEMA or self.ready == digest:
            return
        lock = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('slipway-schema'))) AS l"
        table = (
            "CREATE TABLE IF NOT EXISTS slipway_schema "
            "(digest text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        known = "SELECT to_json(digest)::text FROM slipway_schema WHERE digest = :d"
        tx = client("rds-data").begin_transaction(**self._target(), database=E("DB_NAME"))
        tx_id = str(tx["transactionId"])
        try:
            for text in (lock, table):
                self.run(text, None, tx_id)
            if not self.run(known, {"d": digest}, tx_id):
                for text in SCHEMA:
                    self.run(text, None, tx_id)
                self.run("INSERT INTO slipway_schema (digest) VALUES (:d)", {"d": digest}, tx_id)
        except BaseException:
            client("rds-data").rollback_transaction(**self._target(), transactionId=tx_id)
            raise
        client("rds-data").commit_transaction(**self._target(), transactionId=tx_id)
        self.ready = digest

    def _one(self, table: str, item_id: str) -> Item | None:
        self.ensure_schema()
        text = sql("SELECT {row} FROM {t} AS t WHERE t.id = CAST(:id AS uuid)", t=table)
        rows = self.run(text, {"id": item_id})
        return rows[0] if rows else None

    def get(self, item_id: str) -> Item | None:
        return self._one(E("TABLE_NAME"), item_id)

    def find(self, entity: str, item_id: str) -> Item | None:
        name = dict(pair.split("=", 1) for pair in E("REF_TABLES").split(",") if "=" in pair)
        return self._one(name[entity], item_id) if entity in name else None

    def taken(self, field: str, value: Any, item_id: str) -> bool:
        return False  # the unique index answers (23505)

    def referenced(self, item_id: str) -> bool:
        return False  # the foreign keys answer (23503)

    def page(
        self, limit: int, start: str | None, tf: str | None, ten: Any
    ) -> tuple[list[Item], Any]:
        self.ensure_schema()
        where: list[str] = ["TRUE"]
        params: Item = {"n": limit + 1}
        if E("SOFT_DELETE") == "1":
            where.append("t.deleted_at IS NULL")
        if tf:
            where.append(sql("t.{tf}::text = :tenant", tf=tf))
            params["tenant"] = str(ten)
        if start:
            if not UUID.match(start):
                raise Refused(422, "Invalid cursor: pass meta.nextCursor unchanged")
            where.append("t.id > CAST(:after AS uuid)")
            params["after"] = start
        text = sql("SELECT {row} FROM {t} AS t WHERE ", t=E("TABLE_NAME")) + " AND ".join(where)
        rows = self.run(text + " ORDER BY t.id LIMIT :n", params)
        more = len(rows) > limit
        return rows[:limit], (rows[limit - 1]["id"] if more else None)

    def write(self, event: Item, action: str, before: Item | None, after: Item | None) -> Item:
        """The change and, for audited entities, its audit row: one transaction."""
        self.ensure_schema()
        t = E("TABLE_NAME")
        item = after or before or {}
        record = " FROM json_populate_record(NULL::{t}, CAST(:row AS json))"
        update = "UPDATE {t} AS t SET ({cols}) = (SELECT {cols}%s) WHERE t.id = CAST(:id AS uuid)"
        statements: list[tuple[str, Item]]
        if action == "create":
            text = sql("INSERT INTO {t} AS t SELECT *" + record + " RETURNING {row}", t=t)
            statements = [(text, {"row": json.dumps(after, default=num)})]
        elif after is not None:
            cols = tuple(k for k in after if k not in ("id", "created_at"))
            text = sql(update % record + " RETURNING {row}", cols, t=t)
            statements = [(text, {"row": json.dumps(after, default=num), "id": item["id"]})]
        else:
            text = sql("DELETE FROM {t} AS t WHERE t.id = CAST(:id AS uuid)", t=t)
            statements = [(text, {"id": item["id"]})]
        audit = E("AUDIT_TABLE")
        if audit:
            row = json.dumps(audit_row(event, action, before, after), default=num)
            statements.append((sql("INSERT INTO {t} SELECT *" + record, t=audit), {"row": row}))
        rows = self._transaction(statements)
        return rows[0] if rows and after is not None else after or {}


STORES["postgres"] = Postgres()
