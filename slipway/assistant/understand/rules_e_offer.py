"""A new kind of thing the business starts to sell or run, said as news: "we start selling gift
cards in March", "from May we're going to rent out kayaks", "we're launching workshops". It
is a new entity when the message goes on to describe it ("every card has a code …"); said
alone, it is news, not a request. Or the thing just spoken of, given its name: "track them as
Sales: the product name, …"."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import is_plural, plural, singular

_WHEN = (
    r"(?: (?:in|from|next|this|starting|soon|later|on|by|at|after|before|around|during|over)\b"
    r".*| soon| now)?"
)
OFFERED = rx.compile(
    r"^(?:[a-z]+(?: [a-z]+){0,3}: )?(?:so |and |also )?(?:(?:from|starting|in|next|this) "
    r"[a-z0-9 ]+?,? )?(?:we|i)(?:'re| are|"
    r" will|'ll| are going to|'re going to| plan to| want to| would like to| also)? (?:now |soon "
    r"|also )?(?:start|begin|starting|beginning|launch|launching|introduce|introducing)(?: to)? "
    r"(?P<v>sell|offer|rent|rent out|lend|stock|issue|run|host|hold|organi[sz]e|"
    r"take|accept|sell|do|provide)?(?:ing|s)?(?: out)? ?(?P<n>[a-z]+(?: [a-z]+)?)"
    rf"{_WHEN}$"
)
"""The business starts selling, offering or running a kind of thing."""


def _described_later(name: str, ctx: Context) -> bool:
    """The message names the thing again with "each"/"every" ("every card has a code")."""
    head = singular(name.split()[-1])
    words = rf"(?:{re.escape(head)}|{re.escape(plural(head))})"
    return (
        rx.search(rf"\b(?:each|every)(?: one of the)? (?:[a-z]+ )?{words}\b", ctx.text) is not None
    )


def offered(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import create

    match = OFFERED.match(clause)
    if match is None or not is_plural(match["n"].split()[-1]) or not looks_like_noun(match["n"]):
        return None
    name = match["n"]
    if ctx.vocab.entity(name, fuzzy=False) is not None:
        return None
    if any(ctx.vocab.field_on(e, name, fuzzy=False) for e in ctx.vocab.entities):
        return None
    if not _described_later(name, ctx):
        return None  # news with nothing said of the thing: no change of its own
    return create(name, None, ctx)


NAMED_AS = rx.compile(
    r"^(?:let's |let us |we'll |we will |we should |we can |please )?(?:track|record|keep|store|"
    r"log|call|list|keep track of|save|model|file) (?:them|these|those|it|this|that|each one|each "
    r"of them|all of them)(?: all)? as (?:an? |the )?(?:new )?(?:entity |table |model )?"
    r"(?P<n>[a-z]+(?: [a-z]+)?)(?: entity| table| model)?(?:,? (?:with|having)|:|,) (?P<f>.+)$"
)
"""What was just spoken of, given a name and its fields."""


def named_as(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import create

    match = NAMED_AS.match(clause)
    if match is None or not looks_like_noun(match["n"]):
        return None
    if ctx.vocab.entity(match["n"], fuzzy=False) is not None:
        return None
    return create(match["n"], match["f"], ctx)
