"""Messages are read lowercased; what the user wrote in capitals comes back as written: text
defaults ("EUR by default") and new entity names ("a ReadingList entity")."""

from __future__ import annotations

import re
from typing import Any

from slipway.assistant.operations import (
    AddEntity,
    AddField,
    FieldSpec,
    Op,
    RenameEntity,
    SetDefault,
    parse_operations,
)
from slipway.ir import Blueprint

_NAME_KEYS = ("name", "entity", "target", "new_name")


def keep_case(ops: list[Op], message: str, bp: Blueprint | None) -> list[Op]:
    """Text defaults as the user wrote them ("EUR by default"): messages are read lowercased."""

    def cased(value: object) -> object:
        if not isinstance(value, str):
            return value
        found = re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", message, re.IGNORECASE)
        return found.group(0) if found else value

    def spec(f: FieldSpec) -> FieldSpec:
        return f.model_copy(update={"default": cased(f.default)}) if f.type == "string" else f

    out: list[Op] = []
    for op in entity_names(ops, message):
        if isinstance(op, AddField):
            op = op.model_copy(update={"field": spec(op.field)})
        elif isinstance(op, AddEntity):
            op = op.model_copy(update={"fields": [spec(f) for f in op.fields]})
        elif isinstance(op, SetDefault) and _field_type(bp, op.entity, op.field) == "string":
            op = op.model_copy(update={"default": cased(op.default)})
        out.append(op)
    return out


def _field_type(bp: Blueprint | None, entity: str, name: str) -> str | None:
    found = bp.entity(entity) if bp else None
    f = found.field(name) if found else None
    return f.type if f else None


def entity_names(ops: list[Op], message: str) -> list[Op]:
    """New entities named in CamelCase in the message keep that case everywhere they appear."""
    written = {w.lower(): w for w in re.findall(r"\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b", message)}
    named = [op.name for op in ops if isinstance(op, AddEntity)]
    named += [op.new_name for op in ops if isinstance(op, RenameEntity)]
    new = {name.lower(): name for name in named}
    rename = {new[k]: v for k, v in written.items() if k in new and new[k] != v}
    if not rename:
        return ops

    def swap(data: Any, key: str = "") -> Any:
        if isinstance(data, dict):
            return {k: swap(v, k) for k, v in data.items()}
        if isinstance(data, list):
            return [swap(v, key) for v in data]
        return rename.get(data, data) if key in _NAME_KEYS else data

    return parse_operations([swap(op.model_dump(mode="json")) for op in ops])
