"""The RDS Data API, answered by a real PostgreSQL connection: how a sandbox runs a PostgreSQL
blueprint's CRUD functions (the deployed code, unchanged) against a local database.

A botocore ``before-send`` hook on boto3's default session (the one the handlers' clients come
from) answers every Data API call whose ``resourceArn`` is a registered sandbox cluster: the
request has been validated and serialized by botocore as for AWS, and the answer is parsed by
botocore as AWS's would be. Calls for any other cluster go out untouched.

Statements run on a pooled connection with ``search_path`` set to the sandbox's schema (so each
sandbox's tables are its own); a transaction holds its connection until commit or rollback, and
one idle for ``TRANSACTION_IDLE`` seconds is rolled back, as the Data API does. Named parameters
(``:name``) become psycopg's; SQL errors come back as ``DatabaseErrorException`` with the
message format of the Data API (``ERROR: ... Detail: ...; SQLState: 23505``).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import boto3
import psycopg
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from psycopg import sql
from psycopg.types.json import Jsonb

TRANSACTION_IDLE = 180.0
STATEMENT_TIMEOUT_MS = 30_000
POOL_IDLE = 4
PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Target:
    """Where a sandbox cluster's statements run: a database and the sandbox's schema."""

    conninfo: str
    schema: str
    secret_arn: str


@dataclass
class _Transaction:
    conn: psycopg.Connection[Any]
    target: Target
    used: float = field(default_factory=time.monotonic)


class _Raw:
    """What ``AWSResponse`` reads a body from."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


class DataApiError(Exception):
    def __init__(self, kind: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.kind, self.message, self.status = kind, message, status


def _value(field_: dict[str, Any]) -> Any:
    if field_.get("isNull"):
        return None
    for key in ("stringValue", "longValue", "doubleValue", "booleanValue"):
        if key in field_:
            return field_[key]
    if "blobValue" in field_:
        return base64.b64decode(field_["blobValue"])
    raise DataApiError("BadRequestException", "Unsupported parameter value")


def _param(p: dict[str, Any]) -> Any:
    value = _value(p.get("value") or {})
    hint = p.get("typeHint")
    if value is None or hint is None:
        return value
    converters: dict[str, Callable[[Any], Any]] = {
        "UUID": uuid.UUID,
        "JSON": lambda v: Jsonb(json.loads(v)),
        "DECIMAL": Decimal,
        "DATE": date.fromisoformat,
        "TIMESTAMP": datetime.fromisoformat,
    }
    return converters[hint](value) if hint in converters else value


def _field(value: Any) -> dict[str, Any]:
    if value is None:
        return {"isNull": True}
    if isinstance(value, bool):
        return {"booleanValue": value}
    if isinstance(value, int):
        return {"longValue": value}
    if isinstance(value, float):
        return {"doubleValue": value}
    if isinstance(value, bytes | memoryview):
        return {"blobValue": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict | list):
        return {"stringValue": json.dumps(value)}
    return {"stringValue": str(value)}


def _database_error(exc: psycopg.Error) -> DataApiError:
    diag = exc.diag
    message = f"ERROR: {diag.message_primary or exc}"
    if diag.message_detail:
        message += f"\n  Detail: {diag.message_detail}"
    return DataApiError("DatabaseErrorException", f"{message}; SQLState: {diag.sqlstate}")


class DataApi:
    """The Data API of the registered sandbox clusters (cluster ARN → ``Target``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._targets: dict[str, Target] = {}
        self._idle: dict[str, list[psycopg.Connection[Any]]] = {}
        self._transactions: dict[str, _Transaction] = {}
        self._installed = False

    # --- registration ---------------------------------------------------------------------

    def install(self) -> None:
        """Hook into boto3's default session (once per process)."""
        with self._lock:
            if self._installed:
                return
            if boto3.DEFAULT_SESSION is None:
                boto3.setup_default_session()
            assert boto3.DEFAULT_SESSION is not None
            boto3.DEFAULT_SESSION.events.register("before-send.rds-data", self.answer)
            self._installed = True

    def register(self, cluster_arn: str, target: Target) -> None:
        self.install()
        with self._lock:
            self._targets[cluster_arn] = target

    def unregister(self, cluster_arn: str) -> None:
        with self._lock:
            self._targets.pop(cluster_arn, None)

    def registered(self, cluster_arn: str) -> bool:
        with self._lock:
            return cluster_arn in self._targets

    # --- the hook -----------------------------------------------------------------------------

    def answer(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        body = json.loads(request.body or b"{}")
        with self._lock:
            target = self._targets.get(str(body.get("resourceArn")))
        if target is None:
            return None  # not a sandbox: the request goes to AWS
        operation = urlsplit(request.url).path.rstrip("/").rsplit("/", 1)[-1]
        try:
            if body.get("secretArn") != target.secret_arn:
                raise DataApiError("ForbiddenException", "Not authorized to access the secret", 403)
            result = self._dispatch(operation, body, target)
            return self._respond(request.url, 200, result)
        except DataApiError as exc:
            headers = {"x-amzn-ErrorType": exc.kind}
            return self._respond(request.url, exc.status, {"message": exc.message}, headers)

    @staticmethod
    def _respond(
        url: str, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> AWSResponse:
        raw = json.dumps(body).encode()
        all_headers = {"content-type": "application/json", **(headers or {})}
        return AWSResponse(url, status, all_headers, _Raw(raw))

    def _dispatch(self, operation: str, body: dict[str, Any], target: Target) -> dict[str, Any]:
        if operation == "BeginTransaction":
            return {"transactionId": self._begin(target)}
        if operation in ("CommitTransaction", "RollbackTransaction"):
            return {"transactionStatus": self._end(body, operation == "CommitTransaction")}
        if operation == "Execute":
            return self._execute(body, target)
        raise DataApiError("BadRequestException", f"{operation} is not supported by the sandbox")

    # --- connections and transactions ---------------------------------------------------------

    def _connect(self, target: Target) -> psycopg.Connection[Any]:
        with self._lock:
            idle = self._idle.get(target.conninfo) or []
            conn = idle.pop() if idle else None
        if conn is None or conn.closed:
            conn = psycopg.connect(target.conninfo, autocommit=True)
            conn.execute("SET TimeZone = 'UTC'")
            conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(target.schema)))
        return conn

    def _release(self, target: Target, conn: psycopg.Connection[Any]) -> None:
        with self._lock:
            idle = self._idle.setdefault(target.conninfo, [])
            if len(idle) < POOL_IDLE and not conn.closed:
                idle.append(conn)
                return
        conn.close()

    @contextmanager
    def _connection(self, target: Target) -> Iterator[psycopg.Connection[Any]]:
        conn = self._connect(target)
        try:
            yield conn
        finally:
            self._release(target, conn)

    def _expire(self) -> None:
        now = time.monotonic()
        with self._lock:
            stale = [k for k, t in self._transactions.items() if now - t.used > TRANSACTION_IDLE]
            gone = [self._transactions.pop(k) for k in stale]
        for tx in gone:
            tx.conn.close()

    def _begin(self, target: Target) -> str:
        self._expire()
        conn = self._connect(target)
        conn.execute("BEGIN")
        tx_id = base64.b64encode(uuid.uuid4().bytes).decode()
        with self._lock:
            self._transactions[tx_id] = _Transaction(conn, target)
        return tx_id

    def _end(self, body: dict[str, Any], commit: bool) -> str:
        with self._lock:
            tx = self._transactions.pop(str(body.get("transactionId")), None)
        if tx is None:
            raise DataApiError("NotFoundException", "Transaction not found", 404)
        try:
            tx.conn.execute("COMMIT" if commit else "ROLLBACK")
        except psycopg.Error as exc:
            tx.conn.close()
            raise _database_error(exc) from None
        self._release(tx.target, tx.conn)
        return "Transaction Committed" if commit else "Rollback Complete"

    def _execute(self, body: dict[str, Any], target: Target) -> dict[str, Any]:
        text = str(body.get("sql") or "")
        params = {p["name"]: _param(p) for p in body.get("parameters") or []}
        query = PARAM.sub(r"%(\1)s", text.replace("%", "%%")) if params else text
        tx_id = body.get("transactionId")
        if tx_id:
            with self._lock:
                tx = self._transactions.get(str(tx_id))
            if tx is None:
                raise DataApiError("NotFoundException", "Transaction not found", 404)
            tx.used = time.monotonic()
            return self._run(tx.conn, query, params)
        with self._connection(target) as conn:
            return self._run(conn, query, params)

    @staticmethod
    def _run(conn: psycopg.Connection[Any], query: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            cursor = conn.execute(query.encode(), params or None)
            rows = cursor.fetchall() if cursor.description else []
        except psycopg.Error as exc:
            raise _database_error(exc) from None
        out: dict[str, Any] = {"numberOfRecordsUpdated": max(cursor.rowcount, 0)}
        if cursor.description:
            out["records"] = [[_field(v) for v in row] for row in rows]
        return out


DATA_API = DataApi()
"""The process's one Data API adapter (boto3's default session is process-wide too)."""
