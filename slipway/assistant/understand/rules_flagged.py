"""A yes/no field removed by saying what it tells: "remove the thing on loans that marks whether
the book came back", "I no longer need to record whether a vessel carries cars", "we don't track
if a loan came back with that yes/no thing anymore". The field is the entity's only boolean, or
the one boolean whose name shares a word with what is said; with several and none named, the
assistant asks which."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import RemoveField
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import singular

_GONE = rx.compile(
    r"\b(?:remove|drop|delete|get rid of|take out|ditch|scrap|(?:can|should|must) go|(?:take|get) "
    r"(?:it|that|this) (?:out|off))\b|\b(?:no longer|don't|do not|dont|stopped|never)(?: need to|"
    r" have to| want to| really| even| bother to)? (?:record|track|know|store|note|mark|"
    r"keep track of|log|capture|ask)(?:ing)? (?:whether|if)\b"
)
"""A removal said outright, or a record no longer kept ("we no longer record whether …")."""
_THING = (
    r"(?:thing|field|flag|checkbox|check box|tick ?box|toggle|boolean|bool|yes/no(?: thing| field|"
    r" flag| box| column)?|column)"
)
_TELLS = rx.compile(
    rf"\b(?:the |that |this )?{_THING} (?:on|of|for|in) (?:the |our |a |an |each |every )?"
    r"(?P<e>[a-z]+(?: [a-z]+)?) (?:that|which) (?:marks?|says?|records?|tracks?|shows?|tells? us|"
    r"notes?|flags?|stores?|keeps?) (?:whether|if) (?P<what>[a-z' ]+)"
)
_WHETHER = rx.compile(
    r"\b(?:record|track|know|store|note|mark|keep track of|keep|log|capture|save|ask)(?:ing)? "
    r"(?:whether|if) (?:the |a |an |each |every |our )?(?P<what>[a-z' ]+)"
)


def flag_whole(clause: str, ctx: Context) -> Reading | None:
    """The sentence is such a removal: read whole, never cut at its commas."""
    if _GONE.search(clause) and (_TELLS.search(clause) or _WHETHER.search(clause)):
        return Reading([])
    return None


def flag_gone(clause: str, ctx: Context) -> Reading | None:
    """A boolean field removed by what it says."""
    if not _GONE.search(clause):
        return None
    said = _TELLS.search(clause)
    if said is not None:
        entity = ctx.vocab.entity(said["e"], fuzzy=False)
        what = said["what"]
    else:
        said = _WHETHER.search(clause)
        if said is None:
            return None
        what = said["what"]
        found = ctx.vocab.mentions(what)
        entity = ctx.vocab.entity(found[0][2], fuzzy=False) if found else None
        if entity is None or found[0][0] > 0:
            return None  # "… whether a vessel carries cars": the entity comes first
    if entity is None:
        return None
    field = _the_flag(entity.name, what, ctx)
    return Reading([RemoveField(entity=entity.name, field=field)])


def _the_flag(entity: str, what: str, ctx: Context) -> str:
    info = ctx.vocab.entities.get(entity)
    flags = [name for name, kind in (info.fields.items() if info else []) if kind == "boolean"]
    if len(flags) == 1:
        return flags[0]
    said = {_root(w) for w in rx.findall(r"[a-z]+", what)}
    named = [f for f in flags if said & {_root(w) for w in f.split("_")}]
    if len(named) == 1:
        return named[0]
    if not flags:
        raise Unresolved(ask(f"{entity} has no yes/no field. Which field do you mean?"))
    listed = ", ".join(named or flags)
    raise Unresolved(ask(f"Which yes/no field of {entity} do you mean: {listed}?"))


def _root(word: str) -> str:
    return singular(word)[:4]
