"""A request that points at the state said just before it: "bookings can be cancelled, add a
flag for that" (a ``cancelled`` flag on bookings), "brews can also be dumped, add that as a
stage" (a ``dumped`` stage value)."""

from __future__ import annotations

import re

from slipway.assistant.understand.vocab import Vocab

STATE = (
    r"(?:the |a |an |each |every |all |some )?(?P<e>[a-z][a-z ]*?) (?:can |could |may |might |will "
    r"|should |must |sometimes |often )?(?:also |sometimes |now )?(?:be|get|become|are|is) "
    r"(?:also )?(?P<s>[a-z]+)"
)
THAT = r"(?:that|it|this|those)"
FLAG = (
    r"(?:add|make|create|track|store|record|keep|we need|i need|need) (?:a |an )?(?:yes/no "
    r"|boolean |true/false )?(?:flag|field|checkbox|column|boolean|indicator)(?: for| to track| "
    rf"to record| that says| saying| about| to mark)? {THAT}"
)
AS = rf"(?:add|include|put) {THAT} (?:as|to) (?:an? |the |another |a new |one more )?(?P<f>.+)"
_JOIN = r",? (?:so |and |then |please )?"


def resolve(clauses: list[str], vocab: Vocab) -> list[str]:
    """The clauses with a pointing request rewritten to say what it points at; the state said
    before it is then part of that request."""
    out: list[str] = []
    for clause in clauses:
        inside = re.match(rf"^{STATE}{_JOIN}(?P<rest>.+)$", clause)
        if inside and (said := _said(inside, inside.group("rest"), vocab)):
            out.append(said)
            continue
        before = re.match(rf"^{STATE}$", out[-1]) if out else None
        if before and (said := _said(before, clause, vocab)):
            out[-1] = said
            continue
        out.append(clause)
    return out


def _said(state: re.Match[str], request: str, vocab: Vocab) -> str | None:
    entity, word = state.group("e"), state.group("s")
    if vocab.entity(entity, fuzzy=False) is None:
        return None
    if re.fullmatch(FLAG, request):
        return f"add a {word} flag to {entity}"
    match = re.fullmatch(AS, request)
    if match:
        return f"add {word} as {entity} {match.group('f')}"
    return None
