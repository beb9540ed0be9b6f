"""Messages are read lowercased; what the user wrote in capitals comes back as written: text
defaults ("EUR by default"), enum values ("EUR, USD or GBP") and new entity names ("a
ReadingList entity")."""

from __future__ import annotations

from typing import Any

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddEntity,
    AddField,
    ChangeType,
    FieldSpec,
    Op,
    RenameEntity,
    SetDefault,
    SetEnumValues,
    parse_operations,
)
from slipway.ir import Blueprint

_NAME_KEYS = ("name", "entity", "target", "new_name")


def keep_case(ops: list[Op], message: str, bp: Blueprint | None) -> list[Op]:
    """Text defaults and enum values as the user wrote them ("EUR, USD or GBP (EUR by default)"):
    messages are read lowercased, the spec language keeps a value's case."""

    def spec(f: FieldSpec) -> FieldSpec:
        if f.type == "enum":
            values = typed_values(f.enum_values, message)
            return f.model_copy(update={"enum_values": values, "default": among(f.default, values)})
        return (
            f.model_copy(update={"default": cased(f.default, message)}) if f.type == "string" else f
        )

    out: list[Op] = []
    for op in entity_names(ops, message):
        if isinstance(op, AddField):
            op = op.model_copy(update={"field": spec(op.field)})
        elif isinstance(op, AddEntity):
            op = op.model_copy(update={"fields": [spec(f) for f in op.fields]})
        elif isinstance(op, ChangeType) and op.enum_values:
            op = op.model_copy(update={"enum_values": typed_values(op.enum_values, message)})
        elif isinstance(op, SetEnumValues) and op.mode != "remove":
            op = op.model_copy(update={"values": typed_values(op.values, message)})
        elif isinstance(op, SetDefault):
            op = _default(op, out, message, bp)
        out.append(op)
    return out


def cased(value: object, message: str) -> object:
    """A lowercased word back as the message wrote it ("eur" → "EUR"); a value made of words
    ("pro_plan") matches them however they were joined ("Pro Plan")."""
    if not isinstance(value, str) or not value:
        return value
    found = _occurrences(value, message)
    inside = [written for at, written in found if not _starts_sentence(message, at)]
    return (inside or [written for _, written in found] or [value])[0]


_WORD = rx.compile(r"[\w.\-]+")


def _occurrences(value: str, message: str) -> list[tuple[int, str]]:
    """``(offset, as written)`` of each place the message says the value, whatever its case."""
    words = [(m.start(), m.group(0).strip(".")) for m in _WORD.finditer(message)]
    parts = value.lower().split("_")
    out = []
    for i, (at, word) in enumerate(words):
        if word.lower() == value.lower():
            out.append((at, word))
        elif len(parts) > 1 and [w.lower() for _, w in words[i : i + len(parts)]] == parts:
            out.append((at, "_".join(w for _, w in words[i : i + len(parts)])))
    return out


def _starts_sentence(message: str, at: int) -> bool:
    """Only punctuation and spaces before it, back to the start or to a sentence's end."""
    before = message[:at]
    rest = before.rstrip("".join(c for c in set(before) if not (c.isalnum() or c == "_")))
    return not rest or any(c in ".!?;" for c in before[len(rest) :])


def typed_values(values: list[str], message: str) -> list[str]:
    """Enum values as typed. A capital that only starts the sentence ("Bronze, silver or gold")
    is not the value's own when every other value is written in lower case."""
    out = [str(cased(v, message)) for v in values]
    for i, value in enumerate(out):
        others = [v for j, v in enumerate(out) if j != i]
        if value[:1].isupper() and value[1:].islower() and all(v.islower() for v in others):
            places = [at for at, said in _occurrences(value, message) if said == value]
            if places and all(_starts_sentence(message, at) for at in places):
                out[i] = value.lower()
    return out


def among(default: object, values: list[str]) -> object:
    """An enum default spelled as its value is ("eur" when the value is EUR)."""
    if not isinstance(default, str):
        return default
    return next((v for v in values if v.lower() == default.lower()), default)


def _default(op: SetDefault, earlier: list[Op], message: str, bp: Blueprint | None) -> Op:
    kind = _field_type(bp, op.entity, op.field)
    values = _values(bp, op.entity, op.field)
    for before in earlier:  # values set by the same message
        if isinstance(before, ChangeType) and (before.entity, before.field) == (
            op.entity,
            op.field,
        ):
            kind, values = before.type, list(before.enum_values)
        elif isinstance(before, SetEnumValues) and (before.entity, before.field) == (
            op.entity,
            op.field,
        ):
            values = [*values, *before.values] if before.mode == "add" else list(before.values)
    if kind == "enum":
        return op.model_copy(update={"default": among(op.default, values)})
    if kind == "string":
        return op.model_copy(update={"default": cased(op.default, message)})
    return op


def _values(bp: Blueprint | None, entity: str, name: str) -> list[str]:
    found = bp.entity(entity) if bp else None
    f = found.field(name) if found else None
    return list(f.enum_values) if f else []


def _field_type(bp: Blueprint | None, entity: str, name: str) -> str | None:
    found = bp.entity(entity) if bp else None
    f = found.field(name) if found else None
    return f.type if f else None


def entity_names(ops: list[Op], message: str) -> list[Op]:
    """New entities named in CamelCase in the message keep that case everywhere they appear."""
    written = {w.lower(): w for w in rx.findall(r"\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b", message)}
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
