"""The fields of an entity of the spec said in the words of the business: "every card has its
own code, a balance and a date after which it can't be spent any more", "each tour has a guide
and how many people can come". The items said in prose are read as field phrases first."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_e_items import plain
from slipway.assistant.understand.text import Reading

HAS = rx.compile(
    r"^(?:each |every |all |an? |the |our )?(?P<e>[a-z][a-z -]*?) (?:also )?(?P<v>has|have|gets?|"
    r"needs?|should have|must have|will have|comes? with|carries|carry|holds?|keeps?|records?|"
    r"stores?) (?P<i>.+)$"
)


def said_items(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_add import add_to

    match = HAS.match(clause)
    said = match["e"] if match else ""
    entity = ctx.vocab.entity(said) or ctx.vocab.entity(said.replace("-", ""), fuzzy=False)
    if match is None or entity is None:
        return None
    text, links = plain(match["i"], entity.name, ctx)
    if text == match["i"] and not links:
        return None  # nothing said in prose: the field rules read it
    owner = ctx.entity(entity.name)
    strong = rx.search(r"\b(?:must|need|needs)\b", match["v"]) is not None
    reading = add_to(owner, text, ctx, strong=strong) if text else Reading()
    reading.ops += links
    return reading
