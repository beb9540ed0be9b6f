"""Choices in prose: "the medium of an artwork is oil, watercolour or bronze" (a new enum field
or an existing one retyped), "add 'returned' as a shipment status", "X can also be Y"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddField,
    ChangeType,
    FieldSpec,
    Op,
    SetDefault,
    SetEnumValues,
)
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun, splits
from slipway.assistant.understand.fieldsplit import modifier
from slipway.assistant.understand.fieldtypes import coerce_default, value_word
from slipway.assistant.understand.lexicon import TYPE_WORDS
from slipway.assistant.understand.rules_schema import _enum_values, _target
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import snake

CHANGES = (
    (
        r"^add (?P<v>[\w\- ,]+?) (?:as an? )?(?:option|value|choice|state|status)s? (?:to|for) "
        r"(?:the )?(?P<f>.+)$",
        "add",
    ),
    (r"^add (?P<v>[\w\- ,]+?) to (?:the )?(?P<f>.+?)(?: values| options| choices| list)?$", "add"),
    (
        r"^add (?P<v>[\w\- ,]+?) as (?:an? |another |a new |one more )?(?:possible )?"
        r"(?P<f>.+?)(?: value| option| choice)?$",
        "add",
    ),
    (
        r"^(?P<v>[\w\-]+) (?:should be|is) (?:an? |another )?(?:option|value|choice) "
        r"(?:for|of) (?:the )?(?P<f>.+)$",
        "add",
    ),
    (r"^(?:the )?(?P<f>.+?) can also be (?P<v>.+)$", "add"),
    (  # "the status also needs a waitlisted option"
        r"^(?:the )?(?P<f>[a-z][\w ]*?) (?:also )?(?:needs?|gets?|should have|must have|has) "
        r"(?:an? |another |one more |a new |an extra )?(?P<v>[\w\-]+(?: or [\w\-]+)?) "
        r"(?:option|value|choice|state|status)s?$",
        "add",
    ),
    (  # "voice should also allow mezzo and baritone"
        r"^(?:the )?(?P<f>[a-z][\w ]*?) (?:should |must |can |could |will )?(?:also )?"
        r"(?:allow|accept|take|support|include) (?:the )?(?:values? |options? )?(?!an? |the )"
        r"(?P<v>[\w\- ,]+)$",
        "add",
    ),
    (  # "add kind urine to samples", "add zone phone booth for desks"
        r"^add (?:the )?(?P<f>[a-z_]+) (?:value |option )?(?P<v>[\w\- ]+?) (?:to|for|on) "
        r"(?:the |all |each |every )?(?P<e>[a-z][a-z ]*)$",
        "add",
    ),
    (r"^remove (?P<v>[\w\- ,]+?) from (?:the )?(?P<f>.+?) (?:values|options|choices)$", "remove"),
    (  # "take raku out of the firing types": a value the field has
        r"^(?:remove|take|drop|delete|strike) (?P<v>[\w\-]+(?:(?:,| and| or) [\w\-]+)*) (?:out of|"
        r"from|off) (?:the )?(?P<f>[a-z][a-z_ ]*?)(?:s| list)?$",
        "remove_known",
    ),
    (r"^(?:the )?(?P<f>.+?) (?:values|options|choices) (?:are|should be|:) (?P<v>.+)$", "replace"),
)
PROSE = (
    rx.compile(
        r"^(?:the |a |an |each |every )?(?P<f>[a-z][\w ']*?) (?:is one of|are one of|can be|"
        r"could be|may be|is|are|should be|must be|will be|can only be|is always|are always|"
        r"comes? in|comes? as|(?:is|are) (?:available|sold|offered|made|supplied) (?:in|as))"
        r"(?: either| one of| any of)?:? (?P<v>.+)$"
    ),
    rx.compile(
        r"^(?:change|make|set|turn|restrict|limit) (?:the )?(?P<f>[a-z][\w ']*?) (?:to be|to|into)"
        r"(?: either| one of| any of| an enum of| a choice of| a choice between)?:? (?P<v>.+)$"
    ),
    rx.compile(r"^(?:the )?(?P<f>[a-z][\w ']*?): (?P<v>(?!(?:add|remove|make|set|change)\b).+)$"),
)
"""The last: "Hearing outcome: adjourned, won, lost" (an entity's new or existing field)."""
_VERBS = r"\b(?:have|has|get|gets|need|needs|should|must|can|with|is|are|will|add|want)\b"
_SPLIT = rx.compile(r"\s*,\s*(?:and |or )?|\s+and\s+|\s+or\s+|\s*/\s*")


def _values(text: str) -> list[str]:
    return [value_word(v) for v in _SPLIT.split(text) if v.strip()]


def enum_values(clause: str, ctx: Context) -> Reading | None:
    """Values added to, removed from or replacing those of an existing enum field."""
    for pattern, mode in CHANGES:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        try:
            hit = _target(match.groupdict(), ctx)
        except Unresolved:
            continue
        if not _enum_values(ctx, hit):
            continue
        values = _values(match.group("v"))
        if mode == "remove_known":  # only values the field has: "remove phone from owners" is none
            found = ctx.spec_fields(hit.entity).get(hit.field)
            known = found.enum_values if found is not None else []
            if not values or not set(values) <= set(known):
                continue
            mode = "remove"
        if values in (["it"], ["them"], ["that"], ["this"], ["those"], ["these"]):
            values = _said_before(clause, ctx)  # "… pay with twint now, add it to paid_by"
            if not values:
                return ask(f"Which value should I add to {hit.entity}.{hit.field}?")
        if mode == "add" and len(values) == 1:  # "… and make that the default"
            ctx.value = (hit.entity, hit.field, values[0])
        read = _choices(match.group("v")) if mode == "replace" else None
        values, default = read if read is not None else (values, None)
        chosen = coerce_default(default, "enum", values) if default else None
        ops: list[Op] = [
            SetEnumValues(entity=hit.entity, field=hit.field, values=values, mode=mode)
        ]
        if chosen is not None:  # "… one of cash, card or bank_transfer, with card as the default"
            ops.append(SetDefault(entity=hit.entity, field=hit.field, default=chosen))
        return Reading(ops)
    return None


def _said_before(clause: str, ctx: Context) -> list[str]:
    """The value a pronoun stands for: quoted, or the word after "with", "by", "via", "be" or
    "as" in what the message said before it (and that the spec does not name)."""
    before = ctx.text[: max(ctx.text.find(clause), 0)]
    quoted = rx.findall(r"['\"]([a-z][\w -]{0,30})['\"]", before)
    if quoted:
        return [value_word(quoted[-1])]
    said = rx.findall(r"\b(?:with|by|via|using|be|as) (?:an? |the )?([a-z][\w-]*)", before)
    said = [w for w in said if ctx.vocab.entity(w, fuzzy=False) is None and w not in STOPWORDS]
    return [value_word(said[-1])] if said else []


STOPWORDS = {"it", "them", "a", "an", "the", "now", "also", "too"}


ALSO_VALUE = rx.compile(
    r"^(?:each |every |all |an? |the |some )?(?P<e>[a-z][a-z ]*?) (?:can |could |may |might |"
    r"will |do |does )?(?P<cue>(?:also |sometimes |now |occasionally )+)(?:be |get |gets |become |"
    r"becomes |are |is |go |end up )(?:an? )?(?P<v>[a-z][a-z\-]*)(?: sometimes| too| as well|"
    r" now)?$"
)


def also_value(clause: str, ctx: Context) -> Reading | None:
    """ "moves also get cancelled sometimes", "machines can also be a steamer": one more value of
    the entity's own choice (its status for a state, else its kind)."""
    match = ALSO_VALUE.match(clause)
    hit = ctx.vocab.entity(match.group("e"), fuzzy=False) if match else None
    if match is None or hit is None:
        return None
    choices = [n for n, kind in ctx.vocab.entities[hit.name].fields.items() if kind == "enum"]
    value = value_word(match.group("v"))
    state = value.endswith("ed") or value in STATES
    names = ("status", "state", "stage") if state else ("kind", "type", "category", "sort")
    found = [n for n in choices if n in names]
    if len(found) != 1:
        return None  # no choice of that kind: not a value of some other one
    return Reading([SetEnumValues(entity=hit.name, field=found[0], values=[value], mode="add")])


NOT_A_VALUE = (
    r"\b(?:every|each|per|at \d+|is|are|was|were|be|been|has|have|had|can|could|should|must|will|"
    r"would|not|no|longer|that|this|it|them|entity|field|table|anymore|needed|kill|remove|delete|"
    r"drop)\b"
)
"""Words of a sentence ("no longer needed, kill that entity"), never of a choice's values."""


def _without_one(chunks: list[str]) -> list[str]:
    """ "a deposit invoice, an interim one or the final one": deposit, interim, final (the noun
    "one" stands for is no part of a value)."""
    ones = [c for c in chunks if rx.search(r"\w \bones?$", c.strip())]
    if not ones:
        return chunks
    said = {
        c.strip().split()[-1]
        for c in chunks
        if c not in ones and len(c.split()) > 1 and modifier(c) is None
    }
    noun = next(iter(said)) if len(said) == 1 else None
    out = []
    for chunk in chunks:
        chunk = rx.sub(r" ones?$", "", chunk.strip())
        if noun and chunk.endswith(f" {noun}"):
            chunk = chunk[: -len(noun) - 1]
        out.append(chunk)
    return out


def _choices(text: str) -> tuple[list[str], str | None] | None:
    """ "oil, watercolour or bronze, oil by default" → (values, default); None unless it is a
    list of at least two short values that are not constraints, types or schedules. A value
    detailed in brackets is its details ("recurring (monthly or yearly) or one-off")."""
    if rx.search(r"\byes ?(?:/|or) ?no\b|\btrue ?(?:/|or) ?false\b", text):
        return None  # a yes/no field, not choices
    text = rx.sub(r"[\w\-]+ \(([^()]+)\)", r"\1", text)
    text = rx.sub(
        r"^(?:an? )?(?:(?:fixed|closed|set|predefined|limited|short) )?(?:enum|choice|selection|"
        r"list|pick|set)(?: of| between| from)?:? ",
        "",
        text,
    )
    chunks = _without_one([c for c in _SPLIT.split(text.strip(" .")) if c.strip()])
    default = None
    if chunks and (mod := modifier(chunks[-1])) is not None and "default" in mod:
        default = str(mod["default"])
        chunks.pop()
    if any(rx.search(NOT_A_VALUE, c) for c in chunks):
        return None
    if len(chunks) < 2 or any(len(c.split()) > 3 for c in chunks):
        return None
    if any(modifier(c) is not None or c in TYPE_WORDS for c in chunks):
        return None
    return [value_word(c) for c in chunks], default


def is_choice(clause: str) -> bool:
    """Does the clause list the values something can take ("X can be a, b or c")?"""
    match = next((m for p in PROSE if (m := p.match(clause))), None)
    return match is not None and _choices(match.group("v")) is not None


def prose_enum(clause: str, ctx: Context) -> Reading | None:
    match = next((m for p in PROSE if (m := p.match(clause))), None)
    read = _choices(match.group("v")) if match else None
    if match is None or read is None:
        return None
    values, default = read
    phrase = match.group("f")
    owner = ctx.vocab.entity(phrase, fuzzy=False)
    if match.re is PROSE[-1] and (owner is not None or rx.search(_VERBS, phrase)):
        return None  # "sightings: a, b" lists fields of sightings, not values
    if all(v in {"public", "private", "read_only"} or v.startswith("only_") for v in values):
        return None  # "orders should be private, only staff": who sees them, not their kinds
    if owner is not None:  # "donations can be recurring or one-off": the entity's type
        return _new_enum(f"{phrase} {choice_name(values)}", values, default, ctx)
    try:
        hit = _target({"f": phrase}, ctx)
    except Unresolved:
        return _new_enum(phrase, values, default, ctx)
    kind = ctx.vocab.entities[hit.entity].fields.get(hit.field)
    ops: list[Op] = []
    if _enum_values(ctx, hit):
        ops.append(SetEnumValues(entity=hit.entity, field=hit.field, values=values))
    elif kind in ("string", "number", "integer"):  # "make that a pick list: xs, s, m"
        ops.append(ChangeType(entity=hit.entity, field=hit.field, type="enum", enum_values=values))
    else:
        return None
    chosen = coerce_default(default, "enum", values) if default else None
    if chosen is not None:
        ops.append(SetDefault(entity=hit.entity, field=hit.field, default=chosen))
    return Reading(ops)


STATES = {"pending", "active", "inactive", "open", "closed", "draft", "new", "overdue", "out",
          "lost", "done", "live", "available", "unavailable", "ongoing", "in_progress", "waiting",
          "due", "late", "expired", "paid", "unpaid", "sent", "on_hold", "idle", "busy", "free",
          "valid", "invalid", "void", "won", "upcoming", "current", "past"}  # fmt: skip
SIZES = {"xs", "s", "m", "l", "xl", "xxl", "small", "medium", "large", "extra_large", "tiny",
         "huge", "regular", "mini", "big"}  # fmt: skip


def choice_name(values: list[str]) -> str:
    """The name of an entity's own choice, from its values: states ("pending, confirmed or
    cancelled") make a status, sizes a size, anything else a type."""
    if all(v in SIZES for v in values):
        return "size"
    if any(v in STATES or (v.endswith("ed") and len(v) > 4) for v in values):
        return "status"
    return "type"


def _new_enum(phrase: str, values: list[str], default: str | None, ctx: Context) -> Reading | None:
    """ "Property type can be …": the entity, then the new field's words."""
    for owner, rest in splits(phrase):
        hit = ctx.vocab.entity(owner, fuzzy=False)
        if hit is None or not looks_like_noun(rest):
            continue
        name = snake(rest)
        if ctx.vocab.entities[hit.name].fields.get(name) == "enum":  # the status it has
            return Reading([SetEnumValues(entity=hit.name, field=name, values=values, mode="add")])
        spec = FieldSpec(
            name=name,
            type="enum",
            enum_values=values,
            default=coerce_default(default, "enum", values) if default else None,
        )
        ctx.vocab.add_field(hit.name, name, "enum")
        ctx.focus = hit.name
        return Reading([AddField(entity=hit.name, field=spec)])
    return None
