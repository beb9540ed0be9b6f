"""Modifiers as developers write them after a field: "unique varchar(64)", "not null", "a
decimal", "max 20 chars", "default 0", "encrypted at rest"."""

from __future__ import annotations

import re

from slipway.assistant import rx

SQL_TYPES = {
    "varchar": "string", "char": "string", "character varying": "string", "string": "string",
    "str": "string", "text": "string", "uuid": "string", "int": "integer", "integer": "integer",
    "bigint": "integer", "smallint": "integer", "whole number": "integer", "float": "number",
    "double": "number", "decimal": "number", "numeric": "number", "number": "number",
    "money": "number", "bool": "boolean", "boolean": "boolean", "date": "date",
    "datetime": "datetime", "timestamp": "datetime", "timestamptz": "datetime", "json": "json",
    "jsonb": "json", "time": "datetime",
}  # fmt: skip
"""Type words a developer writes after a field's name ("ph float", "notes text")."""
_TYPE = "|".join(sorted(map(re.escape, SQL_TYPES), key=len, reverse=True))
_N = r"\s*(?:of |to |at |is |= ?)?(?P<n>\d{1,7})"
TOKENS: tuple[tuple[str, str, object], ...] = (
    (r"(?:not|non)[- ]?null(?:able)?|no nulls|required|mandatory|compulsory|not optional|"
     r"must be (?:given|set|filled in)|(?:is |are |must be |should be )?always (?:be )?"
     r"(?:filled in|given|set|filled|present|known|entered)|(?:can't|cannot|can not|must not|"
     r"mustn't|shouldn't|should not) be (?:null|empty|blank|missing|left (?:empty|blank|out|"
     r"open))|(?:is|are) never "
     r"(?:null|empty)", "required", True),
    (r"nullable|null|optional|not required|not mandatory|allows? nulls?|can be (?:null|empty|"
     r"blank)", "required", False),
    (r"(?:not|non)[- ]?unique|no longer unique", "unique", False),
    (r"unique|distinct|no two (?:are |can be |should be )?(?:the same|alike)|no duplicates|"
     r"never (?:repeated|the same)", "unique", True),
    (r"indexed|(?:with )?an? index", "indexed", True),
    (r"(?:stored |kept |saved )?encrypted(?: at rest)?", "encrypted", True),
    (r"fractional|(?:with )?decimals|a fraction|(?:a )?decimal number", "type", "number"),
    (r"in (?:whole|full|round) (?:years|months|weeks|days|hours|minutes|numbers|units|pounds|"
     r"euros|dollars)", "type", "integer"),
    (rf"(?:an? )?(?P<t>{_TYPE})\s*\(\s*(?P<n>\d{{1,7}})\s*\)(?: field| column)?", "sized", None),
    (r"(?:an? )?(?:decimal|numeric|number)\s*\(\s*\d+\s*,\s*\d+\s*\)", "type", "number"),
    (rf"(?:an? )?(?:full |real |proper |actual |true |plain )?(?P<t>{_TYPE})s?(?: field| column|"
     r" value| type| instead)?(?:,? (?:not|instead of|rather than) (?!null|empty|blank|required)"
     r"(?:an? )?[a-z]+)?", "type",
     None),
    (rf"(?:with )?(?:a )?max(?:imum)?(?: length)?{_N}(?: chars| characters| letters)?(?: long)?|"
     rf"(?:at most|up to|no more than|no longer than|not longer than|not more than|capped at|"
     rf"limited to|cut off at|truncated at|max of) "
     rf"(?P<m>\d{{1,7}}) (?:chars|characters|letters)(?: long)?", "max", None),
    (r"(?:with )?(?:a |the )?default(?:s| value)?(?: to| is| of| =|:)? (?P<v>[\w.\-@]+)|"
     r"(?P<w>[\w.\-]+) by default", "default", None),
)  # fmt: skip
FILLER = rx.compile(
    r"^(?:,|and|with|now|please|pls|plz|too|also|both|then|from now on|instead|as well)\b\s*"
)


def read_modifiers(text: str) -> dict[str, object] | None:
    """Every word of ``text`` a modifier ("unique varchar(64)", "not null", "a decimal"), as
    attributes; None when any word is something else."""
    attrs: dict[str, object] = {}
    rest = text.strip(" ,.")
    while rest:
        rest = FILLER.sub("", rest).strip(" ,")
        if not rest:
            break
        for pattern, key, value in TOKENS:
            match = rx.match(rf"(?:{pattern})(?=$|[\s,])", rest)
            if match:
                _take(attrs, key, value, match)
                rest = rest[match.end() :].strip(" ,")
                break
        else:
            return None
    return attrs or None


def _take(attrs: dict[str, object], key: str, value: object, match: re.Match[str]) -> None:
    groups = match.groupdict()
    if key == "sized":
        attrs["type"] = SQL_TYPES[groups["t"]]
        if attrs["type"] == "string":
            attrs["max_length"] = int(groups["n"])
    elif key == "type":
        attrs["type"] = value if value is not None else SQL_TYPES[groups["t"]]
    elif key == "max":
        attrs["max_length"] = int(groups.get("n") or groups.get("m") or 0)
    elif key == "default":
        attrs["default"] = groups.get("v") or groups.get("w")
    else:
        attrs[key] = value


CONSTRAINED = (
    r"\b(?:required|mandatory|must be (?:given|set|filled)|can(?:'t|not) be (?:null|empty|blank)|"
    r"not null|non-null|nullable|optional|unique)\b"
)
"""Words of a field's constraint ("the nightly kiln check must be given"): a clause that says them
runs nothing."""
