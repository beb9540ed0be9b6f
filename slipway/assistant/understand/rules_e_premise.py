"""A request said after why it is wanted: "we don't do accounts any more, everybody checks out as
a guest, so get rid of customers and put the email on the order", "we sell the fish too so I
need sales, …". The reason asks nothing; what follows "so" is the request."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_e_elsewhere import data_meant, not_kept, reason
from slipway.assistant.understand.text import COMMAND_VERBS, Reading, polish

PREMISE = rx.compile(
    r"^(?P<why>.+?),? (?:and )?so (?:now |then )?(?P<req>(?:(?:i|we)(?: would like|'d like| need|"
    rf" want| also need| also want)|(?:please |just |also )*(?:{COMMAND_VERBS})\b|"
    r"(?:the |each |every |all |our )?[a-z]+(?: [a-z]+)? (?:also )?(?:need|needs|should|must|"
    r"have to|has to)\b).+)$"
)


def premise(clause: str, ctx: Context) -> Reading | None:
    """The request after "so", when what comes before it is a statement no rule reads as a
    change (else both are read as usual)."""
    from slipway.assistant.understand import _clause_or_parts, read_clause

    kept = not_kept(clause, ctx) or data_meant(clause, ctx) or reason(clause, ctx)
    if kept is not None:
        return kept
    match = PREMISE.match(clause)
    if match is None or rx.match(rf"(?:please )?(?:{COMMAND_VERBS})\b", match["why"]):
        return None
    if not rx.search(r"\b(?:we|i|our|everybody|everyone|nobody|people|they)\b", match["why"]):
        return None  # the reason is the business speaking ("we sell fish too")
    state = ctx.snapshot()
    why = read_clause(match["why"], ctx)
    ctx.restore(state)
    if why is not None and not why.question:
        return None
    request = rx.sub(r"\b(?:just|simply) (?=[a-z]+ )", "", polish(match["req"]))
    readings, unread = _clause_or_parts(request, ctx)
    if unread or not readings or any(r.question for r in readings):
        ctx.restore(state)
        return None
    out = Reading()
    for reading in readings:
        out.extend(reading)
    return out if out.ops else None
