"""Source of the Lambda handlers shipped in the CDK project (as text: they run in Lambda, not here).

Kept as real Python in string constants so the generator stays pure; the tests write them to disk,
compile them and run them against DynamoDB on a moto server.
"""

from __future__ import annotations

CRUD_HANDLER = r'''"""CRUD handler for one entity, behind API Gateway (HTTP API, payload format 2.0).

Configuration comes from the environment (set by the CDK stack):
  TABLE_NAME     DynamoDB table of the entity (partition key ``id``)
  ENTITY         entity name, for messages
  SCHEMA         JSON: {"fields": {name: {"type", "required", "managed", "enum", "maxLength",
                 "default", "unique"}}, "pageSize": n, "softDelete": bool}
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import boto3

_TABLE = None


def table() -> Any:
    global _TABLE
    if _TABLE is None:
        kwargs = {}
        if os.environ.get("AWS_ENDPOINT_URL"):
            kwargs["endpoint_url"] = os.environ["AWS_ENDPOINT_URL"]
        _TABLE = boto3.resource("dynamodb", **kwargs).Table(os.environ["TABLE_NAME"])
    return _TABLE


def schema() -> dict[str, Any]:
    return json.loads(os.environ.get("SCHEMA", '{"fields": {}}'))


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


def _to_dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_dynamo(v) for v in value]
    return value


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


def _unique_conflict(item: dict[str, Any], exclude_id: str | None) -> str | None:
    fields = schema()["fields"]
    for name, spec in fields.items():
        if not spec.get("unique") or spec.get("managed") or item.get(name) is None:
            continue
        scan = table().scan(
            FilterExpression="#f = :v", ExpressionAttributeNames={"#f": name},
            ExpressionAttributeValues={":v": _to_dynamo(item[name])},
        )
        if any(other.get("id") != exclude_id for other in scan.get("Items", [])):
            return name
    return None


def _visible(item: dict[str, Any] | None) -> bool:
    return item is not None and not item.get("deleted_at")


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    method = (event.get("requestContext", {}).get("http", {}).get("method") or "GET").upper()
    item_id = (event.get("pathParameters") or {}).get("id")
    entity = os.environ.get("ENTITY", "Item")
    if item_id is None and method == "GET":
        return list_items(event)
    if item_id is None and method == "POST":
        body = _body(event)
        if body is None:
            return error(400, "BAD_REQUEST", "Body must be a JSON object")
        clean, problems = validate(body, partial=False)
        if problems:
            return error(422, "VALIDATION_ERROR", "; ".join(problems))
        conflict = _unique_conflict(clean, None)
        if conflict:
            return error(409, "CONFLICT", f"A {entity} with this {conflict} already exists")
        now = _now()
        item = {**clean, "id": str(uuid.uuid4()), "created_at": now, "updated_at": now}
        table().put_item(Item=_to_dynamo(item), ConditionExpression="attribute_not_exists(id)")
        return respond(201, item)
    if item_id is None:
        return error(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed here")
    current = table().get_item(Key={"id": item_id}).get("Item")
    if not _visible(current):
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
        merged = {**current, **clean, "updated_at": _now()}
        conflict = _unique_conflict(merged, item_id)
        if conflict:
            return error(409, "CONFLICT", f"A {entity} with this {conflict} already exists")
        table().put_item(Item=_to_dynamo(merged))
        return respond(200, merged)
    if method == "DELETE":
        if schema().get("softDelete"):
            table().put_item(Item=_to_dynamo({**current, "deleted_at": _now()}))
        else:
            table().delete_item(Key={"id": item_id})
        return respond(204)
    return error(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed here")


def list_items(event: dict[str, Any]) -> dict[str, Any]:
    params = event.get("queryStringParameters") or {}
    page_size = int(schema().get("pageSize") or 50)
    try:
        limit = int(params.get("limit", min(20, page_size)))
    except ValueError:
        return error(422, "VALIDATION_ERROR", "limit must be an integer")
    if not 1 <= limit <= page_size:
        return error(422, "VALIDATION_ERROR", f"limit must be between 1 and {page_size}")
    kwargs: dict[str, Any] = {"Limit": limit}
    if params.get("cursor"):
        try:
            kwargs["ExclusiveStartKey"] = {"id": base64.urlsafe_b64decode(params["cursor"].encode()).decode()}
        except ValueError:
            return error(422, "VALIDATION_ERROR", "invalid cursor")
    page = table().scan(**kwargs)
    items = [i for i in page.get("Items", []) if _visible(i)]
    last = page.get("LastEvaluatedKey")
    cursor = base64.urlsafe_b64encode(last["id"].encode()).decode() if last else None
    return respond(200, {"data": items, "meta": {"nextCursor": cursor}})
'''

HEALTH_HANDLER = r'''"""Liveness endpoint."""


def handler(event, context=None):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": '{"status": "ok"}'}
'''

AUTHORIZER_HANDLER = r'''"""JWT authorizer (HTTP API, simple responses): HS256 tokens signed with JWT_SECRET.

Checks the signature, ``exp``/``iat``/``sub``, and, when the route needs roles, the ``roles``
claim. Uses only the standard library so the function needs no packaging.
"""

from __future__ import annotations

import base64
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


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    header = (event.get("headers") or {}).get("authorization", "")
    scheme, _, token = header.partition(" ")
    claims = verify(token.strip(), os.environ["JWT_SECRET"]) if scheme.lower() == "bearer" else None
    if claims is None:
        return {"isAuthorized": False}
    required = [r for r in os.environ.get("REQUIRED_ROLES", "").split(",") if r]
    roles = claims.get("roles") or []
    if required and not set(required) & set(roles):
        return {"isAuthorized": False}
    return {"isAuthorized": True, "context": {"sub": str(claims["sub"]), "roles": ",".join(roles)}}
'''
