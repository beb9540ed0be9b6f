"""A pronoun that stands for the entity spoken of last ("add a Fine entity. It has an amount",
"… record when each one was last tested", "connect saunas to it"): the entity's name in its
place, so the rules read the clause as if it were named."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.words import singular, snake

_SOME = r"(many|several|some|all|each|any)"
PRONOUN_VERBS = r"(?:has|have|needs?|should|must|can|gets?|belongs?|is|are)"


def named_for(clause: str, focus: str, ctx: Context) -> str:
    """The clause with the pronouns for ``focus`` replaced by its name."""
    name = snake(focus).replace("_", " ")
    clause = rx.sub(
        rf"^(?:it|they|each one|every one|each of them|all of them)(?= {PRONOUN_VERBS}\b)",
        name,
        clause,
    )
    clause = rx.sub(rf"\b{_SOME} of (?:them|these|those)$", rf"\1 {name}", clause)
    clause = rx.sub(  # "… record when each one was last tested": each inflatable
        r"\b(?:each|every) one(?= (?:was|is|were|are|gets|got|has|had|last)\b)",
        f"each {name}",
        clause,
    )
    clause = rx.sub(  # "a SwapEvent …, and every swap belongs to one of those events"
        r"\b(?:one of )?(?:those|these) (?P<w>[a-z]{3,})\b",
        lambda m: f"one {name}" if name.replace(" ", "").endswith(singular(m["w"])) else m[0],
        clause,
    )
    if focus not in ctx.vocab.find_entities(clause):  # "connect saunas to it": no sauna
        clause = rx.sub(r"(?<!\brid )\b(to|on|for|from|of) (?:it|them)$", rf"\1 {name}", clause)
    return clause
