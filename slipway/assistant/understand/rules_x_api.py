"""API operations said in a clause of their own, of the resource the message is about: "list and
get only, nobody outside should be changing them", "no get, no writes", "create, update and
delete are not available"; and one operation taken off a resource by name ("remove the delete
from deliveries", when no field is called so)."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import SetApi
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading
from slipway.ir import OPERATIONS

_WORDS = (
    ("list", r"list|lists|listing|listed|browse|browsing|index"),
    ("get", r"get|gets|getting|read one|view|viewing|show|fetch|fetching|detail|details"),
    ("create", r"create|creates|creating|created|creation|add|adding|post|posting|insert|"
               r"inserting|book|booking|reserve|reserving|reservation"),
    ("update", r"update|updates|updating|updated|edit|edits|editing|change|changes|changing|"
               r"modify|modifying|patch|put"),
    ("delete", r"delete|deletes|deleting|deleted|deletion|remove|removing|removal|destroy|"
               r"destroying"),
    ("writes", r"writes?|writing"),
    ("reads", r"reads?|reading|readings"),
)  # fmt: skip
_NO = r"no|not|nobody|never|without|cannot|can't|mustn't|shouldn't|may not|must not|n't"
_FRAME = frozenset(
    rx.split(
        r"\s+",
        "the a an and or only just also then both via over through api endpoint endpoints "
        "operations ops work works working should be can could may must will is are it they "
        "them those these anyone anybody everyone people users outside outsiders public "
        "obviously of course please available allowed possible permitted supported enabled "
        "exposed for from to on in any nothing else more with but",
    )
)
_STATE = r"(?:available|allowed|possible|permitted|supported|exposed|enabled)"
_PUBLIC = r"\b(?:public(?:ly)?|anyone|everyone|anybody|everybody|anonymous(?:ly)?)\b"
_API_TALK = rx.compile(
    r"\b(?:api|apis|endpoints?|public(?:ly)?|logg(?:ing|ed) in|log in|sign(?:ed|ing)? in|"
    r"website|online|portal|anonymous|account|crud|connexion)\b"
)


def _kind(word: str) -> str | None:
    for kind, words in _WORDS:
        if rx.fullmatch(words, word):
            return kind
    return None


def _expand(kinds: set[str]) -> set[str]:
    out = kinds - {"writes", "reads"}
    if "writes" in kinds:
        out |= {"create", "update", "delete"}
    if "reads" in kinds:
        out |= {"list", "get"}
    return out


def _current(entity: str, ctx: Context) -> list[str]:
    for resource in ctx.bp.api.resources if ctx.bp else []:
        if resource.entity == entity:
            return list(resource.operations)
    return list(OPERATIONS)


def _whole_list(clause: str, text: str) -> str:
    """ "delete are not available" cut from "create, update and delete are not available": the
    whole list, as the message says it."""
    if not rx.search(rf"\b(?:are|is) (?:not|never) {_STATE}$", clause):
        return clause
    words = "|".join(w for _, w in _WORDS)
    said = rx.search(rf"(?:\b(?:{words}),? )+(?:and|or) {re.escape(clause)}", text)
    return said.group(0) if said else clause


def ops_told(clause: str, ctx: Context) -> Reading | None:
    """ "list and get only, nobody outside should be changing trips", "no get, no writes"."""
    if not _API_TALK.search(ctx.text or clause) or rx.search(_PUBLIC, clause):
        return None  # who may call it too: the access rules'
    clause = _whole_list(clause, ctx.text or "")
    spans = ctx.vocab.mentions(clause)
    named = {name for _, _, name in spans}
    if len(named) > 1:
        return None
    text = clause
    for start, end, _ in reversed(spans):
        text = f"{text[:start]} {text[end:]}"
    allowed: set[str] = set()
    denied: set[str] = set()
    whole = rx.search(rf"\b(?:are|is) (?:not|never) {_STATE}$|\b(?:are|is) {_STATE}$", text)
    parts = [text] if whole else rx.split(r",\s*|;\s*|\s+but\s+", text)
    for part in parts:
        no = rx.search(rf"\b(?:{_NO})\b|n't\b", part) is not None
        words = rx.findall(r"[a-z']+", rx.sub(rf"\b(?:{_NO})\b|n't\b", " ", part))
        said = {_kind(w) for w in words} - {None}
        if any(_kind(w) is None and w not in _FRAME for w in words):
            return None
        (denied if no else allowed).update(k for k in said if k)
    allowed, denied = _expand(allowed), _expand(denied)
    if not allowed and not denied:
        return None
    entity = next(iter(named)) if named else ctx.focus
    if entity is None or entity not in ctx.vocab.entities:
        return None
    if allowed and rx.search(r"\bonly\b|\bjust\b", clause):
        ops = [o for o in OPERATIONS if o in allowed and o not in denied]
    elif denied:  # "created through the api, but never deleted": the others kept
        kept = set(_current(entity, ctx)) | allowed
        ops = [o for o in OPERATIONS if o in kept and o not in denied]
    else:
        return None  # "list and get": what else it has is not said
    if not ops:
        return None
    return Reading([SetApi(entity=entity, operations=ops)])


_TAKEN = rx.compile(
    r"^(?:please )?(?:remove|drop|disable|take away|take out|turn off|get rid of) (?:the )?"
    r"(?P<op>list|get|create|update|delete|deleting|creating|updating|listing)(?: operation| "
    r"endpoint| option| action| permission| right)? (?:from|on|for|of) (?:the )?(?P<e>[a-z ]+?)"
    r"(?: api| endpoint| resource)?$"
)


def op_taken_off(clause: str, ctx: Context) -> Reading | None:
    """ "remove the delete from deliveries": an operation, when the entity has no such field."""
    said = _TAKEN.match(clause)
    if said is None:
        return None
    hit = ctx.vocab.entity(said.group("e"))
    if hit is None:
        return None
    op = {"deleting": "delete", "creating": "create", "updating": "update", "listing": "list"}.get(
        said.group("op"), said.group("op")
    )
    if op in ctx.vocab.entities[hit.name].fields:
        return None  # a field called so: the removal rules'
    current = _current(hit.name, ctx)
    if op not in current:
        return Reading(notes=[f"The {hit.name} API already has no {op} operation."])
    return Reading([SetApi(entity=hit.name, operations=[o for o in current if o != op])])


_NO_LOGIN = rx.compile(
    r"\bwithout (?:an? )?(?:log(?:ging)?[- ]?in|login|connexion|connection|account|signing in|"
    r"sign[- ]?in|authenticat\w*)\b|\b(?:public(?:ly)?|anonymous(?:ly)?)\b"
)


def before_colon(clause: str, ctx: Context) -> Reading | None:
    """ "the parties can be booked from the website without logging in: only the creation, not
    the reading": the resource named before the colon, public, with the operations after it."""
    if ": " not in clause:
        return None
    left, right = clause.split(": ", 1)
    named = {name for _, _, name in ctx.vocab.mentions(left)}
    if len(named) != 1 or not _NO_LOGIN.search(left) or not _API_TALK.search(clause):
        return None
    focus, ctx.focus = ctx.focus, next(iter(named))
    found = ops_told(right, ctx)
    if found is None:
        ctx.focus = focus
        return None
    told = [op for op in found.ops if isinstance(op, SetApi)]
    return Reading(
        [SetApi(entity=op.entity, access="public", operations=op.operations) for op in told]
    )
