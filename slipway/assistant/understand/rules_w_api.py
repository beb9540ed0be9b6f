"""API operations refused in prose: "nobody can delete a ride through the API", "I don't want
anyone to edit or delete payments through the API", "anyone can browse it without logging in,
nobody can write to it through the api", and operations taken off a resource ("take update off
the time entries API", "remove delete from the orders endpoints")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetApi
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading
from slipway.ir import OPERATIONS

_VERBS = (
    (r"brows\w*|list\w*|see|seen|view\w*|read|reads|look\w* (?:at|through)|fetch\w*",
     ("list", "get")),
    (r"creat\w*|add|adds|adding|added|submit\w*|post|posts|posting|posted|record\w*|log|logs|"
     r"logging|logged", ("create",)),
    (r"edit\w*|chang\w*|updat\w*|modif\w*|amend\w*|correct\w*", ("update",)),
    (r"delet\w*|remov\w*|destroy\w*|eras\w*", ("delete",)),
    (r"writ\w*", ("create", "update", "delete")),
)  # fmt: skip
_REFUSED = rx.compile(
    r"\b(?:nobody|no one|no-one|noone|not anyone|never)\b|n't (?:want|let|allow) (?:anyone|anybody|"
    r"people|users|them)\b|\bnot (?:want|let|allow) (?:anyone|anybody|people|users|them)\b|"
    r"\b(?:can|could|should|must|may|will)(?:n't| not)\b|\bcannot\b|\bnot be able to\b"
)
_ANYONE = rx.compile(
    r"\b(?:anyone|everyone|anybody|everybody|the public|publicly|without (?:logging|signing) in|"
    r"without an? (?:account|login))\b"
)
_API = rx.compile(r"\b(?:api|apis|endpoints?)\b")


def _ops(text: str) -> set[str]:
    text = rx.sub(r"\b(?:log|logs|logging|logged|sign|signing|signed) (?:in|on)\b", " ", text)
    found: set[str] = set()
    for verbs, ops in _VERBS:
        if rx.search(rf"\b(?:{verbs})\b", text):
            found |= set(ops)
    return found


def refused(clause: str, ctx: Context) -> Reading | None:
    """What nobody may do to one entity through the API goes; what anyone may do stays (and
    is public when said of anyone)."""
    if not _API.search(clause) or not _REFUSED.search(clause):
        return None
    entities = ctx.vocab.find_entities(clause)
    if len(entities) != 1 and not (not entities and ctx.focus and rx.search(r"\bit\b", clause)):
        return None
    allowed, denied, public = set(), set(), False
    for part in rx.split(r"[,;:]\s*|\s+but\s+|\s+(?:and|while|whereas)\s+(?=nobody|no one|anyone)",
                         clause):  # fmt: skip
        if _REFUSED.search(part):
            denied |= _ops(part[_REFUSED.search(part).start() :])  # type: ignore[union-attr]
        elif _ops(part):
            allowed |= _ops(part)
            public = public or bool(_ANYONE.search(part))
    if not denied or denied & allowed:
        return None
    entity = entities[0] if entities else str(ctx.focus)
    current = _current(entity, ctx)
    kept = [o for o in OPERATIONS if (o in current or o in allowed) and o not in denied]
    return Reading([SetApi(entity=entity, access="public" if public else None, operations=kept)])


_OFF = rx.compile(
    r"^(?:please )?(?:take|remove|drop|strip|disable|turn off|get rid of) (?:the )?"
    r"(?P<ops>[a-z ,]+?)"
    r"(?: operations?| endpoints?| ops?)? (?:off|from|on|for|in) (?:the |our )?(?P<e>[a-z ]+?)"
    r"(?:'s)? (?:api|apis|endpoints?|resource)$"
)


def taken_off(clause: str, ctx: Context) -> Reading | None:
    """ "take update off the time entries API": those operations go, the others stay."""
    said = _OFF.match(clause)
    if said is None:
        return None
    words = rx.split(r",\s*(?:and )?|\s+and\s+|\s+or\s+", said.group("ops"))
    named = [_ops(w) for w in words]
    if not named or any(len(n) != 1 and n != {"list", "get"} for n in named):
        return None
    entities = ctx.vocab.find_entities(said.group("e"))
    if len(entities) != 1:
        return None
    gone = set().union(*named)
    current = _current(entities[0], ctx)
    kept = [o for o in OPERATIONS if o in current and o not in gone]
    return Reading([SetApi(entity=entities[0], operations=kept)])


def _current(entity: str, ctx: Context) -> list[str]:
    resources = ctx.bp.api.resources if ctx.bp is not None else []
    return next((list(r.operations) for r in resources if r.entity == entity), list(OPERATIONS))


_ONLY = rx.compile(
    r"^(?P<e>[a-z][a-z ]*?) (?:can|may|should|must|will) only be (?P<v>[a-z ,]+?)(?: through "
    r"(?:the|our) (?:api|endpoints?))?$"
)


def only_done(clause: str, ctx: Context) -> Reading | None:
    """ "… through the API. They can only be recorded and looked at": exactly those operations,
    when the message is about the API; "they" is the one entity the message names."""
    said = _ONLY.match(clause)
    if said is None or not _API.search(ctx.text or clause):
        return None
    entities = ctx.vocab.find_entities(said.group("e"))
    if not entities and said.group("e") in ("they", "it", "these", "those"):
        entities = ctx.vocab.find_entities(ctx.text or "")
    done = _ops(said.group("v"))
    rest = rx.sub(r"\b(?:and|or|at|through|looked|be)\b|,", " ", said.group("v"))
    if len(entities) != 1 or len(done) < 2 or len(rest.split()) > len(done):
        return None
    return Reading([SetApi(entity=entities[0], operations=[o for o in OPERATIONS if o in done])])


_VERB_OPS = {"delet": "delete", "creat": "create", "updat": "update", "edit": "update"}


def more_operations(clause: str) -> list[str]:
    """Operations the clause allows ("allow deleting articles through the API")."""
    if rx.search(r"\b(?:not|never|no|without|disable|n't|cannot)\b", clause):
        return []
    found = rx.findall(
        r"\b(?:allow|enable|support|permit|add|can (?:also )?be|be able to|let \w+)\b.{0,24}?"
        r"\b(delet|creat|updat|edit)(?:e|es|ed|ing|s)?\b",
        clause,
    )
    return [_VERB_OPS[f] for f in found]
