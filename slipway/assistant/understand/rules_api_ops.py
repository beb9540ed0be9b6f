"""An API resource's operations said as a list, in any word form: "list, read and edit only, no
creating or deleting", "publicly creatable and readable, nothing more", "browse them and submit
new ones without logging in".

The clause is read only when every word in it is an operation, the entity, or a word that
frames a list of operations; anything else is left to the other rules.
"""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import SetApi
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_w_api_said import said_ops
from slipway.assistant.understand.rules_w_roles import role_edits, roles_for
from slipway.assistant.understand.text import Reading
from slipway.ir import OPERATIONS

_STEMS = (
    ("list", r"list|browse|brows"),
    ("get", r"get|gett|read|view|fetch|see|seen|show|look"),
    ("create", r"creat|add|submit|submitt|post|suggest"),
    ("update", r"updat|edit|chang|modif|modifi|amend"),
    ("delete", r"delet|remov|destroy"),
)
_ENDINGS = r"(?:e|es|s|ed|d|ing|able|ion|ions|y|ies)?"
_ANYONE = (
    r"\b(?:anyone|everyone|anybody|everybody|the public|public(?:ly)?|without (?:logging in|"
    r"log(?:ging)?[- ]?in|an? account|signing in|sign[- ]in)|not logged in|unauthenticated)\b"
)
_NEGATION = r"\b(?:no|not|nobody|never|without|cannot|except|nothing)\b|n't\b"
_FRAME = frozenset(
    [
        "the",
        "a",
        "an",
        "via",
        "through",
        "over",
        "api",
        "apis",
        "endpoint",
        "endpoints",
        "resource",
        "only",
        "just",
        "we",
        "want",
        "should",
        "be",
        "can",
        "could",
        "may",
        "let",
        "and",
        "or",
        "for",
        "our",
        "its",
        "their",
        "them",
        "it",
        "they",
        "ones",
        "new",
        "nothing",
        "more",
        "else",
        "no",
        "not",
        "nobody",
        "never",
        "without",
        "cannot",
        "can't",
        "except",
        "allow",
        "allowed",
        "operations",
        "ops",
        "is",
        "are",
        "it's",
        "want",
        "please",
        "make",
        "to",
        "with",
        "of",
        "in",
        "on",
        "that",
        "those",
    ]
)
"""Words that only frame a list of operations."""


def _operation(word: str) -> str | None:
    for op, stems in _STEMS:
        if rx.fullmatch(rf"(?:{stems}){_ENDINGS}", word):
            return op
    return None


_ANY_OP = rx.compile(rf"\b(?:{'|'.join(stems for _, stems in _STEMS)}){_ENDINGS}\b")


def op_set(clause: str, ctx: Context) -> Reading | None:
    if (edits := role_edits(clause, list(ctx.bp.auth.roles) if ctx.bp else [])) is not None:
        return edits  # "roles: drop viewer, add triager", read whole (never cut at its verbs)
    if (people := roles_for(clause, ctx)) is not None:
        return people  # "we need roles for dispatchers, crew leads and councillors"
    if (told := said_ops(clause, ctx)) is not None:
        return told  # "anyone can browse them — but they can't add, edit or delete anything"
    named = {_operation(m.group(0)) for m in _ANY_OP.finditer(clause)} - {None}
    if len(named | ({"get", "list"} if named & {"get", "list"} else set())) < 2:
        return None  # a list of operations names two at least (cheap, before the names)
    public = rx.search(_ANYONE, clause) is not None
    text = rx.sub(_ANYONE, " ", clause)
    words = rx.findall(r"[a-z']+", text)
    if sum(w not in _FRAME and _operation(w) is None for w in words) > 3:
        return None  # more than an entity's name besides the operations: another request
    spans = ctx.vocab.mentions(text)
    entities = {name for _, _, name in spans}
    if len(entities) != 1:
        return None
    for start, end, _ in reversed(spans):
        text = f"{text[:start]} @e {text[end:]}"
    said: list[str] = []
    denied: set[str] = set()
    negated = False
    for word in rx.findall(r"[a-z@']+", text.replace(":", " ")):
        if rx.fullmatch(_NEGATION, word) or word.endswith("n't"):
            negated = True
        op = _operation(word)
        if op is not None and not negated:
            said.append(op)
        elif op is not None:
            denied.add(op)
        elif word != "@e" and word not in _FRAME:
            return None
    kinds = set(said)
    if {"get", "list"} & kinds and not {"get", "list"} & denied:  # reading one and listing go
        kinds |= {"get", "list"}  # together, unless one of them is refused
    if len(kinds) < 2 and not (kinds and denied and rx.search(r"\bonly\b", clause)):
        return None  # "create only, no listing, no editing": one, the others refused
    if not negated and not public and not rx.search(r"\bonly\b|:", clause):
        return None
    entity = next(iter(entities))
    ops = [o for o in OPERATIONS if o in kinds]
    return Reading([SetApi(entity=entity, access="public" if public else None, operations=ops)])
