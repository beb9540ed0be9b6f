"""CRUD handler of one entity: the routing piece of the inline code of Slipway's compute stack
(``index.py``, assembled with its sibling pieces by ``slipway.synth.handlers``).

Behind an HTTP API (payload format 2.0) or, for the ``api_key`` strategy, a REST API (1.0).
The environment, set by the compute stack:

``ENTITY``, ``PAGE_SIZE``; ``FIELDS``: the writable fields' rules (see ``validation.py``):
bodies are validated against them (422), unique values are unique (409) and references name a
visible row (422); ``REF_TABLES``: ``Entity=table`` pairs of the referenced entities;
``ROLES``: the Cognito groups of which the caller needs one; ``TENANT_FIELD``: stamped from the
``custom:tenant`` claim, other tenants' items are invisible, and a caller without the claim is
refused (API keys carry none: under ``api_key`` a tenant-scoped entity is never served, as in
the CDK project); ``SOFT_DELETE=1``: DELETE stamps ``deleted_at`` and such items are hidden
(404, not listed).

The store is DynamoDB (``dynamo.py``), or PostgreSQL through the RDS Data API with
``STORE=postgres`` (``postgres.py``, appended by the compute stack). DynamoDB only:
``ENCRYPTED`` fields (``protect.py``); both: ``AUDIT_TABLE`` (``audit.py``).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any

from slipway.synth.lambdas.common import (
    MANAGED,
    STORES,
    E,
    Item,
    Refused,
    claims,
    csv,
    err,
    now,
    num,
    r,
    rules,
)
from slipway.synth.lambdas.dynamo import Dynamo
from slipway.synth.lambdas.protect import TooLong, Undecryptable, unseal
from slipway.synth.lambdas.validation import UUID, body_of, validated

ITEM_MAX = 350_000  # bytes of JSON an item may take (a DynamoDB item holds at most 400 KB)


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


STORES["dynamodb"] = Dynamo()
