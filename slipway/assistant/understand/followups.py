"""A message that repeats the previous request somewhere else: "same for visits and cleaners",
"and the same on galleries, default false", "put it on customers instead" (after an undo), "and
customers an email, but optional" (the previous request's verb, said once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from slipway.assistant import rx
from slipway.assistant.base import ChatTurn
from slipway.assistant.operations import AddField, Op, RemoveField
from slipway.assistant.understand.context import looks_like_noun
from slipway.assistant.understand.conversation import ADDED_TO_IT, ALSO, is_undo
from slipway.assistant.understand.fieldsplit import modifier
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.phrasing import plain
from slipway.assistant.understand.text import normalize
from slipway.assistant.understand.vocab import FieldHit, Vocab
from slipway.assistant.understand.words import plural
from slipway.ir import Blueprint

if TYPE_CHECKING:
    from slipway.assistant.understand import Understanding

Read = Callable[[str, Blueprint | None], "Understanding"]

_MOVED = rx.compile(
    r"^(?:no,? |actually,? |ok,? )*(?:put|add|do|move|make|give) (?:it|that|this|them|the same) "
    r"(?:on|to|for|onto) (?:the |all |our )?(?P<e>[a-z][a-z ,]*?)(?: instead| rather)?[.!]*$"
)
_MEANT = rx.compile(
    r"^(?:(?:sorry|oops|no|ah|actually|wait)[,.!]* )*i (?:meant|mean) (?:on |for |the )*"
    r"(?P<e>[a-z][a-z ]*?)(?:,? not (?:on |for |the )*[a-z ]+?)?(?:[.!;] .*)?[.!]*$"
)
"""A correction of where the last request went ("sorry, I meant rounds, not drivers")."""
_TAIL = rx.compile(r"^(?P<head>.+?)(?:,| but| with) (?:but |with |and )?(?P<mod>[a-z0-9 ]+)$")
_ELIDED = rx.compile(
    r"^(?:and |also |plus )(?:the |all |our )?(?P<e>[a-z]+(?: [a-z]+)?) (?P<rest>(?:an?|some) .+)$"
)
_VERB = r"(?:also )?(?:need|needs|get|gets|have|has|should have|must have|require|requires)"
_MORE = rx.compile(
    r"^(?:oh |ok |and |also |plus )+(?:also )?(?P<f>(?:(?P<a>an?|the|some|their|its) )?[a-z]"
    r"[a-z0-9_ ]*?)"
    r"(?: as well| too| also)?(?: for (?:them|it|those|these|each))?(?P<mod>,.*)?[.!]*$"
)
"""One more field for what the previous request was about ("and a billing one too", "also a
photo url for them", "and the age at death as well, in whole years")."""


def added_to_it(text: str, earlier: list[FieldHit]) -> str | None:
    """The entity "it" is when fields are added to it: the one the previous request was about
    ("add a Sponsor entity with a name", then "also on it a website and a phone number")."""
    entities = {hit.entity for hit in earlier}
    return entities.pop() if len(entities) == 1 and ADDED_TO_IT.search(text) else None


def _requests(history: list[ChatTurn]) -> list[str]:
    """The user's earlier requests, newest last, without undos (and what they undid)."""
    out: list[str] = []
    for turn in history:
        if turn.role != "user":
            continue
        if is_undo(normalize(turn.content)):
            out.append(out.pop() if out else "")  # the request undone is still the one meant
        else:
            out.append(turn.content)
    return [r for r in out if r]


def _target(text: str) -> tuple[str, str] | None:
    """``(entity phrase, modifier)`` of a message that repeats the last request elsewhere."""
    text = rx.sub(r",? (?:please|thanks|thank you|thx|as well please)[.!]*$", "", text)
    moved = _MOVED.match(text) or _MEANT.match(text)
    if moved:
        return moved.group("e"), ""
    tail = _TAIL.match(text)
    mod = tail.group("mod").strip() if tail else ""
    said = tail.group("head") if tail and modifier(mod) is not None else text
    for pattern in ALSO:
        match = rx.match(pattern, said)
        named = rx.split(r",? and |, ", match.group("e")) if match else []
        if match is not None and all(len(n.split()) <= 3 for n in named):
            return match.group("e"), mod if said != text else ""
    return None


def repeat(
    text: str, history: list[ChatTurn], bp: Blueprint | None, read: Read
) -> Understanding | None:
    """The previous request read again on each entity the message names; None when the message
    is not a repeat."""
    from slipway.assistant.understand import Understanding

    earlier = [
        r
        for r in _requests(history)
        if _target(normalize(r)) is None and not _MORE.match(plain(normalize(r)))
    ]  # the last request said in full, never a follow-up of its own ("and eye colour")
    elided = _ELIDED.match(text)
    vocab = Vocab(bp)
    if elided and earlier and vocab.entity(elided.group("e"), fuzzy=False) is not None:
        verb = rx.search(rf"\b({_VERB}) ", normalize(earlier[-1]))
        if verb is not None:
            return read(f"{elided.group('e')} {verb.group(1)} {elided.group('rest')}", bp)
    more = _more(text, earlier, vocab, bp, read)
    if more is not None:
        return more
    found = _target(text)
    if found is None or not earlier:
        return None  # "orders can be refunded too" alone is a request of its own
    phrases = [p for p in rx.split(r",? and |, ", found[0]) if p.strip()]
    targets = [vocab.entity(p) for p in phrases]
    if all(t is None for t in targets):  # "same for plate": the previous change, on that field
        return _on_fields(phrases, earlier[-1], vocab, bp, read)
    if any(t is None for t in targets):
        return Understanding(question="I am not sure what to repeat: say the whole change.")
    result = Understanding()
    for phrase, target in zip(phrases, targets, strict=True):
        assert target is not None
        again = vocab.retarget(plain(normalize(earlier[-1])), phrase)
        if again is None:
            return Understanding(question="I am not sure what to repeat: say the whole change.")
        one = read(f"{again}, {found[1]}" if found[1] else again, bp)
        ops = [op for op in one.ops if getattr(op, "entity", None) == target.name]
        if one.question or not ops:
            return Understanding(
                question=one.question or f"I am not sure what to repeat on {target.name}."
            )
        result.ops += ops
        result.notes += one.notes
    if _MEANT.match(text) or (_MOVED.match(text) and "instead" in text):
        result.ops += _taken_back(earlier[-1], result.ops, vocab)
    return result


def _taken_back(request: str, ops: list[Op], vocab: Vocab) -> list[Op]:
    """What the last request added where it was not meant to go ("put it on rounds instead",
    "I meant rounds, not drivers"): each field it moves, off the entity it first went to."""
    found = vocab.find_entities(plain(normalize(request)))
    added = [op for op in ops if isinstance(op, AddField)]
    if not found or not added or found[0] == added[0].entity:
        return []
    old = vocab.entities[found[0]].fields
    return [
        RemoveField(entity=found[0], field=op.field.name) for op in added if op.field.name in old
    ]


def _on_fields(
    phrases: list[str], previous: str, vocab: Vocab, bp: Blueprint | None, read: Read
) -> Understanding | None:
    """The previous request's changes to a field, made to each field named instead; None when a
    phrase names no field (then the message is a request of its own: "make it required too")."""
    from slipway.assistant.understand import Understanding

    before = read(normalize(previous), bp)
    changes = [op for op in before.ops if isinstance(getattr(op, "field", None), str)]
    if not changes or before.question:
        return None
    owner = getattr(changes[0], "entity", None)
    result = Understanding()
    for phrase in phrases:
        hits = vocab.field_anywhere(phrase)
        mine = [h for h in hits if h.entity == owner]
        hit = mine[0] if len(mine) == 1 else hits[0] if len(hits) == 1 else None
        if hit is None:
            return None
        result.ops += [
            op.model_copy(update={"entity": hit.entity, "field": hit.field}) for op in changes
        ]
    return result


def _more(
    text: str, earlier: list[str], vocab: Vocab, bp: Blueprint | None, read: Read
) -> Understanding | None:
    said = _MORE.match(text)
    if said is None or not earlier or vocab.find_entities(said["f"]):
        return None
    if not said["a"] and (not looks_like_noun(said["f"]) or modifier(said["f"]) is not None):
        return None  # "and required", "also on visits": no field named
    before = read(plain(normalize(earlier[-1])), bp)  # on today's spec, where its fields are made
    owners = {hit.entity for hit in before.fields}
    if not owners and not before.question:  # its fields are there already: whose they are
        owners = set(vocab.find_entities(plain(normalize(earlier[-1]))))
    if before.question or len(owners) != 1:
        return None
    owner = owners.pop()
    head = before.fields[-1].field.split("_")[-1] if before.fields else ""
    phrase = rx.sub(r"\bone$", head, said["f"]) if head else said["f"]
    name = rx.sub(r"(?<=[a-z])(?=[A-Z])", " ", owner).lower()
    mod = (said["mod"] or "").strip(" ,")
    tail = f" ({mod})" if mod and read_modifiers(mod) else f", {mod}" if mod else ""
    return read(f"{plural(name)} need {phrase}{tail}", bp)  # "phone models need …"
