"""A clause about one entity or field named first, then a colon: "products: remove price",
"seasons: starts_on is required", "ibu: make it a decimal", "listing status: add withdrawn"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddField
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.letters import tells
from slipway.assistant.understand.rules_enum import is_choice
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import snake

COMMAND = rx.compile(
    r"^(?:remove|delete|drop|rename|make|set|change|index|limit|get rid of|add|encrypt|switch|"
    r"convert|turn)\b"
)


def topic(clause: str, ctx: Context) -> Reading | None:
    """ "products: remove price", "seasons: starts_on is required", "ibu: make it a decimal",
    "listing status: add withdrawn": the words after the colon, about that entity or field."""
    match = rx.match(r"^(?P<e>[a-z][a-z_. ]{0,40}?): (?P<rest>.+)$", clause)
    if match is None:
        return None
    head, rest = match.group("e"), match.group("rest")
    owner = ctx.vocab.entity(head, fuzzy=False)
    if owner is not None:
        first = snake(rest.split()[0])
        if is_choice(rest) and not COMMAND.match(rest):  # "orders: status is one of a, b or c"
            return _read_clause(f"{snake(owner.name).replace('_', ' ')} {rest}", ctx)
        fields = ctx.vocab.entities[owner.name].fields
        if not COMMAND.match(rest) and not any(
            f == first or f.startswith(f"{first}_") for f in fields
        ):
            return None  # "hedges: length should be optional" (length_metres) is about a field
        ctx.focus = owner.name
        added = rx.match(
            r"^add (?P<x>(?:an?|the|some) (?!.*\b(?:entity|table|role|bucket|queue)\b).+)$", rest
        )
        if added is not None:  # "invoices: add an invoice number, unique": theirs, never an entity
            return _added(owner.name, added["x"], rest, ctx)
        remark = rx.match(r"^(?P<l>.+?), (?P<r>[^,]+)$", rest)
        if remark is not None and tells(remark["r"]):  # "…: length should be optional, we don't …"
            rest = remark["l"]
        return _read_clause(rest, ctx)
    try:
        hit = ctx.field(head)
    except Unresolved:
        return None
    if not hit.exact or not COMMAND.match(rest):
        return None
    values = rx.match(r"^(add|remove|drop|delete) (?!it\b|them\b)(.+)$", rest)
    if values and ctx.vocab.entities[hit.entity].fields.get(hit.field) == "enum":
        verb, way = ("add", "to") if values.group(1) == "add" else ("remove", "from")
        said = snake(hit.entity).replace("_", " ")
        rest = f"{verb} {values.group(2)} {way} {said}.{hit.field} values"
    return _read_clause(rest, ctx)


def _added(owner: str, said: str, rest: str, ctx: Context) -> Reading | None:
    """ "products: add a 'rose' scent" as said; but "invoices: add an invoice number (unique)",
    read as a new entity with no "with", is a field of theirs."""
    state, made = ctx.snapshot(), len(ctx.created)
    reading = _read_clause(rest, ctx)
    new = len(ctx.created) > made and " with " not in rest
    if reading is not None and not reading.question and not new:
        return reading
    ctx.restore(state)
    theirs = _read_clause(f"{snake(owner).replace('_', ' ')} need {said}", ctx)
    if theirs is not None and theirs.ops and all(isinstance(o, AddField) for o in theirs.ops):
        return theirs
    ctx.restore(state)
    return _read_clause(rest, ctx)


def _read_clause(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand import read_clause

    return read_clause(clause, ctx)
