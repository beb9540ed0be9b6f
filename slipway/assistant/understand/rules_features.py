"""Features in words: soft delete, audit log, uploads, tenancy, sign-in, roles, API access."""

from __future__ import annotations

import re

from slipway.assistant.operations import (
    AddBucket,
    AddField,
    FieldSpec,
    Op,
    SetApi,
    SetAuth,
    SetEntityOption,
    SetRoles,
    SetTenancy,
)
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import FILE_WORDS, plural, singular, snake

SOFT = re.compile(
    r"soft[- ]?delet|\b(?:only|just|rather|instead)\b.{0,20}\b(?:hide|hidden|archive|archived|"
    r"deactivate|deactivated|flag|flagged|mark|marked)\b|\binstead of (?:being )?(?:delet|remov|"
    r"eras)|\bnever (?:really |actually |permanently |physically )?(?:delete|remove|erase)|"
    r"\b(?:don't|do not|shouldn't|should not|never) (?:really |actually |permanently |physically |"
    r"hard )?(?:delete|remove|erase)|\brestor(?:e|able) (?:deleted|removed)|\brecoverable\b|"
    r"\bundelete|\brecycle bin\b|\btrash\b|\bkeep deleted\b|\b(?:keep|retain)\b.{0,30}\b(?:but|"
    r"and|yet)\b.{0,12}\b(?:hide|hidden|archive|mark|flag)|\bhide (?:it|them) instead\b|"
    r"\b(?:deleted|removed) \w+ (?:should|must|are|is) (?:be )?(?:hidden|archived|kept)"
)
AUDIT = re.compile(
    r"\baudit|\bchange ?(?:history|log)|\bhistory of (?:all |every |the )?(?:changes|edits)|"
    r"\b(?:track|record|log|keep) (?:all |every |each |any )?(?:changes?|edits?|modifications?)\b|"
    r"\bevery (?:change|edit|modification) (?:made )?(?:to|on)\b|"
    r"\bwho changed\b|\bwho (?:edited|modified)\b|\brecord of (?:all |every )?changes?"
)
ALL = re.compile(r"\b(?:everything|every entity|all entities|all (?:records|rows|data|tables))\b")


def _entities(clause: str, ctx: Context) -> list[str]:
    found = ctx.vocab.find_entities(clause)
    if not found and ALL.search(clause):
        return ctx.vocab.names()
    return found


def _option(clause: str, ctx: Context, option: str, what: str) -> Reading:
    entities = _entities(clause, ctx)
    if not entities:
        names = ", ".join(ctx.vocab.names())
        return ask(f"Which entity should get {what}? The entities are {names}.")
    enabled = not re.search(
        r"\b(?:turn off|switch off|disable|remove|drop|stop|no more|"
        r"get rid of|without)\b",
        clause,
    )
    return Reading([SetEntityOption(entity=e, option=option, enabled=enabled) for e in entities])


def chat(clause: str, ctx: Context) -> Reading | None:
    """Questions and opinions: answered with what the assistant does, never with an edit."""
    if not re.match(
        r"^(?:explain|tell me|describe|what is|what are|what's|whats|how does|how do|"
        r"how is|how are|why|what do you think|what about|is it|is there|are there|"
        r"do you|does it|is \w+ (?:better|worse|faster|good|bad)|which is)\b",
        clause,
    ):
        return None
    return Reading(
        notes=[
            "I change the spec rather than answer questions. Tell me what to change, "
            "for example 'add a due date to loans' or 'run it on postgres'."
        ]
    )


def soft_delete(clause: str, ctx: Context) -> Reading | None:
    if not SOFT.search(clause):
        return None
    return _option(clause, ctx, "soft_delete", "soft delete")


def audit(clause: str, ctx: Context) -> Reading | None:
    if not AUDIT.search(clause):
        return None
    return _option(clause, ctx, "audit_log", "an audit log")


def upload(clause: str, ctx: Context) -> Reading | None:
    if not re.search(
        r"\b(?:upload|uploads|uploaded|uploading|attach|attaches|attached|"
        r"attachments?)\b",
        clause,
    ) or re.search(r"\b(?:url|link)\b", clause):
        return None
    match = re.search(
        r"\b(?:upload|attach)(?:s|ed|ing)? (?:an? |the |their |his |her |its |"
        r"some |one or more |several |multiple )?([a-z ]+?)(?: (?:to|for|on|onto|into|with) .*)?$",
        clause,
    )
    noun = match.group(1).strip() if match else "attachments"
    words = [w for w in noun.split() if w not in ("files", "file")] or ["attachments"]
    if "of" in words:
        at = words.index("of")
        words = [w for w in words[at + 1 :] + words[:at] if w not in ("their", "the", "a")]
    words = [singular(w) for w in words][:3]
    bucket = "-".join([*words[:-1], plural(words[-1])])[:40].strip("-")
    ops: list[Op] = [AddBucket(name=bucket if len(bucket) >= 2 else "uploads")]
    owners = ctx.vocab.find_entities(clause[: match.start()] if match else clause)
    if owners and singular(words[-1]) in FILE_WORDS | {"attachment"}:
        field = snake(" ".join(words))
        if field not in ctx.vocab.entities[owners[0]].fields:
            ops.append(AddField(entity=owners[0], field=FieldSpec(name=field)))
            ctx.notes.append(f"{owners[0]}.{field} holds the file's key in the bucket {bucket}.")
    return Reading(ops)


def tenancy(clause: str, ctx: Context) -> Reading | None:
    if not re.search(r"multi[- ]?tenan|\btenants?\b|\btenancy\b", clause):
        return None
    if re.search(
        r"single[- ]tenant|\bno (?:longer )?multi|\b(?:turn off|disable|remove|drop)\b"
        r".{0,12}(?:multi|tenan)",
        clause,
    ):
        return Reading([SetTenancy(mode="single")])
    match = None
    for pattern in (
        r"\b(?:one tenant|a tenant|tenant|tenants|tenancy|multi[- ]?tenant(?:cy)?)(?: is| =)? "
        r"(?:per|by|for each|for every|for|is) (?:an? |the |each |every |one )?([a-z ]+?)$",
        r"\b(?:per|by|for each|for every) (?:an? |the |each |every )?([a-z]+(?: [a-z]+)?)\b",
        r"\b(?:each|every|an?) ([a-z]+(?: [a-z]+)?) (?:is|are|gets|has) (?:a |an |its own |their "
        r"own |one |separate )*tenants?\b",
    ):
        match = re.search(pattern, clause)
        if match and looks_like_noun(match.group(1).strip()):
            break
        match = None
    if match is None:
        return ask(
            "Which entity is the tenant (each tenant's data is kept apart)? For example "
            "'make it multi-tenant by Organization'."
        )
    name = ctx.entity(match.group(1).strip(), create=True)
    return Reading([SetTenancy(mode="multi", entity=name)])


def sign_in(clause: str, ctx: Context) -> Reading | None:
    if re.search(r"\bapi[- ]?keys?\b", clause) and re.search(
        r"\b(?:auth|authenticate|use|"
        r"with|via|access|sign)",
        clause,
    ):
        return Reading([SetAuth(strategy="api_key")])
    if re.search(
        r"\b(?:no|without|disable|turn off|remove) (?:any )?(?:auth|authentication|"
        r"login|sign[- ]?in)\b",
        clause,
    ):
        return Reading([SetAuth(strategy="none")])
    if re.search(r"\bcognito\b|\buser pools?\b", clause):
        return Reading([SetAuth(strategy="cognito")])
    if re.search(r"\bjwts?\b|\bjson web tokens?\b", clause):
        return Reading([SetAuth(strategy="jwt")])
    if re.search(
        r"\b(?:sign|log)(?:s|ged)?[- ]?(?:in|on|up)\b|\blogin\b|\bpasswords?\b|"
        r"\bregister with\b|\buser accounts?\b",
        clause,
    ):
        if ctx.bp is not None and ctx.bp.auth.strategy == "cognito":
            ctx.notes.append("Users already sign in with email and password (Cognito).")
        return Reading([SetAuth(strategy="cognito")])
    return None


def _role_words(text: str) -> list[str]:
    out = []
    for part in re.split(r"\s*,\s*(?:and |or )?|\s+and\s+|\s+or\s+|\s*/\s*", text):
        words = [w for w in part.split() if w not in ("a", "an", "the", "role", "roles", "new")]
        if words and len(words) <= 2:
            out.append(snake(singular(words[-1]) if len(words) == 1 else " ".join(words)))
    return [r for r in out if re.fullmatch(r"[a-z][a-z0-9_]{0,39}", r)]


def roles(clause: str, ctx: Context) -> Reading | None:
    remove = re.search(r"\b(?:remove|delete|drop) (?:the )?(?:roles? )?([a-z ,]+?) roles?$", clause)
    if remove:
        return Reading([SetRoles(roles=_role_words(remove.group(1)), mode="remove")])
    for pattern in (
        r"^(?:add|create|introduce|with|support|need|have)? ?(?:an? |the |two |three )?([a-z ,/]+?)"
        r" roles?(?: too| as well)?$",
        r"\broles?(?: are| called| named| of)?:? (?!and |or )([a-z][a-z ,/]*)$",
        r"\b(?:users|people|members|staff|accounts) (?:can|could|may) be (?:an? )?([a-z ,/]+)$",
    ):
        match = re.search(pattern, clause)
        if match:
            found = _role_words(re.sub(r"\b(?:an?|role)\b", " ", match.group(1)))
            if found:
                return Reading([SetRoles(roles=found)])
    return None


def access(clause: str, ctx: Context) -> Reading | None:
    only = re.match(
        r"^only (?:the )?([a-z ,]+?) (?:can|may|should be able to|are allowed to|"
        r"should) ([a-z ]+?) (?:the )?([a-z ]+?)(?: entity| records| api)?$",
        clause,
    )
    if only:
        return _only(only.group(1), only.group(2), only.group(3), ctx)
    if not re.search(
        r"\bpublic(?:ly)?\b|read[- ]?only|\bprivate\b|\bexpose[ds]?\b|\bapi\b|"
        r"\banyone\b|\beveryone\b|\banonymous|\bwithout (?:logging in|login|an account)|"
        r"\bendpoints?\b|\bauthenticat|\blogged[- ]in\b|\bcan(?:'t|not)? be deleted"
        r"\b|\bnot (?:be )?deletable\b",
        clause,
    ):
        return None
    entities = ctx.vocab.find_entities(clause)
    if not entities:
        return None
    ops: list[Op] = []
    for entity in entities:
        op = _api_op(clause, entity, ctx)
        if op is not None:
            ops.append(op)
    return Reading(ops) if ops else None


def _api_op(clause: str, entity: str, ctx: Context) -> SetApi | None:
    current = _operations(entity, ctx)
    ops: list[str] | None = None
    access_: str | None = None
    if re.search(
        r"read[- ]?only|only (?:be )?(?:read|listed|viewed)|(?:readable|viewable|"
        r"browsable|visible)\b|(?:but )?not (?:be )?(?:editable|changed|modified|written)",
        clause,
    ):
        ops = ["list", "get"]
    if re.search(
        r"can(?:'t|not)? be deleted|not (?:be )?deletable|no delet|without delet|"
        r"disable delet",
        clause,
    ):
        ops = [o for o in (ops or current) if o != "delete"]
    if re.search(
        r"\b(?:hide|remove) .* from the api\b|don't expose|do not expose|not (?:be )?"
        r"exposed|internal only|no api\b",
        clause,
    ):
        ops = []
    anyone = r"\bpublic(?:ly)?\b|\banyone\b|\beveryone\b|\banonymous|\bwithout (?:logging in|login)"
    if re.search(anyone, clause) and not re.search(r"\bnot public\b|\bprivate\b", clause):
        access_ = "public"
    elif re.search(r"\bprivate\b|\bauthenticat|\blogged[- ]in\b|\bnot public\b", clause):
        access_ = "authenticated"
    if ops is None and access_ is None:
        return None
    return SetApi(entity=entity, access=access_, operations=ops)


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
    named = _role_words(who)
    if not named:
        return None
    known = ctx.bp.auth.roles if ctx.bp is not None else []
    ops: list[Op] = []
    missing = [r for r in named if r not in known]
    if missing:
        ops.append(SetRoles(roles=missing))
    whole = re.fullmatch(
        r"(?:access|use|see and (?:edit|change)|manage|touch|work with|read and "
        r"write|do anything with|call|administer|handle)",
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
