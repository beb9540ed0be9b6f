"""Misspelt request words ("requird", "uniqe", "integr", "shoud", "charcters"): corrected to the
assistant's own vocabulary before the message is read.

Only a word one edit (OSA) away from a keyword is corrected, and never a word the spec itself
names or a real word near a keyword ("requires", "defaults", "strong"); names are left to the
vocabulary's own fuzzy match against the spec.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from slipway.assistant import rx
from slipway.assistant.understand.words import is_plural, plural, singular, snake
from slipway.ir import Blueprint

KEYWORDS = (
    "required",
    "optional",
    "unique",
    "integer",
    "decimal",
    "boolean",
    "datetime",
    "should",
    "characters",
    "maximum",
    "minimum",
    "default",
    "encrypted",
    "encrypt",
    "length",
    "rename",
    "remove",
    "delete",
    "mandatory",
    "indexed",
)
REAL = frozenset(
    [
        "requires",
        "require",
        "requirer",
        "defaults",
        "defaulted",
        "integers",
        "decimals",
        "booleans",
        "lengths",
        "character",
        "maximal",
        "minimal",
        "should",
        "shout",
        "shoulder",
        "encrypts",
        "indexes",
        "indexer",
        "renamed",
        "removed",
        "remover",
        "removes",
        "deleted",
        "deletes",
        "delegate",
        "remote",
        "renames",
        "unique",
        "uniquely",
        "optionally",
        "default",
        "required",
        "optional",
        "integer",
        "decimal",
        "boolean",
    ]
)
"""Real words one edit from a keyword, left as they are."""
_WORD = rx.compile(r"[a-z]{5,}")


def fix_keywords(text: str, names: set[str]) -> str:
    """``text`` (normalised) with misspelt keywords corrected; ``names`` are the spec's words."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in REAL or word in names or word in KEYWORDS:
            return word
        for keyword in KEYWORDS:
            if keyword.startswith(word) or word.startswith(keyword):
                continue  # an inflection or a cut ("requir"), not a slip of the keys
            if abs(len(keyword) - len(word)) <= 1 and OSA.distance(word, keyword) <= 1:
                return keyword
        return word

    return _WORD.sub(fix, text)


def spec_words(bp: Blueprint | None) -> set[str]:
    """The words of the spec's entity and field names."""
    out: set[str] = set()
    for entity in bp.entities if bp else []:
        out.update(snake(entity.name).split("_"))
        for f in entity.fields:
            out.update(f.name.split("_"))
    return out


_RECORD = r"(?:records?|entry|entries)"
"""Words for one stored thing, said after an entity's name ("the vet record", "dog entries")."""


_ASKED_OF = r"\b(?:could|can|should|would|will|must|may) (?:each |every |the |a )?$"
_OBJECT = (
    r" (?:how|what|when|where|which|whether|who|whose|the|a|an|their|its|his|her|each|every|all|"
    r"any)\b"
)


def _is_verb(match: re.Match[str], said: str) -> bool:
    """ "could dogs record how many baths …", "could each repair record how much …": "record"
    with its object after it, said by a plural or asked of one (not "the dogs record needs …")."""
    if match["r"] != "record" or not rx.match(_OBJECT, match.string[match.end() :]):
        return False
    return match["e"] != said or rx.search(_ASKED_OF, match.string[: match.start()]) is not None


def record_words(text: str, bp: Blueprint | None) -> str:
    """``text`` with a record word after an entity's name dropped ("the vet record is missing a
    phone" → "the vet is missing a phone", "vet records need …" → "vets need …"), unless the two
    words name something of the spec themselves (a VetRecord entity, a ``dog_model`` field)."""
    entities = bp.entities if bp else []
    names = {n for e in entities for n in (snake(e.name), *(f.name for f in e.fields))}
    for entity in entities:
        said = snake(entity.name).replace("_", " ")
        many = plural(said.split()[-1])
        stem = " ".join([*said.split()[:-1], ""])

        def drop(match: re.Match[str], said: str = said, many: str = many, stem: str = stem) -> str:
            if snake(f"{match['e']} {singular(match['r'])}") in names:
                return match.group(0)
            if _is_verb(match, said):
                return match.group(0)  # "could dogs record how many baths …": a verb
            return stem + many if is_plural(match["r"]) and match["e"] == said else match["e"]

        text = rx.sub(
            rf"\b(?P<e>{re.escape(said)}|{re.escape(stem + many)}) (?P<r>{_RECORD})\b",
            drop,
            text,
        )
    return text
