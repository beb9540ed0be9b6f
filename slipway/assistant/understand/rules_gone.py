"""A field removed by saying the business stopped doing what it records: "we stopped measuring
nitrate", "we don't show instagram handles on the site anymore". Only a field the words name
(exactly, or give or take one word) is removed; anything else is left to other rules."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import RemoveField
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.vocab import FieldHit, near_name
from slipway.assistant.understand.words import strip_determiners

_STOPPED = rx.compile(
    r"^(?:we |i |they )?(?:don't|do not|dont|no longer|stopped|have stopped|won't|will not|"
    r"never) (?:really |even |actually )?(?P<verb>[a-z]+)(?: about| for| on| with| down)? "
    r"(?:the |any |our |their |a |an )?(?P<what>[a-z][a-z_ ]*?)(?: (?:on|in|at) (?:the |our )?"
    r"(?:site|website|app|page|pages|screen|form|forms|system|api|database|records))?"
    r"(?: any ?more| any longer| now| these days)?$"
)
_NOT_VERBS = {"need", "want", "have", "use", "do", "run", "send", "publish", "emit", "sell",
              "offer", "stock", "lend", "carry", "rent", "hire", "deliver", "open", "understand",
              "know", "get", "see", "mean", "remember", "think", "like", "trust", "recognise",
              "recognize", "follow", "make", "set", "let", "mark", "turn", "change", "put",
              "give", "allow", "keep", "leave"}  # fmt: skip
"""Verbs other rules read (what is not needed, sold or run) and verbs that change a field
("don't make notes required"): never a field's removal here."""


def stopped(clause: str, ctx: Context) -> Reading | None:
    match = _STOPPED.match(clause)
    if match is None or match.group("verb") in _NOT_VERBS:
        return None
    what = strip_determiners(match.group("what"))
    owner = rx.match(r"^(?P<f>.+?) (?:of|on|for|from) (?:the |all |our )?(?P<e>[a-z ]+)$", what)
    hit = None
    if owner and ctx.vocab.entity(owner.group("e"), fuzzy=False) is not None:
        hit = _named(owner.group("f"), ctx, ctx.entity(owner.group("e")))
    hit = hit or _named(what, ctx, None)
    if hit is None:
        return None
    return Reading([RemoveField(entity=hit.entity, field=hit.field)])


def _named(phrase: str, ctx: Context, entity: str | None) -> FieldHit | None:
    try:
        hit = ctx.field(phrase, entity)
    except Unresolved:
        return None
    return hit if hit.exact or near_name(phrase, hit.field) else None
