"""A request that points at the state said just before it: "bookings can be cancelled, add a
flag for that" (a ``cancelled`` flag on bookings), "brews can also be dumped, add that as a
stage" (a ``dumped`` stage value)."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.understand.lexicon import TYPE_WORDS
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
        inside = rx.match(rf"^{STATE}{_JOIN}(?P<rest>.+)$", clause)
        if inside and (said := _said(inside, inside.group("rest"), vocab)):
            out.append(said)
            continue
        before = rx.match(rf"^{STATE}$", out[-1]) if out else None
        if before and (said := _said(before, clause, vocab)):
            out[-1] = said
            continue
        asked = rx.fullmatch(ASKED, out[-1]) if out else None
        kept = rx.fullmatch(KEEP_IT, clause) if asked else None
        if asked and kept and vocab.entity(kept.group("e"), fuzzy=False) is not None:
            out[-1] = f"add a {_past(asked.group('v'))} flag to {kept.group('e')}"
            continue
        typed = rx.fullmatch(TYPE_REMARK, clause)
        field = rx.fullmatch(DOES, out[-1]) if out and typed else None
        if typed and field and vocab.entity(field.group("e"), fuzzy=False) is not None:
            kind = TYPE_WORDS.get(typed.group("t"), "string")
            out[-1] = f"add {field.group('n')} ({kind}) to {field.group('e')}"
            continue
        out.append(clause)
    return out


ASKED = (
    r"(?:did|does|do|has|have|was|were|is|are|will) (?:the |a |an |each |every |this |our )?"
    r"[a-z]+(?: [a-z]+)? (?P<v>[a-z]+)(?: (?:up|in|out|on time|through))?"
)
"""A yes/no question about each record ("did the team escape?") …"""
KEEP_IT = (
    r"(?:store|record|keep|track|save|add|put|log|note) (?:it|that|this|the answer)(?: as (?:an? )?"
    r"(?:yes/no|boolean|flag|checkbox|true/false|tick box)(?: field| value)?)? (?:on|for|to|in) "
    r"(?:each |every |the |all |our )?(?P<e>[a-z]+(?: [a-z]+)?)"
)
"""… and where to keep its answer ("store it as yes/no on each session"): a flag."""


def _past(verb: str) -> str:
    """ "escape" → escaped, "pay" → paid, "finish" → finished."""
    irregular = {"pay": "paid", "win": "won", "lose": "lost", "come": "came", "show": "showed"}
    if verb in irregular or verb.endswith("ed"):
        return irregular.get(verb, verb)
    if verb.endswith("e"):
        return f"{verb}d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return f"{verb[:-1]}ied"
    return f"{verb}ed"


TYPE_REMARK = (
    r"(?:an? |the |just )?(?:plain |simple |free |short |normal )?(?P<t>text|string|number|date|"
    r"boolean|json|integer|decimal|flag|list)(?: field| column| value)?(?: is| would be| will)? "
    r"(?:fine|enough|ok|okay|good|do|work|works)"
)
"""A remark that only says the type ("a plain text field is fine") of what was said before."""
DOES = (
    r"(?:each |every |all |the |our |some )?(?P<e>[a-z]+(?: [a-z]+)?) (?:usually |often |may |"
    r"can |sometimes )?[a-z]+ (?:some |several |many |their |a |an )?(?P<n>[a-z]+(?: [a-z]+)?)"
)


def _said(state: re.Match[str], request: str, vocab: Vocab) -> str | None:
    entity, word = state.group("e"), state.group("s")
    if vocab.entity(entity, fuzzy=False) is None:
        return None
    if rx.fullmatch(FLAG, request):
        return f"add a {word} flag to {entity}"
    match = rx.fullmatch(AS, request)
    if match:
        said = rx.sub(r" (?:list|values|options|choices)$", "", match.group("f"))
        return f"add {word} as {entity} {said}"  # "… add it to the status list"
    return None
