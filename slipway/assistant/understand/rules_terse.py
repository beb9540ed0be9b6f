"""Fields asked for in a few words, with no verb: "patron phone", "matinee true/false on
performances", "long synopsis per show for the website please", "number of seats in vehicles".

Read last, when no other rule read the clause: an entity the spec has (a slip allowed) and, before
or after it, a short phrase that names a field; a phrase that names an entity, or one with a verb,
is left to the other rules (or their questions).
"""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.buckets import NOT_NAMING
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_add import add_to
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import is_plural

_TAIL = (
    r"(?:,? (?:please|pls|thanks|thank you|too|as well|also)|,? for (?:the|our) [a-z]+"
    r"(?: [a-z]+)?)*"
)
_AFTER = rx.compile(
    rf"^(?:(?:a|an|the|some) )?(?P<i>[a-z][a-z/ -]*?) (?:on|per|for|in|to|of) (?:each |every |all "
    rf"|the |a |an |our )?(?P<e>[a-z]+){_TAIL}$"
)
_BEFORE = rx.compile(rf"^(?P<e>[a-z]+?)(?:'s|s')? (?P<i>[a-z][a-z/ -]*?){_TAIL}$")
"""The entity said first in the singular ("patron phone"): "quotes expire" is a sentence."""
_NO_FIELD = {"list", "lists", "page", "pages", "screen", "view", "table", "report", "dashboard",
             "api", "endpoint", "menu", "form", "button", "export", "search", "filter", "details",
             "detail", "info", "stuff", "data", "things", "entity", "model", "thing", "know",
             "track", "record", "store", "keep", "note", "log"}  # fmt: skip
"""Words of a screen or a request about the data, never of a field ("show list")."""
_MEASURES = {"number", "count", "amount", "total", "date", "time", "name", "kind", "type",
             "cost", "price", "length", "weight", "size", "percentage", "share"}  # fmt: skip
_TYPE_WORDS = {"true/false", "yes/no", "flag", "date", "time", "number", "count", "text",
               "url", "json", "integer", "boolean", "timestamp", "datetime", "percentage",
               "amount"}  # fmt: skip


def terse(clause: str, ctx: Context) -> Reading | None:
    for pattern in (_AFTER, _BEFORE):
        match = pattern.match(clause)
        if match is None:
            continue
        said = rx.sub(
            r" in (?:seconds|minutes|hours|days|metres|meters|cm|mm|km|kg|grams|miles|%|pounds|"
            r"euros|dollars|pence|cents|gbp|eur|usd)$| \((?:decimal|integer|number|text|date|"
            r"datetime|boolean|json|url|email)\)$",
            "",
            match["i"],
        )  # "track length in seconds", "trip fee in pounds": its unit or type, no name
        words = said.replace("-", " ").split()
        if len(words) > 2 and words[1] == "of" and words[0] in _MEASURES:
            words = [words[0], *words[2:]]  # "number of seats": a count, its "of" no verb
        if (
            not words
            or len(words) > 4
            or any((w in NOT_NAMING and w not in _TYPE_WORDS) or w in _NO_FIELD for w in words)
        ):
            continue
        if pattern is _BEFORE and is_plural(match["e"]):
            continue  # "quotes expire" is a sentence
        hit = ctx.vocab.entity(match["e"])
        if hit is None or ctx.vocab.entity(match["i"], fuzzy=False) is not None:
            continue
        if rx.search(rf"\bto {match['e'].split()[0]} ", ctx.text):
            continue  # "we need to invoice parents": a verb, no Invoice.parents
        return add_to(ctx.entity(hit.name), match["i"], ctx, strong=False)
    return None
