"""Questions about how many of one entity another has ("can a dog have two bookings at once?",
"may a job take more than one fitter?"), both already in the spec: answered with what the spec
says now and a question back; never an edit. About something the spec does not have yet ("can
plants have more than one photo?") it is a request, read by the other rules."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.vocab import Vocab
from slipway.ir import Blueprint

_MANY = (
    r"(?P<n>two|three|several|multiple|many|more than one|more than a single|lots of|a few|"
    r"any number of)"
)
_ASKED = rx.compile(
    r"^(?:so |and |but |quick question,? |question:? )?(?:can|could|may|does|do|is it possible "
    r"(?:for|that)|will|should|are) (?:(?:an|a|one|the|each|every|any|single|our) )?"
    r"(?P<a>[a-z_ ]+?) (?:have|hold|take|get|be (?:in|on|at|given|assigned)|belong to|book|make|"
    r"own|carry|use|need|include|contain|be linked to|be part of|join|go (?:in|on|to)) "
    rf"{_MANY} "
    r"(?P<b>[a-z_ ]+?)(?: (?:at once|at the same time|simultaneously|in parallel|together|open|"
    r"active|overlapping)| [a-z ]{0,30})?\?+$"
)


def how_many(text: str, bp: Blueprint | None) -> str | None:
    """The answer to a question about how many of one thing another has, or None."""
    match = _ASKED.match(text.strip())
    if match is None:
        return None
    vocab = Vocab(bp)
    owner = vocab.entity(match.group("a"), fuzzy=False)
    other = next(iter(vocab.find_entities(match.group("b"))), None)
    if owner is None or other is None:
        return None  # "can plants have more than one photo?": a request for something new
    now = _links(bp, owner.name, other)
    return (
        f"Right now {now}. I left the spec unchanged: do you want that changed? If so, say "
        f"for example 'a {owner.name} can have several {other}s'."
    )


def _links(bp: Blueprint | None, owner: str, other: str) -> str:
    for entity in bp.entities if bp else []:
        for rel in entity.relationships:
            if {entity.name, rel.target} == {owner, other}:
                kind = rel.kind.replace("_", " ")
                return f"{entity.name} {kind} {rel.target} (relationship {rel.name})"
    return f"{owner} and {other} are not linked"
