"""Features in words: soft delete, audit log, uploads, tenancy, sign-in, roles, API access."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddBucket,
    AddField,
    FieldSpec,
    Op,
    SetEntityOption,
    SetTenancy,
)
from slipway.assistant.understand.buckets import bucket_name, noun_words
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.lexicon import FILE_WORDS
from slipway.assistant.understand.rules_infra import bucket as bucket_asked
from slipway.assistant.understand.rules_w_data import restore_data
from slipway.assistant.understand.rules_w_files import file_elsewhere, one_of_those, uploaded
from slipway.assistant.understand.rules_w_tenant import only_own
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import singular, snake

SOFT = rx.compile(
    r"soft[- ]?delet|\b(?:only|just|rather|instead)\b.{0,20}\b(?:hide|hidden|archive|archived|"
    r"deactivate|deactivated|flag|flagged|mark|marked)\b|\binstead of (?:being )?(?:delet|remov|"
    r"eras)|\bnever (?:be )?(?:really |actually |permanently |physically |hard[- ])?(?:delete|"
    r"remove|erase|purge)|\bkeep (?:them|it|those|these) (?:around|alive|on file|in the "
    r"database)\b|\b(?:deleted|removed)\b.{0,20}\bbut (?:we )?(?:want to |should |must |still )?"
    r"(?:keep|retain)|"
    r"\b(?:must|should|can) (?:never|not) be (?:physically |permanently |hard[- ])?(?:deleted|"
    r"removed|erased)|"
    r"\b(?:don't|do not|shouldn't|should not|never) (?:really |actually |permanently |physically |"
    r"hard[- ])?(?:delete|remove|erase)|\brestor(?:e|able) (?:deleted|removed)|\brecoverable\b|"
    r"\bundelete|\brecycle bin\b|\btrash\b|\bkeep deleted\b|\b(?:keep|retain)\b.{0,30}\b(?:but|"
    r"and|yet)\b.{0,12}\b(?:hide|hidden|archive|mark|flag)|\bhide (?:it|them) instead\b|"
    r"\b(?:deleted|removed) \w+ (?:should|must|are|is) (?:be )?(?:hidden|archived|kept)|"
    r"\b(?:be|being|get|gets|are|is) (?:archived|hidden|deactivated)\b[^.;]{0,20},? (?:but )?"
    r"(?:not|rather than|instead of) "
    r"(?:being )?(?:properly |really |actually |permanently |fully |hard[- ])?(?:deleted|removed|"
    r"erased)\b|"
    r"\b(?:stick|stay|hang|be kept) around after (?:deletion|being deleted|(?:it is|they are) "
    r"deleted)\b|\bsurvive (?:deletion|being deleted)\b|\bdelet\w* .{0,30}\bby (?:mistake|"
    r"accident)\b.{0,40}\b(?:get (?:it|them) back|restore|recover|undo|bring (?:it|them) back)|"
    r"\b(?:cancels?|cancel(?:led|ed)|leaves?|left|quits?|unsubscribes?|closes? (?:their|his|her|"
    r"its) account|(?:is|are|gets|get) (?:deleted|removed))\b.{0,40}\b(?:keep|retain|preserve)\b"
    r".{0,20}\b(?:history|records?|data|rows?|their \w+|its \w+)\b|"
    r"\bnever lose\b.{0,40}\b(?:deleted|removed)\b|"
    r"\b(?:must|should|can|may) never (?:disappear|vanish|be lost|go missing)\b|"
    r"\b(?:deleted|removed)\b.{0,40}\b(?:still (?:see|find|view|look at|get at)|see (?:it|them) "
    r"(?:afterwards|later))\b|"
    r"\b(?:deleting|removing) (?:an? |the )?\w+(?: \w+)? (?:should|must|will)? ?(?:keep|retain|"
    r"preserve)\b|"
    r"\b(?:keep|retain|preserve) (?:their|its|his|her|the) (?:history|records?|data)\b.{0,30}"
    r"\b(?:cancel|leave|quit|unsubscrib|delet|remov|clos)"
)
AUDIT = rx.compile(
    r"\baudit|\bchange ?(?:history|log)|\bhistory of (?:all |every |each |any |the )?"
    r"(?:changes?|edits?)|"
    r"\b(?:track|record|log|keep) (?:all |every |each |any )?(?:changes?|edits?|modifications?)\b|"
    r"\bkeep (?:a|an) (?:log|record|history|trail) of (?:all |every |each |any )?(?:the "
    r")?(?:changes?|"
    r"edits?|modifications?)\b|"
    r"\bevery (?:change|edit|modification) (?:made )?(?:to|on)\b|"
    r"\bwho changed\b|\bwho (?:edited|modified|touched|updated|deleted)\b|"
    r"\b(?:history|log|record|trail) of who (?:edits|changes|modifies|updates|touches)\b|"
    r"\brecord of (?:all |every )?changes?|"
    r"\b(?:every|any|all|each) (?:changes?|edits?|modifications?|updates?) (?:to|on|of|in) .{0,40}"
    r"\b(?:recorded|logged|tracked|kept|auditable|audited|traceable)\b|"
    r"\bwho did what\b|\b(?:must|should|has to|have to|needs? to|shall) be (?:logged|audited|"
    r"auditable|traceable)\b"
)
ALL = rx.compile(r"\b(?:everything|every entity|all entities|all (?:records|rows|data|tables))\b")


def _entities(clause: str, ctx: Context) -> list[str]:
    found = ctx.vocab.find_entities(clause)
    if not found and ALL.search(clause):
        return ctx.vocab.names()
    if not found and len(named := ctx.vocab.find_entities(ctx.text)) == 1:
        return named  # "… who edited which order line. Can we have a history of every change?"
    if not found:  # "who changed prices": the entity with that field
        owners = {h.entity for h in ctx.vocab.fields_in(clause, [])}
        return list(owners) if len(owners) == 1 else []
    return found


def _option(clause: str, ctx: Context, option: str, what: str) -> Reading:
    entities = _entities(clause, ctx)
    if not entities:
        names = ", ".join(ctx.vocab.names())
        return ask(f"Which entity should get {what}? The entities are {names}.")
    kept = rx.sub(  # "just hide it, don't remove it": no option is removed
        r"\b(?:don't|do not|never|not|shouldn't|should not) (?:really |actually |permanently |"
        r"physically |hard[- ])?(?:delete|remove|erase|drop)\b",
        "",
        clause,
    )
    enabled = not rx.search(
        r"\b(?:turn off|switch off|disable|remove|drop|stop|no more|"
        r"get rid of|without)\b",
        kept,
    )
    return Reading([SetEntityOption(entity=e, option=option, enabled=enabled) for e in entities])


def chat(clause: str, ctx: Context) -> Reading | None:
    """Questions and opinions: answered with what the assistant does, never with an edit."""
    if (data := restore_data(clause, ctx)) is not None:
        return data  # "… vanished from the list. Can you put it back?": records, not the spec
    if not rx.match(
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


GONE = rx.compile(
    r"\b(?:when|if|once|whenever|after) (?:an? |the |our )?(?P<e>[a-z][a-z ]*?) (?:is |are |gets? "
    r"|has been )?(?:deleted|removed|cancels?|cancel(?:l?ed)|leaves?|left|quits?|unsubscribes?|"
    r"closes? (?:their|his|her|its) account)\b"
)
"""Who goes ("when a visitor is deleted, keep their sessions"): the entity to soft delete."""
CANCELLED = rx.compile(
    r"\b(?:when|if|once|whenever|after) (?:an? |the |our )?[a-z]+(?: [a-z]+)? (?:cancels?|deletes?|"
    r"removes?|withdraws?|drops?|closes?) (?:an? |the |their |his |her |its |one )?(?P<e>[a-z]+"
    r"(?: [a-z]+)?)(?=,| we\b| it\b| they\b| then\b| you\b| i\b|$)"
)
"""What someone cancels ("if a parent cancels an enrolment we shouldn't lose it"): that one."""
DELETING = rx.compile(
    r"\b(?:deleting|removing|deletion of|removal of) (?:an? |the )?(?P<e>[a-z][a-z ]*?) "
    r"(?:(?:should|must|will|shall|needs to|has to)? ?(?:keep|retain|preserve|not)\b|(?:shouldn't|"
    r"mustn't|won't|doesn't|should not|must not|will not|does not) (?:actually |really |"
    r"permanently |fully )?(?:remove|delete|erase|destroy|wipe)\b)"
)


MISTAKE = rx.compile(
    r"\bdeletes? (?:an? |the |some )?(?P<e>[a-z]+(?: [a-z]+)?) by (?:mistake|accident)"
)
"""What is deleted by mistake ("if someone deletes a booking by mistake …")."""


def soft_delete(clause: str, ctx: Context) -> Reading | None:
    if not SOFT.search(clause) or rx.search(r"\bapi\b|\bendpoints?\b", clause):
        return None  # "… through the API, but never deleted" is about the API
    cancelled = CANCELLED.search(clause)
    hit = ctx.vocab.entity(cancelled.group("e"), fuzzy=False) if cancelled else None
    gone = GONE.search(clause) or DELETING.search(clause) or MISTAKE.search(clause)
    hit = hit or (ctx.vocab.entity(gone.group("e"), fuzzy=False) if gone else None)
    if hit is not None:
        return Reading([SetEntityOption(entity=hit.name, option="soft_delete")])
    reading = _option(clause, ctx, "soft_delete", "soft delete")
    audited = AUDIT.search(clause)
    said = clause[max(clause.rfind(",", 0, audited.start()), 0) :] if audited else clause
    negated = rx.search(r"\b(?:no|not|without|never|nor|neither|skip)\b|n't\b", said)
    if audited and reading.ops and not negated:  # "comments: soft delete + audit log"
        reading.ops += _option(clause, ctx, "audit_log", "an audit log").ops
    return reading


def audit(clause: str, ctx: Context) -> Reading | None:
    if not AUDIT.search(clause):
        return None
    return _option(clause, ctx, "audit_log", "an audit log")


STAMPS = rx.compile(
    r"\b(?:(?:created[ /_]?(?:at|and updated|/updated)?|updated[ _]at|automatic|auto)[ /]?)?"
    r"(?:timestamps|time stamps|created_at|updated_at)\b|\b(?:created[ /_]?(?:at|and updated|"
    r"/updated)?|updated[ _]at|automatic|auto)[ /]?time ?stamp\b"
)
"""Managed timestamps ("timestamps", "created/updated timestamp"), not a field typed as one
("an expiry timestamp")."""


def timestamps(clause: str, ctx: Context) -> Reading | None:
    """ "Readings don't need timestamps": the entity's managed created/updated fields off."""
    if not STAMPS.search(clause):
        return None
    entities = _entities(clause, ctx)
    off = rx.search(
        r"\b(?:no|without|don't|do not|doesn't|does not|never|drop|remove|skip|turn off|"
        r"disable|get rid of)\b",
        clause,
    )
    if not entities:
        return None
    return Reading(
        [SetEntityOption(entity=e, option="no_timestamps", enabled=bool(off)) for e in entities]
    )


KEPT_FILE = (
    r"\b(?:(?:keep|store|save|archive|hold)s? "
    r"((?:an? |the |their |his |her |copies of |a copy of )?"
    r"(?:scans?|photos?|pictures?|images?|pdfs?|videos?|photocop(?:y|ies)|recordings?) of .+)$|"
    r"(?:give|send|hand) (?:us|me|in) ((?:an? |their |copies of |a copy of )?(?:scans?|pdfs?|"
    r"photocop(?:y|ies)|copies|photos?|pictures?) of .+)$)"
)
KEPT_AS_FILE = (
    r"\b(?:keep|store|save|archive|hold)s? (.+?) as (?:an? )?(?:pdf|file|scan|image|photo|"
    r"picture)s?$"
)


KEPT_FILES = (
    r"\b(?:keep|store|save|archive|hold|host)s? (?:the |our |their |all |some )?((?:[a-z]+ )?"
    r"(?:pdfs|files|documents|images|photos|pictures|scans|videos|attachments|recordings|"
    r"uploads))(?: somewhere| too| as well| in the cloud| in s3| online)?$"
)


def upload(clause: str, ctx: Context) -> Reading | None:
    if rx.search(r"\b(?:no|not|without|never) (?:any )?(?:file )?(?:uploads?|attachments?)\b",
                 clause):  # fmt: skip
        return None  # "just urls for now, no uploads yet": no bucket
    first, *more = rx.split(r",\s+(?:and\s+|plus\s+|also\s+)?", clause)
    if more and bucket_asked(first, ctx) is not None:
        return None  # "add a bucket for receipt uploads, and tracing on": two requests
    clause = rx.sub(r"\s*\([^()]*\)", "", clause)
    clause = rx.sub(KEPT_FILES, r"upload \1", clause)  # "store invoice pdfs somewhere"
    clause = rx.sub(KEPT_FILE, lambda m: f"upload {m[1] or m[2]}", clause)  # "a scan of their id"
    clause = rx.sub(KEPT_AS_FILE, r"upload \1", clause)  # "store the certificate as a pdf"
    clause = file_elsewhere(clause, ctx) or clause  # "… a photo. Can they upload one?"
    if not rx.search(
        r"\b(?:upload|uploads|uploaded|uploading|attach|attaches|attached|"
        r"attachments?)\b",
        clause,
    ) or rx.search(r"\b(?:url|link)\b", clause):
        return None
    clause = rx.sub(  # "let products have images uploaded": what is uploaded
        r"(?:^|\b(?:have|has|get|gets|with|need|needs|want|wants) )(?:their |its |an? |the |some )?"
        r"(?P<n>[a-z][a-z\-]*(?: [a-z\-]+)?) (?:uploaded|attached)\b",
        lambda m: f"upload {m['n']}",
        clause,
    )
    clause = rx.sub(  # "a cover image that hosts upload": what is uploaded
        r"^(?P<h>.*?)\b(?:an? |the |their )?(?P<n>[a-z]+(?: [a-z]+)?) (?:(?:that|which) (?:the )?"
        r"(?:[a-z]+ )?|(?:we|they|you|i|people|staff|customers|users) )(?:can |will |may |could )?"
        r"upload(?:s|ed)?$",
        lambda m: f"{m['h']}upload {m['n']}",
        clause,
    )
    match = uploaded(clause, lambda said: bucket_name(_file_words(said)) is not None)
    words = _file_words(match.group(1) if match else "attachments")
    bucket = bucket_name(words)
    if bucket is None and one_of_those(clause, ctx):
        return Reading(notes=["The files named before are the ones uploaded."])
    if bucket is None:
        return ask("What files should be uploaded, and to which entity? For example 'let "
                   "products have images uploaded'.")  # fmt: skip
    ops: list[Op] = [AddBucket(name=bucket)]
    owners = ctx.vocab.find_entities(clause[: match.start()] if match else clause)
    if owners and singular(words[-1]) in FILE_WORDS | {"attachment"}:
        field = snake(" ".join(singular(w) for w in words))
        if field not in ctx.vocab.entities[owners[0]].fields:
            ops.append(AddField(entity=owners[0], field=FieldSpec(name=field)))
            ctx.notes.append(f"{owners[0]}.{field} holds the file's key in the bucket {bucket}.")
    return Reading(ops)


def _file_words(noun: str) -> list[str]:
    """What is uploaded, as clean nouns: "scans of their id" → id, scan; "a photo that they can
    show" → photo; "files" alone → attachments; "stuff" → none."""
    head, _, tail = noun.partition(" of ")
    words = [*noun_words(tail), *noun_words(head)] if tail else noun_words(head)
    named = [w for w in words if w not in ("files", "file")][:3]
    return named or (["attachments"] if words else [])


_NOT_NAME = r"(?!(?:should|must|can|will|may|only|in|of|at|on|we|you|they|that|which|who)\b)"
OWN_DATA = (
    rf"\b(?:each|every|per) ([a-z]+(?: {_NOT_NAME}[a-z]+)?)(?: (?:that|which|who) [a-z ]+?| "
    r"[a-z]+ing [a-z ]+?| (?:in|of|on|at|across) (?:the|our|a|its) [a-z]+| (?:we|you|they|i) "
    r"[a-z]+)? (?:should |must |can |will |may )?(?:only )?(?:has|have|gets?|keeps?|sees?|owns?|"
    r"see|get|keep|own|access|accesses)(?: only)? "
    r"(?:its|their) own (?:separate |isolated |private |independent )?(?:data|records|space|"
    r"workspace|copy|everything|database|[a-z]+s)\b|"
    rf"\b(?:each|every) ([a-z]+(?: {_NOT_NAME}[a-z]+)?)(?: (?:in|of|on|at|across) (?:the|our|a) "
    r"[a-z]+| (?:we|you|they|i) [a-z]+)? keeps? (?:its|their) [a-z ,]+ to (?:itself|themselves)\b"
)


APART = (
    r"\b(?:each|every|per) ([a-z]+)'s? (?:data|records|information|stuff) (?:must |should |has to |"
    r"needs to |will |is to )?(?:stay|be kept|be|remain|kept|live) (?:separate|isolated|apart|"
    r"private|siloed)|\b(?:keep|isolate|separate|silo) (?:each|every) ([a-z]+)'s? (?:data|records|"
    r"information)(?: separate| apart| isolated| private)?\b|\b(?:isolate|separate|partition|"
    r"split|silo|scope) (?:the |all |our )?(?:data|records) (?:by|per) (?:the |each |every )?"
    r"([a-z]+)\b"
)
"""Data kept apart per customer of the app ("every merchant's data must stay separate")."""


def tenancy(clause: str, ctx: Context) -> Reading | None:
    plain = not rx.search(OWN_DATA, clause) and not rx.search(r"\btenan", clause)
    if plain and (alone := only_own(clause, ctx)) is not None:
        return alone  # "each franchise must only ever see its own customers and pools"
    apart = rx.search(APART, clause)
    if apart is not None and next(g for g in apart.groups() if g) in ("one", "of"):
        return None  # "each one's data must stay separate": the tenant is named elsewhere
    if apart is not None:
        name = ctx.entity(next(g for g in apart.groups() if g), create=True)
        return Reading([SetTenancy(mode="multi", entity=name)])
    own = rx.search(OWN_DATA, clause)
    named = rx.search(r"multi[- ]?tenan|\btenancy\b", clause) or own
    if not named and not rx.search(r"\btenants?\b", clause):
        return None
    if not named and ctx.vocab.entity("tenant", fuzzy=False) is not None:
        return None  # the spec's own Tenant entity, not tenancy
    if rx.search(
        r"single[- ]tenant|\bno (?:longer )?multi|\b(?:turn off|disable|remove|drop)\b"
        r".{0,12}(?:multi|tenan)",
        clause,
    ):
        return Reading([SetTenancy(mode="single")])
    match = None
    for pattern in (
        r"\b(?:the )?tenant(?: entity)? ?(?:=|:|is|will be|should be) (?:an? |the )?([a-z]+)$",
        r"\b(?:one tenant|a tenant|tenant|tenants|tenancy|multi[- ]?tenant(?:cy)?)(?: is| =)? "
        r"(?:per|by|for each|for every|for|is) (?:an? |the |each |every |one )?([a-z ]+?)$",
        r"\b(?:per|by|for each|for every) (?:an? |the |each |every )?([a-z]+(?: [a-z]+)?)\b",
        r"\b(?:each|every|an?) ([a-z]+(?: [a-z]+)?) (?:is|are|gets|has) (?:a |an |its own |their "
        r"own |one |separate )*tenants?\b",
        OWN_DATA,
    ):
        match = rx.search(pattern, clause)
        led = pattern is OWN_DATA  # after "each"/"every" a verb's form is a noun: "every store"
        if match and (
            looks_like_noun(_first(match)) or (led and looks_like_noun(f"x {_first(match)}"))
        ):
            break
        match = None
    if match is None:
        return ask(
            "Which entity is the tenant (each tenant's data is kept apart)? For example "
            "'make it multi-tenant by Organization'."
        )
    said = _first(match)
    if match.re.pattern == OWN_DATA and ctx.vocab.entity(said) is None:
        return Reading([SetTenancy(mode="multi", entity=ctx.new_entity(said))])
    name = ctx.entity(said, create=True)
    return Reading([SetTenancy(mode="multi", entity=name)])


SHARED = rx.compile(
    r"(?<!not )\bglobal(?:ly)?\b|"
    r"\bshared (?:by|across|between|with|among) (?:all |every |each |the )?[a-z]+s\b|"
    r"\bnot tenant[- ]scoped\b|\b(?:across|for) all tenants\b|\bsame for (?:all|every|each)\b"
)
SCOPED = rx.compile(
    r"\btenant[- ]scoped\b|\bper tenant\b|\bscoped (?:to|by|per) (?:the |each )?\w+|"
    r"\bnot global\b|\bno longer global\b"
)


def scope(clause: str, ctx: Context) -> Reading | None:
    """In a multi-tenant app, or one the message makes so: "products are shared by all vendors"
    (global), "… per tenant"."""
    if ctx.bp is None:
        return None
    turned_on = rx.search(r"\bmulti[- ]?tenan|\b(?:is|as) (?:a|the) tenant\b", ctx.text)
    if ctx.bp.tenancy.mode != "multi" and not turned_on:
        return None  # "… multi-tenant, each Forge is a tenant. Materials are shared": this one too
    shared = SHARED.search(clause)
    if not shared and not SCOPED.search(clause):
        return None
    tenant = ctx.bp.tenancy.tenant_entity
    among = set(ctx.vocab.find_entities(shared.group(0))) if shared else set()  # "… forges"
    entities = [e for e in ctx.vocab.find_entities(clause) if e != tenant and e not in among]
    if not entities:
        return None
    option = "global" if shared else "tenant_scoped"
    return Reading([SetEntityOption(entity=e, option=option) for e in entities])


def _first(match: re.Match[str]) -> str:
    return next((g for g in match.groups() if g), "").strip()
