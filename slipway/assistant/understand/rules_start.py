"""What a new thing starts as: "new sessions should start as 'enquiry', before they are booked",
"every order begins in draft". The value is the default of the entity's one state (status,
state or stage), added to its values when it is new."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import Op, SetDefault, SetEnumValues
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.fieldtypes import value_word
from slipway.assistant.understand.text import Reading, ask

_STARTS = rx.compile(
    r"^(?:all |every |each |any )?(?:new |newly created |freshly created )?(?P<e>[a-z][a-z ]*?) "
    r"(?:should |must |will |always |shall )?(?:start|begin|open|come in)s? (?:out |off |life )?"
    r"(?:as|in|at|with|being) (?:the |an? )?(?:status |state |stage )?['\"]?(?P<v>[a-z][\w-]*)"
    r"['\"]?(?: (?P<f>[a-z_]+))?(?: instead of [\w-]+)?(?:,? (?:before|until|then|not) .*)?$"
)
STATES = ("status", "state", "stage", "phase")


def starts_as(clause: str, ctx: Context) -> Reading | None:
    match = _STARTS.match(clause)
    hit = ctx.vocab.entity(match.group("e"), fuzzy=False) if match else None
    if match is None or hit is None or ctx.bp is None:
        return None
    named = match.group("f")  # "start out as light complexity": that choice, not the state
    wanted = (named,) if named and named not in STATES else STATES
    kinds = ctx.vocab.entities[hit.name].fields  # with the fields this message adds
    choices = [n for n, kind in kinds.items() if kind == "enum" and n in wanted]
    known = {f.name: f for e in ctx.bp.entities if e.name == hit.name for f in e.fields}
    if len(choices) != 1:
        said = ", ".join(choices) or "no status field"
        return ask(f"Which field of {hit.name} should start as that? It has {said}.")
    state, value = choices[0], value_word(match.group("v"))
    ops: list[Op] = []
    if state in known and value not in known[state].enum_values:  # a choice the spec has
        ops.append(SetEnumValues(entity=hit.name, field=state, values=[value], mode="add"))
    ops.append(SetDefault(entity=hit.name, field=state, default=value))
    return Reading(ops)
