"""New things said in passing: an entity introduced by what it has ("teachers have a name and
an email"), by a list in brackets ("reviewers (name and email) review applications"), by the
business ("we lend magazines too"), a field written as ``Entity.field: type``, and the filler
around a request ("please change that")."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.understand.context import (
    Context,
    Unresolved,
    looks_like_noun,
    topic_field,
)
from slipway.assistant.understand.fieldsplit import modifier
from slipway.assistant.understand.rules_e_dev import dev
from slipway.assistant.understand.rules_e_premise import premise
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.vocab import Vocab
from slipway.assistant.understand.words import (
    is_plural,
    singular,
    snake,
    strip_determiners,
    tokens,
)

_A = r"(?:each |every |all |an? |the |our |one )?"
HAS = (
    r"(?:has|have|needs?|gets?|should have|must have|contains?|holds?|comes? with|come with|"
    r"is made of|are made of|consists? of|records?|stores?|keeps?|carries|carry|includes?)"
)
_MORE = rx.compile(
    r",? and (?=(?:also )?(?:belongs?|is|are|has|have|can|must|should)\b|(?:links?|points?|"
    r"refers?) (?:to|at)\b)"
)


PEOPLE = {
    "we",
    "i",
    "you",
    "they",
    "he",
    "she",
    "us",
    "someone",
    "everyone",
    "anyone",
    "people",
    "nobody",
    "somebody",
    "everybody",
    "users",
    "user",
}


def _unknown_noun(phrase: str, vocab: Vocab, *, fields: bool = True) -> bool:
    """A plain noun the spec has no entity for (nor, with ``fields``, a field)."""
    words = phrase.split()
    return (
        looks_like_noun(phrase)
        and not set(words) & PEOPLE
        and len(words) <= 2
        and vocab.entity(phrase) is None
        and not (fields and any(vocab.field_on(e, phrase, fuzzy=False) for e in vocab.entities))
    )


def new_subject(clause: str, ctx: Context) -> Reading | None:
    """ "teachers have a name, email and phone": a thing the spec does not have yet, said with
    its fields (and what it belongs to: "… and belongs to one crew member")."""
    from slipway.assistant.understand.rules_add import create
    from slipway.assistant.understand.rules_relations import relationship

    match = rx.match(
        rf"^{_A}(?P<e>[a-z][a-z ]*?) (?:also |usually |often |sometimes |always )?(?:can |could |"
        rf"should |must |will |may |might |would )?(?:also )?{HAS} (?P<i>.+)$",
        clause,
    )
    if match is None or not _unknown_noun(match.group("e"), ctx.vocab, fields=False):
        return None
    if rx.match(r"(?:to|be|been|being|not|no|so|that|more|less)\b", match.group("i")):
        return None  # "parents need to be reachable" is no list of fields
    kind = rx.match(r"^(?P<x>[a-z]+s): (?P<f>.+)$", match.group("i"))
    if (
        kind
        and ctx.vocab.entity(kind["x"], fuzzy=False) is None
        and rx.match(r"(?:the|our) ", clause)
    ):
        return create(kind["x"], kind["f"], ctx)  # "the shop needs orders: …": new orders
    parts = _MORE.split(match.group("i"), maxsplit=1)
    items, more = parts[0], parts[1] if len(parts) > 1 else ""
    stem = singular(match.group("e").split()[-1])
    listed = len(rx.split(r",|\band\b", items)) >= 2
    if not listed and sum(w.startswith(stem) for w in tokens(ctx.text)) < 2:
        return None  # one word said once: "guests have fun" is not a new entity
    reading = create(match.group("e"), items, ctx)
    if more and not reading.question:
        said = relationship(f"{match.group('e')} {more}", ctx)
        if said is None or said.question:
            raise Unresolved(said or Reading(question=f'I could not read "{more}".'))
        reading.extend(said)
    return reading


def business(clause: str, ctx: Context) -> Reading | None:
    """ "we lend magazines too", "(we need) shipments": a kind of thing the business deals in,
    a new entity (its fields may follow: "each one has a title")."""
    from slipway.assistant.understand.rules_add import create

    match = rx.match(
        r"^(?:we |i )(?:also )?(?:need|want|have|sell|lend|rent(?: out)?|offer|track|manage|run|"
        r"host|organi[sz]e|stock|carry|hire out|loan) (?:out )?(?:some |several |many |multiple |"
        r"a few |lots of |a lot of |different )?(?P<n>[a-z]+(?: [a-z]+)?)$",
        clause,
    )
    match = match or rx.match(  # "(we need to) keep track of vaccinations"
        r"^(?:keep track of|keep (?:a )?records? of|start tracking|track|record|manage) (?:all |"
        r"the "
        r"|our |any |every )*(?P<n>[a-z]+(?: [a-z]+)?)$",
        clause,
    )
    said = match.group("n") if match else clause
    needed = rx.search(r"\b(?:we|i) (?:also )?(?:need|want)\b", ctx.text)
    if match is None and not (needed and rx.fullmatch(r"[a-z]+(?: [a-z]+)?", clause)):
        return None
    if not is_plural(said.split()[-1]) or not _unknown_noun(said, ctx.vocab):
        return None
    if match is None and rx.search(rf"\bto {re.escape(said.split()[0])} ", ctx.text):
        return None  # "we need to invoice parents": a verb and whom, no "invoice parents"
    return create(said, None, ctx)


_MONEY = r"(?:fee|price|rate|charge|deposit|cost|commission|tip|salary|wage|levy|surcharge|premium)"
CHARGED = rx.compile(
    rf"^{_A}(?P<e>[a-z]+(?: [a-z]+)?) (?:also |usually |always |normally )?(?:charges?|pays?|"
    r"earns?|gets? paid|receives?|collects?|takes?|owes?|leaves?|puts? down|is charged|are "
    r"charged) (?:us |them |you )?(?:an? |the |their |its |his |her |one )?"
    rf"(?P<f>(?:[a-z]+ ){{0,2}}{_MONEY})(?: (?P<x>\(.*\)|in [a-z]+|per [a-z]+))?$"
)
"""Money said as what someone pays or charges ("vets charge a consultation fee", "members pay a
joining fee (money, with cents)"): a field of the one who pays or is paid."""


def charged(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import add_to

    match = CHARGED.match(clause)
    hit = ctx.vocab.entity(match.group("e"), fuzzy=False) if match else None
    if match is None or hit is None or not looks_like_noun(match.group("f")):
        return None
    extra = match.group("x") or ""
    return add_to(hit.name, f"{match.group('f')} {extra}".strip(), ctx, strong=False)


def wanted(clause: str, ctx: Context) -> Reading | None:
    """ "(we need) the product's dimensions as json": a field of that entity, asked for."""
    from slipway.assistant.understand.rules_add import add_to

    match = rx.fullmatch(
        r"(?:the |a |an |each |every )?(?P<e>[a-z]+(?: [a-z]+)?)'s? (?P<i>.+)", clause
    ) or rx.fullmatch(r"(?:the |our |all )?(?P<e>[a-z]+s) (?P<i>[a-z]+(?: [a-z]+)?)", clause)
    asked = rx.search(
        r"\b(?:we|i) (?:also |really |still )?(?:need|want|would like|'d like)\b", ctx.text
    )
    if match is None or not asked or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    items = match.group("i")
    if is_plural(match.group("e").split()[-1]):  # "members' phone numbers": each one's number
        items = rx.sub(r"(\w+)$", lambda m: singular(m.group(1)), items)
    return add_to(ctx.entity(match.group("e")), items, ctx, strong=False)


def dotted(clause: str, ctx: Context) -> Reading | None:
    """ "Customer.birthday: date": a new field written the way a developer writes it (and
    the other changes written so: "new entity Fine(amount number)", "Fine -> Penalty")."""
    coded = dev(clause, ctx)
    if coded is not None:
        return coded
    from slipway.assistant.understand.rules_add import add_to

    match = rx.match(
        r"^(?P<e>[a-z][a-z_]*)\.(?P<f>[a-z][a-z0-9_]*)(?::| is| as|,)? (?P<t>.+)$", clause
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    entity = ctx.entity(match.group("e"))
    if ctx.vocab.field_on(entity, match.group("f"), fuzzy=False) is not None:
        return None  # an existing field: the constraint rules read it
    if modifier(match.group("t")) is None and match.group("t").strip() not in _TYPES:
        return None
    return add_to(entity, f"{match.group('f')} ({match.group('t')})", ctx, strong=False)


_TYPES = {"date", "datetime", "string", "text", "integer", "int", "number", "decimal", "boolean",
          "bool", "json", "float", "timestamp", "flag"}  # fmt: skip


def filler(clause: str, ctx: Context) -> Reading | None:
    """ "please change that", "go ahead": said around a request, asking nothing of its own; a
    reason said before the request ("…, so remove customers")."""
    said = premise(clause, ctx)
    if said is not None:
        return said
    if rx.fullmatch(
        r"(?:change|fix|update|do|apply|make|store|record|save|track|keep) (?:that|it|this|them)"
        r"(?: for me| now| too| as well)?|go ahead|"
        r"do it|make it so|that is all|that's all|thanks|thank you|"
        r"(?:and )?(?:link|connect|relate|join) (?:them|those|these|both|the two)(?: up| together)?"
        r"(?: (?:as )?many[- ]to[- ]many)?|"
        r"(?:and )?keep (?:the |all )?(?:refs|references|links|relations|relationships|foreign "
        r"keys)(?: (?:working|intact|valid|pointing right|as they are))?\)?|"
        r".+ (?:is|isn't|is not|are|aren't|are not) (?:kind of |sort of |a bit of |quite )?"
        r"(?:a |an )?(?:great|good|bad|terrible|confusing|weird|poor|clear|nice|ugly|clunky|long|"
        r"awful|odd) "
        r"(?:name|word|label)s?|"
        r".+ (?:is|are) (?:measured |given |stored |recorded |always )?in (?:degrees )?(?:celsius|"
        r"fahrenheit|kelvin|kg|kilograms|grams|metres|meters|km|miles|euros|dollars|pounds|minutes|"
        r"hours|seconds|days|percent|cm|mm|litres|liters)|"
        r"not (?:every|all|each|everyone|everybody|always|all of)\b(?:(?!, so ).)*|"
        r"do (?:we|you|i) (?:actually |really |even )?(?:need|use) (?:the |a |an )?[a-z_]+"
        r"(?: [a-z_]+){0,3}|"
        r"(?:and )?(?:lose|drop|ditch|remove|get rid of|no more|no longer) the (?:enum|choice|list|"
        r"values|options|dropdown|decimals?)|"
        r"(?:the )?[a-z_]+(?: [a-z_]+){0,4} (?:only )?(?:existed|exists|was there|was added|"
        r"is there) (?:for|because of|to support) .+|(?:nobody|no one|noone|hardly anyone) "
        r"(?:ever )?(?:fills?|uses?|reads?|looks at|needs?|updates?|sets?) (?:it|them|that)"
        r"(?: in| out)?(?: any ?more)?|"
        r"(?:the )?[a-z_]+(?: [a-z_]+){0,3} (?:is|are) (?:too |a bit |rather |very |quite )?"
        r"(?:vague|unclear|ambiguous|confusing|misleading|generic|clunky)|"
        r"(?:i|we|people|users|customers|staff) (?:find|think|feel) .{1,40} (?:is |are )?"
        r"(?:confusing|unclear|misleading|weird|odd|strange|ugly|clunky)(?: for [a-z ]+)?|"
        r"(?:the )?decimals?(?: places)? (?:are|is) (?:not needed|never needed|not necessary|"
        r"unnecessary|pointless)|decimals? never happens?|"
        r"(?:fine|ok|okay|sure|right),? (?:that'?s|thats|that is|it'?s|its) already (?:there|so|"
        r"done|in|set)",
        clause,
    ):
        ctx.subject = topic_field(clause, ctx) or ctx.subject  # "it" in what follows
        return Reading()
    return None


COMMON = {
    "name",
    "title",
    "email",
    "phone",
    "address",
    "description",
    "date",
    "notes",
    "note",
    "price",
    "amount",
    "code",
    "number",
    "url",
    "label",
    "comment",
    "body",
    "quantity",
}


def _fieldish(items: list[str]) -> bool:
    """Words that name fields ("name, contact email"), not values ("italian, french")."""
    from slipway.assistant.understand.fieldtypes import infer_type

    words = [strip_determiners(i) for i in items]
    typed = ("date", "datetime", "integer", "number", "json")
    return any(w.split()[-1] in COMMON or infer_type(snake(w)) in typed for w in words if w)


def bracketed(clauses: list[str], vocab: Vocab) -> list[str]:
    """ "Reviewers (name and email) review applications": a new entity with the bracketed fields,
    said before the rest of the clause."""
    out: list[str] = []
    for clause in clauses:
        match = rx.search(
            r"(?:^(?:(?:add|create|introduce|define|we need|i need) )?(?:an? |the |some |new )?|"
            r"\b(?:an?|the|some|new|entity|table|model) )(?P<n>[a-z]+(?: [a-z]+)?) "
            r"?\((?P<f>[^()]+)\)",
            clause,
        )
        noun = rx.sub(r"^(?:entity|table|model) ", "", match.group("n")) if match else ""
        fields = rx.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group("f")) if match else []
        if match is None or len(fields) < 2 or not _unknown_noun(noun, vocab):
            out.append(clause)
            continue
        if any(modifier(f) is not None for f in fields) or not _fieldish(fields):
            out.append(clause)  # "a tier (gold, silver or bronze)" lists values
            continue
        out.append(f"add a {noun} entity with {match.group('f')}")
        rest = (clause[: match.start("f") - 1] + clause[match.end() :]).strip()
        if not rx.fullmatch(
            rf"(?:(?:add|create|new|introduce) )?(?:an? |the )?(?:new )?(?:entity |table |model )?"
            rf"{re.escape(noun)}(?: entity| table| model)?",
            rest,
        ):
            out.append(rx.sub(r"\s+", " ", rest))
    return out
