"""A kind of thing the business says it no longer keeps here, with why: "the warehouse took
over stock counts in their own tool, so we don't keep them here anymore". That is no change on
its own; it says what a later "please remove them" removes, and what "them" means there."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import RemoveEntity
from slipway.assistant.understand.context import PRONOUN, Context
from slipway.assistant.understand.text import Reading

NOT_KEPT = rx.compile(
    r"^(?:(?P<why>.+?),? (?:and )?so )?(?:now )?(?:we|i) (?:don't|do not|no longer|won't|will not)"
    r" (?:really |even |actually )?(?:need to )?(?:keep|store|track|hold|manage|record|handle|"
    r"maintain) (?P<what>[a-z][a-z ]*?)(?P<where> (?:here|in here|in this system|in the system|in "
    r"the app|in slipway|ourselves|on our side))?(?: any ?more| any longer| now)?$"
)


def not_kept(clause: str, ctx: Context) -> Reading | None:
    match = NOT_KEPT.match(clause)
    if match is None:
        return None
    what = match["what"]
    if PRONOUN.fullmatch(what):
        named = ctx.vocab.find_entities(match["why"] or "")
        if len(named) != 1:
            return None
        name = named[0]
    else:
        hit = ctx.vocab.entity(what, fuzzy=False)
        if hit is None or not match["where"]:
            return None  # "we don't track nitrate anymore": the field rules read it
        name = hit.name
    ctx.focus = name
    ctx.removed = RemoveEntity(name=name)
    asked = rx.search(r"\b(?:remove|drop|delete|get rid of|take out|lose)\b", ctx.text)
    if asked:
        return Reading()  # the request that follows removes it
    return Reading(notes=[f"{name} is kept elsewhere now; say 'remove it' to remove it here."])


_NEEDS_NONE = (
    r"\b(?P<o>[a-z]+(?: [a-z]+)?) (?:wouldn't|would not|won't|will not|don't|do not|doesn't|does "
    r"not|no longer) (?:really |even )?(?:need|have|get|require|use)s? (?:one|it|them|an? "
    r"(?P<x>[a-z]+)|any)(?: any ?more| any longer| then)?\b"
)
"""Another entity said to need no such thing ("tickets wouldn't need one")."""
_REMOVE = rx.compile(
    r"^(?:so )?(?:can we |could we |can you |could you |let's |please |we should |we can )?"
    r"(?:remove|delete|drop|get rid of|scrap|ditch|lose) (?:the |our |all )?(?P<w>[a-z][a-z ]*?)"
    r"(?: entirely| completely| altogether| too)?$"
)


def data_meant(clause: str, ctx: Context) -> Reading | None:
    """ "remove technicians? tickets wouldn't need one": a name both a role and an entity is the
    entity when another entity is said to need none of it."""
    said = _REMOVE.match(clause)
    hit = ctx.vocab.entity(said["w"], fuzzy=False) if said else None
    if said is None or hit is None:
        return None
    for other in rx.finditer(_NEEDS_NONE, ctx.text):
        owner = ctx.vocab.entity(other["o"].split()[-1], fuzzy=False)
        if owner is None or owner.name == hit.name:
            continue
        if other["x"] and ctx.vocab.entity(other["x"], fuzzy=False) != hit:
            continue
        if f"ref:{hit.name}" in ctx.vocab.entities[owner.name].fields.values():
            ctx.removed = RemoveEntity(name=hit.name)
            return Reading([ctx.removed])
    return None


_GIVEN_UP = rx.compile(
    r"^(?:we|i) (?:don't|do not|no longer|stopped|have stopped) (?:really |even |actually )?"
    r"(?P<v>[a-z]+) (?P<o>[a-z][a-z ]*?) (?:any ?more|any longer|these days)(?:,? (?:and |so |"
    r"now )?(?:everyone|everybody|people|staff|we|they|whoever) (?:just )?[a-z].*)?$"
)
_DATA_VERBS = {"need", "want", "keep", "track", "store", "record", "use", "have", "measure",
               "collect", "show", "ask", "log", "save", "capture", "sell", "offer", "send",
               "run", "do", "publish", "emit", "hold", "charge"}  # fmt: skip


def reason(clause: str, ctx: Context) -> Reading | None:
    """ "we don't really assign jobs to one person anymore, everyone just picks the next one":
    why a removal said after it is wanted, no change of its own; and "crews wouldn't need one"
    said after it."""
    removed = ctx.removed.name if isinstance(ctx.removed, RemoveEntity) else None
    after = rx.fullmatch(_NEEDS_NONE, clause)
    if after is not None and removed is not None and ctx.vocab.entity(after["o"]) is not None:
        return Reading()
    said = _GIVEN_UP.match(clause)
    if said is None or said["v"] in _DATA_VERBS:
        return None
    asked = rx.search(r"\b(?:remove|delete|drop|get rid of|scrap|ditch)\b", ctx.text)
    if asked is None or ctx.vocab.fields_in(said["o"], ctx.vocab.find_entities(said["o"])):
        return None  # "we don't assign priorities anymore" names the field that goes
    if rx.search(r"\b(?:job|schedule|reminder|queue|event|storage|bucket|task|cron)s?\b", ctx.text):
        return None  # "we don't remind riders anymore, drop that job": a workflow item goes
    return Reading()
