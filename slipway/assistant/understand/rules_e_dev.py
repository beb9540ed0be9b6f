"""Changes written the way a developer writes them: "new entity OrderItem(order ref, qty int
required)", "delivery.driver_name -> ref Driver (new entity: name, phone)", "Plan ->
MembershipPlan (entity rename)"."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship, RemoveField
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading

_ENTITY = r"(?:entity|table|model|resource)"
DECLARED = rx.compile(
    rf"^(?:(?:add|create|new|define|introduce) )*(?:an? )?(?:new )?{_ENTITY} (?P<n>[a-z][a-z0-9_]*)"
    r" ?\((?P<f>[^()]+)\)$"
)
"""A new entity declared with its fields in brackets, the name after the word "entity"."""
POINTED = rx.compile(
    r"^(?P<e>[a-z][a-z_]*)\.(?P<f>[a-z][a-z0-9_]*)(?: ?(?:->|=>|→) ?| becomes | to )(?:an? )?"
    rf"(?:ref|reference|foreign key|fk|link)(?: to)? (?P<t>[a-z][a-z0-9_]*)(?: \((?:new {_ENTITY}"
    r"|{_ENTITY})?:? ?(?P<fields>[^()]*)\)?)?$"
)
"""A text field turned into a reference to an entity, new or not ("driver_name -> ref Driver
(new entity: name, phone)")."""
RENAMED = rx.compile(
    r"^(?P<said>[a-z][a-z0-9_ ]*? ?(?:->|=>|→) ?[a-z][a-z0-9_]*) ?\((?P<note>[^()]*)\)?$"
)
"""A rename written as an arrow with a note on what kind of change it is."""


def _spaced(fields: str) -> str:
    """ "menu_item ref": the words of an entity's name, as they are said."""
    return rx.sub(
        r"\b([a-z]+(?:_[a-z]+)+)(?= (?:ref|reference|fk)\b)",
        lambda m: m.group(1).replace("_", " "),
        fields,
    )


def dev(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import create
    from slipway.assistant.understand.rules_e_fk import fk

    keyed = fk(clause, ctx)  # "Shipment -> Warehouse FK, not null"
    if keyed is not None:
        return keyed

    declared = DECLARED.match(clause)
    if declared is not None:
        name = declared["n"].replace("_", " ")
        namable = looks_like_noun(name) or rx.fullmatch(r"[a-z]{3,}", name)  # "entity Update"
        if ctx.vocab.entity(name, fuzzy=False) is not None or not namable:
            return None
        return create(name, _spaced(declared["f"]), ctx)
    pointed = POINTED.match(clause)
    if pointed is not None:
        return _pointed(pointed, ctx)
    renamed = RENAMED.match(clause)
    if renamed is not None and rx.search(r"\brenam(?:e|ed|ing)\b", renamed["note"]):
        from slipway.assistant.understand.rules_rename import rename

        return rename(renamed["said"], ctx)
    return None


def _pointed(match: re.Match[str], ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import create

    owner = ctx.vocab.entity(match["e"], fuzzy=False)
    if owner is None or ctx.vocab.field_on(owner.name, match["f"], fuzzy=False) is None:
        return None
    field = ctx.vocab.field_on(owner.name, match["f"], fuzzy=False)
    assert field is not None
    name = match["t"].replace("_", " ")
    target = ctx.vocab.entity(name, fuzzy=False)
    reading = Reading()
    if target is None:
        if not looks_like_noun(name):
            return None
        reading = create(name, match["fields"] or "name", ctx)
    goal = target.name if target is not None else ctx.vocab.pending[-1]
    del ctx.vocab.entities[owner.name].fields[field.field]
    ctx.vocab.touch()
    reading.ops += [
        RemoveField(entity=owner.name, field=field.field),
        AddRelationship(entity=owner.name, kind="belongs_to", target=goal),
    ]
    ctx.notes.append(f"{owner.name}.{field.field} was text; it is now the reference to {goal}.")
    return reading
