"""API operations told as what people may and may not do, in a whole sentence of prose: "anyone
visiting the site can browse the products without logging in — but they can't add, edit or
delete anything", "through the portal they can see their bookings, start a new one and change
it, but cancelling one must never be possible", "let them look their orders up online — looking
only, no changes"; "full crud" for every operation; and an access asked for that a resource
already has ("should the drivers list be private?" when it is) changes nothing. Also the
operations a sentence allows and denies ("orders can be created and read through the API, but
not updated", "should be able to list, view and add …, but not edit or delete them")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetApi
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading
from slipway.ir import OPERATIONS

_VERBS = (
    (r"brows\w*|list|lists|listing|see|seen|view\w*|read|reads|look\w*|fetch\w*|check\w* on",
     ("list", "get")),
    (r"creat\w*|add|adds|adding|added|submit\w*|post|posts|posting|(?:start\w*|open\w*|make|"
     r"making|begin\w*) (?:a |an )?new", ("create",)),
    (r"edit\w*|chang\w*|updat\w*|modif\w*|amend\w*", ("update",)),
    (r"delet\w*|remov\w*|destroy\w*|eras\w*", ("delete",)),
    (r"writ\w*", ("create", "update", "delete")),
)  # fmt: skip
_REFUSED = rx.compile(
    r"\b(?:nobody|no one|no-one|never|no)\b|\b(?:can|could|should|must|may|will)(?:n't| not)\b|"
    r"\b(?:cannot|can't|won't)\b|\bnot be able to\b"
)
_ANYONE = rx.compile(
    r"\b(?:anyone|everyone|anybody|everybody|the public|publicly|without (?:logging|signing) in|"
    r"without an? (?:account|login))\b"
)
_CUE = rx.compile(r"\b(?:api|apis|endpoints?|portal|online|website|site)\b")
_PARTS = rx.compile(
    r"[;:]\s+|\s+[\u2014\u2013]+\s+|\s+--?\s+|,?\s+but\s+|"
    r",\s+(?:so|and so|because|since|while|whereas)\s+"
)
_REQUEST = rx.compile(
    r"\b(?:fields?|columns?|attributes?|flags?|entity|entities|table|model|required|unique|"
    r"default|rename|need|needs|want|wants|should have|must have|index\w*|queue|schedule|event)\b"
)
"""Words of another kind of request: a part with them is never read as operations."""


def _ops(text: str) -> set[str]:
    text = rx.sub(r"\b(?:log|logs|logging|logged|sign|signing|signed) (?:in|on|up)\b", " ", text)
    found: set[str] = set()
    for verbs, ops in _VERBS:
        if rx.search(rf"\b(?:{verbs})\b", text):
            found |= set(ops)
    return found


def _read_part(part: str) -> tuple[set[str], set[str]]:
    """(allowed, refused) operations of one part; verbs before a refusal are refused when none
    follow it ("deleting one must never be possible")."""
    no = _REFUSED.search(part)
    if no is None:
        return _ops(part), set()
    before, after = _ops(part[: no.start()]), _ops(part[no.end() :])
    return (before, after) if after else (set(), before)


def _masked(part: str, spans: list[tuple[int, int, str]]) -> str:
    """The part with each entity said as @e, the rest of its name's words too ("the waiting
    list" lists nothing)."""
    for start, end, name in reversed(spans):
        words = "|".join(w.lower() for w in rx.findall(r"[A-Z][a-z0-9]*", name))
        before = rx.sub(rf"(?:\b(?:{words})\w* )+$", "", part[:start])
        after = rx.sub(rf"^(?: (?:{words})\w*\b)+", "", part[end:])
        part = f"{before} @e {after}"
    return part


def said_ops(sentence: str, ctx: Context) -> Reading | None:
    """What may be done to one entity through the API, told part by part."""
    if not (_CUE.search(sentence) or _ANYONE.search(sentence)) or not _REFUSED.search(sentence):
        return None
    allowed: set[str] = set()
    denied: set[str] = set()
    entities: set[str] = set()
    public = only = False
    for part in _PARTS.split(sentence):
        spans = ctx.vocab.mentions(part)
        yes, no = _read_part(_masked(part, spans))
        if not yes and not no:
            if _REQUEST.search(part):
                return None  # a request of another kind beside the operations
            continue
        if rx.search(r"\b(?:fields?|columns?|entity|table|rename|default|required)\b", part):
            return None
        entities |= {name for _, _, name in spans}
        allowed, denied = allowed | yes, denied | no
        public = public or bool(yes and _ANYONE.search(part))
        only = only or bool(yes and rx.search(r"\b(?:only|just)\b", part))
    if not allowed or not denied or allowed & denied or len(entities) != 1:
        return None
    entity = entities.pop()
    current = _current(entity, ctx)
    kept = allowed if only else set(current) | allowed
    ops = [o for o in OPERATIONS if o in kept and o not in denied]
    return Reading([SetApi(entity=entity, access="public" if public else None, operations=ops)])


def _current(entity: str, ctx: Context) -> list[str]:
    resources = ctx.bp.api.resources if ctx.bp is not None else []
    return next((list(r.operations) for r in resources if r.entity == entity), list(OPERATIONS))


FULL = rx.compile(
    r"\bfull crud\b|\bcrud\b|\ball (?:the |five |5 )?(?:operations|ops|endpoints)\b|"
    r"\bfull (?:api )?access\b|\bevery operation\b"
)
"""Every operation ("full crud for authenticated users")."""


def already(op: SetApi, ctx: Context) -> str | None:
    """A note when the access and operations asked for are the resource's already."""
    resources = ctx.bp.api.resources if ctx.bp is not None else []
    resource = next((r for r in resources if r.entity == op.entity), None)
    if resource is None or (op.access is None and op.operations is None):
        return None
    access = "public" if resource.public else "roles" if resource.roles else "authenticated"
    if op.access is not None and (op.access != access or op.roles != resource.roles):
        return None
    if op.operations is not None and op.operations != list(resource.operations):
        return None
    if op.access is None:
        return f"The {op.entity} API already has {', '.join(resource.operations)}."
    who = {"public": "is already public", "authenticated": "already needs a sign-in"}.get(
        access, f"is already for {', '.join(resource.roles)}"
    )
    return f"The {op.entity} API {who}; nothing to change."


WORD_OPS = {
    "list": "list", "lists": "list", "listing": "list", "view": "get", "get": "get", "read": "get",
    "show": "get", "fetch": "get", "see": "get", "create": "create", "add": "create",
    "post": "create", "update": "update", "edit": "update", "change": "update",
    "modify": "update", "delete": "delete", "remove": "delete",
}  # fmt: skip


DONE = {
    "created": "create", "added": "create", "read": "get", "viewed": "get", "listed": "list",
    "fetched": "get", "seen": "get", "updated": "update", "edited": "update", "changed": "update",
    "modified": "update", "deleted": "delete", "removed": "delete",
}  # fmt: skip


_DENIED = r"\b(?:but |and )?(?:not|never|no|without|except|cannot)\b|n't\b"
"""Where what is denied starts ("…, but not edit or delete them")."""
_SIGNED_OUT = (
    r"\bwithout (?:logging in|login|an account|signing (?:in|up)|sign(?:ing)?[- ]in)\b|"
    r"\bnot logged in\b"
)


def verbs_said(clause: str, current: list[str]) -> list[str] | None:
    """ "orders can be created and read through the API, but not updated or deleted"."""
    if not rx.search(r"\bapi\b|\bendpoints?\b", clause):
        return None
    said = rx.sub(rf"{_SIGNED_OUT}", "", clause)  # "without logging in" says who, denies nothing
    cut = rx.search(_DENIED, said)
    yes, no = (said[: cut.start()], said[cut.end() :]) if cut else (said, "")
    no = rx.split(r",\s*(?=[a-z]+/|but\b|and\b)", no)[0]  # "…, list/get is fine": allowed again
    allowed = {DONE[w] for w in rx.findall(r"\b[a-z]+\b", yes) if w in DONE} | able_to(
        yes, denied=cut is not None
    )
    words = {**WORD_OPS, **DONE}  # "… but not list, read, change or delete them"
    denied = {words[w] for w in rx.findall(r"\b[a-z]+\b", no) if w in words}
    if allowed & {"get", "list"}:  # reading one and listing them go together
        allowed |= {"get", "list"}
    if not allowed and not denied:
        return None
    kept = set(current) | allowed  # what is not said stays as it is
    return [o for o in OPERATIONS if o in kept and o not in denied]


def able_to(said: str, denied: bool) -> set[str]:
    """The operations someone is said to be able to do ("should be able to list, view and add
    …"), when others are denied after them."""
    able = rx.search(
        r"\b(?:be able to|can|may|are allowed to|is allowed to) (?!be\b)(?P<v>.+)$", said
    )
    if able is None or not denied:
        return set()
    cut = rx.search(_DENIED, able["v"])
    words = rx.findall(r"\b[a-z]+\b", able["v"][: cut.start()] if cut else able["v"])
    return {WORD_OPS[w] for w in words if w in WORD_OPS}
