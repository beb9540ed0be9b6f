"""The one path by which blueprint values reach the generated CDK project.

The project's Python is static (``project/``, shipped as package data); what varies per
blueprint is data. User values leave here only as:

- JSON documents (``json_document``): every string escaped by the JSON encoder, ASCII only, so
  no line separator or control character survives unescaped;
- SQL identifiers (``sql_identifier``) after a check against ``IDENTIFIER``, then quoted;
  SQL string literals (``sql_literal``) quoted with doubled quotes, NUL refused;
- construct ids and AWS names (``construct_id``, ``checked``) after a check against a strict
  pattern.

Anything that fails a check raises ``UnsafeValue``: it is refused, never emitted.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
"""Entity, role, queue, job and bucket names, slugs, regions and stack prefixes."""
API_PATH = re.compile(r"^/[A-Za-z0-9_\-/.{}]{0,200}$")


class UnsafeValue(ValueError):
    """A value that cannot be emitted safely where it was meant to go."""


def checked(value: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise UnsafeValue(f"{what} {value!r} does not match {pattern.pattern}")
    return value


def identifier(value: str) -> str:
    return checked(value, IDENTIFIER, "identifier")


def construct_id(name: str, taken: set[str]) -> str:
    """A CDK construct id for ``name``: PascalCase letters and digits, unique within ``taken``
    (names that differ only in punctuation get a stable hash suffix)."""
    checked(name, NAME, "name")
    words = re.split(r"[^A-Za-z0-9]+", name)
    base = "".join(w[:1].upper() + w[1:] for w in words if w)
    if not base[:1].isalpha():
        base = "N" + base
    result = base
    if result in taken:
        result = f"{base}{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    taken.add(identifier(result))
    return result


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise UnsafeValue(f"not JSON data: {type(value).__name__}")


def json_document(data: Any) -> str:
    """Deterministic JSON text (sorted keys, ASCII, trailing newline)."""
    return json.dumps(_sorted(data), indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def sql_identifier(name: str) -> str:
    return '"' + identifier(name) + '"'


def sql_literal(value: str) -> str:
    if "\x00" in value:
        raise UnsafeValue("NUL in an SQL literal")
    return "'" + value.replace("'", "''") + "'"
