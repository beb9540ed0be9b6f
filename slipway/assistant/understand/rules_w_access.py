"""Who may use what, said in prose: an API resource kept for some roles ("the supplier list in the
api is for the buyers only"), an API behind a sign-in ("the price endpoints should need a
login", "the recipes shouldn't be public anymore"), and roles named as the people who sign in
("the cashiers and the owner have to log in, those are the roles")."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import Op, SetApi, SetAuth, SetRoles
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import singular, snake
from slipway.ir import OPERATIONS

HIDDEN = (
    r"\bnot public|\bprivate\b|\bauthenticat|\blogged[- ]in\b|\bsigned[- ]in\b|"
    r"\b(?:members|staff|users) only\b|\b(?:stop|no longer|quit|don't|do not|never) "
    r"(?:\w+ing |\w+ )?(?:\w+ )?public|"
    r"\b(?:shouldn't|should not|mustn't|must not|isn't|aren't|won't|can't|cannot|not) (?:be |stay "
    r"|remain )?(?:public|open to (?:everyone|anyone|the public))|"
    r"\b(?:need|needs|require|requires|behind|ask for|asks for|with|after) (?:a |an |the )?"
    r"(?:login|log[- ]in|sign[- ]in|account|authentication)\b|"
    r"\b(?:need|needs|require|requires|have|has) (?:you |people |users |them )?to (?:log|sign) in\b"
)
"""An API said to need a sign-in ("shouldn't be public any more", "need a login")."""

_FOR = rx.compile(
    r"^(?P<what>.+?) (?:is|are|should be|must be|will be|has to be|have to be)? ?(?:only )?"
    r"(?:for|meant for|reserved for|limited to|restricted to|locked(?: down)? to) (?:the )?"
    r"(?P<r>[a-z][a-z ,]*?)(?: roles?)?(?: only| alone)?(?: (?:in|on|through|via|over|of) (?:the "
    r"|our )?(?:api|endpoints?))?$"
)


def for_roles(clause: str, ctx: Context) -> Reading | None:
    """ "the customer list in the api is for the owner only": Customer's API, those roles."""
    if ctx.bp is None or not rx.search(r"\bapi\b|\bendpoints?\b|\blist\b|\bresources?\b", clause):
        return None
    full = rx.search(
        r",? \(?(?:with )?(?:all|every|full) (?:operations|ops|crud|access)\)?$", clause
    )
    said = _FOR.match(clause[: full.start()] if full else clause)
    if said is None or not rx.search(r"\bonly\b|\balone\b|\breserved\b|\blimited\b|restricted|"
                                     r"\blocked\b", clause):  # fmt: skip
        return None
    known = [*ctx.bp.auth.roles, *_ADDED.findall(ctx.text or "")]  # "add a 'bosun' role; …"
    named = [_known(w, known) for w in rx.split(r",\s*(?:and |or )?|\s+and\s+|\s+or\s+",
                                                said.group("r"))]  # fmt: skip
    entities = ctx.vocab.find_entities(said.group("what"))
    if not named or None in named or len(entities) != 1:
        return None
    roles = [r for r in named if r is not None]
    ops = list(OPERATIONS) if full else None  # "… limited to the admin role (all operations)"
    return Reading([SetApi(entity=entities[0], access="roles", roles=roles, operations=ops)])


_ADDED = rx.compile(r"\b(?:add|create|new)(?: an?| the)? ([a-z_]+) role\b")
"""A role the message adds itself, which its API access may name."""


def _known(said: str, known: list[str]) -> str | None:
    words = [w for w in said.split() if w not in ("the", "a", "an", "our", "role", "roles")]
    if not words:
        return None
    for name in (snake(" ".join(words)), snake(" ".join([*words[:-1], singular(words[-1])]))):
        if name in known:
            return name
    return None


_SIGN_IN = rx.compile(
    r"^(?:the |our |all |only )?(?P<who>[a-z][a-z ,]*?) (?:have to|has to|must|need to|needs to|"
    r"should|will|can|are going to) (?:be able to )?(?:log ?in|sign ?in|login|sign on|have "
    r"(?:an? )?(?:accounts?|logins?))\b(?P<rest>.*)$"
)
_ALL_ROLES = rx.compile(
    r"\b(?:those|these|they|that) (?:are|will be|should be) (?:the |our |all the )?(?:only |two |"
    r"three |four |five )?roles?\b|\bthe only roles?\b|\bno other roles?\b|\bonly roles?\b"
)


def login_roles(clause: str, ctx: Context) -> Reading | None:
    """ "the receptionists and the manager have to log in, those are the two roles we need":
    the people who sign in, when the message calls them roles (no entity of the spec)."""
    said = _SIGN_IN.match(clause)
    if said is None or not rx.search(r"\broles?\b", ctx.text or clause):
        return None
    parts = rx.split(r",\s*(?:and |or )?|\s+and\s+|\s+or\s+", said.group("who"))
    words = [[w for w in p.split() if w not in ("the", "a", "an", "our", "all")] for p in parts]
    if not words or any(not w or len(w) > 2 for w in words):
        return None
    roles = [snake(" ".join([*w[:-1], singular(w[-1])])) for w in words]
    if any(ctx.vocab.entity(" ".join(w), fuzzy=False) for w in words) or len(roles) < 2:
        return None
    ops: list[Op] = []
    if ctx.bp is not None and ctx.bp.auth.strategy == "none":
        ops.append(SetAuth(strategy="cognito"))
    every = _ALL_ROLES.search(said.group("rest") + " " + (ctx.text or ""))
    ops.append(SetRoles(roles=roles, mode="replace" if every else "add"))
    ctx.role = roles[-1]
    return Reading(ops)


def only_people(clause: str) -> bool:
    """The clause names people ("everyone") but nothing of access: no API word, no may or can
    ("everyone just grabs the next one" says who does the work, not who may see it)."""
    people = rx.search(r"\b(?:anyone|everyone|anybody|everybody)\b", clause)
    access = rx.search(
        r"\b(?:public|private|api|endpoints?|log(?:ged|ging)?[- ]?in|sign(?:ed|ing)?[- ]in|account|"
        r"can|could|may|able|allowed|read[- ]?only|see|view|browse|access|readable|visible|"
        r"viewable|editable|open|available)\b",
        clause,
    )
    return bool(people) and access is None


def names_a_value(clause: str, ctx: Context) -> bool:
    """Does the clause say a choice's value that holds an access word ("public skate")?"""
    values = (
        value.replace("_", " ")
        for entity in (ctx.bp.entities if ctx.bp else [])
        for f in entity.fields
        for value in f.enum_values
    )
    return any(
        rx.search(r"\b(?:public|private)\b", v) and rx.search(rf"\b{re.escape(v)}\b", clause)
        for v in values
    )
