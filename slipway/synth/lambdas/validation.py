"""Request bodies of the CRUD function: JSON parsing (400) and validation against the entity's
field rules (``FIELDS``: ``type``, ``required``, ``unique``, ``maxLength``, ``enum``,
``default``, ``ref``, ``key``), every problem named in one 422."""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date, datetime
from decimal import Context, Decimal
from typing import Any

from slipway.synth.lambdas.common import Item, Refused, num, rules

INT_MAX = 2**63 - 1  # PostgreSQL bigint
DIGITS = Context(prec=38)  # DynamoDB numbers: 38 significant digits, magnitude 1e-130 to 1e126
UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


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
