"""Field constraints in words: required / optional, unique, indexed, and maximum lengths."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import Op, SetIndexed, SetMaxLength, SetRequired, SetUnique
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.fieldsplit import BOUND
from slipway.assistant.understand.rules_schema import _F, _matches, _target
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.vocab import FieldHit

_WORD = (
    r"(?:required|mandatory|compulsory|optional|not required|no longer required|not mandatory|"
    r"unique|not unique|no longer unique|distinct|indexed|searchable)"
)
CONSTRAINT = rf"(?P<c>{_WORD}(?:(?:,| and|, and) {_WORD})*)(?: any ?more| any longer| now)?"
_ON = r"(?: (?:on|in|for|of) (?:the |all |each |every )?(?P<e>[a-z][a-z ]*))?"
CONSTRAINTS = (
    rf"^make {_F} (?:field )?(?:be )?{CONSTRAINT}{_ON}$",
    rf"^(?:change|set|update|make|switch) {_F} (?:field )?to (?:be )?{CONSTRAINT}{_ON}$",
    rf"^{_F} (?:is|are|should be|must be|has to be|have to be|needs to be|need to be|shall be|"
    rf"will be|becomes?|is now|are now|should now be)(?: always)? {CONSTRAINT}{_ON}$",
    rf"^{_F} {CONSTRAINT}{_ON}$",
    rf"^{_F} (?:has to|have to|must|should|needs to|need to) be (?P<c>different|one of a kind)"
    rf"(?: for (?:each|every) [a-z]+| across [a-z ]+)?{_ON}$",
)
_NOT = (
    r"(?:doesn't|does not|don't|do not|needn't|need not|shouldn't|should not|won't|will not|"
    r"mustn't|must not|can't|cannot|isn't|aren't|is not|are not|no longer|not)"
)
_ANYMORE = r"(?: any ?more| any longer| now)?"
_MUST = r"(?: have to| has to| need to| needs to| necessarily| always)?"
NOT_UNIQUE = (rf"^{_F} {_NOT}{_MUST}(?: be)? (?:unique|distinct){_ANYMORE}{_ON}$",)
OPTIONAL = (
    rf"^{_F} {_NOT}{_MUST}(?: be)? (?:given|known|set|"
    r"provided|filled(?: in| out)?|present|entered|supplied|specified|required|mandatory|"
    rf"compulsory|collected|asked for|there){_ANYMORE}{_ON}$",
    rf"^{_F} (?:can|may|could|is allowed to) be (?:empty|blank|missing|left (?:empty|blank|out)|"
    rf"null|omitted|unknown|skipped|unset){_ON}$",
)
REQUIRED = (
    rf"^{_F} (?:must|has to|have to|needs to|need to|should always|must always|always has to|"
    r"should) (?:always )?(?:be )?(?:given|known|set|provided|filled(?: in| out)?|present|entered|"
    r"supplied|specified|there|collected)(?: now| from now on| every time| always)?"
    rf"{_ON}$",
)
_UNIT = r"(?:characters|chars|letters)"
MAX_LENGTH = (
    rf"^{_F} (?:is|are|should be|must be|will be) (?:limited|restricted|capped) (?:to|at) "
    rf"(?P<n>\d+) {_UNIT}$",
    rf"^{_F} (?:is |are |can be |should be |must be )?(?P<n>\d+) {_UNIT} (?:max|maximum|at most|"
    r"or less|or fewer|tops)$",
    rf"^{_F} (?:can|may|should|must|will)?(?: only)? ?(?:be|have|hold|contain|take)? ?(?:at most|"
    rf"up to|no (?:more|longer) than|a maximum of|maximum|max|not (?:more|longer) than) "
    rf"(?P<n>\d+) {_UNIT}(?: long)?$",
    rf"^{_F} (?:can't|cannot|can not|mustn't|must not|shouldn't|should not|won't|may not) (?:be )?"
    rf"(?:longer|more) than (?P<n>\d+) {_UNIT}$",
    rf"^{_F} (?:can't|cannot|can not|mustn't|must not|shouldn't|should not|won't|may not|never) "
    rf"(?:go over|exceed|be over|run over|pass) (?P<n>\d+) {_UNIT}$",
    rf"^(?:limit|cap|restrict|truncate) {_F} (?:to|at) (?P<n>\d+) {_UNIT}$",
    rf"^(?:make|set|keep) {_F} (?:to )?(?:at most|up to|no (?:more|longer) than|max(?:imum)?|under|"
    r"below|within) "
    rf"(?P<n>\d+) {_UNIT}(?: long)?$",
    rf"^(?:set )?(?:the )?max(?:imum)? length (?:of|for) {_F} (?:to|is|at|=|should be) "
    rf"(?P<n>\d+)(?: {_UNIT})?$",
    rf"^{_F} (?:can|may|should|must|will|could) be (?:up to )?(?P<n>\d+) {_UNIT} long$",
    rf"^{_F} (?:max|maximum|max length|max\. length|at most|up to|<=?)(?: of)? (?P<n>\d+)"
    rf"(?: {_UNIT})?(?: long)?$",
    rf"^(?:make|let) {_F} (?:longer|shorter|bigger|smaller|wider)(?:,| to|:)? (?:like |say |about |"
    rf"maybe |up to |to )?(?P<n>\d+)(?: {_UNIT})?(?: long)?$",
    rf"^(?P<n>\d+) {_UNIT} (?:for|on) {_F} (?:is|are) (?:too (?:short|little|small)|not enough)"
    rf"(?:,.*)?, (?:make it|so make it|use|allow|raise it to|bump it to) (?P<m>\d+)(?: {_UNIT})?$",
)


LIFTED = rx.compile(
    r"^(?:drop|remove|lose|lift|get rid of|take off|turn off) (?:the )?(?P<c>uniqueness|unique "
    r"(?:constraint|flag|rule|check)|unique|requirement|required (?:flag|rule|check)|mandatory "
    r"(?:flag|rule))(?: (?:on|from|of|for) (?:the )?(?P<f>[a-z][a-z_. ]*))?$"
)
"""A constraint taken off ("isbn: drop the uniqueness", "remove the unique constraint on
email")."""


def lifted(clause: str, ctx: Context) -> Reading | None:
    match = LIFTED.match(clause)
    if match is None:
        return None
    hit = _target({"f": match.group("f") or "it"}, ctx)
    if match.group("c").startswith("unique"):
        return Reading([SetUnique(entity=hit.entity, field=hit.field, unique=False)])
    return Reading([SetRequired(entity=hit.entity, field=hit.field, required=False)])


def constraint(clause: str, ctx: Context) -> Reading | None:
    for _, hit in _matches(NOT_UNIQUE, clause, ctx)[:1]:
        return Reading([SetUnique(entity=hit.entity, field=hit.field, unique=False)])
    for _, hit in _matches(OPTIONAL, clause, ctx)[:1]:
        return Reading([SetRequired(entity=hit.entity, field=hit.field, required=False)])
    for match, hit in _matches(CONSTRAINTS, clause, ctx)[:1]:
        words = rx.split(r",? and |, ", match.group("c"))
        return Reading([op for w in words for op in _constraint_ops(hit, w.strip())])
    for _, hit in _matches(REQUIRED, clause, ctx)[:1]:
        return Reading([SetRequired(entity=hit.entity, field=hit.field)])
    return None


def _constraint_ops(hit: FieldHit, word: str) -> list[Op]:
    e, f = hit.entity, hit.field
    table: dict[str, Op] = {
        "required": SetRequired(entity=e, field=f),
        "mandatory": SetRequired(entity=e, field=f),
        "compulsory": SetRequired(entity=e, field=f),
        "optional": SetRequired(entity=e, field=f, required=False),
        "not required": SetRequired(entity=e, field=f, required=False),
        "no longer required": SetRequired(entity=e, field=f, required=False),
        "not mandatory": SetRequired(entity=e, field=f, required=False),
        "unique": SetUnique(entity=e, field=f),
        "distinct": SetUnique(entity=e, field=f),
        "not unique": SetUnique(entity=e, field=f, unique=False),
        "no longer unique": SetUnique(entity=e, field=f, unique=False),
        "indexed": SetIndexed(entity=e, field=f),
        "searchable": SetIndexed(entity=e, field=f),
        "different": SetUnique(entity=e, field=f),
        "one of a kind": SetUnique(entity=e, field=f),
    }
    return [table[word]]


def max_length(clause: str, ctx: Context) -> Reading | None:
    try:
        found = _matches(MAX_LENGTH, clause, ctx)[:1]
    except Unresolved:
        found = _text_of(clause, ctx)
        if not found:
            raise
    for match, hit in found:
        if ctx.vocab.entities[hit.entity].fields.get(hit.field) not in ("string", None):
            return None  # "price max 100" is a range, not a length
        n = int(match.groupdict().get("m") or match.group("n"))  # "200 … too short, make it 500"
        return Reading([SetMaxLength(entity=hit.entity, field=hit.field, max_length=n)])
    return None


def _text_of(clause: str, ctx: Context) -> list[tuple[re.Match[str], FieldHit]]:
    """ "hints shouldn't go over 280 characters": the one text field of the entity named."""
    for pattern in MAX_LENGTH:
        match = rx.match(pattern, clause)
        owner = ctx.vocab.entity(match.group("f"), fuzzy=False) if match else None
        if match is None or owner is None:
            continue
        fields = ctx.vocab.entities[owner.name].fields
        texts = [name for name, kind in fields.items() if kind == "string"]
        if len(texts) == 1:
            ctx.notes.append(f"I took that to mean {owner.name}.{texts[0]}, its one text field.")
            return [(match, FieldHit(owner.name, texts[0], True))]
    return []


def bounds(clause: str, ctx: Context) -> Reading | None:
    """ "quantity must be at least 1": numbers have no bounds in the spec; say so, change
    nothing."""
    match = rx.match(
        r"^(?:the )?(?P<f>[a-z][a-z_. ]*?) (?:must|should|has to|have to|needs to|need to|can't|"
        r"cannot|can not|may not|must not|mustn't|should not|shouldn't|is|are|can|will) (?:never |"
        r"always |only )?(?:be |go |get )?(?P<b>.+)$",
        clause,
    )
    if match is None or not BOUND.match(match.group("b")):
        return None
    try:
        hit = _target({"f": match.group("f")}, ctx)
    except Unresolved:
        return None
    if ctx.vocab.entities[hit.entity].fields.get(hit.field) not in ("integer", "number"):
        return None
    return Reading(
        notes=[
            f"The spec has no minimum or maximum for numbers, so I cannot add that to "
            f"{hit.entity}.{hit.field}; check it in your client or say 'make it required'."
        ]
    )


def no_two(clause: str, ctx: Context) -> Reading | None:
    match = rx.match(
        r"^no two (?P<e>[a-z][a-z ]*?) (?:can|may|should|must|are allowed to) "
        r"(?:have|share|use) (?:the same|an?|one) (?P<f>[a-z_ ]+)$",
        clause,
    )
    if match is None:
        return None
    said = ctx.subject or (ctx.earlier[-1] if len(ctx.earlier) == 1 else None)
    if match["f"] in ("one", "thing", "value") and said is not None:  # "… the same one"
        return Reading([SetUnique(entity=said.entity, field=said.field)])
    hit = _target(match.groupdict(), ctx)
    return Reading([SetUnique(entity=hit.entity, field=hit.field)])
