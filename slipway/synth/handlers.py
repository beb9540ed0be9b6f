"""Inline Lambda sources for Slipway's own templates (CloudFormation ``ZipFile`` caps code at
4 KB; the CDK artifact ships the full handlers with request validation)."""

from __future__ import annotations

CRUD = """import base64, binascii, json, os, uuid
from datetime import datetime, timezone
from decimal import Decimal
import boto3
from boto3.dynamodb.conditions import Attr
T = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
E = os.environ.get
def num(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    raise TypeError(type(v).__name__)
def r(code, body=None):
    out = {"statusCode": code, "headers": {"content-type": "application/json"}}
    if body is not None:
        out["body"] = json.dumps(body, default=num)
    return out
def err(code, msg, kind):
    return r(code, {"error": msg, "code": kind})
def claims(event):
    a = event["requestContext"].get("authorizer") or {}
    return (a.get("jwt") or {}).get("claims") or {}
def handler(event, context):
    c = claims(event)
    need = set(filter(None, E("ROLES", "").split(",")))
    g = c.get("cognito:groups") or ""
    g = g if isinstance(g, list) else g.strip("[]").replace(",", " ").split()
    if need and not need & set(g):
        msg = "Requires one of the roles: " + ", ".join(sorted(need))
        return err(403, msg, "FORBIDDEN")
    tf = E("TENANT_FIELD")
    ten = c.get("custom:tenant") if tf else None
    if tf and not ten:
        return err(403, "Tenant-scoped: the token carries no custom:tenant", "FORBIDDEN")
    method = event["requestContext"]["http"]["method"]
    item_id = (event.get("pathParameters") or {}).get("id")
    now = datetime.now(timezone.utc).isoformat()
    try:
        body = json.loads(event.get("body") or "{}", parse_float=Decimal)
    except ValueError:
        return err(400, "Body must be JSON", "BAD_REQUEST")
    if not isinstance(body, dict):
        return err(400, "Body must be a JSON object", "BAD_REQUEST")
    body = {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at", tf)}
    if item_id is None and method == "GET":
        q = event.get("queryStringParameters") or {}
        size = int(E("PAGE_SIZE", "50"))
        raw = q.get("limit", str(min(20, size)))
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= size):
            return err(422, f"limit must be an integer from 1 to {size}", "VALIDATION_ERROR")
        args = {"Limit": int(raw)}
        if tf:
            args["FilterExpression"] = Attr(tf).eq(ten)
        if q.get("cursor"):
            try:
                start = base64.urlsafe_b64decode(q["cursor"].encode()).decode()
            except (binascii.Error, ValueError):
                start = ""
            if not start:
                msg = "Invalid cursor: pass meta.nextCursor unchanged"
                return err(422, msg, "VALIDATION_ERROR")
            args["ExclusiveStartKey"] = {"id": start}
        page = T.scan(**args)
        last = page.get("LastEvaluatedKey")
        nxt = base64.urlsafe_b64encode(last["id"].encode()).decode() if last else None
        return r(200, {"data": page.get("Items", []), "meta": {"nextCursor": nxt}})
    if item_id is None and method == "POST":
        item = dict(body, id=str(uuid.uuid4()), created_at=now, updated_at=now)
        if tf:
            item[tf] = ten
        T.put_item(Item=item)
        return r(201, item)
    current = T.get_item(Key={"id": item_id}).get("Item") if item_id else None
    if current is None or (tf and current.get(tf) != ten):
        return err(404, "Not found", "NOT_FOUND")
    if method == "GET":
        return r(200, current)
    if method == "PATCH":
        current.update(body, updated_at=now)
        T.put_item(Item=current)
        return r(200, current)
    if method == "DELETE":
        T.delete_item(Key={"id": item_id})
        return r(204)
    return err(405, "Method not allowed", "METHOD_NOT_ALLOWED")
"""

HEALTH = """import json
def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps({"status": "ok"})}
"""

JOB = """import json, os
def handler(event, context):
    print(json.dumps({"job": os.environ["JOB_NAME"], "event": event}, default=str))
    return {"ok": True}
"""
