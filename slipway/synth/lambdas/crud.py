"""CRUD handler of one entity: the inline code of Slipway's compute stack (``index.py``).

Behind an HTTP API (payload format 2.0) or, for the ``api_key`` strategy, a REST API (1.0).
The environment, set by the compute stack:

``ENTITY``, ``PAGE_SIZE``; ``FIELDS``: the writable fields' rules (JSON: name → ``type``,
``required``, ``unique``, ``maxLength``, ``enum``, ``default``, ``ref`` (the referenced entity),
``key`` (an index key: never empty)): bodies are validated against them (422), unique values
are unique (409) and references name a visible row (422); ``REF_TABLES``: ``Entity=table``
pairs of the referenced entities; ``ROLES``: the Cognito groups of which the caller needs one;
``TENANT_FIELD``: stamped from the ``custom:tenant`` claim, other tenants' items are invisible,
and a caller without the claim is refused (API keys carry none: under ``api_key`` a tenant-scoped
entity is never served, as in the CDK project);
``SOFT_DELETE=1``: DELETE stamps ``deleted_at`` and such items are hidden (404, not listed).

The store is DynamoDB (``TABLE_NAME``, key ``id``), or PostgreSQL through the RDS Data API with
``STORE=postgres`` (the compute stack appends ``postgres.py`` to this code). DynamoDB only:
``REFERENCED_BY`` (``table:field`` pairs: a hard delete of a still referenced item is 409);
``ENCRYPTED``: fields stored as KMS ciphertext under ``KMS_KEY_ID`` (encryption context: table,
field and item id); ``AUDIT_TABLE``: one row per change, written in the same transaction (who,
what, when, the item's id and the ``AUDIT_IDS`` reference ids before and after; never a field's
value).

``ENV`` is the environment the handler reads: Lambda's ``os.environ``; the sandbox, which runs
this same code in process, gives each loaded function its own.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import os
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Context, Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr
from boto3.dynamodb.types import Binary, TypeSerializer
from botocore.exceptions import ClientError

Item = dict[str, Any]
ENV: Mapping[str, str] = os.environ
SCHEMA: list[str] = []
"""PostgreSQL: the schema's DDL statements (the compute stack appends them to the code)."""
STORES: dict[str, Any] = {}
MANAGED = ("id", "created_at", "updated_at", "deleted_at")
KMS_MAX = 4096  # bytes of plaintext KMS Encrypt accepts
ITEM_MAX = 350_000  # bytes of JSON an item may take (a DynamoDB item holds at most 400 KB)
INT_MAX = 2**63 - 1  # PostgreSQL bigint
DIGITS = Context(prec=38)  # DynamoDB numbers: 38 significant digits, magnitude 1e-130 to 1e126
UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


class Refused(Exception):
    """A request answered with an error body: its status, message and code."""

    def __init__(self, status: int, message: str, code: str = "VALIDATION_ERROR") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


class TooLong(ValueError):
    """A value too large to encrypt with KMS directly."""


class Undecryptable(Exception):
    """A stored ciphertext that does not open for its own table, field and item."""


def E(name: str, default: str = "") -> str:
    return ENV.get(name) or default


def aws() -> Item:
    """Client settings from the function's environment (what boto3 reads in Lambda)."""
    return {
        "region_name": E("AWS_REGION") or E("AWS_DEFAULT_REGION") or None,
        "endpoint_url": E("AWS_ENDPOINT_URL") or None,
        "aws_access_key_id": E("AWS_ACCESS_KEY_ID") or None,
        "aws_secret_access_key": E("AWS_SECRET_ACCESS_KEY") or None,
        "aws_session_token": E("AWS_SESSION_TOKEN") or None,
    }


@functools.cache
def client(service: str) -> Any:
    return boto3.client(service, **aws())


@functools.cache
def table(name: str) -> Any:
    return boto3.resource("dynamodb", **aws()).Table(name)


def csv(name: str) -> list[str]:
    return [v for v in E(name).split(",") if v]


def pairs(name: str, sep: str) -> list[tuple[str, str]]:
    return [(a, b) for a, _, b in (p.partition(sep) for p in csv(name)) if b]


@functools.cache
def _rules(raw: str) -> dict[str, Item]:
    return json.loads(raw, parse_float=Decimal) if raw else {}


def rules() -> dict[str, Item]:
    return _rules(E("FIELDS"))


def num(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    raise TypeError(type(v).__name__)


def r(code: int, body: Any = None) -> Item:
    out: Item = {"statusCode": code, "headers": {"content-type": "application/json"}}
    if body is not None:
        out["body"] = json.dumps(body, default=num)
    return out


def err(code: int, msg: str, kind: str) -> Item:
    return r(code, {"error": msg, "code": kind})


def now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def claims(event: Item) -> Item:
    a = event["requestContext"].get("authorizer") or {}
    return (a.get("jwt") or {}).get("claims") or {}


def actor(event: Item) -> str:
    """Who called: the token's subject, else the API key's ID (never the key itself)."""
    key_id = (event["requestContext"].get("identity") or {}).get("apiKeyId")
    return str(claims(event).get("sub") or (f"apikey:{key_id}" if key_id else "anonymous"))


def bound(field: str, item_id: str) -> dict[str, str]:
    """The encryption context: a ciphertext opens only for its own table, field and item."""
    return {"table": E("TABLE_NAME"), "field": field, "id": item_id}


def seal(item: Item) -> Item:
    """The item as stored: each ENCRYPTED field as KMS ciphertext bound to table, field, id."""
    out = dict(item)
    for f in csv("ENCRYPTED"):
        if out.get(f) is not None:
            plain = json.dumps(out[f], default=num).encode()
            if len(plain) > KMS_MAX:
                raise TooLong(f)
            sealed = client("kms").encrypt(
                KeyId=E("KMS_KEY_ID"), Plaintext=plain, EncryptionContext=bound(f, item["id"])
            )
            out[f] = sealed["CiphertextBlob"]
    return out


def unseal(item: Item) -> Item:
    out = dict(item)
    for f in csv("ENCRYPTED"):
        if isinstance(out.get(f), Binary):  # plain values written before encryption pass
            blob = bytes(out[f].value)
            try:
                context = bound(f, out["id"])
                opened = client("kms").decrypt(
                    KeyId=E("KMS_KEY_ID"), CiphertextBlob=blob, EncryptionContext=context
                )
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "InvalidCiphertextException":
                    raise
                raise Undecryptable(f) from None
            out[f] = json.loads(opened["Plaintext"])
    return out


def audit_row(event: Item, action: str, before: Item | None, after: Item | None) -> Item:
    """Who changed what, when: field names and reference ids only, never values."""
    item = after or before or {}
    old, new = before or {}, after or {}
    ids = [k for k in ("id", *csv("AUDIT_IDS")) if k not in csv("ENCRYPTED")]
    return {
        "record": f"{E('ENTITY')}#{item['id']}",
        "at": f"{now()}#{uuid.uuid4().hex}",
        "entity": E("ENTITY"),
        "item_id": item["id"],
        "action": action,
        "actor": actor(event),
        "request_id": str(event["requestContext"].get("requestId") or ""),
        "changed": sorted(k for k in {*old, *new} - set(MANAGED) if old.get(k) != new.get(k)),
        "before": {k: old[k] for k in ids if old.get(k) is not None},
        "after": {k: new[k] for k in ids if new.get(k) is not None},
    }


def fits(value: Any, depth: int = 0) -> bool:
    """A number both stores keep, or JSON made only of them (DynamoDB nests 32 levels)."""
    if isinstance(value, dict):
        return depth < 30 and all(fits(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return depth < 30 and all(fits(v, depth + 1) for v in value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        d = Decimal(value)
        return d.is_finite() and (d == 0 or -130 <= d.adjusted() <= 125)
    return True


def _instant(value: str, kind: str) -> bool:
    try:
        if kind == "date":
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(re.sub(r":60(?=[.+Zz-]|$)", ":59", value.upper()))
    except ValueError:
        return False
    return True


def check(name: str, spec: Item, value: Any) -> str | None:
    """The problem with one value, or None."""
    kind = spec.get("type")
    if value is None:
        return f"{name} must not be null"
    if kind in ("string", "enum", "date", "datetime") and not isinstance(value, str):
        return f"{name} must be a string"
    if kind == "string" and spec.get("maxLength") and len(value) > spec["maxLength"]:
        return f"{name} must be at most {spec['maxLength']} characters"
    if kind == "string" and spec.get("ref") and not UUID.match(value):
        return f"{name} must be the UUID of a {spec['ref']}"
    if kind == "string" and spec.get("key") and not value:
        return f"{name} must not be empty"
    if kind == "enum" and value not in spec.get("enum", []):
        return f"{name} must be one of {', '.join(spec.get('enum', []))}"
    if kind in ("date", "datetime") and not (
        (DATE if kind == "date" else DATETIME).match(value) and _instant(value, kind)
    ):
        return f"{name} must be an RFC 3339 {'date' if kind == 'date' else 'date-time'}"
    if kind in ("integer", "number") and (
        isinstance(value, bool) or not isinstance(value, int | Decimal)
    ):
        return f"{name} must be {'an integer' if kind == 'integer' else 'a number'}"
    if kind == "integer" and not (Decimal(value) == Decimal(value).to_integral_value() <= INT_MAX):
        return f"{name} must be an integer from {-INT_MAX} to {INT_MAX}"
    if kind == "boolean" and not isinstance(value, bool):
        return f"{name} must be true or false"
    if kind == "json" and not isinstance(value, dict):
        return f"{name} must be a JSON object"
    return None if fits(value) else f"{name} holds a number out of range (1e-130 to 1e125)"


def validated(body: Item, partial: bool) -> Item:
    """The accepted values of a body (defaults filled in on create); 422 names every problem."""
    fields = rules()
    if not fields:  # a function without rules (synthesized before them) stores what it gets
        return body
    problems = [f"unknown field {k}" for k in body if k not in fields]
    clean: Item = {}
    for name, spec in fields.items():
        if name in body:
            problem = check(name, spec, body[name])
            if problem:
                problems.append(problem)
                continue
            value = body[name]
            clean[name] = int(value) if spec["type"] == "integer" else value
            if spec["type"] == "number":
                clean[name] = DIGITS.plus(Decimal(value))
        elif not partial and spec.get("default") is not None:
            clean[name] = spec["default"]
        elif not partial and spec.get("required"):
            problems.append(f"{name} is required")
    if partial and not problems and not clean:
        problems.append("name at least one field to change")
    if problems:
        raise Refused(422, "; ".join(problems))
    return clean


def visible(item: Item, tf: str | None, ten: Any) -> bool:
    return not item.get("deleted_at") and (not tf or item.get(tf) == ten)


def guard(item: Item, names: list[str], tf: str | None, ten: Any) -> None:
    """References name a visible row (422); unique values are not taken (409)."""
    fields, store = rules(), STORES[E("STORE", "dynamodb")]
    for name in names:
        spec, value = fields.get(name) or {}, item.get(name)
        if value is None:
            continue
        if spec.get("ref"):
            row = store.find(spec["ref"], value)
            if row is None or not visible(row, tf if tf in row else None, ten):
                raise Refused(422, f"{name} refers to a missing {spec['ref']}")
        if spec.get("unique") and store.taken(name, value, item["id"]):
            raise Refused(409, f"A {E('ENTITY')} with this {name} already exists", "CONFLICT")
    if len(json.dumps(item, default=num)) > ITEM_MAX:
        raise Refused(422, f"the item is larger than {ITEM_MAX} bytes")


def denied(event: Item) -> Item | None:
    need = set(csv("ROLES"))
    g = claims(event).get("cognito:groups") or ""
    g = g if isinstance(g, list) else g.strip("[]").replace(",", " ").split()
    if need and not need & set(g):
        return err(403, "Requires one of the roles: " + ", ".join(sorted(need)), "FORBIDDEN")
    return None


def body_of(event: Item) -> Item:
    raw = event.get("body") or "{}"
    try:
        if event.get("isBase64Encoded"):
            raw = base64.b64decode(raw).decode()
        body = json.loads(raw, parse_float=Decimal, parse_constant=_not_json)
        json.dumps(body, default=num, ensure_ascii=False).encode()  # lone surrogates
    except (ValueError, binascii.Error):  # UnicodeError is a ValueError
        raise Refused(400, "Body must be JSON (UTF-8)", "BAD_REQUEST") from None
    if not isinstance(body, dict):
        raise Refused(400, "Body must be a JSON object", "BAD_REQUEST")
    return body


def _not_json(name: str) -> Any:
    raise ValueError(name)


def handler(event: Item, context: Any) -> Item:
    refusal = denied(event)
    if refusal:
        return refusal
    tf = E("TENANT_FIELD") or None
    ten = claims(event).get("custom:tenant") if tf else None
    if tf and not ten:  # an API key, an open route or a token without the claim
        msg = f"{E('ENTITY')} is tenant-scoped: the caller carries no tenant (custom:tenant)"
        return err(403, msg, "FORBIDDEN")
    try:
        body = {k: v for k, v in body_of(event).items() if k not in (*MANAGED, tf)}
        return route(event, body, tf, ten)
    except Refused as exc:
        return err(exc.status, exc.message, exc.code)
    except TooLong as exc:
        return err(422, f"{exc} is too long to encrypt", "VALIDATION_ERROR")
    except Undecryptable as exc:  # e.g. a ciphertext copied from another item: never served
        return err(500, f"A stored {exc} value cannot be decrypted", "INTERNAL_ERROR")


def route(event: Item, body: Item, tf: str | None, ten: Any) -> Item:
    method = event.get("httpMethod") or event["requestContext"]["http"]["method"]
    item_id = (event.get("pathParameters") or {}).get("id")
    store = STORES[E("STORE", "dynamodb")]
    if item_id is None and method == "GET":
        return page(event, tf, ten)
    if item_id is None and method == "POST":
        stamp = now()
        item = dict(validated(body, False), id=str(uuid.uuid4()), created_at=stamp)
        item["updated_at"] = stamp
        if tf:
            item[tf] = ten
        guard(item, list(rules()), tf, ten)
        return r(201, store.write(event, "create", None, item))
    found = store.get(item_id) if item_id and UUID.match(item_id) else None
    if found is None or not visible(found, tf, ten):
        return err(404, "Not found", "NOT_FOUND")
    current = unseal(found)
    if method == "GET":
        return r(200, current)
    if method == "PATCH":
        changes = validated(body, True)
        changed = dict(current, **changes, updated_at=now())
        guard(changed, list(changes), tf, ten)
        return r(200, store.write(event, "update", current, changed))
    if method == "DELETE":
        if E("SOFT_DELETE") == "1":
            store.write(event, "delete", current, dict(current, deleted_at=now()))
        elif store.referenced(current["id"]):
            raise Refused(409, f"This {E('ENTITY')} is still referenced", "CONFLICT")
        else:
            store.write(event, "delete", current, None)
        return r(204)
    return err(405, "Method not allowed", "METHOD_NOT_ALLOWED")


def page(event: Item, tf: str | None, ten: Any) -> Item:
    q = event.get("queryStringParameters") or {}
    size = int(E("PAGE_SIZE", "50"))
    raw = q.get("limit", str(min(20, size)))
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= size):
        return err(422, f"limit must be an integer from 1 to {size}", "VALIDATION_ERROR")
    start = None
    if q.get("cursor"):
        try:
            start = base64.urlsafe_b64decode(q["cursor"].encode()).decode()
        except (binascii.Error, ValueError):
            start = ""
        if not start:
            return err(422, "Invalid cursor: pass meta.nextCursor unchanged", "VALIDATION_ERROR")
    items, last = STORES[E("STORE", "dynamodb")].page(int(raw), start, tf, ten)
    nxt = base64.urlsafe_b64encode(last.encode()).decode() if last else None
    return r(200, {"data": [unseal(i) for i in items], "meta": {"nextCursor": nxt}})


class Dynamo:
    """The DynamoDB store: one table per entity, partition key ``id``."""

    @staticmethod
    def get(item_id: str) -> Item | None:
        found: Item | None = table(E("TABLE_NAME")).get_item(Key={"id": item_id}).get("Item")
        return found

    @staticmethod
    def find(entity: str, item_id: str) -> Item | None:
        name = dict(pairs("REF_TABLES", "=")).get(entity)
        found = table(name).get_item(Key={"id": item_id}).get("Item") if name else None
        return found

    @staticmethod
    def _any(name: str, where: Any) -> bool:
        """Whether any item of table ``name`` matches (a paged scan)."""
        args: Item = {"FilterExpression": where, "ProjectionExpression": "id"}
        while True:
            found = table(name).scan(**args)
            if found.get("Items"):
                return True
            if "LastEvaluatedKey" not in found:
                return False
            args["ExclusiveStartKey"] = found["LastEvaluatedKey"]

    def taken(self, field: str, value: Any, item_id: str) -> bool:
        return self._any(E("TABLE_NAME"), Attr(field).eq(value) & Attr("id").ne(item_id))

    def referenced(self, item_id: str) -> bool:
        return any(self._any(t, Attr(f).eq(item_id)) for t, f in pairs("REFERENCED_BY", ":"))

    @staticmethod
    def page(limit: int, start: str | None, tf: str | None, ten: Any) -> tuple[list[Item], Any]:
        shown = Attr("deleted_at").not_exists()
        args: Item = {"Limit": limit, "FilterExpression": shown & Attr(tf).eq(ten) if tf else shown}
        if start:
            args["ExclusiveStartKey"] = {"id": start}
        found = table(E("TABLE_NAME")).scan(**args)
        return found.get("Items", []), (found.get("LastEvaluatedKey") or {}).get("id")

    @staticmethod
    def write(event: Item, action: str, before: Item | None, after: Item | None) -> Item:
        """Store ``after`` (or delete ``before``) and, for audited entities, the audit row in the
        same DynamoDB transaction: no change without its audit row."""
        key = {"id": (after or before or {})["id"]}
        audit = E("AUDIT_TABLE")
        if not audit:
            if after is not None:
                table(E("TABLE_NAME")).put_item(Item=seal(after))
            else:
                table(E("TABLE_NAME")).delete_item(Key=key)
            return after or {}
        ser = TypeSerializer().serialize

        def row(item: Item) -> Item:
            return {k: ser(v) for k, v in item.items()}

        name = E("TABLE_NAME")
        change = (
            {"Put": {"TableName": name, "Item": row(seal(after))}}
            if after is not None
            else {"Delete": {"TableName": name, "Key": row(key)}}
        )
        record = {"Put": {"TableName": audit, "Item": row(audit_row(event, action, before, after))}}
        client("dynamodb").transact_write_items(TransactItems=[change, record])
        return after or {}


STORES["dynamodb"] = Dynamo()
