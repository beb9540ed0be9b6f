"""An entity's features said of the entity spoken of ("Apple deliveries are evidence … They must
never be hard-deleted, and every edit has to be logged"), a field encrypted on the entity said
before ("encrypt the name on that"), and a new field said with its encryption ("we also need
their postal addresses, encrypted as well")."""

from __future__ import annotations

from importlib import import_module

from slipway.assistant import rx
from slipway.assistant.operations import AddField, FieldSpec, Op, SetEncrypted, SetEntityOption
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.rules_features import ALL
from slipway.assistant.understand.text import Reading

_EVERY_EDIT = rx.compile(
    r"^(?:and )?(?:every|each|any|all) (?:single )?(?:edits?|changes?|modifications?|updates?)"
    r"(?: made)? (?:has to|have to|must|should|needs? to|shall|will|is to|are to) be (?:logged|"
    r"recorded|tracked|audited|kept)$"
)


def audit_of_focus(clause: str, ctx: Context) -> Reading | None:
    """ "every edit has to be logged", of the entity the message speaks of."""
    if _EVERY_EDIT.match(clause) is None:
        return None
    if ctx.vocab.find_entities(clause) or ALL.search(clause):
        return None  # an entity named: the feature rules'
    if ctx.focus is None or ctx.focus not in ctx.vocab.entities:
        return None
    return Reading([SetEntityOption(entity=ctx.focus, option="audit_log")])


_AND_EVERY_EDIT = rx.compile(r"^(?P<rest>.+?),? and (?P<edit>(?:every|each|any|all) .+)$")


def and_every_edit(clause: str, ctx: Context) -> Reading | None:
    """ "bottlings must never be hard-deleted and every change must be recorded": the request
    before, and an audit log of its one entity."""
    said = _AND_EVERY_EDIT.match(clause)
    if said is None or _EVERY_EDIT.match(said.group("edit")) is None:
        return None
    reader = import_module("slipway.assistant.understand")  # the rules' reader, at call time
    state = ctx.snapshot()
    found: Reading | None = reader.read_clause(said.group("rest"), ctx)
    owners = {getattr(op, "entity", None) for op in found.ops} if found else set()
    if found is None or found.question or len(owners) != 1 or None in owners:
        ctx.restore(state)
        return None
    entity = str(owners.pop())
    audit = SetEntityOption(entity=entity, option="audit_log")
    return Reading([*found.ops, audit], list(found.notes))


_ON_THAT = rx.compile(
    r"^(?:please )?encrypt (?:the |their |its )?(?P<f>[a-z_ ]+?) (?:on|of|for|in) (?:that|it|"
    r"them|this|those|these)(?: one| entity| table)?$"
)


def encrypt_on_that(clause: str, ctx: Context) -> Reading | None:
    """ "encrypt the name on that": a field of the entity the message (or the one before) spoke
    of."""
    said = _ON_THAT.match(clause)
    if said is None:
        return None
    owners = {hit.entity for hit in ctx.earlier}
    entity = ctx.focus or (next(iter(owners)) if len(owners) == 1 else None)
    if entity is None or entity not in ctx.vocab.entities:
        return None
    try:
        hit = ctx.field(said.group("f"), entity)
    except Unresolved:
        return None
    if hit.entity != entity:
        return None
    return Reading([SetEncrypted(entity=entity, field=hit.field)])


_THAT_ONE = rx.compile(
    r"^(?:(?:for|because of|due to|under) [a-z]+,? )?(?:(?:that|this|the new|the same) (?P<n>"
    r"[a-z]+)(?: field| column)? |it |that |this )?(?:needs to|must|should|has to|have to|"
    r"ought to|shall) be encrypted(?: at rest| too| as well)?$"
)
_ANY_ONE = {"field", "one", "value", "column", "thing", "data", "info"}


def encrypt_that(clause: str, ctx: Context) -> Reading | None:
    """ "for GDPR that number needs to be encrypted at rest": the field the request before
    added or spoke of."""
    said = _THAT_ONE.match(clause)
    if said is None or ctx.subject is not None or ctx.created:
        return None  # a field this message spoke of: the other rules'
    noun = said.group("n") or "one"
    hits = {
        (h.entity, h.field)
        for h in ctx.earlier
        if h.entity in ctx.vocab.entities
        and h.field in ctx.vocab.entities[h.entity].fields
        and (noun in _ANY_ONE or noun.rstrip("s") in h.field.split("_"))
    }
    if len(hits) != 1:
        return None
    entity, name = hits.pop()
    return Reading([SetEncrypted(entity=entity, field=name)])


_ENCRYPTED_TOO = rx.compile(
    r"^(?P<rest>.+?),? (?:and )?(?:(?:it|they|that|those|these) )?(?:(?:must|should|has to|have "
    r"to|needs? to) be |all )?encrypted(?: as well| too| also| at rest)?$"
)


def new_and_encrypted(clause: str, ctx: Context) -> Reading | None:
    """ "we also need their postal addresses, encrypted as well": the new field, encrypted."""
    said = _ENCRYPTED_TOO.match(clause)
    if said is None or not rx.search(r",|\b(?:and|too|as well|also)\b", clause[said.end("rest") :]):
        return None
    reader = import_module("slipway.assistant.understand")  # the rules' reader, at call time
    state = ctx.snapshot()
    found: Reading | None = reader.read_clause(said.group("rest"), ctx)
    added = [op for op in found.ops if isinstance(op, AddField)] if found else []
    if found is None or found.question or not added or any(op.field.type == "ref" for op in added):
        ctx.restore(state)
        return None
    ops: list[Op] = [
        AddField(entity=op.entity, field=FieldSpec(**{**op.field.model_dump(), "encrypted": True}))
        if isinstance(op, AddField)
        else op
        for op in found.ops
    ]
    return Reading(ops, list(found.notes))


_WHY_SECRET = rx.compile(
    r"^(?:because |since |as )?(?P<s>[a-z_' ]{1,40}?) (?:is|are) (?:very |"
    r"highly )?(?:health[- ]related|sensitive|personal|private|pii|confidential|medical|secret|"
    r"special[- ]category|regulated)(?: personal)?(?: data| information| info| details)?$"
)


def why_secret(clause: str, ctx: Context) -> Reading | None:
    """ "It is health-related data.": the reason for an encryption the message asks for."""
    said = _WHY_SECRET.match(clause)
    if said is None or "encrypt" not in (ctx.text or ""):
        return None
    subject = said.group("s")
    if (
        subject not in _PRONOUNS
        and not ctx.vocab.mentions(subject)
        and not ctx.vocab.fields_in(subject, [])
    ):
        return None
    return Reading()


_PRONOUNS = {"it", "that", "this", "they", "these", "those", "the data", "this data", "that data"}
