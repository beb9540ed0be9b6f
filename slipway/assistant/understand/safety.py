"""A last look at the fields a reading would add, before it becomes an edit: a name that is
really a phrase ("loyalty_tier_of_bronze"), or fields that are really the values of one choice
("bronze", "silver", "gold" from "… bronze, silver or gold"), is asked about instead."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddEntity, AddField, Op
from slipway.assistant.understand.buckets import NOT_NAMING
from slipway.assistant.understand.context import either
from slipway.assistant.understand.fieldsplit import OR_LIST
from slipway.assistant.understand.fieldtypes import value_word
from slipway.assistant.understand.words import plural, snake

LONGEST = 3
"""Words in a field name said in prose; more is a phrase read as a name, unless it is one more
word and every word a noun ("emergency contact phone number")."""
TIME_SUFFIXES = {"on", "at"}
"""The suffix of a date's or a time's name ("last_rabies_shot_on"), no word of a phrase."""


def _added(ops: list[Op]) -> list[tuple[str, str, str]]:
    """``(entity, field, type)`` of every field the operations add."""
    out: list[tuple[str, str, str]] = [
        (op.entity, op.field.name, op.field.type) for op in ops if isinstance(op, AddField)
    ]
    for op in ops:
        if isinstance(op, AddEntity):
            out += [(op.name, f.name, f.type) for f in op.fields]
    return out


def choice_lists(text: str) -> list[list[str]]:
    """The "a, b or c" lists of a message, as values (a value of two words also as each word:
    the list "of red or blue" starts where the field's name ends)."""
    out = []
    for m in rx.finditer(rf"(?<![\w-]){OR_LIST}(?![\w-])", text):
        values = [value_word(v) for v in rx.split(r",? or |, ", m.group(0))]
        out.append(list(dict.fromkeys([*values, *(w for v in values for w in v.split("_"))])))
    return out


def _one(entity: str) -> str:
    return snake(entity).replace("_", " ")


def _said(entity: str) -> str:
    return plural(snake(entity)).replace("_", " ")


_SAYING = {"who", "what", "which", "did", "does", "do", "when", "why", "how", "is", "are",
           "was", "were", "must", "should", "can", "we", "they", "it", "several", "many",
           "multiple", "various", "oh", "too", "also"}  # fmt: skip
"""Words of a sentence, never of a choice's value ("who_did_what")."""


def _phrase_values(ops: list[Op]) -> str | None:
    for op in ops:
        values = list(getattr(op, "values", None) or [])
        if isinstance(op, AddField):
            values = list(op.field.enum_values)
        bad = [
            v
            for v in values
            if (set(str(v).lower().split("_")) & _SAYING and "_" in str(v))
            or rx.search(r"_-|-_", str(v))
            or str(v).count("_") > 2
        ]
        if bad:
            return (
                f'"{bad[0].replace("_", " ")}" reads like part of a sentence, not a value. '
                "Which values should it take? For example 'status: new, paid or shipped'."
            )
    return None


QUESTION_WORDS = {"whether", "when", "what", "what_time", "who", "how", "why", "which",
                  "if", "that", "it", "this", "them", "did", "does", "do"}  # fmt: skip
"""Words that start a clause and never name a field alone ("whether they've signed …")."""
API_WORDS = {"endpoint", "endpoints", "api", "apis", "route", "routes", "resource"}
"""Words for the API, never a field's name ("WeatherCall endpoints: …")."""
VAGUE = {"thing", "things", "stuff", "something", "whatever"}
"""Words that stand for a field without naming it ("the thing we talked about yesterday")."""


def doubtful(ops: list[Op], text: str) -> str | None:
    """The question to ask instead of applying ``ops``, or None when the names look right."""
    phrased = _phrase_values(ops)
    if phrased is not None:
        return phrased
    added = _added(ops)
    lists = choice_lists(text)
    for entity, name, _ in added:
        words = name.split("_")
        after_of = "_".join(words[words.index("of") + 1 :]) if "of" in words else ""
        listed = any(after_of in values for values in lists)
        core = words[:-1] if len(words) > 1 and words[-1] in TIME_SUFFIXES else words
        core = core[1:] if len(core) > 1 and core[0] in ("is", "has", "can") else core  # is_…
        phrase = len(core) > LONGEST and (len(core) > LONGEST + 1 or set(core) & NOT_NAMING)
        if name in VAGUE:
            return (
                f'"{name}" does not say which field of {entity} you mean. What should it be '
                f"called, and what does it hold? For example '{_said(entity)} need a due date'."
            )
        if name in API_WORDS:
            return (
                f'"{name}" is a word for the API, not a field of {entity}. Say for example '
                f"'restrict the {_one(entity)} endpoints to admins' or '{_one(entity)} api: "
                "list and get only'."
            )
        if phrase or (after_of and listed) or name in QUESTION_WORDS:
            return (
                f'That would add a field called "{name}" to {entity}, which looks like a '
                f"phrase rather than a name. What should the field be called? For example "
                f"'{_said(entity)} have a tier: bronze, silver or gold'."
            )
    for values in lists:
        for entity in dict.fromkeys(e for e, _, _ in added):
            bare = [n for e, n, kind in added if e == entity and n in values and kind == "string"]
            if len(bare) >= 2:
                return (
                    f"Did you mean one field of {entity} that is {either(bare)}, or separate "
                    f"fields {' and '.join(bare)}? Say for example '{_said(entity)} have a "
                    f"<name>: {either(bare)}' or 'add {' and '.join(bare)} to {_said(entity)}'."
                )
    return None
