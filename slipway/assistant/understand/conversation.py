"""Messages that point at the previous turn: "undo that", "also on orders", "same for X"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.vocab import FieldHit
from slipway.assistant.understand.words import plural, snake

UNDO = rx.compile(
    r"^(?:please |ok |okay,? |oops,? |hmm,? |hm,? |no,? |actually,? |wait,? |sorry,? |oh,? |"
    r"ah,? |um,? |erm,? |ugh,? |hmm no,? |on second thought,? )*(?:undo|revert|roll ?back|take "
    r"(?:that|it) back|cancel|scratch|scrap|never ?mind|go back|reverse|(?:bring|put) "
    r"(?:it|that|them) back|restore (?:it|that|them))(?: (?:the|that|this) last "
    r"(?:change|edit|one|step)| that| this| it| the last "
    r"(?:change|edit|one|step)| my last (?:change|message|request|edit)| what you (?:just )?did)?"
    r"(?: please)?(?: change)?[.!]*$"
)
ALSO = (
    r"^(?:and |also |now )*(?:do )?(?:the )?same (?:thing )?(?:for|on|with|to) (?:the )?"
    r"(?P<e>[a-z][a-z ]*?)(?: too| as well| also)?[.!]*$",
    r"^(?:and |now )*also (?:on|for|to|with|in) (?:the )?(?P<e>[a-z][a-z ]*?)(?: too| as well)?"
    r"[.!]*$",
    r"^(?:and |now )*(?:(?:on|for|to|with) )?(?:the )?(?P<e>[a-z][a-z ]*?) (?:too|as well|also)"
    r"[.!]*$",
    r"^(?:and |now )*also (?:the )?(?P<e>[a-z][a-z ]*?)[.!]*$",
    r"^(?:and|ditto|likewise|same|but) (?:also )?(?:on|for|with|to) (?:the |all |our )?"
    r"(?P<e>[a-z][a-z ]*?)[.!?]*$",
)

ON_IT = (
    rx.compile(
        r"^(?:and |oh and )?also on (?:it|that|them|this one) (?P<x>(?:an? |some |the )[a-z].*)$"
    ),
    r"add \g<x> to it",
)
"""Fields for what the previous request was about ("also on it a website and a phone number"),
put as the request :data:`ADDED_TO_IT` recognises."""
ADDED_TO_IT = rx.compile(r"^add .+ (?:to|on) (?:it|that one)$")


FILLER = rx.compile(
    r"^(?:(?:never ?mind|nevermind|forget (?:it|that)|oops|whoops|oh no|ok|okay|actually|please|"
    r"sorry|hmm|hm|no|nope|wait|oh|ah|um|erm|uh|ugh|just|so|well|hey|my bad|my mistake|"
    r"(?:that|this) (?:was|is|looks) (?:wrong|a mistake|not (?:right|what i (?:meant|wanted)))|"
    r"that's wrong|wrong one|(?:i(?:'ve| have)? )?changed my mind|on second thought|"
    r"(?:can|could|would) you|"
    r"i (?:want|need) (?:you )?to|let's|lets)\b[\s,.!;:-]*)+"
)
"""Words around a request that ask nothing themselves ("never mind, undo that")."""
THANKS = rx.compile(r"[\s,]+(?:please|thanks|thank you|thx|for me)[.!]*$")


def is_undo(text: str) -> bool:
    """ "undo that", also once the filler around it is gone ("oops, please undo that")."""
    if UNDO.match(text) is not None:
        return True
    core = THANKS.sub("", FILLER.sub("", text.strip())).strip(" ,.!?")
    if bool(core) and UNDO.match(core) is not None:
        return True
    first = rx.split(r"\s*(?:[,;\u2014\u2013]|\s-\s)\s*", core, maxsplit=1)
    if len(first) == 2 and UNDO.match(_core(first[0])) and not _ASKS.search(first[1]):
        return True  # "undo that, we'll just find them by title": the reason asks nothing
    # "scratch that, go back", "i changed my mind - undo please": every part takes it back
    parts = [_core(p) for p in rx.split(r"\s*(?:[,;\u2014\u2013]|\s-\s)\s*", text.strip())]
    parts = [p for p in parts if p]
    return bool(parts) and all(UNDO.match(p) is not None for p in parts)


_ASKS = rx.compile(
    r"\b(?:add|remove|delete|drop|make|rename|change|set|create|turn|switch|put|move|give|store|"
    r"track|need|needs|want)\b"
)
"""Words of a request: a part with one after an undo is a second request, not a reason."""


def _core(part: str) -> str:
    return THANKS.sub("", FILLER.sub("", part.strip())).strip(" ,.!?")


def the_one_on(text: str, earlier: list[FieldHit]) -> str:
    """ "make the crew one required" after "add a mobile number to crews": the field the
    previous request added to that entity, said as "it"."""
    for hit in earlier:
        said = snake(hit.entity).replace("_", " ")
        text = rx.sub(rf"\bthe (?:{said}|{plural(said)})(?:'s)? one\b", "it", text)
    return text


_INDEX_IT = rx.compile(
    r"^(?:and )?(?:please )?index (?:it|them|that|those)(?: for .+| too| as well)?$"
)


def index_it(clause: str, last: object) -> str:
    """ "Members' names … no longer than 60 characters, and index them": an index on the field
    the request before was about (``last``, its last operation)."""
    owner, name = getattr(last, "entity", None), getattr(last, "field", None)
    if isinstance(owner, str) and isinstance(name, str) and _INDEX_IT.match(clause):
        return f"add an index on {owner}.{name}"
    return clause
