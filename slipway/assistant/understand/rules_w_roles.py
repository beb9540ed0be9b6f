"""Roles said in lists of changes and beside other roles: "roles: drop viewer, add triager" (each
item its own change), "a supervisor role in addition to clerks and residents" (one more role,
the others kept), and sign-in set up in one line ("set up auth: jwt, roles a, b and c")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import Op, RenameRole, SetAuth, SetRoles
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import Vocab
from slipway.assistant.understand.words import singular, snake

_NOT_ROLE = {"in", "on", "at", "to", "for", "of", "through", "via", "over", "by", "with", "from",
             "api", "endpoint", "endpoints", "it", "them", "we", "i", "you", "that", "this",
             "is", "are", "be", "can", "should", "must"}  # fmt: skip
"""Words no role name has: "roles in the api" names no role "in_api"."""


def role_words(text: str, known: list[str] | None = None) -> list[str]:
    """Role names as said ("managers", "cellar hands"), as the spec has them when it does
    ("sales" stays sales); a part that is a phrase, not a name, names none."""
    out = []
    for part in rx.split(r"\s*,\s*(?:and |or )?|\s+and\s+|\s+or\s+|\s*/\s*", text):
        words = [w for w in part.split() if w not in ("a", "an", "the", "role", "roles", "new")]
        if words and len(words) <= 2 and not set(words) & _NOT_ROLE:
            out.append(role_name(" ".join(words), known or []))
    return [r for r in out if rx.fullmatch(r"[a-z][a-z0-9_]{0,39}", r)]


_TEAMS = {"accounts", "sales", "operations", "logistics", "finances", "admissions", "events",
          "communications", "facilities", "payments", "bookings", "lettings", "works"}  # fmt: skip
"""Roles named after a team, plural as said ("an 'accounts' role" is no ``account``)."""


def role_name(said: str, known: list[str]) -> str:
    if said in _TEAMS:
        return said
    words = said.split()
    one = snake(" ".join([*words[:-1], singular(words[-1])]))
    return snake(said) if snake(said) in known and one not in known else one


_EDITS = rx.compile(
    r"^(?:the |our |user |app )?roles?:? (?P<list>(?:add|drop|remove|delete|get rid of|"
    r"introduce|new)\b.+)$"
)
_EDIT = rx.compile(r"^(?P<v>add|drop|remove|delete|get rid of|introduce|new) (?P<r>.+)$")


def role_edits(clause: str, known: list[str]) -> Reading | None:
    """ "roles: drop viewer, add triager": each item of the list is its own change."""
    said = _EDITS.match(clause)
    if said is None:
        return None
    ops: list[Op] = []
    parts = rx.split(r"\s*[,;]\s*(?:and |then )?|\s+and\s+(?=(?:add|drop|remove|delete)\b)",
                     said.group("list"))  # fmt: skip
    for part in parts:
        edit = _EDIT.match(part.strip())
        names = role_words(edit.group("r"), known) if edit else []
        if edit is None or not names:
            return None
        adds = edit.group("v") in ("add", "introduce", "new")
        unknown = [n for n in names if n not in known]
        if not adds and unknown:
            return ask(f"There is no role {unknown[0]} (the roles are {', '.join(known)}). "
                       "Which role did you mean?")  # fmt: skip
        ops.append(SetRoles(roles=names, mode="add" if adds else "remove"))
    return Reading(ops)


_BESIDE = rx.compile(
    r"^(?:(?:i|we) (?:want|need|would like)|add|create|introduce|please add|there should be)? ?"
    r"(?:an? |one more |another |the )?(?P<r>[a-z]+(?: [a-z]+)?) role (?:in addition to|besides|"
    r"beside|alongside|as well as|next to|on top of|apart from|along with) (?:the |our )?"
    r"(?P<o>[a-z][a-z ,]*?)(?: roles?| ones?)?$"
)


def beside(clause: str, known: list[str]) -> Reading | None:
    """ "a supervisor role in addition to clerks and residents": one more role; the others are
    roles too (added when the spec lacks them)."""
    said = _BESIDE.match(clause)
    if said is None:
        return None
    new, others = role_words(said.group("r"), known), role_words(said.group("o"), known)
    if len(new) != 1 or not others:
        return None
    return Reading([SetRoles(roles=[*new, *[o for o in others if o not in known]])])


_SETUP = rx.compile(
    r"^(?:set ?up|setup|configure|add|use|turn on|enable|we need|i need)? ?(?:the )?(?:auth|"
    r"authentication|sign[- ]?in|login|log[- ]?in):? (?P<rest>(?:with |using |via |by )?(?:jwts?|"
    r"cognito|api[- ]?keys?)\b.*)$"
)


def auth_setup(clause: str) -> str | None:
    """ "set up auth: jwt, roles partner and manager": what is said of the sign-in."""
    said = _SETUP.match(clause)
    return said.group("rest") if said else None


_GONE = (
    r"^(?:please )?(?:remove|delete|drop|get rid of|scrap|ditch|kill|lose|retire) (?:the |our |"
    r"that )?(?P<r>[a-z][a-z ,]*?)(?P<k> roles?)?(?: entirely| completely| altogether| too)?$",
    r"^(?:we |i )?(?:don't|do not|no longer|won't) (?:need|want|have|use)(?: an?| the| any| that)? "
    r"(?P<r>[a-z][a-z ,]*?)(?P<k> roles?)(?: any ?more| any longer| now)?$",
    r"^(?:the |our )?(?P<r>[a-z][a-z ,]*?)(?P<k> roles?) (?:can go|is not needed|isn't needed|"
    r"is no longer needed|goes)(?: any ?more| any longer| now)?$",
    r"^no more (?P<r>[a-z][a-z ,]*?)(?P<k> roles?)?$",
)


NEGATED = r"\b(?:don't|do not|no longer|no more|not|never|without)\b"
"""A role said not to be needed: never one to add."""


def role_removed(clause: str, known: list[str], ctx: Context) -> Reading | None:
    """ "get rid of the viewer role", "we don't need a viewer role anymore", "drop viewers": roles
    the spec has, removed (a bare name the spec also uses for an entity or field is not)."""
    names = {snake(e) for e in ctx.vocab.entities}
    names |= {f for info in ctx.vocab.entities.values() for f in info.fields}
    for pattern in _GONE:
        said = rx.match(pattern, clause)
        if said is None:
            continue
        found = role_words(said.group("r"), known)
        if not found or any(r not in known for r in found):
            return None
        if not said.group("k") and set(found) & names:  # "drop developers": the role or the entity?
            return ask(
                f"{found[0]} is a role and also a name in the spec's data. Say 'remove the "
                f"{found[0]} role' for the role, or name the entity or field to remove."
            )
        return Reading([SetRoles(roles=found, mode="remove")])
    return None


_FOR = rx.compile(
    r"^(?:we |i )?(?:need|want|would like|should have|'d like)? ?(?:to add |to have )?(?:the |some "
    r"|separate |different )?(?:user |staff )?roles? for (?:the |our )?(?P<r>[a-z][a-z ,/]*)$"
)


def roles_for(clause: str, ctx: Context) -> Reading | None:
    """ "we need roles for dispatchers, crew leads and councillors": each one a role, read whole
    (never cut at its commas)."""
    said = _FOR.match(clause)
    known = list(ctx.bp.auth.roles) if ctx.bp is not None else []
    found = role_words(said.group("r"), known) if said else []
    if len(found) < 2 or len(found) != len(rx.split(r",\s*(?:and |or )?|\s+and\s+|\s+or\s+",
                                                   said.group("r") if said else "")):  # fmt: skip
        return None
    ops: list[Op] = []
    if ctx.bp is not None and ctx.bp.auth.strategy == "none":
        ops.append(SetAuth(strategy="cognito"))
    ctx.role = found[-1]
    return Reading([*ops, SetRoles(roles=found, mode="add")])


_RENAMED = (
    r"^rename (?:the )?(?:role (?P<a>[a-z][a-z_ ]*?)|(?P<c>[a-z][a-z_ ]*?) role) (?:to|as|into) "
    r"(?:the )?(?P<b>[a-z][a-z_]*)(?: role)?$",
    r"^(?:the )?(?P<a>[a-z][a-z_ ]*?) role (?:should be|is now|will be) (?:called|named|renamed"
    r"(?: to)?) (?P<b>[a-z][a-z_]*)(?: now| instead| from now on)?$",
)
"""A role called something else ("box office staff are called front_of_house now, rename the
role"); the old name must be one of the spec's roles."""


def _spec_name(name: str, vocab: Vocab) -> bool:
    """Is ``name`` one of the spec's entities or fields ("role" of a field ``role``)?"""
    return any(snake(e) == name or name in info.fields for e, info in vocab.entities.items())


_NOT_RENAMED = {"the", "field", "fields", "entity", "table", "model", "column", "on", "of", "in"}
"""Words of a rename about a field or an entity called "role" ("rename the role field to …")."""


def renamed_role(clause: str, known: list[str], vocab: Vocab) -> Reading | None:
    """ "rename the box_office role to front_of_house": every mention of the role; a rename of one
    of the spec's entities or fields that is no role is left to the rename rules."""
    for pattern in _RENAMED:
        said = rx.match(pattern, clause)
        named = (said["a"] or said.groupdict().get("c") or "") if said else ""
        if said is None or set(named.split()) & _NOT_RENAMED or len(named.split()) > 2:
            continue  # "rename the role field to position": a field called role
        old = role_name(named, known)
        if old in known and said["b"] != old:
            return Reading([RenameRole(old=old, new=snake(said["b"]))])
        if old not in known and not _spec_name(old, vocab):
            return ask(f"There is no role {old}. The roles are {', '.join(known)}.")
    return None
