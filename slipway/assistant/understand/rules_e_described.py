"""A new kind of thing the business starts keeping, said in prose: "start tracking tastings,
that is when a client comes in, with the date and how many people come", "keep a list of
suppliers with their name and phone", "sales, each one for a customer and a species"."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import is_plural

_KEEP = (
    r"(?:(?:start |begin |also )?(?:tracking|track|keeping track of|keep track of|keeping|keep|"
    r"recording|record|managing|manage|storing|store|listing|list|have|having) )"
)
INTRO = rx.compile(
    rf"^(?P<verb>{_KEEP})?(?:an? (?:list|record|register|log|catalog(?:ue)?|table) of |the |our |"
    r"some )?(?P<n>[a-z]+(?: [a-z]+)?)(?:,? (?:that is|which is|i\.e\.|meaning|these are|those "
    r"are|they are) [^,:]+)?(?P<sep>,|:| with| each| where|, with) (?P<f>.+)$"
)
"""The thing, what it is (said in passing), then what each one has."""
_EACH = rx.compile(r"^(?:each|every|with|for each|per)\b")


def _business_word(word: str, ctx: Context) -> bool:
    """A word of the business's own name ("cleaning" at a cleaning company)."""
    project = getattr(ctx.bp, "project", None)
    said = f"{getattr(project, 'name', '')} {getattr(project, 'description', '')}".lower()
    return word.endswith("ing") and rx.search(rf"\b{re.escape(word)}\b", said) is not None


def described(clause: str, ctx: Context) -> Reading | None:
    """ "track cleaning supplies, the name, how many we got in stock": a new entity (the
    business's own word before it dropped), its fields read by ``create``."""
    from slipway.assistant.understand.rules_add import create

    match = INTRO.match(clause)
    if match is None or (match["sep"] == ":" and not match["verb"]):
        return None
    name, fields = match["n"], match["f"]
    if not match["verb"] and not (match["sep"] != "," or _EACH.match(fields)):
        return None  # "prices, make them required" names no new thing
    words = name.split()
    if len(words) == 2 and _business_word(words[0], ctx):
        name = words[1]
    if not is_plural(words[-1]) or not looks_like_noun(name):
        return None
    if ctx.vocab.entity(name, fuzzy=False) is not None or ctx.vocab.entity(words[-1]) is not None:
        return None
    if any(ctx.vocab.field_on(e, name, fuzzy=False) for e in ctx.vocab.entities):
        return None
    fields = rx.sub(r"^(?:with|having|each (?:one )?(?:with|having|has|have))\s+", "", fields)
    return create(name, fields, ctx)
