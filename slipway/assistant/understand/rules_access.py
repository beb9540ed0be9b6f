"""Who may do what: sign-in strategy, roles and the default role, API access and operations."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import Op, SetApi, SetDefaultRole, SetRoles
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.letters import tells
from slipway.assistant.understand.rules_enum import PROSE, _choices
from slipway.assistant.understand.rules_sign_in import strategy
from slipway.assistant.understand.rules_w_access import (
    HIDDEN,
    for_roles,
    login_roles,
    names_a_value,
    only_people,
)
from slipway.assistant.understand.rules_w_api import more_operations, only_done, refused, taken_off
from slipway.assistant.understand.rules_w_api_said import (
    FULL,
    WORD_OPS,
    able_to,
    already,
    verbs_said,
)
from slipway.assistant.understand.rules_w_roles import (
    NEGATED,
    auth_setup,
    beside,
    renamed_role,
    role_edits,
    role_removed,
)
from slipway.assistant.understand.rules_w_roles import role_name as _role
from slipway.assistant.understand.rules_w_roles import role_words as _role_words
from slipway.assistant.understand.text import COMMAND_VERBS, Reading
from slipway.assistant.understand.words import plural, snake
from slipway.ir import OPERATIONS

_TWO_ASKS = rx.compile(
    r"^(?:please )?(?:add|create) (?:an? |the )?[a-z_-]+ role,? and (?!(?:it|they|that|with|the "
    r"roles?)\b)(?=.* (?:public|log ?in|sign ?in|private|access)\b)"
)
"""A role added, then a change of who sees what, read each on its own."""


def sign_in(clause: str, ctx: Context) -> Reading | None:
    """The sign-in strategy, and the roles said with it ("switch to jwt, with roles a and b")."""
    if _TWO_ASKS.match(clause):
        return None
    said = rx.sub(r"\bfrom (?:the )?(?:jwts?|cognito|api[- ]?keys?)(?= to\b)|\b(?:swap|replace|"
                  r"exchange|trade)(?: out)? (?:the )?(?:jwts?|cognito|api[- ]?keys?)(?: out)?(?= "
                  r"(?:for|with|by)\b)", " ", clause)  # fmt: skip
    reading = strategy(rx.sub(r"\b(?:instead of|rather than|not|no more|no longer) (?:the )?"
                               r"(?:jwts?|cognito|api[- ]?keys?)\b", " ", said), ctx)  # fmt: skip
    if reading is not None and rx.search(r"\broles?\b", clause):
        also = roles(rx.sub(r"^.*?\b(?=(?:with |and )?(?:the )?roles?\b)", "", clause), ctx)
        named = rx.search(r"\b(?:an?|the|their own) (?P<r>[a-z_]+) role\b", clause)
        if not (also and also.ops) and named:  # "a login of their own with a volunteer role"
            also = roles(f"add a {named['r']} role", ctx)
        reading.ops += also.ops if also else []
    return reading


def _known_roles(ctx: Context) -> list[str]:
    return list(ctx.bp.auth.roles) if ctx.bp is not None else []


def roles(clause: str, ctx: Context) -> Reading | None:
    if (people := login_roles(clause, ctx)) is not None:
        return people  # "the cashiers and the owner have to log in, those are the roles"
    if rx.search(r"\b(?:jwts?|cognito|api[- ]?keys?)\b", clause):
        return sign_in(clause, ctx)  # "switch to jwt, with roles a and b": both
    remove = rx.search(r"\b(?:remove|delete|drop) (?:the )?(?:roles? )?([a-z ,]+?) roles?$", clause)
    if remove:
        return Reading(
            [SetRoles(roles=_role_words(remove.group(1), _known_roles(ctx)), mode="remove")]
        )
    if rx.search(r"\bby default$", clause) or rx.search(NEGATED, clause):
        return None  # a default role, read by default_role; "we don't need a X role": none added
    for pattern in (
        r"^(?:add|create|introduce|with|support|need|have)? ?(?:an? |the |two |three )?"
        r"([a-z_ ,/]+?) roles?(?: too| as well)?$",
        r"\broles?(?: are| called| named| of)?:? (?!and |or |we |i |you |their |his |her |its |our "
        r"|my )([a-z][a-z_ ,/]*)$",
        r"\b(?:users|people|members|staff|accounts) (?:can|could|may) be (?:an? ([a-z ,/]+)|"
        r"([a-z]+(?:, [a-z]+)*,? (?:or|and) [a-z ,/]+))$",
    ):
        match = rx.search(pattern, clause)
        if match:
            said = next(g for g in match.groups() if g)
            found = _role_words(rx.sub(r"\b(?:an?|role)\b", " ", said), _known_roles(ctx))
            if found:
                ctx.role = found[-1]
                return Reading([SetRoles(roles=found)])
    return None


ROLE_LIST = rx.compile(
    r"^(?:there (?:are|will be) |we have |we need )?(?:(?:two|three|four|five|six|several|a few|"
    r"some|different|the) )?(?:(?:kinds|types|sorts|classes|categories|groups) of (?:users?|"
    r"accounts?|people|logins?|staff)|(?:(?:user|account|auth|the|our|app) )?roles?)(?: are| "
    r"will be| should be| we need| we have)?:? (?P<r>[a-z][a-z_ ,/]*)$"
)


def role_list(clause: str, ctx: Context) -> Reading | None:
    """ "There are three kinds of users: admin, staff and customer", "user roles: a, b"."""
    if (setup := auth_setup(clause)) is not None:  # "set up auth: jwt, roles a, b and c"
        said, default = [*rx.split(r"[,;] (?=(?:and )?(?:the )?default role\b)", setup), ""][:2]
        reading, chosen = sign_in(said, ctx), default_role(default.strip(", "), ctx)
        return Reading([*reading.ops, *chosen.ops[-1:]]) if reading and chosen else reading
    known = _known_roles(ctx)
    edits = role_edits(clause, known) or beside(clause, known) or role_removed(clause, known, ctx)
    edits = edits or renamed_role(clause, known, ctx.vocab)
    if edits is not None:
        return edits  # "roles: drop viewer, add triager", "a clerk role besides drivers"
    match = ROLE_LIST.match(clause)
    found = _role_words(match.group("r"), _known_roles(ctx)) if match else []
    if not found:
        return None
    ctx.role = found[-1]
    every = rx.search(r":|\b(?:are|two|three|four|five|six|kinds|types|sorts)\b", clause)
    return Reading([SetRoles(roles=found, mode="replace" if every else "add")])


DEFAULT_ROLE = (
    r"^(?:make|set|use) (?:the )?(?P<r>[a-z_]+)(?: role)? (?:as |to be |be )?(?:the )?default"
    r"(?: role)?(?: for (?:new )?(?:users|people|accounts|sign[- ]?ups))?$",
    r"^(?:set |change |make )?(?:the )?default role (?:is|should be|=|:|to|will be|becomes)? ?"
    r"(?:the )?(?P<r>[a-z_]+)(?: role)?$",
    r"^(?:new )?(?:users|people|accounts|sign[- ]?ups) (?:are|get|start as|become|should be) "
    r"(?:an? )?(?P<r>[a-z_]+)s? by default$",
    r"^(?:give|assign) (?:all |new )?(?:the )?(?P<r>[a-z_]+(?: (?!the\b)[a-z_]+)?) (?:the )?"
    r"default role$",
    r"\b(?:get|gets|become|becomes|start as|starts as|be|are|is) (?:an? |the )?(?P<r>[a-z_]+) "
    r"role (?:by default|automatically|straight away|right away)$",
    r"^(?:new |newly )?(?:users|people|accounts|members|sign[- ]?ups|everyone|anyone|whoever)\b"
    r"[^,]*? (?:sign|signs|signing|register|registers|registering|join|joins|joining)\b[^,]*? "
    r"(?:should |will |must )?(?:get|gets|be given|are given|receive|start as) (?:an? |the )?"
    r"(?P<r>[a-z_]+) role$",
)


def default_role(clause: str, ctx: Context) -> Reading | None:
    for pattern in DEFAULT_ROLE:
        match = rx.match(pattern, clause) if pattern.startswith("^") else rx.search(pattern, clause)
        if match is None:
            continue
        before = clause[: match.start()]
        if rx.search(r",|\band\b", before) and rx.search(rf"^(?:{COMMAND_VERBS})\b", before):
            return None  # "add a treasurer role, and new users get …": two requests, read apart
        role = match.group("r")
        said = rx.search(r"\brole\b|\busers\b|\bpeople\b|\bsign", clause)
        if pattern is DEFAULT_ROLE[0] and not said and role not in _known_roles(ctx):
            continue  # "make large the default": a value's default, no role
        if role in ("it", "that", "this", "one"):
            if ctx.role is None:
                return None
            role = ctx.role
        known = _known_roles(ctx)
        role = _role(role, known)
        ops: list[Op] = [] if role in known or role == ctx.role else [SetRoles(roles=[role])]
        return Reading([*ops, SetDefaultRole(role=role)])
    return None


_SAYS_ACCESS = rx.compile(
    r"\bpublic(?:ly)?\b(?! (?:liability|holidays?|transport|footpaths?|sector|health|"
    r"schools?|address|figures?|speaking|toilets?|land|library|bod(?:y|ies)|domain|"
    r"relations|funding|money|appearances?))|read[- ]?only|\bprivate\b|\bexpose[ds]?\b|\bapi\b|"
    r"\banyone\b|\beveryone\b|\banybody\b|\beverybody\b|\banonymous(?:ly\b|(?= (?:users?|"
    r"visitors?|access|people|requests?|callers?|readers?|browsing|clients?|public|shoppers?|"
    r"customers?|guests?|viewers?|read)\b))|\b(?:by|to|for|let|lets|give|"
    r"allow|allows|grant) anonymous\b|"
    r"\bwithout (?:logging in|login|an account)|"
    r"\bendpoints?\b|\bauthenticat|\blogged[- ]in\b|\bcan(?:'t|not)? be deleted"
    r"\b|\bnot (?:be )?deletable\b|n't be deletable\b|\bmembers only\b|\bsigned[- ]in\b|"
    r"\bwithout (?:an? )?(?:account|sign(?:ing)?[- ]in|log(?:ging)?[- ]?in)\b",
)
"""Words that say who may see or change records ("public", "read only", "by anonymous")."""


def access(clause: str, ctx: Context) -> Reading | None:
    if _TWO_ASKS.match(clause):
        return None  # "add a producer role, and the show listing shouldn't be public": two asks
    kept = for_roles(clause, ctx) or refused(clause, ctx) or taken_off(clause, ctx)
    if (kept := kept or only_done(clause, ctx)) is not None:
        return kept  # "the supplier list in the api is for the buyers only", "nobody can …"
    only = rx.match(
        r"^only (?:the )?([a-z ,]+?) (?:can|may|should be able to|are allowed to|"
        r"should) ([a-z ]+?) (?:the )?([a-z ]+?)(?: entity| records| api)?$",
        clause,
    )
    if only:
        return _only(only.group(1), only.group(2), only.group(3), ctx)
    limited = rx.match(
        r"^(?:restrict|limit|lock(?: down)?) (?:access to )?(?:the )?(?P<e>[a-z][a-z ]*?)(?: api|"
        r" endpoints?| resources?| access)? to (?:the )?(?P<r>[a-z][a-z_ ,/]*?)(?: roles?| only| "
        r"users)?$",
        clause,
    )
    if limited:  # "restrict the assignments api to managers and translators"
        return _only(limited.group("r"), "access", limited.group("e"), ctx)
    if rx.search(
        r"\b(?:anyone|anybody|someone|everyone) (?:makes?|made|does|did|changes?|changed|"
        r"edits?|edited|touch(?:es|ed))\b",
        clause,
    ):
        return None  # "every change anyone makes to an invoice": who changes, an audit trail
    remark = rx.match(r"^(?P<l>.+?), (?P<r>[^,]+)$", clause)
    if remark is not None and tells(remark["r"]):  # "…, we can't dispatch anyone without one"
        clause = remark["l"]
    stated = PROSE[0].match(clause)
    said = _choices(stated.group("v")) if stated else None
    if rx.search(r"\b(?:flag|field|column|attribute)\b", clause) or (
        said is not None and not set(said[0]) <= ACCESS_WORDS
    ):
        return None  # "add a private flag to people" is a field, "private or group" its values
    if not _SAYS_ACCESS.search(clause) or only_people(clause):
        return None  # "everyone just grabs the next one": who works, not who sees
    if names_a_value(clause, ctx):
        return None  # "the staff always picks public skate": a value of a choice, not access
    entities = _resources(clause, ctx)
    if not entities or _about_a_field(clause, entities, ctx):
        return None
    ops: list[Op] = []
    for entity in entities:
        op = _api_op(clause, entity, ctx)
        if op is not None and (note := already(op, ctx)) is not None:
            return Reading(notes=[note])
        if op is not None:
            ops.append(op)
    return Reading(ops) if ops else None


def _resources(clause: str, ctx: Context) -> list[str]:
    """The entities whose API the clause is about: not the one that acts ("crew can look at
    flights": Flight's API, read by crew members)."""
    found = ctx.vocab.find_entities(clause)
    actor = rx.match(
        r"^(?:the |our |all |only )?([a-z]+(?: [a-z]+)?) (?:can|could|may|should|must|will|are "
        r"allowed to|get to|need to|want to)\b",
        clause,
    )
    named = ctx.vocab.entity(actor.group(1), fuzzy=False) if actor else None
    if named is not None and len(found) > 1 and found[0] == named.name:
        return found[1:]
    return found


def _about_a_field(clause: str, entities: list[str], ctx: Context) -> bool:
    """ "juror emails must stay private" is about a field, not about the API."""
    if rx.search(r"\bapi\b|\bendpoints?\b|read[- ]?only", clause) or rx.search(ANYONE, clause):
        return False
    return bool(ctx.vocab.fields_in(clause, entities))


def _api_op(clause: str, entity: str, ctx: Context) -> SetApi | None:
    ops = _operations_said(clause, _operations(entity, ctx))
    access_ = _access_said(clause)
    if ops is None and access_ is None:
        return None
    return SetApi(entity=entity, access=access_, operations=ops)


READ_ONLY = rx.compile(
    r"read[- ]?only|only (?:be )?(?:read|listed|viewed)|(?:readable|viewable|"
    r"browsable|visible)\b|(?:but )?not (?:be )?(?:editable|changed|modified|written)|"
    r"\b(?:not|never|can't|cannot) (?:be able to )?(?:change|edit|modify|update|alter|write)\b|"
    r"\b(?:just|only)\b.{0,30}\b(?:list|read|view|browse|see|look)\b|\b(?:list|read|view|browse|"
    r"see) and (?:list|read|view|get|browse|see)\b|\bno (?:chang|edit|updat|writ)(?:es|s|ing)?\b"
)
UNDELETABLE = rx.compile(
    r"can(?:'t|not| not) be deleted|not (?:be )?deletable|n't (?:be )?deletable|no delet|"
    r"without delet|n't be deleted|"
    r"(?:not|n't|never) (?:allow|permit|support|accept) delet|disallow delet|prevent delet|"
    r"disable delet"
)


def _operations_said(clause: str, current: list[str]) -> list[str] | None:
    """The operations a clause asks the resource to have, None when it says none."""
    ops = ["list", "get"] if READ_ONLY.search(clause) else None
    said = verbs_said(clause, current)
    if ops is not None and said is not None and "create" in able_to(clause, denied=True):
        ops = None  # "… list, view and add treatments through the API, but not edit or delete"
    listed = _listed(clause) or (said if ops is None else None)
    also = rx.search(r"\b(?:also|as well|too|additionally|in addition)\b", clause)
    if listed is not None and also and not rx.search(r"\b(?:only|just)\b", clause):
        ops = [o for o in OPERATIONS if o in current or o in listed]  # "should also allow update"
    elif listed is not None:
        ops = listed
    elif public_read(clause):
        ops = ["list", "get"]
    if FULL.search(clause):
        ops = list(OPERATIONS)
    if UNDELETABLE.search(clause):
        ops = [o for o in (ops or current) if o != "delete"]
    elif (more := more_operations(clause)) and ops is None:
        ops = [o for o in OPERATIONS if o in current or o in more]
    if rx.search(
        r"\b(?:hide|remove) .* from the api\b|don't expose|do not expose|not (?:be )?"
        r"exposed|internal only|no api\b",
        clause,
    ):
        ops = []
    return ops


def _access_said(clause: str) -> str | None:
    hidden = rx.search(HIDDEN, clause)
    if rx.search(ANYONE, clause) and not hidden:
        return "public"
    return "authenticated" if hidden else None


ACCESS_WORDS = {"public", "private", "read-only", "read_only", "readonly", "authenticated", "open",
                "internal", "hidden", "visible"}  # fmt: skip
ANYONE = (
    r"\bpublic(?:ly)?\b|\banyone\b|\beveryone\b|\banybody\b|\beverybody\b|\banonymous|"
    r"\bwithout (?:logging in|login)|\bunauthenticated\b|"
    r"\bwithout (?:an? )?(?:account|sign(?:ing)?[- ]in|log(?:ging)?[- ]?in)\b|\bnot logged in\b"
)


def public_read(clause: str) -> bool:
    """ "anyone can browse products": the public reads; writing is not what is offered."""
    return bool(
        rx.search(ANYONE, clause)
        and rx.search(r"\b(?:browse|see|view|read|look (?:at|through)|search|list)\b", clause)
        and not rx.search(r"\b(?:creat|edit|updat|delet|add|chang|modif|writ|post|submit)", clause)
    )


def _listed(clause: str) -> list[str] | None:
    """ "orders over the API: list, view and create only": exactly those operations."""
    words = "|".join(WORD_OPS)
    match = rx.search(
        rf"(?::|\bonly|\bjust|\ballow) ((?:{words})(?:(?:,| and| or|, and)? (?:{words}))*)"
        r"(?: only| operations| endpoints)?$",
        clause,
    )
    if match is None:
        return None
    said = {WORD_OPS[w] for w in rx.findall(rf"\b(?:{words})\b", match.group(1))}
    return [o for o in OPERATIONS if o in said]


def _operations(entity: str, ctx: Context) -> list[str]:
    if ctx.bp is not None:
        for r in ctx.bp.api.resources:
            if r.entity == entity:
                return list(r.operations)
    return ["list", "get", "create", "update", "delete"]


def _only(who: str, verb: str, what: str, ctx: Context) -> Reading | None:
    hit = ctx.vocab.entity(what)
    if hit is None:
        return None
    named = _role_words(who, _known_roles(ctx))
    if not named:
        return None
    known = ctx.bp.auth.roles if ctx.bp is not None else []
    ops: list[Op] = []
    missing = [r for r in named if r not in known]
    if missing:
        ops.append(SetRoles(roles=missing))
    whole = rx.fullmatch(
        r"(?:access|use|see|view|read|look at|get to|have access to|reach|see and (?:edit|change)|"
        r"manage|touch|work with|read and write|do anything with|call|administer|handle)",
        verb,
    )
    if whole:
        ops.append(SetApi(entity=hit.name, access="roles", roles=named))
        return Reading(ops)
    note = (
        f"Access is set per resource, not per operation, so I cannot let only {', '.join(named)}"
        f" {verb} {plural(snake(hit.name).replace('_', ' '))}. Say 'only {named[0]}s can access "
        f"{plural(snake(hit.name).replace('_', ' '))}' to restrict all of {hit.name}'s API."
    )
    return Reading(ops, [note])
