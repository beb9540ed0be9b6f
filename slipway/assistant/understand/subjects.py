"""Who a clause is about: whether the words after "and" start a request of their own ("an
author writes many books"), and the subject a verb-first part takes from the part before it
("a vehicle belongs to an owner and has a colour")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import NOT_NOUNS, Context
from slipway.assistant.understand.rules_enum import is_choice
from slipway.assistant.understand.rules_prose import HAS
from slipway.assistant.understand.text import COMMAND_VERBS, normalize, polish
from slipway.assistant.understand.words import is_plural, pascal, singular, snake

_VERB_FIRST = rx.compile(
    r"^(?:also )?(?:has|have|needs?|gets?|belongs?|is|are|can|could|should|must|contains?|"
    r"includes?|holds?|keeps?|stores?|requires?|may|will)\b"
)


def with_subject(pieces: list[str], ctx: Context) -> list[str]:
    found = ctx.vocab.mentions(polish(pieces[0]))
    if not found:
        return pieces
    subject = polish(pieces[0])[found[0][0] : found[0][1]]
    out, verb = [pieces[0]], None
    for p in pieces[1:]:
        said = polish(p)
        if rx.match(r"(?:get|got) rid of\b", said):
            out.append(p)  # "…, get rid of the vans": a request of its own, not the subject's
        elif _VERB_FIRST.match(said) and not rx.fullmatch(_OF_IT, said):
            out.append(f"{subject} {p}")
            having = rx.match(r"(?:also )?(has|have|needs?|gets?) ", said)
            verb = having.group(1) if having else None
        elif verb is not None and rx.match(r"(?:an?|the|some|its|their) [a-z]", said):
            out.append(f"{subject} {verb} {p}")  # "… and has the vaccine name and the date …"
        else:
            out.append(p)
    return out


_OF_IT = r"(?:also )?[a-z]+ (?:that|it|this|them|those)(?: too| as well| for me)?"
"""A verb and a pronoun ("store that"): said of what came before, no new subject's."""


def names_subject(text: str, ctx: Context) -> bool:
    """Does the text start with an entity of the spec and a verb ("hearings are …")?"""
    words = rx.sub(r"^(?:an?|the|each|every|all) ", "", text).split()
    return any(
        len(words) > size
        and ctx.vocab.entity(" ".join(words[:size]), fuzzy=False) is not None
        and rx.fullmatch(_VERB_FIRST, words[size]) is not None
        for size in (1, 2, 3)
    )


def starts_clause(text: str, ctx: Context) -> bool:
    """Does the text after "and" start a new request ("an author writes many books")?"""
    if rx.match(rf"^(?:each|every|an?) [a-z]+ {HAS} (?!(?:its|their) own)", text):
        return True  # "…, and each score has a judge": a new subject's fields
    headed = rx.match(rf"^([a-z][a-z ]{{0,30}}?): (?:please )?(?:{COMMAND_VERBS})\b", text)
    if headed and ctx.vocab.entity(headed[1]) is not None:
        return True  # "invoices: add notes, lines: add a tax rate": another entity's list
    words = rx.sub(r"^(?:an?|the|each|every|all) ", "", text).split()
    for size in (3, 2, 1):
        if len(words) > size and ctx.vocab.entity(" ".join(words[:size]), fuzzy=False):
            verb = words[size]
            return bool(
                rx.fullmatch(
                    r"(?:has|have|can|could|should|must|will|may|is|are|belongs?|"
                    r"needs?|gets?|[a-z]+s)",
                    verb,
                )
            ) and verb not in ("is", "are")
    return False


BEING = r"(?:is|are|should be|must be|has to be|needs to be|can be|may be|could be)"


def its_values(clause: str, ctx: Context) -> str:
    """ "… a membership tier. it's basic, premium or gold": the values of the field just said."""
    said = rx.sub(rf"^(?:it|they) {BEING} ", "", clause)
    if ctx.subject is None or said == clause or not is_choice(f"it is {said}"):
        return clause
    hit = ctx.subject
    return f"{snake(hit.entity).replace('_', ' ')} {hit.field} is {said}"


_SUBJECT = rx.compile(
    r"^(?:the |all |each |every |our )?(?P<e>[a-z]+) (?:need|should have|must have|have) (?:an? |"
    r"the |some |their )|\b[a-z_]+ on (?:the |all |each |every |our )?(?P<o>[a-z]+) (?:should|"
    r"must|need|needs|is|are|can|has to|have to|shouldn't|mustn't|doesn't|don't)\b"
)
"""The plural subject of a request ("users need a nickname"), or the entity a field is said to be
on ("email on users shouldn't be mandatory")."""


def unknown_subject(message: str, entities: list[str]) -> str | None:
    """The entity a request names that the spec lacks ("users need a nickname": User), so that a
    reply can say so instead of only that it could not read the message."""
    said = _SUBJECT.search(normalize(message))
    word = (said["e"] or said["o"]) if said else ""
    if not word or word in NOT_NOUNS or not is_plural(word) or singular(word) == word:
        return None
    name = pascal(singular(word))
    known = {e.lower() for e in entities}
    return None if name.lower() in known or word in known else name
