"""Source of the Lambda handlers shipped in the CDK project (as text: they run in Lambda, not here).

Kept as real Python in string constants so the generator stays pure; the tests write them to disk,
compile them and run them against DynamoDB on a moto server.
"""

from __future__ import annotations

CRUD_HANDLER = r'''"""CRUD handler for one entity, behind API Gateway (HTTP API, payload format 2.0).

Configuration comes from the environment (set by the CDK stack):
  STORE          ``dynamodb`` (default) or ``postgres``
  TABLE_NAME     the entity's DynamoDB table (partition key ``id``) or PostgreSQL table
  ENTITY         entity name, for messages
  SCHEMA         JSON: {"fields": {name: {"type", "required", "managed", "enum", "maxLength",
                 "default", "unique"}}, "pageSize": n, "softDelete": bool,
                 "tenantField": name or null}
With a ``tenantField`` (multi-tenant entities) the tenant comes from the authorizer's ``tenant``
context: creates are stamped with it, and rows of other tenants are invisible (404, not listed).
PostgreSQL only:
  DATABASE_URL   a full connection string (local runs), or else
  DATABASE_HOST, DATABASE_PORT (5432), DATABASE_NAME, DATABASE_SSLMODE (require) and
  DATABASE_SECRET_ARN (the RDS-managed Secrets Manager secret holding username and password).
  On its first connection the handler applies ``schema.sql`` (idempotent, under an advisory lock).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any


class Conflict(Exception):
    """A unique value is taken, or a row is still referenced."""


class Invalid(Exception):
    """The database refused a value (a reference to a missing row, a malformed id)."""


def schema() -> dict[str, Any]:
    return _parsed_schema(os.environ.get("SCHEMA", '{"fields": {}}'))


@functools.lru_cache(maxsize=8)
def _parsed_schema(raw: str) -> dict[str, Any]:
    """Parsed once per distinct SCHEMA, not on every field check and listed item."""
    return json.loads(raw)


def _client_kwargs() -> dict[str, Any]:
    url = os.environ.get("AWS_ENDPOINT_URL")
    return {"endpoint_url": url} if url else {}


class DynamoStore:
    def __init__(self) -> None:
        import boto3

        self.table = boto3.resource("dynamodb", **_client_kwargs()).Table(os.environ["TABLE_NAME"])

    def get(self, item_id: str) -> dict[str, Any] | None:
        return self.table.get_item(Key={"id": item_id}).get("Item")

    def page(
        self, limit: int, after: str | None, match: dict[str, str]
    ) -> tuple[list[dict[str, Any]], str | None]:
        kwargs: dict[str, Any] = {"Limit": limit}
        if after:
            kwargs["ExclusiveStartKey"] = {"id": after}
        if match:  # filtered after the read: a page may hold fewer items, the cursor goes on
            names = {f"#m{i}": k for i, k in enumerate(match)}
            kwargs["FilterExpression"] = " AND ".join(f"#m{i} = :m{i}" for i in range(len(match)))
            kwargs["ExpressionAttributeNames"] = names
            kwargs["ExpressionAttributeValues"] = {f":m{i}": v for i, v in enumerate(match.values())}
        page = self.table.scan(**kwargs)
        last = page.get("LastEvaluatedKey")
        return page.get("Items", []), (last["id"] if last else None)

    def _unique_conflict(self, item: dict[str, Any]) -> None:
        for name, spec in schema()["fields"].items():
            if not spec.get("unique") or spec.get("managed") or item.get(name) is None:
                continue
            scan = self.table.scan(
                FilterExpression="#f = :v", ExpressionAttributeNames={"#f": name},
                ExpressionAttributeValues={":v": _to_dynamo(item[name])},
            )
            if any(other.get("id") != item["id"] for other in scan.get("Items", [])):
                raise Conflict(name)

    def insert(self, item: dict[str, Any]) -> dict[str, Any]:
        self._unique_conflict(item)
        self.table.put_item(Item=_to_dynamo(item), ConditionExpression="attribute_not_exists(id)")
        return item

    def replace(self, item: dict[str, Any]) -> dict[str, Any]:
        self._unique_conflict(item)
        self.table.put_item(Item=_to_dynamo(item))
        return item

    def delete(self, item_id: str) -> None:
        self.table.delete_item(Key={"id": item_id})


def _to_dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_dynamo(v) for v in value]
    return value


class PostgresStore:
    def __init__(self) -> None:
        import psycopg
        from psycopg import errors, sql
        from psycopg.rows import dict_row
        from psycopg.types.json import Jsonb

        self.psycopg, self.errors, self.sql, self.Jsonb = psycopg, errors, sql, Jsonb
        self.table = sql.Identifier(os.environ["TABLE_NAME"])
        self.conn = psycopg.connect(_conninfo(), autocommit=True, row_factory=dict_row)
        self._apply_schema()

    def _apply_schema(self) -> None:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.sql")
        with open(path, encoding="utf-8") as f:
            ddl = f.read()
        digest = hashlib.sha256(ddl.encode()).hexdigest()
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('slipway-schema'))")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS slipway_schema "
                "(digest text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            if self.conn.execute("SELECT 1 FROM slipway_schema WHERE digest = %s", (digest,)).fetchone():
                return
            self.conn.execute(ddl)
            self.conn.execute("INSERT INTO slipway_schema (digest) VALUES (%s)", (digest,))

    def _run(self, query: Any, params: Any = ()) -> list[dict[str, Any]]:
        try:
            cursor = self.conn.execute(query, params)
            return [_from_row(row) for row in cursor.fetchall()] if cursor.description else []
        except self.errors.UniqueViolation as exc:
            raise Conflict(_key_column(exc) or "value") from None
        except self.errors.ForeignKeyViolation as exc:
            column = _key_column(exc)
            if "still referenced" in str(exc.diag.message_detail or ""):
                raise Conflict("reference") from None
            raise Invalid(f"{column or 'a reference'} refers to a missing row") from None
        except (self.errors.DataError, self.errors.IntegrityError) as exc:
            raise Invalid(str(exc.diag.message_primary or "invalid value")) from None

    def _value(self, name: str, value: Any) -> Any:
        kind = schema()["fields"].get(name, {}).get("type")
        return self.Jsonb(value) if kind == "json" and value is not None else value

    def get(self, item_id: str) -> dict[str, Any] | None:
        if not _is_uuid(item_id):
            return None
        rows = self._run(self.sql.SQL("SELECT * FROM {} WHERE id = %s").format(self.table), (item_id,))
        return rows[0] if rows else None

    def page(
        self, limit: int, after: str | None, match: dict[str, str]
    ) -> tuple[list[dict[str, Any]], str | None]:
        sql = self.sql
        where = sql.SQL("deleted_at IS NULL") if schema().get("softDelete") else sql.SQL("TRUE")
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
        rows = self._run(
            sql.SQL("SELECT * FROM {} WHERE {} ORDER BY id LIMIT %s").format(self.table, where), params
        )
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (rows[-1]["id"] if more and rows else None)

    def insert(self, item: dict[str, Any]) -> dict[str, Any]:
        sql = self.sql
        names = list(item)
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING *").format(
            self.table,
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(sql.Placeholder() * len(names)),
        )
        return self._run(query, [self._value(n, item[n]) for n in names])[0]

    def replace(self, item: dict[str, Any]) -> dict[str, Any]:
        sql = self.sql
        names = [n for n in item if n not in ("id", "created_at")]
        query = sql.SQL("UPDATE {} SET {} WHERE id = %s RETURNING *").format(
            self.table,
            sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(n)) for n in names),
        )
        rows = self._run(query, [self._value(n, item.get(n)) for n in names] + [item["id"]])
        return rows[0]

    def delete(self, item_id: str) -> None:
        self._run(self.sql.SQL("DELETE FROM {} WHERE id = %s").format(self.table), (item_id,))


def _conninfo() -> str:
    from psycopg.conninfo import make_conninfo

    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    import boto3

    secret = boto3.client("secretsmanager", **_client_kwargs()).get_secret_value(
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


def _key_column(exc: Any) -> str | None:
    detail = str(getattr(exc.diag, "message_detail", "") or "")
    if detail.startswith("Key (") and ")=" in detail:
        return detail[5 : detail.index(")=")]
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
            value = value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        elif isinstance(value, (date, uuid.UUID)):
            value = str(value)
        out[key] = value
    return out


_STORE: Any = None


def store() -> Any:
    """One store per Lambda container (the connection is reused across invocations)."""
    global _STORE
    if _STORE is None or (getattr(_STORE, "conn", None) is not None and _STORE.conn.closed):
        _STORE = PostgresStore() if os.environ.get("STORE") == "postgres" else DynamoStore()
    return _STORE


def respond(status: int, body: Any = None) -> dict[str, Any]:
    response: dict[str, Any] = {"statusCode": status, "headers": {"content-type": "application/json"}}
    if body is not None:
        response["body"] = json.dumps(body, default=_json_default)
    return response


def error(status: int, code: str, message: str) -> dict[str, Any]:
    return respond(status, {"error": message, "code": code})


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def _check(name: str, spec: dict[str, Any], value: Any) -> str | None:
    kind = spec.get("type")
    if value is None:
        return None if not spec.get("required") else f"{name} is required"
    if kind == "string" and not isinstance(value, str):
        return f"{name} must be a string"
    if kind == "string" and spec.get("maxLength") and len(value) > spec["maxLength"]:
        return f"{name} must be at most {spec['maxLength']} characters"
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"{name} must be an integer"
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"{name} must be a number"
    if kind == "boolean" and not isinstance(value, bool):
        return f"{name} must be true or false"
    if kind == "enum" and value not in spec.get("enum", []):
        return f"{name} must be one of {', '.join(spec.get('enum', []))}"
    if kind == "datetime":
        try:
            datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return f"{name} must be an ISO-8601 date-time"
    if kind == "date":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return f"{name} must be an ISO-8601 date"
    if kind == "json" and not isinstance(value, (dict, list)):
        return f"{name} must be a JSON object or array"
    return None


def validate(body: dict[str, Any], *, partial: bool) -> tuple[dict[str, Any], list[str]]:
    fields = schema()["fields"]
    clean: dict[str, Any] = {}
    problems = [f"unknown field {k}" for k in body if k not in fields or fields[k].get("managed")]
    for name, spec in fields.items():
        if spec.get("managed"):
            continue
        if name not in body:
            if partial:
                continue
            if spec.get("default") is not None:
                clean[name] = spec["default"]
                continue
            if spec.get("required"):
                problems.append(f"{name} is required")
            continue
        problem = _check(name, spec, body[name])
        if problem:
            problems.append(problem)
        else:
            clean[name] = body[name]
    return clean, problems


def _body(event: dict[str, Any]) -> dict[str, Any] | None:
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _tenant(event: dict[str, Any]) -> str | None:
    authorizer = event.get("requestContext", {}).get("authorizer") or {}
    tenant = (authorizer.get("lambda") or {}).get("tenant")
    return str(tenant) if tenant else None


def _visible(item: dict[str, Any] | None, tenant: str | None = None) -> bool:
    if item is None or item.get("deleted_at"):
        return False
    field = schema().get("tenantField")
    return not field or str(item.get(field)) == str(tenant)


def _conflict(entity: str, what: str) -> dict[str, Any]:
    if what == "reference":
        return error(409, "CONFLICT", f"This {entity} is still referenced by other records")
    return error(409, "CONFLICT", f"A {entity} with this {what} already exists")


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    method = (event.get("requestContext", {}).get("http", {}).get("method") or "GET").upper()
    item_id = (event.get("pathParameters") or {}).get("id")
    entity = os.environ.get("ENTITY", "Item")
    try:
        return _route(method, item_id, entity, event)
    except Conflict as exc:
        return _conflict(entity, str(exc))
    except Invalid as exc:
        return error(422, "VALIDATION_ERROR", str(exc))


def _route(method: str, item_id: str | None, entity: str, event: dict[str, Any]) -> dict[str, Any]:
    tenant_field = schema().get("tenantField")
    tenant = _tenant(event)
    if tenant_field and tenant is None:
        return error(403, "FORBIDDEN", f"{entity} is tenant-scoped: the token carries no tenant")
    if item_id is None and method == "GET":
        return list_items(event, {tenant_field: tenant} if tenant_field and tenant else {})
    if item_id is None and method == "POST":
        body = _body(event)
        if body is None:
            return error(400, "BAD_REQUEST", "Body must be a JSON object")
        clean, problems = validate(body, partial=False)
        if problems:
            return error(422, "VALIDATION_ERROR", "; ".join(problems))
        now = _now()
        item = {**clean, "id": str(uuid.uuid4()), "created_at": now, "updated_at": now}
        if tenant_field:
            item[tenant_field] = tenant
        return respond(201, store().insert(item))
    if item_id is None:
        return error(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed here")
    current = store().get(item_id)
    if not _visible(current, tenant):
        return error(404, "NOT_FOUND", f"{entity} {item_id} not found")
    if method == "GET":
        return respond(200, current)
    if method == "PATCH":
        body = _body(event)
        if body is None or not body:
            return error(400, "BAD_REQUEST", "Body must be a non-empty JSON object")
        clean, problems = validate(body, partial=True)
        if problems:
            return error(422, "VALIDATION_ERROR", "; ".join(problems))
        return respond(200, store().replace({**current, **clean, "updated_at": _now()}))
    if method == "DELETE":
        if schema().get("softDelete"):
            store().replace({**current, "deleted_at": _now()})
        else:
            store().delete(item_id)
        return respond(204)
    return error(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed here")


def list_items(event: dict[str, Any], match: dict[str, str]) -> dict[str, Any]:
    params = event.get("queryStringParameters") or {}
    page_size = int(schema().get("pageSize") or 50)
    try:
        limit = int(params.get("limit", min(20, page_size)))
    except ValueError:
        return error(422, "VALIDATION_ERROR", "limit must be an integer")
    if not 1 <= limit <= page_size:
        return error(422, "VALIDATION_ERROR", f"limit must be between 1 and {page_size}")
    after = None
    if params.get("cursor"):
        try:
            after = base64.urlsafe_b64decode(params["cursor"].encode()).decode()
        except ValueError:
            return error(422, "VALIDATION_ERROR", "invalid cursor")
    items, last = store().page(limit, after, match)
    cursor = base64.urlsafe_b64encode(str(last).encode()).decode() if last else None
    visible = [i for i in items if _visible(i, match.get(schema().get("tenantField") or ""))]
    return respond(200, {"data": visible, "meta": {"nextCursor": cursor}})
'''

HEALTH_HANDLER = r'''"""Liveness endpoint."""


def handler(event, context=None):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": '{"status": "ok"}'}
'''

AUTHORIZER_HANDLER = r'''"""JWT authorizer (HTTP API, simple responses): HS256 tokens signed with JWT_SECRET.

Checks the signature and ``exp``/``iat``/``sub``, then the rule of the called route
(ROUTE_RULES: base path -> ``roles`` the resource is restricted to, ``tenant`` when its entity is
tenant-scoped): the ``roles`` claim must name one of them, and the token must carry a ``tenant``.
A denial is API Gateway's ``403 {"message": "Forbidden"}``. Uses only the standard library so the
function needs no packaging.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import time
from typing import Any


def _b64(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def verify(token: str, secret: str, now: float | None = None) -> dict[str, Any] | None:
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_b64(header_b64))
        if header.get("alg") != "HS256":
            return None
        expected = hmac.new(secret.encode(), f"{header_b64}.{payload_b64}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _b64(signature_b64)):
            return None
        claims = json.loads(_b64(payload_b64))
    except (ValueError, TypeError):
        return None
    if not isinstance(claims, dict) or not {"sub", "exp", "iat"} <= set(claims):
        return None
    if float(claims["exp"]) <= (now or time.time()):
        return None
    return claims


@functools.lru_cache(maxsize=4)
def _rules(raw: str) -> dict[str, Any]:
    """Parsed once per distinct ROUTE_RULES, not on every request."""
    return json.loads(raw)


def route_rule(event: dict[str, Any]) -> dict[str, Any]:
    """The rule of the longest base path that the route (``routeKey``, e.g.
    ``GET /v1/tasks/{id}``, else ``rawPath``) falls under; {} when none does."""
    rules = _rules(os.environ.get("ROUTE_RULES") or "{}")
    path = (event.get("routeKey") or "").partition(" ")[2] or event.get("rawPath") or ""
    matching = [base for base in rules if path == base or path.startswith(base.rstrip("/") + "/")]
    return rules[max(matching, key=len)] if matching else {}


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    header = (event.get("headers") or {}).get("authorization", "")
    scheme, _, token = header.partition(" ")
    claims = verify(token.strip(), os.environ["JWT_SECRET"]) if scheme.lower() == "bearer" else None
    if claims is None:
        return {"isAuthorized": False}
    rule = route_rule(event)
    roles = claims.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        return {"isAuthorized": False}
    if rule.get("roles") and not set(rule["roles"]) & set(roles):
        return {"isAuthorized": False}
    if rule.get("tenant") and not claims.get("tenant"):
        return {"isAuthorized": False}
    context = {"sub": str(claims["sub"]), "roles": ",".join(roles)}
    if claims.get("tenant"):
        context["tenant"] = str(claims["tenant"])  # multi-tenant entities are scoped to it
    return {"isAuthorized": True, "context": context}
'''

JOB_HANDLER = r'''"""A scheduled job: logs a structured line per run (replace the body with the job's work)."""

import json
import os


def handler(event, context=None):
    print(json.dumps({"job": os.environ.get("JOB_NAME"), "event": event}, default=str))
    return {"ok": True}
'''
