"""Fields asked for as something to know: "we need to know when an order was cancelled",
"track who packed each order", "record how long a repair took". The entity is named inside
the phrase (or is the one spoken of); the field is the phrase's own (``cancelled_at``,
``packed_by``, ``duration``)."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.fieldtypes import special
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import strip_determiners

_KNOW = rx.compile(
    r"^(?:(?:we|i) (?:also |really |still )?(?:(?:need|want|would like|'d like|have|got) to |"
    r"should |must |can |could |will |'ll |shall )|(?:please |also |and )?(?:let us |let me |"
    r"lets |let's )?)?(?:also )?(?:know|track|record|store|keep track of|keep a record of|log|"
    r"capture|save|remember|note|see)"
    r" (?P<p>(?:when|who|whether|if|how long|how often|how many times|how far|what time|the "
    r"(?:date|day|time)) .+)$"
)
_BARE = rx.compile(
    r"^(?P<p>(?:when|who|whether|if(?= (?:an? |the |each |every ))|how long|how often|how many "
    r"times|how far) .+)$"
)
"""What is left once "we need to know" is polished off the clause."""
_ONE = r"(?:a|an|the|each|every|any|this|that|our|their)"


def know(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import add_to

    match = _KNOW.match(clause) or _BARE.match(clause)
    if match is None or (match.re is _BARE and clause.startswith("if ") and "?" in ctx.text):
        return None  # "if a plot is a double, can two interments point at it?": a condition
    phrase = match.group("p")
    named = [(s, e, n) for s, e, n in ctx.vocab.mentions(phrase)]
    if len({n for _, _, n in named}) > 1:
        return None
    if named:
        start, end, entity = named[0]
        before = rx.sub(rf"\b{_ONE} $", "", phrase[:start])
        phrase = f"{before}it{phrase[end:]}"
    elif ctx.focus is not None:
        entity = ctx.focus
    else:
        return None
    phrase = rx.sub(r"^if ", "whether ", rx.sub(r"\b(?:them|him|her)$", "it", phrase))
    both = rx.match(r"^who (?P<v>\w+ed) it,? and when$", phrase)  # "who closed it and when"
    if both is not None:
        return add_to(entity, f"who {both['v']} it, when it was {both['v']}", ctx, strong=False)
    said = rx.split(r",? (?=(?:in|as|measured in) )|, ", phrase)[0]
    if special(said) is None and special(strip_determiners(said)) is None:
        raise Unresolved(Reading(question=f'What should {entity} keep for "{phrase}"?'))
    return add_to(entity, phrase, ctx, strong=False)


_FOR = rx.compile(
    r"^(?:for|on|with) (?:the |our |all |each |every )?(?P<e>[a-z][a-z ]*?),? (?:i|we) "
    r"(?:also )?(?:want|need|would like|'d like|must|have|should|got)(?: to)?(?: (?:have|add|store|"
    r"keep|track|record|see|know))?(?: also)? (?P<rest>.+)$"
)


def lead_entity(sentence: str, ctx: Context) -> str:
    """ "for members i want a membership type, it can be …": the sentence about that entity said
    with it first ("members have a membership type, it can be …")."""
    match = _FOR.match(sentence)
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return sentence
    return f"{match.group('e')} have {match.group('rest')}"


_ITS_LIST = rx.compile(
    r"(?P<lead>\b(?:a|an) [a-z_]+(?: [a-z_]+){0,2}),? (?:and )?(?:it|which|that) (?:can be|"
    r"could be|may be|must be|should be|will be|is|are|has to be)(?: either| one of| always)? "
    r"(?=[\w-]+(?:, [\w-]+)+,? or [\w-]+)"
)


def values_inline(sentence: str) -> str:
    """ "riders have a skill level, it can be beginner, commuter or racer": the values written
    after the field, as a list of values is ("… a skill level: beginner, commuter or racer")."""
    return _ITS_LIST.sub(r"\g<lead>: ", sentence, count=1)


_VERB = r"(?:also )?(?:need|needs|get|gets|have|has|should have|must have|want|require|requires)"


def gapped(sentence: str, ctx: Context) -> str:
    """ "cleaners need an email, and clients a preferred day": the verb said once, for both."""
    first = rx.match(rf"^(?:the |all |our |every |each )?(?P<e>[a-z]+(?: [a-z]+)?) (?P<v>{_VERB}) ",
                     sentence)  # fmt: skip
    if first is None or ctx.vocab.entity(first.group("e"), fuzzy=False) is None:
        return sentence

    def fill(match: re.Match[str]) -> str:
        if ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
            return match.group(0)
        return f"{match.group('lead')}{match.group('e')} {first.group('v')} {match.group('a')}"

    return rx.sub(
        r"(?P<lead>(?:,|;) (?:and |also |plus )?|,? and )(?:the |all |our )?"
        r"(?P<e>[a-z]+(?: [a-z]+)?) (?P<a>(?:an?|some|their|its) )",
        fill,
        sentence,
    )


_MADE_CHOICE = rx.compile(
    r"^(?:(?:please|actually|ok|okay|so|and|no|now|then|hmm),? )*(?:make|turn|change|convert) "
    r"(?P<x>.+?) (?:into |to )?(?:(?:a |an )(?:choice|"
    r"enum|dropdown|drop-down|pick ?list|selection|fixed list)(?: between| of| from|:)?|one of) "
    r"(?P<l>[\w-]+(?:, [\w-]+)*,? (?:or|and) [\w-]+)$"
)
_THAT_ONE = rx.compile(
    r"\b(?:that|this) (?:one|field|column|attribute|property|number|value|thing)\b(?! of\b)"
)


_TYPE_WORD = (
    r"(?:string|text|str|varchar|int|integer|bool|boolean|flag|decimal|float|number|numeric|date|"
    r"datetime|timestamp|json|enum)"
)
_RETYPED = rx.compile(
    rf"^(?:change )?(?P<f>[a-z][\w.]*(?: (?!from\b|type\b)[a-z_]+)?)(?::| from| type| type from)? "
    rf"{_TYPE_WORD} "
    rf"(?:->|=>|to|into|→) (?P<t>{_TYPE_WORD})\b(?:\s*\([^)]*\))?(?:,? .*)?$"
)
"""A type changed from the old one to the new ("loan.returned: bool -> datetime (…)")."""


_WHICH = rx.compile(
    r"^(?P<e>[a-z][a-z ]*?) (?:should|must|needs? to|has to|have to) (?:say|show|record|store|"
    r"tell|know|remember) (?:which|what) (?P<f>[a-z]+(?: [a-z]+)?) (?:it is|they are|it's|its|it "
    r"was|they were)(?: (?:for|of))?,? (?P<rest>[\w-]+(?:, [\w-]+)*,? or [\w-]+.*)$"
)


_OF = rx.compile(
    r"\bthe (?P<f>[a-z_]+(?: [a-z_]+)?) of (?:a |an |the |each |every |our |all )?"
    r"(?P<e>[a-z]+(?: [a-z]+)?)\b"
)
_ADD_TO = rx.compile(
    r"\b(?P<v>add|put|give) (?:to|on) (?:the |each |every |all |our )?(?P<e>[a-z]+(?: [a-z]+)?) "
    r"(?P<f>(?:an?|the|some) [^,.;]+?)(?=$|[,.;]| and )"
)


def _owned(sentence: str, ctx: Context) -> str:
    """ "the phone of the customer" → "the customer phone" (a field the entity has); "add to the
    customer an email" → "add an email to the customer"."""

    def of(match: re.Match[str]) -> str:
        said, rest = match.group("e"), ""
        owner = ctx.vocab.entity(said, fuzzy=False)
        if owner is None and " " in said:  # "of a freezer should …": the entity is one word
            said, rest = said.split(" ", 1)
            owner = ctx.vocab.entity(said, fuzzy=False)
        if owner is None or ctx.vocab.field_on(owner.name, match.group("f"), fuzzy=False) is None:
            return match.group(0)
        return f"the {said} {match.group('f')}" + (f" {rest}" if rest else "")

    def to(match: re.Match[str]) -> str:
        if ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
            return match.group(0)
        return f"{match.group('v')} {match.group('f')} to {match.group('e')}"

    return _ADD_TO.sub(to, _OF.sub(of, sentence))


_AFTER_TYPE = rx.compile(
    rf"\b(?P<t>{_TYPE_WORD}s?) \((?!(?:unique|required|optional|mandatory|indexed)\b)"
    r"[^()]{1,30}\)"
)
"""A unit said after a type ("an integer (cents)"), not the field's constraints ("a number
(unique, required)")."""
_HAPPENED = rx.compile(
    r"^(?P<e>[a-z][a-z ]*?) (?:can|may|might|could|will|sometimes|often) (?:be |get )?(?P<v>\w+ed)"
    r"(?: \w+)?,? (?:and |so )?(?:please )?(?:we need to |i want to |let's |we want to )?(?:keep "
    r"track of|track|record|store|log|know|remember|see|save) when (?:that|it|this) (?:happened|"
    r"happens|was done|is done)$"
)
_ONE_OF_A_KIND = rx.compile(
    r",? (?:which|that) (?:must|should|can|may|will) never be (?:shared|reused|used twice|"
    r"repeated|duplicated|the same)(?: (?:with|by|for|across|between) (?:another|any other|other|"
    r"two|different) [a-z]+)?|,? \(?(?:never reused|never repeated|never shared)\)?|,? (?:which|"
    r"that) (?:is|are) never (?:reused|shared|repeated)|,? (?:and )?no two [a-z]+ (?:can |may )?"
    r"(?:share|have) (?:it|the same one)|,? \((?:no two (?:are |can be )?(?:the same|alike)|no "
    r"duplicates)\)"
)
"""A value no two records share, said in words: unique."""
_BY_EACH = rx.compile(
    r"^(?:i|we) (?:also )?(?:need|want|would like)(?: to (?:know|see|track|record|store|keep))? "
    r"(?:the |a |an )?(?P<f>[a-z0-9][a-z0-9 ]*?) (?:by|of|for|per|on) (?:each|every) "
    r"(?P<e>[a-z]+(?: [a-z]+)?)(?P<rest>,.*|:.*| \(.*)?$"
)
_RECORDS_OTHERS = rx.compile(
    r"^(?:(?:i|we) (?:want|need|would like) )?(?:every |each |all |the |an? )?(?P<e>[a-z]+"
    r"(?: (?!to |should |must |needs? |has |have |will |can )[a-z]+)?)"
    r"(?: should| must| needs? to| has to| have to| to| will| can)? (?:records?|keeps?|tracks?|"
    r"stores?|notes?|logs?|captures?|saves?) (?:the )?(?P<o>[a-z]+)'s (?P<f>[a-z]+(?: [a-z]+)?)"
    r"(?P<rest>(?::|,| -| \().*)?$"
)
"""A record that notes something of another it points at ("every visit records the piano's
condition"): a field of its own, named for both."""
_NEW_TOPIC = rx.compile(r"^(?P<e>[a-z]+) (?P<f>[a-z_]+): (?P<rest>[\w-]+(?: ?/ ?[\w-]+)+(?:,.*)?)$")


_TO_BOTH = rx.compile(
    r"^(?P<v>(?:please )?(?:add|give|put)) (?P<x>.+?) (?:to|on) (?:both )?(?:the )?(?P<a>[a-z]+) "
    r"and (?:the |to |on )?(?P<b>[a-z]+)(?: both| too| as well| alike)?$"
)
"""One field for two entities ("add a phone number to students and teachers")."""


def _to_both(sentence: str, ctx: Context) -> str:
    said = _TO_BOTH.match(sentence)
    if said is None:
        return sentence
    first = ctx.vocab.entity(said["a"], fuzzy=False)
    second = ctx.vocab.entity(said["b"], fuzzy=False)
    if first is None or second is None or first.name == second.name:
        return sentence
    return f"{said['v']} {said['x']} to {said['a']}, and {said['v']} {said['x']} to {said['b']}"


def _of_another(sentence: str, ctx: Context) -> str:
    said = _RECORDS_OTHERS.match(sentence)
    if said is None:
        return sentence
    entity = ctx.vocab.entity(said["e"], fuzzy=False)
    other = ctx.vocab.entity(said["o"], fuzzy=False)
    if entity is None or other is None or entity.name == other.name:
        return sentence
    return f"{said['e']} have a {said['o']} {said['f']}{said['rest'] or ''}"


def _topic_field(sentence: str, ctx: Context) -> str:
    """ "room type: single/double/suite": a field the entity does not have yet, with its values."""
    said = _NEW_TOPIC.match(sentence)
    if said is None:
        return sentence
    owner = ctx.vocab.entity(said.group("e"), fuzzy=False)
    if owner is None or ctx.vocab.field_on(owner.name, said.group("f"), fuzzy=False) is not None:
        return sentence
    return f"{said.group('e')} have a {said.group('f')}: {said.group('rest')}"


def reshape(sentence: str, ctx: Context) -> str:
    """A sentence said in an order the rules do not read, put in one they do."""
    arrow = rx.match(r"^(?P<f>[a-z][\w.]*) ?(?:->|=>|\u2192) ?enum\s*\((?P<v>[^()]+)\)$", sentence)
    if arrow is not None:  # "Technician.speciality -> enum(phones, tablets, laptops)"
        values = [v.strip() for v in arrow["v"].split(",") if v.strip()]
        listed = ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]
        sentence = f"the {arrow['f'].replace('.', ' ')} should be one of {listed}"
    sentence = _topic_field(_owned(sentence, ctx), ctx)
    each = _BY_EACH.match(sentence)  # "I need the CO2 saved by each charging session, in kg"
    if each is not None and ctx.vocab.entity(each["e"], fuzzy=False) is not None:
        sentence = f"{each['e']} need {each['f']}{each['rest'] or ''}"
    sentence = _of_another(_to_both(sentence, ctx), ctx)
    happened = _HAPPENED.match(
        sentence
    )  # "comments can be edited, keep track of when that happened"
    if happened is not None:
        sentence = f"track when {happened['e']} was {happened['v']}"
    sentence = rx.sub(  # "every loan needs a due date on it": on the loan itself
        r"^(?P<s>(?:every |each |all |the |our |an? )?[a-z]+ (?:needs?|gets?|has|have|should have|"
        r"must have) .+?) (?:on|to|for|with) (?:it|them)$",
        r"\g<s>",
        sentence,
    )
    sentence = _ONE_OF_A_KIND.sub(", unique", sentence)  # "… which must never be shared"
    sentence = _AFTER_TYPE.sub(r"\g<t>", sentence)  # "an integer (cents), not a decimal"
    sentence = rx.sub(
        r"\b(longer|shorter|bigger|smaller),? (?:like|say|maybe) (\d)", r"\1 to \2", sentence
    )
    sentence = rx.sub(  # "customers have a phone so make it required": two requests
        r",? so (?=(?:please )?(?:make|set|mark|change|add|remove|rename|turn|put|drop)\b)",
        ", ",
        sentence,
    )
    sentence = rx.sub(r"\s\+\s", ", ", sentence)  # "sold bool + hammer_price decimal"
    which = _WHICH.match(sentence)  # "bookings should say which kind it is, a or b"
    if which is not None:
        sentence = f"{which.group('e')} have a {which.group('f')}: {which.group('rest')}"
    retyped = _RETYPED.match(sentence)
    if retyped is not None:
        sentence = f"{retyped.group('f')} -> {retyped.group('t')}"
    sentence = _THAT_ONE.sub("it", sentence)  # "make that one json": the field just spoken of
    made = _MADE_CHOICE.match(sentence)  # "make it a choice between red, green and blue"
    if made is not None:
        listed = rx.sub(r",? and (?=[\w-]+$)", " or ", made.group("l"))
        sentence = f"{made.group('x')} should be one of {listed}"
    sentence = rx.sub(  # "…, that must be encrypted": it, the field just said
        r"(?<=,) (?:and )?(?:that|this|which) (?=(?:must|should|has to|needs to|shall|will) be )",
        " it ",
        sentence,
    )
    return gapped(values_inline(lead_entity(sentence, ctx)), ctx)


_DATE_ONLY = rx.compile(
    r"\b(?:not|no|without|never need|don't need|do not need) (?:the )?(?:time|hour|clock time)\b|"
    r"\b(?:just|only) (?:store|keep|save|need|want) the (?:date|day)\b|\bdate only\b|\bonly the "
    r"(?:date|day)\b"
)


def date_only(clause: str, ctx: Context) -> Reading | None:
    """ "I only care about the day a ride departs, not the time": the one datetime field the
    message names becomes a date ("the hour too" the other way round)."""
    from slipway.assistant.operations import ChangeType

    whole = ctx.text
    to = "date" if _DATE_ONLY.search(whole) else None
    if to is None or ctx.bp is None:
        return None
    words = set(rx.findall(r"[a-z]+", whole))
    hits = [
        (e.name, f.name)
        for e in ctx.bp.entities
        if e.name in ctx.vocab.find_entities(whole) or not ctx.vocab.find_entities(whole)
        for f in e.fields
        if f.type == "datetime" and set(f.name.split("_")[:-1]) & _word_forms(words)
    ]
    if len(hits) != 1:
        return None
    entity, field = hits[0]
    return Reading([ChangeType(entity=entity, field=field, type=to)])


def _word_forms(words: set[str]) -> set[str]:
    """The words with their -s, -ed and -ing forms ("departs", "departed", "departing")."""
    stems = {rx.sub(r"(?:ing|ed|es|s)$", "", w) for w in words if len(w) > 3}
    return words | {f"{s}{x}" for s in stems for x in ("", "s", "ed", "ing", "es", "d")}


_NEW_VALUE = rx.compile(
    r"^(?:please )?(?:add|introduce|we need|create|also allow) (?:an? |one more |another |a new "
    r"|an extra )?(?P<v>[a-z][\w-]*)(?: and (?P<w>[a-z][\w-]*))? (?P<f>[a-z_]+(?: [a-z_]+)?)"
    r"(?: (?:option|value|level|state|choice)s?)?(?:,? (?:above|below|after|before|higher than|"
    r"lower than|between|next to) .+)?$"
)


def new_value(clause: str, ctx: Context) -> Reading | None:
    """ "add a 'critical' priority, above urgent": one more value of the one choice of that name
    (where it goes in the order is a remark: values keep the order they were added in)."""
    from slipway.assistant.operations import SetEnumValues
    from slipway.assistant.understand.fieldtypes import value_word

    said = _NEW_VALUE.match(clause)
    if said is None or ctx.bp is None:
        return None
    hits = [
        (e.name, f.name, f.enum_values)
        for e in ctx.bp.entities
        for f in e.fields
        if f.type == "enum" and f.name == "_".join(said.group("f").split())
    ]
    values = [value_word(v) for v in (said.group("v"), said.group("w")) if v]
    if len(hits) != 1 or set(values) <= set(hits[0][2]):
        return None
    entity, name, _ = hits[0]
    return Reading([SetEnumValues(entity=entity, field=name, values=values, mode="add")])


_ONE_MORE = rx.compile(
    r"^(?:and |oh and |also )?(?P<v>[a-z][\w-]*) (?:should|must|can|could|will|needs to) (?:also )?"
    r"be (?:one of the|another|an extra|a new|an|a) (?:options?|values?|choices?|states?|statuses)"
    r"(?: too| as well| also)?$"
)


def one_more(clause: str, ctx: Context) -> Reading | None:
    """ "'backordered' should be one of the options too": one more value of the choice the
    conversation is about (the previous request's, or the one this message names)."""
    from slipway.assistant.operations import SetEnumValues
    from slipway.assistant.understand.fieldtypes import value_word

    said = _ONE_MORE.match(clause)
    if said is None:
        return None
    kinds = {(h.entity, h.field) for h in [*([ctx.subject] if ctx.subject else []), *ctx.earlier]}
    choices = [(e, f) for e, f in kinds if ctx.vocab.entities.get(e, None) is not None
               and ctx.vocab.entities[e].fields.get(f) == "enum"]  # fmt: skip
    if len(choices) != 1:
        return Reading(question="Which field should take that value? Say for example "
                                "'add backordered to order status'.")  # fmt: skip
    entity, name = choices[0]
    value = value_word(said.group("v"))
    return Reading([SetEnumValues(entity=entity, field=name, values=[value], mode="add")])
