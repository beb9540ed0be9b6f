"""New entities in prose: "add a Fine entity: an amount and the member who owes it", "Fines:
…", "comments on tickets", "guests can leave a review for a booking", "a comments feature"."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.fieldsplit import modifier
from slipway.assistant.understand.lexicon import LAST_WORD_TYPES, TYPE_WORDS
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.rules_add import ADD_VERBS, ENTITY_WORDS, add_to, create
from slipway.assistant.understand.rules_e_activity import activity
from slipway.assistant.understand.rules_e_described import described as in_prose
from slipway.assistant.understand.rules_e_offer import named_as, offered
from slipway.assistant.understand.text import COMMAND_VERBS, Reading, ask
from slipway.assistant.understand.vocab import slip
from slipway.assistant.understand.words import singular

_LEAD = r"(?:add|create|introduce|define|set up|make|build|new|(?:we|i) (?:need|require))"
"""The words that start a new entity."""
DESCRIBED = rx.compile(
    rf"^{_LEAD}? ?(?:an? |the )?"
    rf"(?:new )?(?P<name>[a-z][a-z ]*?) {ENTITY_WORDS} (?:for|to|that|which|so|about|describing|"
    r"representing|where|when|holding|recording)\b[^:]*?(?::|,? with|,? having) (?P<fields>.+)$"
)
"""A new entity, a few words on what it is for, then its fields ("a Loan entity for an artwork
lent to another museum: the borrower, a return date and the artwork")."""


NEW_ENTITY = (
    rf"^(?:{_LEAD}|there should be|we want|track|manage|support|have)? ?(?:an? |the |some )?"
    rf"(?:new )?(?:{ENTITY_WORDS} "
    rf"(?:(?:for|called|named) )?)?(?P<name>[a-z][a-z ]*?)(?: too| as well| also)?"
    rf"(?: {ENTITY_WORDS})?(?: called| named)?"
    rf"(?:(?: (?:with|having|that has|that have|containing|which has|which have)|:|, with)"
    rf"(?P<fields>.+))?$",
    r"^(?:add|create|introduce|define|build|track|manage|support|store|keep|record|"
    r"we (?:also )?(?:need|have|sell|offer|track|manage|store|keep|run|host|organi[sz]e|rent|"
    r"lend)|there (?:are|is) (?:also )?)(?: also)? (?:an? |the |some )?(?:new )?"
    r"(?:(?:daily|weekly|monthly|yearly|nightly|hourly|annual) )?"
    r"(?P<name>[a-z][a-z ]*?)(?: too| as well| also)?(?:,? (?:with|"
    r"having|that (?:has|have)|which (?:has|have)|who (?:has|have)|each with|each having)|:) "
    r"(?P<fields>.+)$",
    r"^(?P<name>[a-z]+(?: [a-z]+)??(?: (?:on|for|of|per|about|attached to|belonging to) (?:the |"
    r"each |every |an? |all )?[a-z]+(?: [a-z]+)?)?)(?: too| as well| also)?: (?P<fields>.+)$",
)
"""A new entity with its fields: said with "entity" or a verb ("add a Fine entity: …", "we
need Fines with …"), or as "Fines: an amount, …"."""
_VERB = rx.compile(rf"^(?:{_LEAD}|there should be|we want|track|manage|support|have)\b")


def new_entity(clause: str, ctx: Context) -> Reading | None:
    said = in_prose(clause, ctx) or offered(clause, ctx) or named_as(clause, ctx)
    said = said or activity(clause, ctx)  # "we'll hold Tastings: … gives it a mark …"
    if said is not None:
        return said
    clause = rx.sub(rf"^(.*?\b{ENTITY_WORDS})\s*\(([^()]+)\)$", r"\1 with \2", clause)
    described = DESCRIBED.match(clause)
    name = described.group("name") if described else ""
    if described and looks_like_noun(name) and ctx.vocab.entity(name, fuzzy=False) is None:
        return create(name, described.group("fields"), ctx)
    explicit = rx.search(rf"\b{ENTITY_WORDS}\b", clause) is not None
    verb = _VERB.match(clause) is not None
    for i, pattern in enumerate(NEW_ENTITY):
        match = rx.match(pattern, clause)
        if match is None or (i == 0 and not explicit and not (verb and match.group("fields"))):
            continue
        labelled = clause[match.end("name") :].lstrip(" ,").startswith(":")
        each = rx.match(r"(?:every|each) ", match.group("name"))  # "record every repair of a …"
        of = rx.search(r" (?:on|for|of|to|in|per) ", match.group("name"))
        if i == 1 and labelled and of and not each:
            continue  # "record the weather on missions: …" lists fields of missions
        reading = _named(match, ctx, explicit=explicit, first=i == 0)
        if reading is not None:
            return reading
    return _listed(clause, ctx)


_LISTED = rx.compile(
    r"^(?:an? |some )(?P<name>[a-z][a-z ]*?) (?:with|having|that (?:has|have)|which (?:has|have)|"
    r"holding|recording)(?: its| their)? (?P<fields>[^,]+?(?:, [^,]+?)*,? and .+)$"
)
"""A new thing with a list of its fields, the request's verb left unsaid or already read ("we
need a Medication with name, unit price and stock on hand")."""


def _listed(clause: str, ctx: Context) -> Reading | None:
    match = _LISTED.match(clause)
    if match is None or not looks_like_noun(name := match.group("name")):
        return None
    if ctx.vocab.entity(name) is not None or name.split()[-1] in LAST_WORD_TYPES | TYPE_WORDS:
        return None  # "a phone number with the area code and country" is no new thing
    return create(name, match.group("fields"), ctx)


def _named(match: re.Match[str], ctx: Context, *, explicit: bool, first: bool) -> Reading | None:
    """The entity a matched pattern names: a child of an entity it is "on", a new one, or the
    one that exists (then the fields are its new fields)."""
    name = rx.sub(  # "events at the library": the events
        r" (?:at|in) (?:the|our) (?P<w>[a-z]+)$",
        lambda m: m.group(0) if ctx.vocab.entity(m.group("w"), fuzzy=False) else "",
        rx.sub(r"^(?:every|each) ", "", match.group("name").strip()),
    )
    table = rx.fullmatch(r"(?P<n>[a-z][a-z ]*?) (?:table|model)", name)
    if table and rx.search(rf"\b{re.escape(name)} ?\(", ctx.text) and looks_like_noun(table["n"]):
        name = table["n"]  # "new Branch table (name, address)": the table is Branch
    parent = rx.match(
        r"^(?P<n>[a-z][a-z ]*?) (?:on|for|of|per|attached to|belonging to|"
        r"about) (?:the |each |every |an? |all )?(?P<p>[a-z][a-z ]*)$",
        name,
    )
    if parent and ctx.vocab.entity(parent.group("p"), fuzzy=False) is not None:
        return _child(parent.group("n"), parent.group("p"), match.group("fields"), ctx)
    fields = (match.group("fields") or "").strip()
    if not _namable(name, match.string) or (first and not explicit and not fields):
        return None
    if not explicit and fields and (modifier(fields) or read_modifiers(fields)):
        return None  # "add a price with decimals" is a field, said with its type
    hit = ctx.vocab.entity(name, fuzzy=False)
    near = None if hit is not None or explicit else ctx.vocab.entity(name)
    if near is not None and slip(singular(name).replace(" ", ""), near.name.lower()):
        ctx.notes.append(f'I took "{name}" to mean {near.name}.')  # "custmers: date of birth"
        hit = near
    if hit is None and rx.match(rf"(?:{COMMAND_VERBS}|link|connect)\b", fields):
        return None  # "customers book moves: add Customer with …" explains, then asks
    words = name.split()
    kin = ctx.vocab.entity(words[-1], fuzzy=False) if len(words) == 2 and not explicit else None
    if hit is None and kin is not None and ctx.vocab.entity(words[0], fuzzy=False) is None:
        new = "".join(w.capitalize() for w in [words[0], singular(words[1])])
        return ask(
            f'Do you mean {kin.name}, or a new entity {new}? Say "add … to {kin.name}" or '
            f'"add a {new} entity with …".'
        )  # "shop products: organic or not?"
    if hit is None:
        return create(name, match.group("fields"), ctx)
    if fields:  # "campaigns: add a summary" names the fields after a verb
        return add_to(hit.name, rx.sub(rf"^{ADD_VERBS} ", "", fields), ctx, strong=False)
    return Reading(notes=[f"{hit.name} already exists."])


def _namable(name: str, clause: str) -> bool:
    """A noun, or any one word said as the name right after "entity" ("new entity Update")."""
    if looks_like_noun(name):
        return True
    said = rf"\b{ENTITY_WORDS} (?:called |named )?{re.escape(name)}\b"
    return rx.fullmatch(r"[a-z]{3,}", name) is not None and rx.search(said, clause) is not None


def _child(name: str, parent: str, fields: str | None, ctx: Context) -> Reading:
    """ "Comments on tickets: a body and …": a new entity that belongs to an existing one."""
    if ctx.vocab.entity(name, fuzzy=False) is not None or not looks_like_noun(name):
        raise Unresolved(ask(f'I could not read "{name}" as a new entity for {parent}.'))
    owner = ctx.entity(parent)
    reading = create(name, fields, ctx)
    child = ctx.vocab.pending[-1]
    reading.ops.append(
        AddRelationship(entity=child, kind="belongs_to", target=owner, required=True)
    )
    return reading


AUTHORED = rx.compile(
    r"^(?:each |every |all |an? |the )?(?P<a>[a-z][a-z ]*?) (?:can |could |may |will |should be "
    r"able to |must be able to |are able to )?(?:leave|write|post|give|submit|create|file|send|"
    r"attach|raise|open|add)s? (?:an? |one or more |several |multiple |many |some )?"
    r"(?P<n>[a-z][a-z ]*?) (?:for|on|about|to|against|of|under|after|following|from) "
    r"(?:an? |the |each |any |their )?"
    r"(?P<p>[a-z][a-z ]*?)(?:(?::|,|, with| with) (?P<fields>.+))?$"
)


def authored(clause: str, ctx: Context) -> Reading | None:
    """ "Guests can leave a review for a booking: a rating and a comment": a new entity that
    belongs to what it is about, and to who writes it."""
    match = AUTHORED.match(clause)
    if match is None or not looks_like_noun(match.group("n")):
        return None
    actor = ctx.vocab.entity(match.group("a"), fuzzy=False)
    about = ctx.vocab.entity(match.group("p"), fuzzy=False)
    if actor is None or about is None or ctx.vocab.entity(match.group("n"), fuzzy=False):
        return None
    reading = _child(match.group("n"), about.name, match.group("fields"), ctx)
    if actor.name != about.name and not reading.question:
        child = ctx.vocab.pending[-1]
        reading.ops.append(AddRelationship(entity=child, kind="belongs_to", target=actor.name))
    return reading


def feature_entity(clause: str, ctx: Context) -> Reading | None:
    """ "Add a comments feature to tasks": a new entity that belongs to the named one."""
    match = rx.match(
        r"^(?:add|create|introduce|support|build|enable) (?:an? |the |some )?(?P<n>[a-z]"
        r"[a-z ]*?) (?:feature|support|functionality|capability|section|module|system)"
        r" (?:to|for|on|in) (?:the |all |each |every )?(?P<p>[a-z][a-z ]*)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("p")) is None:
        return None
    known = ctx.vocab.entity(match.group("n"), fuzzy=False)
    if known is not None:  # "add a comments feature to tasks" when comments exist
        owner = ctx.entity(match.group("p"))
        info = ctx.vocab.entities.get(known.name)
        linked = [f for f, kind in (info.fields.items() if info else []) if kind == f"ref:{owner}"]
        if linked:
            note = f"{known.name} already belongs to {owner} ({linked[0]}); nothing to change."
            return Reading(notes=[note])
        return Reading([AddRelationship(entity=known.name, kind="belongs_to", target=owner)])
    return _child(match.group("n"), match.group("p"), None, ctx)
