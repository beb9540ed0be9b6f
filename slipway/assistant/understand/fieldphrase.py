"""Field phrases in prose → field specs.

"a status: new, paid or shipped, new by default", "the number of pages", "a weight in
kilograms (decimal)", "an is_active flag, true by default", "the member who owes it", "a
reference to the product", "a sku (unique)": a list of such items, each with a name, a type read
from its words, enum values, a default and constraints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from slipway.assistant import rx
from slipway.assistant.operations import FieldSpec
from slipway.assistant.understand.fieldsplit import FLAGS, MAX_CHARS, Draft, split_items
from slipway.assistant.understand.fieldtypes import coerce_default, infer_type, special
from slipway.assistant.understand.fieldwords import (
    AUDIENCES,
    cut,
    leading,
    link,
    named_ref,
    of_entity,
    pair_refs,
    shared_type,
)
from slipway.assistant.understand.lexicon import FILE_WORDS, TYPE_WORDS, UNITS
from slipway.assistant.understand.modifiers import SQL_TYPES
from slipway.assistant.understand.vocab import Vocab
from slipway.assistant.understand.words import singular, snake, strip_determiners

LEADING_TYPES = {
    "boolean",
    "bool",
    "integer",
    "int",
    "decimal",
    "float",
    "json",
    "string",
    "text",
    "numeric",
    "datetime",
    "timestamp",
}
NOT_FIRST = {
    "to",
    "be",
    "being",
    "been",
    "that",
    "which",
    "who",
    "if",
    "when",
    "not",
    "more",
    "belongs",
    "belong",
    "for",
    "with",
    "about",
}
_REF_TAILS = {"record", "account", "profile", "entry", "who", "that", "which", "whose",
              "responsible", "assigned", "in", "on", "involved", "attached", "linked",
              "concerned"}  # fmt: skip
"""Words after an entity's name that still name the entity ("a customer account"); any other
("a customer rating") makes a field of its own."""
_TRAILING_TYPE = rx.compile(
    r"\s+(?P<t>varchar|char|int|integer|bigint|smallint|float|double|decimal|numeric|bool|boolean|"
    r"timestamp|timestamptz|datetime|json|jsonb|uuid|text|string|str)(?:\s*\(\s*(?P<n>\d{1,7})"
    r"(?:\s*,\s*\d+)?\s*\))?(?P<f> field| column)?$"
)
"""A developer's type after the name ("ph float", "certification_number varchar(30)")."""
_PLAIN = ("text", "string", "str")
"""Also the last word of plain names ("alt text"): a type only in a list of typed names."""
SAYING = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "isn't",
    "aren't",
    "can",
    "could",
    "should",
    "must",
    "would",
    "shall",
    "might",
    "has",
    "have",
    "belongs",
    "belong",
}
"""A verb inside the words: a remark ("the order status is confusing"), not a field's name."""
PRONOUNS = {"it", "they", "he", "she", "we", "which", "that", "who", "whether", "if", "when"}
COMMANDS = {"make", "add", "set", "change", "remove", "delete", "drop", "rename", "create",
            "update", "turn", "switch", "use", "put", "move", "give", "let", "allow"}  # fmt: skip
TYPE_NAMES = {"decimal", "decimals", "integer", "integers", "boolean", "booleans", "float", "it",
              "them", "that", "this", "string", "strings", "fractional", "json"}  # fmt: skip
"""Words that say a type or point back, never a field's name ("store it as a boolean")."""
SAYS_HOW = rx.compile(r"(?:paid|charged|billed|[a-z]+ed) (?:by the|per|every|weekly|monthly)\b")
"""How something is done ("paid by the hour"), which names no field."""
_RELATIVE = rx.compile(
    r"\s+(?:(?:when|whenever|once|as soon as|before|after) )?(?:who|that|which|whom|whose|where|"
    r"they|it|he|she|we)\b.*$|\s+the [a-z]+ (?:paid|gave|"
    r"left|put down|made|signed|received|owes|owed|chose|picked|brought|sent|wrote|booked|"
    r"ordered)\b.*$"
)
"""What is said of the thing, not its name ("a deposit that …", "the deposit the client paid")."""


@dataclass
class Item:
    """One field phrase, read. ``spec`` is None when the words make no field name."""

    text: str
    spec: FieldSpec | None = None
    file: bool = False
    given: set[str] = field(default_factory=set)
    """Attributes the user stated (type, required, unique, default, max_length, values)."""


def read_items(text: str, vocab: Vocab, host: str | None) -> list[Item]:
    drafts = pair_refs(split_items(text), vocab)
    shared_type(drafts)
    typed = any((m := _TRAILING_TYPE.search(d.text)) and m.group("t") not in _PLAIN for d in drafts)
    return [_read(d, vocab, host, typed) for d in drafts]


def _read(draft: Draft, vocab: Vocab, host: str | None, typed: bool = False) -> Item:
    item = Item(draft.text)
    attrs = dict(draft.attrs)
    head = _trailing_type(_inline_modifiers(draft.text, attrs), attrs, typed)
    whole = special(strip_determiners(draft.text))  # "a timestamp for when the repair was …"
    if whole is not None and whole[1] != "ref" and rx.search(r"\bwhen\b", draft.text):
        name, kind, target = whole[0], whole[1], None
    else:
        name, kind, target = _name_and_type(head, attrs, vocab, host)
    said_text = strip_determiners(draft.text)  # "paid by the hour" says how, it names nothing
    parts, said = name.split("_"), said_text.split()
    remark = any(w in SAYING and said[i] not in PRONOUNS for i, w in enumerate(said[1:]))
    remark = remark and special(" ".join(said)) is None  # "a date by which it has to be back"
    command = parts[0] in COMMANDS and said and said[0] in COMMANDS  # "use_by" is no command
    how = SAYS_HOW.match(said_text) or rx.match(
        r"(?:unique )?index(?:es)? (?:on|for|over)\b", said_text
    )
    if not name or parts[0] in NOT_FIRST or remark or command or name in TYPE_NAMES or how:
        return item  # "orders need to be fast", "status is confusing", "make it …" name no field
    if draft.values:
        kind, attrs["values"] = "enum", draft.values
    number = rx.fullmatch(r"-?\d+(\.\d+)?", str(attrs.get("default", "")))
    if kind == "string" and "type" not in attrs and number:  # "a bonus, 0 by default"
        kind = "number" if number.group(1) else "integer"
    yes_no = str(attrs.get("default", "")).strip("'\"").lower() in ("yes", "no", "true", "false")
    if kind == "string" and "type" not in attrs and yes_no:  # "an opt-in, default is no"
        kind = "boolean"
    item.given = {k for k in attrs if k not in ("unit", "of")}
    item.file = kind == "string" and singular(name.split("_")[-1]) in FILE_WORDS
    item.spec = _spec(name, kind, target, attrs)
    return item


def _trailing_type(text: str, attrs: dict[str, object], typed: bool) -> str:
    """ "ph float" → ph, a number; "notes text field", "unit text" among typed names."""
    match = _TRAILING_TYPE.search(text)
    if match is None or not strip_determiners(text[: match.start()]):
        return text
    plain = match.group("t") in _PLAIN and not (match.group("f") or match.group("n"))
    named = strip_determiners(text[: match.start()])
    if plain and not typed and "_" not in named and len(named.split()) < 2:
        return text  # "alt text" is a name; "firmware version string" a version, as text
    if match.group("t") == "datetime" and "_" not in named:
        return text  # "a publish datetime" (date and time) is the publish date; "ends_at datetime"
    attrs.setdefault("type", SQL_TYPES[match.group("t")])
    if match.group("n") and attrs["type"] == "string":
        attrs.setdefault("max_length", int(match.group("n")))
    return text[: match.start()]


def _inline_modifiers(text: str, attrs: dict[str, object]) -> str:
    head = leading(text, attrs)
    match = rx.search(r"\s+(?:from|between) (-?\d+(?:\.\d+)?) (?:to|and) (-?\d+(?:\.\d+)?)$", head)
    if match:
        attrs.setdefault("type", "number" if "." in match.group(0) else "integer")
        head = head[: match.start()]
    match = MAX_CHARS.search(head)
    if match:
        attrs["max_length"] = int(match.group(1))
        head = head[: match.start()] + head[match.end() :]
    match = rx.search(
        r"\s+(?:that|which) (?:is |are |must be |should be |has to be )?"
        r"(required|unique|optional|mandatory|indexed)\b.*$",
        head,
    )
    if match:
        attrs.update(dict([FLAGS[match.group(1)]]))
        head = head[: match.start()]
    match = rx.search(
        r"\s+(?:defaulting to|defaults to|by default|with (?:a )?default(?: of)?)"
        r"(?: (?P<v>[\w.\-]+))?$",
        head,
    )
    if match and match.group("v"):
        attrs["default"] = match.group("v")
        head = head[: match.start()]
    match = rx.search(r"\s+(?:as|of type|typed as|stored as) (?:an? )?(\w+(?:/\w+)?)$", head)
    if match and (match.group(1) in TYPE_WORDS or match.group(1) in ("percentage", "percent")):
        attrs["type"] = TYPE_WORDS.get(match.group(1), "number")
        head = head[: match.start()]
    words = strip_determiners(head).split()
    while words and words[0] in ("unique", "required", "mandatory", "optional", "indexed"):
        attrs.update(dict([FLAGS[words.pop(0)]]))
    blob = ("blob", "object", "document", "field", "data", "map", "payload", "list", "of")
    if len(words) > 1 and words[0] in LEADING_TYPES and words[1] not in blob:
        attrs.setdefault("type", TYPE_WORDS[words.pop(0)])
    return " ".join(words)


_DATE_OF = rx.compile(
    r"^(?:the )?(?P<k>date|day|time|moment) (?:when |that |on which )?(?:(?:they|it|he|she|we|"
    r"the [a-z]+)|(?P<s>[a-z]+(?:-[a-z]+)?s)) (?P<v>(?P<l>last |first )?[a-z]+)(?: (?:(?P<d>their"
    r"|its|his|her|an?)|the) (?P<o>[a-z][a-z -]{0,40}))?$"
)
"""A date named by what happened on it ("the date they last paid"): ``last_paid_on``."""
_KIND_OF = rx.compile(
    r"^(?P<k>date|day|time|description|details|number|count|name|amount|cost|price|weight|"
    r"length|size) of (?:the |their |its |a |an )?(?P<o>(?:last |first |next |latest )?[a-z]+"
    r"(?: [a-z]+){0,2}?)(?P<t> (?:up|down|out|back|over) (?:to|from|at|into|onto) .+)?$"
)
"""What a field is said to be "of" ("the date of last chimney sweep", "number of steps up to the
chamber", "a description of what happened"): the thing first, the kind after; what the thing
is "of" a clause, the kind alone."""


def _plain(head: str) -> str:
    """The words of a field's name, without "field", "short", "too" and the like."""
    text = rx.sub(r"\s+(?:field|column|attribute|property)$", "", strip_determiners(head))
    text = rx.sub(r"^(?:new )?(?:field|column|attribute)(?: called| named)? (?=\w)", "", text)
    text = rx.sub(
        r"^(?:short|brief|long|little|quick) (?=(?:summary|description|bio|biography|notes?|intro|"
        r"introduction|text|comment|blurb|write-up|writeup)(?:$| for | on | about ))",
        "",
        text,
    )
    text = rx.sub(r"\s+(?:too|as well|instead|also)$", "", text)
    text = _kind_of(text)
    dated = _DATE_OF.match(text)
    if dated is not None:  # "the date they last paid", "the date pre-orders open"
        said = f"{dated['s'].replace('-', '')} {dated['v']}" if dated["s"] else dated["v"]
        if dated["d"]:  # "the date they last passed their rescue test": last_rescue_test_on
            thing = rx.sub(r"^[a-z]+-[a-z]+ (?=[a-z]+ [a-z])", "", dated["o"])  # "in-water …"
            said = f"{dated['l'] or ''}{thing}"
        text = f"{said} {'at' if dated['k'] in ('time', 'moment') else 'on'}"
    return rx.sub(r"\be-?mail address(?:es)?\b", "email", text)


def _kind_of(text: str) -> str:
    said = _KIND_OF.match(text)
    if said is None:
        return text
    kind, thing = said["k"], said["o"]
    if thing.split()[0] in ("what", "how", "who", "where", "when", "why", "which", "whatever"):
        return kind  # "a description of what happened"
    if " " not in thing and not said["t"]:
        return text  # "date of birth", "number of guests": the name as said
    if kind in ("date", "day"):
        return f"{thing} on"  # "date of last chimney sweep": last_chimney_sweep_on
    if kind == "time":
        return f"{thing} at"
    if kind in ("number", "count"):
        return f"number of {thing}"
    return f"{thing} {kind}"


def _name_and_type(
    head: str, attrs: dict[str, object], vocab: Vocab, host: str | None
) -> tuple[str, str, str | None]:
    text = _plain(head)
    ref = named_ref(text, vocab)
    if ref is not None:
        return ref
    named = special(_RELATIVE.sub("", text).strip()) or special(text)
    if named is not None and named[1] == "ref":
        hit = vocab.entity(str(attrs.get("of", "")))
        return (named[0], "ref", hit.name) if hit else ("", "string", None)
    if named is not None:
        return named[0], str(attrs.get("type") or named[1]), None
    owned = rx.match(r"^(?P<x>[a-z]+)'s (?P<y>.+)$", text)
    if owned and vocab.entity(owned.group("x"), fuzzy=False) is None:
        text = f"{owned.group('x')} {owned.group('y')}"  # "the buyer's name"
    referred = rx.match(r"^(?P<e>[a-z][a-z ]*?) (?:ref|reference|fk|foreign key)$", text)
    if referred and vocab.entity(referred.group("e"), fuzzy=False) is not None:
        text = referred.group("e")  # "member ref"
    match = rx.match(
        r"^(?:reference|link|pointer|relation|relationship|foreign key|connection)"
        r"s? (?:to|with) (.+)$",
        text,
    )
    if match:
        hit = vocab.entity(match.group(1))
        if hit is not None:
            return snake(strip_determiners(match.group(1))) or snake(hit.name), "ref", hit.name
    url = link(text, vocab)
    if url is not None:
        return url, "string", None
    text = _RELATIVE.sub("", text).strip()
    owner = rx.match(
        r"^(?P<x>[a-z][\w ]*?) (?:for|of) (?:the|a|an|each|their|its|his|her) "
        r"(?P<y>[a-z]+)$",
        text,
    )
    if owner and owner["y"] in AUDIENCES:  # "a bio for the website": the bio
        text = owner["x"]
    elif owner and vocab.entity(owner.group("y"), fuzzy=False) is None:
        text = f"{owner.group('y')} {owner.group('x')}"
    text = cut(text)
    unit = rx.search(r"\s+(?P<p>in|per) (?P<u>%|\w+)$", text)
    measured = unit is not None and infer_type(snake(text[: unit.start()])) in ("number", "integer")
    if unit and (unit.group("u") in UNITS or unit.group("p") == "per" or measured):
        attrs["unit"] = UNITS.get(unit.group("u"), "number" if unit.group("p") == "per" else "")
        text = text[: unit.start()]
    if "type" not in attrs:
        ref = of_entity(text, attrs, vocab) or _entity_ref(text, vocab, host)
        if ref is not None:
            return ref
    name = snake(text)
    if not name or len(name.split("_")) > 5:
        return "", "string", None
    kind = str(attrs.get("type") or infer_type(name, attrs.get("unit")))
    said = rx.match(r"^(?P<n>[a-z_]+_(?:on|at))_(?:date|day|time|timestamp|datetime)$", name)
    if name == "where":  # "where (free text)"
        return "location", "string", None
    return (said["n"] if said else name), kind, None  # "a collected-on date": collected_on


_CHOSEN = {"favourite", "favorite", "fave", "preferred", "usual", "main", "primary", "home"}
"""Words for the one of an entity someone has chosen ("a fave tech"): a link to it."""
_ROLE = {"return", "pickup", "pick-up", "drop-off", "dropoff", "host", "away", "assigned", "lead",
         "backup", "secondary", "original", "current", "previous", "parent", "default", "billing",
         "shipping", "delivery", "destination", "origin", "departure", "arrival", "source",
         "target", "supervising", "responsible", "referring", "reporting", "managing", "head",
         "senior", "deputy", "substitute", "replacement", "partner", "sister", "linked", "related",
         "supplying", "issuing", "owning", "receiving", "sending", "starting", "ending",
         "finishing", "home", "visiting", "covering", "duty", "on-call", "emergency"}  # fmt: skip
"""Words for the part an entity plays in a record ("a return branch", "the host member"): a
link to it, named by the part."""


def _entity_ref(text: str, vocab: Vocab, host: str | None) -> tuple[str, str, str] | None:
    words = text.split()
    if len(words) in (2, 3) and words[0] in _CHOSEN | _ROLE:  # "a fave tech": → Technician
        chosen = vocab.entity(" ".join(words[1:]), fuzzy=False)
        if chosen is not None and chosen.name != host:
            return snake(text), "ref", chosen.name
    for size in range(min(3, len(words)), 0, -1):
        hit = vocab.entity(" ".join(words[:size]), fuzzy=False)
        if hit is not None and (size == len(words) or words[size] in _REF_TAILS):
            if hit.name == host and size == len(words):
                return None
            return (
                snake(" ".join(words[:size])) if size < len(words) else snake(hit.name),
                "ref",
                hit.name,
            )
    return None


def _spec(name: str, kind: str, target: str | None, attrs: dict[str, object]) -> FieldSpec | None:
    values = [str(v) for v in attrs.get("values", [])]  # type: ignore[attr-defined]
    default = None
    if "default" in attrs:
        default = coerce_default(attrs["default"], kind, values)
    try:
        return FieldSpec(
            name=name,
            type=kind,
            target=target,
            enum_values=values if kind == "enum" else [],
            required=bool(attrs.get("required", False)),
            unique=bool(attrs.get("unique", False)),
            default=default,
            max_length=attrs.get("max_length") if kind == "string" else None,
            indexed=bool(attrs.get("indexed", False)),
            encrypted=bool(attrs.get("encrypted", False)),
        )
    except ValidationError:
        return None
