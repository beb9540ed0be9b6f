"""Request-body validation against a resource's field rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def _check_type(name: str, kind: Any, spec: dict[str, Any], value: Any) -> str | None:
    if kind == "string" and not isinstance(value, str):
        return f"{name} must be a string"
    if kind == "string" and spec.get("maxLength") and len(value) > spec["maxLength"]:
        return f"{name} must be at most {spec['maxLength']} characters"
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"{name} must be an integer"
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return f"{name} must be a number"
    if kind == "boolean" and not isinstance(value, bool):
        return f"{name} must be true or false"
    if kind == "enum" and value not in spec.get("enum", []):
        return f"{name} must be one of {', '.join(spec.get('enum', []))}"
    if kind == "json" and not isinstance(value, dict | list):
        return f"{name} must be a JSON object or array"
    return None


def _check_date(name: str, kind: Any, value: Any) -> str | None:
    try:
        if kind == "datetime":
            datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        elif kind == "date":
            date.fromisoformat(str(value))
    except ValueError:
        return f"{name} must be an ISO-8601 {'date-time' if kind == 'datetime' else 'date'}"
    return None


def check(name: str, spec: dict[str, Any], value: Any) -> str | None:
    """The problem with one value, or None."""
    if value is None:
        return f"{name} is required" if spec.get("required") else None
    kind = spec.get("type")
    return _check_type(name, kind, spec, value) or _check_date(name, kind, value)


def validate(
    fields: dict[str, Any], body: dict[str, Any], *, partial: bool
) -> tuple[dict[str, Any], list[str]]:
    """The accepted values (defaults filled in unless ``partial``) and the problems."""
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
            elif spec.get("required"):
                problems.append(f"{name} is required")
            continue
        problem = check(name, spec, body[name])
        if problem:
            problems.append(problem)
        else:
            clean[name] = body[name]
    return clean, problems
