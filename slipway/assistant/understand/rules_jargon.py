"""A field and what it should be, said the way developers say it: "make label unique
varchar(64)", "sample.collected_at -> not null", "seats not nullable", "ibu: make it a decimal",
"encrypt the ssn", "FK from sample to freezer"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddField,
    AddRelationship,
    ChangeType,
    FieldSpec,
    Op,
    SetDefault,
    SetEncrypted,
    SetIndexed,
    SetMaxLength,
    SetRequired,
    SetUnique,
)
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.fieldtypes import coerce_default
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import FieldHit
from slipway.assistant.understand.words import snake, strip_determiners

LINK = (
    r"(?:is|are|should be|must be|has to be|have to be|needs to be|need to be|to be|becomes?|"
    r"is now|are now|should now be|->|=>|\u2192|:|=|to|into|as|should become|must become|can be|"
    r"may be|could be|is allowed to be|are allowed to be)"
)
NOT_A_NAME = {"not", "no", "never", "need", "needs", "have", "has", "can", "can't", "cannot",
              "should", "must", "don't", "doesn't", "won't", "shouldn't", "mustn't", "isn't",
              "aren't", "may", "will", "would", "could", "do", "does", "is", "are", "was",
              "were"}  # fmt: skip
"""Words that end a field's name: what follows them is a sentence, not modifiers."""
VERB = r"(?:make|set|mark|change|switch|convert|turn|alter|update|modify|define|declare)"


def field_modifiers(clause: str, ctx: Context) -> Reading | None:
    """A field, then only modifiers: "make label unique varchar(64)", "seats not nullable"."""
    text = rx.sub(rf"^{VERB} ", "", clause)
    verb = text != clause
    words = text.split()
    question: Unresolved | None = None
    for k in range(1, min(len(words), 6)):
        if NOT_A_NAME & set(words[:k]):
            break
        phrase = rx.sub(r"\s*(?::|->|=>)$", "", " ".join(words[:k]))
        rest = " ".join(words[k:])
        linked = rx.sub(rf"^{LINK}(?=\s)", "", rest).strip()
        attrs = read_modifiers(linked)
        bare = linked == rest and not words[k - 1].endswith(":")
        if bare and rx.match(r"(?:number|date|time|datetime|text|string|count|id)\b", rest):
            continue  # "the phone number …", "the due date …": the name goes on
        if (
            attrs is None
            or not strip_determiners(phrase)
            or (bare and not verb and set(attrs) <= {"type"})
        ):
            continue
        try:
            hits = [ctx.field(part) for part in rx.split(r",? and |, ", phrase)]
        except Unresolved as unresolved:
            question = question or unresolved
            continue
        ops = [op for hit in hits for op in modifier_ops(hit, attrs, ctx)]
        names = ", ".join(f"{h.entity}.{h.field}" for h in hits)
        if not ops and "max_length" in attrs:
            return Reading(notes=[f"{names} is not text: the spec has no maximum value for it."])
        fresh = all(h.field not in ctx.spec_fields(h.entity) for h in hits)  # added just now
        return Reading(ops, [] if ops or fresh else [f"{names} is already like that."])
    if question is not None and verb:
        raise question
    return None


def modifier_ops(hit: FieldHit, attrs: dict[str, object], ctx: Context) -> list[Op]:
    e, f = hit.entity, hit.field
    kind = ctx.vocab.entities[e].fields.get(f, "string")
    ops: list[Op] = []
    wanted = attrs.get("type")
    if wanted is not None and wanted != kind and not kind.startswith("ref:"):
        ops.append(ChangeType(entity=e, field=f, type=str(wanted)))
    for key, op in (("required", SetRequired), ("unique", SetUnique), ("indexed", SetIndexed)):
        if key in attrs:
            ops.append(op(entity=e, field=f, **{key: bool(attrs[key])}))
    if attrs.get("encrypted"):
        ops.append(SetEncrypted(entity=e, field=f))
    final = str(wanted or kind)
    if attrs.get("max_length") and final == "string":
        ops.append(SetMaxLength(entity=e, field=f, max_length=int(str(attrs["max_length"]))))
    if "default" in attrs:
        values = _choices_of(hit, ctx) if final == "enum" else []
        value = coerce_default(attrs["default"], final, values)
        if value is None:
            allowed = f"one of {', '.join(values)}" if values else f"a {final} value"
            raise Unresolved(
                ask(f'"{attrs["default"]}" is not a default for {e}.{f}: give {allowed}.')
            )
        ops.append(SetDefault(entity=e, field=f, default=value))
    return ops


def _choices_of(hit: FieldHit, ctx: Context) -> list[str]:
    entity = ctx.bp.entity(hit.entity) if ctx.bp is not None else None
    found = entity.field(hit.field) if entity is not None else None
    return list(found.enum_values) if found is not None else []


def encrypt(clause: str, ctx: Context) -> Reading | None:
    """ "encrypt the ssn", "stop encrypting emails", "encrypt them"."""
    match = rx.match(
        r"^(?P<off>stop |don't |do not |no longer )?(?:encrypt|encrypting|hash|hashing|"
        r"decrypt)(?: at rest)? (?P<f>.+?)(?: at rest| in the database| in the db)?$",
        clause,
    )
    if match is None:
        return None
    off = bool(match.group("off")) or clause.startswith("decrypt")
    hits = [ctx.field(part) for part in rx.split(r",? and |, ", match.group("f")) if part]
    return Reading([SetEncrypted(entity=h.entity, field=h.field, encrypted=not off) for h in hits])


FK = rx.compile(
    r"^(?:add |create |we need |i need )?(?:an? |the )?(?:fk|foreign key|reference|ref|link|"
    r"relation(?:ship)?) (?:from|on) (?:the |each |every )?(?P<a>[a-z][a-z ]*?) (?:to|pointing "
    r"to|referencing|->) (?:an? |the |one )?(?P<b>[a-z][a-z_ ]*?)(?:,? \(?(?:who|which|that) "
    r"(?:is|are) (?:an? |the )?(?P<t>[a-z][a-z ]*?)\)?|,? \((?:an? |the )?(?P<u>[a-z][a-z ]*)\))?$"
)


def foreign_key(clause: str, ctx: Context) -> Reading | None:
    """ "FK from sample to freezer"; "FK from assignment to a reviewer (who is a translator)"."""
    match = FK.match(clause)
    if match is None or ctx.vocab.entity(match.group("a")) is None:
        return None
    owner = ctx.entity(match.group("a"))
    kind = match.group("t") or match.group("u")
    if kind is None:
        target = ctx.entity(match.group("b"))
        return Reading([AddRelationship(entity=owner, kind="belongs_to", target=target)])
    target = ctx.entity(kind)
    name = snake(strip_determiners(match.group("b")))
    if not looks_like_noun(match.group("b").replace("_", "")) or not name:
        return None
    spec = FieldSpec(name=name.removesuffix("_id"), type="ref", target=target)
    ctx.vocab.add_field(owner, f"{spec.name}_id", f"ref:{target}")
    return Reading([AddField(entity=owner, field=spec)])
