"""Many on both sides, said as two halves of one sentence: "a stylist offers some services and a
service is offered by several stylists", "an event has several waiters working it and waiters
work lots of events", "a visit can have 2 cleaners, and cleaners do many visits". Each half
names both entities with a word of number on the second: many to many."""

from __future__ import annotations

import re

from slipway.assistant.operations import AddRelationship
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

_MANY = (
    r"(?:many|several|some|multiple|lots of|a lot of|a few|various|any number of|more than one|"
    r"two or more|\d+|two|three|a couple of|a bunch of|plenty of|loads of|numerous|all sorts of)"
)
_HALVES = re.compile(r",? (?:and|while|but|whereas|plus)(?: also)? |[;:] |\.{2,} ?|, ")


def both_ways(sentence: str, ctx: Context) -> Reading | None:
    halves = [h for h in _HALVES.split(sentence) if h.strip()]
    pairs = [p for p in (_pair(h, ctx) for h in halves) if p is not None]
    for i, (a, b) in enumerate(pairs):
        if (b, a) in pairs[i + 1 :]:
            return Reading([AddRelationship(entity=a, kind="many_to_many", target=b)])
    return None


def _pair(half: str, ctx: Context) -> tuple[str, str] | None:
    """``(A, B)`` when the half says one A goes with many Bs ("one bidder watches many lots")."""
    named = ctx.vocab.mentions(half)
    if len({n for _, _, n in named}) != 2:
        return None
    (_, end, a), (_, last, b) = named[0], named[-1]
    if a == b or not re.search(rf"\b{_MANY} (?:\w+ )?\w+$", half[end:last]):
        return None  # the second named with a word of number ("… watches many lots")
    return a, b
