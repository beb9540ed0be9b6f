"""Many on both sides, said as two halves of one sentence: "a stylist offers some services and a
service is offered by several stylists", "an event has several waiters working it and waiters
work lots of events", "a visit can have 2 cleaners, and cleaners do many visits". Each half
names both entities with a word of number on the second: many to many. One side may be new
("a tuner covers several areas and an area is covered by several tuners"); it takes the full
name the message gave it ("… to cover service areas")."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship
from slipway.assistant.understand.context import VERBS, Context, looks_like_noun
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import DETERMINERS, plural, singular, snake

_MANY = (
    r"(?:many|several|some|multiple|lots of|a lot of|a few|various|any number of|more than one|"
    r"two or more|\d+|two|three|a couple of|a bunch of|plenty of|loads of|numerous|all sorts of)"
)
_HALVES = rx.compile(r",? (?:and|while|but|whereas|plus)(?: also)? |[;:] |\.{2,} ?|, ")
_LOOSE = rx.compile(
    r"^(?:an? |one |each |every |the |any )?(?P<a>[a-z]+(?: [a-z]+)??) (?:can |may |could |will |"
    r"usually |often |also |typically )?(?:be |is |are |gets? )?(?P<v>[a-z]+)(?: by| to| with| in|"
    rf" at| for| on)? {_MANY} (?P<b>[a-z]+(?: [a-z]+)?)$"
)


def both_ways(sentence: str, ctx: Context) -> Reading | None:
    halves = [h for h in _HALVES.split(sentence) if h.strip()]
    pairs = [p for p in (_pair(h, ctx) for h in halves) if p is not None]
    for i, (a, b) in enumerate(pairs):
        if (b, a) in pairs[i + 1 :]:
            return Reading([AddRelationship(entity=a, kind="many_to_many", target=b)])
    return _one_new(halves, ctx)


def _pair(half: str, ctx: Context) -> tuple[str, str] | None:
    """``(A, B)`` when the half says one A goes with many Bs ("one bidder watches many lots")."""
    named = ctx.vocab.mentions(half)
    if len({n for _, _, n in named}) != 2:
        return None
    (start, end, a), (begins, last, b) = named[0], named[-1]
    if a == b:
        return None
    if rx.search(rf"\b{_MANY} (?:\w+ )?\w+$", half[end:last]):
        return a, b  # the second named with a word of number ("… watches many lots")
    if rx.search(rf"(?:^|\s){_MANY} $", half[:start]) and rx.match(
        r"(?:each|every|an?|one|the same) ", half[begins:]
    ):
        return b, a  # the first ("lots of singers sing at each booking"): each one has many
    return None


def _one_new(halves: list[str], ctx: Context) -> Reading | None:
    """Both halves said of an entity of the spec and a new noun, each way round."""
    said = [m for m in (_LOOSE.match(h) for h in halves) if m is not None]
    if len(said) != len(halves):
        return None  # a part says more ("reviewers (name and email) review …"): read apart
    pairs = [(singular(m["a"]), singular(m["b"])) for m in said]
    for i, (a, b) in enumerate(pairs):
        if (b, a) not in pairs[i + 1 :] or a == b:
            continue
        known = [w for w in (a, b) if ctx.vocab.entity(w, fuzzy=False) is not None]
        new = [w for w in (a, b) if w not in known]
        if len(known) != 1 or not looks_like_noun(new[0]) or _described(new[0], ctx):
            return None
        old = ctx.entity(known[0])
        fresh = ctx.entity(_full_name(new[0], ctx), create=True)
        return Reading([AddRelationship(entity=old, kind="many_to_many", target=fresh)])
    return None


def _described(word: str, ctx: Context) -> bool:
    """The new one is given its fields elsewhere ("reviewers (name and email) …"): the rules
    that read those make it."""
    said = rf"\b(?:{re.escape(word)}|{re.escape(plural(word))}) ?(?:\(|:|,? with\b|,? having\b)"
    return rx.search(said, ctx.text) is not None


_NOT_NAMES = DETERMINERS | VERBS | {"many", "several", "some", "few", "more", "other", "all",
                                    "each", "every", "any", "one", "no", "new", "by", "to",
                                    "of", "and", "or", "but", "while", "whereas", "plus", "than",
                                    "that", "which", "who", "with", "their", "its"}  # fmt: skip


def _full_name(word: str, ctx: Context) -> str:
    """ "area" said in full elsewhere in the message ("tuners cover service areas"): that name,
    when the message gives it one way only."""
    said = rf"\b(?P<m>[a-z]+) (?:{re.escape(word)}|{re.escape(plural(word))})\b"
    found = {
        m["m"]
        for m in rx.finditer(said, ctx.text)
        if m["m"] not in _NOT_NAMES
        and not rx.search(r"(?:s|ed|ing|ly)$", m["m"])
        and looks_like_noun(f"{m['m']} {word}")
    }
    if len(found) != 1:
        return word
    full = f"{found.pop()} {word}"
    return full if ctx.vocab.entity(full, fuzzy=False) is None and snake(full) else word
