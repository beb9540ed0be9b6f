"""Relationships in prose: "loans belong to a branch", "an order has many order lines",
"a book can have several authors", "every sensor connects through one gateway"."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship, ChangeType, Op
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.relation_words import (
    BELONGS,
    DET,
    DOES_ONE,
    KEPT_FOR,
    M2M,
    MANY,
    ONE,
    PLURAL_PASSIVE,
    SHARED,
    STATIVE,
    SUBJECT,
)
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import is_plural, singular, snake

_OBJECT = rx.compile(r" (?:it|them|him|her|those|these|this|that) ")
"""A pronoun after the subject: the subject was a verb ("takes it to …")."""


def _known(match: re.Match[str] | None, ctx: Context) -> bool:
    """The subject is an entity of the spec, or a new noun said of one ("each order line belongs
    to an order": OrderLine is new)."""
    if match is None:
        return False
    if ctx.vocab.entity(match.group("a")) is not None:
        return True
    b = rx.sub(r"^(?:an?|the|one|some) ", "", match.group("b"))
    named = ctx.vocab.entity(b, fuzzy=False) is not None
    a = match.group("a")
    verbs = rx.search(r"\b(?:can|could|may|might|should|must|will|would|is|are|has|have|do|does|"
                      r"also|often|usually|always|never|only)\b", a)  # fmt: skip
    return named and looks_like_noun(a) and len(a.split()) <= 2 and verbs is None


def _side(phrase: str, ctx: Context) -> str:
    return ctx.entity(phrase, create=ctx.vocab.entity(phrase) is None)


def _other(phrase: str, ctx: Context) -> str:
    """The entity a relationship points at, made when new; "one paper type" is a Paper."""
    kind = rx.match(r"^(?P<e>[a-z][a-z ]*?) (?:type|kind|sort|variety|model)$", phrase)
    if kind and ctx.vocab.entity(kind["e"], fuzzy=False) is not None:
        phrase = kind["e"]
    return ctx.entity(phrase, create=True)


_WHILE = (
    r"\s+(?:at once|at the same time|simultaneously|concurrently|together|over time|at a time|"
    r"over the years|in total|in their lifetime)$"
)
"""Words on when, said after a link ("one locker holds many parcels over time")."""
SHARED_TAIL = rx.compile(
    r",? and (?:the |these |those |all )?(?P<b>[a-z]+(?: [a-z]+)?) (?:are|can be|get|will be) "
    r"(?:shared|reused|used) (?:across|between|among|by|in|on|with) (?:all |many |several |"
    r"different |multiple |other |the )?(?P<a>[a-z]+(?: [a-z]+)?)$"
)
"""A second half saying the other side is shared ("… many labels and labels are shared across
issues"): many on both sides."""


def _both(op: Op) -> Op:
    if isinstance(op, AddRelationship) and op.kind == "has_many":
        return op.model_copy(update={"kind": "many_to_many"})
    return op


def _tidy(clause: str, ctx: Context) -> str:
    """The link without what is said on when and on who did it ("the customer who brought it",
    "items that he brought in"): a relative clause that points back with a pronoun."""
    clause = rx.sub(_WHILE, "", clause)
    clause = rx.sub(  # "… by one key holder (a key holder can look after a few rooms)"
        r"\s*\((?:and |but |so )?(?:an? |one |each |every |the )?[a-z ]+? (?:can |may |could |"
        r"will |"
        r"often |usually )?[a-z ]*?\b(?:many|several|a few|lots of|loads of|multiple|more than one)"
        r" [a-z ]+\)$",
        "",
        clause,
    )
    optional = rx.search(r"\s*\((?:optional|not required|nullable)\)$", clause)
    clause = clause[: optional.start()] if optional else clause
    clause = rx.sub(  # "every trial has one judge assigned (to it)": the judge
        r"(?<=\bone )(?P<n>[a-z]+(?: [a-z]+)?) (?:assigned|attached|allocated|linked|responsible)"
        r"(?: to it| to them| for it)?$",
        lambda m: m["n"] if ctx.vocab.entity(m["n"], fuzzy=False) else m.group(0),
        clause,
    )

    def drop(match: re.Match[str]) -> str:
        named = ctx.vocab.entity(match["n"], fuzzy=False) or ctx.vocab.entity(
            match["n"].split()[-1], fuzzy=False
        )
        return match["n"] if named else match.group(0)

    return rx.sub(
        r"(?P<n>[a-z]+(?: [a-z]+)?) (?:that|which|who|whom) (?=[^,;]*\b(?:it|them|he|she|they|"
        r"him|her|we|i|you)\b)[^,;]*?(?=,|;|$)",
        drop,
        clause,
    )


def _several(clause: str, ctx: Context) -> Reading | None:
    """ "each move uses one truck and one crew", "belongs to a ride and to the rider": one link
    to each."""
    several = rx.match(rf"^(?P<head>.+? (?P<p>(?:to|with|in|at|on) )?{ONE}?)(?P<b>[a-z]+"
                       rf"(?: [a-z]+)?) and (?P=p)?{ONE}(?P<c>[a-z]+(?: [a-z]+)?)$",
                       clause)  # fmt: skip
    if not (
        several
        and ctx.vocab.entity(several["b"], fuzzy=False)
        and ctx.vocab.entity(several["c"], fuzzy=False)
    ):
        return None
    first = _relationship(f"{several['head']}{several['b']}", ctx)
    second = _relationship(f"{several['head']}{several['c']}", ctx)
    if first and second and first.ops and second.ops:
        first.extend(second)
        return first
    return None


def relationship(clause: str, ctx: Context) -> Reading | None:
    clause = _tidy(clause, ctx)
    kept = KEPT_FOR.search(clause)
    if kept is not None and ctx.vocab.entity(kept["x"], fuzzy=False) is None:
        return None  # "some chairs are reserved for wheelchair users": a state, no new record
    tail = SHARED_TAIL.search(clause)
    if tail is not None:  # "an issue can have many labels and labels are shared across issues"
        reading = relationship(clause[: tail.start()], ctx)
        if reading is not None:
            reading.ops = [_both(op) for op in reading.ops]
        return reading
    state, failed = ctx.snapshot(), None
    try:
        reading = _several(clause, ctx) or _relationship(clause, ctx)
    except Unresolved as unresolved:  # "… several daily reports with a note": read the parts
        ctx.restore(state)
        reading, failed = None, unresolved
    if reading is not None:
        return reading
    said = rx.match(
        r"^(?P<rel>.+?),? (?P<how>with|having|and (?:has|have|holds?|contains?|carries|gets?)|"
        r"each (?:with|having|has|holding)) (?P<fields>.+)$",
        clause,
    )
    if said is None and failed is not None:
        raise failed
    if said is None:
        return None
    reading = _several(said.group("rel"), ctx) or _relationship(said.group("rel"), ctx)
    if reading is None or reading.question or not reading.ops:
        if failed is not None:
            raise failed
        return None
    from slipway.assistant.understand.rules_add import add_to

    last = reading.ops[-1]
    owner = getattr(last, "target" if said.group("how").startswith("each") else "entity", None)
    if (
        isinstance(last, AddRelationship)
        and last.kind != "belongs_to"
        and said.group("how") in ("with", "having")
        and last.target in ctx.vocab.pending
    ):
        owner = last.target  # "each stay can have several daily reports with a note": theirs
    if owner is None or owner not in ctx.vocab.entities:
        return None
    reading.extend(add_to(owner, said.group("fields"), ctx, strong=False))
    return reading


def _relationship(clause: str, ctx: Context) -> Reading | None:
    """A reading whose subject is an entity of the spec comes first ("each stay takes place in
    one kennel" is Stay's, never a new StayTake); then one that makes its subject."""
    return _relationship_of(clause, ctx, strict=True) or _relationship_of(clause, ctx, strict=False)


def _relationship_of(clause: str, ctx: Context, *, strict: bool) -> Reading | None:
    def known(match: re.Match[str] | None) -> bool:
        if strict and (match is None or ctx.vocab.entity(match.group("a")) is None):
            return False
        return _known(match, ctx)

    for pattern in M2M:
        match = rx.match(pattern, clause)
        if known(match):
            assert match is not None
            a, b = _side(match.group("a"), ctx), _other(match.group("b"), ctx)
            return Reading([AddRelationship(entity=a, kind="many_to_many", target=b)])
    for pattern in BELONGS:
        match = rx.match(pattern, clause)
        if match and known(match):
            if not looks_like_noun(match.group("b")) or _OBJECT.match(clause[match.end("a") :]):
                continue  # "takes it to one of the fridges": a verb and its object, no entity
            a, b = _side(match.group("a"), ctx), _other(match.group("b"), ctx)
            strong = bool(rx.search(r"\b(?:exactly|must|always|only)\b", clause))
            return Reading(belongs(a, b, strong, ctx))
    does = DOES_ONE.match(clause)
    if (
        does
        and does["verb"] not in STATIVE
        and ctx.vocab.entity(does["a"], fuzzy=False)
        and ctx.vocab.entity(does["b"], fuzzy=False)
    ):
        a, b = ctx.entity(does["a"]), ctx.entity(does["b"])
        return Reading(belongs(a, b, bool(rx.search(r"\b(?:exactly|only|always)\b", clause)), ctx))
    plural = PLURAL_PASSIVE.match(clause)
    if (
        plural
        and ctx.vocab.entity(plural.group("a"), fuzzy=False)
        and is_plural(plural.group("a").split()[-1])
    ):
        return _which_side(ctx.entity(plural.group("a")), plural.group("b"), ctx)
    for pattern in MANY:
        match = rx.match(pattern, clause)
        if match and counted(clause, match.group("b"), ctx):
            continue  # "a number of bathrooms": a count, not a relationship
        if match and known(match):
            verb = match.groupdict().get("verb")
            create = verb is None or (verb not in STATIVE and looks_like_noun(match.group("b")))
            if not create and ctx.vocab.entity(match.group("b")) is None:
                continue
            a, b = _side(match.group("a"), ctx), ctx.entity(match.group("b"), create=create)
            modal = bool(rx.search(r"\b(?:can|may|could|might)\b", clause))
            modal = modal and not clause.startswith("one ")  # "one X can have many": one to many
            held = bool(rx.search(HOLDS, clause)) and a in ctx.vocab.pending
            return Reading([_many(a, b, ctx, modal or held)])
    return _has_plural(clause, ctx)


PLURAL_HAS = rx.compile(
    rf"^{DET}{SUBJECT} (?:can |could |may |might |will |should |often |usually |sometimes "
    rf")?(?:have|has|"
    r"get|gets|keep|keeps|pick|picks|choose|chooses|follow|follows|save|saves) (?:their |its |his "
    r"|her |own |some |any )?(?:(?P<adj>[a-z]+) )?(?P<b>[a-z]+)(?: right| too| as well| then)?$"
)
"""An entity said to have others by their plural ("can a student have favourite teachers",
"a track can have featured artists"): they exist on their own, so many on both sides."""


def _has_plural(clause: str, ctx: Context) -> Reading | None:
    match = PLURAL_HAS.match(clause)
    if match is None or not is_plural(match["b"]) or match["adj"] in STATIVE | {"no", "not"}:
        return None
    owner = ctx.vocab.entity(match["a"], fuzzy=False)
    other = ctx.vocab.entity(match["b"], fuzzy=False)
    if owner is None or other is None or owner.name == other.name:
        return None
    a, b = ctx.entity(owner.name), ctx.entity(other.name)
    return Reading([_many(a, b, ctx, True)])


def _which_side(a: str, phrase: str, ctx: Context) -> Reading:
    """Linked, with many on both sides unless one side already has one of the other."""
    b = ctx.entity(phrase, create=True)
    mine, theirs = ctx.vocab.entities[a].fields.values(), ctx.vocab.entities[b].fields.values()
    if f"ref:{b}" in mine or f"ref:{a}" in theirs:
        return Reading(notes=[f"{a} and {b} are already linked."])
    return Reading([AddRelationship(entity=a, kind="many_to_many", target=b)])


def belongs(a: str, b: str, required: bool, ctx: Context) -> list[Op]:
    """A belongs to B; a text field named after B ("supplier") becomes that reference."""
    name = snake(b)
    if ctx.vocab.entities[a].fields.get(name) != "string":
        return [AddRelationship(entity=a, kind="belongs_to", target=b, required=required)]
    ctx.notes.append(f"{a}.{name} was text; it is now the reference to {b}.")
    del ctx.vocab.entities[a].fields[name]
    ctx.vocab.touch()
    ctx.vocab.add_field(a, f"{name}_id", f"ref:{b}")
    return [ChangeType(entity=a, field=name, type="ref", target=b)]


PROMOTE = (
    r"^(?:make |turn )?(?:the )?(?P<f>[a-z][a-z_ ]*?) (?:should (?:be|become)|must (?:be|become)|"
    r"needs to be|has to be|into|is|be|becomes?) (?:its|their) own (?:entity|table|model|thing|"
    r"object|record type)(?:,? (?:with|having) (?P<fields>.+))?$",
    r"^(?:make|turn) (?:the )?(?P<f>[a-z][a-z_ ]*?) (?:into )?an? (?:separate |new |proper |real )?"
    r"(?:entity|table|model)(?:,? (?:with|having) (?P<fields>.+))?$",
    r"^(?:so )?(?:make|give) (?:the )?(?P<f>[a-z][a-z_ ]*?) (?:its|their) own (?:entity|table|"
    r"model|thing|object|record type)(?:,? (?:with|having) (?P<fields>.+))?$",
)


def promote(clause: str, ctx: Context) -> Reading | None:
    """ "the contractor should be its own entity with a name and a phone": a new entity, and the
    text fields of that name become references to it."""
    from slipway.assistant.understand.rules_add import create

    match = next((m for p in PROMOTE if (m := rx.match(p, clause))), None)
    if match is None:
        return None
    said = match.group("f").replace("_", " ")
    known = ctx.vocab.entity(said, fuzzy=False)
    if known is not None and known.name not in ctx.vocab.pending:
        return None  # already an entity of the spec
    names = {snake(said), snake(singular(said))}
    owners = [e for e, info in ctx.vocab.entities.items() if any(info.fields.get(n) == "string"
                                                                 for n in names)]  # fmt: skip
    if not owners or not looks_like_noun(said):
        return None
    reading = create(said, match.group("fields"), ctx) if known is None else Reading()
    target = known.name if known is not None else ctx.vocab.pending[-1]
    for owner in owners:
        if rx.search(r"many[- ]to[- ]many", ctx.text):  # "… and link them many to many"
            reading.ops.append(AddRelationship(entity=owner, kind="many_to_many", target=target))
            text = next(n for n in names if ctx.vocab.entities[owner].fields.get(n) == "string")
            ctx.notes.append(
                f"{owner}.{text} (text) is still there; remove it if the link replaces it."
            )
        else:
            reading.ops += belongs(owner, target, False, ctx)
    return reading


def counted(text: str, what: str, ctx: Context) -> bool:
    """ "a number of X" where X is not an entity of the spec reads as a count of X."""
    return bool(rx.search(r"\ba number of\b", text)) and ctx.vocab.entity(what) is None


HOLDS = r"\b(?:holds?|contains?|includes?|lists?|features?|bundles?|groups?|collects?|stores?)\b"
"""What a new container does with things that exist on their own ("carts hold several
products"): they are in many of them."""


def _many(a: str, b: str, ctx: Context, modal: bool) -> AddRelationship:
    """Many-to-many when A already points at one B, when Bs are shared by nature (tags), or when
    A "can have several" Bs that exist on their own; else B belongs to A (has many)."""
    mine = ctx.vocab.entities[a].fields.values()
    if f"ref:{a}" in ctx.vocab.entities[b].fields.values():
        return AddRelationship(entity=a, kind="has_many", target=b)  # already: said, not doubled
    shared = singular(snake(b).split("_")[-1]) in SHARED
    modal = modal and not _happening(b, ctx)
    if f"ref:{b}" in mine or shared or (modal and b not in ctx.vocab.pending):
        return AddRelationship(entity=a, kind="many_to_many", target=b)
    return AddRelationship(entity=a, kind="has_many", target=b)


def _happening(b: str, ctx: Context) -> bool:
    """B happens once, somewhere: a required link and a required date ("a kennel hosts stays")."""
    given = [f for f in ctx.spec_fields(b).values() if f.required and not f.managed]
    return any(f.type in {"date", "datetime"} for f in given) and any(f.references for f in given)
