"""The operations of one message put in order: new entities first with the fields the message
gives them, many-to-many said from both sides once, and the fields the message was about."""

from __future__ import annotations

from typing import cast

from pydantic import ValidationError

from slipway.assistant.operations import (
    AddEntity,
    AddField,
    AddRelationship,
    ChangeType,
    FieldSpec,
    Op,
    RenameField,
    SetDefault,
    SetEncrypted,
    SetMaxLength,
    SetRequired,
    SetUnique,
)
from slipway.assistant.understand.context import Context, typical_fields
from slipway.assistant.understand.vocab import FieldHit, stems
from slipway.assistant.understand.words import singular, snake


def arrange(ops: list[Op], ctx: Context) -> list[Op]:
    """New entities first, with the fields this message gives them; many-many pairs merged."""
    ops = _once(_fold(_link_new(_merge_many(ops))))
    created = {op.name: op for op in ops if isinstance(op, AddEntity)}
    given: dict[str, list[AddField]] = {}
    for op in ops:
        if isinstance(op, AddField) and op.entity in created:
            given.setdefault(op.entity, []).append(op)
    out: list[Op] = []
    for op in ops:
        if isinstance(op, AddEntity):
            default = [f for f in op.fields if f.name == "name"] if op.fields else []
            fields = [a.field for a in given.get(op.name, [])] or default or typical_fields(op.name)
            op = AddEntity(name=op.name, fields=fields)
        elif isinstance(op, AddField) and op.entity in created:
            continue
        if op not in out:
            out.append(op)
    return sorted(out, key=lambda o: 0 if isinstance(o, AddEntity) else 1)


FOLDED = {
    ChangeType: lambda op: {"type": op.type, "enum_values": op.enum_values},
    SetDefault: lambda op: {"default": op.default},
    SetRequired: lambda op: {"required": op.required},
    SetUnique: lambda op: {"unique": op.unique},
    SetMaxLength: lambda op: {"max_length": op.max_length},
    SetEncrypted: lambda op: {"encrypted": op.encrypted},
}
"""Changes to a field said after adding it ("add hours flown …, it can be fractional"): part of
the new field."""


def _fold(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    added: dict[tuple[str, str], int] = {}
    for op in ops:
        change = FOLDED.get(type(op))
        at = added.get((getattr(op, "entity", ""), getattr(op, "field", ""))) if change else None
        if change is not None and at is not None and not getattr(op, "target", None):
            new = cast(AddField, out[at])
            try:
                spec = FieldSpec(**{**new.field.model_dump(), **change(op)})
            except ValidationError:
                spec = None
            if spec is not None and spec.type != "ref":
                out[at] = AddField(entity=new.entity, field=spec)
                continue
        if isinstance(op, AddField) and op.field.type != "ref":
            added[(op.entity, op.field.name)] = len(out)
        out.append(op)
    return out


UNITS = stems("minutes hours days seconds ms weeks months years kg km cm eur usd pct count")


def _once(ops: list[Op]) -> list[Op]:
    """One field said twice in one message ("lasts a number of minutes, add a duration"): the
    fuller name (``duration_minutes``) is kept."""
    added = [op for op in ops if isinstance(op, AddField) and op.field.type != "ref"]
    said = [
        a
        for a in added
        for b in added
        if a is not b
        and a.entity == b.entity
        and stems(a.field.name) < stems(b.field.name)
        and stems(b.field.name) - stems(a.field.name) <= UNITS
    ]
    return [op for op in ops if not any(op is a for a in said)]


def _link_new(ops: list[Op]) -> list[Op]:
    """A text field named after an entity the same message creates ("crew members have a home
    base airport. Airports: a code …") is a reference to it; a plural one ("hold licences …
    a licence has …") is the other side of a link, said once."""
    created = {snake(op.name): op.name for op in ops if isinstance(op, AddEntity)}
    linked = {
        frozenset((op.entity, op.target)) for op in ops if isinstance(op, AddRelationship)
    } | {
        frozenset((op.name if isinstance(op, AddEntity) else op.entity, f.target))
        for op in ops
        if isinstance(op, AddEntity | AddField)
        for f in (op.fields if isinstance(op, AddEntity) else [op.field])
        if f.target
    }
    out: list[Op] = []
    for op in ops:
        words = op.field.name.split("_") if isinstance(op, AddField) else []
        last = singular(words[-1]) if words else ""
        target = created.get(last) or created.get("_".join([*words[-2:-1], last]))
        if not isinstance(op, AddField) or op.field.type not in ("string", "json") or not target:
            out.append(op)
        elif last != words[-1]:  # plural: the new entity belongs to this one
            if frozenset((op.entity, target)) not in linked:
                out.append(AddRelationship(entity=op.entity, kind="has_many", target=target))
        else:
            ref = FieldSpec(name=op.field.name, type="ref", target=target)
            out.append(AddField(entity=op.entity, field=ref))
    return out


def _merge_many(ops: list[Op]) -> list[Op]:
    """ "A has many B" and "B has many A" in one message: many-to-many, said once."""
    rels = [o for o in ops if isinstance(o, AddRelationship) and o.kind != "belongs_to"]
    many = {(o.entity, o.target) for o in rels if o.kind == "has_many"}
    linked = {frozenset((o.entity, o.target)) for o in rels if o.kind == "many_to_many"}
    out: list[Op] = []
    for op in ops:
        if isinstance(op, AddRelationship) and op.kind == "has_many":
            pair = frozenset((op.entity, op.target))
            if pair in linked:
                continue
            if (op.target, op.entity) in many:
                linked.add(pair)
                op = AddRelationship(entity=op.entity, kind="many_to_many", target=op.target)
        out.append(op)
    return out


def fields_of(ops: list[Op]) -> list[FieldHit]:
    hits = []
    for op in ops:
        if isinstance(op, AddField):
            ref = "_id" if op.field.type == "ref" else ""
            hits.append(FieldHit(op.entity, op.field.name + ref, True))
        elif isinstance(op, RenameField):
            hits.append(FieldHit(op.entity, op.new_name, True))
        elif (name := getattr(op, "field", None)) and isinstance(name, str):
            hits.append(FieldHit(getattr(op, "entity", ""), name, True))
    return hits
