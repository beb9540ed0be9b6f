"""Field phrases cut into items: "a status: new, paid or shipped, new by default, and a
weight (decimal)" → one draft per field, with its values and the modifiers said after it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.assistant.understand.fieldtypes import value_word
from slipway.assistant.understand.lexicon import TYPE_WORDS, UNITS
from slipway.assistant.understand.modifiers import read_modifiers

_DELIMS = rx.compile(
    r"(\s*,\s*(?:and|or)\s+|\s*,\s*|\s+and\s+|\s+or\s+|\s+as well as\s+|\s+plus\s+|"
    r"\s+along with\s+|\s+together with\s+|\s*/\s*)"
)
_INTRO = rx.compile(
    r"\s*:\s*|\s+(?:which|that|who)\s+(?:is|are|can|could|may|must|should|will)(?: only| always)?"
    r"(?: be)?\s+(?:either\s+|one of\s+)|\s+(?:which|that|who)\s+(?:is|are|can be|could be|"
    r"may be|must be|should be|will be|can only be|must always be|is always|are always)\s+"
    r"(?:either\s+|one of\s+)?|\s+(?:can|could|may|must|should)(?: only| always)? be\s+"
    r"(?:either\s+|one of\s+)?|\s+(?:either|one of|out of|among)\s+|\s+(?:with|having) "
    r"(?:the )?(?:values|options|choices|states|levels)(?: of)?\s+"
)
_DEFAULT = rx.compile(
    r"^(?:(?:with |and )?(?:a |the )?default(?:s|ing)?(?: (?:it|that|them))?(?: value)?(?: of| to| "
    r"is| as|:)? (?P<a>.+)|(?:with |and )?(?P<b>[^,]{1,40}?) (?:by default|as (?:the |a )?"
    r"default|(?:is|should be|will be) (?:the )?default)|defaulting to (?P<c>.+)|"
    r"(?:which |that )?defaults? to (?P<d>.+)|initially (?P<e>.+)|starting (?:at|as) (?P<f>.+)|"
    r"(?:and )?(?:when|if|where) (?:nothing|none|no ?one|not|it) (?:is |was |gets? )?(?:said|"
    r"given|chosen|picked|set|specified|selected|entered)(?: otherwise)?,? (?:then |it is |"
    r"it's |use |make it |it must be |it should be |it will be |we use |take )?(?P<g>[\w-]+)|"
    r"(?P<h>[\w-]+),? (?:unless|if not|when not) (?:said|"
    r"told|given|chosen|set|specified) (?:otherwise)?|(?:and )?(?:most|mostly|usually|typically|"
    r"normally|generally|most of them|most of the time|mainly)(?: (?:are|is|will be|it's|its))? "
    r"(?P<i>[\w-]+)|(?:and )?(?:maybe )?(?P<j>[\w-]+) if (?:nobody|no one|nothing|none) (?:picks|"
    r"chooses|sets|says|gives|selects) (?:one|it|anything|otherwise))$"
)
MAX_CHARS = rx.compile(
    r"(?:at most|up to|max(?:imum)?(?: of)?|no (?:more|longer) than|not (?:more|longer) than|"
    r"less than|limited to|capped at|cut off at|truncated at)\s+(\d{1,7})\s*"
    r"(?:characters|chars|letters)(?: long)?"
)
FLAGS = {
    "required": ("required", True),
    "mandatory": ("required", True),
    "compulsory": ("required", True),
    "optional": ("required", False),
    "not required": ("required", False),
    "unique": ("unique", True),
    "distinct": ("unique", True),
    "must be unique": ("unique", True),
    "indexed": ("indexed", True),
    "searchable": ("indexed", True),
}
SPEEDS = {"km/h": "kmh", "km/hr": "kmh", "m/s": "mps", "mi/h": "mph", "mi/hr": "mph"}
"""Units written with a slash, which would otherwise cut the item in two."""
EXAMPLES = rx.compile(
    r"\s+(?:like|such as|e\.?g\.?,?|for example|for instance)\s+(?:[a-z ]+,\s*)*[a-z ]+?,?\s*"
    r"(?:etc\.?|and so on|and more|and the like)(?=\s*(?:,|$))"
)
"""Examples of what a field holds ("amenities like projector, whiteboard etc") name no field."""
_WHICH = rx.compile(
    r"^(?:and |but )?(?:which|that|it|who) (?:is|are|'s|must be|should be|has to be|needs to be|"
    r"will be) |^it's |^(?:and |but )?(?:has to be|have to be|needs to be|need to be|should be|"
    r"ought to be) "
)


_VALUE = r"(?!(?:an?|the|their|its|his|her|our|each|every|some|any)\b)[\w\-.]+(?: [\w\-.]+)?"
OR_LIST = rf"{_VALUE}(?:, {_VALUE})*,? or {_VALUE}"
"""Alternatives ("bronze, silver or gold"): the values of one choice, never fields of their own."""
OF_CHOICES = rx.compile(
    r"\b(?!(?:number|count|amount|total|list|set|date|time|name|names|type|types|kind|kinds|"
    r"photo|photos|copy|copies|proof|record|records|one|any|some|all|each|none|either|both|out|"
    rf"made|consists?|composed|instead|because|kind|sort)\b)([a-z_]+) of (?={OR_LIST}\s*(?:,|\(|$))"
)
"""A field "of" alternatives ("a loyalty tier of bronze, silver or gold"), not "a number of …"."""


@dataclass
class Draft:
    text: str
    values: list[str] = field(default_factory=list)
    open: bool = False
    attrs: dict[str, object] = field(default_factory=dict)


BOUND = rx.compile(
    r"^(?:at (?:least|most)|more than|less than|fewer than|greater than|no (?:more|less) than|"
    r"between|over|under|above|below|up to|bigger|smaller|higher|lower|positive|negative|"
    r"non-negative|[<>]=?)\b"
)
"""A bound ("at least 1"), not a value of a choice."""


def _is_value(chunk: str) -> bool:
    if BOUND.match(chunk) or rx.match(r"(?:in|at|on|for|with|to|from|by|into) \w", chunk):
        return False  # "can be in many packages" says where, it names no value
    words = chunk.split()
    articles = ("a", "an", "the", "its", "their", "some")
    return len(words) == 1 or (0 < len(words) <= 3 and words[0] not in articles)


PURE_TYPES = {"integer", "int", "decimal", "float", "double", "boolean", "bool", "whole number",
              "string", "json", "decimal number", "fractional number", "free text"}  # fmt: skip
"""Type words that name no field of their own ("an integer", but not "a date": a field)."""


def modifier(chunk: str) -> dict[str, object] | None:
    """A chunk that only qualifies the previous field ("new by default", "unique", ...)."""
    text = _WHICH.sub("", chunk.strip(" ."))
    text = rx.sub(r"^(?:(?P<f>unique|distinct|required|optional|mandatory) ones?)$", r"\g<f>", text)
    said = rx.sub(r"^(?:just|only|simply|plain) (?=\w)", "", text)
    if said != text and (said in TYPE_WORDS or f"plain {said}" in TYPE_WORDS):
        return {"type": TYPE_WORDS.get(said, "string"), "as": True}  # "just free text"
    typed = rx.fullmatch(
        r"(?:an? |just |only |as an? )(?P<t>[a-z ]+?)(?: (?:from|between) -?\d+(?:\.\d+)? "
        r"(?:to|and) -?\d+(?:\.\d+)?)?|with (?P<d>decimals|cents|decimal places|fractions)",
        text,
    )
    if typed and (typed["d"] or typed["t"] in PURE_TYPES):  # "an integer from 1 to 5"
        return {"type": "number" if typed["d"] else TYPE_WORDS[typed["t"]], "as": True}
    spans = rx.fullmatch(
        r"(?:from |between )?(-?\d+(?:\.\d+)?)(?:\s+(?:to|and)\s+|\s*-\s*)(-?\d+(?:\.\d+)?)", text
    )
    if spans:  # "0 to 100": a number in that range
        return {"type": "number" if "." in text else "integer", "as": True}
    if text in FLAGS:
        key, value = FLAGS[text]
        return {key: value}
    match = _DEFAULT.match(text)
    if match:
        return {"default": next(v for v in match.groupdict().values() if v)}
    match = MAX_CHARS.fullmatch(text)
    if match:
        return {"max_length": int(match.group(1))}
    if rx.fullmatch(r"(?:as an? |in |as )(?:percent|percentage|%)", text):
        return {"type": "number", "as": True}  # "how far along they are, as a percent"
    if text in TYPE_WORDS or text in ("percentage", "percent"):
        return {"type": TYPE_WORDS.get(text, "number")}
    match = rx.fullmatch(r"(?:in|per|measured in) (\S+)", text)
    if match and match.group(1) in UNITS:
        return {"unit": UNITS[match.group(1)]}
    match = rx.fullmatch(
        r"(?:(?:store|save|keep)(?: them| it| those| that)? |stored |saved |kept )?"
        r"as (?:an? )?(\S+)",
        text,
    )
    if match and match.group(1) in TYPE_WORDS:
        return {"type": TYPE_WORDS[match.group(1)], "as": True}
    attrs = read_modifiers(text)
    return attrs if attrs and set(attrs) - {"type"} else None


def _groups(text: str) -> tuple[str, list[str]]:
    groups: list[str] = []

    def keep(match: re.Match[str]) -> str:
        groups.append(match.group(1).strip())
        return f" §{len(groups) - 1}§ "

    return rx.sub(r"\(([^()]*)\)", keep, text), groups


def split_items(text: str) -> list[Draft]:
    text = rx.sub(r"\s[-\u2013\u2014]\s(.+?)\s[-\u2013\u2014]\s", r" (\1) ", text)  # " - a, b - "
    text = rx.sub(r"\s[-\u2013\u2014]\s(?=[^-]+$)", ": ", text)  # "a tier - bronze or gold"
    text = rx.sub(r"\b(?:yes ?/ ?no|yes or no|true ?/ ?false|y/n)\b", "boolean", text)
    text = rx.sub(r"\b(?:km|m|mi)/(?:h|hr|s)\b", lambda m: SPEEDS.get(m[0], m[0]), text)
    text = rx.sub(  # "varchar(30)": a string of at most 30 characters
        r"\b(varchar|char|string|text)\s*\(\s*(\d{1,7})\s*\)", r"\1 (max \2)", text
    )
    text = rx.sub(r"\b(decimal|numeric|number)\s*\(\s*\d+\s*,\s*\d+\s*\)", r"\1", text)
    text = rx.sub(EXAMPLES, "", text)
    text = rx.sub(  # "extras like wax or tyre shine": examples of what the extras are
        r"(?:,\s*|(?<=[a-z]s) )(?:like|such as|including|e\.g\.|for example) [a-z]+(?: [a-z]+){0,2}"
        r"(?:(?:,|,? or|,? and) [a-z]+(?: [a-z]+){0,2})*(?=\s*(?:,|$))",
        "",
        text,
    )
    text = rx.sub(  # "a mentor, who is another author": a reference to one
        r",? (?:who|which|that) (?:is|are) (?:also )?(?:an? |another |the |one of the )"
        r"([a-z]+(?: [a-z]+)?)(?=,|$| and )",
        r" (\1)",
        text,
    )
    text = OF_CHOICES.sub(r"\1: ", text)  # "a tier of bronze, silver or gold": its values
    text = rx.sub(  # "a status scheduled/played/postponed": its values
        r"\b(?!(?:an?|the|and|or)\b)([a-z_]+) ((?:[a-z_]+ ?/ ?)+[a-z_]+)(?=\s*(?:,|\(|$))",
        r"\1: \2",
        text,
    )
    body, groups = _groups(text)
    body = rx.sub(r"\bdate ?(?:and|&|/) ?time\b", "datetime", body)
    body = rx.sub(  # "whether it's a low-fire or high-fire glaze": one field, never two
        r"\b(whether (?:it|they) (?:is|are|was|were) (?:an? )?[\w-]+) or (?=(?:an? )?[\w-]+"
        r"(?: [a-z]+)?\s*(?:$|,))",
        "\\1\x01",
        body,
    )
    pieces = [p.replace("\x01", " or ") for p in _DELIMS.split(body)]
    drafts: list[Draft] = []
    for i in range(0, len(pieces), 2):
        chunk = rx.sub(r"^(?:also|then|maybe|perhaps|plus|but)\s+", "", pieces[i].strip(" ."))
        chunk = rx.sub(r"(?<=[a-z])\s+please$", "", chunk)  # "isrc code please, unique"
        if not chunk or rx.fullmatch(r"(?:both|all|each|every one) of them|both", chunk):
            continue  # "a phone and an email, both of them": no field of its own
        current = drafts[-1] if drafts else None
        mod = modifier(chunk)
        valued = rx.fullmatch(r"(.+?)\s*§(\d+)§", chunk)
        if current is not None and mod is not None and ("type" not in mod or "as" in mod):
            current.attrs.update({k: v for k, v in mod.items() if k != "as"})
        elif current is not None and current.open and valued and _is_value(valued.group(1)):
            current.values.append(value_word(valued.group(1)))  # "enterprise (default trial)"
            _group(current, groups[int(valued.group(2))])
        elif current is not None and current.open and _is_value(chunk):
            current.values.append(value_word(chunk))
        elif current is not None and rx.fullmatch(r"§\d+§", chunk):
            _group(current, groups[int(chunk.strip("§"))])
        else:
            drafts.append(_start(_of_it(chunk, current), groups))
    return drafts


def _of_it(chunk: str, previous: Draft | None) -> str:
    """ "whether a topper is wanted, and a short description of it": the topper's description."""
    match = rx.fullmatch(
        r"(?:an? |the )?(?:short |brief |little )?(?P<n>[a-z]+) of (?:it|them)", chunk
    )
    thing = previous and rx.fullmatch(
        r"(?:(?:an? )?(?:flag|yes/no|checkbox|tick ?box) (?:saying |for |to say )?)?"
        r"(?:(?:whether|if) (?:there (?:is|are|'s) )?)?(?:an? |the |any )?(?P<t>[a-z]+)"
        r"(?: (?:is|are) [a-z]+)?",
        previous.text,
    )
    if match is None or match["n"] in _QUANTIFIERS or not thing:
        return chunk  # "a phone and an email, both of them": no field of its own
    return f"{thing['t']} {match['n']}"


_QUANTIFIERS = {"both", "all", "none", "one", "each", "any", "some", "either", "neither", "two",
                "most", "many", "few", "half", "three"}  # fmt: skip


_TERSE = rx.compile(
    r"^(?P<head>[a-z][\w ]*? (?:string|text|int|integer|decimal|float|number|bool|boolean|flag|date"
    r"|datetime|timestamp|json))(?P<mods>(?: (?:required|unique|optional|nullable|not null|indexed"
    r"|encrypted|default [\w.-]+|max \d+))+)$"
)
"""A developer's field: name, type, then its modifiers ("sku string unique required")."""


def _terse(draft: Draft) -> None:
    match = _TERSE.match(draft.text)
    if match is None:
        return
    mods = rx.findall(r"not null|default [\w.-]+|max \d+|[a-z]+", match.group("mods"))
    read = [modifier(m) for m in mods]
    if all(r is not None and "type" not in r for r in read):
        draft.text = match.group("head")
        for r in read:
            draft.attrs.update(r or {})


def _start(chunk: str, groups: list[str]) -> Draft:
    draft = Draft(chunk)
    _terse(draft)
    chunk = draft.text
    for ref in rx.findall(r"§(\d+)§", chunk):
        _group(draft, groups[int(ref)])
    after = rx.match(r"^(.+?)\s*§\d+§\s*(.+)$", chunk)  # "language enum(en, fr) default en"
    mod = modifier(after.group(2).strip()) if after else None
    if after is not None and mod is not None and "type" not in mod:
        draft.attrs.update(mod)
        chunk = draft.text = after.group(1)
    draft.text = rx.sub(r"\s*§\d+§\s*", " ", draft.text).strip()
    draft.text = rx.sub(r"\s+enum$", "", draft.text) if draft.values else draft.text
    parts = _INTRO.split(draft.text, maxsplit=1)
    if len(parts) == 2 and parts[1].strip() and _is_value(parts[1]):
        head, first = parts
        mod = modifier(first)
        if mod is not None:
            draft.attrs.update(mod)
        else:
            draft.values.append(value_word(first))
        draft.text, draft.open = head, mod is None
    return draft


def _group(draft: Draft, content: str) -> None:
    for piece in rx.split(r"\s*,\s*|\s+and\s+", content):
        mod = modifier(piece.lower())
        if mod is not None:
            draft.attrs.update(mod)
            continue
        unit = UNITS.get(piece.strip().lower())
        if unit is not None:
            draft.attrs["unit"] = unit
            continue
        values = [value_word(v) for v in rx.split(r"\s*,\s*|\s+or\s+|\s*/\s*", content) if v]
        if len(values) > 1:
            draft.values = values
            return
        if len(piece.split()) <= 3:  # "(an inspector)": what a reference points at
            draft.attrs["of"] = piece.strip()


def joined(pieces: list[str]) -> list[str]:
    """Parts of a clause, a default said as a condition ("…, and when nothing is said then
    adult") or a length ("a display name, max 50 chars, and …") joined to the part before it."""
    out: list[str] = []
    for piece in pieces:
        bare = rx.sub(r"^(?:and|also|but) ", "", piece.strip(" ."))
        said = modifier(bare) if rx.match(r"(?:when|if|where|unless) ", bare) else None
        sized = MAX_CHARS.fullmatch(bare) or rx.fullmatch(
            r"max(?:imum)? \d{1,7} (?:chars|characters)", bare
        )
        if out and ((said is not None and "default" in said) or sized):  # "…, max 50 chars"
            out[-1] = f"{out[-1]}, {bare}"
        else:
            out.append(piece)
    return out
