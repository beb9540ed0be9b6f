"""Roles said with their default in one line ("roles admin, caster, captain, default role
captain", "roles: admin, customer — default customer"), a count of roles with what they are for
("we need two roles for logging in: librarian and volunteer", typed "too roles"), roles asked
"for that" ("we need roles admin and sales for that"), and one role added with its reason ("add
a committee role so we can lock it down")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import Op, SetDefaultRole, SetRoles
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_access import role_list
from slipway.assistant.understand.rules_w_roles import role_name, role_words
from slipway.assistant.understand.text import Reading

_WITH_DEFAULT = rx.compile(
    r"^(?P<list>.*\broles?\b.+?)(?:,|;| \u2014| \u2013| --?)? (?:and |with )?(?:the |a )?"
    r"default(?: role)?(?: is| =| should be| being)?:? (?:the )?(?P<d>[a-z][a-z_]*)(?: role)?$"
)
_PURPOSE = rx.compile(
    r"\b(?:for|to) (?:log(?:ging)?[- ]?in|sign(?:ing)?[- ]?in|logins?|sign[- ]?ins?|access)\b:?"
)
_AFTER = rx.compile(
    r",? (?:for (?:that|this|it|them)|then|as well|too|please|so (?:that )?.+|because .+|in "
    r"order to .+)$"
)


def with_default(clause: str, ctx: Context) -> Reading | None:
    """ "roles admin, caster, team_captain, default role team_captain"."""
    said = _WITH_DEFAULT.match(clause)
    if said is None or "default" in said.group("list"):
        return None
    listed = _listed(said.group("list").strip(" ,;"), ctx)
    if listed is None:
        return None
    roles = [r for op in listed.ops if isinstance(op, SetRoles) for r in op.roles]
    known = list(ctx.bp.auth.roles) if ctx.bp else []
    default = role_name(said.group("d"), [*roles, *known])
    if default not in roles and default not in known:
        return None
    return Reading([*listed.ops, SetDefaultRole(role=default)], list(listed.notes))


def _listed(text: str, ctx: Context) -> Reading | None:
    """The roles a list says, read by the role rules once its count's typo ("too roles") and its
    purpose ("for logging in") are away."""
    text = rx.sub(r"^(?:we |i )?(?:need|want|have) (?=too |two |\d )", "", text)
    text = rx.sub(r"^too (?=roles?\b)", "two ", text)
    text = _PURPOSE.sub(":", text)
    text = rx.sub(r"\s*:\s*:?\s*", ": ", _AFTER.sub("", text)).strip(" :")
    text = rx.sub(r"\broles?: ?", "roles: ", text) if rx.search(r"\broles?\b", text) else text
    found = role_list(text, ctx)
    if found is None or not any(isinstance(op, SetRoles) for op in found.ops):
        return None
    said = set(rx.findall(r"[a-z_]+", text)) & _AS_SAID
    found.ops = [
        SetRoles(roles=[f"{r}s" if f"{r}s" in said else r for r in op.roles], mode=op.mode)
        if isinstance(op, SetRoles)
        else op
        for op in found.ops
    ]
    return found


_AS_SAID = {"sales", "logistics", "operations", "ops", "accounts", "admissions", "comms",
            "communications", "events", "arrivals", "facilities", "analytics"}  # fmt: skip
"""Role names that look plural but name a team ("sales" is no more than one "sale")."""


_LIST = rx.compile(
    r"^(?:(?:we |i )?(?:need|want|have|would like|'d like) |(?:add|create|set up) )?(?:(?:too|two|"
    r"three|four|\d) )?(?:user |login )?roles?\b.+$"
)


def roles_said(clause: str, ctx: Context) -> Reading | None:
    """ "we need too roles for logging in librarian and volunteer", "we need roles admin and
    sales for that"."""
    if _LIST.match(clause) is None or "default" in clause:
        return None
    if not (_PURPOSE.search(clause) or _AFTER.search(clause) or clause.startswith("too ")):
        return None
    return _listed(clause, ctx)


_ONE = rx.compile(
    r"^(?:please )?(?:add|create|introduce|we need|i need|we want) (?:an? |the )?(?:new |separate "
    r"|dedicated )?(?:(?P<r>[a-z]+(?: [a-z]+)?) role(?: so (?:that )?.+| because .+| in order to "
    r".+| for (?:that|this|it)| to lock .+| to restrict .+)?|role for (?:the |our |a |an )?"
    r"(?P<f>[a-z]+(?: [a-z]+)?))$"
)


def one_role(clause: str, ctx: Context) -> Reading | None:
    """ "add a committee role so we can lock it down": a role, not a field."""
    said = _ONE.match(clause)
    if said is None or ctx.bp is None:
        return None
    known = list(ctx.bp.auth.roles)
    who = said.group("r") or said.group("f")
    names = role_words(who, known)
    if len(names) != 1 or (said.group("r") and ctx.vocab.mentions(who)):
        return None  # "add a member role": a field of members, perhaps; the other rules'
    ops: list[Op] = [SetRoles(roles=names, mode="add")]
    ctx.role = names[0]
    return Reading(ops)
