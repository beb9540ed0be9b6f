"""The operations of one message put in order: new entities first with the fields the message
gives them, many-to-many said from both sides once, and the fields the message was about."""

from __future__ import annotations

from slipway.assistant.operations import AddEntity, AddField, AddRelationship, Op, RenameField
from slipway.assistant.understand.context import Context, typical_fields
from slipway.assistant.understand.vocab import FieldHit


def arrange(ops: list[Op], ctx: Context) -> list[Op]:
    """New entities first, with the fields this message gives them; many-many pairs merged."""
    ops = _merge_many(ops)
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
