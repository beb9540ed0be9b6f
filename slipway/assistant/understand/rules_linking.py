"""Links between two entities the spec already has, said in words the prose rules leave alone:
"each stay is in a kennel", "assign every dog a vet", "each stay should reference a kennel",
"tie every stay to the kennel it uses", "record which vet each dog goes to", "each dog's vet
should be recorded", "a stay is for one dog and one kennel", "connect dogs and vets
(many-to-many)".

Both names must be the spec's own: these phrasings also say plain facts ("each dog is in a good
mood"), so a name that is no entity leaves the clause to the other rules.
"""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_relations import belongs
from slipway.assistant.understand.text import Reading

_A = r"(?:each |every |all |an? |the |our |one )?"
_ONE = r"(?:exactly |only |just )?(?:one |an? |the |a single |its |their )?"
_E = r"[a-z]+(?: (?!(?:should|must|will|can|could|has|have|is|are|needs?|to)\b)[a-z]+)?"
"""A name of a word or two (the second no verb: "stay should" is no name)."""

_BELONGS = tuple(
    rx.compile(p)
    for p in (
        rf"^{_A}(?P<a>{_E}) (?:is|are) (?:always |only )?(?:in|at|inside|within|under|part of|"
        rf"kept in|for) {_ONE}(?P<b>{_E})$",
        rf"^(?:please )?(?:assign|give|allocate) (?:each |every |all |the )?(?P<a>{_E}) (?:a|an|"
        rf"one|its own) (?P<b>{_E})$",
        rf"^{_A}(?P<a>{_E}) (?:should |must |will |can |has to |needs to )?(?:reference|references|"
        rf"point to|points to|refer to|refers to|link to|links to|be linked to|be tied to) "
        rf"{_ONE}(?P<b>{_E})$",
        rf"^(?:please )?(?:tie|link|connect|attach) (?:each |every |all |the )?(?P<a>{_E}) to "
        rf"(?:the|its|their) (?P<b>[a-z]+)(?: (?:it|they) [a-z]+(?: in| at| on| to| with)?)?$",
        rf"^(?:(?:we )?(?:need to |want to |should |must )?(?:record|store|track|know|note|keep) )"
        rf"which (?P<b>{_E}) (?:each|every|a|the) (?P<a>[a-z]+) (?:is|goes|belongs|uses|sees|"
        rf"visits|attends|comes|[a-z]+s)(?: (?:to|in|at|with|for|from|on))?$",
        rf"^{_A}(?P<a>[a-z]+)'s (?P<b>{_E}) (?:should|must|needs? to|has to|will) be (?:recorded|"
        rf"stored|tracked|kept|noted|known|saved)$",
    )
)
_FOR_BOTH = rx.compile(
    rf"^{_A}(?P<a>{_E}) (?:is|are) (?:always )?(?:for|of|between) (?:exactly )?(?:one|an?) "
    rf"(?P<b>[a-z]+) and (?:exactly )?(?:one|an?) (?P<c>[a-z]+)$"
)
_M2M = rx.compile(
    rf"^(?:please )?(?:connect|link|relate|join) (?:the )?(?P<a>{_E}) (?:and|with|to) (?:the )?"
    r"(?P<b>[a-z]+(?: [a-z]+)?),? \(?(?:as )?many[- ]to[- ]many\)?$"
)


def linked(clause: str, ctx: Context) -> Reading | None:
    many = _M2M.match(clause)
    if many is not None:
        a, b = _known(many["a"], ctx), _known(many["b"], ctx)
        if a is None or b is None or a == b:
            return None
        return Reading([AddRelationship(entity=a, kind="many_to_many", target=b)])
    both = _FOR_BOTH.match(clause)
    if both is not None:
        a, b, c = (_known(both[g], ctx) for g in ("a", "b", "c"))
        if a is None or b is None or c is None or len({a, b, c}) < 3:
            return None
        return Reading(belongs(a, b, False, ctx) + belongs(a, c, False, ctx))
    for pattern in _BELONGS:
        match = pattern.match(clause)
        if match is None:
            continue
        a, b = _known(match["a"], ctx), _known(match["b"], ctx)
        if a is not None and b is not None and a != b:
            strong = bool(rx.search(r"\b(?:exactly|must|always|only)\b", clause))
            return Reading(belongs(a, b, strong, ctx))
    return None


def _known(phrase: str, ctx: Context) -> str | None:
    """The entity ``phrase`` names exactly (no slip: these phrasings say facts too)."""
    hit = ctx.vocab.entity(phrase, fuzzy=False)
    return None if hit is None else ctx.entity(hit.name)
