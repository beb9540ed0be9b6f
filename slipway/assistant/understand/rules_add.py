"""Additions in prose: relationships, new entities with their fields, new fields on entities."""

from __future__ import annotations

import re

from slipway.assistant.operations import (
    AddBucket,
    AddField,
    AddRelationship,
    ChangeType,
    Op,
    SetDefault,
    SetEnumValues,
    SetMaxLength,
    SetRequired,
    SetUnique,
)
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.fieldphrase import Item, read_items
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import LAST_WORD_TYPES, plural, singular, snake

_A = r"(?:each |every |all |an? |the |our |one )?"
_X = r"(?P<a>[a-z][a-z ]*?)"
_Y = (
    r"(?:an? |one |the |exactly one |a single |one single |only one |just one |some )?"
    r"(?P<b>[a-z][a-z ]*?)"
)
BELONGS = (
    rf"^{_A}{_X} (?:always |must |should |can only |only )?(?:belongs?|belong) to {_Y}$",
    rf"^{_A}{_X} (?:is|are|gets|get|must be|should be|will be|can only be|is always|are always) "
    rf"(?P<verb>[a-z]+(?:ed|en|wn|t)) (?:in|to|by|at|with|for|on|under|into|from|inside|within) "
    rf"(?:exactly |only |precisely )?(?:one|an?|the|a single|one single) (?P<b>[a-z][a-z ]*?)$",
    rf"^(?:link|connect|relate|associate|tie) (?:each |every |the )?{_X} (?:to|with) {_Y}$",
    rf"^{_A}{_X} (?:only |always )?(?:works?|lives?|reports?|sits?|stays?|is based|are based|"
    rf"operates?|studies|study|teaches|teach|plays?|parks?) (?:at|in|for|to|under|with|from|on) "
    rf"(?:exactly |only )?(?:one|an?|a single|the same|a specific) (?P<b>[a-z][a-z ]*?)$",
)
_MANY = (
    r"(?:many|several|multiple|lots of|a lot of|a list of|any number of|one or more|zero or more|"
    r"a number of|a few|various)"
)
MANY = (
    rf"^{_A}{_X} (?:has|have|can have|could have|may have|will have|contains?|includes?|holds?|"
    rf"owns?|gets?|keeps?|is made of|consists of) {_MANY} (?P<b>[a-z][a-z ]*?)$",
    rf"^{_A}{_X} (?:can |may |could |will |usually |often )?(?P<verb>[a-z]+) {_MANY} "
    r"(?P<b>[a-z][a-z ]*?)$",
)
M2M = (
    rf"^{_A}{_X} (?:can |may |could )?(?:belong to|be in|be part of|appear in|be linked to|be "
    rf"tagged with|be assigned to|be attached to) {_MANY} (?P<b>[a-z][a-z ]*?)$",
    rf"^{_A}{_X} (?:can |may |could |often |usually )?(?:be )?(?:[a-z]+) (?:in|at|for|with|on|to|"
    rf"into|by) "
    rf"{_MANY} (?P<b>[a-z][a-z ]*?)$",
    r"^(?P<a>[a-z][a-z ]*?) and (?P<b>[a-z][a-z ]*?) (?:are|should be|have an?) many[- ]to[- ]many"
    r"(?: relationship| relation)?$",
    r"^(?:add |make |create |set up )?(?:an? )?many[- ]to[- ]many(?: relationship| relation| link)?"
    r" (?:between|from) (?P<a>.+?) (?:and|to) (?P<b>.+)$",
)
SHARED = {"tag", "label", "category", "skill", "topic", "keyword", "genre", "interest", "language",
          "feature", "amenity", "group", "badge", "hashtag"}  # fmt: skip
ADD_VERBS = (
    r"(?:add|include|put|attach|store|record|track|keep track of|keep|save|capture|create|"
    r"introduce|append|support|allow|we need|i need|we want|i want|need|want|also)"
)
HAVE_VERBS = (
    r"(?:need|needs|have|has|get|gets|require|requires|want|wants|store|stores|record|records|"
    r"track|tracks|keep|keeps|include|includes|contain|contains|hold|holds|carry|carries|come with|"
    r"comes with|capture|captures|be given|deserve|deserves|should have|must have|need to have|"
    r"needs to have|also need|also needs|also have|also has)"
)
ENTITY_WORDS = (
    r"(?:entity|entities|model|models|table|tables|resource|resources|object|objects|record type|"
    r"collection|type)"
)
FIELDISH = set(LAST_WORD_TYPES) | {
    "name", "title", "description", "email", "phone", "address", "notes", "note", "status",
    "comment", "summary", "url", "website", "code", "label", "nickname", "bio", "subtitle",
}  # fmt: skip


def relationship(clause: str, ctx: Context) -> Reading | None:
    for pattern in M2M:
        match = re.match(pattern, clause)
        if match and ctx.vocab.entity(match.group("a")) is not None:
            a, b = ctx.entity(match.group("a")), ctx.entity(match.group("b"), create=True)
            return Reading([AddRelationship(entity=a, kind="many_to_many", target=b)])
    for pattern in BELONGS:
        match = re.match(pattern, clause)
        if match and ctx.vocab.entity(match.group("a")) is not None:
            if not looks_like_noun(match.group("b")):
                continue
            a, b = ctx.entity(match.group("a")), ctx.entity(match.group("b"), create=True)
            strong = bool(re.search(r"\b(?:exactly|must|always|only)\b", clause))
            return Reading(
                [AddRelationship(entity=a, kind="belongs_to", target=b, required=strong)]
            )
    for pattern in MANY:
        match = re.match(pattern, clause)
        if match and ctx.vocab.entity(match.group("a")) is not None:
            create = "verb" not in match.groupdict() or match.group("verb") is None
            if not create and ctx.vocab.entity(match.group("b")) is None:
                continue
            a, b = ctx.entity(match.group("a")), ctx.entity(match.group("b"), create=create)
            modal = bool(re.search(r"\b(?:can|may|could|might)\b", clause))
            return Reading([_many(a, b, ctx, modal)])
    return None


def _many(a: str, b: str, ctx: Context, modal: bool) -> AddRelationship:
    """Many-to-many when A already points at one B, when Bs are shared by nature (tags), or when
    A "can have several" Bs that exist on their own; else B belongs to A (has many)."""
    mine = ctx.vocab.entities[a].fields.values()
    shared = singular(snake(b).split("_")[-1]) in SHARED
    if f"ref:{b}" in mine or shared or (modal and b not in ctx.vocab.pending):
        return AddRelationship(entity=a, kind="many_to_many", target=b)
    return AddRelationship(entity=a, kind="has_many", target=b)


def new_entity(clause: str, ctx: Context) -> Reading | None:
    patterns = (
        rf"^(?:add|create|introduce|define|set up|make|build|new|we need|i need|there should be|"
        rf"we want|track|manage|support|have)? ?(?:an? |the |some )?(?:new )?(?:{ENTITY_WORDS} "
        rf"(?:for|called|named) )?(?P<name>[a-z][a-z ]*?)(?: {ENTITY_WORDS})?(?: called| named)?"
        rf"(?: (?:with|having|that has|that have|containing|which has|which have|:|, with)"
        rf"(?P<fields>.+))?$",
        r"^(?:add|create|introduce|define|build|track|manage|support|store|keep|record|"
        r"we (?:also )?(?:need|have|sell|offer|track|manage|store|keep|run|host|organi[sz]e|rent|"
        r"lend)|there (?:are|is) (?:also )?)(?: also)? (?:an? |the |some )?(?:new )?"
        r"(?P<name>[a-z][a-z ]*?),? (?:with|"
        r"having|that (?:has|have)|which (?:has|have)|who (?:has|have)|each with|each having|:) "
        r"(?P<fields>.+)$",
        r"^(?P<name>[a-z][a-z ]{0,30}?): (?P<fields>.+)$",
    )
    explicit = re.search(rf"\b{ENTITY_WORDS}\b", clause) is not None
    verb = (
        re.match(
            r"^(?:add|create|introduce|define|set up|make|build|new|we need|i need|there "
            r"should be|we want|track|manage|support|have)\b",
            clause,
        )
        is not None
    )
    for i, pattern in enumerate(patterns):
        match = re.match(pattern, clause)
        if match is None or (i == 0 and not explicit and not (verb and match.group("fields"))):
            continue
        name = match.group("name").strip()
        parent = re.match(
            r"^(?P<n>[a-z][a-z ]*?) (?:on|for|of|per|attached to|belonging to|"
            r"about) (?:the |each |every |an? |all )?(?P<p>[a-z][a-z ]*)$",
            name,
        )
        if parent and ctx.vocab.entity(parent.group("p"), fuzzy=False) is not None:
            return _child(parent.group("n"), parent.group("p"), match.group("fields"), ctx)
        if not looks_like_noun(name) or (i == 0 and not explicit and match.group("fields") is None):
            continue
        hit = ctx.vocab.entity(name, fuzzy=False)
        if hit is not None:
            if match.group("fields"):
                return add_to(hit.name, match.group("fields"), ctx, strong=False)
            return Reading(notes=[f"{hit.name} already exists."])
        return _create(name, match.group("fields"), ctx)
    return None


def _child(name: str, parent: str, fields: str | None, ctx: Context) -> Reading:
    """ "Comments on tickets: a body and …": a new entity that belongs to an existing one."""
    if ctx.vocab.entity(name, fuzzy=False) is not None or not looks_like_noun(name):
        return ask(f'I could not read "{name}" as a new entity for {parent}.')
    owner = ctx.entity(parent)
    reading = _create(name, fields, ctx)
    child = ctx.vocab.pending[-1]
    reading.ops.append(
        AddRelationship(entity=child, kind="belongs_to", target=owner, required=True)
    )
    return reading


def feature_entity(clause: str, ctx: Context) -> Reading | None:
    """ "Add a comments feature to tasks": a new entity that belongs to the named one."""
    match = re.match(
        r"^(?:add|create|introduce|support|build|enable) (?:an? |the |some )?(?P<n>[a-z]"
        r"[a-z ]*?) (?:feature|support|functionality|capability|section|module|system)"
        r" (?:to|for|on|in) (?:the |all |each |every )?(?P<p>[a-z][a-z ]*)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("p")) is None:
        return None
    return _child(match.group("n"), match.group("p"), None, ctx)


def bare_entity(clause: str, ctx: Context) -> Reading | None:
    """ "Add categories": a new entity with a name, unless the word is a field's."""
    match = re.match(
        r"^(?:add|create|introduce|support|we need|i need|track|manage) (?:an? |the "
        r"|some )?(?:new )?(?P<name>[a-z][a-z ]*?)(?: too| as well)?$",
        clause,
    )
    if match is None or not looks_like_noun(match.group("name")):
        return None
    name = match.group("name")
    hit = ctx.vocab.entity(name)
    if hit is not None:
        return Reading(notes=[f"{hit.name} already exists."])
    last = singular(name.split()[-1])
    if last in FIELDISH or name.split()[-1] in FIELDISH:
        return ask(
            f"Which entity should get {name}? The entities are {', '.join(ctx.vocab.names())}."
        )
    return _create(name, None, ctx)


def _create(name: str, fields_text: str | None, ctx: Context) -> Reading:
    entity = ctx.new_entity(name, [])
    reading = Reading()
    if fields_text:
        reading = add_to(entity, fields_text, ctx, strong=False)
        if not reading.ops:
            return ask(f"What fields should {entity} have? For example 'a name and a date'.")
    return reading


def add_to(entity: str, text: str, ctx: Context, *, strong: bool) -> Reading:
    """The fields a phrase lists, added to ``entity`` (or changes to the ones it has)."""
    items = read_items(text, ctx.vocab, entity)
    if not items or any(i.spec is None for i in items):
        bad = next((i.text for i in items if i.spec is None), text)
        raise Unresolved(
            ask(
                f'I could not read "{bad}" as a field of {entity}. Try for example '
                f"'add a due date (date) to {plural(snake(entity))}'."
            )
        )
    reading = Reading()
    for item in items:
        reading.extend(_one(entity, item, ctx, strong))
    return reading


def _one(entity: str, item: Item, ctx: Context, strong: bool) -> Reading:
    spec = item.spec
    assert spec is not None
    existing = ctx.vocab.field_on(entity, spec.name, fuzzy=False)
    if existing is None and spec.type == "ref":
        existing = ctx.vocab.field_on(entity, f"{spec.name}_id", fuzzy=False)
    if existing is None:
        ctx.vocab.add_field(entity, spec.name, spec.type)
        ops: list[Op] = [AddField(entity=entity, field=spec)]
        if item.file:
            bucket = "-".join([*spec.name.split("_")[:-1], plural(spec.name.split("_")[-1])])
            ops.append(AddBucket(name=bucket[:40]))
            ctx.notes.append(f"{entity}.{spec.name} holds the file's key in the bucket {bucket}.")
        return Reading(ops)
    changes = _changes(entity, existing.field, item, strong)
    if not changes:
        return Reading(notes=[f"{entity} already has {existing.field}."])
    return Reading(changes)


def _changes(entity: str, field: str, item: Item, strong: bool) -> list[Op]:
    spec = item.spec
    assert spec is not None
    ops: list[Op] = []
    e, f = entity, field
    if "values" in item.given:
        ops.append(SetEnumValues(entity=e, field=f, values=spec.enum_values))
    elif "type" in item.given:
        ops.append(ChangeType(entity=e, field=f, type=spec.type))
    if "required" in item.given or (strong and not item.given):
        ops.append(SetRequired(entity=e, field=f, required=spec.required or not item.given))
    if "unique" in item.given:
        ops.append(SetUnique(entity=e, field=f, unique=spec.unique))
    if "default" in item.given and spec.default is not None:
        ops.append(SetDefault(entity=e, field=f, default=spec.default))
    if "max_length" in item.given and spec.max_length is not None:
        ops.append(SetMaxLength(entity=e, field=f, max_length=spec.max_length))
    return ops


def add_field(clause: str, ctx: Context) -> Reading | None:
    for rule in (_when, _how_many, _possessive, _give, _subject_has, _to_entity):
        reading = rule(clause, ctx)
        if reading is not None:
            return reading
    return None


def _when(clause: str, ctx: Context) -> Reading | None:
    match = re.match(
        r"^(?:track|record|store|log|note|remember|keep track of|capture|save|know)"
        r" (?:the (?:date|time|moment) )?when (?:an? |the |each )?(?P<e>[a-z][a-z ]*?)"
        r" (?:is|was|gets|got|are|were|has been|have been|becomes|became) "
        r"(?P<v>[a-z]+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    entity = ctx.entity(match.group("e"))
    verb = match.group("v")
    text = f"{verb} at (datetime)" if re.search(r"(?:ed|en|wn|t)$", verb) else f"{verb} date"
    return add_to(entity, text, ctx, strong=False)


def _how_many(clause: str, ctx: Context) -> Reading | None:
    """ "how many minutes each appointment lasts", "how many seats a vehicle has"."""
    match = re.match(
        r"^(?:track |record |store |know |capture |save )?how (?P<q>many|much) "
        r"(?P<x>[a-z]+(?: (?!each |every |an? |the )[a-z]+)?) (?:each |every |an? |the )?"
        r"(?P<e>[a-z][a-z ]*?) "
        r"(?P<v>[a-z]+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    x, verb = match.group("x"), match.group("v")
    if verb in ("has", "have", "holds", "contains", "gets", "includes", "seats", "carries"):
        name = x
    elif x in ("minutes", "hours", "days", "seconds", "weeks"):
        name = f"duration {x}"
    else:
        name = f"{x} {verb}"
    kind = "integer" if match.group("q") == "many" else "number"
    return add_to(ctx.entity(match.group("e")), f"{name} ({kind})", ctx, strong=False)


def _possessive(clause: str, ctx: Context) -> Reading | None:
    match = re.match(
        rf"^{ADD_VERBS} (?:the |each |every )?(?P<e>[a-z][a-z ]*?)'s? (?P<i>.+)$", clause
    )
    if match is None or "'" not in clause or ctx.vocab.entity(match.group("e")) is None:
        return None
    return add_to(ctx.entity(match.group("e")), match.group("i"), ctx, strong=False)


def _give(clause: str, ctx: Context) -> Reading | None:
    match = re.match(
        r"^give (?:each |every |all |the |our )?(?P<e>[a-z][a-z ]*?) (?P<i>(?:an?|"
        r"the|some|its|their) .+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    return add_to(ctx.entity(match.group("e")), match.group("i"), ctx, strong=False)


def _subject_has(clause: str, ctx: Context) -> Reading | None:
    match = re.match(
        rf"^{_A}(?P<e>[a-z][a-z ]*?) (?:also )?(?:should |must |will |can |could |"
        rf"shall |may |ought to |need to |needs to |have to |has to )?(?:also )?"
        rf"(?P<v>{HAVE_VERBS}) (?:also )?(?P<i>.+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    if re.match(rf"^{_MANY}\b", match.group("i")):
        return None
    strong = bool(
        re.search(
            r"\b(?:must|need|needs|require|requires|have to|has to)\b", clause[: match.start("i")]
        )
    )
    return add_to(ctx.entity(match.group("e")), match.group("i"), ctx, strong=strong)


def _to_entity(clause: str, ctx: Context) -> Reading | None:
    match = re.match(rf"^(?:{ADD_VERBS} )?(?P<rest>.+)$", clause)
    assert match is not None
    rest = match.group("rest")
    verb = match.start("rest") > 0
    if not verb and not re.match(r"^(?:an?|the|some|its|their) ", rest):
        return None
    spots = list(
        re.finditer(
            r"(?<!reference)(?<!link)(?<!pointer) (?=(?P<p>to|on|for|in|into|"
            r"onto|of|with) (?:each |every |all |the |our |any )?(?P<e>[a-z][a-z]*"
            r"(?: [a-z]+)?)\b)",
            rest,
        )
    )
    tries = [
        (s, p, exact)
        for exact in (True, False)
        for s in reversed(spots)
        for p in (s.group("e"), s.group("e").split()[0])
    ]
    for spot, phrase, exact in tries:
        hit = ctx.vocab.entity(phrase, fuzzy=not exact)
        if hit is None or (spot.group("p") in ("of", "with") and not verb):
            continue
        end = spot.start("e") + len(phrase)
        items = (rest[: spot.start()] + rest[end:]).strip(" ,")
        if items:
            return add_to(ctx.entity(phrase), items, ctx, strong=False)
    return None
