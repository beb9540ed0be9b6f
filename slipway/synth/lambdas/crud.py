"""CRUD handler of one entity: the inline code of Slipway's compute stack (``index.py``).

Behind an HTTP API (payload format 2.0) or, for the ``api_key`` strategy, a REST API (1.0).
The environment, set by the compute stack:

``TABLE_NAME`` (DynamoDB, key ``id``), ``ENTITY``, ``PAGE_SIZE``; ``ROLES``: the Cognito groups
of which the caller needs one; ``TENANT_FIELD``: stamped from the ``custom:tenant`` claim, other
tenants' items are invisible; ``SOFT_DELETE=1``: DELETE stamps ``deleted_at`` and such items
are hidden (404, not listed), as in the CDK project's handler; ``ENCRYPTED``: fields stored as
KMS ciphertext under ``KMS_KEY_ID`` (encryption context: table, field and item id);
``AUDIT_TABLE``: one row per change, written in the same transaction (who, what, when, the
item's id and the ``AUDIT_IDS`` reference ids before and after; never a field's value).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import os
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr
from boto3.dynamodb.types import Binary, TypeSerializer
from botocore.exceptions import ClientError

Item = dict[str, Any]
E = os.environ.get
MANAGED = ("id", "created_at", "updated_at", "deleted_at")
KMS_MAX = 4096  # bytes of plaintext KMS Encrypt accepts


class TooLong(ValueError):
    """A value too large to encrypt with KMS directly."""


class Undecryptable(Exception):
    """A stored ciphertext that does not open for its own table, field and item."""


@functools.cache
def client(service: str) -> Any:
    return boto3.client(service)


@functools.cache
def table() -> Any:
    return boto3.resource("dynamodb").Table(E("TABLE_NAME"))


def csv(name: str) -> list[str]:
    return [v for v in E(name, "").split(",") if v]


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
    return {"table": E("TABLE_NAME", ""), "field": field, "id": item_id}


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
                opened = client("kms").decrypt(
                    KeyId=E("KMS_KEY_ID"),
                    CiphertextBlob=blob,
                    EncryptionContext=bound(f, out["id"]),
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


def commit(event: Item, action: str, before: Item | None, after: Item | None) -> None:
    """Store ``after`` (or delete ``before``) and, for audited entities, the audit row in the
    same DynamoDB transaction: no change without its audit row."""
    key = {"id": (after or before or {})["id"]}
    audit = E("AUDIT_TABLE")
    if not audit:
        if after is not None:
            table().put_item(Item=seal(after))
        else:
            table().delete_item(Key=key)
        return
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


def denied(event: Item) -> Item | None:
    need = set(csv("ROLES"))
    g = claims(event).get("cognito:groups") or ""
    g = g if isinstance(g, list) else g.strip("[]").replace(",", " ").split()
    if need and not need & set(g):
        return err(403, "Requires one of the roles: " + ", ".join(sorted(need)), "FORBIDDEN")
    return None


def visible(item: Item, tf: str | None, ten: Any) -> bool:
    return not item.get("deleted_at") and (not tf or item.get(tf) == ten)


def handler(event: Item, context: Any) -> Item:
    refusal = denied(event)
    if refusal:
        return refusal
    tf = E("TENANT_FIELD")
    ten = claims(event).get("custom:tenant") if tf else None
    if tf and not ten:
        return err(403, "Tenant-scoped: the token carries no custom:tenant", "FORBIDDEN")
    try:
        body = json.loads(event.get("body") or "{}", parse_float=Decimal)
    except ValueError:
        return err(400, "Body must be JSON", "BAD_REQUEST")
    if not isinstance(body, dict):
        return err(400, "Body must be a JSON object", "BAD_REQUEST")
    body = {k: v for k, v in body.items() if k not in (*MANAGED, tf)}
    try:
        return route(event, body, tf, ten)
    except TooLong as exc:
        return err(422, f"{exc} is too long to encrypt", "VALIDATION_ERROR")
    except Undecryptable as exc:  # e.g. a ciphertext copied from another item: never served
        return err(500, f"A stored {exc} value cannot be decrypted", "INTERNAL_ERROR")


def route(event: Item, body: Item, tf: str | None, ten: Any) -> Item:
    method = event.get("httpMethod") or event["requestContext"]["http"]["method"]
    item_id = (event.get("pathParameters") or {}).get("id")
    if item_id is None and method == "GET":
        return page(event, tf, ten)
    if item_id is None and method == "POST":
        stamp = now()
        item = dict(body, id=str(uuid.uuid4()), created_at=stamp, updated_at=stamp)
        if tf:
            item[tf] = ten
        commit(event, "create", None, item)
        return r(201, item)
    current = table().get_item(Key={"id": item_id}).get("Item") if item_id else None
    if current is None or not visible(current, tf, ten):
        return err(404, "Not found", "NOT_FOUND")
    current = unseal(current)
    if method == "GET":
        return r(200, current)
    if method == "PATCH":
        changed = dict(current, **body, updated_at=now())
        commit(event, "update", current, changed)
        return r(200, changed)
    if method == "DELETE":
        gone = dict(current, deleted_at=now()) if E("SOFT_DELETE") == "1" else None
        commit(event, "delete", current, gone)
        return r(204)
    return err(405, "Method not allowed", "METHOD_NOT_ALLOWED")


def page(event: Item, tf: str | None, ten: Any) -> Item:
    q = event.get("queryStringParameters") or {}
    size = int(E("PAGE_SIZE", "50"))
    raw = q.get("limit", str(min(20, size)))
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= size):
        return err(422, f"limit must be an integer from 1 to {size}", "VALIDATION_ERROR")
    args: Item = {"Limit": int(raw)}
    shown = Attr("deleted_at").not_exists()
    args["FilterExpression"] = shown & Attr(tf).eq(ten) if tf else shown
    if q.get("cursor"):
        try:
            start = base64.urlsafe_b64decode(q["cursor"].encode()).decode()
        except (binascii.Error, ValueError):
            start = ""
        if not start:
            return err(422, "Invalid cursor: pass meta.nextCursor unchanged", "VALIDATION_ERROR")
        args["ExclusiveStartKey"] = {"id": start}
    found = table().scan(**args)
    last = found.get("LastEvaluatedKey")
    nxt = base64.urlsafe_b64encode(last["id"].encode()).decode() if last else None
    items = [unseal(i) for i in found.get("Items", [])]
    return r(200, {"data": items, "meta": {"nextCursor": nxt}})
