"""Tenancy said as who sees only their own data: "each freelancer signs up and gets a workspace,
and must only ever see the clients and invoices in their own workspace", "each franchise must
only ever see its own customers and pools — never another franchise's" (the one said after
"each" is the tenant; the data named is the spec's)."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetTenancy
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading

_ONLY_OWN = rx.compile(
    r"\b(?:each|every) (?P<t>[a-z]+(?: [a-z]+)?) (?:[a-z' ,]+? )?(?:must|should|can|may|will|"
    r"is to|are to|has to|have to)? ?only (?:ever )?(?:be able to )?(?:see|sees|access|accesses|"
    r"view|views|get to see|gets to see|have access to|has access to|work with|works with) "
    r"(?P<what>.+)$"
)
_OWN = rx.compile(r"\b(?:its|their|his|her) own\b|\bnever (?:an)?other\b|\bnobody else'?s?\b")


def only_own(clause: str, ctx: Context) -> Reading | None:
    """The one after "each" is the tenant when it sees only its own records of the spec."""
    said = _ONLY_OWN.search(clause)
    if said is None or not _OWN.search(clause) or not ctx.vocab.find_entities(said.group("what")):
        return None
    words = said.group("t").split()
    if len(words) == 2 and rx.fullmatch(r"[a-z]+(?:ing|s)|should|must|can|may|will|only", words[1]):
        words = words[:1]  # "each freelancer signs up", "each bank using it": one word
    hit = ctx.vocab.entity(" ".join(words), fuzzy=False)
    if hit is None and not looks_like_noun(" ".join(words)):
        return None
    data = rx.sub(r"\b(?:its|their|his|her) own [a-z]+", " ", said.group("what"))
    if hit is not None and hit.name in ctx.vocab.find_entities(data):
        return None  # "each customer only sees their own orders … and customers": not a tenant
    tenant = hit.name if hit else ctx.new_entity(" ".join(words))
    return Reading([SetTenancy(mode="multi", entity=tenant)])
