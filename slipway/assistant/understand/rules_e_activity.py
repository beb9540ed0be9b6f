"""A new activity the business starts doing, described by what happens in it: "from spring the
board will hold Tastings: twice a year a panel tries every wine and gives it a mark out of 20
and a note", "we'll run Audits: each quarter someone checks every van and records the mileage".
Each one is a new entity; what is done to "every X" makes it belong to X, and what is given to
it or recorded are its fields."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import is_plural

ACTIVITY = rx.compile(
    r"^(?:(?:starting|from|in|next|this|each|every|once) [a-z0-9 ]+?,? )?(?:the |our |we |i )?"
    r"(?:[a-z]+(?: [a-z]+)? )?(?:will |'ll |is going to |are going to |want to |wants to |would "
    r"like to |plans? to |shall )?(?:start |begin )?(?:to )?(?:do|doing|hold|holding|run|running|"
    r"carry out|carrying out|conduct|conducting|introduce|introducing|organi[sz]e|perform)s? "
    r"(?:regular |yearly |annual |monthly |weekly |new )?(?P<n>[a-z]+(?: [a-z]+)?): (?P<d>.+)$"
)
"""Who will do the new activity, its name, a colon, and what happens in it."""
_EVERY = rx.compile(r"\b(?:each|every) (?P<e>[a-z]+(?: [a-z]+)?)")
_GIVEN = rx.compile(
    r"\b(?:gives?|assigns?|awards?|hands?|puts?(?: down)?) (?:it|them|each one|each|every one|"
    r"the [a-z]+) (?P<f>.+)$|\b(?:records?|notes?(?: down)?|writes? down|logs?|enters?|fills? "
    r"in|takes? down|keeps?) (?P<g>(?:an? |the |its |their ).+)$"
)


def activity(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import create

    match = ACTIVITY.match(clause)
    if match is None or not looks_like_noun(match["n"]) or not is_plural(match["n"].split()[-1]):
        return None
    if ctx.vocab.entity(match["n"], fuzzy=False) is not None:
        return None
    given = _GIVEN.search(match["d"])
    done = [
        ctx.vocab.entity(m["e"], fuzzy=False) or ctx.vocab.entity(m["e"].split()[0], fuzzy=False)
        for m in _EVERY.finditer(match["d"])
    ]
    owners = list(dict.fromkeys(hit.name for hit in done if hit is not None))
    if given is None or len(owners) > 1:
        return None  # said of what it is, not what it holds: the other rules read it
    reading = create(match["n"], given["f"] or given["g"], ctx)
    if owners and not reading.question:
        made = ctx.vocab.pending[-1]
        reading.ops.append(
            AddRelationship(entity=made, kind="belongs_to", target=owners[0], required=True)
        )
    return reading
