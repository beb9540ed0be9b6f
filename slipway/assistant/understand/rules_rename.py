"""Renames: of an entity, a field, or a value of a choice ("rename Member to Patron", "call
customers clients", "the condition broken should be called needs_repair")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import (
    Op,
    RenameEntity,
    RenameField,
    SetDefault,
    SetEnumValues,
)
from slipway.assistant.understand.context import Context, Unresolved, either
from slipway.assistant.understand.lexicon import TYPE_WORDS
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.rules_jargon import modifier_ops
from slipway.assistant.understand.rules_schema import _exact_field, _strip_kind
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import FieldHit, slip
from slipway.assistant.understand.words import pascal, snake, strip_determiners

_NEW = (
    r"(?P<new>[a-z][a-z0-9_ ]{0,40}?)(?: instead| from now on| everywhere| throughout)?"
    r"(?: (?:in|on|across|throughout) (?:the |our )?(?:whole |entire )?(?:app|api|system|code|"
    r"spec|ui|site|website|database|db|screens?|pages?))?(?: instead| from now on)?"
)
RENAMES = (
    rf"^rename (?:the )?(?P<old>.+?) (?:to|as|into) {_NEW}$",
    r"^(?:call|name) (?:the )?(?P<old>[a-z][a-z_ ]*?) (?:an? )?(?P<new>[a-z][a-z0-9_]*)(?: instead|"
    r" everywhere| from now on)?$",
    rf"^(?P<old>.+?) should (?:now |really |actually |probably |just )?be (?:called|named|"
    rf"renamed(?: to)?) {_NEW}$",
    rf"^change the name of (?:the )?(?P<old>.+?) to {_NEW}$",
    r"^(?:use|prefer|(?:i'?d|we'?d|i would|we would) (?:prefer|rather have|rather use)|go with) "
    r"(?:the name )?(?P<new>[a-z][a-z0-9_]*) (?:instead of|rather than|over|not) (?:the )?"
    r"(?P<old>.+?)(?: as (?:the|its|a) name)?$",
    r"^(?:rename )?(?:the )?(?P<old>[a-z][\w. ]*?) ?(?:->|=>|\u2192) ?(?P<new>[a-z][\w ]*)$",
    rf"^rename (?:the )?(?P<old>.+?),? so (?:that )?(?:it is|it's|they are|its name is) "
    rf"(?:called |named )?{_NEW}$",
    r"^(?:switch|change|move|turn) the name (?:of )?(?:the )?(?P<old>[a-z][\w ]*?) "
    rf"(?:over |across )?(?:to|into) {_NEW}$",
    r"^(?:let's |we'll |we will |please )?(?:say|write|use) (?P<new>[a-z][a-z0-9_]*) (?:everywhere "
    r")?(?:instead of|in place of|rather than) (?:the )?(?P<old>[a-z][\w ]*?)(?: everywhere)?$",
    r"^rename (?P<old>it|them|that|this) (?P<new>[a-z][a-z0-9_]*)$",
    rf"^(?P<old>.+?),? (?:i|we) (?:would like|'d like|want|wish)(?: it| them)? to be (?:called|"
    rf"named|renamed(?: to)?) {_NEW}$",
    rf"^(?:(?:could|can|should|would|might) )?(?P<old>it|that|this|they) (?:just |simply )?be "
    rf"(?:called|named|renamed(?: to)?) {_NEW}$",
)
CALL, ARROW, SO_CALLED = RENAMES[1], RENAMES[5], RENAMES[6]
GUARDED = (
    rf"^(?P<old>[a-z][a-z0-9_. ]*?) (?:should|must|will|shall) (?:now )?become {_NEW}$",
    r"^(?:.*?\b(?:in our [a-z]+|here|at our [a-z]+|for us|at work|in the business),? )?"
    r"(?P<old>[a-z][a-z ]*?) (?:are|is) (?:actually |really |always |usually )?(?:called|named|"
    r"known as|referred to as) (?P<new>[a-z][a-z0-9_]*)(?:,? (?:so )?(?:change|rename|update|fix) "
    r"(?:that|it|this|them))?$",
    r"^(?P<old>[a-z][a-z ]*?) (?:are|is) (?:really|actually|more like|just) "
    r"(?P<new>[a-z][a-z0-9_]*)(?: here| for us| to us)?,? (?:so |please )?"
    r"(?:change|rename|update|fix) (?:the name|it|them|that)(?: accordingly)?$",
    r"^what (?:we|you|they|people|staff|our [a-z]+) (?:call|name) (?:an? |the )?"
    r"(?P<old>[a-z][a-z ]*?) should (?:be|become) (?:an? |the )?(?P<new>[a-z][a-z0-9_]*)$",
    r"^(?:.*?\b)?(?:call|name) (?:the )?[a-z][a-z ]*? (?P<new>[a-z][a-z0-9_]*) ?,? "
    r"(?:so |please |and )*rename (?:the )?(?P<old>[a-z][a-z ]*?) "
    r"(?:accordingly|to match|to that|to suit)$",
)
"""Renames said as a fact ("Customer should become Buyer", "we call products items"): only of a
name the spec has, and never to a constraint or a type ("the code should become unique")."""


_CHANGE_ENTITY = rx.compile(
    r"^(?:(?:can|could) (?:we|you) |please )?change (?:the )?(?P<old>[a-z][a-z ]*?) (?:entity )?to "
    r"(?P<new>[a-z][a-z0-9_]*)(?: everywhere| throughout| instead| from now on)?$"
)
"""An entity's name changed ("change KeyHolder to Caretaker"): only an entity the spec has by
that very name (a field's value or type is changed the same way)."""


def rename(clause: str, ctx: Context) -> Reading | None:
    pieces = (
        rx.split(r",? and |, ", clause.removeprefix("rename "))
        if clause.startswith("rename ")
        else []
    )
    if len(pieces) > 1 and all(rx.search(r" (?:to|as|into|->) \w", p) for p in pieces):
        readings = [_renamed(f"rename {p.removeprefix('rename ')}", ctx) for p in pieces]
        if all(
            r is not None and r.ops and not r.question for r in readings
        ):  # "rename a to b and c to d"
            return Reading([op for r in readings if r for op in r.ops])
    head, comma, tail = clause.partition(", ")
    attrs = read_modifiers(tail) if comma else None
    if attrs is not None:  # "Telescope.aperture_mm -> aperture, integer, not null"
        reading = _renamed(head, ctx)
        if reading is not None and reading.ops and isinstance(reading.ops[-1], RenameField):
            done = reading.ops[-1]
            hit = FieldHit(done.entity, done.field, True)
            more = [
                op.model_copy(update={"field": done.new_name})
                for op in modifier_ops(hit, attrs, ctx)
            ]
            return Reading([*reading.ops, *more], reading.notes)
    return _renamed(clause, ctx)


def _renamed(clause: str, ctx: Context) -> Reading | None:
    for pattern in RENAMES:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        said = match.group("old")
        if pattern is CALL and not (_known(said, ctx) or said in ("it", "them", "that")):
            continue  # "call X Y" is a rename only when X is something the spec has
        if pattern is ARROW and read_modifiers(match.group("new")) is not None:
            continue  # "sample.collected_at -> not null" changes it, keeping its name
        return _rename(match.group("old"), match.group("new"), ctx)
    for pattern in GUARDED:
        match = rx.match(pattern, clause)
        new = match.group("new").strip() if match else ""
        if match is None or not _known(match.group("old"), ctx) or read_modifiers(new) is not None:
            continue
        if new in TYPE_WORDS or rx.search(r"\b(?:a|an|the|required|optional|unique)\b", new):
            continue
        return _rename(match.group("old"), new, ctx)
    changed = _CHANGE_ENTITY.match(clause)  # "can we change KeyHolder to Caretaker everywhere?"
    hit = ctx.vocab.entity(changed["old"], fuzzy=False) if changed else None
    if changed and hit is not None and hit.exact and changed["new"] not in TYPE_WORDS:
        return _rename(changed["old"], changed["new"], ctx)
    if rx.match(r"^rename\b", clause):
        return ask(
            "What should I rename, and to what? For example 'rename Member to Patron' or "
            "'rename title on Book to name'."
        )
    return None


def said_whole(clause: str, ctx: Context) -> Reading | None:
    """A rename whose sentence has a second verb ("rename X so it is called Y", "Xs are really
    Ys here, change the name"): read before the sentence is cut at its verbs."""
    for pattern in (SO_CALLED, *GUARDED[-3:]):
        match = rx.match(pattern, clause)
        if match is not None and _known(match.group("old"), ctx):
            reading = _rename(match.group("old"), match.group("new"), ctx)
            return reading if reading.ops else None
    return None


def _known(phrase: str, ctx: Context) -> bool:
    text = _strip_kind(strip_determiners(phrase))[0]
    return ctx.vocab.entity(text, fuzzy=False) is not None or bool(ctx.vocab.field_anywhere(text))


def _rename(old_text: str, new_text: str, ctx: Context) -> Reading:
    old, hint = _strip_kind(strip_determiners(old_text))
    if old_text.strip() in ("it", "this", "that", "them", "they"):
        old = old_text.strip()  # "rename that to …": "that" is no determiner here
    new_text = rx.sub(
        r"^(?:call it|name it|make it|rename it(?: to)?|call them|name them) ", "", new_text
    )
    new = strip_determiners(_strip_kind(new_text)[0])  # "x -> call it y": y
    if old in ("it", "this", "that", "them", "they") and new:
        return _pronoun_rename(new, ctx)
    owned = rx.match(r"^(?P<n>[a-z][a-z0-9_]*) (?:on|in|of|for) (?:the |all )?(?P<e>.+)$", new)
    if owned and ctx.vocab.entity(owned.group("e"), fuzzy=False) is not None:
        old, new = f"{old} on {owned.group('e')}", owned.group("n")  # "x -> y on pawn loans"
    if not old or not new or len(new.split()) > 3:
        return ask("What should I rename, and to what? For example 'rename Member to Patron'.")
    value = _value_rename(old, snake(new), ctx)
    if value is not None:
        return value
    if hint != "field":
        hit = ctx.vocab.entity(old)
        if hit is not None and hit.exact:
            return Reading([RenameEntity(name=hit.name, new_name=pascal(new))])
        slipped = hit is not None and len(old) >= 6 and slip(old.replace(" ", ""), hit.name.lower())
        if hit is not None and ((hint == "entity" and hit.score >= 80) or slipped):  # "flihgt"
            ctx.notes.append(f'I took "{old}" to mean {hit.name}.')
            return Reading([RenameEntity(name=hit.name, new_name=pascal(new))])
        if hit is not None and not _a_field(ctx, old):  # "appointment hours -> minutes"
            return ask(f"There is no {pascal(old)} entity. Did you mean {hit.name}?")
        if hint == "entity":
            return ask(
                f"There is no {pascal(old)} entity. Did you mean {either(ctx.vocab.near(old))}?"
            )
    field = _exact_field(ctx, old)
    return Reading([RenameField(entity=field.entity, field=field.field, new_name=snake(new))])


def _pronoun_rename(new: str, ctx: Context) -> Reading:
    """ "placed_at isn't a great name, call it ordered_on": the one field (else entity) the
    message spoke of."""
    try:
        hit = ctx.pronoun_field()
    except Unresolved:
        named = ctx.vocab.find_entities(ctx.text)
        if len(named) != 1:
            return ask("What should I rename, and to what? For example 'rename Member to Patron'.")
        return Reading([RenameEntity(name=named[0], new_name=pascal(new))])
    return Reading([RenameField(entity=hit.entity, field=hit.field, new_name=snake(new))])


def _value_rename(old: str, new: str, ctx: Context) -> Reading | None:
    """ "the condition broken should be called needs_repair": a value of a choice renamed (and
    the default with it), when the words name one value of one enum field."""
    if ctx.bp is None or not new:
        return None
    words = old.replace("'", " ").split()
    found = []
    for owner in ctx.bp.entities:
        for f in owner.fields:
            if f.type != "enum" or snake(words[-1]) not in f.enum_values:
                continue
            said = " ".join(words[:-1])
            if (
                not said
                or ctx.vocab.field_on(owner.name, said, fuzzy=False) is not None
                or (_known(said, ctx) and ctx.vocab.entity(said, fuzzy=False) is not None)
            ):
                found.append((owner.name, f))
    exact = any(ctx.vocab.field_on(e, old, fuzzy=False) for e in ctx.vocab.entities)
    if len(found) != 1 or ctx.vocab.entity(old, fuzzy=False) or exact:
        return None
    entity, f = found[0]
    was = snake(words[-1])
    values = [new if v == was else v for v in f.enum_values]
    ops: list[Op] = [SetEnumValues(entity=entity, field=f.name, values=values)]
    if f.default == was:
        ops.append(SetDefault(entity=entity, field=f.name, default=new))
    return Reading(ops)


def _a_field(ctx: Context, phrase: str) -> bool:
    try:
        return _exact_field(ctx, phrase) is not None
    except Unresolved:
        return False


CALLED = rx.compile(
    r"^(?:please )?(?:let's |we should |we (?:actually |really |always )?)?(?:call|name) "
    r"(?:the )?(?P<rest>[a-z_ ]+?)(?: instead|"
    r" from now on| going forward| from here on)?$"
)


def called(clause: str, ctx: Context) -> Reading | None:
    """ "call the nightly rate 'price per night' instead": the old name is the longest start of
    the words that names exactly one field or entity of the spec, the new name the rest."""
    instead = rx.match(
        r"^(?:please )?(?:let's )?(?:call|name) (?:the )?(?:[a-z_ ]+? (?:field|column) )?"
        r"(?P<new>[a-z_]+) instead of (?:the )?(?P<old>[a-z_ ]+?)(?: field| column)?$",
        clause,
    )
    if instead and len([h for h in ctx.vocab.field_anywhere(instead["old"]) if h.exact]) == 1:
        return _rename(instead["old"], instead["new"], ctx)  # "call … field x instead of y"
    match = CALLED.match(clause)
    if match is None:
        return None
    words = match["rest"].split()
    for cut in range(len(words) - 1, 0, -1):
        old, new = " ".join(words[:cut]), " ".join(words[cut:])
        exact = ctx.vocab.entity(old, fuzzy=False) is not None or (
            len([h for h in ctx.vocab.field_anywhere(old) if h.exact]) == 1
        )
        if exact:
            return _rename(old, new, ctx)
    return None
