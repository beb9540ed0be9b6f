"""What every piece of the CRUD function shares: its environment, the AWS clients, the field
rules, the answers (``r``, ``err``, ``Refused``) and who is calling.

``ENV`` is the environment the handler reads: Lambda's ``os.environ``; the sandbox, which runs
the same code in process, gives each loaded function its own (it sets ``ENV`` in the one
namespace the pieces share once assembled: see ``slipway.synth.handlers``).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import boto3

Item = dict[str, Any]
ENV: Mapping[str, str] = os.environ
SCHEMA: list[str] = []
"""PostgreSQL: the schema's DDL statements (the compute stack appends them to the code)."""
STORES: dict[str, Any] = {}
"""The stores by ``STORE`` name (``dynamodb``, ``postgres``), each registered by its piece."""
MANAGED = ("id", "created_at", "updated_at", "deleted_at")


class Refused(Exception):
    """A request answered with an error body: its status, message and code."""

    def __init__(self, status: int, message: str, code: str = "VALIDATION_ERROR") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


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
    found: Item = (a.get("jwt") or {}).get("claims") or {}
    return found


def actor(event: Item) -> str:
    """Who called: the token's subject, else the API key's ID (never the key itself)."""
    key_id = (event["requestContext"].get("identity") or {}).get("apiKeyId")
    return str(claims(event).get("sub") or (f"apikey:{key_id}" if key_id else "anonymous"))
