"""One more value of an existing choice, said in prose: "shipments can be returned too",
"there are glass jars as well", "senior passes exist too", "classes run on sundays as well",
"rooms can also be suites and lofts". The value joins the entity's choice whose values it is
like (a state for a past participle, else a kind, a day, a material…), never a new field."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetDefault, SetEnumValues
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.fieldtypes import value_word
from slipway.assistant.understand.lexicon import LAST_WORD_TYPES
from slipway.assistant.understand.rules_enum import STATES
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import singular, snake

_CUE = rx.compile(r"\b(?:too|as well|also|now)\b")
_AFTER = rx.compile(r"[\s,]*(?:now )?(?:too|as well|also)\b")
_E = r"(?:the |each |every |all |some |our |an? )?(?P<e>[a-z][a-z ]*?)"
_V = r"(?:an? )?(?P<v>[a-z][a-z\- ,]*?)"
_SAID = (
    rf"^{_E} (?:can |could |may |might |will |do |does |sometimes )?(?:be|get|become|go|end up|"
    rf"come in|are|is) {_V}$",
    rf"^(?:there (?:are|is|can be)|we (?:have|get|sell|offer|take|do|run)) {_V} {_E}$",
    rf"^{_V} {_E} (?:exist|exists|are possible|are allowed|are a thing|can happen)$",
    rf"^{_E} (?:happen|happens|run|runs|take place|takes place|are held|is held|open|opens) "
    r"(?:on|in|at) (?P<v>[a-z]+)$",
)


def more_values(clause: str, ctx: Context) -> Reading | None:
    at = ctx.text.find(clause)
    after = ctx.text[at + len(clause) :] if at >= 0 else ""
    cued = _AFTER.match(after) is not None
    if (_CUE.search(clause) is None and not cued) or ctx.bp is None:
        return None  # "… too" (cut from the clause before it is read): one more
    text = rx.sub(
        r"\b(?:sometimes|occasionally|at times|now and then)\b", " ", _CUE.sub(" ", clause)
    )
    text = rx.sub(r"\s+", " ", text).strip()
    for pattern in _SAID:
        match = rx.match(pattern, text)
        hit = ctx.vocab.entity(match.group("e"), fuzzy=False) if match else None
        if match is None or hit is None:
            continue
        said = [v for v in rx.split(r",? (?:and|or) |, ", match.group("v")) if v.strip()]
        if not said or any(len(v.split()) > 2 or _a_field(v) for v in said):
            return None
        if rx.search(r"\b(?:get|gets|have|has) an? ", text):
            return None  # "orders get a tip amount too": a new field, not a value
        choices = _choices(ctx, hit.name)
        values = [_like(value_word(v), choices) for v in said]
        field = _choice_for(values, choices)
        if field is None:
            return None
        return Reading([SetEnumValues(entity=hit.name, field=field, values=values, mode="add")])
    return None


_FIELDISH = {"amount", "price", "cost", "fee", "total", "number", "name", "email", "phone",
             "address", "rate", "percent", "percentage", "note", "notes", "url",
             "link"}  # fmt: skip


def _a_field(value: str) -> bool:
    """ "a tip amount", "a pickup date": what names a field, never a value of a choice."""
    last = value.split()[-1]
    return last in _FIELDISH or last in LAST_WORD_TYPES


def _choices(ctx: Context, entity: str) -> dict[str, list[str]]:
    assert ctx.bp is not None
    for e in ctx.bp.entities:
        if e.name == entity:
            return {f.name: list(f.enum_values) for f in e.fields if f.type == "enum"}
    return {}


def _like(value: str, choices: dict[str, list[str]]) -> str:
    """ "saturdays" is ``saturday`` when the values are singular words."""
    one = singular(value)
    existing = [v for vs in choices.values() for v in vs]
    plural_values = sum(v.endswith("s") for v in existing) * 2 > len(existing)
    return one if one != value and not plural_values else value


_IRREGULAR = {"sunk", "lost", "broken", "stolen", "sold", "written", "taken", "done", "gone",
              "frozen", "hidden", "torn", "worn", "shut", "held", "kept", "sent", "paid", "won",
              "given", "left", "split", "spent", "withdrawn", "overdue"}  # fmt: skip
"""Past participles without -ed: states like the rest ("boats can be sunk too")."""


def _state(value: str) -> bool:
    return value.endswith("ed") or value in STATES or value in _IRREGULAR


def _choice_for(values: list[str], choices: dict[str, list[str]]) -> str | None:
    """The choice the values belong with: of the same shape (states with states, days with
    days); one left, else the one named like it."""
    fresh = {n: vs for n, vs in choices.items() if not set(values) <= set(vs)}
    if not fresh:
        return None
    state = all(_state(v) for v in values)
    shaped = {n: vs for n, vs in fresh.items() if _shape(vs) == ("state" if state else "other")}
    ends = {n for n, vs in shaped.items() if _same_ending(values, vs)}
    for group in (ends, set(shaped)):
        if len(group) == 1:
            return next(iter(group))
    names = ("status", "state", "stage") if state else ("kind", "type", "category")
    named = [n for n in shaped if n in names]
    return named[0] if len(named) == 1 else None


def _shape(values: list[str]) -> str:
    states = sum(_state(v) for v in values)
    return "state" if values and states * 2 > len(values) else "other"


def _same_ending(values: list[str], existing: list[str]) -> bool:
    """ "saturday" and monday…friday: the values share their last three letters."""
    endings = {v[-3:] for v in existing if len(v) > 3}
    return len(endings) == 1 and all(v.endswith(next(iter(endings))) for v in values)


_DEFAULT = (
    r"^(?:please )?(?:make|set|have) (?:the )?(?P<v>[a-z][a-z\- ]*?) (?:the|as the|as) default"
    r"(?: value| option| one| choice)?(?: for (?:new|all|every|each) [a-z]+)?$",
    r"^(?:the )?(?P<v>[a-z][a-z\- ]*?) (?:should|must|can|will|needs to) be (?:the )?default"
    r"(?: value| option| one| choice)?$",
)


def value_default(clause: str, ctx: Context) -> Reading | None:
    """ "make large the default", "express should be the default one": the one choice on the
    spec that has that value (the entity spoken of first); two such choices are asked about."""
    match = next((m for p in _DEFAULT if (m := rx.match(p, clause))), None)
    if match is None or ctx.bp is None:
        return None
    said = match.group("v")
    if ctx.value is not None and said in ("that", "it", "this", "that one", ctx.value[2]):
        entity, field, value = ctx.value  # "add community to the genres and make that the default"
        return Reading([SetDefault(entity=entity, field=field, default=value)])
    found: list[tuple[str, str, str]] = []
    for e in ctx.bp.entities:
        for f in e.fields:
            value = snake(rx.sub(rf"[ _]{f.name}$", "", said))  # "the large size": large
            if f.type == "enum" and value in f.enum_values:
                found.append((e.name, f.name, value))
    if ctx.focus is not None and any(e == ctx.focus for e, _, _ in found):
        found = [hit for hit in found if hit[0] == ctx.focus]
    if not found:
        return None
    if len(found) > 1:
        where = " or ".join(f"{e}.{f}" for e, f, _ in found)
        return ask(f'Which choice should default to "{found[0][2]}": {where}?')
    entity, field, value = found[0]
    return Reading([SetDefault(entity=entity, field=field, default=value)])
