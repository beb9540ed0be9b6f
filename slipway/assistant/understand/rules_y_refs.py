"""A record pointing at one other, said in prose: "each review is about one appointment, link
them", "an order can use at most one coupon, and it's optional", "the fitting must register which
mechanic has done it", "the test shall point to him"; and the fields of an entity the same
message made ("We need the Technician with name and email", "The mechanics are a list with their
name and a badge number")."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import Op
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.rules_relations import belongs
from slipway.assistant.understand.text import Reading, ask

_LINK = r"(?:,? (?:and |so |please )*(?:link|connect) them(?: up| together)?)?"
ABOUT = rx.compile(
    r"^(?:each|every|a|an|one) (?P<a>[a-z]+(?: [a-z]+)?) (?:is|belongs to|is about|is for|is on|"
    r"is of|is linked to|is tied to|refers to|concerns|covers|is attached to) (?:exactly )?"
    rf"(?:one|a|an|a single|one single) (?P<b>[a-z]+(?: [a-z]+)?){_LINK}$"
)
AT_MOST = rx.compile(
    r"^(?:an?|each|every|one) (?P<a>[a-z]+(?: [a-z]+)?) (?:can|may|could) (?:use|have|take|get|"
    r"carry|apply|redeem|hold|be given) (?:at most|up to|no more than|only|max(?:imum)?|just) "
    r"(?:one|a single|1) (?P<b>[a-z]+(?: [a-z]+)?)(?:,? (?:and|but) (?:it'?s|it is|that'?s|that "
    r"is) optional| \(optional\)|,? optionally)?$"
)


def _known(said: str, ctx: Context) -> str | None:
    hit = ctx.vocab.entity(said, fuzzy=False)
    return hit.name if hit is not None else None


def about_one(clause: str, ctx: Context) -> Reading | None:
    """ "each review is about one appointment", "an order can use at most one coupon"."""
    match = ABOUT.match(clause) or AT_MOST.match(clause)
    if match is None:
        return None
    a, b = _known(match["a"], ctx), _known(match["b"], ctx)
    if a is None or b is None or a == b:
        return None
    if any(v == f"ref:{b}" for v in ctx.vocab.entities[a].fields.values()):
        return Reading(notes=[f"{a} already points at {b}."])
    ctx.focus = a
    return Reading(belongs(a, b, False, ctx))


POINT = rx.compile(
    r"^(?:the |each |every )?(?P<a>[a-z]+(?: [a-z]+)?) (?:shall|should|must|will|has to|needs to|"
    r"is to|can) (?:point|refer|link|be linked|be tied) (?:to|at|with) (?:the )?"
    r"(?P<b>him|her|it|them|[a-z]+(?: [a-z]+)?)(?: (?:it|they|that|which|where|who) [a-z ]+)?$"
)


def points_to(clause: str, ctx: Context) -> Reading | None:
    """ "the test shall point to him": to the entity spoken of last."""
    match = POINT.match(clause)
    if match is None:
        return None
    said = ctx.vocab.entity(match["a"])
    pronoun = match["b"] in ("him", "her", "it", "them")
    b = ctx.focus if pronoun else _known(match["b"], ctx)
    if said is None or b is None or b not in ctx.vocab.entities or said.name == b:
        return None
    if pronoun and b not in ctx.vocab.pending:
        return None  # "it" is the entity this message made, or too unsure to link
    return Reading(belongs(said.name, b, False, ctx))


INSTEAD = rx.compile(
    r"^(?:have|make|add|use|create) (?:an? |the )?(?P<x>[a-z]+(?: [a-z]+)?) (?:entity|table|"
    r"model) instead of (?:the |a )?(?P<f>[a-z_]+(?: [a-z_]+)?) (?:being|as) (?:a |an )?(?:free |"
    r"plain )?(?:text|string)(?: field)? (?:on|in|of) (?:the |each |every |a )?(?P<y>[a-z]+)$"
)


def instead_of_text(clause: str, ctx: Context) -> Reading | None:
    """ "have a Ward entity instead of ward being free text on the shift": the text field becomes
    a reference to the new entity."""
    from slipway.assistant.operations import AddRelationship, RemoveField

    match = INSTEAD.match(clause)
    y = _known(match["y"], ctx) if match else None
    if match is None or y is None or _known(match["x"], ctx) or not looks_like_noun(match["x"]):
        return None
    said = ctx.vocab.field_on(y, match["f"], fuzzy=False)
    if said is None or ctx.vocab.entities[y].fields.get(said.field) != "string":
        return None
    x = ctx.new_entity(match["x"])
    ops = belongs(y, x, False, ctx)
    if any(isinstance(op, AddRelationship) for op in ops):  # the text field has another name
        del ctx.vocab.entities[y].fields[said.field]
        ops = [RemoveField(entity=y, field=said.field), *ops]
    return Reading(ops)


WHICH = rx.compile(
    r"^(?:the |each |every )?(?P<a>[a-z]+(?: [a-z]+)?) (?:must|should|needs to|has to|shall) "
    r"(?:register|record|store|say|show|know|track|note|keep) which (?P<x>[a-z]+) "
    r"(?:has done it|did it|was responsible|was in charge|did the work|has made it|made it|"
    r"handled it|performed it|has handled it|has performed it)$"
)


def which_one(clause: str, ctx: Context) -> Reading | None:
    """ "The fitting must register which mechanic has done it": a link to that one, a new
    entity when the spec has none."""
    match = WHICH.match(clause)
    a = _known(match["a"], ctx) if match else None
    if match is None or a is None:
        return None
    b = _known(match["x"], ctx)
    if b is None:
        if not looks_like_noun(match["x"]) or ctx.vocab.field_anywhere(match["x"]):
            return None
        b = ctx.new_entity(match["x"])
    return Reading(belongs(a, b, False, ctx))


WITH = rx.compile(
    r"^(?:(?:we|i) (?:need|want) )?(?:the|a|an) (?P<x>[a-z]+(?: [a-z]+)?) (?:with|having) "
    r"(?P<f>.+)$"
)
LIST = rx.compile(
    r"^(?:the |our )?(?P<x>[a-z]+s) (?:are|is) (?:a (?:fixed |short |small )?list|a set|a few "
    r"people|people|staff|a group|a team)(?: of (?:people|staff))?,? (?:with|each with|having|"
    r"and we need|we need) (?P<f>.+)$"
)


def made_with(clause: str, ctx: Context) -> Reading | None:
    """Fields of an entity this message made: "We need the Technician with name and email", "The
    mechanics are a list with their name and a badge number"."""
    from slipway.assistant.understand.rules_add import add_to

    match = WITH.match(clause) or LIST.match(clause)
    hit = ctx.vocab.entity(match["x"], fuzzy=False) if match else None
    if match is None or hit is None or hit.name not in ctx.vocab.pending:
        return None
    fields = rx.sub(r"\b(?:his|her|their|its) ", "", match["f"])
    try:
        reading = add_to(hit.name, fields, ctx, strong=False)
    except Unresolved:
        return None
    ops: list[Op] = list(reading.ops)
    return Reading(ops, reading.notes) if ops and not reading.question else None


HEDGED = rx.compile(
    r"^(?:so |and |then )*(?:would it make sense|does it make sense|would it be possible|is it "
    r"possible|would it be ok|is it ok|would it be a good idea) (?P<rest>(?:to|for) .+)$"
)
"""A request put as a question ("would it make sense for each commission to be assigned to one
binder?", "is it possible for a party to be linked to a session?")."""


def hedged(clause: str, ctx: Context) -> Reading | None:
    """The request inside a hedge, read by the rules as if said plainly; None when no rule
    makes a change of it (a real question stays a question)."""
    from slipway.assistant.understand import read_clause

    match = HEDGED.match(clause)
    if match is None:
        return None
    rest = rx.sub(
        r"^for (?P<s>.+?) to (?P<v>be|have|use|point|get|keep|store|record|link|belong)\b",
        r"\g<s> should \g<v>",
        match["rest"],
    )
    rest = rx.sub(r"^to ", "", rest)
    created = len(ctx.created)
    reading = read_clause(rest, ctx)
    if reading is None or reading.question or not (reading.ops or len(ctx.created) > created):
        return None
    if any(op.op.startswith(("remove", "rename")) for op in reading.ops):
        raise Unresolved(ask(f"Do you want me to {rest}? Say it as a request and I will."))
    return reading


NOT_LINKED = rx.compile(
    r"^(?:actually |but |currently |right now |at the moment |today )?(?:the |a |our )?"
    r"(?P<a>[a-z]+(?: [a-z]+)?) (?:is|are) (?:not|n't|never) (?:yet )?(?:linked|connected|related|"
    r"tied|attached) (?:to|with) (?:the |a |its |their )?(?P<b>[a-z]+(?: [a-z]+)?)"
    r"(?: yet| at the moment| right now| now| today| in the spec)?$"
)


def not_linked(clause: str, ctx: Context) -> Reading | None:
    """ "Actually the property is not linked to the customer": why the link said in another
    sentence of the message is wanted; nothing more to change."""
    match = NOT_LINKED.match(clause)
    a = _known(match["a"], ctx) if match else None
    b = _known(match["b"], ctx) if match else None
    if a is None or b is None:
        return None
    others = [s for s in rx.split(r"[.!?;]\s*", ctx.text) if s.strip() and s.strip() != clause]
    if not any({a, b} <= set(ctx.vocab.find_entities(s)) for s in others):
        return None
    return Reading(notes=[])


EXAMPLE = rx.compile(
    r"\s*\((?:[^()]*\b(?:for example|for instance|e\.g\.?|eg|such as|like)\b[^()]*)\)(?=$|[,.])"
)
"""An example in brackets ("(the landlords for example)"): no part of the request."""


def bracketed_example(clause: str, ctx: Context) -> Reading | None:
    """The clause read without the example in brackets it gives."""
    from slipway.assistant.understand import read_clause

    plain = EXAMPLE.sub("", clause).strip()
    if plain == clause or not plain:
        return None
    reading = read_clause(plain, ctx)
    return reading if reading is not None and not reading.question else None


ONE_OF = rx.compile(
    r"\bone of (?:our|the|their|its|his|her|your) (?:two|three|four|five|six|seven|eight|nine|"
    r"ten|\d+|several|many|few|various|different) (?P<x>[a-z]+s)\b"
)
"""A link said through how many there are ("happens at one of our two stores"): to a store."""


def one_of_ours(clause: str, ctx: Context) -> Reading | None:
    """The clause read with "one of our two stores" said as "a store"."""
    from slipway.assistant.understand import read_clause
    from slipway.assistant.understand.words import singular

    plain = ONE_OF.sub(lambda m: f"a {singular(m['x'])}", clause)
    if plain == clause:
        return None
    created = len(ctx.created)
    reading = read_clause(plain, ctx)
    if reading is not None and not reading.question and (reading.ops or len(ctx.created) > created):
        return reading
    at = rx.match(
        r"^(?:every |each |an? |the )?(?P<a>[a-z]+(?: [a-z]+)??) (?:[a-z]+ ){1,3}(?:at|in|on|from|"
        r"with|to|for|by|of) a (?P<x>[a-z]+)$",
        plain,
    )
    a = _known(at["a"], ctx) if at else None
    if at is None or a is None or not rx.fullmatch(r"[a-z]{3,}", at["x"]):
        return None  # "… at one of our two stores": a link to a store, new if need be
    x = _known(at["x"], ctx) or ctx.new_entity(at["x"])
    return Reading(belongs(a, x, False, ctx)) if x != a else None


ASIDE = rx.compile(
    r",?\s+(?:of course|obviously|naturally|clearly|surely|for sure|as you'?d expect|as expected)$"
)
"""An aside at the end ("one book can have several tags of course"): no part of the request."""


def without_aside(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand import read_clause

    plain = ASIDE.sub("", clause).strip()
    if plain == clause or not plain:
        return None
    reading = read_clause(plain, ctx)
    return reading if reading is not None and not reading.question else None


TYPE_REMARK = rx.compile(
    r"\((?P<t>(?:an? )?(?:decimal|integer|whole number|number|text|date|datetime|boolean|yes/no|"
    r"money|free text))\s*,\s*(?P<r>[^()]*)\)"
)
"""A type in brackets and a remark after it ("quantity (decimal, we sell by the kg)")."""


def type_remark(clause: str, ctx: Context) -> Reading | None:
    """The clause read with only the type kept in the brackets."""
    from slipway.assistant.understand import read_clause
    from slipway.assistant.understand.modifiers import read_modifiers

    def kept(m: re.Match[str]) -> str:  # "(decimal, required)": both are the field's
        return m.group(0) if read_modifiers(m["r"]) is not None else f"({m['t']})"

    plain = TYPE_REMARK.sub(kept, clause)
    if plain == clause:
        return None
    created = len(ctx.created)
    reading = read_clause(plain, ctx)
    if reading is None or reading.question or not (reading.ops or len(ctx.created) > created):
        return None
    return reading
