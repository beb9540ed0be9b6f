"""A foreign key written the way a developer writes it: "Shipment -> Warehouse FK, not null",
"Invoice gets an FK to Vendor, nullable", "each ticket has a reference to a venue (optional)".
Both names are entities (the target may be new in the same message); the words on null say
whether the reference is required (optional unless said)."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

_REF = r"(?:fk|foreign key|foreign-key|ref|reference|link|relation(?:ship)?)"
_NULL = (
    r"(?:,? \(?(?P<null>not null|non[- ]null|not nullable|non[- ]nullable|required|mandatory|"
    r"nullable|optional|null allowed|nulls? ok|can be null|may be null)\)?)?"
)
ARROW = rx.compile(rf"^(?P<a>[a-z][a-z_ ]*?) ?(?:->|=>|→) ?(?P<b>[a-z][a-z_ ]*?) {_REF}{_NULL}$")
"""The owner, an arrow, the target and the word that says it is a key."""
GETS = rx.compile(
    r"^(?:the |each |every |all )?(?P<a>[a-z][a-z_ ]*?) (?:also )?(?:gets?|has|have|needs?|"
    r"should (?:get|have)|must have|will (?:get|have)|takes?) (?:an? |the |one )?(?:new )?"
    rf"{_REF} (?:to|on|pointing (?:to|at)|referencing|towards) (?:the |an? |one )?"
    rf"(?P<b>[a-z][a-z_ ]*?){_NULL}$"
)
"""The owner "gets an FK to" the target."""


def fk(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_relations import belongs

    match = ARROW.match(clause) or GETS.match(clause)
    if match is None:
        return None
    owner = ctx.vocab.entity(match["a"].replace("_", " "), fuzzy=False)
    target = ctx.vocab.entity(match["b"].replace("_", " "), fuzzy=False)
    if owner is None or target is None or owner.name == target.name:
        return None
    required = bool(match["null"]) and rx.match(r"not|non|req|man", match["null"]) is not None
    a, b = ctx.entity(owner.name), ctx.entity(target.name)
    return Reading(belongs(a, b, required, ctx))
