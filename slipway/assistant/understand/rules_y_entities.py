"""New entities said in prose, with their fields and what they belong to: "we want to track
each supply flight: which hut, the date, and the load in kg", "record leaks that customers report
on their account: when it was reported, …", "we need a Part catalogue: a part number, a name",
"A reservation is for one book by one member, with the date it was placed", "we need
reservations with the member, the book and when it was reserved", "make the Host its own entity
with a name".

The new name must be a plain noun the spec does not have (neither as an entity nor as a field),
and its fields must all read as fields: otherwise the clause is left to the other rules."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import AddField, AddRelationship, Op
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import pascal, singular, snake

_VERB = (
    r"(?:track|record|log|keep track of|store|keep|register|capture|manage|have|add|create|"
    r"introduce|start (?:tracking|recording|logging))"
)
_KIND = r"(?:catalogue|catalog|list|register|registry|table|entity|records?|log|book|model)"
_DET = r"(?:each |every |all |the |our |a |an |some |new )"
INTRO = rx.compile(
    rf"^(?:(?P<v>{_VERB}) )?{_DET}*(?P<x>[a-z]+(?: [a-z]+)??)(?: (?P<k>{_KIND}))?"
    r"(?P<rel>(?:,? (?:that|which|who|where|when|things like|like|e\.g\.|for example)| (?:on|for|"
    r"of|per|at|from|about)) [^:]+)?: (?P<f>.+)$"
)
"""A new entity, then a colon and its fields."""
_OWNER = rx.compile(
    r"\b(?:on|for|of|per|to|at|in|about|against) (?:their |the |a |an |each |every |its |our |one "
    r"of (?:our |the )?)?(?P<o>[a-z]+(?: [a-z]+)?)"
)


ACTIVITY = {
    "edit", "edits", "change", "update", "deletion", "login", "logins", "access", "modification",
    "action", "error", "failure",
}  # fmt: skip
"""What happens in the app rather than a kind of record: an audit log, not an entity."""


def introduced(clause: str, ctx: Context) -> Reading | None:
    """ "track each supply flight: which hut, the date …", "a part catalogue: a part number …"."""
    match = INTRO.match(clause)
    if match is None or not (match["v"] or match["k"]):
        return None
    said = match["x"]
    words = said.split()
    plural = singular(words[-1]) != words[-1]
    if not match["k"] and not plural and not rx.search(r"\b(?:each|every)\b", clause):
        return None  # "track the weather: …" names no kind of record
    return _new(said, match["f"], _owners(match["rel"] or "", ctx), ctx)


def _owners(text: str, ctx: Context) -> list[str]:
    """The entities a phrase hangs a record on ("… that customers report on their account")."""
    out = []
    for spot in _OWNER.finditer(text):
        for phrase in (spot["o"], spot["o"].split()[0]):
            hit = ctx.vocab.entity(phrase, fuzzy=False)
            if hit is not None and hit.name not in out:
                out.append(hit.name)
                break
    return out[-1:]


def _new(said: str, fields: str, owners: list[str], ctx: Context) -> Reading | None:
    """The entity ``said`` with ``fields``, belonging to ``owners``; None if it is not new."""
    from slipway.assistant.understand.rules_add import create

    words = said.split()
    name = " ".join([*words[:-1], singular(words[-1])])
    if not looks_like_noun(name) or ctx.vocab.entity(name, fuzzy=False) is not None:
        return None
    if set(name.split()) & ACTIVITY:
        return None  # "record every edit: who made it and when" is an audit log
    if ctx.vocab.field_anywhere(name) and len(words) == 1:
        return None
    fields = rx.sub(r"\b(?:it|they) (?:has|have|is|are|'s) been\b", "it is", fields)
    fields = rx.sub(
        r"\bhow many(?: of (?:each|them|it|those))? (?:we have|we've got|are there|there are|are "
        r"left|is left|are in stock|we hold|we keep)\b[^,]*",
        "a quantity (whole number)",
        fields,
    )
    fields = rx.sub(r"\b(?P<w>whether .+?) (?:yet|already|or not)\b", r"\g<w>", fields)
    try:
        reading = create(name, _commas(fields, ctx), ctx)
    except Unresolved:
        return None
    if reading.question:
        return None
    entity = ctx.vocab.pending[-1] if ctx.vocab.pending else pascal(name)
    return Reading([*reading.ops, *_belongs(entity, owners, reading.ops, ctx)], reading.notes)


def _commas(fields: str, ctx: Context) -> str:
    """ "the member the book and …": a comma between two entities said one after the other."""

    def cut(match: re.Match[str]) -> str:
        known = ctx.vocab.entity(match["n"], fuzzy=False) is not None
        return f"{match['d']} {match['n']}," if known else match.group(0)

    return rx.sub(r"\b(?P<d>the|a|an|which|one) (?P<n>[a-z]+)(?= (?:the|a|an|which) )", cut, fields)


def _belongs(entity: str, owners: list[str], ops: list[Op], ctx: Context) -> list[Op]:
    """belongs_to each owner the fields do not already point at."""
    pointed = {
        op.field.target for op in ops if isinstance(op, AddField) and op.field.type == "ref"
    } | {op.target for op in ops if isinstance(op, AddRelationship)}
    out: list[Op] = []
    for owner in owners:
        if owner not in pointed and owner != entity:
            ctx.vocab.add_field(entity, f"{owner.lower()}_id", f"ref:{owner}")
            out.append(AddRelationship(entity=entity, kind="belongs_to", target=owner))
    return out


FOR_ONE = rx.compile(
    r"^(?:a|an|each|every) (?P<x>[a-z]+(?: [a-z]+)?) (?:is|belongs to|is for|is made for|is about|"
    r"is on|is of|is made by|is placed by|is made on|goes with) (?:exactly )?(?:one |a |an |the )?"
    r"(?P<b>[a-z]+)(?: (?:by|from|and|for|of|with|to) (?:exactly )?(?:one |a |an |the )?"
    r"(?P<c>[a-z]+))?(?:,? (?:and )?(?:with|has|have|holds|records?|stores?|keeps?) (?P<f>.+))?$"
)
"""A new kind of record said by what it is for ("A reservation is for one book by one member,
with the date it was placed")."""


def for_one(clause: str, ctx: Context) -> Reading | None:
    match = FOR_ONE.match(clause)
    if match is None:
        return None
    owners = []
    for said in (match["b"], match["c"]):
        if said is None:
            continue
        hit = ctx.vocab.entity(said, fuzzy=False)
        if hit is None:
            return None
        owners.append(hit.name)
    pending = ctx.vocab.entity(match["x"], fuzzy=False)
    if pending is not None and pending.name in ctx.vocab.pending:  # said again: its links
        ops = _belongs(pending.name, owners, [], ctx)
        more = _more(pending.name, match["f"], ctx)
        return Reading([*ops, *more]) if more is not None else None
    fields = match["f"] or ""
    if not fields:
        name = pascal(match["x"])
        if not looks_like_noun(match["x"]) or ctx.vocab.entity(match["x"], fuzzy=False):
            return None
        ctx.new_entity(match["x"])
        return Reading(_belongs(name, owners, [], ctx))
    return _new(match["x"], rx.sub(r"^(?:with )", "", fields), owners, ctx)


def _more(entity: str, fields: str | None, ctx: Context) -> list[Op] | None:
    from slipway.assistant.understand.rules_add import add_to

    if not fields:
        return []
    try:
        reading = add_to(entity, fields, ctx, strong=False)
    except Unresolved:
        return None
    return reading.ops if not reading.question else None


WITH = rx.compile(
    r"^(?:so )?(?:we|i) (?:need|want|would like|'d like) (?:to have )?(?:some |new )?"
    r"(?P<x>[a-z]+s) (?:(?:with|that have|having|holding|recording) (?P<f>.+)|(?:(?:in here|here|"
    r"in the system|in the spec|as well|too|also) )*\((?:just |only )?(?P<g>[^()]+)\))$"
)
"""A new kind of record named in the plural with what it holds ("we need reservations with the
member, the book and when it was reserved")."""


def with_fields(clause: str, ctx: Context) -> Reading | None:
    match = WITH.match(clause)
    tail = rx.search(r"\bso (?=(?:we|i) )", clause)
    if match is None and tail is not None:
        match = WITH.match(clause[tail.start() :])
        head = clause[: tail.start()]
        if match is not None and rx.search(rf"\b{singular(match['x'])}", head):
            return None  # "… at one of our two stores, so we need stores …": read in parts
    made = rx.match(
        r"^(?P<x>[a-z]+s) (?:(?:in here|here|in the system|in the spec|as well|too|also) )*"
        r"\((?:just |only )?(?P<f>[^()]+)\)$",
        clause,
    )
    known = ctx.vocab.entity(made["x"], fuzzy=False) if made else None
    if match is None and made is not None and known is not None and known.name in ctx.vocab.pending:
        match = made  # "(so we need) stores in here too (just a name and an address)"
    bare = rx.match(r"^(?P<x>[a-z]+s) with (?P<f>.+)$", clause)
    if match is None and bare is not None and _commas(bare["f"], ctx) != bare["f"]:
        match = bare  # "inspections with the vessel the mechanic and …": said without commas
    if match is None:
        return None
    fields = match["f"] or match.groupdict().get("g") or ""
    pending = ctx.vocab.entity(match["x"], fuzzy=False)
    if pending is not None and pending.name in ctx.vocab.pending:  # made by the sentence before
        more = _more(pending.name, fields, ctx)
        return Reading(more) if more else None
    return _new(match["x"], fields, [], ctx)


OWN = rx.compile(
    r"^(?:please )?(?:make|create|add|have|turn) (?:the |a |an )?(?P<x>[a-z]+(?: [a-z]+)??) "
    r"(?:as |into )?(?:its |their |his |an? )?own (?:entity|table|model|thing|record)"
    r"(?:,? (?:with|having) (?P<f>.+))?$"
)


def own_entity(clause: str, ctx: Context) -> Reading | None:
    """ "make the Host as own entity with a name", when this message already made Host."""
    match = OWN.match(clause)
    hit = ctx.vocab.entity(match["x"], fuzzy=False) if match else None
    if match is None or hit is None or hit.name not in ctx.vocab.pending or not match["f"]:
        return None
    if rx.search(r"\b(?:connection|link|relation(?:ship)?|many to many)\b", match["f"] or ""):
        return None  # "… with a name, and this connection many to many": two requests
    more = _more(hit.name, match["f"], ctx)
    return Reading(more) if more is not None else None


PURPOSE = rx.compile(
    r"^(?:add|create|introduce|have|make) (?:an? |the )?(?:new )?(?P<x>[a-z]+(?: [a-z]+)?) "
    r"(?:entity|table|model) (?:for|to (?:hold|track|record|store|keep|list)) (?:the |our |a |an "
    r"|all )?[a-z][a-z ]*$"
)
"""A new entity said with what it is for ("add a Customer entity for the farm shop")."""


def for_purpose(clause: str, ctx: Context) -> Reading | None:
    match = PURPOSE.match(clause)
    if match is None or not looks_like_noun(match["x"]):
        return None
    if ctx.vocab.entity(match["x"], fuzzy=False) is not None:
        return None
    ctx.new_entity(match["x"])
    return Reading()


LISTED = rx.compile(r"^(?:just |only |and )?(?:an? |the )?[a-z][a-z ']*(?:(?:,| \+|,? and) .+)+$")
"""A bare list of fields ("name, email, and whether they're trade or retail")."""


def listed(clause: str, ctx: Context) -> Reading | None:
    """The fields of the entity the message just made, listed in a sentence of their own."""
    focus = ctx.focus
    if focus is None or focus not in ctx.vocab.pending or not LISTED.match(clause):
        return None
    if ctx.vocab.find_entities(clause) or rx.search(
        r"\b(?:is|are|has|have|should|must|can|will|need|needs|want|add|make|remove)\b",
        rx.sub(r"\bwhether .*$", "", clause),
    ):
        return None
    said = rx.sub(
        r"\bwhether (?:they|it) (?:are|is|'re|'s) (?:an? )?(?P<a>[a-z]+) or (?:an? )?"
        r"(?P<b>[a-z]+)$",
        r"a type (\g<a> or \g<b>)",
        rx.sub(r" \+ ", ", ", clause),
    )  # "whether they're trade or retail": one of two kinds
    more = _more(focus, said, ctx)
    return Reading(more) if more else None


LEAVE = rx.compile(
    r"^(?:(?:we|i)(?:'d| would) (?:love|like)|(?:we|i) want|let) (?:the |our )?(?P<y>[a-z]+s) "
    r"(?:to )?(?:leave|write|submit|make|file|post|give|send|add|log|raise) (?P<x>[a-z]+s)"
    r"(?: (?:after|for|about|on|at|during|when) [a-z ]+?)?: (?P<f>.+)$"
)
"""Records the users of one entity make ("we'd love travellers to leave reviews after the trip:
1 to 5 stars, a comment, who wrote it and which tour it's about")."""


def left_by(clause: str, ctx: Context) -> Reading | None:
    match = LEAVE.match(clause)
    author = ctx.vocab.entity(match["y"], fuzzy=False) if match else None
    if match is None or author is None:
        return None
    fields = rx.sub(
        r"\bwho (?:wrote|made|left|sent|gave|filed|posted|raised|submitted|logged) (?:it|them)\b",
        f"which {snake(author.name).replace('_', ' ')}",
        match["f"],
    )
    fields = rx.sub(r"\b(?:a )?(?P<a>\d+) to (?P<b>\d+) (?P<u>stars|points)\b",
                    r"\g<u> from \g<a> to \g<b>", fields)  # fmt: skip
    return _new(match["x"], fields, [], ctx)


PROPER = rx.compile(
    r"^(?:make|turn) (?:it|that|this|them|those)(?: into)? (?:a |an |its own |their own )?"
    r"(?:proper |real |separate |own |full |full-blown )?(?:table|entity|model|thing)$"
)


def proper_table(clause: str, ctx: Context) -> Reading | None:
    """ "lessons need an instructor … make it a proper table": the field just said becomes an
    entity of its own (the text field then points at it)."""
    subject = ctx.subject
    if not PROPER.match(clause) or subject is None:
        return None
    name = subject.field.removesuffix("_id").replace("_", " ")
    kind = ctx.vocab.entities.get(subject.entity)
    if (
        kind is None
        or kind.fields.get(subject.field) != "string"
        or not rx.fullmatch(r"[a-z]+(?: [a-z]+)?", name)
    ):
        return None
    if ctx.vocab.entity(name, fuzzy=False) is not None:
        return None
    ctx.new_entity(name)
    return Reading()


COUNTED = rx.compile(
    r"^there(?: is|'s| are|'re) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|a few|"
    r"several|many) of them,? (?P<f>.+?),? (?:each|for each|apiece|for every one)$"
)


def counted_fields(clause: str, ctx: Context) -> Reading | None:
    """ "there's 4 of them, name & phone each": the fields of the entity just made."""
    match = COUNTED.match(clause)
    focus = ctx.focus
    if match is None or focus is None or focus not in ctx.vocab.pending:
        return None
    more = _more(focus, rx.sub(r"\s*&\s*", " and ", match["f"]), ctx)
    return Reading(more) if more else None
