"""What a new thing starts as: "new sessions should start as 'enquiry', before they are booked",
"every order begins in draft". The value is the default of the entity's one state (status,
state or stage), added to its values when it is new. An entity with no one state gives the value
to the choice that holds it, or to the yes/no it names or negates: "New volunteers should start
out inactive until we've done their checks" (``active`` false), "technicians should start as
inspector by default rather than apprentice" (``grade``)."""

from __future__ import annotations

from collections.abc import Iterable

from slipway.assistant import rx
from slipway.assistant.operations import Op, SetDefault, SetEnumValues
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.fieldtypes import value_word
from slipway.assistant.understand.text import Reading, ask
from slipway.ir import FieldDef

_STARTS = rx.compile(
    r"^(?:all |every |each |any )?(?:new |newly created |freshly created )?(?P<e>[a-z][a-z ]*?) "
    r"(?:should |must |will |always |shall )?(?:(?:start|begin)s? (?:out |off |life )?(?:(?:as|in|"
    r"at|with|being) )?|(?:open|come in)s? (?:out |off |life )?(?:as|in|at|with|being) )"
    r"(?:the |an? )?(?:status |state |stage )?['\"]?(?!(?:on|at|in|by|after|before|from|early|late|"
    r"soon|again|today|tomorrow|now|off|up|over)\b)(?P<v>[a-z][\w-]*)"
    r"['\"]?(?: (?P<f>[a-z_]+))?(?: by default)?(?:,? (?:instead of|rather than) (?:as )?[\w-]+)?"
    r"(?:,? (?:before|until|then|not) .*)?$"
)
_NEGATIVE = rx.compile(r"^(?:in|un|non-?)(?P<b>[a-z]+)$")
STATES = ("status", "state", "stage", "phase")


def starts_as(clause: str, ctx: Context) -> Reading | None:
    match = _STARTS.match(clause)
    hit = ctx.vocab.entity(match.group("e"), fuzzy=False) if match else None
    if match is None or hit is None:
        return None
    named = match.group("f")  # "start out as light complexity": that choice, not the state
    wanted = (named,) if named and named not in STATES else STATES
    kinds = ctx.vocab.entities[hit.name].fields  # with the fields this message adds
    choices = [n for n, kind in kinds.items() if kind == "enum" and n in wanted]
    known = ctx.spec_fields(hit.name)
    if len(choices) != 1 and not named:
        # "start out inactive": active, false
        valued = _holding(hit.name, match.group("v"), known.values())
        if len(valued) == 1:
            return Reading(valued)
    if len(choices) != 1:
        said = ", ".join(choices) or "no status field"
        return ask(f"Which field of {hit.name} should start as that? It has {said}.")
    state, value = choices[0], value_word(match.group("v"))
    ops: list[Op] = []
    if state in known and value not in known[state].enum_values:  # a choice the spec has
        ops.append(SetEnumValues(entity=hit.name, field=state, values=[value], mode="add"))
    ops.append(SetDefault(entity=hit.name, field=state, default=value))
    return Reading(ops)


def _holding(entity: str, said: str, fields: Iterable[FieldDef]) -> list[Op]:
    """The defaults that give the entity's choice the value said, or its yes/no the value names
    or negates ("inactive": ``active`` false)."""
    value, negated = value_word(said), _NEGATIVE.match(said)
    unsaid = (negated["b"], f"is_{negated['b']}") if negated else ()
    ops: list[Op] = []
    for f in fields:
        if f.type == "enum" and value in f.enum_values:
            ops.append(SetDefault(entity=entity, field=f.name, default=value))
        elif f.type == "boolean" and f.name in (value, f"is_{value}", *unsaid):
            ops.append(SetDefault(entity=entity, field=f.name, default=f.name not in unsaid))
    return ops
