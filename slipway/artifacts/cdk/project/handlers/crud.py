"""CRUD handler for one entity behind API Gateway: HTTP API events (payload 2.0, JWT strategies)
or REST API proxy events (payload 1.0, API-key strategy).

The function's ``RESOURCE`` names its rules in ``resources.json`` (see common.py); the store is
DynamoDB (``TABLE_NAME``) or, with ``STORE=postgres``, Aurora PostgreSQL through the RDS Data
API (see postgres_store.py).

- Roles: behind the JWT authorizer, a resource restricted to roles checks them here too
  (defence in depth). API keys carry no roles: resources.json then lists none.
- Tenancy: with a ``tenantField``, the tenant comes from the authorizer's ``tenant`` context:
  creates are stamped with it, rows of other tenants are invisible (404, never listed); a
  caller without a tenant (an API key) is refused.
- Soft delete: DELETE stamps ``deleted_at``; the row then answers 404 and is never listed.
- Audit log: every create, update and delete of an audited entity writes an audit record (who,
  what, when, which fields) in the same transaction as the change.
- Encryption: ``encrypted`` fields are encrypted with the entity's KMS key (see protect.py).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import audit
from common import Conflict, Invalid, Misconfigured, Undecryptable, json_default, now, resource
from dynamo_store import DynamoStore
from postgres_store import PostgresStore
from protect import Protector
from validation import validate


@dataclass
class Request:
    method: str
    item_id: str | None
    event: dict[str, Any]
    actor: str = "anonymous"
    roles: set[str] = field(default_factory=set)
    tenant: str | None = None

    @classmethod
    def of(cls, event: dict[str, Any]) -> Request:
        context = event.get("requestContext") or {}
        method = (context.get("http") or {}).get("method") or event.get("httpMethod") or "GET"
        item_id = (event.get("pathParameters") or {}).get("id")
        request = cls(method=str(method).upper(), item_id=item_id, event=event)
        claims = (context.get("authorizer") or {}).get("lambda") or {}
        api_key = (context.get("identity") or {}).get("apiKeyId")
        if claims.get("sub"):
            request.actor = f"user:{claims['sub']}"
        elif api_key:
            request.actor = f"api-key:{api_key}"
        request.roles = {r for r in str(claims.get("roles") or "").split(",") if r}
        request.tenant = str(claims["tenant"]) if claims.get("tenant") else None
        return request

    def body(self) -> dict[str, Any] | None:
        raw = self.event.get("body") or ""
        try:
            if self.event.get("isBase64Encoded"):
                raw = base64.b64decode(raw).decode()
            data = json.loads(raw) if raw else {}
        except (ValueError, binascii.Error):
            return None
        return data if isinstance(data, dict) else None


_STORES: dict[str, Any] = {}


def store(res: dict[str, Any]) -> Any:
    """One store per resource and Lambda container (its clients are reused)."""
    key = os.environ.get("RESOURCE", "")
    current = _STORES.get(key)
    if current is None:
        postgres = os.environ.get("STORE") == "postgres"
        current = PostgresStore(res) if postgres else DynamoStore(res)
        _STORES[key] = current
    return current


def respond(status: int, body: Any = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
    }
    if body is not None:
        response["body"] = json.dumps(body, default=json_default)
    return response


def error(status: int, code: str, message: str) -> dict[str, Any]:
    return respond(status, {"error": message, "code": code})


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    try:
        res = resource()
    except Misconfigured:
        return error(500, "MISCONFIGURED", "The function is not configured for a resource")
    entity = str(res.get("entity") or "Item")
    try:
        return Crud(res, Request.of(event)).route()
    except Conflict as exc:
        if str(exc) == "reference":
            return error(409, "CONFLICT", f"This {entity} is still referenced by other records")
        return error(409, "CONFLICT", f"A {entity} with this {exc} already exists")
    except Invalid as exc:
        return error(422, "VALIDATION_ERROR", str(exc))
    except Misconfigured as exc:
        print(json.dumps({"error": "misconfigured", "detail": str(exc)}))
        return error(500, "MISCONFIGURED", "The function is missing a key or table it needs")
    except Undecryptable as exc:
        print(json.dumps({"error": "undecryptable", "detail": str(exc)}))
        return error(500, "INTEGRITY_ERROR", "A stored value failed its integrity check")


class Crud:
    def __init__(self, res: dict[str, Any], request: Request) -> None:
        self.res = res
        self.request = request
        self.entity = str(res.get("entity") or "Item")
        self.fields: dict[str, Any] = res.get("fields") or {}
        self.tenant_field: str | None = res.get("tenantField")
        self.protector = Protector(self.entity, self.fields)

    def _audit(self, action: str, item_id: str, fields: list[str]) -> dict[str, Any] | None:
        if not self.res.get("auditLog"):
            return None
        request = self.request
        entry = audit.record(action, self.entity, item_id, request.actor, request.tenant, fields)
        request_id = (request.event.get("requestContext") or {}).get("requestId")
        if request_id:
            entry["request_id"] = str(request_id)
        return entry

    def _visible(self, item: dict[str, Any] | None) -> bool:
        if item is None or item.get("deleted_at"):
            return False
        return not self.tenant_field or str(item.get(self.tenant_field)) == str(self.request.tenant)

    def route(self) -> dict[str, Any]:
        request = self.request
        roles = set(self.res.get("roles") or [])
        if roles and not roles & request.roles:
            return error(403, "FORBIDDEN", "Requires one of the roles: " + ", ".join(sorted(roles)))
        if self.tenant_field and request.tenant is None:
            msg = f"{self.entity} is tenant-scoped: the caller carries no tenant"
            return error(403, "FORBIDDEN", msg)
        if request.item_id is None:
            if request.method == "GET":
                return self.list_items()
            if request.method == "POST":
                return self.create()
            return error(405, "METHOD_NOT_ALLOWED", f"{request.method} is not allowed here")
        stored = store(self.res).get(request.item_id)
        if not self._visible(stored):
            return error(404, "NOT_FOUND", f"{self.entity} {request.item_id} not found")
        assert stored is not None
        if request.method == "GET":
            return respond(200, self.protector.unseal(stored))
        if request.method == "PATCH":
            return self.update(stored)
        if request.method == "DELETE":
            return self.delete(stored)
        return error(405, "METHOD_NOT_ALLOWED", f"{request.method} is not allowed here")

    def create(self) -> dict[str, Any]:
        body = self.request.body()
        if body is None:
            return error(400, "BAD_REQUEST", "Body must be a JSON object")
        clean, problems = validate(self.fields, body, partial=False)
        if problems:
            return error(422, "VALIDATION_ERROR", "; ".join(problems))
        stamp = now()
        item = {**clean, "id": str(uuid.uuid4()), "created_at": stamp, "updated_at": stamp}
        if self.tenant_field:
            item[self.tenant_field] = self.request.tenant
        record = self._audit("create", item["id"], audit.changed_fields(None, item))
        stored = store(self.res).insert(self.protector.seal(item), record)
        return respond(201, self.protector.unseal(stored))

    def update(self, stored: dict[str, Any]) -> dict[str, Any]:
        body = self.request.body()
        if not body:
            return error(400, "BAD_REQUEST", "Body must be a non-empty JSON object")
        clean, problems = validate(self.fields, body, partial=True)
        if problems:
            return error(422, "VALIDATION_ERROR", "; ".join(problems))
        current = self.protector.unseal(stored)
        item = {**current, **clean, "updated_at": now()}
        record = self._audit("update", item["id"], audit.changed_fields(current, item))
        saved = store(self.res).replace(self.protector.seal(item), record)
        return respond(200, self.protector.unseal(saved))

    def delete(self, stored: dict[str, Any]) -> dict[str, Any]:
        item_id = str(stored["id"])
        record = self._audit("delete", item_id, [])
        if self.res.get("softDelete"):  # ciphertexts stay as they are: same record, same key
            store(self.res).replace({**stored, "deleted_at": now()}, record)
        else:
            store(self.res).delete(item_id, record)
        return respond(204)

    def list_items(self) -> dict[str, Any]:
        params = self.request.event.get("queryStringParameters") or {}
        page_size = int(self.res.get("pageSize") or 50)
        raw = str(params.get("limit", min(20, page_size)))
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= page_size):
            return error(422, "VALIDATION_ERROR", f"limit must be between 1 and {page_size}")
        after = None
        if params.get("cursor"):
            try:
                after = base64.urlsafe_b64decode(params["cursor"].encode()).decode()
            except (ValueError, binascii.Error):
                return error(422, "VALIDATION_ERROR", "invalid cursor")
        match = {self.tenant_field: str(self.request.tenant)} if self.tenant_field else {}
        items, last = store(self.res).page(int(raw), after, match)
        cursor = base64.urlsafe_b64encode(str(last).encode()).decode() if last else None
        visible = [self.protector.unseal(i) for i in items if self._visible(i)]
        return respond(200, {"data": visible, "meta": {"nextCursor": cursor}})
