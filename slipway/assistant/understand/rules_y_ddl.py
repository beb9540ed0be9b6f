"""Columns written the way a developer writes them: "Delivery.zone_id FK -> Zone, NOT NULL",
"new table Donation (id PK, tool_id FK NOT NULL, donor_name VARCHAR(100))", "add Invoice:
amount DECIMAL NOT NULL, paid bool default false", "Checkout: late_fee NUMERIC DEFAULT 0",
"Order.status enum('a','b') NOT NULL DEFAULT 'a'", "Instructor.style += 'salsa'".

A column is its name, then only type words and modifiers (or a key, or an enum's values): a
piece that is anything else makes the whole request someone else's to read."""

from __future__ import annotations

from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddField,
    AddRelationship,
    ChangeType,
    FieldSpec,
    Op,
    SetDefault,
    SetEnumValues,
)
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.fieldtypes import coerce_default
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.rules_jargon import modifier_ops
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import FieldHit
from slipway.assistant.understand.words import pascal, snake

_NAME = r"[a-z][a-z0-9_]*"
_KEY = r"(?:fk|foreign key|references|reference|ref)"
_POINT = r"(?: ?(?:->|=>|→|to|references|referencing|on) ?(?P<t>[a-z][a-z0-9_]*)(?: ?\( ?id ?\))?)?"
FOREIGN = rx.compile(rf"^{_KEY}{_POINT}(?P<mods>(?:[ ,].*)?)$")
ENUM = rx.compile(r"^enum ?\( ?(?P<v>[^()]+?) ?\)(?P<mods>(?:[ ,].*)?)$")
PRIMARY = rx.compile(r"^(?:pk|primary key|serial(?: pk| primary key)?|uuid (?:pk|primary key))$")
REASON = rx.compile(
    r"^\(?(?:needed|required|used|because|since|so |so that|for |as |e\.?g\.?|i\.?e\.?|we |"
    r"it'?s |they |this |that )"
)
"""A remark after the columns ("…, needed for junior eligibility"): no column, left out."""
COMMENT = rx.compile(r"\s*\((?=[^()]*\s)[^()]*\)$")
"""A remark in brackets at the end ("nullable (club boats have no owner)")."""


_PROSE = rx.compile(r"^(?:number|date|time|datetime|text|string|count|id|amount|money)\b")
"""Type words that also end a field's name said as words ("phone number", "start date")."""


def _coded(text: str) -> bool:
    """A message written in column notation (NOT NULL, SQL types, keys)."""
    return bool(
        rx.search(
            r"\bnot null\b|\b(?:varchar|numeric|decimal|bool|int|integer|bigint|timestamp|"
            r"timestamptz|pk|fk|serial)\b",
            text,
        )
    )


@dataclass
class Column:
    """One column as said: its name, what it is, and the modifiers to apply."""

    name: str
    kind: str | None = None
    target: str | None = None
    values: list[str] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)
    key: bool = False
    """The primary key: every entity has one already."""


def column(text: str, ctx: Context) -> Column | None:
    """ "tool_id fk not null", "amount decimal not null", "status enum(a, b) default a"."""
    text = COMMENT.sub("", text.strip(" ,;")).strip()
    match = rx.match(rf"^(?P<n>{_NAME})(?: (?P<rest>.+))?$", text)
    if match is None or match["rest"] is None:
        return None
    name, rest = match["n"], match["rest"].strip()
    if PRIMARY.match(rest):
        return Column(name, key=True)
    keyed = FOREIGN.match(rest)
    if keyed is not None:
        said = keyed["t"] or name.removesuffix("_id")
        target = ctx.vocab.entity(said.replace("_", " "), fuzzy=False)
        attrs = _mods(keyed["mods"])
        if target is None or attrs is None:
            return None
        return Column(name.removesuffix("_id"), "ref", target.name, attrs=attrs)
    enum = ENUM.match(rest)
    if enum is not None:
        values = [snake(v) for v in rx.split(r"\s*,\s*", enum["v"]) if snake(v)]
        attrs = _mods(enum["mods"])
        return (
            Column(name, "enum", values=values, attrs=attrs)
            if values and attrs is not None
            else None
        )
    attrs = read_modifiers(rest)
    if attrs is None or (_PROSE.match(rest) and "_" not in name and not _coded(ctx.text)):
        return None  # "phone number", "due date": said as words, not as a column
    return Column(name, str(attrs.pop("type")) if "type" in attrs else None, attrs=attrs)


def _mods(text: str) -> dict[str, object] | None:
    text = text.strip(" ,")
    return (read_modifiers(text) or None) if text else {}


def columns(text: str, ctx: Context) -> list[Column] | None:
    """Every piece of a column list, a remark at the end left out; None if one is no column."""
    pieces = [p.strip() for p in rx.split(r"[,;](?![^()]*\))", text) if p.strip()]
    out: list[Column] = []
    for at, piece in enumerate(pieces):
        piece = rx.sub(r"^(?:and |add |plus |also )+", "", piece)
        found = column(piece, ctx)
        if found is None and out and at == len(pieces) - 1 and REASON.match(piece):
            break
        if found is None:
            return None
        out.append(found)
    return out if any(c.kind or c.attrs or c.key for c in out) else None


def spec_of(col: Column) -> FieldSpec:
    """The new field a column declares (text when no type is said)."""
    kind = col.kind or "string"
    default = None
    if "default" in col.attrs:
        default = coerce_default(col.attrs["default"], kind, col.values)
        if default is None:
            raise Unresolved(ask(f'"{col.attrs["default"]}" is not a default for {col.name}.'))
    return FieldSpec(
        name=col.name,
        type=kind,
        target=col.target,
        enum_values=col.values,
        required=bool(col.attrs.get("required", False)),
        unique=bool(col.attrs.get("unique", False)),
        default=default,
        max_length=int(str(col.attrs["max_length"]))
        if col.attrs.get("max_length") and kind == "string"
        else None,
        indexed=bool(col.attrs.get("indexed", False)),
    )


def apply(entity: str, col: Column, ctx: Context) -> list[Op]:
    """A column on an entity the spec has: the field changed when it has it, else added."""
    if col.key:
        return []
    known = ctx.vocab.entities[entity].fields
    name = col.name if col.name in known else f"{col.name}_id"
    if name not in known:
        spec = spec_of(col)
        ctx.vocab.add_field(entity, f"{col.name}_id" if col.target else col.name,
                            f"ref:{col.target}" if col.target else spec.type)  # fmt: skip
        if col.target is not None:
            named = None if snake(col.target) == col.name else col.name
            return [AddRelationship(entity=entity, kind="belongs_to", target=col.target,
                                    name=named, required=spec.required)]  # fmt: skip
        return [AddField(entity=entity, field=spec)]
    hit = FieldHit(entity, name, True)
    ctx.subject = hit
    ops: list[Op] = []
    if col.kind == "enum":
        ops.append(ChangeType(entity=entity, field=name, type="enum", enum_values=col.values))
        ctx.vocab.entities[entity].fields[name] = "enum"
    elif col.kind == "ref" and not known[name].startswith("ref:"):
        ops.append(ChangeType(entity=entity, field=name, type="ref", target=col.target))
    attrs = dict(col.attrs)
    if col.kind not in (None, "enum", "ref"):
        attrs["type"] = col.kind
    default = attrs.pop("default", None) if col.kind == "enum" else None
    ops += modifier_ops(hit, attrs, ctx)
    if default is not None:
        value = coerce_default(default, "enum", col.values)
        if value is None:
            raise Unresolved(ask(f'"{default}" is not one of {", ".join(col.values)}.'))
        ops.append(SetDefault(entity=entity, field=name, default=value))
    return ops


DOTTED = rx.compile(rf"^(?P<e>{_NAME})\.(?P<f>{_NAME}) ?(?P<rest>.+)$")
CHANGED = rx.compile(r"^(?P<how>\+=|-=) ?(?P<v>.+)$")


def dotted(clause: str, ctx: Context) -> Reading | None:
    """ "Delivery.zone_id FK -> Zone, NOT NULL", "Order.status enum(a, b) NOT NULL DEFAULT a",
    "Instructor.style += salsa": one column of an entity the spec has."""
    match = DOTTED.match(clause)
    owner = ctx.vocab.entity(match["e"].replace("_", " "), fuzzy=False) if match else None
    if match is None or owner is None:
        return None
    ctx.focus = owner.name
    changed = CHANGED.match(match["rest"])
    if changed is not None:
        return _values(owner.name, match["f"], changed["how"], changed["v"], ctx)
    found = column(f"{match['f']} {match['rest'].lstrip(', ')}", ctx)
    if found is None:
        return None
    return Reading(apply(owner.name, found, ctx))


def _values(entity: str, name: str, how: str, said: str, ctx: Context) -> Reading:
    if ctx.vocab.entities[entity].fields.get(name) != "enum":
        raise Unresolved(ask(f"{entity}.{name} is not a list of values: what should change?"))
    values = [snake(v) for v in rx.split(r"\s*,\s*|\s+and\s+", said) if snake(v)]
    mode = "add" if how == "+=" else "remove"
    ctx.subject = FieldHit(entity, name, True)
    return Reading([SetEnumValues(entity=entity, field=name, values=values, mode=mode)])


SAME = rx.compile(r"^(?:and )?(?:the )?same (?:for|on|with|goes for|to) (?P<t>.+)$")
EARLIER = rx.compile(rf"(?P<e>{_NAME})\.(?P<f>{_NAME}) ?(?P<how>\+=|-=) ?(?P<v>[^;]+?)(?:;|$)")


def same_for(clause: str, ctx: Context) -> Reading | None:
    """ "same for DanceClass.style": the values change said before on another field."""
    match = SAME.match(clause)
    before = list(EARLIER.finditer(ctx.text))
    if match is None or not before:
        return None
    reading = Reading()
    for said in rx.split(r"\s*,\s*(?:and )?|\s+and\s+", match["t"]):
        target = DOTTED.match(f"{said} x")
        owner = ctx.vocab.entity(target["e"], fuzzy=False) if target else None
        if target is None or owner is None:
            return None
        last = before[-1]
        reading.extend(_values(owner.name, target["f"], last["how"], last["v"], ctx))
    return reading


_TABLE = r"(?:table|entity|model)"
DECLARED = (
    rx.compile(
        rf"^(?:add |create |new |define )+(?:an? )?(?:new )?{_TABLE} (?P<e>{_NAME}) ?"
        r"\((?P<c>.+)\)$"
    ),
    rx.compile(
        rf"^(?:add |create |new |define )+(?:an? )?(?:new )?(?:{_TABLE} )?(?P<e>{_NAME})"
        rf"(?: {_TABLE})? ?(?::|\bwith) (?P<c>.+)$"
    ),
    rx.compile(rf"^(?P<e>{_NAME}) ?(?::|\() ?(?P<c>.+?)\)?$"),
)
"""A table with its columns: "new table X (a int, b text)", "add X: a int", "X: add a text"."""


def declared(clause: str, ctx: Context) -> Reading | None:
    """An entity with its columns, new ("new table Donation (…)") or the spec's ("Checkout:
    late_fee NUMERIC DEFAULT 0", "Member: add date_of_birth DATE nullable")."""
    for at, pattern in enumerate(DECLARED):
        match = pattern.match(clause)
        if match is None:
            continue
        said = match["e"].replace("_", " ")
        hit = ctx.vocab.entity(said, fuzzy=False)
        found = columns(match["c"], ctx)
        if found is None:
            return None
        if hit is not None:
            ctx.focus = hit.name
            return Reading([op for col in found for op in apply(hit.name, col, ctx)])
        if at == len(DECLARED) - 1 or not looks_like_noun(said):
            return None
        entity = ctx.new_entity(pascal(said), [])
        return Reading([op for col in found for op in apply(entity, col, ctx)])
    return None


def added(clause: str, ctx: Context) -> Reading | None:
    """ "add notes TEXT" after "GerminationTest: …;": a typed column on the entity spoken of,
    when the message is written in column notation."""
    match = rx.match(rf"^add (?:column )?(?P<c>{_NAME} .+)$", clause)
    if match is None or ctx.focus is None or ctx.focus not in ctx.vocab.entities:
        return None
    if not rx.search(r"\b[a-z]+_[a-z0-9_]+\b|\bnot null\b|;", ctx.text):
        return None
    found = columns(match["c"], ctx)
    if found is None or any(c.kind is None and not c.key for c in found):
        return None
    return Reading([op for col in found for op in apply(ctx.focus, col, ctx)])
