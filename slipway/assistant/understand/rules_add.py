"""Additions in prose: new fields on entities ("books need a publication date"), an entity
named bare ("add categories"), and the fields a new entity is created with."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddBucket,
    AddField,
    ChangeType,
    Op,
    SetDefault,
    SetEnumValues,
    SetMaxLength,
    SetRequired,
    SetUnique,
)
from slipway.assistant.understand import phrased
from slipway.assistant.understand.context import Context, Unresolved, either, looks_like_noun
from slipway.assistant.understand.fieldphrase import SAYS_HOW, Item, read_items
from slipway.assistant.understand.lexicon import LAST_WORD_TYPES
from slipway.assistant.understand.relation_words import DET, MANY_WORDS
from slipway.assistant.understand.rules_relations import counted
from slipway.assistant.understand.spelling import fix_name
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import FieldHit, slip, stems
from slipway.assistant.understand.words import is_plural, pascal, plural, singular, snake

ADD_VERBS = (
    r"(?:add|include|put|attach|store|record|track|keep track of|keep|save|capture|create|"
    r"introduce|append|support|allow|we need|i need|we want|i want|need|want|also|charge|"
    r"collect|ask for|require|request)"
)
HAVE_VERBS = (
    r"(?:need|needs|have|has|get|gets|got|has got|have got|require|requires|want|wants|store|"
    r"stores|record|records|"
    r"track|tracks|keep|keeps|include|includes|contain|contains|hold|holds|carry|carries|come with|"
    r"comes with|capture|captures|be given|deserve|deserves|should have|must have|need to have|"
    r"needs to have|also need|also needs|also have|also has|had|report|reports|send|sends|measure|"
    r"measures|show|shows|display|displays|provide|provides|collect|collects|mention|mentions|"
    r"say|says|tell|tells|know|knows|pick|picks|choose|chooses|select|selects|specify|specifies|"
    r"could use|could do with|would benefit from|"
    r"list|lists|note|notes)"
)
ENTITY_WORDS = (
    r"(?:entity|entities|model|models|table|tables|resource|resources|object|objects|record type|"
    r"collection)"
)
TYPED_WORD = (
    r"(?:flag|field|column|date|time|timestamp|count|number|boolean|text|json|url|link|"
    r"percentage|amount|price|total|id|code)"
)
FIELDISH = set(LAST_WORD_TYPES) | {
    "name", "title", "description", "email", "phone", "address", "notes", "note", "status",
    "comment", "summary", "url", "website", "code", "label", "nickname", "bio", "subtitle",
}  # fmt: skip


def bare_entity(clause: str, ctx: Context) -> Reading | None:
    """ "Add categories": a new entity with a name, unless the word is a field's."""
    match = rx.match(
        r"^(?:add|create|introduce|support|we need|i need|track|manage) (?:an? |the "
        r"|some )?(?:new )?(?P<name>[a-z][a-z ]*?)(?: too| as well)?$",
        clause,
    )
    if match is None or not looks_like_noun(match.group("name")):
        return None
    verb = clause.split()[0]
    if verb in ("track", "support") and ctx.vocab.entity(verb, fuzzy=False) is not None:
        return None  # "track length in seconds": the Track's length, said tersely
    name = match.group("name")
    if " and " in name:  # "add menuitem and cafeorder": two entities, never a MenuitemAndCafeorder
        both = [bare_entity(f"add {n}", ctx) for n in name.split(" and ")]
        return Reading(notes=[n for r in both if r for n in r.notes]) if all(both) else None
    hit = ctx.vocab.entity(name)
    if hit is not None:
        return Reading(notes=[f"{hit.name} already exists."])
    last = singular(name.split()[-1])
    if last in FIELDISH or name.split()[-1] in FIELDISH or rx.search(r" (?:per|in) ", name):
        owner = _owner_by_fields(name, ctx)
        if owner is None:
            return ask(
                f"Which entity should get {name}? The entities are {', '.join(ctx.vocab.names())}."
            )
        same = [f for f in ctx.vocab.entities[owner].fields if stems(name) < stems(f)]
        if same:  # "add a volume" where samples have volume_ml
            return Reading(notes=[f"{owner} already has {same[0]}; say which entity needs {name}."])
        ctx.notes.append(f"I put {name} on {owner}, next to its related fields.")
        return add_to(owner, name, ctx, strong=False)
    return create(name, None, ctx)


def _owner_by_fields(phrase: str, ctx: Context) -> str | None:
    """The one entity with a field sharing a word with the phrase ("calories per serving" →
    the entity with ``servings``), else None."""
    said = stems(phrase) - {"per", "in", "@t", "number", "count"}
    found = [
        name
        for name, info in ctx.vocab.entities.items()
        if any(stems(f.removesuffix("_id")) & said for f in info.fields)
    ]
    return found[0] if len(found) == 1 else None


def create(name: str, fields_text: str | None, ctx: Context) -> Reading:
    from slipway.assistant.understand.rules_e_items import plain

    entity = ctx.new_entity(name, [])
    reading = Reading()
    links: list[Op] = []
    if fields_text:  # "how many were sold", "which supplier each bouquet comes from"
        fields_text, links = plain(fields_text, entity, ctx)
    if fields_text:
        reading = add_to(entity, fields_text, ctx, strong=False)
        if not reading.ops:
            return ask(f"What fields should {entity} have? For example 'a name and a date'.")
    reading.ops += links
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


def _slip_of(new: str, name: str) -> bool:
    """ "prise" beside price, "emial" beside email: one letter off a field of five or more."""
    if new.rstrip("s") == name.rstrip("s"):
        return False
    return slip(new, name) or (min(len(new), len(name)) >= 5 and OSA.distance(new, name) == 1)


_GENERIC = {"type", "kind", "status", "number", "name", "code", "category", "level", "date",
            "size", "colour", "color", "grade", "class", "rating"}  # fmt: skip
"""Fields often named after their entity ("a type" on Firing is its firing_type)."""


def _said_otherwise(name: str) -> list[str]:
    """The same field said with or without its noun: "phone number" is the phone."""
    bare = rx.sub(r"_(?:number|no|num)$", "", name)
    return [bare] if bare != name else [f"{name}_number"]


def _one(entity: str, item: Item, ctx: Context, strong: bool) -> Reading:
    spec = item.spec
    assert spec is not None
    if fix_name(spec.name) != spec.name:  # "a emial address": the email address
        ctx.notes.append(f'I read "{spec.name.replace("_", " ")}" as {fix_name(spec.name)}.')
        spec = spec.model_copy(update={"name": fix_name(spec.name)})
    existing = ctx.vocab.field_on(entity, spec.name, fuzzy=False)
    fields = ctx.vocab.entities[entity].fields
    for other in _said_otherwise(spec.name) if existing is None else []:
        if fields.get(other) == spec.type:  # a kiln number beside a kiln link is no kiln
            existing = ctx.vocab.field_on(entity, other, fuzzy=False)
    own = f"{snake(entity)}_{spec.name}"  # "every firing should have a type": firing_type
    if existing is None and spec.name in _GENERIC and own in fields:
        existing = ctx.vocab.field_on(entity, own, fuzzy=False)
    if existing is None and spec.type == "ref":
        existing = ctx.vocab.field_on(entity, f"{spec.name}_id", fuzzy=False)
    kind = ctx.vocab.entities[entity].fields.get(existing.field, "") if existing else ""
    if existing is not None and kind.startswith("ref:") and spec.type not in ("ref", "string"):
        existing = None  # "how many guests" is a count beside the guest reference, not it
    named = existing.field if existing else spec.name + ("_id" if spec.type == "ref" else "")
    ctx.subject = FieldHit(entity, named, True)
    near = [n for n in ctx.vocab.entities[entity].fields if _slip_of(spec.name, n)]
    if existing is None and near:  # "repairs need a prise" beside price: a slip, or a new one?
        raise Unresolved(
            ask(f"{entity} already has {near[0]}. Did you mean {near[0]}, or a new field?")
        )
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


_TYPE_AFTER = rx.compile(
    r"^(?P<add>(?:add|give|put) (?:an? |the )?(?P<f>[a-z][a-z_ ]*?)) (?P<to>(?:to|on) "
    r"(?:the |all |each |every )?[a-z]+(?: [a-z]+)?), (?:as |of type )?(?:an? )?"
    r"(?P<t>integer|int|number|decimal|date|datetime|timestamp|boolean|text|string|whole number)$"
)
"""The type said after the owner ("add a capacity to slots, integer"): the field's own."""


_INDEX_ON = (
    r"^(?:please )?(?:add|put|create|make|set up) (?:an? |the )?(?:unique |db |database )?"
    r"index(?:es)? (?:on|to|for|over)\b"
)


def add_field(clause: str, ctx: Context) -> Reading | None:
    if rx.match(_INDEX_ON, clause):
        return None  # "add an index on project.invoice_ref": an index or a question, never a field
    if rx.match(r"^(?:\w+ )?(?:keep|keeps|kept|keep on|keeps on) [a-z]+ing\b", clause):
        return None  # "(customers) keep unsubscribing": what people do, never a field
    if rx.search(r"\b(?:get|gets|got|getting) rid of\b", clause):
        return None  # "(the vans) get rid of the vans": a removal, never a field "rid"
    if rx.search(
        r"\b(?:to|on|onto) (?:the |our )?[a-z]+ (?:page|screen|form|dashboard|tab|menu)\b", clause
    ):
        return None  # "add a dark mode to the booking page": the screen's, never a field
    after = _TYPE_AFTER.match(clause)
    if after is not None:  # "add a capacity (integer) to slots"
        clause = f"{after['add']} ({after['t']}) {after['to']}"
    rules = (*phrased.RULES, _possessive, _give, _subject_has, phrased.labelled, _to_entity)
    for rule in (*rules, _to_focus):
        reading = rule(clause, ctx)
        if reading is not None:
            return reading
    return None


_PLURAL_OWNER = rx.compile(
    rf"^{ADD_VERBS} the (?P<e>[a-z]+s) (?P<i>(?!(?:who|that|which|when|where|in|on|for|by|per|as|"
    r"with|from|to|and|we|they|at|sold|paid|made|built|bought|given|taken|done|kept|left|sent|lost|"
    r"won|held|spent|seen|written|read|run|due|late|each|every)\b)[a-z]+(?<!ed)(?: [a-z]+)?"
    r"(?: in [a-z]+)?)$"
)


def _possessive(clause: str, ctx: Context) -> Reading | None:
    match = rx.match(
        rf"^{ADD_VERBS} (?:the |each |every )?(?P<e>[a-z][a-z ]*?)'s? (?P<i>.+)$", clause
    )
    if match is None or "'" not in clause:
        match = _PLURAL_OWNER.match(clause)  # "record the donkeys weight": its apostrophe lost
        if match is None or ctx.vocab.entity(match["e"], fuzzy=False) is None:
            return None
    if ctx.vocab.entity(match.group("e")) is None:
        return None
    elsewhere = rx.search(r" (?:to|on|for) (?:the |all |each |every )?(?P<t>[a-z]+)$", clause)
    if elsewhere is not None and ctx.vocab.entity(elsewhere["t"], fuzzy=False) is not None:
        return None  # "add the vet's email to stays": a field of stays, named after the vet
    return add_to(ctx.entity(match.group("e")), match.group("i"), ctx, strong=False)


def _give(clause: str, ctx: Context) -> Reading | None:
    match = rx.match(
        r"^give (?:each |every |all |the |our )?(?P<e>[a-z][a-z ]*?) (?P<i>(?:an?|"
        r"the|some|its|their) .+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    return add_to(ctx.entity(match.group("e")), match.group("i"), ctx, strong=False)


def _subject_has(clause: str, ctx: Context) -> Reading | None:
    match = rx.match(_subject_verb(r"[a-z][a-z ]*?"), clause)
    if match is None:
        return None
    subject = ctx.vocab.entity(match.group("e"))
    longer = f"{match['e']} {match['v']}"
    named = ctx.vocab.entity(longer, fuzzy=False)
    if named is not None and (subject is None or named.name != subject.name):
        match = rx.match(_subject_verb(re.escape(longer)), clause)  # "vet records need …"
        subject = named
    if match is None or subject is None:
        return None
    items = match.group("i")
    if match.group("v") in ("keep", "keeps") and rx.match(r"^[a-z]+ing\b", items):
        return None  # "customers keep unsubscribing": what they do, no field
    if rx.match(rf"^{MANY_WORDS}\b", items) and not counted(items, items.split(" of ", 1)[-1], ctx):
        return None
    duty = match.group("v") in ("has", "have", "had") and rx.match(r"to [a-z]+ ", items)
    if SAYS_HOW.match(items) or duty:
        return None  # "paid by the hour", "has to pass an inspection": how or a duty, no field
    strong = bool(
        rx.search(
            r"\b(?:must|need|needs|require|requires|have to|has to)\b", clause[: match.start("i")]
        )
    )
    return add_to(ctx.entity(match.group("e")), match.group("i"), ctx, strong=strong)


def _subject_verb(subject: str) -> str:
    """The subject, a verb of having after it, and what it has."""
    return (
        rf"^{DET}(?P<e>{subject}) (?:also |sometimes |often |usually |always |typically |"
        rf"normally |might |may )?(?:should |must |will |can |could |"
        rf"shall |may |ought to |ought |need to |needs to |have to |has to )?(?:also )?"
        rf"(?P<v>{HAVE_VERBS}) (?:also )?(?P<i>.+)$"
    )


def _to_entity(clause: str, ctx: Context) -> Reading | None:
    match = rx.match(rf"^(?:{ADD_VERBS} )?(?P<rest>.+)$", clause)
    assert match is not None
    rest = match.group("rest")
    verb = match.start("rest") > 0
    typed = rx.match(
        rf"^[a-z_ ]+ {TYPED_WORD} (?:for|on|against) ", rest
    )  # "vegetarian flag for recipes"
    if not verb and not typed and not rx.match(r"^(?:an?|the|some|its|their) ", rest):
        return None
    spots = list(
        rx.finditer(
            r"(?<!reference)(?<!link)(?<!pointer) (?=(?P<p>to|on|for|in|into|against|"
            r"onto|of|with|per) (?:each |every |all |the |our |any )?(?P<e>[a-z][a-z]*"
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
        more = spot.group("e").split()[1:] if phrase != spot.group("e") else []
        if more and is_plural(more[0]) and not more[0].endswith("ed"):  # "to order lines"
            said = pascal(spot.group("e"))
            raise Unresolved(ask(f"There is no {said} entity. Did you mean {hit.name}?"))
        items = (rest[: spot.start()] + rest[end:]).strip(" ,")
        if items:
            return add_to(ctx.entity(phrase), items, ctx, strong=False)
    last = spots[-1] if spots and verb else None
    if last is not None and last.group("p") in ("to", "on", "for") and _no_such(last, rest, ctx):
        said = pascal(singular(last.group("e")))
        offers = ctx.vocab.near(last.group("e")) or ctx.vocab.names()
        raise Unresolved(ask(f"There is no {said} entity. Did you mean {either(offers)}?"))
    return None


_NOT_ENTITIES = {"us", "them", "reports", "records", "details", "users", "everyone", "people",
                 "customers", "staff", "admins", "now", "later", "reasons", "purposes"}  # fmt: skip
"""Plural words after "for" that name people or purposes, not a record the spec lacks."""


def _no_such(spot: re.Match[str], rest: str, ctx: Context) -> bool:
    """ "add a priority to tasks" on a spec without tasks: the one word at the end names an
    entity the spec does not have."""
    word = spot.group("e")
    return (
        " " not in word
        and spot.end("e") == len(rest.rstrip(" .!?"))
        and is_plural(word)
        and word not in _NOT_ENTITIES
        and ctx.vocab.entity(word) is None
        and looks_like_noun(word)
    )


def _to_focus(clause: str, ctx: Context) -> Reading | None:
    """ "Subscribers can pause. Add a paused flag": no entity named, the one spoken of last."""
    match = rx.match(rf"^{ADD_VERBS} (?P<i>.+)$", clause)
    if match is None or ctx.focus is None or ctx.vocab.find_entities(clause):
        return None
    items = rx.sub(r"(?:,? (?:instead|too|as well|also))+$", "", match.group("i"))
    return add_to(ctx.focus, items, ctx, strong=False)
